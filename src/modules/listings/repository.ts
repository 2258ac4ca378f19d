import type { Executor } from '../../db/client.js';
import { listingImports, listingPriceChanges, listingStatusChanges, listings } from '../../db/schema.js';
import type { Listing, ListingInput } from './schemas.js';

/** The columns a listing response needs (create, detail, update); the list builds its JSON in SQL. */
export const listingColumns = {
  id: listings.id,
  street: listings.street,
  unit: listings.unit,
  city: listings.city,
  state: listings.state,
  postalCode: listings.postalCode,
  country: listings.country,
  price: listings.price,
  beds: listings.beds,
  baths: listings.baths,
  interiorSqft: listings.interiorSqft,
  lotSqft: listings.lotSqft,
  yearBuilt: listings.yearBuilt,
  propertyType: listings.propertyType,
  features: listings.features,
  description: listings.description,
  photos: listings.photos,
  status: listings.status,
  openHouses: listings.openHouses,
  createdAt: listings.createdAt,
  updatedAt: listings.updatedAt,
};

export interface ListingRow {
  id: string;
  street: string;
  unit: string | null;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  price: number;
  beds: number | null;
  baths: number | null;
  interiorSqft: number | null;
  lotSqft: number | null;
  yearBuilt: number | null;
  propertyType: Listing['propertyType'];
  features: string[];
  description: string;
  photos: string[];
  status: Listing['status'];
  openHouses: Listing['openHouses'];
  createdAt: Date;
  updatedAt: Date;
}

export function toListing(row: ListingRow): Listing {
  const { street, unit, city, state, postalCode, country, ...rest } = row;
  return { ...rest, address: { street, unit, city, state, postalCode, country } };
}

/** Flattens a validated input into column values; absent optional fields become null. */
export function toColumns(input: ListingInput) {
  const { address } = input;
  return {
    street: address.street,
    unit: address.unit ?? null,
    city: address.city,
    state: address.state,
    postalCode: address.postalCode,
    country: address.country ?? 'US',
    price: input.price,
    beds: input.beds ?? null,
    baths: input.baths ?? null,
    interiorSqft: input.interiorSqft ?? null,
    lotSqft: input.lotSqft ?? null,
    yearBuilt: input.yearBuilt ?? null,
    propertyType: input.propertyType,
    features: input.features,
    description: input.description,
    photos: input.photos,
    status: input.status,
    openHouses: input.openHouses,
  };
}

// ~20 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535-parameter limit.
const BATCH = 1000;

/**
 * Inserts listings with their first status and price history entries, in batches. Call inside a
 * transaction: the caller decides what "all or nothing" covers.
 */
export async function insertListings(options: {
  tx: Executor;
  workspaceId: string;
  userId: string | null;
  importId?: string;
  inputs: ListingInput[];
}): Promise<ListingRow[]> {
  const { tx, workspaceId, userId, inputs } = options;
  const inserted: ListingRow[] = [];
  for (let start = 0; start < inputs.length; start += BATCH) {
    const rows = await tx
      .insert(listings)
      .values(
        inputs.slice(start, start + BATCH).map((input) => ({
          ...toColumns(input),
          workspaceId,
          importId: options.importId ?? null,
          createdBy: userId,
        })),
      )
      .returning(listingColumns);
    await tx.insert(listingStatusChanges).values(
      rows.map((row) => ({
        workspaceId,
        listingId: row.id,
        fromStatus: null,
        toStatus: row.status,
        changedBy: userId,
      })),
    );
    await tx.insert(listingPriceChanges).values(
      rows.map((row) => ({
        workspaceId,
        listingId: row.id,
        oldPrice: null,
        newPrice: row.price,
        changedBy: userId,
      })),
    );
    inserted.push(...rows);
  }
  return inserted;
}

/** An import as clients see it: never the stored CSV text. */
export const importColumns = {
  id: listingImports.id,
  status: listingImports.status,
  filename: listingImports.filename,
  totalRows: listingImports.totalRows,
  processedRows: listingImports.processedRows,
  importedRows: listingImports.importedRows,
  errors: listingImports.errors,
  createdAt: listingImports.createdAt,
  finishedAt: listingImports.finishedAt,
};
