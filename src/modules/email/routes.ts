import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { addSuppression } from './add-suppression.js';
import { getOutboxEmail } from './get-outbox-email.js';
import { listOutbox } from './list-outbox.js';
import { listSuppressions } from './list-suppressions.js';
import { removeSuppression } from './remove-suppression.js';
import {
  idParams,
  outboxEmailSchema,
  outboxList,
  outboxQuery,
  suppressionBody,
  suppressionList,
  suppressionParams,
  suppressionQuery,
  suppressionSchema,
} from './schemas.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const security = [{ bearer: [] }];
const tags = ['email'];

/** The outbox (every email the workspace sent or is waiting to send) and the suppression list. */
export const emailRoutes =
  ({ db, auth }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/outbox',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: "The workspace's outgoing email, newest first, one page at a time",
          description:
            'Follow-ups, notifications and invitations. Without SMTP_URL nothing is sent: emails wait here ' +
            'with status `not_configured`, readable in full through `GET /outbox/{id}`.',
          querystring: outboxQuery,
          response: { 200: outboxList, ...errors },
        },
      },
      async (request) => listOutbox({ db, workspaceId: authOf(request).workspaceId, query: request.query }),
    );

    app.get(
      '/outbox/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'One outgoing email with its full body',
          params: idParams,
          response: { 200: outboxEmailSchema, ...errors },
        },
      },
      async (request) =>
        getOutboxEmail({ db, workspaceId: authOf(request).workspaceId, id: request.params.id }),
    );

    app.get(
      '/suppressions',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'Addresses the workspace never emails (unsubscribed, bounced, added by hand)',
          querystring: suppressionQuery,
          response: { 200: suppressionList, ...errors },
        },
      },
      async (request) =>
        listSuppressions({ db, workspaceId: authOf(request).workspaceId, query: request.query }),
    );

    app.post(
      '/suppressions',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Suppress an address by hand: nothing is sent to it any more',
          description: 'An address already suppressed answers 200 with its existing entry.',
          body: suppressionBody,
          response: { 200: suppressionSchema, 201: suppressionSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { suppression, created } = await addSuppression({
          db,
          workspaceId: authOf(request).workspaceId,
          email: request.body.email,
        });
        return reply.status(created ? 201 : 200).send(suppression);
      },
    );

    app.delete(
      '/suppressions/:email',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          security,
          summary: 'Allow emailing an address again (admin)',
          params: suppressionParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await removeSuppression({
          db,
          workspaceId: authOf(request).workspaceId,
          email: request.params.email,
        });
        return reply.status(204).send(null);
      },
    );
  };
