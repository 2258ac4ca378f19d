import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { getAutomationSettings, updateAutomationSettings } from './automation-settings.js';
import { getBestTimes } from './best-times.js';
import { readLog } from './campaign-log.js';
import { copyTemplate, deleteTemplate, updateTemplate } from './edit-templates.js';
import { listTemplates } from './list-templates.js';
import { getPostingRules, updatePostingRules } from './posting-rules.js';
import {
  automationSettingsPatch,
  automationSettingsSchema,
  bestTimesQuery,
  bestTimesSchema,
  copyTemplateBody,
  idParams,
  logQuery,
  logSchema,
  postingRulesPatch,
  postingRulesSchema,
  templateList,
  templateParams,
  templateSchema,
  updateTemplateBody,
} from './schemas.js';
import { resolveTemplate, toTemplateView } from './template-repository.js';

const tags = ['automation'];
const security = [{ bearer: [] }];
const readErrors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const writeErrors = { ...readErrors, 409: errorBodySchema, 422: errorBodySchema };

/** Campaign templates, automation settings, the campaign log, and each account's best times and rules. */
export const automationRoutes =
  ({ db, auth }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/campaign-templates',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'Campaign templates: the built-in ones, then the workspace’s own',
          response: { 200: templateList, ...readErrors },
        },
      },
      async (request) => ({ items: await listTemplates({ db, workspaceId: authOf(request).workspaceId }) }),
    );

    app.get(
      '/campaign-templates/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'One template, built-in (by key) or the workspace’s (by id)',
          params: templateParams,
          response: { 200: templateSchema, ...readErrors },
        },
      },
      async (request) =>
        toTemplateView(await resolveTemplate(db, authOf(request).workspaceId, request.params.id)),
    );

    app.post(
      '/campaign-templates',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Copy a template into the workspace, to edit it',
          body: copyTemplateBody,
          response: { 201: templateSchema, ...writeErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId, userId } = authOf(request);
        return reply.status(201).send(await copyTemplate({ db, workspaceId, userId, ...request.body }));
      },
    );

    app.patch(
      '/campaign-templates/:id',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary:
            'Change a workspace template: name, steps (days, times, platforms, content, images), recurrence',
          params: idParams,
          body: updateTemplateBody,
          response: { 200: templateSchema, ...writeErrors },
        },
      },
      async (request) =>
        updateTemplate({
          db,
          workspaceId: authOf(request).workspaceId,
          id: request.params.id,
          patch: request.body,
        }),
    );

    app.delete(
      '/campaign-templates/:id',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Delete a workspace template',
          params: idParams,
          response: { 204: z.null(), ...writeErrors },
        },
      },
      async (request, reply) => {
        await deleteTemplate({ db, workspaceId: authOf(request).workspaceId, id: request.params.id });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/automation/settings',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary:
            'Which listing events start which campaigns, on which accounts, and whether approval is required',
          response: { 200: automationSettingsSchema, ...readErrors },
        },
      },
      async (request) => getAutomationSettings({ db, workspaceId: authOf(request).workspaceId }),
    );

    app.patch(
      '/automation/settings',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          security,
          summary: 'Change the automation settings (admins and owners)',
          body: automationSettingsPatch,
          response: { 200: automationSettingsSchema, ...writeErrors },
        },
      },
      async (request) =>
        updateAutomationSettings({ db, workspaceId: authOf(request).workspaceId, patch: request.body }),
    );

    app.get(
      '/campaign-log',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'What changed in campaigns and why (people and automation), newest first',
          querystring: logQuery,
          response: { 200: logSchema, ...readErrors },
        },
      },
      async (request) => ({
        items: await readLog({ db, workspaceId: authOf(request).workspaceId, ...request.query }),
      }),
    );

    app.get(
      '/accounts/:id/best-times',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary:
            "The account's best hours to post, from its own engagement (or its platform's usual times), and why",
          params: idParams,
          querystring: bestTimesQuery,
          response: { 200: bestTimesSchema, ...readErrors },
        },
      },
      async (request) =>
        getBestTimes({
          db,
          workspaceId: authOf(request).workspaceId,
          accountId: request.params.id,
          timezone: request.query.timezone,
        }),
    );

    app.get(
      '/accounts/:id/posting-rules',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: "The account's quiet hours and daily cap, which campaign scheduling respects",
          params: idParams,
          response: { 200: postingRulesSchema, ...readErrors },
        },
      },
      async (request) =>
        getPostingRules({ db, workspaceId: authOf(request).workspaceId, accountId: request.params.id }),
    );

    app.patch(
      '/accounts/:id/posting-rules',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Change quiet hours (null: none) or the daily cap',
          params: idParams,
          body: postingRulesPatch,
          response: { 200: postingRulesSchema, ...writeErrors },
        },
      },
      async (request) =>
        updatePostingRules({
          db,
          workspaceId: authOf(request).workspaceId,
          accountId: request.params.id,
          patch: request.body,
        }),
    );
  };
