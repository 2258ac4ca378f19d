import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { socialAccounts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { platformNames } from '../../platforms/social-platform.js';
import { notify } from '../notifications/notify.js';

/**
 * Marks an account `needs_reconnect` and, if it was active until now, tells the workspace's owners and
 * admins in Listcast and by email — once per breakage, however many posts or refreshes ran into it.
 */
export async function markNeedsReconnect(
  tx: Executor,
  jobs: JobQueue,
  account: typeof socialAccounts.$inferSelect,
  reason: string,
) {
  const changed = await tx
    .update(socialAccounts)
    .set({ status: 'needs_reconnect', updatedAt: new Date() })
    .where(and(eq(socialAccounts.id, account.id), eq(socialAccounts.status, 'active')))
    .returning({ id: socialAccounts.id });
  if (changed.length === 0) return;
  const name = `${platformNames[account.platform]} @${account.handle}`;
  await notify({
    tx,
    jobs,
    workspaceId: account.workspaceId,
    audience: { roles: ['owner', 'admin'] },
    notice: {
      kind: 'account.needs_reconnect',
      title: `Reconnect ${name}`,
      body:
        `Listcast can no longer publish as ${name}: ${reason} ` +
        'Posts to it wait until you reconnect it in Listcast (Accounts → Connect), then go out by themselves.',
      subject: { accountId: account.id },
    },
    email: true,
  });
}
