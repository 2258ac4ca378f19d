import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTargets } from '../../src/db/schema.js';
import { ENGAGE_JOB } from '../../src/platforms/sandbox/deliver-engagement.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { account, dueNow, listing, publishJobsSettled, type PlannedPost } from '../campaigns/helpers.js';
import { pdfText } from './pdf-text.js';

const BROWSER = 'Mozilla/5.0 (Macintosh) Safari/605.1.15';

let t: TestApp;
beforeAll(async () => {
  // A day of sandbox engagement in a fraction of a second.
  t = await createTestApp({ PUBLIC_URL: 'https://listcast.example.com', SANDBOX_TIME_SCALE: '1000000' });
});
afterAll(() => t.close());

/** Waits until every engagement delivery queued for these sandbox posts has run and none is queued any more. */
async function engagementDone(sandboxPostIds: string[]) {
  let seen = -1;
  for (;;) {
    const { rows } = await t.database.executeSql(
      `select id from pgboss.job where name = $1 and data->>'sandboxPostId' = any($2::text[])`,
      [ENGAGE_JOB, sandboxPostIds],
    );
    if (rows.length === seen) return;
    seen = rows.length;
    for (const row of rows) expect((await t.jobs.settled(String(row.id))).ok).toBe(true);
  }
}

interface World {
  agent: TestUser;
  home: { id: string; address: { street: string } };
  campaignId: string;
  published: PlannedPost[];
}

/** A listing marketed through the API: brand kit, two sandbox accounts, a just-listed campaign whose first posts publish. */
async function marketedListing(): Promise<World> {
  const agent = await registerUser(t.app);
  await call(t.app, 'PATCH', '/api/v1/brand-kit', {
    as: agent,
    body: { agentName: 'Dana Reyes', brokerage: 'Harbor Realty' },
  });
  const home = await listing(t, agent);
  const facebook = await account(t, agent, 'facebook');
  const x = await account(t, agent, 'x');
  const preview = await call(t.app, 'POST', `/api/v1/listings/${home.id}/campaigns`, {
    as: agent,
    body: { template: 'just_listed', accounts: [facebook.id, x.id] },
  });
  expect(preview.status, JSON.stringify(preview.body)).toBe(201);
  const activated = await call(t.app, 'POST', `/api/v1/campaigns/${preview.body.id}/activate`, { as: agent });
  expect(activated.status).toBe(200);
  const due = (activated.body.posts as PlannedPost[]).filter(dueNow);
  expect(due.map((post) => post.platform).sort()).toEqual(['facebook', 'x']);
  await publishJobsSettled(
    t,
    due.map((post) => post.postId!),
  );
  const targets = await t.database.db
    .select({ externalId: postTargets.externalId, status: postTargets.status })
    .from(postTargets)
    .where(
      inArray(
        postTargets.postId,
        due.map((post) => post.postId!),
      ),
    );
  expect(targets.every((target) => target.status === 'published')).toBe(true);
  await engagementDone(targets.map((target) => target.externalId!));
  return { agent, home, campaignId: preview.body.id, published: due };
}

/** The first link to the listing's page in a post's text. */
const linkIn = (post: PlannedPost) => {
  const url = new URL(/https:\/\/listcast\.example\.com\/l\/\S+/.exec(post.text)![0]);
  return `${url.pathname}${url.search}`;
};

/** What the sandbox holds for the workspace: reach and likes + comments per platform. */
async function sandboxTruth(workspaceId: string) {
  const { rows } = await t.database.executeSql(
    `select p.platform, p.reach,
       (select count(*)::int from sandbox_interactions i
        where i.sandbox_post_id = p.id and i.kind in ('like', 'comment')) as engagement
     from sandbox_posts p where p.workspace_id = $1`,
    [workspaceId],
  );
  return new Map(
    rows.map((row) => [
      String(row.platform),
      { reach: Number(row.reach), engagement: Number(row.engagement) },
    ]),
  );
}

describe('campaign analytics and the seller report', () => {
  let world: World;
  beforeAll(async () => {
    world = await marketedListing();
    const [facebookPost, xPost] = ['facebook', 'x'].map((platform) =>
      world.published.find((post) => post.platform === platform)!,
    );
    // Three visits through the Facebook post's link, one through X's, one typed in, one bot.
    for (let i = 0; i < 3; i++)
      await t.app.inject({ method: 'GET', url: linkIn(facebookPost!), headers: { 'user-agent': BROWSER } });
    await t.app.inject({ method: 'GET', url: linkIn(xPost!), headers: { 'user-agent': BROWSER } });
    await t.app.inject({ method: 'GET', url: `/l/${world.home.id}`, headers: { 'user-agent': BROWSER } });
    await t.app.inject({
      method: 'GET',
      url: linkIn(facebookPost!),
      headers: { 'user-agent': 'Googlebot/2.1' },
    });
    // One inquiry from a visitor who came through the Facebook post.
    const utm = Object.fromEntries(new URL(linkIn(facebookPost!), 'https://x.test').searchParams);
    const lead = await t.app.inject({
      method: 'POST',
      url: `/l/${world.home.id}/leads`,
      payload: { name: 'Sam Buyer', email: 'sam@example.com', consent: true, ...utm },
    });
    expect(lead.statusCode).toBe(201);
  });

  it('when posts were published, engaged with and clicked, then per post, campaign and listing the numbers are what the sandbox and the page hold', async () => {
    const { agent, home, campaignId } = world;
    const truth = await sandboxTruth(agent.workspaceId);
    expect(truth.size).toBe(2);
    expect([...truth.values()].some((row) => row.reach > 0 && row.engagement > 0)).toBe(true);
    const expected = (platform: string) => ({
      reach: truth.get(platform)!.reach,
      engagement: truth.get(platform)!.engagement,
      clicks: platform === 'facebook' ? 3 : 1,
      leads: platform === 'facebook' ? 1 : 0,
    });

    const posts = await call(t.app, 'GET', `/api/v1/analytics/posts?listingId=${home.id}`, { as: agent });
    expect(posts.status, JSON.stringify(posts.body)).toBe(200);
    expect(posts.body.items).toHaveLength(2);
    for (const item of posts.body.items) {
      expect(item).toMatchObject({
        insights: 'sandbox',
        campaignId,
        listingId: home.id,
        ...expected(item.platform),
      });
      expect(item.engagement).toBe(item.likes + item.comments);
    }
    const sum = (key: 'reach' | 'engagement') => truth.get('facebook')![key] + truth.get('x')![key];
    const totals = { posts: 2, reach: sum('reach'), engagement: sum('engagement'), clicks: 4, leads: 1 };
    expect(posts.body.totals).toEqual(totals);

    const campaign = await call(t.app, 'GET', `/api/v1/analytics/campaigns/${campaignId}`, { as: agent });
    expect(campaign.status).toBe(200);
    expect(campaign.body.totals).toEqual(totals);
    expect(campaign.body.byPlatform).toEqual([
      { platform: 'facebook', posts: 1, ...expected('facebook') },
      { platform: 'x', posts: 1, ...expected('x') },
    ]);

    const perListing = await call(t.app, 'GET', `/api/v1/analytics/listings/${home.id}`, { as: agent });
    expect(perListing.status).toBe(200);
    // Page views count every person's visit, from a link or not; bots are not counted.
    expect(perListing.body).toMatchObject({ pageViews: 5, inquiries: 1, totals });
    expect(perListing.body.campaigns).toEqual([expect.objectContaining({ id: campaignId, totals })]);
  });

  it('when the seller report is asked for, then JSON by default and a PDF whose text has the address and the totals', async () => {
    const { agent, home } = world;
    const json = await call(t.app, 'GET', `/api/v1/listings/${home.id}/report`, { as: agent });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      listing: { id: home.id, address: expect.stringContaining(home.address.street) },
      brand: { agentName: 'Dana Reyes', brokerage: 'Harbor Realty' },
      pageViews: 5,
      inquiries: 1,
    });
    expect(json.body.posts).toHaveLength(2);
    expect(json.body.posts[0].permalink).toMatch(/^http/);

    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/v1/listings/${home.id}/report`,
      headers: { authorization: `Bearer ${agent.token}`, accept: 'application/pdf' },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain(home.address.street);
    expect(text).toContain('Harbor Realty');
    expect(text).toContain(json.body.totals.reach.toLocaleString('en-US'));
    expect(text).toContain('Page views');
    const viaQuery = await t.app.inject({
      method: 'GET',
      url: `/api/v1/listings/${home.id}/report?format=pdf`,
      headers: { authorization: `Bearer ${agent.token}` },
    });
    expect(viaQuery.headers['content-type']).toBe('application/pdf');
  });

  it("when another workspace asks for this listing's or campaign's analytics or report, then it is 404", async () => {
    const stranger = await registerUser(t.app);
    for (const url of [
      `/api/v1/analytics/listings/${world.home.id}`,
      `/api/v1/analytics/campaigns/${world.campaignId}`,
      `/api/v1/listings/${world.home.id}/report`,
      `/api/v1/listings/${world.home.id}/report?format=pdf`,
    ]) {
      expect((await call(t.app, 'GET', url, { as: stranger })).status, url).toBe(404);
    }
    const theirs = await call(t.app, 'GET', `/api/v1/analytics/posts?listingId=${world.home.id}`, {
      as: stranger,
    });
    expect(theirs.body.items).toEqual([]);
  });
});
