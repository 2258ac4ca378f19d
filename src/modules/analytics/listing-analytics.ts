import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { campaigns, listingInquiries, listingPageEvents, listings } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { byPlatform, postMetrics, totalsOf } from './post-metrics.js';

/**
 * A listing's marketing results: every published post of its campaigns with its numbers, totals per
 * campaign and per platform, and the page's own counts (all views and inquiries, from links or not).
 */
export async function listingAnalytics(options: { db: Db; workspaceId: string; id: string }) {
  const { db, workspaceId, id } = options;
  const [listing] = await db
    .select({ id: listings.id })
    .from(listings)
    .where(and(eq(listings.workspaceId, workspaceId), eq(listings.id, id)));
  if (!listing) throw notFound('Listing');
  const [items, campaignRows, [views], [inquiries]] = await Promise.all([
    postMetrics({ db, workspaceId, listingId: id }),
    db
      .select({
        id: campaigns.id,
        name: campaigns.name,
        status: campaigns.status,
        startAt: campaigns.startAt,
      })
      .from(campaigns)
      .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.listingId, id)))
      .orderBy(campaigns.startAt),
    db
      .select({ n: count() })
      .from(listingPageEvents)
      .where(and(eq(listingPageEvents.listingId, id), eq(listingPageEvents.kind, 'view'))),
    db.select({ n: count() }).from(listingInquiries).where(eq(listingInquiries.listingId, id)),
  ]);
  return {
    listingId: id,
    pageViews: views?.n ?? 0,
    inquiries: inquiries?.n ?? 0,
    totals: totalsOf(items),
    byPlatform: byPlatform(items),
    campaigns: campaignRows.map((campaign) => ({
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      startAt: campaign.startAt.toISOString(),
      totals: totalsOf(items.filter((item) => item.campaignId === campaign.id)),
    })),
    posts: items,
  };
}
