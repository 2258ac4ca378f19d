import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db, Executor } from '../../db/client.js';
import { media, postTargets, posts, socialAccounts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { KeyedLimiter } from '../../lib/keyed-limiter.js';
import {
  PlatformError,
  platformNames,
  type Credentials,
  type SocialPlatform,
} from '../../platforms/social-platform.js';
import type { FileStorage } from '../../storage/file-storage.js';
import type { MediaUrls } from '../media/signed-urls.js';
import { markNeedsReconnect } from '../accounts/notices.js';
import { announceTarget, tellAboutTarget } from './notices.js';
import type { PublishBatches } from './publish-batches.js';
import { postMedia } from './schedule.js';

type AccountRow = typeof socialAccounts.$inferSelect;
type TargetRow = typeof postTargets.$inferSelect;
type PostRow = typeof posts.$inferSelect;

export interface PublishDeps {
  db: Db;
  jobs: JobQueue;
  storage: FileStorage;
  urls: MediaUrls;
  logger: Logger;
  /** Per-account publishing slots in this process (see ACCOUNT_CONCURRENCY). */
  slots: KeyedLimiter;
  /** The hot statements, each run once for the targets of a whole fetched batch of jobs. */
  batches: PublishBatches;
  /** The first back-off after a transient failure (`PUBLISH_RETRY_BASE_MS`); it doubles each attempt. */
  retryBaseMs: number;
  /** The platform client for an account (the sandbox for sandbox accounts). */
  platformFor(account: AccountRow): SocialPlatform;
  /** The account's decrypted credentials (null for sandbox accounts). */
  credentialsOf(account: AccountRow): Credentials | null;
  /** New tokens after the platform said the access token expired (serialised per account). */
  refresh(account: AccountRow, stale: Credentials): Promise<Credentials>;
}

/** Transient failures of one target are retried this many times, with exponential back-off and jitter. */
export const MAX_ATTEMPTS = 6;
const backoffMs = (baseMs: number, attempt: number) =>
  Math.min(baseMs * 2 ** (attempt - 1), 30 * 60_000) * (0.75 + Math.random() / 2);

/**
 * A platform's failure message without its promise to try again ("…; the post will be retried."),
 * for when Listcast has stopped trying.
 */
const withoutRetryPromise = (message: string) =>
  message
    .replace(
      /[;,]\s*(the post will be retried( later)?|(we|we'll|we will|it|it will|listcast)( will)?( check what happened and)? try again[^.]*|please try again)\.?$/i,
      '.',
    )
    .replace(/([^.])$/, '$1.');

/**
 * How many targets of one account publish at once, across every worker process: a burst for one
 * account must not hammer its platform (nor trip its rate limits) while other accounts wait.
 */
export const ACCOUNT_CONCURRENCY = { live: 2, sandbox: 8 } as const;
/**
 * Slots per account in this process, taken before the account is read: the highest limit. The claim
 * then holds each account to its own (a real network's 2).
 */
const LOCAL_SLOTS = Math.max(...Object.values(ACCOUNT_CONCURRENCY));
/** How long a job waits in this process for a free slot of its account before it is queued again. */
const SLOT_WAIT_MS = 20_000;
const soon = () => new Date(Date.now() + 1_000 + Math.random() * 2_000);

const noCredentials: Credentials = { accessToken: '', refreshToken: null, expiresAt: null, scopes: [] };

/**
 * Publishes one target (the `posts.publish` job). The target's state machine is persisted: it is
 * claimed (`publishing`, with a lease) before any platform call, the platform's intermediate ids are
 * saved as they are made, and a run that finds saved ids first asks the platform what happened — so a
 * crash or a timeout never leads to a second post. Failures end in a clear state, and the people who
 * must act are told: retried later (transient, rate limits, quotas — rescheduled with a note),
 * `needs_attention` (reconnect the account) or `failed` (the platform refused, with its reason). A job
 * for an older generation (rescheduled or cancelled since) does nothing.
 */
export async function runPublish(deps: PublishDeps, input: { targetId: string; generation: number }) {
  const found = await deps.batches.load.add(input);
  if (!found || !['scheduled', 'publishing'].includes(found.target.status)) return;

  const release = await deps.slots.acquire(found.target.accountId, LOCAL_SLOTS, SLOT_WAIT_MS);
  if (!release) {
    await requeue(deps, input, soon());
    return;
  }
  try {
    const claimed = await claim(deps, input);
    if (claimed) await publishClaimed(deps, { input, ...claimed, post: found.post });
  } finally {
    release();
  }
}

/** Queues this target's job again for `at` (same generation), optionally with a note for its owner. */
async function requeue(
  deps: PublishDeps,
  input: { targetId: string; generation: number },
  at: Date,
  tx: Executor = deps.db,
) {
  await deps.jobs.enqueue('posts.publish', input, { tx, startAfter: at });
}

/**
 * Takes the target for this run: one statement claims it (`publishing`, with a lease) if it is open and
 * no other run holds its lease. Only then is the account read — its credentials fresh even if this job
 * waited for a slot — with how many of its targets are publishing, this one included. The run steps
 * back (the target scheduled again, its job queued for later) when the account is paused by its
 * platform or over its limit: another process claimed at the same moment. (Each side counts after its
 * own claim committed, so of two racing claims at least one sees the other.) An account to reconnect
 * leaves the target waiting in `needs_attention`.
 */
async function claim(
  deps: PublishDeps,
  input: { targetId: string; generation: number },
): Promise<{ target: TargetRow; account: AccountRow } | null> {
  const { db } = deps;
  const open = and(eq(postTargets.id, input.targetId), eq(postTargets.generation, input.generation));
  const now = new Date();
  const target = await deps.batches.claim.add(input);
  if (!target) {
    // Another run holds the lease (a duplicate or a retried job): look again when it runs out.
    const [held] = await db
      .select({ status: postTargets.status, leaseUntil: postTargets.leaseUntil })
      .from(postTargets)
      .where(open);
    if (held?.status === 'publishing' && held.leaseUntil)
      await requeue(deps, input, new Date(held.leaseUntil.getTime() + 1_000));
    return null;
  }

  const row = await deps.batches.account.add(target.accountId);
  const account = row!.account;
  const release = (
    set: Partial<typeof postTargets.$inferInsert>,
    again: Date | null,
    andThen?: (tx: Executor) => Promise<void>,
  ) =>
    db.transaction(async (tx) => {
      const released = await tx
        .update(postTargets)
        .set({ ...set, leaseUntil: null, attempts: sql`${postTargets.attempts} - 1`, updatedAt: new Date() })
        .where(and(open, eq(postTargets.status, 'publishing')))
        .returning({ id: postTargets.id });
      if (again) await requeue(deps, input, again, tx);
      if (released.length > 0) await andThen?.(tx);
    });
  if (account.status === 'needs_reconnect') {
    const error = { code: 'reconnect', message: reconnectMessage(account) };
    await release({ status: 'needs_attention', error }, null, (tx) =>
      announceTarget(
        tx,
        deps.jobs,
        { workspaceId: account.workspaceId, postId: target.postId, targetId: target.id, account },
        { kind: 'post.needs_attention', error },
      ),
    );
    return null;
  }
  if (account.blockedUntil && account.blockedUntil > now) {
    await release({ status: 'scheduled' }, account.blockedUntil);
    return null;
  }
  if (row!.publishing > ACCOUNT_CONCURRENCY[account.network]) {
    await release({ status: 'scheduled' }, soon());
    return null;
  }
  return { target, account };
}

const reconnectMessage = (account: AccountRow) =>
  `The ${platformNames[account.platform]} account @${account.handle} needs to be reconnected; ` +
  'reconnect it, then publish again.';

async function publishClaimed(
  deps: PublishDeps,
  options: {
    input: { targetId: string; generation: number };
    target: TargetRow;
    post: PostRow;
    account: AccountRow;
  },
) {
  const { db } = deps;
  const { input, target, post, account } = options;
  const mediaRows = post.mediaIds.length
    ? await db
        .select()
        .from(media)
        .where(and(eq(media.workspaceId, post.workspaceId), inArray(media.id, post.mediaIds)))
    : [];
  const ordered = post.mediaIds.flatMap((id) => mediaRows.filter((row) => row.id === id));
  const platform = deps.platformFor(account);
  let progress = target.progress;
  const context = {
    account: {
      externalId: account.externalId,
      meta: { ...account.meta, accountId: account.id, workspaceId: account.workspaceId },
    },
    credentials: deps.credentialsOf(account) ?? noCredentials,
    content: {
      text: target.text ?? post.text,
      media: ordered.map((row) => postMedia(row, deps)),
      firstComment: post.firstComment,
    },
    progress,
    save: async (next: Record<string, string>) => {
      progress = next;
      await deps.batches.saveProgress.add({ targetId: target.id, progress: next });
    },
  };

  // Marked published with the post's `post.published` event (one transaction for the whole batch).
  const published = (result: { externalId: string; permalink: string }) =>
    deps.batches.published.add({
      ...input,
      ...result,
      publishedAt: new Date(),
      workspaceId: post.workspaceId,
      postId: post.id,
      account,
    });

  try {
    // An earlier attempt got as far as saving platform ids: ask before doing anything again.
    if (Object.keys(progress).length > 0) {
      const status = await platform.status(context);
      if (status.state === 'published') {
        await published(status.post);
        return;
      }
    }
    try {
      await published(await platform.publish(context));
    } catch (error) {
      // An expired access token: refresh once (another process may already have), then try again.
      if (!(error instanceof PlatformError) || error.action !== 'refresh_token') throw error;
      context.credentials = await deps.refresh(account, context.credentials);
      context.progress = progress;
      await published(await platform.publish(context));
    }
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    await handleFailure(deps, { input, target, post, account, error, progress });
  }
}

/** Ends this run: the target's new state, the lease given up (only if it is still this generation's). */
const finish = (
  tx: Executor,
  input: { targetId: string; generation: number },
  set: Partial<typeof postTargets.$inferInsert>,
) =>
  tx
    .update(postTargets)
    .set({ ...set, leaseUntil: null, updatedAt: new Date() })
    .where(and(eq(postTargets.id, input.targetId), eq(postTargets.generation, input.generation)))
    .returning({ id: postTargets.id });

async function handleFailure(
  deps: PublishDeps,
  options: {
    input: { targetId: string; generation: number };
    target: TargetRow;
    post: PostRow;
    account: AccountRow;
    error: PlatformError;
    /** The platform ids saved so far: an earlier attempt may have published the post. */
    progress: Record<string, string>;
  },
) {
  const { input, target, post, account, error } = options;
  const attempts = target.attempts;
  const about = { post, account, targetId: target.id };
  deps.logger.warn({ targetId: target.id, action: error.action, attempts }, 'publish failed');

  /** Back to `scheduled` with a note, its job queued for `at`, in one transaction. */
  const retryAt = (at: Date, note: string, tell: boolean) =>
    deps.db.transaction(async (tx) => {
      const [still] = await finish(tx, input, {
        status: 'scheduled',
        error: { code: error.action, message: note },
      });
      if (!still) return;
      await requeue(deps, input, at, tx);
      if (tell) await tellAboutTarget(tx, deps.jobs, about, { kind: 'post.delayed', message: note });
    });
  /** A final state, and the post's author told (by email too: a post that will not go out must not go unnoticed). */
  const end = (status: 'failed' | 'needs_attention', code: string, message: string) =>
    deps.db.transaction(async (tx) => {
      const [still] = await finish(tx, input, { status, error: { code, message } });
      if (!still) return;
      await tellAboutTarget(tx, deps.jobs, about, { kind: `post.${status}`, message, email: true });
      await announceTarget(
        tx,
        deps.jobs,
        { workspaceId: post.workspaceId, postId: post.id, targetId: target.id, account },
        { kind: `post.${status}`, error: { code, message } },
      );
    });

  switch (error.action) {
    case 'retry_later':
      if (attempts >= MAX_ATTEMPTS) {
        const mayBeOut =
          Object.keys(options.progress).length > 0
            ? ` An earlier attempt may already have published it: check ${platformNames[account.platform]} before publishing again.`
            : '';
        await end(
          'failed',
          'unavailable',
          `${withoutRetryPromise(error.userMessage)} Listcast gave up after ${attempts} attempts.${mayBeOut}`,
        );
        return;
      }
      await retryAt(
        error.details.retryAt ?? new Date(Date.now() + backoffMs(deps.retryBaseMs, attempts)),
        error.userMessage,
        false,
      );
      return;
    case 'rate_limited':
    case 'quota_exhausted': {
      // The whole account waits: its other targets would only be refused too.
      const at = error.details.retryAt ?? new Date(Date.now() + backoffMs(deps.retryBaseMs, attempts));
      await deps.db
        .update(socialAccounts)
        .set({
          blockedUntil: sql`greatest(${socialAccounts.blockedUntil}, ${at.toISOString()}::timestamptz)`,
        })
        .where(eq(socialAccounts.id, account.id));
      await retryAt(
        at,
        `${withoutRetryPromise(error.userMessage)} Rescheduled for ${at.toISOString()}.`,
        error.action === 'quota_exhausted',
      );
      return;
    }
    case 'refresh_token':
    case 'reconnect':
      await deps.db.transaction((tx) => markNeedsReconnect(tx, deps.jobs, account, error.userMessage));
      await end('needs_attention', 'reconnect', `${error.userMessage} ${reconnectMessage(account)}`);
      return;
    case 'reject':
      await end('failed', 'rejected', error.userMessage);
      return;
  }
}

/**
 * The job's last retry failed inside Listcast (the database gone for minutes, a bug): the target
 * ends `failed`, and its author is told, rather than it staying "publishing" forever.
 */
export async function giveUp(deps: PublishDeps, input: { targetId: string; generation: number }) {
  await deps.db.transaction(async (tx) => {
    const [found] = await tx
      .select({ post: posts, account: socialAccounts })
      .from(postTargets)
      .innerJoin(posts, eq(posts.id, postTargets.postId))
      .innerJoin(socialAccounts, eq(socialAccounts.id, postTargets.accountId))
      .where(
        and(
          eq(postTargets.id, input.targetId),
          eq(postTargets.generation, input.generation),
          inArray(postTargets.status, ['scheduled', 'publishing']),
        ),
      );
    if (!found) return;
    const message = 'Publishing kept failing inside Listcast; publish again to retry.';
    await finish(tx, input, { status: 'failed', error: { code: 'internal_error', message } });
    await tellAboutTarget(
      tx,
      deps.jobs,
      { ...found, targetId: input.targetId },
      { kind: 'post.failed', message, email: true },
    );
    await announceTarget(
      tx,
      deps.jobs,
      {
        workspaceId: found.post.workspaceId,
        postId: found.post.id,
        targetId: input.targetId,
        account: found.account,
      },
      { kind: 'post.failed', error: { code: 'internal_error', message } },
    );
  });
}
