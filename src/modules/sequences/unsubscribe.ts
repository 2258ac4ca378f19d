import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { brandKits, leadEvents, leads } from '../../db/schema.js';
import { isSuppressed, suppressAddress } from '../email/suppressions.js';
import { stopSequences } from './sequences.js';

export interface UnsubscribeView {
  /** Who the emails came from: the agent, else the brokerage, else null. */
  sender: string | null;
  unsubscribed: boolean;
}

async function senderOf(db: Executor, workspaceId: string): Promise<string | null> {
  const [kit] = await db
    .select({ agentName: brandKits.agentName, brokerage: brandKits.brokerage })
    .from(brandKits)
    .where(eq(brandKits.workspaceId, workspaceId));
  return [kit?.agentName, kit?.brokerage].filter(Boolean).join(', ') || null;
}

/** What the confirmation page shows for a lead: who writes to them, and whether they are already out. */
export async function unsubscribeStatus(options: {
  db: Db;
  leadId: string;
}): Promise<UnsubscribeView | null> {
  const { db } = options;
  const [lead] = await db
    .select({ workspaceId: leads.workspaceId, email: leads.email })
    .from(leads)
    .where(eq(leads.id, options.leadId));
  if (!lead) return null;
  return {
    sender: await senderOf(db, lead.workspaceId),
    unsubscribed: lead.email ? await isSuppressed(db, lead.workspaceId, lead.email) : false,
  };
}

/**
 * The lead asked for no more email (the link in every follow-up, or their mail client's one-click
 * button): their address is suppressed in the workspace, their sequences stop, and the timeline says
 * so — once; unsubscribing again changes nothing. Null when the lead no longer exists.
 */
export async function unsubscribeLead(options: { db: Db; leadId: string }): Promise<UnsubscribeView | null> {
  const { db, leadId } = options;
  return db.transaction(async (tx) => {
    const [lead] = await tx
      .select({ workspaceId: leads.workspaceId, email: leads.email })
      .from(leads)
      .where(eq(leads.id, leadId));
    if (!lead) return null;
    const { workspaceId } = lead;
    const { created } = lead.email
      ? await suppressAddress({ tx, workspaceId, email: lead.email, reason: 'unsubscribed' })
      : { created: true };
    await stopSequences({ tx, workspaceId, leadId, reason: 'unsubscribed' });
    if (created) {
      await tx
        .insert(leadEvents)
        .values({
          workspaceId,
          leadId,
          kind: 'unsubscribed',
          summary: lead.email ? `Unsubscribed ${lead.email} from follow-up email` : 'Unsubscribed from email',
          // With an address, `created` already makes it once per suppression; without, once ever.
          sourceKey: lead.email ? `unsubscribed:${lead.email}:${new Date().toISOString()}` : 'unsubscribed',
          data: { email: lead.email },
        })
        .onConflictDoNothing();
    }
    return { sender: await senderOf(tx, workspaceId), unsubscribed: true };
  });
}
