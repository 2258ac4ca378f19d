import { z } from 'zod';
import type { JobContext } from '../../jobs/context.js';
import { defineJob } from '../../jobs/queue.js';
import { deliverWebhook, giveUpDelivery, type DeliveryDeps } from './deliver-webhook.js';
import { DELIVER_WEBHOOK_JOB } from './queue-deliveries.js';

/** How long an endpoint has to answer a delivery. */
const DELIVERY_TIMEOUT_MS = 10_000;

const depsOf = (ctx: JobContext): DeliveryDeps => ({
  db: ctx.db,
  jobs: ctx.jobs,
  sealer: ctx.webhookSealer,
  policy: { allowLoopback: ctx.config.WEBHOOK_ALLOW_LOOPBACK },
  timeoutMs: DELIVERY_TIMEOUT_MS,
});

/**
 * Sends one webhook delivery (see deliver-webhook.ts). A failed attempt throws and the job is retried
 * eight times, the wait doubling (with jitter) from WEBHOOK_RETRY_BASE_SECONDS — at 30 s, some three
 * hours in all; then the delivery is marked failed and owners and admins are told.
 */
export const deliverWebhookJob = defineJob({
  name: DELIVER_WEBHOOK_JOB,
  payload: z.object({ deliveryId: z.uuid() }),
  retryLimit: 8,
  retryDelaySeconds: (config) => config.WEBHOOK_RETRY_BASE_SECONDS,
  expireInSeconds: 60,
  concurrency: 20,
  workers: 2,
  async handle(payload, ctx: JobContext) {
    await deliverWebhook(depsOf(ctx), payload.deliveryId);
  },
  async onGiveUp(payload, ctx: JobContext) {
    await giveUpDelivery(depsOf(ctx), payload.deliveryId);
  },
});
