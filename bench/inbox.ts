/**
 * Engagement benchmark: 10,000 Meta webhook events (one comment per delivery, as Meta sends them when
 * traffic is light — the costliest case per event) sent to the real server on loopback, on PostgreSQL
 * (a fresh `listcast_bench_inbox` database on BENCH_DATABASE_URL, dropped afterwards).
 *
 * - **Acknowledgement**: each POST's round trip (signature checked over the raw bytes, job queued,
 *   200), with deliveries sent on a schedule of `BENCH_RATE` per second (open loop, up to
 *   `BENCH_CONNECTIONS` keep-alive connections); p50/p99.
 * - **Processing**: from the first send until every event is in the inbox — triaged, its thread
 *   written, the person's lead created or updated and scored, automation decided — events per second.
 *
 * The comments come from 2,000 people on 10 Instagram accounts: most ask something (price, showing,
 * availability, financing), some compliment, complain or spam, so leads are created, merged into and
 * rescored, and complaints escalate with notifications.
 *
 * By default the API and the workers run as separate processes (`npm run start:api`, `start:worker`), as
 * deployed for load, and are measured apart on this 2-core machine: first the API acknowledges every
 * delivery with no worker running, then a worker starts on the backlog and the processing rate is
 * timed from its start. `BENCH_TOGETHER=1` runs both while events arrive (they share the cores);
 * `BENCH_ONE_PROCESS=1` runs `src/main.ts` as `npm start` does.
 *
 * Usage: `npx tsx bench/inbox.ts`. Options: BENCH_EVENTS (default 10000), BENCH_RATE (default 500),
 * BENCH_CONNECTIONS (default 64),
 * BENCH_ONE_PROCESS=1,
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { post, startServer, startWorker, stopServer } from './lib.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
/** Deliveries per second, sent on schedule (the processing target: 500 events/s). */
const RATE = Number(process.env.BENCH_RATE ?? 500);
const PEOPLE = 2_000;
const ACCOUNTS = 10;
const SECRET = 'bench-meta-app-secret';
const TIMEOUT_MS = 600_000;
/** `BENCH_ONE_PROCESS=1`: API and workers in one process, as `npm start` runs them. */
/** `BENCH_TOGETHER=1`: API and worker processes both running while events arrive (sharing the cores). */
const TOGETHER = process.env.BENCH_TOGETHER === '1';
const ONE_PROCESS = process.env.BENCH_ONE_PROCESS === '1';

const said: [weight: number, texts: string[]][] = [
  [
    30,
    ["What's the asking price?", 'How much for this one?', 'Price please 🙏', 'Is there room on the price?'],
  ],
  [20, ['Can we book a showing Saturday?', 'Could I tour it this weekend?', 'Any open house coming up?']],
  [15, ['Is this still available?', 'Still on the market?', 'Any offers yet?']],
  [10, ['Would the sellers take an FHA loan?', 'What would the monthly payment be with 10% down?']],
  [12, ['Gorgeous kitchen 😍', 'Dream house!', 'Beautiful home, congrats!']],
  [8, ['Way overpriced for this area.', 'Your office never called me back. Not impressed.']],
  [5, ['DM me for cheap followers 🚀', 'I made $5,000 trading crypto, check my bio 💰']],
];
const pool = said.flatMap(([weight, texts]) =>
  Array.from({ length: weight }, (_, i) => texts[i % texts.length]!),
);

function delivery(i: number) {
  const person = (i * 7919) % PEOPLE;
  const body = JSON.stringify({
    object: 'instagram',
    entry: [
      {
        id: `17841400000${String(i % ACCOUNTS).padStart(5, '0')}`,
        time: Math.floor(Date.now() / 1000),
        changes: [
          {
            field: 'comments',
            value: {
              id: `1790${String(i).padStart(12, '0')}`,
              text: pool[(i * 31) % pool.length],
              from: { id: `igsid-${person}`, username: `person_${person}` },
              media: { id: `media-${i % 50}`, media_product_type: 'FEED' },
            },
          },
        ],
      },
    ],
  });
  return { body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
}

function send(url: URL, agent: Agent, i: number): Promise<number> {
  const { body, signature } = delivery(i);
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-hub-signature-256': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(performance.now() - began)
            : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function main() {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists listcast_bench_inbox with (force)');
  await admin.query('create database listcast_bench_inbox');
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: '/listcast_bench_inbox' }).toString();
  const dataDir = await mkdtemp(join(tmpdir(), 'listcast-bench-inbox-'));
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    META_APP_SECRET: SECRET,
    RATE_LIMIT_PER_MINUTE: '100000000',
  };
  // As deployed for load: an API process that only acknowledges, and a worker process that processes.
  const server = await startServer(ONE_PROCESS ? 'src/main.ts' : 'src/api.ts', env);
  let worker = ONE_PROCESS ? null : await startWorker(env);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const session = await post(`${server.url}/api/v1/auth/register`, {
      email: `bench-inbox-${Date.now()}@example.com`,
      password: 'benchmark password',
      name: 'Bench Agent',
    });
    const workspaceId = String((session.workspace as { id: string }).id);
    for (let a = 0; a < ACCOUNTS; a += 1) {
      await client.query(
        `insert into social_accounts (workspace_id, platform, network, external_id, handle, display_name, kind)
         values ($1, 'instagram', 'live', $2, $3, 'Bench Homes', 'business')`,
        [workspaceId, `17841400000${String(a).padStart(5, '0')}`, `bench_${a}`],
      );
    }
    const url = new URL('/webhooks/meta', server.url);
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    // Warm-up: first-use compilation of the route, the job and the queries.
    for (let i = 0; i < 50; i += 1) await send(url, agent, EVENTS + i);
    await waitFor(client, 50);
    if (worker && !TOGETHER) {
      // Apart: the API acknowledges alone; a fresh worker starts on the backlog afterwards.
      await stopServer(worker);
      worker = null;
    }
    await client.query(
      'truncate inbox_messages, inbox_threads, leads, lead_events, lead_scores, notifications cascade',
    );

    const latencies: number[] = [];
    const began = performance.now();
    // Open loop: deliveries arrive at RATE per second whether or not earlier ones were answered, as
    // Meta sends them; each one's acknowledgement time is measured from its own send.
    const sends: Promise<void>[] = [];
    for (let i = 0; i < EVENTS; i += 1) {
      const due = began + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await delay(wait);
      sends.push(send(url, agent, i).then((ms) => void latencies.push(ms)));
    }
    await Promise.all(sends);
    const sentMs = performance.now() - began;
    // Together: from the first send. Apart: from when the worker is up (its start-up is shown apart).
    let processingFrom = began;
    let workerStartMs: number | null = null;
    if (!worker && !ONE_PROCESS) {
      worker = await startWorker(env);
      workerStartMs = worker.startedMs;
      processingFrom = performance.now();
    }
    const doneMs = (await waitFor(client, EVENTS)) - processingFrom;
    latencies.sort((a, b) => a - b);
    const counts = (
      await client.query<{ leads: number; threads: number; escalated: number; scores: number }>(`
        select (select count(*)::int from leads) as leads, (select count(*)::int from inbox_threads) as threads,
               (select count(*)::int from inbox_threads where status = 'escalated') as escalated,
               (select count(*)::int from lead_scores) as scores`)
    ).rows[0]!;
    console.log(
      `\nInbox benchmark (PostgreSQL, ${ONE_PROCESS ? 'one process' : TOGETHER ? 'API and worker processes at once' : 'API alone, then the worker on the backlog'}), ${EVENTS} webhook events sent at ${RATE}/s`,
    );
    console.log(
      `  load average at the end     ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}`,
    );
    console.log(`  acknowledgement p50         ${percentile(latencies, 0.5).toFixed(1)} ms`);
    console.log(
      `  acknowledgement p99         ${percentile(latencies, 0.99).toFixed(1)} ms   (target ≤ 20 ms)`,
    );
    console.log(
      `  all sent in                 ${(sentMs / 1000).toFixed(1)} s (${((EVENTS / sentMs) * 1000).toFixed(0)} deliveries/s)`,
    );
    const from =
      worker && !TOGETHER && !ONE_PROCESS
        ? 'after the worker started on the backlog'
        : 'after the first send';
    if (workerStartMs !== null)
      console.log(`  worker start-up             ${(workerStartMs / 1000).toFixed(1)} s (not counted)`);
    console.log(`  all processed in            ${(doneMs / 1000).toFixed(1)} s ${from}`);
    console.log(
      `  processing rate             ${((EVENTS / doneMs) * 1000).toFixed(0)} events/s   (target ≥ 500/s)`,
    );
    console.log(
      `  threads / leads / escalated ${counts.threads} / ${counts.leads} / ${counts.escalated}; ${counts.scores} scores written`,
    );
  } finally {
    await client.end();
    await stopServer(server);
    if (worker) await stopServer(worker);
    await admin.query('drop database if exists listcast_bench_inbox with (force)');
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Resolves with the instant (performance.now) when the inbox holds `count` messages. */
async function waitFor(client: pg.Client, count: number) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from inbox_messages');
    if (Number(rows[0]?.n) >= count) return performance.now();
    if (Date.now() > deadline) throw new Error(`only ${rows[0]?.n} of ${count} processed in time`);
    await delay(100);
  }
}

await main();
