/**
 * Comment triage for the engagement inbox: what a comment wants (intent) and how it feels (sentiment), with
 * the reasons, so the inbox can answer the safe ones automatically and escalate the rest.
 *
 * Why rules and not a model for intent: comments under a listing are short and formulaic ("price?", "still
 * available?", "follow for follow"), the rules run offline (~40 µs a comment with the sentiment model, one
 * core), and every decision names the rule behind it for the inbox UI. Why wink-nlp for sentiment: a lexicon with negation handles the open
 * vocabulary of feelings that rules would not; the rules then correct it where it is wrong for this domain
 * (sentiment.ts). The limit, measured: comments phrased unlike anything in the rule tables mostly fall to
 * `other` (see test/inbox/triage.test.ts), which the inbox must treat as "unsure", never as safe.
 *
 * Several intents often match at once ("Love it! How much?"), so the winner is picked by tier, not score:
 *   1. spam with strong signals (spam often opens with praise);
 *   2. an actionable intent asked explicitly ("book a showing"); among several, showing > financing >
 *      price > availability, the most concrete next step first;
 *   3. a complaint, even beside praise (sarcasm: "$900k for a closet. Incredible. 👏") or in question form
 *      ("Are you kidding me with this price");
 *   4. an actionable topic inside a question ("HOA fees?") — mentioning a price without asking is not a
 *      question to answer ("clickbait price");
 *   5. spam with milder signals (praise is its camouflage), then a compliment;
 *   6. a weak complaint or spam signal; otherwise `other`.
 * Confidence grows with the winner's score and shrinks with the runner-up's (a conflict).
 */
import { availability, financing, priceQuestion, showingRequest } from './actionable-rules.js';
import { inboxIntents } from '../../../db/schema.js';
import { complaint, compliment, spam } from './reaction-rules.js';
import type { IntentRule, RuledIntent } from './rule.js';
import { correctSentiment, modelSentiment } from './sentiment.js';

/** The intents triage tells apart (the inbox stores them: `inboxIntents` in the schema). */
export const intents = inboxIntents;
export type Intent = (typeof intents)[number];
export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface Triage {
  intent: Intent;
  /** 0..1, two decimals. */
  confidence: number;
  /** score in -1..1. */
  sentiment: { score: number; label: SentimentLabel };
  /** Why, for the inbox UI: the rule(s) that matched. */
  reasons: string[];
}

/** Instagram's comment limit; beyond it a "comment" is a paste, and the start says what it is. */
const MAX_ANALYSED_CHARS = 2_200;
/** Spam at this score wins over everything else. */
const STRONG_SPAM = 1;
/** In a question, an actionable intent at this score (a topic word at least) wins over praise. */
const CLEAR_ASK = 0.7;
/** A rule this strong is an explicit ask ("book a showing"), not a topic word in a question. */
const EXPLICIT_ASK = 0.8;
/** A complaint at this score wins over praise and makes the sentiment negative. */
const CLEAR_COMPLAINT = 0.6;
/** Praise at this score makes a neutral sentiment positive. */
const CLEAR_PRAISE = 0.6;
/** Spam at this score wins over praise, which spammers use as camouflage ("Amazing! 🔥 check my page"). */
const CAMOUFLAGED_SPAM = 0.6;
/** Below this nothing counts and the comment is `other`. */
const MIN_SCORE = 0.35;
/** Added to an actionable intent that matched anything when the comment is a question or a request. */
const QUESTION_BONUS = 0.3;
const MAX_SCORE = 2;

const ruleTables: readonly { intent: RuledIntent; rules: readonly IntentRule[] }[] = [
  { intent: 'showing_request', rules: showingRequest },
  { intent: 'financing', rules: financing },
  { intent: 'price_question', rules: priceQuestion },
  { intent: 'availability', rules: availability },
  { intent: 'complaint', rules: complaint },
  { intent: 'compliment', rules: compliment },
  { intent: 'spam', rules: spam },
];
const intentRules = ruleTables.map((table) => ({ ...table, anyRule: anyOf(table.rules) }));

/** In priority order: when several are asked explicitly, the most concrete next step wins. */
const actionable: readonly RuledIntent[] = ['showing_request', 'financing', 'price_question', 'availability'];

const questionForm =
  /\?|^(?:is|are|can|could|do|does|did|has|have|how|hw|what|whats|when|where|which|who|any|will|would|may)\b|\b(?:pls|plz|please)\s*$/;
const curlySingleQuotes = /[‘’‚‛`´]/g;
const curlyDoubleQuotes = /[“”„‟]/g;
const marks = /\p{M}/gu;
const contraction = /(\p{L})'(\p{L})/gu;
const spaces = /\s+/g;
const meaningful = /[\p{L}\p{N}\p{Extended_Pictographic}$€£?]/u;

export function triage(text: string): Triage {
  const original = text.slice(0, MAX_ANALYSED_CHARS);
  if (!meaningful.test(original)) {
    return {
      intent: 'other',
      confidence: 0.1,
      sentiment: { score: 0, label: 'neutral' },
      reasons: ['no text'],
    };
  }
  const normalised = normalise(original);
  const question = questionForm.test(normalised);
  const model = modelSentiment(original);

  const scores = new Map<RuledIntent, number>();
  const matched = new Map<RuledIntent, IntentRule[]>();
  for (const { intent, rules, anyRule } of intentRules) {
    if (!anyRule.test(normalised)) {
      scores.set(intent, 0);
      continue;
    }
    let score = 0;
    for (const candidate of rules) {
      if (!matchesAny(candidate.patterns, normalised)) continue;
      score += candidate.weight;
      const list = matched.get(intent);
      if (list) list.push(candidate);
      else matched.set(intent, [candidate]);
    }
    if (score > 0 && question && actionable.includes(intent)) score += QUESTION_BONUS;
    scores.set(intent, Math.min(score, MAX_SCORE));
  }

  const intent = pickIntent(scores, matched, question);
  const score = (name: RuledIntent) => scores.get(name) ?? 0;
  const sentiment = correctSentiment({
    model,
    spam: intent === 'spam',
    complaint: score('complaint') >= CLEAR_COMPLAINT,
    compliment: intent !== 'spam' && score('compliment') >= CLEAR_PRAISE,
    question,
  });

  const reasons =
    intent === 'other'
      ? ['no rule matched']
      : [...(matched.get(intent) ?? [])].sort((a, b) => b.weight - a.weight).map((r) => r.reason);
  if (intent !== 'other' && question && actionable.includes(intent)) reasons.push('asked as a question');
  if (sentiment.reason) reasons.push(sentiment.reason);

  return {
    intent,
    confidence: intent === 'other' ? otherConfidence(scores) : confidence(intent, scores),
    sentiment: { score: sentiment.score, label: sentiment.label },
    reasons,
  };
}

/**
 * All of an intent's patterns in one regex, built once. Most comments match one intent at most, and one
 * scan that rejects an intent costs half of testing its ~50 patterns one by one (measured).
 */
function anyOf(rules: readonly IntentRule[]): RegExp {
  const alternatives = rules.flatMap((r) => r.patterns).map((pattern) => `(?:${pattern.source})`);
  return new RegExp(alternatives.join('|'), 'u');
}

/** A plain loop: this runs ~350 times per comment, and a closure per call showed in the profile. */
function matchesAny(patterns: readonly RegExp[], text: string): boolean {
  for (const pattern of patterns) if (pattern.test(text)) return true;
  return false;
}

/** Lower case, accents and emoji variation selectors gone, "what's" → "whats", one space between words. */
function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(marks, '')
    .toLowerCase()
    .replace(curlySingleQuotes, "'")
    .replace(curlyDoubleQuotes, '"')
    .replace(contraction, '$1$2')
    .replace(spaces, ' ')
    .trim();
}

function pickIntent(
  scores: ReadonlyMap<RuledIntent, number>,
  matched: ReadonlyMap<RuledIntent, readonly IntentRule[]>,
  question: boolean,
): Intent {
  const score = (intent: RuledIntent) => scores.get(intent) ?? 0;
  if (score('spam') >= STRONG_SPAM) return 'spam';
  const explicit = actionable.find((intent) => matched.get(intent)?.some((r) => r.weight >= EXPLICIT_ASK));
  if (explicit) return explicit;
  // "Are you kidding me with this price?" is a question about price only in form.
  if (score('complaint') >= CLEAR_COMPLAINT) return 'complaint';
  const ask = question ? best(actionable, scores) : undefined;
  if (ask && score(ask) >= CLEAR_ASK) return ask;
  if (score('spam') >= CAMOUFLAGED_SPAM) return 'spam';
  if (score('compliment') >= MIN_SCORE) return 'compliment';
  // Mentioning a price or a showing without asking is not a question to answer.
  const leftover = best(['complaint', 'spam'], scores);
  return leftover && score(leftover) >= MIN_SCORE ? leftover : 'other';
}

/** The highest score; on a tie the earlier intent in `candidates`. */
function best(candidates: readonly RuledIntent[], scores: ReadonlyMap<RuledIntent, number>) {
  let winner: RuledIntent | undefined;
  for (const intent of candidates) {
    if ((scores.get(intent) ?? 0) > (winner ? (scores.get(winner) ?? 0) : 0)) winner = intent;
  }
  return winner;
}

/**
 * One weak keyword (0.4) ≈ 0.55, one strong phrase (1) ≈ 0.9, several up to 0.97; minus up to 0.3 for a
 * runner-up as strong as the winner. Praise next to another intent is not a conflict (people praise and
 * ask in one breath), so it counts half.
 */
function confidence(winner: RuledIntent, scores: ReadonlyMap<RuledIntent, number>): number {
  const top = scores.get(winner) ?? 0;
  let runnerUp = 0;
  for (const [intent, score] of scores) {
    if (intent === winner) continue;
    runnerUp = Math.max(runnerUp, intent === 'compliment' ? score / 2 : score);
  }
  const strength = 0.3 + 0.6 * Math.min(top, 1) + 0.07 * Math.max(0, Math.min(top, MAX_SCORE) - 1);
  const conflict = 0.3 * Math.min(1, runnerUp / top);
  return round2(Math.min(0.97, Math.max(0.05, strength - conflict)));
}

/** Nothing matched: 0.5; down to 0.2 when a signal was there but did not count (a price mentioned, not asked). */
function otherConfidence(scores: ReadonlyMap<RuledIntent, number>): number {
  const strongest = Math.max(0, ...scores.values());
  return round2(0.5 - 0.3 * Math.min(strongest, 1));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
