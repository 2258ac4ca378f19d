import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { webhookDeliveries, webhookEndpoints } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError, notFound } from '../../lib/errors.js';
import { deliveryColumns } from './list-deliveries.js';
import { DELIVER_WEBHOOK_JOB } from './queue-deliveries.js';

/**
 * Sends a failed delivery again, with a fresh round of retries. One that is delivered, or still being
 * tried, is refused (409): an event reaches an endpoint once. So is one whose webhook is switched off.
 */
export async function retryDelivery(options: { db: Db; jobs: JobQueue; workspaceId: string; id: string }) {
  const { db, workspaceId, id } = options;
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ status: webhookDeliveries.status, active: webhookEndpoints.active })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.workspaceId, workspaceId)))
      .for('update', { of: webhookDeliveries });
    if (!found) throw notFound('Delivery');
    if (!found.active) {
      throw new AppError('conflict', 'Its webhook is switched off; set `active` to true, then retry');
    }
    if (found.status !== 'failed') {
      throw new AppError(
        'conflict',
        found.status === 'delivered'
          ? 'This delivery was delivered already'
          : 'This delivery is still being tried; its next attempt is queued',
      );
    }
    const [pending] = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', updatedAt: new Date() })
      .where(eq(webhookDeliveries.id, id))
      .returning(deliveryColumns);
    await options.jobs.enqueue(DELIVER_WEBHOOK_JOB, { deliveryId: id }, { tx });
    return pending!;
  });
}
