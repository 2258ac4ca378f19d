import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { brandKits } from '../../db/schema.js';
import type { MediaUrls } from '../media/signed-urls.js';

export const brandKitColumns = {
  agentName: brandKits.agentName,
  brokerage: brandKits.brokerage,
  licenseNumber: brandKits.licenseNumber,
  disclosure: brandKits.disclosure,
  email: brandKits.email,
  phone: brandKits.phone,
  website: brandKits.website,
  primaryColor: brandKits.primaryColor,
  secondaryColor: brandKits.secondaryColor,
  accentColor: brandKits.accentColor,
  tone: brandKits.tone,
  defaultHashtags: brandKits.defaultHashtags,
  logoMediaId: brandKits.logoMediaId,
  updatedAt: brandKits.updatedAt,
};

/** The workspace's brand kit; a workspace that somehow has none gets the defaults created. */
export async function getBrandKit(options: { db: Db; workspaceId: string }) {
  const { db, workspaceId } = options;
  const select = () =>
    db.select(brandKitColumns).from(brandKits).where(eq(brandKits.workspaceId, workspaceId));
  const [kit] = await select();
  if (kit) return kit;
  await db.insert(brandKits).values({ workspaceId }).onConflictDoNothing();
  const [created] = await select();
  if (!created) throw new Error('brand kit not created');
  return created;
}

/** The kit as the API shows it: with a freshly signed URL of the logo. */
export function toBrandKitView<T extends { logoMediaId: string | null }>(kit: T, urls: MediaUrls) {
  return { ...kit, logoUrl: kit.logoMediaId ? urls.sign(kit.logoMediaId, 'original').url : null };
}
