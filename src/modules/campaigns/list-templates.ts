import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { campaignTemplates } from '../../db/schema.js';
import { builtInKeys } from './built-in-templates.js';
import { builtInTemplate, rowToTemplate, toTemplateView } from './template-repository.js';

/** The built-in templates, then the workspace's own, oldest first. */
export async function listTemplates(options: { db: Db; workspaceId: string }) {
  const rows = await options.db
    .select()
    .from(campaignTemplates)
    .where(eq(campaignTemplates.workspaceId, options.workspaceId))
    .orderBy(asc(campaignTemplates.createdAt), asc(campaignTemplates.id));
  return [...builtInKeys.map(builtInTemplate), ...rows.map(rowToTemplate)].map(toTemplateView);
}
