import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { emails } from '../../db/schema.js';
import { decodePageCursor, epochMicros, olderThan, toPage } from '../../lib/page-cursor.js';
import type { OutboxQuery } from './schemas.js';

export const outboxColumns = {
  id: emails.id,
  to: emails.to,
  subject: emails.subject,
  status: emails.status,
  error: emails.error,
  leadId: emails.leadId,
  sequenceId: emails.sequenceId,
  step: emails.step,
  createdAt: emails.createdAt,
  sentAt: emails.sentAt,
};

/** The workspace's outgoing email, newest first, one page at a time, optionally by status, lead or sequence. */
export async function listOutbox(options: { db: Db; workspaceId: string; query: OutboxQuery }) {
  const { db, workspaceId, query } = options;
  const conditions: SQL[] = [eq(emails.workspaceId, workspaceId)];
  if (query.status) conditions.push(eq(emails.status, query.status));
  if (query.leadId) conditions.push(eq(emails.leadId, query.leadId));
  if (query.sequenceId) conditions.push(eq(emails.sequenceId, query.sequenceId));
  if (query.cursor) {
    const cursor = decodePageCursor(query.cursor, z.uuid());
    conditions.push(olderThan(emails.createdAt, emails.id, cursor, 'uuid'));
  }
  const rows = await db
    .select({ ...outboxColumns, micros: epochMicros(emails.createdAt) })
    .from(emails)
    .where(and(...conditions))
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ micros: row.micros, key: row.id }));
  return { items: page.items.map(({ micros: _micros, ...item }) => item), nextCursor: page.nextCursor };
}
