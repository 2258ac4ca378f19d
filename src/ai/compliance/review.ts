/**
 * The compliance reviewer: finds fair-housing problems (42 U.S.C. §3604(c)) in a post or description,
 * and a missing brokerage disclosure or licence number. Pure and fast (one precompiled regex per rule),
 * so the content pipeline can run it on every draft and every edit. The rules live in `rules.ts`.
 */
import { complianceRules, type ComplianceRule } from './rules.js';

export const complianceCategories = [
  'race',
  'color',
  'religion',
  'sex',
  'disability',
  'familial_status',
  'national_origin',
  'steering',
  'missing_disclosure',
  'missing_license',
] as const;
export type ComplianceCategory = (typeof complianceCategories)[number];

export interface ComplianceIssue {
  /** The offending words as written in the text; null for something missing (disclosure, licence). */
  phrase: string | null;
  category: ComplianceCategory;
  /** Why it is a problem, one sentence a non-lawyer understands. */
  reason: string;
  /** A rewrite that describes the property instead (or the text to add). */
  suggestion: string;
  /** Character offset of `phrase` in the text; null when missing. */
  index: number | null;
  severity: 'error' | 'warning';
}

export interface ReviewOptions {
  /** The brokerage's disclosure; when non-empty the text must contain it (whitespace and case aside). */
  requiredDisclosure?: string | null;
  /** The agent's licence, e.g. "Lic. #01234567"; when non-empty the number must appear in the text. */
  requiredLicense?: string | null;
}

/** Between two words: any run of spaces, line breaks (`\s`) or hyphens (after normalisation). */
const WORD_GAP = '[\\s-]+';

function compile(rule: ComplianceRule): RegExp {
  const alternatives = rule.patterns.map((pattern) => pattern.replaceAll(' ', WORD_GAP)).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
}

const compiledRules = complianceRules.map((rule) => ({ rule, regex: compile(rule) }));

/**
 * Curly apostrophes and dash variants become their ASCII forms. Every replacement is one UTF-16 unit
 * for one, so offsets found in the normalised text are offsets in the original.
 */
function normalise(text: string): string {
  return text.replace(/[\u2018\u2019\u02BC\u2032]/g, "'").replace(/[\u2010-\u2015\u2212]/g, '-');
}

/** For comparing a required snippet with the text: quotes and dashes as above, whitespace collapsed, lower case. */
function comparable(text: string): string {
  return normalise(text).replace(/\s+/g, ' ').trim().toLowerCase();
}

export function reviewText(text: string, options: ReviewOptions = {}): ComplianceIssue[] {
  const normalised = normalise(text);
  const found: ComplianceIssue[] = [];
  for (const { rule, regex } of compiledRules) {
    for (const match of normalised.matchAll(regex)) {
      found.push({
        phrase: text.slice(match.index, match.index + match[0].length),
        category: rule.category,
        reason: rule.reason,
        suggestion: rule.suggestion,
        index: match.index,
        severity: rule.severity,
      });
    }
  }
  const issues = withoutNestedDuplicates(found);
  const disclosure = missingDisclosure(text, options.requiredDisclosure);
  if (disclosure) issues.push(disclosure);
  const license = missingLicense(text, options.requiredLicense);
  if (license) issues.push(license);
  return issues;
}

/**
 * Sorted by offset; a phrase inside a longer one of the same category ("adult only" within "adults
 * only…") is the same problem reported twice, so only the longer (or the error) stays.
 */
function withoutNestedDuplicates(issues: ComplianceIssue[]): ComplianceIssue[] {
  const end = (issue: ComplianceIssue) => (issue.index ?? 0) + (issue.phrase?.length ?? 0);
  const sorted = issues.sort((a, b) => (a.index ?? 0) - (b.index ?? 0) || end(b) - end(a));
  const kept: ComplianceIssue[] = [];
  for (const issue of sorted) {
    const container = kept.find(
      (other) =>
        other.category === issue.category &&
        (other.index ?? 0) <= (issue.index ?? 0) &&
        end(other) >= end(issue),
    );
    if (!container) kept.push(issue);
    else if (issue.severity === 'error') container.severity = 'error';
  }
  return kept;
}

function missingDisclosure(text: string, required: string | null | undefined): ComplianceIssue | null {
  const disclosure = required?.trim();
  if (!disclosure || comparable(text).includes(comparable(disclosure))) return null;
  return {
    phrase: null,
    category: 'missing_disclosure',
    reason: 'Your brokerage requires this disclosure in every ad, and it is missing.',
    suggestion: disclosure,
    index: null,
    severity: 'error',
  };
}

/**
 * The licence "number" is each token of the required licence that holds a digit ("Lic. #01234567"
 * → "01234567", "DRE BK3012345" → "BK3012345"), matched whole; labels and punctuation around it vary.
 */
function missingLicense(text: string, required: string | null | undefined): ComplianceIssue | null {
  const license = required?.trim();
  if (!license) return null;
  const numbers = license.match(/[A-Za-z0-9][A-Za-z0-9.-]*\d[A-Za-z0-9-]*/g) ?? [];
  const present =
    numbers.length > 0
      ? numbers.every((number) =>
          new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(number)}(?![A-Za-z0-9])`, 'i').test(normalise(text)),
        )
      : comparable(text).includes(comparable(license));
  if (present) return null;
  const bareNumber = /^#?\s*[A-Za-z0-9.-]+$/.test(license);
  return {
    phrase: null,
    category: 'missing_license',
    reason: 'Most states require the agent’s licence number in advertising, and it is missing.',
    suggestion: bareNumber ? `Lic. #${license.replace(/^#\s*/, '')}` : license,
    index: null,
    severity: 'error',
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
