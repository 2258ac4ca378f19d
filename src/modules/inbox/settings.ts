import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { engagementSettings, workspaces } from '../../db/schema.js';
import { defaultScoreWeights, normaliseWeights, type ScoreWeights } from '../leads/scoring.js';
import { defaultAutomation, type AutomationSettings } from './auto-reply.js';

export interface Engagement {
  settings: AutomationSettings;
  timeZone: string;
  weights: ScoreWeights;
}

/**
 * Read for every incoming message and every score, so kept for a moment per process: a change made in
 * this process applies at once, one made in another within this long.
 */
const FRESH_MS = 2_000;
const remembered = new Map<string, { until: number; value: Engagement }>();

export function forgetEngagement(workspaceId: string) {
  remembered.delete(workspaceId);
}

/** A workspace's automation settings, time zone and score weights (the defaults until it sets its own). */
export async function engagementOf(db: Executor, workspaceId: string): Promise<Engagement> {
  const known = remembered.get(workspaceId);
  if (known && known.until > Date.now()) return known.value;
  const [row] = await db
    .select({ timeZone: workspaces.timezone, settings: engagementSettings })
    .from(workspaces)
    .leftJoin(engagementSettings, eq(engagementSettings.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId));
  const stored = row?.settings;
  const value: Engagement = {
    timeZone: row?.timeZone ?? 'Etc/UTC',
    weights: stored?.scoreWeights ? normaliseWeights(stored.scoreWeights) : defaultScoreWeights,
    settings: stored
      ? {
          autoHideSpam: stored.autoHideSpam,
          autoReply: stored.autoReply,
          replyRules: stored.replyRules,
          businessHours: stored.businessHours,
          minConfidence: stored.minConfidence,
        }
      : defaultAutomation,
  };
  if (remembered.size > 10_000) remembered.clear();
  remembered.set(workspaceId, { until: Date.now() + FRESH_MS, value });
  return value;
}

export async function getEngagementSettings(options: {
  db: Db;
  workspaceId: string;
}): Promise<AutomationSettings> {
  forgetEngagement(options.workspaceId);
  return (await engagementOf(options.db, options.workspaceId)).settings;
}

/** Changes what automation may do; fields left out keep their value. */
export async function updateEngagementSettings(options: {
  db: Db;
  workspaceId: string;
  patch: Partial<AutomationSettings>;
}): Promise<AutomationSettings> {
  const { db, workspaceId, patch } = options;
  const next = { ...(await getEngagementSettings({ db, workspaceId })), ...patch };
  await db
    .insert(engagementSettings)
    .values({ workspaceId, ...next })
    .onConflictDoUpdate({ target: engagementSettings.workspaceId, set: { ...next, updatedAt: new Date() } });
  forgetEngagement(workspaceId);
  return next;
}
