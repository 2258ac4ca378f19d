import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { listCreatives } from './list-creatives.js';
import { makeFlyer } from './make-flyer.js';
import { renderCreatives } from './render-creatives.js';
import { creativesBody, creativesList, creativesResponse, flyerBody, idParams } from './schemas.js';

const tags = ['creatives'];
const security = [{ bearer: [] }];
const readErrors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const writeErrors = { ...readErrors, 409: errorBodySchema, 422: errorBodySchema };

/** A file name a browser can save: the street, in plain letters. */
const fileName = (street: string) =>
  `flyer-${
    street
      .normalize('NFKD')
      .replace(/[^\w]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'listing'
  }.pdf`;

export const creativeRoutes =
  ({ db, storage, mediaUrls, config, models, auth }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/listings/:id/creatives',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: "Render a listing's branded images for an event, in each platform's format",
          description:
            'Formats: instagram_portrait 1080×1350, instagram_square 1080×1080, instagram_story 1080×1920, ' +
            'facebook and linkedin 1200×627, x 1600×900 (JPEG, sRGB). `carousel: true` adds an Instagram ' +
            'carousel. Every image is stored in the media library with its alt text. Listing photos that ' +
            'cannot be fetched are listed in `warnings`.',
          params: idParams,
          body: creativesBody,
          response: { 201: creativesResponse, ...writeErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId, userId } = authOf(request);
        const result = await renderCreatives({
          db,
          storage,
          urls: mediaUrls,
          config,
          workspaceId,
          userId,
          imageModel: models.images,
          prices: models.prices,
          listingId: request.params.id,
          body: request.body,
        });
        return reply.status(201).send(result);
      },
    );

    app.get(
      '/listings/:id/creatives',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'Every creative made for a listing (images and flyers), newest first',
          params: idParams,
          response: { 200: creativesList, ...readErrors },
        },
      },
      async (request) => ({
        items: await listCreatives({
          db,
          urls: mediaUrls,
          workspaceId: authOf(request).workspaceId,
          listingId: request.params.id,
        }),
      }),
    );

    app.post(
      '/listings/:id/flyer',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary:
            'A one-page PDF flyer of the listing (luxury or standard by price), also kept in the media library',
          params: idParams,
          body: flyerBody,
          produces: ['application/pdf'],
          response: {
            200: z.string().describe('The PDF (application/pdf); its media id is in the `x-media-id` header'),
            ...writeErrors,
          },
        },
      },
      async (request, reply) => {
        const { workspaceId, userId } = authOf(request);
        const flyer = await makeFlyer({
          db,
          storage,
          urls: mediaUrls,
          config,
          workspaceId,
          userId,
          listingId: request.params.id,
          body: request.body,
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${fileName(flyer.street)}"`)
          .header('x-media-id', flyer.mediaId)
          .header('x-flyer-template', flyer.template)
          .send(flyer.pdf as unknown as string);
      },
    );
  };
