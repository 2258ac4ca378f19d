import { AppError } from '../../lib/errors.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { FileStorage } from '../../storage/file-storage.js';
import { getBrandKit } from '../brand-kit/get-brand-kit.js';
import { listingFacts } from '../content/brief.js';
import { getListing } from '../listings/get-listing.js';
import { importFromUrl } from '../media/import-from-url.js';
import { readMedia } from '../media/read-media.js';
import type { MediaUrls } from '../media/signed-urls.js';

export interface AssetDeps {
  db: Db;
  storage: FileStorage;
  urls: MediaUrls;
  config: Config;
  workspaceId: string;
  userId: string | null;
}

export interface PhotoWarning {
  photo: string;
  code: string;
  message: string;
}

/**
 * The listing's first `max` photos as bytes. Each photo URL is imported into the media library once
 * (through the SSRF-checked fetch); a photo that cannot be fetched or is not an image is skipped with a
 * warning the user sees, rather than failing the whole render.
 */
export async function listingPhotos(deps: AssetDeps, listingId: string, urls: string[], max: number) {
  const photos: { data: Buffer; mediaId: string }[] = [];
  const warnings: PhotoWarning[] = [];
  for (const url of urls) {
    if (photos.length >= max) break;
    try {
      const imported = await importFromUrl({ ...deps, url, listingId });
      const { data } = await readMedia({ ...deps, id: imported.media.id, variant: 'large' }).catch(() =>
        readMedia({ ...deps, id: imported.media.id }),
      );
      photos.push({ data, mediaId: imported.media.id });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      warnings.push({ photo: url, code: error.code, message: error.message });
    }
  }
  return { photos, warnings };
}

/** The listing, its facts, and the brand kit with the logo's bytes. */
export async function listingAndBrand(deps: AssetDeps, listingId: string) {
  const listing = await getListing({ db: deps.db, workspaceId: deps.workspaceId, id: listingId });
  const kit = await getBrandKit({ db: deps.db, workspaceId: deps.workspaceId });
  const logo = kit.logoMediaId
    ? await readMedia({ ...deps, id: kit.logoMediaId })
        .then((file) => file.data)
        .catch(() => null)
    : null;
  return { listing, facts: listingFacts(listing), kit, logo };
}
