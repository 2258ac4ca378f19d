import { and, desc, eq } from 'drizzle-orm';
import { callCostMicros } from '../../ai/pricing.js';
import { aiCalls, inboxMessages, inboxThreads, leadEvents, socialAccounts } from '../../db/schema.js';
import type { JobContext } from '../../jobs/context.js';
import { PlatformError, type PostRef, type SocialPlatform } from '../../platforms/social-platform.js';
import { notify } from '../notifications/notify.js';
import { asAccount, type AccountRow } from '../accounts/platform-access.js';
import { complianceProblem, defaultReplyRules } from './auto-reply.js';
import { replyFacts } from './ingest.js';
import { engagementOf } from './settings.js';

type MessageRow = typeof inboxMessages.$inferSelect;
type ThreadRow = typeof inboxThreads.$inferSelect;

/** Marks a send whose outcome is unknown (a timeout after the request left): check before sending again. */
const ATTEMPTED = 'attempted';

type Ctx = Pick<JobContext, 'db' | 'jobs' | 'platforms' | 'tokenSealer'>;
type ComposeCtx = Ctx & Pick<JobContext, 'models' | 'config' | 'logger'>;

/** The longest reply each network takes (X counts weighted characters: kept well under). */
const REPLY_LIMITS: Record<string, number> = { instagram: 1000, facebook: 1000, linkedin: 1000, x: 270 };

/**
 * For an automatic reply under a `model` rule, with a remote model configured: the model writes it
 * from the same facts (the built-in draft queued with it stays if the model fails, says nothing, or
 * writes something the compliance check refuses). The call is costed like the content studio's.
 */
async function composeByModel(ctx: ComposeCtx, message: MessageRow, thread: ThreadRow, account: AccountRow) {
  const writer = ctx.models.replies;
  if (!writer || !message.auto || message.error === ATTEMPTED) return;
  const { settings, timeZone } = await engagementOf(ctx.db, thread.workspaceId);
  const rule = settings.replyRules[thread.intent] ?? defaultReplyRules[thread.intent];
  if (rule.mode !== 'model') return;
  const [comment] = await ctx.db
    .select({ text: inboxMessages.text })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.threadId, thread.id), eq(inboxMessages.direction, 'in')))
    .orderBy(desc(inboxMessages.at))
    .limit(1);
  const facts = await replyFacts(
    ctx.db,
    ctx.config.publicUrl,
    account,
    thread.listingId,
    thread.authorName,
    timeZone,
  );
  try {
    const { text, call } = await writer.write({
      intent: thread.intent,
      comment: comment?.text ?? '',
      platform: account.platform,
      facts: { ...facts },
      maxLength: REPLY_LIMITS[account.platform] ?? 1000,
    });
    if (call) {
      await ctx.db.insert(aiCalls).values({
        workspaceId: thread.workspaceId,
        role: 'reply',
        ...call,
        costMicros: callCostMicros(ctx.models.prices, call),
      });
    }
    if (text && !complianceProblem(text)) {
      await ctx.db.update(inboxMessages).set({ text }).where(eq(inboxMessages.id, message.id));
      message.text = text;
    }
  } catch (error) {
    ctx.logger.warn(
      { err: error, messageId: message.id },
      'the model did not write the reply; the built-in one is sent',
    );
  }
}

/**
 * Posts a queued reply (public, or private on Instagram) to the platform as the account. Never twice:
 * a sent reply is done; a reply whose earlier attempt may have reached the platform is first looked
 * for among the post's comments. A refusal marks it failed and tells the person who wrote it (or the
 * admins, for an automatic one); a transient failure is thrown so the queue retries.
 */
export async function deliverReply(ctx: ComposeCtx, messageId: string): Promise<void> {
  const [row] = await ctx.db
    .select({ message: inboxMessages, thread: inboxThreads, account: socialAccounts })
    .from(inboxMessages)
    .innerJoin(inboxThreads, eq(inboxThreads.id, inboxMessages.threadId))
    .innerJoin(socialAccounts, eq(socialAccounts.id, inboxMessages.accountId))
    .where(eq(inboxMessages.id, messageId));
  if (!row || row.message.status !== 'sending') return;
  const { message, thread, account } = row;
  await composeByModel(ctx, message, thread, account);
  const target = { commentId: thread.externalId, text: message.text };
  const postId = thread.postExternalId ?? thread.externalId;
  try {
    const externalId = await asAccount(ctx, account, async (platform, ref) => {
      if (thread.kind === 'message') return sendDirect(ctx, platform, ref(postId), thread, message);
      if (message.error === ATTEMPTED) {
        const earlier = await findEarlierReply(platform, ref(postId), thread.externalId, message.text);
        if (earlier) return earlier;
      }
      await markAttempted(ctx, messageId);
      const context = { ...ref(postId), ...target };
      const sent =
        message.replyMode === 'private'
          ? await platform.privateReply?.(context)
          : await platform.reply?.(context);
      if (!sent) {
        throw new PlatformError(
          'reject',
          `${account.platform} does not let Listcast reply to this from here`,
        );
      }
      return sent.externalId;
    });
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(inboxMessages)
        .set({ status: 'sent', externalId, error: null })
        .where(eq(inboxMessages.id, messageId));
      if (thread.leadId) {
        await tx
          .insert(leadEvents)
          .values({
            workspaceId: thread.workspaceId,
            leadId: thread.leadId,
            kind: 'reply_sent',
            summary: `${message.auto ? 'Automatic' : 'Reply'} (${message.replyMode ?? 'public'}): ${message.text.slice(0, 140)}`,
            threadId: thread.id,
            sourceKey: `inbox:${messageId}`,
            actorId: message.sentBy,
          })
          .onConflictDoNothing();
      }
    });
  } catch (error) {
    if (!(error instanceof PlatformError) || !['reject', 'reconnect'].includes(error.action)) throw error;
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(inboxMessages)
        .set({ status: 'failed', error: error.userMessage })
        .where(eq(inboxMessages.id, messageId));
      await notify({
        tx,
        jobs: ctx.jobs,
        workspaceId: thread.workspaceId,
        audience: message.sentBy ? { userIds: [message.sentBy] } : { roles: ['owner', 'admin'] },
        notice: {
          kind: 'reply_failed',
          title: `A reply to @${thread.authorHandle} was not sent`,
          body: error.userMessage,
          subject: { threadId: thread.id },
        },
      });
    });
  }
}

/**
 * Answers a direct message (the thread's root is the sender's id). A conversation cannot be searched
 * for an earlier attempt, so one that may have reached the platform is not sent again: it fails, and
 * the person is asked to look in the network's app.
 */
async function sendDirect(
  ctx: Ctx,
  platform: SocialPlatform,
  ref: PostRef,
  thread: ThreadRow,
  message: MessageRow,
): Promise<string> {
  if (!platform.sendMessage) {
    throw new PlatformError('reject', `${thread.platform} does not let Listcast answer direct messages`);
  }
  if (message.error === ATTEMPTED) {
    throw new PlatformError(
      'reject',
      'An earlier attempt may have sent this message: check the conversation in the app before sending it again',
    );
  }
  await markAttempted(ctx, message.id);
  const sent = await platform.sendMessage({
    account: ref.account,
    credentials: ref.credentials,
    recipientId: thread.externalId,
    text: message.text,
  });
  return sent.externalId;
}

async function markAttempted(ctx: Ctx, messageId: string) {
  await ctx.db
    .update(inboxMessages)
    .set({ error: ATTEMPTED })
    .where(and(eq(inboxMessages.id, messageId), eq(inboxMessages.status, 'sending')));
}

async function findEarlierReply(
  platform: SocialPlatform,
  ref: Parameters<NonNullable<SocialPlatform['comments']>>[0],
  rootId: string,
  text: string,
): Promise<string | null> {
  if (!platform.comments) return null;
  const comments = await platform.comments(ref);
  const earlier = comments.find(
    (comment) => comment.fromAccount && comment.parentId === rootId && comment.text === text,
  );
  return earlier?.externalId ?? null;
}

/** Hides (or shows again) an incoming comment on the platform, and records it. */
export async function setCommentHidden(ctx: Ctx, messageId: string, hidden: boolean): Promise<void> {
  const [row] = await ctx.db
    .select({ message: inboxMessages, thread: inboxThreads, account: socialAccounts })
    .from(inboxMessages)
    .innerJoin(inboxThreads, eq(inboxThreads.id, inboxMessages.threadId))
    .innerJoin(socialAccounts, eq(socialAccounts.id, inboxMessages.accountId))
    .where(eq(inboxMessages.id, messageId));
  if (!row?.message.externalId) return;
  const { message, thread, account } = row;
  await asAccount(ctx, account, async (platform, ref) => {
    if (!platform.hideComment) {
      throw new PlatformError('reject', `${account.platform} does not let apps hide comments`);
    }
    await platform.hideComment({
      ...ref(thread.postExternalId ?? thread.externalId),
      commentId: message.externalId!,
      hidden,
    });
  });
  await ctx.db.update(inboxMessages).set({ hidden }).where(eq(inboxMessages.id, messageId));
  if (message.externalId === thread.externalId) {
    await ctx.db.update(inboxThreads).set({ hidden }).where(eq(inboxThreads.id, thread.id));
  }
}
