import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadEvents } from '../../src/db/schema.js';
import { startSequence } from '../../src/modules/sequences/sequences.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  deliveredEmails,
  enrol,
  insertLead,
  leadEmail,
  seedWorkspace,
  sequenceOf,
  stepsDone,
  unsubscribePath,
} from './helpers.js';

// No SMTP_URL: nothing leaves, everything waits in the outbox. A week runs in one second.
let t: TestApp;
let owner: TestUser;
let asked: string;

beforeAll(async () => {
  t = await createTestApp({ SEQUENCE_TIME_SCALE: String(7 * 24 * 3600) });
  const seeded = await seedWorkspace(t);
  owner = seeded.owner;
  asked = seeded.listings.asked;
});
afterAll(() => t.close());

async function completedSequence() {
  const lead = await insertLead(t, owner.workspaceId, { listingId: asked });
  const started = await enrol(t, owner.workspaceId, lead.id);
  if (started.status !== 'started') throw new Error('not enrolled');
  await stepsDone(t, started.sequenceId);
  const emails = await deliveredEmails(t, started.sequenceId);
  return { lead, sequenceId: started.sequenceId, emails };
}

async function keyWithRole(role: 'viewer' | 'editor' | 'admin') {
  const key = await call(t.app, 'POST', '/api/v1/api-keys', { as: owner, body: { name: role, role } });
  return { token: key.body.key as string };
}

describe('the outbox', () => {
  it('when SMTP_URL is not set, then every follow-up waits in GET /outbox as not_configured, readable in full', async () => {
    const { lead, sequenceId, emails } = await completedSequence();
    expect(emails.map((row) => [row.step, row.status])).toEqual([
      [1, 'not_configured'],
      [2, 'not_configured'],
      [3, 'not_configured'],
    ]);

    const listed = await call(t.app, 'GET', `/api/v1/outbox?status=not_configured&leadId=${lead.id}`, {
      as: owner,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { step: number }) => item.step)).toEqual([3, 2, 1]);
    expect(listed.body.items[0]).toMatchObject({
      to: lead.email,
      status: 'not_configured',
      leadId: lead.id,
      sequenceId,
      subject: 'Your market update, Jordan',
      sentAt: null,
    });
    expect(listed.body.items[0].body).toBeUndefined();

    const welcome = await call(t.app, 'GET', `/api/v1/outbox/${emails[0]!.id}`, { as: owner });
    expect(welcome.status).toBe(200);
    expect(welcome.body.subject).toBe('Thanks for your interest in 12 Harbor Lane');
    expect(welcome.body.body).toContain('Hi Jordan,');
    expect(welcome.body.body).toContain('12 Harbor Lane, Portland, ME 04101');
    expect(unsubscribePath(welcome.body.body)).toBeDefined();

    const sent = await call(t.app, 'GET', `/api/v1/outbox?status=sent&leadId=${lead.id}`, { as: owner });
    expect(sent.body.items).toEqual([]);
  });

  it('when the outbox is read a page at a time, then the pages follow each other without gaps or repeats', async () => {
    const { lead } = await completedSequence();
    const first = await call(t.app, 'GET', `/api/v1/outbox?leadId=${lead.id}&limit=2`, { as: owner });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(
      t.app,
      'GET',
      `/api/v1/outbox?leadId=${lead.id}&limit=2&cursor=${first.body.nextCursor}`,
      { as: owner },
    );
    expect(second.body.nextCursor).toBeNull();
    const steps = [...first.body.items, ...second.body.items].map((item: { step: number }) => item.step);
    expect(steps).toEqual([3, 2, 1]);

    const bad = await call(t.app, 'GET', '/api/v1/outbox?cursor=bm90LWEtY3Vyc29y', { as: owner });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });
});

describe('sequences and suppressions through the API', () => {
  it('when a sequence is stopped by hand, then no further step is sent and the timeline says who stopped it', async () => {
    const lead = await insertLead(t, owner.workspaceId, { listingId: asked });
    const started = await enrol(t, owner.workspaceId, lead.id);
    if (started.status !== 'started') throw new Error('not enrolled');
    const stopped = await call(t.app, 'POST', `/api/v1/sequences/${started.sequenceId}/stop`, { as: owner });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({
      id: started.sequenceId,
      leadId: lead.id,
      template: 'new_lead',
      status: 'stopped',
      stopReason: 'manual',
      steps: 3,
    });
    await stepsDone(t, started.sequenceId);
    expect(await deliveredEmails(t, started.sequenceId)).toHaveLength(stopped.body.step);
    expect(await sequenceOf(t, owner, lead.id)).toMatchObject({ status: 'stopped', step: stopped.body.step });

    const again = await call(t.app, 'POST', `/api/v1/sequences/${started.sequenceId}/stop`, { as: owner });
    expect(again.status).toBe(200);
    expect(again.body.stoppedAt).toBe(stopped.body.stoppedAt);
    const events = await t.database.db
      .select()
      .from(leadEvents)
      .where(and(eq(leadEvents.leadId, lead.id), eq(leadEvents.kind, 'sequence_stopped')));
    expect(events).toHaveLength(1);
    expect(events[0]?.actorId).toBe(owner.userId);
  });

  it('when addresses are suppressed by hand, then editors add them, only admins and owners remove them', async () => {
    const email = leadEmail();
    const viewer = await keyWithRole('viewer');
    const editor = await keyWithRole('editor');
    const refused = await call(t.app, 'POST', '/api/v1/suppressions', { as: viewer, body: { email } });
    expect(refused.status).toBe(403);

    const added = await call(t.app, 'POST', '/api/v1/suppressions', {
      as: editor,
      body: { email: email.toUpperCase() },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ email, reason: 'manual' });
    const twice = await call(t.app, 'POST', '/api/v1/suppressions', { as: editor, body: { email } });
    expect(twice.status).toBe(200);

    const listed = await call(t.app, 'GET', '/api/v1/suppressions?limit=100', { as: viewer });
    expect(listed.body.items).toContainEqual(expect.objectContaining({ email, reason: 'manual' }));

    const lead = await insertLead(t, owner.workspaceId, { email });
    expect(await enrol(t, owner.workspaceId, lead.id)).toEqual({ status: 'skipped', reason: 'suppressed' });

    const path = `/api/v1/suppressions/${encodeURIComponent(email)}`;
    expect((await call(t.app, 'DELETE', path, { as: editor })).status).toBe(403);
    expect((await call(t.app, 'DELETE', path, { as: owner })).status).toBe(204);
    expect((await call(t.app, 'DELETE', path, { as: owner })).status).toBe(404);
    expect((await enrol(t, owner.workspaceId, lead.id)).status).toBe('started');
  });
});

describe('tenancy', () => {
  it("when another workspace names this workspace's email, sequence, suppression or lead, then it is not found", async () => {
    const { lead, sequenceId, emails } = await completedSequence();
    await call(t.app, 'POST', '/api/v1/suppressions', { as: owner, body: { email: lead.email } });
    const other = await registerUser(t.app, 'Other Agent');

    expect((await call(t.app, 'GET', `/api/v1/outbox/${emails[0]!.id}`, { as: other })).status).toBe(404);
    expect((await call(t.app, 'POST', `/api/v1/sequences/${sequenceId}/stop`, { as: other })).status).toBe(
      404,
    );
    const path = `/api/v1/suppressions/${encodeURIComponent(lead.email!)}`;
    expect((await call(t.app, 'DELETE', path, { as: other })).status).toBe(404);
    for (const url of [
      '/api/v1/outbox',
      `/api/v1/outbox?leadId=${lead.id}`,
      `/api/v1/sequences?leadId=${lead.id}`,
    ]) {
      const listed = await call(t.app, 'GET', url, { as: other });
      expect(listed.body.items, url).toEqual([]);
    }
    const suppressions = await call(t.app, 'GET', '/api/v1/suppressions', { as: other });
    expect(JSON.stringify(suppressions.body)).not.toContain(lead.email);
    await expect(
      t.database.db.transaction((tx) =>
        startSequence({ tx, jobs: t.jobs, workspaceId: other.workspaceId, leadId: lead.id }),
      ),
    ).rejects.toMatchObject({ code: 'not_found' });

    expect(await sequenceOf(t, owner, lead.id)).toMatchObject({ status: 'completed' });
  });
});
