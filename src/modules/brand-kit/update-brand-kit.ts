import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { brandKits } from '../../db/schema.js';
import { brandKitColumns } from './get-brand-kit.js';
import type { BrandKitChanges } from './schemas.js';

/**
 * Applies the given fields and returns the whole kit: absent fields stay as they are (drizzle skips
 * `undefined` in both the insert and the update), `null` clears.
 */
export async function updateBrandKit(options: { db: Db; workspaceId: string; changes: BrandKitChanges }) {
  const { changes } = options;
  const [kit] = await options.db
    .insert(brandKits)
    .values({ ...changes, workspaceId: options.workspaceId })
    .onConflictDoUpdate({ target: brandKits.workspaceId, set: { ...changes, updatedAt: sql`now()` } })
    .returning(brandKitColumns);
  if (!kit) throw new Error('brand kit not saved');
  return kit;
}
