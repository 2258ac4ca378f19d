/**
 * Platform limits for generated and edited posts (sources: docs in ../shared/docs/platform-apis.md):
 * Instagram caption ≤ 2,200 characters with a workspace hashtag cap (default 5); LinkedIn commentary
 * ≤ 3,000 characters; X ≤ 280 *weighted* characters counted as X counts them (twitter-text: URLs 23,
 * emoji and CJK 2); Facebook allows far more, but we hold posts to 2,000 characters, beyond which the
 * feed hides most of the text. Hashtags on the other networks are held to a few, as their users expect.
 */
import twitterText from 'twitter-text';
import type { Platform, PostDraft } from './content.js';

export interface PlatformLimit {
  /** Maximum length of the composed post (text + hashtags). */
  maxLength: number;
  /** `weighted` counts as X does; `chars` counts Unicode code points. */
  counting: 'chars' | 'weighted';
  /** Hashtag cap; `null` means the workspace's Instagram cap applies. */
  maxHashtags: number | null;
}

export const platformLimits: Record<Platform, PlatformLimit> = {
  instagram: { maxLength: 2200, counting: 'chars', maxHashtags: null },
  facebook: { maxLength: 2000, counting: 'chars', maxHashtags: 3 },
  linkedin: { maxLength: 3000, counting: 'chars', maxHashtags: 3 },
  x: { maxLength: 280, counting: 'weighted', maxHashtags: 2 },
};

export const DEFAULT_HASHTAG_CAP = 5;

export const hashtagCapFor = (platform: Platform, instagramCap: number) =>
  platformLimits[platform].maxHashtags ?? instagramCap;

/** The text as it is published: body, a blank line, then the hashtags. */
export function composePost(post: Pick<PostDraft, 'text' | 'hashtags'>): string {
  return post.hashtags.length > 0 ? `${post.text}\n\n${post.hashtags.join(' ')}` : post.text;
}

/** Length as the platform counts it. */
export function postLength(platform: Platform, composed: string): number {
  return platformLimits[platform].counting === 'weighted'
    ? twitterText.parseTweet(composed).weightedLength
    : [...composed].length;
}

export interface LimitProblem {
  code: 'empty' | 'too_long' | 'too_many_hashtags';
  message: string;
  limit: number;
  actual: number;
}

export function checkLimits(
  post: Pick<PostDraft, 'platform' | 'text' | 'hashtags'>,
  options: { hashtagCap: number },
): LimitProblem[] {
  const problems: LimitProblem[] = [];
  const limit = platformLimits[post.platform];
  if (post.text.trim() === '') {
    problems.push({ code: 'empty', message: 'The post has no text', limit: 1, actual: 0 });
  }
  const cap = hashtagCapFor(post.platform, options.hashtagCap);
  if (post.hashtags.length > cap) {
    problems.push({
      code: 'too_many_hashtags',
      message: `${post.hashtags.length} hashtags; at most ${cap} on ${post.platform}`,
      limit: cap,
      actual: post.hashtags.length,
    });
  }
  const length = postLength(post.platform, composePost(post));
  if (length > limit.maxLength) {
    const unit = limit.counting === 'weighted' ? 'weighted characters' : 'characters';
    problems.push({
      code: 'too_long',
      message: `${length} ${unit} with hashtags; at most ${limit.maxLength} on ${post.platform}`,
      limit: limit.maxLength,
      actual: length,
    });
  }
  return problems;
}

/**
 * Makes a draft fit: hashtags over the cap are dropped (last first), then hashtags while the post is
 * too long, then the text is shortened at a sentence end, or else a word end with "…". Never cuts
 * inside a word. The last resort for model output that stayed too long after a retry.
 */
export function fitToLimits<T extends Pick<PostDraft, 'platform' | 'text' | 'hashtags'>>(
  post: T,
  options: { hashtagCap: number },
): T {
  const limit = platformLimits[post.platform];
  const fits = (text: string, hashtags: string[]) =>
    postLength(post.platform, composePost({ text, hashtags })) <= limit.maxLength;
  let hashtags = post.hashtags.slice(0, hashtagCapFor(post.platform, options.hashtagCap));
  while (hashtags.length > 0 && !fits(post.text, hashtags)) hashtags = hashtags.slice(0, -1);
  let text = post.text.trim();
  if (!fits(text, hashtags)) text = shorten(text, (candidate) => fits(candidate, hashtags));
  return { ...post, text, hashtags };
}

/** The longest prefix ending at a sentence end (or else a word end, with "…") that `fits` accepts. */
function shorten(text: string, fits: (candidate: string) => boolean): string {
  const sentenceEnds = [...text.matchAll(/[.!?](?=\s|$)/g)].map((match) => match.index + 1).reverse();
  for (const end of sentenceEnds) {
    const candidate = text.slice(0, end).trim();
    if (candidate.length > 0 && fits(candidate)) return candidate;
  }
  const wordEnds = [...text.matchAll(/\S(?=\s)/g)].map((match) => match.index + 1).reverse();
  for (const end of wordEnds) {
    const candidate = `${text.slice(0, end).replace(/[\s,;:–—-]+$/u, '')}…`;
    if (fits(candidate)) return candidate;
  }
  return '';
}

/** LinkedIn's "little text" format reserves these characters in `commentary`; each is escaped with `\`. */
export function escapeLittleText(text: string): string {
  return text.replace(/[\\|{}@[\]()<>#*_~]/g, (char) => `\\${char}`);
}
