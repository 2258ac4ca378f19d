import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { insertJsonRows } from '../../db/json-rows.js';
import { leadEvents, leadSequences, type InboxIntent, type LeadEventKind } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { emitEvents, type WorkspaceEvent } from '../events/emit-event.js';
import { startSequence, stopSequences } from '../sequences/sequences.js';
import { normaliseEmail, normalisePhone } from './contact-details.js';
import {
  findOrCreateLead,
  identityKey,
  interactionKinds,
  lacks,
  leadsByIdentity,
  type LeadContact,
  type LeadRow,
} from './find-or-create-lead.js';
import { rescoreLeads, type LeadChanges, type Rescore } from './rescore-lead.js';
import { parseInterest } from './parse-interest.js';

export interface Interaction {
  kind: LeadEventKind;
  summary: string;
  intent?: InboxIntent | null;
  sentiment?: number | null;
  /** What the person wrote: what they asked for (price band, size, area) is read from it. */
  text?: string | null;
  threadId?: string | null;
  /** The message, inquiry or email it records: the same source never adds a second event. */
  sourceKey: string;
  at: Date;
}

/** One interaction to put on a person's lead; `create` starts a lead when they have none. */
export interface InteractionInput {
  contact: LeadContact;
  create: boolean;
  interaction: Interaction;
}

export type RecordedInteraction = { leadId: string; created: boolean } | null;

/**
 * Puts one interaction on a person's lead: finds (or, when `create`, starts) the lead, adds the event
 * to its timeline once, reads what they asked for, stops follow-ups they answered, and scores the lead
 * again. Runs in the caller's transaction. Null when the person has no lead and none is to be made.
 */
export async function recordInteraction(options: {
  tx: Executor;
  jobs: JobQueue;
  contact: LeadContact;
  create: boolean;
  interaction: Interaction;
  /** `SEQUENCE_TIME_SCALE`: follow-ups a new lead is enrolled in run this much faster. */
  sequenceTimeScale: number;
}): Promise<RecordedInteraction> {
  const { contact, create, interaction, ...rest } = options;
  const [result] = await recordInteractions({ ...rest, items: [{ contact, create, interaction }] });
  return result ?? null;
}

/**
 * Puts many interactions on their people's leads (see recordInteraction) in the caller's transaction,
 * in a few statements for the lot: the common case — someone known by their platform identity alone —
 * is found for all in one statement, their timeline events written in one, their leads scored in
 * three. Interactions with an email or a phone, which can join two people's leads into one, go one at
 * a time first. Returns each item's lead, in order.
 */
export async function recordInteractions(options: {
  tx: Executor;
  jobs: JobQueue;
  items: InteractionInput[];
  sequenceTimeScale: number;
}): Promise<RecordedInteraction[]> {
  const { items } = options;
  const results: RecordedInteraction[] = items.map(() => null);
  const identityOnly = (item: InteractionInput) =>
    item.contact.identity !== undefined && !item.contact.email && !item.contact.phone;
  const together: number[] = [];
  for (const [index, item] of items.entries()) {
    if (identityOnly(item)) together.push(index);
    else results[index] = (await recordTogether(options, [item]))[0] ?? null;
  }
  const recorded = await recordTogether(
    options,
    together.map((index) => items[index]!),
  );
  together.forEach((index, at) => (results[index] = recorded[at]!));
  return results;
}

/**
 * Records interactions whose leads cannot merge with one another (at most one may carry an email or
 * a phone): leads found by identity in one statement, else found or started one by one; then the
 * events, follow-up changes and scores.
 */
async function recordTogether(
  options: { tx: Executor; jobs: JobQueue; sequenceTimeScale: number },
  items: InteractionInput[],
): Promise<RecordedInteraction[]> {
  const { tx, jobs } = options;
  if (items.length === 0) return [];
  const known = await leadsByIdentity(
    tx,
    items.flatMap(({ contact }) =>
      contact.identity ? [{ workspaceId: contact.workspaceId, ...contact.identity }] : [],
    ),
  );
  // Each item's lead, in order: a person met twice is found the second time (or started the first).
  const found: ({ lead: LeadRow; created: boolean } | null)[] = [];
  for (const { contact, create } of items) {
    const key = contact.identity ? identityKey(contact.workspaceId, contact.identity) : null;
    const lead = key ? known.get(key) : undefined;
    const email = contact.email ? normaliseEmail(contact.email) : null;
    const phone = contact.phone ? normalisePhone(contact.phone) : null;
    if (lead && !lacks(lead, contact, email, phone)) {
      found.push({ lead, created: false });
      continue;
    }
    // Known by identity alone and not found by it: no lead has them (unless one was started above).
    const noneMatch = !lead && key !== null && email === null && phone === null;
    if (noneMatch && !create) {
      found.push(null);
      continue;
    }
    const result = await findOrCreateLead(tx, contact, { create, noneMatch });
    if (result && key) known.set(key, result.lead);
    found.push(result);
  }

  const rows = items.flatMap(({ contact, interaction }, index) => {
    const lead = found[index]?.lead;
    if (!lead) return [];
    return [
      {
        workspaceId: contact.workspaceId,
        leadId: lead.id,
        kind: interaction.kind,
        summary: interaction.summary,
        intent: interaction.intent ?? null,
        sentiment: interaction.sentiment ?? null,
        postId: contact.postId ?? null,
        listingId: contact.listingId ?? null,
        threadId: interaction.threadId ?? null,
        sourceKey: interaction.sourceKey,
        at: interaction.at,
      },
    ];
  });
  const inserted = await insertJsonRows(
    tx,
    leadEvents,
    rows,
    sql`on conflict do nothing returning lead_id, source_key`,
  );
  const isNew = new Set(inserted.map((row) => `${String(row.lead_id)}:${String(row.source_key)}`));

  // What the new events change, per lead: interest, interaction count, latest interaction.
  const rescores = new Map<string, Rescore & { changes: LeadChanges }>();
  const created: WorkspaceEvent[] = [];
  for (const [index, { contact, interaction }] of items.entries()) {
    const entry = found[index];
    if (!entry || !isNew.has(`${entry.lead.id}:${interaction.sourceKey}`)) continue;
    const { lead } = entry;
    const leadId = lead.id;
    const isInteraction = (interactionKinds as readonly string[]).includes(interaction.kind);
    if (entry.created) {
      created.push({
        workspaceId: contact.workspaceId,
        kind: 'lead.created',
        data: { leadId, name: contact.name, source: contact.source, listingId: contact.listingId ?? null },
      });
    } else if (isInteraction && lead.email) {
      // They answered: an automatic follow-up (only ever to an email address) must not talk over them.
      await stopSequences({ tx, workspaceId: contact.workspaceId, leadId, reason: 'replied' });
    }
    if (lead.email && lead.consent) {
      // Follow-ups start once per person: someone who writes again is in a conversation already.
      const [enrolled] = await tx
        .select({ id: leadSequences.id })
        .from(leadSequences)
        .where(eq(leadSequences.leadId, leadId))
        .limit(1);
      if (!enrolled) {
        await startSequence({
          tx,
          jobs,
          workspaceId: contact.workspaceId,
          leadId,
          timeScale: options.sequenceTimeScale,
        });
      }
    }
    const asked = interaction.text ? parseInterest(interaction.text) : {};
    const rescore = rescores.get(leadId) ?? { lead, changes: {} };
    const { changes } = rescore;
    changes.interest = { ...(changes.interest ?? lead.interest), ...asked };
    if (isInteraction) {
      const latest = changes.lastInteractionAt ?? lead.lastInteractionAt;
      changes.interactionCount = (changes.interactionCount ?? lead.interactionCount) + 1;
      changes.lastInteractionAt = latest && latest > interaction.at ? latest : interaction.at;
    }
    const now = new Date();
    const at = interaction.at > now ? interaction.at : now;
    rescore.now = rescore.now && rescore.now > at ? rescore.now : at;
    rescores.set(leadId, rescore);
  }
  await emitEvents({ tx, jobs, events: created });
  await rescoreLeads({ tx, jobs, rescores: [...rescores.values()] });
  return found.map((entry) => entry && { leadId: entry.lead.id, created: entry.created });
}
