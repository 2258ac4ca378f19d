import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { emailSuppressions } from '../../db/schema.js';
import { decodePageCursor, epochMicros, olderThan, toPage } from '../../lib/page-cursor.js';

/** The addresses the workspace must not email, newest first, one page at a time. */
export async function listSuppressions(options: {
  db: Db;
  workspaceId: string;
  query: { limit: number; cursor?: string | undefined };
}) {
  const { db, workspaceId, query } = options;
  const conditions: SQL[] = [eq(emailSuppressions.workspaceId, workspaceId)];
  if (query.cursor) {
    const cursor = decodePageCursor(query.cursor, z.string().max(320));
    conditions.push(olderThan(emailSuppressions.createdAt, emailSuppressions.email, cursor, 'text'));
  }
  const rows = await db
    .select({
      email: emailSuppressions.email,
      reason: emailSuppressions.reason,
      createdAt: emailSuppressions.createdAt,
      micros: epochMicros(emailSuppressions.createdAt),
    })
    .from(emailSuppressions)
    .where(and(...conditions))
    .orderBy(desc(emailSuppressions.createdAt), desc(emailSuppressions.email))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ micros: row.micros, key: row.email }));
  return { items: page.items.map(({ micros: _micros, ...item }) => item), nextCursor: page.nextCursor };
}
