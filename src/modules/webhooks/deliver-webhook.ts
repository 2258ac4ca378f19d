import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import {
  notifications,
  webhookDeliveries,
  webhookEndpoints,
  workspaceEvents,
  type DeliveryAttempt,
} from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { pinnedLookup, resolvePublicTarget } from '../../lib/public-address.js';
import type { Sealer } from '../accounts/credentials.js';
import { notify } from '../notifications/notify.js';
import { signatureHeader } from './signature.js';
import { checkWebhookUrl, type WebhookUrlPolicy } from './webhook-url.js';

export interface DeliveryDeps {
  db: Db;
  jobs: JobQueue;
  sealer: Sealer;
  policy: WebhookUrlPolicy;
  /** How long an endpoint has to answer. */
  timeoutMs: number;
}

/** Of an endpoint's answer, only the status matters; more than this of its body is not read. */
const MAX_ANSWER_BYTES = 65_536;

interface Outcome {
  status: number | null;
  error: string | null;
}

function post(url: URL, headers: Record<string, string>, body: string, deps: DeliveryDeps): Promise<Outcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs);
  const attempt = async (): Promise<Outcome> => {
    const target = await resolvePublicTarget(url, deps.policy);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      const request = transport.request(
        url,
        {
          method: 'POST',
          // A fresh connection to the checked address; redirects are never followed.
          agent: false,
          lookup: pinnedLookup(target),
          signal: controller.signal,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        resolve,
      );
      request.on('error', reject);
      request.end(body);
    });
    let read = 0;
    for await (const chunk of response) {
      read += (chunk as Buffer).length;
      if (read > MAX_ANSWER_BYTES) {
        response.destroy();
        break;
      }
    }
    const status = response.statusCode ?? 0;
    return { status, error: status >= 300 && status < 400 ? 'Redirects are not followed' : null };
  };
  return attempt()
    .catch((error: unknown): Outcome => {
      if (controller.signal.aborted) {
        return { status: null, error: `No answer within ${deps.timeoutMs / 1000} s` };
      }
      if (error instanceof AppError) return { status: null, error: error.message };
      return { status: null, error: `Could not connect: ${(error as Error).message}` };
    })
    .finally(() => clearTimeout(timer));
}

const appendAttempt = (attempt: DeliveryAttempt) =>
  sql`${webhookDeliveries.attempts} || ${JSON.stringify([attempt])}::jsonb`;

/** Records the attempt (and the new state) of a delivery still pending; false if it no longer was. */
async function record(
  tx: Executor,
  deliveryId: string,
  attempt: DeliveryAttempt,
  set: Partial<typeof webhookDeliveries.$inferInsert>,
) {
  const updated = await tx
    .update(webhookDeliveries)
    .set({ ...set, attempts: appendAttempt(attempt), updatedAt: new Date() })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending')))
    .returning({ id: webhookDeliveries.id });
  return updated.length > 0;
}

/**
 * Sends one delivery (the `webhooks.deliver` job): the event POSTed as JSON, signed with the endpoint's
 * secret, to the address its URL resolves to now if that is public. 2xx: delivered. 410 Gone: the
 * endpoint is switched off and its owners and admins told. Anything else: the attempt is logged and
 * this throws, so the job is retried with back-off. A delivery that is not pending any more (delivered,
 * failed, or its endpoint deleted) is not sent again.
 */
export async function deliverWebhook(deps: DeliveryDeps, deliveryId: string) {
  const { db } = deps;
  const [found] = await db
    .select({
      delivery: webhookDeliveries,
      endpoint: webhookEndpoints,
      event: {
        id: workspaceEvents.id,
        kind: workspaceEvents.kind,
        data: workspaceEvents.data,
        createdAt: workspaceEvents.createdAt,
      },
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(workspaceEvents, eq(workspaceEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!found || found.delivery.status !== 'pending') return;
  const { delivery, endpoint, event } = found;
  if (!endpoint.active) {
    await db
      .update(webhookDeliveries)
      .set({ status: 'failed', updatedAt: new Date() })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending')));
    return;
  }

  const body = JSON.stringify({
    id: event.id,
    kind: event.kind,
    createdAt: event.createdAt.toISOString(),
    workspaceId: delivery.workspaceId,
    data: event.data,
  });
  const started = Date.now();
  let outcome: Outcome;
  try {
    const url = new URL(checkWebhookUrl(endpoint.url, deps.policy));
    outcome = await post(
      url,
      {
        'content-type': 'application/json',
        'user-agent': 'Listcast-Webhooks/1',
        'listcast-event': event.kind,
        'listcast-delivery': delivery.id,
        'listcast-signature': signatureHeader(
          deps.sealer.open(endpoint.secret),
          body,
          Math.floor(started / 1000),
        ),
      },
      body,
      deps,
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    outcome = { status: null, error: error.message };
  }
  const attempt: DeliveryAttempt = {
    at: new Date(started).toISOString(),
    status: outcome.status,
    error: outcome.error,
    ms: Date.now() - started,
  };

  if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
    await record(db, deliveryId, attempt, { status: 'delivered', deliveredAt: new Date() });
    return;
  }
  if (outcome.status === 410) {
    await db.transaction(async (tx) => {
      if (!(await record(tx, deliveryId, attempt, { status: 'failed' }))) return;
      await tx
        .update(webhookEndpoints)
        .set({ active: false, updatedAt: new Date() })
        .where(eq(webhookEndpoints.id, endpoint.id));
      await notify({
        tx,
        jobs: deps.jobs,
        workspaceId: delivery.workspaceId,
        audience: { roles: ['owner', 'admin'] },
        notice: {
          kind: 'webhook.deactivated',
          title: 'A webhook was switched off',
          body: `${endpoint.url} answered 410 Gone, so Listcast stopped sending it events. Switch it on again if that was a mistake.`,
          subject: { webhookId: endpoint.id },
        },
      });
    });
    return;
  }
  await record(db, deliveryId, attempt, {});
  throw new Error(
    `webhook delivery ${deliveryId} to ${endpoint.url} failed: ${outcome.error ?? `HTTP ${outcome.status}`}`,
  );
}

/**
 * The last retry failed: the delivery is `failed` (it can be retried by hand), and the workspace's
 * owners and admins are told — once per endpoint until they have read it, however many events fail.
 */
export async function giveUpDelivery(deps: Pick<DeliveryDeps, 'db' | 'jobs'>, deliveryId: string) {
  await deps.db.transaction(async (tx) => {
    const [failed] = await tx
      .update(webhookDeliveries)
      .set({ status: 'failed', updatedAt: new Date() })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending')))
      .returning({
        workspaceId: webhookDeliveries.workspaceId,
        endpointId: webhookDeliveries.endpointId,
        kind: webhookDeliveries.kind,
        attempts: webhookDeliveries.attempts,
      });
    if (!failed) return;
    const [endpoint] = await tx
      .select({ url: webhookEndpoints.url })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, failed.endpointId));
    const [unread] = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(
        and(
          eq(notifications.workspaceId, failed.workspaceId),
          eq(notifications.kind, 'webhook.failed'),
          isNull(notifications.readAt),
          sql`${notifications.subject}->>'webhookId' = ${failed.endpointId}`,
        ),
      )
      .limit(1);
    if (!endpoint || unread) return;
    await notify({
      tx,
      jobs: deps.jobs,
      workspaceId: failed.workspaceId,
      audience: { roles: ['owner', 'admin'] },
      notice: {
        kind: 'webhook.failed',
        title: 'A webhook could not be delivered',
        body: `A ${failed.kind} event could not be delivered to ${endpoint.url} after ${failed.attempts.length} attempts. Check the endpoint, then retry it from the delivery log.`,
        subject: { webhookId: failed.endpointId, deliveryId },
      },
    });
  });
}
