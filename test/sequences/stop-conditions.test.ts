import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { leadEvents, leads } from '../../src/db/schema.js';
import { queueEmail } from '../../src/modules/email/queue-email.js';
import { startSequence } from '../../src/modules/sequences/sequences.js';
import { call, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  createMailbox,
  deliveredEmails,
  enrol,
  insertLead,
  leadEmail,
  runStep,
  seedWorkspace,
  sequenceOf,
  unsubscribePath,
} from './helpers.js';

// Real time: the queued steps are hours away, so each test runs the step it needs itself, when it needs it.
let t: TestApp;
let owner: TestUser;
let asked: string;
const mailbox = createMailbox();

beforeAll(async () => {
  const port = await mailbox.listen();
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL: 'https://app.listcast.test' });
  const seeded = await seedWorkspace(t);
  owner = seeded.owner;
  asked = seeded.listings.asked;
});
afterAll(async () => {
  await t.close();
  await mailbox.close();
});

async function enrolled(fields: Partial<typeof leads.$inferInsert> = {}) {
  const lead = await insertLead(t, owner.workspaceId, { listingId: asked, ...fields });
  const started = await enrol(t, owner.workspaceId, lead.id);
  if (started.status !== 'started') throw new Error(`not enrolled: ${started.reason}`);
  return { leadId: lead.id, email: lead.email!, sequenceId: started.sequenceId };
}

const eventsOf = async (leadId: string, kind: (typeof leadEvents.$inferSelect)['kind']) =>
  t.database.db
    .select()
    .from(leadEvents)
    .where(and(eq(leadEvents.leadId, leadId), eq(leadEvents.kind, kind)));

describe('follow-up sequences stop when they should', () => {
  it('when the unsubscribe link is opened, then the page changes nothing; when its button is pressed, then the lead is unsubscribed and the next step is not sent', async () => {
    const { leadId, email, sequenceId } = await enrolled();
    await runStep(t, sequenceId, 1);
    const welcome = await mailbox.next(email);
    const path = unsubscribePath(welcome.text)!;
    expect(path).toMatch(/^\/unsubscribe\/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);

    // Mail scanners open links: GET must not unsubscribe.
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain(`<form method="post" action="${path}">`);
    expect(page.body).toContain('Harbor Realty');
    const before = await call(t.app, 'GET', '/api/v1/suppressions', { as: owner });
    expect(JSON.stringify(before.body)).not.toContain(email);
    expect(await sequenceOf(t, owner, leadId)).toMatchObject({ status: 'active', step: 1 });

    const pressed = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(pressed.statusCode).toBe(200);
    expect(pressed.body).toContain('You are unsubscribed');
    expect(await sequenceOf(t, owner, leadId)).toMatchObject({
      status: 'stopped',
      stopReason: 'unsubscribed',
    });

    await runStep(t, sequenceId, 2);
    expect((await deliveredEmails(t, sequenceId)).map((row) => row.step)).toEqual([1]);
    expect(mailbox.count(email)).toBe(1);
    const after = await call(t.app, 'GET', '/api/v1/suppressions', { as: owner });
    expect(after.body.items).toContainEqual(expect.objectContaining({ email, reason: 'unsubscribed' }));

    // Pressing again, or opening the link again, changes nothing more.
    await t.app.inject({ method: 'POST', url: path, payload: '' });
    const again = await t.app.inject({ method: 'GET', url: path });
    expect(again.body).toContain('You are unsubscribed');
    expect(await eventsOf(leadId, 'unsubscribed')).toHaveLength(1);
    expect(await eventsOf(leadId, 'sequence_stopped')).toHaveLength(1);
  });

  it('when an unsubscribe token is altered or made up, then the answer is a 404 page and nothing changes', async () => {
    const { email, sequenceId } = await enrolled();
    await runStep(t, sequenceId, 1);
    const path = unsubscribePath((await mailbox.next(email)).text)!;
    const [id, signature] = path.replace('/unsubscribe/', '').split('.') as [string, string];
    const forged = [
      `/unsubscribe/${id}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      `/unsubscribe/${Buffer.from('00000000000000000000000000000000', 'hex').toString('base64url')}.${signature}`,
      '/unsubscribe/not-a-token',
    ];
    for (const url of forged) {
      for (const method of ['GET', 'POST'] as const) {
        const response = await t.app.inject({ method, url });
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.headers['content-type']).toContain('text/html');
      }
    }
    const suppressions = await call(t.app, 'GET', '/api/v1/suppressions', { as: owner });
    expect(JSON.stringify(suppressions.body)).not.toContain(email);
  });

  it('when the lead comments after enrolment, then the next step is not sent and the sequence stops as replied', async () => {
    // The form that made them a lead carries a clock a moment ahead: it is not a reply.
    const lead = await insertLead(t, owner.workspaceId, { listingId: asked });
    const started = await t.database.db.transaction(async (tx) => {
      await tx.insert(leadEvents).values({
        workspaceId: owner.workspaceId,
        leadId: lead.id,
        kind: 'form',
        summary: 'Asked about 12 Harbor Lane',
        at: new Date(Date.now() + 2000),
      });
      return startSequence({ tx, jobs: t.jobs, workspaceId: owner.workspaceId, leadId: lead.id });
    });
    if (started.status !== 'started') throw new Error('not enrolled');
    await runStep(t, started.sequenceId, 1);
    await mailbox.next(lead.email!);

    await t.database.db.insert(leadEvents).values({
      workspaceId: owner.workspaceId,
      leadId: lead.id,
      kind: 'comment',
      summary: 'Is the price negotiable?',
      at: new Date(Date.now() + 5000),
    });
    await runStep(t, started.sequenceId, 2);
    expect(await sequenceOf(t, owner, lead.id)).toMatchObject({
      status: 'stopped',
      stopReason: 'replied',
      step: 1,
    });
    expect((await deliveredEmails(t, started.sequenceId)).map((row) => row.step)).toEqual([1]);
    expect(mailbox.count(lead.email!)).toBe(1);
    const [stopped] = await eventsOf(lead.id, 'sequence_stopped');
    expect(stopped?.data).toMatchObject({ reason: 'replied', stepsSent: 1 });
  });

  it("when the lead's stage changes, then the next step is not sent and the sequence stops as stage_changed", async () => {
    const { leadId, email, sequenceId } = await enrolled();
    await runStep(t, sequenceId, 1);
    await mailbox.next(email);
    await t.database.db.update(leads).set({ stage: 'showing' }).where(eq(leads.id, leadId));
    await runStep(t, sequenceId, 2);
    expect(await sequenceOf(t, owner, leadId)).toMatchObject({
      status: 'stopped',
      stopReason: 'stage_changed',
    });
    expect((await deliveredEmails(t, sequenceId)).map((row) => row.step)).toEqual([1]);
    expect(mailbox.count(email)).toBe(1);
  });

  it('when a step job runs again, then its email is sent once', async () => {
    const { leadId, email, sequenceId } = await enrolled();
    await Promise.all([runStep(t, sequenceId, 1), runStep(t, sequenceId, 1)]);
    await runStep(t, sequenceId, 1);
    const emails = await deliveredEmails(t, sequenceId);
    expect(emails.map((row) => [row.step, row.status])).toEqual([[1, 'sent']]);
    expect(mailbox.count(email)).toBe(1);
    expect(await eventsOf(leadId, 'email_sent')).toHaveLength(1);
    expect(await sequenceOf(t, owner, leadId)).toMatchObject({ status: 'active', step: 1 });

    await runStep(t, sequenceId, 2);
    await runStep(t, sequenceId, 3);
    await runStep(t, sequenceId, 3);
    expect((await deliveredEmails(t, sequenceId)).map((row) => row.step)).toEqual([1, 2, 3]);
    expect(await sequenceOf(t, owner, leadId)).toMatchObject({ status: 'completed', step: 3 });
  });

  it('when a step runs before the previous one was sent, then it waits for it and the emails keep their order', async () => {
    const { leadId, email, sequenceId } = await enrolled();
    const early = await t.jobs.enqueue('sequences.send-step', { sequenceId, step: 2 });
    expect((await t.jobs.settled(early)).ok).toBe(false);
    await runStep(t, sequenceId, 1);
    // The queue runs step 2 again a few seconds later, now after step 1.
    await vi.waitFor(async () => expect((await sequenceOf(t, owner, leadId)).step).toBe(2), {
      timeout: 20_000,
      interval: 100,
    });
    expect((await mailbox.next(email)).subject).toBe('Thanks for your interest in 12 Harbor Lane');
    expect((await mailbox.next(email)).subject).toBe('Homes you might like, Jordan');
  });

  it('when an address is suppressed, then no follow-up and no other email is ever sent to it', async () => {
    const { leadId, email, sequenceId } = await enrolled();
    const added = await call(t.app, 'POST', '/api/v1/suppressions', { as: owner, body: { email } });
    expect(added.status).toBe(201);
    await runStep(t, sequenceId, 1);
    expect(await sequenceOf(t, owner, leadId)).toMatchObject({
      status: 'stopped',
      stopReason: 'unsubscribed',
    });
    expect(await deliveredEmails(t, sequenceId)).toEqual([]);

    // Any email to the address — queued before or after it was suppressed — is refused at delivery.
    const emailId = await t.database.db.transaction((tx) =>
      queueEmail({
        tx,
        jobs: t.jobs,
        workspaceId: owner.workspaceId,
        email: { to: email.toUpperCase(), subject: 'Open house Saturday', text: 'Come by.' },
      }),
    );
    const { rows } = await t.database.executeSql(
      `select id from pgboss.job where name = 'email.send' and data->>'emailId' = $1`,
      [emailId],
    );
    await t.jobs.settled(String(rows[0]?.id));
    const outbox = await call(t.app, 'GET', `/api/v1/outbox/${emailId}`, { as: owner });
    expect(outbox.body.status).toBe('suppressed');
    expect(mailbox.count(email)).toBe(0);

    // Nor is the lead enrolled again.
    expect(await enrol(t, owner.workspaceId, leadId)).toEqual({ status: 'skipped', reason: 'suppressed' });
  });

  it('when a lead gave no consent or no email address, then it is not enrolled; enrolling twice keeps one sequence', async () => {
    const noConsent = await insertLead(t, owner.workspaceId, { consent: false });
    const noEmail = await insertLead(t, owner.workspaceId, { email: null });
    expect(await enrol(t, owner.workspaceId, noConsent.id)).toEqual({
      status: 'skipped',
      reason: 'no_consent',
    });
    expect(await enrol(t, owner.workspaceId, noEmail.id)).toEqual({ status: 'skipped', reason: 'no_email' });
    for (const lead of [noConsent, noEmail]) {
      const listed = await call(t.app, 'GET', `/api/v1/sequences?leadId=${lead.id}`, { as: owner });
      expect(listed.body.items).toEqual([]);
    }

    const { leadId, sequenceId } = await enrolled({ email: leadEmail() });
    expect(await enrol(t, owner.workspaceId, leadId)).toEqual({
      status: 'skipped',
      reason: 'already_active',
      sequenceId,
    });
    const listed = await call(t.app, 'GET', `/api/v1/sequences?leadId=${leadId}`, { as: owner });
    expect(listed.body.items).toHaveLength(1);
    expect(await eventsOf(leadId, 'sequence_started')).toHaveLength(1);
  });
});
