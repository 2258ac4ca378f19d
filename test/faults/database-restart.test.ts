import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { privateClusterUnavailable, startPrivateCluster, type PrivateCluster } from './private-postgres.js';

/**
 * Recovery from a database restart, with no manual step: the real API and worker processes on a
 * PostgreSQL cluster of their own, 100 posts falling due over 25 seconds, and the server restarted twice
 * while they publish — once with `pg_ctl restart -m fast` (every session terminated, back at once), once
 * stopped for a few seconds and started again. Both processes must stay up, `/ready` must come back,
 * every target must be published exactly once, and the API must answer normally afterwards.
 *
 * Needs root, `runuser` and the PostgreSQL server binaries (see private-postgres.ts); skipped without.
 * The cluster is private, so restarting it disturbs nothing else on the machine.
 */

const root = new URL('../../', import.meta.url).pathname;
const unavailable = privateClusterUnavailable();
/**
 * A PostgreSQL property, so it runs in the PostgreSQL pass of the suite (TEST_DATABASE_URL set), on its
 * own cluster — not a second time in the PGlite pass.
 */
const postgresPass = Boolean(process.env.TEST_DATABASE_URL);

const POSTS = 100;
const SPREAD_MS = 25_000;
/** How long the second outage lasts: long enough for every pool connection and poll to fail. */
const OUTAGE_MS = 4_000;
const SECRET = 'restart-test-secret-0123456789abcdef0123456789';

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

const children: Proc[] = [];
let cluster: PrivateCluster | undefined;
let dataDir: string | undefined;
let pool: pg.Pool | undefined;
/** Test connections holding locks; released (destroyed) before the pool ends. */
const lockers: pg.PoolClient[] = [];

function startProcess(name: string, script: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  const proc = { child, lines, name };
  children.push(proc);
  return proc;
}

const exited = (proc: Proc) => proc.child.exitCode !== null || proc.child.signalCode !== null;

/** Polls `check` every `everyMs` until it returns a value, or throws after `timeoutMs`. */
async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

// Also on failure: the processes, then the cluster (so no connection of the test's pool can hold up its
// end), then the directories.
afterAll(async () => {
  for (const proc of children) if (!exited(proc)) proc.child.kill('SIGKILL');
  for (const locker of lockers.splice(0)) locker.release(true);
  await cluster?.destroy();
  await Promise.race([pool?.end().catch(() => undefined), sleep(5_000)]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('publishing while the database restarts', () => {
  it.runIf(postgresPass && unavailable === null)(
    'when PostgreSQL is restarted twice while 100 scheduled posts publish, then API and worker recover by themselves and every post is published exactly once',
    async () => {
      const testStarted = Date.now();
      cluster = await startPrivateCluster(await freePort());
      const admin = new pg.Client({ connectionString: cluster.url('postgres') });
      await admin.connect();
      await admin.query('create database listcast');
      await admin.end();
      const databaseUrl = cluster.url('listcast');
      // The test's own view of the database; its connections die with each restart too.
      pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
      pool.on('error', () => undefined);
      const db = pool;
      const scalar = async (text: string) => Number((await db.query(text)).rows[0].n);
      /** `scalar`, or undefined while the database is down. */
      const tryScalar = (text: string) => scalar(text).catch(() => undefined);
      dataDir = await mkdtemp(join(tmpdir(), 'listcast-restart-'));

      const port = await freePort();
      const env = {
        DATABASE_URL: databaseUrl,
        LISTCAST_SECRET: SECRET,
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
      };
      // Each process names its connections, so the test can tell whose statement waits on a lock.
      const api = startProcess('api', 'src/api.ts', {
        ...env,
        DATABASE_URL: `${databaseUrl}?application_name=listcast-api`,
        PORT: String(port),
      });
      const worker = startProcess('worker', 'src/worker.ts', {
        ...env,
        DATABASE_URL: `${databaseUrl}?application_name=listcast-worker`,
      });
      const base = `http://127.0.0.1:${port}`;
      const bothAlive = async () => {
        for (const proc of [api, worker]) {
          if (exited(proc)) {
            throw new Error(
              `the ${proc.name} process exited (${proc.child.exitCode ?? proc.child.signalCode}):\n` +
                `${proc.lines.slice(-60).join('\n')}\n--- server log ---\n${(await cluster!.log()).slice(-4000)}`,
            );
          }
        }
      };
      /** The HTTP status a request caught in a restart got; if none, why (a dead API, with its log). */
      const answered = async (held: Promise<number | string>) => {
        const status = await held;
        if (typeof status === 'number') return status;
        await sleep(1_000); // let a dying process's exit be seen
        await bothAlive();
        throw new Error(`a request caught in the restart got ${status}, though the API is still up`);
      };
      const readyStatus = async () => (await fetch(`${base}/ready`).catch(() => undefined))?.status;
      await until(
        'the API to be ready',
        60_000,
        async () => {
          await bothAlive();
          return (await readyStatus()) === 200 ? true : undefined;
        },
        200,
      );

      // --- Through the API: a user, three sandbox accounts, 100 single-target posts. ---
      const registered = await fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'restart@example.com',
          password: 'correct horse battery',
          name: 'Restart',
        }),
      });
      expect(registered.status).toBe(201);
      const { accessToken, workspace } = (await registered.json()) as {
        accessToken: string;
        workspace: { id: string };
      };
      const request = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
        const response = await fetch(`${base}/api/v1${path}`, {
          method,
          headers: {
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            authorization: `Bearer ${accessToken}`,
            'x-workspace-id': workspace.id,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      const create = async (path: string, body: unknown) => {
        const response = await request('POST', path, body);
        if (response.status !== 201)
          throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
        return response.body;
      };
      const accounts: string[] = [];
      for (const platform of ['facebook', 'linkedin', 'x'])
        accounts.push(
          (await create('/accounts/sandbox', { platform, handle: `restart_${platform}` })).id as string,
        );

      const firstDue = Date.now() + 5_000;
      for (let batch = 0; batch < POSTS; batch += 20) {
        await Promise.all(
          Array.from({ length: Math.min(20, POSTS - batch) }, (_, j) => batch + j).map((i) =>
            create('/posts', {
              text: `Restart test post #${i}: open house on Sunday.`,
              targets: [{ accountId: accounts[i % accounts.length] }],
              scheduledAt: new Date(firstDue + Math.floor((i * SPREAD_MS) / POSTS)).toISOString(),
            }),
          ),
        );
      }
      /** The API's LISTEN sessions (cross-process cache invalidation), e.g. ["listen auth_changed", …]. */
      const listening = async () =>
        (
          await db.query<{ query: string }>(
            `select query from pg_stat_activity
             where application_name = 'listcast-api' and query ilike 'listen %' order by query`,
          )
        ).rows.map((row) => row.query);
      const listeningBefore = await listening();
      expect(listeningBefore.length).toBeGreaterThan(0);
      const published = () => tryScalar(`select count(*) as n from post_targets where status = 'published'`);

      /**
       * Makes the next restart land mid-work in both processes, not between the worker's half-second
       * polls: a test connection locks the posts and post_targets tables against writes (reads go on),
       * so the worker's next claim of a due target and the API's create-post transaction wait on it,
       * and an API request to create a post is sent. Resolves once a statement of each process waits
       * (told apart by their connections' application_name); the restart then terminates their sessions.
       */
      const steer = async (label: string) => {
        const locker = await db.connect();
        lockers.push(locker);
        locker.on('error', () => undefined); // terminated by the restart, as intended
        await locker.query('begin');
        await locker.query('lock table posts, post_targets in exclusive mode');
        const lockerPid = Number((await locker.query('select pg_backend_pid() as pid')).rows[0].pid);
        const held = request('POST', '/posts', {
          text: `Created while the database ${label}.`,
          targets: [{ accountId: accounts[1] }],
          scheduledAt: new Date().toISOString(),
        }).then(
          (response) => response.status,
          (error: unknown) => `no answer: ${String(error)}`,
        );
        await until(
          `a statement of the worker and one of the API to wait (${label})`,
          30_000,
          async () => {
            await bothAlive();
            const { rows } = await db.query<{ name: string }>(
              `select application_name as name from pg_stat_activity where $1 = any(pg_blocking_pids(pid))`,
              [lockerPid],
            );
            const waiting = new Set(rows.map((row) => row.name));
            return waiting.has('listcast-worker') && waiting.has('listcast-api') ? true : undefined;
          },
          20,
        );
        return {
          held,
          release: () => {
            lockers.splice(lockers.indexOf(locker), 1);
            locker.release(true);
          },
        };
      };

      // --- Restart 1: `pg_ctl restart -m fast` once a fifth of the posts are out. ---
      await until(
        '20 targets published',
        60_000,
        async () => {
          await bothAlive();
          return ((await published()) ?? 0) >= 20 ? true : undefined;
        },
        50,
      );
      const publishedAtFirst = await published();
      const first = await steer('restarts');
      const firstRestartAt = Date.now();
      await cluster.restart();
      const firstRestartMs = Date.now() - firstRestartAt;
      first.release();
      // The request caught in the restart is answered (an error), and the API lives on.
      const heldAcrossRestart = await answered(first.held);

      // --- Restart 2: stopped for OUTAGE_MS once half are out; /ready must say so meanwhile. ---
      await until(
        '50 targets published',
        90_000,
        async () => {
          await bothAlive();
          return ((await published()) ?? 0) >= 50 ? true : undefined;
        },
        50,
      );
      const publishedAtSecond = await published();
      const second = await steer('is down');
      const stoppedAt = Date.now();
      await cluster.stop();
      second.release();
      const readyWhileDown = await until(
        '/ready to report the outage',
        OUTAGE_MS,
        async () => {
          const status = await readyStatus();
          return status !== 200 ? status : undefined;
        },
        100,
      );
      await sleep(Math.max(0, stoppedAt + OUTAGE_MS - Date.now()));
      await cluster.start();
      const restartedAt = Date.now();
      const heldAcrossOutage = await answered(second.held);

      // --- No manual step: the same processes recover by themselves. ---
      await until(
        '/ready to answer 200 again',
        60_000,
        async () => {
          await bothAlive();
          return (await readyStatus()) === 200 ? true : undefined;
        },
        200,
      );
      const readyAgainMs = Date.now() - restartedAt;
      // Its LISTEN connections come back by themselves too (or other API processes' changes go unheard).
      await until(
        'the API to listen again',
        30_000,
        async () => {
          const now = await listening().catch(() => []);
          return JSON.stringify(now) === JSON.stringify(listeningBefore) ? true : undefined;
        },
        200,
      );
      await until(
        'every target to leave scheduled/publishing',
        360_000,
        async () => {
          await bothAlive();
          const open = await tryScalar(
            `select count(*) as n from post_targets where status in ('scheduled', 'publishing')`,
          );
          return open === 0 ? true : undefined;
        },
        250,
      );
      const recoveredMs = Date.now() - restartedAt;
      await bothAlive();

      // --- Exactly once. ---
      const targets = await db.query<{ id: string; status: string; external_id: string | null }>(
        `select id, status, external_id from post_targets`,
      );
      // The two posts sent while the database went away were created (201) or not (an error), and a
      // created one is published like the rest.
      const total = POSTS + [heldAcrossRestart, heldAcrossOutage].filter((status) => status === 201).length;
      expect(targets.rows).toHaveLength(total);
      expect(targets.rows.filter((t) => t.status !== 'published')).toEqual([]);
      const sandbox = await db.query<{ id: string; text: string }>(`select id, text from sandbox_posts`);
      expect(sandbox.rows).toHaveLength(total);
      expect(new Set(sandbox.rows.map((row) => row.text)).size).toBe(total);
      const sandboxIds = new Set(sandbox.rows.map((row) => row.id));
      const externalIds = targets.rows.map((t) => t.external_id);
      expect(externalIds.filter((id) => id === null || !sandboxIds.has(id))).toEqual([]);
      expect(new Set(externalIds).size).toBe(total);
      const failedJobs = await scalar(
        `select count(*) as n from pgboss.job where name like 'posts.publish%' and state = 'failed'`,
      );
      expect(failedJobs).toBe(0);

      // --- And the API answers normally: a list, and a new post that goes out. ---
      const listed = await request('GET', '/posts?limit=100');
      expect(listed.status).toBe(200);
      expect((listed.body.items as unknown[]).length).toBe(total);
      const after = await create('/posts', {
        text: 'Posted after the restarts: price improved on 4 Elm Court.',
        targets: [{ accountId: accounts[0] }],
        scheduledAt: new Date().toISOString(),
      });
      const afterPublishedMs = await until(
        'the new post to be published',
        60_000,
        async () => {
          const post = await request('GET', `/posts/${after.id as string}`);
          const [target] = post.body.targets as { status: string }[];
          return target?.status === 'published' ? Date.now() - restartedAt : undefined;
        },
        200,
      );
      await bothAlive();

      console.log(
        JSON.stringify(
          {
            heldAcrossRestart,
            heldAcrossOutage,
            publishedAtFirstRestart: publishedAtFirst,
            firstRestartMs,
            publishedAtSecondRestart: publishedAtSecond,
            outageMs: restartedAt - stoppedAt,
            readyWhileDown,
            readyAgainAfterStartMs: readyAgainMs,
            allPublishedAfterStartMs: recoveredMs,
            newPostPublishedAfterStartMs: afterPublishedMs,
            testMs: Date.now() - testStarted,
          },
          null,
          2,
        ),
      );
    },
    600_000,
  );
});
