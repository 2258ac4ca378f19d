import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { JobQueue } from '../jobs/queue.js';
import { createLinkedInPlatform } from './linkedin/index.js';
import { createFacebookPagePlatform } from './meta/facebook-page-platform.js';
import { createInstagramPlatform } from './meta/instagram-platform.js';
import { createSandboxPlatform } from './sandbox/sandbox-platform.js';
import type { Platform, SocialPlatform } from './social-platform.js';
import { createXPlatform } from './x/index.js';

/**
 * How long one publish job waits for an Instagram container to finish processing. Past it the job
 * answers "retry later" and is rescheduled (the container id is saved and reused), so no job runs
 * near the queue's expiry (`posts.publish` expires after 120 s and would then run twice at once).
 */
const CONTAINER_POLL_MS = 60_000;

/** Instagram has two logins; the others one. */
export type Login = 'instagram' | 'facebook' | 'default';

/**
 * The platform clients this instance can use: every live network whose app credentials are configured
 * (hosts from configuration too, so tests point them at loopback fakes), and the sandbox, always.
 */
export function createPlatformRegistry(config: Config, db: Db, jobs: JobQueue) {
  const live = (platform: Platform, login: Login): SocialPlatform | null => {
    switch (platform) {
      case 'instagram':
        if (login === 'facebook') {
          return config.META_APP_ID && config.META_APP_SECRET
            ? createInstagramPlatform({
                login: 'facebook',
                appId: config.META_APP_ID,
                appSecret: config.META_APP_SECRET,
                graphUrl: config.META_GRAPH_URL,
                graphVersion: config.META_GRAPH_VERSION,
                oauthUrl: config.META_OAUTH_URL,
                pollTimeoutMs: CONTAINER_POLL_MS,
                requestTimeoutMs: config.PLATFORM_TIMEOUT_MS,
              })
            : null;
        }
        return config.INSTAGRAM_APP_ID && config.INSTAGRAM_APP_SECRET
          ? createInstagramPlatform({
              login: 'instagram',
              appId: config.INSTAGRAM_APP_ID,
              appSecret: config.INSTAGRAM_APP_SECRET,
              graphUrl: config.INSTAGRAM_GRAPH_URL,
              graphVersion: config.META_GRAPH_VERSION,
              oauthUrl: config.INSTAGRAM_OAUTH_URL,
              apiUrl: config.INSTAGRAM_API_URL,
              pollTimeoutMs: CONTAINER_POLL_MS,
              requestTimeoutMs: config.PLATFORM_TIMEOUT_MS,
            })
          : null;
      case 'facebook':
        return config.META_APP_ID && config.META_APP_SECRET
          ? createFacebookPagePlatform({
              appId: config.META_APP_ID,
              appSecret: config.META_APP_SECRET,
              graphUrl: config.META_GRAPH_URL,
              graphVersion: config.META_GRAPH_VERSION,
              oauthUrl: config.META_OAUTH_URL,
              requestTimeoutMs: config.PLATFORM_TIMEOUT_MS,
            })
          : null;
      case 'linkedin':
        return config.LINKEDIN_CLIENT_ID && config.LINKEDIN_CLIENT_SECRET
          ? createLinkedInPlatform({
              clientId: config.LINKEDIN_CLIENT_ID,
              clientSecret: config.LINKEDIN_CLIENT_SECRET,
              apiUrl: config.LINKEDIN_API_URL,
              oauthUrl: config.LINKEDIN_OAUTH_URL,
              version: config.LINKEDIN_VERSION,
              timeoutMs: config.PLATFORM_TIMEOUT_MS,
            })
          : null;
      case 'x':
        return config.X_CLIENT_ID
          ? createXPlatform({
              clientId: config.X_CLIENT_ID,
              ...(config.X_CLIENT_SECRET ? { clientSecret: config.X_CLIENT_SECRET } : {}),
              apiUrl: config.X_API_URL,
              oauthUrl: config.X_OAUTH_URL,
              timeoutMs: config.PLATFORM_TIMEOUT_MS,
            })
          : null;
    }
  };
  // One client per imitated network, so the publishes of a batch share its statements.
  const sandboxes = new Map<Platform, SocialPlatform>();
  const sandbox = (platform: Platform) => {
    let client = sandboxes.get(platform);
    if (!client) {
      client = createSandboxPlatform({
        platform,
        db,
        jobs,
        publicUrl: config.publicUrl,
        timeScale: config.SANDBOX_TIME_SCALE,
      });
      sandboxes.set(platform, client);
    }
    return client;
  };
  return { live, sandbox };
}

export type PlatformRegistry = ReturnType<typeof createPlatformRegistry>;
