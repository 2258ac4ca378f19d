import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError, type Credentials } from '../../../src/platforms/social-platform.js';
import { createKeyedLock, createPkcePair, createXPlatform } from '../../../src/platforms/x/index.js';
import type { FakeX } from '../../fakes/x-server.js';
import { setUp, USER } from './helpers.js';

const REDIRECT = 'https://app.listcast.test/oauth/x/callback';
let fake: FakeX | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function connected(options: Parameters<typeof setUp>[0] = {}) {
  const env = await setUp(options, options.clientSecret ? { clientSecret: options.clientSecret } : {});
  fake = env.fake;
  const pkce = createPkcePair();
  const code = env.fake.authorize({ userId: USER.id, codeChallenge: pkce.challenge, redirectUri: REDIRECT });
  return { ...env, pkce, code };
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a PlatformError');
    },
    (error: unknown) => {
      if (!(error instanceof PlatformError)) throw error;
      return error;
    },
  );

describe('X OAuth 2.0 with PKCE', () => {
  it('when a PKCE pair is created, then the verifier is 43–128 unreserved characters and the challenge is its S256 hash', () => {
    const pair = createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(pair.challenge).toBe(createHash('sha256').update(pair.verifier).digest('base64url'));
    expect(pair.challenge).not.toContain('=');
    expect(createPkcePair().verifier).not.toBe(pair.verifier);
  });

  it('when the authorize URL is built, then it asks x.com for a code with the scopes, state and S256 challenge', () => {
    const platform = createXPlatform({
      clientId: 'client-1',
      apiUrl: 'https://api.x.com',
      oauthUrl: 'https://x.com',
    });
    const url = new URL(
      platform.authorizeUrl({ state: 'state-123', redirectUri: REDIRECT, codeChallenge: 'abc' }),
    );
    expect(platform.usesPkce).toBe(true);
    expect(`${url.origin}${url.pathname}`).toBe('https://x.com/i/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: REDIRECT,
      scope: 'tweet.read tweet.write users.read offline.access media.write tweet.moderate.write',
      state: 'state-123',
      code_challenge: 'abc',
      code_challenge_method: 'S256',
    });
  });

  it('when the code is exchanged with the matching verifier, then the tokens come back and the identity is one person account', async () => {
    const { platform, pkce, code } = await connected();
    const credentials = await platform.exchangeCode({
      code,
      redirectUri: REDIRECT,
      codeVerifier: pkce.verifier,
    });
    expect(credentials.accessToken).toMatch(/^at-/);
    expect(credentials.refreshToken).toMatch(/^rt-/);
    expect(credentials.scopes).toContain('media.write');
    expect(credentials.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 7000 * 1000);
    const token = fake!.requests[0]!;
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(token.body).toEqual({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: pkce.verifier,
      client_id: 'fake-client',
    });

    const accounts = await platform.accounts(credentials);
    expect(accounts).toEqual([
      {
        externalId: USER.id,
        handle: '@harborhomes',
        displayName: 'Harbor Homes',
        kind: 'person',
        credentials,
        meta: { username: 'harborhomes' },
      },
    ]);
  });

  it('when the verifier does not match the challenge, then the user must reconnect', async () => {
    const { platform, code } = await connected();
    const error = await rejection(
      platform.exchangeCode({ code, redirectUri: REDIRECT, codeVerifier: createPkcePair().verifier }),
    );
    expect(error.action).toBe('reconnect');
    expect(error.userMessage).toMatch(/code verifier/);
  });

  it('when the client is confidential, then the token endpoint gets Basic auth instead of client_id', async () => {
    const { platform, pkce, code } = await connected({ clientSecret: 's3cret' });
    await platform.exchangeCode({ code, redirectUri: REDIRECT, codeVerifier: pkce.verifier });
    const token = fake!.requests[0]!;
    expect(token.headers.authorization).toBe(`Basic ${Buffer.from('fake-client:s3cret').toString('base64')}`);
    expect(token.body).not.toHaveProperty('client_id');
  });

  it('when tokens are refreshed, then both rotate and the old refresh token is refused afterwards (reconnect)', async () => {
    const { platform, pkce, code } = await connected();
    const first = await platform.exchangeCode({ code, redirectUri: REDIRECT, codeVerifier: pkce.verifier });
    const second = await platform.refresh(first);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(fake!.requests.at(-1)!.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: first.refreshToken,
      client_id: 'fake-client',
    });
    await expect(platform.accounts(second)).resolves.toHaveLength(1);

    const error = await rejection(platform.refresh(first));
    expect(error.action).toBe('reconnect');
    await expect(platform.refresh(second)).resolves.toMatchObject({
      refreshToken: expect.stringMatching(/^rt-/),
    });
  });

  it('when two callers refresh one account at once under the keyed lock, then one refresh happens and both end with valid tokens', async () => {
    const { platform, pkce, code } = await connected();
    let stored: Credentials = await platform.exchangeCode({
      code,
      redirectUri: REDIRECT,
      codeVerifier: pkce.verifier,
    });
    const lock = createKeyedLock();
    // What the lead's refresh does: under the lock, re-read the stored tokens; refresh only if still stale.
    const freshTokens = (seen: Credentials) =>
      lock.run(USER.id, async () => {
        if (stored.refreshToken !== seen.refreshToken) return stored;
        stored = await platform.refresh(stored);
        return stored;
      });
    const seen = stored;
    const [a, b] = await Promise.all([freshTokens(seen), freshTokens(seen)]);
    expect(a).toBe(b);
    expect(fake!.requests.filter((request) => request.path === '/2/oauth2/token')).toHaveLength(2); // exchange + 1 refresh
    await expect(platform.accounts(a)).resolves.toHaveLength(1);
    await expect(platform.refresh(b)).resolves.toBeTruthy();
    expect(lock.size).toBe(0);
  });

  it('when two callers refresh one account at once without the lock, then the loser must reconnect', async () => {
    const { platform, pkce, code } = await connected();
    const stored = await platform.exchangeCode({ code, redirectUri: REDIRECT, codeVerifier: pkce.verifier });
    const results = await Promise.allSettled([platform.refresh(stored), platform.refresh(stored)]);
    const failed = results.filter((result) => result.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toMatchObject({ action: 'reconnect' });
  });
});
