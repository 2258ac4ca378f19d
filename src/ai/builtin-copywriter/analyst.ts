/**
 * The analyst role: what is strongest about a listing, where its price sits by its own numbers, and what
 * kind of home it is — the property, never the people who might live there.
 */
import type { Analysis, EventDetails, ListingBrief, SellingPoint } from '../content.js';
import { sizedType, type ListingView } from './listing-view.js';
import {
  capitalize,
  formatCount,
  formatPercent,
  formatPrice,
  joinList,
  midSentence,
  SQFT_PER_ACRE,
} from './phrasing.js';

const MAX_SELLING_POINTS = 8;
/** Features scored at least this are standouts, ranked ahead of the room counts. */
const STANDOUT_SCORE = 7;

export function sellingPoints(view: ListingView): SellingPoint[] {
  const { facts } = view;
  const standouts = view.features.filter((feature) => feature.score >= STANDOUT_SCORE);
  const others = view.features.filter((feature) => feature.score < STANDOUT_SCORE);
  const points: SellingPoint[] = [];
  if (facts.propertyType === 'land' && view.lot)
    points.push({ point: capitalize(view.lot), source: 'lotSqft' });
  points.push(...standouts.map((feature) => ({ point: feature.text, source: 'features' })));
  if (view.beds) points.push({ point: view.beds, source: 'beds' });
  if (view.baths) points.push({ point: view.baths, source: 'baths' });
  if (view.area) points.push({ point: `${view.area} of living space`, source: 'interiorSqft' });
  if (facts.propertyType !== 'land' && view.lot)
    points.push({ point: capitalize(view.lot), source: 'lotSqft' });
  if (facts.yearBuilt) points.push({ point: `Built in ${facts.yearBuilt}`, source: 'yearBuilt' });
  points.push(...others.map((feature) => ({ point: feature.text, source: 'features' })));
  return points.slice(0, MAX_SELLING_POINTS);
}

export interface PriceChange {
  now: string;
  was: string;
  /** Empty when the previous price was not higher (then it is a price change, not a reduction). */
  amount: string;
  percent: string;
}

export function priceChange(view: ListingView, details: EventDetails): PriceChange | null {
  if (details.event !== 'price_reduced') return null;
  const difference = details.previousPrice - view.facts.price;
  const reduced = difference > 0 && details.previousPrice > 0;
  return {
    now: view.price,
    was: formatPrice(details.previousPrice),
    amount: reduced ? formatPrice(difference) : '',
    percent: reduced ? formatPercent((difference / details.previousPrice) * 100) : '',
  };
}

/** "$312 per sq ft", or per acre of land; null when the listing gives no size to divide by. */
export function pricePerUnit(view: ListingView): string | null {
  const { price, interiorSqft, lotSqft, propertyType } = view.facts;
  if (propertyType !== 'land' && interiorSqft && interiorSqft > 0) {
    return `$${formatCount(Math.round(price / interiorSqft))} per sq ft`;
  }
  if (lotSqft && lotSqft > 0) {
    const acres = lotSqft / SQFT_PER_ACRE;
    return acres >= 1
      ? `$${formatCount(Math.round(price / acres))} per acre`
      : `$${formatCount(Math.round(price / lotSqft))} per sq ft of land`;
  }
  return null;
}

function positioning(view: ListingView, details: EventDetails): string {
  const parts: string[] = [];
  const change = priceChange(view, details);
  if (change?.amount) {
    parts.push(`Reduced by ${change.amount} (${change.percent}) from ${change.was} to ${change.now}.`);
  } else if (change) {
    parts.push(`Now ${change.now}, previously ${change.was}.`);
  } else {
    parts.push(`Offered at ${view.price}.`);
  }
  const perUnit = pricePerUnit(view);
  const size = view.facts.propertyType === 'land' ? view.lot : view.area;
  if (perUnit && size) parts.push(`That is ${perUnit} for ${size}.`);
  return parts.join(' ');
}

function describeProperty(view: ListingView): string {
  const standouts = view.features.slice(0, 2).map((feature) => midSentence(feature.text));
  const size = view.area && view.facts.propertyType !== 'land' ? ` with ${view.area} of living space` : '';
  const lot = view.facts.propertyType === 'land' && view.lot ? `, a ${view.lot}` : '';
  const notable = standouts.length > 0 ? `, notable for ${joinList(standouts)}` : '';
  return `${capitalize(sizedType(view))}${lot}${size} in ${view.city || 'its location'}${notable}.`;
}

function headline(view: ListingView): string {
  const top = view.features.slice(0, 2).map((feature) => midSentence(feature.text));
  const base = `${capitalize(sizedType(view))} at ${view.fullAddress}`;
  return top.length > 0 ? `${base} — ${joinList(top)}.` : `${base}, offered at ${view.price}.`;
}

export function analyze(view: ListingView, brief: ListingBrief): Analysis {
  return {
    sellingPoints: sellingPoints(view),
    pricePositioning: positioning(view, brief.details),
    suitedTo: describeProperty(view),
    headline: headline(view),
  };
}
