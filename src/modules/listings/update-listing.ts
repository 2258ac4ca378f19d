import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { listingPriceChanges, listingStatusChanges, listings } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { notFound } from '../../lib/errors.js';
import { onListingChanged } from '../campaigns/listing-events.js';
import { listingColumns, toColumns, toListing } from './repository.js';
import type { Listing, ListingInput, ListingPatch } from './schemas.js';

/**
 * Applies a partial update. The row is locked first so two concurrent edits cannot both record the same
 * old status or price; history entries are written in the same transaction as the change, and so are
 * the campaign fixes a new status or price calls for (campaigns/listing-events.ts).
 */
export async function updateListing(options: {
  db: Db;
  jobs: JobQueue;
  workspaceId: string;
  userId: string | null;
  id: string;
  patch: ListingPatch;
}): Promise<Listing> {
  const { db, workspaceId, userId, id, patch } = options;
  return db.transaction(async (tx) => {
    const scope = and(eq(listings.workspaceId, workspaceId), eq(listings.id, id));
    const [current] = await tx.select(listingColumns).from(listings).where(scope).for('update');
    if (!current) throw notFound('Listing');

    const before = toListing(current);
    const merged: ListingInput = {
      ...before,
      ...patch,
      address: { ...before.address, ...patch.address },
    };
    const [row] = await tx
      .update(listings)
      // Strictly later than before, even within one millisecond: clients compare updatedAt to detect edits.
      .set({
        ...toColumns(merged),
        updatedAt: sql`greatest(now(), ${listings.updatedAt} + interval '1 millisecond')`,
      })
      .where(scope)
      .returning(listingColumns);
    if (!row) throw notFound('Listing');

    if (row.status !== before.status) {
      await tx.insert(listingStatusChanges).values({
        workspaceId,
        listingId: id,
        fromStatus: before.status,
        toStatus: row.status,
        changedBy: userId,
      });
    }
    if (row.price !== before.price) {
      await tx.insert(listingPriceChanges).values({
        workspaceId,
        listingId: id,
        oldPrice: before.price,
        newPrice: row.price,
        changedBy: userId,
      });
    }
    const after = toListing(row);
    await onListingChanged(tx, options.jobs, { workspaceId, listingId: id, userId, before, after });
    return after;
  });
}
