import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { socialAccounts } from '../../db/schema.js';
import { AppError, notFound } from '../../lib/errors.js';
import { platformNames } from '../../platforms/social-platform.js';
import type { AccountView } from './schemas.js';

type AccountRow = typeof socialAccounts.$inferSelect;

export function toAccount(row: AccountRow): AccountView {
  return {
    id: row.id,
    platform: row.platform,
    network: row.network,
    label: `${row.network === 'sandbox' ? 'Sandbox ' : ''}${platformNames[row.platform]}`,
    handle: row.handle,
    displayName: row.displayName,
    kind: row.kind,
    status: row.status,
    tokenExpiresAt: row.tokenExpiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A sandbox account: no sign-in anywhere; it imitates one real network's rules (see platforms/sandbox). */
export async function createSandboxAccount(options: {
  db: Db;
  workspaceId: string;
  userId: string | null;
  input: { platform: AccountRow['platform']; handle: string; displayName?: string | undefined };
}): Promise<AccountView> {
  const { db, workspaceId, input } = options;
  const [row] = await db
    .insert(socialAccounts)
    .values({
      workspaceId,
      platform: input.platform,
      network: 'sandbox',
      externalId: input.handle.toLowerCase(),
      handle: input.handle,
      displayName: input.displayName ?? input.handle,
      kind: input.platform === 'facebook' ? 'page' : 'person',
      createdBy: options.userId,
    })
    .onConflictDoNothing()
    .returning();
  if (!row)
    throw new AppError('conflict', `A sandbox ${input.platform} account @${input.handle} already exists`);
  return toAccount(row);
}

export async function listAccounts(options: { db: Db; workspaceId: string }) {
  const rows = await options.db
    .select()
    .from(socialAccounts)
    .where(eq(socialAccounts.workspaceId, options.workspaceId))
    .orderBy(asc(socialAccounts.createdAt));
  return rows.map(toAccount);
}

export async function findAccount(db: Db, workspaceId: string, id: string): Promise<AccountRow> {
  const [row] = await db
    .select()
    .from(socialAccounts)
    .where(and(eq(socialAccounts.workspaceId, workspaceId), eq(socialAccounts.id, id)));
  if (!row) throw notFound('Account');
  return row;
}

/** Disconnects an account; its posts' targets go with it (their history stays on the platform). */
export async function deleteAccount(options: { db: Db; workspaceId: string; id: string }) {
  const { db, workspaceId, id } = options;
  await findAccount(db, workspaceId, id);
  await db
    .delete(socialAccounts)
    .where(and(eq(socialAccounts.workspaceId, workspaceId), eq(socialAccounts.id, id)));
}
