import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { AppError } from '../../lib/errors.js';
import { eventStreamQuery, eventStreamResponse, lastEventIdHeader } from './schemas.js';
import { streamEvents } from './stream-events.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const security = [{ bearer: [] }];
const tags = ['events'];

export const eventRoutes =
  ({ auth, events, config }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/events',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: "The workspace's events as they happen (Server-Sent Events)",
          description:
            'A `text/event-stream` that stays open: posts published or failed, approvals, leads, inbox ' +
            'messages. Each event has an `id:`, its kind as `event:` and `data:` ' +
            '`{"id","kind","data","createdAt"}`. Reconnecting with `Last-Event-ID` (or `?after=`) first ' +
            'sends the events missed since (the newest 500). A `: ping` comment line keeps proxies from ' +
            'closing it.',
          security,
          querystring: eventStreamQuery,
          response: { 200: { content: { 'text/event-stream': { schema: eventStreamResponse } } }, ...errors },
        },
      },
      async (request, reply) => {
        const header = request.headers['last-event-id'];
        const resume = header === undefined ? undefined : lastEventIdHeader.safeParse(header);
        if (resume && !resume.success) {
          throw new AppError('validation_failed', 'The request is not valid', {
            fields: [{ field: 'headers.last-event-id', message: 'must be an event id' }],
          });
        }
        const stream = await streamEvents({
          hub: events,
          workspaceId: authOf(request).workspaceId,
          after: resume?.data ?? request.query.after ?? null,
          heartbeatMs: config.EVENTS_HEARTBEAT_SECONDS * 1000,
        });
        return (
          reply
            .header('content-type', 'text/event-stream; charset=utf-8')
            .header('cache-control', 'no-cache, no-transform')
            .header('x-accel-buffering', 'no')
            // The schema documents the text; the body is that text as a stream.
            .send(stream as unknown as string)
        );
      },
    );
  };
