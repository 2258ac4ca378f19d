/**
 * The two Meta logins (platform-apis.md §1.2, §1.3): Instagram Login (Business Login for Instagram) and
 * Facebook Login, each as authorize URL → code exchange → long-lived token, plus the accounts a login
 * can publish as. Shared by the Instagram platform (both logins) and the Facebook Pages platform.
 */
import { z } from 'zod';
import { PlatformError, type ConnectableAccount, type Credentials } from '../social-platform.js';
import { createGraphClient, type GraphConfig } from './graph-client.js';

export interface LoginConfig extends GraphConfig {
  appId: string;
  appSecret: string;
  /** https://www.instagram.com or https://www.facebook.com */
  oauthUrl: string;
  /** https://api.instagram.com (Instagram Login code exchange only). */
  apiUrl?: string;
  scopes: string[];
}

/** When the token answer gives no lifetime, assume Meta's documented ~60 days. */
const SIXTY_DAYS_S = 60 * 24 * 60 * 60;

const tokenAnswer = z.object({ access_token: z.string(), expires_in: z.number().optional() });
const permissionsField = z.union([z.string(), z.array(z.string())]).optional();
/** The code exchange answer is documented both flat and wrapped in `data[0]` (§1.2): accept either. */
const igShortToken = z.union([
  z.object({
    access_token: z.string(),
    user_id: z.union([z.string(), z.number()]).optional(),
    permissions: permissionsField,
  }),
  z.object({
    data: z
      .array(
        z.object({
          access_token: z.string(),
          user_id: z.union([z.string(), z.number()]).optional(),
          permissions: permissionsField,
        }),
      )
      .min(1),
  }),
]);

const splitScopes = (permissions: string | string[] | undefined, fallback: string[]) =>
  permissions === undefined
    ? fallback
    : (Array.isArray(permissions) ? permissions : permissions.split(/[,\s]+/)).filter(Boolean);

const expiresAt = (config: LoginConfig, seconds: number | undefined) =>
  new Date(config.now().getTime() + (seconds ?? SIXTY_DAYS_S) * 1000);

/** A failed code exchange means the code is spent or wrong: the person has to go through the login again. */
async function asLoginStep<T>(site: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof PlatformError && (error.action === 'reject' || error.action === 'refresh_token')) {
      throw new PlatformError(
        'reconnect',
        `${site} did not accept the login. Connect the account again.`,
        error.details,
      );
    }
    throw error;
  }
}

export const instagramLogin = {
  authorizeUrl(config: LoginConfig, input: { state: string; redirectUri: string }): string {
    const url = new URL(`${config.oauthUrl}/oauth/authorize`);
    url.search = new URLSearchParams({
      client_id: config.appId,
      redirect_uri: input.redirectUri,
      response_type: 'code',
      scope: config.scopes.join(','),
      state: input.state,
    }).toString();
    return url.toString();
  },

  async exchangeCode(
    config: LoginConfig,
    input: { code: string; redirectUri: string },
  ): Promise<Credentials> {
    const graph = createGraphClient(config);
    return asLoginStep(config.site, async () => {
      const answer = await graph.call(
        {
          method: 'POST',
          baseUrl: config.apiUrl ?? 'https://api.instagram.com',
          unversioned: true,
          path: '/oauth/access_token',
          params: {
            client_id: config.appId,
            client_secret: config.appSecret,
            grant_type: 'authorization_code',
            redirect_uri: input.redirectUri,
            code: input.code.replace(/#_$/, ''), // Instagram appends `#_` to the redirect
          },
        },
        igShortToken,
      );
      const short = 'data' in answer ? answer.data[0]! : answer;
      const long = await graph.call(
        {
          unversioned: true,
          path: '/access_token',
          params: {
            grant_type: 'ig_exchange_token',
            client_secret: config.appSecret,
            access_token: short.access_token,
          },
        },
        tokenAnswer,
      );
      return {
        accessToken: long.access_token,
        refreshToken: null,
        expiresAt: expiresAt(config, long.expires_in),
        scopes: splitScopes(short.permissions, config.scopes),
      };
    });
  },

  /** Needs a token at least 24 h old and not expired; any refusal means the person must log in again. */
  async refresh(config: LoginConfig, credentials: Credentials): Promise<Credentials> {
    const graph = createGraphClient(config, credentials.accessToken);
    try {
      const answer = await graph.call(
        { unversioned: true, path: '/refresh_access_token', params: { grant_type: 'ig_refresh_token' } },
        tokenAnswer,
      );
      return {
        ...credentials,
        accessToken: answer.access_token,
        expiresAt: expiresAt(config, answer.expires_in),
      };
    } catch (error) {
      if (
        error instanceof PlatformError &&
        error.action !== 'retry_later' &&
        error.action !== 'rate_limited'
      ) {
        throw new PlatformError(
          'reconnect',
          `${config.site} would not renew the access. Connect the account again.`,
          error.details,
        );
      }
      throw error;
    }
  },

  async accounts(config: LoginConfig, credentials: Credentials): Promise<ConnectableAccount[]> {
    const me = await createGraphClient(config, credentials.accessToken).call(
      { path: '/me', params: { fields: 'user_id,username,name' } },
      z.object({
        id: z.string().optional(),
        user_id: z.union([z.string(), z.number()]),
        username: z.string(),
        name: z.string().optional(),
      }),
    );
    // `user_id` is the professional account id that publishing uses; `id` is app-scoped (§1.2).
    return [
      {
        externalId: String(me.user_id),
        handle: me.username,
        displayName: me.name ?? me.username,
        kind: 'business',
        credentials,
        meta: {},
      },
    ];
  },
};

const pageRow = z.object({
  id: z.string(),
  name: z.string(),
  access_token: z.string(),
  instagram_business_account: z
    .object({ id: z.string(), username: z.string().optional(), name: z.string().optional() })
    .optional(),
});
export type PageRow = z.infer<typeof pageRow>;

export const facebookLogin = {
  authorizeUrl(config: LoginConfig, input: { state: string; redirectUri: string }): string {
    const url = new URL(`${config.oauthUrl}/${config.graphVersion}/dialog/oauth`);
    url.search = new URLSearchParams({
      client_id: config.appId,
      redirect_uri: input.redirectUri,
      state: input.state,
      scope: config.scopes.join(','),
      response_type: 'code',
    }).toString();
    return url.toString();
  },

  async exchangeCode(
    config: LoginConfig,
    input: { code: string; redirectUri: string },
  ): Promise<Credentials> {
    const graph = createGraphClient(config);
    const app = { client_id: config.appId, client_secret: config.appSecret };
    return asLoginStep(config.site, async () => {
      const short = await graph.call(
        {
          path: '/oauth/access_token',
          params: { ...app, redirect_uri: input.redirectUri, code: input.code.replace(/#_$/, '') },
        },
        tokenAnswer,
      );
      const long = await graph.call(
        {
          path: '/oauth/access_token',
          params: { grant_type: 'fb_exchange_token', ...app, fb_exchange_token: short.access_token },
        },
        tokenAnswer,
      );
      const permissions = await createGraphClient(config, long.access_token).call(
        { path: '/me/permissions' },
        z.object({ data: z.array(z.object({ permission: z.string(), status: z.string() })) }),
      );
      return {
        accessToken: long.access_token,
        refreshToken: null,
        expiresAt: expiresAt(config, long.expires_in),
        scopes: permissions.data.filter((row) => row.status === 'granted').map((row) => row.permission),
      };
    });
  },

  /** Facebook Login has no refresh grant (§1.3): the person re-consents about every 60 days. */
  async refresh(config: LoginConfig): Promise<Credentials> {
    throw new PlatformError(
      'reconnect',
      `${config.site} access cannot be renewed automatically. Connect the account again.`,
    );
  },

  /** Every Page the login manages, with its Page token, following the `after` cursor. */
  async pages(config: LoginConfig, credentials: Credentials): Promise<PageRow[]> {
    const graph = createGraphClient(config, credentials.accessToken);
    const answer = z.object({
      data: z.array(pageRow),
      paging: z
        .object({
          cursors: z.object({ after: z.string().optional() }).optional(),
          next: z.string().optional(),
        })
        .optional(),
    });
    const pages: PageRow[] = [];
    let after: string | undefined;
    // `paging.next` is an absolute URL on Meta's host; we follow the cursor on our configured host instead.
    for (let page = 0; page < 50; page += 1) {
      const result = await graph.call(
        {
          path: '/me/accounts',
          params: {
            fields: 'id,name,access_token,instagram_business_account{id,username,name}',
            limit: 100,
            after,
          },
        },
        answer,
      );
      pages.push(...result.data);
      after = result.paging?.cursors?.after;
      if (!result.paging?.next || after === undefined) break;
    }
    return pages;
  },
};

/** A Page token minted from a long-lived user token does not expire (§1.3 item 6). */
export const pageCredentials = (row: PageRow, login: Credentials): Credentials => ({
  accessToken: row.access_token,
  refreshToken: null,
  expiresAt: null,
  scopes: login.scopes,
});
