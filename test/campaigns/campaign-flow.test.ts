import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxPosts } from '../../src/db/schema.js';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { account, dueNow, listing, publishJobsSettled, type PlannedPost } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://listcast.example.com' });
});
afterAll(() => t.close());

describe('start marketing: listing → preview → edit → activate → published', () => {
  it('when a just-listed campaign is previewed, edited and activated, then every post is scheduled at its planned time and the due ones publish on the sandbox', async () => {
    const agent = await registerUser(t.app);
    const home = await listing(t, agent);
    const instagram = await account(t, agent, 'instagram');
    const facebook = await account(t, agent, 'facebook');
    const x = await account(t, agent, 'x');

    const preview = await call(t.app, 'POST', `/api/v1/listings/${home.id}/campaigns`, {
      as: agent,
      body: { template: 'just_listed', accounts: [instagram.id, facebook.id, x.id] },
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    expect(preview.body).toMatchObject({ status: 'preview', listingId: home.id, template: 'just_listed' });
    const posts: PlannedPost[] = preview.body.posts;
    // Day 0 on all three, day 2 spotlight on Instagram and Facebook, day 5 reminder on all three.
    expect(posts.map((post) => `${post.label}/${post.platform}`).sort()).toEqual(
      [
        'Announcement/facebook',
        'Announcement/instagram',
        'Announcement/x',
        'Feature spotlight/facebook',
        'Feature spotlight/instagram',
        'Reminder/facebook',
        'Reminder/instagram',
        'Reminder/x',
      ].sort(),
    );
    for (const post of posts) {
      expect(post.status).toBe('planned');
      expect(post.text.length).toBeGreaterThan(20);
      expect(post.timeReason).not.toBe('');
      expect(post.media.length).toBeGreaterThan(0);
    }
    const announcementIg = posts.find(
      (post) => post.label === 'Announcement' && post.platform === 'instagram',
    )!;
    expect(announcementIg.media.length).toBeGreaterThan(1); // the carousel
    expect(announcementIg.media[0]).toMatchObject({ width: 1080, height: 1350 });
    const announcementFb = posts.find(
      (post) => post.label === 'Announcement' && post.platform === 'facebook',
    )!;
    expect(announcementFb.media).toEqual([expect.objectContaining({ width: 1200, height: 627 })]);
    expect(announcementFb.timeReason).toBe("At the campaign's start");
    const spotlight = posts.find(
      (post) => post.label === 'Feature spotlight' && post.platform === 'facebook',
    )!;
    expect(spotlight.timeReason).toMatch(/^Best time: Facebook's usual best time/);
    // Different days read differently: another version of the content.
    expect(spotlight.text).not.toBe(announcementFb.text);

    // Edit: new words and a chosen time for the spotlight, and drop the X reminder.
    const at = new Date(Date.parse(spotlight.scheduledAt) + 90 * 60_000).toISOString();
    const edited = await call(t.app, 'PATCH', `/api/v1/campaign-posts/${spotlight.id}`, {
      as: agent,
      body: {
        text: 'Take a closer look at the deck and the garage at 12 Harbor Lane. Message us for a tour.',
        scheduledAt: at,
      },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ edited: true, timeReason: 'Set by hand', scheduledAt: at });
    const reminderX = posts.find((post) => post.label === 'Reminder' && post.platform === 'x')!;
    const removed = await call(t.app, 'DELETE', `/api/v1/campaign-posts/${reminderX.id}`, { as: agent });
    expect(removed.body.status).toBe('removed');

    const activated = await call(t.app, 'POST', `/api/v1/campaigns/${preview.body.id}/activate`, {
      as: agent,
    });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    expect(activated.body.status).toBe('active');
    const live: PlannedPost[] = activated.body.posts.filter((post: PlannedPost) => post.status !== 'removed');
    expect(live).toHaveLength(7);
    for (const post of live) {
      const scheduled = await call(t.app, 'GET', `/api/v1/posts/${post.postId}`, { as: agent });
      expect(scheduled.body.text).toBe(post.text);
      // Planned times hold; those already due (the start) go out now, and may be out already.
      if (dueNow(post))
        expect(['scheduled', 'publishing', 'published']).toContain(scheduled.body.targets[0].status);
      else {
        expect(scheduled.body.targets[0].status).toBe('scheduled');
        expect(scheduled.body.scheduledAt).toBe(post.scheduledAt);
      }
    }
    expect(live.find((post) => post.id === spotlight.id)!.scheduledAt).toBe(at);

    const due = live.filter(dueNow);
    expect(due.map((post) => post.platform).sort()).toEqual(['facebook', 'instagram', 'x']);
    await publishJobsSettled(
      t,
      due.map((post) => post.postId!),
    );
    const after = await call(t.app, 'GET', `/api/v1/campaigns/${preview.body.id}`, { as: agent });
    const byId = new Map<string, PlannedPost>(after.body.posts.map((post: PlannedPost) => [post.id, post]));
    for (const post of due) expect(byId.get(post.id)!.status).toBe('published');
    for (const post of live.filter((post) => !dueNow(post)))
      expect(byId.get(post.id)!.status).toBe('scheduled');
    expect(after.body.progress).toMatchObject({ published: 3, scheduled: 4, removed: 1 });
    const published = await t.database.db
      .select()
      .from(sandboxPosts)
      .where(eq(sandboxPosts.workspaceId, agent.workspaceId));
    expect(published.map((row) => row.text).sort()).toEqual(due.map((post) => post.text).sort());
    expect(published.find((row) => row.platform === 'instagram')!.media.length).toBe(
      announcementIg.media.length,
    );

    const list = await call(t.app, 'GET', '/api/v1/campaigns', { as: agent });
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([preview.body.id]);
  });

  it('when a campaign is paused, resumed and cancelled, then its pending posts follow', async () => {
    const agent = await registerUser(t.app);
    const home = await listing(t, agent);
    const facebook = await account(t, agent, 'facebook');
    const preview = await call(t.app, 'POST', `/api/v1/listings/${home.id}/campaigns`, {
      as: agent,
      body: {
        template: 'just_listed',
        accounts: [facebook.id],
        start: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    expect(preview.status).toBe(201);
    const id = preview.body.id;
    await call(t.app, 'POST', `/api/v1/campaigns/${id}/activate`, { as: agent });
    const statuses = async () =>
      (await call(t.app, 'GET', `/api/v1/campaigns/${id}`, { as: agent })).body.posts.map(
        (post: PlannedPost) => post.status,
      );
    expect(await statuses()).toEqual(['scheduled', 'scheduled', 'scheduled']);
    expect((await call(t.app, 'POST', `/api/v1/campaigns/${id}/pause`, { as: agent })).body.status).toBe(
      'paused',
    );
    expect(await statuses()).toEqual(['draft', 'draft', 'draft']);
    expect((await call(t.app, 'POST', `/api/v1/campaigns/${id}/pause`, { as: agent })).status).toBe(409);
    expect((await call(t.app, 'POST', `/api/v1/campaigns/${id}/resume`, { as: agent })).body.status).toBe(
      'active',
    );
    expect(await statuses()).toEqual(['scheduled', 'scheduled', 'scheduled']);
    expect((await call(t.app, 'POST', `/api/v1/campaigns/${id}/cancel`, { as: agent })).body.status).toBe(
      'cancelled',
    );
    expect(await statuses()).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const log = await call(t.app, 'GET', `/api/v1/campaign-log?campaignId=${id}`, { as: agent });
    expect(log.body.items.map((item: { action: string }) => item.action)).toEqual([
      'campaign.cancelled',
      'campaign.active',
      'campaign.paused',
      'campaign.activated',
      'campaign.planned',
    ]);
  });
});
