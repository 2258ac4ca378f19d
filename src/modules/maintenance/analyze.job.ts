import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { JobContext } from '../../jobs/context.js';
import { defineJob } from '../../jobs/queue.js';

/**
 * Refreshes the query planner's statistics. PostgreSQL's autovacuum does this by itself, but embedded
 * PGlite has no autovacuum: without fresh statistics a workspace's listing page sorts every row instead
 * of reading the first 21 from the index. Analyzing a small database takes milliseconds, so every minute.
 */
export const analyzeJob = defineJob({
  name: 'maintenance.analyze',
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  async handle(_payload, { db }: JobContext) {
    await db.execute(sql`analyze`);
  },
});
