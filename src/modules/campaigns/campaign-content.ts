/**
 * The words of a campaign's posts, from the content studio: one content set per event and variant
 * (variant 2, 3… are further versions of the same request, so each day of a campaign reads differently),
 * each post already fitted to its platform and reviewed for compliance.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { ContentEvent, Platform } from '../../ai/content.js';
import type { ContentModels } from '../../ai/models.js';
import type { Db } from '../../db/client.js';
import { contentSets, type PlanIssue } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { createBrandPosts } from '../content/create-brand-posts.js';
import { generateListingContent } from '../content/generate-listing-content.js';
import type { ContentSetRow } from '../content/repository.js';
import type { ContentSetView } from '../content/schemas.js';

export interface ContentDeps {
  db: Db;
  jobs: JobQueue;
  models: ContentModels;
  workspaceId: string;
  userId: string | null;
}

function ready(view: ContentSetView): ContentSetView {
  if (view.status !== 'ready') {
    throw new AppError(
      'not_ready',
      `The content is still being written by the language model (content set ${view.id}); try again when it is ready`,
      { contentSetId: view.id },
    );
  }
  return view;
}

async function rowOf(db: Db, id: string): Promise<ContentSetRow> {
  const [row] = await db.select().from(contentSets).where(eq(contentSets.id, id));
  return row!;
}

/** The listing's content for `event` in its `variant`-th version of the current facts. */
export async function listingWords(
  deps: ContentDeps,
  options: {
    listingId: string;
    event: ContentEvent;
    variant: number;
    timeZone: string;
    openHouse?: { start: string; end: string } | undefined;
    now: Date;
  },
): Promise<ContentSetRow> {
  const body = {
    event: options.event,
    timeZone: options.timeZone,
    ...(options.event === 'open_house' && options.openHouse ? { openHouse: options.openHouse } : {}),
  };
  const generate = async (regenerate: boolean) =>
    ready(
      (
        await generateListingContent({
          ...deps,
          listingId: options.listingId,
          body: { ...body, regenerate },
          now: options.now,
        })
      ).contentSet,
    );
  const first = await rowOf(deps.db, (await generate(false)).id);
  if (options.variant === 1) return first;
  // The versions written for these same facts, oldest first; new ones are written until there are enough.
  const versions = await deps.db
    .select()
    .from(contentSets)
    .where(
      and(
        eq(contentSets.listingId, options.listingId),
        eq(contentSets.inputHash, first.inputHash),
        eq(contentSets.status, 'ready'),
      ),
    )
    .orderBy(asc(contentSets.version));
  while (versions.length < options.variant) versions.push(await rowOf(deps.db, (await generate(true)).id));
  return versions[options.variant - 1]!;
}

/** Brand content from a topic and brief; variants beyond the first are fresh wordings. */
export async function brandWords(
  deps: ContentDeps,
  options: { topic: string; brief: string; platforms: Platform[]; variant: number },
): Promise<ContentSetRow> {
  const { contentSet } = await createBrandPosts({
    ...deps,
    body: {
      topic: options.topic,
      brief: options.brief,
      platforms: options.platforms,
      hashtags: [],
      regenerate: options.variant > 1,
    },
  });
  return rowOf(deps.db, ready(contentSet).id);
}

/** One platform's post of a set: exactly what is published, and the compliance findings about it. */
export function postOf(set: ContentSetRow, platform: Platform): { text: string; issues: PlanIssue[] } {
  const post = set.posts.find((candidate) => candidate.platform === platform);
  if (!post) throw new Error(`content set ${set.id} has no ${platform} post`);
  const issues = (set.compliance?.issues ?? [])
    .filter((issue) => issue.where === platform)
    .map((issue) => ({
      rule: `compliance.${issue.category}`,
      message: `${issue.reason}${issue.suggestion ? ` ${issue.suggestion}` : ''}`,
      severity: issue.severity,
    }));
  return { text: post.published, issues };
}
