import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { leads, leadScores, type InboxIntent, type LeadInterest } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { emitEvent } from '../events/emit-event.js';
import { engagementOf } from '../inbox/settings.js';
import { notify } from '../notifications/notify.js';
import { interactionKinds, type LeadRow } from './find-or-create-lead.js';
import { scoreLead, type LeadSignals, type ScoreWeights } from './scoring.js';

/** The interactions a score looks at: the latest ones are what matter. */
const SCORED_INTERACTIONS = 200;

interface ScoreInputs {
  identities: number;
  events: {
    kind: string;
    intent: InboxIntent | null;
    sentiment: number | null;
    at: string;
    post_id: string | null;
  }[];
  listing: { price: number | null; beds: number | null; city: string | null } | null;
}

/** Everything a score needs besides the lead itself, in one round trip. */
async function scoreInputs(tx: Executor, lead: LeadRow): Promise<ScoreInputs> {
  const kinds = sql.join(
    interactionKinds.map((kind) => sql`${kind}`),
    sql`, `,
  );
  const result = await tx.execute(sql`
    select
      (select count(*)::int from lead_identities where lead_id = ${lead.id}) as identities,
      (select coalesce(json_agg(e order by e.at), '[]'::json) from (
         select kind, intent, sentiment::float8 as sentiment, at, post_id from lead_events
          where lead_id = ${lead.id} and kind in (${kinds})
          order by at desc limit ${SCORED_INTERACTIONS}) e) as events,
      (select json_build_object('price', price::float8, 'beds', beds::float8, 'city', city)
         from listings where id = ${lead.listingId}) as listing
  `);
  // node-postgres and PGlite both answer with `{ rows }`.
  const row = (result as { rows: Record<string, unknown>[] }).rows[0] ?? {};
  const parse = <T>(value: unknown): T =>
    typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);
  return {
    identities: Number(row.identities ?? 0),
    events: parse<ScoreInputs['events']>(row.events ?? '[]'),
    listing: parse<ScoreInputs['listing']>(row.listing ?? null),
  };
}

/** Changes recorded with the score, in the same write: what the interaction told us. */
export interface LeadChanges {
  interest?: LeadInterest;
  interactionCount?: number;
  lastInteractionAt?: Date | null;
}

/**
 * Scores a lead again from its whole timeline (run on every interaction) and writes the score — with
 * `changes` from the interaction — in one update, keeps it in the history with the weights used, and,
 * when the lead has just become hot, tells its owner (or the owners and admins when it has none) and
 * emits `lead.hot`. Pass the lead's row when the caller holds it locked; otherwise it is read.
 */
export async function rescoreLead(options: {
  tx: Executor;
  jobs: JobQueue;
  workspaceId: string;
  leadId: string;
  lead?: LeadRow;
  changes?: LeadChanges;
  weights?: ScoreWeights;
  now?: Date;
}) {
  const { tx, jobs, workspaceId, leadId } = options;
  const now = options.now ?? new Date();
  const lead =
    options.lead ??
    (await tx
      .select()
      .from(leads)
      .where(eq(leads.id, leadId))
      .for('update')
      .then((rows) => rows[0]));
  if (!lead || lead.workspaceId !== workspaceId) return null;
  const changes = options.changes ?? {};
  const interest = changes.interest ?? lead.interest;
  const weights = options.weights ?? (await engagementOf(tx, workspaceId)).weights;
  const inputs = await scoreInputs(tx, lead);
  const signals: LeadSignals = {
    interactions: inputs.events.map((event) => ({
      kind: event.kind as LeadSignals['interactions'][number]['kind'],
      intent: event.intent,
      sentiment: event.sentiment ?? 0,
      at: new Date(event.at),
      postId: event.post_id,
    })),
    profile: {
      hasEmail: lead.email !== null,
      hasPhone: lead.phone !== null,
      hasName: lead.name.trim() !== '' && !lead.name.startsWith('@'),
      platformHandles: inputs.identities,
      consent: lead.consent,
    },
    interest,
    listing: inputs.listing
      ? { price: inputs.listing.price, bedrooms: inputs.listing.beds, city: inputs.listing.city }
      : null,
    now,
  };
  const result = scoreLead(signals, weights);
  const detail = { categories: result.categories, nextActions: result.nextActions };
  await tx
    .update(leads)
    .set({
      score: result.score,
      tier: result.tier,
      scoreDetail: detail,
      interest,
      interactionCount: changes.interactionCount,
      lastInteractionAt: changes.lastInteractionAt,
      updatedAt: now,
    })
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
