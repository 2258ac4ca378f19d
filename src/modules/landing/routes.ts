import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { AppError } from '../../lib/errors.js';
import { listingPage } from '../creatives/listing-page.js';
import { idParams } from '../creatives/schemas.js';
import { recordPageView } from './record-page-view.js';
import { submitInquiry } from './submit-inquiry.js';
import { readUtm } from './utm.js';

/** Lead forms one address may send per minute: people send one, scripts send many. */
const LEADS_PER_MINUTE = 10;
const FORM_TYPE = 'application/x-www-form-urlencoded';

const html = 'text/html; charset=utf-8';

/**
 * The public listing page `/l/{id}` (the target of the flyer's QR code and of posts' links) and its
 * lead form `POST /l/{id}/leads`. No credentials; left out of the OpenAPI document like the media
 * files, since browsers reach them from links, not clients. A browser's form post is answered in
 * HTML (the page again, with the visitor's values and what to fix); anything else in JSON.
 */
export const landingRoutes =
  ({ db, jobs, mediaUrls, config }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    // Encapsulated: only these routes read HTML form bodies.
    app.addContentTypeParser(FORM_TYPE, { parseAs: 'string', bodyLimit: 32_768 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    app.get(
      '/l/:id',
      { schema: { hide: true, params: idParams, querystring: z.record(z.string(), z.unknown()) } },
      async (request, reply) => {
        const utm = readUtm(request.query);
        const page = await listingPage({ db, urls: mediaUrls, id: request.params.id, form: { utm } });
        await recordPageView({
          db,
          workspaceId: page.workspaceId,
          listingId: request.params.id,
          utm,
          userAgent: request.headers['user-agent'],
        });
        // Not cached by shared caches: every view is counted.
        return reply.type(html).header('cache-control', 'private, no-cache').send(page.html);
      },
    );

    app.post(
      '/l/:id/leads',
      {
        schema: { hide: true, params: idParams, body: z.record(z.string(), z.unknown()) },
        config: { rateLimit: { max: LEADS_PER_MINUTE, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const fromBrowser = (request.headers['content-type'] ?? '').startsWith(FORM_TYPE);
        const { id } = request.params;
        try {
          await submitInquiry({
            db,
            jobs,
            listingId: id,
            fields: request.body,
            sequenceTimeScale: config.SEQUENCE_TIME_SCALE,
          });
          if (!fromBrowser) return await reply.code(201).send({ status: 'received' });
          const page = await listingPage({ db, urls: mediaUrls, id, form: { sent: true } });
          return await reply.code(201).type(html).header('cache-control', 'no-store').send(page.html);
        } catch (error) {
          if (!fromBrowser || !(error instanceof AppError) || error.code !== 'validation_failed') throw error;
          const { fields } = error.details as { fields: { field: string; message: string }[] };
          const page = await listingPage({
            db,
            urls: mediaUrls,
            id,
            form: { values: request.body, errors: fields, utm: readUtm(request.body) },
          });
          return await reply
            .code(400)
            .type(html)
            .header('cache-control', 'no-store')
            .header('x-error-code', error.code)
            .send(page.html);
        }
      },
    );
  };
