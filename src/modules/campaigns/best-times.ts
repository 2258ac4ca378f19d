import { and, count, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Platform } from '../../ai/content.js';
import type { Db, Executor } from '../../db/client.js';
import { sandboxInteractions, sandboxPosts } from '../../db/schema.js';
import { utcToZoned } from '../../lib/zoned-time.js';
import { platformNames } from '../../platforms/social-platform.js';
import { findAccount } from '../accounts/accounts.js';
import { workspaceTimeZone } from '../content/brief.js';
import { isQuiet, rulesOf, type PostingRules } from './posting-rules.js';

const HISTORY_DAYS = 90;
/** How many interactions the platform's priors weigh: below this much history they dominate. */
const PRIOR_WEIGHT = 40;
/** Enough history to stand on its own. */
const ENOUGH = 200;

/**
 * When each platform's audiences are usually active (local hours), from the published studies of
 * posting times: the fallback for an account without its own history, and the blend while it is short.
 */
const priorPeaks: Record<Platform, { peaks: number[]; note: string }> = {
  instagram: { peaks: [11, 12, 13, 19, 20], note: 'late morning, lunch and early evening' },
  facebook: { peaks: [9, 10, 11, 12, 13], note: 'morning to early afternoon' },
  linkedin: { peaks: [8, 9, 12, 17], note: 'before work, lunch and end of the working day' },
  x: { peaks: [8, 9, 12, 17, 18], note: 'commute hours and lunch' },
};

function priorWeights(platform: Platform): number[] {
  const weights: number[] = Array.from({ length: 24 }, (_, hour) => (hour >= 7 && hour <= 22 ? 1 : 0.2));
  for (const hour of priorPeaks[platform].peaks) weights[hour] = 3;
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}

export interface BestTimes {
  platform: Platform;
  timezone: string;
  /** Every local hour (`HH:00`) outside quiet hours, best first, with its share of the blended score. */
  ranked: { time: string; score: number }[];
  /** Short, for a planned post's reason: "most engagement around 19:00" or the platform's usual times. */
  summary: string;
  reason: string;
  basis: {
    interactions: number;
    posts: number;
    days: number;
    source: 'history' | 'history_and_priors' | 'priors';
  };
  rules: PostingRules;
}

/** Likes and comments on the account's posts per UTC hour, and its posts, over the last 90 days. */
async function history(db: Executor, workspaceId: string, accountId: string, since: Date) {
  const hour = sql<string>`extract(epoch from date_trunc('hour', ${sandboxInteractions.createdAt} at time zone 'UTC'))`;
  const [buckets, [posts]] = await Promise.all([
    db
      .select({ hour, n: count() })
      .from(sandboxInteractions)
      .innerJoin(sandboxPosts, eq(sandboxPosts.id, sandboxInteractions.sandboxPostId))
      .where(
        and(
          eq(sandboxInteractions.workspaceId, workspaceId),
          eq(sandboxPosts.accountId, accountId),
          inArray(sandboxInteractions.kind, ['like', 'comment']),
          gte(sandboxInteractions.createdAt, since),
        ),
      )
      .groupBy(hour),
    db
      .select({ n: count() })
      .from(sandboxPosts)
      .where(
        and(
          eq(sandboxPosts.workspaceId, workspaceId),
          eq(sandboxPosts.accountId, accountId),
          gte(sandboxPosts.createdAt, since),
        ),
      ),
  ]);
  return {
    buckets: buckets.map((row) => ({ at: new Date(Number(row.hour) * 1000), n: row.n })),
    posts: posts?.n ?? 0,
  };
}

/**
 * The account's best hours to post: when its own audience liked and commented (local time), blended
 * with the platform's usual times in proportion to how little history there is, outside quiet hours.
 * The reason says which it was. (Live accounts' engagement is not stored yet: they use the priors.)
 */
export async function bestTimesFor(
  db: Executor,
  account: { id: string; workspaceId: string; platform: Platform; handle: string },
  options: { timezone: string; rules: PostingRules; now: Date },
): Promise<BestTimes> {
  const since = new Date(options.now.getTime() - HISTORY_DAYS * 86_400_000);
  const { buckets, posts } = await history(db, account.workspaceId, account.id, since);
  const counts = Array.from({ length: 24 }, () => 0);
  for (const bucket of buckets)
    counts[Number(utcToZoned(bucket.at, options.timezone).slice(11, 13))]! += bucket.n;
  const total = counts.reduce((sum, n) => sum + n, 0);
  const prior = priorWeights(account.platform);
  const scores = counts.map((n, hour) => (n + PRIOR_WEIGHT * prior[hour]!) / (total + PRIOR_WEIGHT));
  const ranked = scores
    .map((score, hour) => ({
      time: `${String(hour).padStart(2, '0')}:00`,
      score: Math.round(score * 1000) / 1000,
    }))
    .filter((slot) => !isQuiet(slot.time, options.rules.quietHours))
    .sort((a, b) => b.score - a.score || a.time.localeCompare(b.time));
  const top = ranked[0]?.time ?? '12:00';
  const network = platformNames[account.platform];
  const source = total === 0 ? 'priors' : total < ENOUGH ? 'history_and_priors' : 'history';
  const peakHour = counts.indexOf(Math.max(...counts));
  const share = total > 0 ? Math.round((counts[peakHour]! / total) * 100) : 0;
  const usual = `${network}'s usual best times (${priorPeaks[account.platform].note})`;
  const reason =
    source === 'priors'
      ? `No engagement history on @${account.handle} in the last ${HISTORY_DAYS} days, so ${usual}: best around ${top}.`
      : source === 'history_and_priors'
        ? `From ${total} likes and comments on ${posts} posts in the last ${HISTORY_DAYS} days, blended with ` +
          `${usual} while the history is short: best around ${top}.`
        : `From ${total} likes and comments on ${posts} posts in the last ${HISTORY_DAYS} days: your audience ` +
          `is most active around ${top} (${share}% of engagement in the busiest hour).`;
  const summary =
    source === 'priors'
      ? `${network}'s usual best time`
      : `most engagement on @${account.handle} around ${top}`;
  return {
    platform: account.platform,
    timezone: options.timezone,
    ranked,
    summary,
    reason,
    basis: { interactions: total, posts, days: HISTORY_DAYS, source },
    rules: options.rules,
  };
}

/** `GET /accounts/{id}/best-times`: the best hours and why, in the asked or the workspace's zone. */
export async function getBestTimes(options: {
  db: Db;
  workspaceId: string;
  accountId: string;
  timezone?: string | undefined;
  now?: Date;
}) {
  const { db, workspaceId, accountId } = options;
  const account = await findAccount(db, workspaceId, accountId);
  const timezone = options.timezone ?? (await workspaceTimeZone(db, workspaceId));
  const rules = (await rulesOf(db, workspaceId, [accountId])).get(accountId)!;
  const best = await bestTimesFor(db, account, { timezone, rules, now: options.now ?? new Date() });
  return {
    accountId,
    platform: account.platform,
    timezone,
    best: best.ranked.slice(0, 3),
    reason: best.reason,
    basis: best.basis,
    rules,
  };
}
