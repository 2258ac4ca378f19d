import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { campaignPosts, campaigns, postApprovals, postTargets, posts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { emitEvent } from '../events/emit-event.js';
import { notify } from '../notifications/notify.js';
import { approvePosts } from '../posts/approvals.js';
import { writeLog } from './campaign-log.js';
import { campaignView, findCampaign, type CampaignDeps, type CampaignRow } from './campaign-view.js';
import { schedulePostAt } from './post-bridge.js';

/**
 * The campaign's posts that wait for approval, with their planned times: drafts with a pending approval.
 * Posts held back for a rewrite after a listing change are not among them: what would be approved is
 * about to change.
 */
async function waiting(tx: Executor, campaignId: string) {
  return tx
    .select({
      planId: campaignPosts.id,
      postId: campaignPosts.postId,
      scheduledAt: campaignPosts.scheduledAt,
    })
    .from(campaignPosts)
    .innerJoin(postApprovals, eq(postApprovals.postId, campaignPosts.postId))
    .innerJoin(postTargets, eq(postTargets.postId, campaignPosts.postId))
    .where(
      and(
        eq(campaignPosts.campaignId, campaignId),
        eq(postApprovals.status, 'pending'),
        eq(postTargets.status, 'draft'),
        isNull(campaignPosts.heldReason),
        isNull(campaignPosts.removedAt),
      ),
    );
}

async function tellSubmitter(
  tx: Executor,
  jobs: JobQueue,
  campaign: CampaignRow,
  deciderId: string | null,
  notice: { kind: string; title: string; body: string },
) {
  // The submitter hears the decision; automation's submissions go to the editors who look after campaigns.
  if (campaign.submittedBy === deciderId && deciderId !== null) return;
  const audience = campaign.submittedBy
    ? { userIds: [campaign.submittedBy] }
    : { roles: ['editor' as const] };
  await notify({
    tx,
    jobs,
    workspaceId: campaign.workspaceId,
    audience,
    notice: { ...notice, subject: { campaignId: campaign.id } },
  });
}

/** Integrations hear of the decision (`approval.decided`) through the workspace's events. */
const announceDecision = (
  tx: Executor,
  deps: CampaignDeps & { id: string; comment?: string | undefined },
  rows: { postId: string | null }[],
  decision: 'approved' | 'rejected',
) =>
  emitEvent({
    tx,
    jobs: deps.jobs,
    workspaceId: deps.workspaceId,
    kind: 'approval.decided',
    data: {
      campaignId: deps.id,
      decision,
      postIds: rows.map((row) => row.postId),
      decidedBy: deps.userId,
      comment: deps.comment ?? null,
    },
  });

function assertWaiting(campaign: CampaignRow, rows: unknown[]) {
  if (campaign.status === 'cancelled' || rows.length === 0) {
    throw new AppError('conflict', 'Nothing in this campaign is waiting for approval');
  }
}

/** An admin or owner approves: the waiting posts are scheduled (at their time, or now if it passed). */
export async function approveCampaign(deps: CampaignDeps & { id: string; comment?: string | undefined }) {
  const { db, workspaceId, id } = deps;
  const now = deps.now ?? new Date();
  await db.transaction(async (tx) => {
    const campaign = await findCampaign(tx, workspaceId, id, true);
    const rows = await waiting(tx, id);
    assertWaiting(campaign, rows);
    await approvePosts(
      tx,
      rows.map((row) => row.postId!),
      deps.userId,
      now,
    );
    // A paused campaign's approved posts wait for it to resume.
    if (campaign.status !== 'paused') {
      for (const row of rows) await schedulePostAt(tx, deps.jobs, row.postId!, row.scheduledAt, now);
    }
    await tx
      .update(campaigns)
      .set({
        status: campaign.status === 'pending_approval' ? 'active' : campaign.status,
        decidedBy: deps.userId,
        decisionComment: deps.comment ?? null,
        updatedAt: now,
      })
      .where(eq(campaigns.id, id));
    await writeLog(tx, workspaceId, [
      {
        campaignId: id,
        listingId: campaign.listingId,
        action: 'campaign.approved',
        reason: `${rows.length} posts approved and scheduled${deps.comment ? `: ${deps.comment}` : ''}`,
        actorId: deps.userId,
      },
    ]);
    await announceDecision(tx, deps, rows, 'approved');
    await tellSubmitter(tx, deps.jobs, campaign, deps.userId, {
      kind: 'campaign.approved',
      title: `“${campaign.name}” was approved`,
      body: `${rows.length} posts are scheduled.${deps.comment ? ` Comment: ${deps.comment}` : ''}`,
    });
  });
  return campaignView(db, deps.urls, workspaceId, id);
}

/**
 * An admin or owner rejects with a comment: the waiting posts are withdrawn (they were drafts and never
 * scheduled) and their plan can be edited and submitted again. The submitter is told why.
 */
export async function rejectCampaign(deps: CampaignDeps & { id: string; comment: string }) {
  const { db, workspaceId, id } = deps;
  const now = deps.now ?? new Date();
  await db.transaction(async (tx) => {
    const campaign = await findCampaign(tx, workspaceId, id, true);
    const rows = await waiting(tx, id);
    assertWaiting(campaign, rows);
    const postIds = rows.map((row) => row.postId!);
    if (postIds.length > 0) {
      await tx
        .update(campaignPosts)
        .set({ postId: null, updatedAt: now })
        .where(inArray(campaignPosts.postId, postIds));
      await tx.delete(posts).where(inArray(posts.id, postIds));
    }
    const [still] = await tx
      .select({ id: campaignPosts.id })
      .from(campaignPosts)
      .where(and(eq(campaignPosts.campaignId, id), isNotNull(campaignPosts.postId)))
      .limit(1);
    await tx
      .update(campaigns)
      .set({
        status: campaign.status !== 'pending_approval' ? campaign.status : still ? 'active' : 'rejected',
        decidedBy: deps.userId,
        decisionComment: deps.comment,
        updatedAt: now,
      })
      .where(eq(campaigns.id, id));
    await writeLog(tx, workspaceId, [
      {
        campaignId: id,
        listingId: campaign.listingId,
        action: 'campaign.rejected',
        reason: `${rows.length} posts sent back: ${deps.comment}`,
        actorId: deps.userId,
      },
    ]);
    await announceDecision(tx, deps, rows, 'rejected');
    await tellSubmitter(tx, deps.jobs, campaign, deps.userId, {
      kind: 'campaign.rejected',
      title: `“${campaign.name}” was sent back`,
      body: `Comment: ${deps.comment}. Edit the posts and activate the campaign again.`,
    });
  });
  return campaignView(db, deps.urls, workspaceId, id);
}
