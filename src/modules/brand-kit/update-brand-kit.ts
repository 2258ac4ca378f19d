import { and, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { brandKits, media } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { brandKitColumns } from './get-brand-kit.js';
import type { BrandKitChanges } from './schemas.js';

/**
 * Applies the given fields and returns the whole kit: absent fields stay as they are (drizzle skips
 * `undefined` in both the insert and the update), `null` clears. A logo must be an image of the same
 * workspace's media library.
 */
export async function updateBrandKit(options: { db: Db; workspaceId: string; changes: BrandKitChanges }) {
  const { changes, workspaceId } = options;
  // Locks the logo's row until the kit is saved, so a concurrent delete cannot break the reference.
  return options.db.transaction(async (tx) => {
    if (changes.logoMediaId) {
      const [logo] = await tx
        .select({ id: media.id })
        .from(media)
        .where(
          and(
            eq(media.workspaceId, workspaceId),
            eq(media.id, changes.logoMediaId),
            like(media.contentType, 'image/%'),
          ),
        )
        .limit(1)
        .for('share');
      if (!logo) throw notFound('Media');
    }
    const [kit] = await tx
      .insert(brandKits)
      .values({ ...changes, workspaceId })
      .onConflictDoUpdate({ target: brandKits.workspaceId, set: { ...changes, updatedAt: sql`now()` } })
      .returning(brandKitColumns);
    if (!kit) throw new Error('brand kit not saved');
    return kit;
  });
}
