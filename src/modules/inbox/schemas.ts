import { z } from 'zod';
import { inboxIntents, inboxKinds, threadStatuses } from '../../db/schema.js';

const platform = z.enum(['instagram', 'facebook', 'linkedin', 'x']);
const sentimentLabel = z.enum(['positive', 'neutral', 'negative']);

export const threadSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    accountHandle: z.string(),
    network: z.enum(['sandbox', 'live']),
    platform,
    kind: z.enum(inboxKinds),
    postId: z.uuid().nullable(),
    listingId: z.uuid().nullable(),
    campaignId: z.uuid().nullable(),
    authorHandle: z.string(),
    authorName: z.string(),
    leadId: z.uuid().nullable(),
    status: z.enum(threadStatuses),
    intent: z.enum(inboxIntents),
    confidence: z.number(),
    sentiment: z.number(),
    sentimentLabel,
    hidden: z.boolean(),
    assigneeId: z.uuid().nullable(),
    escalationReason: z.string().nullable(),
    autoRepliedAt: z.date().nullable(),
    lastMessageAt: z.date(),
    lastMessage: z.string().describe('The latest message, shortened'),
    messageCount: z.number().int(),
  })
  .meta({ id: 'InboxThread' });

export const messageSchema = z
  .object({
    id: z.uuid(),
    direction: z.enum(['in', 'out']),
    authorHandle: z.string(),
    authorName: z.string(),
    text: z.string(),
    intent: z.enum(inboxIntents).nullable(),
    confidence: z.number().nullable(),
    sentiment: z.number().nullable(),
    sentimentLabel: sentimentLabel.nullable(),
    reasons: z.array(z.string()).describe('Why triage chose the intent'),
    hidden: z.boolean(),
    replyMode: z.enum(['public', 'private']).nullable(),
    auto: z.boolean().describe('Sent automatically by the workspace’s rules'),
    sentBy: z.uuid().nullable(),
    status: z.enum(['received', 'sending', 'sent', 'failed']),
    error: z.string().nullable(),
    at: z.date(),
  })
  .meta({ id: 'InboxMessage' });

export const threadDetail = threadSchema
  .extend({
    messages: z.array(messageSchema),
    lead: z
      .object({
        id: z.uuid(),
        name: z.string(),
        stage: z.string(),
        score: z.number(),
        tier: z.string(),
      })
      .nullable(),
  })
  .meta({ id: 'InboxThreadDetail' });

export const threadQuery = z.object({
  platform: platform.optional(),
  intent: z.enum(inboxIntents).optional(),
  sentiment: sentimentLabel.optional(),
  status: z.enum(threadStatuses).optional(),
  kind: z.enum(inboxKinds).optional(),
  assigneeId: z.uuid().optional(),
  listingId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ThreadQuery = z.infer<typeof threadQuery>;

export const threadList = z.object({
  items: z.array(threadSchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});

export const idParams = z.object({ id: z.uuid() });

export const replyBody = z.object({
  text: z.string().trim().min(1).max(2200),
  private: z
    .boolean()
    .default(false)
    .describe('Instagram comments only: answer the commenter by direct message'),
});

export const hideBody = z.object({ hidden: z.boolean().default(true) });

export const threadPatch = z
  .object({
    status: z.enum(['open', 'handled']).optional(),
    assigneeId: z.uuid().nullable().optional().describe('A member of the workspace, or null to unassign'),
  })
  .refine((patch) => patch.status !== undefined || patch.assigneeId !== undefined, {
    message: 'Nothing to change: give status or assigneeId',
  });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
const replyRule = z.object({
  mode: z.enum(['off', 'template', 'model']),
  template: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .optional()
    .describe('May use {name}, {address}, {price}, {link}, {agent}'),
  private: z.boolean().optional(),
});

export const settingsSchema = z
  .object({
    autoHideSpam: z.boolean(),
    autoReply: z.boolean(),
    replyRules: z.partialRecord(z.enum(inboxIntents), replyRule),
    businessHours: z
      .object({ days: z.array(z.number().int().min(1).max(7)).min(1).max(7), start: hhmm, end: hhmm })
      .refine((hours) => hours.start < hours.end, { message: 'start must be before end' })
      .nullable()
      .describe('When automatic replies may go out, in the workspace’s time zone; null: any time'),
    minConfidence: z.number().min(0).max(1),
  })
  .meta({ id: 'EngagementSettings' });

export const settingsPatch = settingsSchema.partial().refine(
  (patch) =>
    Object.entries(patch.replyRules ?? {}).every(([intent, rule]) => {
      if (rule.mode === 'template' && !rule.template) return false;
      return !(['complaint', 'spam'] as string[]).includes(intent) || rule.mode === 'off';
    }),
  { message: 'A template rule needs a template, and complaints and spam are never answered automatically' },
);
