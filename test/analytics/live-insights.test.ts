import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posts, postTargets, socialAccounts } from '../../src/db/schema.js';
import { sealCredentials, tokenSealer } from '../../src/modules/accounts/credentials.js';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-server.js';

let graph: FakeGraph;
let t: TestApp;
beforeAll(async () => {
  graph = await startFakeGraph();
  t = await createTestApp({
    META_APP_ID: graph.seed.appId,
    META_APP_SECRET: graph.seed.appSecret,
    META_GRAPH_URL: graph.urls.graphFacebook,
    META_OAUTH_URL: graph.urls.oauth,
  });
});
afterAll(async () => {
  await t.close();
  await graph.close();
});

describe('insights of posts on live networks', () => {
  it('when the hourly job reads a published Facebook post, then its reach, reactions and comments are in the analytics, marked as the platform’s', async () => {
    const agent = await registerUser(t.app);
    const page = graph.seed.pages[0];
    const [account] = await t.database.db
      .insert(socialAccounts)
      .values({
        workspaceId: agent.workspaceId,
        platform: 'facebook',
        network: 'live',
        externalId: page.id,
        handle: page.name,
        displayName: page.name,
        kind: 'page',
        credentials: sealCredentials(tokenSealer(TEST_SECRET), {
          accessToken: page.token,
          refreshToken: null,
          expiresAt: null,
          scopes: [],
        }),
      })
      .returning();
    const externalId = graph.addPagePost(page.id, 'Just listed: 12 Harbor Lane');
    graph.setInsights(externalId, { reach: 1234, likes: 56 });
    for (let i = 0; i < 3; i += 1) graph.addComment(externalId, { text: `Price? ${i}` });
    const [post] = await t.database.db
      .insert(posts)
      .values({
        workspaceId: agent.workspaceId,
        text: 'Just listed: 12 Harbor Lane',
        scheduledAt: new Date(),
      })
      .returning();
    await t.database.db.insert(postTargets).values({
      workspaceId: agent.workspaceId,
      postId: post!.id,
      accountId: account!.id,
      status: 'published',
      externalId,
      publishedAt: new Date(),
    });

    const before = await call(t.app, 'GET', '/api/v1/analytics/posts', { as: agent });
    expect(before.body.items[0]).toMatchObject({ insights: 'unavailable', reach: 0 });

    const job = await t.jobs.enqueue('analytics.pull-insights', {});
    expect((await t.jobs.settled(job)).ok).toBe(true);
    const after = await call(t.app, 'GET', '/api/v1/analytics/posts', { as: agent });
    expect(after.body.items[0]).toMatchObject({ insights: 'platform', reach: 1234, likes: 56, comments: 3 });

    // Read again only when an hour has passed: a second run now asks the network nothing.
    const asked = graph.requests.length;
    const again = await t.jobs.enqueue('analytics.pull-insights', {});
    expect((await t.jobs.settled(again)).ok).toBe(true);
    expect(graph.requests.length).toBe(asked);
  });
});
