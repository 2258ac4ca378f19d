import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { automationSettings, campaignPosts, postApprovals } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { emitEvent } from '../events/emit-event.js';

/**
 * The approval gate. A post that needs approval keeps its targets as drafts until an admin or owner
 * approves it: `scheduleTargets` refuses to schedule it before then, and the publisher only ever claims
 * scheduled targets, so nothing unapproved is published whichever path (API, campaign, job) asks.
 */
export async function requireApproval(
  tx: Executor,
  workspaceId: string,
  postIds: string[],
  /** Integrations hear of the request (`approval.requested`) through the workspace's events. */
  announce: { jobs: JobQueue; campaignId: string | null },
) {
  if (postIds.length === 0) return;
  await tx
    .insert(postApprovals)
    .values(postIds.map((postId) => ({ postId, workspaceId, status: 'pending' as const })))
    .onConflictDoUpdate({
      target: postApprovals.postId,
      set: { status: 'pending', decidedBy: null, decidedAt: null },
    });
  await emitEvent({
    tx,
    jobs: announce.jobs,
    workspaceId,
    kind: 'approval.requested',
    data: { campaignId: announce.campaignId, postIds },
  });
}

/** Marks the posts approved (the caller schedules them). */
export async function approvePosts(tx: Executor, postIds: string[], userId: string | null, now: Date) {
  if (postIds.length === 0) return;
  await tx
    .update(postApprovals)
    .set({ status: 'approved', decidedBy: userId, decidedAt: now })
    .where(inArray(postApprovals.postId, postIds));
}

/** Refuses (409) when the post waits for approval. */
export async function assertApproved(tx: Executor, postId: string) {
  const [pending] = await tx
    .select({ postId: postApprovals.postId })
    .from(postApprovals)
    .where(and(eq(postApprovals.postId, postId), ne(postApprovals.status, 'approved')));
  if (pending) {
    throw new AppError('conflict', 'This post is waiting for approval by an admin or owner');
  }
}

/**
 * In a workspace that requires approval (automation settings), the posts API schedules only approved
 * posts: everything else is submitted through a campaign (`POST /campaigns/import` for one's own posts)
 * for an admin or owner to approve.
 */
export async function assertMayScheduleDirectly(db: Executor, workspaceId: string, postId: string | null) {
  const [settings] = await db
    .select({ requireApproval: automationSettings.requireApproval })
    .from(automationSettings)
    .where(eq(automationSettings.workspaceId, workspaceId));
  if (!settings?.requireApproval) return;
  if (postId) {
    const [approved] = await db
      .select({ postId: postApprovals.postId })
      .from(postApprovals)
      .where(and(eq(postApprovals.postId, postId), eq(postApprovals.status, 'approved')));
    if (approved) return;
  }
  throw new AppError(
    'conflict',
    'This workspace requires approval: submit posts through a campaign (POST /api/v1/campaigns/import for ' +
      'your own posts) for an admin or owner to approve',
  );
}

/** An approved post whose words or images change needs approval again: true when it did. */
export async function reopenApproval(
  tx: Executor,
  postId: string,
  announce: { jobs: JobQueue; workspaceId: string },
) {
  const reopened = await tx
    .update(postApprovals)
    .set({ status: 'pending', decidedBy: null, decidedAt: null })
    .where(and(eq(postApprovals.postId, postId), eq(postApprovals.status, 'approved')))
    .returning({ postId: postApprovals.postId });
  if (reopened.length === 0) return false;
  const [planned] = await tx
    .select({ campaignId: campaignPosts.campaignId })
    .from(campaignPosts)
    .where(eq(campaignPosts.postId, postId))
    .limit(1);
  await emitEvent({
    tx,
    jobs: announce.jobs,
    workspaceId: announce.workspaceId,
    kind: 'approval.requested',
    data: { campaignId: planned?.campaignId ?? null, postIds: [postId] },
  });
  return true;
}
