/** Alt text for every image, written from the listing's facts only (never from what a model imagined). */
import type { EventDetails, ListingFacts } from '../../ai/content.js';
import type { BrandLook } from './formats.js';
import {
  factPhrases,
  formatPrice,
  openHouseWhen,
  propertyDescription,
  shortAddress,
} from './listing-text.js';

const sentence = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`);

function brandName(brand: BrandLook): string | null {
  return brand.brokerage?.trim() || brand.agentName?.trim() || null;
}

/** "Just listed: 4-bedroom single-family home at 48 Linden Terrace, Asheville, NC, offered at $689,000." */
export function listingSentence(details: EventDetails, listing: ListingFacts): string {
  const what = `${propertyDescription(listing)} at ${shortAddress(listing)}`;
  const price = formatPrice(listing.price);
  switch (details.event) {
    case 'coming_soon':
      return `Coming soon: ${what}, offered at ${price}.`;
    case 'just_listed':
      return `Just listed: ${what}, offered at ${price}.`;
    case 'open_house': {
      const when = openHouseWhen(details);
      return `Open house ${when.day}, ${when.time}: ${what}, offered at ${price}.`;
    }
    case 'price_reduced':
      return `Price reduced: ${what}, now ${price}, down from ${formatPrice(details.previousPrice)}.`;
    case 'under_contract':
      return `Under contract: ${what}, listed at ${price}.`;
    case 'just_sold':
      return `Just sold: ${what}, listed at ${price}.`;
  }
}

function brandSentence(brand: BrandLook, subject: string): string {
  const name = brandName(brand);
  const who = brand.agentName && brand.brokerage ? ` and agent ${brand.agentName.trim()}` : '';
  return name ? `${subject} with ${name} branding${who}.` : `${subject}.`;
}

export function singleImageAltText(input: {
  details: EventDetails;
  listing: ListingFacts;
  brand: BrandLook;
  hasPhoto: boolean;
}): string {
  const subject = input.hasPhoto ? 'Photo of the home' : 'Brand-colour design without a photo';
  return `${listingSentence(input.details, input.listing)} ${brandSentence(input.brand, subject)}`;
}

export function photoSlideAltText(input: {
  listing: ListingFacts;
  caption: string | null;
  index: number;
  total: number;
}): string {
  const where = `Photo ${input.index} of ${input.total} of ${shortAddress(input.listing)}`;
  const caption = input.caption?.trim();
  return caption ? `${where}: ${sentence(caption)}` : `${where}.`;
}

export function featuresAltText(input: {
  listing: ListingFacts;
  brand: BrandLook;
  features: string[];
}): string {
  const items = [...factPhrases(input.listing), ...input.features].join(', ');
  const head = `Features of ${shortAddress(input.listing)}, ${formatPrice(input.listing.price)}`;
  return `${items ? `${head}: ${sentence(items)}` : sentence(head)} ${brandSentence(input.brand, 'Card')}`;
}
