import { and, asc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { leads } from '../../db/schema.js';
import type { JobContext } from '../../jobs/context.js';
import { defineJob } from '../../jobs/queue.js';
import { RESCORE_ALL_JOB } from './leads.js';
import { engagementOf, forgetEngagement } from '../inbox/settings.js';
import { rescoreLead } from './rescore-lead.js';

const BATCH = 200;

/** Scores every lead of a workspace again (after its weights changed), a batch per transaction. */
export const rescoreAllJob = defineJob({
  name: RESCORE_ALL_JOB,
  payload: z.object({ workspaceId: z.uuid() }),
  retryLimit: 3,
  async handle({ workspaceId }, ctx: JobContext) {
    forgetEngagement(workspaceId);
    const { weights } = await engagementOf(ctx.db, workspaceId);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await ctx.db
        .select({ id: leads.id })
        .from(leads)
        .where(and(eq(leads.workspaceId, workspaceId), gt(leads.id, after)))
        .orderBy(asc(leads.id))
        .limit(BATCH);
      if (batch.length === 0) return;
      await ctx.db.transaction(async (tx) => {
        for (const { id } of batch)
          await rescoreLead({ tx, jobs: ctx.jobs, workspaceId, leadId: id, weights });
      });
      after = batch.at(-1)!.id;
    }
  },
});
