import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  BRAND,
  createMailbox,
  deliveredEmails,
  enrol,
  insertLead,
  seedWorkspace,
  sequenceOf,
  unsubscribePath,
} from './helpers.js';

const PUBLIC_URL = 'https://app.listcast.test';
// A week in one second: the whole new-lead sequence runs while the test waits for its emails.
const SCALE = String(7 * 24 * 3600);

let t: TestApp;
let owner: TestUser;
let ids: Awaited<ReturnType<typeof seedWorkspace>>['listings'];
const mailbox = createMailbox();

beforeAll(async () => {
  const port = await mailbox.listen();
  t = await createTestApp({
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    PUBLIC_URL,
    SEQUENCE_TIME_SCALE: SCALE,
  });
  ({ owner, listings: ids } = await seedWorkspace(t));
});
afterAll(async () => {
  await t.close();
  await mailbox.close();
});

describe('the new-lead sequence over SMTP', () => {
  it('when a lead is enrolled, then welcome, recommendations and market insights arrive in order, written from real data', async () => {
    const lead = await insertLead(t, owner.workspaceId, { name: 'Jordan Avery', listingId: ids.asked });
    const email = lead.email!;
    const started = await enrol(t, owner.workspaceId, lead.id);
    expect(started.status).toBe('started');

    const welcome = await mailbox.next(email);
    const recommendations = await mailbox.next(email);
    const market = await mailbox.next(email);

    expect(welcome.subject).toBe('Thanks for your interest in 12 Harbor Lane');
    expect(welcome.text).toContain('Hi Jordan,');
    expect(welcome.text).toContain('12 Harbor Lane, Portland, ME 04101');
    expect(welcome.text).toContain('$689,000 · 3 bedrooms · 2.5 baths · 1,850 sq ft');
    expect(welcome.text).toContain(`${PUBLIC_URL}/l/${ids.asked}`);
    expect(welcome.text).toContain("I'm Dana Reyes with Harbor Realty.");
    expect(welcome.text).toContain('call me at +1 555 010 0199');

    expect(recommendations.subject).toBe('Homes you might like, Jordan');
    expect(recommendations.text).toContain('(up to $700,000, 3 bedrooms, in Portland)');
    // Closest to the lead's price band, bedrooms and area; never the asked one, the sold one or one far off.
    const order = ['8 Pier Road', '40 Ocean Avenue', '5 Mill Street'].map((street) =>
      recommendations.text.indexOf(street),
    );
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(recommendations.text).toContain(`${PUBLIC_URL}/l/${ids.pier}`);
    expect(recommendations.text).toContain('$710,000');
    for (const absent of ['12 Harbor Lane', '3 Dock Street', '99 Summit Road'])
      expect(recommendations.text).not.toContain(absent);

    expect(market.subject).toBe('Your market update, Jordan');
    expect(market.text).toContain('5 homes for sale right now, at a median list price of $689,000');
    expect(market.text).toContain('6 new listings in the last 30 days');
    expect(market.text).toContain('1 price reduction in the last 30 days');
    expect(market.text).toContain('1 home sold in the last 90 days');

    for (const mail of [welcome, recommendations, market]) {
      expect(mail.to).toEqual([email]);
      for (const line of [BRAND.agentName, BRAND.brokerage, `Lic. #${BRAND.licenseNumber}`])
        expect(mail.text).toContain(line);
      const path = unsubscribePath(mail.text);
      expect(path).toBeDefined();
      expect(mail.headers['list-unsubscribe']).toBe(`<${PUBLIC_URL}${path}>`);
      expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      expect(mail.html).toContain(`<a href="${PUBLIC_URL}${path}">`);
    }

    const sequence = await sequenceOf(t, owner, lead.id);
    expect(sequence).toMatchObject({ status: 'completed', step: 3, steps: 3, stopReason: null });
    const sent = await deliveredEmails(t, sequence.id);
    expect(sent.map((row) => [row.step, row.status])).toEqual([
      [1, 'sent'],
      [2, 'sent'],
      [3, 'sent'],
    ]);
  });

  it("when the mail client's one-click unsubscribe is used, then the address is suppressed and listed", async () => {
    const lead = await insertLead(t, owner.workspaceId, { name: 'Sam Lee', listingId: ids.asked });
    const email = lead.email!;
    await enrol(t, owner.workspaceId, lead.id);
    const welcome = await mailbox.next(email);
    const header = /^<(.+)>$/.exec(welcome.headers['list-unsubscribe'] ?? '')?.[1] ?? '';
    const url = new URL(header);
    expect(url.origin).toBe(PUBLIC_URL);

    // What RFC 8058 mail clients send: a POST with this form body, no cookies, no page visit first.
    const clicked = await t.app.inject({
      method: 'POST',
      url: url.pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(clicked.statusCode).toBe(200);
    expect(clicked.body).toContain('You are unsubscribed');

    const suppressions = await call(t.app, 'GET', '/api/v1/suppressions', { as: owner });
    expect(suppressions.body.items).toContainEqual(
      expect.objectContaining({ email, reason: 'unsubscribed' }),
    );
    const sequence = await sequenceOf(t, owner, lead.id);
    expect(sequence.status).not.toBe('active');
  });
});
