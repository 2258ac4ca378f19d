import type { Platform } from '../../ai/content.js';
import type { ContentModels } from '../../ai/models.js';
import type { Db } from '../../db/client.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { createBrandPosts } from './create-brand-posts.js';
import { readyPost, replacePost } from './edit-post.js';
import { generateListingContent } from './generate-listing-content.js';
import { finishPost } from './pipeline.js';
import { findContentSet, recordCalls } from './repository.js';
import { brandPostBody, generateBody } from './schemas.js';
import { getContentSettings } from './settings.js';
import { chooseModel } from './cost-cap.js';
import { callCostMicros } from '../../ai/pricing.js';

/**
 * New words for a whole set — a new version from the listing's current facts, as the set was asked —
 * or for one post, rewritten in place with a new seed (and its cost recorded on the set).
 */
export async function regenerate(options: {
  db: Db;
  jobs: JobQueue;
  models: ContentModels;
  workspaceId: string;
  userId: string | null;
  id: string;
  platform: Platform | undefined;
}) {
  const { db, jobs, models, workspaceId, userId, id, platform } = options;
  const row = await findContentSet(db, workspaceId, id);
  const { request } = row;
  if (!platform) {
    if (request.kind === 'brand') {
      const body = brandPostBody.parse({ ...request.body, regenerate: true });
      return createBrandPosts({ db, jobs, models, workspaceId, userId, body });
    }
    if (!row.listingId) throw new AppError('not_found', 'The listing of this content set was deleted');
    const body = generateBody.parse({ ...request.body, regenerate: true });
    return generateListingContent({ db, jobs, models, workspaceId, userId, listingId: row.listingId, body });
  }

  readyPost(row, platform);
  const settings = await getContentSettings({ db, workspaceId });
  const chosen = chooseModel({
    models,
    settings,
    factsChars: JSON.stringify(request.brief).length,
    platforms: 1,
    withAnalysis: false,
  });
  const seed = Math.floor(Math.random() * 2 ** 31);
  const drafts =
    request.kind === 'listing'
      ? await chosen.model.writePosts({ ...request.brief, seed }, row.analysis!, [platform])
      : await chosen.model.writeBrandPosts({ ...request.brief, seed }, [platform]);
  const draft = drafts.value[0]!;
  const mediaCount = request.kind === 'listing' ? request.brief.listing.photoCount : 0;
  const post = finishPost(draft, { hashtagCap: request.brief.hashtagCap, mediaCount, edited: false });
  const calls = drafts.calls.map((call) => ({ ...call, costMicros: callCostMicros(models.prices, call) }));
  await recordCalls(db, { workspaceId, contentSetId: row.id, calls });
  return { contentSet: await replacePost(db, row, post), outcome: 'created' as const };
}
