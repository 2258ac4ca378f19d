import { z } from 'zod';
import { tones } from '../../db/schema.js';

export const MAX_HASHTAGS = 30;

/** Optional free text: `null` or an empty string clears it. */
const clearableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => value || null)
    .nullable()
    .optional();

/** A checked field that forms may send empty: `''` and `null` both clear it. */
const clearable = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? null : value), schema.nullable()).optional();

const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1F3A5F')
  .transform((value) => value.toUpperCase());

const hashtag = z
  .string()
  .trim()
  .regex(/^#?[\p{L}\p{N}_]{1,100}$/u, 'a hashtag has letters, digits and underscores only')
  .transform((tag) => `#${tag.replace(/^#/, '')}`);

/** Platforms treat #Sunset and #sunset as one tag: keep the first spelling given. */
const hashtags = z
  .array(hashtag)
  .max(MAX_HASHTAGS)
  .transform((tags) => {
    const seen = new Set<string>();
    return tags.filter((tag) => {
      const key = tag.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });

export const updateBrandKitBody = z.object({
  agentName: clearableText(100),
  brokerage: clearableText(200),
  licenseNumber: clearableText(50),
  disclosure: clearableText(2000).describe('Legal text appended to marketing copy (up to 2,000 characters)'),
  email: clearable(
    z
      .email()
      .max(254)
      .transform((value) => value.toLowerCase()),
  ),
  phone: clearable(
    z
      .string()
      .trim()
      .regex(/^\+?[0-9 ().-]{5,40}$/, 'must be a phone number such as +1 555 010 0199'),
  ),
  website: clearable(
    z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: 'must be an http(s) URL' }).max(2048),
  ),
  primaryColor: color.optional(),
  secondaryColor: color.optional(),
  accentColor: color.optional(),
  tone: z.enum(tones).optional(),
  defaultHashtags: hashtags.optional().describe('Each starts with #; duplicates (any case) are dropped'),
  logoMediaId: z
    .uuid()
    .nullable()
    .optional()
    .describe('An image of the media library (`/media`) as the logo; null clears it'),
});

export type BrandKitChanges = z.infer<typeof updateBrandKitBody>;

export const brandKitSchema = z
  .object({
    agentName: z.string().nullable(),
    brokerage: z.string().nullable(),
    licenseNumber: z.string().nullable(),
    disclosure: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    primaryColor: z.string(),
    secondaryColor: z.string(),
    accentColor: z.string(),
    tone: z.enum(tones),
    defaultHashtags: z.array(z.string()),
    logoMediaId: z.uuid().nullable(),
    logoUrl: z.string().nullable().describe('Signed URL of the logo image; needs no credentials'),
    updatedAt: z.date(),
  })
  .meta({ id: 'BrandKit' });
