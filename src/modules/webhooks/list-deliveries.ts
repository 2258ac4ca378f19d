import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { webhookDeliveries } from '../../db/schema.js';
import { getWebhook } from './list-webhooks.js';

export const deliveryColumns = {
  id: webhookDeliveries.id,
  webhookId: webhookDeliveries.endpointId,
  eventId: webhookDeliveries.eventId,
  kind: webhookDeliveries.kind,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  deliveredAt: webhookDeliveries.deliveredAt,
  createdAt: webhookDeliveries.createdAt,
};

/** An endpoint's delivery log, newest first, with every attempt. */
export async function listDeliveries(options: {
  db: Executor;
  workspaceId: string;
  webhookId: string;
  limit: number;
}) {
  const { db, workspaceId, webhookId } = options;
  await getWebhook({ db, workspaceId, id: webhookId });
  const items = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, webhookId), eq(webhookDeliveries.workspaceId, workspaceId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.eventId))
    .limit(options.limit);
  return { items };
}
