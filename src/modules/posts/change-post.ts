import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { postTargets, posts, type TargetStatus } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { utcToZoned, zonedToUtc } from '../../lib/zoned-time.js';
import { getContentSettings } from '../content/settings.js';
import { assertMayScheduleDirectly, reopenApproval } from './approvals.js';
import { resolveScheduledAt, type PostDeps } from './create-post.js';
import { accountsOf, findPost, mediaOf, postView, type PostRow } from './repository.js';
import { assertValid, postMedia, scheduleTargets, unscheduleTargets, validateTargets } from './schedule.js';
import type { UpdatePostBody } from './schemas.js';

async function targetsOf(deps: PostDeps, postId: string) {
  return deps.db
    .select()
    .from(postTargets)
    .where(and(eq(postTargets.workspaceId, deps.workspaceId), eq(postTargets.postId, postId)));
}

async function assertSchedulable(
  deps: PostDeps,
  post: Pick<PostRow, 'text' | 'firstComment' | 'mediaIds' | 'id'>,
) {
  const targets = await targetsOf(deps, post.id);
  const accounts = await accountsOf(
    deps.db,
    deps.workspaceId,
    targets.map((target) => target.accountId),
  );
  const mediaRows = await mediaOf(deps.db, deps.workspaceId, post.mediaIds);
  const settings = await getContentSettings({ db: deps.db, workspaceId: deps.workspaceId });
  assertValid(
    validateTargets({
      text: post.text,
      firstComment: post.firstComment,
      media: mediaRows.map((row) => postMedia(row, deps)),
      targets: targets
        .filter((target) => target.status !== 'published' && target.status !== 'publishing')
        .map((target) => ({ accountId: target.accountId, text: target.text })),
      accounts,
      hashtagCap: settings.hashtagCap,
    }),
  );
}

/**
 * Locks the post's targets for the rest of the transaction and refuses if one is in `statuses`. A
 * publish claim updates the same rows, so it either went first (and is seen here) or waits and then
 * finds the generation this change bumps.
 */
async function lockTargetsUnless(tx: Executor, postId: string, statuses: TargetStatus[], message: string) {
  const targets = await tx
    .select({ status: postTargets.status })
    .from(postTargets)
    .where(eq(postTargets.postId, postId))
    .for('update');
  if (targets.some((target) => statuses.includes(target.status))) throw new AppError('conflict', message);
}

const notEditable = 'This post is publishing or published; duplicate it to post it again';

/**
 * Edits a post that has not gone out: text, media, first comment, time or zone. Changing only the zone
 * keeps the wall-clock time (9:00 stays 9:00 in the new zone). A scheduled post is validated again.
 */
export async function updatePost(deps: PostDeps & { id: string; body: UpdatePostBody }) {
  const { db, workspaceId, id, body } = deps;
  const post = await findPost(db, workspaceId, id);
  if (body.mediaIds) await mediaOf(db, workspaceId, body.mediaIds);
  const timezone = body.timezone ?? post.timezone;
  let at = post.scheduledAt;
  if (body.scheduledAt !== undefined) {
    at = body.scheduledAt === null ? null : resolveScheduledAt(body.scheduledAt, timezone);
  } else if (body.timezone && post.scheduledAt) {
    at = zonedToUtc(utcToZoned(post.scheduledAt, post.timezone), timezone);
  }
  const next = {
    text: body.text ?? post.text,
    mediaIds: body.mediaIds ?? post.mediaIds,
    firstComment: body.firstComment === undefined ? post.firstComment : body.firstComment,
  };
  if (at) {
    await assertMayScheduleDirectly(db, workspaceId, id);
    await assertSchedulable(deps, { id, ...next });
  }
  const contentChanged =
    next.text !== post.text ||
    next.firstComment !== post.firstComment ||
    JSON.stringify(next.mediaIds) !== JSON.stringify(post.mediaIds);
  await db.transaction(async (tx) => {
    await lockTargetsUnless(tx, id, ['publishing', 'published'], notEditable);
    await tx
      .update(posts)
      .set({ ...next, scheduledAt: at, timezone, updatedAt: new Date() })
      .where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, id)));
    // Approved words that change are not approved any more: the post waits, a draft, for a new decision.
    const reopened = contentChanged && (await reopenApproval(tx, id, { jobs: deps.jobs, workspaceId }));
    if (at && !reopened) await scheduleTargets(tx, deps.jobs, id, at);
    else await unscheduleTargets(tx, id, 'draft');
  });
  return postView(db, workspaceId, id);
}

/** Publishes the post's open targets now (validated first); published targets are not posted again. */
export async function publishNow(deps: PostDeps & { id: string }) {
  const { db, workspaceId, id } = deps;
  const post = await findPost(db, workspaceId, id);
  await assertMayScheduleDirectly(db, workspaceId, id);
  await assertSchedulable(deps, post);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.update(posts).set({ scheduledAt: now, updatedAt: now }).where(eq(posts.id, id));
    const count = await scheduleTargets(tx, deps.jobs, id, now);
    if (count === 0)
      throw new AppError('conflict', 'Every target of this post is already published or publishing');
  });
  return postView(db, workspaceId, id);
}

/** Cancels what has not gone out yet; a target already publishing cannot be stopped (409). */
export async function cancelPost(deps: PostDeps & { id: string }) {
  const { db, workspaceId, id } = deps;
  await findPost(db, workspaceId, id);
  await db.transaction(async (tx) => {
    await lockTargetsUnless(
      tx,
      id,
      ['publishing'],
      'A target is publishing right now and cannot be cancelled',
    );
    await unscheduleTargets(tx, id, 'cancelled');
  });
  return postView(db, workspaceId, id);
}

/** A copy of the post as a new draft for the same accounts. */
export async function duplicatePost(deps: PostDeps & { id: string }) {
  const { db, workspaceId, id } = deps;
  const post = await findPost(db, workspaceId, id);
  const targets = await targetsOf(deps, id);
  if (targets.length === 0) throw new AppError('conflict', 'This post has no accounts left to post to');
  const copyId = await db.transaction(async (tx) => {
    const [copy] = await tx
      .insert(posts)
      .values({
        workspaceId,
        text: post.text,
        mediaIds: post.mediaIds,
        firstComment: post.firstComment,
        timezone: post.timezone,
        createdBy: deps.userId,
      })
      .returning({ id: posts.id });
    await tx.insert(postTargets).values(
      targets.map((target) => ({
        workspaceId,
        postId: copy!.id,
        accountId: target.accountId,
        text: target.text,
        status: 'draft' as const,
      })),
    );
    return copy!.id;
  });
  return postView(db, workspaceId, copyId);
}
