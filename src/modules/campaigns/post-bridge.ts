/**
 * How campaigns act on the posts that carry their plan, always through the posts module's own
 * scheduling functions (one job per target, generations, the approval gate) and in the caller's
 * transaction.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { postTargets, posts, type TargetStatus } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { scheduleTargets, unscheduleTargets } from '../posts/schedule.js';

/** Target statuses of a post that has not gone out and can still change. */
export const pendingStatuses: TargetStatus[] = ['draft', 'scheduled', 'failed', 'needs_attention'];

/** Schedules the post at `at`, or now if that has passed (a paused or late-approved post goes out now). */
export async function schedulePostAt(tx: Executor, jobs: JobQueue, postId: string, at: Date, now: Date) {
  const when = at.getTime() < now.getTime() ? now : at;
  await tx.update(posts).set({ scheduledAt: when, updatedAt: now }).where(eq(posts.id, postId));
  await scheduleTargets(tx, jobs, postId, when);
}

export const holdPost = (tx: Executor, postId: string) => unscheduleTargets(tx, postId, 'draft');
export const cancelPostTargets = (tx: Executor, postId: string) => unscheduleTargets(tx, postId, 'cancelled');

/** The posts' target statuses, locked for the rest of the transaction (a publish claim waits on them). */
export async function lockedStatuses(tx: Executor, postIds: string[]) {
  if (postIds.length === 0) return new Map<string, TargetStatus>();
  const rows = await tx
    .select({ postId: postTargets.postId, status: postTargets.status })
    .from(postTargets)
    .where(inArray(postTargets.postId, postIds))
    .for('update');
  return new Map(rows.map((row) => [row.postId, row.status]));
}

export function assertChangeable(status: TargetStatus | undefined) {
  if (status === 'publishing' || status === 'published') {
    throw new AppError('conflict', 'This post is publishing or published; it can no longer change');
  }
}
