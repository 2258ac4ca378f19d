import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { memberships, users } from '../../db/schema.js';
import { memberColumns } from './repository.js';

/** Everyone in the workspace, in the order they joined. */
export async function listMembers(options: { db: Db; workspaceId: string }) {
  const items = await options.db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, options.workspaceId))
    .orderBy(asc(memberships.createdAt), asc(users.id));
  return { items };
}
