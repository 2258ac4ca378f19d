/**
 * Publishing benchmark: how late scheduled posts go out, and how many targets per second the publishing
 * engine (the `posts.publish` job on pg-boss) gets through, with the real server on loopback.
 *
 * 1. **Burst** — 1,000 posts (one sandbox target each, spread over 60 sandbox Facebook, LinkedIn and
 *    X accounts), all scheduled for the same instant a little after the last one is created; then poll until
 *    every target is published (or the timeout). On PGlite (fresh DATA_DIR) and on PostgreSQL (a fresh
 *    `listcast_bench_pub` database on BENCH_DATABASE_URL, dropped afterwards).
 * 2. **Spread** (`BENCH_BIG=1`, PostgreSQL only; long) — 10,000 posts due evenly over one minute.
 *
 * Lateness per target = post_targets.published_at − posts.scheduled_at, read from the database (for
 * PGlite: after the server has stopped, by opening its data dir). Throughput = targets published per
 * second from the first publish to the last.
 *
 * Usage: `npx tsx bench/publishing.ts`. Options: BENCH_ONLY=pglite|postgres, BENCH_POSTS (default 1000),
 * BENCH_ACCOUNTS (default 60), BENCH_BIG=1, BENCH_BIG_POSTS (default 10000), BENCH_TIMEOUT_SECONDS (burst; default 600),
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { post, startServer, stopServer, type Server } from './lib.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 1000);
const BIG_POSTS = Number(process.env.BENCH_BIG_POSTS ?? 10_000);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 600) * 1000;
const only = process.env.BENCH_ONLY; // 'pglite' | 'postgres'
const baseEnv = { RATE_LIMIT_PER_MINUTE: '100000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' };
const PARALLEL = 20; // posts created at once
/**
 * Sandbox accounts the posts are spread over: many agents' posts falling due together, as in
 * production. (One account publishes at most ACCOUNT_CONCURRENCY targets at once, by design.)
 */
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 60);

/** A query runner for whichever database holds the results. */
type Query = (text: string) => Promise<Record<string, unknown>[]>;

interface Seeded {
  token: string;
  accounts: string[];
}

async function seedAccounts(url: string): Promise<Seeded> {
  const session = await post(`${url}/api/v1/auth/register`, {
    email: `bench-pub-${Date.now()}@example.com`,
    password: 'benchmark password',
    name: 'Bench Agent',
  });
  const token = String(session.accessToken);
  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i += 1) {
    const platform = ['facebook', 'linkedin', 'x'][i % 3]!;
    const account = await post(
      `${url}/api/v1/accounts/sandbox`,
      { platform, handle: `bench_${platform}_${i}` },
      token,
    );
    accounts.push(String(account.id));
  }
  return { token, accounts };
}

const postBody = (seeded: Seeded, i: number, scheduledAt?: Date) => ({
  text: `Open house this Saturday at ${i} Harbor Lane, Portland: bright colonial, renovated kitchen. Come by!`,
  targets: [{ accountId: seeded.accounts[i % seeded.accounts.length]! }],
  ...(scheduledAt ? { scheduledAt: scheduledAt.toISOString() } : {}),
});

/** Creates posts `PARALLEL` at a time; returns the wall-clock milliseconds it took. */
async function createPosts(url: string, seeded: Seeded, count: number, at: (i: number) => Date | undefined) {
  const began = performance.now();
  for (let start = 0; start < count; start += PARALLEL) {
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL, count - start) }, (_, k) =>
        post(`${url}/api/v1/posts`, postBody(seeded, start + k, at(start + k)), seeded.token),
      ),
    );
  }
  return performance.now() - began;
}

/**
 * Milliseconds per post, timed on 60 drafts (no job enqueued; they never publish), so the scheduled
 * instant can be set just after the real posts will have been created.
 */
async function calibrate(url: string, seeded: Seeded) {
  await createPosts(url, seeded, 20, () => undefined); // warm-up: first-use compilation
  return (await createPosts(url, seeded, 60, () => undefined)) / 60;
}

/** CPU ticks (user + system, 1/100 s) used so far by a process, and by each `postgres` process. */
async function cpuTicks(pid: number) {
  const ticks = async (p: string) => {
    const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
    if (!stat) return { name: '', ticks: 0 };
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      ticks: Number(fields[11]) + Number(fields[12]),
    };
  };
  const server = (await ticks(String(pid))).ticks;
  const postgres = new Map<string, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = await ticks(entry);
    if (info.name === 'postgres') postgres.set(entry, info.ticks);
  }
  return { server, postgres };
}

/** Cores used between two samples (postgres: processes alive at the end; new ones counted from 0). */
function coresUsed(before: Awaited<ReturnType<typeof cpuTicks>>, after: typeof before, seconds: number) {
  let postgres = 0;
  for (const [pid, ticks] of after.postgres) postgres += ticks - (before.postgres.get(pid) ?? 0);
  return { server: (after.server - before.server) / 100 / seconds, postgres: postgres / 100 / seconds };
}

/** `posts.publish` jobs finished (completed or failed) according to the server's /metrics. */
async function jobsFinished(url: string) {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const match of text.matchAll(/^jobs_total\{([^}]*)\} (\d+)/gm)) {
    if (/name="posts\.publish"/.test(match[1]!)) total += Number(match[2]);
  }
  return total;
}

interface Progress {
  published: number;
  failed: number;
  open: number;
}

/** Target statuses of the scheduled posts through the API (the calendar: up to 1,000 posts). */
async function progressViaCalendar(url: string, token: string, from: Date, to: Date): Promise<Progress> {
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  const response = await fetch(`${url}/api/v1/calendar?${query.toString()}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`calendar: ${response.status} ${await response.text()}`);
  const { items } = (await response.json()) as { items: { targets: { status: string }[] }[] };
  const statuses = items.flatMap((item) => item.targets.map((target) => target.status));
  return {
    published: statuses.filter((status) => status === 'published').length,
    failed: statuses.filter((status) => status === 'failed' || status === 'needs_attention').length,
    open: statuses.filter((status) => status === 'scheduled' || status === 'publishing').length,
  };
}

async function progressViaSql(query: Query): Promise<Progress> {
  const [row] = await query(`
    select count(*) filter (where t.status = 'published')::int as published,
           count(*) filter (where t.status in ('failed', 'needs_attention'))::int as failed,
           count(*) filter (where t.status in ('scheduled', 'publishing'))::int as open
    from post_targets t join posts p on p.id = t.post_id where p.scheduled_at is not null`);
  return { published: Number(row!.published), failed: Number(row!.failed), open: Number(row!.open) };
}

/**
 * Polls until no scheduled target is left open (all published or failed) or the deadline passes.
 * Returns the wall-clock time it was seen done (or null on timeout).
 */
async function waitUntilDone(check: () => Promise<Progress>, total: number, deadline: number, label: string) {
  let last = '';
  for (;;) {
    const progress = await check();
    const line = `${progress.published}/${total} published, ${progress.failed} failed, ${progress.open} open`;
    if (line !== last) {
      console.error(`  [${label}] ${new Date().toISOString().slice(11, 23)} ${line}`);
      last = line;
    }
    if (progress.open === 0 && progress.published + progress.failed >= total)
      return { at: Date.now(), progress };
    if (Date.now() > deadline) return { at: null, progress };
    await delay(500);
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Lateness, throughput and pg-boss pickup figures from the database. */
async function figures(query: Query, total: number) {
  const rows = await query(`
    select extract(epoch from (t.published_at - p.scheduled_at)) * 1000 as late_ms,
           extract(epoch from t.published_at) * 1000 as published_ms
    from post_targets t join posts p on p.id = t.post_id
    where p.scheduled_at is not null and t.status = 'published'`);
  const late = rows.map((row) => Number(row.late_ms)).sort((a, b) => a - b);
  const published = rows.map((row) => Number(row.published_ms)).sort((a, b) => a - b);
  const span = published.length > 1 ? published.at(-1)! - published[0]! : NaN;
  // pg-boss's own view: due → fetched by a worker (pickup), fetched → marked complete (per batch).
  const jobs = await query(`
    select extract(epoch from (started_on - start_after)) * 1000 as pickup_ms,
           extract(epoch from (completed_on - started_on)) * 1000 as run_ms
    from pgboss.job where name = 'posts.publish' and started_on is not null`);
  const pickup = jobs.map((row) => Number(row.pickup_ms)).sort((a, b) => a - b);
  const run = jobs
    .map((row) => Number(row.run_ms))
    .filter((ms) => !Number.isNaN(ms))
    .sort((a, b) => a - b);
  return {
    published: late.length,
    total,
    lateP50: percentile(late, 50),
    lateP99: percentile(late, 99),
    lateMax: late.at(-1) ?? NaN,
    perSecond: (published.length - 1) / (span / 1000),
    span,
    pickupP50: percentile(pickup, 50),
    pickupP99: percentile(pickup, 99),
    runP50: percentile(run, 50),
    runP99: percentile(run, 99),
  };
}

function printFigures(label: string, f: Awaited<ReturnType<typeof figures>>, extra: Record<string, string>) {
  console.log(`\n${label}`);
  console.log(`  published                  ${f.published}/${f.total}`);
  console.log(`  lateness p50 / p99 / max   ${s(f.lateP50)} / ${s(f.lateP99)} / ${s(f.lateMax)}`);
  console.log(
    `  throughput                 ${f.perSecond.toFixed(1)} targets/s (first → last publish: ${s(f.span)})`,
  );
  console.log(
    `  pg-boss pickup p50 / p99   ${s(f.pickupP50)} / ${s(f.pickupP99)}  (start_after → started_on)`,
  );
  console.log(`  pg-boss batch run p50/p99  ${s(f.runP50)} / ${s(f.runP99)}  (started_on → completed_on)`);
  for (const [key, value] of Object.entries(extra)) console.log(`  ${key.padEnd(26)} ${value}`);
}

function printTargets(f: Awaited<ReturnType<typeof figures>>) {
  const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
  console.log('  targets (PostgreSQL):      p50 ≤ 1 s, p99 ≤ 5 s, ≥ 200 publishes/s');
  console.log(
    `  met?                       p50 ${yes(f.lateP50 <= 1000)}, p99 ${yes(f.lateP99 <= 5000)}, throughput ${yes(f.perSecond >= 200)}`,
  );
}

/**
 * The burst: POSTS posts all due at one instant just after the last is created. `progress` is how the
 * run is watched while the server runs; `results` opens the database for the figures afterwards.
 */
async function burst(options: {
  label: string;
  server: Server;
  progress: (seeded: Seeded, due: Date) => Promise<Progress>;
}) {
  const { server, label } = options;
  const seeded = await seedAccounts(server.url);
  const perPostMs = await calibrate(server.url, seeded);
  const leadMs = Math.max(5000, POSTS * perPostMs * 1.3 + 5000);
  const due = new Date(Math.ceil((Date.now() + leadMs) / 1000) * 1000);
  console.error(
    `  [${label}] creation ≈ ${perPostMs.toFixed(1)} ms/post; all ${POSTS} due at ${due.toISOString()}`,
  );
  const createMs = await createPosts(server.url, seeded, POSTS, () => due);
  const marginMs = due.getTime() - Date.now();
  console.error(`  [${label}] created ${POSTS} posts in ${s(createMs)}; ${s(marginMs)} before they are due`);
  if (marginMs < 0)
    console.error(`  [${label}] WARNING: creation ran past the due instant; lateness is overstated`);
  await delay(Math.max(0, marginMs));
  const cpuBefore = await cpuTicks(server.child.pid!);
  const done = await waitUntilDone(
    () => options.progress(seeded, due),
    POSTS,
    Date.now() + TIMEOUT_MS,
    label,
  );
  const cpuAfter = await cpuTicks(server.child.pid!);
  const wallS = ((done.at ?? Date.now()) - due.getTime()) / 1000;
  return {
    createMs,
    marginMs,
    done,
    wallS,
    cpu: coresUsed(cpuBefore, cpuAfter, wallS),
  };
}

function runExtras(run: Awaited<ReturnType<typeof burst>>) {
  return {
    'all published after due': run.done.at
      ? `${run.wallS.toFixed(1)} s (seen by polling)`
      : `TIMEOUT after ${run.wallS.toFixed(0)} s`,
    'creating the posts': `${s(run.createMs)} (${((POSTS / run.createMs) * 1000).toFixed(0)} posts/s, ${PARALLEL} at a time)`,
    'CPU while publishing': `server ${(run.cpu.server * 100).toFixed(0)}% of a core, postgres processes ${(run.cpu.postgres * 100).toFixed(0)}%`,
    'load average at start': loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
  };
}

async function benchPglite() {
  const dataDir = await mkdtemp(join(tmpdir(), 'listcast-bench-pub-'));
  try {
    const server = await startServer('src/main.ts', { ...baseEnv, DATA_DIR: dataDir });
    let finished = 0;
    const run = await burst({
      label: 'pglite',
      server,
      // /metrics is cheap (no database); the calendar (1,000 posts) is read only to confirm the end.
      progress: async (seeded, due) => {
        finished = await jobsFinished(server.url);
        if (finished < POSTS) return { published: 0, failed: 0, open: POSTS - finished };
        return progressViaCalendar(
          server.url,
          seeded.token,
          new Date(due.getTime() - 1000),
          new Date(due.getTime() + 1000),
        );
      },
    });
    await stopServer(server);
    const db = await PGlite.create(join(dataDir, 'pglite'));
    try {
      const f = await figures(async (text) => (await db.query<Record<string, unknown>>(text)).rows, POSTS);
      printFigures(`PGlite, ${POSTS} posts due at the same instant`, f, runExtras(run));
      printTargets(f);
    } finally {
      await db.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function withPostgres(fn: (databaseUrl: string, dataDir: string) => Promise<void>) {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists listcast_bench_pub with (force)');
  await admin.query('create database listcast_bench_pub');
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: '/listcast_bench_pub' }).toString();
  const dataDir = await mkdtemp(join(tmpdir(), 'listcast-bench-pub-pg-'));
  try {
    await fn(databaseUrl, dataDir);
  } finally {
    await admin.query('drop database if exists listcast_bench_pub with (force)');
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres() {
  await withPostgres(async (databaseUrl, dataDir) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    const server = await startServer('src/main.ts', {
      ...baseEnv,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
    });
    await client.connect();
    const query: Query = async (text) => (await client.query(text)).rows as Record<string, unknown>[];
    try {
      const run = await burst({ label: 'postgres', server, progress: () => progressViaSql(query) });
      const f = await figures(query, POSTS);
      printFigures(`PostgreSQL, ${POSTS} posts due at the same instant`, f, runExtras(run));
      printTargets(f);
    } finally {
      await stopServer(server);
      await client.end();
    }
  });
}

/** 10,000 posts due evenly over one minute (PostgreSQL): all published by the minute + 30 s? */
async function benchBig() {
  await withPostgres(async (databaseUrl, dataDir) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    const server = await startServer('src/main.ts', {
      ...baseEnv,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
    });
    await client.connect();
    const query: Query = async (text) => (await client.query(text)).rows as Record<string, unknown>[];
    try {
      const seeded = await seedAccounts(server.url);
      const perPostMs = await calibrate(server.url, seeded);
      const start = new Date(Math.ceil((Date.now() + BIG_POSTS * perPostMs * 1.3 + 5000) / 1000) * 1000);
      const spreadMs = 60_000;
      console.error(
        `  [big] creation ≈ ${perPostMs.toFixed(1)} ms/post; ${BIG_POSTS} due over ${start.toISOString()} + 60 s`,
      );
      const createMs = await createPosts(
        server.url,
        seeded,
        BIG_POSTS,
        (i) => new Date(start.getTime() + Math.floor((i * spreadMs) / BIG_POSTS)),
      );
      const marginMs = start.getTime() - Date.now();
      console.error(`  [big] created in ${s(createMs)}; ${s(marginMs)} before the first is due`);
      if (marginMs < 0) console.error('  [big] WARNING: creation ran past the first due instant');
      const limit = start.getTime() + spreadMs + 30_000;
      // Keep watching past the limit (up to 10 more minutes) to report how long it did take.
      const done = await waitUntilDone(() => progressViaSql(query), BIG_POSTS, limit + 600_000, 'big');
      const [byLimit] = await query(`
        select count(*)::int as n from post_targets
        where status = 'published' and published_at <= '${new Date(limit).toISOString()}'`);
      const f = await figures(query, BIG_POSTS);
      printFigures(`PostgreSQL, ${BIG_POSTS} posts due evenly over one minute`, f, {
        'published by minute + 30 s': `${Number(byLimit!.n)}/${BIG_POSTS}`,
        'all published': done.at
          ? `${((done.at - start.getTime()) / 1000).toFixed(1)} s after the first was due`
          : 'TIMEOUT',
        'creating the posts': `${s(createMs)}`,
      });
      const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
      console.log(
        '  target:                    all 10,000 published within the minute + 30 s; p50 ≤ 1 s, p99 ≤ 5 s',
      );
      console.log(
        `  met?                       all in time ${yes(Number(byLimit!.n) === BIG_POSTS)}, p50 ${yes(f.lateP50 <= 1000)}, p99 ${yes(f.lateP99 <= 5000)}`,
      );
    } finally {
      await stopServer(server);
      await client.end();
    }
  });
}

if (!only || only === 'pglite') await benchPglite();
if (!only || only === 'postgres') await benchPostgres();
if (process.env.BENCH_BIG === '1') await benchBig();
