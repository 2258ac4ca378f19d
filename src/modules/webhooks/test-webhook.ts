import type { Db } from '../../db/client.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { emitEvent } from '../events/emit-event.js';
import { getWebhook } from './list-webhooks.js';

/**
 * Sends a `webhook.test` event to this endpoint alone (whatever it subscribed to), through the same
 * delivery as real events: its result shows in the delivery log.
 */
export async function testWebhook(options: {
  db: Db;
  jobs: JobQueue;
  workspaceId: string;
  id: string;
  userId: string | null;
}) {
  const { db, workspaceId, id } = options;
  return db.transaction(async (tx) => {
    const endpoint = await getWebhook({ db: tx, workspaceId, id });
    if (!endpoint.active) {
      throw new AppError('conflict', 'This webhook is switched off; set `active` to true to test it');
    }
    const eventId = await emitEvent({
      tx,
      jobs: options.jobs,
      workspaceId,
      kind: 'webhook.test',
      data: { webhookId: id, requestedBy: options.userId },
      onlyEndpointId: id,
    });
    return { eventId };
  });
}
