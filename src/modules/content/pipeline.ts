/**
 * The content pipeline: listing analyst → copywriter (descriptions, then one post per platform) →
 * compliance reviewer, on whichever `ContentModel` is given. Whatever the model returns is held to the
 * same rules here: platform limits (a post that breaks one is fitted, never stored as is), fair-housing
 * review and required disclosures on every text, numbers checked against the facts, an engagement
 * estimate per post, and the cost of every call.
 */
import type {
  Analysis,
  BrandFacts,
  BrandPostBrief,
  Descriptions,
  EventDetails,
  ListingBrief,
  ListingFacts,
  Platform,
  PostDraft,
} from '../../ai/content.js';
import type { ContentModel, ModelCall } from '../../ai/content-model.js';
import { reviewText } from '../../ai/compliance/review.js';
import { estimateEngagement } from '../../ai/engagement.js';
import { unsupportedNumbers } from '../../ai/fact-check.js';
import { checkLimits, composePost, fitToLimits, platformLimits, postLength } from '../../ai/limits.js';
import { callCostMicros, type PriceTable } from '../../ai/pricing.js';
import type { ContentSurface } from '../../db/schema.js';
import type { Requirements, StoredIssue, StoredPost } from './types.js';

export interface PricedCall extends ModelCall {
  costMicros: number;
}

export interface PipelineResult {
  analysis: Analysis | null;
  description: Descriptions | null;
  posts: StoredPost[];
  issues: StoredIssue[];
  calls: PricedCall[];
}

/** What the reviewer may treat as fact when checking numbers. */
export interface Facts {
  listing?: ListingFacts;
  brand: BrandFacts;
  details?: EventDetails;
  extraText?: string;
}

/** A post with its published text, length, limit and estimate; fitted first if it breaks a limit. */
export function finishPost(
  draft: PostDraft,
  options: { hashtagCap: number; mediaCount: number; edited: boolean },
): StoredPost {
  const fitted = checkLimits(draft, options).length > 0 ? fitToLimits(draft, options) : draft;
  const published = composePost(fitted);
  return {
    platform: fitted.platform,
    text: fitted.text,
    hashtags: fitted.hashtags,
    callToAction: fitted.callToAction,
    published,
    length: postLength(fitted.platform, published),
    limit: platformLimits[fitted.platform].maxLength,
    estimate: estimateEngagement(fitted, { mediaCount: options.mediaCount }),
    edited: options.edited,
  };
}

/** Fair-housing and required-text review of one surface, plus numbers the facts do not support. */
export function reviewSurface(options: {
  where: string;
  surface: ContentSurface | null;
  text: string;
  facts: Facts;
  requirements: Requirements;
}): StoredIssue[] {
  const { where, surface, text, facts, requirements } = options;
  const required = (on: ContentSurface[], value: string | null) =>
    surface !== null && on.includes(surface) ? value : null;
  const issues: StoredIssue[] = reviewText(text, {
    requiredDisclosure: required(requirements.disclosureOn, facts.brand.disclosure),
    requiredLicense: required(requirements.licenseOn, facts.brand.licenseNumber),
  }).map((issue) => ({ where, ...issue }));
  for (const number of unsupportedNumbers(text, facts)) {
    issues.push({
      where,
      phrase: number,
      category: 'unsupported_fact',
      reason: `"${number}" is not a number from the listing, the event or the brand kit.`,
      suggestion: 'Remove it, or add the fact to the listing first.',
      index: text.indexOf(number),
      severity: 'error',
    });
  }
  return issues;
}

export function reviewPosts(posts: StoredPost[], facts: Facts, requirements: Requirements) {
  return posts.flatMap((post) =>
    reviewSurface({
      where: post.platform,
      surface: post.platform,
      text: post.published,
      facts,
      requirements,
    }),
  );
}

const priced = (prices: PriceTable, calls: ModelCall[]): PricedCall[] =>
  calls.map((call) => ({ ...call, costMicros: callCostMicros(prices, call) }));

export async function runListingPipeline(options: {
  model: ContentModel;
  prices: PriceTable;
  brief: ListingBrief;
  platforms: Platform[];
  requirements: Requirements;
}): Promise<PipelineResult> {
  const { model, brief, platforms, requirements } = options;
  const analysis = await model.analyze(brief);
  const [description, drafts] = await Promise.all([
    model.describe(brief, analysis.value),
    model.writePosts(brief, analysis.value, platforms),
  ]);
  const posts = drafts.value.map((draft) =>
    finishPost(draft, { hashtagCap: brief.hashtagCap, mediaCount: brief.listing.photoCount, edited: false }),
  );
  const facts: Facts = { listing: brief.listing, brand: brief.brand, details: brief.details };
  const issues = [
    ...reviewSurface({
      where: 'description.short',
      surface: null,
      text: description.value.short,
      facts,
      requirements,
    }),
    ...reviewSurface({
      where: 'description.long',
      surface: 'description',
      text: description.value.long,
      facts,
      requirements,
    }),
    ...reviewPosts(posts, facts, requirements),
  ];
  return {
    analysis: analysis.value,
    description: description.value,
    posts,
    issues,
    calls: priced(options.prices, [...analysis.calls, ...description.calls, ...drafts.calls]),
  };
}

export async function runBrandPipeline(options: {
  model: ContentModel;
  prices: PriceTable;
  brief: BrandPostBrief;
  platforms: Platform[];
  requirements: Requirements;
}): Promise<PipelineResult> {
  const { model, brief, platforms, requirements } = options;
  const drafts = await model.writeBrandPosts(brief, platforms);
  const posts = drafts.value.map((draft) =>
    finishPost(draft, { hashtagCap: brief.hashtagCap, mediaCount: 0, edited: false }),
  );
  const facts: Facts = { brand: brief.brand, extraText: `${brief.topic}\n${brief.brief}` };
  return {
    analysis: null,
    description: null,
    posts,
    issues: reviewPosts(posts, facts, requirements),
    calls: priced(options.prices, drafts.calls),
  };
}
