import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createMetrics } from '../../src/http/metrics.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { startJobs } from '../../src/jobs/start-jobs.js';
import { createLogger } from '../../src/lib/logger.js';
import { openTestDatabase } from './database.js';

export interface TestApp {
  app: App;
  config: Config;
  jobs: JobQueue;
  database: Awaited<ReturnType<typeof openTestDatabase>>;
  close(): Promise<void>;
}

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

/** A full Listcast (API + workers unless `workers: false`) on its own copy of the migrated test database. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { workers?: boolean } = {},
): Promise<TestApp> {
  // Media files of this app go to a directory of its own, removed on close.
  const dataDir = await mkdtemp(join(tmpdir(), 'listcast-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LISTCAST_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
  const logger = createLogger(config.LOG_LEVEL);
  const database = await openTestDatabase();
  const metrics = createMetrics();
  const { jobs, mailer } = await startJobs({
    config,
    database,
    logger,
    metrics,
    secret: TEST_SECRET,
    workers: options.workers !== false,
    maintenance: false,
  });
  const app = await buildApp({ config, database, jobs, metrics, secret: TEST_SECRET, logger: false });
  await app.ready();
  return {
    app,
    config,
    jobs,
    database,
    async close() {
      await app.close();
      await jobs.stop();
      mailer.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
