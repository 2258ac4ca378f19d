import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { webhookEndpoints } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

/** What may be shown about an endpoint: never its secret. */
export const webhookColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  events: webhookEndpoints.events,
  active: webhookEndpoints.active,
  createdBy: webhookEndpoints.createdBy,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
};

/** The workspace's webhook endpoints, newest first. */
export async function listWebhooks(options: { db: Executor; workspaceId: string }) {
  const items = await options.db
    .select(webhookColumns)
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, options.workspaceId))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
  return { items };
}

/** One endpoint of the workspace (404 for another workspace's). */
export async function getWebhook(options: { db: Executor; workspaceId: string; id: string }) {
  const [found] = await options.db
    .select(webhookColumns)
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, options.id), eq(webhookEndpoints.workspaceId, options.workspaceId)));
  if (!found) throw notFound('Webhook');
  return found;
}
