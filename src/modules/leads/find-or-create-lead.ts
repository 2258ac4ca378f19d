import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  emails,
  inboxThreads,
  leadEvents,
  leadIdentities,
  leads,
  leadScores,
  leadSequences,
  listingInquiries,
  type InboxKind,
} from '../../db/schema.js';
import { normaliseEmail, normalisePhone } from './contact-details.js';

/** What is known of a person at one interaction: enough to find their lead or to start one. */
export interface LeadContact {
  workspaceId: string;
  name: string;
  identity?: { platform: string; externalId: string; handle: string };
  email?: string | null;
  phone?: string | null;
  consent?: boolean;
  source: InboxKind | 'form' | 'manual';
  listingId?: string | null;
  postId?: string | null;
  campaignId?: string | null;
}

export type LeadRow = typeof leads.$inferSelect;

/**
 * The one lead for a person, deduplicated by platform identity, email and phone. When the details
 * given now join leads that were separate (a commenter who later sends the form with their email),
 * they are merged into the oldest, with everything that pointed at the others. Returns null when no
 * lead exists and `create` is false. The lead's row is locked for the rest of the transaction.
 */
export async function findOrCreateLead(
  tx: Executor,
  contact: LeadContact,
  options: {
    create: boolean;
    /** The caller just found that no lead has this contact's identity, email or phone. */
    noneMatch?: boolean;
  },
): Promise<{ lead: LeadRow; created: boolean } | null> {
  const email = contact.email ? normaliseEmail(contact.email) : null;
  const phone = contact.phone ? normalisePhone(contact.phone) : null;
  const matches = options.noneMatch ? [] : await matchingLeads(tx, contact, email, phone);
  let lead = matches[0]?.lead;
  let created = false;
  if (!lead) {
    if (!options.create) return null;
    const [row] = await tx
      .insert(leads)
      .values({
        workspaceId: contact.workspaceId,
        name: contact.name,
        email,
        phone,
        consent: contact.consent ?? false,
        source: contact.source,
        listingId: contact.listingId ?? null,
        postId: contact.postId ?? null,
        campaignId: contact.campaignId ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (row) {
      lead = row;
      created = true;
    } else {
      // Another transaction created the lead with this email or phone a moment ago.
      const [raced] = await matchingLeads(tx, contact, email, phone);
      if (!raced) throw new Error('lead insert conflicted but no lead matches');
      lead = raced.lead;
    }
  } else if (matches.length > 1 || lacks(lead, contact, email, phone)) {
    for (const other of matches.slice(1)) await mergeLead(tx, contact.workspaceId, lead.id, other.lead.id);
    lead = await fillIn(tx, lead.id, contact, email, phone);
  }
  const knownByIdentity = matches.some((match) => match.byIdentity);
  if (contact.identity && !knownByIdentity) {
    const claimed = await tx
      .insert(leadIdentities)
      .values({ workspaceId: contact.workspaceId, leadId: lead.id, ...contact.identity })
      .onConflictDoNothing()
      .returning({ leadId: leadIdentities.leadId });
    if (claimed.length === 0 && created) {
      // The identity went to a lead another transaction created concurrently: use that one.
      const [owner] = await tx
        .select({ leadId: leadIdentities.leadId })
        .from(leadIdentities)
        .where(identityIs(contact.workspaceId, contact.identity))
        .limit(1);
      if (owner && owner.leadId !== lead.id) {
        await mergeLead(tx, contact.workspaceId, owner.leadId, lead.id);
        const [survivor] = await tx.select().from(leads).where(eq(leads.id, owner.leadId)).for('update');
        return { lead: survivor!, created: false };
      }
    }
  }
  return { lead, created };
}

/** Whether this interaction tells us something the lead does not have yet. */
export function lacks(
  lead: LeadRow,
  contact: LeadContact,
  email: string | null,
  phone: string | null,
): boolean {
  return (
    (email !== null && lead.email === null) ||
    (phone !== null && lead.phone === null) ||
    (contact.consent === true && !lead.consent) ||
    (contact.source === 'form' && contact.name !== lead.name) ||
    (!!contact.listingId && lead.listingId === null) ||
    (!!contact.postId && lead.postId === null) ||
    (!!contact.campaignId && lead.campaignId === null)
  );
}

/** A platform identity as a map key, within its workspace. */
export const identityKey = (workspaceId: string, identity: { platform: string; externalId: string }) =>
  `${workspaceId}:${identity.platform}:${identity.externalId}`;

/**
 * The leads these platform identities belong to, in one statement, locked (in lead order, so two
 * transactions lock them alike), keyed by `identityKey`. Identities without a lead are absent.
 */
export async function leadsByIdentity(
  tx: Executor,
  identities: { workspaceId: string; platform: string; externalId: string }[],
): Promise<Map<string, LeadRow>> {
  if (identities.length === 0) return new Map();
  const wanted = JSON.stringify(
    identities.map(({ workspaceId, platform, externalId }) => ({
      workspace_id: workspaceId,
      platform,
      external_id: externalId,
    })),
  );
  const rows = await tx
    .select({
      lead: leads,
      platform: leadIdentities.platform,
      externalId: leadIdentities.externalId,
    })
    .from(leadIdentities)
    .innerJoin(leads, eq(leads.id, leadIdentities.leadId))
    .where(
      sql`(${leadIdentities.workspaceId}, ${leadIdentities.platform}, ${leadIdentities.externalId}) in
        (select v.workspace_id, v.platform, v.external_id
           from jsonb_to_recordset(${wanted}::jsonb) as v(workspace_id uuid, platform text, external_id text))`,
    )
    .orderBy(asc(leads.id))
    .for('update', { of: leads });
  return new Map(rows.map((row) => [identityKey(row.lead.workspaceId, row), row.lead]));
}

const identityIs = (workspaceId: string, identity: { platform: string; externalId: string }) =>
  and(
    eq(leadIdentities.workspaceId, workspaceId),
    eq(leadIdentities.platform, identity.platform),
    eq(leadIdentities.externalId, identity.externalId),
  );

/** Leads this person already has, oldest first (the oldest keeps the history when they merge), locked. */
async function matchingLeads(
  tx: Executor,
  contact: LeadContact,
  email: string | null,
  phone: string | null,
): Promise<{ lead: LeadRow; byIdentity: boolean }[]> {
  const ways: SQL[] = [];
  const identity = contact.identity
    ? sql`${leads.id} in (select ${leadIdentities.leadId} from ${leadIdentities} where ${identityIs(contact.workspaceId, contact.identity)})`
    : sql`false`;
  if (contact.identity) ways.push(identity);
  if (email) ways.push(eq(leads.email, email));
  if (phone) ways.push(eq(leads.phone, phone));
  if (ways.length === 0) return [];
  return tx
    .select({ lead: leads, byIdentity: sql<boolean>`${identity}` })
    .from(leads)
    .where(and(eq(leads.workspaceId, contact.workspaceId), or(...ways)))
    .orderBy(asc(leads.createdAt), asc(leads.id))
    .for('update');
}

/** Adds what the lead did not have yet; never overwrites what the person told us before. */
async function fillIn(
  tx: Executor,
  leadId: string,
  contact: LeadContact,
  email: string | null,
  phone: string | null,
) {
  const [row] = await tx
    .update(leads)
    .set({
      email: email ? sql`coalesce(${leads.email}, ${email})` : undefined,
      phone: phone ? sql`coalesce(${leads.phone}, ${phone})` : undefined,
      consent: contact.consent ? true : undefined,
      // A handle-only lead gets the name from a form.
      name: contact.source === 'form' ? contact.name : undefined,
      listingId: contact.listingId
        ? sql`coalesce(${leads.listingId}, ${contact.listingId}::uuid)`
        : undefined,
      postId: contact.postId ? sql`coalesce(${leads.postId}, ${contact.postId}::uuid)` : undefined,
      campaignId: contact.campaignId
        ? sql`coalesce(${leads.campaignId}, ${contact.campaignId}::uuid)`
        : undefined,
      updatedAt: new Date(),
    })
    .where(eq(leads.id, leadId))
    .returning();
  if (!row) throw new Error('lead to fill in is gone');
  return row;
}

/** Moves everything of `from` onto `into` and deletes `from`, leaving a note on the timeline. */
async function mergeLead(tx: Executor, workspaceId: string, into: string, from: string) {
  const [gone] = await tx.select().from(leads).where(eq(leads.id, from));
  if (!gone) return;
  await tx.update(leadIdentities).set({ leadId: into }).where(eq(leadIdentities.leadId, from));
  // Events with a source already on the surviving lead are the same interaction twice: drop them.
  await tx.execute(
    sql`delete from ${leadEvents} e where e.lead_id = ${from} and e.source_key is not null and exists
        (select 1 from ${leadEvents} k where k.lead_id = ${into} and k.source_key = e.source_key)`,
  );
  await tx.update(leadEvents).set({ leadId: into }).where(eq(leadEvents.leadId, from));
  await tx.update(leadScores).set({ leadId: into }).where(eq(leadScores.leadId, from));
  await tx
    .update(leadSequences)
    .set({ status: 'stopped', stopReason: 'merged', stoppedAt: new Date() })
    .where(and(eq(leadSequences.leadId, from), eq(leadSequences.status, 'active')));
  await tx.update(leadSequences).set({ leadId: into }).where(eq(leadSequences.leadId, from));
  await tx.update(inboxThreads).set({ leadId: into }).where(eq(inboxThreads.leadId, from));
  await tx.update(listingInquiries).set({ leadId: into }).where(eq(listingInquiries.leadId, from));
  await tx.update(emails).set({ leadId: into }).where(eq(emails.leadId, from));
  await tx.delete(leads).where(eq(leads.id, from));
  await fillIn(
    tx,
    into,
    { workspaceId, name: gone.name, source: 'manual', consent: gone.consent },
    gone.email,
    gone.phone,
  );
  await tx.insert(leadEvents).values({
    workspaceId,
    leadId: into,
    kind: 'merged',
    summary: `Merged with ${gone.name}: the same person, found by ${gone.email ?? gone.phone ?? 'a platform identity'}`,
    data: { mergedLeadId: from },
  });
}

export const interactionKinds = [
  'comment',
  'mention',
  'message',
  'form',
  'reply_received',
  'email_click',
] as const;
