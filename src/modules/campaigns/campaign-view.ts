import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import {
  campaignPosts,
  campaigns,
  media,
  postApprovals,
  postTargets,
  posts,
  socialAccounts,
  type CampaignStatus,
} from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { notFound } from '../../lib/errors.js';
import { utcToZoned } from '../../lib/zoned-time.js';
import type { FileStorage } from '../../storage/file-storage.js';
import type { MediaUrls } from '../media/signed-urls.js';
import { planStatuses, type CampaignView, type PlannedPostView } from './schemas.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type PlanRow = typeof campaignPosts.$inferSelect;

export async function findCampaign(db: Executor, workspaceId: string, id: string, lock = false) {
  const query = db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Campaign');
  return row;
}

export async function planOf(db: Executor, campaignId: string) {
  return db
    .select()
    .from(campaignPosts)
    .where(eq(campaignPosts.campaignId, campaignId))
    .orderBy(asc(campaignPosts.scheduledAt), asc(campaignPosts.position));
}

/** The plan's rows with what the posts module knows of each: its target and whether it awaits approval. */
export async function planWithState(db: Executor, where: SQL) {
  return db
    .select({
      row: campaignPosts,
      platform: socialAccounts.platform,
      handle: socialAccounts.handle,
      target: {
        status: postTargets.status,
        permalink: postTargets.permalink,
        publishedAt: postTargets.publishedAt,
        error: postTargets.error,
      },
      approval: postApprovals.status,
      post: { text: posts.text, mediaIds: posts.mediaIds, scheduledAt: posts.scheduledAt },
    })
    .from(campaignPosts)
    .innerJoin(socialAccounts, eq(socialAccounts.id, campaignPosts.accountId))
    .leftJoin(posts, eq(posts.id, campaignPosts.postId))
    .leftJoin(postTargets, eq(postTargets.postId, campaignPosts.postId))
    .leftJoin(postApprovals, eq(postApprovals.postId, campaignPosts.postId))
    .where(where)
    .orderBy(asc(campaignPosts.scheduledAt), asc(campaignPosts.position));
}
type PlanState = Awaited<ReturnType<typeof planWithState>>[number];

export function planStatus(state: Pick<PlanState, 'row' | 'target' | 'approval'>): PlannedPostView['status'] {
  // Once it became a post, the post tells (a removed one is `cancelled` there); before, the plan does.
  if (state.row.postId && state.target?.status) {
    return state.approval === 'pending' && state.target.status === 'draft'
      ? 'awaiting_approval'
      : state.target.status;
  }
  return state.row.removedAt ? 'removed' : 'planned';
}

const terminal = new Set(['published', 'failed', 'cancelled', 'removed']);

function toView(
  campaign: CampaignRow,
  states: PlanState[],
  mediaRows: Map<string, { width: number | null; height: number | null }>,
  urls: MediaUrls,
): CampaignView {
  const views = states.map((state): PlannedPostView => {
    const { target } = state;
    // Once it became a post, the post's words, images and time are the truth (the posts API may edit them).
    const row = state.post?.text
      ? {
          ...state.row,
          text: state.post.text,
          mediaIds: state.post.mediaIds ?? state.row.mediaIds,
          scheduledAt: state.post.scheduledAt ?? state.row.scheduledAt,
        }
      : state.row;
    return {
      id: row.id,
      position: row.position,
      label: row.label,
      event: row.event,
      accountId: row.accountId,
      platform: state.platform,
      handle: state.handle,
      text: row.text,
      mediaIds: row.mediaIds,
      media: row.mediaIds
        .filter((id) => mediaRows.has(id))
        .map((id) => ({ id, url: urls.sign(id, 'original').url, ...mediaRows.get(id)! })),
      firstComment: row.firstComment,
      scheduledAt: row.scheduledAt.toISOString(),
      localTime: utcToZoned(row.scheduledAt, campaign.timezone),
      timeReason: row.timeReason,
      issues: row.issues,
      edited: row.edited,
      held: row.heldReason,
      status: planStatus(state),
      removedReason: row.removedReason,
      postId: row.postId,
      permalink: target?.permalink ?? null,
      publishedAt: target?.publishedAt?.toISOString() ?? null,
      error: target?.error ?? null,
    };
  });
  const progress = Object.fromEntries(planStatuses.map((status) => [status, 0]));
  for (const post of views) progress[post.status]! += 1;
  const done = views.length > 0 && views.every((post) => terminal.has(post.status));
  const status: CampaignStatus | 'completed' =
    campaign.status === 'active' && done ? 'completed' : campaign.status;
  return {
    id: campaign.id,
    name: campaign.name,
    kind: campaign.kind,
    listingId: campaign.listingId,
    template: campaign.template,
    event: campaign.event,
    status,
    requireApproval: campaign.requireApproval,
    timezone: campaign.timezone,
    start: campaign.startAt.toISOString(),
    accountIds: campaign.accountIds,
    approval: {
      submittedBy: campaign.submittedBy,
      decidedBy: campaign.decidedBy,
      comment: campaign.decisionComment,
    },
    progress,
    posts: views,
    createdAt: campaign.createdAt.toISOString(),
    updatedAt: campaign.updatedAt.toISOString(),
  };
}

async function viewsOf(db: Executor, urls: MediaUrls, rows: CampaignRow[]) {
  if (rows.length === 0) return [];
  const states = await planWithState(
    db,
    inArray(
      campaignPosts.campaignId,
      rows.map((row) => row.id),
    ),
  );
  const ids = [...new Set(states.flatMap((state) => state.row.mediaIds))];
  const mediaRows =
    ids.length === 0
      ? []
      : await db
          .select({ id: media.id, width: media.width, height: media.height })
          .from(media)
          .where(and(eq(media.workspaceId, rows[0]!.workspaceId), inArray(media.id, ids)));
  const byId = new Map(mediaRows.map(({ id, ...size }) => [id, size]));
  return rows.map((row) =>
    toView(
      row,
      states.filter((state) => state.row.campaignId === row.id),
      byId,
      urls,
    ),
  );
}

export async function campaignView(db: Executor, urls: MediaUrls, workspaceId: string, id: string) {
  const [view] = await viewsOf(db, urls, [await findCampaign(db, workspaceId, id)]);
  return view!;
}

/** The workspace's campaigns, newest first, with each one's progress (not its posts). */
export async function listCampaigns(options: {
  db: Executor;
  urls: MediaUrls;
  workspaceId: string;
  status?: CampaignStatus | undefined;
  listingId?: string | undefined;
  limit: number;
}) {
  const { db, workspaceId } = options;
  const rows = await db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.workspaceId, workspaceId),
        options.status ? eq(campaigns.status, options.status) : undefined,
        options.listingId ? eq(campaigns.listingId, options.listingId) : undefined,
      ),
    )
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(options.limit);
  return (await viewsOf(db, options.urls, rows)).map(({ posts: _posts, ...view }) => view);
}

/** What the verbs acting on a saved campaign need. */
export interface CampaignDeps {
  db: Db;
  jobs: JobQueue;
  storage: FileStorage;
  urls: MediaUrls;
  workspaceId: string;
  userId: string | null;
  now?: Date | undefined;
}
