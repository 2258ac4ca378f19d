/**
 * What the writers know about one listing, derived once from its facts: the property noun, the address
 * as written in copy, the features ranked by what buyers look for first, and the key numbers as
 * phrases. Nothing here is added to the facts; features are only ranked, never reworded.
 */
import type { ListingFacts, PropertyType } from '../content.js';
import {
  describesPeople,
  formatBaths,
  formatCount,
  formatLot,
  formatPrice,
  formatPriceShort,
  sentences,
} from './phrasing.js';

export interface RankedFeature {
  /** The agent's own words, trimmed. */
  text: string;
  score: number;
  /** An emoji for casual tones; only chosen from words the feature itself contains. */
  emoji: string;
}

/** Strongest first; the emoji only where the feature's own words say what it is. */
const featureKinds: { pattern: RegExp; score: number; emoji: string }[] = [
  {
    pattern:
      /\b(waterfront|oceanfront|beachfront|lakefront|riverfront|water ?view|ocean|beach|lake|bay|river|dock)\b/iu,
    score: 10,
    emoji: '🌊',
  },
  { pattern: /\b(views?|skyline|panoramic|mountain)\b/iu, score: 9, emoji: '🌄' },
  { pattern: /\b(pool|spa|hot tub)\b/iu, score: 8, emoji: '🏊' },
  {
    pattern: /\b(renovated|remodeled|remodelled|restored|updated|new (?:roof|kitchen|windows|hvac))\b/iu,
    score: 8,
    emoji: '🛠️',
  },
  { pattern: /\b(kitchen|chef'?s|quartz|granite|island|appliances)\b/iu, score: 7, emoji: '🍳' },
  { pattern: /\b(suite|primary|walk-in|en-suite|ensuite)\b/iu, score: 6, emoji: '🛏️' },
  {
    pattern: /\b(garden|yard|patio|deck|terrace|balcony|porch|courtyard|rooftop)\b/iu,
    score: 6,
    emoji: '🌿',
  },
  {
    pattern: /\b(fireplace|wine|theat(?:er|re)|sauna|gym|elevator|office|studio)\b/iu,
    score: 5,
    emoji: '✨',
  },
  { pattern: /\b(garage|parking|carport)\b/iu, score: 4, emoji: '🚗' },
  { pattern: /\b(solar|ev charg\w*|energy)\b/iu, score: 4, emoji: '☀️' },
];

const MAX_FEATURE_LENGTH = 80;

export function rankFeatures(features: readonly string[]): RankedFeature[] {
  const seen = new Set<string>();
  const ranked: RankedFeature[] = [];
  for (const raw of features) {
    const text = raw
      .replace(/\s+/gu, ' ')
      .trim()
      .replace(/[.;,]+$/u, '');
    const key = text.toLowerCase();
    // A feature about people, not the property, is left out (fair housing); an essay is not a feature.
    if (!text || seen.has(key) || text.length > MAX_FEATURE_LENGTH || describesPeople(text)) continue;
    seen.add(key);
    const kind = featureKinds.find((candidate) => candidate.pattern.test(text));
    ranked.push({ text, score: kind?.score ?? 3, emoji: kind?.emoji ?? '✔️' });
  }
  // Stable: equal scores keep the agent's own order.
  return ranked.sort((a, b) => b.score - a.score);
}

const typeNouns: Record<PropertyType, string> = {
  single_family: 'single-family home',
  condo: 'condo',
  townhouse: 'townhouse',
  multi_family: 'multi-family property',
  land: 'parcel of land',
  other: 'property',
};

export interface ListingView {
  facts: ListingFacts;
  typeNoun: string;
  /** "a condo" / "an …". */
  typeWithArticle: string;
  /** "12 Rue Saint-Denis, Unit 4" */
  street: string;
  /** "12 Rue Saint-Denis, Unit 4, Montréal, QC" */
  fullAddress: string;
  city: string;
  features: RankedFeature[];
  price: string;
  priceShort: string;
  /** "3 bedrooms", "2.5 baths", "1,850 sq ft", "0.25-acre lot" — only those the listing has. */
  beds: string | null;
  baths: string | null;
  area: string | null;
  lot: string | null;
  /** "3 bd · 2.5 ba · 1,850 sq ft" for tight spaces. */
  compactStats: string;
  /** The agent's own sentences, minus any about people. */
  descriptionSentences: string[];
}

const withArticle = (noun: string) => `${/^[aeiou]/iu.test(noun) ? 'an' : 'a'} ${noun}`;

function unitLabel(unit: string): string {
  const trimmed = unit.trim();
  return /^(#|unit|apt|apartment|suite|ste|flat|no\.?)\b/iu.test(trimmed) || trimmed.startsWith('#')
    ? trimmed
    : `Unit ${trimmed}`;
}

export function viewListing(facts: ListingFacts): ListingView {
  const descriptionSentences = [...new Set(sentences(facts.description))].filter(
    (sentence) => !describesPeople(sentence),
  );
  const { address } = facts;
  const street = address.unit?.trim()
    ? `${address.street.trim()}, ${unitLabel(address.unit)}`
    : address.street.trim();
  const place = [address.city.trim(), address.state.trim()].filter(Boolean).join(', ');
  const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);
  const beds =
    facts.beds !== null && facts.beds > 0
      ? `${formatCount(facts.beds)} ${plural(facts.beds, 'bedroom', 'bedrooms')}`
      : null;
  const baths =
    facts.baths !== null && facts.baths > 0
      ? `${formatBaths(facts.baths)} ${plural(facts.baths, 'bath', 'baths')}`
      : null;
  const area =
    facts.interiorSqft !== null && facts.interiorSqft > 0 ? `${formatCount(facts.interiorSqft)} sq ft` : null;
  const lot = facts.lotSqft !== null && facts.lotSqft > 0 ? formatLot(facts.lotSqft) : null;
  const compactStats = [
    facts.beds ? `${formatCount(facts.beds)} bd` : null,
    facts.baths ? `${formatBaths(facts.baths)} ba` : null,
    area,
    facts.propertyType === 'land' ? lot : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const typeNoun = typeNouns[facts.propertyType];
  return {
    facts,
    typeNoun,
    typeWithArticle: withArticle(typeNoun),
    street,
    fullAddress: place ? `${street}, ${place}` : street,
    city: address.city.trim(),
    features: rankFeatures(facts.features),
    price: formatPrice(facts.price),
    priceShort: formatPriceShort(facts.price),
    beds,
    baths,
    area,
    lot,
    compactStats,
    descriptionSentences,
  };
}

/** "a 3-bedroom condo", "a 0.5-acre parcel of land", "a single-family home". */
export function sizedType(view: ListingView): string {
  const { beds, propertyType } = view.facts;
  if (beds && beds > 0 && propertyType !== 'land' && propertyType !== 'multi_family') {
    const article = /^(8|1[18]$)/u.test(String(beds)) ? 'an' : 'a';
    return `${article} ${formatCount(beds)}-bedroom ${view.typeNoun}`;
  }
  return view.typeWithArticle;
}
