import { and, eq } from 'drizzle-orm';
import { reviewText } from '../../ai/compliance/review.js';
import type { Db, Executor } from '../../db/client.js';
import {
  inboxMessages,
  inboxThreads,
  leadEvents,
  leads,
  memberships,
  socialAccounts,
} from '../../db/schema.js';
import type { JobContext } from '../../jobs/context.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError, notFound } from '../../lib/errors.js';
import { PlatformError } from '../../platforms/social-platform.js';
import { notify } from '../notifications/notify.js';
import { stopSequences } from '../sequences/sequences.js';
import { platformOf } from '../accounts/platform-access.js';
import { setCommentHidden } from './deliver-reply.js';
import { SEND_REPLY_JOB } from './ingest.js';

async function threadOf(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select({ thread: inboxThreads, account: socialAccounts })
    .from(inboxThreads)
    .innerJoin(socialAccounts, eq(socialAccounts.id, inboxThreads.accountId))
    .where(and(eq(inboxThreads.id, id), eq(inboxThreads.workspaceId, workspaceId)));
  if (!row) throw notFound('Thread');
  return row;
}

/** How long after someone's last direct message Instagram lets the account answer it. */
const MESSAGE_WINDOW_MS = 24 * 3600_000;

/**
 * A member's reply (an answer in a direct-message thread): checked against the fair-housing rules and what the platform allows, then queued
 * (posted by the `inbox.send-reply` job, which never posts twice). The thread counts as handled, and a
 * new lead as contacted.
 */
export async function replyToThread(options: {
  ctx: Pick<JobContext, 'db' | 'jobs' | 'platforms'>;
  workspaceId: string;
  userId: string | null;
  id: string;
  text: string;
  private: boolean;
}) {
  const { ctx, workspaceId, id, text } = options;
  const { thread, account } = await threadOf(ctx.db, workspaceId, id);
  const platform = platformOf(ctx, account);
  if (thread.kind === 'message') {
    if (!platform.sendMessage) {
      throw new AppError(
        'platform_refused',
        `${account.platform} does not let Listcast answer direct messages`,
      );
    }
    if (thread.lastMessageAt.getTime() < Date.now() - MESSAGE_WINDOW_MS) {
      throw new AppError(
        'platform_refused',
        'Instagram lets a business answer a direct message within 24 hours of the person’s last message; answer in the Instagram app',
      );
    }
  } else if (
    options.private &&
    !(account.platform === 'instagram' && thread.kind === 'comment' && platform.privateReply)
  ) {
    throw new AppError('platform_refused', 'Only Instagram comments can be answered privately');
  }
  if (thread.kind !== 'message' && !options.private && !platform.reply) {
    throw new AppError('platform_refused', `${account.platform} does not let Listcast reply from here`);
  }
  const problems = reviewText(text).filter((issue) => issue.severity === 'error');
  if (problems.length > 0) {
    throw new AppError('compliance_failed', 'The reply breaks a fair-housing rule', {
      issues: problems.map(({ phrase, reason, suggestion }) => ({ phrase, reason, suggestion })),
    });
  }
  return ctx.db.transaction(async (tx) => {
    const [message] = await tx
      .insert(inboxMessages)
      .values({
        workspaceId,
        threadId: thread.id,
        accountId: account.id,
        direction: 'out',
        authorId: account.externalId,
        authorHandle: account.handle,
        authorName: account.displayName,
        text,
        replyMode: options.private || thread.kind === 'message' ? 'private' : 'public',
        sentBy: options.userId,
        status: 'sending',
        at: new Date(),
      })
      .returning();
    if (!message) throw new Error('reply not written');
    await tx
      .update(inboxThreads)
      .set({ status: 'handled', escalationReason: null, updatedAt: new Date() })
      .where(eq(inboxThreads.id, thread.id));
    if (thread.leadId) await markContacted(tx, workspaceId, thread.leadId, options.userId);
    await ctx.jobs.enqueue(SEND_REPLY_JOB, { messageId: message.id }, { tx });
    return message;
  });
}

/** A new lead someone answered has been contacted (the follow-up sequence then stops: its stage changed). */
async function markContacted(tx: Executor, workspaceId: string, leadId: string, actorId: string | null) {
  const moved = await tx
    .update(leads)
    .set({ stage: 'contacted', updatedAt: new Date() })
    .where(and(eq(leads.id, leadId), eq(leads.stage, 'new')))
    .returning({ id: leads.id });
  if (moved.length === 0) return;
  await tx.insert(leadEvents).values({
    workspaceId,
    leadId,
    kind: 'stage_changed',
    summary: 'Stage new → contacted: answered from the inbox',
    actorId,
    data: { from: 'new', to: 'contacted' },
  });
  await stopSequences({ tx, workspaceId, leadId, reason: 'stage_changed' });
}

/** Marks a thread handled or open again, or assigns it to a member (who is told). */
export async function updateThread(options: {
  db: Db;
  jobs: JobQueue;
  workspaceId: string;
  actorId: string | null;
  id: string;
  patch: { status?: 'open' | 'handled' | undefined; assigneeId?: string | null | undefined };
}) {
  const { db, jobs, workspaceId, id, patch } = options;
  const { thread } = await threadOf(db, workspaceId, id);
  return db.transaction(async (tx) => {
    if (patch.assigneeId) {
      const [member] = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, patch.assigneeId)));
      if (!member)
        throw new AppError('validation_failed', 'The assignee is not a member of this workspace', {
          fields: [{ field: 'assigneeId', message: 'not a member of this workspace' }],
        });
    }
    await tx
      .update(inboxThreads)
      .set({
        status: patch.status,
        escalationReason: patch.status === 'handled' ? null : undefined,
        assigneeId: patch.assigneeId,
        updatedAt: new Date(),
      })
      .where(eq(inboxThreads.id, thread.id));
    if (patch.assigneeId && patch.assigneeId !== thread.assigneeId && patch.assigneeId !== options.actorId) {
      await notify({
        tx,
        jobs,
        workspaceId,
        audience: { userIds: [patch.assigneeId] },
        notice: {
          kind: 'inbox_assigned',
          title: `A conversation with @${thread.authorHandle} was assigned to you`,
          body: `Intent: ${thread.intent.replace('_', ' ')}.`,
          subject: { threadId: thread.id },
        },
      });
    }
  });
}

/** Hides (or shows again) an incoming comment on the network now, so the caller sees the outcome. */
export async function hideMessage(options: {
  ctx: Pick<JobContext, 'db' | 'jobs' | 'platforms' | 'tokenSealer'>;
  workspaceId: string;
  id: string;
  hidden: boolean;
}) {
  const { ctx, workspaceId, id, hidden } = options;
  const [message] = await ctx.db
    .select({
      id: inboxMessages.id,
      direction: inboxMessages.direction,
      externalId: inboxMessages.externalId,
    })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.id, id), eq(inboxMessages.workspaceId, workspaceId)));
  if (!message) throw notFound('Message');
  if (message.direction !== 'in' || !message.externalId) {
    throw new AppError('platform_refused', 'Only incoming comments can be hidden');
  }
  try {
    await setCommentHidden(ctx, id, hidden);
  } catch (error) {
    if (error instanceof PlatformError) {
      throw error.action === 'retry_later' || error.action === 'rate_limited'
        ? new AppError('unavailable', `The network did not answer: ${error.userMessage}`)
        : new AppError('platform_refused', error.userMessage);
    }
    throw error;
  }
  return { id, hidden };
}
