import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { memberships, notifications, users, type Role } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { queueEmail } from '../email/queue-email.js';

export interface Notice {
  kind: string;
  title: string;
  body: string;
  /** What it is about, e.g. `{accountId}`: lets the dashboard link to it. */
  subject?: Record<string, string>;
}

/** Who hears about what: people who can act on it. */
export type Audience = { roles: Role[] } | { userIds: string[] };

/**
 * Tells the people who can act: one notification per recipient, in the caller's transaction, and —
 * when `email` is set, for what must not wait until someone opens Listcast — an email each, queued in
 * the same transaction so neither exists without the other.
 */
export async function notify(options: {
  tx: Executor;
  jobs: JobQueue;
  workspaceId: string;
  audience: Audience;
  notice: Notice;
  email?: boolean;
}) {
  const { tx, workspaceId, notice } = options;
  const who =
    'roles' in options.audience
      ? inArray(memberships.role, options.audience.roles)
      : inArray(memberships.userId, options.audience.userIds);
  const recipients = await tx
    .select({ userId: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), who));
  if (recipients.length === 0) return;
  await tx.insert(notifications).values(
    recipients.map((recipient) => ({
      workspaceId,
      userId: recipient.userId,
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      subject: notice.subject ?? {},
    })),
  );
  if (!options.email) return;
  for (const recipient of recipients) {
    await queueEmail({
      tx,
      jobs: options.jobs,
      workspaceId,
      email: { to: recipient.email, subject: `Listcast: ${notice.title}`, text: notice.body },
    });
  }
}
