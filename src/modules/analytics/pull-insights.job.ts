import { and, eq, gt, isNotNull, lt, or, sql, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { postInsights, postTargets, socialAccounts } from '../../db/schema.js';
import type { JobContext } from '../../jobs/context.js';
import { defineJob } from '../../jobs/queue.js';
import { PlatformError } from '../../platforms/social-platform.js';
import { asAccount, type AccountRow } from '../accounts/platform-access.js';

/** Posts whose numbers still move: published in the last month. */
const WINDOW_MS = 30 * 24 * 3600_000;
/** How old a reading may be before it is read again. */
const STALE_MS = 55 * 60_000;
/** Posts read per run, so one run stays short (the rest are read next hour). */
const PER_RUN = 500;

/**
 * Reads reach, likes and comments of recent posts on live networks from their insights, into
 * `post_insights` (the analytics read them next to the sandbox's own counts). Account by account: a
 * rate limit or a lost grant ends that account's turn, never the run; a post the network no longer
 * has keeps its last reading.
 */
export async function pullInsights(ctx: JobContext, now = new Date()) {
  const due = await ctx.db
    .select({ target: postTargets, account: socialAccounts })
    .from(postTargets)
    .innerJoin(socialAccounts, eq(socialAccounts.id, postTargets.accountId))
    .leftJoin(postInsights, eq(postInsights.targetId, postTargets.id))
    .where(
      and(
        eq(socialAccounts.network, 'live'),
        eq(socialAccounts.status, 'active'),
        eq(postTargets.status, 'published'),
        isNotNull(postTargets.externalId),
        gt(postTargets.publishedAt, new Date(now.getTime() - WINDOW_MS)),
        or(isNull(postInsights.fetchedAt), lt(postInsights.fetchedAt, new Date(now.getTime() - STALE_MS))),
      ),
    )
    .orderBy(sql`${postInsights.fetchedAt} asc nulls first`)
    .limit(PER_RUN);
  const byAccount = new Map<string, { account: AccountRow; targets: (typeof due)[number]['target'][] }>();
  for (const { target, account } of due) {
    const entry = byAccount.get(account.id) ?? { account, targets: [] };
    entry.targets.push(target);
    byAccount.set(account.id, entry);
  }
  let read = 0;
  for (const { account, targets } of byAccount.values()) {
    for (const target of targets) {
      try {
        const insights = await asAccount(ctx, account, async (platform, ref) =>
          platform.insights ? platform.insights(ref(target.externalId!)) : null,
        );
        if (!insights) break;
        const values = {
          reach: insights.reach,
          likes: insights.likes,
          comments: insights.comments,
          fetchedAt: now,
        };
        await ctx.db
          .insert(postInsights)
          .values({ targetId: target.id, workspaceId: target.workspaceId, ...values })
          .onConflictDoUpdate({ target: postInsights.targetId, set: values });
        read += 1;
      } catch (error) {
        if (!(error instanceof PlatformError)) throw error;
        ctx.logger.warn(
          { accountId: account.id, targetId: target.id, action: error.action },
          'insights not read',
        );
        if (error.action !== 'reject') break;
      }
    }
  }
  return { read, due: due.length };
}

export const pullInsightsJob = defineJob({
  name: 'analytics.pull-insights',
  payload: z.object({}).passthrough(),
  cron: '17 * * * *',
  async handle(_payload, ctx: JobContext) {
    await pullInsights(ctx);
  },
});
