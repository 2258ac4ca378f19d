import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { authOf } from '../../http/auth.js';
import { errorBodySchema } from '../../http/errors.js';
import { createWebhook } from './create-webhook.js';
import { deleteWebhook } from './delete-webhook.js';
import { listDeliveries } from './list-deliveries.js';
import { getWebhook, listWebhooks } from './list-webhooks.js';
import { retryDelivery } from './retry-delivery.js';
import {
  createdWebhook,
  createWebhookBody,
  deliveryIdParams,
  deliveryList,
  deliveryQuery,
  deliverySchema,
  testDelivery,
  updateWebhookBody,
  webhookIdParams,
  webhookList,
  webhookSchema,
} from './schemas.js';
import { testWebhook } from './test-webhook.js';
import { updateWebhook } from './update-webhook.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
};
const security = [{ bearer: [] }];
const tags = ['webhooks'];

const signing =
  'Each delivery is a POST of `{"id","kind","createdAt","workspaceId","data"}` with `Listcast-Event`, ' +
  '`Listcast-Delivery` and `Listcast-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" ' +
  'keyed with the secret>`. Answer 2xx within 10 s; anything else is retried eight times with ' +
  'back-off; 410 Gone switches the webhook off.';

export const webhookRoutes =
  ({ db, jobs, auth, config, webhookSealer }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const policy = { allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK };

    app.get(
      '/webhooks',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: "The workspace's webhook endpoints (never their secrets)",
          security,
          response: { 200: webhookList, ...errors },
        },
      },
      async (request) => listWebhooks({ db, workspaceId: authOf(request).workspaceId }),
    );

    app.post(
      '/webhooks',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Register a webhook endpoint (admin)',
          description: `Events are sent to a public https URL; \`events\` picks kinds (none: all). The signing secret is shown only in this answer. ${signing}`,
          security,
          body: createWebhookBody,
          response: { 201: createdWebhook, ...errors },
        },
      },
      async (request, reply) => {
        const context = authOf(request);
        const created = await createWebhook({
          db,
          sealer: webhookSealer,
          policy,
          workspaceId: context.workspaceId,
          userId: context.userId,
          input: request.body,
        });
        return reply.status(201).send(created);
      },
    );

    app.get(
      '/webhooks/:id',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: 'One webhook endpoint (never its secret)',
          security,
          params: webhookIdParams,
          response: { 200: webhookSchema, ...errors },
        },
      },
      async (request) => getWebhook({ db, workspaceId: authOf(request).workspaceId, id: request.params.id }),
    );

    app.patch(
      '/webhooks/:id',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: "Change a webhook's URL, events or description, or switch it on or off (admin)",
          security,
          params: webhookIdParams,
          body: updateWebhookBody,
          response: { 200: webhookSchema, ...errors },
        },
      },
      async (request) =>
        updateWebhook({
          db,
          policy,
          workspaceId: authOf(request).workspaceId,
          id: request.params.id,
          patch: request.body,
        }),
    );

    app.delete(
      '/webhooks/:id',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Delete a webhook and its delivery log (admin)',
          security,
          params: webhookIdParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await deleteWebhook({ db, workspaceId: authOf(request).workspaceId, id: request.params.id });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/webhooks/:id/test',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Send a `webhook.test` event to this endpoint only (admin)',
          description: 'Delivered like any event; the outcome shows in its delivery log.',
          security,
          params: webhookIdParams,
          response: { 202: testDelivery, ...errors },
        },
      },
      async (request, reply) => {
        const context = authOf(request);
        const sent = await testWebhook({
          db,
          jobs,
          workspaceId: context.workspaceId,
          id: request.params.id,
          userId: context.userId,
        });
        return reply.status(202).send(sent);
      },
    );

    app.get(
      '/webhooks/:id/deliveries',
      {
        onRequest: auth.require('viewer'),
        schema: {
          tags,
          summary: "A webhook's delivery log, newest first, with every attempt",
          security,
          params: webhookIdParams,
          querystring: deliveryQuery,
          response: { 200: deliveryList, ...errors },
        },
      },
      async (request) =>
        listDeliveries({
          db,
          workspaceId: authOf(request).workspaceId,
          webhookId: request.params.id,
          limit: request.query.limit,
        }),
    );

    app.post(
      '/webhook-deliveries/:id/retry',
      {
        onRequest: auth.require('admin'),
        schema: {
          tags,
          summary: 'Send a failed delivery again (admin)',
          description: 'Only a `failed` delivery of an active webhook; it gets a fresh round of retries.',
          security,
          params: deliveryIdParams,
          response: { 202: deliverySchema, ...errors },
        },
      },
      async (request, reply) => {
        const retried = await retryDelivery({
          db,
          jobs,
          workspaceId: authOf(request).workspaceId,
          id: request.params.id,
        });
        return reply.status(202).send(retried);
      },
    );
  };
