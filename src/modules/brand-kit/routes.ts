import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { getBrandKit, toBrandKitView } from './get-brand-kit.js';
import { brandKitSchema, updateBrandKitBody } from './schemas.js';
import { updateBrandKit } from './update-brand-kit.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const security = [{ bearer: [] }];
const tags = ['brand-kit'];

export const brandKitRoutes =
  ({ db, auth, mediaUrls }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/brand-kit',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: "The current workspace's brand kit (agent details, colours, tone, hashtags)",
          security,
          response: { 200: brandKitSchema, ...errors },
        },
      },
      async (request) =>
        toBrandKitView(await getBrandKit({ db, workspaceId: authOf(request).workspaceId }), mediaUrls),
    );

    app.patch(
      '/brand-kit',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Change brand kit fields (admin); send null to clear a text field',
          security,
          body: updateBrandKitBody,
          response: { 200: brandKitSchema, ...errors },
        },
      },
      async (request) =>
        toBrandKitView(
          await updateBrandKit({ db, workspaceId: authOf(request).workspaceId, changes: request.body }),
          mediaUrls,
        ),
    );
  };
