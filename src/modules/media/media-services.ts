import { join } from 'node:path';
import type { Config } from '../../config.js';
import { deriveKey } from '../../lib/crypto.js';
import { createLocalDiskStorage } from '../../storage/local-disk.js';
import { createMediaUrls } from './signed-urls.js';

/** The file storage and the URL signer, the same in the API and in job workers. */
export function createMediaServices(config: Config, secret: string) {
  return {
    storage: createLocalDiskStorage({ root: join(config.DATA_DIR, 'media') }),
    mediaUrls: createMediaUrls({
      key: deriveKey(secret, 'media-url'),
      publicUrl: config.publicUrl,
      ttlSeconds: config.MEDIA_URL_TTL_SECONDS,
    }),
  };
}
