import { z } from 'zod';
import { defineJob } from '../../jobs/queue.js';
import type { JobContext } from '../../jobs/context.js';
import { abandonImport } from './abandon-import.js';
import { runImport } from './run-import.js';

/** Validates and imports a large CSV upload (see import-listings.ts). Re-running it is harmless. */
export const importListingsJob = defineJob({
  name: 'listings.import',
  payload: z.object({ importId: z.uuid() }),
  retryLimit: 3,
  async handle({ importId }, { db }: JobContext) {
    await runImport({ db, importId });
  },
  async onGiveUp({ importId }, { db }: JobContext) {
    await abandonImport({ db, importId });
  },
});
