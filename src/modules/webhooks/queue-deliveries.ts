import type { Executor } from '../../db/client.js';
import { webhookDeliveries } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';

/** The job that sends one delivery (see deliver-webhook.job.ts). */
export const DELIVER_WEBHOOK_JOB = 'webhooks.deliver';

/** A delivery of one event to each endpoint, and a job for each, in the caller's transaction. */
export async function queueDeliveries(options: {
  tx: Executor;
  jobs: JobQueue;
  workspaceId: string;
  eventId: number;
  kind: string;
  endpointIds: string[];
}) {
  const { tx, workspaceId, eventId, kind } = options;
  const created = await tx
    .insert(webhookDeliveries)
    .values(options.endpointIds.map((endpointId) => ({ workspaceId, endpointId, eventId, kind })))
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  for (const delivery of created) {
    await options.jobs.enqueue(DELIVER_WEBHOOK_JOB, { deliveryId: delivery.id }, { tx });
  }
}
