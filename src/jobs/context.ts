import type { Logger } from 'pino';
import type { ContentModels } from '../ai/models.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Mailer } from '../modules/email/mailer.js';
import type { Sealer } from '../modules/accounts/credentials.js';
import type { MediaUrls } from '../modules/media/signed-urls.js';
import type { UnsubscribeLinks } from '../modules/sequences/unsubscribe-links.js';
import type { PlatformRegistry } from '../platforms/registry.js';
import type { FileStorage } from '../storage/file-storage.js';
import type { JobQueue } from './queue.js';

/** What job handlers may use. Each handler takes only the parts it needs. */
export interface JobContext {
  config: Config;
  db: Db;
  jobs: JobQueue;
  mailer: Mailer;
  models: ContentModels;
  storage: FileStorage;
  mediaUrls: MediaUrls;
  platforms: PlatformRegistry;
  tokenSealer: Sealer;
  unsubscribeLinks: UnsubscribeLinks;
  webhookSealer: Sealer;
  logger: Logger;
}
