import type { ContentModel } from '../../ai/content-model.js';
import type { Tx } from '../../db/client.js';
import { contentSets } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { PipelineResult } from './pipeline.js';
import { costOf, recordCalls, toContentSet } from './repository.js';

type NewSet = Omit<typeof contentSets.$inferInsert, 'status'>;

/**
 * Stores a content set in the caller's transaction: written now by the built-in copywriter (`created`),
 * or stored as `generating` with its `content.generate` job for a remote model (`queued`).
 */
export async function writeContentSet(
  tx: Tx,
  options: {
    jobs: JobQueue;
    model: ContentModel;
    fallback: 'cost_cap' | null;
    platforms: number;
    set: NewSet;
    run: () => Promise<PipelineResult>;
  },
) {
  const { set, fallback } = options;
  if (options.model.remote) {
    const [queued] = await tx
      .insert(contentSets)
      .values({ ...set, status: 'generating', cost: costOf([], options.platforms, fallback) })
      .returning();
    await options.jobs.enqueue('content.generate', { contentSetId: queued!.id }, { tx });
    return { contentSet: toContentSet(queued!), outcome: 'queued' as const };
  }
  const result = await options.run();
  const [created] = await tx
    .insert(contentSets)
    .values({
      ...set,
      status: 'ready',
      analysis: result.analysis,
      description: result.description,
      posts: result.posts,
      compliance: { issues: result.issues },
      cost: costOf(result.calls, result.posts.length, fallback),
    })
    .returning();
  await recordCalls(tx, { workspaceId: set.workspaceId, contentSetId: created!.id, calls: result.calls });
  return { contentSet: toContentSet(created!), outcome: 'created' as const };
}
