import { z } from 'zod';
import { platforms } from '../../ai/content.js';
import { accountStatuses } from '../../db/schema.js';

export const sandboxAccountBody = z
  .strictObject({
    platform: z.enum(platforms).describe('The network whose rules this sandbox account imitates'),
    handle: z
      .string()
      .trim()
      .regex(/^@?[A-Za-z0-9_.]{1,30}$/, 'letters, digits, dots and underscores, up to 30')
      .transform((handle) => handle.replace(/^@/, '')),
    displayName: z.string().trim().min(1).max(100).optional(),
  })
  .meta({ id: 'NewSandboxAccount' });

export const accountSchema = z
  .object({
    id: z.uuid(),
    platform: z.enum(platforms),
    network: z.enum(['sandbox', 'live']),
    label: z.string().describe('e.g. "Sandbox Instagram" — sandbox accounts never reach a real network'),
    handle: z.string(),
    displayName: z.string(),
    kind: z.string(),
    status: z.enum(accountStatuses),
    tokenExpiresAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Account' });
export type AccountView = z.infer<typeof accountSchema>;

export const accountList = z.object({ items: z.array(accountSchema) });
export const idParams = z.object({ id: z.uuid() });
