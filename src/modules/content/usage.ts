import { and, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { aiCalls } from '../../db/schema.js';

/** Model calls and their cost per calendar month (UTC), newest first, over the last `months` months. */
export async function usageByMonth(options: { db: Db; workspaceId: string; months: number; now?: Date }) {
  const { db, workspaceId, months } = options;
  const now = options.now ?? new Date();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  const month = sql<string>`to_char(${aiCalls.createdAt} at time zone 'UTC', 'YYYY-MM')`;
  const rows = await db
    .select({
      month,
      model: aiCalls.model,
      calls: sql<number>`count(*)::int`,
      inputTokens: sql<number>`sum(${aiCalls.inputTokens})::int`,
      cachedInputTokens: sql<number>`sum(${aiCalls.cachedInputTokens})::int`,
      outputTokens: sql<number>`sum(${aiCalls.outputTokens})::int`,
      costMicros: sql<number>`sum(${aiCalls.costMicros})::int`,
    })
    .from(aiCalls)
    .where(and(eq(aiCalls.workspaceId, workspaceId), gte(aiCalls.createdAt, since)))
    .groupBy(month, aiCalls.model);

  const byMonth = new Map<
    string,
    Omit<(typeof rows)[number], 'model'> & { byModel: { model: string; calls: number; costMicros: number }[] }
  >();
  for (const row of rows) {
    const entry = byMonth.get(row.month) ?? {
      month: row.month,
      calls: 0,
      inputTokens: 0,
      cachedInputTokens: 0,
      outputTokens: 0,
      costMicros: 0,
      byModel: [],
    };
    entry.calls += row.calls;
    entry.inputTokens += row.inputTokens;
    entry.cachedInputTokens += row.cachedInputTokens;
    entry.outputTokens += row.outputTokens;
    entry.costMicros += row.costMicros;
    entry.byModel.push({ model: row.model, calls: row.calls, costMicros: row.costMicros });
    byMonth.set(row.month, entry);
  }
  return [...byMonth.values()]
    .sort((a, b) => b.month.localeCompare(a.month))
    .map((entry) => ({ ...entry, costUsd: entry.costMicros / 1e6 }));
}
