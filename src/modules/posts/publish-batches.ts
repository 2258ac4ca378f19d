import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { postTargets, posts, socialAccounts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { createBatcher } from '../../lib/batcher.js';
import { emitEvents } from '../events/emit-event.js';

type AccountRow = typeof socialAccounts.$inferSelect;
type TargetRow = typeof postTargets.$inferSelect;
type PostRow = typeof posts.$inferSelect;

/** One run of the `posts.publish` job: a target, in the generation the job was queued for. */
export interface TargetKey {
  targetId: string;
  generation: number;
}

/** What a publish that went out records: the platform's id and link, and when it went out. */
export interface Published extends TargetKey {
  externalId: string;
  permalink: string;
  publishedAt: Date;
  /** For the `post.published` event. */
  workspaceId: string;
  postId: string;
  account: Pick<AccountRow, 'id' | 'platform' | 'handle'>;
}

/**
 * How long a claimed target belongs to the run that claimed it: longer than any run may take (the
 * `posts.publish` job expires after 120 s). Another run of the same target waits until then.
 */
export const LEASE_MS = 125_000;

/** A JSON array of rows, read in SQL with `jsonb_to_recordset` (the same on PostgreSQL and PGlite). */
const rowsOf = (rows: object[]) => JSON.stringify(rows);
/** The targets of these runs, in their runs' generations. */
const inGenerations = (keys: TargetKey[]) => {
  const rows = rowsOf(keys.map((key) => ({ id: key.targetId, generation: key.generation })));
  return sql`(${postTargets.id}, ${postTargets.generation}) in
    (select v.id, v.generation from jsonb_to_recordset(${rows}::jsonb) as v(id uuid, generation int))`;
};
const isKey = (key: TargetKey) => (row: { id: string; generation: number }) =>
  row.id === key.targetId && row.generation === key.generation;

/**
 * The publishing engine's hot statements, each run once for all the targets of a fetched batch of
 * jobs rather than once per target: a burst of 1,000 due posts costs a few dozen statements, not
 * thousands. Each caller still gets its own answer, and each statement is as atomic as the one per
 * target it replaces (a failure fails, and retries, the jobs of that group).
 */
export function createPublishBatches(db: Db, jobs: JobQueue) {
  const max = 500;
  return {
    /** The target and its post, if the target is still in this generation. */
    load: createBatcher<TargetKey, { target: TargetRow; post: PostRow } | undefined>(
      async (keys) => {
        const rows = await db
          .select({ target: postTargets, post: posts })
          .from(postTargets)
          .innerJoin(posts, eq(posts.id, postTargets.postId))
          .where(inGenerations(keys));
        return keys.map((key) => rows.find((row) => isKey(key)(row.target)));
      },
      { max },
    ),

    /**
     * Claims open targets for their runs (`publishing`, with a lease) if no other run holds them; a
     * target another run holds answers undefined.
     */
    claim: createBatcher<TargetKey, TargetRow | undefined>(
      async (keys) => {
        const now = new Date();
        const claimed = await db
          .update(postTargets)
          .set({
            status: 'publishing',
            attempts: sql`${postTargets.attempts} + 1`,
            leaseUntil: new Date(now.getTime() + LEASE_MS),
            updatedAt: now,
          })
          .where(
            and(
              inGenerations(keys),
              or(
                eq(postTargets.status, 'scheduled'),
                and(
                  eq(postTargets.status, 'publishing'),
                  or(isNull(postTargets.leaseUntil), lt(postTargets.leaseUntil, now)),
                ),
              ),
            ),
          )
          .returning();
        return keys.map((key) => claimed.find(isKey(key)));
      },
      { max },
    ),

    /**
     * The account, read after its targets were claimed, with how many of its targets are publishing
     * now (claims of every process, this run's included).
     */
    account: createBatcher<string, { account: AccountRow; publishing: number } | undefined>(
      async (ids) => {
        const rows = await db
          .select({
            account: socialAccounts,
            publishing: sql<number>`(select count(*) from post_targets pt
            where pt.account_id = social_accounts.id and pt.status = 'publishing'
              and pt.lease_until > now())`.mapWith(Number),
          })
          .from(socialAccounts)
          .where(inArray(socialAccounts.id, [...new Set(ids)]));
        return ids.map((id) => rows.find((row) => row.account.id === id));
      },
      { max },
    ),

    /** Saves a target's platform ids so far (before its next platform call). */
    saveProgress: createBatcher<{ targetId: string; progress: Record<string, string> }>(
      async (items) => {
        await db.execute(sql`
        update post_targets t set progress = v.progress, updated_at = now()
        from jsonb_to_recordset(${rowsOf(items.map((item) => ({ id: item.targetId, progress: item.progress })))}::jsonb)
          as v(id uuid, progress jsonb)
        where t.id = v.id`);
      },
      { max },
    ),

    /**
     * Marks targets published (their lease given up) and records `post.published` for each, in one
     * transaction; answers false for a target that is no longer in this generation (rescheduled or
     * cancelled meanwhile), which gets no event.
     */
    published: createBatcher<Published, boolean>(
      async (items) => {
        return db.transaction(async (tx) => {
          const input = items.map((item) => ({
            id: item.targetId,
            generation: item.generation,
            external_id: item.externalId,
            permalink: item.permalink,
            published_at: item.publishedAt.toISOString(),
          }));
          const result = await tx.execute(sql`
          update post_targets t
          set status = 'published', external_id = v.external_id, permalink = v.permalink, error = null,
            published_at = v.published_at, lease_until = null, updated_at = now()
          from jsonb_to_recordset(${rowsOf(input)}::jsonb)
            as v(id uuid, generation int, external_id text, permalink text, published_at timestamptz)
          where t.id = v.id and t.generation = v.generation
          returning t.id, t.generation`);
          const done = (result as { rows: { id: string; generation: number }[] }).rows;
          const still = items.map((item) => done.some(isKey(item)));
          // Comments that arrived before the post was marked published are linked to it now.
          const ids = JSON.stringify(done.map((row) => row.id));
          await tx.execute(sql`
            update inbox_threads th
            set post_id = t.post_id, campaign_id = c.id, listing_id = c.listing_id
            from post_targets t
              left join campaign_posts cp on cp.post_id = t.post_id
              left join campaigns c on c.id = cp.campaign_id
            where t.id in (select value::uuid from jsonb_array_elements_text(${ids}::jsonb))
              and th.account_id = t.account_id and th.post_external_id = t.external_id
              and th.post_id is null`);
          await emitEvents({
            tx,
            jobs,
            events: items
              .filter((_, index) => still[index])
              .map((item) => ({
                workspaceId: item.workspaceId,
                kind: 'post.published' as const,
                data: {
                  postId: item.postId,
                  targetId: item.targetId,
                  accountId: item.account.id,
                  platform: item.account.platform,
                  handle: item.account.handle,
                  externalId: item.externalId,
                  permalink: item.permalink,
                },
              })),
          });
          return still;
        });
      },
      { max },
    ),
  };
}

export type PublishBatches = ReturnType<typeof createPublishBatches>;
