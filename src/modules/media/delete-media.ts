import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { media } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { FileStorage } from '../../storage/file-storage.js';
import { keysOf } from './repository.js';

/**
 * Deletes a media item and its files. The row goes first (a brand kit logo pointing at it is cleared by
 * its foreign key), then the files: a crash in between leaves unreferenced files, never a dead link.
 */
export async function deleteMedia(options: {
  db: Db;
  storage: FileStorage;
  workspaceId: string;
  id: string;
}): Promise<void> {
  const { db, storage, workspaceId, id } = options;
  const [row] = await db
    .delete(media)
    .where(and(eq(media.workspaceId, workspaceId), eq(media.id, id)))
    .returning({ originalKey: media.originalKey, variants: media.variants });
  if (!row) throw notFound('Media');
  await Promise.all(keysOf(row).map((key) => storage.delete(key)));
}
