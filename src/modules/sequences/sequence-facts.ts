import { and, asc, countDistinct, desc, eq, gte, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  brandKits,
  listingPriceChanges,
  listingStatusChanges,
  listings,
  type LeadInterest,
  type ListingStatus,
} from '../../db/schema.js';

/**
 * The real data a follow-up email is written from. Every figure comes from the workspace's own tables;
 * what is missing stays null or empty, and the email leaves that part out.
 */

/** Listings a buyer can act on: on the market now. */
export const onMarket: ListingStatus[] = ['active', 'open_house', 'price_reduced'];

export interface ListingFacts {
  id: string;
  street: string;
  address: string;
  city: string;
  price: number;
  beds: number | null;
  baths: number | null;
  interiorSqft: number | null;
  status: ListingStatus;
  url: string;
}

export interface AgentFacts {
  agentName: string | null;
  brokerage: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  licenseNumber: string | null;
  disclosure: string | null;
}

export interface MarketFacts {
  activeCount: number;
  medianPrice: number | null;
  newLast30Days: number;
  soldLast90Days: number;
  priceReducedLast30Days: number;
}

const listingColumns = {
  id: listings.id,
  street: listings.street,
  unit: listings.unit,
  city: listings.city,
  state: listings.state,
  postalCode: listings.postalCode,
  price: listings.price,
  beds: listings.beds,
  baths: listings.baths,
  interiorSqft: listings.interiorSqft,
  status: listings.status,
};

type ListingRow = Pick<typeof listings.$inferSelect, keyof typeof listingColumns>;

const toFacts = (row: ListingRow, publicUrl: string): ListingFacts => ({
  id: row.id,
  street: [row.street, row.unit].filter(Boolean).join(' '),
  address: `${[row.street, row.unit].filter(Boolean).join(' ')}, ${row.city}, ${row.state} ${row.postalCode}`,
  city: row.city,
  price: row.price,
  beds: row.beds,
  baths: row.baths,
  interiorSqft: row.interiorSqft,
  status: row.status,
  url: `${publicUrl}/l/${row.id}`,
});

/** The listing the lead asked about, unless it was withdrawn (its page is gone too). */
export async function askedListing(
  tx: Executor,
  workspaceId: string,
  listingId: string | null,
  publicUrl: string,
): Promise<ListingFacts | null> {
  if (!listingId) return null;
  const [row] = await tx
    .select(listingColumns)
    .from(listings)
    .where(
      and(
        eq(listings.workspaceId, workspaceId),
        eq(listings.id, listingId),
        ne(listings.status, 'withdrawn'),
      ),
    )
    .limit(1);
  return row ? toFacts(row, publicUrl) : null;
}

export async function agentFacts(tx: Executor, workspaceId: string): Promise<AgentFacts> {
  const [kit] = await tx
    .select({
      agentName: brandKits.agentName,
      brokerage: brandKits.brokerage,
      phone: brandKits.phone,
      email: brandKits.email,
      website: brandKits.website,
      licenseNumber: brandKits.licenseNumber,
      disclosure: brandKits.disclosure,
    })
    .from(brandKits)
    .where(eq(brandKits.workspaceId, workspaceId));
  return (
    kit ?? {
      agentName: null,
      brokerage: null,
      phone: null,
      email: null,
      website: null,
      licenseNumber: null,
      disclosure: null,
    }
  );
}

const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

/** The interest as stored, keeping only values that make sense (it is free-form JSON). */
export function cleanInterest(interest: LeadInterest | null | undefined): LeadInterest {
  const raw = (interest ?? {}) as Record<string, unknown>;
  const area =
    typeof raw.area === 'string' && raw.area.trim() !== '' ? raw.area.trim().slice(0, 100) : undefined;
  const result: LeadInterest = {};
  const priceMin = finite(raw.priceMin);
  const priceMax = finite(raw.priceMax);
  const bedrooms = finite(raw.bedrooms);
  if (priceMin !== undefined) result.priceMin = priceMin;
  if (priceMax !== undefined) result.priceMax = priceMax;
  if (bedrooms !== undefined) result.bedrooms = Math.round(bedrooms);
  if (area !== undefined) result.area = area;
  return result;
}

/**
 * Up to `limit` other listings on the market, closest first to what the lead asked for — their price
 * band, bedrooms and area — and, for what they did not say, to the listing they asked about. Distance:
 * the price gap as a share of the price, plus a quarter per bedroom off, plus a half for another area.
 */
export async function recommendations(options: {
  tx: Executor;
  workspaceId: string;
  interest: LeadInterest;
  asked: ListingFacts | null;
  publicUrl: string;
  limit?: number;
}): Promise<ListingFacts[]> {
  const { tx, interest, asked } = options;
  const price = sql`${listings.price}::numeric`;
  let priceGap: SQL = sql`0`;
  if (interest.priceMin !== undefined || interest.priceMax !== undefined) {
    const low = interest.priceMin ?? 0;
    const high = interest.priceMax ?? Number.MAX_SAFE_INTEGER;
    const reference = Math.max(interest.priceMax ?? interest.priceMin ?? 1, 1);
    priceGap = sql`greatest(${low}::numeric - ${price}, ${price} - ${high}::numeric, 0) / ${reference}::numeric`;
  } else if (asked) {
    priceGap = sql`abs(${price} - ${asked.price}::numeric) / ${Math.max(asked.price, 1)}::numeric`;
  }
  const bedrooms = interest.bedrooms ?? asked?.beds ?? undefined;
  const bedGap =
    bedrooms === undefined ? sql`0` : sql`abs(coalesce(${listings.beds}, 0) - ${bedrooms}::numeric)`;
  let areaGap: SQL = sql`0`;
  if (interest.area !== undefined) {
    const area = interest.area.toLowerCase();
    areaGap = sql`case when lower(${listings.city}) = ${area} or lower(${listings.postalCode}) = ${area}
      or strpos(${area}, lower(${listings.city})) > 0 then 0 else 1 end`;
  } else if (asked) {
    areaGap = sql`case when lower(${listings.city}) = ${asked.city.toLowerCase()} then 0 else 1 end`;
  }
  const rows = await tx
    .select(listingColumns)
    .from(listings)
    .where(
      and(
        eq(listings.workspaceId, options.workspaceId),
        inArray(listings.status, onMarket),
        asked ? ne(listings.id, asked.id) : undefined,
      ),
    )
    .orderBy(
      sql`${priceGap} + 0.25 * ${bedGap} + 0.5 * ${areaGap}`,
      desc(listings.createdAt),
      asc(listings.id),
    )
    .limit(options.limit ?? 3);
  return rows.map((row) => toFacts(row, options.publicUrl));
}

/** Figures over the workspace's own listings and their status and price history. */
export async function marketFacts(tx: Executor, workspaceId: string): Promise<MarketFacts> {
  const since = (days: number) => sql`now() - ${days}::int * interval '1 day'`;
  const market = inArray(listings.status, onMarket);
  const [stock] = await tx
    .select({
      activeCount: sql<number>`(count(*) filter (where ${market}))::int`,
      medianPrice: sql<
        string | null
      >`percentile_cont(0.5) within group (order by ${listings.price}) filter (where ${market})`,
      newLast30Days: sql<number>`(count(*) filter (where ${listings.createdAt} >= ${since(30)} and ${listings.status} <> 'withdrawn'))::int`,
    })
    .from(listings)
    .where(eq(listings.workspaceId, workspaceId));
  const [sold] = await tx
    .select({ count: countDistinct(listingStatusChanges.listingId) })
    .from(listingStatusChanges)
    .where(
      and(
        eq(listingStatusChanges.workspaceId, workspaceId),
        eq(listingStatusChanges.toStatus, 'sold'),
        gte(listingStatusChanges.changedAt, since(90)),
      ),
    );
  const [reduced] = await tx
    .select({ count: countDistinct(listingPriceChanges.listingId) })
    .from(listingPriceChanges)
    .where(
      and(
        eq(listingPriceChanges.workspaceId, workspaceId),
        lt(listingPriceChanges.newPrice, listingPriceChanges.oldPrice),
        gte(listingPriceChanges.changedAt, since(30)),
      ),
    );
  return {
    activeCount: Number(stock?.activeCount ?? 0),
    medianPrice:
      stock?.medianPrice === null || stock?.medianPrice === undefined
        ? null
        : Math.round(Number(stock.medianPrice)),
    newLast30Days: Number(stock?.newLast30Days ?? 0),
    soldLast90Days: Number(sold?.count ?? 0),
    priceReducedLast30Days: Number(reduced?.count ?? 0),
  };
}
