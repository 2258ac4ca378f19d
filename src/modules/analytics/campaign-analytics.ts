import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { campaigns } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { byPlatform, postMetrics, totalsOf } from './post-metrics.js';

/** A campaign's results: its published posts with their numbers, totals and totals per platform. */
export async function campaignAnalytics(options: { db: Db; workspaceId: string; id: string }) {
  const { db, workspaceId, id } = options;
  const [campaign] = await db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      status: campaigns.status,
      listingId: campaigns.listingId,
    })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
  if (!campaign) throw notFound('Campaign');
  const items = await postMetrics({ db, workspaceId, campaignId: id });
  return { campaign, totals: totalsOf(items), byPlatform: byPlatform(items), posts: items };
}
