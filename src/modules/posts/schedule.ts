import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { media, socialAccounts } from '../../db/schema.js';
import { posts, postTargets, type TargetStatus } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { assertApproved } from './approvals.js';
import type { PostMedia } from '../../platforms/social-platform.js';
import { checkPlatformRules } from '../../platforms/rules.js';
import type { FileStorage } from '../../storage/file-storage.js';
import type { MediaUrls } from '../media/signed-urls.js';

type MediaRow = typeof media.$inferSelect;
type AccountRow = typeof socialAccounts.$inferSelect;

/** A media item as a platform sees it: a signed public URL, and its bytes on demand. */
export function postMedia(row: MediaRow, deps: { storage: FileStorage; urls: MediaUrls }): PostMedia {
  return {
    url: deps.urls.sign(row.id, 'original').url,
    contentType: row.contentType,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    altText: row.altText,
    async read() {
      const data = await deps.storage.read(row.originalKey);
      if (!data) throw new Error(`media file ${row.originalKey} is missing`);
      return data;
    },
  };
}

/**
 * Every rule any target breaks, each naming the account and the rule (422 `post_invalid` when
 * scheduling). Rules are the target network's (a sandbox account imitates its network's).
 */
export function validateTargets(options: {
  text: string;
  firstComment: string | null;
  media: PostMedia[];
  targets: { accountId: string; text: string | null }[];
  accounts: AccountRow[];
  hashtagCap: number;
}) {
  return options.targets.flatMap((target) => {
    const account = options.accounts.find((candidate) => candidate.id === target.accountId)!;
    const content = {
      text: target.text ?? options.text,
      media: options.media,
      firstComment: options.firstComment,
    };
    return checkPlatformRules(account.platform, content, { hashtagCap: options.hashtagCap }).map(
      (problem) => ({
        accountId: account.id,
        platform: account.platform,
        handle: account.handle,
        ...problem,
      }),
    );
  });
}

export function assertValid(problems: ReturnType<typeof validateTargets>) {
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw new AppError(
    'post_invalid',
    `${problems.length} problem(s), e.g. @${first.handle} on ${first.platform}: ${first.message}`,
    { problems },
  );
}

/** Statuses a target can be (re)scheduled from; published and publishing targets are left alone. */
const reschedulable: TargetStatus[] = ['draft', 'scheduled', 'failed', 'needs_attention', 'cancelled'];

/**
 * Schedules the post's open targets for `at`, in the caller's transaction: each gets a new generation
 * (so a job queued for an earlier time does nothing) and its publish job, enqueued atomically. A post
 * waiting for approval is refused (409): it stays a draft until approved (approvals.ts).
 */
export async function scheduleTargets(tx: Executor, jobs: JobQueue, postId: string, at: Date) {
  await assertApproved(tx, postId);
  const scheduled = await tx
    .update(postTargets)
    .set({
      status: 'scheduled',
      error: null,
      generation: sql`${postTargets.generation} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(postTargets.postId, postId), inArray(postTargets.status, reschedulable)))
    .returning({ id: postTargets.id, generation: postTargets.generation });
  for (const target of scheduled) {
    await jobs.enqueue(
      'posts.publish',
      { targetId: target.id, generation: target.generation },
      { tx, startAfter: at },
    );
  }
  return scheduled.length;
}

/** Turns open targets back into drafts (their queued jobs become stale by generation). */
export async function unscheduleTargets(tx: Executor, postId: string, status: 'draft' | 'cancelled') {
  await tx
    .update(postTargets)
    .set({ status, generation: sql`${postTargets.generation} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(postTargets.postId, postId),
        inArray(postTargets.status, ['draft', 'scheduled', 'failed', 'needs_attention']),
      ),
    );
}

/**
 * After an account is reconnected, its targets that stopped for it (`needs_attention`, code
 * `reconnect`) are scheduled again: at their post's time if it is still ahead, otherwise now.
 */
export async function resumeAccountTargets(tx: Executor, jobs: JobQueue, accountId: string) {
  const waiting = await tx
    .select({ id: postTargets.id, scheduledAt: posts.scheduledAt })
    .from(postTargets)
    .innerJoin(posts, eq(posts.id, postTargets.postId))
    .where(
      and(
        eq(postTargets.accountId, accountId),
        eq(postTargets.status, 'needs_attention'),
        sql`${postTargets.error}->>'code' = 'reconnect'`,
      ),
    );
  const now = new Date();
  for (const target of waiting) {
    const [resumed] = await tx
      .update(postTargets)
      .set({
        status: 'scheduled',
        error: null,
        generation: sql`${postTargets.generation} + 1`,
        updatedAt: now,
      })
      .where(eq(postTargets.id, target.id))
      .returning({ id: postTargets.id, generation: postTargets.generation });
    const at = target.scheduledAt && target.scheduledAt > now ? target.scheduledAt : now;
    await jobs.enqueue(
      'posts.publish',
      { targetId: resumed!.id, generation: resumed!.generation },
      { tx, startAfter: at },
    );
  }
  return waiting.length;
}
