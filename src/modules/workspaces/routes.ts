import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../app.js';

export const workspaceRoutes =
  (_services: Services): FastifyPluginAsyncZod =>
  async () => {};
