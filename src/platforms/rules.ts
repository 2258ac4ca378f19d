/**
 * Each network's publishing rules, as the sandbox enforces them and as Listcast checks a post before it
 * may be scheduled (platform-apis.md): text length (X weighted), hashtag cap, media count, type, size
 * and aspect ratio. Real platform clients apply the same rules in their own `validate`.
 */
import { platformLimits, postLength } from '../ai/limits.js';
import type { Platform, PostContent, RuleProblem } from './social-platform.js';

const MB = 1024 * 1024;

interface MediaRules {
  min: number;
  max: number;
  types: string[];
  maxBytes: number;
  /** width / height bounds, when the network enforces them. */
  aspect: [number, number] | null;
}

const mediaRules: Record<Platform, MediaRules> = {
  instagram: { min: 1, max: 10, types: ['image/jpeg'], maxBytes: 8 * MB, aspect: [0.8, 1.91] },
  facebook: { min: 0, max: 10, types: ['image/jpeg', 'image/png'], maxBytes: 4 * MB, aspect: null },
  linkedin: {
    min: 0,
    max: 20,
    types: ['image/jpeg', 'image/png', 'image/gif'],
    maxBytes: 8 * MB,
    aspect: null,
  },
  x: {
    min: 0,
    max: 4,
    types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
    maxBytes: 5 * MB,
    aspect: null,
  },
};

const hashtagLimit: Record<Platform, number> = { instagram: 30, facebook: 30, linkedin: 30, x: 10 };

export function checkPlatformRules(
  platform: Platform,
  content: PostContent,
  options: { hashtagCap?: number } = {},
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const limit = platformLimits[platform];
  const length = postLength(platform, content.text);
  if (content.text.trim() === '' && content.media.length === 0) {
    problems.push({ rule: 'text.empty', message: 'The post has neither text nor media' });
  }
  if (length > limit.maxLength) {
    const unit = limit.counting === 'weighted' ? 'weighted characters' : 'characters';
    problems.push({
      rule: 'text.length',
      message: `${length} ${unit}; at most ${limit.maxLength} on ${platform}`,
    });
  }
  const hashtags = (content.text.match(/#[\p{L}\p{N}_]+/gu) ?? []).length;
  const cap =
    platform === 'instagram' ? (options.hashtagCap ?? hashtagLimit.instagram) : hashtagLimit[platform];
  if (hashtags > cap) {
    problems.push({ rule: 'text.hashtags', message: `${hashtags} hashtags; at most ${cap} on ${platform}` });
  }
  const rules = mediaRules[platform];
  if (content.media.length < rules.min) {
    problems.push({ rule: 'media.required', message: `${platform} needs at least ${rules.min} image` });
  }
  if (content.media.length > rules.max) {
    problems.push({
      rule: 'media.count',
      message: `${content.media.length} images; at most ${rules.max} on ${platform}`,
    });
  }
  for (const [index, media] of content.media.entries()) {
    const which = `Image ${index + 1}`;
    if (!rules.types.includes(media.contentType)) {
      problems.push({
        rule: 'media.type',
        message: `${which} is ${media.contentType}; ${platform} takes ${rules.types.join(', ')}`,
      });
    }
    if (media.bytes > rules.maxBytes) {
      problems.push({
        rule: 'media.size',
        message: `${which} is ${(media.bytes / MB).toFixed(1)} MB; at most ${rules.maxBytes / MB} MB on ${platform}`,
      });
    }
    if (rules.aspect && media.width && media.height) {
      const ratio = media.width / media.height;
      if (ratio < rules.aspect[0] - 0.005 || ratio > rules.aspect[1] + 0.005) {
        problems.push({
          rule: 'media.aspect',
          message: `${which} is ${media.width}×${media.height} (${ratio.toFixed(2)}:1); ${platform} takes 4:5 to 1.91:1`,
        });
      }
    }
  }
  return problems;
}
