import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { JobQueue } from '../../jobs/queue.js';
import { queueDeliveries } from '../webhooks/queue-deliveries.js';

/** What happens in a workspace that integrations hear about: its event stream and its webhooks. */
export const eventKinds = [
  'post.published',
  'post.failed',
  'post.needs_attention',
  'approval.requested',
  'approval.decided',
  'lead.created',
  'lead.hot',
  'inbox.message',
  'inbox.escalated',
  'webhook.test',
] as const;

export type EventKind = (typeof eventKinds)[number];

/** What emitEvent's statement answers: the event id (int8, as text) and the endpoints (json). */
interface Row {
  id: string;
  endpoints: string[] | string;
}

/** Every process's event hub listens here; the payload is `{"workspaceId": …, "id": …}`. */
export const EVENTS_CHANNEL = 'listcast_events';

/**
 * Records a workspace event in the caller's transaction, so it exists exactly when the change it
 * describes does: the row, a notification that open event streams pick up on commit (every process,
 * PostgreSQL or PGlite), and a webhook delivery with its job for each active endpoint that takes this
 * kind. Called on every publish and every inbox message, so the common case — no endpoints — is one
 * statement. `onlyEndpointId` sends it to that endpoint alone, whatever it subscribed to (a test ping).
 * Returns the event id.
 */
export async function emitEvent(options: {
  tx: Executor;
  jobs: JobQueue;
  workspaceId: string;
  kind: EventKind;
  data: Record<string, unknown>;
  onlyEndpointId?: string;
}): Promise<number> {
  const { tx, workspaceId, kind } = options;
  const endpoints = options.onlyEndpointId
    ? sql`e.id = ${options.onlyEndpointId}`
    : sql`(e.events = '[]'::jsonb or e.events @> ${JSON.stringify([kind])}::jsonb)`;
  // One round trip: the insert, the notification (sent at commit) and the endpoints to deliver to.
  const result = await tx.execute(sql`
    with event as (
      insert into workspace_events (workspace_id, kind, data)
      values (${workspaceId}, ${kind}, ${JSON.stringify(options.data)}::jsonb)
      returning id
    )
    select event.id::text as id,
      pg_notify(${EVENTS_CHANNEL}, json_build_object('workspaceId', ${workspaceId}::text, 'id', event.id)::text)::text as notified,
      coalesce(
        (select json_agg(e.id) from webhook_endpoints e
          where e.workspace_id = ${workspaceId} and e.active and ${endpoints}),
        '[]'::json
      ) as endpoints
    from event
  `);
  // node-postgres and PGlite both answer with `{ rows }`.
  const [row] = (result as { rows: Row[] }).rows;
  if (!row) throw new Error('workspace event not recorded');
  const id = Number(row.id);
  const endpointIds =
    typeof row.endpoints === 'string' ? (JSON.parse(row.endpoints) as string[]) : row.endpoints;
  if (endpointIds.length > 0) {
    await queueDeliveries({ tx, jobs: options.jobs, workspaceId, eventId: id, kind, endpointIds });
  }
  return id;
}
