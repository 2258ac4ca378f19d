/**
 * LinkedIn's rules for a post, checked before any call (platform-apis.md §4.4, §4.5): commentary ≤ 3,000
 * characters counted before little-text escaping [S], at most 20 images (`multiImage` takes 2–20 [3P]),
 * JPEG/PNG/GIF only. platform-apis.md gives no byte or pixel limits for the Images API; the one pixel cap
 * below is from LinkedIn's Images API page as remembered [U] and is generous enough not to bite real photos.
 */
import { platformLimits } from '../../ai/limits.js';
import type { PostContent, RuleProblem } from '../social-platform.js';

export const MAX_COMMENTARY = platformLimits.linkedin.maxLength;
export const MAX_IMAGES = 20;
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif'];
/** [U] LinkedIn's Images API page states images must be under 36,152,320 pixels. */
export const MAX_IMAGE_PIXELS = 36_152_320;

export function validateLinkedInPost(content: PostContent): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const length = [...content.text].length;
  if (content.text.trim() === '' && content.media.length === 0) {
    problems.push({ rule: 'empty', message: 'A LinkedIn post needs text or at least one image.' });
  }
  if (length > MAX_COMMENTARY) {
    problems.push({
      rule: 'commentary_length',
      message: `The text has ${length} characters; LinkedIn allows at most ${MAX_COMMENTARY}.`,
    });
  }
  if (content.media.length > MAX_IMAGES) {
    problems.push({
      rule: 'image_count',
      message: `The post has ${content.media.length} images; LinkedIn allows at most ${MAX_IMAGES}.`,
    });
  }
  content.media.forEach((media, index) => {
    const type = media.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
    if (!IMAGE_TYPES.includes(type)) {
      problems.push({
        rule: 'image_type',
        message: `Image ${index + 1} is ${media.contentType}; LinkedIn posts here take JPEG, PNG or GIF images.`,
      });
    }
    if (media.width !== null && media.height !== null && media.width * media.height > MAX_IMAGE_PIXELS) {
      problems.push({
        rule: 'image_size',
        message: `Image ${index + 1} is ${media.width} × ${media.height}; LinkedIn takes at most ${MAX_IMAGE_PIXELS.toLocaleString('en-US')} pixels.`,
      });
    }
  });
  return problems;
}
