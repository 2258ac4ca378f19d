import type { EventDetails, ListingFacts } from '../../ai/content.js';
import type { ModelCall } from '../../ai/content-model.js';
import { imageOutputTokens, type ImageModel, type ImageSize } from '../../ai/images.js';
import { callCostMicros, priceOf, type PriceTable } from '../../ai/pricing.js';
import { AppError } from '../../lib/errors.js';
import type { ContentSettings } from '../content/settings.js';

const eventMoods: Record<EventDetails['event'], string> = {
  coming_soon: 'anticipation, early morning light',
  just_listed: 'fresh and welcoming, bright daylight',
  open_house: 'inviting, warm afternoon light',
  price_reduced: 'approachable and bright',
  under_contract: 'calm, golden hour',
  just_sold: 'celebratory, golden hour',
};

const typeWords: Record<ListingFacts['propertyType'], string> = {
  single_family: 'a single-family house',
  condo: 'a condominium building',
  townhouse: 'a townhouse row',
  multi_family: 'a small multi-family building',
  land: 'an open parcel of land',
  other: 'a residence',
};

/**
 * The prompt: a mood illustration built from the listing's own facts, never presented as the property
 * itself (no text, no people: fair housing — describe the property, never who lives there).
 */
export function imagePrompt(listing: ListingFacts, details: EventDetails): string {
  const features = listing.features.slice(0, 3).join(', ');
  return [
    `Photorealistic architectural illustration of ${typeWords[listing.propertyType]} in ${listing.address.city}, ${listing.address.state}`,
    features ? `suggesting: ${features}` : null,
    `mood: ${eventMoods[details.event]}`,
    'no people, no text, no logos, no watermarks; generous empty sky or foreground for a headline',
  ]
    .filter(Boolean)
    .join('. ');
}

/**
 * One AI illustration per orientation the chosen formats need, each checked against the workspace's
 * per-post cost cap before it is asked for: over the cap, the listing's photos are used instead
 * (`fallback`) or the request is refused (422), per the content settings.
 */
export async function aiPhotos(options: {
  model: ImageModel;
  prices: PriceTable;
  settings: ContentSettings;
  listing: ListingFacts;
  details: EventDetails;
  orientations: ('portrait' | 'landscape')[];
}) {
  const { model, prices, settings, listing, details } = options;
  const prompt = imagePrompt(listing, details);
  const sizes: Record<'portrait' | 'landscape', ImageSize> = {
    portrait: '1024x1536',
    landscape: '1536x1024',
  };
  const price = priceOf(prices, model.name);
  const estimate = (size: ImageSize) =>
    price
      ? Math.ceil(prompt.length / 4) * price.input + imageOutputTokens[model.quality][size] * price.output
      : 0;
  const worst = Math.max(...options.orientations.map((orientation) => estimate(sizes[orientation])));
  if (worst > settings.costCapMicros) {
    if (settings.overCap === 'fallback')
      return { images: new Map<string, Buffer>(), calls: [], fallback: 'cost_cap' as const };
    throw new AppError(
      'cost_cap_exceeded',
      `An AI image could cost up to $${(worst / 1e6).toFixed(4)}, above the workspace's cap of $${(settings.costCapMicros / 1e6).toFixed(4)} per post`,
      { estimatedMicrosPerPost: worst, capMicros: settings.costCapMicros },
    );
  }
  const images = new Map<string, Buffer>();
  const calls: (ModelCall & { costMicros: number })[] = [];
  for (const orientation of options.orientations) {
    const { data, call } = await model.generate(prompt, sizes[orientation]);
    images.set(orientation, data);
    calls.push({ ...call, costMicros: callCostMicros(prices, call) });
  }
  return { images, calls, fallback: null };
}
