import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, max } from 'drizzle-orm';
import { platforms as allPlatforms, type ListingBrief } from '../../ai/content.js';
import type { ContentModels } from '../../ai/models.js';
import type { Db } from '../../db/client.js';
import { contentSets } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { getListing } from '../listings/get-listing.js';
import { brandFacts, eventDetails, listingFacts, workspaceTimeZone } from './brief.js';
import { chooseModel } from './cost-cap.js';
import { runListingPipeline } from './pipeline.js';
import { toContentSet } from './repository.js';
import { writeContentSet } from './write-set.js';
import type { ContentSetView, GenerateBody } from './schemas.js';
import type { ContentRequest } from './types.js';
import { getContentSettings } from './settings.js';

export type GenerateOutcome = 'created' | 'queued' | 'cached';

export const inputHash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * Writes a content set for a listing and event. An identical request (same facts, options and model)
 * answers the set already written unless `regenerate` is asked. The built-in copywriter writes at
 * once; a remote model's set is stored as `generating` and written by the `content.generate` job.
 */
export async function generateListingContent(options: {
  db: Db;
  jobs: JobQueue;
  models: ContentModels;
  workspaceId: string;
  userId: string | null;
  listingId: string;
  body: GenerateBody;
  now?: Date;
}): Promise<{ contentSet: ContentSetView; outcome: GenerateOutcome }> {
  const { db, jobs, models, workspaceId, listingId, body } = options;
  const listing = await getListing({ db, workspaceId, id: listingId });
  const [brand, settings, zone] = await Promise.all([
    brandFacts(db, workspaceId),
    getContentSettings({ db, workspaceId }),
    workspaceTimeZone(db, workspaceId),
  ]);
  const details = eventDetails(listing, body, body.timeZone ?? zone, options.now ?? new Date());
  const platforms = body.platforms ?? [...allPlatforms];
  const tone = body.tone ?? brand.tone;
  const requirements = { disclosureOn: settings.disclosureOn, licenseOn: settings.licenseOn };
  const facts = {
    listing: listingFacts(listing),
    brand: brand.facts,
    details,
    tone,
    hashtagCap: settings.hashtagCap,
  };
  const chosen = chooseModel({
    models,
    settings,
    factsChars: JSON.stringify(facts).length,
    platforms: platforms.length,
    withAnalysis: true,
  });
  const hash = inputHash({ model: chosen.model.name, facts, platforms, requirements });

  if (!body.regenerate) {
    const [existing] = await db
      .select()
      .from(contentSets)
      .where(
        and(
          eq(contentSets.workspaceId, workspaceId),
          eq(contentSets.listingId, listingId),
          eq(contentSets.inputHash, hash),
          inArray(contentSets.status, ['ready', 'generating']),
        ),
      )
      .orderBy(desc(contentSets.version))
      .limit(1);
    if (existing) return { contentSet: toContentSet(existing), outcome: 'cached' };
  }

  return db.transaction(async (tx) => {
    const [latest] = await tx
      .select({ version: max(contentSets.version) })
      .from(contentSets)
      .where(and(eq(contentSets.listingId, listingId), eq(contentSets.event, body.event)));
    const version = (latest?.version ?? 0) + 1;
    // The version is the seed: the same request writes the same words; each regeneration, new ones.
    const brief: ListingBrief = { ...facts, seed: version };
    const request: ContentRequest = { kind: 'listing', body, brief, platforms, requirements };
    const base = {
      workspaceId,
      listingId,
      kind: 'listing' as const,
      event: body.event,
      version,
      model: chosen.model.name,
      tone,
      seed: version,
      inputHash: hash,
      request,
      createdBy: options.userId,
    };

    return writeContentSet(tx, {
      jobs,
      model: chosen.model,
      fallback: chosen.fallback,
      platforms: platforms.length,
      set: base,
      run: () =>
        runListingPipeline({ model: chosen.model, prices: models.prices, brief, platforms, requirements }),
    });
  });
}
