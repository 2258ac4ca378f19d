import { randomUUID } from 'node:crypto';
import { and, count, eq, gte, min } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sandboxPosts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { checkPlatformRules } from '../rules.js';
import {
  PlatformError,
  type Platform,
  type PublishContext,
  platformNames,
  type SocialPlatform,
} from '../social-platform.js';
import { createBatcher } from '../../lib/batcher.js';
import { scheduleFirstDeliveries } from './deliver-engagement.js';
import { sandboxPostCapabilities } from './post-capabilities.js';

/** Instagram's publishing quota, which the sandbox imitates (platform-apis.md §1.4). */
const INSTAGRAM_DAILY_QUOTA = 50;
const DAY_MS = 86_400_000;

const noOAuth = () => {
  throw new PlatformError('reject', 'Sandbox accounts are created in Listcast, without signing in anywhere');
};

/**
 * The built-in sandbox network: behaves like the network it imitates — its rules, ids, permalinks (a
 * page in Listcast), Instagram's daily quota — and keeps what it "published" in `sandbox_posts`.
 * Publishing saves the new post's id before writing it, and writes it idempotently, so a retried or
 * resumed publish never creates a second post. A simulated audience then likes and comments on each
 * post (engagement.ts), which the account reads and answers through the optional capabilities.
 */
export function createSandboxPlatform(options: {
  platform: Platform;
  db: Db;
  jobs: JobQueue;
  publicUrl: string;
  /** `SANDBOX_TIME_SCALE`: how much faster than real time the audience reacts. */
  timeScale: number;
}): SocialPlatform {
  const { platform, db, jobs, publicUrl, timeScale } = options;
  const permalink = (id: string) => `${publicUrl}/sandbox/${id}`;

  async function exists(id: string | undefined) {
    if (!id) return false;
    const [row] = await db.select({ id: sandboxPosts.id }).from(sandboxPosts).where(eq(sandboxPosts.id, id));
    return row !== undefined;
  }

  /**
   * Writes the posts of a batch of publishes in one transaction, idempotently (by id); the audience
   * starts reacting with each new post: its first delivery queued once, by the insert that made it.
   */
  const write = createBatcher<typeof sandboxPosts.$inferInsert>(
    async (rows) => {
      await db.transaction(async (tx) => {
        const inserted = await tx
          .insert(sandboxPosts)
          .values(rows)
          .onConflictDoNothing()
          .returning({ sandboxPostId: sandboxPosts.id, publishedAt: sandboxPosts.createdAt });
        await scheduleFirstDeliveries({ jobs, tx, posts: inserted, timeScale });
      });
    },
    { max: 500 },
  );

  async function checkQuota(accountId: string) {
    if (platform !== 'instagram') return;
    const since = new Date(Date.now() - DAY_MS);
    const [usage] = await db
      .select({ used: count(), oldest: min(sandboxPosts.createdAt) })
      .from(sandboxPosts)
      .where(and(eq(sandboxPosts.accountId, accountId), gte(sandboxPosts.createdAt, since)));
    if ((usage?.used ?? 0) >= INSTAGRAM_DAILY_QUOTA) {
      const retryAt = new Date((usage?.oldest ?? new Date()).getTime() + DAY_MS);
      throw new PlatformError(
        'quota_exhausted',
        `This sandbox Instagram account published ${INSTAGRAM_DAILY_QUOTA} posts in the last 24 hours, its daily limit`,
        { retryAt },
      );
    }
  }

  return {
    platform,
    label: `Sandbox ${platformNames[platform]}`,
    usesPkce: false,
    authorizeUrl: noOAuth,
    exchangeCode: async () => noOAuth(),
    refresh: async (credentials) => credentials,
    accounts: async () => noOAuth(),
    validate: (content) => checkPlatformRules(platform, content),

    async publish(context: PublishContext) {
      const accountId = context.account.meta.accountId;
      if (!accountId)
        throw new PlatformError('reconnect', 'This sandbox account is incomplete; create it again');
      const saved = context.progress.sandboxPostId;
      const id = saved ?? randomUUID();
      if (!(await exists(saved))) {
        if (!saved) await context.save({ ...context.progress, sandboxPostId: id });
        await checkQuota(accountId);
        await write.add({
          id,
          workspaceId: context.account.meta.workspaceId ?? '',
          accountId,
          platform,
          text: context.content.text,
          media: context.content.media.map((media) => ({ url: media.url, altText: media.altText })),
          firstComment: context.content.firstComment,
        });
      }
      return { externalId: id, permalink: permalink(id) };
    },

    async status(context) {
      const id = context.progress.sandboxPostId;
      if (id && (await exists(id)))
        return { state: 'published', post: { externalId: id, permalink: permalink(id) } };
      return { state: 'not_published' };
    },

    ...sandboxPostCapabilities({ db, platform }),
  };
}
