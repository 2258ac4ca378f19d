/**
 * The built-in copywriter's small tools: a seeded random source (so the same brief and seed always
 * give the same words), and the formatting of prices, areas, dates and lists. Every number the
 * copywriter writes goes through here, formatted so the fact checker can trace it to a fact.
 */

/** FNV-1a over the parts, as a 32-bit seed. */
export function hashParts(...parts: (string | number | null | undefined)[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = `${part ?? ''}\u0001`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return hash >>> 0;
}

export type Random = () => number;

/** mulberry32: tiny, fast and good enough to vary wording. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, options: readonly T[]): T {
  const option = options[Math.floor(random() * options.length)];
  if (option === undefined) throw new Error('pick() needs at least one option');
  return option;
}

const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const upToTwoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** "$1,250,000", or "$649,999.99" when the price has cents. */
const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const formatPrice = (price: number) =>
  `$${Number.isInteger(price) ? wholeNumber.format(price) : cents.format(price)}`;

/** "$1.25M" / "$450K" only when nothing is lost; otherwise the full price. */
export function formatPriceShort(price: number): string {
  if (price >= 1_000_000 && Math.round(price / 10_000) * 10_000 === price) {
    return `$${upToTwoDecimals.format(price / 1_000_000)}M`;
  }
  if (price >= 10_000 && price < 1_000_000 && Math.round(price / 1_000) * 1_000 === price) {
    return `$${wholeNumber.format(price / 1_000)}K`;
  }
  return formatPrice(price);
}

export const formatCount = (value: number) => wholeNumber.format(value);
export const formatBaths = (baths: number) => upToTwoDecimals.format(baths);
export const formatPercent = (percent: number) => `${oneDecimal.format(percent)}%`;

export const SQFT_PER_ACRE = 43_560;

/** A lot as a buyer reads it: acres from half an acre up, square feet below. */
export function formatLot(lotSqft: number): string {
  const acres = lotSqft / SQFT_PER_ACRE;
  if (acres >= 0.5) return `${upToTwoDecimals.format(acres)}-acre lot`;
  return `${formatCount(lotSqft)} sq ft lot`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function zonedFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'long',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
    });
    dateFormats.set(timeZone, format);
  }
  return format;
}

interface ZonedParts {
  date: string;
  hour: string;
  minute: string;
  period: string;
}

function zonedParts(iso: string, timeZone: string): ZonedParts {
  const parts = zonedFormat(timeZone).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('weekday')}, ${part('month')} ${part('day')}`,
    hour: part('hour'),
    minute: part('minute'),
    period: part('dayPeriod').toUpperCase(),
  };
}

const clock = (parts: ZonedParts, withPeriod: boolean) =>
  `${parts.hour}${parts.minute === '00' ? '' : `:${parts.minute}`}${withPeriod ? ` ${parts.period}` : ''}`;

/** "Saturday, Dec 5, 2–4 PM"; "Saturday, Dec 5, 11 AM–1 PM"; across days, both dates. */
export function formatTimeRange(start: string, end: string, timeZone: string): string {
  const from = zonedParts(start, timeZone);
  const to = zonedParts(end, timeZone);
  if (from.date !== to.date) return `${from.date}, ${clock(from, true)} – ${to.date}, ${clock(to, true)}`;
  const samePeriod = from.period === to.period;
  return `${from.date}, ${clock(from, !samePeriod)}–${clock(to, true)}`;
}

/** "a, b and c". */
export function joinList(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Mid-sentence form of a feature: "Renovated kitchen" → "renovated kitchen"; "EV charger" stays. */
export function midSentence(phrase: string): string {
  const first = phrase.split(/[\s-]/u, 1)[0] ?? '';
  const isPlainCapitalized = /^\p{Lu}[\p{Ll}']*$/u.test(first);
  return isPlainCapitalized ? phrase[0]!.toLowerCase() + phrase.slice(1) : phrase;
}

export const capitalize = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

/** Sentences of free text (the agent's description, a brand brief), whitespace tidied. */
export function sentences(text: string): string[] {
  return (
    text
      .replace(/\s+/gu, ' ')
      .trim()
      .match(/[^.!?。！？]+(?:[.!?。！？]+["'”’)]*|$)/gu)
      ?.map((sentence) => sentence.trim())
      .filter(Boolean) ?? []
  );
}

/** The leading sentences that fit in `max` characters; a first sentence too long is cut at a word end. */
export function leadingSentences(text: string, max: number): string {
  let result = '';
  for (const sentence of sentences(text)) {
    const next = result ? `${result} ${sentence}` : sentence;
    if ([...next].length > max) break;
    result = next;
  }
  if (result || max < 2) return result;
  const chars = [...text.replace(/\s+/gu, ' ').trim()].slice(0, max - 1).join('');
  const cut = chars.replace(/\s+\S*$/u, '').replace(/[\s,;:–—-]+$/u, '');
  return cut && cut !== chars ? `${cut}…` : '';
}

export const charCount = (text: string) => [...text].length;

/**
 * Words that describe people rather than the property (fair housing). Any of the agent's own features or
 * sentences containing one is left out rather than repeated.
 */
const peopleWords =
  /\b(famil(?:y|ies)(?![-\s]room)|kids?|child(?:ren)?|adults?|singles?|couples?|retirees?|seniors?|elderly|young professionals?|bachelors?|man cave|exclusive|safe neighbou?rhood|church(?:es)?|synagogues?|mosques?|temples?|christian|jewish|muslim|hispanic|ethnic|able-bodied|perfect for|ideal for|great for|handicap(?:ped)?|empty[- ]nesters?|newlyweds?|students?)\b/iu;

export const describesPeople = (text: string) =>
  peopleWords.test(text.replace(/(?:single|multi)[- ]family/giu, ''));
