import { and, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  campaignPosts,
  campaigns,
  listingInquiries,
  listingPageEvents,
  postInsights,
  postTargets,
  posts,
  sandboxInteractions,
  sandboxPosts,
  socialAccounts,
} from '../../db/schema.js';

/** What one published post did on one account. */
export interface PostMetrics {
  postId: string;
  targetId: string;
  accountId: string;
  platform: string;
  network: 'sandbox' | 'live';
  handle: string;
  campaignId: string | null;
  listingId: string | null;
  publishedAt: string | null;
  permalink: string | null;
  text: string;
  /**
   * Where reach and engagement come from: the sandbox's own counts, the live network's insights (read
   * hourly), or none yet (a live post not read since it was published).
   */
  insights: 'sandbox' | 'platform' | 'unavailable';
  reach: number;
  likes: number;
  comments: number;
  /** Likes + comments. */
  engagement: number;
  /** Views of the listing's page that came through this post's link. */
  clicks: number;
  /** Lead forms sent after arriving through this post's link. */
  leads: number;
}

const count = (query: SQL) => sql<number>`coalesce((${query}), 0)::int`;

/** A sandbox post's own count of likes or comments; a live post's from its last insights reading. */
const sandboxOrPlatform = (kind: SQL, platform: AnyColumn) =>
  sql<number>`(case when ${sandboxPosts.id} is null then coalesce(${platform}, 0)
    else (select count(*) from ${sandboxInteractions} where ${sandboxInteractions.sandboxPostId} = ${sandboxPosts.id} and ${sandboxInteractions.kind} = ${kind}) end)::int`;

/**
 * Reach, engagement, clicks and leads of the workspace's published posts, optionally of one campaign
 * or one listing (posts belong to a listing through their campaign). One query: the sandbox's rows
 * for sandbox accounts (its post id is the target's external id), page events and inquiries by post.
 * A click counts for the target on the platform its link names, so a post sent to two networks does
 * not count a visit twice.
 */
export async function postMetrics(options: {
  db: Db;
  workspaceId: string;
  campaignId?: string;
  listingId?: string;
}): Promise<PostMetrics[]> {
  const { db, workspaceId } = options;
  const rows = await db
    .select({
      postId: posts.id,
      targetId: postTargets.id,
      accountId: socialAccounts.id,
      platform: socialAccounts.platform,
      network: socialAccounts.network,
      handle: socialAccounts.handle,
      campaignId: campaignPosts.campaignId,
      listingId: campaigns.listingId,
      publishedAt: postTargets.publishedAt,
      permalink: postTargets.permalink,
      text: sql<string>`coalesce(${postTargets.text}, ${posts.text})`,
      sandboxPostId: sandboxPosts.id,
      insightsAt: postInsights.fetchedAt,
      reach: sql<number>`coalesce(${sandboxPosts.reach}, ${postInsights.reach}, 0)::int`,
      likes: sandboxOrPlatform(sql`'like'`, postInsights.likes),
      comments: sandboxOrPlatform(sql`'comment'`, postInsights.comments),
      clicks: count(
        sql`select count(*) from ${listingPageEvents} where ${listingPageEvents.postId} = ${posts.id} and ${listingPageEvents.kind} = 'view' and (${listingPageEvents.platform} is null or ${listingPageEvents.platform} = ${socialAccounts.platform})`,
      ),
      leads: count(
        sql`select count(*) from ${listingInquiries} where ${listingInquiries.postId} = ${posts.id} and (${listingInquiries.utmSource} is null or ${listingInquiries.utmSource} = ${socialAccounts.platform})`,
      ),
    })
    .from(postTargets)
    .innerJoin(posts, eq(posts.id, postTargets.postId))
    .innerJoin(socialAccounts, eq(socialAccounts.id, postTargets.accountId))
    .leftJoin(
      campaignPosts,
      and(eq(campaignPosts.postId, posts.id), eq(campaignPosts.workspaceId, workspaceId)),
    )
    .leftJoin(campaigns, eq(campaigns.id, campaignPosts.campaignId))
    .leftJoin(postInsights, eq(postInsights.targetId, postTargets.id))
    .leftJoin(
      sandboxPosts,
      and(eq(socialAccounts.network, 'sandbox'), sql`${sandboxPosts.id}::text = ${postTargets.externalId}`),
    )
    .where(
      and(
        eq(postTargets.workspaceId, workspaceId),
        eq(postTargets.status, 'published'),
        options.campaignId ? eq(campaignPosts.campaignId, options.campaignId) : undefined,
        options.listingId ? eq(campaigns.listingId, options.listingId) : undefined,
      ),
    )
    .orderBy(postTargets.publishedAt, postTargets.id);
  return rows.map(({ sandboxPostId, insightsAt, ...row }) => ({
    ...row,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    insights: sandboxPostId ? 'sandbox' : insightsAt ? 'platform' : 'unavailable',
    engagement: row.likes + row.comments,
  }));
}

export interface Totals {
  posts: number;
  reach: number;
  engagement: number;
  clicks: number;
  leads: number;
}

export function totalsOf(items: PostMetrics[]): Totals {
  return items.reduce<Totals>(
    (sum, item) => ({
      posts: sum.posts + 1,
      reach: sum.reach + item.reach,
      engagement: sum.engagement + item.engagement,
      clicks: sum.clicks + item.clicks,
      leads: sum.leads + item.leads,
    }),
    { posts: 0, reach: 0, engagement: 0, clicks: 0, leads: 0 },
  );
}

/** Totals per platform, platforms in a stable (alphabetical) order. */
export function byPlatform(items: PostMetrics[]): ({ platform: string } & Totals)[] {
  const platforms = [...new Set(items.map((item) => item.platform))].sort();
  return platforms.map((platform) => ({
    platform,
    ...totalsOf(items.filter((item) => item.platform === platform)),
  }));
}
