import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { AppError } from './errors.js';

/**
 * Keyset paging over "newest first" lists: the cursor is the last row's time in whole microseconds
 * (exact, unlike a JavaScript Date) and its key (id or address). Opaque to clients (base64url JSON);
 * anything else answers 400, never 500.
 */
export interface PageCursor {
  micros: string;
  key: string;
}

const cursorJson = z.object({ t: z.string().regex(/^\d{1,16}$/), k: z.string().min(1).max(400) });

/** The column as microseconds since the epoch, as text: select it to build the next cursor. */
export const epochMicros = (column: AnyPgColumn) =>
  sql<string>`(extract(epoch from ${column}) * 1000000)::bigint::text`;

export const encodePageCursor = (cursor: PageCursor) =>
  Buffer.from(JSON.stringify({ t: cursor.micros, k: cursor.key })).toString('base64url');

export function decodePageCursor(raw: string, key: z.ZodType<string>): PageCursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    json = null;
  }
  const parsed = cursorJson.safeParse(json);
  if (!parsed.success || !key.safeParse(parsed.data.k).success) {
    throw new AppError('validation_failed', 'The request is not valid', {
      fields: [{ field: 'querystring.cursor', message: 'not a cursor returned by this API' }],
    });
  }
  return { micros: parsed.data.t, key: parsed.data.k };
}

/** Rows after the cursor in `ORDER BY time DESC, key DESC`. */
export const olderThan = (
  time: AnyPgColumn,
  key: AnyPgColumn,
  cursor: PageCursor,
  keyType: 'uuid' | 'text',
): SQL =>
  sql`(${time}, ${key}) < (timestamptz 'epoch' + ${cursor.micros}::bigint * interval '1 microsecond', ${cursor.key}::${sql.raw(keyType)})`;

/** The page and the cursor of the next one (null on the last page), from `limit + 1` fetched rows. */
export function toPage<Row>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => PageCursor,
): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodePageCursor(cursorOf(last)) : null,
  };
}
