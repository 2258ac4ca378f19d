import { sql } from 'drizzle-orm';
import { platformLimits, postLength } from '../../ai/limits.js';
import type { Platform } from '../../ai/content.js';
import type { Executor } from '../../db/client.js';
import { campaignPosts, campaigns, posts } from '../../db/schema.js';
import { UUID } from '../../lib/ids.js';

/** The UTM parameters a link to a listing's page carries (see `listingLink`). */
export interface Utm {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  content: string | null;
}

const clip = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 100) : null;

/** Reads `utm_*` from a query string or form body; anything else is ignored. */
export function readUtm(from: Record<string, unknown>): Utm {
  return {
    source: clip(from.utm_source),
    medium: clip(from.utm_medium),
    campaign: clip(from.utm_campaign),
    content: clip(from.utm_content),
  };
}

/**
 * The public page's address for a listing, tagged for one post: `utm_source` the platform (or
 * `flyer`), `utm_medium=social`, `utm_campaign` the campaign id, `utm_content` the post (a campaign's
 * planned post id before activation; attribution follows it to the post it became).
 */
export function listingLink(options: {
  publicUrl: string;
  listingId: string;
  source: string;
  medium?: string;
  campaignId?: string;
  contentId?: string;
}) {
  const url = new URL(`/l/${options.listingId}`, options.publicUrl);
  url.searchParams.set('utm_source', options.source);
  url.searchParams.set('utm_medium', options.medium ?? 'social');
  if (options.campaignId) url.searchParams.set('utm_campaign', options.campaignId);
  if (options.contentId) url.searchParams.set('utm_content', options.contentId);
  return url.toString();
}

/**
 * Which post and campaign of the listing's workspace a visit came from. Only ids of that workspace
 * count, so a forged link cannot attribute visits to someone else's post. One query at most.
 */
export async function attribute(
  db: Executor,
  workspaceId: string,
  utm: Utm,
): Promise<{ postId: string | null; campaignId: string | null }> {
  const contentId = utm.content && UUID.test(utm.content) ? utm.content : null;
  const campaignId = utm.campaign && UUID.test(utm.campaign) ? utm.campaign : null;
  if (!contentId && !campaignId) return { postId: null, campaignId: null };
  const [row] = await db
    .select({
      postId: contentId
        ? sql<string | null>`coalesce(
            (select ${posts.id} from ${posts} where ${posts.id} = ${contentId} and ${posts.workspaceId} = ${workspaceId}),
            (select ${campaignPosts.postId} from ${campaignPosts} where ${campaignPosts.id} = ${contentId} and ${campaignPosts.workspaceId} = ${workspaceId}))`
        : sql<string | null>`null`,
      campaignId: campaignId
        ? sql<
            string | null
          >`(select ${campaigns.id} from ${campaigns} where ${campaigns.id} = ${campaignId} and ${campaigns.workspaceId} = ${workspaceId})`
        : sql<string | null>`null`,
    })
    .from(sql`(select 1) as one`);
  return { postId: row?.postId ?? null, campaignId: row?.campaignId ?? null };
}

/** How a post points to the page: a clickable link, or — where captions do not link — the bio. */
const linkStyle: Record<Platform, 'link' | 'bio'> = {
  facebook: 'link',
  linkedin: 'link',
  x: 'link',
  instagram: 'bio',
};

/**
 * A post's text with the way to the listing's page added once: the tagged link where links are
 * clickable, "Link in bio" on Instagram. Text that already points there is kept as it is, and a link
 * that would push the post past its platform's length is left out rather than making it unpostable.
 */
export function withListingLink(text: string, platform: Platform, link: string): string {
  const path = new URL(link).pathname;
  if (text.includes(path) || /link in bio/i.test(text)) return text;
  const added = `${text.trimEnd()}\n\n${linkStyle[platform] === 'link' ? link : 'Link in bio.'}`;
  return postLength(platform, added) <= platformLimits[platform].maxLength ? added : text;
}
