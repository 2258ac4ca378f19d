import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { fromPglite, fromPostgres, type Database } from '../../src/db/client.js';

/**
 * Test databases. The global setup migrates one template (a PGlite data-dir dump, or a PostgreSQL
 * template database when TEST_DATABASE_URL is set); each test file gets its own copy of it.
 */
export const templateDump = join(import.meta.dirname, '..', '..', 'test-output', 'pglite-template.tar');
export const TEMPLATE_DB = 'listcast_test_template';

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

// `drop database … with (force)` ends connections the pool may still be closing.
const ignore = () => undefined;

export async function openTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dump = await readFile(templateDump);
    const client = await PGlite.create({ loadDataDir: new Blob([dump]) });
    const database = fromPglite(client);
    return { ...database, drop: () => database.close() };
  }
  const name = `listcast_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
  await admin.end();
  const database = fromPostgres({ url: withDatabase(url, name), poolSize: 5, onError: ignore });
  return {
    ...database,
    async drop() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
