import { and, desc, eq, inArray } from 'drizzle-orm';
import type { BrandPostBrief } from '../../ai/content.js';
import { brandHashtags } from '../../ai/hashtags.js';
import type { ContentModels } from '../../ai/models.js';
import type { Db } from '../../db/client.js';
import { contentSets } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { brandFacts } from './brief.js';
import { chooseModel } from './cost-cap.js';
import { inputHash, type GenerateOutcome } from './generate-listing-content.js';
import { runBrandPipeline } from './pipeline.js';
import { toContentSet } from './repository.js';
import { writeContentSet } from './write-set.js';
import type { BrandPostBody, ContentSetView } from './schemas.js';
import { getContentSettings } from './settings.js';
import type { ContentRequest } from './types.js';

/**
 * Posts for a brand without listings (the second seed's AI captions), from a topic and a brief. Same
 * rules as listing content: limits, compliance, cost cap, cache of identical requests, job for a
 * remote model. Each set is version 1 of its own; `regenerate` writes a new one with a new seed.
 */
export async function createBrandPosts(options: {
  db: Db;
  jobs: JobQueue;
  models: ContentModels;
  workspaceId: string;
  userId: string | null;
  body: BrandPostBody;
}): Promise<{ contentSet: ContentSetView; outcome: GenerateOutcome }> {
  const { db, jobs, models, workspaceId, body } = options;
  const [brand, settings] = await Promise.all([
    brandFacts(db, workspaceId),
    getContentSettings({ db, workspaceId }),
  ]);
  const platforms = body.platforms ?? ['instagram'];
  const tone = body.tone ?? brand.tone;
  const requirements = { disclosureOn: settings.disclosureOn, licenseOn: settings.licenseOn };
  const facts = {
    topic: body.topic,
    brief: body.brief,
    brand: brand.facts,
    tone,
    hashtagCap: settings.hashtagCap,
    hashtags: brandHashtags({ requested: body.hashtags, brandDefaults: [], cap: 30 }),
    callToAction: body.callToAction ?? null,
  };
  const chosen = chooseModel({
    models,
    settings,
    factsChars: JSON.stringify(facts).length,
    platforms: platforms.length,
    withAnalysis: false,
  });
  const hash = inputHash({ model: chosen.model.name, facts, platforms, requirements });

  if (!body.regenerate) {
    const [existing] = await db
      .select()
      .from(contentSets)
      .where(
        and(
          eq(contentSets.workspaceId, workspaceId),
          eq(contentSets.kind, 'brand'),
          eq(contentSets.inputHash, hash),
          inArray(contentSets.status, ['ready', 'generating']),
        ),
      )
      .orderBy(desc(contentSets.createdAt))
      .limit(1);
    if (existing) return { contentSet: toContentSet(existing), outcome: 'cached' };
  }

  const seed = body.regenerate ? Math.floor(Math.random() * 2 ** 31) : 1;
  const brief: BrandPostBrief = { ...facts, seed };
  const request: ContentRequest = { kind: 'brand', body, brief, platforms, requirements };
  const base = {
    workspaceId,
    listingId: null,
    kind: 'brand' as const,
    event: null,
    version: 1,
    model: chosen.model.name,
    tone,
    seed,
    inputHash: hash,
    request,
    createdBy: options.userId,
  };
  return db.transaction(async (tx) => {
    return writeContentSet(tx, {
      jobs,
      model: chosen.model,
      fallback: chosen.fallback,
      platforms: platforms.length,
      set: base,
      run: () =>
        runBrandPipeline({ model: chosen.model, prices: models.prices, brief, platforms, requirements }),
    });
  });
}
