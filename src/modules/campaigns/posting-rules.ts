import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { accountPostingRules } from '../../db/schema.js';
import { findAccount } from '../accounts/accounts.js';

export interface PostingRules {
  quietHours: { start: string; end: string } | null;
  dailyCap: number;
}

/** Without a row of its own an account has these: nothing planned overnight, three posts a day. */
export const defaultPostingRules: PostingRules = {
  quietHours: { start: '22:00', end: '07:00' },
  dailyCap: 3,
};

const toRules = (row: typeof accountPostingRules.$inferSelect): PostingRules => ({
  quietHours: row.quietStart && row.quietEnd ? { start: row.quietStart, end: row.quietEnd } : null,
  dailyCap: row.dailyCap,
});

/** Each account's rules (the defaults for accounts without a row). */
export async function rulesOf(db: Executor, workspaceId: string, accountIds: string[]) {
  const rows =
    accountIds.length === 0
      ? []
      : await db
          .select()
          .from(accountPostingRules)
          .where(
            and(
              eq(accountPostingRules.workspaceId, workspaceId),
              inArray(accountPostingRules.accountId, accountIds),
            ),
          );
  const byId = new Map(rows.map((row) => [row.accountId, toRules(row)]));
  return new Map(accountIds.map((id) => [id, byId.get(id) ?? defaultPostingRules]));
}

/** True when the local time `HH:MM` falls in the quiet hours (which may span midnight). */
export function isQuiet(time: string, quiet: PostingRules['quietHours']): boolean {
  if (!quiet) return false;
  return quiet.start < quiet.end
    ? time >= quiet.start && time < quiet.end
    : time >= quiet.start || time < quiet.end;
}

export async function getPostingRules(options: { db: Db; workspaceId: string; accountId: string }) {
  const { db, workspaceId, accountId } = options;
  await findAccount(db, workspaceId, accountId);
  return (await rulesOf(db, workspaceId, [accountId])).get(accountId)!;
}

/** Changes an account's quiet hours (null: none) or daily cap. */
export async function updatePostingRules(options: {
  db: Db;
  workspaceId: string;
  accountId: string;
  patch: { quietHours?: { start: string; end: string } | null | undefined; dailyCap?: number | undefined };
}) {
  const { db, workspaceId, accountId, patch } = options;
  const current = await getPostingRules({ db, workspaceId, accountId });
  const next: PostingRules = {
    quietHours: patch.quietHours === undefined ? current.quietHours : patch.quietHours,
    dailyCap: patch.dailyCap ?? current.dailyCap,
  };
  const values = {
    quietStart: next.quietHours?.start ?? null,
    quietEnd: next.quietHours?.end ?? null,
    dailyCap: next.dailyCap,
    updatedAt: new Date(),
  };
  await db
    .insert(accountPostingRules)
    .values({ accountId, workspaceId, ...values })
    .onConflictDoUpdate({ target: accountPostingRules.accountId, set: values });
  return next;
}
