import { z } from 'zod';
import { automationTriggers } from '../../db/schema.js';
import type { JobContext } from '../../jobs/context.js';
import { defineJob } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { getListing } from '../listings/get-listing.js';
import { notify } from '../notifications/notify.js';
import { rewriteHeldPosts, startTriggeredCampaign } from './run-listing-event.js';

/**
 * After a listing change (queued by listing-events.ts in the change's transaction): rewrites the posts
 * held back for showing old facts, then starts the campaign the event calls for. Safe to run again:
 * only still-held posts are rewritten, and one campaign is started per event.
 */
export const listingEventJob = defineJob({
  name: 'campaigns.listing-event',
  payload: z.object({
    workspaceId: z.uuid(),
    listingId: z.uuid(),
    trigger: z.enum(automationTriggers).nullable(),
    triggerKey: z.string(),
    openHouse: z.object({ start: z.string(), end: z.string() }).nullable(),
  }),
  retryLimit: 5,
  retryDelaySeconds: 30,
  expireInSeconds: 300,
  async handle(payload, ctx: JobContext) {
    const deps = {
      db: ctx.db,
      jobs: ctx.jobs,
      models: ctx.models,
      storage: ctx.storage,
      urls: ctx.mediaUrls,
      config: ctx.config,
      workspaceId: payload.workspaceId,
      userId: null,
    };
    const listing = await getListing({
      db: ctx.db,
      workspaceId: payload.workspaceId,
      id: payload.listingId,
    }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return null; // deleted meanwhile
      throw error;
    });
    if (!listing) return;
    await rewriteHeldPosts(deps, listing);
    if (payload.trigger) {
      await startTriggeredCampaign(deps, {
        listing,
        trigger: payload.trigger,
        triggerKey: payload.triggerKey,
        openHouse: payload.openHouse,
      });
    }
  },
  // Held posts stay drafts, so nothing wrong goes out; the people who run campaigns must finish the job.
  async onGiveUp(payload, ctx: JobContext) {
    await ctx.db.transaction((tx) =>
      notify({
        tx,
        jobs: ctx.jobs,
        workspaceId: payload.workspaceId,
        audience: { roles: ['owner', 'admin', 'editor'] },
        notice: {
          kind: 'campaign.fix_failed',
          title: 'Campaign posts need your edit after a listing change',
          body:
            'Posts made with the old listing facts are held back as drafts and could not be rewritten ' +
            'automatically. Edit their text to release them.',
          subject: { listingId: payload.listingId },
        },
        email: true,
      }),
    );
  },
});
