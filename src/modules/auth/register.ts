import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema.js';
import { insertWorkspace } from '../workspaces/create-workspace.js';
import { AppError } from '../../lib/errors.js';
import { hashPassword } from '../../lib/passwords.js';
import { issueSession } from './issue-session.js';
import type { TokenService } from './tokens.js';

/** Creates a user with a personal workspace (owner) and an empty brand kit, and signs them in. */
export async function register(options: {
  db: Db;
  tokens: TokenService;
  refreshTtlDays: number;
  input: { email: string; password: string; name: string };
}) {
  const { db, input } = options;
  const passwordHash = await hashPassword(input.password);
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
  if (existing.length > 0) throw new AppError('email_taken', 'An account with this email already exists');

  return db.transaction(async (tx) => {
    // The user names its personal workspace, and the workspace's owner membership names the user.
    const workspaceId = randomUUID();
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash, personalWorkspaceId: workspaceId })
      .onConflictDoNothing()
      .returning({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt });
    if (!user) throw new AppError('email_taken', 'An account with this email already exists');
    const workspace = await insertWorkspace({
      tx,
      id: workspaceId,
      ownerId: user.id,
      name: `${input.name}'s workspace`,
      personal: true,
      agentName: input.name,
    });
    const tokens = await issueSession({
      tx,
      tokens: options.tokens,
      userId: user.id,
      refreshTtlDays: options.refreshTtlDays,
    });
    return {
      ...tokens,
      user,
      workspace: {
        id: workspace.id,
        name: workspace.name,
        personal: true,
        timezone: workspace.timezone,
        role: 'owner' as const,
      },
    };
  });
}
