import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { AppError } from '../../lib/errors.js';
import { platforms } from '../../ai/content.js';
import { createSandboxAccount, deleteAccount, listAccounts } from './accounts.js';
import { finishConnection, startConnection, type ConnectDeps } from './connect.js';
import { accountList, accountSchema, idParams, sandboxAccountBody } from './schemas.js';

const tags = ['accounts'];
const security = [{ bearer: [] }];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

const connectDeps = (services: Services): ConnectDeps => ({
  db: services.db,
  jobs: services.jobs,
  registry: services.platforms,
  sealer: services.tokenSealer,
  stateKey: services.oauthStateKey,
  publicUrl: services.config.publicUrl,
});

export const accountRoutes =
  (services: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, auth } = services;
    app.get(
      '/accounts/connect/:platform',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          security,
          summary: "Start connecting a real account: the platform's sign-in URL to send the user to",
          description:
            'The URL carries a signed, single-use `state` that expires in 10 minutes (and a PKCE challenge ' +
            'for X). The platform redirects to `{PUBLIC_URL}/accounts/callback/{platform}`. Instagram: ' +
            '`login=instagram` (Instagram Login) or `login=facebook` (through a Facebook Page).',
          params: z.object({ platform: z.enum(platforms) }),
          querystring: z.strictObject({ login: z.enum(['instagram', 'facebook']).optional() }),
          response: {
            200: z.object({ authorizeUrl: z.string(), expiresAt: z.string() }),
            ...errors,
            422: errorBodySchema,
          },
        },
      },
      async (request) => {
        const { workspaceId, userId } = authOf(request);
        if (!userId)
          throw new AppError('forbidden', 'Connect accounts signed in as a person, not with an API key');
        const { platform } = request.params;
        const login = platform === 'instagram' ? (request.query.login ?? 'instagram') : 'default';
        return startConnection({ ...connectDeps(services), workspaceId, userId, platform, login });
      },
    );

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

/**
 * Where a platform sends the browser back after sign-in. No credentials: the signed, single-use state
 * names the user and workspace. Left out of the OpenAPI document (platforms call it, not clients).
 */
export const oauthCallbackRoutes =
  (services: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/accounts/callback/:platform',
      {
        schema: {
          hide: true,
          params: z.object({ platform: z.enum(platforms) }),
          querystring: z.object({
            code: z.string().max(2000).optional(),
            state: z.string().max(200),
            error: z.string().max(200).optional(),
          }),
        },
      },
      async (request) => ({
        accounts: await finishConnection({
          ...connectDeps(services),
          log: request.log,
          platform: request.params.platform,
          code: request.query.code,
          state: request.query.state,
          error: request.query.error,
        }),
      }),
    );
  };
