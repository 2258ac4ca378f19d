import { and, eq } from 'drizzle-orm';
import type { ContentEvent } from '../../ai/content.js';
import type { Executor } from '../../db/client.js';
import { campaignTemplates } from '../../db/schema.js';
import { AppError, notFound } from '../../lib/errors.js';
import { builtInTemplates, isBuiltIn, type TemplateData } from './built-in-templates.js';
import type { TemplateView } from './schemas.js';

type TemplateRow = typeof campaignTemplates.$inferSelect;

export interface ResolvedTemplate extends TemplateData {
  ref: string;
  builtIn: boolean;
  basedOn: string | null;
}

export function rowToTemplate(row: TemplateRow): ResolvedTemplate {
  return {
    ref: row.id,
    builtIn: false,
    basedOn: row.basedOn,
    name: row.name,
    kind: row.kind,
    event: row.event,
    steps: row.steps,
    recurrence: row.recurrence ?? null,
  };
}

export function builtInTemplate(key: keyof typeof builtInTemplates): ResolvedTemplate {
  const data: TemplateData = builtInTemplates[key];
  return { ...data, ref: key, builtIn: true, basedOn: null };
}

export async function findWorkspaceTemplate(db: Executor, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(campaignTemplates)
    .where(and(eq(campaignTemplates.workspaceId, workspaceId), eq(campaignTemplates.id, id)));
  if (!row) throw notFound('Campaign template');
  return row;
}

/** A built-in template by key, or one of the workspace's by id (another workspace's id is 404). */
export async function resolveTemplate(
  db: Executor,
  workspaceId: string,
  ref: string,
): Promise<ResolvedTemplate> {
  if (isBuiltIn(ref)) return builtInTemplate(ref);
  return rowToTemplate(await findWorkspaceTemplate(db, workspaceId, ref));
}

/** Refuses a template that does not fit the kind of campaign asked for (422 with the field). */
export function assertKind(template: ResolvedTemplate, kind: 'listing' | 'brand') {
  if (template.kind !== kind) {
    throw new AppError('validation_failed', 'The request is not valid', {
      fields: [
        {
          field: 'body.template',
          message:
            kind === 'listing'
              ? `"${template.name}" is a brand template; start it with POST /campaigns`
              : `"${template.name}" is a listing template; start it with POST /listings/{id}/campaigns`,
        },
      ],
    });
  }
}

export function toTemplateView(template: ResolvedTemplate): TemplateView {
  return {
    id: template.ref,
    builtIn: template.builtIn,
    name: template.name,
    kind: template.kind,
    event: template.event as ContentEvent | null,
    basedOn: template.basedOn,
    steps: template.steps.map((step) => ({ ...step, event: step.event as ContentEvent | null })),
    recurrence: template.recurrence,
  };
}
