import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { postTargets, posts, type TargetStatus } from '../../db/schema.js';
import { loadPosts } from './repository.js';

/** The workspace's posts, newest first; with `status`, those having a target in that status. */
export async function listPosts(options: {
  db: Db;
  workspaceId: string;
  status?: TargetStatus | undefined;
  limit: number;
}) {
  const { db, workspaceId, status, limit } = options;
  const withStatus = status
    ? inArray(
        posts.id,
        db
          .select({ id: postTargets.postId })
          .from(postTargets)
          .where(and(eq(postTargets.workspaceId, workspaceId), eq(postTargets.status, status))),
      )
    : undefined;
  const rows = await db
    .select()
    .from(posts)
    .where(and(eq(posts.workspaceId, workspaceId), withStatus))
    .orderBy(desc(posts.createdAt))
    .limit(limit);
  return loadPosts(db, workspaceId, rows);
}

/** Posts scheduled (or published as scheduled) in [from, to), in time order: the calendar. */
export async function calendar(options: { db: Db; workspaceId: string; from: Date; to: Date }) {
  const { db, workspaceId, from, to } = options;
  const rows = await db
    .select()
    .from(posts)
    .where(and(eq(posts.workspaceId, workspaceId), gte(posts.scheduledAt, from), lt(posts.scheduledAt, to)))
    .orderBy(asc(posts.scheduledAt))
    .limit(1000);
  return loadPosts(db, workspaceId, rows);
}
