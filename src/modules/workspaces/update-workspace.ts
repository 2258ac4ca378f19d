import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { workspaces, type Role } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

/** Renames the workspace or changes its time zone. */
export async function updateWorkspace(options: {
  db: Db;
  workspaceId: string;
  role: Role;
  input: { name?: string | undefined; timezone?: string | undefined };
}) {
  const { input } = options;
  const [workspace] = await options.db
    .update(workspaces)
    .set({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.timezone === undefined ? {} : { timezone: input.timezone }),
      updatedAt: sql`now()`,
    })
    .where(eq(workspaces.id, options.workspaceId))
    .returning({
      id: workspaces.id,
      name: workspaces.name,
      personal: workspaces.personal,
      timezone: workspaces.timezone,
      createdAt: workspaces.createdAt,
    });
  if (!workspace) throw notFound('Workspace');
  return { ...workspace, role: options.role };
}
