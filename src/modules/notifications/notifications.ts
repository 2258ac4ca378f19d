import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { notifications } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

const mine = (userId: string, workspaceId: string) =>
  and(eq(notifications.userId, userId), eq(notifications.workspaceId, workspaceId));

/** The signed-in member's notifications in this workspace, newest first, with how many are unread. */
export async function listNotifications(options: {
  db: Db;
  userId: string;
  workspaceId: string;
  unread: boolean;
  limit: number;
}) {
  const { db, userId, workspaceId } = options;
  const [items, [unread]] = await Promise.all([
    db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        title: notifications.title,
        body: notifications.body,
        subject: notifications.subject,
        readAt: notifications.readAt,
        createdAt: notifications.createdAt,
      })
      .from(notifications)
      .where(and(mine(userId, workspaceId), options.unread ? isNull(notifications.readAt) : undefined))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(options.limit),
    db
      .select({ value: count() })
      .from(notifications)
      .where(and(mine(userId, workspaceId), isNull(notifications.readAt))),
  ]);
  return { items, unreadCount: unread?.value ?? 0 };
}

/** Marks one notification read (`id`), or all of them. Reading twice keeps the first time. */
export async function markRead(options: { db: Db; userId: string; workspaceId: string; id?: string }) {
  const { db, userId, workspaceId, id } = options;
  const updated = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(mine(userId, workspaceId), isNull(notifications.readAt), id ? eq(notifications.id, id) : undefined),
    )
    .returning({ id: notifications.id });
  if (id && updated.length === 0) {
    const [exists] = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(mine(userId, workspaceId), eq(notifications.id, id)));
    if (!exists) throw notFound('Notification');
  }
}
