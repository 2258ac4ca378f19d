import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import {
  engagementSettings,
  inboxThreads,
  leadEvents,
  leadIdentities,
  leads,
  leadScores,
  listings,
  memberships,
  type LeadStage,
} from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError, notFound } from '../../lib/errors.js';
import { notify } from '../notifications/notify.js';
import { stopSequences } from '../sequences/sequences.js';
import { recordInteraction } from './record-interaction.js';
import { rescoreLead } from './rescore-lead.js';
import type { LeadQuery } from './schemas.js';
import { engagementOf, forgetEngagement } from '../inbox/settings.js';
import { normaliseWeights, type ScoreWeights } from './scoring.js';

export const RESCORE_ALL_JOB = 'leads.rescore-all';

const leadColumns = {
  id: leads.id,
  name: leads.name,
  email: leads.email,
  phone: leads.phone,
  consent: leads.consent,
  source: leads.source,
  stage: leads.stage,
  ownerId: leads.ownerId,
  listingId: leads.listingId,
  postId: leads.postId,
  campaignId: leads.campaignId,
  interest: leads.interest,
  score: leads.score,
  tier: leads.tier,
  interactionCount: leads.interactionCount,
  lastInteractionAt: leads.lastInteractionAt,
  createdAt: leads.createdAt,
};

export async function listLeads(options: { db: Db; workspaceId: string; query: LeadQuery }) {
  const { db, workspaceId, query } = options;
  const like = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const filters: (SQL | undefined)[] = [
    eq(leads.workspaceId, workspaceId),
    query.tier ? eq(leads.tier, query.tier) : undefined,
    query.listingId ? eq(leads.listingId, query.listingId) : undefined,
    query.ownerId ? eq(leads.ownerId, query.ownerId) : undefined,
    like ? or(ilike(leads.name, like), ilike(leads.email, like), ilike(leads.phone, like)) : undefined,
  ];
  const where = and(...filters, query.stage ? eq(leads.stage, query.stage) : undefined);
  const order =
    query.sort === 'score'
      ? [desc(leads.score), desc(leads.lastInteractionAt), asc(leads.id)]
      : [sql`${leads.lastInteractionAt} desc nulls last`, asc(leads.id)];
  const [items, [total], stages] = await Promise.all([
    db
      .select(leadColumns)
      .from(leads)
      .where(where)
      .orderBy(...order)
      .limit(query.limit)
      .offset((query.page - 1) * query.limit),
    db.select({ n: count() }).from(leads).where(where),
    // The board's columns count every stage under the other filters.
    db
      .select({ stage: leads.stage, n: count() })
      .from(leads)
      .where(and(...filters))
      .groupBy(leads.stage),
  ]);
  return {
    items,
    total: total?.n ?? 0,
    page: query.page,
    limit: query.limit,
    byStage: Object.fromEntries(stages.map((row) => [row.stage, row.n])),
  };
}

/** A lead with its identities, the latest score's explanation, and its whole timeline (oldest first). */
export async function getLead(options: { db: Db; workspaceId: string; id: string }) {
  const { db, workspaceId, id } = options;
  const [lead] = await db
    .select({ ...leadColumns, scoreDetail: leads.scoreDetail })
    .from(leads)
    .where(and(eq(leads.id, id), eq(leads.workspaceId, workspaceId)));
  if (!lead) throw notFound('Lead');
  const [identities, timeline, threads] = await Promise.all([
    db
      .select({ platform: leadIdentities.platform, handle: leadIdentities.handle })
      .from(leadIdentities)
      .where(eq(leadIdentities.leadId, id)),
    db
      .select({
        id: leadEvents.id,
        kind: leadEvents.kind,
        summary: leadEvents.summary,
        intent: leadEvents.intent,
        sentiment: leadEvents.sentiment,
        postId: leadEvents.postId,
        listingId: leadEvents.listingId,
        threadId: leadEvents.threadId,
        actorId: leadEvents.actorId,
        at: leadEvents.at,
      })
      .from(leadEvents)
      .where(eq(leadEvents.leadId, id))
      .orderBy(asc(leadEvents.at), asc(leadEvents.id)),
    db.select({ id: inboxThreads.id }).from(inboxThreads).where(eq(inboxThreads.leadId, id)),
  ]);
  const { scoreDetail, ...rest } = lead;
  const detail = scoreDetail as { categories?: unknown[]; nextActions?: string[] };
  return {
    ...rest,
    identities,
    explanation: { categories: detail.categories ?? [], nextActions: detail.nextActions ?? [] },
    timeline,
    threadIds: threads.map((thread) => thread.id),
  } as typeof rest & {
    identities: typeof identities;
    explanation: { categories: never[]; nextActions: string[] };
    timeline: typeof timeline;
    threadIds: string[];
  };
}

async function assertListing(db: Db, workspaceId: string, listingId: string | undefined) {
  if (!listingId) return;
  const [listing] = await db
    .select({ id: listings.id })
    .from(listings)
    .where(and(eq(listings.id, listingId), eq(listings.workspaceId, workspaceId)));
  if (!listing) throw notFound('Listing');
}

async function assertMember(db: Db, workspaceId: string, userId: string) {
  const [member] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  if (!member) {
    throw new AppError('validation_failed', 'The owner must be a member of this workspace', {
      fields: [{ field: 'ownerId', message: 'not a member of this workspace' }],
    });
  }
}

/** A lead added by hand (a call, a walk-in): deduplicated like any other, and enrolled with consent. */
export async function createLead(options: {
  db: Db;
  jobs: JobQueue;
  config: Pick<Config, 'SEQUENCE_TIME_SCALE'>;
  workspaceId: string;
  actorId: string | null;
  body: {
    name: string;
    email?: string | undefined;
    phone?: string | undefined;
    consent: boolean;
    listingId?: string | undefined;
    interest?: Record<string, unknown> | undefined;
    note?: string | undefined;
  };
}) {
  const { db, jobs, workspaceId, body } = options;
  await assertListing(db, workspaceId, body.listingId);
  const found = await db.transaction(async (tx) => {
    const result = await recordInteraction({
      tx,
      jobs,
      contact: {
        workspaceId,
        name: body.name,
        email: body.email ?? null,
        phone: body.phone ?? null,
        consent: body.consent,
        source: 'manual',
        listingId: body.listingId ?? null,
      },
      create: true,
      interaction: {
        kind: 'note',
        summary: body.note ? `Added by hand: ${body.note.slice(0, 500)}` : 'Added by hand',
        sourceKey: `manual:${Date.now()}:${Math.random().toString(36).slice(2)}`,
        at: new Date(),
      },
      sequenceTimeScale: options.config.SEQUENCE_TIME_SCALE,
    });
    if (!result) throw new Error('lead not created');
    if (body.interest) {
      await tx
        .update(leads)
        .set({ interest: sql`${leads.interest} || ${JSON.stringify(body.interest)}::jsonb` })
        .where(eq(leads.id, result.leadId));
      await rescoreLead({ tx, jobs, workspaceId, leadId: result.leadId });
    }
    return result;
  });
  return { ...(await getLead({ db, workspaceId, id: found.leadId })), created: found.created };
}

/**
 * Moves a lead through the pipeline, gives it an owner (who is told), or corrects what it asked for.
 * A stage change stops its follow-up sequence and goes on the timeline.
 */
export async function updateLead(options: {
  db: Db;
  jobs: JobQueue;
  workspaceId: string;
  actorId: string | null;
  id: string;
  patch: {
    stage?: LeadStage | undefined;
    ownerId?: string | null | undefined;
    name?: string | undefined;
    interest?: Record<string, unknown> | undefined;
  };
}) {
  const { db, jobs, workspaceId, actorId, id, patch } = options;
  if (patch.ownerId) await assertMember(db, workspaceId, patch.ownerId);
  await db.transaction(async (tx) => {
    const [lead] = await tx
      .select()
      .from(leads)
      .where(and(eq(leads.id, id), eq(leads.workspaceId, workspaceId)))
      .for('update');
    if (!lead) throw notFound('Lead');
    await tx
      .update(leads)
      .set({
        stage: patch.stage,
        ownerId: patch.ownerId,
        name: patch.name,
        interest: patch.interest,
        updatedAt: new Date(),
      })
      .where(eq(leads.id, id));
    if (patch.stage && patch.stage !== lead.stage) {
      await tx.insert(leadEvents).values({
        workspaceId,
        leadId: id,
        kind: 'stage_changed',
        summary: `Stage ${lead.stage} → ${patch.stage}`,
        actorId,
        data: { from: lead.stage, to: patch.stage },
      });
      await stopSequences({ tx, workspaceId, leadId: id, reason: 'stage_changed' });
    }
    if (patch.ownerId !== undefined && patch.ownerId !== lead.ownerId) {
      await tx.insert(leadEvents).values({
        workspaceId,
        leadId: id,
        kind: 'owner_changed',
        summary: patch.ownerId ? 'Owner assigned' : 'Owner removed',
        actorId,
        data: { from: lead.ownerId, to: patch.ownerId },
      });
      if (patch.ownerId && patch.ownerId !== actorId) {
        await notify({
          tx,
          jobs,
          workspaceId,
          audience: { userIds: [patch.ownerId] },
          notice: {
            kind: 'lead_assigned',
            title: `${lead.name} is your lead now`,
            body: `Score ${lead.score}/10 (${lead.tier}), stage ${patch.stage ?? lead.stage}.`,
            subject: { leadId: id },
          },
        });
      }
    }
    if (patch.interest) await rescoreLead({ tx, jobs, workspaceId, leadId: id });
  });
  return getLead({ db, workspaceId, id });
}

export async function addNote(options: {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  id: string;
  text: string;
}) {
  const { db, workspaceId, id } = options;
  await getLead({ db, workspaceId, id });
  const [event] = await db
    .insert(leadEvents)
    .values({ workspaceId, leadId: id, kind: 'note', summary: options.text, actorId: options.actorId })
    .returning({ id: leadEvents.id });
  return event!;
}

export async function scoreHistoryOf(options: { db: Db; workspaceId: string; id: string }) {
  const { db, workspaceId, id } = options;
  await getLead({ db, workspaceId, id });
  const items = await db
    .select({
      score: leadScores.score,
      tier: leadScores.tier,
      weights: leadScores.weights,
      createdAt: leadScores.createdAt,
    })
    .from(leadScores)
    .where(eq(leadScores.leadId, id))
    .orderBy(desc(leadScores.createdAt))
    .limit(200);
  return { items };
}

export async function getScoreWeights(options: { db: Db; workspaceId: string }): Promise<ScoreWeights> {
  forgetEngagement(options.workspaceId);
  return (await engagementOf(options.db, options.workspaceId)).weights;
}

/** New weights (normalised to sum 1), then every lead of the workspace scored again by a job. */
export async function setScoreWeights(options: {
  db: Db;
  jobs: JobQueue;
  workspaceId: string;
  weights: ScoreWeights;
}) {
  const { db, jobs, workspaceId } = options;
  const weights = normaliseWeights(options.weights);
  await db.transaction(async (tx) => {
    await tx
      .insert(engagementSettings)
      .values({ workspaceId, scoreWeights: weights })
      .onConflictDoUpdate({
        target: engagementSettings.workspaceId,
        set: { scoreWeights: weights, updatedAt: new Date() },
      });
    await jobs.enqueue(RESCORE_ALL_JOB, { workspaceId }, { tx });
  });
  forgetEngagement(workspaceId);
  return weights;
}
