import type { Db } from '../../db/client.js';
import { listingPageEvents } from '../../db/schema.js';
import { attribute, type Utm } from './utm.js';

/** Crawlers and link previewers announce themselves; their fetches are not people visiting. */
const BOT = /bot|crawler|spider|crawling|preview|facebookexternalhit|slurp/i;
export const isBot = (userAgent: string | undefined) => !userAgent || BOT.test(userAgent);

/**
 * Counts one view of a listing's public page, attributed to the post its UTM link names. Plain
 * inserts, no read-modify-write, so views cost one small write (plus one lookup when tagged).
 */
export async function recordPageView(options: {
  db: Db;
  workspaceId: string;
  listingId: string;
  utm: Utm;
  userAgent: string | undefined;
}) {
  const { db, workspaceId, listingId, utm } = options;
  if (isBot(options.userAgent)) return;
  const { postId, campaignId } = await attribute(db, workspaceId, utm);
  await db
    .insert(listingPageEvents)
    .values({ workspaceId, listingId, kind: 'view', postId, campaignId, platform: utm.source });
}
