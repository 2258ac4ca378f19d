import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { workspaces, type Role } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

/** The current workspace as the caller sees it. */
export async function getWorkspace(options: { db: Db; workspaceId: string; role: Role }) {
  const [workspace] = await options.db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      personal: workspaces.personal,
      timezone: workspaces.timezone,
      createdAt: workspaces.createdAt,
    })
    .from(workspaces)
    .where(eq(workspaces.id, options.workspaceId));
  if (!workspace) throw notFound('Workspace');
  return { ...workspace, role: options.role };
}
