import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { createSandboxAccount, deleteAccount, listAccounts } from './accounts.js';
import { accountList, accountSchema, idParams, sandboxAccountBody } from './schemas.js';

const tags = ['accounts'];
const security = [{ bearer: [] }];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

export const accountRoutes =
  ({ db, auth }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/accounts/sandbox',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          security,
          summary: 'Connect a sandbox account that imitates one network (no real account needed)',
          body: sandboxAccountBody,
          response: { 201: accountSchema, ...errors, 409: errorBodySchema },
        },
      },
      async (request, reply) => {
        const { workspaceId, userId } = authOf(request);
        return reply
          .status(201)
          .send(await createSandboxAccount({ db, workspaceId, userId, input: request.body }));
      },
    );

    app.get(
      '/accounts',
      {
        onRequest: auth.require('viewer'),
        schema: { tags, security, summary: 'Connected accounts', response: { 200: accountList, ...errors } },
      },
      async (request) => ({ items: await listAccounts({ db, workspaceId: authOf(request).workspaceId }) }),
    );

    app.delete(
      '/accounts/:id',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          security,
          summary: 'Disconnect an account',
          params: idParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await deleteAccount({ db, workspaceId: authOf(request).workspaceId, id: request.params.id });
        return reply.status(204).send(null);
      },
    );
  };
