import { randomUUID } from 'node:crypto';
import { vi } from 'vitest';
import { leads } from '../../src/db/schema.js';
import { startSequence } from '../../src/modules/sequences/sequences.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import type { TestApp } from '../helpers/app.js';
import { sampleListing } from '../helpers/world.js';

export { createMailbox, parseMail, type ReceivedMail } from '../helpers/mailbox.js';

export const BRAND = {
  agentName: 'Dana Reyes',
  brokerage: 'Harbor Realty',
  phone: '+1 555 010 0199',
  licenseNumber: 'RE-448120',
};

const listing = (street: string, city: string, price: number, beds: number) => ({
  ...sampleListing(street),
  address: { street, city, state: 'ME', postalCode: city === 'Portland' ? '04101' : '04401' },
  price,
  beds,
});

/**
 * A workspace with a brand kit and listings: the one leads ask about (12 Harbor Lane), four others on
 * the market, one sold through a status change and one with a price reduction.
 */
export async function seedWorkspace(t: TestApp) {
  const owner = await registerUser(t.app, 'Dana Reyes');
  const ok = async (response: Promise<{ status: number; body: { id?: string } }>) => {
    const result = await response;
    if (result.status >= 300) throw new Error(`${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };
  await ok(call(t.app, 'PATCH', '/api/v1/brand-kit', { as: owner, body: BRAND }));
  const create = async (body: object) =>
    (await ok(call(t.app, 'POST', '/api/v1/listings', { as: owner, body }))).id as string;
  const asked = await create(listing('12 Harbor Lane', 'Portland', 689_000, 3));
  const pier = await create(listing('8 Pier Road', 'Portland', 650_000, 3));
  const ocean = await create(listing('40 Ocean Avenue', 'Portland', 720_000, 4));
  const mill = await create(listing('5 Mill Street', 'Bangor', 300_000, 2));
  const summit = await create(listing('99 Summit Road', 'Portland', 2_500_000, 6));
  const dock = await create(listing('3 Dock Street', 'Portland', 540_000, 2));
  await ok(call(t.app, 'PATCH', `/api/v1/listings/${dock}`, { as: owner, body: { status: 'sold' } }));
  await ok(call(t.app, 'PATCH', `/api/v1/listings/${ocean}`, { as: owner, body: { price: 710_000 } }));
  return { owner, listings: { asked, pier, ocean, mill, summit, dock } };
}

export const leadEmail = () => `buyer-${randomUUID()}@example.com`;

/** Inserts a lead as the leads module would (there is no leads API here yet). */
export async function insertLead(
  t: TestApp,
  workspaceId: string,
  fields: Partial<typeof leads.$inferInsert> = {},
): Promise<{ id: string; email: string | null }> {
  const [lead] = await t.database.db
    .insert(leads)
    .values({
      workspaceId,
      name: 'Jordan Avery',
      email: leadEmail(),
      consent: true,
      source: 'form',
      interest: { priceMax: 700_000, bedrooms: 3, area: 'Portland' },
      ...fields,
    })
    .returning({ id: leads.id, email: leads.email });
  return lead!;
}

export function enrol(t: TestApp, workspaceId: string, leadId: string) {
  return t.database.db.transaction((tx) =>
    startSequence({ tx, jobs: t.jobs, workspaceId, leadId, timeScale: t.config.SEQUENCE_TIME_SCALE }),
  );
}

/** Runs step `step` of a sequence now (as a rerun or an early run would) and waits until it finished. */
export async function runStep(t: TestApp, sequenceId: string, step: number) {
  const id = await t.jobs.enqueue('sequences.send-step', { sequenceId, step });
  const settled = await t.jobs.settled(id);
  if (!settled.ok) throw new Error(`step ${step} failed: ${String(settled.error)}`);
}

/** Waits until every `email.send` job of the sequence's emails has run; returns the emails, in step order. */
export async function deliveredEmails(t: TestApp, sequenceId: string) {
  const { rows } = await t.database.executeSql(
    `select j.id as job_id from emails e
       join pgboss.job j on j.name = 'email.send' and j.data->>'emailId' = e.id::text
      where e.sequence_id = $1`,
    [sequenceId],
  );
  for (const row of rows) await t.jobs.settled(String(row.job_id));
  const emails = await t.database.executeSql(
    'select id, step, status, to_address, subject, body from emails where sequence_id = $1 order by step',
    [sequenceId],
  );
  return emails.rows as { id: string; step: number; status: string; subject: string; body: string }[];
}

/** Waits until no step of the sequence is left to run (every queued step job finished). */
export async function stepsDone(t: TestApp, sequenceId: string) {
  await vi.waitFor(
    async () => {
      const { rows } = await t.database.executeSql(
        `select count(*)::int as n from pgboss.job
          where name = 'sequences.send-step' and data->>'sequenceId' = $1
            and state in ('created', 'retry', 'active')`,
        [sequenceId],
      );
      if (Number(rows[0]?.n) > 0) throw new Error(`${String(rows[0]?.n)} steps still to run`);
    },
    { timeout: 30_000, interval: 50 },
  );
}

export async function sequenceOf(t: TestApp, owner: TestUser, leadId: string) {
  const listed = await call(t.app, 'GET', `/api/v1/sequences?leadId=${leadId}`, { as: owner });
  if (listed.status !== 200) throw new Error(`sequences: ${listed.status}`);
  return listed.body.items[0] as {
    id: string;
    status: string;
    step: number;
    steps: number;
    stopReason: string | null;
  };
}

export const unsubscribePath = (text: string) =>
  /https?:\/\/[^/\s]+(\/unsubscribe\/[A-Za-z0-9_.-]+)/.exec(text)?.[1];
