import type { Db } from '../../db/client.js';
import { webhookEndpoints } from '../../db/schema.js';
import type { Sealer } from '../accounts/credentials.js';
import type { EventKind } from '../events/emit-event.js';
import { webhookColumns } from './list-webhooks.js';
import { newWebhookSecret } from './signature.js';
import { checkWebhookUrl, type WebhookUrlPolicy } from './webhook-url.js';

/**
 * Registers an endpoint for the workspace's events. Its signing secret is returned once and stored
 * only sealed.
 */
export async function createWebhook(options: {
  db: Db;
  sealer: Sealer;
  policy: WebhookUrlPolicy;
  workspaceId: string;
  userId: string | null;
  input: { url: string; events: EventKind[]; description?: string | undefined };
}) {
  const { input } = options;
  const url = checkWebhookUrl(input.url, options.policy);
  const secret = newWebhookSecret();
  const [created] = await options.db
    .insert(webhookEndpoints)
    .values({
      workspaceId: options.workspaceId,
      url,
      description: input.description ?? null,
      events: input.events,
      secret: options.sealer.seal(secret),
      createdBy: options.userId,
    })
    .returning(webhookColumns);
  if (!created) throw new Error('webhook not created');
  return { ...created, secret };
}
