import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../../../src/platforms/social-platform.js';
import { createInstagramPlatform } from '../../../src/platforms/meta/instagram-platform.js';
import { startFakeGraph, type FakeGraph, type FakeGraphOptions } from '../../fakes/graph-server.js';
import { credentials, graphVersion, noSleep } from './helpers.js';

let fake: FakeGraph;
const now = new Date('2026-11-22T12:00:00Z');
async function start(options: FakeGraphOptions = {}) {
  fake = await startFakeGraph({ ...options, now: () => now.getTime() });
}
afterEach(() => fake.close());

const igLogin = () =>
  createInstagramPlatform({
    login: 'instagram',
    appId: fake.seed.appId,
    appSecret: fake.seed.appSecret,
    graphUrl: fake.urls.graphInstagram,
    graphVersion,
    oauthUrl: fake.urls.oauth,
    apiUrl: fake.urls.apiInstagram,
    sleep: noSleep,
    now: () => now,
  });
const fbLogin = () =>
  createInstagramPlatform({
    login: 'facebook',
    appId: fake.seed.appId,
    appSecret: fake.seed.appSecret,
    graphUrl: fake.urls.graphFacebook,
    graphVersion,
    oauthUrl: fake.urls.oauth,
    sleep: noSleep,
    now: () => now,
  });

describe('Instagram Login', () => {
  beforeEach(() => start());

  it('when asked for the authorize URL, then it carries the app id, redirect, code response, business scopes and state', () => {
    const url = new URL(
      igLogin().authorizeUrl({ state: 'st-1', redirectUri: 'https://app.listcast.test/oauth/instagram' }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.urls.oauth}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: fake.seed.appId,
      redirect_uri: 'https://app.listcast.test/oauth/instagram',
      response_type: 'code',
      scope:
        'instagram_business_basic,instagram_business_content_publish,instagram_business_manage_comments,' +
        'instagram_business_manage_messages,instagram_business_manage_insights',
      state: 'st-1',
    });
  });

  it('when a code comes back (with the trailing #_), then it is exchanged for a short token and that for a 60-day token', async () => {
    const creds = await igLogin().exchangeCode({
      code: 'code-1#_',
      redirectUri: 'https://app.listcast.test/cb',
    });
    expect(fake.requests.map((r) => [r.host, r.method, r.path, r.params])).toEqual([
      [
        'apiInstagram',
        'POST',
        '/oauth/access_token',
        {
          client_id: fake.seed.appId,
          client_secret: fake.seed.appSecret,
          grant_type: 'authorization_code',
          redirect_uri: 'https://app.listcast.test/cb',
          code: 'code-1',
        },
      ],
      [
        'graphInstagram',
        'GET',
        '/access_token',
        {
          grant_type: 'ig_exchange_token',
          client_secret: fake.seed.appSecret,
          access_token: expect.stringMatching(/^IGshort-/),
        },
      ],
    ]);
    expect(creds).toEqual({
      accessToken: fake.seed.igLogin.token,
      refreshToken: null,
      expiresAt: new Date(now.getTime() + 5_184_000_000),
      scopes: ['instagram_business_basic', 'instagram_business_content_publish'],
    });
  });

  it('when the code answer is wrapped in data[0], then it is accepted too', async () => {
    await fake.close();
    await start({ igCodeAnswer: 'wrapped' });
    const creds = await igLogin().exchangeCode({
      code: 'code-2',
      redirectUri: 'https://app.listcast.test/cb',
    });
    expect(creds.accessToken).toBe(fake.seed.igLogin.token);
  });

  it('when a code is used twice, then the second exchange asks the person to reconnect', async () => {
    await igLogin().exchangeCode({ code: 'code-3', redirectUri: 'https://app.listcast.test/cb' });
    const error = await igLogin()
      .exchangeCode({ code: 'code-3', redirectUri: 'https://app.listcast.test/cb' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).action).toBe('reconnect');
  });

  it('when refreshing, then ig_refresh_token is sent with the current token and a new 60-day token comes back', async () => {
    const fresh = await igLogin().refresh(credentials(fake.seed.igLogin.token));
    expect(fake.requests.map((r) => [r.method, r.path, r.params])).toEqual([
      [
        'GET',
        '/refresh_access_token',
        { grant_type: 'ig_refresh_token', access_token: fake.seed.igLogin.token },
      ],
    ]);
    expect(fresh.accessToken).toMatch(/^IGAA-refreshed-/);
    expect(fresh.expiresAt).toEqual(new Date(now.getTime() + 5_184_000_000));
  });

  it('when the token already expired, then refresh says reconnect', async () => {
    fake.expireToken(fake.seed.igLogin.token);
    await expect(igLogin().refresh(credentials(fake.seed.igLogin.token))).rejects.toMatchObject({
      action: 'reconnect',
    });
  });

  it('when listing accounts, then /me gives the professional account (user_id, not the app-scoped id)', async () => {
    const accounts = await igLogin().accounts(credentials(fake.seed.igLogin.token));
    expect(fake.requests[0]).toMatchObject({
      path: `/${graphVersion}/me`,
      params: { fields: 'user_id,username,name' },
    });
    expect(accounts).toEqual([
      expect.objectContaining({
        externalId: fake.seed.igLogin.userId,
        handle: 'harbor_homes',
        kind: 'business',
        meta: {},
      }),
    ]);
  });
});

describe('Instagram via Facebook Login', () => {
  it('when asked for the dialog URL, then it is the versioned Facebook dialog with Instagram and Page scopes', async () => {
    await start();
    const url = new URL(fbLogin().authorizeUrl({ state: 's', redirectUri: 'https://app.listcast.test/cb' }));
    expect(url.pathname).toBe(`/oauth/${graphVersion}/dialog/oauth`);
    expect(url.searchParams.get('scope')).toBe(
      'instagram_basic,instagram_content_publish,instagram_manage_comments,instagram_manage_messages,' +
        'instagram_manage_insights,pages_show_list,pages_read_engagement,pages_manage_metadata,business_management',
    );
  });

  it('when a code comes back, then it becomes a user token, then a long-lived one, with the granted scopes', async () => {
    await start();
    const creds = await fbLogin().exchangeCode({
      code: 'fb-code',
      redirectUri: 'https://app.listcast.test/cb',
    });
    const app = { client_id: fake.seed.appId, client_secret: fake.seed.appSecret };
    expect(fake.requests.map((r) => [r.method, r.path, r.params])).toEqual([
      [
        'GET',
        `/${graphVersion}/oauth/access_token`,
        { ...app, redirect_uri: 'https://app.listcast.test/cb', code: 'fb-code' },
      ],
      [
        'GET',
        `/${graphVersion}/oauth/access_token`,
        { grant_type: 'fb_exchange_token', ...app, fb_exchange_token: expect.stringMatching(/^EAAshort-/) },
      ],
      ['GET', `/${graphVersion}/me/permissions`, { access_token: fake.seed.fbUser.token }],
    ]);
    expect(creds.accessToken).toBe(fake.seed.fbUser.token);
    expect(creds.expiresAt).toEqual(new Date(now.getTime() + 5_183_944_000));
    expect(creds.scopes).toContain('instagram_content_publish');
  });

  it('when listing accounts over several pages of Pages, then each linked IG business account comes with its Page token', async () => {
    await start({ accountsPageSize: 1 });
    const accounts = await fbLogin().accounts(credentials(fake.seed.fbUser.token));
    expect(fake.requests.filter((r) => r.path.endsWith('/me/accounts'))).toHaveLength(2);
    const [linked] = fake.seed.pages;
    expect(accounts).toEqual([
      {
        externalId: linked.ig.id,
        handle: linked.ig.username,
        displayName: linked.ig.name,
        kind: 'business',
        credentials: { accessToken: linked.token, refreshToken: null, expiresAt: null, scopes: [] },
        meta: { pageId: linked.id },
      },
    ]);
  });

  it('when refreshing a Facebook Login token, then it says reconnect (there is no refresh grant)', async () => {
    await start();
    await expect(fbLogin().refresh(credentials(fake.seed.fbUser.token))).rejects.toMatchObject({
      action: 'reconnect',
    });
  });
});
