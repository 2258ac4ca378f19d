import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { media, postTargets, posts, socialAccounts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { PlatformError, type Credentials, type SocialPlatform } from '../../platforms/social-platform.js';
import type { FileStorage } from '../../storage/file-storage.js';
import type { MediaUrls } from '../media/signed-urls.js';
import { postMedia } from './schedule.js';

export interface PublishDeps {
  db: Db;
  jobs: JobQueue;
  storage: FileStorage;
  urls: MediaUrls;
  logger: Logger;
  /** The platform client for an account (the sandbox for sandbox accounts). */
  platformFor(account: typeof socialAccounts.$inferSelect): SocialPlatform;
  /** The account's decrypted credentials (null for sandbox accounts). */
  credentialsOf(account: typeof socialAccounts.$inferSelect): Credentials | null;
  /** New tokens after the platform said the access token expired (serialised per account). */
  refresh(account: typeof socialAccounts.$inferSelect, stale: Credentials): Promise<Credentials>;
}

/** Transient failures of one target are retried this many times, with exponential back-off and jitter. */
export const MAX_ATTEMPTS = 6;
const backoffMs = (attempt: number) =>
  Math.min(30_000 * 2 ** (attempt - 1), 30 * 60_000) * (0.75 + Math.random() / 2);

const noCredentials: Credentials = { accessToken: '', refreshToken: null, expiresAt: null, scopes: [] };

/**
 * Publishes one target (the `posts.publish` job). The target's state machine is persisted: it moves to
 * `publishing` before any platform call, the platform's intermediate ids are saved as they are made, and
 * a run that finds saved ids first asks the platform what happened — so a crash or a timeout never
 * leads to a second post. Failures end in a clear state: retried later (transient, rate limits,
 * quotas — rescheduled with a note), `needs_attention` (reconnect the account) or `failed` (the
 * platform refused, with its reason). A job for an older generation (rescheduled or cancelled since)
 * does nothing.
 */
export async function runPublish(deps: PublishDeps, input: { targetId: string; generation: number }) {
  const { db } = deps;
  const claimed = await db
    .update(postTargets)
    .set({ status: 'publishing', attempts: sql`${postTargets.attempts} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(postTargets.id, input.targetId),
        eq(postTargets.generation, input.generation),
        inArray(postTargets.status, ['scheduled', 'publishing']),
      ),
    )
    .returning();
  const target = claimed[0];
  if (!target) return;
  const [post] = await db.select().from(posts).where(eq(posts.id, target.postId));
  const [account] = await db.select().from(socialAccounts).where(eq(socialAccounts.id, target.accountId));
  if (!post || !account) return;

  const mediaRows = post.mediaIds.length
    ? await db
        .select()
        .from(media)
        .where(and(eq(media.workspaceId, post.workspaceId), inArray(media.id, post.mediaIds)))
    : [];
  const ordered = post.mediaIds.flatMap((id) => mediaRows.filter((row) => row.id === id));
  const platform = deps.platformFor(account);
  let progress = target.progress;
  const context = {
    account: {
      externalId: account.externalId,
      meta: { ...account.meta, accountId: account.id, workspaceId: account.workspaceId },
    },
    credentials: deps.credentialsOf(account) ?? noCredentials,
    content: {
      text: target.text ?? post.text,
      media: ordered.map((row) => postMedia(row, deps)),
      firstComment: post.firstComment,
    },
    progress,
    save: async (next: Record<string, string>) => {
      progress = next;
      await db
        .update(postTargets)
        .set({ progress: next, updatedAt: new Date() })
        .where(eq(postTargets.id, target.id));
    },
  };

  const finish = (set: Partial<typeof postTargets.$inferInsert>) =>
    db
      .update(postTargets)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(postTargets.id, target.id), eq(postTargets.generation, input.generation)));

  try {
    // An earlier attempt got as far as saving platform ids: ask before doing anything again.
    if (Object.keys(progress).length > 0) {
      const status = await platform.status(context);
      if (status.state === 'published') {
        await finish({
          status: 'published',
          externalId: status.post.externalId,
          permalink: status.post.permalink,
          error: null,
          publishedAt: new Date(),
        });
        return;
      }
    }
    let published;
    try {
      published = await platform.publish(context);
    } catch (error) {
      // An expired access token: refresh once (another process may already have), then try again.
      if (!(error instanceof PlatformError) || error.action !== 'refresh_token') throw error;
      context.credentials = await deps.refresh(account, context.credentials);
      context.progress = progress;
      published = await platform.publish(context);
    }
    await finish({
      status: 'published',
      externalId: published.externalId,
      permalink: published.permalink,
      error: null,
      publishedAt: new Date(),
    });
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    await handleFailure(deps, { target, generation: input.generation, error, finish });
  }
}

async function handleFailure(
  deps: PublishDeps,
  options: {
    target: typeof postTargets.$inferSelect;
    generation: number;
    error: PlatformError;
    finish: (set: Partial<typeof postTargets.$inferInsert>) => Promise<unknown>;
  },
) {
  const { target, error, finish } = options;
  const attempts = target.attempts;
  const retryAgainAt = (at: Date, note: string) =>
    deps.db.transaction(async (tx) => {
      await tx
        .update(postTargets)
        .set({ status: 'scheduled', error: { code: error.action, message: note }, updatedAt: new Date() })
        .where(and(eq(postTargets.id, target.id), eq(postTargets.generation, options.generation)));
      await deps.jobs.enqueue(
        'posts.publish',
        { targetId: target.id, generation: options.generation },
        { tx, startAfter: at },
      );
    });
  deps.logger.warn({ targetId: target.id, action: error.action, attempts }, 'publish failed');
  switch (error.action) {
    case 'retry_later':
      if (attempts >= MAX_ATTEMPTS) {
        await finish({
          status: 'failed',
          error: {
            code: 'unavailable',
            message: `${error.userMessage} (gave up after ${attempts} attempts)`,
          },
        });
        return;
      }
      await retryAgainAt(
        error.details.retryAt ?? new Date(Date.now() + backoffMs(attempts)),
        `${error.userMessage}; retrying`,
      );
      return;
    case 'rate_limited':
    case 'quota_exhausted': {
      const at = error.details.retryAt ?? new Date(Date.now() + backoffMs(attempts));
      await retryAgainAt(at, `${error.userMessage}; rescheduled for ${at.toISOString()}`);
      return;
    }
    case 'refresh_token':
    case 'reconnect':
      await deps.db
        .update(socialAccounts)
        .set({ status: 'needs_reconnect', updatedAt: new Date() })
        .where(eq(socialAccounts.id, target.accountId));
      await finish({
        status: 'needs_attention',
        error: {
          code: 'reconnect',
          message: `${error.userMessage} Reconnect the account, then publish again.`,
        },
      });
      return;
    case 'reject':
      await finish({ status: 'failed', error: { code: 'rejected', message: error.userMessage } });
      return;
  }
}
