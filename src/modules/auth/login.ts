import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users, workspaces } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { verifyPassword } from '../../lib/passwords.js';
import { issueSession } from './issue-session.js';
import type { TokenService } from './tokens.js';

/** Signs in with email and password. Unknown email and wrong password answer alike, in the same time. */
export async function login(options: {
  db: Db;
  tokens: TokenService;
  refreshTtlDays: number;
  input: { email: string; password: string };
}) {
  const { db, input } = options;
  const [user] = await db.select().from(users).where(eq(users.email, input.email)).limit(1);
  const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !valid) throw new AppError('invalid_credentials', 'Email or password is incorrect');

  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, user.personalWorkspaceId));
  if (!workspace) throw new Error('personal workspace missing');
  const tokens = await db.transaction((tx) =>
    issueSession({ tx, tokens: options.tokens, userId: user.id, refreshTtlDays: options.refreshTtlDays }),
  );
  return {
    ...tokens,
    user: { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt },
    workspace: {
      id: workspace.id,
      name: workspace.name,
      personal: workspace.personal,
      timezone: workspace.timezone,
      role: 'owner' as const,
    },
  };
}
