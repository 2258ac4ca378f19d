import { eq } from 'drizzle-orm';
import type { BrandFacts, EventDetails, ListingFacts } from '../../ai/content.js';
import type { Db } from '../../db/client.js';
import { workspaces } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { getBrandKit } from '../brand-kit/get-brand-kit.js';
import type { getListing } from '../listings/get-listing.js';
import type { GenerateBody } from './schemas.js';

type Listing = Awaited<ReturnType<typeof getListing>>;

const needs = (field: string, message: string) =>
  new AppError('validation_failed', 'The request is not valid', {
    fields: [{ field: `body.${field}`, message }],
  });

export function listingFacts(listing: Listing): ListingFacts {
  return {
    address: {
      street: listing.address.street,
      unit: listing.address.unit ?? null,
      city: listing.address.city,
      state: listing.address.state,
      postalCode: listing.address.postalCode,
      country: listing.address.country ?? null,
    },
    price: listing.price,
    beds: listing.beds ?? null,
    baths: listing.baths ?? null,
    interiorSqft: listing.interiorSqft ?? null,
    lotSqft: listing.lotSqft ?? null,
    yearBuilt: listing.yearBuilt ?? null,
    propertyType: listing.propertyType,
    features: listing.features,
    description: listing.description,
    photoCount: listing.photos.length,
  };
}

export async function brandFacts(db: Db, workspaceId: string) {
  const kit = await getBrandKit({ db, workspaceId });
  const facts: BrandFacts = {
    agentName: kit.agentName,
    brokerage: kit.brokerage,
    licenseNumber: kit.licenseNumber,
    disclosure: kit.disclosure,
    email: kit.email,
    phone: kit.phone,
    website: kit.website,
    defaultHashtags: kit.defaultHashtags,
  };
  return { facts, tone: kit.tone };
}

export async function workspaceTimeZone(db: Db, workspaceId: string): Promise<string> {
  const [row] = await db
    .select({ timezone: workspaces.timezone })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row?.timezone ?? 'Etc/UTC';
}

/**
 * The facts only this event has: the open-house slot (asked for, or the listing's next one) and the
 * price before a reduction (asked for, or the listing's last price change). Missing ones answer 400.
 */
export function eventDetails(
  listing: Listing,
  body: Pick<GenerateBody, 'event' | 'openHouse' | 'previousPrice'>,
  timeZone: string,
  now: Date,
): EventDetails {
  switch (body.event) {
    case 'open_house': {
      const slot =
        body.openHouse ??
        listing.openHouses
          .filter((openHouse) => Date.parse(openHouse.end) > now.getTime())
          .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0];
      if (!slot) throw needs('openHouse', 'is required: the listing has no upcoming open house');
      return { event: 'open_house', start: slot.start, end: slot.end, timeZone };
    }
    case 'price_reduced': {
      const previousPrice =
        body.previousPrice ??
        listing.priceHistory.filter((change) => change.oldPrice !== null).at(-1)?.oldPrice ??
        undefined;
      if (previousPrice === undefined) {
        throw needs('previousPrice', 'is required: the listing has no earlier price');
      }
      if (previousPrice <= listing.price) {
        throw needs('previousPrice', `must be above the current price (${listing.price})`);
      }
      return { event: 'price_reduced', previousPrice };
    }
    default:
      return { event: body.event };
  }
}
