import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { media } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { toMediaView } from './repository.js';
import type { MediaView } from './schemas.js';
import type { MediaUrls } from './signed-urls.js';

/** Changes the alt text; an absent field stays as it is, null clears. */
export async function updateMedia(options: {
  db: Db;
  urls: MediaUrls;
  workspaceId: string;
  id: string;
  changes: { altText?: string | null | undefined };
}): Promise<MediaView> {
  const { db, workspaceId, id, changes } = options;
  const scope = and(eq(media.workspaceId, workspaceId), eq(media.id, id));
  const [row] =
    changes.altText === undefined
      ? await db.select().from(media).where(scope).limit(1)
      : await db.update(media).set({ altText: changes.altText }).where(scope).returning();
  if (!row) throw notFound('Media');
  return toMediaView(row, options.urls);
}
