import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { automationSettings, automationTriggers, type AutomationTrigger } from '../../db/schema.js';
import { accountsOf } from '../posts/repository.js';
import type { AutomationSettingsPatch } from './schemas.js';
import { resolveTemplate, assertKind } from './template-repository.js';

export interface AutomationSettings {
  enabled: boolean;
  activate: boolean;
  requireApproval: boolean;
  accountIds: string[] | null;
  templates: Record<AutomationTrigger, string | null>;
}

/** Each listing event starts the built-in template of the same name unless the workspace chose another. */
const defaultTemplates = Object.fromEntries(
  automationTriggers.map((trigger) => [trigger, trigger]),
) as Record<AutomationTrigger, string | null>;

export async function getAutomationSettings(options: {
  db: Executor;
  workspaceId: string;
}): Promise<AutomationSettings> {
  const [row] = await options.db
    .select()
    .from(automationSettings)
    .where(eq(automationSettings.workspaceId, options.workspaceId));
  return {
    enabled: row?.enabled ?? true,
    activate: row?.activate ?? false,
    requireApproval: row?.requireApproval ?? false,
    accountIds: row?.accountIds ?? null,
    templates: { ...defaultTemplates, ...row?.templates },
  };
}

/** Whether the workspace requires approval for every campaign. */
export async function automationApproval(db: Executor, workspaceId: string) {
  return (await getAutomationSettings({ db, workspaceId })).requireApproval;
}

/** Changes the settings (admins); accounts and templates must be the workspace's own (404 otherwise). */
export async function updateAutomationSettings(options: {
  db: Db;
  workspaceId: string;
  patch: AutomationSettingsPatch;
}) {
  const { db, workspaceId, patch } = options;
  const current = await getAutomationSettings({ db, workspaceId });
  if (patch.accountIds) await accountsOf(db, workspaceId, patch.accountIds);
  for (const ref of Object.values(patch.templates ?? {})) {
    if (ref) assertKind(await resolveTemplate(db, workspaceId, ref), 'listing');
  }
  const next = {
    enabled: patch.enabled ?? current.enabled,
    activate: patch.activate ?? current.activate,
    requireApproval: patch.requireApproval ?? current.requireApproval,
    accountIds: patch.accountIds === undefined ? current.accountIds : patch.accountIds,
    templates: { ...current.templates, ...patch.templates },
  };
  await db
    .insert(automationSettings)
    .values({ workspaceId, ...next, updatedAt: new Date() })
    .onConflictDoUpdate({ target: automationSettings.workspaceId, set: { ...next, updatedAt: new Date() } });
  return next;
}
