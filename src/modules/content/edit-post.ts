import { and, eq } from 'drizzle-orm';
import type { Platform } from '../../ai/content.js';
import { dedupeHashtags } from '../../ai/hashtags.js';
import { checkLimits } from '../../ai/limits.js';
import type { Db } from '../../db/client.js';
import { contentSets } from '../../db/schema.js';
import { AppError, notFound } from '../../lib/errors.js';
import { finishPost, reviewSurface, type Facts } from './pipeline.js';
import { findContentSet, toContentSet, type ContentSetRow } from './repository.js';
import type { ContentSetView } from './schemas.js';
import type { StoredPost } from './types.js';

/** The facts a set was written from, for checking numbers in edited text. */
export function factsOf(row: ContentSetRow): Facts {
  const { request } = row;
  return request.kind === 'listing'
    ? { listing: request.brief.listing, brand: request.brief.brand, details: request.brief.details }
    : { brand: request.brief.brand, extraText: `${request.brief.topic}\n${request.brief.brief}` };
}

export function readyPost(row: ContentSetRow, platform: Platform): StoredPost {
  if (row.status !== 'ready') throw new AppError('not_ready', `This content set is ${row.status}, not ready`);
  const post = row.posts.find((candidate) => candidate.platform === platform);
  if (!post) throw notFound(`A ${platform} post in this content set`);
  return post;
}

/** Replaces one post and its compliance issues in a set (the rest of the set is unchanged). */
export async function replacePost(db: Db, row: ContentSetRow, post: StoredPost): Promise<ContentSetView> {
  const issues = [
    ...(row.compliance?.issues ?? []).filter((issue) => issue.where !== post.platform),
    ...reviewSurface({
      where: post.platform,
      surface: post.platform,
      text: post.published,
      facts: factsOf(row),
      requirements: row.request.requirements,
    }),
  ];
  const [updated] = await db
    .update(contentSets)
    .set({
      posts: row.posts.map((candidate) => (candidate.platform === post.platform ? post : candidate)),
      compliance: { issues },
      updatedAt: new Date(),
    })
    .where(and(eq(contentSets.workspaceId, row.workspaceId), eq(contentSets.id, row.id)))
    .returning();
  return toContentSet(updated!);
}

/**
 * A person's edit of one post. Limits are checked on what would be published — an edit that breaks one
 * is refused (422 with each problem), never stored — and the post is reviewed again for compliance.
 */
export async function editPost(options: {
  db: Db;
  workspaceId: string;
  id: string;
  platform: Platform;
  patch: { text?: string | undefined; hashtags?: string[] | undefined; callToAction?: string | undefined };
}): Promise<ContentSetView> {
  const { db, workspaceId, id, platform, patch } = options;
  const row = await findContentSet(db, workspaceId, id);
  const current = readyPost(row, platform);
  const hashtagCap = row.request.brief.hashtagCap;
  const draft = {
    platform,
    text: patch.text ?? current.text,
    hashtags: patch.hashtags
      ? dedupeHashtags(patch.hashtags.map((tag) => `#${tag.replace(/^#/, '')}`))
      : current.hashtags,
    callToAction: patch.callToAction ?? current.callToAction,
  };
  const problems = checkLimits(draft, { hashtagCap });
  if (problems.length > 0) {
    throw new AppError('content_limit_exceeded', problems.map((problem) => problem.message).join('; '), {
      problems,
    });
  }
  const mediaCount = row.request.kind === 'listing' ? row.request.brief.listing.photoCount : 0;
  return replacePost(db, row, finishPost(draft, { hashtagCap, mediaCount, edited: true }));
}
