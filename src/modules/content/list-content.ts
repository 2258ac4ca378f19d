import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { contentSets } from '../../db/schema.js';
import { getListing } from '../listings/get-listing.js';
import { toContentSet } from './repository.js';

/** Every content set of one listing, newest version first (all events). */
export async function listListingContent(options: { db: Db; workspaceId: string; listingId: string }) {
  const { db, workspaceId, listingId } = options;
  await getListing({ db, workspaceId, id: listingId });
  const rows = await db
    .select()
    .from(contentSets)
    .where(and(eq(contentSets.workspaceId, workspaceId), eq(contentSets.listingId, listingId)))
    .orderBy(desc(contentSets.createdAt), desc(contentSets.version));
  return rows.map(toContentSet);
}

/** The workspace's most recent content sets, optionally only listing or only brand sets. */
export async function listContent(options: {
  db: Db;
  workspaceId: string;
  kind?: 'listing' | 'brand' | undefined;
  limit: number;
}) {
  const { db, workspaceId, kind, limit } = options;
  const conditions: SQL[] = [eq(contentSets.workspaceId, workspaceId)];
  if (kind) conditions.push(eq(contentSets.kind, kind));
  const rows = await db
    .select()
    .from(contentSets)
    .where(and(...conditions))
    .orderBy(desc(contentSets.createdAt))
    .limit(limit);
  return rows.map(toContentSet);
}
