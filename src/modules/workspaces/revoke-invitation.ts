import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { invitations } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

/** Revokes a pending invitation; its link stops working. Accepted or revoked ones answer 404. */
export async function revokeInvitation(options: { db: Db; workspaceId: string; invitationId: string }) {
  const revoked = await options.db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(invitations.id, options.invitationId),
        eq(invitations.workspaceId, options.workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id });
  if (revoked.length === 0) throw notFound('Invitation');
}
