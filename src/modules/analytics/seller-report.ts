import type { Db } from '../../db/client.js';
import { getBrandKit } from '../brand-kit/get-brand-kit.js';
import { getListing } from '../listings/get-listing.js';
import { listingAnalytics } from './listing-analytics.js';

export type SellerReport = Awaited<ReturnType<typeof sellerReport>>;

/**
 * What an agent sends the homeowner: the listing, the campaigns and posts that marketed it (dates,
 * platforms, links), reach, engagement, clicks and inquiries in total and per platform, page views,
 * and who is marketing it (agent and brokerage).
 */
export async function sellerReport(options: { db: Db; workspaceId: string; id: string; now?: Date }) {
  const { db, workspaceId, id } = options;
  const [listing, analytics, kit] = await Promise.all([
    getListing({ db, workspaceId, id }),
    listingAnalytics({ db, workspaceId, id }),
    getBrandKit({ db, workspaceId }),
  ]);
  const address = [listing.address.street, listing.address.unit, listing.address.city, listing.address.state]
    .filter(Boolean)
    .join(', ');
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    listing: {
      id: listing.id,
      address,
      postalCode: listing.address.postalCode,
      price: listing.price,
      status: listing.status,
      beds: listing.beds,
      baths: listing.baths,
      interiorSqft: listing.interiorSqft,
    },
    brand: { agentName: kit.agentName, brokerage: kit.brokerage, phone: kit.phone, email: kit.email },
    pageViews: analytics.pageViews,
    inquiries: analytics.inquiries,
    totals: analytics.totals,
    byPlatform: analytics.byPlatform,
    campaigns: analytics.campaigns,
    posts: analytics.posts.map((post) => ({
      platform: post.platform,
      handle: post.handle,
      campaignId: post.campaignId,
      publishedAt: post.publishedAt,
      permalink: post.permalink,
      reach: post.reach,
      engagement: post.engagement,
      clicks: post.clicks,
      leads: post.leads,
    })),
  };
}
