/**
 * What a person asked for, read from free text ("$500k-600k", "under 1.2M", "3 bed", "in Mission
 * District"): the only input of the score's fit. Pure, run on every message; anything unclear is left
 * out rather than guessed, and where the person lives ("I live in Queens") is never taken.
 */
import type { LeadSignals } from './scoring.js';

const NUMBER = String.raw`(\$\s*)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(million|mil|mm|m|thousand|grand|k)?\b`;
const range = new RegExp(String.raw`(between\s+)?${NUMBER}\s*(-|–|—|to|and)\s*${NUMBER}`, 'gi');
const upper = new RegExp(
  String.raw`\b(?:under|below|less\s+than|no\s+more\s+than|not\s+over|max(?:imum)?|up\s+to|at\s+most|budget(?:\s+(?:is|of))?|cap(?:ped)?\s+at|top\s+out\s+at)\s*:?\s*${NUMBER}`,
  'i',
);
const lower = new RegExp(
  String.raw`\b(?:over|above|more\s+than|at\s+least|min(?:imum)?|starting\s+(?:at|from)|from)\s*:?\s*${NUMBER}`,
  'i',
);
const about = new RegExp(String.raw`(?:\b(?:around|about|roughly|approximately)\s*|~\s*)${NUMBER}`, 'i');
const WORD_NUMBER = 'one|two|three|four|five|six';
const bedrooms = new RegExp(
  String.raw`\b(\d{1,2}|${WORD_NUMBER})(?:\s*(?:-|–|to|or)\s*(?:\d{1,2}|${WORD_NUMBER}))?\s*\+?\s*-?\s*(?:bed(?:room)?s?|bdrms?|bds?|brs?)\b|\bbed(?:room)?s?\s*[:=]\s*(\d{1,2})\b`,
  'i',
);
const wordNumbers: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6 };
/** A capitalised place after "in", "near" or "around": "in Mission District", "near the Heights". */
const place =
  /(?<![\p{L}\p{N}])(?:in|In|IN|near|Near|around|Around)\s+(?:the\s+)?(\p{Lu}[\p{L}'’.-]*(?: +\p{Lu}[\p{L}'’.-]*){0,3})/gu;
/** Where the person is ("I live in Queens") is theirs, not what they ask for, and must not be used. */
const ownPlace =
  /\b(?:live|lives|living|lived|based|born|grew\s+up|raised|i['’]m|i\s+am|we['’]re|we\s+are|currently|work|works|working|stay|staying|from)\s*$/i;
const notPlaces = new Set(
  'I It This That These Those January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday Spring Summer Fall Autumn Winter English Spanish Person Cash'.split(
    ' ',
  ),
);

const multiplier = (suffix: string | undefined) => {
  const unit = suffix?.toLowerCase();
  if (unit === undefined) return 1;
  return unit === 'k' || unit === 'thousand' || unit === 'grand' ? 1_000 : 1_000_000;
};
/** A bare number ("500") is an amount only when it has a "$", thousands commas or a suffix. */
const isMoney = (dollar: string | undefined, digits: string, suffix: string | undefined) =>
  dollar !== undefined || suffix !== undefined || digits.includes(',');
const amount = (digits: string, suffix: string | undefined) =>
  Math.round(Number.parseFloat(digits.replaceAll(',', '')) * multiplier(suffix));

function priceRange(text: string): { min: number; max: number } | null {
  for (const m of text.matchAll(range)) {
    const [, between, d1, n1 = '', s1, joint, d2, n2 = '', s2] = m;
    // "and" joins two amounts only after "between" ("$500k and 3 beds" is no range).
    if (joint?.toLowerCase() === 'and' && between === undefined) continue;
    if (!isMoney(d1, n1, s1) && !isMoney(d2, n2, s2)) continue;
    let low = amount(n1, s1);
    const high = s2 === undefined && s1 !== undefined && !n2.includes(',') ? amount(n2, s1) : amount(n2, s2);
    // "500-600k", "1.2-1.5M": the suffix on the upper end belongs to both; "$900-1.2M" means $900k.
    if (s1 === undefined && s2 !== undefined && !n1.includes(',')) {
      low = amount(n1, s2) <= high ? amount(n1, s2) : amount(n1, 'k');
    }
    if (low > 0 && high >= low && high / low <= 10) return { min: low, max: high };
  }
  return null;
}

function single(pattern: RegExp, text: string): number | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  const [, dollar, digits = '', suffix] = m;
  return isMoney(dollar, digits, suffix) ? amount(digits, suffix) : undefined;
}

/**
 * What a person asked for, from free text: a price band ("$500k-600k", "under 1.2M", "max 750,000",
 * "around 500k" → ±10 %), bedrooms ("3 bed", "3br", "3bd/2ba", "three bedrooms", a range's lower
 * end) and an area ("anything in Brooklyn?" → "Brooklyn"). Unclear numbers are left out rather than
 * guessed ("under 500" could be rent or thousands). Where the person lives is never taken.
 */
export function parseInterest(text: string): LeadSignals['interest'] {
  const interest: LeadSignals['interest'] = {};
  const band = priceRange(text);
  if (band) {
    interest.priceMin = band.min;
    interest.priceMax = band.max;
  } else {
    const max = single(upper, text);
    const min = single(lower, text);
    if (max !== undefined) interest.priceMax = max;
    if (min !== undefined && (max === undefined || min <= max)) interest.priceMin = min;
    const near = max === undefined && min === undefined ? single(about, text) : undefined;
    if (near !== undefined) {
      interest.priceMin = Math.round(near * 0.9);
      interest.priceMax = Math.round(near * 1.1);
    }
  }
  const beds = bedrooms.exec(text);
  if (beds) {
    const raw = (beds[1] ?? beds[2] ?? '').toLowerCase();
    const count = wordNumbers[raw] ?? Number.parseInt(raw, 10);
    if (count > 0 && count <= 20) interest.bedrooms = count;
  }
  for (const m of text.matchAll(place)) {
    const name = (m[1] ?? '').replace(/[.'’-]+$/, '');
    const first = name.split(/\s/, 1)[0] ?? '';
    if (!name || notPlaces.has(first) || ownPlace.test(text.slice(0, m.index))) continue;
    interest.area = name;
    break;
  }
  return interest;
}
