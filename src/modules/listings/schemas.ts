import { z } from 'zod';
import { importStatuses, listingStatuses, propertyTypes } from '../../db/schema.js';

/**
 * The one set of listing rules. The JSON API and the CSV import both validate with `listingInput`, so a
 * rule changed here changes everywhere.
 */
// A missing required field says so, rather than zod's "expected string, received undefined".
const required = (fallback?: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : fallback;
const text = (max: number) => z.string({ error: required() }).trim().min(1, 'must not be empty').max(max);
// Only the type error gets a custom message; range and step checks keep zod's precise wording.
const number = () =>
  z.number({
    error: (issue) => (issue.code === 'invalid_type' ? required('must be a number')(issue) : undefined),
  });
const emptyToNull = (value: string) => (value === '' ? null : value);
const currentYear = () => new Date().getUTCFullYear();

export const countryCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US')
  .transform((code) => code.toUpperCase());

const addressFields = {
  street: text(200),
  unit: z.string().trim().max(50).transform(emptyToNull).nullable().optional(),
  city: text(100),
  state: text(100),
  postalCode: text(20),
  country: countryCode.optional().describe('ISO 3166-1 alpha-2; defaults to US'),
};

const dateTime = z.iso.datetime({
  offset: true,
  error: required('must be an ISO 8601 date-time with offset, e.g. 2030-05-04T13:00:00-07:00'),
});

const openHouse = z
  .strictObject({ start: dateTime, end: dateTime })
  .refine((slot) => Date.parse(slot.end) > Date.parse(slot.start), {
    message: 'end must be after start',
    path: ['end'],
  });

/** Case-insensitive, keeps the first spelling: "Pool" and "pool" are one feature to a buyer. */
const dedupe = (items: string[]) => {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** A domain name or an IPv4 address; whether it may be fetched is decided at fetch time (SSRF rules). */
const photoHost = new RegExp(`${z.regexes.domain.source}|${z.regexes.ipv4.source}`);

const photoUrl = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, hostname: photoHost, error: 'must be an http(s) URL' }));

const fields = {
  price: number().positive().max(1e11).multipleOf(0.01),
  beds: number().int().min(0).max(100).nullable(),
  baths: number().min(0).max(100).multipleOf(0.5).nullable(),
  interiorSqft: number().int().positive().max(100_000_000).nullable(),
  lotSqft: number().int().positive().max(2_000_000_000).nullable(),
  yearBuilt: number()
    .int()
    .min(1600)
    .refine((year) => year <= currentYear() + 5, 'must be at most five years from now')
    .nullable(),
  propertyType: z.enum(propertyTypes),
  features: z.array(text(100)).max(100).transform(dedupe),
  description: z.string().trim().max(10_000),
  photos: z.array(photoUrl).max(50),
  status: z.enum(listingStatuses),
  openHouses: z.array(openHouse).max(20),
};

export const listingInput = z
  .strictObject({
    address: z.strictObject(addressFields),
    price: fields.price,
    beds: fields.beds.optional(),
    baths: fields.baths.optional(),
    interiorSqft: fields.interiorSqft.optional(),
    lotSqft: fields.lotSqft.optional(),
    yearBuilt: fields.yearBuilt.optional(),
    propertyType: fields.propertyType,
    features: fields.features.default([]),
    description: fields.description.default(''),
    photos: fields.photos.default([]),
    status: fields.status.default('active'),
    openHouses: fields.openHouses.default([]),
  })
  .meta({ id: 'NewListing' });
export type ListingInput = z.output<typeof listingInput>;

/** Every field optional; `address` parts merge into the stored address; `null` clears a nullable field. */
export const listingPatch = z
  .strictObject({
    address: z.strictObject(addressFields).partial(),
    price: fields.price,
    beds: fields.beds,
    baths: fields.baths,
    interiorSqft: fields.interiorSqft,
    lotSqft: fields.lotSqft,
    yearBuilt: fields.yearBuilt,
    propertyType: fields.propertyType,
    features: fields.features,
    description: fields.description,
    photos: fields.photos,
    status: fields.status,
    openHouses: fields.openHouses,
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change')
  .meta({ id: 'ListingPatch' });
export type ListingPatch = z.output<typeof listingPatch>;

// Response schemas carry no transforms: the serializer encodes through them.
export const listingSchema = z
  .object({
    id: z.uuid(),
    address: z.object({
      street: z.string(),
      unit: z.string().nullable(),
      city: z.string(),
      state: z.string(),
      postalCode: z.string(),
      country: z.string(),
    }),
    price: z.number(),
    beds: z.number().nullable(),
    baths: z.number().nullable(),
    interiorSqft: z.number().nullable(),
    lotSqft: z.number().nullable(),
    yearBuilt: z.number().nullable(),
    propertyType: z.enum(propertyTypes),
    features: z.array(z.string()),
    description: z.string(),
    photos: z.array(z.string()),
    status: z.enum(listingStatuses),
    openHouses: z.array(z.object({ start: z.string(), end: z.string() })),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Listing' });
export type Listing = z.output<typeof listingSchema>;

export const listingDetailSchema = listingSchema
  .extend({
    statusHistory: z.array(
      z.object({
        from: z.enum(listingStatuses).nullable(),
        to: z.enum(listingStatuses),
        changedAt: z.date(),
        changedBy: z.uuid().nullable().describe('The user; null for an API key or an import'),
      }),
    ),
    priceHistory: z.array(
      z.object({
        oldPrice: z.number().nullable(),
        newPrice: z.number(),
        changedAt: z.date(),
        changedBy: z.uuid().nullable(),
      }),
    ),
  })
  .meta({ id: 'ListingDetail' });

export const listingSorts = ['-createdAt', 'createdAt', 'price', '-price', '-updatedAt'] as const;
export type ListingSort = (typeof listingSorts)[number];

const statusFilter = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((part) => part.split(','))
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(listingStatuses)).min(1).max(listingStatuses.length));

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional().describe('`nextCursor` of the previous page'),
  status: statusFilter.optional().describe('One status or several, comma-separated'),
  minPrice: z.coerce.number().min(0).max(1e11).optional(),
  maxPrice: z.coerce.number().min(0).max(1e11).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Text in street, city or postal code'),
  sort: z.enum(listingSorts).default('-createdAt'),
});
export type ListQuery = z.output<typeof listQuery>;

export const listResponse = z.object({
  items: z.array(listingSchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});
export type ListResponse = z.output<typeof listResponse>;

export const idParams = z.object({ id: z.uuid() });

export const rowErrorSchema = z
  .object({
    line: z.number().int().describe('Line in the CSV file; the header is line 1'),
    column: z.string().describe('CSV column name; empty when the error concerns the whole row'),
    message: z.string(),
  })
  .meta({ id: 'ImportRowError' });

export const importSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(importStatuses),
    filename: z.string().nullable(),
    totalRows: z.number().int(),
    processedRows: z.number().int(),
    importedRows: z.number().int(),
    errors: z.array(rowErrorSchema),
    createdAt: z.date(),
    finishedAt: z.date().nullable(),
  })
  .meta({ id: 'ListingImport' });
export type Import = z.output<typeof importSchema>;

export const importResponse = z.object({ import: importSchema });
