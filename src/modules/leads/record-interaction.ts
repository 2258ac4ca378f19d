import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { leadEvents, leadSequences, type InboxIntent, type LeadEventKind } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { emitEvent } from '../events/emit-event.js';
import { startSequence, stopSequences } from '../sequences/sequences.js';
import { findOrCreateLead, interactionKinds, type LeadContact } from './find-or-create-lead.js';
import { rescoreLead } from './rescore-lead.js';
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
}): Promise<{ leadId: string; created: boolean } | null> {
  const { tx, jobs, contact, interaction } = options;
  const found = await findOrCreateLead(tx, contact, { create: options.create });
  if (!found) return null;
  const { lead } = found;
  const leadId = lead.id;
  const inserted = await tx
    .insert(leadEvents)
    .values({
      workspaceId: contact.workspaceId,
      leadId,
      kind: interaction.kind,
      summary: interaction.summary,
      intent: interaction.intent ?? null,
      sentiment: interaction.sentiment ?? null,
      postId: contact.postId ?? null,
      listingId: contact.listingId ?? null,
      threadId: interaction.threadId ?? null,
      sourceKey: interaction.sourceKey,
      at: interaction.at,
    })
    .onConflictDoNothing()
    .returning({ id: leadEvents.id });
  const result = { leadId, created: found.created };
  if (inserted.length === 0) return result;
  const asked = interaction.text ? parseInterest(interaction.text) : {};
  const isInteraction = (interactionKinds as readonly string[]).includes(interaction.kind);
  if (found.created) {
    await emitEvent({
      tx,
      jobs,
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
  const latest =
    lead.lastInteractionAt && lead.lastInteractionAt > interaction.at
      ? lead.lastInteractionAt
      : interaction.at;
  await rescoreLead({
    tx,
    jobs,
    workspaceId: contact.workspaceId,
    leadId,
    lead,
    changes: {
      interest: { ...lead.interest, ...asked },
      ...(isInteraction ? { interactionCount: lead.interactionCount + 1, lastInteractionAt: latest } : {}),
    },
    now: interaction.at > new Date() ? interaction.at : new Date(),
  });
  return result;
}
