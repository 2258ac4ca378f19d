/**
 * Hashtags from facts only: the event, the city, the property type and up to two features, merged with
 * the brand's defaults, deduplicated case-insensitively and capped. The same for both content models, so
 * a language model never invents a place or a feature through a hashtag.
 */
import type { ContentEvent, ListingFacts, PropertyType } from './content.js';

const eventTags: Record<ContentEvent, string> = {
  coming_soon: 'ComingSoon',
  just_listed: 'JustListed',
  open_house: 'OpenHouse',
  price_reduced: 'PriceReduced',
  under_contract: 'UnderContract',
  just_sold: 'JustSold',
};

const typeTags: Record<PropertyType, string | null> = {
  single_family: 'HomeForSale',
  condo: 'CondoLiving',
  townhouse: 'Townhouse',
  multi_family: 'MultiFamily',
  land: 'LandForSale',
  other: null,
};

/** "Coeur d'Alene" → "CoeurDAlene"; letters and digits of any script are kept. */
export function toHashtag(words: string): string | null {
  const body = words
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
  return body.length >= 2 && body.length <= 60 ? `#${body}` : null;
}

export function dedupeHashtags(tags: string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tag.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Ordered by usefulness: event, city, property type, brand defaults, then features. */
export function listingHashtags(options: {
  listing: Pick<ListingFacts, 'address' | 'propertyType' | 'features'>;
  event: ContentEvent;
  brandDefaults: string[];
  cap: number;
}): string[] {
  const { listing, event, brandDefaults, cap } = options;
  const candidates = [
    `#${eventTags[event]}`,
    toHashtag(listing.address.city),
    toHashtag(`${listing.address.city} Real Estate`),
    typeTags[listing.propertyType] ? `#${typeTags[listing.propertyType]}` : null,
    ...brandDefaults,
    ...listing.features.slice(0, 2).map(toHashtag),
  ];
  return dedupeHashtags(candidates.filter((tag): tag is string => tag !== null)).slice(0, cap);
}

/** For brand posts: the author's tags first, then the brand's defaults. */
export function brandHashtags(options: { requested: string[]; brandDefaults: string[]; cap: number }) {
  const tags = [...options.requested, ...options.brandDefaults]
    .map((tag) => toHashtag(tag.replace(/^#/, '')))
    .filter((tag): tag is string => tag !== null);
  return dedupeHashtags(tags).slice(0, options.cap);
}
