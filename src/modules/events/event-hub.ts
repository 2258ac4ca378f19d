import { and, desc, eq, gt, inArray, max } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { workspaceEvents } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { EVENTS_CHANNEL } from './emit-event.js';

export interface WorkspaceEvent {
  id: number;
  workspaceId: string;
  kind: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** How many missed events a stream that resumes (`Last-Event-ID`) is sent: the newest ones. */
export const REPLAY_LIMIT = 500;
/** How many events per workspace are read back after the listening connection was lost. */
const CATCH_UP_LIMIT = 500;
/** Ids a stream remembers having sent, so an event reaching it twice (replay, catch-up) is sent once. */
const REMEMBERED_IDS = 256;
/** Before reading events again after a failed read. */
const READ_RETRY_MS = 1000;

interface Subscriber {
  workspaceId: string;
  send: (event: WorkspaceEvent) => void;
  end: () => void;
  /** The highest id sent; after a lost connection, what is newer is read back. */
  lastId: number;
  sent: Set<number>;
  /** Live events held while the replay is read; null once the replay was sent. */
  held: WorkspaceEvent[] | null;
}

export interface EventHub {
  /** Starts listening (once per process, at app start). */
  start(): Promise<void>;
  /**
   * Sends the workspace's events to `send` as they are committed, from any process, after those newer
   * than `after` (the newest REPLAY_LIMIT of them) when given. `end` is called when the hub closes.
   * Resolves to the unsubscribe function once the replay was sent.
   */
  subscribe(options: {
    workspaceId: string;
    after: number | null;
    send: (event: WorkspaceEvent) => void;
    end: () => void;
  }): Promise<() => void>;
  /** Ends every subscription and stops listening. */
  close(): Promise<void>;
}

const columns = {
  id: workspaceEvents.id,
  workspaceId: workspaceEvents.workspaceId,
  kind: workspaceEvents.kind,
  data: workspaceEvents.data,
  createdAt: workspaceEvents.createdAt,
};

/**
 * One listener per process for every open event stream. A notification names a committed event; those
 * of workspaces with an open stream are read in one query per batch of notifications and fanned out.
 * Notifications of other workspaces cost nothing. When the listening connection is lost (a database
 * restart) and listens again, each stream is sent what is newer than the last event it got.
 */
export function createEventHub(deps: { database: Database; logger?: Pick<Logger, 'warn'> | undefined }) {
  const { db } = deps.database;
  const streams = new Map<string, Set<Subscriber>>();
  /** The highest event id this process knows of: where a new stream's catching up would start. */
  let highWater = 0;
  const pending = new Set<number>();
  let catchUp = false;
  let draining = false;
  let closed = false;
  let stopListening: (() => Promise<void>) | null = null;

  const deliver = (subscriber: Subscriber, event: WorkspaceEvent) => {
    if (subscriber.sent.has(event.id)) return;
    if (subscriber.held) {
      subscriber.held.push(event);
      return;
    }
    subscriber.sent.add(event.id);
    if (subscriber.sent.size > REMEMBERED_IDS) {
      subscriber.sent.delete(subscriber.sent.values().next().value as number);
    }
    subscriber.lastId = Math.max(subscriber.lastId, event.id);
    subscriber.send(event);
  };

  const fanOut = (events: WorkspaceEvent[], onlyNewer: boolean) => {
    for (const event of events) {
      highWater = Math.max(highWater, event.id);
      for (const subscriber of streams.get(event.workspaceId) ?? []) {
        if (!onlyNewer || event.id > subscriber.lastId) deliver(subscriber, event);
      }
    }
  };

  /** Each workspace's events newer than the oldest position among its streams. */
  const readMissed = async () => {
    for (const [workspaceId, subscribers] of streams) {
      const from = Math.min(...[...subscribers].map((subscriber) => subscriber.lastId));
      const events = await db
        .select(columns)
        .from(workspaceEvents)
        .where(and(eq(workspaceEvents.workspaceId, workspaceId), gt(workspaceEvents.id, from)))
        .orderBy(workspaceEvents.id)
        .limit(CATCH_UP_LIMIT);
      fanOut(events, true);
    }
  };

  /** Reads what notifications announced (and, after a gap, what may have been missed) until none is left. */
  const drain = async () => {
    if (draining || closed) return;
    draining = true;
    try {
      while (!closed && (pending.size > 0 || catchUp)) {
        const ids = [...pending];
        pending.clear();
        const missed = catchUp;
        catchUp = false;
        try {
          if (ids.length > 0) {
            const events = await db
              .select(columns)
              .from(workspaceEvents)
              .where(inArray(workspaceEvents.id, ids))
              .orderBy(workspaceEvents.id);
            fanOut(events, false);
          }
          if (missed) await readMissed();
        } catch (error) {
          // The database is unreachable: read back what streams missed once it answers again.
          deps.logger?.warn({ err: error }, 'event streams could not read new events; retrying');
          catchUp = true;
          setTimeout(() => void drain(), READ_RETRY_MS).unref();
          return;
        }
      }
    } finally {
      draining = false;
    }
  };

  const onNotification = (payload?: string) => {
    if (closed) return;
    if (payload === undefined) {
      // The listening connection dropped, or listens again: something may have been missed.
      catchUp = true;
    } else {
      let announced: { workspaceId?: unknown; id?: unknown };
      try {
        announced = JSON.parse(payload) as typeof announced;
      } catch {
        return;
      }
      if (typeof announced.id !== 'number' || typeof announced.workspaceId !== 'string') return;
      highWater = Math.max(highWater, announced.id);
      if (!streams.has(announced.workspaceId)) return;
      pending.add(announced.id);
    }
    setImmediate(() => void drain());
  };

  const hub: EventHub = {
    async start() {
      stopListening = await deps.database.listen(EVENTS_CHANNEL, onNotification);
      const [newest] = await db.select({ id: max(workspaceEvents.id) }).from(workspaceEvents);
      highWater = Math.max(highWater, Number(newest?.id ?? 0));
    },

    async subscribe(options) {
      if (closed) throw new AppError('unavailable', 'The server is shutting down; connect again');
      const subscriber: Subscriber = {
        workspaceId: options.workspaceId,
        send: options.send,
        end: options.end,
        lastId: options.after ?? highWater,
        sent: new Set(),
        held: options.after === null ? null : [],
      };
      let set = streams.get(options.workspaceId);
      if (!set) streams.set(options.workspaceId, (set = new Set()));
      set.add(subscriber);
      const unsubscribe = () => {
        const current = streams.get(options.workspaceId);
        current?.delete(subscriber);
        if (current?.size === 0) streams.delete(options.workspaceId);
      };
      if (options.after === null) return unsubscribe;
      try {
        // Registered first, then read: an event committed meanwhile is held, and sent once, after these.
        const missed = await db
          .select(columns)
          .from(workspaceEvents)
          .where(
            and(eq(workspaceEvents.workspaceId, options.workspaceId), gt(workspaceEvents.id, options.after)),
          )
          .orderBy(desc(workspaceEvents.id))
          .limit(REPLAY_LIMIT);
        const held = subscriber.held ?? [];
        subscriber.held = null;
        for (const event of missed.reverse()) deliver(subscriber, event);
        for (const event of held) deliver(subscriber, event);
      } catch (error) {
        unsubscribe();
        throw error;
      }
      return unsubscribe;
    },

    async close() {
      closed = true;
      for (const subscribers of streams.values()) for (const subscriber of subscribers) subscriber.end();
      streams.clear();
      await stopListening?.();
      stopListening = null;
    },
  };
  return hub;
}
