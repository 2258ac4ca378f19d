/**
 * The content studio's vocabulary, shared by the pipeline roles (analyst → copywriter → compliance
 * reviewer), both `ContentModel` implementations and the content module's API. Plain data only.
 */
import type { propertyTypes, tones } from '../db/schema.js';

export const platforms = ['instagram', 'facebook', 'linkedin', 'x'] as const;
export type Platform = (typeof platforms)[number];

export const contentEvents = [
  'coming_soon',
  'just_listed',
  'open_house',
  'price_reduced',
  'under_contract',
  'just_sold',
] as const;
export type ContentEvent = (typeof contentEvents)[number];

export type Tone = (typeof tones)[number];
export type PropertyType = (typeof propertyTypes)[number];

/** What the writers may state about a listing. Every number, feature and place they write comes from here. */
export interface ListingFacts {
  address: {
    street: string;
    unit: string | null;
    city: string;
    state: string;
    postalCode: string;
    country: string | null;
  };
  price: number;
  beds: number | null;
  baths: number | null;
  interiorSqft: number | null;
  lotSqft: number | null;
  yearBuilt: number | null;
  propertyType: PropertyType;
  features: string[];
  /** The agent's own description, if any (may be empty). */
  description: string;
  photoCount: number;
}

/** What the writers may state about the agent or brand (from the brand kit). */
export interface BrandFacts {
  agentName: string | null;
  brokerage: string | null;
  licenseNumber: string | null;
  disclosure: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  defaultHashtags: string[];
}

/** The moment being marketed, with the facts only that moment has. */
export type EventDetails =
  | { event: 'coming_soon' | 'just_listed' | 'under_contract' | 'just_sold' }
  | {
      event: 'open_house';
      /** ISO 8601 instants, and the IANA zone to show them in (e.g. `America/Chicago`). */
      start: string;
      end: string;
      timeZone: string;
    }
  | { event: 'price_reduced'; previousPrice: number };

export interface SellingPoint {
  /** One short phrase a buyer cares about, e.g. "Renovated kitchen" or "4 bedrooms". */
  point: string;
  /** Which listing field it comes from: 'beds', 'features', 'lotSqft', … */
  source: string;
}

export interface Analysis {
  /** Strongest first. */
  sellingPoints: SellingPoint[];
  /** Where the price sits, from the listing's own numbers (e.g. price per square foot), never invented comparables. */
  pricePositioning: string;
  /** The home it is, described by the property and never by people (no "perfect for families"). */
  suitedTo: string;
  /** One sentence a copywriter leads with. */
  headline: string;
}

export interface Descriptions {
  /** ≤ 300 characters. */
  short: string;
  /** ≤ 2,000 characters, paragraphs separated by a blank line. */
  long: string;
}

export interface PostDraft {
  platform: Platform;
  /** The post body without hashtags; hashtags are kept apart and joined when published. */
  text: string;
  /** With the leading '#', deduplicated case-insensitively. */
  hashtags: string[];
  callToAction: string;
}

/** Everything the copywriter needs for one listing and event. */
export interface ListingBrief {
  listing: ListingFacts;
  brand: BrandFacts;
  details: EventDetails;
  tone: Tone;
  /** Instagram's hashtag cap for this workspace (default 5). */
  hashtagCap: number;
  /** Same input and seed → same words; a new seed (regenerate) → different words. */
  seed: number;
}

/** A post for a brand without listings (the second seed): a topic and a brief. */
export interface BrandPostBrief {
  topic: string;
  brief: string;
  brand: BrandFacts;
  tone: Tone;
  hashtagCap: number;
  /** Hashtags the author asked for, merged with the brand's defaults. */
  hashtags: string[];
  callToAction: string | null;
  seed: number;
}
