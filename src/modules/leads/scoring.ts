/**
 * Explainable lead scoring (pure, no database). A lead's score, 0–10, is a weighted sum of five
 * category scores, each 0–10 with a sentence saying why, so an agent can see what moved it. Every
 * category is monotone: more engagement, more contact details or a closer match never lowers it.
 *
 * Fit compares only what the person asked for (price band, bedrooms, area) with the listing they
 * engaged with. It is computed by a function that receives nothing else, so no protected
 * characteristic (age, race, religion, sex, familial status, disability, national origin, a guess
 * from a name, where the person lives) can reach it; `parseInterest` also refuses "I live in …".
 *
 * `scoreLead` runs for every lead of a workspace in batch: no regular expressions, no date parsing
 * and one pass over the interactions (bench/scoring.ts).
 */

export const scoreCategories = [
  'socialEngagement',
  'profileQuality',
  'interactionFrequency',
  'contentEngagement',
  'fit',
] as const;
export type ScoreCategory = (typeof scoreCategories)[number];
export type ScoreWeights = Record<ScoreCategory, number>;

/** The seed plan's weights; a workspace may set its own (each ≥ 0, normalised to sum 1). */
export const defaultScoreWeights: ScoreWeights = {
  socialEngagement: 0.3,
  profileQuality: 0.2,
  interactionFrequency: 0.2,
  contentEngagement: 0.15,
  fit: 0.15,
};

export type Tier = 'hot' | 'warm' | 'nurture' | 'monitor';

type Intent =
  | 'price_question'
  | 'availability'
  | 'showing_request'
  | 'financing'
  | 'compliment'
  | 'complaint'
  | 'spam'
  | 'other';

export interface LeadSignals {
  /** Interactions, newest last. intent is the triage intent of a comment/message; 'form' = landing-page form. */
  interactions: {
    kind: 'comment' | 'message' | 'mention' | 'form' | 'reply_received' | 'email_click';
    intent: Intent | null;
    /** −1..1 */
    sentiment: number;
    at: Date;
    postId: string | null;
  }[];
  /** How reachable and real the person is: contact details given, platform profiles, consent to contact. */
  profile: {
    hasEmail: boolean;
    hasPhone: boolean;
    hasName: boolean;
    platformHandles: number;
    consent: boolean;
  };
  /** What the person asked for (parsed from their messages or the form). */
  interest: { priceMin?: number; priceMax?: number; bedrooms?: number; area?: string };
  /** The listing they engaged with. */
  listing: {
    price: number | null;
    bedrooms: number | null;
    city: string | null;
    neighborhood?: string | null;
  } | null;
  now: Date;
}

export interface CategoryScore {
  category: ScoreCategory;
  /** 0..10, one decimal */
  score: number;
  /** normalised: the weights of a score sum to 1 */
  weight: number;
  /** weight × score, two decimals */
  contribution: number;
  /** A sentence for the agent, e.g. "Asked for a showing and about the price (2 high-intent interactions)". */
  reason: string;
}

export interface LeadScore {
  /** 0..10, one decimal: the weighted sum of the category scores as shown */
  score: number;
  tier: Tier;
  categories: CategoryScore[];
  /** 1–3 suggestions, most urgent first */
  nextActions: string[];
}

/** Tiers of the seed plan. Applied to the score as shown (one decimal), so 7.95 → warm but a shown 8.0 → hot. */
export function tierOf(score: number): Tier {
  if (score >= 8) return 'hot';
  if (score >= 6) return 'warm';
  if (score >= 4) return 'nurture';
  return 'monitor';
}

/**
 * Weights scaled to sum 1; a missing category weighs 0. Validation with field messages belongs to the
 * workspace settings schema; this guard only refuses weights no score can come from.
 */
export function normaliseWeights(weights: Partial<ScoreWeights>): ScoreWeights {
  const raw = scoreCategories.map((category) => weights[category] ?? 0);
  const sum = raw.reduce((total, weight) => total + weight, 0);
  if (raw.some((weight) => !(weight >= 0)) || !(sum > 0) || !Number.isFinite(sum)) {
    throw new RangeError('score weights must be finite, ≥ 0 and not all 0');
  }
  const [socialEngagement, profileQuality, interactionFrequency, contentEngagement, fit] = raw.map(
    (weight) => weight / sum,
  ) as [number, number, number, number, number];
  return { socialEngagement, profileQuality, interactionFrequency, contentEngagement, fit };
}

const normalisedDefaults = normaliseWeights(defaultScoreWeights);

// ---- One pass over the interactions -------------------------------------------------------------

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 14;
const intentOrder: readonly Intent[] = [
  'showing_request',
  'price_question',
  'financing',
  'availability',
  'compliment',
  'other',
  'complaint',
  'spam',
];
const intentIndex = Object.fromEntries(intentOrder.map((intent, index) => [intent, index])) as Record<
  Intent,
  number
>;
/** What one interaction of each intent is worth to social engagement (same order as intentOrder). */
const intentPoints = [4, 3, 3, 2, 0.75, 0.5, 0, 0];
const OTHER = intentIndex.other;
const HIGH_INTENT = 4; // the first four intents are questions a buyer asks
/** A direct message, a form or a back-and-forth says more than a public comment; a mention or a click less. */
const kindDepth: Record<LeadSignals['interactions'][number]['kind'], number> = {
  message: 1.25,
  reply_received: 1.25,
  form: 1.25,
  comment: 1,
  mention: 0.75,
  email_click: 0.5,
};

// Scratch space reused by every call (scoreLead is synchronous, so calls never overlap).
const bucketMax = new Float64Array(intentOrder.length);
const bucketSum = new Float64Array(intentOrder.length);
const bucketCount = new Uint32Array(intentOrder.length);
const perDay = new Uint32Array(WINDOW_DAYS);
const posts = new Set<string>();

interface Tally {
  negative: number;
  ignored: number;
  forms: number;
  emailClicks: number;
  newestDay: number;
  older: boolean;
}

function tally(interactions: LeadSignals['interactions'], nowMs: number): Tally {
  bucketMax.fill(0);
  bucketSum.fill(0);
  bucketCount.fill(0);
  perDay.fill(0);
  posts.clear();
  const result: Tally = { negative: 0, ignored: 0, forms: 0, emailClicks: 0, newestDay: -1, older: false };
  for (const interaction of interactions) {
    const bucket = interaction.intent === null ? OTHER : intentIndex[interaction.intent];
    bucketCount[bucket]!++;
    // Spam and complaints are not interest in a listing: they count nowhere but in the reason.
    if (intentPoints[bucket] === 0) {
      result.ignored++;
      continue;
    }
    const sentiment = interaction.sentiment;
    const tone = sentiment < 0 ? Math.max(0, 1 + sentiment) : 1;
    if (sentiment < 0) result.negative++;
    const value = intentPoints[bucket]! * kindDepth[interaction.kind] * tone;
    bucketSum[bucket]! += value;
    if (value > bucketMax[bucket]!) bucketMax[bucket] = value;

    if (interaction.postId !== null) posts.add(interaction.postId);
    if (interaction.kind === 'form') result.forms++;
    else if (interaction.kind === 'email_click') result.emailClicks++;

    // Days are 24-hour spans counted back from now (no time zone needed); the future counts as today.
    const age = nowMs - interaction.at.getTime();
    if (Number.isNaN(age)) continue;
    if (age >= WINDOW_DAYS * DAY_MS) {
      result.older = true;
      continue;
    }
    const day = age > 0 ? Math.floor(age / DAY_MS) : 0;
    perDay[day]!++;
    if (result.newestDay < 0 || day < result.newestDay) result.newestDay = day;
  }
  return result;
}

// ---- Categories ---------------------------------------------------------------------------------

const round1 = (value: number) => Math.round(value * 10) / 10;
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
function joinList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
const asked = ['for a showing', 'about the price', 'about financing', 'whether it is available'];

/**
 * Social engagement: what the person's comments, messages and forms asked, weighted by intent
 * (showing request 4 points, price question and financing 3, availability 2, compliment 0.75, anything
 * else 0.5, spam and complaints 0) and by depth (a DM, form or reply ×1.25, a comment ×1, a mention
 * ×0.75, an email click ×0.5); negative sentiment scales a point value down (−1 → 0). Per intent the
 * best interaction counts in full and each further one a quarter, capped at 2.5× the intent's points,
 * so twenty compliments never outweigh a showing request. 8 points → 10.
 */
function socialEngagement(t: Tally): { score: number; reason: string } {
  let points = 0;
  let high = 0;
  let other = 0;
  const topics: string[] = [];
  for (let i = 0; i < intentOrder.length; i++) {
    if (intentPoints[i] === 0) continue;
    const max = bucketMax[i]!;
    points += Math.min(2.5 * intentPoints[i]!, max + 0.25 * (bucketSum[i]! - max));
    if (i < HIGH_INTENT) {
      high += bucketCount[i]!;
      if (bucketCount[i]! > 0) topics.push(asked[i]!);
    } else other += bucketCount[i]!;
  }
  const parts: string[] = [];
  if (high > 0) parts.push(`Asked ${joinList(topics)} (${plural(high, 'high-intent interaction')})`);
  if (other > 0) {
    parts.push(
      high > 0 ? plural(other, 'other interaction') : `Only compliments or general comments (${other})`,
    );
  }
  if (t.ignored > 0) {
    parts.push(
      `${high + other > 0 ? '' : 'Only '}${plural(t.ignored, 'spam or complaint', 'spam or complaints')} (not counted)`,
    );
  }
  if (t.negative > 0) parts.push(`negative tone lowered ${plural(t.negative, 'interaction')}`);
  const reason = parts.length > 0 ? parts.join('; ') : 'No comments, messages or forms yet';
  return { score: Math.min(10, points * 1.25), reason };
}

/** Profile quality: email 3, phone 3, name 1, a platform profile 1 (+0.5 for a second), consent to contact 1.5. */
function profileQuality(profile: LeadSignals['profile']): { score: number; reason: string } {
  const handles = Math.max(0, profile.platformHandles);
  const score =
    (profile.hasEmail ? 3 : 0) +
    (profile.hasPhone ? 3 : 0) +
    (profile.hasName ? 1 : 0) +
    (handles >= 2 ? 1.5 : handles >= 1 ? 1 : 0) +
    (profile.consent ? 1.5 : 0);
  const given: string[] = [];
  if (profile.hasEmail) given.push('an email address');
  if (profile.hasPhone) given.push('a phone number');
  if (profile.hasName) given.push('a name');
  const parts = [given.length > 0 ? `Gave ${joinList(given)}` : 'No email, phone or name yet'];
  parts.push(handles > 0 ? plural(handles, 'platform profile') : 'no platform profile');
  return {
    score,
    reason: `${parts.join(', ')}; ${profile.consent ? 'consented to contact' : 'no consent to contact yet'}`,
  };
}

/**
 * Interaction frequency: the distinct days (24-hour spans back from now) with an interaction in the
 * last 14 days, each worth 1 halved every 7 days of age, plus 0.2 of that for up to two more
 * interactions the same day. 3 points → 10: three fresh days of contact make a frequent lead. Spam and
 * complaints are not counted here or in content engagement: they are not interest in a listing.
 */
function interactionFrequency(t: Tally): { score: number; reason: string } {
  let points = 0;
  let days = 0;
  let recent = 0;
  for (let day = 0; day < WINDOW_DAYS; day++) {
    const count = perDay[day]!;
    if (count === 0) continue;
    days++;
    recent += count;
    points += 0.5 ** (day / 7) * (1 + 0.2 * Math.min(2, count - 1));
  }
  if (days === 0) {
    const reason = t.older
      ? `No interaction in the last ${WINDOW_DAYS} days, only older ones`
      : `No interaction in the last ${WINDOW_DAYS} days`;
    return { score: 0, reason };
  }
  const when = t.newestDay === 0 ? 'today' : t.newestDay === 1 ? 'yesterday' : `${t.newestDay} days ago`;
  return {
    score: Math.min(10, (points * 10) / 3),
    reason: `Active on ${days} of the last ${WINDOW_DAYS} days (${plural(recent, 'interaction')}), most recently ${when}`,
  };
}

/** Content engagement: 2.5 per distinct post engaged with, 2.5 for a landing-page form, 1 per email click (up to 2). */
function contentEngagement(t: Tally): { score: number; reason: string } {
  const score = Math.min(10, 2.5 * posts.size + (t.forms > 0 ? 2.5 : 0) + Math.min(2, t.emailClicks));
  const parts: string[] = [];
  if (posts.size > 0) parts.push(`engaged with ${plural(posts.size, 'post')}`);
  if (t.forms > 0) parts.push(t.forms === 1 ? 'filled in a form' : `filled in ${t.forms} forms`);
  if (t.emailClicks > 0) parts.push(`clicked ${plural(t.emailClicks, 'email')}`);
  const reason = parts.length > 0 ? joinList(parts) : 'no posts, forms or emails engaged with yet';
  return { score, reason: reason.charAt(0).toUpperCase() + reason.slice(1) };
}

function money(amount: number): string {
  if (amount >= 1_000_000) return `$${Math.round(amount / 100_000) / 10}M`;
  if (amount >= 1_000) return `$${Math.round(amount / 1_000)}k`;
  return `$${Math.round(amount)}`;
}

/**
 * Fit: how the asked-for price band, bedrooms and area compare with the listing — nothing else is
 * passed in. Each part asked for and known on the listing scores 0–10 and fit is their mean:
 * price inside the band 10, −4 per 10 % over the maximum (0 at 25 % over) and −2 per 10 % under the
 * minimum; bedrooms 10 when the listing has at least as many, −4 per bedroom short; area 10 when the
 * city or neighbourhood names it (either way round, ignoring case), else 0. Neutral 5 when nothing
 * can be compared.
 */
function fit(
  interest: LeadSignals['interest'],
  listing: LeadSignals['listing'],
): { score: number; reason: string; compared: boolean } {
  if (listing === null) return { score: 5, reason: 'No listing to compare with (neutral)', compared: false };
  let total = 0;
  let parts = 0;
  const notes: string[] = [];
  const { priceMin, priceMax } = interest;
  if ((priceMin !== undefined || priceMax !== undefined) && listing.price !== null) {
    const low = Math.min(priceMin ?? 0, priceMax ?? Infinity);
    const high = Math.max(priceMin ?? 0, priceMax ?? Infinity);
    const price = listing.price;
    let part = 10;
    if (price > high) {
      part = Math.max(0, 10 - ((price - high) / high) * 40);
      notes.push(
        `the price ${money(price)} is ${Math.round(((price - high) / high) * 100)}% over their ${money(high)}`,
      );
    } else if (price < low) {
      part = Math.max(0, 10 - ((low - price) / low) * 20);
      notes.push(
        `the price ${money(price)} is ${Math.round(((low - price) / low) * 100)}% under their ${money(low)}`,
      );
    } else notes.push('the price is in their budget');
    total += part;
    parts++;
  }
  if (interest.bedrooms !== undefined && listing.bedrooms !== null) {
    const short = interest.bedrooms - listing.bedrooms;
    total += short > 0 ? Math.max(0, 10 - 4 * short) : 10;
    notes.push(
      short > 0
        ? `${plural(listing.bedrooms, 'bedroom')} for the ${interest.bedrooms} they asked for`
        : `${plural(listing.bedrooms, 'bedroom')} (asked for ${interest.bedrooms})`,
    );
    parts++;
  }
  const area = interest.area?.trim().toLowerCase();
  const places = [listing.neighborhood, listing.city].filter((place): place is string => !!place);
  if (area && places.length > 0) {
    const match = places.some((place) => {
      const known = place.trim().toLowerCase();
      return known.includes(area) || area.includes(known);
    });
    total += match ? 10 : 0;
    notes.push(
      match ? `it is in ${interest.area}` : `they asked for ${interest.area}, it is in ${places.join(', ')}`,
    );
    parts++;
  }
  if (parts === 0) {
    return {
      score: 5,
      reason: 'Nothing asked for that the listing can be compared with (neutral)',
      compared: false,
    };
  }
  const text = notes.join('; ');
  return { score: total / parts, reason: text.charAt(0).toUpperCase() + text.slice(1), compared: true };
}

// ---- The score -----------------------------------------------------------------------------------

/** The lead's score, tier, each category with its reason, and what to do next. */
export function scoreLead(signals: LeadSignals, weights?: ScoreWeights): LeadScore {
  const w = weights === undefined ? normalisedDefaults : normaliseWeights(weights);
  const t = tally(signals.interactions, signals.now.getTime());
  const social = socialEngagement(t);
  const profile = profileQuality(signals.profile);
  const frequency = interactionFrequency(t);
  const content = contentEngagement(t);
  const match = fit(signals.interest, signals.listing);
  const categories = [
    category('socialEngagement', social, w.socialEngagement),
    category('profileQuality', profile, w.profileQuality),
    category('interactionFrequency', frequency, w.interactionFrequency),
    category('contentEngagement', content, w.contentEngagement),
    category('fit', match, w.fit),
  ];
  let sum = 0;
  for (const item of categories) sum += item.weight * item.score;
  const score = Math.min(10, round1(sum));
  const tier = tierOf(score);
  return {
    score,
    tier,
    categories,
    nextActions: nextActions(signals, tier, t, match.compared, categories[4]!.score),
  };
}

function category(
  name: ScoreCategory,
  result: { score: number; reason: string },
  weight: number,
): CategoryScore {
  const score = round1(result.score);
  return {
    category: name,
    score,
    weight,
    contribution: Math.round(weight * score * 100) / 100,
    reason: result.reason,
  };
}

/** Up to three suggestions: the most urgent buyer question first, then missing contact details, then the tier's routine. */
function nextActions(
  signals: LeadSignals,
  tier: Tier,
  t: Tally,
  fitCompared: boolean,
  fitScore: number,
): string[] {
  const { profile } = signals;
  const actions: string[] = [];
  const hot = tier === 'hot';
  const engaged = hot || tier === 'warm';
  const now = profile.hasPhone ? 'Call now' : 'Reply now';
  const showing = bucketCount[intentIndex.showing_request]! > 0;
  if (showing) actions.push(engaged ? `${now}: asked for a showing` : 'Offer showing times');
  else if (hot) actions.push(`${now}: a hot lead`);
  if (bucketCount[intentIndex.price_question]! > 0) actions.push('Send the price sheet');
  if (tier !== 'monitor') {
    if (!profile.hasEmail) actions.push('Ask for an email address');
    else if (!profile.hasPhone && engaged) actions.push('Ask for a phone number');
  }
  if (bucketCount[intentIndex.financing]! > 0) actions.push('Share financing options or a lender contact');
  if (tier !== 'monitor') {
    if ((profile.hasEmail || profile.hasPhone) && !profile.consent)
      actions.push('Ask for consent before follow-ups');
    if (fitCompared && fitScore < 4) actions.push('Suggest listings closer to what they asked for');
    else if (!fitCompared) actions.push('Ask about their budget, area and bedrooms');
  }
  if (tier === 'nurture') actions.push('Add to the nurture sequence');
  if (tier === 'monitor') {
    const spamOnly = t.ignored > 0 && t.ignored === signals.interactions.length;
    actions.push(
      spamOnly ? 'No action: only spam or complaints so far' : 'Keep monitoring: no action needed yet',
    );
  }
  return actions.slice(0, 3);
}
