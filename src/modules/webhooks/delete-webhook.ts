import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { webhookEndpoints } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

/** Removes an endpoint and its delivery log; deliveries still queued for it then do nothing. */
export async function deleteWebhook(options: { db: Db; workspaceId: string; id: string }) {
  const deleted = await options.db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, options.id), eq(webhookEndpoints.workspaceId, options.workspaceId)))
    .returning({ id: webhookEndpoints.id });
  if (deleted.length === 0) throw notFound('Webhook');
}
