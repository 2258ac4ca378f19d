/** The words an image shows, from the listing's facts only: labels, prices, dates, address and facts. */
import type { ContentEvent, EventDetails, ListingFacts, PropertyType } from '../../ai/content.js';

export const eventLabels: Record<ContentEvent, string> = {
  coming_soon: 'Coming Soon',
  just_listed: 'Just Listed',
  open_house: 'Open House',
  price_reduced: 'Price Reduced',
  under_contract: 'Under Contract',
  just_sold: 'Just Sold',
};

const whole = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const count = new Intl.NumberFormat('en-US');

/** $689,000 */
export const formatPrice = (price: number) => whole.format(Math.round(price));

/** $1.25M for a million and above (for headlines that need it), else the whole price. */
export function compactPrice(price: number): string {
  if (price < 1_000_000) return formatPrice(price);
  if (price >= 1_000_000_000) return `$${trimZeros(price / 1_000_000_000)}B`;
  return `$${trimZeros(price / 1_000_000)}M`;
}
const trimZeros = (value: number) => value.toFixed(2).replace(/\.?0+$/, '');

/** Intl puts narrow and thin no-break spaces around times; plain spaces read the same and wrap. */
const plainSpaces = (text: string) => text.replace(/[\u202F\u2009\u00A0]/g, ' ');

const formats = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();
function zoned(timeZone: string) {
  let found = formats.get(timeZone);
  if (!found) {
    found = {
      day: new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' }),
      time: new Intl.DateTimeFormat('en-US', {
        timeZone,
        hour: 'numeric',
        minute: '2-digit',
        timeZoneName: 'short',
      }),
    };
    formats.set(timeZone, found);
  }
  return found;
}

/** "Saturday, May 4" and "1:00 – 3:00 PM CDT", in the open house's own time zone. */
export function openHouseWhen(details: { start: string; end: string; timeZone: string }): {
  day: string;
  time: string;
} {
  const start = new Date(details.start);
  const end = new Date(details.end);
  const { day, time } = zoned(details.timeZone);
  const startDay = day.format(start);
  const endDay = day.format(end);
  if (startDay !== endDay) {
    return {
      day: `${startDay} – ${endDay}`,
      time: plainSpaces(`${time.format(start)} – ${time.format(end)}`),
    };
  }
  return { day: startDay, time: plainSpaces(time.formatRange(start, end)) };
}

export function streetLine(listing: ListingFacts): string {
  const { street, unit } = listing.address;
  if (!unit) return street.trim();
  return `${street.trim()}, ${/^(unit|apt|suite|#)/i.test(unit.trim()) ? unit.trim() : `Unit ${unit.trim()}`}`;
}

export function localityLine(listing: ListingFacts): string {
  const { city, state, postalCode } = listing.address;
  return [city.trim(), [state.trim(), postalCode.trim()].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
}

/** "48 Linden Terrace, Asheville, NC" — for alt text. */
export function shortAddress(listing: ListingFacts): string {
  const { city, state } = listing.address;
  return [streetLine(listing), city.trim(), state.trim()].filter(Boolean).join(', ');
}

/** "4 bd · 3 ba · 2,450 sq ft" (or the lot size for land); null when the listing gives none. */
export function factsLine(listing: ListingFacts): string | null {
  const parts: string[] = [];
  if (listing.beds !== null) parts.push(`${count.format(listing.beds)} bd`);
  if (listing.baths !== null) parts.push(`${count.format(listing.baths)} ba`);
  if (listing.interiorSqft !== null && listing.propertyType !== 'land') {
    parts.push(`${count.format(listing.interiorSqft)} sq ft`);
  } else if (listing.lotSqft !== null) parts.push(`${count.format(listing.lotSqft)} sq ft lot`);
  return parts.length ? parts.join(' · ') : null;
}

/** Longer facts for the carousel's features card and alt text: "4 bedrooms", "3 bathrooms", … */
export function factPhrases(listing: ListingFacts): string[] {
  const phrases: string[] = [];
  const plural = (n: number, one: string) => `${count.format(n)} ${one}${n === 1 ? '' : 's'}`;
  if (listing.beds !== null) phrases.push(plural(listing.beds, 'bedroom'));
  if (listing.baths !== null) phrases.push(plural(listing.baths, 'bathroom'));
  if (listing.interiorSqft !== null)
    phrases.push(`${count.format(listing.interiorSqft)} sq ft of living space`);
  if (listing.lotSqft !== null) phrases.push(`${count.format(listing.lotSqft)} sq ft lot`);
  if (listing.yearBuilt !== null) phrases.push(`Built in ${listing.yearBuilt}`);
  return phrases;
}

const propertyNouns: Record<PropertyType, string> = {
  single_family: 'single-family home',
  condo: 'condo',
  townhouse: 'townhouse',
  multi_family: 'multi-family property',
  land: 'lot',
  other: 'property',
};

/** "4-bedroom single-family home" */
export function propertyDescription(listing: ListingFacts): string {
  const noun = propertyNouns[listing.propertyType];
  if (listing.beds === null || listing.beds <= 0 || listing.propertyType === 'land') return noun;
  return `${count.format(listing.beds)}-bedroom ${noun}`;
}

/** The line above the price: what this event adds (the open house's time), or null. */
export function eventKicker(details: EventDetails): string | null {
  if (details.event === 'open_house') {
    const when = openHouseWhen(details);
    return `${when.day} · ${when.time}`;
  }
  return null;
}
