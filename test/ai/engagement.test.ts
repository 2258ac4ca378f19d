import { describe, expect, it } from 'vitest';
import type { Platform } from '../../src/ai/content.js';
import { ENGAGEMENT_BASELINE, estimateEngagement } from '../../src/ai/engagement.js';

/** 145 characters, a call to action, four hashtags: what Instagram rewards. */
const caption =
  'Just listed: a sunlit 3-bed bungalow with a chef’s kitchen and a fenced garden on Elm Street. ' +
  'Open house Saturday 1–4. Call Jane to book a tour!';
const wellFormed = {
  platform: 'instagram' as Platform,
  text: caption,
  hashtags: ['#JustListed', '#ElmStreet', '#Bungalow', '#OpenHouse'],
  callToAction: 'Call Jane to book a tour!',
};
const thirtyHashtags = Array.from({ length: 30 }, (_, n) => `#tag${n}`);
// Tuesday 15 April 2025, 10:00 in Chicago.
const tuesdayMorning = new Date('2025-04-15T15:00:00Z');

describe('estimating engagement', () => {
  it('when a post is well formed, then it scores higher than the same post without a call to action, media or with 30 hashtags', () => {
    const good = estimateEngagement(wellFormed, { mediaCount: 5 }).score;
    const noCta = estimateEngagement(
      {
        ...wellFormed,
        text: 'Just listed: a sunlit 3-bed bungalow with a fenced garden on Elm Street.',
        callToAction: '',
      },
      { mediaCount: 5 },
    ).score;
    const noMedia = estimateEngagement(wellFormed, { mediaCount: 0 }).score;
    const spammy = estimateEngagement({ ...wellFormed, hashtags: thirtyHashtags }, { mediaCount: 5 }).score;
    expect(good).toBeGreaterThan(noCta);
    expect(good).toBeGreaterThan(noMedia);
    expect(good).toBeGreaterThan(spammy);
  });

  it('when a post has every factor, then the effects add up to score − baseline and each has a note', () => {
    const estimate = estimateEngagement(wellFormed, {
      mediaCount: 3,
      scheduledAt: tuesdayMorning,
      timeZone: 'America/Chicago',
    });
    expect(estimate.kind).toBe('estimate');
    expect(estimate.factors.map((f) => f.factor)).toEqual([
      'length',
      'hashtags',
      'call_to_action',
      'media',
      'timing',
    ]);
    const total = estimate.factors.reduce((sum, f) => sum + f.effect, 0);
    expect(estimate.score - ENGAGEMENT_BASELINE).toBe(total);
    for (const factor of estimate.factors) expect(factor.note.trim()).not.toBe('');
    expect(estimate.factors.find((f) => f.factor === 'timing')?.note).toContain('Tuesday at 10:00');
  });

  it('when posts are as bad or as good as they get, then the score stays within 0–100 and still adds up', () => {
    const worst = estimateEngagement(
      { platform: 'instagram', text: 'x'.repeat(2000), hashtags: thirtyHashtags, callToAction: '' },
      { mediaCount: 0, scheduledAt: new Date('2025-04-15T08:00:00Z'), timeZone: 'America/Chicago' },
    );
    const best = estimateEngagement(wellFormed, {
      mediaCount: 4,
      scheduledAt: tuesdayMorning,
      timeZone: 'America/Chicago',
    });
    for (const estimate of [worst, best]) {
      expect(estimate.score).toBeGreaterThanOrEqual(0);
      expect(estimate.score).toBeLessThanOrEqual(100);
      expect(estimate.score - ENGAGEMENT_BASELINE).toBe(
        estimate.factors.reduce((sum, f) => sum + f.effect, 0),
      );
    }
    expect(worst.score).toBe(0);
    expect(best.score).toBeGreaterThan(90);
  });

  it('when an Instagram post has no photo, then the media note says it cannot be posted', () => {
    const estimate = estimateEngagement(wellFormed, { mediaCount: 0 });
    expect(estimate.factors.find((f) => f.factor === 'media')?.note).toMatch(/cannot be posted/);
  });

  it('when a post is not scheduled, then timing is neutral and says so', () => {
    const timing = estimateEngagement(wellFormed, { mediaCount: 1 }).factors.find(
      (f) => f.factor === 'timing',
    );
    expect(timing).toEqual({ factor: 'timing', effect: 0, note: expect.stringMatching(/not scheduled/i) });
  });

  it('when the caption is long, then the length note gives the sweet spot and the actual length', () => {
    const long = estimateEngagement(
      { ...wellFormed, text: `${caption} `.repeat(3).trim() },
      { mediaCount: 1 },
    );
    const length = long.factors.find((f) => f.factor === 'length');
    expect(length?.effect).toBeLessThan(10);
    expect(length?.note).toMatch(/138–150 characters.*this one is \d+/);
  });

  it('when the same post is estimated twice, then the estimates are identical and the summary names both extremes', () => {
    const context = { mediaCount: 0, scheduledAt: tuesdayMorning, timeZone: 'America/Chicago' };
    const first = estimateEngagement(wellFormed, context);
    expect(estimateEngagement(wellFormed, context)).toEqual(first);
    expect(first.summary).toMatch(
      /^Estimated engagement \d+\/100 on Instagram: .*length \(\+10\).*media \(-18\)\.$/,
    );
  });

  it('when the time zone is unknown, then timing is judged in UTC instead of failing', () => {
    const estimate = estimateEngagement(
      { ...wellFormed, platform: 'linkedin' },
      { mediaCount: 1, scheduledAt: tuesdayMorning, timeZone: 'Mars/Olympus' },
    );
    expect(estimate.factors.find((f) => f.factor === 'timing')?.note).toContain('(UTC)');
  });
});
