import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { cancelPost, duplicatePost, publishNow, updatePost } from './change-post.js';
import { createPost, type PostDeps } from './create-post.js';
import { calendar, listPosts } from './list-posts.js';
import { postView } from './repository.js';
import {
  calendarQuery,
  createPostBody,
  idParams,
  listPostsQuery,
  postList,
  postSchema,
  updatePostBody,
} from './schemas.js';

const tags = ['posts'];
const security = [{ bearer: [] }];
const readErrors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const writeErrors = { ...readErrors, 409: errorBodySchema, 422: errorBodySchema };
const one = { 200: postSchema, ...writeErrors };

export const postRoutes =
  ({ db, jobs, storage, mediaUrls, auth }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = (request: Parameters<typeof authOf>[0]): PostDeps => {
      const { workspaceId, userId } = authOf(request);
      return { db, jobs, storage, urls: mediaUrls, workspaceId, userId };
    };

    app.post(
      '/posts',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary:
            'Create a post for one or more accounts: a draft, or scheduled when `scheduledAt` is given',
          description:
            "A scheduled post is checked against every target's rules first; 422 `post_invalid` lists each " +
            'problem as `{accountId, platform, handle, rule, message}`.',
          body: createPostBody,
          response: { 201: postSchema, ...writeErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createPost({ ...deps(request), body: request.body })),
    );

    app.get(
      '/posts',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'Posts, newest first',
          querystring: listPostsQuery,
          response: { 200: postList, ...readErrors },
        },
      },
      async (request) => ({
        items: await listPosts({ db, workspaceId: authOf(request).workspaceId, ...request.query }),
      }),
    );

    app.get(
      '/calendar',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'Posts scheduled between `from` and `to` (at most 62 days), in time order',
          querystring: calendarQuery,
          response: { 200: postList, ...readErrors },
        },
      },
      async (request) => ({
        items: await calendar({
          db,
          workspaceId: authOf(request).workspaceId,
          from: new Date(request.query.from),
          to: new Date(request.query.to),
        }),
      }),
    );

    app.get(
      '/posts/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          security,
          summary: 'One post with each target’s status',
          params: idParams,
          response: { 200: postSchema, ...readErrors },
        },
      },
      async (request) => postView(db, authOf(request).workspaceId, request.params.id),
    );

    app.patch(
      '/posts/:id',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Edit or reschedule a post that has not gone out',
          params: idParams,
          body: updatePostBody,
          response: one,
        },
      },
      async (request) => updatePost({ ...deps(request), id: request.params.id, body: request.body }),
    );

    for (const [action, summary, verb] of [
      ['publish', 'Publish now (targets already published are not posted again)', publishNow],
      ['cancel', 'Cancel what has not gone out', cancelPost],
    ] as const) {
      app.post(
        `/posts/:id/${action}`,
        {
          onRequest: auth.require('editor'),
          schema: { tags, security, summary, params: idParams, response: one },
        },
        async (request) => verb({ ...deps(request), id: request.params.id }),
      );
    }

    app.post(
      '/posts/:id/duplicate',
      {
        onRequest: auth.require('editor'),
        schema: {
          tags,
          security,
          summary: 'Copy a post as a new draft',
          params: idParams,
          response: { 201: postSchema, ...writeErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await duplicatePost({ ...deps(request), id: request.params.id })),
    );
  };
