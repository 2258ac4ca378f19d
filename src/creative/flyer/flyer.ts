/**
 * One-page PDF flyer for a listing: `standard` (Inter, brand colours) below the workspace's luxury
 * threshold, `luxury` (Playfair Display, gold and charcoal) at or above it. Photos are resized to the size
 * they are drawn at before embedding; all text is fitted to fixed boxes so the page never overflows.
 */
import PDFDocument from 'pdfkit';
import type { BrandFacts, ListingFacts } from '../../ai/content.js';
import { normalizeColor } from './draw.js';
import { flyerContent } from './flyer-content.js';
import type { FlyerLayout, PageSize } from './layout.js';
import { luxuryLayout } from './layout-luxury.js';
import { standardLayout } from './layout-standard.js';
import { isReadableImage, logoForBox, photoForBox } from './photos.js';
import { createTypesetter } from './typeset.js';

export type FlyerTemplate = 'standard' | 'luxury';
export type FlyerPaper = 'letter' | 'a4';

export interface FlyerInput {
  listing: ListingFacts;
  /** Listing status, e.g. 'active', 'sold': sold, under contract, coming soon… get a corner ribbon. */
  status: string;
  /** Listing photos in order (any format sharp reads); the first few are used, unreadable ones skipped. */
  photos: Buffer[];
  /** The long description to print; shortened at a sentence or word boundary to fit. */
  description: string;
  brand: BrandFacts & { primaryColor: string; accentColor: string; logo: Buffer | null };
  /** The QR code's target. */
  listingUrl: string;
  paper: FlyerPaper;
  template: FlyerTemplate;
}

/** The default of the per-workspace luxury threshold, in dollars. */
export const DEFAULT_LUXURY_THRESHOLD = 1_000_000;

const pageSizes: Record<FlyerPaper, PageSize> = {
  letter: { width: 612, height: 792 },
  a4: { width: 595.28, height: 841.89 },
};

const layouts: Record<FlyerTemplate, FlyerLayout> = { standard: standardLayout, luxury: luxuryLayout };

/** Luxury at or above the threshold, standard below. */
export function flyerTemplateFor(
  price: number,
  luxuryThreshold: number = DEFAULT_LUXURY_THRESHOLD,
): FlyerTemplate {
  return price >= luxuryThreshold ? 'luxury' : 'standard';
}

/** The first `max` photos sharp can read (a broken upload is skipped rather than failing the flyer). */
async function usablePhotos(photos: Buffer[], max: number): Promise<Buffer[]> {
  const usable: Buffer[] = [];
  for (let start = 0; start < photos.length && usable.length < max; start += max) {
    const batch = photos.slice(start, start + max);
    const readable = await Promise.all(batch.map(isReadableImage));
    usable.push(...batch.filter((_, index) => readable[index]));
  }
  return usable.slice(0, max);
}

function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

export async function renderFlyer(input: FlyerInput): Promise<Buffer> {
  const layout = layouts[input.template];
  const page = pageSizes[input.paper];
  const photos = await usablePhotos(input.photos, layout.maxPhotos);
  const slots = layout.photoSlots(page, photos.length);
  const [prepared, logo] = await Promise.all([
    Promise.all(slots.map((slot, index) => photoForBox(photos[index]!, slot))),
    input.brand.logo ? logoForBox(input.brand.logo, layout.logoBox(page)) : Promise.resolve(null),
  ]);

  const content = flyerContent(input);
  const doc = new PDFDocument({
    size: [page.width, page.height],
    margin: 0,
    info: {
      Title: [content.street, content.locality].filter(Boolean).join(', '),
      Author: content.agentName ?? content.brokerage ?? 'Listcast',
      Creator: 'Listcast',
    },
  });
  const output = toBuffer(doc);
  layout.draw({
    doc,
    ts: createTypesetter(doc),
    page,
    content,
    photos: prepared,
    slots,
    logo,
    primaryColor: normalizeColor(input.brand.primaryColor, '#1f3a5f'),
    accentColor: normalizeColor(input.brand.accentColor, '#e0a526'),
  });
  doc.end();
  return output;
}
