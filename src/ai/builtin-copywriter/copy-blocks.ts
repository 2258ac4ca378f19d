/**
 * The sentences posts and descriptions are built from, each made only of listing, brand and event facts
 * plus the tone's wording, and the assembler that fits them to a length by dropping the least important.
 */
import type { BrandFacts, ListingBrief, Tone } from '../content.js';
import { priceChange } from './analyst.js';
import { sizedType, type ListingView, type RankedFeature } from './listing-view.js';
import { capitalize, formatTimeRange, joinList, midSentence, pick, type Random } from './phrasing.js';
import {
  featureIntros,
  openHouseSentences,
  priceSentences,
  reductionSentences,
  statlessSentences,
  statsSentences,
} from './voice.js';

/** A piece of copy; blocks with a higher `drop` are left out first when space runs short (0 = never). */
export interface Block {
  text: string;
  drop: number;
}

/** Joins the blocks in order, leaving out the most droppable ones until `fits` accepts the text. */
export function assemble(blocks: Block[], separator: string, fits: (text: string) => boolean): string {
  let kept = blocks.filter((block) => block.text !== '');
  let text = kept.map((block) => block.text).join(separator);
  while (!fits(text)) {
    const most = Math.max(...kept.map((block) => block.drop));
    if (most <= 0) break;
    const index = kept.findLastIndex((block) => block.drop === most);
    kept = kept.filter((_, i) => i !== index);
    text = kept.map((block) => block.text).join(separator);
  }
  return text;
}

export function statsLine(view: ListingView, tone: Tone, random: Random): string {
  const what = sizedType(view);
  const bedsInType = what.includes('-bedroom');
  const stats = [bedsInType ? null : view.beds, view.baths, view.area].filter((s): s is string => s !== null);
  if (view.facts.propertyType === 'land' && view.lot) stats.unshift(`a ${view.lot}`);
  const sentence =
    stats.length > 0
      ? pick(random, statsSentences[tone])(what, joinList(stats))
      : pick(random, statlessSentences[tone])(what);
  return capitalize(sentence);
}

/** The asking price, for the moments where the home is on offer. */
export function priceLine(view: ListingView, brief: ListingBrief, random: Random, short = false): string {
  const { event } = brief.details;
  if (event === 'price_reduced' || event === 'under_contract' || event === 'just_sold') return '';
  return pick(random, priceSentences[brief.tone])(short ? view.priceShort : view.price);
}

/** What only this moment has: the open house hours, or the old and new price. */
export function eventLine(view: ListingView, brief: ListingBrief, random: Random, detailed: boolean): string {
  const { details, tone } = brief;
  if (details.event === 'open_house') {
    return pick(
      random,
      openHouseSentences[tone],
    )(formatTimeRange(details.start, details.end, details.timeZone));
  }
  const change = priceChange(view, details);
  if (!change) return '';
  const sentence = pick(random, reductionSentences[tone])(change.now, change.was);
  return detailed && change.amount
    ? `${sentence} That's ${change.amount} (${change.percent}) below the previous price.`
    : sentence;
}

export function featureSentence(features: RankedFeature[], tone: Tone, random: Random): string {
  if (features.length === 0) return '';
  const list = joinList(features.map((feature) => midSentence(feature.text)));
  return `${pick(random, featureIntros[tone])} ${list}.`;
}

export function featureBullets(features: RankedFeature[]): string {
  return features.map((feature) => `${feature.emoji} ${feature.text}`).join('\n');
}

/** "Set on a 0.25-acre lot. Built in 1985." — only what the listing states. */
export function lotAndYearLine(view: ListingView): string {
  const parts: string[] = [];
  if (view.lot && view.facts.propertyType !== 'land') parts.push(`Set on a ${view.lot}.`);
  if (view.facts.yearBuilt) parts.push(`Built in ${view.facts.yearBuilt}.`);
  return parts.join(' ');
}

const present = (value: string | null): value is string => value !== null && value.trim() !== '';

export const licenseLine = (brand: BrandFacts) =>
  present(brand.licenseNumber) ? `Lic. #${brand.licenseNumber.trim().replace(/^#\s*/u, '')}` : '';

/** "Jane Doe, Acme Realty · 555-0100 · Lic. #01234" from whichever brand facts exist. */
export function contactLine(brand: BrandFacts, options: { license: boolean; phone?: boolean }): string {
  const who = [brand.agentName, brand.brokerage]
    .filter(present)
    .map((s) => s.trim())
    .join(', ');
  const parts = [
    who,
    options.phone !== false && present(brand.phone) ? brand.phone.trim() : '',
    options.license ? licenseLine(brand) : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

export const disclosureText = (brand: BrandFacts) =>
  present(brand.disclosure) ? brand.disclosure.trim() : '';
