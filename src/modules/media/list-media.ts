import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { media } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { toMediaView } from './repository.js';
import type { MediaListQuery, MediaView } from './schemas.js';
import type { MediaUrls } from './signed-urls.js';

/** Creation time in whole microseconds since the epoch: exact, unlike a JavaScript Date. */
const createdMicros = sql<string>`(extract(epoch from ${media.createdAt}) * 1000000)::bigint::text`;

const cursorJson = z.object({ t: z.string().regex(/^\d{1,16}$/), i: z.uuid() });

function decodeCursor(raw: string): { micros: string; id: string } {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    json = null;
  }
  const parsed = cursorJson.safeParse(json);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'The request is not valid', {
      fields: [{ field: 'querystring.cursor', message: 'not a cursor returned by this API' }],
    });
  }
  return { micros: parsed.data.t, id: parsed.data.i };
}

/** The workspace's media, newest first, one page at a time; optionally of one listing or one kind. */
export async function listMedia(options: {
  db: Db;
  urls: MediaUrls;
  workspaceId: string;
  query: MediaListQuery;
}): Promise<{ items: MediaView[]; nextCursor: string | null }> {
  const { db, workspaceId, query } = options;
  const conditions: SQL[] = [eq(media.workspaceId, workspaceId)];
  if (query.listingId) conditions.push(eq(media.listingId, query.listingId));
  if (query.kind) conditions.push(eq(media.kind, query.kind));
  if (query.cursor) {
    const { micros, id } = decodeCursor(query.cursor);
    conditions.push(
      sql`(${media.createdAt}, ${media.id}) < (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${id}::uuid)`,
    );
  }
  const rows = await db
    .select({ row: media, micros: createdMicros })
    .from(media)
    .where(and(...conditions))
    .orderBy(desc(media.createdAt), desc(media.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const now = new Date();
  return {
    items: page.map(({ row }) => toMediaView(row, options.urls, now)),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify({ t: last.micros, i: last.row.id })).toString('base64url')
        : null,
  };
}
