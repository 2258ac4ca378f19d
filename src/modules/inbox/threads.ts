import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inboxMessages, inboxThreads, leads, socialAccounts } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { ThreadQuery } from './schemas.js';

const threadColumns = {
  id: inboxThreads.id,
  accountId: inboxThreads.accountId,
  accountHandle: socialAccounts.handle,
  network: socialAccounts.network,
  platform: inboxThreads.platform,
  kind: inboxThreads.kind,
  postId: inboxThreads.postId,
  listingId: inboxThreads.listingId,
  campaignId: inboxThreads.campaignId,
  authorHandle: inboxThreads.authorHandle,
  authorName: inboxThreads.authorName,
  leadId: inboxThreads.leadId,
  status: inboxThreads.status,
  intent: inboxThreads.intent,
  confidence: inboxThreads.confidence,
  sentiment: inboxThreads.sentiment,
  sentimentLabel: inboxThreads.sentimentLabel,
  hidden: inboxThreads.hidden,
  assigneeId: inboxThreads.assigneeId,
  escalationReason: inboxThreads.escalationReason,
  autoRepliedAt: inboxThreads.autoRepliedAt,
  lastMessageAt: inboxThreads.lastMessageAt,
};

/** The workspace's inbox: escalations first, then the latest conversations, with the filters asked for. */
export async function listThreads(options: { db: Db; workspaceId: string; query: ThreadQuery }) {
  const { db, workspaceId, query } = options;
  const filters: (SQL | undefined)[] = [
    eq(inboxThreads.workspaceId, workspaceId),
    query.platform ? eq(inboxThreads.platform, query.platform) : undefined,
    query.intent ? eq(inboxThreads.intent, query.intent) : undefined,
    query.sentiment ? eq(inboxThreads.sentimentLabel, query.sentiment) : undefined,
    query.status ? eq(inboxThreads.status, query.status) : undefined,
    query.kind ? eq(inboxThreads.kind, query.kind) : undefined,
    query.assigneeId ? eq(inboxThreads.assigneeId, query.assigneeId) : undefined,
    query.listingId ? eq(inboxThreads.listingId, query.listingId) : undefined,
    query.accountId ? eq(inboxThreads.accountId, query.accountId) : undefined,
  ];
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    db
      .select(threadColumns)
      .from(inboxThreads)
      .innerJoin(socialAccounts, eq(socialAccounts.id, inboxThreads.accountId))
      .where(where)
      .orderBy(
        sql`(${inboxThreads.status} = 'escalated') desc`,
        desc(inboxThreads.lastMessageAt),
        asc(inboxThreads.id),
      )
      .limit(query.limit)
      .offset((query.page - 1) * query.limit),
    db.select({ n: count() }).from(inboxThreads).where(where),
  ]);
  const latest = await latestMessages(
    db,
    rows.map((row) => row.id),
  );
  return {
    items: rows.map((row) => ({
      ...row,
      lastMessage: latest.get(row.id)?.text ?? '',
      messageCount: latest.get(row.id)?.count ?? 0,
    })),
    total: total?.n ?? 0,
    page: query.page,
    limit: query.limit,
  };
}

async function latestMessages(db: Db, threadIds: string[]) {
  if (threadIds.length === 0) return new Map<string, { text: string; count: number }>();
  const rows = await db
    .select({
      threadId: inboxMessages.threadId,
      text: sql<string>`(array_agg(${inboxMessages.text} order by ${inboxMessages.at} desc))[1]`,
      count: sql<number>`count(*)::int`,
    })
    .from(inboxMessages)
    .where(inArray(inboxMessages.threadId, threadIds))
    .groupBy(inboxMessages.threadId);
  return new Map(rows.map((row) => [row.threadId, { text: row.text.slice(0, 280), count: row.count }]));
}

/** One conversation with every message, oldest first, and the person's lead. */
export async function getThread(options: { db: Db; workspaceId: string; id: string }) {
  const { db, workspaceId, id } = options;
  const [thread] = await db
    .select(threadColumns)
    .from(inboxThreads)
    .innerJoin(socialAccounts, eq(socialAccounts.id, inboxThreads.accountId))
    .where(and(eq(inboxThreads.id, id), eq(inboxThreads.workspaceId, workspaceId)));
  if (!thread) throw notFound('Thread');
  const [messages, lead] = await Promise.all([
    db
      .select({
        id: inboxMessages.id,
        direction: inboxMessages.direction,
        authorHandle: inboxMessages.authorHandle,
        authorName: inboxMessages.authorName,
        text: inboxMessages.text,
        intent: inboxMessages.intent,
        confidence: inboxMessages.confidence,
        sentiment: inboxMessages.sentiment,
        sentimentLabel: inboxMessages.sentimentLabel,
        reasons: inboxMessages.reasons,
        hidden: inboxMessages.hidden,
        replyMode: inboxMessages.replyMode,
        auto: inboxMessages.auto,
        sentBy: inboxMessages.sentBy,
        status: inboxMessages.status,
        error: inboxMessages.error,
        at: inboxMessages.at,
      })
      .from(inboxMessages)
      .where(eq(inboxMessages.threadId, id))
      .orderBy(asc(inboxMessages.at), asc(inboxMessages.createdAt)),
    thread.leadId
      ? db
          .select({
            id: leads.id,
            name: leads.name,
            stage: leads.stage,
            score: leads.score,
            tier: leads.tier,
          })
          .from(leads)
          .where(eq(leads.id, thread.leadId))
          .then((rows) => rows[0] ?? null)
      : Promise.resolve(null),
  ]);
  const last = messages.at(-1);
  return {
    ...thread,
    lastMessage: last?.text.slice(0, 280) ?? '',
    messageCount: messages.length,
    messages: messages.map((message) => ({
      ...message,
      error: message.error === 'attempted' ? null : message.error,
    })),
    lead,
  };
}
