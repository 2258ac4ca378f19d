/**
 * Finds numbers in generated copy that the facts do not support: prices, room counts, areas, years,
 * percentages, dates, times and phone numbers. Used on both content models' output, so it reads numbers
 * as people write them ("$1.25M", "1,850 sq ft", "four bedrooms", "2–4 PM", "(512) 555-0100") and
 * accepts honest rounding ("$1.3M" for $1,250,000, "5%" for 4.8%) but not a different fact.
 */
import type { BrandFacts, EventDetails, ListingFacts } from './content.js';

export interface FactSources {
  listing?: ListingFacts;
  brand: BrandFacts;
  details?: EventDetails;
  /** Any other text the writer was given (a brand post's topic and brief, a description being edited). */
  extraText?: string;
}

type Kind = 'money' | 'percent' | 'beds' | 'baths' | 'area' | 'acres' | 'year' | 'day' | 'generic';

interface Allowed {
  byKind: Record<Exclude<Kind, 'generic'>, number[]>;
  all: number[];
  /** Digit strings (phone numbers, licence and postal codes) as the facts write them. */
  digits: Set<string>;
  /** Hour (0–23) and minute pairs of the event, plus times the free text states. */
  times: { hour: number; minute: number }[];
  dateParts: number[];
}

const numberWords: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
};
const wordAlternation = Object.keys(numberWords).join('|');
const months =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const multipliers: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mil: 1e6,
  million: 1e6,
  b: 1e9,
  billion: 1e9,
};

// Digit groups split by one space, dot or dash (never ". ", a sentence end), area code optionally in parentheses.
const phonePattern = /(?<![\d\p{L}])\+?\(?\d{1,4}\)?(?:(?:[.-]|\)?\s)\(?\d{2,4}\)?){2,4}(?![\d\p{L}])/gu;
const datePattern =
  /(?<![\d.,/])(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\/\d{1,2}(?:\/\d{2,4})?|\d{1,2}[.-]\d{1,2}[.-]\d{4})(?![\d/])/gu;
const timePattern =
  /(?<![\d.,])(\d{1,2})(?::(\d{2}))?(?:\s*(a\.m\.|p\.m\.|am|pm))?(?:\s*(?:-|–|—|to)\s*(\d{1,2})(?::(\d{2}))?)?\s*(a\.m\.|p\.m\.|am|pm)(?![\p{L}])|(?<![\d.,])(\d{1,2}):(\d{2})(?![\d])/giu;
const numberPattern = new RegExp(
  String.raw`(?<sign>[$€£¥]\s?)?(?<![\d.,])(?<core>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:${wordAlternation})\b)(?<mult>\s?(?:k|mm|m|b|thousand|million|mil|billion)\b)?(?<pct>\s?%|\s?percent\b)?`,
  'giu',
);

const contextKinds: [RegExp, Kind][] = [
  [/^(?:[\s-]*(?:full\s+|half\s+)?)(?:bed(?:room)?s?|bd|br|bdrms?)\b/iu, 'beds'],
  [/^(?:[\s-]*(?:full\s+|half\s+)?)(?:bath(?:room)?s?|ba)\b/iu, 'baths'],
  [
    /^[\s-]*(?:sq\.?\s?ft\.?|sqft|square[\s-]f(?:ee|oo)t|sf\b|ft²|m²|sq\.?\s?m\b|square[\s-]met(?:er|re)s?)/iu,
    'area',
  ],
  [/^[\s-]*(?:acres?|ac\b)/iu, 'acres'],
];

/** The value as written, and its precision: "1.25M" → 1,250,000 ± 5,000; "2,200" → 2,200 ± 50. */
function parse(core: string, mult: string | undefined): { value: number; unit: number } {
  const word = numberWords[core.toLowerCase()];
  const factor = mult ? (multipliers[mult.trim().toLowerCase()] ?? 1) : 1;
  if (word !== undefined) return { value: word * factor, unit: factor };
  const plain = core.replace(/,/gu, '');
  const decimals = plain.split('.')[1]?.length ?? 0;
  const trailingZeros = decimals === 0 && plain.length >= 4 ? (/0+$/u.exec(plain)?.[0].length ?? 0) : 0;
  return { value: Number(plain) * factor, unit: 10 ** (trailingZeros - decimals) * factor };
}

function supported(value: number, unit: number, candidates: number[], strict: boolean): boolean {
  return candidates.some((fact) => {
    const difference = Math.abs(value - fact);
    if (difference < 1e-9) return true;
    if (difference > unit / 2 + 1e-9) return false;
    return !strict || difference / Math.max(Math.abs(fact), 1e-9) <= 0.05 + 1e-9;
  });
}

function zonedParts(iso: string, timeZone: string) {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
  } catch {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
  }
  const parts = format.formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
  };
}

/** Identifiers (address, phone, licence, contact) may be repeated but are not counts, prices or areas. */
function textsOf(facts: FactSources): { identifiers: string[]; statements: string[] } {
  const { listing, brand } = facts;
  const clean = (texts: (string | null | undefined)[]) =>
    texts.filter((text): text is string => !!text).map((text) => text.normalize('NFKC'));
  const address = listing ? Object.values(listing.address) : [];
  return {
    identifiers: clean([
      ...address,
      brand.agentName,
      brand.brokerage,
      brand.licenseNumber,
      brand.email,
      brand.phone,
      brand.website,
    ]),
    statements: clean([
      ...(listing?.features ?? []),
      listing?.description,
      brand.disclosure,
      ...brand.defaultHashtags,
      facts.extraText,
    ]),
  };
}

function allowedFrom(facts: FactSources): Allowed {
  const { listing, details } = facts;
  const byKind: Allowed['byKind'] = {
    money: [],
    percent: [],
    beds: [],
    baths: [],
    area: [],
    acres: [],
    year: [],
    day: [],
  };
  const digits = new Set<string>();
  const times: Allowed['times'] = [];
  const dateParts: number[] = [];
  const free: number[] = [];
  const identifierNumbers: number[] = [];
  const { identifiers, statements } = textsOf(facts);
  for (const text of [...identifiers, ...statements]) {
    for (const match of text.matchAll(phonePattern)) digits.add(match[0].replace(/\D/gu, ''));
    for (const match of text.matchAll(/\d+/gu)) digits.add(match[0]);
  }
  for (const text of identifiers) {
    for (const match of text.matchAll(numberPattern))
      identifierNumbers.push(parse(match.groups!.core!, match.groups!.mult).value);
  }
  for (const text of statements) {
    for (const match of text.matchAll(numberPattern))
      free.push(parse(match.groups!.core!, match.groups!.mult).value);
    for (const match of text.matchAll(timePattern)) {
      const hour = Number(match[1] ?? match[7]);
      times.push(
        { hour, minute: Number(match[2] ?? match[8] ?? 0) },
        { hour: (hour % 12) + 12, minute: Number(match[2] ?? match[8] ?? 0) },
      );
    }
  }
  if (listing) {
    const { price, beds, baths, interiorSqft, lotSqft, yearBuilt } = listing;
    byKind.money.push(price);
    if (beds !== null) byKind.beds.push(beds);
    if (baths !== null) byKind.baths.push(baths, Math.floor(baths), ...(baths % 1 ? [1] : []));
    for (const area of [interiorSqft, lotSqft]) if (area) byKind.area.push(area, area * 0.09290304);
    if (lotSqft) byKind.acres.push(lotSqft / 43_560, lotSqft / 43_560 / 2.4710538);
    if (interiorSqft) byKind.money.push(price / interiorSqft);
    if (lotSqft) byKind.money.push(price / lotSqft, price / (lotSqft / 43_560));
    if (yearBuilt)
      byKind.year.push(
        yearBuilt,
        new Date().getFullYear() - yearBuilt,
        new Date().getFullYear() - yearBuilt - 1,
      );
    free.push(listing.photoCount);
    digits.add(String(Math.round(price)));
  }
  if (details?.event === 'price_reduced' && listing) {
    const difference = details.previousPrice - listing.price;
    byKind.money.push(details.previousPrice, Math.abs(difference));
    if (details.previousPrice > 0) byKind.percent.push(Math.abs((difference / details.previousPrice) * 100));
  }
  if (details?.event === 'open_house') {
    for (const instant of [details.start, details.end]) {
      const parts = zonedParts(instant, details.timeZone);
      dateParts.push(parts.year, parts.year % 100, parts.month, parts.day);
      byKind.day.push(parts.day);
      byKind.year.push(parts.year);
      times.push({ hour: parts.hour, minute: parts.minute });
    }
    free.push((Date.parse(details.end) - Date.parse(details.start)) / 3_600_000);
  }
  for (const kind of Object.keys(byKind) as (keyof Allowed['byKind'])[]) byKind[kind].push(...free);
  const all = [
    ...new Set([
      ...Object.values(byKind).flat(),
      ...dateParts,
      ...times.map((t) => t.hour),
      ...identifierNumbers,
    ]),
  ];
  return {
    byKind,
    all,
    digits,
    times: [...times, ...free.map((hour) => ({ hour, minute: 0 }))],
    dateParts: [...dateParts, ...free],
  };
}

const phoneSupported = (found: string, allowed: Allowed) =>
  [...allowed.digits].some(
    (fact) =>
      fact === found ||
      (fact.length >= 7 && found.length >= 7 && (fact.endsWith(found) || found.endsWith(fact))),
  );

function timeSupported(hour: number, minute: number, period: string | undefined, allowed: Allowed): boolean {
  const p = period?.toLowerCase().replace(/\./gu, '');
  const hour24 = p === 'pm' ? (hour % 12) + 12 : p === 'am' ? hour % 12 : hour;
  return allowed.times.some(
    (time) =>
      time.minute === minute && (time.hour === hour24 || (p === undefined && time.hour % 12 === hour % 12)),
  );
}

/** Each number-like token in `text` that the facts cannot support, as written, in order. */
export function unsupportedNumbers(text: string, facts: FactSources): string[] {
  if (
    !/[\d]|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)\b/iu.test(
      text,
    )
  )
    return [];
  const allowed = allowedFrom(facts);
  const found: { at: number; token: string }[] = [];
  let rest = text.normalize('NFKC');
  const mask = (start: number, length: number) => {
    rest = rest.slice(0, start) + ' '.repeat(length) + rest.slice(start + length);
  };
  for (const match of [...rest.matchAll(datePattern)]) {
    const parts = match[0].split(/[/.-]/u).map(Number);
    // "6/1" may be a date or a fraction; a full date's parts must all be the event's (or stated) ones.
    const pool = parts.length === 2 ? [...allowed.dateParts, ...allowed.all] : allowed.dateParts;
    if (!parts.every((part) => pool.includes(part))) found.push({ at: match.index, token: match[0] });
    mask(match.index, match[0].length);
  }
  for (const match of [...rest.matchAll(phonePattern)]) {
    const digitsOnly = match[0].replace(/\D/gu, '');
    if (digitsOnly.length < 7) continue;
    if (!phoneSupported(digitsOnly, allowed)) found.push({ at: match.index, token: match[0].trim() });
    mask(match.index, match[0].length);
  }
  for (const match of [...rest.matchAll(timePattern)]) {
    const [, h1, m1, p1, h2, m2, p2, h3, m3] = match;
    const ok =
      h3 !== undefined
        ? timeSupported(Number(h3), Number(m3), undefined, allowed)
        : timeSupported(Number(h1), Number(m1 ?? 0), p1 ?? p2, allowed) &&
          (h2 === undefined || timeSupported(Number(h2), Number(m2 ?? 0), p2, allowed));
    if (!ok) found.push({ at: match.index, token: match[0].trim() });
    mask(match.index, match[0].length);
  }
  for (const match of rest.matchAll(numberPattern)) {
    const { sign, core, mult, pct } = match.groups!;
    const parsed = parse(core!, mult);
    const value = parsed.value;
    const before = rest.slice(Math.max(0, match.index - 12), match.index);
    const after = rest.slice(match.index + match[0].length, match.index + match[0].length + 24);
    const kind = classify({ sign, pct, core: core!, before, after });
    const raw = core!.replace(/,/gu, '');
    if ((kind === 'generic' || kind === 'year') && allowed.digits.has(raw)) continue;
    if (
      kind === 'year' &&
      /^s\b/u.test(after) &&
      allowed.byKind.year.some((year) => Math.floor(year / 10) * 10 === value)
    )
      continue;
    const candidates = kind === 'generic' ? allowed.all : allowed.byKind[kind];
    const strict = kind !== 'percent' && kind !== 'year';
    // A price in full ("$1,250,000") is exact; only an abbreviated one ("$1.25M") is rounded.
    const unit = kind === 'year' ? 0 : kind === 'money' && !mult ? Math.min(parsed.unit, 1) : parsed.unit;
    if (!supported(value, unit, candidates, strict)) found.push({ at: match.index, token: match[0].trim() });
  }
  return [...new Set(found.sort((a, b) => a.at - b.at).map((entry) => entry.token))];
}

function classify(token: { sign?: string; pct?: string; core: string; before: string; after: string }): Kind {
  if (token.sign || /^\s*(?:dollars|usd)\b/iu.test(token.after)) return 'money';
  if (token.pct) return 'percent';
  const context = contextKinds.find(([pattern]) => pattern.test(token.after));
  if (context) return context[1];
  if (
    new RegExp(String.raw`\b(?:${months})\.?\s*$`, 'iu').test(token.before) &&
    /^\d{1,2}$/u.test(token.core)
  )
    return 'day';
  if (new RegExp(String.raw`^(?:st|nd|rd|th)?\s*(?:of\s+)?(?:${months})\b`, 'iu').test(token.after))
    return 'day';
  if (/^(?:1[89]|20)\d\d$/u.test(token.core)) return 'year';
  return 'generic';
}
