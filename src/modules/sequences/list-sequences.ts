import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Executor } from '../../db/client.js';
import { leadSequences } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { decodePageCursor, epochMicros, olderThan, toPage } from '../../lib/page-cursor.js';
import type { SequenceQuery, SequenceView } from './schemas.js';
import type { StopReason } from './sequences.js';
import { sequenceTemplate } from './templates.js';

type SequenceRow = typeof leadSequences.$inferSelect;

export function toSequenceView(row: SequenceRow): SequenceView {
  const template = sequenceTemplate(row.template);
  return {
    id: row.id,
    leadId: row.leadId,
    template: row.template,
    title: template?.title ?? row.template,
    status: row.status,
    step: row.step,
    steps: template?.steps.length ?? row.step,
    stageAtStart: row.stageAtStart,
    stopReason: row.stopReason as StopReason | null,
    startedAt: row.startedAt,
    stoppedAt: row.stoppedAt,
  };
}

/** The workspace's follow-up enrolments, newest first, optionally of one lead or in one status. */
export async function listSequences(options: { db: Db; workspaceId: string; query: SequenceQuery }) {
  const { db, workspaceId, query } = options;
  const conditions: SQL[] = [eq(leadSequences.workspaceId, workspaceId)];
  if (query.leadId) conditions.push(eq(leadSequences.leadId, query.leadId));
  if (query.status) conditions.push(eq(leadSequences.status, query.status));
  if (query.cursor) {
    const cursor = decodePageCursor(query.cursor, z.uuid());
    conditions.push(olderThan(leadSequences.startedAt, leadSequences.id, cursor, 'uuid'));
  }
  const rows = await db
    .select({ row: leadSequences, micros: epochMicros(leadSequences.startedAt) })
    .from(leadSequences)
    .where(and(...conditions))
    .orderBy(desc(leadSequences.startedAt), desc(leadSequences.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, ({ row, micros }) => ({ micros, key: row.id }));
  return { items: page.items.map(({ row }) => toSequenceView(row)), nextCursor: page.nextCursor };
}

export async function getSequence(options: { db: Executor; workspaceId: string; id: string }) {
  const [row] = await options.db
    .select()
    .from(leadSequences)
    .where(and(eq(leadSequences.workspaceId, options.workspaceId), eq(leadSequences.id, options.id)));
  if (!row) throw notFound('Sequence');
  return toSequenceView(row);
}
