import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { invitations, memberships, users, workspaces } from '../../db/schema.js';
import { hashToken } from '../../lib/crypto.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';

/**
 * Joins the workspace an invitation names. The invitation is bound to its email address; it is marked
 * accepted by a conditional update in the same transaction that creates the membership, so of two
 * concurrent accepts exactly one succeeds.
 */
export async function acceptInvitation(options: { db: Db; userId: string; token: string }) {
  const { db, userId } = options;
  const [invitation] = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      workspace: {
        id: workspaces.id,
        name: workspaces.name,
        personal: workspaces.personal,
        timezone: workspaces.timezone,
      },
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, hashToken(options.token)))
    .limit(1);
  if (!invitation || invitation.acceptedAt || invitation.revokedAt) throw notFound('Invitation');
  if (invitation.expiresAt <= new Date()) {
    throw new AppError('gone', 'This invitation has expired; ask for a new one');
  }
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) throw notFound('User');
  if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    throw forbidden('This invitation was sent to another email address; sign in with that address');
  }

  return db.transaction(async (tx) => {
    const accepted = await tx
      .update(invitations)
      .set({ acceptedAt: sql`now()` })
      .where(
        and(
          eq(invitations.id, invitation.id),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, sql`now()`),
        ),
      )
      .returning({ id: invitations.id });
    if (accepted.length === 0) throw notFound('Invitation');
    const joined = await tx
      .insert(memberships)
      .values({ workspaceId: invitation.workspace.id, userId, role: invitation.role })
      .onConflictDoNothing()
      .returning({ role: memberships.role });
    // Throwing rolls the acceptance back: the invitation stays usable.
    if (joined.length === 0) throw new AppError('conflict', 'You are already a member of this workspace');
    return { workspace: { ...invitation.workspace, role: invitation.role } };
  });
}
