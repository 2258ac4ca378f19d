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

/** What the events statement answers per event: its id (int8, as text) and the endpoints (json). */
interface Row {
  id: string;
  workspace_id: string;
  kind: string;
  endpoints: string[] | string;
}

/** Every process's event hub listens here; the payload is `{"workspaceId": …, "id": …}`. */
export const EVENTS_CHANNEL = 'listcast_events';

export interface WorkspaceEvent {
  workspaceId: string;
  kind: EventKind;
  data: Record<string, unknown>;
}

/**
 * Records workspace events in the caller's transaction, so each exists exactly when the change it
 * describes does: the row, a notification that open event streams pick up on commit (every process,
 * PostgreSQL or PGlite), and a webhook delivery with its job for each active endpoint that takes its
 * kind. Called on every publish and every inbox message, so the common case — no endpoints — is one
 * statement for any number of events. `onlyEndpointId` sends them to that endpoint alone, whatever it
 * subscribed to (a test ping). Returns the new ids, in no particular order.
 */
export async function emitEvents(options: {
  tx: Executor;
  jobs: JobQueue;
  events: WorkspaceEvent[];
  onlyEndpointId?: string;
}): Promise<number[]> {
  const { tx, events } = options;
  if (events.length === 0) return [];
  const endpoints = options.onlyEndpointId
    ? sql`e.id = ${options.onlyEndpointId}`
    : sql`(e.events = '[]'::jsonb or e.events @> jsonb_build_array(event.kind))`;
  const input = events.map((event, order) => ({
    order,
    workspace_id: event.workspaceId,
    kind: event.kind,
    data: event.data,
  }));
  // One round trip: the inserts, the notifications (sent at commit) and the endpoints to deliver to.
  const result = await tx.execute(sql`
    with event as (
      insert into workspace_events (workspace_id, kind, data)
      select v.workspace_id, v.kind, v.data
      from jsonb_to_recordset(${JSON.stringify(input)}::jsonb)
        as v("order" int, workspace_id uuid, kind text, data jsonb)
      order by v."order"
      returning id, workspace_id, kind
    )
    select event.id::text as id, event.workspace_id, event.kind,
      pg_notify(${EVENTS_CHANNEL}, json_build_object('workspaceId', event.workspace_id::text, 'id', event.id)::text)::text as notified,
      coalesce(
        (select json_agg(e.id) from webhook_endpoints e
          where e.workspace_id = event.workspace_id and e.active and ${endpoints}),
        '[]'::json
      ) as endpoints
    from event
  `);
  // node-postgres and PGlite both answer with `{ rows }`.
  const { rows } = result as { rows: Row[] };
  if (rows.length !== events.length) throw new Error('workspace events not recorded');
  for (const row of rows) {
    const endpointIds =
      typeof row.endpoints === 'string' ? (JSON.parse(row.endpoints) as string[]) : row.endpoints;
    if (endpointIds.length === 0) continue;
    await queueDeliveries({
      tx,
      jobs: options.jobs,
      workspaceId: row.workspace_id,
      eventId: Number(row.id),
      kind: row.kind,
      endpointIds,
    });
  }
  return rows.map((row) => Number(row.id));
}

/** Records one workspace event (see emitEvents); returns its id. */
export async function emitEvent(options: {
  tx: Executor;
  jobs: JobQueue;
  workspaceId: string;
  kind: EventKind;
  data: Record<string, unknown>;
  onlyEndpointId?: string;
}): Promise<number> {
  const { tx, jobs, onlyEndpointId, ...event } = options;
  const [id] = await emitEvents({ tx, jobs, events: [event], ...(onlyEndpointId ? { onlyEndpointId } : {}) });
  return id!;
}
