import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { memberships, workspaces } from '../../db/schema.js';

/** The workspaces a user belongs to, oldest first (the personal one comes first), with their role. */
export async function listWorkspaces(options: { db: Db; userId: string }) {
  const items = await options.db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      personal: workspaces.personal,
      timezone: workspaces.timezone,
      role: memberships.role,
      createdAt: workspaces.createdAt,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, options.userId))
    .orderBy(asc(workspaces.createdAt), asc(workspaces.id));
  return { items };
}
