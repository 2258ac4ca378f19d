import { and, eq } from 'drizzle-orm';
import { ContentModelError } from '../../ai/content-model.js';
import type { ContentModels } from '../../ai/models.js';
import type { Db } from '../../db/client.js';
import { contentSets } from '../../db/schema.js';
import { runBrandPipeline, runListingPipeline } from './pipeline.js';
import { costOf, recordCalls } from './repository.js';

const failureMessages = {
  unavailable: 'The language model did not answer after several attempts. Try again later.',
  rejected: 'The language model refused this request.',
  invalid_output: 'The language model kept returning text that broke the rules; nothing was stored.',
} as const;

/**
 * Writes a queued content set with the remote model (the `content.generate` job). Only a set still
 * `generating` is written, so a duplicate or late run changes nothing. A model that is unavailable
 * throws, so the job is retried; a refusal or invalid output marks the set failed at once.
 */
export async function runGeneration(options: { db: Db; models: ContentModels; contentSetId: string }) {
  const { db, models, contentSetId } = options;
  const [set] = await db.select().from(contentSets).where(eq(contentSets.id, contentSetId));
  if (!set || set.status !== 'generating') return;
  const request = set.request;
  const model = models.primary;
  let result;
  try {
    result =
      request.kind === 'listing'
        ? await runListingPipeline({ model, prices: models.prices, ...request })
        : await runBrandPipeline({ model, prices: models.prices, ...request });
  } catch (error) {
    if (error instanceof ContentModelError && error.failure !== 'unavailable') {
      await markFailed(db, contentSetId, error.failure, failureMessages[error.failure]);
      return;
    }
    throw error;
  }
  await db.transaction(async (tx) => {
    const [written] = await tx
      .update(contentSets)
      .set({
        status: 'ready',
        analysis: result.analysis,
        description: result.description,
        posts: result.posts,
        compliance: { issues: result.issues },
        cost: costOf(result.calls, result.posts.length, set.cost?.fallback ?? null),
        updatedAt: new Date(),
      })
      .where(and(eq(contentSets.id, contentSetId), eq(contentSets.status, 'generating')))
      .returning({ id: contentSets.id });
    if (written) await recordCalls(tx, { workspaceId: set.workspaceId, contentSetId, calls: result.calls });
  });
}

export async function markFailed(db: Db, contentSetId: string, code: string, message: string) {
  await db
    .update(contentSets)
    .set({ status: 'failed', error: { code, message }, updatedAt: new Date() })
    .where(and(eq(contentSets.id, contentSetId), eq(contentSets.status, 'generating')));
}

/** After the job gave up (the model stayed unavailable through every retry). */
export const abandonGeneration = (db: Db, contentSetId: string) =>
  markFailed(db, contentSetId, 'unavailable', failureMessages.unavailable);
