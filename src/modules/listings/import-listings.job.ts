import { z } from 'zod';
import { defineJob } from '../../jobs/queue.js';
import type { JobContext } from '../../jobs/context.js';

export const importListingsJob = defineJob({
  name: 'listings.import',
  payload: z.object({ importId: z.uuid() }),
  async handle(_payload, _ctx: JobContext) {},
});
