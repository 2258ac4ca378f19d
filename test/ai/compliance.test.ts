import { describe, expect, it } from 'vitest';
import { complianceCategories, reviewText } from '../../src/ai/compliance/review.js';
import { complianceRules } from '../../src/ai/compliance/rules.js';
import { compliant, nonCompliant } from './compliance-corpus.js';

const percent = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;

describe('the compliance reviewer on the labelled corpus', () => {
  it('when it reviews every non-compliant sentence, then it reports the labelled category for at least 95 % of them', () => {
    const missed = nonCompliant.filter(
      ({ text, category }) => !reviewText(text).some((issue) => issue.category === category),
    );
    const recall = percent(nonCompliant.length - missed.length, nonCompliant.length);
    console.log(`compliance recall: ${recall} % of ${nonCompliant.length} non-compliant sentences`);
    expect(missed, 'missed').toEqual([]); // the corpus is small enough to expect every one today
    expect(recall).toBeGreaterThanOrEqual(95);
  });

  it('when it reviews every compliant sentence, then at most 5 % get an error', () => {
    const flagged = compliant.filter((text) => reviewText(text).some((issue) => issue.severity === 'error'));
    const falsePositives = percent(flagged.length, compliant.length);
    console.log(`compliance false positives: ${falsePositives} % of ${compliant.length} compliant sentences`);
    expect(falsePositives).toBeLessThanOrEqual(5);
  });

  it('when the corpus is counted, then it has at least 45 of each kind and covers every protected class and steering', () => {
    expect(nonCompliant.length).toBeGreaterThanOrEqual(45);
    expect(compliant.length).toBeGreaterThanOrEqual(45);
    const covered = new Set(nonCompliant.map(({ category }) => category));
    for (const category of complianceCategories.filter((c) => !c.startsWith('missing_'))) {
      expect(covered, category).toContain(category);
    }
  });
});

describe('reporting an issue', () => {
  it('when a phrase is flagged, then its offset points at the words as written', () => {
    const text = 'Lovely home.\nGreat for Young\nProfessionals — and it’s KID‑FRIENDLY too.';
    const issues = reviewText(text);
    expect(issues.map((issue) => issue.category)).toEqual(['steering', 'familial_status']);
    for (const issue of issues) {
      expect(issue.index).not.toBeNull();
      expect(text.slice(issue.index!, issue.index! + issue.phrase!.length)).toBe(issue.phrase);
    }
    expect(issues[0]?.phrase).toBe('Great for Young\nProfessionals');
    expect(issues[1]?.phrase).toBe('KID‑FRIENDLY');
  });

  it('when any rule fires, then it gives a reason and a suggestion', () => {
    for (const rule of complianceRules) {
      expect(rule.reason.trim(), rule.id).not.toBe('');
      expect(rule.suggestion.trim(), rule.id).not.toBe('');
    }
    const issues = reviewText('No kids, adults only, exclusive neighborhood.', {
      requiredDisclosure: 'Equal Housing Opportunity.',
      requiredLicense: '01234567',
    });
    expect(issues.length).toBeGreaterThanOrEqual(5);
    for (const issue of issues) {
      expect(issue.reason.length).toBeGreaterThan(10);
      expect(issue.suggestion.length).toBeGreaterThan(5);
    }
  });

  it('when a phrase appears with hyphens, spaces, plurals or capitals, then each variant is flagged', () => {
    for (const text of [
      'kid friendly',
      'Kid-Friendly',
      'kids friendly',
      'ADULTS ONLY',
      'adult-only',
      'no teenagers',
    ]) {
      expect(
        reviewText(text).map((issue) => issue.category),
        text,
      ).toContain('familial_status');
    }
  });

  it('when lawful but sensitive words appear, then they are warnings, not errors', () => {
    for (const text of [
      'Master bedroom on the main floor.',
      'A 55+ community with a clubhouse.',
      'Handicap-accessible unit.',
    ]) {
      const issues = reviewText(text);
      expect(issues.length, text).toBeGreaterThan(0);
      expect(
        issues.every((issue) => issue.severity === 'warning'),
        text,
      ).toBe(true);
    }
  });

  it('when words only look alike ("single-family", "family room", "must see", "white oak"), then nothing is flagged', () => {
    const text =
      'Must see! Single-family home, family room, white oak floors, walk-in closet, wheelchair ramp, near St. Mary’s Hospital.';
    expect(reviewText(text)).toEqual([]);
  });
});

describe('required disclosure and licence', () => {
  const disclosure = 'Equal Housing Opportunity. Each office independently owned and operated.';

  it('when the disclosure is missing, then an error asks for exactly that text', () => {
    const issues = reviewText('Just listed: 3-bedroom ranch.', { requiredDisclosure: disclosure });
    expect(issues).toEqual([
      expect.objectContaining({
        category: 'missing_disclosure',
        phrase: null,
        index: null,
        severity: 'error',
        suggestion: disclosure,
      }),
    ]);
  });

  it('when the disclosure is present with other line breaks and capitals, then it is accepted', () => {
    const text =
      'Just listed: 3-bedroom ranch.\n\nEQUAL HOUSING OPPORTUNITY.\nEach office independently  owned and operated.';
    expect(reviewText(text, { requiredDisclosure: disclosure })).toEqual([]);
  });

  it('when the licence number is missing, then an error suggests adding it', () => {
    const issues = reviewText('Call Jane Doe, Acme Realty.', { requiredLicense: '01234567' });
    expect(issues).toEqual([
      expect.objectContaining({ category: 'missing_license', phrase: null, index: null, severity: 'error' }),
    ]);
    expect(issues[0]?.suggestion).toBe('Lic. #01234567');
  });

  it('when the licence number appears with another label, then it is accepted, but not inside a longer number', () => {
    expect(reviewText('Jane Doe, DRE 01234567', { requiredLicense: 'Lic. #01234567' })).toEqual([]);
    expect(reviewText('Jane Doe, Lic.#01234567.', { requiredLicense: '01234567' })).toEqual([]);
    expect(reviewText('Call 9012345678', { requiredLicense: '012345' })).toHaveLength(1);
  });

  it('when no disclosure or licence is required (null or empty), then none is asked for', () => {
    expect(reviewText('Just listed.', { requiredDisclosure: null, requiredLicense: '' })).toEqual([]);
  });
});
