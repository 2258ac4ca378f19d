import { z } from 'zod';
import { leadEventKinds, leadStages } from '../../db/schema.js';
import { scoreCategories } from './scoring.js';

const tier = z.enum(['hot', 'warm', 'nurture', 'monitor']);

const interest = z
  .object({
    priceMin: z.number().nonnegative().optional(),
    priceMax: z.number().nonnegative().optional(),
    bedrooms: z.number().int().min(0).max(50).optional(),
    area: z.string().trim().min(1).max(120).optional(),
  })
  .describe('What the person asked for — the only input of the score’s fit');

export const leadSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    consent: z.boolean(),
    source: z.string(),
    stage: z.enum(leadStages),
    ownerId: z.uuid().nullable(),
    listingId: z.uuid().nullable(),
    postId: z.uuid().nullable(),
    campaignId: z.uuid().nullable(),
    interest,
    score: z.number().describe('0–10'),
    tier,
    interactionCount: z.number().int(),
    lastInteractionAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'Lead' });

const categoryScore = z.object({
  category: z.enum(scoreCategories),
  score: z.number(),
  weight: z.number(),
  contribution: z.number(),
  reason: z.string(),
});

export const leadDetail = leadSchema
  .extend({
    identities: z.array(z.object({ platform: z.string(), handle: z.string() })),
    explanation: z.object({ categories: z.array(categoryScore), nextActions: z.array(z.string()) }),
    timeline: z.array(
      z.object({
        id: z.uuid(),
        kind: z.enum(leadEventKinds),
        summary: z.string(),
        intent: z.string().nullable(),
        sentiment: z.number().nullable(),
        postId: z.uuid().nullable(),
        listingId: z.uuid().nullable(),
        threadId: z.uuid().nullable(),
        actorId: z.uuid().nullable(),
        at: z.date(),
      }),
    ),
    threadIds: z.array(z.uuid()),
  })
  .meta({ id: 'LeadDetail' });

export const leadQuery = z.object({
  stage: z.enum(leadStages).optional(),
  tier: tier.optional(),
  listingId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional().describe('Name, email or phone contains'),
  sort: z.enum(['score', 'recent']).default('score'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type LeadQuery = z.infer<typeof leadQuery>;

export const leadList = z.object({
  items: z.array(leadSchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
  byStage: z
    .record(z.string(), z.number().int())
    .describe('How many leads each stage has (the pipeline board)'),
});

export const createLeadBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email().max(320).optional(),
    phone: z
      .string()
      .regex(/^[+()\d\s.-]{7,40}$/, 'a phone number')
      .optional(),
    consent: z.boolean().default(false).describe('They agreed to be contacted (follow-up emails need it)'),
    listingId: z.uuid().optional(),
    interest: interest.optional(),
    note: z.string().trim().min(1).max(5000).optional(),
  })
  .refine((body) => body.email !== undefined || body.phone !== undefined, {
    message: 'Give an email address or a phone number',
    path: ['email'],
  });

export const leadPatch = z
  .object({
    stage: z.enum(leadStages).optional(),
    ownerId: z.uuid().nullable().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    interest: interest.optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'Nothing to change',
  });

export const noteBody = z.object({ text: z.string().trim().min(1).max(5000) });

export const scoreHistory = z.object({
  items: z.array(
    z.object({
      score: z.number(),
      tier,
      weights: z.record(z.string(), z.number()),
      createdAt: z.date(),
    }),
  ),
});

export const weightsSchema = z
  .object(
    Object.fromEntries(scoreCategories.map((category) => [category, z.number().min(0).max(100)])) as Record<
      (typeof scoreCategories)[number],
      z.ZodNumber
    >,
  )
  .refine((weights) => Object.values(weights).some((weight) => weight > 0), {
    message: 'At least one weight must be above 0',
  })
  .meta({ id: 'ScoreWeights' });

export const idParams = z.object({ id: z.uuid() });
