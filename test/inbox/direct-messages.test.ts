import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxThreads, socialAccounts } from '../../src/db/schema.js';
import { sealCredentials, tokenSealer } from '../../src/modules/accounts/credentials.js';
import { ingestEngagement } from '../../src/modules/inbox/ingest.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-server.js';
import { drain } from './jobs-drain.js';

/** Answering an Instagram direct message from the inbox, against the Graph fake. */
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

/** The seeded Page's Instagram account, connected with Facebook Login. */
async function instagramAccount(agent: TestUser) {
  const page = graph.seed.pages[0];
  const [account] = await t.database.db
    .insert(socialAccounts)
    .values({
      workspaceId: agent.workspaceId,
      platform: 'instagram',
      network: 'live',
      externalId: page.ig.id,
      handle: 'harborhomes',
      displayName: 'Harbor Homes',
      kind: 'business',
      meta: { login: 'facebook', pageId: page.id },
      credentials: sealCredentials(tokenSealer(TEST_SECRET), {
        accessToken: page.token,
        refreshToken: null,
        expiresAt: null,
        scopes: [],
      }),
    })
    .returning();
  return account!;
}

async function directMessage(
  account: typeof socialAccounts.$inferSelect,
  from: string,
  text: string,
  at: Date,
) {
  await ingestEngagement({ db: t.database.db, jobs: t.jobs, config: t.config }, account, {
    platform: 'instagram',
    accountExternalId: account.externalId,
    kind: 'message',
    externalId: `mid-${from}-${at.getTime()}`,
    parentExternalId: null,
    postExternalId: null,
    author: { id: from, handle: from, name: from },
    text,
    at,
    fromAccount: false,
  });
  graph.receiveMessage(account.externalId, from, at);
  const [thread] = await t.database.db.select().from(inboxThreads).where(eq(inboxThreads.externalId, from));
  return thread!;
}

describe('direct messages', () => {
  it('when a member answers an Instagram direct message, then it is sent once to the sender as a message and the thread is handled', async () => {
    const agent = await registerUser(t.app);
    const account = await instagramAccount(agent);
    const thread = await directMessage(
      account,
      '17841499990001',
      'Is the Oak Street house still available?',
      new Date(),
    );
    expect(thread.kind).toBe('message');

    const answer = await call(t.app, 'POST', `/api/v1/inbox/threads/${thread.id}/reply`, {
      as: agent,
      body: { text: 'It is! Would Saturday at 11 work for a showing?' },
    });
    expect(answer.status).toBe(202);
    await drain(t, ['inbox.send-reply']);

    expect(graph.sentMessages).toEqual([
      expect.objectContaining({
        recipientId: '17841499990001',
        text: 'It is! Would Saturday at 11 work for a showing?',
      }),
    ]);
    const detail = await call(t.app, 'GET', `/api/v1/inbox/threads/${thread.id}`, { as: agent });
    expect(detail.body.status).toBe('handled');
    const sent = (detail.body.messages as { direction: string; status: string; replyMode: string }[]).filter(
      (message) => message.direction === 'out',
    );
    expect(sent).toEqual([expect.objectContaining({ status: 'sent', replyMode: 'private' })]);
  });

  it('when the person last wrote more than 24 hours ago, then the answer is refused with the reason and nothing is sent', async () => {
    const agent = await registerUser(t.app);
    const account = await instagramAccount(agent);
    const before = graph.sentMessages.length;
    const thread = await directMessage(
      account,
      '17841499990002',
      'Can you send me the floor plan?',
      new Date(Date.now() - 25 * 3600_000),
    );

    const answer = await call(t.app, 'POST', `/api/v1/inbox/threads/${thread.id}/reply`, {
      as: agent,
      body: { text: 'Here it is!' },
    });

    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('platform_refused');
    expect(answer.body.message).toMatch(/24 hours/);
    expect(graph.sentMessages).toHaveLength(before);
  });
});
