import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { memberships, type Role } from '../../db/schema.js';
import { roleAtLeast } from '../../http/auth.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { lockWorkspace } from './actor.js';
import { countOwners, currentMember, findMember } from './repository.js';

/**
 * Changes a member's role. Only an owner grants or takes away the owner role (so admins cannot touch
 * owners), the last owner is never demoted, and a personal workspace always keeps its person as owner.
 */
export async function changeMemberRole(options: {
  db: Db;
  workspaceId: string;
  actorId: string;
  targetUserId: string;
  role: Role;
  /** Called after the change commits: cached access decisions must be dropped. */
  accessChanged: () => Promise<void>;
}) {
  const { workspaceId, role } = options;
  const member = await options.db.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const actor = await currentMember(tx, workspaceId, options.actorId);
    const target = await findMember(tx, workspaceId, options.targetUserId);
    if (!target) throw notFound('Member');
    if (!roleAtLeast(actor.role, 'admin')) throw forbidden('This needs the admin role or higher');
    if ((target.role === 'owner' || role === 'owner') && actor.role !== 'owner') {
      throw forbidden('Only an owner can grant or take away the owner role');
    }
    const { personalWorkspaceId, ...member } = target;
    if (target.role === role) return member;
    if (personalWorkspaceId === workspaceId) {
      throw new AppError('conflict', 'A personal workspace always keeps its own person as owner');
    }
    if (target.role === 'owner' && (await countOwners(tx, workspaceId)) <= 1) {
      throw new AppError('conflict', 'The last owner cannot be demoted; make someone else owner first');
    }
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, target.userId)));
    return { ...member, role };
  });
  await options.accessChanged();
  return member;
}
