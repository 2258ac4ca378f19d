import { z } from 'zod';
import type { JobContext } from '../../jobs/context.js';
import { defineJob } from '../../jobs/queue.js';
import { abandonGeneration, runGeneration } from './run-generation.js';

/** Writes a content set with the remote language model; see run-generation.ts. */
export const generateContentJob = defineJob({
  name: 'content.generate',
  payload: z.object({ contentSetId: z.uuid() }),
  retryLimit: 3,
  retryDelaySeconds: 30,
  async handle({ contentSetId }, { db, models }: JobContext) {
    await runGeneration({ db, models, contentSetId });
  },
  async onGiveUp({ contentSetId }, { db }: JobContext) {
    await abandonGeneration(db, contentSetId);
  },
});
