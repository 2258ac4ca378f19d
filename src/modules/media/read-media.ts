import { eq } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.js';
import { media } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { FileStorage } from '../../storage/file-storage.js';
import { findMedia, type MediaRow } from './repository.js';

/** Which stored file a variant name stands for, with its type and size; null if the item has none. */
function fileOf(row: MediaRow, variant: string) {
  if (variant === 'original') return { key: row.originalKey, contentType: row.contentType, bytes: row.bytes };
  return row.variants.find((entry) => entry.name === variant) ?? null;
}

/**
 * The bytes of a media item of the workspace (the original unless a variant is named), for code that
 * works with images itself, e.g. the creative studio compositing a listing photo.
 */
export async function readMedia(options: {
  db: Db;
  storage: FileStorage;
  workspaceId: string;
  id: string;
  variant?: string;
}): Promise<{ data: Buffer; contentType: string }> {
  const row = await findMedia(options);
  const file = row ? fileOf(row, options.variant ?? 'original') : null;
  const data = file ? await options.storage.read(file.key) : null;
  if (!file || !data) throw notFound('Media');
  return { data, contentType: file.contentType };
}

/**
 * A file for the signed-URL route, which has already checked the signature: found by id alone, as a
 * stream with its type and length.
 */
export async function openMediaFile(options: {
  db: Db;
  storage: FileStorage;
  id: string;
  variant: string;
}): Promise<{ stream: Readable; contentType: string; bytes: number }> {
  const [row] = await options.db.select().from(media).where(eq(media.id, options.id)).limit(1);
  const file = row ? fileOf(row, options.variant) : null;
  const stream = file ? await options.storage.stream(file.key) : null;
  if (!file || !stream) throw notFound('Media');
  return { stream, contentType: file.contentType, bytes: file.bytes };
}
