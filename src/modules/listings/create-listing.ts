import type { Db } from '../../db/client.js';
import { insertListings, toListing } from './repository.js';
import type { Listing, ListingInput } from './schemas.js';

/** Creates a listing and records its first status and price, together. */
export async function createListing(options: {
  db: Db;
  workspaceId: string;
  userId: string | null;
  input: ListingInput;
}): Promise<Listing> {
  const { db, workspaceId, userId, input } = options;
  const [row] = await db.transaction((tx) => insertListings({ tx, workspaceId, userId, inputs: [input] }));
  if (!row) throw new Error('listing not inserted');
  return toListing(row);
}
