import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  account,
  dueNow,
  listing,
  listingEventsSettled,
  publishJobsSettled,
  type PlannedPost,
} from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const campaignOf = async (as: { token: string }, id: string) =>
  (await call(t.app, 'GET', `/api/v1/campaigns/${id}`, { as })).body as {
    status: string;
    posts: PlannedPost[];
  };

describe('listing events drive campaigns', () => {
  it('when the price is cut mid-campaign, then pending posts showing the old price are held, rewritten and rescheduled, and a price-reduced campaign is prepared', async () => {
    const agent = await registerUser(t.app);
    const home = await listing(t, agent, { price: 689_000 });
    const instagram = await account(t, agent, 'instagram');
    const facebook = await account(t, agent, 'facebook');
    const preview = await call(t.app, 'POST', `/api/v1/listings/${home.id}/campaigns`, {
      as: agent,
      body: { template: 'just_listed', accounts: [instagram.id, facebook.id] },
    });
    expect(preview.status).toBe(201);
    const id: string = preview.body.id;
    const reminder = (preview.body.posts as PlannedPost[]).find(
      (post) => post.label === 'Reminder' && post.platform === 'facebook',
    )!;
    // A person's own words keep their wording: only the price changes.
    await call(t.app, 'PATCH', `/api/v1/campaign-posts/${reminder.id}`, {
      as: agent,
      body: { text: 'Still available at $689,000: 3 beds, a deck and a garage. Message us for a showing.' },
    });
    await call(t.app, 'POST', `/api/v1/campaigns/${id}/activate`, { as: agent });
    const before = await campaignOf(agent, id);
    await publishJobsSettled(
      t,
      before.posts.filter(dueNow).map((post) => post.postId!),
    );
    const future = before.posts.filter((post) => !dueNow(post));
    expect(future).toHaveLength(4);

    const cut = await call(t.app, 'PATCH', `/api/v1/listings/${home.id}`, {
      as: agent,
      body: { price: 649_000, status: 'price_reduced' },
    });
    expect(cut.status).toBe(200);
    // At once, in the same transaction: nothing with the old price can go out.
    const held = await campaignOf(agent, id);
    for (const post of held.posts.filter((post) => !dueNow(post))) {
      expect(post.status).toBe('draft');
      expect(post.held).toBe('Shows the old price $689,000; held back and rewritten with $649,000');
    }
    for (const post of held.posts.filter(dueNow)) expect(post.status).toBe('published');

    await listingEventsSettled(t, home.id);
    const fixed = await campaignOf(agent, id);
    for (const post of fixed.posts.filter((post) => !dueNow(post))) {
      const was = future.find((old) => old.id === post.id)!;
      expect(post).toMatchObject({ status: 'scheduled', held: null, scheduledAt: was.scheduledAt });
      expect(post.text).not.toMatch(/\$689,000|\$689K/);
      expect(post.mediaIds).not.toEqual(was.mediaIds); // images re-rendered with the new price
      const carried = await call(t.app, 'GET', `/api/v1/posts/${post.postId}`, { as: agent });
      expect(carried.body).toMatchObject({
        text: post.text,
        mediaIds: post.mediaIds,
        scheduledAt: was.scheduledAt,
      });
    }
    expect(fixed.posts.find((post) => post.id === reminder.id)!.text).toBe(
      'Still available at $649,000: 3 beds, a deck and a garage. Message us for a showing.',
    );

    const log = await call(t.app, 'GET', `/api/v1/campaign-log?listingId=${home.id}`, { as: agent });
    const rewritten = log.body.items.filter((item: { action: string }) => item.action === 'post.rewritten');
    expect(rewritten).toHaveLength(4);
    expect(rewritten[0]).toMatchObject({
      actor: 'automation',
      changes: { price: { from: 689_000, to: 649_000 } },
      reason: expect.stringMatching(/new price \$649,000 \(was \$689,000\); scheduled again/),
    });
    expect(log.body.items.filter((item: { action: string }) => item.action === 'post.held')).toHaveLength(4);

    // The price cut prepared a "Price reduced" campaign for someone to check (the default settings).
    const campaigns = await call(t.app, 'GET', `/api/v1/campaigns?listingId=${home.id}`, { as: agent });
    const started = campaigns.body.items.find(
      (item: { template: string }) => item.template === 'price_reduced',
    );
    expect(started).toMatchObject({ status: 'preview', listingId: home.id });
    const notices = await call(t.app, 'GET', '/api/v1/notifications', { as: agent });
    expect(notices.body.items.map((item: { kind: string }) => item.kind)).toContain('campaign.started');
  });

  it('when the listing sells, then open-house and just-listed posts are cancelled with the reason logged, and a just-sold campaign starts', async () => {
    const agent = await registerUser(t.app);
    const day = 86_400_000;
    // Six days ahead, 14:00–16:00 in the workspace's zone (UTC): after the morning-of post at 08:00.
    const date = new Date(Date.now() + 6 * day).toISOString().slice(0, 10);
    const openHouse = { start: `${date}T14:00:00.000Z`, end: `${date}T16:00:00.000Z` };
    const home = await listing(t, agent, { openHouses: [openHouse] });
    const facebook = await account(t, agent, 'facebook');
    const x = await account(t, agent, 'x');
    const automation = await call(t.app, 'PATCH', '/api/v1/automation/settings', {
      as: agent,
      body: { activate: true, accountIds: [facebook.id, x.id] },
    });
    expect(automation.status).toBe(200);

    const openHousePlan = await call(t.app, 'POST', `/api/v1/listings/${home.id}/campaigns`, {
      as: agent,
      body: { template: 'open_house', accounts: [facebook.id, x.id] },
    });
    expect(openHousePlan.status, JSON.stringify(openHousePlan.body)).toBe(201);
    expect((openHousePlan.body.posts as PlannedPost[]).map((post) => post.label).sort()).toEqual([
      'Save the date',
      'Save the date',
      'Today',
      'Today',
    ]);
    await call(t.app, 'POST', `/api/v1/campaigns/${openHousePlan.body.id}/activate`, { as: agent });
    // A second campaign still in preview: its planned posts are retired too.
    const justListed = await call(t.app, 'POST', `/api/v1/listings/${home.id}/campaigns`, {
      as: agent,
      body: {
        template: 'just_listed',
        accounts: [facebook.id],
        start: new Date(Date.now() + day).toISOString(),
      },
    });

    const sold = await call(t.app, 'PATCH', `/api/v1/listings/${home.id}`, {
      as: agent,
      body: { status: 'sold' },
    });
    expect(sold.status).toBe(200);
    const cancelled = await campaignOf(agent, openHousePlan.body.id);
    for (const post of cancelled.posts) {
      expect(post.status).toBe('cancelled');
      expect(post.removedReason).toMatch(/^Cancelled because the listing sold \(active → sold\)/);
      const carried = await call(t.app, 'GET', `/api/v1/posts/${post.postId}`, { as: agent });
      expect(carried.body.targets[0].status).toBe('cancelled');
    }
    const retired = await campaignOf(agent, justListed.body.id);
    expect(retired.posts.map((post) => post.status)).toEqual(['removed', 'removed', 'removed']);

    await listingEventsSettled(t, home.id);
    const campaigns = await call(t.app, 'GET', `/api/v1/campaigns?listingId=${home.id}`, { as: agent });
    const justSold = campaigns.body.items.find((item: { template: string }) => item.template === 'just_sold');
    expect(justSold).toMatchObject({ status: 'active' });
    const started = await campaignOf(agent, justSold.id);
    expect(started.posts.map((post) => `${post.label}/${post.platform}`).sort()).toEqual([
      'Sold/facebook',
      'Sold/x',
      'Thank you/facebook',
    ]);
    await publishJobsSettled(
      t,
      started.posts.filter(dueNow).map((post) => post.postId!),
    );
    expect(
      (await campaignOf(agent, justSold.id)).posts.filter((post) => post.status === 'published'),
    ).toHaveLength(2);

    const log = await call(t.app, 'GET', `/api/v1/campaign-log?listingId=${home.id}&limit=50`, { as: agent });
    const cancellations = log.body.items.filter(
      (item: { action: string }) => item.action === 'post.cancelled',
    );
    expect(cancellations).toHaveLength(7);
    expect(cancellations[0].reason).toMatch(/no longer applies/);
  });
});
