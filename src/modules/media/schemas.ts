import { z } from 'zod';
import { mediaKinds } from '../../db/schema.js';

export const variantNames = ['original', 'thumb', 'large'] as const;

const altText = z
  .string()
  .trim()
  .max(1000)
  .transform((value) => value || null)
  .nullable()
  .describe('Describes the image for screen readers and platforms; empty or null clears it');

export const mediaVariantSchema = z
  .object({
    name: z.string().describe('`thumb` (320 px wide) or `large` (1440 px wide), JPEG, never upscaled'),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    bytes: z.number().int(),
    contentType: z.string(),
    url: z.string().describe('Signed URL, valid until `urlExpiresAt`; needs no credentials'),
  })
  .meta({ id: 'MediaVariant' });

export const mediaSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(mediaKinds),
    contentType: z.string(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    bytes: z.number().int(),
    altText: z.string().nullable(),
    sourceUrl: z.string().nullable().describe('Where an imported image came from'),
    listingId: z.uuid().nullable(),
    label: z.record(z.string(), z.unknown()),
    createdBy: z.uuid().nullable(),
    createdAt: z.date(),
    url: z.string().describe('Signed URL of the original (location metadata removed); needs no credentials'),
    urlExpiresAt: z.date(),
    variants: z.array(mediaVariantSchema),
  })
  .meta({ id: 'Media' });
export type MediaView = z.output<typeof mediaSchema>;

export const idParams = z.object({ id: z.uuid() });

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().describe('`nextCursor` of the previous page'),
  listingId: z.uuid().optional(),
  kind: z.enum(mediaKinds).optional(),
});
export type MediaListQuery = z.output<typeof listQuery>;

export const listResponse = z.object({
  items: z.array(mediaSchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});

export const updateMediaBody = z.strictObject({ altText: altText.optional() });

export const uploadFields = z.strictObject({
  altText: altText.optional(),
  listingId: z.uuid().optional(),
});

export const importBody = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048)
    .describe('A public http(s) URL of a JPEG, PNG or WebP image'),
  listingId: z.uuid().nullable().optional(),
  altText: altText.optional(),
});

export const importResponse = z.object({
  media: mediaSchema,
  created: z.boolean().describe('false when this URL had been imported before: the existing item'),
});

export const fileParams = z.object({ id: z.uuid(), variant: z.enum(variantNames) });
export const fileQuery = z.object({
  expires: z.string().max(20).default(''),
  signature: z.string().max(100).default(''),
});
