import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { webhookEndpoints } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { EventKind } from '../events/emit-event.js';
import { webhookColumns } from './list-webhooks.js';
import { checkWebhookUrl, type WebhookUrlPolicy } from './webhook-url.js';

/** Changes an endpoint's URL, events, description, or switches it on or off. */
export async function updateWebhook(options: {
  db: Db;
  policy: WebhookUrlPolicy;
  workspaceId: string;
  id: string;
  patch: {
    url?: string | undefined;
    events?: EventKind[] | undefined;
    description?: string | null | undefined;
    active?: boolean | undefined;
  };
}) {
  const { patch } = options;
  const [updated] = await options.db
    .update(webhookEndpoints)
    .set({
      ...(patch.url === undefined ? {} : { url: checkWebhookUrl(patch.url, options.policy) }),
      ...(patch.events === undefined ? {} : { events: patch.events }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      ...(patch.active === undefined ? {} : { active: patch.active }),
      updatedAt: new Date(),
    })
    .where(and(eq(webhookEndpoints.id, options.id), eq(webhookEndpoints.workspaceId, options.workspaceId)))
    .returning(webhookColumns);
  if (!updated) throw notFound('Webhook');
  return updated;
}
