/**
 * Instagram as a `SocialPlatform`, through either login (platform-apis.md §1.1): Instagram Login talks
 * to graph.instagram.com with the Instagram user token; Facebook Login talks to graph.facebook.com and
 * publishes with the token of the Page the Instagram business account is linked to. Publishing is the
 * same on both hosts (`instagram-publish.ts`), and so are comments, replies, private replies, hiding,
 * insights and the webhook subscription (`instagram-engagement.ts`).
 */
import type { SocialPlatform } from '../social-platform.js';
import type { GraphConfig } from './graph-client.js';
import { instagramEngagement } from './instagram-engagement.js';
import { instagramStatus, publishToInstagram, type InstagramPublishConfig } from './instagram-publish.js';
import { validateInstagram } from './instagram-rules.js';
import { facebookLogin, instagramLogin, pageCredentials, type LoginConfig } from './meta-login.js';

export interface InstagramPlatformOptions {
  login: 'instagram' | 'facebook';
  appId: string;
  appSecret: string;
  /** https://graph.instagram.com (Instagram Login) or https://graph.facebook.com (Facebook Login) */
  graphUrl: string;
  /** e.g. v23.0 */
  graphVersion: string;
  /** https://www.instagram.com or https://www.facebook.com */
  oauthUrl: string;
  /** https://api.instagram.com, for the Instagram Login code exchange. */
  apiUrl?: string;
  fetch?: typeof fetch;
  /** Between container status polls; default 5 s. */
  pollIntervalMs?: number;
  /** How long one publish waits for a container before answering `retry_later`; default 5 min. */
  pollTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Per request; default 30 s. */
  requestTimeoutMs?: number;
  now?: () => Date;
}

// Comments, private replies (messages) and insights each need their permission (§1.1, §1.5, §1.7);
// `pages_manage_metadata` lets Facebook Login subscribe the account to webhooks (§2.3).
const instagramLoginScopes = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_comments',
  'instagram_business_manage_messages',
  'instagram_business_manage_insights',
];
const facebookLoginScopes = [
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_comments',
  'instagram_manage_messages',
  'instagram_manage_insights',
  'pages_show_list',
  'pages_read_engagement',
  'pages_manage_metadata',
  'business_management',
];

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createInstagramPlatform(options: InstagramPlatformOptions): SocialPlatform {
  const graph: GraphConfig = {
    graphUrl: options.graphUrl,
    graphVersion: options.graphVersion,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.requestTimeoutMs ?? 30_000,
    now: options.now ?? (() => new Date()),
    site: 'Instagram',
  };
  const login: LoginConfig = {
    ...graph,
    appId: options.appId,
    appSecret: options.appSecret,
    oauthUrl: options.oauthUrl,
    apiUrl: options.apiUrl,
    scopes: options.login === 'instagram' ? instagramLoginScopes : facebookLoginScopes,
    // Token routes live on Facebook for Facebook Login; say "Facebook" when those fail.
    site: options.login === 'instagram' ? 'Instagram' : 'Facebook',
  };
  const publishing: InstagramPublishConfig = {
    graph,
    pollIntervalMs: options.pollIntervalMs ?? 5_000,
    pollTimeoutMs: options.pollTimeoutMs ?? 5 * 60_000,
    sleep: options.sleep ?? defaultSleep,
  };

  return {
    platform: 'instagram',
    label: options.login === 'instagram' ? 'Instagram' : 'Instagram (via Facebook)',
    usesPkce: false,
    authorizeUrl: (input) =>
      options.login === 'instagram'
        ? instagramLogin.authorizeUrl(login, input)
        : facebookLogin.authorizeUrl(login, input),
    exchangeCode: (input) =>
      options.login === 'instagram'
        ? instagramLogin.exchangeCode(login, input)
        : facebookLogin.exchangeCode(login, input),
    refresh: (credentials) =>
      options.login === 'instagram'
        ? instagramLogin.refresh(login, credentials)
        : facebookLogin.refresh(login),
    async accounts(credentials) {
      if (options.login === 'instagram') return instagramLogin.accounts(login, credentials);
      const pages = await facebookLogin.pages(login, credentials);
      return pages.flatMap((page) => {
        const ig = page.instagram_business_account;
        if (ig === undefined) return [];
        return [
          {
            externalId: ig.id,
            handle: ig.username ?? page.name,
            displayName: ig.name ?? ig.username ?? page.name,
            kind: 'business' as const,
            credentials: pageCredentials(page, credentials),
            meta: { pageId: page.id },
          },
        ];
      });
    },
    validate: validateInstagram,
    publish: (context) => publishToInstagram(publishing, context),
    status: (context) => instagramStatus(publishing, context),
    ...instagramEngagement({ graph, login: options.login }),
  };
}
