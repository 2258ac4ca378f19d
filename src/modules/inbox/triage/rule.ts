/**
 * What an intent rule is, and the helpers the rule tables use. Every pattern runs over normalised text
 * (see `normalise` in triage.ts): lower case, accents and emoji variation selectors stripped, contractions
 * joined ("what's" → "whats", "don't" → "dont"), whitespace collapsed.
 *
 * Weight is how much one match says on its own: 1 ≈ decisive ("book a showing", "follow for follow"),
 * 0.4 ≈ a topic word that only counts inside a question ("price", "tour"). An intent's score is the sum of
 * its matched rules' weights; triage.ts adds a bonus when an actionable topic sits in a question.
 */
import type { Intent } from './triage.js';

export type RuledIntent = Exclude<Intent, 'other'>;

export interface IntentRule {
  /** Shown in the inbox as the reason the comment was sorted this way. */
  readonly reason: string;
  readonly weight: number;
  /** Phrasings of the same signal: the rule matches (once) when any of them does. */
  readonly patterns: readonly RegExp[];
}

export const rule = (reason: string, weight: number, patterns: readonly RegExp[]): IntentRule => ({
  reason,
  weight,
  patterns,
});

/**
 * One pattern matching any of the whole words or phrases, built once at load. A trailing `*` means "any
 * ending" ("disappoint*": disappointed, disappointing); other regex syntax is allowed ("lo+ve[sd]?").
 */
export const words = (list: readonly string[]): RegExp[] => {
  const alternatives = list.map((word) => (word.endsWith('*') ? `${word.slice(0, -1)}\\w*` : word));
  return [new RegExp(`\\b(?:${alternatives.join('|')})\\b`)];
};
