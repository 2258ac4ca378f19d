import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { signedInUserId } from '../workspaces/actor.js';
import { listNotifications, markRead } from './notifications.js';
import { notificationIdParams, notificationList, notificationQuery } from './schemas.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const security = [{ bearer: [] }];
const tags = ['notifications'];

export const notificationRoutes =
  ({ db, auth }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/notifications',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'Your notifications in this workspace, newest first (signed-in user)',
          description:
            'Accounts to reconnect, posts that failed or were rescheduled, and other things to act on.',
          security,
          querystring: notificationQuery,
          response: { 200: notificationList, ...errors },
        },
      },
      async (request) => {
        const context = authOf(request);
        return listNotifications({
          db,
          userId: signedInUserId(context),
          workspaceId: context.workspaceId,
          ...request.query,
        });
      },
    );

    app.post(
      '/notifications/:id/read',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'Mark one notification read',
          security,
          params: notificationIdParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const context = authOf(request);
        const userId = signedInUserId(context);
        await markRead({ db, userId, workspaceId: context.workspaceId, id: request.params.id });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/notifications/read',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'Mark all your notifications read',
          security,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const context = authOf(request);
        await markRead({ db, userId: signedInUserId(context), workspaceId: context.workspaceId });
        return reply.status(204).send(null);
      },
    );
  };
