import { and, desc, eq } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { campaignLog } from '../../db/schema.js';

export interface LogEntry {
  campaignId: string | null;
  campaignPostId?: string | null;
  listingId?: string | null;
  action: string;
  reason: string;
  changes?: Record<string, { from: unknown; to: unknown }>;
  /** The person who acted; null for automation (a listing event) or an API key. */
  actorId: string | null;
  automation?: boolean;
}

/** Records what changed in campaigns and why, in the caller's transaction. */
export async function writeLog(tx: Executor, workspaceId: string, entries: LogEntry[]) {
  if (entries.length === 0) return;
  await tx.insert(campaignLog).values(
    entries.map((entry) => ({
      workspaceId,
      campaignId: entry.campaignId,
      campaignPostId: entry.campaignPostId ?? null,
      listingId: entry.listingId ?? null,
      action: entry.action,
      reason: entry.reason,
      changes: entry.changes ?? {},
      actor: entry.automation ? ('automation' as const) : ('user' as const),
      actorId: entry.actorId,
    })),
  );
}

/** The log, newest first, for a campaign, a listing, or the whole workspace. */
export async function readLog(options: {
  db: Db;
  workspaceId: string;
  campaignId?: string | undefined;
  listingId?: string | undefined;
  limit: number;
}) {
  const rows = await options.db
    .select()
    .from(campaignLog)
    .where(
      and(
        eq(campaignLog.workspaceId, options.workspaceId),
        options.campaignId ? eq(campaignLog.campaignId, options.campaignId) : undefined,
        options.listingId ? eq(campaignLog.listingId, options.listingId) : undefined,
      ),
    )
    .orderBy(desc(campaignLog.createdAt), desc(campaignLog.id))
    .limit(options.limit);
  return rows.map(({ workspaceId: _workspaceId, createdAt, ...row }) => ({
    ...row,
    createdAt: createdAt.toISOString(),
  }));
}
