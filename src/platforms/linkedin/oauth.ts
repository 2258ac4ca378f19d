/**
 * LinkedIn OAuth 2.0 three-legged flow (platform-apis.md §4.1): authorize URL, code exchange, refresh.
 * Refresh tokens exist only for approved partner apps; without one the user reconnects before the
 * 60-day access token ends.
 */
import { PlatformError, type Credentials } from '../social-platform.js';
import type { LinkedInHttp } from './http.js';

/**
 * Open products only ("Sign In with LinkedIn using OpenID Connect", "Share on LinkedIn") [V]: asking for
 * a scope the app was not approved for fails the whole grant, so company-page scopes are opt-in.
 */
export const DEFAULT_LINKEDIN_SCOPES = ['openid', 'profile', 'w_member_social'];

/** Add these (Community Management API approval) to publish as company pages [V]. */
export const ORGANIZATION_SCOPES = [
  'w_organization_social',
  'r_organization_social',
  'rw_organization_admin',
];

interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
  refresh_token?: unknown;
}

export function authorizeUrl(
  options: { oauthUrl: string; clientId: string; scopes: string[] },
  input: { state: string; redirectUri: string },
): string {
  const url = new URL('/oauth/v2/authorization', options.oauthUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: input.redirectUri,
    state: input.state,
    scope: options.scopes.join(' '),
  }).toString();
  return url.toString();
}

function toCredentials(
  body: unknown,
  now: Date,
  fallback: { refreshToken: string | null; scopes: string[] },
) {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as TokenAnswer;
  if (typeof answer.access_token !== 'string' || answer.access_token === '') {
    throw new PlatformError('retry_later', 'LinkedIn answered the sign-in without an access token.', {
      cause: body,
    });
  }
  const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : null;
  const credentials: Credentials = {
    accessToken: answer.access_token,
    refreshToken: typeof answer.refresh_token === 'string' ? answer.refresh_token : fallback.refreshToken,
    expiresAt: expiresIn === null ? null : new Date(now.getTime() + expiresIn * 1000),
    scopes:
      typeof answer.scope === 'string'
        ? answer.scope.split(/[\s,]+/).filter((scope) => scope !== '')
        : fallback.scopes,
  };
  return credentials;
}

export async function exchangeCode(
  http: LinkedInHttp,
  client: { clientId: string; clientSecret: string; scopes: string[] },
  input: { code: string; redirectUri: string },
): Promise<Credentials> {
  const answer = await http.token({
    grant_type: 'authorization_code',
    code: input.code,
    redirect_uri: input.redirectUri,
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });
  return toCredentials(answer.body, http.now(), { refreshToken: null, scopes: client.scopes });
}

export async function refresh(
  http: LinkedInHttp,
  client: { clientId: string; clientSecret: string },
  credentials: Credentials,
): Promise<Credentials> {
  if (credentials.refreshToken === null) {
    throw new PlatformError(
      'reconnect',
      'Your LinkedIn connection has expired. Reconnect LinkedIn to keep publishing.',
      { code: 'NO_REFRESH_TOKEN' },
    );
  }
  try {
    const answer = await http.token({
      grant_type: 'refresh_token',
      refresh_token: credentials.refreshToken,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    return toCredentials(answer.body, http.now(), {
      refreshToken: credentials.refreshToken,
      scopes: credentials.scopes,
    });
  } catch (error) {
    // A refused refresh (invalid or expired refresh token, 365-day cap reached) means the grant is gone.
    if (error instanceof PlatformError && (error.action === 'reject' || error.action === 'refresh_token')) {
      throw new PlatformError(
        'reconnect',
        'LinkedIn no longer accepts this connection. Reconnect LinkedIn to keep publishing.',
        error.details,
      );
    }
    throw error;
  }
}
