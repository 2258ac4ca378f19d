import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { media, socialAccounts, type RowError } from '../../db/schema.js';
import { utcToZoned, zonedToUtc } from '../../lib/zoned-time.js';
import { workspaceTimeZone } from '../content/brief.js';
import { getContentSettings } from '../content/settings.js';
import { importInvalid } from '../listings/import-listings.js';
import { postMedia, validateTargets } from '../posts/schedule.js';
import { isTimeZone } from '../workspaces/timezones.js';
import { automationApproval } from './automation-settings.js';
import { reviewOwnText, savePlan, type Draft, type PlanDeps } from './plan-support.js';
import { localDate } from './plan-times.js';
import { parsePostCsv, type PostCsvRow } from './posts-csv.js';
import { MAX_OCCURRENCES, occurrenceDates } from './recurrence.js';

/** Rows of one file; each may repeat, up to this many posts in all. */
export const MAX_IMPORT_ROWS = 500;
const MAX_IMPORT_POSTS = 2000;
const PAST_GRACE_MS = 60_000;
const isoInstant = z.iso.datetime({ offset: true });
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

type AccountRow = typeof socialAccounts.$inferSelect;

/** `2027-03-15T09:00` (local, in the row's zone) or an instant with an offset. */
function readTime(value: string, timezone: string): Date | null {
  if (LOCAL.test(value)) return zonedToUtc(value, timezone);
  return isoInstant.safeParse(value).success ? new Date(value) : null;
}

/**
 * Imports brand posts from a CSV into a campaign preview — all rows or none, each row checked like a
 * post (its accounts, time, images, and each platform's rules), errors reported per line and column like
 * the listing import. A row may repeat daily, weekly or monthly until a date or a count: each occurrence
 * keeps the row's local time in its zone across DST. Activate the preview to schedule the posts.
 */
export async function importPosts(deps: PlanDeps & { filename: string | null; csv: string }) {
  const { db, workspaceId } = deps;
  const now = deps.now ?? new Date();
  const parsed = parsePostCsv(deps.csv);
  if (parsed.errors.length > 0) throw importInvalid(parsed.errors, parsed.errors.length);
  if (parsed.rows.length > MAX_IMPORT_ROWS) {
    throw importInvalid([{ line: 1, column: '', message: `at most ${MAX_IMPORT_ROWS} rows per file` }], 1);
  }
  const [accounts, workspaceZone, settings] = await Promise.all([
    db.select().from(socialAccounts).where(eq(socialAccounts.workspaceId, workspaceId)),
    workspaceTimeZone(db, workspaceId),
    getContentSettings({ db, workspaceId }),
  ]);
  const mediaIds = [
    ...new Set(parsed.rows.flatMap((row) => (row.cells.media_ids ?? '').split(/[\s;]+/).filter(Boolean))),
  ];
  const validIds = mediaIds.filter((id) => z.uuid().safeParse(id).success);
  const mediaRows =
    validIds.length === 0
      ? []
      : await db
          .select()
          .from(media)
          .where(and(eq(media.workspaceId, workspaceId), inArray(media.id, validIds)));
  const mediaById = new Map(
    mediaRows.filter((row) => row.contentType.startsWith('image/')).map((row) => [row.id, row]),
  );

  const errors: RowError[] = [];
  const drafts: Draft[] = [];
  for (const row of parsed.rows) {
    const rowErrors: RowError[] = [];
    const fail = (column: string, message: string) => rowErrors.push({ line: row.line, column, message });
    const planned = readRow(row, { accounts, mediaById, workspaceZone, now, fail });
    if (planned && drafts.length + planned.times.length * planned.accounts.length > MAX_IMPORT_POSTS) {
      fail('', `the file makes more than ${MAX_IMPORT_POSTS} posts`);
    }
    if (planned && rowErrors.length === 0) {
      const problems = validateTargets({
        text: planned.text,
        firstComment: planned.firstComment,
        media: planned.media.map((item) => postMedia(item, deps)),
        targets: planned.accounts.map((account) => ({ accountId: account.id, text: null })),
        accounts: planned.accounts,
        hashtagCap: settings.hashtagCap,
      });
      for (const problem of problems) {
        fail(
          problem.rule.startsWith('media') ? 'media_ids' : 'text',
          `@${problem.handle} on ${problem.platform}: ${problem.message}`,
        );
      }
      for (const account of planned.accounts) {
        const issues = await reviewOwnText(db, workspaceId, planned.text, account.platform);
        for (const [index, at] of planned.times.entries()) {
          drafts.push({
            label: planned.times.length > 1 ? `Line ${row.line} #${index + 1}` : `Line ${row.line}`,
            event: null,
            account,
            scheduledAt: at,
            timeReason: `From the file, line ${row.line}`,
            variant: 1,
            mediaKind: 'none',
            slot: drafts.length,
            text: planned.text,
            mediaIds: planned.media.map((item) => item.id),
            firstComment: planned.firstComment,
            issues,
            contentSetId: null,
            price: null,
          });
        }
      }
    }
    errors.push(...rowErrors);
  }
  if (errors.length > 0) throw importInvalid(errors.slice(0, 1000), errors.length);

  const approval = await automationApproval(db, workspaceId);
  drafts.sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime());
  return savePlan(
    deps,
    {
      kind: 'import',
      name: deps.filename ? `Import: ${deps.filename}` : 'Imported posts',
      template: 'csv',
      event: null,
      listingId: null,
      requireApproval: approval,
      timezone: workspaceZone,
      start: drafts[0]!.scheduledAt,
      accountIds: [...new Set(drafts.map((draft) => draft.account.id))],
    },
    drafts,
    [
      {
        action: 'campaign.planned',
        reason: `${drafts.length} posts imported from ${parsed.rows.length} rows`,
        actorId: deps.userId,
      },
    ],
  );
}

function readRow(
  row: PostCsvRow,
  context: {
    accounts: AccountRow[];
    mediaById: Map<string, typeof media.$inferSelect>;
    workspaceZone: string;
    now: Date;
    fail: (column: string, message: string) => void;
  },
) {
  const { cells } = row;
  const { fail } = context;
  const text = cells.text ?? '';
  if (!text) fail('text', 'is required');
  if (text.length > 10_000) fail('text', 'at most 10,000 characters');
  const firstComment = cells.first_comment ?? null;
  if (firstComment && firstComment.length > 2200) fail('first_comment', 'at most 2,200 characters');
  const timezone = cells.timezone ?? context.workspaceZone;
  if (!isTimeZone(timezone)) fail('timezone', 'must be an IANA time zone such as America/New_York');

  const accounts: AccountRow[] = [];
  for (const token of (cells.accounts ?? '').split(/[\s;]+/).filter(Boolean)) {
    const [platform, handle] = token.includes(':') ? token.split(':', 2) : [null, token];
    const name = handle.replace(/^@/, '').toLowerCase();
    const matches = context.accounts.filter(
      (account) =>
        account.id === token ||
        (account.handle.toLowerCase() === name && (platform === null || account.platform === platform)),
    );
    if (matches.length === 1) accounts.push(matches[0]!);
    else if (matches.length > 1)
      fail('accounts', `${token} names accounts on several platforms; write platform:handle`);
    // An id is not repeated back: it may be another workspace's, and this answer must not confirm it.
    else
      fail(
        'accounts',
        `no account ${z.uuid().safeParse(token).success ? 'with that id' : token} in this workspace`,
      );
  }
  if (accounts.length === 0 && !cells.accounts)
    fail('accounts', 'name at least one account (handle, platform:handle or id)');

  const mediaItems = [];
  for (const [index, id] of (cells.media_ids ?? '')
    .split(/[\s;]+/)
    .filter(Boolean)
    .entries()) {
    const item = context.mediaById.get(id);
    if (item) mediaItems.push(item);
    else fail('media_ids', `item ${index + 1} is not an image in this workspace's media library`);
  }

  if (!isTimeZone(timezone)) return null;
  const first = cells.scheduled_at ? readTime(cells.scheduled_at, timezone) : null;
  if (!first) {
    fail(
      'scheduled_at',
      'must be a local date-time (2027-03-15T09:00) or an ISO 8601 instant with an offset',
    );
    return null;
  }
  if (first.getTime() < context.now.getTime() - PAST_GRACE_MS) fail('scheduled_at', 'is in the past');

  let times = [first];
  const repeat = cells.repeat?.toLowerCase();
  if (repeat) {
    const every = ({ daily: 'day', weekly: 'week', monthly: 'month' } as const)[repeat as 'daily'];
    if (!every) {
      fail('repeat', 'must be daily, weekly or monthly');
      return null;
    }
    const count = cells.repeat_count === undefined ? undefined : Number(cells.repeat_count);
    if (count !== undefined && !(Number.isInteger(count) && count >= 1 && count <= MAX_OCCURRENCES)) {
      fail('repeat_count', `must be a whole number from 1 to ${MAX_OCCURRENCES}`);
      return null;
    }
    const until = cells.repeat_until ? readTime(cells.repeat_until, timezone) : undefined;
    if (until === null) {
      fail('repeat_until', 'must be a local date-time or an ISO 8601 instant with an offset');
      return null;
    }
    if (count === undefined && until === undefined) {
      fail('repeat', 'a repeating row needs repeat_until or repeat_count');
      return null;
    }
    const wall = utcToZoned(first, timezone).slice(11, 16);
    times = occurrenceDates({ every, interval: 1 }, localDate(first, timezone), {
      count,
      untilDate: until ? localDate(until, timezone) : undefined,
    })
      .map((date) => zonedToUtc(`${date}T${wall}`, timezone))
      .filter((at) => !until || at <= until);
  }
  return { text, firstComment, accounts, media: mediaItems, times };
}
