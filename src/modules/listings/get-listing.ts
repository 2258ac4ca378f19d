import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { listingPriceChanges, listingStatusChanges, listings } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { listingColumns, toListing } from './repository.js';

/** One listing of the workspace with its status and price history, oldest first. */
export async function getListing(options: { db: Db; workspaceId: string; id: string }) {
  const { db, workspaceId, id } = options;
  const [row] = await db
    .select(listingColumns)
    .from(listings)
    .where(and(eq(listings.workspaceId, workspaceId), eq(listings.id, id)))
    .limit(1);
  if (!row) throw notFound('Listing');

  const [statusHistory, priceHistory] = await Promise.all([
    db
      .select({
        from: listingStatusChanges.fromStatus,
        to: listingStatusChanges.toStatus,
        changedAt: listingStatusChanges.changedAt,
        changedBy: listingStatusChanges.changedBy,
      })
      .from(listingStatusChanges)
      .where(and(eq(listingStatusChanges.workspaceId, workspaceId), eq(listingStatusChanges.listingId, id)))
      .orderBy(asc(listingStatusChanges.changedAt)),
    db
      .select({
        oldPrice: listingPriceChanges.oldPrice,
        newPrice: listingPriceChanges.newPrice,
        changedAt: listingPriceChanges.changedAt,
        changedBy: listingPriceChanges.changedBy,
      })
      .from(listingPriceChanges)
      .where(and(eq(listingPriceChanges.workspaceId, workspaceId), eq(listingPriceChanges.listingId, id)))
      .orderBy(asc(listingPriceChanges.changedAt)),
  ]);
  return { ...toListing(row), statusHistory, priceHistory };
}
