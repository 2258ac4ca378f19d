import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../helpers/database.js';

/**
 * Exactly-once publishing when the worker process is killed: the real API and worker processes on a
 * fresh PostgreSQL database, 200 scheduled posts, the worker SIGKILLed at seeded random moments while
 * it publishes and restarted each time. Every target must end `published` with exactly one sandbox post.
 *
 * PostgreSQL only: on PGlite there is one process and nothing to kill.
 *
 * Recovery takes about two minutes by design of the queue settings: a job active in a killed worker is
 * only retried after pg-boss notices it expired (`expireInSeconds: 120` on posts.publish), which it
 * checks in its maintenance pass every 30 s, followed by a 5–10 s retry back-off; a target the dead
 * worker had claimed is free once its lease (125 s) runs out.
 */

const root = new URL('../../', import.meta.url).pathname;
const adminUrl = process.env.TEST_DATABASE_URL;

const SEED = Number(process.env.CRASH_SEED ?? 20_240_611);
const POSTS = 200;
/**
 * Due times spread over a minute, so targets keep falling due during all five kills: a worker takes a
 * whole batch of due jobs at once, and a steered kill needs one still to come.
 */
const SPREAD_MS = 60_000;
const SECRET = 'crash-test-secret-0123456789abcdef0123456789';

/** mulberry32: a tiny seeded PRNG, so a failing schedule of kills can be replayed with CRASH_SEED. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const between = (random: () => number, min: number, max: number) =>
  min + Math.floor(random() * (max - min + 1));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

interface Proc {
  child: ChildProcess;
  lines: string[];
  name: string;
}

const children = new Set<ChildProcess>();
let dataDir: string | undefined;
let dbName: string | undefined;
let pool: pg.Pool | undefined;

function startProcess(name: string, script: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  return { child, lines, name };
}

async function killHard(proc: Proc) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const exited = once(proc.child, 'exit');
  proc.child.kill('SIGKILL');
  await exited;
}

/** Polls `check` every `everyMs` until it returns a value, or throws after `timeoutMs`. */
async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await pool?.end();
  if (adminUrl && dbName) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('publishing when the worker is killed', () => {
  it.runIf(adminUrl)(
    'when the worker is SIGKILLed repeatedly while 200 scheduled posts publish, then every target is published exactly once',
    async () => {
      const testStarted = Date.now();
      const random = seeded(SEED);
      dbName = `listcast_crash_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      await admin.end();
      const databaseUrl = withDatabase(adminUrl!, dbName);
      pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
      const db = pool;
      dataDir = await mkdtemp(join(tmpdir(), 'listcast-crash-'));

      const port = await freePort();
      const env = {
        DATABASE_URL: databaseUrl,
        LISTCAST_SECRET: SECRET,
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
      };
      const api = startProcess('api', 'src/api.ts', { ...env, PORT: String(port) });
      const base = `http://127.0.0.1:${port}`;
      api.child.once('exit', (code) => {
        if (code !== null) api.lines.push(`[api exited ${code}]`);
      });
      await until(
        'the API to be ready',
        60_000,
        async () => {
          if (api.child.exitCode !== null) throw new Error(`API exited:\n${api.lines.join('\n')}`);
          const response = await fetch(`${base}/ready`).catch(() => undefined);
          return response?.status === 200 ? true : undefined;
        },
        100,
      );

      // --- Through the API: a user, three sandbox accounts, 200 single-target posts. ---
      const registered = await fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'crash@example.com',
          password: 'correct horse battery',
          name: 'Crash',
        }),
      });
      expect(registered.status).toBe(201);
      const { accessToken, workspace } = (await registered.json()) as {
        accessToken: string;
        workspace: { id: string };
      };
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${base}/api/v1${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${accessToken}`,
            'x-workspace-id': workspace.id,
          },
          body: JSON.stringify(body),
        });
        const json = (await response.json()) as Record<string, unknown>;
        if (response.status !== 201)
          throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(json)}`);
        return json;
      };
      const accounts: string[] = [];
      for (const platform of ['facebook', 'linkedin', 'x'])
        accounts.push(
          (await post('/accounts/sandbox', { platform, handle: `crash_${platform}` })).id as string,
        );

      // Due from ~6 s from now, spread over SPREAD_MS (creating them takes a few seconds on a cold API).
      const firstDue = Date.now() + 6_000;
      const expectedPerAccount = new Map<string, number>(accounts.map((id) => [id, 0]));
      const indexes = Array.from({ length: POSTS }, (_, i) => i);
      for (let batch = 0; batch < POSTS; batch += 20) {
        await Promise.all(
          indexes.slice(batch, batch + 20).map(async (i) => {
            const accountId = accounts[i % accounts.length]!;
            expectedPerAccount.set(accountId, expectedPerAccount.get(accountId)! + 1);
            await post('/posts', {
              text: `Crash test post #${i}: open house on Saturday.`,
              targets: [{ accountId }],
              scheduledAt: new Date(firstDue + Math.floor((i * SPREAD_MS) / POSTS)).toISOString(),
            });
          }),
        );
      }

      const scalar = async (text: string) => Number((await db.query(text)).rows[0].n);
      const publishedCount = () =>
        scalar(`select count(*) as n from post_targets where status = 'published'`);
      expect(await scalar(`select count(*) as n from post_targets where status = 'scheduled'`)).toBe(POSTS);

      // --- Kill the worker at seeded random moments, restarting it each time. ---
      // A sandbox publish takes a few milliseconds between ~0.5 s queue polls, so a kill at a random
      // instant almost never lands inside one. Besides "natural" kills, three kills are steered into
      // each step of the target's state machine by holding a lock from this test (on its own database)
      // that the worker's next statement waits on; the kill then lands exactly there. The statements left
      // waiting by the dead worker are terminated before the lock is released, as if its connection
      // dropped with it, so the database is frozen at the step the kill hit.
      const modes = ['claimedOnly', 'idSavedNotPosted', 'postedNotFinished', 'natural', 'natural'] as const;
      const order = [...modes].map((mode) => ({ mode, key: random() })).sort((a, b) => a.key - b.key);
      const kills: {
        mode: string;
        afterMs: number;
        publishedSinceStart: number;
        claimedOnly: number;
        idSavedNotPosted: number;
        postedNotFinished: number;
      }[] = [];
      const openCount = () =>
        scalar(`select count(*) as n from post_targets where status in ('scheduled', 'publishing')`);
      const lockers = [await db.connect(), await db.connect()];
      const pids = await Promise.all(
        lockers.map(async (c) => Number((await c.query('select pg_backend_pid() as pid')).rows[0].pid)),
      );
      const blockedBy = async (pid: number) =>
        (
          await db.query<{ pid: number }>(
            `select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))`,
            [pid],
          )
        ).rows.map((row) => row.pid);
      let worker = startProcess('worker', 'src/worker.ts', env);
      const alive = () => {
        if (worker.child.exitCode !== null)
          throw new Error(`worker exited by itself (${worker.child.exitCode}):\n${worker.lines.join('\n')}`);
      };
      for (const [k, { mode }] of order.entries()) {
        const startedAt = Date.now();
        const before = await publishedCount();
        const wanted = between(random, 2, 8);
        // Event, not time: wait until this worker published `wanted` more targets (it is warm and
        // mid-stream then), unless everything due is already done.
        await until(
          `worker run ${k + 1} to publish ${wanted} targets`,
          60_000,
          async () => {
            alive();
            return (await publishedCount()) >= before + wanted || (await openCount()) === 0
              ? true
              : undefined;
          },
          20,
        );
        const [a, b] = lockers as [pg.PoolClient, pg.PoolClient];
        const [pidA, pidB] = pids as [number, number];
        let orphansOf: number | undefined;
        if (mode === 'natural') {
          // A short seeded delay, then the first instant a target is mid-publish (polled every ms or so).
          await sleep(between(random, 0, 120));
          await until(
            'a target mid-publish',
            20_000,
            async () => {
              alive();
              const n = await scalar(`select count(*) as n from post_targets where status = 'publishing'`);
              return n > 0 || (await openCount()) === 0 ? true : undefined;
            },
            1,
          );
        } else if (mode === 'claimedOnly') {
          // Claimed (status publishing, committed), then waiting to read its account: no id saved yet.
          await a.query('begin');
          await a.query('lock table social_accounts in access exclusive mode');
          // Something else may wait on the accounts too (the token-refresh cron reads them): wait for a
          // claimed target without a saved id, not just for any blocked statement.
          await until(
            'a claimed target waiting on social_accounts',
            20_000,
            async () => {
              alive();
              if ((await blockedBy(pidA)).length === 0) return undefined;
              const claimed = await scalar(
                `select count(*) as n from post_targets
                 where status = 'publishing' and not (progress ? 'sandboxPostId') and updated_at >= '${new Date(startedAt).toISOString()}'`,
              );
              return claimed > 0 ? true : undefined;
            },
            5,
          );
          orphansOf = pidA;
        } else {
          // The sandbox post id is saved; its insert into sandbox_posts waits.
          await a.query('begin');
          await a.query('lock table sandbox_posts in exclusive mode');
          const blocked = await until(
            'a target waiting to insert its sandbox post',
            20_000,
            async () => {
              alive();
              const { rows } = await db.query<{ id: string }>(
                `select pt.id from post_targets pt
               where pt.status = 'publishing' and pt.progress ? 'sandboxPostId'
                 and not exists (select 1 from sandbox_posts sp where sp.id::text = pt.progress->>'sandboxPostId')`,
              );
              return rows.length > 0 && (await blockedBy(pidA)).length > 0 ? rows[0]!.id : undefined;
            },
            5,
          );
          orphansOf = pidA;
          if (mode === 'postedNotFinished') {
            // Hold that target's row, let the insert through: the post exists, the target's `finish` waits.
            await b.query('begin');
            await b.query('select id from post_targets where id = $1 for update', [blocked]);
            await a.query('rollback');
            await until(
              'the sandbox post inserted and the target update waiting',
              20_000,
              async () => {
                alive();
                const { rows } = await db.query(
                  `select 1 from post_targets pt join sandbox_posts sp on sp.id::text = pt.progress->>'sandboxPostId'
                 where pt.id = $1`,
                  [blocked],
                );
                return rows.length > 0 && (await blockedBy(pidB)).length > 0 ? true : undefined;
              },
              5,
            );
            orphansOf = pidB;
          }
        }
        await killHard(worker);
        // The killed worker's targets are frozen now: where did the kill land in their publish? (Targets
        // frozen by earlier kills are older than this run.)
        const { rows } = await db.query<{ stage: string; n: string }>(
          `
          select case
                   when not (pt.progress ? 'sandboxPostId') then 'claimedOnly'
                   when sp.id is null then 'idSavedNotPosted'
                   else 'postedNotFinished'
                 end as stage,
                 count(*) as n
          from post_targets pt left join sandbox_posts sp on sp.id::text = pt.progress->>'sandboxPostId'
          where pt.status = 'publishing' and pt.updated_at >= $1
          group by 1`,
          [new Date(startedAt)],
        );
        if (orphansOf !== undefined) {
          for (const pid of await blockedBy(orphansOf))
            await db.query('select pg_terminate_backend($1)', [pid]);
          await until("the dead worker's statements to end", 10_000, async () =>
            (await blockedBy(orphansOf)).length === 0 ? true : undefined,
          );
          await a.query('rollback');
          await b.query('rollback');
        }
        const stage = (name: string) => Number(rows.find((row) => row.stage === name)?.n ?? 0);
        kills.push({
          mode,
          afterMs: Date.now() - startedAt,
          publishedSinceStart: (await publishedCount()) - before,
          claimedOnly: stage('claimedOnly'),
          idSavedNotPosted: stage('idSavedNotPosted'),
          postedNotFinished: stage('postedNotFinished'),
        });
        if (mode !== 'natural')
          expect(stage(mode), `kill ${k + 1} (${mode}) landed there`).toBeGreaterThan(0);
        worker = startProcess('worker', 'src/worker.ts', env);
      }
      for (const locker of lockers) locker.release();
      const lastRestart = Date.now();

      // --- Recovery: wait until nothing is scheduled or publishing (expired jobs must be retried). ---
      await until(
        'every target to leave scheduled/publishing',
        360_000,
        async () => {
          if (worker.child.exitCode !== null)
            throw new Error(
              `worker exited by itself (${worker.child.exitCode}):\n${worker.lines.join('\n')}`,
            );
          const open = await scalar(
            `select count(*) as n from post_targets where status in ('scheduled', 'publishing')`,
          );
          return open === 0 ? true : undefined;
        },
        250,
      );
      const recoveredMs = Date.now() - lastRestart;

      // --- Exactly once. ---
      const targets = await db.query<{
        id: string;
        account_id: string;
        status: string;
        external_id: string | null;
      }>(`select id, account_id, status, external_id from post_targets`);
      expect(targets.rows).toHaveLength(POSTS);
      expect(targets.rows.filter((t) => t.status !== 'published')).toEqual([]);
      const sandbox = await db.query<{ id: string; account_id: string; text: string }>(
        `select id, account_id, text from sandbox_posts`,
      );
      const perAccount = new Map<string, number>();
      for (const row of sandbox.rows)
        perAccount.set(row.account_id, (perAccount.get(row.account_id) ?? 0) + 1);
      expect(Object.fromEntries(perAccount)).toEqual(Object.fromEntries(expectedPerAccount));
      expect(sandbox.rows).toHaveLength(POSTS);
      // One row per target: each target's external id is a sandbox post, and no two share one…
      const sandboxIds = new Set(sandbox.rows.map((row) => row.id));
      const externalIds = targets.rows.map((t) => t.external_id);
      expect(externalIds.filter((id) => id === null || !sandboxIds.has(id))).toEqual([]);
      expect(new Set(externalIds).size).toBe(POSTS);
      // …and no text was posted twice (each post's text is unique).
      expect(new Set(sandbox.rows.map((row) => row.text)).size).toBe(POSTS);
      const failedJobs = await scalar(
        `select count(*) as n from pgboss.job where name like 'posts.publish%' and state = 'failed'`,
      );
      expect(failedJobs).toBe(0);

      await killHard(worker);
      await killHard(api);
      console.log(
        JSON.stringify(
          {
            seed: SEED,
            kills,
            killsMidPublish: kills.filter((k) => k.claimedOnly + k.idSavedNotPosted + k.postedNotFinished > 0)
              .length,
            recoveryAfterLastRestartMs: recoveredMs,
            testMs: Date.now() - testStarted,
          },
          null,
          2,
        ),
      );
    },
    480_000,
  );
});
