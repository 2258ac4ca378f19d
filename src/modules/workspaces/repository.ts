import { and, count, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { memberships, users } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

export const memberColumns = {
  userId: users.id,
  name: users.name,
  email: users.email,
  role: memberships.role,
  joinedAt: memberships.createdAt,
};

/** One member of a workspace, with the id of their own personal workspace; undefined if not a member. */
export async function findMember(tx: Executor, workspaceId: string, userId: string) {
  const [member] = await tx
    .select({ ...memberColumns, personalWorkspaceId: users.personalWorkspaceId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return member;
}

export async function countOwners(tx: Executor, workspaceId: string): Promise<number> {
  const [row] = await tx
    .select({ owners: count() })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner')));
  return row?.owners ?? 0;
}

/**
 * The acting member as of now, inside the locked transaction: the role the authenticator saw may
 * have been changed by a request that committed meanwhile. Gone means they were removed: 404.
 */
export async function currentMember(tx: Executor, workspaceId: string, userId: string) {
  const member = await findMember(tx, workspaceId, userId);
  if (!member) throw notFound('Workspace');
  return member;
}
