import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxThreads, notifications, sandboxInteractions } from '../../src/db/schema.js';
import { engagementPlan } from '../../src/platforms/sandbox/engagement.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { multipartFile } from '../helpers/openapi.js';
import { withAuth } from '../helpers/world.js';
import { drain } from './jobs-drain.js';

// A day of engagement at once: the first delivery finds the whole script due, and the inbox reads it.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://listcast.example.com', SANDBOX_TIME_SCALE: '1000000' });
});
afterAll(() => t.close());

const WORK = ['posts.publish', 'sandbox.engage', 'inbox.poll-account', 'inbox.send-reply', 'inbox.moderate'];
const TEXT = 'Just listed: 12 Oak Street, 3 beds and a sunny deck. Message us for a showing!';
const expectedIntent: Record<string, string> = {
  price: 'price_question',
  showing: 'showing_request',
  availability: 'availability',
  financing: 'financing',
  compliment: 'compliment',
  complaint: 'complaint',
  spam: 'spam',
};

/** A sandbox account of `platform`, a post published to it now, and every job it started run. */
async function publishAndEngage(agent: TestUser, platform: 'instagram' | 'facebook' | 'linkedin' | 'x') {
  const account = await call(t.app, 'POST', '/api/v1/accounts/sandbox', {
    as: agent,
    body: { platform, handle: `${platform}_${Math.random().toString(36).slice(2, 8)}` },
  });
  expect(account.status).toBe(201);
  // Instagram takes no post without a picture.
  const photo = await sharp({ create: { width: 1080, height: 1350, channels: 3, background: '#7a9' } })
    .jpeg()
    .toBuffer();
  const uploaded = await t.app.inject({
    method: 'POST',
    url: '/api/v1/media',
    ...withAuth(agent, multipartFile('file', 'front.jpg', photo, 'image/jpeg')),
  });
  expect(uploaded.statusCode).toBe(201);
  const post = await call(t.app, 'POST', '/api/v1/posts', {
    as: agent,
    body: {
      text: TEXT,
      mediaIds: [uploaded.json<{ id: string }>().id],
      targets: [{ accountId: account.body.id }],
      scheduledAt: new Date().toISOString(),
    },
  });
  expect(post.status).toBe(201);
  await drain(t, WORK);
  const published = await call(t.app, 'GET', `/api/v1/posts/${post.body.id}`, { as: agent });
  expect(published.body.targets[0].status).toBe('published');
  const sandboxPostId = String(published.body.targets[0].permalink).split('/').at(-1)!;
  return { accountId: String(account.body.id), postId: String(post.body.id), sandboxPostId };
}

async function threadsOf(agent: TestUser, query = '') {
  const response = await call(t.app, 'GET', `/api/v1/inbox/threads?limit=100${query}`, { as: agent });
  expect(response.status).toBe(200);
  return response.body.items as Record<string, unknown>[];
}

describe('the inbox reads what the sandbox audience says', () => {
  it('when a post gets comments, then each lands once in a thread linked to the post, triaged as the script meant; askers become leads, the complaint is escalated with a notification, spam is no lead', async () => {
    const agent = await registerUser(t.app);
    const { postId, sandboxPostId } = await publishAndEngage(agent, 'facebook');
    const plan = engagementPlan(sandboxPostId, TEXT);
    const topLevel = plan.interactions.filter((i) => i.kind === 'comment');
    const threads = await threadsOf(agent);

    // Every comment is in the inbox once (follow-ups join their author's first thread only when replies).
    const detail = await Promise.all(
      threads.map(
        async (thread) =>
          (await call(t.app, 'GET', `/api/v1/inbox/threads/${String(thread.id)}`, { as: agent })).body,
      ),
    );
    const messages = detail.flatMap((thread) => thread.messages as { text: string; intent: string }[]);
    expect(messages).toHaveLength(topLevel.length);
    for (const thread of threads) expect(thread.postId).toBe(postId);

    // Triage agrees with what the script's people meant, for at least 9 in 10 comments.
    const byText = new Map(topLevel.map((comment) => [comment.text, expectedIntent[comment.intent ?? '']]));
    const agreed = messages.filter((message) => byText.get(message.text) === message.intent).length;
    expect(agreed / messages.length).toBeGreaterThanOrEqual(0.9);

    const price = threads.find((thread) => thread.intent === 'price_question');
    const showing = threads.find((thread) => thread.intent === 'showing_request');
    expect(price?.leadId).toBeTruthy();
    expect(showing?.leadId).toBeTruthy();
    for (const spam of threads.filter((thread) => thread.intent === 'spam')) expect(spam.leadId).toBeNull();

    const complaint = threads.find((thread) => thread.intent === 'complaint');
    expect(complaint?.status).toBe('escalated');
    expect(String(complaint?.escalationReason)).toMatch(/negative/i);
    // Escalations come first.
    expect(threads[0]?.status).toBe('escalated');
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, agent.userId), eq(notifications.kind, 'inbox_escalated')));
    expect(told.length).toBeGreaterThanOrEqual(1);

    const leads = await call(t.app, 'GET', '/api/v1/leads', { as: agent });
    expect(leads.status).toBe(200);
    const lead = (leads.body.items as { id: string }[]).find((item) => item.id === price?.leadId);
    expect(lead).toBeTruthy();
    const full = await call(t.app, 'GET', `/api/v1/leads/${String(price?.leadId)}`, { as: agent });
    expect(full.body.identities[0].platform).toBe('facebook');
    expect(full.body.timeline.some((event: { kind: string }) => event.kind === 'comment')).toBe(true);
    expect(full.body.explanation.categories).toHaveLength(5);
    expect(full.body.score).toBeGreaterThan(0);

    // Filters.
    const escalated = await threadsOf(agent, '&status=escalated');
    expect(escalated.every((thread) => thread.status === 'escalated')).toBe(true);
    const negative = await threadsOf(agent, '&sentiment=negative');
    expect(negative.every((thread) => thread.sentimentLabel === 'negative')).toBe(true);
    expect(await threadsOf(agent, '&platform=x')).toHaveLength(0);

    // Polling again adds nothing.
    const before = await t.database.db
      .select()
      .from(inboxThreads)
      .where(eq(inboxThreads.workspaceId, agent.workspaceId));
    await t.jobs.enqueue('inbox.poll-account', { accountId: String(threads[0]?.accountId) });
    await drain(t, WORK);
    const after = await threadsOf(agent);
    expect(after).toHaveLength(before.length);
    expect(after.reduce((sum, thread) => sum + Number(thread.messageCount), 0)).toBe(topLevel.length);
  });

  it('when automatic replies and spam hiding are on, then spam is hidden on the network, an Instagram price question gets one private reply, and nothing negative is answered', async () => {
    const agent = await registerUser(t.app);
    const settings = await call(t.app, 'PATCH', '/api/v1/inbox/settings', {
      as: agent,
      body: { autoReply: true, autoHideSpam: true },
    });
    expect(settings.status).toBe(200);
    const { sandboxPostId } = await publishAndEngage(agent, 'instagram');
    const threads = await threadsOf(agent);
    const rows = await t.database.db
      .select()
      .from(sandboxInteractions)
      .where(eq(sandboxInteractions.sandboxPostId, sandboxPostId));

    const spam = threads.filter((thread) => thread.intent === 'spam');
    expect(spam.length).toBeGreaterThan(0);
    for (const thread of spam) expect(thread.hidden).toBe(true);
    const plan = engagementPlan(sandboxPostId, TEXT);
    const spamIds = plan.interactions.filter((i) => i.intent === 'spam').map((i) => i.id);
    for (const row of rows.filter((r) => spamIds.includes(r.id))) expect(row.hidden).toBe(true);

    const details = await Promise.all(
      threads.map(
        async (thread) =>
          (await call(t.app, 'GET', `/api/v1/inbox/threads/${String(thread.id)}`, { as: agent })).body,
      ),
    );
    for (const thread of details) {
      const automatic = (thread.messages as { auto: boolean; status: string; replyMode: string }[]).filter(
        (m) => m.auto,
      );
      expect(automatic.length).toBeLessThanOrEqual(1);
      if (thread.intent === 'complaint' || thread.sentimentLabel === 'negative')
        expect(automatic).toHaveLength(0);
      if (thread.intent === 'price_question' && thread.status !== 'escalated') {
        expect(automatic).toHaveLength(1);
        expect(automatic[0]).toMatchObject({ status: 'sent', replyMode: 'private' });
      }
    }
    expect(rows.some((row) => row.kind === 'private_reply')).toBe(true);
  });

  it('when a member replies from the inbox, then the reply appears on the network once, the thread is handled and the lead contacted; a reply breaking fair-housing rules is refused', async () => {
    const agent = await registerUser(t.app);
    const { sandboxPostId } = await publishAndEngage(agent, 'linkedin');
    const [showing] = await threadsOf(agent, '&intent=showing_request');
    expect(showing).toBeTruthy();
    const id = String(showing?.id);

    const refused = await call(t.app, 'POST', `/api/v1/inbox/threads/${id}/reply`, {
      as: agent,
      body: { text: 'Perfect for a young couple with no kids!' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('compliance_failed');

    const sent = await call(t.app, 'POST', `/api/v1/inbox/threads/${id}/reply`, {
      as: agent,
      body: { text: 'Saturday at 11 works — see you at 12 Oak Street!' },
    });
    expect(sent.status).toBe(202);
    expect(sent.body.status).toBe('sending');
    await drain(t, WORK);
    const thread = (await call(t.app, 'GET', `/api/v1/inbox/threads/${id}`, { as: agent })).body;
    expect(thread.status).toBe('handled');
    const reply = (thread.messages as { direction: string; status: string; text: string }[]).find(
      (m) => m.direction === 'out',
    );
    expect(reply).toMatchObject({ status: 'sent', text: 'Saturday at 11 works — see you at 12 Oak Street!' });
    const onNetwork = await t.database.db
      .select()
      .from(sandboxInteractions)
      .where(
        and(eq(sandboxInteractions.sandboxPostId, sandboxPostId), eq(sandboxInteractions.kind, 'reply')),
      );
    expect(onNetwork.filter((row) => row.text === reply?.text)).toHaveLength(1);
    const lead = await call(t.app, 'GET', `/api/v1/leads/${String(thread.lead.id)}`, { as: agent });
    expect(lead.body.stage).toBe('contacted');
    expect(lead.body.timeline.map((event: { kind: string }) => event.kind)).toEqual(
      expect.arrayContaining(['comment', 'stage_changed', 'reply_sent']),
    );

    // Another workspace sees none of it; a non-member cannot be assigned.
    const stranger = await registerUser(t.app);
    expect((await call(t.app, 'GET', `/api/v1/inbox/threads/${id}`, { as: stranger })).status).toBe(404);
    expect(
      (await call(t.app, 'POST', `/api/v1/inbox/threads/${id}/reply`, { as: stranger, body: { text: 'hi' } }))
        .status,
    ).toBe(404);
    const assign = await call(t.app, 'PATCH', `/api/v1/inbox/threads/${id}`, {
      as: agent,
      body: { assigneeId: stranger.userId },
    });
    expect(assign.status).toBe(400);
    expect(assign.body.code).toBe('validation_failed');
    const mine = await call(t.app, 'PATCH', `/api/v1/inbox/threads/${id}`, {
      as: agent,
      body: { assigneeId: agent.userId, status: 'open' },
    });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ assigneeId: agent.userId, status: 'open' });
  });
});
