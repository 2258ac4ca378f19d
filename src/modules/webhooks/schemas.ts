import { z } from 'zod';
import { eventKinds } from '../events/emit-event.js';

const url = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe('Where events are POSTed: https, on a public host');
const events = z
  .array(z.enum(eventKinds))
  .max(eventKinds.length)
  .transform((kinds) => [...new Set(kinds)])
  .describe('Event kinds to send; empty or left out: all of them');
const description = z.string().trim().max(500);

export const createWebhookBody = z.object({
  url,
  events: events.default([]),
  description: description.optional(),
});

export const updateWebhookBody = z.object({
  url: url.optional(),
  events: events.optional(),
  description: description.nullable().optional(),
  active: z.boolean().optional().describe('false: nothing is sent until it is true again'),
});

export const webhookIdParams = z.object({ id: z.uuid() });
export const deliveryIdParams = z.object({ id: z.uuid() });

export const webhookSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    active: z.boolean().describe('false after the endpoint answered 410 Gone, or when switched off'),
    createdBy: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Webhook' });

export const webhookList = z.object({ items: z.array(webhookSchema) });

export const createdWebhook = webhookSchema
  .extend({
    secret: z
      .string()
      .describe('Signs every delivery (`Listcast-Signature`). Shown only in this response; store it now'),
  })
  .meta({ id: 'CreatedWebhook' });

export const deliverySchema = z
  .object({
    id: z.uuid(),
    webhookId: z.uuid(),
    eventId: z.number().int(),
    kind: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.array(
      z.object({
        at: z.string().describe('When the attempt started (ISO 8601)'),
        status: z.number().int().nullable().describe('The HTTP status answered; null if none'),
        error: z.string().nullable().describe('Why no answer came, or why it was not accepted'),
        ms: z.number().describe('How long the attempt took'),
      }),
    ),
    deliveredAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'WebhookDelivery' });

export const deliveryQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });

export const deliveryList = z.object({ items: z.array(deliverySchema) });

export const testDelivery = z.object({
  eventId: z.number().int().describe('The `webhook.test` event sent; its delivery shows in the log'),
});
