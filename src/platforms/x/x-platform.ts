/**
 * X (Twitter) API v2 behind the `SocialPlatform` port: OAuth 2.0 with PKCE (x-oauth.ts), chunked image
 * upload (x-media.ts), resumable exactly-once publishing (x-publish.ts), mentions, replies, hidden
 * replies and metrics (x-engagement.ts) and one error classifier (x-errors.ts). Facts and their sources: platform-apis.md §5.
 */
import { postLength } from '../../ai/limits.js';
import type { PostContent, RuleProblem, SocialPlatform } from '../social-platform.js';
import { xEngagement } from './x-engagement.js';
import type { XRateLimitInfo } from './x-http.js';
import { accounts, authorizeUrl, exchangeCode, refresh, type XOAuthConfig } from './x-oauth.js';
import { publishToX, xPublishStatus, type XPublishDeps } from './x-publish.js';

export interface XPlatformOptions {
  clientId: string;
  /** Set for a confidential client: the token endpoint then gets Basic auth instead of `client_id`. */
  clientSecret?: string;
  /** `https://api.x.com` */
  apiUrl: string;
  /** `https://x.com` (the browser's authorize page) */
  oauthUrl: string;
  /** Default: tweet.read tweet.write users.read offline.access media.write tweet.moderate.write */
  scopes?: string[];
  fetch?: typeof fetch;
  /** Time allowed for each request, answer included. Default 30 s. */
  timeoutMs?: number;
  /** The clock (tests). */
  now?: () => Date;
  /** How to wait between media STATUS polls (tests pass one that does not sleep). */
  sleep?: (ms: number) => Promise<void>;
  /** Told the `x-rate-limit-*` headers of every answer, for quota tracking. */
  onRateLimit?: (info: XRateLimitInfo) => void;
}

/** `tweet.moderate.write` lets the account hide replies to its posts. */
export const X_DEFAULT_SCOPES = [
  'tweet.read',
  'tweet.write',
  'users.read',
  'offline.access',
  'media.write',
  'tweet.moderate.write',
];
export const X_MAX_WEIGHTED_LENGTH = 280;
export const X_MAX_IMAGES = 4;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
/** §5.3: images 5 MB, GIFs 15 MB. */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MAX_GIF_BYTES = 15 * 1024 * 1024;

export function validateForX(content: PostContent): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const length = postLength('x', content.text);
  if (content.text.trim() === '' && content.media.length === 0) {
    problems.push({ rule: 'x.text_required', message: 'A post on X needs text or at least one image.' });
  }
  if (length > X_MAX_WEIGHTED_LENGTH) {
    problems.push({
      rule: 'x.text_length',
      message: `The text is ${length} characters as X counts them (links 23, emoji 2); at most ${X_MAX_WEIGHTED_LENGTH}.`,
    });
  }
  if (content.firstComment !== null && postLength('x', content.firstComment) > X_MAX_WEIGHTED_LENGTH) {
    problems.push({
      rule: 'x.first_comment_length',
      message: `The first comment is ${postLength('x', content.firstComment)} characters as X counts them; at most ${X_MAX_WEIGHTED_LENGTH}.`,
    });
  }
  if (content.media.length > X_MAX_IMAGES) {
    problems.push({
      rule: 'x.media_count',
      message: `${content.media.length} images; X allows at most ${X_MAX_IMAGES}.`,
    });
  }
  const gifs = content.media.filter((item) => item.contentType === 'image/gif').length;
  if (gifs > 0 && content.media.length > 1) {
    problems.push({ rule: 'x.gif_alone', message: 'A GIF on X must be the only image of its post.' });
  }
  for (const [index, item] of content.media.entries()) {
    const name = `Image ${index + 1}`;
    if (!IMAGE_TYPES.has(item.contentType)) {
      problems.push({
        rule: 'x.media_type',
        message: `${name} is ${item.contentType}; X takes JPEG, PNG, GIF or WebP.`,
      });
      continue;
    }
    const max = item.contentType === 'image/gif' ? MAX_GIF_BYTES : MAX_IMAGE_BYTES;
    if (item.bytes > max) {
      problems.push({
        rule: 'x.media_size',
        message: `${name} is ${(item.bytes / 1024 / 1024).toFixed(1)} MB; X takes at most ${max / 1024 / 1024} MB.`,
      });
    }
  }
  return problems;
}

export function createXPlatform(options: XPlatformOptions): SocialPlatform {
  const http = {
    baseUrl: options.apiUrl,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    now: options.now ?? (() => new Date()),
    onRateLimit: options.onRateLimit,
  };
  const oauth: XOAuthConfig = {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    oauthUrl: options.oauthUrl,
    scopes: options.scopes ?? X_DEFAULT_SCOPES,
    http,
  };
  const deps: XPublishDeps = {
    http,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
  return {
    platform: 'x',
    label: 'X',
    usesPkce: true,
    authorizeUrl: (input) => authorizeUrl(oauth, input),
    exchangeCode: (input) => exchangeCode(oauth, input),
    refresh: (credentials) => refresh(oauth, credentials),
    accounts: (credentials) => accounts(oauth, credentials),
    validate: validateForX,
    publish: (context) => publishToX(deps, context),
    status: (context) => xPublishStatus(deps, context),
    ...xEngagement(http),
  };
}
