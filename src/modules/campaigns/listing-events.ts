/**
 * Listing events drive campaigns. In the transaction that changes the listing (update-listing.ts),
 * pending posts that became wrong are dealt with at once, so none of them can go out wrong: posts for
 * events the new status ends (an open house after a sale) are cancelled, posts made with another price
 * are held back as drafts. The slower part — rewriting held posts with the new facts and starting the
 * campaign the event calls for — is queued as the `campaigns.listing-event` job in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  campaignPosts,
  campaigns,
  postTargets,
  type AutomationTrigger,
  type ListingStatus,
} from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { formatPrice } from '../../ai/builtin-copywriter/phrasing.js';
import type { Listing } from '../listings/schemas.js';
import { writeLog } from './campaign-log.js';
import { cancelPostTargets, holdPost, lockedStatuses, pendingStatuses } from './post-bridge.js';

const earlier = ['coming_soon', 'just_listed', 'open_house', 'price_reduced'];
/** Which events' posts a new status makes wrong, and why. */
const retiredBy: Partial<Record<ListingStatus, { events: string[]; why: string }>> = {
  sold: { events: [...earlier, 'under_contract'], why: 'the listing sold' },
  under_contract: { events: earlier, why: 'the listing went under contract' },
  withdrawn: { events: [...earlier, 'under_contract', 'just_sold'], why: 'the listing was withdrawn' },
  active: { events: ['coming_soon'], why: 'the listing is on the market now' },
};

/** Which campaign a status change starts. */
function statusTrigger(before: ListingStatus, after: ListingStatus): AutomationTrigger | null {
  if (after === 'sold') return 'just_sold';
  if (after === 'under_contract') return 'under_contract';
  if (after === 'coming_soon') return 'coming_soon';
  if (after === 'active' && before === 'coming_soon') return 'just_listed';
  return null;
}

/**
 * Called by update-listing.ts in its transaction with the listing before and after. Campaign posts of
 * the listing that have not gone out are fixed here; the rest is queued (see the file comment).
 */
export async function onListingChanged(
  tx: Executor,
  jobs: JobQueue,
  change: { workspaceId: string; listingId: string; userId: string | null; before: Listing; after: Listing },
) {
  const { workspaceId, listingId, before, after } = change;
  const statusChanged = before.status !== after.status;
  const priceChanged = before.price !== after.price;
  const added = after.openHouses.filter(
    (slot) => !before.openHouses.some((old) => old.start === slot.start && old.end === slot.end),
  );
  if (!statusChanged && !priceChanged && added.length === 0) return;

  const rows = await tx
    .select({ row: campaignPosts, status: postTargets.status })
    .from(campaignPosts)
    .innerJoin(campaigns, eq(campaigns.id, campaignPosts.campaignId))
    .leftJoin(postTargets, eq(postTargets.postId, campaignPosts.postId))
    .where(
      and(
        eq(campaigns.workspaceId, workspaceId),
        eq(campaigns.listingId, listingId),
        ne(campaigns.status, 'cancelled'),
        isNull(campaignPosts.removedAt),
      ),
    );
  const linked = rows.flatMap(({ row }) => (row.postId ? [row.postId] : []));
  // Locked: a publish claim of one of these waits, then finds it changed.
  const statuses = await lockedStatuses(tx, linked);
  const pending = rows
    .map(({ row }) => ({ row, status: row.postId ? statuses.get(row.postId) : undefined }))
    .filter(({ row, status }) => !row.postId || (status !== undefined && pendingStatuses.includes(status)));

  const now = new Date();
  const retire = statusChanged ? retiredBy[after.status] : undefined;
  const log = [];
  let held = 0;
  for (const { row } of pending) {
    if (retire && row.event && retire.events.includes(row.event)) {
      const reason = `Cancelled because ${retire.why} (${before.status} → ${after.status}): a “${row.label}” post for ${row.event.replace('_', ' ')} no longer applies`;
      if (row.postId) await cancelPostTargets(tx, row.postId);
      await tx
        .update(campaignPosts)
        .set({ removedAt: now, removedReason: reason, updatedAt: now })
        .where(eq(campaignPosts.id, row.id));
      log.push({ campaignId: row.campaignId, campaignPostId: row.id, action: 'post.cancelled', reason });
    } else if (priceChanged && row.price !== null && row.price !== after.price) {
      const reason = `Shows the old price ${formatPrice(row.price)}; held back and rewritten with ${formatPrice(after.price)}`;
      if (row.postId) await holdPost(tx, row.postId);
      await tx
        .update(campaignPosts)
        .set({ heldReason: reason, updatedAt: now })
        .where(eq(campaignPosts.id, row.id));
      log.push({
        campaignId: row.campaignId,
        campaignPostId: row.id,
        action: 'post.held',
        reason,
        changes: { price: { from: row.price, to: after.price } },
      });
      held += 1;
    }
  }
  await writeLog(
    tx,
    workspaceId,
    log.map((entry) => ({ ...entry, listingId, actorId: change.userId, automation: true })),
  );

  const trigger =
    (statusChanged ? statusTrigger(before.status, after.status) : null) ??
    (priceChanged && after.price < before.price ? 'price_reduced' : null) ??
    (added.length > 0 && after.status !== 'sold' && after.status !== 'withdrawn' ? 'open_house' : null);
  if (trigger === null && held === 0) return;
  await jobs.enqueue(
    'campaigns.listing-event',
    {
      workspaceId,
      listingId,
      trigger,
      // One campaign per event, however often the job runs.
      triggerKey: `${trigger ?? 'fix'}:${randomUUID()}`,
      openHouse: trigger === 'open_house' ? added[0] : null,
    },
    { tx },
  );
}
