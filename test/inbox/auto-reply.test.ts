import { describe, expect, it } from 'vitest';
import {
  complianceProblem,
  decideAutoAction,
  defaultAutomation,
  fillTemplate,
  writeReply,
  type AutomationSettings,
  type ReplyFacts,
} from '../../src/modules/inbox/auto-reply.js';
import { triage } from '../../src/modules/inbox/triage/triage.js';
import corpus from './triage-corpus.json' with { type: 'json' };

const on: AutomationSettings = { ...defaultAutomation, autoReply: true, autoHideSpam: true };
// Monday 2026-11-23, 15:00 in New York.
const monday3pm = new Date('2026-11-23T20:00:00Z');

function decide(text: string, overrides: Partial<Parameters<typeof decideAutoAction>[0]> = {}) {
  return decideAutoAction({
    settings: on,
    triage: triage(text),
    platform: 'instagram',
    threadKind: 'comment',
    fromThreadAuthor: true,
    alreadyAutoReplied: false,
    now: monday3pm,
    timeZone: 'America/New_York',
    ...overrides,
  });
}

const facts = (status = 'active'): ReplyFacts => ({
  name: 'Maya Chen',
  agent: 'Dana Wright',
  link: 'https://listcast.example.com/l/1?utm_source=instagram',
  listing: { street: '12 Oak Street', city: 'Portland', price: 689_000, status, openHouses: [] },
});

describe('what automation does with a message', () => {
  it('when any negative comment of the labelled corpus arrives, then it is escalated or left alone — never answered automatically', () => {
    const negative = (corpus as { text: string; sentiment: string }[]).filter(
      (entry) => entry.sentiment === 'negative',
    );
    expect(negative.length).toBeGreaterThanOrEqual(15);
    for (const entry of negative) expect(decide(entry.text).kind, entry.text).not.toBe('reply');
  });

  it('when a clear price question comes on Instagram, then one private reply; on Facebook a public one; not twice, not to someone else in the thread', () => {
    expect(decide("What's the asking price?")).toMatchObject({ kind: 'reply', private: true });
    expect(decide("What's the asking price?", { platform: 'facebook' })).toMatchObject({
      kind: 'reply',
      private: false,
    });
    expect(decide("What's the asking price?", { alreadyAutoReplied: true }).kind).toBe('none');
    expect(decide("What's the asking price?", { fromThreadAuthor: false }).kind).toBe('none');
  });

  it('when the message is unclear, then a person gets it; when replies are off or it is outside business hours, then it waits', () => {
    expect(decide('hmm')).toMatchObject({ kind: 'escalate' });
    expect(decide("What's the asking price?", { settings: { ...on, autoReply: false } }).kind).toBe('none');
    const hours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
    expect(decide("What's the asking price?", { settings: { ...on, businessHours: hours } }).kind).toBe(
      'reply',
    );
    const evening = new Date('2026-11-23T23:30:00Z'); // 18:30 in New York
    expect(
      decide("What's the asking price?", { settings: { ...on, businessHours: hours }, now: evening }).kind,
    ).toBe('none');
  });

  it('when spam arrives, then it is hidden only if the workspace asks, and never becomes a reply', () => {
    expect(decide('DM me for cheap followers 🚀').kind).toBe('hide');
    expect(decide('DM me for cheap followers 🚀', { settings: { ...on, autoHideSpam: false } }).kind).toBe(
      'none',
    );
  });
});

describe('the replies Listcast writes', () => {
  it('when the listing has sold, then no reply says it is available; the price is stated only from the listing', () => {
    expect(writeReply('availability', facts('sold'))).not.toMatch(/still available/i);
    expect(writeReply('availability', facts())).toMatch(/still available/);
    expect(writeReply('price_question', facts())).toContain('$689,000');
    expect(
      writeReply('price_question', { ...facts(), listing: { ...facts().listing!, price: null } }),
    ).not.toMatch(/\$/);
    expect(writeReply('complaint', facts())).toBeNull();
  });

  it('when a template names a value that is missing, then it is left out cleanly; a template breaking fair-housing rules is caught', () => {
    const text = fillTemplate('Hi {name}, it is {price}. Agent: {agent} {link}', {
      ...facts(),
      agent: null,
      name: '@home_hunter_88',
    });
    expect(text).toBe('Hi, it is $689,000. Agent: https://listcast.example.com/l/1?utm_source=instagram');
    expect(text).not.toMatch(/undefined|null|\{/);
    expect(complianceProblem('Perfect for a young couple with no kids!')).toMatch(/compliance/);
    expect(complianceProblem(writeReply('showing_request', facts())!)).toBeNull();
  });
});
