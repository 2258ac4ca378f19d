import { randomUUID } from 'node:crypto';
import type { ImageModel } from '../../ai/images.js';
import type { PriceTable } from '../../ai/pricing.js';
import {
  imageFormatNames,
  imageFormats,
  type BrandLook,
  type RenderedImage,
} from '../../creative/social/formats.js';
import { AppError } from '../../lib/errors.js';
import { eventDetails, workspaceTimeZone } from '../content/brief.js';
import { recordCalls } from '../content/repository.js';
import { getContentSettings } from '../content/settings.js';
import { saveMedia } from '../media/save-media.js';
import { aiPhotos } from './ai-photos.js';
import { listingAndBrand, listingPhotos, type AssetDeps, type PhotoWarning } from './listing-assets.js';
import type { CreativesBody } from './schemas.js';

/**
 * Renders a listing's branded images for an event in the asked formats (and a carousel), from the
 * listing's photo or an AI illustration, and stores each in the media library with its alt text and a
 * label `{event, format, role, batch, look}`. Photos that cannot be used are reported, not fatal.
 */
export async function renderCreatives(
  options: AssetDeps & {
    imageModel: ImageModel | null;
    prices: PriceTable;
    listingId: string;
    body: CreativesBody;
    now?: Date;
  },
) {
  const { body, listingId } = options;
  if (body.photo === 'ai' && !options.imageModel) {
    throw new AppError('not_configured', 'AI images need AI_BASE_URL and AI_IMAGE_MODEL to be set');
  }
  const { listing, facts, kit, logo } = await listingAndBrand(options, listingId);
  const [settings, zone] = await Promise.all([
    getContentSettings({ db: options.db, workspaceId: options.workspaceId }),
    workspaceTimeZone(options.db, options.workspaceId),
  ]);
  const details = eventDetails(listing, body, body.timeZone ?? zone, options.now ?? new Date());
  const luxury = listing.price >= settings.luxuryThreshold;
  const brand: BrandLook = {
    agentName: kit.agentName,
    brokerage: kit.brokerage,
    phone: kit.phone,
    primaryColor: kit.primaryColor,
    secondaryColor: kit.secondaryColor,
    accentColor: kit.accentColor,
    logo,
    luxury,
  };
  const formats = body.formats ?? imageFormatNames;

  const warnings: PhotoWarning[] = [];
  let photoFor = (_format: keyof typeof imageFormats): Buffer | null => null;
  let carouselPhotos: Buffer[] = [];
  let cost = { totalMicros: 0, calls: 0, fallback: null as 'cost_cap' | null };
  let usedAi = false;
  if (body.photo === 'ai' && options.imageModel) {
    const orientations = [
      ...new Set(
        [...formats, ...(body.carousel ? (['instagram_portrait'] as const) : [])].map((format) =>
          imageFormats[format].height >= imageFormats[format].width
            ? ('portrait' as const)
            : ('landscape' as const),
        ),
      ),
    ];
    const generated = await aiPhotos({
      model: options.imageModel,
      prices: options.prices,
      settings,
      listing: facts,
      details,
      orientations,
    });
    await recordCalls(options.db, {
      workspaceId: options.workspaceId,
      contentSetId: null,
      calls: generated.calls,
    });
    cost = {
      totalMicros: generated.calls.reduce((sum, call) => sum + call.costMicros, 0),
      calls: generated.calls.length,
      fallback: generated.fallback,
    };
    if (generated.images.size > 0) {
      usedAi = true;
      photoFor = (format) =>
        generated.images.get(
          imageFormats[format].height >= imageFormats[format].width ? 'portrait' : 'landscape',
        ) ?? null;
      carouselPhotos = [];
    }
  }
  if (!usedAi) {
    const loaded = await listingPhotos(options, listingId, listing.photos, body.carousel ? 8 : 1);
    warnings.push(...loaded.warnings);
    const first = loaded.photos[0]?.data ?? null;
    photoFor = () => first;
    carouselPhotos = loaded.photos.map((photo) => photo.data);
  }

  // Loaded on first use: the renderer (satori, resvg, fonts) costs ≈ 70 MB that start-up need not pay.
  const { renderCarousel, renderSocialImage } = await import('../../creative/social/index.js');
  const rendered: RenderedImage[] = [];
  for (const format of formats) {
    rendered.push(
      await renderSocialImage({ format, details, listing: facts, brand, photo: photoFor(format) }),
    );
  }
  if (body.carousel) {
    const photos = carouselPhotos.map((data) => ({ data, caption: null }));
    rendered.push(...(await renderCarousel({ details, listing: facts, brand, photos })));
  }

  const batch = randomUUID();
  const items = [];
  for (const [index, image] of rendered.entries()) {
    const altText = usedAi
      ? `${image.altText} (AI-generated illustration, not a photo of the property.)`
      : image.altText;
    items.push(
      await saveMedia({
        db: options.db,
        storage: options.storage,
        urls: options.urls,
        workspaceId: options.workspaceId,
        userId: options.userId,
        data: image.data,
        kind: 'creative',
        listingId,
        altText,
        label: {
          type: 'social',
          event: body.event,
          format: image.format,
          role: image.role,
          position: index,
          batch,
          look: luxury ? 'luxury' : 'standard',
          ai: usedAi,
        },
        maxPixels: options.config.MEDIA_MAX_PIXELS,
      }),
    );
  }
  return { items: items.map(({ created: _created, ...item }) => item), warnings, cost };
}
