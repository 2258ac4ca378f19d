import type { Db, Executor } from '../../db/client.js';
import { postTargets, posts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { zonedToUtc } from '../../lib/zoned-time.js';
import type { FileStorage } from '../../storage/file-storage.js';
import { workspaceTimeZone } from '../content/brief.js';
import { getContentSettings } from '../content/settings.js';
import type { MediaUrls } from '../media/signed-urls.js';
import { assertMayScheduleDirectly } from './approvals.js';
import { accountsOf, mediaOf, postView } from './repository.js';
import { assertValid, postMedia, scheduleTargets, validateTargets } from './schedule.js';
import type { CreatePostBody } from './schemas.js';

export interface PostDeps {
  db: Db;
  jobs: JobQueue;
  storage: FileStorage;
  urls: MediaUrls;
  workspaceId: string;
  userId: string | null;
}

/** A moment a little in the past still counts as "now" (clocks and networks are not exact). */
const PAST_GRACE_MS = 60_000;

/** `scheduledAt` as an instant: with an offset as given, without one as wall-clock time in `timezone`. */
export function resolveScheduledAt(value: string, timezone: string, now = new Date()): Date {
  const at = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? new Date(value) : zonedToUtc(value, timezone);
  if (at.getTime() < now.getTime() - PAST_GRACE_MS) {
    throw new AppError('validation_failed', 'The request is not valid', {
      fields: [{ field: 'body.scheduledAt', message: 'is in the past; publish now instead' }],
    });
  }
  return at;
}

/**
 * Creates a post for one or more accounts: a draft, or — when `scheduledAt` is given and every target's
 * rules hold — scheduled, with each target's publish job enqueued in the same transaction.
 */
export async function createPost(deps: PostDeps & { body: CreatePostBody }) {
  const { db, workspaceId, body } = deps;
  const accounts = await accountsOf(
    db,
    workspaceId,
    body.targets.map((target) => target.accountId),
  );
  const mediaRows = await mediaOf(db, workspaceId, body.mediaIds);
  const timezone = body.timezone ?? (await workspaceTimeZone(db, workspaceId));
  const at = body.scheduledAt ? resolveScheduledAt(body.scheduledAt, timezone) : null;
  if (at) {
    await assertMayScheduleDirectly(db, workspaceId, null);
    const settings = await getContentSettings({ db, workspaceId });
    assertValid(
      validateTargets({
        text: body.text,
        firstComment: body.firstComment ?? null,
        media: mediaRows.map((row) => postMedia(row, deps)),
        targets: body.targets.map((target) => ({ accountId: target.accountId, text: target.text ?? null })),
        accounts,
        hashtagCap: settings.hashtagCap,
      }),
    );
  }
  const id = await db.transaction(async (tx) => {
    const postId = await insertDraftPost(tx, {
      workspaceId,
      userId: deps.userId,
      text: body.text,
      mediaIds: body.mediaIds,
      firstComment: body.firstComment ?? null,
      scheduledAt: at,
      timezone,
      targets: body.targets.map((target) => ({ accountId: target.accountId, text: target.text ?? null })),
    });
    if (at) await scheduleTargets(tx, deps.jobs, postId, at);
    return postId;
  });
  return postView(db, workspaceId, id);
}

/**
 * Inserts a post whose targets are drafts, in the caller's transaction (campaigns create theirs this
 * way). The caller validates it and schedules it with `scheduleTargets`.
 */
export async function insertDraftPost(
  tx: Executor,
  values: {
    workspaceId: string;
    userId: string | null;
    text: string;
    mediaIds: string[];
    firstComment: string | null;
    scheduledAt: Date | null;
    timezone: string;
    targets: { accountId: string; text: string | null }[];
  },
): Promise<string> {
  const [post] = await tx
    .insert(posts)
    .values({
      workspaceId: values.workspaceId,
      text: values.text,
      mediaIds: values.mediaIds,
      firstComment: values.firstComment,
      scheduledAt: values.scheduledAt,
      timezone: values.timezone,
      createdBy: values.userId,
    })
    .returning({ id: posts.id });
  await tx.insert(postTargets).values(
    values.targets.map((target) => ({
      workspaceId: values.workspaceId,
      postId: post!.id,
      accountId: target.accountId,
      text: target.text,
      status: 'draft' as const,
    })),
  );
  return post!.id;
}
