import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { listings } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

/** Deletes a listing of the workspace; its history goes with it (foreign keys cascade). */
export async function deleteListing(options: { db: Db; workspaceId: string; id: string }): Promise<void> {
  const { db, workspaceId, id } = options;
  const deleted = await db
    .delete(listings)
    .where(and(eq(listings.workspaceId, workspaceId), eq(listings.id, id)))
    .returning({ id: listings.id });
  if (deleted.length === 0) throw notFound('Listing');
}
