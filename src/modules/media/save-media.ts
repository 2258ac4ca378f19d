import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { media, type MediaKind, type MediaVariant } from '../../db/schema.js';
import type { FileStorage } from '../../storage/file-storage.js';
import type { EncodedFile } from './image-processing.js';
import { assertListingInWorkspace, findMediaBySource, keysOf, toMediaView } from './repository.js';
import type { MediaView } from './schemas.js';
import type { MediaUrls } from './signed-urls.js';

/** The default of MEDIA_MAX_PIXELS, for callers that do not pass the configured value. */
export const DEFAULT_MAX_PIXELS = 100_000_000;

export interface SaveMediaOptions {
  db: Db;
  storage: FileStorage;
  urls: MediaUrls;
  workspaceId: string;
  userId: string | null;
  data: Buffer;
  kind: MediaKind;
  listingId?: string | null;
  altText?: string | null;
  /** Free metadata, e.g. the creative studio's `{event, format}`. */
  label?: Record<string, unknown>;
  /** For URL imports: one item per workspace and URL; saving the same URL again returns the first item. */
  sourceUrl?: string | null;
  /** Only for files the application generated itself (PDFs): stored as they are, without image checks. */
  trustedContentType?: 'application/pdf';
  /** MEDIA_MAX_PIXELS. */
  maxPixels?: number;
}

type StoredFile = Omit<EncodedFile, 'width' | 'height'> & { width: number | null; height: number | null };

/**
 * Stores a file in the media library and returns it with signed URLs. An image is checked by content,
 * cleaned of metadata (GPS location included) and given derived sizes. Files are written first and the
 * row last, so a row never points at missing files; if the row cannot be written the files are removed.
 */
export async function saveMedia(options: SaveMediaOptions): Promise<MediaView & { created: boolean }> {
  const { db, storage, urls, workspaceId } = options;
  if (options.listingId) {
    await assertListingInWorkspace({ db, workspaceId, listingId: options.listingId });
  }
  if (options.sourceUrl) {
    const existing = await findMediaBySource({ db, workspaceId, sourceUrl: options.sourceUrl });
    if (existing) return { ...toMediaView(existing, urls), created: false };
  }

  const files: { original: StoredFile; variants: (EncodedFile & { name: string })[] } =
    options.trustedContentType === 'application/pdf'
      ? {
          original: {
            data: options.data,
            contentType: 'application/pdf',
            extension: 'pdf',
            width: null,
            height: null,
          },
          variants: [],
        }
      : // sharp is loaded on first use (≈ 20 MB that start-up need not pay).
        await (
          await import('./image-processing.js')
        ).processImage(options.data, {
          maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
        });

  const id = randomUUID();
  const originalKey = `${workspaceId}/${id}/original.${files.original.extension}`;
  const variants: MediaVariant[] = files.variants.map((variant) => ({
    name: variant.name,
    key: `${workspaceId}/${id}/${variant.name}.${variant.extension}`,
    width: variant.width,
    height: variant.height,
    bytes: variant.data.length,
    contentType: variant.contentType,
  }));
  const stored = { originalKey, variants };
  const removeFiles = () => Promise.all(keysOf(stored).map((key) => storage.delete(key)));

  try {
    await storage.put(originalKey, files.original.data, files.original.contentType);
    await Promise.all(
      files.variants.map((variant, index) =>
        storage.put(variants[index]?.key ?? '', variant.data, variant.contentType),
      ),
    );
    const original = files.original;
    const [row] = await db
      .insert(media)
      .values({
        id,
        workspaceId,
        kind: options.kind,
        contentType: original.contentType,
        width: original.width,
        height: original.height,
        bytes: original.data.length,
        originalKey,
        variants,
        altText: options.altText ?? null,
        sourceUrl: options.sourceUrl ?? null,
        listingId: options.listingId ?? null,
        label: options.label ?? {},
        createdBy: options.userId,
      })
      .onConflictDoNothing({ target: [media.workspaceId, media.sourceUrl] })
      .returning();
    if (row) return { ...toMediaView(row, urls), created: true };
  } catch (error) {
    await removeFiles();
    throw error;
  }
  // Someone imported the same URL at the same moment: theirs is the item.
  await removeFiles();
  const existing = options.sourceUrl
    ? await findMediaBySource({ db, workspaceId, sourceUrl: options.sourceUrl })
    : null;
  if (!existing) throw new Error('media not inserted');
  return { ...toMediaView(existing, urls), created: false };
}
