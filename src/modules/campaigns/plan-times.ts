/**
 * Where a campaign post lands in time: its day and its time rule (the start itself, a fixed local time,
 * or the account's best hours), moved out of quiet hours and off days the account's cap already fills.
 * Pure: the caller passes the clock, the account's rules, best hours and what is already scheduled.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { postTargets, posts } from '../../db/schema.js';
import { utcToZoned, zonedToUtc } from '../../lib/zoned-time.js';
import type { BestTimes } from './best-times.js';
import { isQuiet, type PostingRules } from './posting-rules.js';

/** How many days past its planned day a post may move to find room. */
const SEARCH_DAYS = 14;
/** Two planned posts of one account at best times stay at least this far apart. */
const SPACING_MS = 60 * 60_000;

export interface AccountSchedule {
  handle: string;
  rules: PostingRules;
  best: BestTimes;
  /** Posts per local date (YYYY-MM-DD): already scheduled ones, then each one this plan places. */
  load: Map<string, number>;
  placed: Date[];
}

export const localDate = (instant: Date, timezone: string) => utcToZoned(instant, timezone).slice(0, 10);

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** Each account's posts already scheduled or published from `from` on, per local date. */
export async function existingLoad(db: Executor, accountIds: string[], from: Date, timezone: string) {
  const loads = new Map(accountIds.map((id) => [id, new Map<string, number>()]));
  if (accountIds.length === 0) return loads;
  const when = sql`coalesce(${postTargets.publishedAt}, ${posts.scheduledAt})`;
  const rows = await db
    .select({ accountId: postTargets.accountId, at: posts.scheduledAt, publishedAt: postTargets.publishedAt })
    .from(postTargets)
    .innerJoin(posts, eq(posts.id, postTargets.postId))
    .where(
      and(
        inArray(postTargets.accountId, accountIds),
        inArray(postTargets.status, ['scheduled', 'publishing', 'published']),
        sql`${when} >= ${new Date(from.getTime() - 86_400_000).toISOString()}::timestamptz`,
      ),
    );
  for (const row of rows) {
    const at = row.publishedAt ?? row.at;
    if (!at) continue;
    const load = loads.get(row.accountId)!;
    const day = localDate(at, timezone);
    load.set(day, (load.get(day) ?? 0) + 1);
  }
  return loads;
}

/**
 * Places one post of an account on local `date` (or the next days with room): at `start`, at `HH:MM`,
 * or at the best hour still ahead. Returns the instant and why, or null when no day in reach has room.
 */
export function placePost(options: {
  schedule: AccountSchedule;
  date: string;
  at: string;
  start: Date;
  timezone: string;
}): { at: Date; reason: string } | null {
  const { schedule, at, start, timezone } = options;
  const quiet = schedule.rules.quietHours;
  const notes: string[] = [];
  for (let shift = 0; shift <= SEARCH_DAYS; shift += 1) {
    const date = addDays(options.date, shift);
    if ((schedule.load.get(date) ?? 0) >= schedule.rules.dailyCap) {
      if (shift === 0)
        notes.push(
          `moved: @${schedule.handle} already has ${schedule.rules.dailyCap} posts (its daily cap) on ${date}`,
        );
      continue;
    }
    const wanted =
      at === 'start'
        ? [utcToZoned(start, timezone).slice(11, 16)]
        : at === 'best'
          ? schedule.best.ranked.map((slot) => slot.time)
          : [at];
    // Out of quiet hours: the first minute after them.
    const candidates = quiet ? [...wanted, quiet.end] : wanted;
    for (const [index, time] of candidates.entries()) {
      const instant =
        at === 'start' && shift === 0 && index === 0 ? start : zonedToUtc(`${date}T${time}`, timezone);
      if (instant.getTime() < start.getTime() || isQuiet(time, quiet)) continue;
      if (
        at === 'best' &&
        schedule.placed.some((other) => Math.abs(other.getTime() - instant.getTime()) < SPACING_MS)
      )
        continue;
      const base =
        at === 'start'
          ? "At the campaign's start"
          : at === 'best'
            ? `Best time: ${schedule.best.summary}${index > 0 ? ' (the best hour still free that day)' : ''}`
            : `At ${at}, as the template says`;
      if (index >= wanted.length) notes.push(`moved out of quiet hours (${quiet!.start}–${quiet!.end})`);
      schedule.load.set(date, (schedule.load.get(date) ?? 0) + 1);
      schedule.placed.push(instant);
      return { at: instant, reason: [base, ...notes].join('; ') };
    }
  }
  return null;
}
