/**
 * LinkedIn as a `SocialPlatform` (platform-apis.md §4): OAuth 2.0 three-legged without PKCE, the member
 * and the organisations they administer as accounts, image posts through the Images API, resumable
 * publishing that looks a possibly-created post up before posting again; comments, replies and
 * insights through the Social Actions API (engagement.ts).
 */
import type { SocialPlatform } from '../social-platform.js';
import { listAccounts } from './accounts.js';
import { linkedInEngagement } from './engagement.js';
import { createLinkedInHttp } from './http.js';
import { authorizeUrl, DEFAULT_LINKEDIN_SCOPES, exchangeCode, refresh } from './oauth.js';
import { linkedInPublishStatus, publishToLinkedIn } from './publish.js';
import { validateLinkedInPost } from './validate.js';

export { DEFAULT_LINKEDIN_SCOPES, ORGANIZATION_SCOPES } from './oauth.js';
export { classifyLinkedInResponse } from './classify-error.js';

export interface LinkedInPlatformOptions {
  clientId: string;
  clientSecret: string;
  /** `https://api.linkedin.com` (REST, userinfo, image uploads). */
  apiUrl: string;
  /** `https://www.linkedin.com` (OAuth). */
  oauthUrl: string;
  /** The `LinkedIn-Version` header, `YYYYMM`, e.g. `202601`. */
  version: string;
  /** Default `DEFAULT_LINKEDIN_SCOPES`; add `ORGANIZATION_SCOPES` to publish as company pages. */
  scopes?: string[];
  fetch?: typeof fetch;
  /** Per request, body included. Default 30 s. */
  timeoutMs?: number;
  /** The clock (token expiry, rate-limit back-off, attempt marks). */
  now?: () => Date;
}

export function createLinkedInPlatform(options: LinkedInPlatformOptions): SocialPlatform {
  const scopes = options.scopes ?? DEFAULT_LINKEDIN_SCOPES;
  const client = { clientId: options.clientId, clientSecret: options.clientSecret, scopes };
  const http = createLinkedInHttp({
    apiUrl: options.apiUrl,
    oauthUrl: options.oauthUrl,
    version: options.version,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    now: options.now ?? (() => new Date()),
  });

  return {
    platform: 'linkedin',
    label: 'LinkedIn',
    usesPkce: false,
    authorizeUrl: (input) =>
      authorizeUrl({ oauthUrl: options.oauthUrl, clientId: options.clientId, scopes }, input),
    exchangeCode: (input) => exchangeCode(http, client, input),
    refresh: (credentials) => refresh(http, client, credentials),
    accounts: (credentials) => listAccounts(http, credentials),
    validate: validateLinkedInPost,
    publish: (context) => publishToLinkedIn(http, context),
    status: (context) => linkedInPublishStatus(http, context),
    ...linkedInEngagement(http),
  };
}
