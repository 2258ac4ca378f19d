import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { listingBody, teammate } from '../listings/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Post {
  platform: string;
  text: string;
  hashtags: string[];
  published: string;
  length: number;
  limit: number;
  edited: boolean;
  estimate: { kind: string; score: number; factors: unknown[] };
}

async function listingOf(agent: TestUser, overrides: Record<string, unknown> = {}) {
  const created = await call(t.app, 'POST', '/api/v1/listings', {
    as: agent,
    body: listingBody({ features: ['Renovated kitchen', 'Two-car garage', 'Fenced yard'], ...overrides }),
  });
  expect(created.status).toBe(201);
  return String(created.body.id);
}

const generate = (agent: TestUser, listingId: string, body: Record<string, unknown>) =>
  call(t.app, 'POST', `/api/v1/listings/${listingId}/content`, { as: agent, body });

const postOf = (set: { posts: Post[] }, platform: string) =>
  set.posts.find((post) => post.platform === platform)!;

describe('writing a content set for a listing with the built-in copywriter', () => {
  it('when an editor asks for just-listed content, then the set has an analysis, descriptions and four posts within limits', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent);
    const response = await generate(agent, listingId, { event: 'just_listed' });
    expect(response.status).toBe(201);
    const set = response.body.contentSet;
    expect(set).toMatchObject({
      listingId,
      kind: 'listing',
      event: 'just_listed',
      version: 1,
      status: 'ready',
    });
    expect(set.model).toBe('builtin');
    expect(set.analysis.sellingPoints.length).toBeGreaterThan(0);
    expect(set.description.short.length).toBeGreaterThan(20);
    expect(set.description.short.length).toBeLessThanOrEqual(300);
    expect(set.description.long.length).toBeGreaterThan(set.description.short.length);
    expect(set.posts.map((post: Post) => post.platform)).toEqual(['instagram', 'facebook', 'linkedin', 'x']);
    for (const post of set.posts as Post[]) {
      expect(post.length, post.platform).toBeLessThanOrEqual(post.limit);
      expect(post.published.startsWith(post.text)).toBe(true);
      expect(post.estimate.kind).toBe('estimate');
      expect(post.text).toContain('12 Oak Street');
    }
    expect(postOf(set, 'instagram').hashtags.length).toBeLessThanOrEqual(5);
    expect(set.cost).toEqual({ totalMicros: 0, perPostMicros: 0, calls: 0, fallback: null });
  });

  it('when the same request is sent again, then the same set answers (200); with regenerate, a new version with new words', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent);
    const first = await generate(agent, listingId, { event: 'just_listed', platforms: ['instagram'] });
    const again = await generate(agent, listingId, { event: 'just_listed', platforms: ['instagram'] });
    expect(again.status).toBe(200);
    expect(again.body.contentSet.id).toBe(first.body.contentSet.id);
    const fresh = await generate(agent, listingId, {
      event: 'just_listed',
      platforms: ['instagram'],
      regenerate: true,
    });
    expect(fresh.status).toBe(201);
    expect(fresh.body.contentSet.version).toBe(2);
    expect(postOf(fresh.body.contentSet, 'instagram').text).not.toBe(
      postOf(first.body.contentSet, 'instagram').text,
    );
    const versions = await call(t.app, 'GET', `/api/v1/listings/${listingId}/content`, { as: agent });
    expect(versions.body.items.map((set: { version: number }) => set.version)).toEqual([2, 1]);
  });

  it('when the listing changes, then the same request writes a new version from the new facts', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent);
    const first = await generate(agent, listingId, { event: 'just_listed', platforms: ['facebook'] });
    await call(t.app, 'PATCH', `/api/v1/listings/${listingId}`, { as: agent, body: { beds: 5 } });
    const second = await generate(agent, listingId, { event: 'just_listed', platforms: ['facebook'] });
    expect(second.status).toBe(201);
    expect(second.body.contentSet.version).toBe(first.body.contentSet.version + 1);
  });

  it('when an open house or a price cut has no date or old price, then 400 names the missing field; otherwise the facts are used', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent);
    const noSlot = await generate(agent, listingId, { event: 'open_house' });
    expect(noSlot.status).toBe(400);
    expect(noSlot.body.details.fields[0].field).toBe('body.openHouse');
    const noOldPrice = await generate(agent, listingId, { event: 'price_reduced' });
    expect(noOldPrice.body.details.fields[0].field).toBe('body.previousPrice');

    await call(t.app, 'PATCH', `/api/v1/listings/${listingId}`, { as: agent, body: { price: 425000 } });
    const reduced = await generate(agent, listingId, { event: 'price_reduced', platforms: ['facebook'] });
    expect(reduced.status).toBe(201);
    const text = postOf(reduced.body.contentSet, 'facebook').text;
    expect(text).toMatch(/450,000|450K/);
    expect(text).toMatch(/425,000|425K/);

    const openHouse = await generate(agent, listingId, {
      event: 'open_house',
      platforms: ['instagram'],
      openHouse: { start: '2030-05-04T13:00:00-05:00', end: '2030-05-04T15:00:00-05:00' },
      timeZone: 'America/Chicago',
    });
    expect(openHouse.status).toBe(201);
    expect(postOf(openHouse.body.contentSet, 'instagram').text).toMatch(/May 4/);
  });

  it('when another workspace or a viewer tries, then 404 and 403; a missing listing is 404', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent);
    const stranger = await registerUser(t.app);
    expect((await generate(stranger, listingId, { event: 'just_listed' })).status).toBe(404);
    const viewer = await teammate(t, agent, 'viewer');
    const refused = await call(t.app, 'POST', `/api/v1/listings/${listingId}/content`, {
      as: viewer,
      body: { event: 'just_listed' },
    });
    expect(refused.status).toBe(403);
    const missing = await generate(agent, '00000000-0000-4000-8000-000000000000', { event: 'just_listed' });
    expect(missing.status).toBe(404);
  });
});

describe('editing and regenerating posts', () => {
  it('when a post is edited, then limits and compliance are checked again on the new text', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent);
    const set = (await generate(agent, listingId, { event: 'just_listed' })).body.contentSet;
    const url = `/api/v1/content/${set.id}/posts/instagram`;

    const edited = await call(t.app, 'PATCH', url, {
      as: agent,
      body: { text: 'A sunny home, perfect for families with young kids. DM us to see it.' },
    });
    expect(edited.status).toBe(200);
    const post = postOf(edited.body.contentSet, 'instagram');
    expect(post.edited).toBe(true);
    expect(post.text).toContain('perfect for families');
    const issues = edited.body.contentSet.compliance.issues.filter(
      (issue: { where: string }) => issue.where === 'instagram',
    );
    expect(issues.map((issue: { category: string }) => issue.category)).toContain('familial_status');

    const tooLong = await call(t.app, 'PATCH', `/api/v1/content/${set.id}/posts/x`, {
      as: agent,
      body: { text: 'A bright home with a deck. '.repeat(12) },
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.code).toBe('content_limit_exceeded');
    expect(tooLong.body.details.problems[0]).toMatchObject({ code: 'too_long', limit: 280 });
    const unchanged = await call(t.app, 'GET', `/api/v1/content/${set.id}`, { as: agent });
    expect(postOf(unchanged.body.contentSet, 'x')).toEqual(postOf(set, 'x'));
  });

  it('when one post is regenerated, then only that post changes; regenerating all writes a new version', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent);
    const set = (await generate(agent, listingId, { event: 'just_listed' })).body.contentSet;
    const one = await call(t.app, 'POST', `/api/v1/content/${set.id}/regenerate`, {
      as: agent,
      body: { platform: 'x' },
    });
    expect(one.status).toBe(201);
    expect(one.body.contentSet.id).toBe(set.id);
    expect(postOf(one.body.contentSet, 'instagram')).toEqual(postOf(set, 'instagram'));
    expect(postOf(one.body.contentSet, 'x').length).toBeLessThanOrEqual(280);
    const all = await call(t.app, 'POST', `/api/v1/content/${set.id}/regenerate`, { as: agent, body: {} });
    expect(all.status).toBe(201);
    expect(all.body.contentSet.version).toBe(set.version + 1);
  });
});

describe('brand posts, text checks, settings and usage', () => {
  it('when a brand without listings asks for posts from a brief, then it gets an Instagram post with its hashtags', async () => {
    const agent = await registerUser(t.app);
    const response = await call(t.app, 'POST', '/api/v1/content/posts', {
      as: agent,
      body: {
        topic: 'Spring staging tips',
        brief:
          'Declutter every surface. Paint in light neutral colours. Open the curtains before each showing.',
        hashtags: ['HomeStaging'],
        tone: 'playful',
      },
    });
    expect(response.status).toBe(201);
    const set = response.body.contentSet;
    expect(set).toMatchObject({
      kind: 'brand',
      listingId: null,
      event: null,
      tone: 'playful',
      status: 'ready',
    });
    expect(set.posts).toHaveLength(1);
    expect(postOf(set, 'instagram').hashtags).toContain('#HomeStaging');
    const listed = await call(t.app, 'GET', '/api/v1/content?kind=brand', { as: agent });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([set.id]);
  });

  it('when text is checked, then fair-housing phrases, platform limits and required disclosures are reported', async () => {
    const agent = await registerUser(t.app);
    const plain = await call(t.app, 'POST', '/api/v1/content/check', {
      as: agent,
      body: { text: 'Quiet street, ideal for a Christian family.' },
    });
    expect(plain.status).toBe(200);
    const categories = plain.body.issues.map((issue: { category: string }) => issue.category);
    expect(categories).toEqual(expect.arrayContaining(['religion']));
    expect(plain.body.length).toBeNull();

    await call(t.app, 'PATCH', '/api/v1/brand-kit', {
      as: agent,
      body: { disclosure: 'Information deemed reliable but not guaranteed.' },
    });
    const facebook = await call(t.app, 'POST', '/api/v1/content/check', {
      as: agent,
      body: { text: 'Open house Saturday at 12 Oak Street.', platform: 'facebook' },
    });
    expect(facebook.body.issues.map((issue: { category: string }) => issue.category)).toContain(
      'missing_disclosure',
    );
    const x = await call(t.app, 'POST', '/api/v1/content/check', {
      as: agent,
      body: { text: `${'Bright home. '.repeat(25)}#a #b #c`, platform: 'x' },
    });
    expect(x.body.limits.map((problem: { code: string }) => problem.code).sort()).toEqual([
      'too_long',
      'too_many_hashtags',
    ]);
    expect(x.body.length).toBeGreaterThan(280);
  });

  it('when an admin changes the hashtag cap, then new Instagram posts hold it; editors cannot change settings', async () => {
    const agent = await registerUser(t.app);
    const defaults = await call(t.app, 'GET', '/api/v1/content/settings', { as: agent });
    expect(defaults.body).toMatchObject({ hashtagCap: 5, costCapMicros: 20000, overCap: 'fallback' });
    const editor = await teammate(t, agent, 'editor');
    const refused = await call(t.app, 'PATCH', '/api/v1/content/settings', {
      as: editor,
      body: { hashtagCap: 1 },
    });
    expect(refused.status).toBe(403);
    const changed = await call(t.app, 'PATCH', '/api/v1/content/settings', {
      as: agent,
      body: { hashtagCap: 1 },
    });
    expect(changed.body.hashtagCap).toBe(1);
    const listingId = await listingOf(agent);
    const set = (await generate(agent, listingId, { event: 'just_listed', platforms: ['instagram'] })).body
      .contentSet;
    expect(postOf(set, 'instagram').hashtags).toHaveLength(1);
  });

  it('when only the built-in copywriter ran, then usage shows no model calls', async () => {
    const agent = await registerUser(t.app);
    await generate(agent, await listingOf(agent), { event: 'just_sold' });
    const usage = await call(t.app, 'GET', '/api/v1/usage', { as: agent });
    expect(usage.status).toBe(200);
    expect(usage.body.months).toEqual([]);
  });
});
