import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { brandKits, memberships, users, workspaces } from '../../db/schema.js';
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
    const [workspace] = await tx
      .insert(workspaces)
      .values({ name: `${input.name}'s workspace`, personal: true })
      .returning();
    if (!workspace) throw new Error('workspace not created');
    const inserted = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash, personalWorkspaceId: workspace.id })
      .onConflictDoNothing()
      .returning({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt });
    const user = inserted[0];
    if (!user) throw new AppError('email_taken', 'An account with this email already exists');
    await tx.insert(memberships).values({ workspaceId: workspace.id, userId: user.id, role: 'owner' });
    await tx.insert(brandKits).values({ workspaceId: workspace.id, agentName: input.name });
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
