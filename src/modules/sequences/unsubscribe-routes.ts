import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { confirmPage, donePage, notFoundPage } from './unsubscribe-page.js';
import { unsubscribeLead, unsubscribeStatus } from './unsubscribe.js';

const html = 'text/html; charset=utf-8';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const tokenParams = z.object({ token: z.string() });

/**
 * The unsubscribe link of every follow-up email, `/unsubscribe/{token}` — no login, the signed token is
 * the capability. GET shows a confirmation page and changes nothing (mail scanners prefetch links);
 * POST unsubscribes: the page's button, or a mail client's one-click request (RFC 8058, body
 * `List-Unsubscribe=One-Click`). Left out of the OpenAPI document: browsers and mail clients use it.
 */
export const unsubscribeRoutes =
  ({ db, unsubscribeLinks }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    // Encapsulated: only these routes read form bodies (what the page and mail clients send).
    app.addContentTypeParser(FORM_TYPE, { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    app.get(
      '/unsubscribe/:token',
      { schema: { hide: true, params: tokenParams } },
      async (request, reply) => {
        const leadId = unsubscribeLinks.leadOf(request.params.token);
        const view = leadId ? await unsubscribeStatus({ db, leadId }) : null;
        reply.type(html).header('cache-control', 'no-store');
        if (!view) return reply.code(404).send(notFoundPage());
        return reply.send(confirmPage(request.params.token, view));
      },
    );

    app.post(
      '/unsubscribe/:token',
      { schema: { hide: true, params: tokenParams } },
      async (request, reply) => {
        const leadId = unsubscribeLinks.leadOf(request.params.token);
        const view = leadId ? await unsubscribeLead({ db, leadId }) : null;
        reply.type(html).header('cache-control', 'no-store');
        if (!view) return reply.code(404).send(notFoundPage());
        return reply.send(donePage(view.sender));
      },
    );
  };
