import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { fakeReplies, startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';
import { listingBody } from '../listings/fixtures.js';

// Listcast configured for an OpenAI-compatible server: a fake on loopback, with gpt-4o-mini prices.
let fake: FakeOpenAi;
let t: TestApp;
beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: 'sk-test-key' });
  t = await createTestApp({
    AI_BASE_URL: fake.url,
    AI_API_KEY: 'sk-test-key',
    AI_MODEL: 'gpt-4o-mini',
    AI_TIMEOUT_MS: '5000',
    AI_MAX_RETRIES: '1',
  });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

async function listingOf(agent: TestUser) {
  const created = await call(t.app, 'POST', '/api/v1/listings', { as: agent, body: listingBody() });
  return String(created.body.id);
}

/** Waits for the content.generate job of a set (never sleeps), then reads the set as a client polls it. */
async function settledSet(as: TestUser, id: string) {
  const { rows } = await t.database.executeSql(
    `select id from pgboss.job where name = 'content.generate' and data->>'contentSetId' = $1`,
    [id],
  );
  expect(rows).toHaveLength(1);
  await t.jobs.settled(String(rows[0]!.id));
  const polled = await call(t.app, 'GET', `/api/v1/content/${id}`, { as });
  expect(polled.status).toBe(200);
  return polled.body.contentSet;
}

describe('writing content with an OpenAI-compatible model', () => {
  it('when content is asked for, then it is queued (202), written by the model, costed, and counted in usage', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent);
    const before = fake.requests.length;
    const queued = await call(t.app, 'POST', `/api/v1/listings/${listingId}/content`, {
      as: agent,
      body: { event: 'just_listed' },
    });
    expect(queued.status).toBe(202);
    expect(queued.body.contentSet).toMatchObject({ status: 'generating', model: 'gpt-4o-mini', posts: [] });

    const set = await settledSet(agent, queued.body.contentSet.id);
    expect(set.status).toBe('ready');
    expect(set.posts).toHaveLength(4);
    for (const post of set.posts) expect(post.length).toBeLessThanOrEqual(post.limit);
    const sent = fake.requests.slice(before);
    expect(sent).toHaveLength(3); // analyst, descriptions, posts
    expect(sent.every((request) => request.body?.model === 'gpt-4o-mini')).toBe(true);
    expect(JSON.stringify(sent[0]!.body?.messages)).toContain('12 Oak Street');

    // The fake reports 512 prompt and 128 completion tokens per call: at $0.15 / $0.60 per million
    // tokens that is 153.6 micro-dollars, stored rounded per call.
    expect(set.cost).toEqual({
      totalMicros: 3 * 154,
      perPostMicros: Math.round((3 * 154) / 4),
      calls: 3,
      fallback: null,
    });
    const usage = await call(t.app, 'GET', '/api/v1/usage', { as: agent });
    expect(usage.body.months).toHaveLength(1);
    expect(usage.body.months[0]).toMatchObject({
      calls: 3,
      inputTokens: 3 * 512,
      outputTokens: 3 * 128,
      costMicros: 462,
      byModel: [{ model: 'gpt-4o-mini', calls: 3, costMicros: 462 }],
    });
  });

  it('when a generation could break the cost cap, then the built-in copywriter writes it or the request is refused, per setting', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent);
    await call(t.app, 'PATCH', '/api/v1/content/settings', { as: agent, body: { costCapMicros: 100 } });
    const before = fake.requests.length;
    const fallback = await call(t.app, 'POST', `/api/v1/listings/${listingId}/content`, {
      as: agent,
      body: { event: 'just_listed' },
    });
    expect(fallback.status).toBe(201);
    expect(fallback.body.contentSet).toMatchObject({ status: 'ready', model: 'builtin' });
    expect(fallback.body.contentSet.cost.fallback).toBe('cost_cap');
    expect(fake.requests.length).toBe(before);

    await call(t.app, 'PATCH', '/api/v1/content/settings', { as: agent, body: { overCap: 'reject' } });
    const refused = await call(t.app, 'POST', `/api/v1/listings/${listingId}/content`, {
      as: agent,
      body: { event: 'just_sold' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('cost_cap_exceeded');
    expect(refused.body.details.capMicros).toBe(100);
    const sets = await call(t.app, 'GET', `/api/v1/listings/${listingId}/content`, { as: agent });
    expect(sets.body.items).toHaveLength(1);
  });

  it('when the provider refuses (quota exhausted), then the set is marked failed with the reason and nothing else is stored', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent);
    fake.script(fakeReplies.quotaExhausted());
    const queued = await call(t.app, 'POST', `/api/v1/listings/${listingId}/content`, {
      as: agent,
      body: { event: 'coming_soon' },
    });
    const set = await settledSet(agent, queued.body.contentSet.id);
    expect(set.status).toBe('failed');
    expect(set.error.code).toBe('rejected');
    expect(set.posts).toEqual([]);
  });
});
