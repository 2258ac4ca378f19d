import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { createBatcher } from '../../lib/batcher.js';
import { AppError } from '../../lib/errors.js';
import { META_WEBHOOK_JOB } from './inbox-jobs.js';

/** Meta batches up to 1,000 updates in one delivery. */
const BODY_LIMIT = 8 * 1024 * 1024;

const verification = z.object({
  'hub.mode': z.string().optional(),
  'hub.verify_token': z.string().optional(),
  'hub.challenge': z.string().max(200).optional(),
});

/**
 * True when `header` is `sha256=<hex>` of the HMAC-SHA256 of the exact body bytes under one of the
 * app secrets (Facebook Login's app, Instagram Login's app), compared in constant time.
 */
export function validMetaSignature(body: Buffer, header: string | undefined, secrets: string[]): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(body).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/**
 * Meta's webhook callback: the subscription handshake (`GET`), and events (`POST`) verified over the
 * raw body bytes — never re-serialised JSON, which would not match Meta's `\uXXXX` escaping — then
 * queued and acknowledged at once. Processing (and deduplication by comment id) happens in the job.
 */
export const metaWebhookRoutes =
  ({ config, jobs }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    // Deliveries that arrive while one write is committing are queued together in the next (a group
    // commit): each is still acknowledged only once its job is stored.
    const received = createBatcher<unknown>(
      (bodies) => jobs.enqueueMany(bodies.map((body) => ({ name: META_WEBHOOK_JOB, payload: { body } }))),
      { max: 500, serial: true },
    );
    const secrets = [config.META_APP_SECRET, config.INSTAGRAM_APP_SECRET].filter(
      (secret): secret is string => secret !== undefined,
    );
    // Encapsulated: only this route keeps JSON bodies as the bytes that were signed.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
      (_req, body, done) => {
        done(null, body);
      },
    );

    app.get(
      '/webhooks/meta',
      {
        schema: {
          hide: true,
          summary: 'Meta webhook verification',
          description:
            'Answers the subscription handshake with `hub.challenge` when the verify token matches.',
          querystring: verification,
        },
        config: { rateLimit: false },
      },
      async (request, reply) => {
        const query = request.query;
        const token = config.META_WEBHOOK_VERIFY_TOKEN;
        const matches =
          token !== undefined &&
          query['hub.verify_token'] !== undefined &&
          query['hub.verify_token'].length === token.length &&
          timingSafeEqual(Buffer.from(query['hub.verify_token']), Buffer.from(token));
        if (query['hub.mode'] !== 'subscribe' || !matches || query['hub.challenge'] === undefined) {
          throw new AppError('forbidden', 'The verify token does not match');
        }
        return reply.type('text/plain').send(query['hub.challenge']);
      },
    );

    app.post(
      '/webhooks/meta',
      {
        schema: {
          hide: true,
          summary: 'Meta webhook events',
          description:
            'Instagram comments, mentions and messages, and Facebook Page feed events. Signed with `X-Hub-Signature-256` over the raw body; acknowledged before processing.',
        },
        config: { rateLimit: false },
      },
      async (request, reply) => {
        if (secrets.length === 0) throw new AppError('not_configured', 'No Meta app secret is configured');
        const body = request.body;
        if (!Buffer.isBuffer(body))
          throw new AppError('unsupported_media_type', 'Meta sends application/json');
        const header = request.headers['x-hub-signature-256'];
        if (typeof header !== 'string')
          throw new AppError('invalid_signature', 'X-Hub-Signature-256 is missing');
        if (!validMetaSignature(body, header, secrets)) {
          throw new AppError('invalid_signature', 'The signature does not match the body');
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          throw new AppError('invalid_json', 'The body is not JSON');
        }
        await received.add(parsed);
        return reply.type('text/plain').send('EVENT_RECEIVED');
      },
    );
  };
