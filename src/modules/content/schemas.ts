import { z } from 'zod';
import { contentEvents, platforms } from '../../ai/content.js';
import { contentSetStatuses, contentSurfaces, tones } from '../../db/schema.js';
import { isTimeZone } from '../../lib/zoned-time.js';

const platform = z.enum(platforms);
const dateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' });
const timeZone = z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as America/Chicago');
const platformList = z
  .array(platform)
  .min(1)
  .max(4)
  .transform((list) => [...new Set(list)]);

/**
 * The facts of a listing event a request may give (defaults come from the listing and the workspace):
 * shared by content generation and the creative studio.
 */
export const eventFields = {
  event: z.enum(contentEvents),
  openHouse: z
    .strictObject({ start: dateTime, end: dateTime })
    .refine((slot) => Date.parse(slot.end) > Date.parse(slot.start), {
      message: 'end must be after start',
      path: ['end'],
    })
    .optional()
    .describe("open_house: the slot to feature (default: the listing's next open house)"),
  previousPrice: z
    .number()
    .positive()
    .max(1e11)
    .optional()
    .describe("price_reduced: the old price (default: the listing's last price change)"),
  timeZone: timeZone.optional().describe("Zone for dates and times (default: the workspace's)"),
};

export const generateBody = z
  .strictObject({
    ...eventFields,
    tone: z.enum(tones).optional().describe("Overrides the brand kit's tone for this set"),
    platforms: platformList.optional().describe('Default: all four'),
    regenerate: z
      .boolean()
      .default(false)
      .describe('Write a new version even when an identical request was answered before'),
  })
  .meta({ id: 'GenerateContent' });
export type GenerateBody = z.output<typeof generateBody>;

export const brandPostBody = z
  .strictObject({
    topic: z.string().trim().min(1).max(200),
    brief: z.string().trim().min(1).max(4000),
    tone: z.enum(tones).optional(),
    platforms: platformList.optional().describe('Default: instagram'),
    hashtags: z
      .array(
        z
          .string()
          .trim()
          .regex(/^#?[\p{L}\p{N}_]{1,100}$/u, 'letters, digits and underscores only'),
      )
      .max(30)
      .default([]),
    callToAction: z.string().trim().min(1).max(200).optional(),
    regenerate: z.boolean().default(false),
  })
  .meta({ id: 'NewBrandPosts' });
export type BrandPostBody = z.output<typeof brandPostBody>;

const issue = z.object({
  where: z.string().describe('description.short | description.long | instagram | facebook | linkedin | x'),
  phrase: z.string().nullable(),
  category: z.string(),
  reason: z.string(),
  suggestion: z.string(),
  index: z.number().nullable(),
  severity: z.enum(['error', 'warning']),
});

const estimate = z.object({
  kind: z.literal('estimate'),
  score: z.number(),
  summary: z.string(),
  factors: z.array(z.object({ factor: z.string(), effect: z.number(), note: z.string() })),
});

const post = z.object({
  platform,
  text: z.string().describe('The body, without hashtags'),
  hashtags: z.array(z.string()),
  callToAction: z.string(),
  published: z.string().describe('Exactly what is published: text, a blank line, hashtags'),
  length: z.number().describe('As the platform counts it (X: weighted characters)'),
  limit: z.number(),
  estimate,
  edited: z.boolean(),
});

export const contentSetSchema = z
  .object({
    id: z.uuid(),
    listingId: z.uuid().nullable(),
    kind: z.enum(['listing', 'brand']),
    event: z.enum(contentEvents).nullable(),
    version: z.number(),
    status: z.enum(contentSetStatuses),
    model: z.string(),
    tone: z.enum(tones),
    analysis: z
      .object({
        sellingPoints: z.array(z.object({ point: z.string(), source: z.string() })),
        pricePositioning: z.string(),
        suitedTo: z.string(),
        headline: z.string(),
      })
      .nullable(),
    description: z.object({ short: z.string(), long: z.string() }).nullable(),
    posts: z.array(post),
    compliance: z.object({ issues: z.array(issue) }),
    cost: z.object({
      totalMicros: z.number(),
      perPostMicros: z.number(),
      calls: z.number(),
      fallback: z
        .enum(['cost_cap'])
        .nullable()
        .describe('Written by the built-in copywriter instead, and why'),
    }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ContentSet' });
export type ContentSetView = z.infer<typeof contentSetSchema>;

export const contentSetResponse = z.object({ contentSet: contentSetSchema });
export const contentSetList = z.object({ items: z.array(contentSetSchema) });

export const idParams = z.object({ id: z.uuid() });
export const postParams = z.object({ id: z.uuid(), platform });

export const editPostBody = z
  .strictObject({
    text: z.string().trim().min(1).max(10_000).optional(),
    hashtags: z
      .array(
        z
          .string()
          .trim()
          .regex(/^#?[\p{L}\p{N}_]{1,100}$/u, 'letters, digits and underscores only'),
      )
      .max(30)
      .optional(),
    callToAction: z.string().trim().min(1).max(200).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change')
  .meta({ id: 'EditContentPost' });

export const regenerateBody = z
  .strictObject({ platform: platform.optional().describe('Only this post; omit for a new version of all') })
  .meta({ id: 'Regenerate' });

export const listContentQuery = z.strictObject({
  kind: z.enum(['listing', 'brand']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const checkBody = z
  .strictObject({
    text: z.string().min(1).max(20_000),
    platform: platform.optional().describe('Also check this platform’s limits and required disclosures'),
  })
  .meta({ id: 'ComplianceCheck' });

export const checkResponse = z.object({
  issues: z.array(issue.omit({ where: true })),
  limits: z.array(z.object({ code: z.string(), message: z.string(), limit: z.number(), actual: z.number() })),
  length: z.number().nullable(),
});

export const settingsSchema = z
  .object({
    hashtagCap: z.number().int().min(0).max(30).describe('Most hashtags on an Instagram post'),
    costCapMicros: z
      .number()
      .int()
      .min(0)
      .max(10_000_000)
      .describe('Most a post may cost in model calls, in micro-dollars (20000 = $0.02)'),
    overCap: z
      .enum(['fallback', 'reject'])
      .describe('When a model call would break the cap: write with the built-in copywriter, or refuse'),
    disclosureOn: z.array(z.enum(contentSurfaces)).describe("Where the brand kit's disclosure must appear"),
    licenseOn: z.array(z.enum(contentSurfaces)).describe('Where the licence number must appear'),
    luxuryThreshold: z
      .number()
      .positive()
      .max(1e11)
      .describe('Listings priced at or above this get the luxury flyer and image look (default 1,000,000)'),
    flyerPaper: z.enum(['letter', 'a4']).describe('Flyer paper size'),
  })
  .meta({ id: 'ContentSettings' });
export const settingsPatch = settingsSchema
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change');

export const usageQuery = z.strictObject({
  months: z.coerce.number().int().min(1).max(36).default(12),
});
export const usageResponse = z.object({
  months: z.array(
    z.object({
      month: z.string().describe('YYYY-MM, UTC'),
      calls: z.number(),
      inputTokens: z.number(),
      cachedInputTokens: z.number(),
      outputTokens: z.number(),
      costMicros: z.number(),
      costUsd: z.number(),
      byModel: z.array(z.object({ model: z.string(), calls: z.number(), costMicros: z.number() })),
    }),
  ),
});
