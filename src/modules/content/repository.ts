import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { aiCalls, contentSets } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { PricedCall } from './pipeline.js';
import type { CostSummary } from './types.js';
import type { ContentSetView } from './schemas.js';

export type ContentSetRow = typeof contentSets.$inferSelect;

export function costOf(calls: PricedCall[], posts: number, fallback: 'cost_cap' | null): CostSummary {
  const totalMicros = calls.reduce((sum, call) => sum + call.costMicros, 0);
  return {
    totalMicros,
    perPostMicros: Math.round(totalMicros / Math.max(posts, 1)),
    calls: calls.length,
    fallback,
  };
}

export function toContentSet(row: ContentSetRow): ContentSetView {
  return {
    id: row.id,
    listingId: row.listingId,
    kind: row.kind,
    event: row.event as ContentSetView['event'],
    version: row.version,
    status: row.status,
    model: row.model,
    tone: row.tone,
    analysis: row.analysis ?? null,
    description: row.description ?? null,
    posts: row.posts,
    compliance: { issues: row.compliance?.issues ?? [] },
    cost: row.cost ?? { totalMicros: 0, perPostMicros: 0, calls: 0, fallback: null },
    error: row.error ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function findContentSet(db: Db, workspaceId: string, id: string): Promise<ContentSetRow> {
  const [row] = await db
    .select()
    .from(contentSets)
    .where(and(eq(contentSets.workspaceId, workspaceId), eq(contentSets.id, id)));
  if (!row) throw notFound('Content set');
  return row;
}

export async function recordCalls(
  db: Db,
  options: { workspaceId: string; contentSetId: string | null; calls: PricedCall[] },
): Promise<void> {
  if (options.calls.length === 0) return;
  await db.insert(aiCalls).values(
    options.calls.map((call) => ({
      workspaceId: options.workspaceId,
      contentSetId: options.contentSetId,
      role: call.role,
      model: call.model,
      inputTokens: call.inputTokens,
      cachedInputTokens: call.cachedInputTokens,
      outputTokens: call.outputTokens,
      costMicros: call.costMicros,
    })),
  );
}
