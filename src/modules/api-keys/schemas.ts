import { z } from 'zod';
import { roles } from '../../db/schema.js';

/** Keys act as the role they were given; never owner, so a leaked key cannot take over a workspace. */
export const apiKeyRoles = ['admin', 'editor', 'viewer'] as const;

export const createApiKeyBody = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(apiKeyRoles).default('editor'),
});

export const apiKeyIdParams = z.object({ id: z.uuid() });

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: z.enum(roles),
    prefix: z.string().describe('The first characters of the key, to recognise it'),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    createdBy: z.uuid().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const apiKeyList = z.object({ items: z.array(apiKeySchema) });

export const createdApiKey = apiKeySchema
  .extend({ key: z.string().describe('The secret key. Shown only in this response; store it now') })
  .meta({ id: 'CreatedApiKey' });
