import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { postTargets, type socialAccounts } from '../../db/schema.js';
import type { JobContext } from '../../jobs/context.js';
import { defineJob } from '../../jobs/queue.js';
import { PlatformError } from '../../platforms/social-platform.js';
import { createSandboxPlatform } from '../../platforms/sandbox/sandbox-platform.js';
import { runPublish, type PublishDeps } from './run-publish.js';

function publishDeps(ctx: JobContext): PublishDeps {
  return {
    db: ctx.db,
    jobs: ctx.jobs,
    storage: ctx.storage,
    urls: ctx.mediaUrls,
    logger: ctx.logger,
    platformFor(account: typeof socialAccounts.$inferSelect) {
      if (account.network === 'sandbox') {
        return createSandboxPlatform({
          platform: account.platform,
          db: ctx.db,
          publicUrl: ctx.config.publicUrl,
        });
      }
      // Live accounts arrive with the OAuth connection flow; none can exist before it.
      throw new PlatformError(
        'reconnect',
        `Live ${account.platform} publishing is not connected on this instance.`,
      );
    },
    credentialsOf: () => null,
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
  concurrency: 4,
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
