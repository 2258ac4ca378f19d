/**
 * The listing descriptions: a short one (≤ 300 characters) for cards and captions, and a long one
 * (≤ 2,000 characters, 2–4 paragraphs) for the listing page, ending with the licence and disclosure.
 */
import type { Analysis, Descriptions, ListingBrief } from '../content.js';
import {
  contactLine,
  disclosureText,
  eventLine,
  featureSentence,
  lotAndYearLine,
  priceLine,
  statsLine,
} from './copy-blocks.js';
import { sizedType, type ListingView } from './listing-view.js';
import {
  capitalize,
  charCount,
  hashParts,
  joinList,
  leadingSentences,
  midSentence,
  pick,
  seededRandom,
} from './phrasing.js';
import { callsToAction, leads } from './voice.js';

export const SHORT_MAX = 300;
export const LONG_MAX = 2000;

function shortDescription(view: ListingView, brief: ListingBrief): string {
  const what = capitalize(sizedType(view));
  const size = view.area && view.facts.propertyType !== 'land' ? ` with ${view.area}` : '';
  const where = ` at ${view.street}, ${view.city}`;
  const price = ['under_contract', 'just_sold'].includes(brief.details.event)
    ? ''
    : ` Offered at ${view.price}.`;
  for (let count = Math.min(3, view.features.length); count >= 0; count--) {
    const features = view.features.slice(0, count).map((feature) => midSentence(feature.text));
    const featurePart = features.length > 0 ? ` ${capitalize(joinList(features))}.` : '';
    const text = `${what}${size}${where}.${featurePart}${price}`;
    if (charCount(text) <= SHORT_MAX) return text;
  }
  return leadingSentences(`${what}${size}${where}.${price}`, SHORT_MAX);
}

function longDescription(view: ListingView, brief: ListingBrief): string {
  const { tone, details, brand } = brief;
  const random = seededRandom(
    hashParts(
      brief.seed,
      'long',
      details.event,
      tone,
      view.facts.address.street,
      view.facts.address.unit,
      view.facts.price,
    ),
  );
  const cta = pick(
    random,
    callsToAction(tone, details.event, 'facebook'),
  )({ phone: brand.phone, agentName: brand.agentName });
  const opening = [
    pick(random, leads[tone][details.event])(view.fullAddress),
    statsLine(view, tone, random),
    priceLine(view, brief, random),
  ]
    .filter(Boolean)
    .join(' ');
  const closing = [eventLine(view, brief, random, true), cta, contactLine(brand, { license: true })]
    .filter(Boolean)
    .join(' ');
  const disclosure = disclosureText(brand);
  const fixed = [opening, closing, disclosure].filter(Boolean);
  const fixedLength = fixed.reduce((sum, text) => sum + charCount(text) + 2, 0);
  // The features and the agent's own words share what the opening and closing leave.
  const budget = LONG_MAX - fixedLength - 2;
  let middle = '';
  for (let count = Math.min(8, view.features.length); count >= 0; count--) {
    const candidate = [featureSentence(view.features.slice(0, count), tone, random), lotAndYearLine(view)]
      .filter(Boolean)
      .join(' ');
    if (charCount(candidate) <= budget) {
      middle = candidate;
      break;
    }
  }
  const own = leadingSentences(
    view.descriptionSentences.join(' '),
    Math.min(900, budget - charCount(middle) - 2),
  );
  const paragraphs = [opening, middle, own, closing, disclosure].filter(Boolean);
  // Two to four paragraphs: the disclosure closes the last one rather than standing as a fifth.
  if (paragraphs.length > 4 && disclosure) paragraphs.splice(-2, 2, `${closing}\n${disclosure}`);
  return paragraphs.join('\n\n');
}

export function describe(view: ListingView, brief: ListingBrief, _analysis: Analysis): Descriptions {
  const long = longDescription(view, brief);
  return {
    short: shortDescription(view, brief),
    long: charCount(long) <= LONG_MAX ? long : leadingSentences(long, LONG_MAX),
  };
}
