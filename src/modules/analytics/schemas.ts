import { z } from 'zod';

export const idParams = z.object({ id: z.uuid() });

export const postsQuery = z.object({
  campaignId: z.uuid().optional().describe('Only the posts of this campaign'),
  listingId: z.uuid().optional().describe("Only the posts of this listing's campaigns"),
});

export const reportQuery = z.object({
  format: z
    .enum(['json', 'pdf'])
    .optional()
    .describe('`pdf` for the printable report (or `Accept: application/pdf`)'),
});

const totals = {
  posts: z.number().int(),
  reach: z.number().int(),
  engagement: z.number().int().describe('Likes + comments'),
  clicks: z.number().int().describe("Views of the listing's page through the posts' links"),
  leads: z.number().int().describe('Lead forms sent after arriving through the posts’ links'),
};
export const totalsSchema = z.object(totals);
const platformTotals = z.object({ platform: z.string(), ...totals });

export const postMetricsSchema = z.object({
  postId: z.uuid(),
  targetId: z.uuid(),
  accountId: z.uuid(),
  platform: z.string(),
  network: z.enum(['sandbox', 'live']),
  handle: z.string(),
  campaignId: z.uuid().nullable(),
  listingId: z.uuid().nullable(),
  publishedAt: z.string().nullable(),
  permalink: z.string().nullable(),
  text: z.string(),
  insights: z
    .enum(['sandbox', 'platform', 'unavailable'])
    .describe(
      'Where reach and engagement come from: the sandbox, the live network’s insights (hourly), or not read yet',
    ),
  reach: z.number().int(),
  likes: z.number().int(),
  comments: z.number().int(),
  engagement: z.number().int(),
  clicks: z.number().int(),
  leads: z.number().int(),
});

export const postsAnalytics = z.object({
  totals: totalsSchema,
  byPlatform: z.array(platformTotals),
  items: z.array(postMetricsSchema),
});

export const campaignAnalyticsSchema = z.object({
  campaign: z.object({ id: z.uuid(), name: z.string(), status: z.string(), listingId: z.uuid().nullable() }),
  totals: totalsSchema,
  byPlatform: z.array(platformTotals),
  posts: z.array(postMetricsSchema),
});

const campaignTotals = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.string(),
  startAt: z.string(),
  totals: totalsSchema,
});

export const listingAnalyticsSchema = z.object({
  listingId: z.uuid(),
  pageViews: z.number().int().describe("Every counted view of the listing's page, from links or not"),
  inquiries: z.number().int().describe("Every lead form sent from the listing's page"),
  totals: totalsSchema,
  byPlatform: z.array(platformTotals),
  campaigns: z.array(campaignTotals),
  posts: z.array(postMetricsSchema),
});

export const sellerReportSchema = z.object({
  generatedAt: z.string(),
  listing: z.object({
    id: z.uuid(),
    address: z.string(),
    postalCode: z.string(),
    price: z.number(),
    status: z.string(),
    beds: z.number().nullable(),
    baths: z.number().nullable(),
    interiorSqft: z.number().nullable(),
  }),
  brand: z.object({
    agentName: z.string().nullable(),
    brokerage: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
  }),
  pageViews: z.number().int(),
  inquiries: z.number().int(),
  totals: totalsSchema,
  byPlatform: z.array(platformTotals),
  campaigns: z.array(campaignTotals),
  posts: z.array(
    z.object({
      platform: z.string(),
      handle: z.string(),
      campaignId: z.uuid().nullable(),
      publishedAt: z.string().nullable(),
      permalink: z.string().nullable(),
      reach: z.number().int(),
      engagement: z.number().int(),
      clicks: z.number().int(),
      leads: z.number().int(),
    }),
  ),
});
