import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { isConnectionError, openDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { createMetrics } from './http/metrics.js';
import { startJobs } from './jobs/start-jobs.js';
import { resolveSecret } from './lib/crypto.js';
import { createLogger } from './lib/logger.js';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Starts Listcast: the API, the job workers, or both (the default, on the embedded database). Shuts down
 * on SIGTERM/SIGINT: stops accepting, finishes in-flight requests and jobs, closes the database, exits 0.
 */
export async function startListcast(roles: { api: boolean; workers: boolean }) {
  const config = configOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  // pg-boss records a job's outcome without awaiting it (`complete`/`fail` in its worker loop), so when
  // the database is unreachable at that moment — a restart — the rejection is unhandled and Node would
  // exit. The job stays active and runs again once it expires; the process carries on and reconnects.
  // Any other unhandled rejection is a bug: exit, as Node would.
  process.on('unhandledRejection', (reason) => {
    if (isConnectionError(reason)) {
      logger.warn(
        { err: reason },
        'database unreachable; a job outcome was not recorded, the job will run again',
      );
      return;
    }
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });
  if (!config.DATABASE_URL && !(roles.api && roles.workers)) {
    console.error('DATABASE_URL: separate API and worker processes need a shared PostgreSQL database');
    process.exit(1);
  }
  const runWorkers = roles.workers && (roles.api ? config.RUN_WORKERS : true);

  const secret = await resolveSecret(config.LISTCAST_SECRET, config.DATA_DIR);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    onError: (error) => logger.warn({ err: error }, 'database connection lost; the pool will reconnect'),
  });
  await runMigrations(database);
  const metrics = createMetrics();
  const { jobs, mailer } = await startJobs({
    config,
    database,
    logger,
    metrics,
    secret,
    workers: runWorkers,
    maintenance: runWorkers,
  });

  let app: FastifyInstance | undefined;
  if (roles.api) {
    app = await buildApp({ config, database, jobs, metrics, secret, logger });
    const address = await app.listen({ host: config.HOST, port: config.PORT });
    const url = config.PUBLIC_URL ?? address;
    logger.info(
      { database: database.kind, workers: runWorkers },
      `Listcast is running at ${url} (API docs: ${url}/docs)`,
    );
  } else {
    logger.info({ database: database.kind }, 'Listcast worker running');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await app?.close();
      await jobs.stop();
      mailer.close();
      await database.close();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
