/**
 * Load benchmark: authenticated `GET /api/v1/listings?limit=20` over 1,000 listings, 50 connections for
 * 10 s, on PGlite and on PostgreSQL, beside a bare Fastify route as the ceiling. Also cold start to
 * /ready on an existing data dir, and idle RSS. Usage: `npm run bench` (BENCH_DATABASE_URL to choose the
 * PostgreSQL server; default postgres://postgres@127.0.0.1:5432/postgres). Results: bench/README.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { setTimeout as delay } from 'node:timers/promises';
import { coldStartToReady, load, post, startServer, stopServer, treeRssMb } from './lib.js';

const LISTINGS = 1000;
const baseEnv = { RATE_LIMIT_PER_MINUTE: '100000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' };

async function seed(url: string) {
  const session = await post(`${url}/api/v1/auth/register`, {
    email: `bench-${Date.now()}@example.com`,
    password: 'benchmark password',
    name: 'Bench Agent',
  });
  const token = String(session.accessToken);
  for (let batch = 0; batch < LISTINGS / 20; batch++) {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(
          `${url}/api/v1/listings`,
          {
            address: {
              street: `${batch * 20 + i} Harbor Lane`,
              city: 'Portland',
              state: 'ME',
              postalCode: '04101',
            },
            price: 400_000 + (batch * 20 + i) * 1000,
            beds: 3,
            baths: 2.5,
            interiorSqft: 1850,
            propertyType: 'single_family',
            features: ['deck', 'two-car garage', 'renovated kitchen'],
            description: 'Bright colonial near the harbor with a renovated kitchen and a deep back yard.',
            photos: ['https://example.com/photo-1.jpg'],
          },
          token,
        ),
      ),
    );
  }
  return token;
}

/**
 * The same load twice on one seeded database: as shipped (repeated pages answered from memory), then
 * with the page cache off (LISTING_PAGE_CACHE_ENTRIES=0: every request runs the page query).
 */
async function benchListcast(label: string, env: Record<string, string>) {
  const url = (server: { url: string }) => `${server.url}/api/v1/listings?limit=20`;
  const cached = await startServer('src/main.ts', { ...baseEnv, ...env });
  const headers = { authorization: `Bearer ${await seed(cached.url)}` };
  console.log(label, JSON.stringify(await load(url(cached), headers)));
  await stopServer(cached);
  const uncached = await startServer('src/main.ts', { ...baseEnv, ...env, LISTING_PAGE_CACHE_ENTRIES: '0' });
  console.log(`${label} (page cache off)`, JSON.stringify(await load(url(uncached), headers)));
  await stopServer(uncached);
}

const only = process.env.BENCH_ONLY; // 'bare' | 'pglite' | 'postgres' to run one part

async function main() {
  if (!only || only === 'bare') await benchBare();
  if (!only || only === 'pglite') await benchPglite();
  if (!only || only === 'postgres') await benchPostgres();
}

async function benchBare() {
  const bare = await startServer('bench/bare-server.ts', {});
  const ceiling = await load(`${bare.url}/api/v1/listings`);
  await stopServer(bare);
  console.log('bare fastify', JSON.stringify(ceiling));
}

async function benchPglite() {
  const dataDir = await mkdtemp(join(tmpdir(), 'listcast-bench-'));
  try {
    await benchListcast('pglite', { DATA_DIR: dataDir });
    const cold = await coldStartToReady({ ...baseEnv, DATA_DIR: dataDir });
    console.log('npm start → /ready on an existing PGlite data dir', Math.round(cold.ms), 'ms');
    // Idle: after start-up work has finished and the heap has settled.
    await delay(15_000);
    const idle = await treeRssMb(cold.server.child.pid!);
    console.log('idle RSS of npm start (whole process tree)', idle.total, 'MB:', idle.processes.join(', '));
    await stopServer(cold.server);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres() {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists listcast_bench with (force)');
  await admin.query('create database listcast_bench');
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: '/listcast_bench' }).toString();
  const pgDir = await mkdtemp(join(tmpdir(), 'listcast-bench-pg-'));
  try {
    await benchListcast('postgres', { DATA_DIR: pgDir, DATABASE_URL: databaseUrl });
  } finally {
    await admin.query('drop database if exists listcast_bench with (force)');
    await admin.end();
    await rm(pgDir, { recursive: true, force: true });
  }
}

await main();
