import type { Platform } from '../../ai/content.js';
import { reviewText } from '../../ai/compliance/review.js';
import { checkLimits, postLength } from '../../ai/limits.js';
import type { Db } from '../../db/client.js';
import { brandFacts } from './brief.js';
import { getContentSettings } from './settings.js';

/**
 * Reviews any text a person wrote: fair-housing phrases always; with a platform, also that platform's
 * limits (hashtags in the text count toward the cap) and the disclosure and licence the workspace
 * requires there.
 */
export async function checkText(options: {
  db: Db;
  workspaceId: string;
  text: string;
  platform?: Platform | undefined;
}) {
  const { db, workspaceId, text, platform } = options;
  if (!platform) return { issues: reviewText(text), limits: [], length: null };
  const [brand, settings] = await Promise.all([
    brandFacts(db, workspaceId),
    getContentSettings({ db, workspaceId }),
  ]);
  const issues = reviewText(text, {
    requiredDisclosure: settings.disclosureOn.includes(platform) ? brand.facts.disclosure : null,
    requiredLicense: settings.licenseOn.includes(platform) ? brand.facts.licenseNumber : null,
  });
  // The text is checked as published: its hashtags are already in it.
  const hashtags = text.match(/#[\p{L}\p{N}_]+/gu) ?? [];
  const limits = checkLimits({ platform, text, hashtags: [] }, { hashtagCap: settings.hashtagCap });
  const cap = checkLimits({ platform, text: 'x', hashtags }, { hashtagCap: settings.hashtagCap }).filter(
    (problem) => problem.code === 'too_many_hashtags',
  );
  return { issues, limits: [...limits, ...cap], length: postLength(platform, text) };
}
