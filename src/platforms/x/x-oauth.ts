/**
 * X OAuth 2.0 Authorization Code with PKCE (platform-apis.md §5.1): the authorize URL, the code
 * exchange, the refresh (X rotates the refresh token: both new tokens are returned and the old refresh
 * token is dead, so callers serialise refreshes per account — see keyed-lock.ts) and the identity.
 */
import { PlatformError, type ConnectableAccount, type Credentials } from '../social-platform.js';
import { classifyXAnswer, xErrorMessage } from './x-errors.js';
import { expectData, stringField, xRequest, type XHttpConfig } from './x-http.js';

export interface XOAuthConfig {
  clientId: string;
  clientSecret?: string | undefined;
  oauthUrl: string;
  scopes: string[];
  http: XHttpConfig;
}

export function authorizeUrl(
  config: XOAuthConfig,
  input: { state: string; redirectUri: string; codeChallenge?: string },
): string {
  if (input.codeChallenge === undefined || input.codeChallenge === '') {
    throw new PlatformError('reject', 'Connecting X needs a PKCE code challenge.', { code: 'pkce_required' });
  }
  const url = new URL('/i/oauth2/authorize', config.oauthUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('state', input.state);
  url.searchParams.set('code_challenge', input.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

/** Confidential clients authenticate with Basic; public clients name themselves with `client_id`. */
async function tokenRequest(config: XOAuthConfig, fields: Record<string, string>) {
  const form = new URLSearchParams(fields);
  if (config.clientSecret === undefined) form.set('client_id', config.clientId);
  return xRequest(config.http, {
    method: 'POST',
    path: '/2/oauth2/token',
    form,
    ...(config.clientSecret === undefined
      ? {}
      : { basic: { user: config.clientId, password: config.clientSecret } }),
  });
}

async function tokens(
  config: XOAuthConfig,
  fields: Record<string, string>,
  refusal: string,
): Promise<Credentials> {
  const now = config.http.now();
  const answer = await tokenRequest(config, fields);
  // The token endpoint refuses a dead code, verifier or refresh token with 400 (invalid_grant /
  // invalid_request) and a bad client with 401: either way only a new consent helps.
  if (answer.status === 400 || answer.status === 401) {
    throw new PlatformError('reconnect', `${refusal} (${xErrorMessage(answer.body, answer.status)})`, {
      status: answer.status,
      code: 'invalid_grant',
    });
  }
  if (answer.status < 200 || answer.status >= 300) throw classifyXAnswer(answer, now);
  const body = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as Record<
    string,
    unknown
  >;
  const accessToken = stringField(body, 'access_token');
  if (accessToken === undefined) {
    throw new PlatformError('retry_later', 'X sent a token answer without an access token.', {
      status: answer.status,
      code: 'unexpected_answer',
    });
  }
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : null;
  const scope = stringField(body, 'scope');
  return {
    accessToken,
    refreshToken: stringField(body, 'refresh_token') ?? null,
    expiresAt: expiresIn === null ? null : new Date(now.getTime() + expiresIn * 1000),
    scopes: scope === undefined ? [...config.scopes] : scope.split(/\s+/).filter(Boolean),
  };
}

export async function exchangeCode(
  config: XOAuthConfig,
  input: { code: string; redirectUri: string; codeVerifier?: string },
): Promise<Credentials> {
  if (input.codeVerifier === undefined || input.codeVerifier === '') {
    throw new PlatformError('reject', 'Connecting X needs the PKCE code verifier.', {
      code: 'pkce_required',
    });
  }
  return tokens(
    config,
    {
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.codeVerifier,
    },
    'X did not accept the sign-in; connect the X account again',
  );
}

/**
 * New tokens for old. X rotates the refresh token: store both returned tokens before anything else,
 * and never call this twice concurrently for one account (`createKeyedLock` + a database advisory lock).
 */
export async function refresh(config: XOAuthConfig, credentials: Credentials): Promise<Credentials> {
  if (credentials.refreshToken === null) {
    throw new PlatformError('reconnect', 'The X connection cannot be renewed; reconnect the X account.', {
      code: 'no_refresh_token',
    });
  }
  const next = await tokens(
    config,
    { grant_type: 'refresh_token', refresh_token: credentials.refreshToken },
    'The X connection expired or was revoked; reconnect the X account',
  );
  // Without offline.access X issues no refresh token; the old one is dead either way.
  return next;
}

export async function accounts(
  config: XOAuthConfig,
  credentials: Credentials,
): Promise<ConnectableAccount[]> {
  const answer = await xRequest(config.http, {
    method: 'GET',
    path: '/2/users/me',
    bearer: credentials.accessToken,
  });
  const data = expectData(answer, config.http.now());
  const id = stringField(data, 'id');
  const username = stringField(data, 'username');
  if (id === undefined || username === undefined) {
    throw new PlatformError('retry_later', 'X sent an identity without an id or username.', {
      code: 'unexpected_answer',
    });
  }
  return [
    {
      externalId: id,
      handle: `@${username}`,
      displayName: stringField(data, 'name') ?? username,
      kind: 'person',
      credentials,
      meta: { username },
    },
  ];
}
