import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiCalls, inboxMessages } from '../../src/db/schema.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { fakeReplies, startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';
import { drain } from './jobs-drain.js';

const WORK = ['posts.publish', 'sandbox.engage', 'inbox.poll-account', 'inbox.send-reply'];

let t: TestApp;
let model: FakeOpenAi;
beforeAll(async () => {
  model = await startFakeOpenAi({ apiKey: 'sk-test' });
  t = await createTestApp({
    SANDBOX_TIME_SCALE: '1000000',
    AI_BASE_URL: model.url,
    AI_API_KEY: 'sk-test',
    AI_MODEL: 'gpt-4o-mini',
    AI_PRICES: JSON.stringify({ 'gpt-4o-mini': { input: 0.15, output: 0.6 } }),
  });
});
afterAll(async () => {
  await t.close();
  await model.close();
});

/** A sandbox Facebook post with automatic replies on; returns the automatic replies that went out. */
async function engagedWithAutoReplies(agent: TestUser) {
  await call(t.app, 'PATCH', '/api/v1/inbox/settings', { as: agent, body: { autoReply: true } });
  const account = await call(t.app, 'POST', '/api/v1/accounts/sandbox', {
    as: agent,
    body: { platform: 'facebook', handle: `fb_${Math.random().toString(36).slice(2, 8)}` },
  });
  await call(t.app, 'POST', '/api/v1/posts', {
    as: agent,
    body: {
      text: 'Just listed: 12 Oak Street, 3 beds. Message us for a showing!',
      targets: [{ accountId: account.body.id }],
      scheduledAt: new Date().toISOString(),
    },
  });
  await drain(t, WORK);
  return t.database.db
    .select()
    .from(inboxMessages)
    .where(and(eq(inboxMessages.workspaceId, agent.workspaceId), eq(inboxMessages.auto, true)));
}

describe('automatic replies written by the configured model', () => {
  it('when a remote model is configured, then it writes the automatic replies, each costed; when it fails, the built-in reply goes out instead', async () => {
    const written = 'Thanks for asking! Everything about the home is on its page, and we would love to help.';
    model.script(...Array.from({ length: 40 }, () => fakeReplies.answer(() => ({ reply: written }))));
    const writtenBefore = model.requests.length;
    const agent = await registerUser(t.app);
    const replies = await engagedWithAutoReplies(agent);
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(reply.text).toBe(written);
    model.clearScript();
    const asked = model.requests
      .slice(writtenBefore)
      .filter((request) => JSON.stringify(request.body).includes('COMMENT'));
    expect(asked).toHaveLength(replies.length);
    for (const reply of replies) expect(reply.status).toBe('sent');
    const costs = await t.database.db
      .select()
      .from(aiCalls)
      .where(and(eq(aiCalls.workspaceId, agent.workspaceId), eq(aiCalls.role, 'reply')));
    expect(costs).toHaveLength(replies.length);
    expect(costs.every((cost) => cost.costMicros > 0 && cost.model === 'gpt-4o-mini')).toBe(true);

    // The model is down: every reply still goes out, written by the built-in writer.
    model.script(...Array.from({ length: 40 }, () => fakeReplies.serverError(503)));
    const other = await registerUser(t.app);
    const fallback = await engagedWithAutoReplies(other);
    model.clearScript();
    expect(fallback.length).toBeGreaterThan(0);
    for (const reply of fallback) {
      expect(reply.status).toBe('sent');
      expect(reply.text).toMatch(/^(Hi|Thank you)/);
    }
  });

  it('when the model writes something that breaks a fair-housing rule, then it is not sent: the built-in reply is', async () => {
    model.script(
      ...Array.from({ length: 40 }, () =>
        fakeReplies.answer(() => ({ reply: 'Perfect for a young couple with no kids!' })),
      ),
    );
    const agent = await registerUser(t.app);
    const replies = await engagedWithAutoReplies(agent);
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(reply.text).not.toMatch(/couple|kids/);
    model.clearScript();
  });
});
