import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { memberships, users, workspaces } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

export async function getMe(options: { db: Db; userId: string }) {
  const { db, userId } = options;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw notFound('User');
  const rows = await db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      personal: workspaces.personal,
      timezone: workspaces.timezone,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(workspaces.createdAt));
  return { user, workspaces: rows };
}
