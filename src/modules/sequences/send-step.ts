import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { leadEvents, leadSequences, leads } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { queueEmail } from '../email/queue-email.js';
import { isSuppressed } from '../email/suppressions.js';
import { renderStep, type StepFacts } from './render-step.js';
import { agentFacts, askedListing, cleanInterest, marketFacts, recommendations } from './sequence-facts.js';
import { inboundKinds, stopSequences, type StopReason } from './sequences.js';
import { sequenceTemplate, type SequenceStepTemplate } from './templates.js';
import { unsubscribeHeaders, type UnsubscribeLinks } from './unsubscribe-links.js';

export type StepOutcome =
  | { status: 'sent'; emailId: string; completed: boolean }
  | { status: 'stopped'; reason: StopReason }
  | { status: 'skipped'; why: 'not_found' | 'not_active' | 'already_sent' };

/** Thrown when an earlier step has not gone yet: the queue retries later, so emails keep their order. */
export class EarlierStepPending extends Error {
  constructor(sequenceId: string, step: number) {
    super(`sequence ${sequenceId}: step ${step} waits for step ${step - 1}`);
    this.name = 'EarlierStepPending';
  }
}

type Lead = typeof leads.$inferSelect;
type Sequence = typeof leadSequences.$inferSelect;

/** Why the sequence must not send this step, if it must not: the checks every step makes first. */
async function stopReason(tx: Executor, sequence: Sequence, lead: Lead): Promise<StopReason | null> {
  if (lead.stage !== sequence.stageAtStart) return 'stage_changed';
  if (!lead.email || !lead.consent || (await isSuppressed(tx, sequence.workspaceId, lead.email)))
    return 'unsubscribed';
  // Compared in SQL: the start has microseconds a JavaScript Date would round away.
  const [said] = await tx
    .select({ kind: leadEvents.kind })
    .from(leadEvents)
    .innerJoin(leadSequences, eq(leadSequences.id, sequence.id))
    .where(
      and(
        eq(leadEvents.leadId, lead.id),
        inArray(leadEvents.kind, [...inboundKinds, 'unsubscribed']),
        gt(leadEvents.at, leadSequences.startedAt),
      ),
    )
    .orderBy(sql`${leadEvents.kind} = 'unsubscribed' desc`)
    .limit(1);
  if (!said) return null;
  return said.kind === 'unsubscribed' ? 'unsubscribed' : 'replied';
}

async function gatherFacts(options: {
  tx: Executor;
  lead: Lead;
  step: SequenceStepTemplate;
  publicUrl: string;
  unsubscribeUrl: string;
}): Promise<StepFacts> {
  const { tx, lead, step, publicUrl } = options;
  const interest = cleanInterest(lead.interest);
  const listing = await askedListing(tx, lead.workspaceId, lead.listingId, publicUrl);
  const facts: StepFacts = {
    lead: { name: lead.name, interest },
    listing,
    agent: await agentFacts(tx, lead.workspaceId),
    unsubscribeUrl: options.unsubscribeUrl,
  };
  if (step.kind === 'recommendations') {
    facts.recommendations = await recommendations({
      tx,
      workspaceId: lead.workspaceId,
      interest,
      asked: listing,
      publicUrl,
    });
  }
  if (step.kind === 'market_insights') facts.market = await marketFacts(tx, lead.workspaceId);
  return facts;
}

/**
 * Sends step `step` (1 = the first) of a sequence, in one transaction holding the sequence row: nothing
 * when the sequence is no longer active or the step went already (a rerun never sends twice); the
 * sequence stops instead when the lead's stage changed, they unsubscribed or cannot be emailed, or they
 * got in touch since it started. Otherwise the email is queued with its unsubscribe headers, recorded on
 * the lead's timeline, and the step counted — the last one completes the sequence.
 */
export async function sendSequenceStep(options: {
  db: Db;
  jobs: JobQueue;
  links: UnsubscribeLinks;
  publicUrl: string;
  sequenceId: string;
  step: number;
}): Promise<StepOutcome> {
  const { db, jobs, links, sequenceId, step } = options;
  return db.transaction(async (tx): Promise<StepOutcome> => {
    const [sequence] = await tx
      .select()
      .from(leadSequences)
      .where(eq(leadSequences.id, sequenceId))
      .for('update');
    if (!sequence) return { status: 'skipped', why: 'not_found' };
    if (sequence.status !== 'active') return { status: 'skipped', why: 'not_active' };
    if (step <= sequence.step) return { status: 'skipped', why: 'already_sent' };
    if (step > sequence.step + 1) throw new EarlierStepPending(sequenceId, step);
    const template = sequenceTemplate(sequence.template);
    const stepTemplate = template?.steps[step - 1];
    if (!template || !stepTemplate) return { status: 'skipped', why: 'not_found' };
    const [lead] = await tx.select().from(leads).where(eq(leads.id, sequence.leadId));
    if (!lead) return { status: 'skipped', why: 'not_found' };

    const reason = await stopReason(tx, sequence, lead);
    if (reason) {
      await stopSequences({ tx, workspaceId: sequence.workspaceId, leadId: lead.id, reason, sequenceId });
      return { status: 'stopped', reason };
    }

    const unsubscribeUrl = links.url(lead.id);
    const facts = await gatherFacts({
      tx,
      lead,
      step: stepTemplate,
      publicUrl: options.publicUrl,
      unsubscribeUrl,
    });
    const email = renderStep(stepTemplate, facts);
    const emailId = await queueEmail({
      tx,
      jobs,
      workspaceId: sequence.workspaceId,
      email: { to: lead.email!, ...email, headers: unsubscribeHeaders(unsubscribeUrl) },
      about: { leadId: lead.id, sequenceId, step },
    });
    await tx
      .insert(leadEvents)
      .values({
        workspaceId: sequence.workspaceId,
        leadId: lead.id,
        kind: 'email_sent',
        summary: `Follow-up email ${step} of ${template.steps.length} sent: “${email.subject}”`,
        listingId: facts.listing?.id ?? null,
        sourceKey: `email:${emailId}`,
        data: { emailId, sequenceId, template: sequence.template, step, subject: email.subject },
      })
      .onConflictDoNothing();
    const completed = step >= template.steps.length;
    await tx
      .update(leadSequences)
      .set(completed ? { step, status: 'completed' } : { step })
      .where(eq(leadSequences.id, sequenceId));
    return { status: 'sent', emailId, completed };
  });
}
