import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pino } from 'pino';
import { fromPglite, fromPostgres, type Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { createMetrics } from '../../src/http/metrics.js';
import { jobDefinitions } from '../../src/jobs/definitions.js';
import { createJobQueue } from '../../src/jobs/queue.js';
import { TEMPLATE_DB, templateDump, withDatabase } from './database.js';

/** Prepares a migrated database (schema + job queues) once; test files copy it instead of migrating. */
async function prepare(database: Database) {
  await runMigrations(database);
  const jobs = await createJobQueue({
    database,
    logger: pino({ level: 'silent' }),
    metrics: createMetrics(),
    definitions: jobDefinitions,
    runMaintenance: false,
  });
  await jobs.stop();
}

export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const client = await PGlite.create();
    await prepare(fromPglite(client));
    const dump = await client.dumpDataDir('none');
    await mkdir(dirname(templateDump), { recursive: true });
    await writeFile(templateDump, Buffer.from(await dump.arrayBuffer()));
    await client.close();
    return;
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  const database = fromPostgres({ url: withDatabase(url, TEMPLATE_DB), poolSize: 2, onError: console.error });
  await prepare(database);
  await database.close();
  await admin.end();
}
