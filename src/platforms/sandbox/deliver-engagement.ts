import { eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { sandboxInteractions, sandboxPosts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import {
  CHECKPOINT_MINUTES,
  type EngagementPlan,
  engagementPlan,
  nextCheckpoint,
  reachAt,
} from './engagement.js';

/** The job that delivers a sandbox post's engagement (engage.job.ts), one checkpoint at a time. */
export const ENGAGE_JOB = 'sandbox.engage';
/** The inbox's polling job (src/modules/inbox/inbox-jobs.ts), named here to keep platforms free of modules. */
const INBOX_POLL_JOB = 'inbox.poll-account';

/** The real instant of a script minute: `SANDBOX_TIME_SCALE` times faster than real time. */
export const scriptTime = (publishedAt: Date, minute: number, timeScale: number) =>
  new Date(publishedAt.getTime() + (minute * 60_000) / timeScale);

/**
 * When each interaction of the plan happened, as stored. At least a millisecond apart, in script order:
 * at a large time scale many would share a millisecond, and readers ordering by time would shuffle them.
 */
function scriptTimes(plan: EngagementPlan, publishedAt: Date, timeScale: number) {
  let previous = -Infinity;
  return new Map(
    plan.interactions.map((interaction) => {
      previous = Math.max(scriptTime(publishedAt, interaction.minute, timeScale).getTime(), previous + 1);
      return [interaction.id, new Date(previous)];
    }),
  );
}

/** Queues the first delivery of each post's engagement, in the transaction that writes the posts. */
export async function scheduleFirstDeliveries(options: {
  jobs: JobQueue;
  tx: Executor;
  posts: { sandboxPostId: string; publishedAt: Date }[];
  timeScale: number;
}) {
  const { jobs, tx, timeScale } = options;
  await jobs.enqueueMany(
    options.posts.map(({ sandboxPostId, publishedAt }) => ({
      name: ENGAGE_JOB,
      payload: { sandboxPostId },
      startAfter: scriptTime(publishedAt, CHECKPOINT_MINUTES[0]!, timeScale),
    })),
    { tx },
  );
}

/**
 * Writes every scripted like and comment that is due by `now` (with its scripted time, so the result is
 * the same whenever the job runs), raises the post's reach, and queues the next delivery — all in one
 * transaction, so a failed run is retried whole and the chain of deliveries never breaks. Rows have
 * ids derived from the script, so running again inserts nothing twice. A deleted post gets no more.
 */
export async function deliverEngagement(options: {
  db: Db;
  jobs: JobQueue;
  timeScale: number;
  sandboxPostId: string;
  now?: Date;
}): Promise<{ inserted: number; next: Date | null }> {
  const { db, jobs, timeScale, sandboxPostId } = options;
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    // Locked, so a delete waits for this delivery (and the next one then sees it).
    const [post] = await tx
      .select()
      .from(sandboxPosts)
      .where(eq(sandboxPosts.id, sandboxPostId))
      .for('update');
    if (!post || post.deletedAt) return { inserted: 0, next: null };
    const minute = ((now.getTime() - post.createdAt.getTime()) / 60_000) * timeScale;
    const plan = engagementPlan(post.id, post.text);
    const due = plan.interactions.filter((interaction) => interaction.minute <= minute);
    const times = scriptTimes(plan, post.createdAt, timeScale);
    const inserted =
      due.length === 0
        ? []
        : await tx
            .insert(sandboxInteractions)
            .values(
              due.map((interaction) => ({
                id: interaction.id,
                workspaceId: post.workspaceId,
                sandboxPostId: post.id,
                kind: interaction.kind,
                authorHandle: interaction.author.handle,
                authorName: interaction.author.name,
                text: interaction.text,
                createdAt: times.get(interaction.id)!,
              })),
            )
            .onConflictDoNothing()
            .returning({ id: sandboxInteractions.id });
    await tx
      .update(sandboxPosts)
      .set({ reach: sql`greatest(${sandboxPosts.reach}, ${reachAt(plan, minute)})` })
      .where(eq(sandboxPosts.id, post.id));
    const nextMinute = nextCheckpoint(minute);
    const next = nextMinute === null ? null : scriptTime(post.createdAt, nextMinute, timeScale);
    if (next) await jobs.enqueue(ENGAGE_JOB, { sandboxPostId }, { tx, startAfter: next });
    // The inbox reads new comments as it polls a real network, but at once rather than on its next round.
    if (due.some((interaction) => interaction.kind !== 'like') && inserted.length > 0) {
      await jobs.enqueue(INBOX_POLL_JOB, { accountId: post.accountId, postExternalId: post.id }, { tx });
    }
    return { inserted: inserted.length, next };
  });
}
