import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { intents, triage, type Intent } from '../../src/modules/inbox/triage/triage.js';

/**
 * Comments as they appear under listing and small-brand posts, labelled by hand. Written in five batches:
 * the first before any rule existed, each later one scored before the rules were touched again. The
 * last batch still holds misses on purpose (phrasings no rule knows), so the accuracy floor below is a
 * real one. Those batch scores, before tuning, are the better guide to unseen comments: 0.75, 0.63,
 * 0.59, 0.52.
 */
const corpus = z
  .array(
    z.object({
      text: z.string(),
      intent: z.enum(intents),
      sentiment: z.enum(['positive', 'neutral', 'negative']),
    }),
  )
  .parse(JSON.parse(readFileSync(new URL('./triage-corpus.json', import.meta.url), 'utf8')));

const results = corpus.map((entry) => ({ ...entry, triage: triage(entry.text) }));

describe('triage on the labelled corpus', () => {
  it('when the corpus is counted, then it has 120+ comments, 12+ per intent and 15+ negative ones', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(120);
    for (const intent of intents) {
      expect(corpus.filter((entry) => entry.intent === intent).length, intent).toBeGreaterThanOrEqual(12);
    }
    expect(corpus.filter((entry) => entry.sentiment === 'negative').length).toBeGreaterThanOrEqual(15);
  });

  it('when every comment is triaged, then at least 90 % get the labelled intent', () => {
    const misses = results.filter((r) => r.triage.intent !== r.intent);
    const accuracy = (results.length - misses.length) / results.length;
    console.log(`triage intent accuracy: ${accuracy.toFixed(3)} on ${results.length} comments`);
    const report = [
      `accuracy ${accuracy.toFixed(3)}`,
      'confusion (labelled → got: count):',
      ...confusion(misses.map((r) => [r.intent, r.triage.intent])),
      'misses:',
      ...misses.map((r) => `  ${r.intent} → ${r.triage.intent} (${r.triage.confidence}): ${r.text}`),
    ].join('\n');
    expect(accuracy, report).toBeGreaterThanOrEqual(0.9);
  });

  it('when a comment is labelled negative, then it is never left safe to answer automatically', () => {
    const unsafe = results
      .filter((r) => r.sentiment === 'negative')
      .filter((r) => r.triage.sentiment.label !== 'negative' && r.triage.intent !== 'complaint');
    expect(unsafe.map((r) => `${r.text} → ${JSON.stringify(r.triage)}`)).toEqual([]);
  });

  it('when a comment is spam, then its sentiment is never positive', () => {
    const positive = results.filter((r) => r.intent === 'spam' && r.triage.sentiment.label === 'positive');
    expect(positive.map((r) => `${r.text} → ${JSON.stringify(r.triage)}`)).toEqual([]);
  });

  it('when any comment is triaged, then confidence is in 0..1 with two decimals and there is a reason', () => {
    for (const { text, triage: result } of results) {
      expect(result.confidence, text).toBeGreaterThanOrEqual(0);
      expect(result.confidence, text).toBeLessThanOrEqual(1);
      expect(Math.round(result.confidence * 100) / 100, text).toBe(result.confidence);
      expect(result.sentiment.score, text).toBeGreaterThanOrEqual(-1);
      expect(result.sentiment.score, text).toBeLessThanOrEqual(1);
      expect(result.reasons.length, text).toBeGreaterThan(0);
    }
  });
});

describe('triage of single comments', () => {
  it('when a comment praises and asks the price, then the price question wins and it reads positive', () => {
    const result = triage('Love it! How much?');
    expect(result.intent).toBe('price_question');
    expect(result.sentiment.label).toBe('positive');
    expect(result.reasons).toContain('asks "how much"');
  });

  it('when a comment asks both availability and a tour, then the showing request wins', () => {
    expect(triage('Beautiful!! Is it still available? Can we tour it Sunday?').intent).toBe(
      'showing_request',
    );
  });

  it('when a comment complains and asks the price, then the price question wins but the sentiment is negative', () => {
    const result = triage("Overpriced for sure but I'll bite, what's the number?");
    expect(result.intent).toBe('price_question');
    expect(result.sentiment.label).toBe('negative');
  });

  it('when a comment wraps spam in praise, then it is spam and not positive', () => {
    const result = triage('Amazing! 😍 Check out my page for home decor deals www.decorhaven-shop.com');
    expect(result.intent).toBe('spam');
    expect(result.sentiment.label).not.toBe('positive');
  });

  it('when a comment is sarcastic praise, then it is a complaint', () => {
    const result = triage('Wow $900k for a closet. Incredible. 👏');
    expect(result.intent).toBe('complaint');
    expect(result.sentiment.label).toBe('negative');
  });

  it('when a polite question is asked, then its sentiment is neutral', () => {
    expect(triage('Is this still available?').sentiment.label).toBe('neutral');
    expect(triage('What would the monthly payment be with 10% down?').sentiment.label).toBe('neutral');
  });

  it('when the text is empty or whitespace, then it is other with low confidence', () => {
    for (const text of ['', '   ', '\n\t ']) {
      const result = triage(text);
      expect(result.intent).toBe('other');
      expect(result.confidence).toBeLessThanOrEqual(0.2);
      expect(result.sentiment.label).toBe('neutral');
    }
  });

  it('when nothing matches, then it is other with confidence about one half', () => {
    const result = triage('Where is this?');
    expect(result).toMatchObject({ intent: 'other', confidence: 0.5 });
  });

  it('when the text is 5,000 characters, then it is triaged without throwing', () => {
    const text = 'Beautiful home, how much is it? '.repeat(160).slice(0, 5_000);
    const result = triage(text);
    expect(text).toHaveLength(5_000);
    expect(result.intent).toBe('price_question');
  });

  it('when the comment is only heart-eye emoji, then it is a positive compliment', () => {
    expect(triage('😍😍')).toMatchObject({ intent: 'compliment', sentiment: { label: 'positive' } });
  });

  it('when a comment is one strong phrase, then confidence is high; one weak keyword, then lower', () => {
    const strong = triage('Can we book a showing for Saturday?');
    const weak = triage('Nice');
    expect(strong.intent).toBe('showing_request');
    expect(strong.confidence).toBeGreaterThanOrEqual(0.85);
    expect(weak.intent).toBe('compliment');
    expect(weak.confidence).toBeLessThan(strong.confidence);
  });
});

function confusion(pairs: readonly (readonly [Intent, Intent])[]): string[] {
  const counts = new Map<string, number>();
  for (const [labelled, got] of pairs) {
    const key = `${labelled} → ${got}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([key, count]) => `  ${key}: ${count}`);
}
