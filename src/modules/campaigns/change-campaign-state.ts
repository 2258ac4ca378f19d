import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { campaignPosts, campaigns, postApprovals, type CampaignStatus } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { writeLog } from './campaign-log.js';
import { campaignView, findCampaign, type CampaignDeps } from './campaign-view.js';
import { cancelPostTargets, holdPost, lockedStatuses, schedulePostAt } from './post-bridge.js';

const verbs = { pause: 'paused', resume: 'active', cancel: 'cancelled' } as const;
const allowedFrom: Record<keyof typeof verbs, CampaignStatus[]> = {
  pause: ['active'],
  resume: ['paused'],
  cancel: ['preview', 'pending_approval', 'rejected', 'active', 'paused'],
};

/**
 * Pauses, resumes or cancels a campaign; its pending posts follow in the same transaction. Pausing turns
 * scheduled posts back into drafts (their queued jobs become stale); resuming schedules them again at
 * their planned time, or now if it passed while paused; cancelling cancels every post not yet out. A
 * post already publishing goes out: it cannot be stopped midway.
 */
export async function changeCampaignState(deps: CampaignDeps & { id: string; verb: keyof typeof verbs }) {
  const { db, workspaceId, id, verb } = deps;
  const now = deps.now ?? new Date();
  await db.transaction(async (tx) => {
    const campaign = await findCampaign(tx, workspaceId, id, true);
    if (!allowedFrom[verb].includes(campaign.status)) {
      throw new AppError(
        'conflict',
        `A campaign that is ${campaign.status.replace('_', ' ')} cannot be ${verbs[verb]}`,
      );
    }
    const linked = await tx
      .select({ row: campaignPosts, approval: postApprovals.status })
      .from(campaignPosts)
      .leftJoin(postApprovals, eq(postApprovals.postId, campaignPosts.postId))
      .where(
        and(
          eq(campaignPosts.campaignId, id),
          isNotNull(campaignPosts.postId),
          isNull(campaignPosts.removedAt),
        ),
      );
    const statuses = await lockedStatuses(
      tx,
      linked.map(({ row }) => row.postId!),
    );
    let changed = 0;
    for (const { row, approval } of linked) {
      const status = statuses.get(row.postId!);
      if (
        verb === 'pause' &&
        (status === 'scheduled' || status === 'failed' || status === 'needs_attention')
      ) {
        await holdPost(tx, row.postId!);
        changed += 1;
      } else if (verb === 'resume' && status === 'draft' && approval !== 'pending' && !row.heldReason) {
        await schedulePostAt(tx, deps.jobs, row.postId!, row.scheduledAt, now);
        changed += 1;
      } else if (
        verb === 'cancel' &&
        status !== 'publishing' &&
        status !== 'published' &&
        status !== 'cancelled'
      ) {
        await cancelPostTargets(tx, row.postId!);
        changed += 1;
      }
    }
    await tx.update(campaigns).set({ status: verbs[verb], updatedAt: now }).where(eq(campaigns.id, id));
    await writeLog(tx, workspaceId, [
      {
        campaignId: id,
        listingId: campaign.listingId,
        action: `campaign.${verbs[verb]}`,
        reason:
          verb === 'pause'
            ? `${changed} scheduled posts held back`
            : verb === 'resume'
              ? `${changed} posts scheduled again`
              : `${changed} pending posts cancelled`,
        actorId: deps.userId,
      },
    ]);
  });
  return campaignView(db, deps.urls, workspaceId, id);
}
