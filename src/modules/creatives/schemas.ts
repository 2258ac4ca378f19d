import { z } from 'zod';
import { imageFormatNames, type ImageFormat } from '../../creative/social/formats.js';
import { eventFields } from '../content/schemas.js';
import { mediaSchema } from '../media/schemas.js';

export const creativesBody = z
  .strictObject({
    ...eventFields,
    formats: z
      .array(z.enum(imageFormatNames as [ImageFormat, ...ImageFormat[]]))
      .min(1)
      .max(6)
      .transform((list) => [...new Set(list)])
      .optional()
      .describe('Default: every format'),
    carousel: z
      .boolean()
      .default(false)
      .describe('Also an Instagram carousel: cover, up to 8 photos, features card'),
    photo: z
      .enum(['listing', 'ai'])
      .default('listing')
      .describe("`ai`: an AI-generated illustration instead of the listing's photo (needs AI_IMAGE_MODEL)"),
  })
  .meta({ id: 'NewCreatives' });
export type CreativesBody = z.output<typeof creativesBody>;

const warning = z.object({ photo: z.string(), code: z.string(), message: z.string() });

export const creativesResponse = z.object({
  items: z.array(mediaSchema),
  warnings: z.array(warning).describe('Listing photos that could not be used, and why'),
  cost: z.object({ totalMicros: z.number(), calls: z.number(), fallback: z.enum(['cost_cap']).nullable() }),
});

export const creativesList = z.object({ items: z.array(mediaSchema) });

export const flyerBody = z
  .strictObject({
    paper: z.enum(['letter', 'a4']).optional().describe("Default: the workspace's flyer paper"),
    template: z
      .enum(['standard', 'luxury'])
      .optional()
      .describe("Default: luxury at or above the workspace's luxury threshold, standard below"),
    listingUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional()
      .describe("The QR code's target (default: the brand kit's website, else this instance's listing page)"),
  })
  .meta({ id: 'NewFlyer' });

export const idParams = z.object({ id: z.uuid() });
