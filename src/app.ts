import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { createContentModels } from './ai/models.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createAuthenticator, type AuthContext, type UserContext } from './http/auth.js';
import { registerDashboard } from './http/dashboard.js';
import { registerErrorHandling, rejectNulCharacters } from './http/errors.js';
import { zodSerializerCompiler } from './http/serializer.js';
import type { Metrics } from './http/metrics.js';
import type { JobQueue } from './jobs/queue.js';
import { deriveKey } from './lib/crypto.js';
import { AppError } from './lib/errors.js';
import { createInvalidatedCache } from './lib/invalidated-cache.js';
import { apiKeyRoutes } from './modules/api-keys/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { createTokenService } from './modules/auth/tokens.js';
import { brandKitRoutes } from './modules/brand-kit/routes.js';
import { accountRoutes, oauthCallbackRoutes } from './modules/accounts/routes.js';
import { tokenSealer } from './modules/accounts/credentials.js';
import { automationRoutes } from './modules/campaigns/automation-routes.js';
import { campaignRoutes } from './modules/campaigns/routes.js';
import { contentRoutes } from './modules/content/routes.js';
import { notificationRoutes } from './modules/notifications/routes.js';
import { createEventHub } from './modules/events/event-hub.js';
import { eventRoutes } from './modules/events/routes.js';
import { webhookRoutes } from './modules/webhooks/routes.js';
import { webhookSealer } from './modules/webhooks/webhook-sealer.js';
import { postRoutes } from './modules/posts/routes.js';
import { creativeRoutes } from './modules/creatives/routes.js';
import { landingRoutes } from './modules/landing/routes.js';
import { emailRoutes } from './modules/email/routes.js';
import { sequenceRoutes } from './modules/sequences/routes.js';
import { unsubscribeLinksFor } from './modules/sequences/unsubscribe-links.js';
import { unsubscribeRoutes } from './modules/sequences/unsubscribe-routes.js';
import { metaWebhookRoutes } from './modules/inbox/meta-webhook-routes.js';
import { inboxRoutes } from './modules/inbox/routes.js';
import { leadRoutes } from './modules/leads/routes.js';
import { analyticsRoutes } from './modules/analytics/routes.js';
import { listingRoutes } from './modules/listings/routes.js';
import { mediaFileRoutes, mediaRoutes } from './modules/media/routes.js';
import { createMediaServices } from './modules/media/media-services.js';
import { createPlatformRegistry } from './platforms/registry.js';
import { systemRoutes } from './modules/system/routes.js';
import { sandboxPageRoutes } from './modules/sandbox/routes.js';
import { workspaceRoutes } from './modules/workspaces/routes.js';

/** One log line per request, when it completes (Fastify's default writes two). */
class OneLinePerRequest extends LogController {
  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...(error ? { err: error } : {}),
      },
      'request',
    );
  }
}

/** Other processes announce session, membership and API-key changes here (see lib/invalidated-cache.ts). */
const AUTH_CHANNEL = 'listcast_auth';
/** The database announces every committed change to `listings` here (a trigger; see migration 0001). */
const LISTINGS_CHANNEL = 'listcast_listings';

export interface AppDeps {
  config: Config;
  database: Database;
  jobs: JobQueue;
  metrics: Metrics;
  secret: string;
  /** The process logger; `false` for silence (tests). */
  logger: Logger | false;
}

/** The services route modules receive. Each module takes what it needs from here. */
export type Services = ReturnType<typeof createServices>;

function createServices(deps: AppDeps) {
  const tokens = createTokenService({
    key: deriveKey(deps.secret, 'access-jwt'),
    accessTtlSeconds: deps.config.ACCESS_TOKEN_TTL_SECONDS,
  });
  const authCache = createInvalidatedCache<AuthContext | UserContext>({
    ttlMs: deps.config.AUTH_CACHE_SECONDS * 1000,
    maxEntries: 10_000,
    broadcast: () => deps.database.notify(AUTH_CHANNEL),
  });
  // Rendered list pages. The database itself announces listing changes (a trigger), so no broadcast.
  const listingPages = createInvalidatedCache<string>({
    ttlMs: 60_000,
    maxEntries: deps.config.LISTING_PAGE_CACHE_ENTRIES,
    broadcast: async () => undefined,
  });
  return {
    config: deps.config,
    db: deps.database.db,
    database: deps.database,
    jobs: deps.jobs,
    metrics: deps.metrics,
    tokens,
    authCache,
    listingPages,
    models: createContentModels(deps.config),
    ...createMediaServices(deps.config, deps.secret),
    platforms: createPlatformRegistry(deps.config, deps.database.db, deps.jobs),
    tokenSealer: tokenSealer(deps.secret),
    webhookSealer: webhookSealer(deps.secret),
    events: createEventHub({ database: deps.database, logger: deps.logger || undefined }),
    oauthStateKey: deriveKey(deps.secret, 'oauth-state'),
    unsubscribeLinks: unsubscribeLinksFor(deps.config, deps.secret),
    auth: createAuthenticator({ db: deps.database.db, tokens, cache: authCache }),
  };
}

/** Builds the HTTP app: infrastructure plugins, then services, then routes — in this order. */
export async function buildApp(deps: AppDeps) {
  const { config } = deps;
  const loggerInstance: FastifyBaseLogger | undefined = deps.logger || undefined;
  const app = Fastify({
    ...(loggerInstance ? { loggerInstance } : { logger: false }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
    logController: new OneLinePerRequest(),
  }).withTypeProvider<ZodTypeProvider>();

  // Infrastructure
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler);
  app.decorateRequest('auth', null);
  app.decorateRequest('user', null);
  registerErrorHandling(app);
  rejectNulCharacters(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(cors, { origin: false });
  await app.register(rateLimit, {
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) => {
      const error = new AppError('rate_limited', `Too many requests; retry in ${context.after}`);
      return Object.assign(error, { statusCode: 429 });
    },
  });
  await app.register(multipart, { limits: { fileSize: config.UPLOAD_LIMIT_BYTES, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Listcast API',
        version: '1',
        description:
          'Listcast marketing API. Authenticate with `Authorization: Bearer <access token or API key>`; ' +
          'act in another workspace with `X-Workspace-Id`. Errors are `{code, message, details?}`.',
      },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Services, then routes
  const services = createServices(deps);
  for (const [channel, cache] of [
    [AUTH_CHANNEL, services.authCache],
    [LISTINGS_CHANNEL, services.listingPages],
  ] as const) {
    const stopListening = await deps.database.listen(channel, cache.clearLocal);
    app.addHook('onClose', () => stopListening());
  }
  // Open event streams end before the server closes, or it would wait for them forever.
  await services.events.start();
  app.addHook('preClose', () => services.events.close());
  await app.register(systemRoutes(services));
  await app.register(mediaFileRoutes(services));
  await app.register(landingRoutes(services));
  await app.register(unsubscribeRoutes(services));
  await app.register(metaWebhookRoutes(services));
  await app.register(sandboxPageRoutes(services));
  await app.register(oauthCallbackRoutes(services));
  await app.register(authRoutes(services), { prefix: '/api/v1' });
  await app.register(workspaceRoutes(services), { prefix: '/api/v1' });
  await app.register(apiKeyRoutes(services), { prefix: '/api/v1' });
  await app.register(brandKitRoutes(services), { prefix: '/api/v1' });
  await app.register(listingRoutes(services), { prefix: '/api/v1' });
  await app.register(contentRoutes(services), { prefix: '/api/v1' });
  await app.register(analyticsRoutes(services), { prefix: '/api/v1' });
  await app.register(inboxRoutes(services), { prefix: '/api/v1' });
  await app.register(leadRoutes(services), { prefix: '/api/v1' });
  await app.register(mediaRoutes(services), { prefix: '/api/v1' });
  await app.register(creativeRoutes(services), { prefix: '/api/v1' });
  await app.register(accountRoutes(services), { prefix: '/api/v1' });
  await app.register(postRoutes(services), { prefix: '/api/v1' });
  await app.register(notificationRoutes(services), { prefix: '/api/v1' });
  await app.register(eventRoutes(services), { prefix: '/api/v1' });
  await app.register(webhookRoutes(services), { prefix: '/api/v1' });
  await app.register(campaignRoutes(services), { prefix: '/api/v1' });
  await app.register(automationRoutes(services), { prefix: '/api/v1' });
  await app.register(emailRoutes(services), { prefix: '/api/v1' });
  await app.register(sequenceRoutes(services), { prefix: '/api/v1' });
  await registerDashboard(app);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
