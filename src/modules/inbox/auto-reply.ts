/**
 * What Listcast does on its own with an incoming message, decided from the workspace's rules and the
 * message's triage — and the replies it writes. Pure: the ingest pipeline applies the decision.
 *
 * Order of the rules, strictest first: anything negative (sentiment or a complaint) or unclear (triage
 * confidence under the workspace's minimum) goes to a person and is never answered automatically;
 * spam is hidden when the workspace asks for it; then, only with automatic replies on, within business
 * hours, for the thread's own author and once per thread, the intent's rule says whether to answer,
 * publicly or (Instagram comments) privately, with the workspace's template or a written reply.
 */
import { reviewText } from '../../ai/compliance/review.js';
import type { BusinessHours, InboxIntent, ReplyRule } from '../../db/schema.js';
import { utcToZoned } from '../../lib/zoned-time.js';
import type { Triage } from './triage/triage.js';

export interface AutomationSettings {
  autoHideSpam: boolean;
  autoReply: boolean;
  replyRules: Partial<Record<InboxIntent, ReplyRule>>;
  businessHours: BusinessHours | null;
  minConfidence: number;
}

/** What a workspace gets before it changes anything: nothing is sent on its behalf until it says so. */
export const defaultAutomation: AutomationSettings = {
  autoHideSpam: false,
  autoReply: false,
  replyRules: {},
  businessHours: null,
  minConfidence: 0.7,
};

/** Used for an intent the workspace has not set a rule for, once automatic replies are on. */
export const defaultReplyRules: Record<InboxIntent, ReplyRule> = {
  price_question: { mode: 'model', private: true },
  availability: { mode: 'model' },
  showing_request: { mode: 'model' },
  financing: { mode: 'model' },
  compliment: { mode: 'model' },
  complaint: { mode: 'off' },
  spam: { mode: 'off' },
  other: { mode: 'off' },
};

/** The confidence a compliment needs before it is thanked automatically. */
const COMPLIMENT_CONFIDENCE = 0.85;

export type AutoAction =
  | { kind: 'none'; reason: string }
  | { kind: 'escalate'; reason: string }
  | { kind: 'hide'; reason: string }
  | { kind: 'reply'; rule: ReplyRule; private: boolean };

export function decideAutoAction(input: {
  settings: AutomationSettings;
  triage: Triage;
  platform: string;
  threadKind: 'comment' | 'mention' | 'message';
  /** The message is from the person who started the thread (not someone joining it). */
  fromThreadAuthor: boolean;
  alreadyAutoReplied: boolean;
  now: Date;
  timeZone: string;
}): AutoAction {
  const { settings, triage } = input;
  if (triage.intent === 'complaint' || triage.sentiment.label === 'negative') {
    return { kind: 'escalate', reason: 'Negative message: a person should answer' };
  }
  if (triage.intent === 'spam') {
    return settings.autoHideSpam && input.threadKind === 'comment'
      ? { kind: 'hide', reason: 'Spam, hidden automatically' }
      : { kind: 'none', reason: 'Spam' };
  }
  if (triage.confidence < settings.minConfidence) {
    return {
      kind: 'escalate',
      reason: `Unclear what they want (confidence ${triage.confidence.toFixed(2)} < ${settings.minConfidence.toFixed(2)})`,
    };
  }
  if (!settings.autoReply) return { kind: 'none', reason: 'Automatic replies are off' };
  const rule = settings.replyRules[triage.intent] ?? defaultReplyRules[triage.intent];
  if (rule.mode === 'off') return { kind: 'none', reason: `No automatic reply for ${triage.intent}` };
  // A single word of praise can be sarcasm the rules do not know: a thank-you needs more certainty.
  if (triage.intent === 'compliment' && triage.confidence < COMPLIMENT_CONFIDENCE) {
    return { kind: 'none', reason: 'Too little to be sure it is praise' };
  }
  if (!input.fromThreadAuthor || input.alreadyAutoReplied) {
    return { kind: 'none', reason: 'Already answered automatically in this conversation' };
  }
  if (settings.businessHours && !withinHours(settings.businessHours, input.now, input.timeZone)) {
    return { kind: 'none', reason: 'Outside business hours: waits for a person' };
  }
  const privately = rule.private === true && input.platform === 'instagram' && input.threadKind === 'comment';
  return { kind: 'reply', rule, private: privately };
}

function withinHours(hours: BusinessHours, now: Date, timeZone: string): boolean {
  const local = utcToZoned(now, timeZone);
  const weekday = new Date(`${local.slice(0, 10)}T00:00:00Z`).getUTCDay() || 7;
  const time = local.slice(11, 16);
  return hours.days.includes(weekday) && time >= hours.start && time < hours.end;
}

/** The facts a reply may use. Nothing else is ever stated. */
export interface ReplyFacts {
  /** What the person is called on the platform: the first name when it looks like one. */
  name: string;
  listing: {
    street: string;
    city: string;
    price: number | null;
    status: string;
    /** Upcoming open houses, already formatted in the workspace's time zone. */
    openHouses: string[];
  } | null;
  /** The listing's public page (tagged for this platform), or null for a brand post. */
  link: string | null;
  agent: string | null;
}

const money = (price: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(
    price,
  );

function firstName(name: string): string {
  const first = name.replace(/^@/, '').split(/\s+/)[0] ?? '';
  // A handle like "home_hunter_88" is not a name to greet someone with.
  return /^[\p{L}][\p{L}'-]{1,20}$/u.test(first) ? first : '';
}

/** Fills a workspace's template; a placeholder without a value becomes empty, never "undefined". */
export function fillTemplate(template: string, facts: ReplyFacts): string {
  const values: Record<string, string> = {
    name: firstName(facts.name),
    address: facts.listing ? facts.listing.street : '',
    price: facts.listing?.price ? money(facts.listing.price) : '',
    link: facts.link ?? '',
    agent: facts.agent ?? '',
  };
  return tidy(
    template.replace(/\{(name|address|price|link|agent)\}/g, (_, key: string) => values[key] ?? ''),
  );
}

const tidy = (text: string) =>
  text
    .replace(/[ \t]+([,.!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/^[\s,]+/, '')
    .trim();

const SOLD = new Set(['sold', 'withdrawn']);

/** The built-in reply: short, friendly, factual — only what the listing says, and where to learn more. */
export function writeReply(intent: InboxIntent, facts: ReplyFacts): string | null {
  const hi = firstName(facts.name) ? `Hi ${firstName(facts.name)}! ` : 'Hi! ';
  const listing = facts.listing;
  const more = facts.link ? ` Details and photos: ${facts.link}` : '';
  const agent = facts.agent ?? 'our team';
  switch (intent) {
    case 'price_question':
      if (!listing) return `${hi}Send us a message and ${agent} will share the details.`;
      if (SOLD.has(listing.status))
        return `${hi}${listing.street} has sold — ${agent} can tell you about similar homes.${more}`;
      return listing.price
        ? `${hi}${listing.street} is offered at ${money(listing.price)}.${more}`
        : `${hi}${agent} will send you the price for ${listing.street}.${more}`;
    case 'availability':
      if (!listing) return `${hi}Yes — send us a message and we will share the details.`;
      if (SOLD.has(listing.status))
        return `${hi}${listing.street} is no longer available, but ${agent} can show you similar homes.${more}`;
      if (listing.status === 'under_contract')
        return `${hi}${listing.street} is under contract right now. ${agent} can tell you if that changes.${more}`;
      return `${hi}Yes, ${listing.street} is still available.${more}`;
    case 'showing_request': {
      if (listing && SOLD.has(listing.status))
        return `${hi}${listing.street} has sold, but ${agent} would be glad to show you similar homes.${more}`;
      const openHouse = listing?.openHouses[0];
      return openHouse
        ? `${hi}Come to the open house on ${openHouse}, or ask ${agent} for a private showing.${more}`
        : `${hi}${agent} would be glad to show you around — send us a message with times that suit you.${more}`;
    }
    case 'financing':
      return `${hi}Good question — ${agent} can walk you through the numbers and put you in touch with a lender.${more}`;
    case 'compliment':
      return `Thank you${firstName(facts.name) ? `, ${firstName(facts.name)}` : ''}! 🏡`;
    default:
      return null;
  }
}

/** A reply goes out only if the compliance reviewer finds nothing wrong with it. */
export function complianceProblem(text: string): string | null {
  const issue = reviewText(text).find((found) => found.severity === 'error');
  return issue ? `The reply failed the compliance check: ${issue.reason}` : null;
}
