import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTargets, socialAccounts } from '../../src/db/schema.js';
import { deadLetterQueue } from '../../src/jobs/queue.js';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { account, listing } from '../campaigns/helpers.js';
import { openStream, type EventStream } from './sse-client.js';

let t: TestApp;
const open: EventStream[] = [];
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const stream of open) stream.close();
  await t.close();
});

async function streamOf(token: string) {
  const stream = await openStream(t.app, { token });
  expect(stream.status).toBe(200);
  open.push(stream);
  return stream;
}

describe('what the event stream announces', () => {
  it('when a target cannot publish because its account must be reconnected, then post.needs_attention', async () => {
    const owner = await registerUser(t.app);
    const stream = await streamOf(owner.token);
    const facebook = await account(t, owner, 'facebook');
    await t.database.db
      .update(socialAccounts)
      .set({ status: 'needs_reconnect' })
      .where(eq(socialAccounts.id, facebook.id));
    const post = await call(t.app, 'POST', '/api/v1/posts', {
      as: owner,
      body: {
        text: 'Open house today.',
        targets: [{ accountId: facebook.id }],
        scheduledAt: new Date().toISOString(),
      },
    });
    expect(post.status).toBe(201);
    const event = await stream.next((received) => received.event === 'post.needs_attention');
    expect(event.data.data).toMatchObject({
      postId: post.body.id,
      accountId: facebook.id,
      platform: 'facebook',
      error: { code: 'reconnect', message: expect.stringContaining('reconnected') },
    });
  });

  it('when publishing a target is given up on, then post.failed', async () => {
    const owner = await registerUser(t.app);
    const stream = await streamOf(owner.token);
    const x = await account(t, owner, 'x');
    const post = await call(t.app, 'POST', '/api/v1/posts', {
      as: owner,
      body: {
        text: 'Coming soon.',
        targets: [{ accountId: x.id }],
        scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    const [target] = await t.database.db
      .select()
      .from(postTargets)
      .where(eq(postTargets.postId, post.body.id));
    // What pg-boss queues after the last retry of a publish failed inside Listcast.
    const dead = await t.jobs.enqueue(deadLetterQueue('posts.publish'), {
      targetId: target!.id,
      generation: target!.generation,
    });
    expect((await t.jobs.settled(dead)).ok).toBe(true);
    const event = await stream.next((received) => received.event === 'post.failed');
    expect(event.data.data).toMatchObject({
      postId: post.body.id,
      targetId: target!.id,
      platform: 'x',
      error: { code: 'internal_error' },
    });
  });

  it('when a campaign is submitted for approval and then approved, then approval.requested and approval.decided', async () => {
    const owner = await registerUser(t.app);
    const stream = await streamOf(owner.token);
    const facebook = await account(t, owner, 'facebook');
    await call(t.app, 'PATCH', '/api/v1/automation/settings', { as: owner, body: { requireApproval: true } });
    const home = await listing(t, owner, { status: 'coming_soon' });
    const preview = await call(t.app, 'POST', `/api/v1/listings/${home.id}/campaigns`, {
      as: owner,
      body: { template: 'coming_soon', accounts: [facebook.id] },
    });
    const id: string = preview.body.id;
    const submitted = await call(t.app, 'POST', `/api/v1/campaigns/${id}/activate`, { as: owner });
    expect(submitted.body.status).toBe('pending_approval');
    const postIds = submitted.body.posts.map((post: { postId: string }) => post.postId);

    const requested = await stream.next((received) => received.event === 'approval.requested');
    expect(requested.data.data).toEqual({ campaignId: id, postIds });
    await call(t.app, 'POST', `/api/v1/campaigns/${id}/approve`, { as: owner, body: { comment: 'Go' } });
    const decided = await stream.next((received) => received.event === 'approval.decided');
    expect(decided.data.data).toEqual({
      campaignId: id,
      decision: 'approved',
      postIds,
      decidedBy: owner.userId,
      comment: 'Go',
    });
    expect(decided.id).toBeGreaterThan(requested.id);
  });
});
