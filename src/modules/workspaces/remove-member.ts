import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { memberships } from '../../db/schema.js';
import { roleAtLeast } from '../../http/auth.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { lockWorkspace } from './actor.js';
import { countOwners, currentMember, findMember } from './repository.js';

/**
 * Removes a member, or lets any member leave. Admins remove non-owners, owners remove anyone; the last
 * owner stays, and nobody leaves their own personal workspace.
 */
export async function removeMember(options: {
  db: Db;
  workspaceId: string;
  actorId: string;
  targetUserId: string;
  /** Called after the change commits: cached access decisions must be dropped. */
  accessChanged: () => Promise<void>;
}) {
  const { workspaceId } = options;
  await options.db.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const actor = await currentMember(tx, workspaceId, options.actorId);
    const target = await findMember(tx, workspaceId, options.targetUserId);
    if (!target) throw notFound('Member');
    const leaving = target.userId === actor.userId;
    if (!leaving && !roleAtLeast(actor.role, 'admin')) throw forbidden('This needs the admin role or higher');
    if (!leaving && target.role === 'owner' && actor.role !== 'owner') {
      throw forbidden('Only an owner can remove an owner');
    }
    if (target.personalWorkspaceId === workspaceId) {
      throw new AppError('conflict', 'Nobody can be removed from their own personal workspace');
    }
    if (target.role === 'owner' && (await countOwners(tx, workspaceId)) <= 1) {
      throw new AppError('conflict', 'The last owner cannot leave; make someone else owner first');
    }
    await tx
      .delete(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, target.userId)));
  });
  await options.accessChanged();
}
