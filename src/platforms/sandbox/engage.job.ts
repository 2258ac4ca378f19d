import { z } from 'zod';
import type { JobContext } from '../../jobs/context.js';
import { defineJob } from '../../jobs/queue.js';
import { deliverEngagement, ENGAGE_JOB } from './deliver-engagement.js';

/**
 * Delivers a sandbox post's scripted engagement due so far, then queues itself for the next checkpoint
 * until the script ends or the post is deleted (see deliver-engagement.ts). Idempotent: a retry or a
 * second run inserts nothing twice. (A run started by hand mid-script starts a second chain of
 * deliveries; it only repeats idempotent writes, and ends with the script.)
 */
export const engageSandboxPostJob = defineJob({
  name: ENGAGE_JOB,
  payload: z.object({ sandboxPostId: z.uuid() }),
  retryLimit: 5,
  retryDelaySeconds: 10,
  expireInSeconds: 120,
  concurrency: 20,
  async handle({ sandboxPostId }, { db, jobs, config }: JobContext) {
    await deliverEngagement({ db, jobs, timeScale: config.SANDBOX_TIME_SCALE, sandboxPostId });
  },
});
