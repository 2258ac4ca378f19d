import { and, eq } from 'drizzle-orm';
import { campaignPosts, campaigns, listings, postApprovals, posts } from '../../db/schema.js';
import { AppError, notFound } from '../../lib/errors.js';
import { getContentSettings } from '../content/settings.js';
import { notify } from '../notifications/notify.js';
import { requireApproval } from '../posts/approvals.js';
import { resolveScheduledAt } from '../posts/create-post.js';
import { accountsOf, mediaOf } from '../posts/repository.js';
import { assertValid, postMedia, validateTargets } from '../posts/schedule.js';
import { writeLog } from './campaign-log.js';
import { campaignView, findCampaign, type CampaignDeps } from './campaign-view.js';
import { reviewOwnText } from './plan-support.js';
import {
  assertChangeable,
  cancelPostTargets,
  holdPost,
  lockedStatuses,
  schedulePostAt,
} from './post-bridge.js';
import type { EditPlannedPostBody } from './schemas.js';

async function findPlanned(deps: CampaignDeps, id: string) {
  const [row] = await deps.db
    .select()
    .from(campaignPosts)
    .where(and(eq(campaignPosts.workspaceId, deps.workspaceId), eq(campaignPosts.id, id)));
  if (!row) throw notFound('Planned post');
  const campaign = await findCampaign(deps.db, deps.workspaceId, row.campaignId);
  if (campaign.status === 'cancelled') throw new AppError('conflict', 'This campaign is cancelled');
  if (row.removedAt) throw new AppError('conflict', 'This post was removed from the campaign');
  return { row, campaign };
}

async function plannedView(deps: CampaignDeps, campaignId: string, id: string) {
  const view = await campaignView(deps.db, deps.urls, deps.workspaceId, campaignId);
  return view.posts.find((post) => post.id === id)!;
}

/**
 * Edits one planned post: its text (reviewed again for compliance and limits), time, images or first
 * comment. Once the campaign is active the post it became changes too, and is rescheduled; a changed
 * text or image of an approved post in a campaign that requires approval waits for approval again.
 */
export async function editPlannedPost(deps: CampaignDeps & { id: string; body: EditPlannedPostBody }) {
  const { db, workspaceId, id, body } = deps;
  const now = deps.now ?? new Date();
  const { row, campaign } = await findPlanned(deps, id);
  const [account] = await accountsOf(db, workspaceId, [row.accountId]);
  const mediaRows = await mediaOf(db, workspaceId, body.mediaIds ?? row.mediaIds);
  const at = body.scheduledAt
    ? resolveScheduledAt(body.scheduledAt, campaign.timezone, now)
    : row.scheduledAt;
  const next = {
    text: body.text ?? row.text,
    mediaIds: body.mediaIds ?? row.mediaIds,
    firstComment: body.firstComment === undefined ? row.firstComment : body.firstComment,
  };
  const issues =
    body.text === undefined ? row.issues : await reviewOwnText(db, workspaceId, next.text, account!.platform);
  const contentChanged =
    next.text !== row.text ||
    next.firstComment !== row.firstComment ||
    JSON.stringify(next.mediaIds) !== JSON.stringify(row.mediaIds);
  if (row.postId) {
    const settings = await getContentSettings({ db, workspaceId });
    const problems = validateTargets({
      ...next,
      media: mediaRows.map((item) => postMedia(item, deps)),
      targets: [{ accountId: row.accountId, text: null }],
      accounts: [account!],
      hashtagCap: settings.hashtagCap,
    });
    const blocking = issues
      .filter((issue) => issue.severity === 'error')
      .map((issue) => ({
        accountId: account!.id,
        platform: account!.platform,
        handle: account!.handle,
        ...issue,
      }));
    assertValid([...problems, ...blocking]);
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ['text', 'mediaIds', 'firstComment'] as const) {
    if (JSON.stringify(next[key]) !== JSON.stringify(row[key]))
      changes[key] = { from: row[key], to: next[key] };
  }
  if (at.getTime() !== row.scheduledAt.getTime()) changes.scheduledAt = { from: row.scheduledAt, to: at };

  // A person who rewrites a post held back after a listing change releases it: their words now stand.
  const release = row.heldReason !== null && body.text !== undefined;
  const [listing] =
    release && campaign.listingId
      ? await db.select({ price: listings.price }).from(listings).where(eq(listings.id, campaign.listingId))
      : [];

  await db.transaction(async (tx) => {
    const locked = await findCampaign(tx, workspaceId, campaign.id, true);
    if (locked.status === 'cancelled') throw new AppError('conflict', 'This campaign is cancelled');
    const status = row.postId ? (await lockedStatuses(tx, [row.postId])).get(row.postId) : undefined;
    assertChangeable(status);
    await tx
      .update(campaignPosts)
      .set({
        ...next,
        scheduledAt: at,
        timeReason: changes.scheduledAt ? 'Set by hand' : row.timeReason,
        issues,
        edited: true,
        ...(release ? { heldReason: null, price: listing?.price ?? row.price } : {}),
        updatedAt: now,
      })
      .where(eq(campaignPosts.id, id));
    if (row.postId) {
      await tx
        .update(posts)
        .set({ ...next, scheduledAt: at, updatedAt: now })
        .where(eq(posts.id, row.postId));
      const [approval] = await tx.select().from(postApprovals).where(eq(postApprovals.postId, row.postId));
      if (campaign.requireApproval && contentChanged && approval?.status === 'approved') {
        await holdPost(tx, row.postId);
        await requireApproval(tx, workspaceId, [row.postId], { jobs: deps.jobs, campaignId: campaign.id });
        await tx
          .update(campaigns)
          .set({ status: 'pending_approval', submittedBy: deps.userId, updatedAt: now })
          .where(eq(campaigns.id, campaign.id));
        await notify({
          tx,
          jobs: deps.jobs,
          workspaceId,
          audience: { roles: ['owner', 'admin'] },
          notice: {
            kind: 'campaign.approval_requested',
            title: `An edited post of “${campaign.name}” waits for your approval`,
            body: 'It was changed after approval; it stays a draft until approved again.',
            subject: { campaignId: campaign.id },
          },
        });
      } else if (
        status === 'scheduled' ||
        (release && status === 'draft' && locked.status === 'active' && approval?.status !== 'pending')
      ) {
        await schedulePostAt(tx, deps.jobs, row.postId, at, now);
      }
    }
    await writeLog(tx, workspaceId, [
      {
        campaignId: campaign.id,
        campaignPostId: id,
        listingId: campaign.listingId,
        action: 'post.edited',
        reason: `Edited: ${Object.keys(changes).join(', ') || 'nothing changed'}${release ? '; the hold after the listing change is released' : ''}`,
        changes,
        actorId: deps.userId,
      },
    ]);
  });
  return plannedView(deps, campaign.id, id);
}

/** Removes a planned post from the campaign; once activated, the post it became is cancelled. */
export async function removePlannedPost(deps: CampaignDeps & { id: string }) {
  const { db, workspaceId, id } = deps;
  const now = deps.now ?? new Date();
  const { row, campaign } = await findPlanned(deps, id);
  await db.transaction(async (tx) => {
    const status = row.postId ? (await lockedStatuses(tx, [row.postId])).get(row.postId) : undefined;
    assertChangeable(status);
    if (row.postId) await cancelPostTargets(tx, row.postId);
    await tx
      .update(campaignPosts)
      .set({ removedAt: now, removedReason: 'Removed from the plan by a person', updatedAt: now })
      .where(eq(campaignPosts.id, id));
    await writeLog(tx, workspaceId, [
      {
        campaignId: campaign.id,
        campaignPostId: id,
        listingId: campaign.listingId,
        action: 'post.removed',
        reason: `Removed "${row.label}" for ${row.scheduledAt.toISOString()}`,
        actorId: deps.userId,
      },
    ]);
  });
  return plannedView(deps, campaign.id, id);
}
