import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or a transaction on it: what repository functions accept. */
export type Executor = Db | Tx;

/** Runs raw SQL with `$1`-style parameters; what pg-boss and the migrator need from a database. */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  executeSql: ExecuteSql;
  /** Runs `fn` while holding a cluster-wide advisory lock (a no-op on single-connection PGlite). */
  withLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /**
   * Tells every process sharing this database that something changed on `channel` (PostgreSQL NOTIFY).
   * A no-op on PGlite, which only ever has one process.
   */
  notify(channel: string): Promise<void>;
  /**
   * Calls `onMessage` with the payload when any process notifies `channel`; resolves to the unsubscribe
   * function. Called without a payload when notifications may have been missed: the listening connection
   * dropped, and again once it listens anew.
   */
  listen(channel: string, onMessage: (payload?: string) => void): Promise<() => Promise<void>>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function fromPglite(client: PGlite): Database {
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    // PGlite's `query` takes one statement; pg-boss sends parameter-less multi-statement scripts too.
    async executeSql(text, values) {
      if (values && values.length > 0) return client.query<Record<string, unknown>>(text, values);
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
    withLock: (_key, fn) => fn(),
    // In-process, delivered when the notifying transaction commits: there is only this process.
    notify: async (channel) => {
      await client.query('select pg_notify($1, $2)', [channel, '']);
    },
    listen: (channel, onMessage) => {
      if (!CHANNEL.test(channel)) throw new Error(`bad channel name ${channel}`);
      return client.listen(channel, (payload) => onMessage(payload)).then((unlisten) => () => unlisten());
    },
    ping: () =>
      client.query('select 1').then(
        () => true,
        () => false,
      ),
    close: () => client.close(),
  };
}

export function fromPostgres(options: {
  url: string;
  poolSize: number;
  onError: (error: Error) => void;
}): Database {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', options.onError);
  // Nor one checked out for a transaction (the pool listens only while a connection is idle): a client
  // without an 'error' listener throws it as an uncaught exception when the server goes away, e.g. on
  // a database restart. Its pending query fails with the same error and reports it; on release the pool
  // sees the connection is broken and drops it.
  pool.on('connect', (client) => client.on('error', ignoreError));
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  const listeners = new Set<() => Promise<void>>();
  return {
    kind: 'postgres',
    db,
    executeSql: (text, values) => pool.query(text, values),
    async withLock(key, fn) {
      const holder = await pool.connect();
      try {
        await holder.query('select pg_advisory_lock($1)', [key]);
        return await fn();
      } finally {
        await holder.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
        holder.release();
      }
    },
    notify: async (channel) => {
      await pool.query('select pg_notify($1, $2)', [channel, '']);
    },
    async listen(channel, onMessage) {
      const stop = await listenOn(options.url, channel, onMessage);
      const unsubscribe = async () => {
        listeners.delete(unsubscribe);
        await stop();
      };
      listeners.add(unsubscribe);
      return unsubscribe;
    },
    ping: () =>
      pool.query('select 1').then(
        () => true,
        () => false,
      ),
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}

const CHANNEL = /^[a-z_]+$/;
const ignoreError = () => undefined;

/** SQLSTATEs of a lost connection: class 08, and the server shutting down or not yet accepting. */
const CONNECTION_STATES = /^(08...|57P01|57P02|57P03)$/;
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** node-postgres's own errors for a dropped or impossible connection (they carry no code). */
const CONNECTION_MESSAGES =
  /^Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/i;

/**
 * True when `error` (or its cause, e.g. inside a drizzle query error) means the connection to the
 * database was lost or could not be made — a restart, a failover, a network cut — rather than that a
 * statement failed. Such errors pass: the pool connects again once the server is back.
 */
export function isConnectionError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_STATES.test(code) || SOCKET_CODES.has(code))) return true;
    if (CONNECTION_MESSAGES.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/** Waits before listening again after a lost connection: 1 s, doubling up to 30 s while it keeps failing. */
const RELISTEN_BASE_MS = 1000;
const RELISTEN_MAX_MS = 30_000;

/**
 * LISTEN on a connection of its own, outside the pool. If that connection drops, `onMessage` fires
 * without a payload (the listener may have missed something), listening resumes on a new connection
 * after a back-off, and `onMessage` fires once more when it does (what was sent in between is missed).
 */
async function listenOn(url: string, channel: string, onMessage: (payload?: string) => void) {
  if (!CHANNEL.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | null = null;
  let stopped = false;
  let failures = 0;
  const retry = (next: pg.Client) => {
    if (client === next) client = null;
    void next.end().catch(() => undefined);
    onMessage();
    failures += 1;
    const wait = Math.min(RELISTEN_BASE_MS * 2 ** (failures - 1), RELISTEN_MAX_MS);
    if (!stopped) setTimeout(() => void connect(), wait).unref();
  };
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: url });
    let failed = false;
    const fail = () => {
      if (failed) return;
      failed = true;
      retry(next);
    };
    next.on('notification', (message) => message.channel === channel && onMessage(message.payload));
    next.on('error', fail);
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
    } catch {
      fail();
      return;
    }
    if (failed) return;
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    if (failures > 0) onMessage();
    failures = 0;
  };
  await connect();
  return async () => {
    stopped = true;
    const current = client;
    client = null;
    await current?.end().catch(() => undefined);
  };
}

/** PGlite in `DATA_DIR/pglite` when no URL is given, PostgreSQL through a node-postgres pool otherwise. */
export async function openDatabase(options: {
  url?: string | undefined;
  dataDir: string;
  poolSize: number;
  onError: (error: Error) => void;
}) {
  if (options.url) {
    return fromPostgres({ url: options.url, poolSize: options.poolSize, onError: options.onError });
  }
  const dir = join(options.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  // PGlite's default 128 MB buffer cache is sized for a server; 32 MB keeps the embedded process near
  // 300 MB resident and still holds a small agency's whole data set. (This option replaces PGlite's
  // postgresql.conf, so the time zone is restated.)
  return fromPglite(
    await PGlite.create(dir, { postgresqlconf: ["shared_buffers = '32MB'", "timezone = 'UTC'"] }),
  );
}
