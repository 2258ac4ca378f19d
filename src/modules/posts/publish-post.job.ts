import { z } from 'zod';
import type { socialAccounts } from '../../db/schema.js';
import type { JobContext } from '../../jobs/context.js';
import { defineJob } from '../../jobs/queue.js';
import { createKeyedLimiter } from '../../lib/keyed-limiter.js';
import { openCredentials, refreshCredentials } from '../accounts/credentials.js';
import { platformOf } from '../accounts/platform-access.js';
import { createPublishBatches } from './publish-batches.js';
import { giveUp, runPublish, type PublishDeps } from './run-publish.js';

/** One set of dependencies per job context, so its per-account slots are shared by every job. */
const depsOf = new WeakMap<JobContext, PublishDeps>();

function publishDeps(ctx: JobContext): PublishDeps {
  let deps = depsOf.get(ctx);
  if (!deps) depsOf.set(ctx, (deps = makePublishDeps(ctx)));
  return deps;
}

function makePublishDeps(ctx: JobContext): PublishDeps {
  const platformFor = (account: typeof socialAccounts.$inferSelect) => platformOf(ctx, account);
  return {
    db: ctx.db,
    jobs: ctx.jobs,
    storage: ctx.storage,
    urls: ctx.mediaUrls,
    logger: ctx.logger,
    slots: createKeyedLimiter(),
    batches: createPublishBatches(ctx.db, ctx.jobs),
    retryBaseMs: ctx.config.PUBLISH_RETRY_BASE_MS,
    platformFor,
    credentialsOf: (account) => openCredentials(ctx.tokenSealer, account.credentials),
    refresh: (account, stale) =>
      refreshCredentials({
        db: ctx.db,
        sealer: ctx.tokenSealer,
        platform: platformFor(account),
        accountId: account.id,
        stale,
      }),
  };
}

/**
 * Publishes one post target (see run-publish.ts). Platform failures are handled there; anything else
 * (the database down, a bug) throws, and the job is retried. A worker that dies mid-publish leaves the
 * job active until it expires, then it runs again and resumes from the saved platform ids.
 */
export const publishPostJob = defineJob({
  name: 'posts.publish',
  payload: z.object({ targetId: z.uuid(), generation: z.number().int() }),
  retryLimit: 8,
  retryDelaySeconds: 5,
  expireInSeconds: 120,
  concurrency: 250,
  workers: 1,
  async handle(payload, ctx: JobContext) {
    await runPublish(publishDeps(ctx), payload);
  },
  async onGiveUp(payload, ctx: JobContext) {
    await giveUp(publishDeps(ctx), payload);
  },
});
