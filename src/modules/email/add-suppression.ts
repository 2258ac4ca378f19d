import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { emailSuppressions } from '../../db/schema.js';
import { normalizeAddress, suppressAddress } from './suppressions.js';

/**
 * Suppresses an address by hand. Nothing is sent to it from now on: queued emails are marked
 * `suppressed` when their turn comes, and follow-up sequences stop at their next step.
 */
export async function addSuppression(options: { db: Db; workspaceId: string; email: string }) {
  const { db, workspaceId } = options;
  const email = normalizeAddress(options.email);
  const { created } = await suppressAddress({ tx: db, workspaceId, email, reason: 'manual' });
  const [row] = await db
    .select({
      email: emailSuppressions.email,
      reason: emailSuppressions.reason,
      createdAt: emailSuppressions.createdAt,
    })
    .from(emailSuppressions)
    .where(and(eq(emailSuppressions.workspaceId, workspaceId), eq(emailSuppressions.email, email)));
  if (!row) throw new Error('suppression not stored');
  return { suppression: row, created };
}
