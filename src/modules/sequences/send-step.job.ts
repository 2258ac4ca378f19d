import { z } from 'zod';
import { defineJob } from '../../jobs/queue.js';
import type { JobContext } from '../../jobs/context.js';
import { sendSequenceStep } from './send-step.js';
import { SEND_STEP_JOB } from './sequences.js';

/**
 * One step of a follow-up sequence, queued at enrolment for its time. Safe to run again: the step is
 * sent at most once, and only while the sequence is active (see `sendSequenceStep`).
 */
export const sendStepJob = defineJob({
  name: SEND_STEP_JOB,
  payload: z.object({ sequenceId: z.uuid(), step: z.number().int().min(1).max(100) }),
  // Short first retries: a step that ran before the previous one (both due while the queue was busy)
  // fails with EarlierStepPending and goes again a few seconds later, after it.
  retryLimit: 12,
  retryDelaySeconds: 2,
  async handle({ sequenceId, step }, { db, jobs, config, unsubscribeLinks, logger }: JobContext) {
    const outcome = await sendSequenceStep({
      db,
      jobs,
      links: unsubscribeLinks,
      publicUrl: config.publicUrl,
      sequenceId,
      step,
    });
    logger.debug({ sequenceId, step, outcome }, 'follow-up step');
  },
});
