/**
 * A campaign's images: the creative studio's branded images for an event, one per platform format, and
 * the Instagram carousel. A batch rendered since the listing and brand kit last changed is reused, so a
 * second preview of the same listing does not render (or fill the media library) again.
 */
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { ContentEvent, Platform } from '../../ai/content.js';
import type { ImageModel } from '../../ai/images.js';
import type { PriceTable } from '../../ai/pricing.js';
import type { ImageFormat } from '../../creative/social/formats.js';
import { media } from '../../db/schema.js';
import type { AssetDeps } from '../creatives/listing-assets.js';
import { renderCreatives } from '../creatives/render-creatives.js';

export const formatOf: Record<Platform, ImageFormat> = {
  instagram: 'instagram_portrait',
  facebook: 'facebook',
  linkedin: 'linkedin',
  x: 'x',
};

export interface ImageNeeds {
  formats: Set<ImageFormat>;
  carousel: boolean;
}

/** Media ids per format, and the carousel's in slide order. */
export type EventImages = Map<ImageFormat | 'carousel', string[]>;

function group(rows: { id: string; label: Record<string, unknown> }[]): Map<string, EventImages> {
  const batches = new Map<string, Map<ImageFormat | 'carousel', { id: string; position: number }[]>>();
  for (const row of rows) {
    const batch = String(row.label.batch);
    const images =
      batches.get(batch) ?? new Map<ImageFormat | 'carousel', { id: string; position: number }[]>();
    const format = String(row.label.format) as ImageFormat | 'carousel';
    images.set(format, [...(images.get(format) ?? []), { id: row.id, position: Number(row.label.position) }]);
    batches.set(batch, images);
  }
  // Batches newest first (the rows' order); each format's images in slide order.
  return new Map(
    [...batches].map(([batch, images]) => [
      batch,
      new Map(
        [...images].map(([format, items]) => [
          format,
          items.sort((a, b) => a.position - b.position).map((item) => item.id),
        ]),
      ),
    ]),
  );
}

const covers = (images: EventImages, needs: ImageNeeds) =>
  [...needs.formats].every((format) => images.has(format)) && (!needs.carousel || images.has('carousel'));

export async function eventImages(
  deps: AssetDeps & { imageModel: ImageModel | null; prices: PriceTable },
  options: {
    listingId: string;
    event: ContentEvent;
    needs: ImageNeeds;
    /** Images made before this (the listing's or brand kit's last change) may show old facts. */
    freshSince: Date;
    look: 'luxury' | 'standard';
    timeZone: string;
    openHouse?: { start: string; end: string } | undefined;
    now: Date;
  },
): Promise<EventImages> {
  const { needs } = options;
  if (needs.formats.size === 0 && !needs.carousel) return new Map();
  const rows = await deps.db
    .select({ id: media.id, label: media.label })
    .from(media)
    .where(
      and(
        eq(media.workspaceId, deps.workspaceId),
        eq(media.listingId, options.listingId),
        eq(media.kind, 'creative'),
        sql`${media.label}->>'type' = 'social' and ${media.label}->>'event' = ${options.event}`,
        sql`coalesce(${media.label}->>'ai', 'false') = 'false' and ${media.label}->>'look' = ${options.look}`,
        gt(media.createdAt, options.freshSince),
      ),
    )
    .orderBy(desc(media.createdAt));
  // Open-house images show the slot: only a batch made for this campaign's slot will do.
  const reusable = options.event === 'open_house' ? [] : [...group(rows).values()];
  const found = reusable.find((images) => covers(images, needs));
  if (found) return found;
  const rendered = await renderCreatives({
    ...deps,
    listingId: options.listingId,
    now: options.now,
    body: {
      event: options.event,
      timeZone: options.timeZone,
      ...(options.openHouse ? { openHouse: options.openHouse } : {}),
      formats: needs.formats.size > 0 ? [...needs.formats] : ['instagram_portrait'],
      carousel: needs.carousel,
      photo: 'listing',
    },
  });
  const [batch] = group(rendered.items.map((item) => ({ id: item.id, label: item.label }))).values();
  return batch ?? new Map();
}
