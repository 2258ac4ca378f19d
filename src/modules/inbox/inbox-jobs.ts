import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { inboxCursors, inboxMessages, postTargets, socialAccounts } from '../../db/schema.js';
import type { JobContext } from '../../jobs/context.js';
import { defineJob } from '../../jobs/queue.js';
import { createBatcher } from '../../lib/batcher.js';
import { parseMetaWebhook } from '../../platforms/meta/webhook-events.js';
import { PlatformError, type IncomingEngagement } from '../../platforms/social-platform.js';
import { asAccount, platformOf, type AccountRow } from '../accounts/platform-access.js';
import { deliverReply, setCommentHidden } from './deliver-reply.js';
import {
  ingestEngagement,
  ingestForPlatformAccounts,
  MODERATE_JOB,
  SEND_REPLY_JOB,
  type IngestDeps,
} from './ingest.js';

export const META_WEBHOOK_JOB = 'inbox.meta-webhook';
export const POLL_ACCOUNT_JOB = 'inbox.poll-account';

/** Posts polled for new comments: those published in the last two weeks, newest first. */
const POLL_WINDOW_MS = 14 * 24 * 3600_000;
const POLLED_POSTS = 30;

const ingestDeps = (ctx: JobContext): IngestDeps => ({ db: ctx.db, jobs: ctx.jobs, config: ctx.config });

/** Events of deliveries fetched together, written in one transaction per group (a round trip each is the cost). */
const GROUP = 100;
const batchers = new WeakMap<JobContext, ReturnType<typeof createBatcher<IncomingEngagement>>>();

function webhookBatcher(ctx: JobContext) {
  let batcher = batchers.get(ctx);
  if (!batcher) {
    batcher = createBatcher<IncomingEngagement>(
      async (events) => {
        // In one order everywhere, so two groups that touch the same people lock them in the same order.
        const ordered = [...events].sort((a, b) =>
          `${a.platform}:${a.author.id}`.localeCompare(`${b.platform}:${b.author.id}`),
        );
        await ctx.db.transaction((tx) => ingestForPlatformAccounts(ingestDeps(ctx), ordered, tx));
      },
      { max: GROUP },
    );
    batchers.set(ctx, batcher);
  }
  return batcher;
}

/**
 * One verified Meta webhook delivery (a batch of up to 1,000 updates), processed after the 200. The
 * deliveries of one fetch are processed together; a failure retries them all, and ids make that safe.
 */
export const metaWebhookJob = defineJob({
  name: META_WEBHOOK_JOB,
  payload: z.object({ body: z.unknown() }),
  retryLimit: 5,
  // A fetch takes this many at once and the next comes ≥ 0.5 s later: a burst is drained in few rounds.
  concurrency: 250,
  workers: 2,
  async handle({ body }, ctx: JobContext) {
    const { events, ignored } = parseMetaWebhook(body);
    if (ignored > 0) ctx.logger.debug({ ignored }, 'meta webhook updates ignored');
    const batcher = webhookBatcher(ctx);
    await Promise.all(events.map((event) => batcher.add(event)));
  },
});

/** Reads new comments on an account's recent posts and its new mentions, from where it left off. */
export async function pollAccount(ctx: JobContext, accountId: string, onlyPost?: string) {
  const [account] = await ctx.db.select().from(socialAccounts).where(eq(socialAccounts.id, accountId));
  if (!account || account.status !== 'active') return;
  const platform = platformOf(ctx, account);
  if (platform.comments) {
    // A post named by the network (the sandbox, as its audience comments) is read even if Listcast has
    // not marked it published yet: its threads are linked to the post when it is (publish-batches.ts).
    const recent = onlyPost
      ? [{ externalId: onlyPost }]
      : await ctx.db
          .select({ externalId: postTargets.externalId })
          .from(postTargets)
          .where(
            and(
              eq(postTargets.accountId, accountId),
              eq(postTargets.status, 'published'),
              gt(postTargets.publishedAt, new Date(Date.now() - POLL_WINDOW_MS)),
            ),
          )
          .orderBy(desc(postTargets.publishedAt))
          .limit(POLLED_POSTS);
    for (const { externalId } of recent) {
      if (externalId) await pollComments(ctx, account, externalId);
    }
  }
  if (platform.mentions && !onlyPost) await pollMentions(ctx, account);
}

async function pollComments(ctx: JobContext, account: AccountRow, postExternalId: string) {
  const scope = `post:${postExternalId}`;
  const cursor = await readCursor(ctx, account.id, scope);
  const comments = await asAccount(ctx, account, (platform, ref) =>
    platform.comments!({ ...ref(postExternalId), ...(cursor ? { since: new Date(cursor) } : {}) }),
  );
  let newest = cursor ? Date.parse(cursor) : 0;
  for (const comment of comments) {
    await ingestEngagement(ingestDeps(ctx), account, {
      platform: account.platform,
      accountExternalId: account.externalId,
      kind: 'comment',
      externalId: comment.externalId,
      parentExternalId: comment.parentId,
      postExternalId,
      author: { id: comment.authorId, handle: comment.authorHandle, name: comment.authorName },
      text: comment.text,
      at: comment.createdAt,
      fromAccount: comment.fromAccount,
    });
    newest = Math.max(newest, comment.createdAt.getTime());
  }
  if (newest > 0) await saveCursor(ctx, account.id, scope, new Date(newest).toISOString());
}

async function pollMentions(ctx: JobContext, account: AccountRow) {
  const cursor = await readCursor(ctx, account.id, 'mentions');
  const page = await asAccount(ctx, account, (platform, ref) =>
    platform.mentions!({ account: ref('').account, credentials: ref('').credentials, cursor }),
  );
  for (const mention of page.items)
    await ingestEngagement(ingestDeps(ctx), account, mention satisfies IncomingEngagement);
  if (page.cursor && page.cursor !== cursor) await saveCursor(ctx, account.id, 'mentions', page.cursor);
}

async function readCursor(ctx: JobContext, accountId: string, scope: string) {
  const [row] = await ctx.db
    .select({ cursor: inboxCursors.cursor })
    .from(inboxCursors)
    .where(and(eq(inboxCursors.accountId, accountId), eq(inboxCursors.scope, scope)));
  return row?.cursor ?? null;
}

async function saveCursor(ctx: JobContext, accountId: string, scope: string, cursor: string) {
  await ctx.db
    .insert(inboxCursors)
    .values({ accountId, scope, cursor })
    .onConflictDoUpdate({
      target: [inboxCursors.accountId, inboxCursors.scope],
      set: { cursor, updatedAt: sql`now()` },
    });
}

export const pollAccountJob = defineJob({
  name: POLL_ACCOUNT_JOB,
  payload: z.object({ accountId: z.uuid(), postExternalId: z.string().optional() }),
  retryLimit: 3,
  concurrency: 4,
  async handle({ accountId, postExternalId }, ctx: JobContext) {
    try {
      await pollAccount(ctx, accountId, postExternalId);
    } catch (error) {
      // A refusal or a rate limit waits for the next round; anything else is retried.
      if (error instanceof PlatformError && error.action !== 'retry_later') {
        ctx.logger.warn({ accountId, action: error.action }, 'inbox polling stopped for this round');
        return;
      }
      throw error;
    }
  },
});

/** Every two minutes: each active account's polling, as its own job (one slow network holds no other). */
export const pollInboxJob = defineJob({
  name: 'inbox.poll',
  payload: z.object({}).passthrough(),
  cron: '*/2 * * * *',
  async handle(_payload, ctx: JobContext) {
    const accounts = await ctx.db
      .select({ id: socialAccounts.id })
      .from(socialAccounts)
      .where(eq(socialAccounts.status, 'active'));
    for (const account of accounts) await ctx.jobs.enqueue(POLL_ACCOUNT_JOB, { accountId: account.id });
  },
});

export const sendReplyJob = defineJob({
  name: SEND_REPLY_JOB,
  payload: z.object({ messageId: z.uuid() }),
  retryLimit: 4,
  retryDelaySeconds: 30,
  async handle({ messageId }, ctx: JobContext) {
    await deliverReply(ctx, messageId);
  },
  async onGiveUp({ messageId }, ctx: JobContext) {
    await ctx.db
      .update(inboxMessages)
      .set({ status: 'failed', error: 'The platform kept failing; the reply was not sent' })
      .where(and(eq(inboxMessages.id, messageId), eq(inboxMessages.status, 'sending')));
  },
});

export const moderateJob = defineJob({
  name: MODERATE_JOB,
  payload: z.object({ messageId: z.uuid(), hidden: z.boolean() }),
  retryLimit: 4,
  retryDelaySeconds: 30,
  async handle({ messageId, hidden }, ctx: JobContext) {
    await setCommentHidden(ctx, messageId, hidden);
  },
});
