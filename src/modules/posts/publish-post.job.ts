import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { postTargets, type socialAccounts } from '../../db/schema.js';
import type { JobContext } from '../../jobs/context.js';
import { defineJob } from '../../jobs/queue.js';
import { PlatformError } from '../../platforms/social-platform.js';
import type { Login } from '../../platforms/registry.js';
import { openCredentials, refreshCredentials } from '../accounts/credentials.js';
import { runPublish, type PublishDeps } from './run-publish.js';

function publishDeps(ctx: JobContext): PublishDeps {
  const platformFor = (account: typeof socialAccounts.$inferSelect) => {
    if (account.network === 'sandbox') return ctx.platforms.sandbox(account.platform);
    const client = ctx.platforms.live(account.platform, (account.meta.login ?? 'default') as Login);
    if (!client) {
      throw new PlatformError(
        'reconnect',
        `This instance has no ${account.platform} app credentials configured.`,
      );
    }
    return client;
  };
  return {
    db: ctx.db,
    jobs: ctx.jobs,
    storage: ctx.storage,
    urls: ctx.mediaUrls,
    logger: ctx.logger,
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
  async handle(payload, ctx: JobContext) {
    await runPublish(publishDeps(ctx), payload);
  },
  async onGiveUp({ targetId, generation }, { db }: JobContext) {
    await db
      .update(postTargets)
      .set({
        status: 'failed',
        error: {
          code: 'internal_error',
          message: 'Publishing kept failing inside Listcast; publish again to retry.',
        },
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(postTargets.id, targetId),
          eq(postTargets.generation, generation),
          inArray(postTargets.status, ['scheduled', 'publishing']),
        ),
      );
  },
});
