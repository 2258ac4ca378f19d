import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { workspaces } from '../../db/schema.js';
import type { AuthContext } from '../../http/auth.js';
import { forbidden, notFound } from '../../lib/errors.js';

/** Managing people and keys is for signed-in people: an API key must not mint keys or change members. */
export function signedInUserId(auth: AuthContext): string {
  if (!auth.userId) throw forbidden('This needs a signed-in user, not an API key');
  return auth.userId;
}

/**
 * Locks the workspace row for the rest of the transaction. Membership and invitation changes take this
 * lock first, so two concurrent changes cannot both see "another owner remains" and leave none.
 * `no key update` still lets rows that merely reference the workspace be inserted meanwhile.
 */
export async function lockWorkspace(tx: Executor, workspaceId: string) {
  const [workspace] = await tx
    .select({ id: workspaces.id, name: workspaces.name, personal: workspaces.personal })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .for('no key update');
  if (!workspace) throw notFound('Workspace');
  return workspace;
}
