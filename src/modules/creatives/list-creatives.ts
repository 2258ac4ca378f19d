import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { media } from '../../db/schema.js';
import { getListing } from '../listings/get-listing.js';
import { toMediaView } from '../media/repository.js';
import type { MediaUrls } from '../media/signed-urls.js';

/** Every creative made for a listing (images, carousels, flyers), newest first, with signed URLs. */
export async function listCreatives(options: {
  db: Db;
  urls: MediaUrls;
  workspaceId: string;
  listingId: string;
}) {
  const { db, workspaceId, listingId } = options;
  await getListing({ db, workspaceId, id: listingId });
  const rows = await db
    .select()
    .from(media)
    .where(
      and(eq(media.workspaceId, workspaceId), eq(media.listingId, listingId), eq(media.kind, 'creative')),
    )
    .orderBy(desc(media.createdAt));
  return rows.map((row) => toMediaView(row, options.urls));
}
