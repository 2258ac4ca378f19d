import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { userOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { AppError } from '../../lib/errors.js';
import { getMe } from './get-me.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { refresh } from './refresh.js';
import { register } from './register.js';
import {
  loginBody,
  logoutBody,
  meResponse,
  refreshBody,
  registerBody,
  sessionResponse,
  tokenPair,
} from './schemas.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 409: errorBodySchema, 429: errorBodySchema };

export const authRoutes =
  ({ db, tokens, auth, authCache, config }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const refreshTtlDays = config.REFRESH_TOKEN_TTL_DAYS;
    const window = { max: config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 };
    const perIp = app.createRateLimit({ ...window, keyGenerator: (request) => `auth-ip:${request.ip}` });
    const perEmail = app.createRateLimit({
      ...window,
      keyGenerator: (request) =>
        `auth-email:${(request.body as { email?: string } | undefined)?.email ?? ''}`,
    });
    // Credential guessing is limited per IP and, separately, per targeted email.
    const limitAttempts = async (request: FastifyRequest, reply: FastifyReply) => {
      for (const check of [perIp, perEmail]) {
        const result = await check(request);
        if (!result.isAllowed && result.isExceeded) {
          void reply.header('retry-after', result.ttlInSeconds);
          throw new AppError('rate_limited', `Too many attempts; retry in ${result.ttlInSeconds} s`);
        }
      }
    };

    app.post(
      '/auth/register',
      {
        preHandler: limitAttempts,
        schema: {
          tags: ['auth'],
          summary: 'Create an account with a personal workspace',
          body: registerBody,
          response: { 201: sessionResponse, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await register({ db, tokens, refreshTtlDays, input: request.body })),
    );

    app.post(
      '/auth/login',
      {
        preHandler: limitAttempts,
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password',
          body: loginBody,
          response: { 200: sessionResponse, ...errors },
        },
      },
      async (request) => login({ db, tokens, refreshTtlDays, input: request.body }),
    );

    app.post(
      '/auth/refresh',
      {
        schema: {
          tags: ['auth'],
          summary: 'Exchange a refresh token for a new pair (the old one stops working)',
          body: refreshBody,
          response: { 200: tokenPair, ...errors },
        },
      },
      async (request) =>
        refresh({ db, tokens, refreshToken: request.body.refreshToken, accessChanged: authCache.invalidate }),
    );

    app.post(
      '/auth/logout',
      {
        onRequest: auth.user(),
        schema: {
          tags: ['auth'],
          summary: 'End this session (access and refresh tokens stop working)',
          security: [{ bearer: [] }],
          body: logoutBody,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const { userId, sessionId } = userOf(request);
        await logout({
          db,
          userId,
          sessionId,
          refreshToken: request.body?.refreshToken,
          accessChanged: authCache.invalidate,
        });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        onRequest: auth.user(),
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user and the workspaces they belong to',
          security: [{ bearer: [] }],
          response: { 200: meResponse, 401: errorBodySchema },
        },
      },
      async (request) => getMe({ db, userId: userOf(request).userId }),
    );
  };
