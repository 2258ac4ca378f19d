import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { signedInUserId } from './actor.js';
import { changeMemberRole } from './change-member-role.js';
import { listMembers } from './list-members.js';
import { removeMember } from './remove-member.js';
import { changeRoleBody, memberList, memberSchema, userIdParams } from './schemas.js';

const readErrors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const errors = { ...readErrors, 409: errorBodySchema };
const security = [{ bearer: [] }];
const tags = ['members'];

export const memberRoutes =
  ({ db, auth, authCache }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/members',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'The members of the current workspace',
          security,
          response: { 200: memberList, ...readErrors },
        },
      },
      async (request) => listMembers({ db, workspaceId: authOf(request).workspaceId }),
    );

    app.patch(
      '/members/:userId',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: "Change a member's role (admin; only owners grant or take away owner)",
          security,
          params: userIdParams,
          body: changeRoleBody,
          response: { 200: memberSchema, ...errors },
        },
      },
      async (request) => {
        const context = authOf(request);
        return changeMemberRole({
          db,
          workspaceId: context.workspaceId,
          actorId: signedInUserId(context),
          targetUserId: request.params.userId,
          role: request.body.role,
          accessChanged: authCache.invalidate,
        });
      },
    );

    app.delete(
      '/members/:userId',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'Remove a member (admin), or leave the workspace (your own user id)',
          security,
          params: userIdParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const context = authOf(request);
        await removeMember({
          db,
          workspaceId: context.workspaceId,
          actorId: signedInUserId(context),
          targetUserId: request.params.userId,
          accessChanged: authCache.invalidate,
        });
        return reply.status(204).send(null);
      },
    );
  };
