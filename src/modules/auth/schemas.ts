import { z } from 'zod';
import { roles } from '../../db/schema.js';

export const emailSchema = z
  .email()
  .max(254)
  .transform((email) => email.toLowerCase());

export const passwordSchema = z.string().min(10, 'at least 10 characters').max(256);

export const registerBody = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(100),
});

export const loginBody = z.object({ email: emailSchema, password: z.string().min(1).max(256) });

export const refreshBody = z.object({ refreshToken: z.string().min(1).max(200) });

export const logoutBody = z.object({ refreshToken: z.string().min(1).max(200).optional() }).optional();

export const userSchema = z
  .object({ id: z.uuid(), email: z.string(), name: z.string(), createdAt: z.date() })
  .meta({ id: 'User' });

export const workspaceSummary = z
  .object({
    id: z.uuid(),
    name: z.string(),
    personal: z.boolean(),
    timezone: z.string(),
    role: z.enum(roles),
  })
  .meta({ id: 'WorkspaceMembership' });

export const tokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
});

export const sessionResponse = tokenPair.extend({ user: userSchema, workspace: workspaceSummary });

export const meResponse = z.object({ user: userSchema, workspaces: z.array(workspaceSummary) });
