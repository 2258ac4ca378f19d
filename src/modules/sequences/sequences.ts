import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { leadEvents, leadSequences, leads, type LeadEventKind } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { notFound } from '../../lib/errors.js';
import { isSuppressed } from '../email/suppressions.js';
import { sequenceTemplate, sequenceTemplates, type SequenceTemplateName } from './templates.js';

/** Why a sequence stopped before its last step. */
export const stopReasons = ['replied', 'unsubscribed', 'stage_changed', 'manual'] as const;
export type StopReason = (typeof stopReasons)[number];

export const SEND_STEP_JOB = 'sequences.send-step';

/** What the lead says to us: any of these after a sequence started means they replied, and it stops. */
export const inboundKinds = [
  'comment',
  'message',
  'mention',
  'form',
  'reply_received',
] as const satisfies LeadEventKind[];

export type StartSequenceResult =
  | { status: 'started'; sequenceId: string; steps: { step: number; sendAfter: Date }[] }
  | {
      status: 'skipped';
      /** `no_email`, `no_consent`, `suppressed`: the lead cannot be emailed; `already_active`: enrolled. */
      reason: 'no_email' | 'no_consent' | 'suppressed' | 'already_active';
      sequenceId?: string;
    };

const stopSummaries: Record<StopReason, string> = {
  replied: 'the lead got in touch',
  unsubscribed: 'the lead unsubscribed or cannot be emailed',
  stage_changed: "the lead's stage changed",
  manual: 'stopped by hand',
};

/**
 * Enrols a lead in a follow-up sequence, in the caller's transaction: only a lead with an email address
 * who gave consent, is not suppressed and has no active sequence of this template (calling twice is
 * harmless: the second answers `already_active`). Records `sequence_started` on the lead's timeline and
 * queues one `sequences.send-step` job per step at enrolment + the step's delay ÷ `timeScale`
 * (`SEQUENCE_TIME_SCALE`). A lead of another workspace is not found.
 */
export async function startSequence(options: {
  tx: Executor;
  jobs: JobQueue;
  workspaceId: string;
  leadId: string;
  template?: SequenceTemplateName;
  /**
   * `config.SEQUENCE_TIME_SCALE` (1 when omitted: real time). Callers that have the config should pass
   * it, so demos and tests with a large scale see the emails in seconds.
   */
  timeScale?: number;
  actorId?: string | null;
}): Promise<StartSequenceResult> {
  const { tx, jobs, workspaceId, leadId } = options;
  const templateName = options.template ?? 'new_lead';
  const template = sequenceTemplates[templateName];
  const [lead] = await tx
    .select({ email: leads.email, consent: leads.consent, stage: leads.stage })
    .from(leads)
    .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, leadId)))
    .limit(1);
  if (!lead) throw notFound('Lead');
  if (!lead.email) return { status: 'skipped', reason: 'no_email' };
  if (!lead.consent) return { status: 'skipped', reason: 'no_consent' };
  if (await isSuppressed(tx, workspaceId, lead.email)) return { status: 'skipped', reason: 'suppressed' };

  // The partial unique index (one active sequence per lead and template) makes a second start a no-op,
  // also when two start at once. The start is never before what the lead already said (the message that
  // made them a lead may carry its platform's clock, a moment ahead): only later messages are replies.
  const said = sql`(select max(${leadEvents.at}) from ${leadEvents}
    where ${leadEvents.leadId} = ${leadId} and ${inArray(leadEvents.kind, inboundKinds)})`;
  const [sequence] = await tx
    .insert(leadSequences)
    .values({
      workspaceId,
      leadId,
      template: templateName,
      stageAtStart: lead.stage,
      startedAt: sql`greatest(now(), least(coalesce(${said}, now()), now() + interval '1 hour'))`,
    })
    .onConflictDoNothing()
    .returning({ id: leadSequences.id, startedAt: leadSequences.startedAt });
  if (!sequence) {
    const [active] = await tx
      .select({ id: leadSequences.id })
      .from(leadSequences)
      .where(
        and(
          eq(leadSequences.leadId, leadId),
          eq(leadSequences.template, templateName),
          eq(leadSequences.status, 'active'),
        ),
      );
    return { status: 'skipped', reason: 'already_active', ...(active ? { sequenceId: active.id } : {}) };
  }

  await tx.insert(leadEvents).values({
    workspaceId,
    leadId,
    kind: 'sequence_started',
    summary: `Follow-up sequence “${template.title}” started`,
    sourceKey: `sequence:${sequence.id}:started`,
    actorId: options.actorId ?? null,
    data: { sequenceId: sequence.id, template: templateName, steps: template.steps.length },
  });
  const scale = Math.max(1, options.timeScale ?? 1);
  const steps = template.steps.map((step, index) => ({
    step: index + 1,
    sendAfter: new Date(sequence.startedAt.getTime() + (step.delayHours * 3_600_000) / scale),
  }));
  for (const { step, sendAfter } of steps) {
    await jobs.enqueue(SEND_STEP_JOB, { sequenceId: sequence.id, step }, { tx, startAfter: sendAfter });
  }
  return { status: 'started', sequenceId: sequence.id, steps };
}

/**
 * Stops the lead's active sequences (or only `sequenceId`), in the caller's transaction, recording
 * `sequence_stopped` with the reason on the lead's timeline. Steps still queued find the sequence
 * stopped and send nothing. Returns the ids stopped (none when nothing was active).
 */
export async function stopSequences(options: {
  tx: Executor;
  workspaceId: string;
  leadId: string;
  reason: StopReason;
  sequenceId?: string;
  actorId?: string | null;
}): Promise<{ stopped: string[] }> {
  const { tx, workspaceId, leadId, reason } = options;
  const stopped = await tx
    .update(leadSequences)
    .set({ status: 'stopped', stopReason: reason, stoppedAt: new Date() })
    .where(
      and(
        eq(leadSequences.workspaceId, workspaceId),
        eq(leadSequences.leadId, leadId),
        eq(leadSequences.status, 'active'),
        options.sequenceId ? eq(leadSequences.id, options.sequenceId) : undefined,
      ),
    )
    .returning({ id: leadSequences.id, template: leadSequences.template, step: leadSequences.step });
  for (const sequence of stopped) {
    const title = sequenceTemplate(sequence.template)?.title ?? sequence.template;
    await tx
      .insert(leadEvents)
      .values({
        workspaceId,
        leadId,
        kind: 'sequence_stopped',
        summary: `Follow-up sequence “${title}” stopped: ${stopSummaries[reason]}`,
        sourceKey: `sequence:${sequence.id}:stopped`,
        actorId: options.actorId ?? null,
        data: { sequenceId: sequence.id, template: sequence.template, reason, stepsSent: sequence.step },
      })
      .onConflictDoNothing();
  }
  return { stopped: stopped.map((sequence) => sequence.id) };
}
