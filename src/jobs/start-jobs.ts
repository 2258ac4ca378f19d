import type { Logger } from 'pino';
import { createContentModels } from '../ai/models.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Metrics } from '../http/metrics.js';
import { createSmtpMailer } from '../modules/email/mailer.js';
import { createMediaServices } from '../modules/media/media-services.js';
import { tokenSealer } from '../modules/accounts/credentials.js';
import { unsubscribeLinksFor } from '../modules/sequences/unsubscribe-links.js';
import { webhookSealer } from '../modules/webhooks/webhook-sealer.js';
import { createPlatformRegistry } from '../platforms/registry.js';
import { jobDefinitions } from './definitions.js';
import { createJobQueue } from './queue.js';

/**
 * The job queue with every job's queue created, the mailer its jobs use, and — when this process runs
 * workers — the workers. `maintenance` also runs pg-boss's supervision and cron schedules.
 */
export async function startJobs(options: {
  config: Config;
  database: Database;
  logger: Logger;
  metrics: Metrics;
  /** The app secret: media URLs signed by workers must verify in the API. */
  secret: string;
  workers: boolean;
  maintenance: boolean;
}) {
  const { config, database, logger } = options;
  const jobs = await createJobQueue({
    database,
    logger,
    metrics: options.metrics,
    definitions: jobDefinitions,
    config,
    runMaintenance: options.maintenance,
  });
  const mailer = createSmtpMailer({ url: config.SMTP_URL, from: config.SMTP_FROM });
  if (options.workers) {
    const models = createContentModels(config);
    const media = createMediaServices(config, options.secret);
    await jobs.work(jobDefinitions, {
      config,
      db: database.db,
      jobs,
      mailer,
      models,
      logger,
      ...media,
      platforms: createPlatformRegistry(config, database.db, jobs),
      tokenSealer: tokenSealer(options.secret),
      unsubscribeLinks: unsubscribeLinksFor(config, options.secret),
      webhookSealer: webhookSealer(options.secret),
    });
  }
  return { jobs, mailer };
}
