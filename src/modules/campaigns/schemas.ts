import { z } from 'zod';
import { timezone, when } from '../posts/schemas.js';
import { contentEvents, platforms } from '../../ai/content.js';
import { automationTriggers, campaignKinds, campaignStatuses, targetStatuses } from '../../db/schema.js';
import { builtInKeys } from './built-in-templates.js';

const platform = z.enum(platforms);
const platformSet = z
  .array(platform)
  .min(1)
  .max(4)
  .transform((list) => [...new Set(list)]);
export const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour local time HH:MM')
  .describe('Local time, HH:MM');

const uniqueIds = (max: number) =>
  z
    .array(z.uuid())
    .min(1)
    .max(max)
    .refine((list) => new Set(list).size === list.length, 'each id once');

export const templateRef = z
  .string()
  .max(64)
  .refine(
    (value) => (builtInKeys as string[]).includes(value) || z.uuid().safeParse(value).success,
    `must be a built-in template (${builtInKeys.join(', ')}) or the id of one of the workspace's templates`,
  );

export const templateStep = z
  .strictObject({
    label: z.string().trim().min(1).max(80),
    anchor: z
      .enum(['start', 'open_house'])
      .default('start')
      .describe("Count days from the campaign's start, or from the open house's day"),
    day: z.number().int().min(-30).max(90).describe('Days after the anchor (negative: before it)'),
    at: z
      .union([z.literal('start'), z.literal('best'), localTime])
      .describe("`start`: the campaign's start itself; `best`: the account's best time; or HH:MM local"),
    platforms: platformSet.describe('One post per chosen account of these platforms'),
    event: z
      .enum(contentEvents)
      .nullable()
      .default(null)
      .describe("The content event to write (listing templates; default: the template's)"),
    variant: z.number().int().min(1).max(5).default(1).describe('2…5: another wording of the same content'),
    media: z
      .enum(['image', 'carousel', 'none'])
      .default('image')
      .describe('Branded image per platform format; `carousel`: an Instagram carousel'),
  })
  .refine((step) => step.at !== 'start' || (step.anchor === 'start' && step.day === 0), {
    message: '`start` is only the start day of a campaign (anchor start, day 0)',
    path: ['at'],
  })
  .meta({ id: 'CampaignTemplateStep' });

export const templateRecurrence = z
  .strictObject({
    every: z.enum(['day', 'week', 'month']),
    interval: z.number().int().min(1).max(12).default(1),
    at: z.union([z.literal('best'), localTime]),
    platforms: platformSet,
  })
  .meta({ id: 'CampaignRecurrence' });

const templateName = z.string().trim().min(1).max(120);

export const copyTemplateBody = z
  .strictObject({
    from: templateRef.describe('The template to copy: a built-in key or a workspace template id'),
    name: templateName.optional(),
  })
  .meta({ id: 'CopyCampaignTemplate' });

export const updateTemplateBody = z
  .strictObject({
    name: templateName.optional(),
    steps: z.array(templateStep).max(20).optional(),
    recurrence: templateRecurrence.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change')
  .meta({ id: 'EditCampaignTemplate' });
export type UpdateTemplateBody = z.output<typeof updateTemplateBody>;

export const templateSchema = z
  .object({
    id: z.string().describe('A built-in key (e.g. just_listed) or a uuid'),
    builtIn: z.boolean(),
    name: z.string(),
    kind: z.enum(['listing', 'brand']),
    event: z.enum(contentEvents).nullable(),
    basedOn: z.string().nullable(),
    steps: z.array(
      z.object({
        label: z.string(),
        anchor: z.enum(['start', 'open_house']),
        day: z.number(),
        at: z.string(),
        platforms: z.array(platform),
        event: z.enum(contentEvents).nullable(),
        variant: z.number(),
        media: z.enum(['image', 'carousel', 'none']),
      }),
    ),
    recurrence: z
      .object({
        every: z.enum(['day', 'week', 'month']),
        interval: z.number(),
        at: z.string(),
        platforms: z.array(platform),
      })
      .nullable(),
  })
  .meta({ id: 'CampaignTemplate' });
export type TemplateView = z.infer<typeof templateSchema>;
export const templateList = z.object({ items: z.array(templateSchema) });
export const templateParams = z.object({ id: templateRef });

const common = {
  template: templateRef,
  accounts: uniqueIds(20).describe('The accounts to post to; each step posts to those of its platforms'),
  start: when.optional().describe('When the campaign starts (default: now)'),
  timezone: timezone.optional().describe("Zone for times (default: the workspace's)"),
  requireApproval: z
    .boolean()
    .optional()
    .describe('Posts wait for an admin or owner (always so when the workspace requires approval)'),
  name: z.string().trim().min(1).max(120).optional(),
};

const slot = z.iso.datetime({ offset: true });
export const listingCampaignBody = z
  .strictObject({
    ...common,
    openHouse: z
      .strictObject({ start: slot, end: slot })
      .refine((value) => Date.parse(value.end) > Date.parse(value.start), {
        message: 'end must be after start',
        path: ['end'],
      })
      .optional()
      .describe("Open-house templates: the slot (default: the listing's next open house)"),
  })
  .meta({ id: 'NewListingCampaign' });
export type ListingCampaignBody = z.output<typeof listingCampaignBody>;

export const brandCampaignBody = z
  .strictObject({
    ...common,
    topic: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('With `brief`: posts written by the copywriter'),
    brief: z.string().trim().min(1).max(4000).optional(),
    items: z
      .array(
        z.strictObject({
          text: z.string().trim().min(1).max(10_000),
          mediaIds: z.array(z.uuid()).max(10).default([]),
        }),
      )
      .min(1)
      .max(100)
      .optional()
      .describe('Your own posts (tips, evergreen posts): used in turn, one per post of the plan'),
    mediaIds: z.array(z.uuid()).max(10).default([]).describe('Images for every post without its own'),
    until: when.optional().describe('Repeating templates: the last possible occurrence'),
    count: z.number().int().min(1).max(52).optional().describe('Repeating templates: how many occurrences'),
  })
  .refine((body) => body.items !== undefined || (body.topic !== undefined && body.brief !== undefined), {
    message: 'send `items`, or `topic` and `brief`',
    path: ['items'],
  })
  .meta({ id: 'NewBrandCampaign' });
export type BrandCampaignBody = z.output<typeof brandCampaignBody>;

export const editPlannedPostBody = z
  .strictObject({
    text: z.string().trim().min(1).max(10_000).optional(),
    scheduledAt: when.optional(),
    mediaIds: z.array(z.uuid()).max(10).optional(),
    firstComment: z.string().trim().min(1).max(2200).nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change')
  .meta({ id: 'EditPlannedPost' });
export type EditPlannedPostBody = z.output<typeof editPlannedPostBody>;

export const planStatuses = ['planned', 'removed', 'awaiting_approval', ...targetStatuses] as const;

const issue = z.object({ rule: z.string(), message: z.string(), severity: z.enum(['error', 'warning']) });

export const plannedPostSchema = z
  .object({
    id: z.uuid(),
    position: z.number(),
    label: z.string(),
    event: z.string().nullable(),
    accountId: z.uuid(),
    platform,
    handle: z.string(),
    text: z.string(),
    mediaIds: z.array(z.uuid()),
    media: z.array(
      z.object({
        id: z.uuid(),
        url: z.string(),
        width: z.number().nullable(),
        height: z.number().nullable(),
      }),
    ),
    firstComment: z.string().nullable(),
    scheduledAt: z.string().describe('UTC'),
    localTime: z.string().describe("Wall-clock time in the campaign's zone"),
    timeReason: z.string().describe('Why this time'),
    issues: z.array(issue).describe('Compliance and platform-limit findings; errors block activation'),
    edited: z.boolean(),
    held: z.string().nullable().describe('Why automation holds it back while it is rewritten'),
    status: z.enum(planStatuses),
    removedReason: z.string().nullable(),
    postId: z.uuid().nullable().describe('The post carrying it once activated'),
    permalink: z.string().nullable(),
    publishedAt: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'PlannedPost' });
export type PlannedPostView = z.infer<typeof plannedPostSchema>;

const progress = z.object(Object.fromEntries(planStatuses.map((status) => [status, z.number()])));

export const campaignSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(campaignKinds),
    listingId: z.uuid().nullable(),
    template: z.string(),
    event: z.string().nullable(),
    status: z
      .enum([...campaignStatuses, 'completed'])
      .describe('`completed`: active, and nothing is left to publish'),
    requireApproval: z.boolean(),
    timezone: z.string(),
    start: z.string(),
    accountIds: z.array(z.uuid()),
    approval: z.object({
      submittedBy: z.uuid().nullable(),
      decidedBy: z.uuid().nullable(),
      comment: z.string().nullable(),
    }),
    progress: progress.describe('How many posts are in each status'),
    posts: z.array(plannedPostSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Campaign' });
export type CampaignView = z.infer<typeof campaignSchema>;
export const campaignList = z.object({ items: z.array(campaignSchema.omit({ posts: true })) });

export const listCampaignsQuery = z.strictObject({
  status: z.enum(campaignStatuses).optional(),
  listingId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const idParams = z.object({ id: z.uuid() });
export const decisionBody = z
  .strictObject({ comment: z.string().trim().min(1).max(2000).optional() })
  .meta({ id: 'ApprovalDecision' });
export const rejectBody = z
  .strictObject({ comment: z.string().trim().min(1).max(2000).describe('What to change') })
  .meta({ id: 'ApprovalRejection' });

export const logQuery = z.strictObject({
  campaignId: z.uuid().optional(),
  listingId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const logSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      campaignId: z.uuid().nullable(),
      campaignPostId: z.uuid().nullable(),
      listingId: z.uuid().nullable(),
      action: z.string(),
      reason: z.string(),
      changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
      actor: z.enum(['user', 'automation']),
      actorId: z.uuid().nullable(),
      createdAt: z.string(),
    }),
  ),
});

export const automationSettingsSchema = z
  .object({
    enabled: z
      .boolean()
      .describe('Listing events start campaigns (fixing posts that became wrong never stops)'),
    activate: z.boolean().describe('Started campaigns are activated at once, rather than left as previews'),
    requireApproval: z.boolean().describe('Every campaign needs an admin or owner to approve its posts'),
    accountIds: z.array(z.uuid()).nullable().describe('Accounts automation posts to; null: every active one'),
    templates: z
      .object(Object.fromEntries(automationTriggers.map((trigger) => [trigger, templateRef.nullable()])))
      .describe('Which template each listing event starts; null: none'),
  })
  .meta({ id: 'AutomationSettings' });
export const automationSettingsPatch = z
  .strictObject({
    enabled: z.boolean().optional(),
    activate: z.boolean().optional(),
    requireApproval: z.boolean().optional(),
    accountIds: z.array(z.uuid()).max(50).nullable().optional(),
    templates: z.partialRecord(z.enum(automationTriggers), templateRef.nullable()).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change')
  .meta({ id: 'EditAutomationSettings' });
export type AutomationSettingsPatch = z.output<typeof automationSettingsPatch>;

export const postingRulesSchema = z
  .object({
    quietHours: z
      .object({ start: localTime, end: localTime })
      .nullable()
      .describe('No campaign post is planned from start to end (local time; may span midnight)'),
    dailyCap: z.number().int().min(1).max(50).describe('At most this many posts a day on the account'),
  })
  .meta({ id: 'PostingRules' });
export const postingRulesPatch = z
  .strictObject({
    quietHours: z
      .strictObject({ start: localTime, end: localTime })
      .refine((value) => value.start !== value.end, 'start and end must differ')
      .nullable()
      .optional(),
    dailyCap: z.number().int().min(1).max(50).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change')
  .meta({ id: 'EditPostingRules' });

export const bestTimesSchema = z
  .object({
    accountId: z.uuid(),
    platform,
    timezone: z.string(),
    best: z
      .array(z.object({ time: localTime, score: z.number() }))
      .describe('The best hours to post, best first, outside quiet hours'),
    reason: z.string(),
    basis: z.object({
      interactions: z.number().describe('Likes and comments counted'),
      posts: z.number().describe('Posts published in the period'),
      days: z.number(),
      source: z.enum(['history', 'history_and_priors', 'priors']),
    }),
    rules: postingRulesSchema,
  })
  .meta({ id: 'BestTimes' });
export const bestTimesQuery = z.strictObject({ timezone: timezone.optional() });
