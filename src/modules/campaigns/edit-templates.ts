import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { automationSettings, campaignTemplates, type TemplateStep } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { UpdateTemplateBody } from './schemas.js';
import {
  findWorkspaceTemplate,
  resolveTemplate,
  rowToTemplate,
  toTemplateView,
} from './template-repository.js';

const invalid = (field: string, message: string) =>
  new AppError('validation_failed', 'The request is not valid', {
    fields: [{ field: `body.${field}`, message }],
  });

/** A template must produce posts: listing ones by steps, brand ones by steps or a recurrence. */
function assertUsable(kind: 'listing' | 'brand', steps: TemplateStep[], recurring: boolean) {
  if (kind === 'listing' && recurring) throw invalid('recurrence', 'listing templates do not repeat');
  if (steps.length === 0 && !recurring) throw invalid('steps', 'a template needs at least one step');
  if (kind === 'brand') {
    const index = steps.findIndex((step) => step.anchor === 'open_house' || step.event !== null);
    if (index >= 0) throw invalid(`steps.${index}`, 'brand templates have no listing, open house or event');
  }
}

/** Copies a built-in or workspace template into the workspace, to be edited there. */
export async function copyTemplate(options: {
  db: Db;
  workspaceId: string;
  userId: string | null;
  from: string;
  name?: string | undefined;
}) {
  const { db, workspaceId } = options;
  const source = await resolveTemplate(db, workspaceId, options.from);
  const [row] = await db
    .insert(campaignTemplates)
    .values({
      workspaceId,
      name: options.name ?? `${source.name} (copy)`,
      kind: source.kind,
      event: source.event,
      basedOn: source.builtIn ? source.ref : source.basedOn,
      steps: source.steps,
      recurrence: source.recurrence,
      createdBy: options.userId,
    })
    .returning();
  return toTemplateView(rowToTemplate(row!));
}

/** Changes a workspace template's name, steps or recurrence. Campaigns already planned keep their posts. */
export async function updateTemplate(options: {
  db: Db;
  workspaceId: string;
  id: string;
  patch: UpdateTemplateBody;
}) {
  const { db, workspaceId, id, patch } = options;
  const current = await findWorkspaceTemplate(db, workspaceId, id);
  const steps = patch.steps ?? current.steps;
  const recurrence = patch.recurrence === undefined ? current.recurrence : patch.recurrence;
  assertUsable(current.kind, steps, recurrence !== null);
  const [row] = await db
    .update(campaignTemplates)
    .set({ name: patch.name ?? current.name, steps, recurrence, updatedAt: new Date() })
    .where(and(eq(campaignTemplates.workspaceId, workspaceId), eq(campaignTemplates.id, id)))
    .returning();
  return toTemplateView(rowToTemplate(row!));
}

/** Deletes a workspace template; one that automation still starts is refused (409). */
export async function deleteTemplate(options: { db: Db; workspaceId: string; id: string }) {
  const { db, workspaceId, id } = options;
  await findWorkspaceTemplate(db, workspaceId, id);
  const [settings] = await db
    .select({ templates: automationSettings.templates })
    .from(automationSettings)
    .where(eq(automationSettings.workspaceId, workspaceId));
  const usedBy = Object.entries(settings?.templates ?? {}).find(([, ref]) => ref === id);
  if (usedBy) {
    throw new AppError(
      'conflict',
      `Automation starts this template on ${usedBy[0]}; change the automation settings first`,
    );
  }
  await db
    .delete(campaignTemplates)
    .where(and(eq(campaignTemplates.workspaceId, workspaceId), eq(campaignTemplates.id, id)));
}
