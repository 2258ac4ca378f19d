import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { listWorkspaces } from '../workspaces/list-workspaces.js';

/** The signed-in user and every workspace they belong to, with their role in each. */
export async function getMe(options: { db: Db; userId: string }) {
  const { db, userId } = options;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw notFound('User');
  const { items } = await listWorkspaces({ db, userId });
  return { user, workspaces: items };
}
