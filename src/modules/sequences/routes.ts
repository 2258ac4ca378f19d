import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { listSequences } from './list-sequences.js';
import { idParams, sequenceList, sequenceQuery, sequenceSchema } from './schemas.js';
import { stopSequence } from './stop-sequence.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const security = [{ bearer: [] }];
const tags = ['sequences'];

/** Follow-up enrolments: which leads get which emails, how far along, and why one stopped. */
export const sequenceRoutes =
  ({ db, auth }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/sequences',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'Follow-up sequences (enrolments), newest first, one page at a time',
          description:
            'Status `active` (steps still to send), `completed` (every step sent) or `stopped` with the ' +
            'reason: `replied`, `unsubscribed`, `stage_changed` or `manual`.',
          querystring: sequenceQuery,
          response: { 200: sequenceList, ...errors },
        },
      },
      async (request) =>
        listSequences({ db, workspaceId: authOf(request).workspaceId, query: request.query }),
    );

    app.post(
      '/sequences/:id/stop',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Stop a follow-up sequence: its remaining steps are not sent',
          description: 'A sequence that already completed or stopped is answered as it is.',
          params: idParams,
          response: { 200: sequenceSchema, ...errors },
        },
      },
      async (request) => {
        const { workspaceId, userId } = authOf(request);
        return stopSequence({ db, workspaceId, id: request.params.id, actorId: userId });
      },
    );
  };
