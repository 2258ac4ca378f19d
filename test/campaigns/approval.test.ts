import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTargets, sandboxPosts } from '../../src/db/schema.js';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { addMember } from '../workspaces/helpers.js';
import { account, dueNow, listing, publishJobsSettled, type PlannedPost } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const kinds = async (as: { token: string }) =>
  (await call(t.app, 'GET', '/api/v1/notifications', { as })).body.items.map(
    (item: { kind: string; body: string }) => item,
  );

describe('approval workflow', () => {
  it('when the workspace requires approval, then nothing is published until an admin approves — not even a due post whose publish job runs', async () => {
    const owner = await registerUser(t.app, 'Owner');
    const editor = await addMember(t, owner, 'editor');
    const facebook = await account(t, owner, 'facebook');
    const x = await account(t, owner, 'x');
    expect(
      (
        await call(t.app, 'PATCH', '/api/v1/automation/settings', {
          as: editor,
          body: { requireApproval: true },
        })
      ).status,
    ).toBe(403);
    await call(t.app, 'PATCH', '/api/v1/automation/settings', { as: owner, body: { requireApproval: true } });
    // Nor can a post skip approval by going straight to the posts API.
    const direct = await call(t.app, 'POST', '/api/v1/posts', {
      as: editor,
      body: {
        text: 'Open house Saturday.',
        targets: [{ accountId: facebook.id }],
        scheduledAt: new Date().toISOString(),
      },
    });
    expect(direct.status).toBe(409);
    expect(direct.body.message).toMatch(/requires approval/);

    const home = await listing(t, editor, { status: 'coming_soon' });
    const preview = await call(t.app, 'POST', `/api/v1/listings/${home.id}/campaigns`, {
      as: editor,
      body: { template: 'coming_soon', accounts: [facebook.id, x.id] },
    });
    expect(preview.status).toBe(201);
    expect(preview.body.requireApproval).toBe(true);
    const id: string = preview.body.id;

    const submitted = await call(t.app, 'POST', `/api/v1/campaigns/${id}/activate`, { as: editor });
    expect(submitted.body.status).toBe('pending_approval');
    const waiting: PlannedPost[] = submitted.body.posts;
    expect(waiting.map((post) => post.status)).toEqual([
      'awaiting_approval',
      'awaiting_approval',
      'awaiting_approval',
    ]);
    const ownerNotices = await kinds(owner);
    expect(ownerNotices.map((notice: { kind: string }) => notice.kind)).toContain(
      'campaign.approval_requested',
    );

    // The posts API will not schedule or publish it either.
    const due = waiting.find(dueNow)!;
    expect((await call(t.app, 'POST', `/api/v1/posts/${due.postId}/publish`, { as: editor })).status).toBe(
      409,
    );
    const forced = await call(t.app, 'PATCH', `/api/v1/posts/${due.postId}`, {
      as: owner,
      body: { scheduledAt: new Date().toISOString() },
    });
    expect(forced.status).toBe(409);
    // Its time has come: a publish job for it (as a stray or replayed one would be) runs and publishes nothing.
    const [target] = await t.database.db
      .select()
      .from(postTargets)
      .where(eq(postTargets.postId, due.postId!));
    const job = await t.jobs.enqueue('posts.publish', {
      targetId: target!.id,
      generation: target!.generation,
    });
    await t.jobs.settled(job);
    const [still] = await t.database.db.select().from(postTargets).where(eq(postTargets.id, target!.id));
    expect(still!.status).toBe('draft');
    expect(
      await t.database.db.select().from(sandboxPosts).where(eq(sandboxPosts.workspaceId, owner.workspaceId)),
    ).toEqual([]);

    // Editors cannot decide; an owner rejects with a comment, and the editor hears why.
    expect(
      (await call(t.app, 'POST', `/api/v1/campaigns/${id}/approve`, { as: editor, body: {} })).status,
    ).toBe(403);
    const rejected = await call(t.app, 'POST', `/api/v1/campaigns/${id}/reject`, {
      as: owner,
      body: { comment: 'Say "coming soon" in the first line' },
    });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      approval: { comment: 'Say "coming soon" in the first line' },
    });
    expect(rejected.body.posts.map((post: PlannedPost) => post.status)).toEqual([
      'planned',
      'planned',
      'planned',
    ]);
    expect((await call(t.app, 'GET', `/api/v1/posts/${due.postId}`, { as: owner })).status).toBe(404);
    const rejection = (await kinds(editor)).find(
      (notice: { kind: string }) => notice.kind === 'campaign.rejected',
    );
    expect(rejection.body).toContain('Say "coming soon" in the first line');

    // Fixed and submitted again; the owner approves; the due posts publish, the later one is scheduled.
    await call(t.app, 'PATCH', `/api/v1/campaign-posts/${due.id}`, {
      as: editor,
      body: { text: 'Coming soon: a bright colonial near the harbor. Message us to hear first.' },
    });
    expect((await call(t.app, 'POST', `/api/v1/campaigns/${id}/activate`, { as: editor })).body.status).toBe(
      'pending_approval',
    );
    const approved = await call(t.app, 'POST', `/api/v1/campaigns/${id}/approve`, {
      as: owner,
      body: { comment: 'Good to go' },
    });
    expect(approved.body.status).toBe('active');
    expect((await kinds(editor)).map((notice: { kind: string }) => notice.kind)).toContain(
      'campaign.approved',
    );
    const posts: PlannedPost[] = approved.body.posts;
    await publishJobsSettled(
      t,
      posts.filter(dueNow).map((post) => post.postId!),
    );
    const after = await call(t.app, 'GET', `/api/v1/campaigns/${id}`, { as: editor });
    expect(after.body.posts.map((post: PlannedPost) => post.status).sort()).toEqual([
      'published',
      'published',
      'scheduled',
    ]);
    const log = await call(t.app, 'GET', `/api/v1/campaign-log?campaignId=${id}`, { as: editor });
    expect(log.body.items.map((item: { action: string }) => item.action).slice(0, 5)).toEqual([
      'campaign.approved',
      'campaign.submitted',
      'post.edited',
      'campaign.rejected',
      'campaign.submitted',
    ]);
  });

  it('when an approved post is edited in a campaign that requires approval, then it waits for approval again', async () => {
    const owner = await registerUser(t.app, 'Owner');
    const facebook = await account(t, owner, 'facebook');
    const home = await listing(t, owner);
    const preview = await call(t.app, 'POST', `/api/v1/listings/${home.id}/campaigns`, {
      as: owner,
      body: {
        template: 'under_contract',
        accounts: [facebook.id],
        requireApproval: true,
        start: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    const id = preview.body.id;
    await call(t.app, 'POST', `/api/v1/campaigns/${id}/activate`, { as: owner });
    const approved = await call(t.app, 'POST', `/api/v1/campaigns/${id}/approve`, { as: owner, body: {} });
    const [post] = approved.body.posts as PlannedPost[];
    expect(post!.status).toBe('scheduled');
    const edited = await call(t.app, 'PATCH', `/api/v1/campaign-posts/${post!.id}`, {
      as: owner,
      body: { text: 'Under contract at 12 Harbor Lane. More homes like it coming soon.' },
    });
    expect(edited.body.status).toBe('awaiting_approval');
    expect((await call(t.app, 'GET', `/api/v1/campaigns/${id}`, { as: owner })).body.status).toBe(
      'pending_approval',
    );
  });
});
