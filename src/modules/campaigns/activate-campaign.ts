import { and, eq, isNull } from 'drizzle-orm';
import { campaignPosts, campaigns } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { getContentSettings } from '../content/settings.js';
import { notify } from '../notifications/notify.js';
import { requireApproval } from '../posts/approvals.js';
import { insertDraftPost } from '../posts/create-post.js';
import { accountsOf, mediaOf } from '../posts/repository.js';
import { postMedia, validateTargets } from '../posts/schedule.js';
import { automationApproval } from './automation-settings.js';
import { writeLog } from './campaign-log.js';
import { campaignView, findCampaign, planOf, type CampaignDeps, type PlanRow } from './campaign-view.js';
import { schedulePostAt } from './post-bridge.js';

/** Every reason a planned post cannot be scheduled: its platform's rules and blocking compliance findings. */
async function problemsOf(deps: CampaignDeps, rows: PlanRow[]) {
  const accounts = await accountsOf(deps.db, deps.workspaceId, [
    ...new Set(rows.map((row) => row.accountId)),
  ]);
  const settings = await getContentSettings({ db: deps.db, workspaceId: deps.workspaceId });
  const problems = [];
  for (const row of rows) {
    const account = accounts.find((candidate) => candidate.id === row.accountId)!;
    const media = await mediaOf(deps.db, deps.workspaceId, row.mediaIds);
    const broken = validateTargets({
      text: row.text,
      firstComment: row.firstComment,
      media: media.map((item) => postMedia(item, deps)),
      targets: [{ accountId: row.accountId, text: null }],
      accounts: [account],
      hashtagCap: settings.hashtagCap,
    });
    const blocking = row.issues
      .filter((issue) => issue.severity === 'error')
      .map((issue) => ({
        accountId: account.id,
        platform: account.platform,
        handle: account.handle,
        rule: issue.rule,
        message: issue.message,
      }));
    problems.push(...[...broken, ...blocking].map((problem) => ({ campaignPostId: row.id, ...problem })));
  }
  return problems;
}

/**
 * Schedules every planned post not yet scheduled, through the posts module, in one transaction: one post
 * per planned post, each target's publish job enqueued with it. When the campaign (or the workspace)
 * requires approval, the posts are created as drafts waiting for an admin or owner, who are notified;
 * nothing is scheduled until they approve. Problems (a platform's rule, a compliance error) answer 422
 * naming each planned post, and nothing is written.
 */
export async function activateCampaign(deps: CampaignDeps & { id: string }) {
  const { db, workspaceId, id } = deps;
  const now = deps.now ?? new Date();
  const campaign = await findCampaign(db, workspaceId, id);
  if (!['preview', 'rejected', 'active'].includes(campaign.status)) {
    throw new AppError(
      'conflict',
      `A campaign that is ${campaign.status.replace('_', ' ')} cannot be activated`,
    );
  }
  const rows = (await planOf(db, id)).filter((row) => !row.removedAt && !row.postId);
  const held = rows.filter((row) => row.heldReason);
  if (held.length > 0) {
    throw new AppError(
      'conflict',
      `${held.length} posts are being rewritten after a listing change; activate when they are ready`,
    );
  }
  if (rows.length === 0)
    throw new AppError('conflict', 'Every post of this campaign is already scheduled or removed');
  const problems = await problemsOf(deps, rows);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new AppError(
      'post_invalid',
      `${problems.length} problem(s), e.g. @${first.handle} on ${first.platform}: ${first.message}`,
      { problems },
    );
  }
  const approval = campaign.requireApproval || (await automationApproval(db, workspaceId));

  await db.transaction(async (tx) => {
    const locked = await findCampaign(tx, workspaceId, id, true);
    if (locked.status !== campaign.status)
      throw new AppError('conflict', 'The campaign changed meanwhile; try again');
    const open = await tx
      .select()
      .from(campaignPosts)
      .where(
        and(eq(campaignPosts.campaignId, id), isNull(campaignPosts.postId), isNull(campaignPosts.removedAt)),
      )
      .for('update');
    const created: string[] = [];
    for (const row of open) {
      const postId = await insertDraftPost(tx, {
        workspaceId,
        userId: deps.userId,
        text: row.text,
        mediaIds: row.mediaIds,
        firstComment: row.firstComment,
        scheduledAt: row.scheduledAt < now ? now : row.scheduledAt,
        timezone: campaign.timezone,
        targets: [{ accountId: row.accountId, text: null }],
      });
      await tx.update(campaignPosts).set({ postId, updatedAt: now }).where(eq(campaignPosts.id, row.id));
      if (!approval) await schedulePostAt(tx, deps.jobs, postId, row.scheduledAt, now);
      created.push(postId);
    }
    if (approval) await requireApproval(tx, workspaceId, created, { jobs: deps.jobs, campaignId: id });
    await tx
      .update(campaigns)
      .set({
        status: approval ? 'pending_approval' : 'active',
        requireApproval: approval,
        ...(approval ? { submittedBy: deps.userId, decidedBy: null, decisionComment: null } : {}),
        updatedAt: now,
      })
      .where(eq(campaigns.id, id));
    await writeLog(tx, workspaceId, [
      {
        campaignId: id,
        listingId: campaign.listingId,
        action: approval ? 'campaign.submitted' : 'campaign.activated',
        reason: approval
          ? `${created.length} posts submitted for approval; they stay drafts until an admin or owner approves`
          : `${created.length} posts scheduled`,
        actorId: deps.userId,
      },
    ]);
    if (approval) {
      await notify({
        tx,
        jobs: deps.jobs,
        workspaceId,
        audience: { roles: ['owner', 'admin'] },
        notice: {
          kind: 'campaign.approval_requested',
          title: `“${campaign.name}” waits for your approval`,
          body: `${created.length} posts are ready. Approve them to schedule them, or reject with a comment.`,
          subject: { campaignId: id },
        },
      });
    }
  });
  return campaignView(db, deps.urls, workspaceId, id);
}
