import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { leadEvents, leadIdentities, leads, leadScores, listings } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { emitEvent } from '../events/emit-event.js';
import { notify } from '../notifications/notify.js';
import { interactionKinds } from './find-or-create-lead.js';
import { engagementOf } from '../inbox/settings.js';
import { scoreLead, type LeadSignals, type ScoreWeights } from './scoring.js';

/** The interactions a score looks at: the latest ones are what matter. */
const SCORED_INTERACTIONS = 200;

/**
 * Scores a lead again from its whole timeline (run on every interaction), keeps the score in the
 * history with the weights used, and — when the lead has just become hot — tells its owner (or the
 * owners and admins when it has none) and emits `lead.hot`.
 */
export async function rescoreLead(options: {
  tx: Executor;
  jobs: JobQueue;
  workspaceId: string;
  leadId: string;
  weights?: ScoreWeights;
  now?: Date;
}) {
  const { tx, jobs, workspaceId, leadId } = options;
  const now = options.now ?? new Date();
  const [lead] = await tx
    .select()
    .from(leads)
    .where(and(eq(leads.id, leadId), eq(leads.workspaceId, workspaceId)));
  if (!lead) return null;
  const weights = options.weights ?? (await engagementOf(tx, workspaceId)).weights;
  const [events, identities, listing] = await Promise.all([
    tx
      .select({
        kind: leadEvents.kind,
        intent: leadEvents.intent,
        sentiment: leadEvents.sentiment,
        at: leadEvents.at,
        postId: leadEvents.postId,
      })
      .from(leadEvents)
      .where(and(eq(leadEvents.leadId, leadId), inArray(leadEvents.kind, [...interactionKinds])))
      .orderBy(desc(leadEvents.at))
      .limit(SCORED_INTERACTIONS),
    tx
      .select({ platform: leadIdentities.platform })
      .from(leadIdentities)
      .where(eq(leadIdentities.leadId, leadId)),
    lead.listingId
      ? tx
          .select({ price: listings.price, beds: listings.beds, city: listings.city })
          .from(listings)
          .where(eq(listings.id, lead.listingId))
          .then((rows) => rows[0] ?? null)
      : Promise.resolve(null),
  ]);
  const signals: LeadSignals = {
    interactions: events.reverse().map((event) => ({
      kind: event.kind as LeadSignals['interactions'][number]['kind'],
      intent: event.intent,
      sentiment: event.sentiment ?? 0,
      at: event.at,
      postId: event.postId,
    })),
    profile: {
      hasEmail: lead.email !== null,
      hasPhone: lead.phone !== null,
      hasName: lead.name.trim() !== '' && !lead.name.startsWith('@'),
      platformHandles: identities.length,
      consent: lead.consent,
    },
    interest: lead.interest,
    listing: listing ? { price: listing.price, bedrooms: listing.beds, city: listing.city } : null,
    now,
  };
  const result = scoreLead(signals, weights);
  const detail = { categories: result.categories, nextActions: result.nextActions };
  await tx
    .update(leads)
    .set({ score: result.score, tier: result.tier, scoreDetail: detail, updatedAt: now })
    .where(eq(leads.id, leadId));
  await tx
    .insert(leadScores)
    .values({ workspaceId, leadId, score: result.score, tier: result.tier, detail, weights });
  if (result.tier === 'hot' && lead.tier !== 'hot') {
    await notify({
      tx,
      jobs,
      workspaceId,
      audience: lead.ownerId ? { userIds: [lead.ownerId] } : { roles: ['owner', 'admin'] },
      notice: {
        kind: 'lead_hot',
        title: `Hot lead: ${lead.name}`,
        body: `${lead.name} scores ${result.score}/10. ${result.nextActions[0] ?? ''}`.trim(),
        subject: { leadId },
      },
    });
    await emitEvent({
      tx,
      jobs,
      workspaceId,
      kind: 'lead.hot',
      data: { leadId, name: lead.name, score: result.score },
    });
  }
  return result;
}
