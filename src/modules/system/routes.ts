import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';

const readiness = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ database: z.boolean(), queue: z.boolean() }),
});

/** Operations endpoints: liveness, readiness, Prometheus metrics and the OpenAPI document. */
export const systemRoutes =
  ({ database, jobs, metrics }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/health',
      {
        config: { rateLimit: false },
        schema: {
          tags: ['system'],
          summary: 'The process is alive',
          response: { 200: z.object({ status: z.literal('ok') }) },
        },
      },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/ready',
      {
        config: { rateLimit: false },
        schema: {
          tags: ['system'],
          summary: 'The database and the job queue answer (503 otherwise)',
          response: { 200: readiness, 503: readiness },
        },
      },
      async (_request, reply) => {
        const [db, queue] = await Promise.all([database.ping(), jobs.ping()]);
        const ready = db && queue;
        return reply
          .status(ready ? 200 : 503)
          .send({ status: ready ? 'ready' : 'not_ready', checks: { database: db, queue } });
      },
    );

    app.get(
      '/metrics',
      {
        config: { rateLimit: false },
        schema: { tags: ['system'], summary: 'Prometheus metrics (text exposition format)', hide: true },
      },
      async (_request, reply) =>
        reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
    );

    app.get(
      '/openapi.json',
      {
        config: { rateLimit: false },
        schema: { tags: ['system'], summary: 'This API as an OpenAPI 3.1 document', hide: true },
      },
      async () => app.swagger(),
    );
  };
