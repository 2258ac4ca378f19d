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
    ping: () =>
      client.query('select 1').then(
        () => true,
        () => false,
      ),
    close: () => client.close(),
  };
}

export function fromPool(pool: pg.Pool, onError: (error: Error) => void): Database {
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', onError);
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
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
    ping: () =>
      pool.query('select 1').then(
        () => true,
        () => false,
      ),
    close: () => pool.end(),
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
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize });
    return fromPool(pool, options.onError);
  }
  const dir = join(options.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  return fromPglite(await PGlite.create(dir));
}
