import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { authOf, userOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { acceptInvitation } from './accept-invitation.js';
import { signedInUserId } from './actor.js';
import { inviteMember } from './invite-member.js';
import { listInvitations } from './list-invitations.js';
import { revokeInvitation } from './revoke-invitation.js';
import {
  acceptBody,
  acceptedInvitation,
  createdInvitation,
  idParams,
  invitationList,
  inviteBody,
} from './schemas.js';

const readErrors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const errors = { ...readErrors, 409: errorBodySchema };
const security = [{ bearer: [] }];
const tags = ['invitations'];

export const invitationRoutes =
  ({ db, auth, jobs, config }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/invitations',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Invite someone by email (admin; only owners invite owners)',
          description:
            'Re-inviting an address revokes its pending invitation. Without SMTP the email is recorded ' +
            'but not sent (`delivery: link_only`): share `acceptUrl` yourself.',
          security,
          body: inviteBody,
          response: { 201: createdInvitation, ...errors },
        },
      },
      async (request, reply) => {
        const context = authOf(request);
        const invitation = await inviteMember({
          db,
          jobs,
          publicUrl: config.publicUrl,
          emailConfigured: Boolean(config.SMTP_URL),
          workspaceId: context.workspaceId,
          actor: { userId: signedInUserId(context), role: context.role },
          input: request.body,
        });
        return reply.status(201).send(invitation);
      },
    );

    app.get(
      '/invitations',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Pending invitations of the current workspace (admin)',
          security,
          response: { 200: invitationList, ...readErrors },
        },
      },
      async (request) => listInvitations({ db, workspaceId: authOf(request).workspaceId }),
    );

    app.delete(
      '/invitations/:id',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Revoke a pending invitation (admin)',
          security,
          params: idParams,
          response: { 204: z.null(), ...readErrors },
        },
      },
      async (request, reply) => {
        const context = authOf(request);
        signedInUserId(context); // API keys do not manage who joins.
        await revokeInvitation({ db, workspaceId: context.workspaceId, invitationId: request.params.id });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/invitations/accept',
      {
        onRequest: auth.user(),
        schema: {
          tags,
          summary: 'Accept an invitation sent to your email address and join its workspace',
          description:
            'Unknown, used or revoked tokens answer 404, expired ones 410; another address answers 403.',
          security,
          body: acceptBody,
          response: { 200: acceptedInvitation, ...errors, 410: errorBodySchema },
        },
      },
      async (request) => acceptInvitation({ db, userId: userOf(request).userId, token: request.body.token }),
    );
  };
