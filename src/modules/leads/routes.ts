import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { startSequence } from '../sequences/sequences.js';
import {
  addNote,
  createLead,
  getLead,
  getScoreWeights,
  listLeads,
  scoreHistoryOf,
  setScoreWeights,
  updateLead,
} from './leads.js';
import {
  createLeadBody,
  idParams,
  leadDetail,
  leadList,
  leadPatch,
  leadQuery,
  noteBody,
  scoreHistory,
  weightsSchema,
} from './schemas.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const security = [{ bearer: [] }];
const tags = ['leads'];

/** Leads: people who showed interest, deduplicated, scored (0–10, explained) and moved through a pipeline. */
export const leadRoutes =
  ({ db, jobs, auth, config }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/leads',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'Leads, highest score first (or most recent), with counts per stage',
          security,
          querystring: leadQuery,
          response: { 200: leadList, ...errors },
        },
      },
      async (request) => listLeads({ db, workspaceId: authOf(request).workspaceId, query: request.query }),
    );

    app.post(
      '/leads',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          summary: 'Add a lead by hand (merged with an existing one with the same email or phone)',
          security,
          body: createLeadBody,
          response: { 200: leadDetail, 201: leadDetail, ...errors },
        },
      },
      async (request, reply) => {
        const context = authOf(request);
        const { created, ...lead } = await createLead({
          db,
          jobs,
          config,
          workspaceId: context.workspaceId,
          actorId: context.userId,
          body: request.body,
        });
        return reply.code(created ? 201 : 200).send(lead);
      },
    );

    app.get(
      '/leads/scoring',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'The workspace’s score weights (normalised to sum 1)',
          security,
          response: { 200: weightsSchema, ...errors },
        },
      },
      async (request) => getScoreWeights({ db, workspaceId: authOf(request).workspaceId }),
    );

    app.put(
      '/leads/scoring',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Change the score weights (admins); every lead is scored again',
          security,
          body: weightsSchema,
          response: { 200: weightsSchema, ...errors },
        },
      },
      async (request) =>
        setScoreWeights({ db, jobs, workspaceId: authOf(request).workspaceId, weights: request.body }),
    );

    app.get(
      '/leads/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'A lead: timeline, identities and the score’s explanation',
          security,
          params: idParams,
          response: { 200: leadDetail, ...errors },
        },
      },
      async (request) => getLead({ db, workspaceId: authOf(request).workspaceId, id: request.params.id }),
    );

    app.patch(
      '/leads/:id',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          summary: 'Change stage, owner, name or what they asked for',
          description: 'A stage change stops the lead’s follow-up sequence.',
          security,
          params: idParams,
          body: leadPatch,
          response: { 200: leadDetail, ...errors },
        },
      },
      async (request) => {
        const context = authOf(request);
        return updateLead({
          db,
          jobs,
          workspaceId: context.workspaceId,
          actorId: context.userId,
          id: request.params.id,
          patch: request.body,
        });
      },
    );

    app.post(
      '/leads/:id/notes',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          summary: 'Add a note to the timeline',
          security,
          params: idParams,
          body: noteBody,
          response: { 201: z.object({ id: z.uuid() }), ...errors },
        },
      },
      async (request, reply) => {
        const context = authOf(request);
        const note = await addNote({
          db,
          workspaceId: context.workspaceId,
          actorId: context.userId,
          id: request.params.id,
          text: request.body.text,
        });
        return reply.code(201).send(note);
      },
    );

    app.get(
      '/leads/:id/scores',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'Every score the lead was given, newest first, with the weights used',
          security,
          params: idParams,
          response: { 200: scoreHistory, ...errors },
        },
      },
      async (request) =>
        scoreHistoryOf({ db, workspaceId: authOf(request).workspaceId, id: request.params.id }),
    );

    app.post(
      '/leads/:id/sequences',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          summary: 'Start the follow-up email sequence for this lead',
          description:
            'Only for a lead with an email address who agreed to be contacted and is not unsubscribed.',
          security,
          params: idParams,
          response: {
            200: z.object({
              status: z.enum(['started', 'skipped']),
              reason: z
                .string()
                .nullable()
                .describe('Why not: no_email, no_consent, suppressed, already_active'),
              sequenceId: z.uuid().nullable(),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const context = authOf(request);
        await getLead({ db, workspaceId: context.workspaceId, id: request.params.id });
        return db.transaction(async (tx) => {
          const result = await startSequence({
            tx,
            jobs,
            workspaceId: context.workspaceId,
            leadId: request.params.id,
            timeScale: config.SEQUENCE_TIME_SCALE,
            actorId: context.userId,
          });
          return {
            status: result.status,
            reason: result.status === 'skipped' ? result.reason : null,
            sequenceId: result.sequenceId ?? null,
          };
        });
      },
    );
  };
