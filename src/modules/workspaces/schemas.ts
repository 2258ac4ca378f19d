import { z } from 'zod';
import { roles } from '../../db/schema.js';
import { emailSchema } from '../auth/schemas.js';
import { isTimeZone } from './timezones.js';

export const roleSchema = z.enum(roles);

const nameSchema = z.string().trim().min(1).max(100);
const timezoneSchema = z
  .string()
  .trim()
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as America/New_York or Etc/UTC')
  .describe('IANA time zone used to interpret schedules (`Etc/UTC`, not `UTC`)');

export const userIdParams = z.object({ userId: z.uuid() });
export const idParams = z.object({ id: z.uuid() });

// Workspaces

export const createWorkspaceBody = z.object({ name: nameSchema, timezone: timezoneSchema.optional() });

export const updateWorkspaceBody = z.object({
  name: nameSchema.optional(),
  timezone: timezoneSchema.optional(),
});

export const workspaceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    personal: z.boolean(),
    timezone: z.string(),
    role: roleSchema.describe("The caller's role in this workspace"),
    createdAt: z.date(),
  })
  .meta({ id: 'Workspace' });

export const workspaceList = z.object({ items: z.array(workspaceSchema) });

// Members

export const memberSchema = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    joinedAt: z.date(),
  })
  .meta({ id: 'Member' });

export const memberList = z.object({ items: z.array(memberSchema) });

export const changeRoleBody = z.object({ role: roleSchema });

// Invitations

export const inviteBody = z.object({ email: emailSchema, role: roleSchema });

export const invitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: roleSchema,
    expiresAt: z.date(),
    createdAt: z.date(),
    invitedBy: z.uuid().nullable(),
  })
  .meta({ id: 'Invitation' });

export const invitationList = z.object({ items: z.array(invitationSchema) });

export const createdInvitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: roleSchema,
    expiresAt: z.date(),
    acceptUrl: z.string().describe('Single-use link; it only works for the invited email address'),
    delivery: z
      .enum(['email', 'link_only'])
      .describe('`email`: queued for sending. `link_only`: no SMTP server is set; share the link yourself'),
  })
  .meta({ id: 'CreatedInvitation' });

export const acceptBody = z.object({ token: z.string().min(1).max(200) });

export const acceptedInvitation = z.object({
  workspace: workspaceSchema.omit({ createdAt: true }),
});
