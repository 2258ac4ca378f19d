import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { hideMessage, replyToThread, updateThread } from './act-on-thread.js';
import {
  hideBody,
  idParams,
  messageSchema,
  replyBody,
  settingsPatch,
  settingsSchema,
  threadDetail,
  threadList,
  threadPatch,
  threadQuery,
} from './schemas.js';
import { getEngagementSettings, updateEngagementSettings } from './settings.js';
import { getThread, listThreads } from './threads.js';
import { z } from 'zod';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  422: errorBodySchema,
  503: errorBodySchema,
};
const security = [{ bearer: [] }];
const tags = ['inbox'];

/** The engagement inbox: comments, mentions and messages from every connected account, triaged. */
export const inboxRoutes =
  (services: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, jobs, auth } = services;

    app.get(
      '/inbox/threads',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'Conversations: escalations first, then the latest',
          description: 'Filter by platform, intent, sentiment, status, kind, assignee, listing or account.',
          security,
          querystring: threadQuery,
          response: { 200: threadList, ...errors },
        },
      },
      async (request) => listThreads({ db, workspaceId: authOf(request).workspaceId, query: request.query }),
    );

    app.get(
      '/inbox/threads/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'One conversation with its messages and the person’s lead',
          security,
          params: idParams,
          response: { 200: threadDetail, ...errors },
        },
      },
      async (request) => getThread({ db, workspaceId: authOf(request).workspaceId, id: request.params.id }),
    );

    app.post(
      '/inbox/threads/:id/reply',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          summary: 'Reply on the network (queued; never posted twice)',
          description:
            'Checked against the fair-housing rules first (422 `compliance_failed`). `private: true` answers an Instagram commenter by direct message.',
          security,
          params: idParams,
          body: replyBody,
          response: { 202: messageSchema, ...errors },
        },
      },
      async (request, reply) => {
        const context = authOf(request);
        const message = await replyToThread({
          ctx: services,
          workspaceId: context.workspaceId,
          userId: context.userId,
          id: request.params.id,
          text: request.body.text,
          private: request.body.private,
        });
        return reply.code(202).send(message);
      },
    );

    app.patch(
      '/inbox/threads/:id',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          summary: 'Mark handled or open, or assign to a member',
          security,
          params: idParams,
          body: threadPatch,
          response: { 200: threadDetail, ...errors },
        },
      },
      async (request) => {
        const context = authOf(request);
        await updateThread({
          db,
          jobs,
          workspaceId: context.workspaceId,
          actorId: context.userId,
          id: request.params.id,
          patch: request.body,
        });
        return getThread({ db, workspaceId: context.workspaceId, id: request.params.id });
      },
    );

    app.post(
      '/inbox/messages/:id/hide',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          summary: 'Hide (or show again) a comment on the network',
          security,
          params: idParams,
          body: hideBody,
          response: { 200: z.object({ id: z.uuid(), hidden: z.boolean() }), ...errors },
        },
      },
      async (request) =>
        hideMessage({
          ctx: services,
          workspaceId: authOf(request).workspaceId,
          id: request.params.id,
          hidden: request.body.hidden,
        }),
    );

    app.get(
      '/inbox/settings',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary:
            'Engagement automation: spam hiding, automatic replies, business hours, minimum confidence',
          security,
          response: { 200: settingsSchema, ...errors },
        },
      },
      async (request) => getEngagementSettings({ db, workspaceId: authOf(request).workspaceId }),
    );

    app.patch(
      '/inbox/settings',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Change engagement automation (admins)',
          description:
            'Negative or unclear messages are always escalated to a person, whatever the rules; complaints and spam are never answered automatically.',
          security,
          body: settingsPatch,
          response: { 200: settingsSchema, ...errors },
        },
      },
      async (request) =>
        updateEngagementSettings({ db, workspaceId: authOf(request).workspaceId, patch: request.body }),
    );
  };
