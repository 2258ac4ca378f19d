import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socialAccounts } from '../../src/db/schema.js';
import { openCredentials, tokenSealer } from '../../src/modules/accounts/credentials.js';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { startFakeX, xFailures, type FakeX } from '../fakes/x-server.js';

const USER = { id: '2244994945', username: 'harborhomes', name: 'Harbor Homes' };

let fake: FakeX;
let t: TestApp;
beforeAll(async () => {
  fake = await startFakeX({ clientId: 'listcast-x' });
  fake.addUser(USER);
  t = await createTestApp({
    X_CLIENT_ID: 'listcast-x',
    X_API_URL: fake.url,
    X_OAUTH_URL: 'https://x.com',
    PUBLIC_URL: 'https://listcast.example.com',
  });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

/** Plays the browser: asks Listcast for the sign-in URL, "signs in" at the fake X, follows the redirect back. */
async function connect(as: Awaited<ReturnType<typeof registerUser>>) {
  const started = await call(t.app, 'GET', '/api/v1/accounts/connect/x', { as });
  expect(started.status).toBe(200);
  const url = new URL(started.body.authorizeUrl as string);
  const code = fake.authorize({
    userId: USER.id,
    codeChallenge: url.searchParams.get('code_challenge')!,
    redirectUri: url.searchParams.get('redirect_uri')!,
  });
  const state = url.searchParams.get('state')!;
  const back = await t.app.inject({
    method: 'GET',
    url: `/accounts/callback/x?code=${code}&state=${encodeURIComponent(state)}`,
  });
  return { url, state, back };
}

describe('connecting a real X account and publishing to it', () => {
  it('when a user signs in at X, then the account is stored with sealed tokens, and the state cannot be used twice', async () => {
    const owner = await registerUser(t.app);
    const { url, state, back } = await connect(owner);
    expect(url.origin + url.pathname).toBe('https://x.com/i/oauth2/authorize');
    expect(url.searchParams.get('redirect_uri')).toBe('https://listcast.example.com/accounts/callback/x');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(back.statusCode).toBe(200);
    const [account] = back.json<{ accounts: { id: string; handle: string; network: string }[] }>().accounts;
    expect(account).toMatchObject({ network: 'live' });
    expect(account!.handle).toContain('harborhomes');

    const [row] = await t.database.db.select().from(socialAccounts).where(eq(socialAccounts.id, account!.id));
    const credentials = openCredentials(tokenSealer(TEST_SECRET), row!.credentials)!;
    expect(credentials.accessToken.length).toBeGreaterThan(10);
    expect(row!.credentials).not.toContain(credentials.accessToken);
    const listed = await call(t.app, 'GET', '/api/v1/accounts', { as: owner });
    expect(JSON.stringify(listed.body)).not.toContain(credentials.accessToken);

    const replay = await t.app.inject({
      method: 'GET',
      url: `/accounts/callback/x?code=x&state=${encodeURIComponent(state)}`,
    });
    expect(replay.statusCode).toBe(422);
    expect(replay.json<{ code: string }>().code).toBe('connect_failed');
  });

  it('when the access token has expired at publish time, then it is refreshed once and the post goes out once', async () => {
    const owner = await registerUser(t.app);
    const { back } = await connect(owner);
    const accountId = back.json<{ accounts: { id: string }[] }>().accounts[0]!.id;
    const before = fake.posts(USER.id).length;
    fake.fail('POST /2/tweets', xFailures.unauthorized(), 1);
    const created = await call(t.app, 'POST', '/api/v1/posts', {
      as: owner,
      body: {
        text: `Open house Saturday ${Date.now()}`,
        targets: [{ accountId }],
        scheduledAt: new Date().toISOString(),
      },
    });
    expect(created.status).toBe(201);
    const { rows } = await t.database.executeSql(
      `select id from pgboss.job where name = 'posts.publish' and data->>'targetId' = $1`,
      [created.body.targets[0].id],
    );
    await t.jobs.settled(String(rows[0]!.id));
    const post = await call(t.app, 'GET', `/api/v1/posts/${created.body.id}`, { as: owner });
    expect(post.body.targets[0].status).toBe('published');
    expect(post.body.targets[0].permalink).toMatch(/x\.com/);
    expect(fake.posts(USER.id).length).toBe(before + 1);
    const refreshes = fake.requests.filter(
      (request) =>
        request.path === '/2/oauth2/token' && JSON.stringify(request.body).includes('refresh_token'),
    );
    expect(refreshes.length).toBe(1);
  });
});
