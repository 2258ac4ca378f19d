import type { Db } from '../../db/client.js';
import { notFound } from '../../lib/errors.js';
import { findMedia, toMediaView } from './repository.js';
import type { MediaView } from './schemas.js';
import type { MediaUrls } from './signed-urls.js';

export async function getMedia(options: {
  db: Db;
  urls: MediaUrls;
  workspaceId: string;
  id: string;
}): Promise<MediaView> {
  const row = await findMedia(options);
  if (!row) throw notFound('Media');
  return toMediaView(row, options.urls);
}
