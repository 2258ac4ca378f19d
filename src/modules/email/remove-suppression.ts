import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { emailSuppressions } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { normalizeAddress } from './suppressions.js';

/**
 * Lets the workspace email an address again (say, someone who unsubscribed by mistake asked to be back).
 * Sequences stopped by the suppression stay stopped; a new one has to be started.
 */
export async function removeSuppression(options: { db: Db; workspaceId: string; email: string }) {
  const deleted = await options.db
    .delete(emailSuppressions)
    .where(
      and(
        eq(emailSuppressions.workspaceId, options.workspaceId),
        eq(emailSuppressions.email, normalizeAddress(options.email)),
      ),
    )
    .returning({ email: emailSuppressions.email });
  if (deleted.length === 0) throw notFound('Suppression');
}
