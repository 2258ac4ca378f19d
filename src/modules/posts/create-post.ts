import type { Db } from '../../db/client.js';
import { postTargets, posts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { zonedToUtc } from '../../lib/zoned-time.js';
import type { FileStorage } from '../../storage/file-storage.js';
import { workspaceTimeZone } from '../content/brief.js';
import { getContentSettings } from '../content/settings.js';
import type { MediaUrls } from '../media/signed-urls.js';
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
    const [post] = await tx
      .insert(posts)
      .values({
        workspaceId,
        text: body.text,
        mediaIds: body.mediaIds,
        firstComment: body.firstComment ?? null,
        scheduledAt: at,
        timezone,
        createdBy: deps.userId,
      })
      .returning({ id: posts.id });
    await tx.insert(postTargets).values(
      body.targets.map((target) => ({
        workspaceId,
        postId: post!.id,
        accountId: target.accountId,
        text: target.text ?? null,
        status: 'draft' as const,
      })),
    );
    if (at) await scheduleTargets(tx, deps.jobs, post!.id, at);
    return post!.id;
  });
  return postView(db, workspaceId, id);
}
