/**
 * "Start marketing" end to end, on the built-in copywriter, through the real server:
 *
 * 1. One listing (PGlite, fresh DATA_DIR): `POST /listings/{id}/campaigns` (Just Listed on Instagram,
 *    Facebook, LinkedIn and X: content + every image) → `POST /listings/{id}/flyer` →
 *    `POST /campaigns/{id}/activate` (every post scheduled) — median and p95 over BENCH_RUNS (10)
 *    listings after one warm-up. Target ≤ 2 s.
 * 2. 100 listings started at once (PostgreSQL: a fresh `listcast_bench_campaigns` database on
 *    BENCH_DATABASE_URL, dropped afterwards), each of its own agent with four sandbox accounts: the time
 *    until all 100 campaigns are activated with their flyers. Target ≤ 60 s.
 *
 * Options: BENCH_RUNS, BENCH_LISTINGS (100), BENCH_ONLY=pglite|postgres,
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { post, startServer, stopServer } from './lib.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 100);
const only = process.env.BENCH_ONLY;
const baseEnv = { RATE_LIMIT_PER_MINUTE: '100000000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' };
const PLATFORMS = ['instagram', 'facebook', 'linkedin', 'x'] as const;

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface Agent {
  token: string;
  accounts: string[];
}

async function agent(url: string, n: number): Promise<Agent> {
  const session = await post(`${url}/api/v1/auth/register`, {
    email: `bench-campaign-${n}-${Date.now()}@example.com`,
    password: 'benchmark password',
    name: `Bench Agent ${n}`,
  });
  const token = String(session.accessToken);
  await patch(`${url}/api/v1/brand-kit`, { agentName: `Agent ${n}`, brokerage: 'Bench Realty' }, token);
  const accounts: string[] = [];
  for (const platform of PLATFORMS) {
    const account = await post(
      `${url}/api/v1/accounts/sandbox`,
      { platform, handle: `b${n}_${platform}` },
      token,
    );
    accounts.push(String(account.id));
  }
  return { token, accounts };
}

async function patch(url: string, body: unknown, token: string) {
  const response = await fetch(url, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
}

async function listing(url: string, who: Agent, n: number) {
  const created = await post(
    `${url}/api/v1/listings`,
    {
      address: { street: `${n + 1} Harbor Lane`, city: 'Portland', state: 'ME', postalCode: '04101' },
      price: 550_000 + n * 1000,
      beds: 3,
      baths: 2,
      interiorSqft: 1800,
      propertyType: 'single_family',
      features: ['deck', 'garage', 'renovated kitchen'],
      description: 'Bright colonial near the harbor with a renovated kitchen and a deck.',
      status: 'active',
    },
    who.token,
  );
  return String(created.id);
}

/** The one button: plan (content + images), flyer, activate. Resolves with the milliseconds it took. */
async function startMarketing(url: string, who: Agent, listingId: string) {
  const began = performance.now();
  const campaign = await post(
    `${url}/api/v1/listings/${listingId}/campaigns`,
    { template: 'just_listed', accounts: who.accounts },
    who.token,
  );
  const flyer = await fetch(`${url}/api/v1/listings/${listingId}/flyer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` },
    body: '{}',
  });
  if (!flyer.ok) throw new Error(`flyer: ${flyer.status} ${await flyer.text()}`);
  await flyer.arrayBuffer();
  const activated = await post(`${url}/api/v1/campaigns/${String(campaign.id)}/activate`, {}, who.token);
  if (activated.status !== 'active') throw new Error(`activate: ${JSON.stringify(activated).slice(0, 200)}`);
  return { ms: performance.now() - began, posts: (campaign.posts as unknown[]).length };
}

async function benchOne() {
  const dataDir = await mkdtemp(join(tmpdir(), 'listcast-bench-campaigns-'));
  try {
    const server = await startServer('src/main.ts', { ...baseEnv, DATA_DIR: dataDir });
    try {
      const who = await agent(server.url, 0);
      await startMarketing(server.url, who, await listing(server.url, who, 0)); // warm-up
      const loadBefore = load();
      const times: number[] = [];
      let posts = 0;
      for (let i = 1; i <= RUNS; i++) {
        const run = await startMarketing(server.url, who, await listing(server.url, who, i));
        times.push(run.ms);
        posts = run.posts;
      }
      times.sort((a, b) => a - b);
      console.log(`\nOne listing, start marketing end to end (PGlite, ${RUNS} runs, ${posts} posts each)`);
      console.log(
        `  median / p95 / max:  ${(percentile(times, 50) / 1000).toFixed(2)} s / ${(percentile(times, 95) / 1000).toFixed(2)} s / ${(times.at(-1)! / 1000).toFixed(2)} s`,
      );
      console.log(`  load average:        ${loadBefore} → ${load()}`);
      console.log(`  target ≤ 2 s (p95):  ${percentile(times, 95) <= 2000 ? 'met' : 'NOT met'}`);
    } finally {
      await stopServer(server);
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function benchMany() {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists listcast_bench_campaigns with (force)');
  await admin.query('create database listcast_bench_campaigns');
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: '/listcast_bench_campaigns' }).toString();
  const dataDir = await mkdtemp(join(tmpdir(), 'listcast-bench-campaigns-pg-'));
  try {
    const server = await startServer('src/main.ts', {
      ...baseEnv,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
    });
    try {
      const agents: Agent[] = [];
      const listingIds: string[] = [];
      for (let i = 0; i < LISTINGS; i++) {
        agents.push(await agent(server.url, i));
        listingIds.push(await listing(server.url, agents[i]!, i));
      }
      const loadBefore = load();
      const began = performance.now();
      const results = await Promise.allSettled(
        listingIds.map((id, i) => startMarketing(server.url, agents[i]!, id)),
      );
      const wallMs = performance.now() - began;
      const done = results.filter((result) => result.status === 'fulfilled').map((result) => result.value.ms);
      const failed = results.filter((result) => result.status === 'rejected');
      done.sort((a, b) => a - b);
      console.log(
        `\n${LISTINGS} listings started at once (PostgreSQL, one agent and 4 sandbox accounts each)`,
      );
      console.log(
        `  all ready after:     ${(wallMs / 1000).toFixed(1)} s (${done.length} ready, ${failed.length} failed)`,
      );
      if (done.length > 0)
        console.log(
          `  per listing p50/p95: ${(percentile(done, 50) / 1000).toFixed(1)} s / ${(percentile(done, 95) / 1000).toFixed(1)} s`,
        );
      if (failed[0]) console.log(`  first failure:       ${String(failed[0].reason).slice(0, 300)}`);
      console.log(`  load average:        ${loadBefore} → ${load()}`);
      console.log(`  target ≤ 60 s:       ${failed.length === 0 && wallMs <= 60_000 ? 'met' : 'NOT met'}`);
    } finally {
      await stopServer(server);
    }
  } finally {
    await admin.query('drop database if exists listcast_bench_campaigns with (force)');
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (!only || only === 'pglite') await benchOne();
if (!only || only === 'postgres') await benchMany();
