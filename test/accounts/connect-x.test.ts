import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails, notifications, socialAccounts } from '../../src/db/schema.js';
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

/** Runs a job now and waits for it (the cron would run the same job every ten minutes). */
async function runJob(name: string) {
  const id = await t.jobs.enqueue(name, {});
  const outcome = await t.jobs.settled(id);
  expect(outcome.ok).toBe(true);
}

const setExpiry = (accountId: string, at: Date) =>
  t.database.db.update(socialAccounts).set({ tokenExpiresAt: at }).where(eq(socialAccounts.id, accountId));

const tokenRequests = () =>
  fake.requests.filter(
    (request) => request.path === '/2/oauth2/token' && JSON.stringify(request.body).includes('refresh_token'),
  ).length;

async function publishNow(owner: Awaited<ReturnType<typeof registerUser>>, accountId: string, text: string) {
  const created = await call(t.app, 'POST', '/api/v1/posts', {
    as: owner,
    body: { text, targets: [{ accountId }], scheduledAt: new Date().toISOString() },
  });
  expect(created.status).toBe(201);
  const { rows } = await t.database.executeSql(
    `select id from pgboss.job where name = 'posts.publish' and data->>'targetId' = $1 order by created_on desc`,
    [created.body.targets[0].id],
  );
  await t.jobs.settled(String(rows[0]!.id));
  return created.body.id as string;
}

describe('keeping connected accounts usable', () => {
  it('when an X token is about to expire, then the refresh job renews it once, and not again while it is fresh', async () => {
    const owner = await registerUser(t.app);
    const { back } = await connect(owner);
    const accountId = back.json<{ accounts: { id: string }[] }>().accounts[0]!.id;
    await setExpiry(accountId, new Date(Date.now() + 20 * 60_000));
    const before = tokenRequests();

    await runJob('accounts.refresh-tokens');
    const [row] = await t.database.db.select().from(socialAccounts).where(eq(socialAccounts.id, accountId));
    expect(tokenRequests()).toBe(before + 1);
    expect(row!.status).toBe('active');
    expect(row!.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);

    await runJob('accounts.refresh-tokens');
    expect(tokenRequests()).toBe(before + 1);
  });

  it('when X refuses the refresh, then the account needs reconnecting, owners are told once in Listcast and by email, and its posts wait and go out after reconnecting', async () => {
    const owner = await registerUser(t.app);
    const { back } = await connect(owner);
    const accountId = back.json<{ accounts: { id: string }[] }>().accounts[0]!.id;
    await setExpiry(accountId, new Date(Date.now() + 5 * 60_000));
    const revoked = {
      kind: 'http' as const,
      status: 400,
      body: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' },
    };
    fake.fail('POST /2/oauth2/token', revoked, 1);

    await runJob('accounts.refresh-tokens');
    const accounts = await call(t.app, 'GET', '/api/v1/accounts', { as: owner });
    expect(accounts.body.items.find((a: { id: string }) => a.id === accountId).status).toBe(
      'needs_reconnect',
    );
    const listed = await call(t.app, 'GET', '/api/v1/notifications', { as: owner });
    expect(listed.status).toBe(200);
    expect(listed.body.unreadCount).toBe(1);
    expect(listed.body.items[0]).toMatchObject({ kind: 'account.needs_reconnect', subject: { accountId } });
    expect(listed.body.items[0].title).toContain('@harborhomes');
    const mailed = await t.database.db
      .select()
      .from(emails)
      .where(and(eq(emails.to, owner.email), eq(emails.subject, `Listcast: ${listed.body.items[0].title}`)));
    expect(mailed).toHaveLength(1);

    // A post to it now waits, without calling X, and no second notice is sent.
    const tweetsBefore = fake.requests.filter((request) => request.path === '/2/tweets').length;
    const postId = await publishNow(owner, accountId, `Price improved ${Date.now()}`);
    const waiting = await call(t.app, 'GET', `/api/v1/posts/${postId}`, { as: owner });
    expect(waiting.body.targets[0]).toMatchObject({
      status: 'needs_attention',
      error: { code: 'reconnect' },
    });
    expect(fake.requests.filter((request) => request.path === '/2/tweets').length).toBe(tweetsBefore);
    const accountNotices = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, owner.userId), eq(notifications.kind, 'account.needs_reconnect')));
    expect(accountNotices).toHaveLength(1);

    // Reconnecting resumes it: it is published once.
    const published = fake.posts(USER.id).length;
    await connect(owner);
    const deadline = Date.now() + 10_000;
    let status = '';
    while (status !== 'published' && Date.now() < deadline) {
      const { rows } = await t.database.executeSql(
        `select t.status from post_targets t where t.post_id = $1`,
        [postId],
      );
      status = String(rows[0]!.status);
      if (status !== 'published') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe('published');
    expect(fake.posts(USER.id).length).toBe(published + 1);

    const read = await call(t.app, 'POST', `/api/v1/notifications/${listed.body.items[0].id}/read`, {
      as: owner,
    });
    expect(read.status).toBe(204);
    const after = await call(t.app, 'GET', '/api/v1/notifications?unread=true', { as: owner });
    expect(after.body.unreadCount).toBe(0);
  });
});
