import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../app.js';
import { authOf, userOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { createWorkspace } from './create-workspace.js';
import { getWorkspace } from './get-workspace.js';
import { invitationRoutes } from './invitations-routes.js';
import { listWorkspaces } from './list-workspaces.js';
import { memberRoutes } from './members-routes.js';
import { createWorkspaceBody, updateWorkspaceBody, workspaceList, workspaceSchema } from './schemas.js';
import { updateWorkspace } from './update-workspace.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const security = [{ bearer: [] }];
const tags = ['workspaces'];

/** Workspaces, their members and invitations. */
export const workspaceRoutes =
  (services: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, auth } = services;

    app.get(
      '/workspaces',
      {
        onRequest: auth.user(),
        schema: {
          tags,
          summary: 'The workspaces the signed-in user belongs to, with their role in each',
          security,
          response: { 200: workspaceList, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      async (request) => listWorkspaces({ db, userId: userOf(request).userId }),
    );

    app.post(
      '/workspaces',
      {
        onRequest: auth.user(),
        schema: {
          tags,
          summary: 'Create a shared workspace owned by the signed-in user',
          security,
          body: createWorkspaceBody,
          response: { 201: workspaceSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createWorkspace({ db, userId: userOf(request).userId, input: request.body })),
    );

    app.get(
      '/workspace',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'The current workspace (personal, or the one named by X-Workspace-Id)',
          security,
          response: { 200: workspaceSchema, ...errors },
        },
      },
      async (request) => {
        const { workspaceId, role } = authOf(request);
        return getWorkspace({ db, workspaceId, role });
      },
    );

    app.patch(
      '/workspace',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Rename the current workspace or change its time zone (admin)',
          security,
          body: updateWorkspaceBody,
          response: { 200: workspaceSchema, ...errors },
        },
      },
      async (request) => {
        const { workspaceId, role } = authOf(request);
        return updateWorkspace({ db, workspaceId, role, input: request.body });
      },
    );

    await app.register(memberRoutes(services));
    await app.register(invitationRoutes(services));
  };
