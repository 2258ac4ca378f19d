import { z } from 'zod';

export const notificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.string().describe('e.g. `account.needs_reconnect`, `post.failed`'),
    title: z.string(),
    body: z.string(),
    subject: z.record(z.string(), z.string()).describe('What it is about, e.g. `{accountId}`'),
    readAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'Notification' });

export const notificationQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .describe('`true`: only unread ones')
    .transform((value) => value === 'true'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const notificationList = z.object({
  items: z.array(notificationSchema),
  unreadCount: z.number().int(),
});

export const notificationIdParams = z.object({ id: z.uuid() });
