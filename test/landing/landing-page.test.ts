import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails, listingInquiries, listingPageEvents } from '../../src/db/schema.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { account, listing, type PlannedPost } from '../campaigns/helpers.js';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0';
const FORM = 'application/x-www-form-urlencoded';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://listcast.example.com' });
});
afterAll(() => t.close());

const visit = (url: string, userAgent = BROWSER, remoteAddress = '203.0.113.1') =>
  t.app.inject({ method: 'GET', url, headers: { 'user-agent': userAgent }, remoteAddress });

const send = (listingId: string, body: Record<string, unknown>, remoteAddress = '203.0.113.2') =>
  t.app.inject({ method: 'POST', url: `/l/${listingId}/leads`, payload: body, remoteAddress });

const sendForm = (listingId: string, fields: Record<string, string>, remoteAddress = '203.0.113.3') =>
  t.app.inject({
    method: 'POST',
    url: `/l/${listingId}/leads`,
    headers: { 'content-type': FORM },
    payload: new URLSearchParams(fields).toString(),
    remoteAddress,
  });

const eventsOf = (listingId: string) =>
  t.database.db.select().from(listingPageEvents).where(eq(listingPageEvents.listingId, listingId));
const inquiriesOf = (listingId: string) =>
  t.database.db.select().from(listingInquiries).where(eq(listingInquiries.listingId, listingId));

async function brandedListing(agent: TestUser) {
  const kit = await call(t.app, 'PATCH', '/api/v1/brand-kit', {
    as: agent,
    body: {
      agentName: 'Dana Reyes',
      brokerage: 'Harbor Realty',
      disclosure: 'Dana Reyes is licensed in Maine.',
    },
  });
  expect(kit.status, JSON.stringify(kit.body)).toBe(200);
  const start = new Date(Date.now() + 3 * 86_400_000);
  start.setUTCHours(17, 0, 0, 0);
  return listing(t, agent, {
    openHouses: [
      { start: start.toISOString(), end: new Date(start.getTime() + 2 * 3_600_000).toISOString() },
    ],
  });
}

describe('the public listing page and its lead form', () => {
  it('when a person opens /l/{id}, then it shows the open house, the disclosure and the lead form, and counts the view (bots not)', async () => {
    const agent = await registerUser(t.app);
    const home = await brandedListing(agent);
    const page = await visit(`/l/${home.id}?utm_source=flyer&utm_medium=print`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Open house');
    expect(page.body).toMatch(/<ul class="open-houses"><li>\w+day, /);
    expect(page.body).toContain('Dana Reyes is licensed in Maine.');
    expect(page.body).toContain(`action="/l/${home.id}/leads"`);
    expect(page.body).toContain('name="consent"');
    expect(page.body).toContain('<input type="hidden" name="utm_source" value="flyer">');
    await visit(`/l/${home.id}`, 'Mozilla/5.0 (compatible; Googlebot/2.1)');
    await visit(`/l/${home.id}`, 'facebookexternalhit/1.1');
    const events = await eventsOf(home.id);
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'view',
        platform: 'flyer',
        postId: null,
        workspaceId: agent.workspaceId,
      }),
    ]);
  });

  it('when a lead is sent as JSON, then it is stored with its UTM fields, counted and the owners are told by email too', async () => {
    const agent = await registerUser(t.app);
    const home = await brandedListing(agent);
    const sent = await send(home.id, {
      name: 'Sam Buyer',
      email: 'sam@example.com',
      message: 'Is the deck new?',
      consent: true,
      utm_source: 'facebook',
      utm_medium: 'social',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toEqual({ status: 'received' });
    expect(await inquiriesOf(home.id)).toEqual([
      expect.objectContaining({
        workspaceId: agent.workspaceId,
        name: 'Sam Buyer',
        email: 'sam@example.com',
        phone: null,
        message: 'Is the deck new?',
        consent: true,
        utmSource: 'facebook',
        utmMedium: 'social',
      }),
    ]);
    expect((await eventsOf(home.id)).map((event) => [event.kind, event.platform])).toEqual([
      ['submit', 'facebook'],
    ]);
    const notices = await call(t.app, 'GET', '/api/v1/notifications', { as: agent });
    expect(notices.body.items).toEqual([
      expect.objectContaining({
        kind: 'listing_inquiry',
        title: expect.stringContaining(home.address.street),
      }),
    ]);
    const mail = await t.database.db.select().from(emails).where(eq(emails.workspaceId, agent.workspaceId));
    expect(mail.some((email) => email.body.includes('Sam Buyer'))).toBe(true);
  });

  it('when a JSON lead has neither email nor phone, or no consent, then it is refused with validation_failed and nothing is stored', async () => {
    const agent = await registerUser(t.app);
    const home = await listing(t, agent);
    const noContact = await send(home.id, { name: 'Sam', consent: true });
    expect(noContact.statusCode).toBe(400);
    expect(noContact.json()).toMatchObject({ code: 'validation_failed' });
    const noConsent = await send(home.id, { name: 'Sam', phone: '+1 207 555 0100' });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().details.fields).toEqual([expect.objectContaining({ field: 'consent' })]);
    expect(await inquiriesOf(home.id)).toEqual([]);
    expect((await send('00000000-0000-4000-8000-000000000000', { name: 'x' })).statusCode).toBe(404);
  });

  it('when a browser posts the form with a mistake, then the page comes back with the message and the values kept; a good post thanks the visitor', async () => {
    const agent = await registerUser(t.app);
    const home = await listing(t, agent);
    const refused = await sendForm(home.id, { name: 'Ann <b>Lee</b>', email: 'not-an-email', consent: 'on' });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toContain('Please enter a valid email address');
    expect(refused.body).toContain('value="Ann &#60;b&#62;Lee&#60;/b&#62;"');
    const accepted = await sendForm(home.id, { name: 'Ann Lee', phone: '207-555-0101', consent: 'on' });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.body).toContain('Thank you');
    expect((await inquiriesOf(home.id)).map((row) => row.phone)).toEqual(['207-555-0101']);
  });

  it('when the honeypot field is filled, then the answer looks like success but nothing is stored or counted', async () => {
    const agent = await registerUser(t.app);
    const home = await listing(t, agent);
    const trapped = await send(home.id, {
      name: 'Bot',
      email: 'bot@example.com',
      consent: true,
      website: 'http://spam',
    });
    expect(trapped.statusCode).toBe(201);
    expect(trapped.json()).toEqual({ status: 'received' });
    expect(await inquiriesOf(home.id)).toEqual([]);
    expect(await eventsOf(home.id)).toEqual([]);
  });

  it('when one address sends more than 10 forms in a minute, then the next is refused with rate_limited', async () => {
    const agent = await registerUser(t.app);
    const home = await listing(t, agent);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await send(home.id, { name: 'Spam' }, '198.51.100.9')).statusCode);
    expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Another address is not affected.
    expect((await send(home.id, { name: 'Spam' }, '198.51.100.10')).statusCode).toBe(400);
  });

  it('when a campaign is planned, then its posts link to the page tagged with platform, campaign and post (Instagram: link in bio), and a visit from that link is counted for the post', async () => {
    const agent = await registerUser(t.app);
    const home = await listing(t, agent);
    const facebook = await account(t, agent, 'facebook');
    const instagram = await account(t, agent, 'instagram');
    const preview = await call(t.app, 'POST', `/api/v1/listings/${home.id}/campaigns`, {
      as: agent,
      body: { template: 'just_listed', accounts: [facebook.id, instagram.id] },
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    const planned: PlannedPost[] = preview.body.posts;
    for (const post of planned.filter((post) => post.platform === 'facebook')) {
      expect(post.text).toContain(
        `https://listcast.example.com/l/${home.id}?utm_source=facebook&utm_medium=social&utm_campaign=${preview.body.id}&utm_content=${post.id}`,
      );
    }
    for (const post of planned.filter((post) => post.platform === 'instagram')) {
      expect(post.text).toMatch(/link in bio/i);
      expect(post.text).not.toContain('https://listcast.example.com/l/');
    }
    const activated = await call(t.app, 'POST', `/api/v1/campaigns/${preview.body.id}/activate`, {
      as: agent,
    });
    expect(activated.status).toBe(200);
    const post = (activated.body.posts as PlannedPost[]).find((row) => row.platform === 'facebook')!;
    const link = new URL(/https:\/\/listcast\.example\.com\/l\/\S+/.exec(post.text)![0]);
    expect((await visit(`${link.pathname}${link.search}`)).statusCode).toBe(200);
    expect(await eventsOf(home.id)).toEqual([
      expect.objectContaining({
        kind: 'view',
        platform: 'facebook',
        postId: post.postId,
        campaignId: preview.body.id,
      }),
    ]);
  });
});
