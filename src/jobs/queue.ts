import { EventEmitter, once } from 'node:events';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { loadConfig, type Config } from '../config.js';
import type { Database, Executor, ExecuteSql } from '../db/client.js';
import type { Metrics } from '../http/metrics.js';

/** A job is data: a name, a payload schema, retry policy and a handler taking its dependencies. */
export interface JobDefinition<Schema extends z.ZodType, Ctx> {
  name: string;
  payload: Schema;
  retryLimit?: number;
  /** Seconds before the first retry (doubling after each); a function reads it from the configuration. */
  retryDelaySeconds?: number | ((config: Config) => number);
  expireInSeconds?: number;
  /** How many jobs of this kind one worker fetches and runs at once. */
  concurrency?: number;
  /**
   * How many workers of this kind a process runs, each fetching on its own: a slow job in one batch
   * does not hold back the next fetch.
   */
  workers?: number;
  /** Cron expression (UTC) for jobs that run on a schedule rather than on demand. */
  cron?: string;
  handle(payload: z.infer<Schema>, ctx: Ctx, job: { id: string }): Promise<void>;
  /**
   * Runs once after the last retry failed (pg-boss moves the job to the `<name>.dead` queue): the place
   * to tell users that the work will not happen, so nothing stays "in progress" forever.
   */
  onGiveUp?: (payload: z.infer<Schema>, ctx: Ctx) => Promise<void>;
}

/** The queue that receives a job's payload once its retries are exhausted. */
export const deadLetterQueue = (name: string) => `${name}.dead`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list holds definitions of many payload types
export type AnyJob<Ctx> = JobDefinition<any, Ctx>;

export const defineJob = <Schema extends z.ZodType, Ctx>(definition: JobDefinition<Schema, Ctx>) =>
  definition;

/** pg-boss speaks `$1` placeholders; a drizzle transaction speaks `sql` templates. This bridges them. */
export function executorSql(executor: Executor): ExecuteSql {
  return async (text, values = []) => {
    const parts = text.split(/\$(\d+)/);
    const chunks: SQL[] = [];
    parts.forEach((part, index) => {
      // pg-boss leaves trailing options `undefined`; drizzle would render those as nothing, not NULL.
      chunks.push(index % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1] ?? null}`);
    });
    // node-postgres and PGlite both answer with `{ rows }`.
    const result = (await executor.execute(sql.join(chunks))) as { rows: Record<string, unknown>[] };
    return { rows: result.rows };
  };
}

export interface JobSettled {
  id: string;
  name: string;
  ok: boolean;
  error?: unknown;
}

export interface JobQueue {
  /** Queues a job; pass a transaction to enqueue atomically with the write that needs it. */
  enqueue(name: string, payload: object, options?: { tx?: Executor; startAfter?: Date }): Promise<string>;
  /** Queues many jobs in one statement (each with its queue's policy), atomically with `tx` if given. */
  enqueueMany(
    jobs: { name: string; payload: object; startAfter?: Date }[],
    options?: { tx?: Executor },
  ): Promise<void>;
  /** Starts workers for every definition. Call once, in processes that run workers. */
  work<Ctx>(definitions: AnyJob<Ctx>[], ctx: Ctx): Promise<void>;
  /** Resolves when the job with this id has finished (tests and in-process callers). */
  settled(id: string): Promise<JobSettled>;
  ping(): Promise<boolean>;
  /** Stops fetching, waits for running jobs to finish. */
  stop(): Promise<void>;
}

/** Creates a queue, or brings an existing one up to the definition's current policy. */
async function ensureQueue(boss: PgBoss, queue: PgBoss.Queue) {
  if (await boss.getQueue(queue.name)) await boss.updateQueue(queue.name, queue);
  else await boss.createQueue(queue.name, queue);
}

export async function createJobQueue<Ctx>(options: {
  database: Database;
  logger: Logger;
  metrics: Metrics;
  definitions: AnyJob<Ctx>[];
  /** What retry policies are read from (see `retryDelaySeconds`); the defaults when left out. */
  config?: Config;
  runMaintenance: boolean;
}): Promise<JobQueue> {
  const { database, logger, metrics } = options;
  // Shutdown bookkeeping: handlers running now, and pg-boss statements in flight (see `stop`).
  const activity = new EventEmitter();
  let running = 0;
  let sqlInFlight = 0;
  let stopping = false;
  const executeSql: ExecuteSql = async (text, values) => {
    sqlInFlight += 1;
    try {
      return await database.executeSql(text, values);
    } finally {
      sqlInFlight -= 1;
      activity.emit('change');
    }
  };
  const boss = new PgBoss({
    db: { executeSql },
    supervise: options.runMaintenance,
    schedule: options.runMaintenance,
    // Expired jobs (their worker died) are found in maintenance: every 30 s rather than pg-boss's 120 s,
    // so a crashed publish resumes about two minutes sooner.
    maintenanceIntervalSeconds: 30,
    migrate: true,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await database.withLock(7_163_112_002, async () => {
    await boss.start();
    for (const definition of options.definitions) {
      const deadLetter = definition.onGiveUp ? deadLetterQueue(definition.name) : undefined;
      if (deadLetter) await ensureQueue(boss, { name: deadLetter, retryLimit: 5, retryBackoff: true });
      const { retryDelaySeconds } = definition;
      await ensureQueue(boss, {
        name: definition.name,
        retryLimit: definition.retryLimit ?? 3,
        retryDelay:
          typeof retryDelaySeconds === 'function'
            ? retryDelaySeconds(options.config ?? loadConfig({}))
            : (retryDelaySeconds ?? 5),
        retryBackoff: true,
        expireInSeconds: definition.expireInSeconds ?? 15 * 60,
        ...(deadLetter ? { deadLetter } : {}),
      });
    }
  });
  const events = new EventEmitter();
  events.setMaxListeners(0);
  // Remember the last outcomes so `settled` also answers for a job that finished before it was asked.
  const recent = new Map<string, JobSettled>();
  const report = (outcome: JobSettled) => {
    recent.set(outcome.id, outcome);
    if (recent.size > 1000) recent.delete(recent.keys().next().value as string);
    events.emit(outcome.id, outcome);
  };

  // Workers poll every 0.5 s. A job this process queues for the next ten minutes also wakes this
  // process's workers when it falls due (one timer per queue and 50 ms slot), so it starts at once.
  const workerIds = new Map<string, string[]>();
  const alarms = new Map<string, NodeJS.Timeout>();
  const wake = (name: string, at: number) => {
    const ids = workerIds.get(name);
    const wait = Math.max(0, at - Date.now());
    if (!ids || stopping || wait > 10 * 60_000) return;
    const slot = `${name}@${Math.ceil(at / 50)}`;
    if (alarms.has(slot)) return;
    // A few milliseconds late, so the transaction that queued the job has committed.
    const timer = setTimeout(() => {
      alarms.delete(slot);
      for (const id of ids) boss.notifyWorker(id);
    }, wait + 5);
    timer.unref();
    alarms.set(slot, timer);
  };

  return {
    async enqueue(name, payload, { tx, startAfter } = {}) {
      const id = await boss.send(name, payload, {
        ...(tx ? { db: { executeSql: executorSql(tx) } } : {}),
        ...(startAfter ? { startAfter } : {}),
      });
      if (!id) throw new Error(`job ${name} was not queued`);
      wake(name, startAfter?.getTime() ?? Date.now());
      return id;
    },

    async enqueueMany(jobs, { tx } = {}) {
      if (jobs.length === 0) return;
      await boss.insert(
        jobs.map((job) => ({
          name: job.name,
          data: job.payload,
          ...(job.startAfter ? { startAfter: job.startAfter } : {}),
        })),
        tx ? { db: { executeSql: executorSql(tx) } } : {},
      );
      for (const job of jobs) wake(job.name, job.startAfter?.getTime() ?? Date.now());
    },

    async work(definitions, ctx) {
      // Runs one fetched job through `run`, with metrics, logs, `settled` events and shutdown tracking.
      const consume =
        (name: string, payloadSchema: z.ZodType, run: (payload: unknown, id: string) => Promise<void>) =>
        async (jobs: PgBoss.Job<object>[]) => {
          await Promise.all(
            jobs.map(async (job) => {
              // Fetched as the queue was stopping: fail it now so it is retried, not run half-way.
              if (stopping) throw new Error('shutting down; the job will be retried');
              running += 1;
              const started = process.hrtime.bigint();
              try {
                await run(payloadSchema.parse(job.data), job.id);
                metrics.jobs.inc({ name, outcome: 'completed' });
                report({ id: job.id, name, ok: true });
              } catch (error) {
                metrics.jobs.inc({ name, outcome: 'failed' });
                logger.error({ err: error, job: name, jobId: job.id }, 'job failed');
                report({ id: job.id, name, ok: false, error });
                throw error;
              } finally {
                metrics.jobDuration.observe({ name }, Number(process.hrtime.bigint() - started) / 1e9);
                running -= 1;
                activity.emit('change');
              }
            }),
          );
        };
      const polling = { pollingIntervalSeconds: 0.5 };

      for (const definition of definitions) {
        const schema = definition.payload as z.ZodType;
        if (definition.cron) await boss.schedule(definition.name, definition.cron, {}, { tz: 'Etc/UTC' });
        const ids: string[] = [];
        const batchSize = definition.concurrency ?? 1;
        const run = consume(definition.name, schema, (payload, id) =>
          definition.handle(payload, ctx, { id }),
        );
        for (let worker = 0; worker < (definition.workers ?? 1); worker += 1) {
          let workerId = '';
          workerId = await boss.work<object>(
            definition.name,
            { ...polling, batchSize },
            async (jobs: PgBoss.Job<object>[]) => {
              await run(jobs);
              // A full batch means more are likely waiting: fetch again at once, not after the poll interval.
              if (jobs.length >= batchSize && workerId) boss.notifyWorker(workerId);
            },
          );
          ids.push(workerId);
        }
        workerIds.set(definition.name, ids);
        const { onGiveUp } = definition;
        if (onGiveUp) {
          const name = deadLetterQueue(definition.name);
          await boss.work<object>(
            name,
            polling,
            consume(name, schema, (payload) => onGiveUp(payload, ctx)),
          );
        }
      }
    },

    async settled(id) {
      const known = recent.get(id);
      if (known) return known;
      const [result] = (await once(events, id)) as [JobSettled];
      return result;
    },

    ping: () =>
      database.executeSql('select version from pgboss.version', []).then(
        (result) => result.rows.length > 0,
        () => false,
      ),

    async stop() {
      stopping = true;
      for (const timer of alarms.values()) clearTimeout(timer);
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 30_000 });
      // pg-boss marks a job completed or failed without awaiting the write, and a worker may be
      // mid-fetch: wait until no handler runs and no statement is in flight (after the microtasks that
      // issue those writes have run), so closing the database next cannot fail them.
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (running === 0 && sqlInFlight === 0) return;
        await once(activity, 'change');
      }
    },
  };
}
