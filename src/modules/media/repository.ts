import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { listings, media } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { MediaView } from './schemas.js';
import type { MediaUrls } from './signed-urls.js';

export type MediaRow = typeof media.$inferSelect;

/** The public shape of a media item, with freshly signed URLs for the original and every variant. */
export function toMediaView(row: MediaRow, urls: MediaUrls, now = new Date()): MediaView {
  const original = urls.sign(row.id, 'original', now);
  return {
    id: row.id,
    kind: row.kind,
    contentType: row.contentType,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    altText: row.altText,
    sourceUrl: row.sourceUrl,
    listingId: row.listingId,
    label: row.label,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    url: original.url,
    urlExpiresAt: original.expiresAt,
    variants: row.variants.map((variant) => ({
      name: variant.name,
      width: variant.width,
      height: variant.height,
      bytes: variant.bytes,
      contentType: variant.contentType,
      url: urls.sign(row.id, variant.name, now).url,
    })),
  };
}

export async function findMedia(options: { db: Executor; workspaceId: string; id: string }) {
  const [row] = await options.db
    .select()
    .from(media)
    .where(and(eq(media.workspaceId, options.workspaceId), eq(media.id, options.id)))
    .limit(1);
  return row ?? null;
}

/** The item imported from `sourceUrl`, if this workspace has imported it before. */
export async function findMediaBySource(options: { db: Executor; workspaceId: string; sourceUrl: string }) {
  const [row] = await options.db
    .select()
    .from(media)
    .where(and(eq(media.workspaceId, options.workspaceId), eq(media.sourceUrl, options.sourceUrl)))
    .limit(1);
  return row ?? null;
}

/** Guard: a listing a media item is attached to must belong to the same workspace. */
export async function assertListingInWorkspace(options: {
  db: Executor;
  workspaceId: string;
  listingId: string;
}) {
  const [row] = await options.db
    .select({ id: listings.id })
    .from(listings)
    .where(and(eq(listings.workspaceId, options.workspaceId), eq(listings.id, options.listingId)))
    .limit(1);
  if (!row) throw notFound('Listing');
}

/** Every storage key of a media item: its original and each derived size. */
export const keysOf = (row: Pick<MediaRow, 'originalKey' | 'variants'>) => [
  row.originalKey,
  ...row.variants.map((variant) => variant.key),
];
