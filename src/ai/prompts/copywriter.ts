/**
 * The copywriter's prompts and output schemas: listing descriptions, one post per platform, and posts
 * for a brand without listings. The model writes each post's text and call to action only; hashtags are
 * built from facts (hashtags.ts) and appended after it, so each platform's prompt states the room left
 * for the text once those hashtags are counted, in the unit the platform counts.
 */
import { z } from 'zod';
import type { Analysis, BrandFacts, BrandPostBrief, ListingBrief, Platform } from '../content.js';
import { composePost, platformLimits, postLength, type LimitProblem } from '../limits.js';
import { briefFacts, factRules } from './analyst.js';

const codePoints = (text: string) => [...text].length;

export const descriptionLimits = { short: 300, long: 2000 } as const;

export const descriptionsSchema = z.object({
  short: z
    .string()
    .refine((text) => text.trim() !== '', 'the short description is empty')
    .refine(
      (text) => codePoints(text) <= descriptionLimits.short,
      `the short description is over ${descriptionLimits.short} characters`,
    ),
  long: z
    .string()
    .refine((text) => text.trim() !== '', 'the long description is empty')
    .refine(
      (text) => codePoints(text) <= descriptionLimits.long,
      `the long description is over ${descriptionLimits.long} characters`,
    ),
});
export const descriptionsSchemaName = 'listing_descriptions';

const postTextSchema = z.object({
  text: z.string().refine((text) => text.trim() !== '', 'the post text is empty'),
  callToAction: z.string(),
});
export type PostText = z.infer<typeof postTextSchema>;

/** `{ posts: { instagram: {text, callToAction}, x: … } }`: one entry per platform asked, none missing. */
export function postsSchemaFor(platforms: readonly Platform[]) {
  const shape: Record<string, typeof postTextSchema> = {};
  for (const platform of platforms) shape[platform] = postTextSchema;
  return z.object({ posts: z.object(shape) });
}
export const postsSchemaName = 'listing_posts';
export const brandPostsSchemaName = 'brand_posts';

const voices: Record<Platform, string> = {
  instagram:
    'visual and warm; the first line is the hook (about 125 characters show before "more"); short paragraphs with line breaks; at most 3 emoji.',
  facebook: 'conversational and neighbourly; two or three short paragraphs; at most 2 emoji.',
  linkedin: 'professional and market-aware; plain sentences; no emoji.',
  x: 'punchy; one or two short sentences; at most 1 emoji.',
};

/** What one platform's post must fit: the hashtags appended to it and the room left for the text. */
export interface PostPlan {
  platform: Platform;
  hashtags: string[];
  /** Room for the text once the blank line and hashtags are counted, in the platform's unit. */
  textBudget: number;
}

export function planPost(platform: Platform, hashtags: string[]): PostPlan {
  const reserved = hashtags.length > 0 ? postLength(platform, composePost({ text: '', hashtags })) : 0;
  return { platform, hashtags, textBudget: Math.max(0, platformLimits[platform].maxLength - reserved) };
}

function unitOf(platform: Platform): string {
  return platformLimits[platform].counting === 'weighted'
    ? 'weighted characters (counted as X counts them: a URL counts 23, an emoji or CJK character counts 2)'
    : 'characters';
}

function platformInstructions(plans: readonly PostPlan[]): string {
  return plans
    .map((plan) => {
      const tags = plan.hashtags.length > 0 ? plan.hashtags.join(' ') : '(none)';
      return `- ${plan.platform}: voice ${voices[plan.platform]} The text must be at most ${plan.textBudget} ${unitOf(plan.platform)}, call to action included; we append these hashtags after a blank line and they are already counted: ${tags}.`;
    })
    .join('\n');
}

export const copywriterSystemPrompt = `You are a real-estate copywriter. You write marketing copy from the facts given, in the tone asked (professional, warm, luxury or playful).

${factRules}
- Write plain text: no Markdown, no hashtags (hashtags are added for you), no URLs, phone numbers or emails other than those in the brand facts.
- Every post's text ends with its call to action (e.g. "Call Dana Reyes to book a showing."); also return that call to action on its own in callToAction.
- Stay within each length limit given; shorter is better than cut off.

Answer with a JSON object that matches the schema.`;

function brandContact(brand: BrandFacts): Record<string, unknown> {
  const { agentName, brokerage, licenseNumber, email, phone, website } = brand;
  return Object.fromEntries(
    Object.entries({ agentName, brokerage, licenseNumber, email, phone, website }).filter(
      ([, value]) => value,
    ),
  );
}

export function descriptionsUserPrompt(brief: ListingBrief, analysis: Analysis): string {
  return `Listing facts (JSON):
${JSON.stringify(briefFacts(brief))}

Analyst's notes (JSON):
${JSON.stringify(analysis)}

Write the listing descriptions:
- short: at most ${descriptionLimits.short} characters, one or two sentences for a listing card.
- long: at most ${descriptionLimits.long} characters, two to four paragraphs separated by a blank line, strongest facts first. No call to action, no contact details.`;
}

export function postsUserPrompt(brief: ListingBrief, analysis: Analysis, plans: readonly PostPlan[]): string {
  return `Listing facts (JSON):
${JSON.stringify(briefFacts(brief))}

Brand (JSON; the only contact details you may use):
${JSON.stringify(brandContact(brief.brand))}

Analyst's notes (JSON):
${JSON.stringify(analysis)}

Write one post for each platform below, about this listing and its event:
${platformInstructions(plans)}`;
}

export function brandPostsUserPrompt(brief: BrandPostBrief, plans: readonly PostPlan[]): string {
  const facts = {
    topic: brief.topic,
    brief: brief.brief,
    tone: brief.tone,
    ...(brief.callToAction ? { callToAction: brief.callToAction } : {}),
  };
  return `Post brief (JSON):
${JSON.stringify(facts)}

Brand (JSON; the only contact details you may use):
${JSON.stringify(brandContact(brief.brand))}

Write one post for each platform below about this topic. There is no listing: do not mention a property, price or address.${brief.callToAction ? ' End each text with the given call to action, or a close paraphrase, and return it in callToAction.' : ''}
${platformInstructions(plans)}`;
}

/** The re-ask after a post broke a limit: names each problem and the room the text really has. */
export function limitFeedback(problems: readonly { plan: PostPlan; problem: LimitProblem }[]): string {
  const lines = problems.map(({ plan, problem }) => {
    const unit = platformLimits[plan.platform].counting === 'weighted' ? 'weighted characters' : 'characters';
    return problem.code === 'too_long'
      ? `- Your ${plan.platform} post is ${problem.actual} ${unit} with its hashtags; the limit for the text is ${plan.textBudget} ${unit}. Write a shorter text.`
      : `- Your ${plan.platform} post: ${problem.message}.`;
  });
  return `Some posts break their platform's limit:
${lines.join('\n')}
Rewrite only these platforms' posts, keeping the facts and the call to action.`;
}
