import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { signedInUserId } from '../workspaces/actor.js';
import { createApiKey } from './create-api-key.js';
import { listApiKeys } from './list-api-keys.js';
import { revokeApiKey } from './revoke-api-key.js';
import { apiKeyIdParams, apiKeyList, createApiKeyBody, createdApiKey } from './schemas.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const security = [{ bearer: [] }];
const tags = ['api-keys'];

export const apiKeyRoutes =
  ({ db, auth, authCache }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api-keys',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: "The current workspace's active API keys (admin; never the keys themselves)",
          security,
          response: { 200: apiKeyList, ...errors },
        },
      },
      async (request) => listApiKeys({ db, workspaceId: authOf(request).workspaceId }),
    );

    app.post(
      '/api-keys',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Create an API key for the current workspace (admin, signed-in user)',
          description:
            'Send the key as `Authorization: Bearer lck_…`. It acts in this workspace with its role, ' +
            'which defaults to editor and cannot exceed yours. The key is shown only once.',
          security,
          body: createApiKeyBody,
          response: { 201: createdApiKey, ...errors },
        },
      },
      async (request, reply) => {
        const context = authOf(request);
        const created = await createApiKey({
          db,
          workspaceId: context.workspaceId,
          actor: { userId: signedInUserId(context), role: context.role },
          input: request.body,
        });
        return reply.status(201).send(created);
      },
    );

    app.delete(
      '/api-keys/:id',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Revoke an API key (admin, signed-in user)',
          security,
          params: apiKeyIdParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const context = authOf(request);
        signedInUserId(context); // A key must not revoke keys: a leaked key could lock its owners out.
        await revokeApiKey({
          db,
          workspaceId: context.workspaceId,
          apiKeyId: request.params.id,
          accessChanged: authCache.invalidate,
        });
        return reply.status(204).send(null);
      },
    );
  };
