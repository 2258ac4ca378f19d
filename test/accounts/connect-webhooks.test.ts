import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { graphError, startFakeGraph, type FakeGraph } from '../fakes/graph-server.js';

let fake: FakeGraph;
let t: TestApp;
beforeAll(async () => {
  fake = await startFakeGraph();
  t = await createTestApp(
    {
      META_APP_ID: fake.seed.appId,
      META_APP_SECRET: fake.seed.appSecret,
      META_GRAPH_URL: fake.urls.graphFacebook,
      META_OAUTH_URL: fake.urls.oauth,
      PUBLIC_URL: 'https://listcast.example.com',
    },
    { workers: false },
  );
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

/** Plays the browser: the sign-in URL from Listcast, "consent" at the fake, the redirect back. */
async function connect(as: TestUser, path: string) {
  const started = await call(t.app, 'GET', `/api/v1/accounts/connect/${path}`, { as });
  expect(started.status).toBe(200);
  const state = new URL(started.body.authorizeUrl as string).searchParams.get('state')!;
  const platform = path.split('?')[0];
  return t.app.inject({
    method: 'GET',
    url: `/accounts/callback/${platform}?code=code-${Math.random()}&state=${encodeURIComponent(state)}`,
  });
}

describe('webhook subscription after connecting', () => {
  it('when Facebook Pages are connected, then each Page subscribes the app to its feed with its own token', async () => {
    const back = await connect(await registerUser(t.app), 'facebook');
    expect(back.statusCode).toBe(200);
    expect(back.json<{ accounts: unknown[] }>().accounts).toHaveLength(2);
    for (const page of fake.seed.pages) {
      expect(fake.subscriptions.get(page.id)).toEqual(['feed']);
      expect(
        fake.requests.find((r) => r.path.endsWith(`/${page.id}/subscribed_apps`))?.params.access_token,
      ).toBe(page.token);
    }
  });

  it('when the subscription fails, then the account is connected anyway', async () => {
    fake.subscriptions.clear();
    fake.fail(
      { method: 'POST', path: /\/subscribed_apps$/ },
      graphError(200, undefined, '(#200) Requires pages_manage_metadata permission'),
      1,
    );
    const agent = await registerUser(t.app);
    const back = await connect(agent, 'instagram?login=facebook');
    expect(back.statusCode).toBe(200);
    const accounts = back.json<{ accounts: { handle: string }[] }>().accounts;
    expect(accounts.map((a) => a.handle)).toEqual([fake.seed.pages[0].ig.username]);
    expect(fake.subscriptions.size).toBe(0);
    const listed = await call(t.app, 'GET', '/api/v1/accounts', { as: agent });
    expect(JSON.stringify(listed.body)).toContain(fake.seed.pages[0].ig.username);
  });
});
