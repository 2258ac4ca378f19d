import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { insertJsonRows } from '../../db/json-rows.js';
import { leads, leadScores, type InboxIntent, type LeadInterest } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { emitEvents } from '../events/emit-event.js';
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

const parseJson = <T>(value: unknown): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);

/** Everything the scores of these leads need besides the leads themselves, in one round trip. */
async function scoreInputs(tx: Executor, leadIds: string[]): Promise<Map<string, ScoreInputs>> {
  const kinds = sql.join(
    interactionKinds.map((kind) => sql`${kind}`),
    sql`, `,
  );
  const ids = JSON.stringify(leadIds);
  const result = await tx.execute(sql`
    select l.id,
      (select count(*)::int from lead_identities where lead_id = l.id) as identities,
      (select coalesce(json_agg(e order by e.at), '[]'::json) from (
         select kind, intent, sentiment::float8 as sentiment, at, post_id from lead_events
          where lead_id = l.id and kind in (${kinds})
          order by at desc limit ${SCORED_INTERACTIONS}) e) as events,
      (select json_build_object('price', price::float8, 'beds', beds::float8, 'city', city)
         from listings where id = l.listing_id) as listing
    from leads l
    where l.id in (select value::uuid from jsonb_array_elements_text(${ids}::jsonb))
  `);
  // node-postgres and PGlite both answer with `{ rows }`.
  const { rows } = result as { rows: Record<string, unknown>[] };
  return new Map(
    rows.map((row) => [
      String(row.id),
      {
        identities: Number(row.identities ?? 0),
        events: parseJson<ScoreInputs['events']>(row.events ?? '[]'),
        listing: parseJson<ScoreInputs['listing']>(row.listing ?? null),
      },
    ]),
  );
}

/** Changes recorded with the score, in the same write: what the interaction told us. */
export interface LeadChanges {
  interest?: LeadInterest;
  interactionCount?: number;
  lastInteractionAt?: Date | null;
}

/** One lead to score again: its row (held locked by the caller) and what the interaction changed. */
export interface Rescore {
  lead: LeadRow;
  changes?: LeadChanges;
  now?: Date;
}

/**
 * Scores leads again from their whole timelines (run on every interaction) and writes each score —
 * with its `changes` — in one statement for all of them, keeps each in the history with the weights
 * used, and, for a lead that has just become hot, tells its owner (or the owners and admins when it has
 * none) and emits `lead.hot`. Weights are each workspace's unless given. Returns the results in order.
 */
export async function rescoreLeads(options: {
  tx: Executor;
  jobs: JobQueue;
  rescores: Rescore[];
  weights?: ScoreWeights;
}) {
  const { tx, jobs, rescores } = options;
  if (rescores.length === 0) return [];
  const inputs = await scoreInputs(
    tx,
    rescores.map(({ lead }) => lead.id),
  );
  const weightsOf = new Map<string, ScoreWeights>();
  const scored = [];
  for (const { lead, changes = {}, now = new Date() } of rescores) {
    let weights = options.weights ?? weightsOf.get(lead.workspaceId);
    if (!weights) {
      weights = (await engagementOf(tx, lead.workspaceId)).weights;
      weightsOf.set(lead.workspaceId, weights);
    }
    const found = inputs.get(lead.id) ?? { identities: 0, events: [], listing: null };
    const interest = changes.interest ?? lead.interest;
    const signals: LeadSignals = {
      interactions: found.events.map((event) => ({
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
        platformHandles: found.identities,
        consent: lead.consent,
      },
      interest,
      listing: found.listing
        ? { price: found.listing.price, bedrooms: found.listing.beds, city: found.listing.city }
        : null,
      now,
    };
    const result = scoreLead(signals, weights);
    scored.push({ lead, changes, now, interest, weights, result });
  }

  const rows = scored.map(({ lead, changes, now, interest, result }) => ({
    id: lead.id,
    score: result.score,
    tier: result.tier,
    detail: { categories: result.categories, nextActions: result.nextActions },
    interest,
    interaction_count: changes.interactionCount ?? null,
    touch: changes.lastInteractionAt !== undefined,
    last_interaction_at: changes.lastInteractionAt?.toISOString() ?? null,
    now: now.toISOString(),
  }));
  await tx.execute(sql`
    update leads l set score = v.score, tier = v.tier, score_detail = v.detail, interest = v.interest,
      interaction_count = coalesce(v.interaction_count, l.interaction_count),
      last_interaction_at = case when v.touch then v.last_interaction_at else l.last_interaction_at end,
      updated_at = v.now
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid, score numeric, tier text,
      detail jsonb, interest jsonb, interaction_count int, touch boolean, last_interaction_at timestamptz,
      now timestamptz)
    where l.id = v.id`);
  await insertJsonRows(
    tx,
    leadScores,
    scored.map(({ lead, weights, result }, index) => ({
      workspaceId: lead.workspaceId,
      leadId: lead.id,
      score: result.score,
      tier: result.tier,
      detail: rows[index]!.detail,
      weights,
    })),
  );

  const becameHot = scored.filter(({ lead, result }) => result.tier === 'hot' && lead.tier !== 'hot');
  for (const { lead, result } of becameHot) {
    await notify({
      tx,
      jobs,
      workspaceId: lead.workspaceId,
      audience: lead.ownerId ? { userIds: [lead.ownerId] } : { roles: ['owner', 'admin'] },
      notice: {
        kind: 'lead_hot',
        title: `Hot lead: ${lead.name}`,
        body: `${lead.name} scores ${result.score}/10. ${result.nextActions[0] ?? ''}`.trim(),
        subject: { leadId: lead.id },
      },
    });
  }
  await emitEvents({
    tx,
    jobs,
    events: becameHot.map(({ lead, result }) => ({
      workspaceId: lead.workspaceId,
      kind: 'lead.hot' as const,
      data: { leadId: lead.id, name: lead.name, score: result.score },
    })),
  });
  return scored.map(({ result }) => result);
}

/**
 * Scores one lead again (see rescoreLeads). Pass the lead's row when the caller holds it locked;
 * otherwise it is read and locked.
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
  const lead =
    options.lead ??
    (await tx
      .select()
      .from(leads)
      .where(eq(leads.id, leadId))
      .for('update')
      .then((rows) => rows[0]));
  if (!lead || lead.workspaceId !== workspaceId) return null;
  const [result] = await rescoreLeads({
    tx,
    jobs,
    rescores: [
      {
        lead,
        ...(options.changes ? { changes: options.changes } : {}),
        ...(options.now ? { now: options.now } : {}),
      },
    ],
    ...(options.weights ? { weights: options.weights } : {}),
  });
  return result ?? null;
}
