import { z } from 'zod';
import { platforms } from '../../ai/content.js';
import { targetStatuses } from '../../db/schema.js';
import { isTimeZone } from '../../lib/zoned-time.js';

/** A schedule time: an instant with an offset, or a wall-clock time read in the post's zone. */
export const when = z
  .string()
  .refine(
    (value) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) ||
      z.iso.datetime({ offset: true }).safeParse(value).success,
    'must be an ISO 8601 date-time, with an offset (an instant) or without one (a wall-clock time in `timezone`)',
  )
  .describe(
    'With an offset: that instant. Without (e.g. 2027-03-15T09:00): that wall-clock time in `timezone`, kept across DST',
  );
export const timezone = z
  .string()
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as America/New_York');

const target = z.strictObject({
  accountId: z.uuid(),
  text: z
    .string()
    .trim()
    .min(1)
    .max(10_000)
    .optional()
    .describe("This account's own text (default: the post's)"),
});

export const createPostBody = z
  .strictObject({
    text: z.string().trim().max(10_000),
    targets: z
      .array(target)
      .min(1)
      .max(20)
      .refine(
        (list) => new Set(list.map((item) => item.accountId)).size === list.length,
        'each account once',
      ),
    mediaIds: z.array(z.uuid()).max(20).default([]),
    firstComment: z.string().trim().min(1).max(2200).optional(),
    scheduledAt: when.optional().describe('Omit for a draft'),
    timezone: timezone.optional().describe("Default: the workspace's time zone"),
  })
  .meta({ id: 'NewPost' });
export type CreatePostBody = z.output<typeof createPostBody>;

export const updatePostBody = z
  .strictObject({
    text: z.string().trim().max(10_000).optional(),
    mediaIds: z.array(z.uuid()).max(20).optional(),
    firstComment: z.string().trim().min(1).max(2200).nullable().optional(),
    scheduledAt: when.nullable().optional().describe('null turns the post back into a draft'),
    timezone: timezone.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change')
  .meta({ id: 'EditPost' });
export type UpdatePostBody = z.output<typeof updatePostBody>;

const targetView = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  platform: z.enum(platforms),
  network: z.enum(['sandbox', 'live']),
  handle: z.string(),
  text: z.string().nullable(),
  status: z.enum(targetStatuses),
  permalink: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  publishedAt: z.string().nullable(),
});

export const postSchema = z
  .object({
    id: z.uuid(),
    text: z.string(),
    mediaIds: z.array(z.uuid()),
    firstComment: z.string().nullable(),
    scheduledAt: z.string().nullable().describe('UTC'),
    timezone: z.string(),
    localTime: z.string().nullable().describe('The scheduled wall-clock time in `timezone`'),
    targets: z.array(targetView),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Post' });
export type PostView = z.infer<typeof postSchema>;

export const postList = z.object({ items: z.array(postSchema) });
export const idParams = z.object({ id: z.uuid() });

export const listPostsQuery = z.strictObject({
  status: z.enum(targetStatuses).optional().describe('Posts with at least one target in this status'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const calendarQuery = z
  .strictObject({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
  })
  .refine((range) => Date.parse(range.to) > Date.parse(range.from), {
    message: 'to must be after from',
    path: ['to'],
  })
  .refine((range) => Date.parse(range.to) - Date.parse(range.from) <= 62 * 86_400_000, {
    message: 'at most 62 days at a time',
    path: ['to'],
  });
