import { and, eq, isNotNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import { socialAccounts } from '../../db/schema.js';
import type { JobContext } from '../../jobs/context.js';
import { defineJob } from '../../jobs/queue.js';
import type { Login } from '../../platforms/registry.js';
import { PlatformError, type Platform } from '../../platforms/social-platform.js';
import { openCredentials, refreshCredentials } from './credentials.js';
import { markNeedsReconnect } from './notices.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * How long before expiry a token is renewed. X access tokens live two hours (this job runs every ten
 * minutes); Instagram's and LinkedIn's live about sixty days, and Instagram refuses to refresh a token
 * younger than a day — a week ahead leaves many tries if a platform is down.
 */
export const REFRESH_AHEAD_MS: Record<Platform, number> = {
  x: 30 * MINUTE,
  instagram: 7 * DAY,
  facebook: 7 * DAY,
  linkedin: 7 * DAY,
};
const LONGEST_AHEAD_MS = Math.max(...Object.values(REFRESH_AHEAD_MS));

/**
 * Renews connected accounts' tokens before they expire, so a scheduled post never meets an expired
 * token. A refresh the platform refuses marks the account `needs_reconnect` and tells the workspace's
 * owners and admins (in Listcast and by email); a transient failure is tried again on the next run.
 */
export async function refreshExpiringTokens(ctx: JobContext, now = new Date()) {
  const candidates = await ctx.db
    .select()
    .from(socialAccounts)
    .where(
      and(
        eq(socialAccounts.network, 'live'),
        eq(socialAccounts.status, 'active'),
        isNotNull(socialAccounts.credentials),
        lt(socialAccounts.tokenExpiresAt, new Date(now.getTime() + LONGEST_AHEAD_MS)),
      ),
    );
  const due = candidates.filter(
    (account) => account.tokenExpiresAt!.getTime() - now.getTime() < REFRESH_AHEAD_MS[account.platform],
  );
  let renewed = 0;
  for (const account of due) {
    const platform = ctx.platforms.live(account.platform, (account.meta.login ?? 'default') as Login);
    try {
      if (!platform) {
        throw new PlatformError(
          'reconnect',
          `This instance has no ${account.platform} app credentials configured.`,
        );
      }
      const stale = openCredentials(ctx.tokenSealer, account.credentials)!;
      await refreshCredentials({
        db: ctx.db,
        sealer: ctx.tokenSealer,
        platform,
        accountId: account.id,
        stale,
      });
      renewed += 1;
    } catch (error) {
      if (error instanceof PlatformError && error.action === 'reconnect') {
        await ctx.db.transaction((tx) => markNeedsReconnect(tx, ctx.jobs, account, error.userMessage));
      } else {
        ctx.logger.warn({ err: error, accountId: account.id }, 'token refresh failed; will try again');
      }
    }
  }
  return { due: due.length, renewed };
}

export const refreshTokensJob = defineJob({
  name: 'accounts.refresh-tokens',
  payload: z.object({}).passthrough(),
  cron: '*/10 * * * *',
  async handle(_payload, ctx: JobContext) {
    await refreshExpiringTokens(ctx);
  },
});
