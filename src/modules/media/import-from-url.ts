import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { FileStorage } from '../../storage/file-storage.js';
import { fetchRemote } from './fetch-remote.js';
import { assertListingInWorkspace, findMedia, findMediaBySource, toMediaView } from './repository.js';
import { saveMedia } from './save-media.js';
import type { MediaView } from './schemas.js';
import type { MediaUrls } from './signed-urls.js';
import { UUID } from '../../lib/ids.js';

export type ImportConfig = Pick<
  Config,
  'MEDIA_FETCH_ALLOW_LOOPBACK' | 'MEDIA_FETCH_TIMEOUT_MS' | 'MEDIA_MAX_PIXELS' | 'UPLOAD_LIMIT_BYTES'
>;

/**
 * Imports an image from a public URL into the media library (kind `url`), once per workspace and URL:
 * a URL imported before answers the existing item without fetching again (`created: false`), and so
 * does a media URL this instance signed for a file of the same workspace (an uploaded listing photo). The
 * download refuses internal addresses at every redirect (fetch-remote.ts); the bytes are then judged
 * like an upload.
 */
export async function importFromUrl(options: {
  db: Db;
  storage: FileStorage;
  urls: MediaUrls;
  config: ImportConfig;
  workspaceId: string;
  userId: string | null;
  url: string;
  listingId?: string | null;
  altText?: string | null;
  label?: Record<string, unknown>;
}): Promise<{ media: MediaView; created: boolean }> {
  const { db, config, workspaceId } = options;
  if (options.listingId) await assertListingInWorkspace({ db, workspaceId, listingId: options.listingId });
  const sourceUrl = new URL(options.url).href;
  const save = (data: Buffer) =>
    saveMedia({
      db,
      storage: options.storage,
      urls: options.urls,
      workspaceId,
      userId: options.userId,
      data,
      kind: 'url',
      listingId: options.listingId ?? null,
      altText: options.altText ?? null,
      label: options.label ?? {},
      sourceUrl,
      maxPixels: config.MEDIA_MAX_PIXELS,
    });
  // A URL this instance signed names a file already in the library: used as is (only in its workspace).
  const ownId = options.urls.ownMediaId(sourceUrl);
  const own = ownId && UUID.test(ownId) ? await findMedia({ db, workspaceId, id: ownId }) : null;
  if (own) return { media: toMediaView(own, options.urls), created: false };
  const known = await findMediaBySource({ db, workspaceId, sourceUrl });
  if (known) return { media: toMediaView(known, options.urls), created: false };
  const { data } = await fetchRemote(sourceUrl, {
    allowLoopback: config.MEDIA_FETCH_ALLOW_LOOPBACK,
    timeoutMs: config.MEDIA_FETCH_TIMEOUT_MS,
    maxBytes: config.UPLOAD_LIMIT_BYTES,
  });
  const { created, ...media } = await save(data);
  return { media, created };
}
