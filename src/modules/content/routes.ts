import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { checkText } from './check-text.js';
import { createBrandPosts } from './create-brand-posts.js';
import { editPost } from './edit-post.js';
import { generateListingContent, type GenerateOutcome } from './generate-listing-content.js';
import { listContent, listListingContent } from './list-content.js';
import { regenerate } from './regenerate.js';
import { findContentSet, toContentSet } from './repository.js';
import {
  brandPostBody,
  checkBody,
  checkResponse,
  contentSetList,
  contentSetResponse,
  editPostBody,
  generateBody,
  idParams,
  listContentQuery,
  postParams,
  regenerateBody,
  settingsPatch,
  settingsSchema,
  usageQuery,
  usageResponse,
  type ContentSetView,
} from './schemas.js';
import { getContentSettings, updateContentSettings } from './settings.js';
import { usageByMonth } from './usage.js';

const tags = ['content'];
const security = [{ bearer: [] }];
const readErrors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const writeErrors = { ...readErrors, 409: errorBodySchema, 422: errorBodySchema };
const generated = {
  200: contentSetResponse.describe('An identical request was answered before: that set, unchanged'),
  201: contentSetResponse.describe('Written now (built-in copywriter)'),
  202: contentSetResponse.describe('Queued for the language model: poll GET /content/{id} until ready'),
};
const statusOf: Record<GenerateOutcome, 200 | 201 | 202> = { cached: 200, created: 201, queued: 202 };
const sendGenerated = (
  reply: FastifyReply,
  result: { contentSet: ContentSetView; outcome: GenerateOutcome },
) => reply.status(statusOf[result.outcome]).send({ contentSet: result.contentSet });

export const contentRoutes =
  ({ db, jobs, auth, models }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/listings/:id/content',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary:
            'Write a content set for a listing and event: analysis, descriptions, one post per platform',
          description:
            'Answers at once with the built-in copywriter (201), or queues the set for a configured language ' +
            'model (202; poll `GET /content/{id}`). An identical request answers the earlier set (200) unless ' +
            '`regenerate` is true. A model call that would break the workspace cost cap falls back to the ' +
            'built-in copywriter or answers 422 `cost_cap_exceeded`, per the content settings.',
          params: idParams,
          body: generateBody,
          response: { ...generated, ...writeErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId, userId } = authOf(request);
        const result = await generateListingContent({
          db,
          jobs,
          models,
          workspaceId,
          userId,
          listingId: request.params.id,
          body: request.body,
        });
        return sendGenerated(reply, result);
      },
    );

    app.get(
      '/listings/:id/content',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: "A listing's content sets, every event and version, newest first",
          params: idParams,
          response: { 200: contentSetList, ...readErrors },
        },
      },
      async (request) => ({
        items: await listListingContent({
          db,
          workspaceId: authOf(request).workspaceId,
          listingId: request.params.id,
        }),
      }),
    );

    app.post(
      '/content/posts',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Write posts for a brand without listings, from a topic and a brief',
          body: brandPostBody,
          response: { ...generated, ...writeErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId, userId } = authOf(request);
        return sendGenerated(
          reply,
          await createBrandPosts({ db, jobs, models, workspaceId, userId, body: request.body }),
        );
      },
    );

    app.post(
      '/content/check',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary:
            'Check any text for fair-housing problems, and (with a platform) its limits and required text',
          body: checkBody,
          response: { 200: checkResponse, ...readErrors },
        },
      },
      async (request) =>
        checkText({
          db,
          workspaceId: authOf(request).workspaceId,
          text: request.body.text,
          platform: request.body.platform,
        }),
    );

    app.get(
      '/content/settings',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'Content settings',
          response: { 200: settingsSchema, ...readErrors },
        },
      },
      async (request) => getContentSettings({ db, workspaceId: authOf(request).workspaceId }),
    );

    app.patch(
      '/content/settings',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          security,
          summary: 'Change content settings (admins and owners)',
          body: settingsPatch,
          response: { 200: settingsSchema, ...writeErrors },
        },
      },
      async (request) =>
        updateContentSettings({ db, workspaceId: authOf(request).workspaceId, patch: request.body }),
    );

    app.get(
      '/content',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: "The workspace's most recent content sets",
          querystring: listContentQuery,
          response: { 200: contentSetList, ...readErrors },
        },
      },
      async (request) => ({
        items: await listContent({ db, workspaceId: authOf(request).workspaceId, ...request.query }),
      }),
    );

    app.get(
      '/content/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'One content set (poll this while it is generating)',
          params: idParams,
          response: { 200: contentSetResponse, ...readErrors },
        },
      },
      async (request) => ({
        contentSet: toContentSet(await findContentSet(db, authOf(request).workspaceId, request.params.id)),
      }),
    );

    app.patch(
      '/content/:id/posts/:platform',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary:
            "Edit one post's text, hashtags or call to action (limits and compliance are checked again)",
          params: postParams,
          body: editPostBody,
          response: { 200: contentSetResponse, ...writeErrors },
        },
      },
      async (request) => ({
        contentSet: await editPost({
          db,
          workspaceId: authOf(request).workspaceId,
          id: request.params.id,
          platform: request.params.platform,
          patch: request.body,
        }),
      }),
    );

    app.post(
      '/content/:id/regenerate',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'New words for one post (in place) or for the whole set (a new version)',
          params: idParams,
          body: regenerateBody,
          response: { ...generated, ...writeErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId, userId } = authOf(request);
        const result = await regenerate({
          db,
          jobs,
          models,
          workspaceId,
          userId,
          id: request.params.id,
          platform: request.body.platform,
        });
        return sendGenerated(reply, result);
      },
    );

    app.get(
      '/usage',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'Language-model calls and their cost per month',
          querystring: usageQuery,
          response: { 200: usageResponse, ...readErrors },
        },
      },
      async (request) => ({
        months: await usageByMonth({
          db,
          workspaceId: authOf(request).workspaceId,
          months: request.query.months,
        }),
      }),
    );
  };
