/**
 * The listing analyst's prompt and output schema. The facts go to the model as compact JSON (numbers
 * it can quote, nothing to paraphrase); derived numbers such as price per square foot are computed here
 * so the model never does arithmetic it could get wrong. The system prompt is the same for every call,
 * so a provider's prompt cache can serve it.
 */
import { z } from 'zod';
import type { Analysis, EventDetails, ListingBrief, ListingFacts } from '../content.js';

/** Listing fields a selling point may cite as its source. */
export const sellingPointSources = [
  'address',
  'price',
  'beds',
  'baths',
  'interiorSqft',
  'lotSqft',
  'yearBuilt',
  'propertyType',
  'features',
  'description',
  'event',
] as const;

/**
 * Strict structured-output schemas allow no length keywords on strings in every provider, so limits
 * live in refinements: zod enforces them, the JSON schema sent stays plain.
 */
export const analysisSchema = z.object({
  sellingPoints: z
    .array(z.object({ point: z.string(), source: z.enum(sellingPointSources) }))
    .refine((points) => points.length >= 1 && points.length <= 8, 'give between 1 and 8 selling points'),
  pricePositioning: z.string(),
  suitedTo: z.string(),
  headline: z.string().refine((text) => text.trim() !== '', 'the headline is empty'),
}) satisfies z.ZodType<Analysis>;

export const analysisSchemaName = 'listing_analysis';

/** Rules every writer follows; shared with the copywriter's prompts. */
export const factRules = `Rules:
- Use only the facts given. Never state a number, feature, place, school, distance, view or amenity that is not in the facts. If a fact is null or missing, say nothing about it.
- Describe the property, never the people who might live there (US Fair Housing Act, 42 U.S.C. §3604(c)): no "perfect for families", "ideal for young professionals", "great for retirees", "walking distance" or any mention of race, colour, religion, sex, disability, familial status or national origin, and no words about who the neighbours are.
- No superlatives the facts cannot prove ("best", "cheapest in town"), no promises about value or investment returns.`;

export const analystSystemPrompt = `You are a real-estate listing analyst. You read one listing's facts and tell a copywriter what to lead with.

${factRules}

What to return:
- sellingPoints: short phrases a buyer cares about (e.g. "Renovated kitchen", "4 bedrooms", "1/4-acre lot"), strongest first, each with the listing field it comes from.
- pricePositioning: one or two sentences on where the price sits, from the listing's own numbers only (price, price per square foot when given, a price reduction when given). Never invent comparables, averages or market data.
- suitedTo: one sentence on the kind of home it is, described by the property itself (size, layout, lot, features), never by who should live there.
- headline: one sentence a copywriter can lead with.

Answer with a JSON object that matches the schema.`;

/** Open-house times in the listing's own zone, so the model copies them instead of converting. */
function eventFacts(details: EventDetails): Record<string, unknown> {
  switch (details.event) {
    case 'open_house':
      return { event: details.event, when: formatRange(details.start, details.end, details.timeZone) };
    case 'price_reduced':
      return { event: details.event, previousPrice: details.previousPrice };
    default:
      return { event: details.event };
  }
}

function formatRange(start: string, end: string, timeZone: string): string {
  try {
    const day = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'long',
      month: 'long',
      day: 'numeric',
    });
    const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' });
    const zone = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
      .formatToParts(new Date(start))
      .find((part) => part.type === 'timeZoneName')?.value;
    const startDate = new Date(start);
    return `${day.format(startDate)}, ${time.format(startDate)}–${time.format(new Date(end))}${zone ? ` ${zone}` : ''}`;
  } catch {
    // An unknown zone or a malformed instant: hand over the raw values rather than guess.
    return `${start} to ${end} (${timeZone})`;
  }
}

/** Drops nulls and empty strings: a missing fact should be absent, not an invitation to fill it in. */
function present(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== ''));
}

export function listingFacts(listing: ListingFacts): Record<string, unknown> {
  const { address, ...rest } = listing;
  return present({
    ...rest,
    address: present({ ...address }),
    pricePerSqft:
      listing.interiorSqft && listing.interiorSqft > 0
        ? Math.round(listing.price / listing.interiorSqft)
        : null,
  });
}

/** The facts block shared by the analyst and the copywriter: listing, event and tone. */
export function briefFacts(brief: ListingBrief): Record<string, unknown> {
  return { listing: listingFacts(brief.listing), ...eventFacts(brief.details), tone: brief.tone };
}

export function analystUserPrompt(brief: ListingBrief): string {
  return `Listing facts (JSON):
${JSON.stringify(briefFacts(brief))}

Analyse this listing.`;
}
