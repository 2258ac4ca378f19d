import { z } from 'zod';

/**
 * Every environment variable Listcast reads, with its default and meaning. The README's configuration
 * table and `.env.example` are checked against this list by a test, so the three cannot drift.
 */
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const configSchema = z.object({
  HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('Interface the HTTP server listens on (`0.0.0.0` in a container).'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port.'),
  PUBLIC_URL: z
    .url()
    .optional()
    .describe(
      'Public base URL of this instance, used in links sent by email. Defaults to `http://HOST:PORT`.',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),
  DATA_DIR: z
    .string()
    .min(1)
    .default('./data')
    .describe(
      'Directory for the embedded database, the generated secret and media files (`DATA_DIR/media`).',
    ),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .describe('PostgreSQL connection string. Unset: embedded PGlite in `DATA_DIR/pglite`.'),
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .describe('Connections in the PostgreSQL pool.'),
  LISTCAST_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe(
      'Master secret for token signing and encryption at rest. Unset: generated once into `DATA_DIR/secret` (mode 0600).',
    ),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(86_400)
    .default(900)
    .describe('Lifetime of an access JWT.'),
  REFRESH_TOKEN_TTL_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(30)
    .describe('Lifetime of a refresh-token family.'),
  AUTH_CACHE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60)
    .default(5)
    .describe(
      'How long a process remembers a resolved credential. Revocations clear it at once in every process; 0 disables.',
    ),
  LISTING_PAGE_CACHE_ENTRIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(500)
    .describe(
      'How many listing pages a process remembers (about 12 KB each at 20 listings). Every committed listing change clears them in every process; 0 disables.',
    ),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(10)
    .describe('Login and register attempts allowed per minute per IP, and separately per email.'),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(6000)
    .describe('Requests per minute per IP on the whole API.'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576).describe('Maximum JSON body size.'),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1_048_576)
    .describe('Maximum size of an uploaded file (CSV import, image) and of an image imported from a URL.'),
  MEDIA_URL_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(604_800)
    .default(86_400)
    .describe(
      'Lifetime of a signed media URL. Social platforms fetch a photo some minutes after it is handed over.',
    ),
  MEDIA_MAX_PIXELS: z.coerce
    .number()
    .int()
    .min(1_000_000)
    .default(100_000_000)
    .describe('Largest image accepted, in pixels (width × height); guards against decompression bombs.'),
  MEDIA_FETCH_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(120_000)
    .default(15_000)
    .describe('Time allowed to import one image from a URL, redirects and download included.'),
  MEDIA_FETCH_ALLOW_LOOPBACK: bool
    .default(false)
    .describe(
      'Allow importing images from loopback addresses (127.0.0.0/8, ::1), for local development and tests. Private and link-local addresses stay refused.',
    ),
  IMPORT_SYNC_MAX_ROWS: z.coerce
    .number()
    .int()
    .min(0)
    .default(200)
    .describe('CSV imports with more rows than this run as a background job you can poll.'),
  RUN_WORKERS: bool
    .default(true)
    .describe('Run job workers in this process (`npm start`). `start:api` forces false.'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional()
    .describe(
      'SMTP server for invitations and notifications. Unset: emails are recorded but not sent (invitation links are also returned to the inviter).',
    ),
  SMTP_FROM: z
    .string()
    .min(3)
    .default('Listcast <no-reply@listcast.local>')
    .describe('Sender address of outgoing email.'),
  AI_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'OpenAI-compatible API base URL (e.g. `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1` for Ollama). Unset: the built-in copywriter writes all content, offline.',
    ),
  AI_API_KEY: z.string().min(1).optional().describe('API key sent as a bearer token to `AI_BASE_URL`.'),
  AI_MODEL: z
    .string()
    .min(1)
    .default('gpt-4o-mini')
    .describe('Model id for every content role, unless overridden below.'),
  AI_ANALYST_MODEL: z.string().min(1).optional().describe('Model id for the listing analyst role.'),
  AI_COPYWRITER_MODEL: z.string().min(1).optional().describe('Model id for the copywriter role.'),
  AI_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(600_000)
    .default(30_000)
    .describe('Timeout of one model call, in milliseconds.'),
  AI_MAX_RETRIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(2)
    .describe('Retries of a model call after 429, 5xx or a timeout (with back-off).'),
  AI_IMAGE_MODEL: z
    .string()
    .min(1)
    .optional()
    .describe('Model id for optional AI images at `AI_BASE_URL` (e.g. `gpt-image-1`). Unset: no AI images.'),
  AI_IMAGE_QUALITY: z
    .enum(['low', 'medium', 'high'])
    .default('low')
    .describe('Quality of AI images (gpt-image-1: low ≈ $0.011, medium ≈ $0.042 per 1024² image).'),
  AI_PRICES: z
    .string()
    .optional()
    .describe(
      'JSON price table, USD per million tokens: `{"model":{"input":0.15,"cachedInput":0.075,"output":0.6}}`, merged over the built-in table.',
    ),
  META_APP_ID: z
    .string()
    .min(1)
    .optional()
    .describe('Meta app id for Facebook Login (Facebook Pages, and Instagram accounts linked to a Page).'),
  META_APP_SECRET: z
    .string()
    .min(1)
    .optional()
    .describe('Meta app secret for Facebook Login; also verifies Meta webhook signatures.'),
  META_WEBHOOK_VERIFY_TOKEN: z
    .string()
    .min(16)
    .optional()
    .describe('The verify token entered with the callback URL /webhooks/meta in the Meta app dashboard.'),
  META_GRAPH_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://graph.facebook.com')
    .describe('Graph API host for Facebook Login and Pages.'),
  META_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v23.0')
    .default('v23.0')
    .describe('Graph API version for Facebook and Instagram.'),
  META_OAUTH_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://www.facebook.com')
    .describe('Facebook Login dialog host.'),
  INSTAGRAM_APP_ID: z
    .string()
    .min(1)
    .optional()
    .describe('Instagram app id for Instagram Login (business accounts without a Page).'),
  INSTAGRAM_APP_SECRET: z.string().min(1).optional().describe('Instagram app secret for Instagram Login.'),
  INSTAGRAM_GRAPH_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://graph.instagram.com')
    .describe('Instagram Graph API host (Instagram Login).'),
  INSTAGRAM_API_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://api.instagram.com')
    .describe('Instagram Login code-exchange host.'),
  INSTAGRAM_OAUTH_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://www.instagram.com')
    .describe('Instagram Login authorize host.'),
  LINKEDIN_CLIENT_ID: z.string().min(1).optional().describe('LinkedIn app client id.'),
  LINKEDIN_CLIENT_SECRET: z.string().min(1).optional().describe('LinkedIn app client secret.'),
  LINKEDIN_API_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://api.linkedin.com')
    .describe('LinkedIn API host.'),
  LINKEDIN_OAUTH_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://www.linkedin.com')
    .describe('LinkedIn OAuth host.'),
  LINKEDIN_VERSION: z
    .string()
    .regex(/^\d{6}$/, 'must be a YYYYMM version such as 202601')
    .default('202601')
    .describe('LinkedIn-Version header sent on every /rest call.'),
  X_CLIENT_ID: z.string().min(1).optional().describe('X (Twitter) OAuth 2.0 client id.'),
  X_CLIENT_SECRET: z.string().min(1).optional().describe('X OAuth 2.0 client secret (confidential clients).'),
  X_API_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://api.x.com')
    .describe('X API host.'),
  X_OAUTH_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://x.com')
    .describe('X authorize host.'),
  SANDBOX_TIME_SCALE: z.coerce
    .number()
    .min(1)
    .default(1)
    .describe(
      "How much faster than real time the sandbox network's simulated audience reacts to a post (60: an hour of likes and comments in a minute).",
    ),
  SEQUENCE_TIME_SCALE: z.coerce
    .number()
    .min(1)
    .max(100_000_000)
    .default(1)
    .describe(
      'How much faster than real time follow-up email sequences run (3600: hours become seconds, the week-long new-lead sequence takes under three minutes). For demos and tests; 1 in production.',
    ),
  PLATFORM_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(300_000)
    .default(30_000)
    .describe(
      'How long one request to a social platform may take before it counts as timed out (the publisher then asks the platform what happened).',
    ),
  PUBLISH_RETRY_BASE_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(30_000)
    .describe(
      'First back-off after a transient publishing failure; it doubles each attempt (six in all), up to 30 minutes.',
    ),
  TRUST_PROXY: bool.default(false).describe('Trust `X-Forwarded-*` headers (behind a reverse proxy).'),
  EVENTS_HEARTBEAT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(300)
    .default(15)
    .describe(
      'How often an open event stream (`GET /api/v1/events`) sends a comment line, so proxies keep it open.',
    ),
  WEBHOOK_ALLOW_LOOPBACK: bool
    .default(false)
    .describe(
      'Allow webhook endpoints on loopback addresses (127.0.0.0/8, ::1) and over plain http, for local development and tests. Private and link-local addresses stay refused.',
    ),
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(30)
    .describe(
      'First back-off after a failed webhook delivery; it doubles (with jitter) each attempt, nine attempts in all.',
    ),
});

export type Config = z.infer<typeof configSchema> & { publicUrl: string };

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once, at boot. Throws a ConfigError that names every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(configSchema.shape)
      .map((key): [string, string | undefined] => [key, env[key] === '' ? undefined : env[key]])
      .filter(([, value]) => value !== undefined),
  );
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const config = parsed.data;
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  return { ...config, publicUrl: (config.PUBLIC_URL ?? `http://${host}:${config.PORT}`).replace(/\/$/, '') };
}
