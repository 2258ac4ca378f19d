/**
 * What Instagram refuses before we ask it (platform-apis.md §1.4 "Media specs"), so a person can fix the
 * post in Listcast instead of reading a publishing error later.
 */
import type { PostContent, RuleProblem } from '../social-platform.js';

const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
const MAX_CAPTION = 2200;
const MAX_HASHTAGS = 30;
const MAX_MENTIONS = 20;
const MAX_CAROUSEL = 10;

export function validateInstagram(content: PostContent): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const caption = [...content.text].length;
  if (caption > MAX_CAPTION) {
    problems.push({
      rule: 'caption_length',
      message: `The caption has ${caption} characters; Instagram allows ${MAX_CAPTION}.`,
    });
  }
  const hashtags = content.text.match(/#[\p{L}\p{N}_]+/gu)?.length ?? 0;
  if (hashtags > MAX_HASHTAGS) {
    problems.push({
      rule: 'hashtags',
      message: `The caption has ${hashtags} hashtags; Instagram allows ${MAX_HASHTAGS}.`,
    });
  }
  const mentions = content.text.match(/(?<![\p{L}\p{N}_])@[\p{L}\p{N}_.]+/gu)?.length ?? 0;
  if (mentions > MAX_MENTIONS) {
    problems.push({
      rule: 'mentions',
      message: `The caption mentions ${mentions} accounts; Instagram allows ${MAX_MENTIONS}.`,
    });
  }
  if (content.media.length === 0) {
    problems.push({ rule: 'media_required', message: 'Instagram posts need at least one image.' });
  }
  if (content.media.length > MAX_CAROUSEL) {
    problems.push({
      rule: 'carousel_size',
      message: `An Instagram carousel holds 2 to ${MAX_CAROUSEL} images; this post has ${content.media.length}.`,
    });
  }
  content.media.forEach((media, index) => {
    const which = content.media.length > 1 ? `Image ${index + 1}` : 'The image';
    if (media.contentType.toLowerCase() !== 'image/jpeg') {
      problems.push({
        rule: 'image_format',
        message: `${which} is ${media.contentType}; Instagram only accepts JPEG images.`,
      });
    }
    if (media.bytes > MAX_IMAGE_BYTES) {
      problems.push({
        rule: 'image_size',
        message: `${which} is larger than 8 MB, the most Instagram accepts.`,
      });
    }
    if (media.width !== null && media.height !== null && media.height > 0) {
      const ratio = media.width / media.height;
      // 4:5 to 1.91:1, with a little slack for rounding in "1080 × 1350"-style sizes.
      if (ratio < 0.8 - 0.001 || ratio > 1.91 + 0.001) {
        problems.push({
          rule: 'aspect_ratio',
          message: `${which} is ${media.width} × ${media.height}; Instagram needs proportions between 4:5 (portrait) and 1.91:1 (landscape).`,
        });
      }
    }
    // The 320–1440 px width range is third-hand (§1.4) and Instagram resizes wider images, so it is not a rule here.
  });
  return problems;
}
