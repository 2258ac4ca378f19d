import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build:web` writes the dashboard (Vite's output: index.html and hashed assets/). */
export const dashboardDir = join(import.meta.dirname, '..', '..', 'web', 'dist');

/** Paths the server answers itself: an unknown one there is a JSON 404, never the dashboard's page. */
const SERVER_PATHS = [
  /^\/api(\/|$)/,
  /^\/docs(\/|$)/,
  /^\/openapi\.json$/,
  /^\/l\//,
  /^\/sandbox\//,
  /^\/media\//,
  /^\/webhooks\//,
  /^\/unsubscribe\//,
  /^\/assets\//,
  /^\/(health|ready|metrics)$/,
];

/**
 * Serves the built dashboard from `web/dist`: hashed assets cached for a year, and `index.html` (never
 * cached) for every other GET so the dashboard's own routes (/listings/…) survive a reload. Skipped when
 * the dashboard is not built (an API-only checkout, or `npm run build:web` not run yet).
 */
export async function registerDashboard(app: FastifyInstance, root = dashboardDir) {
  if (!existsSync(join(root, 'index.html'))) return;
  await app.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (SERVER_PATHS.some((pattern) => pattern.test(path))) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  });
}
