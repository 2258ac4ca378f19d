import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  leadScores,
  leadSequences,
  listingInquiries,
  notifications,
  socialAccounts,
  workspaceEvents,
} from '../../src/db/schema.js';
import { ingestEngagement } from '../../src/modules/inbox/ingest.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { sampleListing } from '../helpers/world.js';
import { drain } from '../inbox/jobs-drain.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://listcast.example.com' });
});
afterAll(() => t.close());

async function listingOf(agent: TestUser, street = '12 Harbor Lane') {
  const created = await call(t.app, 'POST', '/api/v1/listings', { as: agent, body: sampleListing(street) });
  expect(created.status).toBe(201);
  return String(created.body.id);
}

async function liveAccount(agent: TestUser) {
  const [account] = await t.database.db
    .insert(socialAccounts)
    .values({
      workspaceId: agent.workspaceId,
      platform: 'instagram',
      network: 'live',
      externalId: `ig-${Math.random().toString(36).slice(2)}`,
      handle: 'harborhomes',
      displayName: 'Harbor Homes',
      kind: 'business',
    })
    .returning();
  return account!;
}

let commentNumber = 0;
const commentFrom = (
  account: Awaited<ReturnType<typeof liveAccount>>,
  who: string,
  text: string,
  at = new Date(),
) => {
  commentNumber += 1;
  return ingestEngagement({ db: t.database.db, jobs: t.jobs, config: t.config }, account, {
    platform: 'instagram',
    accountExternalId: account.externalId,
    kind: 'comment',
    externalId: `c-${commentNumber}`,
    parentExternalId: null,
    postExternalId: null,
    author: { id: `igsid-${who}`, handle: who, name: who },
    text,
    at,
    fromAccount: false,
  });
};

describe('leads from forms and engagement', () => {
  it('when someone sends the listing page form, then they are a lead with consent, linked to the listing and inquiry, enrolled in follow-ups; the same email again is the same lead', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent);
    const form = await call(t.app, 'POST', `/l/${listingId}/leads`, {
      body: {
        name: 'Maya Chen',
        email: 'Maya.Chen@Example.com',
        message: 'Could we see it Saturday?',
        consent: true,
      },
    });
    expect(form.status).toBe(201);
    const list = await call(t.app, 'GET', '/api/v1/leads', { as: agent });
    expect(list.body.items).toHaveLength(1);
    const lead = list.body.items[0];
    expect(lead).toMatchObject({
      name: 'Maya Chen',
      email: 'maya.chen@example.com',
      consent: true,
      source: 'form',
      listingId,
    });
    expect(list.body.byStage).toEqual({ new: 1 });
    const [inquiry] = await t.database.db
      .select()
      .from(listingInquiries)
      .where(eq(listingInquiries.listingId, listingId));
    expect(inquiry?.leadId).toBe(lead.id);
    const sequences = await t.database.db
      .select()
      .from(leadSequences)
      .where(eq(leadSequences.leadId, lead.id));
    expect(sequences).toMatchObject([{ status: 'active', template: 'new_lead' }]);

    const again = await call(t.app, 'POST', '/api/v1/leads', {
      as: agent,
      body: { name: 'M. Chen', email: 'maya.chen@example.com', phone: '+1 207 555 0147' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: lead.id, name: 'Maya Chen', phone: '+12075550147' });
    expect((await call(t.app, 'GET', '/api/v1/leads', { as: agent })).body.items).toHaveLength(1);
  });

  it('when a commenter later gives the email a form lead has, then the two are merged into one lead with both identities and the whole timeline', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent, '4 Pine Street');
    const account = await liveAccount(agent);
    expect(await commentFrom(account, 'jo_buyer', 'How much is this one?')).toBe('new');
    await call(t.app, 'POST', `/l/${listingId}/leads`, {
      body: { name: 'Jo Rivera', email: 'jo@example.com', consent: true },
    });
    expect((await call(t.app, 'GET', '/api/v1/leads', { as: agent })).body.items).toHaveLength(2);

    await commentFrom(account, 'jo_buyer', 'Sure — email me at jo@example.com');
    const leads = (await call(t.app, 'GET', '/api/v1/leads', { as: agent })).body.items;
    expect(leads).toHaveLength(1);
    const lead = (await call(t.app, 'GET', `/api/v1/leads/${String(leads[0].id)}`, { as: agent })).body;
    expect(lead.identities).toEqual([{ platform: 'instagram', handle: 'jo_buyer' }]);
    expect(lead.email).toBe('jo@example.com');
    const kinds = lead.timeline.map((event: { kind: string }) => event.kind);
    expect(kinds.filter((kind: string) => kind === 'comment')).toHaveLength(2);
    expect(kinds).toEqual(expect.arrayContaining(['form', 'merged']));
  });

  it('when a compliment comes from a stranger, then no lead; when they ask for a showing, then a lead with a score and an explanation', async () => {
    const agent = await registerUser(t.app);
    const account = await liveAccount(agent);
    await commentFrom(account, 'neighbour', 'Beautiful home, congrats!');
    expect((await call(t.app, 'GET', '/api/v1/leads', { as: agent })).body.items).toHaveLength(0);
    await commentFrom(
      account,
      'neighbour',
      'Actually, could we book a showing this weekend? Budget is 650-700k, 3 bed',
    );
    const [lead] = (await call(t.app, 'GET', '/api/v1/leads', { as: agent })).body.items;
    expect(lead.interest).toMatchObject({ bedrooms: 3 });
    const detail = (await call(t.app, 'GET', `/api/v1/leads/${String(lead.id)}`, { as: agent })).body;
    for (const category of detail.explanation.categories) expect(category.reason.length).toBeGreaterThan(0);
    expect(detail.explanation.nextActions.length).toBeGreaterThan(0);
  });

  it('when a lead shows strong interest again and again, then it becomes hot: its owners are told and lead.hot is emitted once', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingOf(agent, '9 Bay Road');
    const account = await liveAccount(agent);
    const day = 24 * 3600_000;
    const now = Date.now();
    await call(t.app, 'POST', `/l/${listingId}/leads`, {
      body: {
        name: 'Sam Hot',
        email: 'sam@example.com',
        phone: '207-555-0199',
        consent: true,
        message: 'Can I see it Saturday?',
      },
    });
    await commentFrom(
      account,
      'sam',
      'What is the asking price? email sam@example.com',
      new Date(now - 2 * day),
    );
    await commentFrom(account, 'sam', 'Can we schedule a showing Thursday?', new Date(now - day));
    await commentFrom(account, 'sam', 'Are the sellers open to FHA financing?', new Date(now - 1000));
    const [lead] = (await call(t.app, 'GET', '/api/v1/leads', { as: agent })).body.items;
    expect(lead.tier).toBe('hot');
    expect(lead.score).toBeGreaterThanOrEqual(8);
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, agent.userId), eq(notifications.kind, 'lead_hot')));
    expect(told).toHaveLength(1);
    const events = await t.database.db
      .select()
      .from(workspaceEvents)
      .where(and(eq(workspaceEvents.workspaceId, agent.workspaceId), eq(workspaceEvents.kind, 'lead.hot')));
    expect(events).toHaveLength(1);
    const history = await call(t.app, 'GET', `/api/v1/leads/${String(lead.id)}/scores`, { as: agent });
    expect(history.body.items.length).toBeGreaterThanOrEqual(4);
    expect(history.body.items[0].tier).toBe('hot');
  });
});

describe('the pipeline and scoring settings', () => {
  it('when a lead changes stage, then the timeline says so and its follow-ups stop; an owner must be a member; another workspace gets 404', async () => {
    const agent = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/leads', {
      as: agent,
      body: { name: 'Ola Nordmann', email: 'ola@example.com', consent: true, note: 'Met at the open house' },
    });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    const moved = await call(t.app, 'PATCH', `/api/v1/leads/${id}`, {
      as: agent,
      body: { stage: 'qualified', ownerId: agent.userId },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stage: 'qualified', ownerId: agent.userId });
    expect(moved.body.timeline.map((event: { kind: string }) => event.kind)).toEqual(
      expect.arrayContaining([
        'note',
        'sequence_started',
        'stage_changed',
        'owner_changed',
        'sequence_stopped',
      ]),
    );
    const [sequence] = await t.database.db.select().from(leadSequences).where(eq(leadSequences.leadId, id));
    expect(sequence).toMatchObject({ status: 'stopped', stopReason: 'stage_changed' });

    const stranger = await registerUser(t.app);
    const badOwner = await call(t.app, 'PATCH', `/api/v1/leads/${id}`, {
      as: agent,
      body: { ownerId: stranger.userId },
    });
    expect(badOwner.status).toBe(400);
    expect(badOwner.body.code).toBe('validation_failed');
    for (const [method, url, body] of [
      ['GET', `/api/v1/leads/${id}`, undefined],
      ['PATCH', `/api/v1/leads/${id}`, { stage: 'lost' }],
      ['GET', `/api/v1/leads/${id}/scores`, undefined],
      ['POST', `/api/v1/leads/${id}/notes`, { text: 'mine now' }],
    ] as const) {
      expect((await call(t.app, method, url, { as: stranger, body })).status, `${method} ${url}`).toBe(404);
    }
    const badStage = await call(t.app, 'PATCH', `/api/v1/leads/${id}`, {
      as: agent,
      body: { stage: 'married' },
    });
    expect(badStage.status).toBe(400);
  });

  it('when an admin changes the score weights, then they are normalised, every lead is scored again with them, and a zero set is refused', async () => {
    const agent = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/leads', {
      as: agent,
      body: { name: 'Pat Lee', phone: '207 555 0100', interest: { priceMax: 700000 } },
    });
    const id = String(created.body.id);
    const refused = await call(t.app, 'PUT', '/api/v1/leads/scoring', {
      as: agent,
      body: { socialEngagement: 0, profileQuality: 0, interactionFrequency: 0, contentEngagement: 0, fit: 0 },
    });
    expect(refused.status).toBe(400);
    const changed = await call(t.app, 'PUT', '/api/v1/leads/scoring', {
      as: agent,
      body: { socialEngagement: 0, profileQuality: 2, interactionFrequency: 0, contentEngagement: 0, fit: 2 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      socialEngagement: 0,
      profileQuality: 0.5,
      interactionFrequency: 0,
      contentEngagement: 0,
      fit: 0.5,
    });
    await drain(t, ['leads.rescore-all']);
    const [latest] = await t.database.db
      .select()
      .from(leadScores)
      .where(eq(leadScores.leadId, id))
      .orderBy(leadScores.createdAt)
      .then((rows) => rows.slice(-1));
    expect(latest?.weights).toEqual(changed.body);
    expect((await call(t.app, 'GET', '/api/v1/leads/scoring', { as: agent })).body).toEqual(changed.body);
  });
});
