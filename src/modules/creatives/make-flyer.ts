import { and, desc, eq } from 'drizzle-orm';
import { createBuiltinCopywriter } from '../../ai/builtin-copywriter/index.js';
import type { ListingFacts } from '../../ai/content.js';
import type { FlyerPaper, FlyerTemplate } from '../../creative/flyer/flyer.js';
import type { Db } from '../../db/client.js';
import { contentSets } from '../../db/schema.js';
import { brandFacts } from '../content/brief.js';
import { getContentSettings } from '../content/settings.js';
import { saveMedia } from '../media/save-media.js';
import { listingAndBrand, listingPhotos, type AssetDeps } from './listing-assets.js';

/** The flyer photo grid shows a hero and four more; more are not fetched. */
const FLYER_PHOTOS = 5;

/** The newest generated long description of the listing, or one the built-in copywriter writes now. */
async function flyerDescription(db: Db, workspaceId: string, listingId: string, listing: ListingFacts) {
  const [latest] = await db
    .select({ description: contentSets.description })
    .from(contentSets)
    .where(
      and(
        eq(contentSets.workspaceId, workspaceId),
        eq(contentSets.listingId, listingId),
        eq(contentSets.status, 'ready'),
      ),
    )
    .orderBy(desc(contentSets.createdAt))
    .limit(1);
  if (latest?.description) return latest.description.long;
  const brand = await brandFacts(db, workspaceId);
  const writer = createBuiltinCopywriter();
  // The flyer prints the brand's disclosure and licence itself: the description need not repeat them.
  const brief = {
    listing,
    brand: { ...brand.facts, disclosure: null, licenseNumber: null },
    details: { event: 'just_listed' as const },
    tone: brand.tone,
    hashtagCap: 0,
    seed: 1,
  };
  const analysis = await writer.analyze(brief);
  return (await writer.describe(brief, analysis.value)).value.long;
}

/**
 * A one-page PDF flyer of the listing — luxury at or above the workspace's threshold, standard below,
 * unless asked — stored in the media library (label `{type: "flyer"}`) and returned as bytes.
 */
export async function makeFlyer(
  options: AssetDeps & {
    listingId: string;
    body: {
      paper?: FlyerPaper | undefined;
      template?: FlyerTemplate | undefined;
      listingUrl?: string | undefined;
    };
  },
) {
  const { db, workspaceId, listingId, body } = options;
  // Loaded on first use: pdfkit and the fonts cost ≈ 40 MB that start-up need not pay.
  const { flyerTemplateFor, renderFlyer } = await import('../../creative/flyer/flyer.js');
  const { listing, facts, kit, logo } = await listingAndBrand(options, listingId);
  const settings = await getContentSettings({ db, workspaceId });
  const { photos, warnings } = await listingPhotos(options, listingId, listing.photos, FLYER_PHOTOS);
  const template = body.template ?? flyerTemplateFor(listing.price, settings.luxuryThreshold);
  const paper = body.paper ?? settings.flyerPaper;
  const pdf = await renderFlyer({
    listing: facts,
    status: listing.status,
    photos: photos.map((photo) => photo.data),
    description: await flyerDescription(db, workspaceId, listingId, facts),
    brand: {
      agentName: kit.agentName,
      brokerage: kit.brokerage,
      licenseNumber: kit.licenseNumber,
      disclosure: kit.disclosure,
      email: kit.email,
      phone: kit.phone,
      website: kit.website,
      defaultHashtags: kit.defaultHashtags,
      primaryColor: kit.primaryColor,
      accentColor: kit.accentColor,
      logo,
    },
    listingUrl:
      body.listingUrl ??
      kit.website ??
      `${options.config.publicUrl}/l/${listingId}?utm_source=flyer&utm_medium=print`,
    paper,
    template,
  });
  const stored = await saveMedia({
    db,
    storage: options.storage,
    urls: options.urls,
    workspaceId,
    userId: options.userId,
    data: pdf,
    kind: 'creative',
    listingId,
    altText: `Flyer for ${listing.address.street}, ${listing.address.city}`,
    label: { type: 'flyer', template, paper },
    trustedContentType: 'application/pdf',
  });
  return { pdf, mediaId: stored.id, template, paper, warnings, street: listing.address.street };
}
