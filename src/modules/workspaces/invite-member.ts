import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { invitations, memberships, users, type Role } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { hashToken, randomToken } from '../../lib/crypto.js';
import { AppError, forbidden } from '../../lib/errors.js';
import { addDays } from '../../lib/time.js';
import { queueEmail } from '../email/queue-email.js';
import { lockWorkspace } from './actor.js';

export const INVITATION_TTL_DAYS = 7;

/** Header-safe: names are free text, and a line break must never reach an email header. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Invites an email address with a role. The token is handed out once (link and email) and stored only
 * as its hash. Re-inviting an address revokes its pending invitation; the email is queued in the same
 * transaction as the invitation, so neither exists without the other.
 */
export async function inviteMember(options: {
  db: Db;
  jobs: JobQueue;
  publicUrl: string;
  /** False when no SMTP server is set: the email is still recorded, and the inviter shares the link. */
  emailConfigured: boolean;
  workspaceId: string;
  actor: { userId: string; role: Role };
  input: { email: string; role: Role };
}) {
  const { workspaceId, actor, input } = options;
  if (input.role === 'owner' && actor.role !== 'owner') throw forbidden('Only an owner can invite an owner');

  const token = randomToken();
  const acceptUrl = `${options.publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`;
  const expiresAt = addDays(new Date(), INVITATION_TTL_DAYS);

  return options.db.transaction(async (tx) => {
    const workspace = await lockWorkspace(tx, workspaceId);
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, workspaceId), sql`lower(${users.email}) = ${input.email}`))
      .limit(1);
    if (member) throw new AppError('conflict', `${input.email} is already a member of this workspace`);

    const [inviter] = await tx
      .select({ name: users.name, email: users.email })
      .from(users)
      .where(eq(users.id, actor.userId));
    if (!inviter) throw new Error('inviter not found');

    await tx
      .update(invitations)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(invitations.workspaceId, workspaceId),
          eq(invitations.email, input.email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const [invitation] = await tx
      .insert(invitations)
      .values({
        workspaceId,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedBy: actor.userId,
        expiresAt,
      })
      .returning({ id: invitations.id, expiresAt: invitations.expiresAt });
    if (!invitation) throw new Error('invitation not created');

    await queueEmail({
      tx,
      jobs: options.jobs,
      workspaceId,
      email: {
        to: input.email,
        subject: oneLine(`${inviter.name} invited you to ${workspace.name} on Listcast`),
        text: [
          `${oneLine(inviter.name)} (${inviter.email}) invited you to join "${oneLine(workspace.name)}" on Listcast as ${input.role}.`,
          '',
          `Accept the invitation: ${acceptUrl}`,
          '',
          `The link works once, only for ${input.email}, until ${expiresAt.toUTCString()}.`,
          'Sign up or sign in with this address, then open the link. If you did not expect it, ignore this email.',
        ].join('\n'),
      },
    });

    return {
      id: invitation.id,
      email: input.email,
      role: input.role,
      expiresAt: invitation.expiresAt,
      acceptUrl,
      delivery: options.emailConfigured ? ('email' as const) : ('link_only' as const),
    };
  });
}
