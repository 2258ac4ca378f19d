import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { emailSuppressions } from '../../db/schema.js';

export type SuppressionReason = (typeof emailSuppressions.$inferSelect)['reason'];

/** Addresses are compared lower-cased: `Ann@Example.com` and `ann@example.com` are one mailbox here. */
export const normalizeAddress = (address: string) => address.trim().toLowerCase();

/** True when the workspace must not email this address (unsubscribed, bounced, complaint, manual). */
export async function isSuppressed(tx: Executor, workspaceId: string, address: string): Promise<boolean> {
  const [row] = await tx
    .select({ email: emailSuppressions.email })
    .from(emailSuppressions)
    .where(
      and(
        eq(emailSuppressions.workspaceId, workspaceId),
        eq(emailSuppressions.email, normalizeAddress(address)),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Adds the address to the workspace's suppression list; an address already there keeps its first reason. */
export async function suppressAddress(options: {
  tx: Executor;
  workspaceId: string;
  email: string;
  reason: SuppressionReason;
}): Promise<{ created: boolean }> {
  const inserted = await options.tx
    .insert(emailSuppressions)
    .values({
      workspaceId: options.workspaceId,
      email: normalizeAddress(options.email),
      reason: options.reason,
    })
    .onConflictDoNothing()
    .returning({ email: emailSuppressions.email });
  return { created: inserted.length > 0 };
}
