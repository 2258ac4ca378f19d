import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInterest } from '../../src/modules/leads/parse-interest.js';
import {
  defaultScoreWeights,
  normaliseWeights,
  scoreCategories,
  scoreLead,
  tierOf,
  type LeadScore,
  type LeadSignals,
  type ScoreCategory,
} from '../../src/modules/leads/scoring.js';

type Interaction = LeadSignals['interactions'][number];

const now = new Date('2026-11-23T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const said = (
  intent: Interaction['intent'],
  days: number,
  postId: string | null = 'post-1',
  kind: Interaction['kind'] = 'comment',
  sentiment = 0.3,
): Interaction => ({ kind, intent, sentiment, at: daysAgo(days), postId });
const stranger: LeadSignals['profile'] = {
  hasEmail: false,
  hasPhone: false,
  hasName: false,
  platformHandles: 1,
  consent: false,
};
const listing: LeadSignals['listing'] = {
  price: 575_000,
  bedrooms: 3,
  city: 'New York',
  neighborhood: 'Brooklyn',
};
const hotLead: LeadSignals = {
  interactions: [
    said('showing_request', 2, 'post-1'),
    said('price_question', 1, 'post-2', 'message'),
    said('availability', 0, 'post-3'),
  ],
  profile: { hasEmail: true, hasPhone: true, hasName: false, platformHandles: 1, consent: true },
  interest: { priceMin: 500_000, priceMax: 600_000, bedrooms: 3 },
  listing,
  now,
};
const category = (result: LeadScore, name: ScoreCategory) =>
  result.categories.find((c) => c.category === name)!;

const interactionArbitrary: fc.Arbitrary<Interaction> = fc.record({
  kind: fc.constantFrom('comment', 'message', 'mention', 'form', 'reply_received', 'email_click'),
  intent: fc.constantFrom(
    'price_question',
    'availability',
    'showing_request',
    'financing',
    'compliment',
    'complaint',
    'spam',
    'other',
    null,
  ),
  sentiment: fc.double({ min: -1, max: 1, noNaN: true }),
  at: fc.date({ min: daysAgo(30), max: daysAgo(-1), noInvalidDate: true }),
  postId: fc.option(fc.constantFrom('post-1', 'post-2', 'post-3', 'post-4', 'post-5'), { nil: null }),
});

const signalsArbitrary: fc.Arbitrary<LeadSignals> = fc.record({
  interactions: fc.array(interactionArbitrary, { maxLength: 15 }),
  profile: fc.record({
    hasEmail: fc.boolean(),
    hasPhone: fc.boolean(),
    hasName: fc.boolean(),
    platformHandles: fc.nat(4),
    consent: fc.boolean(),
  }),
  interest: fc.record(
    {
      priceMin: fc.integer({ min: 50_000, max: 3_000_000 }),
      priceMax: fc.integer({ min: 50_000, max: 3_000_000 }),
      bedrooms: fc.integer({ min: 1, max: 6 }),
      area: fc.constantFrom('Brooklyn', 'Queens', 'New York'),
    },
    { requiredKeys: [] },
  ),
  listing: fc.option(
    fc.record({
      price: fc.option(fc.integer({ min: 50_000, max: 3_000_000 }), { nil: null }),
      bedrooms: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
      city: fc.option(fc.constantFrom('New York', 'Austin'), { nil: null }),
      neighborhood: fc.option(fc.constantFrom('Brooklyn', 'Hyde Park'), { nil: null }),
    }),
    { nil: null },
  ),
  now: fc.constant(now),
});

describe('tiers', () => {
  it('when a score sits on or just under a boundary, then hot starts at 8, warm at 6 and nurture at 4', () => {
    expect(tierOf(7.95)).toBe('warm');
    expect(tierOf(8)).toBe('hot');
    expect(tierOf(6)).toBe('warm');
    expect(tierOf(5.99)).toBe('nurture');
    expect(tierOf(4)).toBe('nurture');
    expect(tierOf(3.99)).toBe('monitor');
    expect(tierOf(0)).toBe('monitor');
  });
});

describe('scoring a lead', () => {
  it('when someone asked for a showing and the price, gave email, phone and consent, on 3 days, within budget, then they are hot and the agent is told to call', () => {
    const result = scoreLead(hotLead);
    expect(result.score).toBeGreaterThanOrEqual(8);
    expect(result.tier).toBe('hot');
    expect(result.nextActions[0]).toBe('Call now: asked for a showing');
    expect(result.nextActions).toContain('Send the price sheet');
    expect(category(result, 'socialEngagement').reason).toMatch(/Asked for a showing, about the price/);
    expect(category(result, 'fit').score).toBe(10);
  });

  it('when a stranger left one compliment, then they are monitored', () => {
    const result = scoreLead({
      interactions: [said('compliment', 0)],
      profile: stranger,
      interest: {},
      listing,
      now,
    });
    expect(result.score).toBeLessThan(4);
    expect(result.tier).toBe('monitor');
  });

  it('when someone only ever posted spam, even on many posts and days, then they are monitored and nothing is to be done', () => {
    const spam = [0, 1, 2, 3, 4, 5].map((day) => said('spam', day, `post-${day}`, 'comment', -0.5));
    const result = scoreLead({ interactions: spam, profile: stranger, interest: {}, listing, now });
    expect(result.tier).toBe('monitor');
    expect(category(result, 'socialEngagement').score).toBe(0);
    expect(category(result, 'contentEngagement').score).toBe(0);
    expect(result.nextActions).toEqual(['No action: only spam or complaints so far']);
  });

  it('when a buying question is said with a negative tone, or a complaint is added, then social engagement does not rise with it', () => {
    const base = { profile: stranger, interest: {}, listing, now };
    const warm = scoreLead({ ...base, interactions: [said('price_question', 0, 'p', 'comment', 0.5)] });
    const cold = scoreLead({ ...base, interactions: [said('price_question', 0, 'p', 'comment', -0.6)] });
    const complained = scoreLead({
      ...base,
      interactions: [said('price_question', 0, 'p', 'comment', 0.5), said('complaint', 0)],
    });
    const social = (result: LeadScore) => category(result, 'socialEngagement').score;
    expect(social(cold)).toBeLessThan(social(warm));
    expect(social(complained)).toBe(social(warm));
  });

  it('when any lead is scored, then every category is listed in order with a non-empty reason and 1–3 next actions', () => {
    const leads: LeadSignals[] = [
      hotLead,
      { interactions: [], profile: stranger, interest: {}, listing: null, now },
      { interactions: [said('other', 40)], profile: stranger, interest: { area: 'Queens' }, listing, now },
      { ...hotLead, interest: { priceMax: 400_000, bedrooms: 5, area: 'Queens' } },
    ];
    for (const lead of leads) {
      const result = scoreLead(lead);
      expect(result.categories.map((c) => c.category)).toEqual([...scoreCategories]);
      for (const c of result.categories) expect(c.reason.trim()).not.toBe('');
      expect(result.nextActions.length).toBeGreaterThanOrEqual(1);
      expect(result.nextActions.length).toBeLessThanOrEqual(3);
    }
  });
});

describe('weights', () => {
  it('when every weight is doubled, then nothing changes', () => {
    const doubled = Object.fromEntries(scoreCategories.map((c) => [c, defaultScoreWeights[c] * 2])) as Record<
      ScoreCategory,
      number
    >;
    expect(scoreLead(hotLead, doubled)).toEqual(scoreLead(hotLead));
  });

  it('when only fit has a weight, then the score is the fit score', () => {
    const lead = { ...hotLead, interest: { priceMax: 520_000, bedrooms: 4 } };
    const onlyFit = normaliseWeights({ fit: 3 });
    const result = scoreLead(lead, onlyFit);
    expect(category(result, 'fit').score).toBeLessThan(10);
    expect(result.score).toBe(category(result, 'fit').score);
    expect(result.score).not.toBe(scoreLead(lead).score);
  });

  it('when weights are normalised, then they sum to 1 keeping their ratios, and all-zero or negative weights are refused', () => {
    const weights = normaliseWeights({ socialEngagement: 2, fit: 2 });
    expect(weights).toEqual({
      socialEngagement: 0.5,
      profileQuality: 0,
      interactionFrequency: 0,
      contentEngagement: 0,
      fit: 0.5,
    });
    const defaults = normaliseWeights(defaultScoreWeights);
    expect(Object.values(defaults).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(defaults.socialEngagement).toBeCloseTo(0.3, 12);
    expect(() => normaliseWeights({})).toThrow(RangeError);
    expect(() => normaliseWeights({ fit: 1, socialEngagement: -0.5 })).toThrow(RangeError);
  });
});

describe('fit', () => {
  const fitOf = (interest: LeadSignals['interest'], to: LeadSignals['listing'] = listing) =>
    category(scoreLead({ interactions: [], profile: stranger, interest, listing: to, now }), 'fit');

  it('when nothing was asked for or there is no listing, then fit is a neutral 5', () => {
    expect(fitOf({}).score).toBe(5);
    expect(fitOf({ priceMax: 600_000 }, null).score).toBe(5);
    expect(fitOf({ bedrooms: 2 }, { price: null, bedrooms: null, city: null }).score).toBe(5);
  });

  it('when the listing is further over budget or short of bedrooms or elsewhere, then fit is lower', () => {
    expect(fitOf({ priceMin: 500_000, priceMax: 600_000, bedrooms: 3, area: 'brooklyn' }).score).toBe(10);
    const over10 = fitOf({ priceMax: 522_000 }).score;
    const over20 = fitOf({ priceMax: 480_000 }).score;
    expect(over10).toBeLessThan(10);
    expect(over20).toBeLessThan(over10);
    expect(fitOf({ bedrooms: 4 }).score).toBeGreaterThan(fitOf({ bedrooms: 5 }).score);
    expect(fitOf({ area: 'Queens' }).score).toBe(0);
    expect(fitOf({ area: 'Queens' }).reason).toMatch(/Queens/);
  });

  it('when only the profile, the interactions or the time differ, then fit is the same: it reads the interest and the listing only', () => {
    const interest = { priceMax: 550_000, bedrooms: 4, area: 'Brooklyn' };
    const expected = fitOf(interest);
    fc.assert(
      fc.property(
        fc.record({
          hasEmail: fc.boolean(),
          hasPhone: fc.boolean(),
          hasName: fc.boolean(),
          platformHandles: fc.nat(5),
          consent: fc.boolean(),
        }),
        fc.array(interactionArbitrary, { maxLength: 8 }),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        (profile, interactions, at) => {
          const result = scoreLead({ interactions, profile, interest, listing, now: at });
          expect(category(result, 'fit')).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('properties', () => {
  it('when any lead is scored, then the score is within 0–10 and one more showing request never lowers it or any category', () => {
    fc.assert(
      fc.property(
        signalsArbitrary,
        interactionArbitrary.map((interaction) => ({ ...interaction, intent: 'showing_request' as const })),
        (signals, showing) => {
          const before = scoreLead(signals);
          const after = scoreLead({ ...signals, interactions: [...signals.interactions, showing] });
          for (const result of [before, after]) {
            expect(result.score).toBeGreaterThanOrEqual(0);
            expect(result.score).toBeLessThanOrEqual(10);
            for (const c of result.categories) {
              expect(c.score).toBeGreaterThanOrEqual(0);
              expect(c.score).toBeLessThanOrEqual(10);
            }
          }
          expect(after.score).toBeGreaterThanOrEqual(before.score);
          after.categories.forEach((c, i) =>
            expect(c.score).toBeGreaterThanOrEqual(before.categories[i]!.score),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseInterest', () => {
  it.each([
    ['looking in the 500-600k range', { priceMin: 500_000, priceMax: 600_000 }],
    ['$500k-600k', { priceMin: 500_000, priceMax: 600_000 }],
    ['between 1.2 and 1.5M?', { priceMin: 1_200_000, priceMax: 1_500_000 }],
    [
      '$900-1.2M in the Mission District',
      { priceMin: 900_000, priceMax: 1_200_000, area: 'Mission District' },
    ],
    ['under $1.2M', { priceMax: 1_200_000 }],
    ['max 750,000', { priceMax: 750_000 }],
    ['at least $400k', { priceMin: 400_000 }],
    ['3bd/2ba', { bedrooms: 3 }],
    ['3 bedroom', { bedrooms: 3 }],
    ['3br please', { bedrooms: 3 }],
    ['three bedrooms under 800k', { priceMax: 800_000, bedrooms: 3 }],
    ['anything in Brooklyn?', { area: 'Brooklyn' }],
  ])('when someone writes %j, then the interest is read from it', (text, expected) => {
    expect(parseInterest(text)).toEqual(expected);
  });

  it.each([
    'Gorgeous! That kitchen 😍',
    'Beautiful home, congrats on the listing!',
    'Love the light in this one.',
    'Is it still $1.2M?',
    'Can I see it in June?',
    'under 500',
  ])('when someone writes %j, then nothing is taken as interest', (text) => {
    expect(parseInterest(text)).toEqual({});
  });

  it('when someone says where they live, then that place is not taken as the area they want', () => {
    expect(parseInterest('I live in Queens but looking in Park Slope')).toEqual({ area: 'Park Slope' });
    expect(parseInterest('We are in Queens right now')).toEqual({});
  });

  it('when "$500k and 3 beds" is written, then 3 is bedrooms, not the end of a price range', () => {
    expect(parseInterest('$500k and 3 beds')).toEqual({ bedrooms: 3 });
  });
});
