import { EventEmitter, once } from 'node:events';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Executor, ExecuteSql } from '../db/client.js';
import type { Metrics } from '../http/metrics.js';

/** A job is data: a name, a payload schema, retry policy and a handler taking its dependencies. */
export interface JobDefinition<Schema extends z.ZodType, Ctx> {
  name: string;
  payload: Schema;
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  /** How many jobs of this kind one worker runs at once. */
  concurrency?: number;
  /** Cron expression (UTC) for jobs that run on a schedule rather than on demand. */
  cron?: string;
  handle(payload: z.infer<Schema>, ctx: Ctx, job: { id: string }): Promise<void>;
}

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
  /** Starts workers for every definition. Call once, in processes that run workers. */
  work<Ctx>(definitions: AnyJob<Ctx>[], ctx: Ctx): Promise<void>;
  /** Resolves when the job with this id has finished (tests and in-process callers). */
  settled(id: string): Promise<JobSettled>;
  ping(): Promise<boolean>;
  /** Stops fetching, waits for running jobs to finish. */
  stop(): Promise<void>;
}

export async function createJobQueue(options: {
  database: Database;
  logger: Logger;
  metrics: Metrics;
  queues: string[];
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
    migrate: true,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await database.withLock(7_163_112_002, async () => {
    await boss.start();
    for (const name of options.queues) {
      if (!(await boss.getQueue(name)))
        await boss.createQueue(name, { name, retryLimit: 3, retryBackoff: true });
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

  return {
    async enqueue(name, payload, { tx, startAfter } = {}) {
      const id = await boss.send(name, payload, {
        ...(tx ? { db: { executeSql: executorSql(tx) } } : {}),
        ...(startAfter ? { startAfter } : {}),
      });
      if (!id) throw new Error(`job ${name} was not queued`);
      return id;
    },

    async work(definitions, ctx) {
      for (const definition of definitions) {
        if (definition.cron) await boss.schedule(definition.name, definition.cron, {}, { tz: 'Etc/UTC' });
        await boss.work<object>(
          definition.name,
          { batchSize: definition.concurrency ?? 1, pollingIntervalSeconds: 0.5 },
          async (jobs) => {
            await Promise.all(
              jobs.map(async (job) => {
                // Fetched as the queue was stopping: fail it now so it is retried, not run half-way.
                if (stopping) throw new Error('shutting down; the job will be retried');
                running += 1;
                const started = process.hrtime.bigint();
                try {
                  const payload: unknown = (definition.payload as z.ZodType).parse(job.data);
                  await definition.handle(payload, ctx, { id: job.id });
                  metrics.jobs.inc({ name: definition.name, outcome: 'completed' });
                  report({ id: job.id, name: definition.name, ok: true });
                } catch (error) {
                  metrics.jobs.inc({ name: definition.name, outcome: 'failed' });
                  logger.error({ err: error, job: definition.name, jobId: job.id }, 'job failed');
                  report({ id: job.id, name: definition.name, ok: false, error });
                  throw error;
                } finally {
                  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
                  metrics.jobDuration.observe({ name: definition.name }, seconds);
                  running -= 1;
                  activity.emit('change');
                }
              }),
            );
          },
        );
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
