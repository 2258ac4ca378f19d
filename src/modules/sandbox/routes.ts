import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { sandboxPage } from './sandbox-page.js';

/**
 * The page holds text written by users and simulated people: escaped, and on top of that no script may
 * run (images may come from any host: they are the signed URLs the post was published with).
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; img-src http: https:; style-src 'unsafe-inline'";

/**
 * The public permalink page of a sandbox post at `/sandbox/{id}`. No credentials, like a post on a real
 * network; left out of the OpenAPI document like `/l/{id}`, since browsers reach it from links.
 */
export const sandboxPageRoutes =
  ({ db }: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/sandbox/:id',
      // Any string: a malformed id is a page that does not exist (404), not a bad request.
      { schema: { hide: true, params: z.object({ id: z.string().max(100) }) } },
      async (request, reply) => {
        const page = await sandboxPage({ db, id: request.params.id });
        return (
          reply
            .status(page.status)
            .type('text/html; charset=utf-8')
            // Engagement keeps arriving: revalidate on every visit.
            .header('cache-control', 'no-cache')
            .header('content-security-policy', CONTENT_SECURITY_POLICY)
            .send(page.html)
        );
      },
    );
  };
