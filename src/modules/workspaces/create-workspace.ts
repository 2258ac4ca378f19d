import type { Db, Executor } from '../../db/client.js';
import { brandKits, memberships, workspaces } from '../../db/schema.js';

/**
 * Inserts a workspace with its owner and an empty brand kit. Every workspace is born this way, so
 * a workspace without an owner or a brand kit never exists; callers pass their transaction.
 */
export async function insertWorkspace(options: {
  tx: Executor;
  /** Preset id, for a personal workspace whose owner row must name it first. */
  id?: string;
  ownerId: string;
  name: string;
  timezone?: string | undefined;
  personal: boolean;
  agentName?: string | undefined;
}) {
  const { tx } = options;
  const [workspace] = await tx
    .insert(workspaces)
    .values({
      ...(options.id ? { id: options.id } : {}),
      name: options.name,
      personal: options.personal,
      ...(options.timezone ? { timezone: options.timezone } : {}),
    })
    .returning();
  if (!workspace) throw new Error('workspace not created');
  await tx.insert(memberships).values({ workspaceId: workspace.id, userId: options.ownerId, role: 'owner' });
  await tx.insert(brandKits).values({ workspaceId: workspace.id, agentName: options.agentName ?? null });
  return workspace;
}

/** A shared (non-personal) workspace owned by the caller. */
export async function createWorkspace(options: {
  db: Db;
  userId: string;
  input: { name: string; timezone?: string | undefined };
}) {
  const workspace = await options.db.transaction((tx) =>
    insertWorkspace({
      tx,
      ownerId: options.userId,
      name: options.input.name,
      timezone: options.input.timezone,
      personal: false,
    }),
  );
  return {
    id: workspace.id,
    name: workspace.name,
    personal: workspace.personal,
    timezone: workspace.timezone,
    role: 'owner' as const,
    createdAt: workspace.createdAt,
  };
}
