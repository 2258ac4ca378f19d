import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { media, postTargets, posts, socialAccounts } from '../../db/schema.js';
import { AppError, notFound } from '../../lib/errors.js';
import { utcToZoned } from '../../lib/zoned-time.js';
import type { PostView } from './schemas.js';

export type PostRow = typeof posts.$inferSelect;

/** Posts with their targets and each target's account, in the public shape. */
export async function loadPosts(db: Executor, workspaceId: string, rows: PostRow[]): Promise<PostView[]> {
  if (rows.length === 0) return [];
  const targets = await db
    .select({
      target: postTargets,
      platform: socialAccounts.platform,
      network: socialAccounts.network,
      handle: socialAccounts.handle,
    })
    .from(postTargets)
    .innerJoin(socialAccounts, eq(socialAccounts.id, postTargets.accountId))
    .where(
      and(
        eq(postTargets.workspaceId, workspaceId),
        inArray(
          postTargets.postId,
          rows.map((row) => row.id),
        ),
      ),
    )
    .orderBy(postTargets.id);
  return rows.map((row) => ({
    id: row.id,
    text: row.text,
    mediaIds: row.mediaIds,
    firstComment: row.firstComment,
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    timezone: row.timezone,
    localTime: row.scheduledAt ? utcToZoned(row.scheduledAt, row.timezone) : null,
    targets: targets
      .filter(({ target }) => target.postId === row.id)
      .map(({ target, platform, network, handle }) => ({
        id: target.id,
        accountId: target.accountId,
        platform,
        network,
        handle,
        text: target.text,
        status: target.status,
        permalink: target.permalink,
        error: target.error,
        publishedAt: target.publishedAt?.toISOString() ?? null,
      })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export async function findPost(db: Executor, workspaceId: string, id: string): Promise<PostRow> {
  const [row] = await db
    .select()
    .from(posts)
    .where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, id)));
  if (!row) throw notFound('Post');
  return row;
}

export async function postView(db: Executor, workspaceId: string, id: string): Promise<PostView> {
  const [view] = await loadPosts(db, workspaceId, [await findPost(db, workspaceId, id)]);
  return view!;
}

/** The workspace's accounts with these ids; an id of another workspace is 404. */
export async function accountsOf(db: Executor, workspaceId: string, ids: string[]) {
  const rows = await db
    .select()
    .from(socialAccounts)
    .where(and(eq(socialAccounts.workspaceId, workspaceId), inArray(socialAccounts.id, ids)));
  if (rows.length !== new Set(ids).size) throw notFound('Account');
  return rows;
}

/** The workspace's media items with these ids, in the given order; another workspace's id is 404. */
export async function mediaOf(db: Executor, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(media)
    .where(and(eq(media.workspaceId, workspaceId), inArray(media.id, ids)));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound('Media');
    if (!row.contentType.startsWith('image/')) {
      throw new AppError('validation_failed', 'The request is not valid', {
        fields: [{ field: 'body.mediaIds', message: `${id} is not an image` }],
      });
    }
    return row;
  });
}
