import { and, eq, isNotNull, isNull, ne, inArray } from 'drizzle-orm';
import { formatPrice, formatPriceShort } from '../../ai/builtin-copywriter/phrasing.js';
import { campaignPosts, campaigns, posts, socialAccounts, type AutomationTrigger } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { listingLink, withListingLink } from '../landing/utm.js';
import { notify } from '../notifications/notify.js';
import { requireApproval } from '../posts/approvals.js';
import type { getListing } from '../listings/get-listing.js';
import { activateCampaign } from './activate-campaign.js';
import { getAutomationSettings } from './automation-settings.js';
import { writeLog } from './campaign-log.js';
import { fillListingDrafts, planListingCampaign } from './plan-listing-campaign.js';
import type { Draft, PlanDeps } from './plan-support.js';
import { lockedStatuses, schedulePostAt } from './post-bridge.js';

type Listing = Awaited<ReturnType<typeof getListing>>;

/** A person's own words keep their wording: only the price in them changes, in either of its forms. */
function repriced(text: string, from: number, to: number) {
  return text
    .replaceAll(formatPrice(from), formatPrice(to))
    .replaceAll(formatPriceShort(from), formatPriceShort(to));
}

/**
 * Rewrites the listing's held posts (made with an old price) for the listing as it is now: new words
 * and images from the studios (a person's edited text keeps its wording, with the price replaced), then
 * each goes back to where it was — scheduled at its time, or waiting for approval again when its
 * campaign requires approval. Each rewrite is logged with what changed.
 */
export async function rewriteHeldPosts(deps: PlanDeps, listing: Listing) {
  const { db, workspaceId } = deps;
  const now = deps.now ?? new Date();
  const rows = await db
    .select({ row: campaignPosts, campaign: campaigns, account: socialAccounts })
    .from(campaignPosts)
    .innerJoin(campaigns, eq(campaigns.id, campaignPosts.campaignId))
    .innerJoin(socialAccounts, eq(socialAccounts.id, campaignPosts.accountId))
    .where(
      and(
        eq(campaigns.workspaceId, workspaceId),
        eq(campaigns.listingId, listing.id),
        ne(campaigns.status, 'cancelled'),
        isNotNull(campaignPosts.heldReason),
        isNull(campaignPosts.removedAt),
      ),
    );
  for (const { row, campaign, account } of rows) {
    const draft: Pick<
      Draft,
      | 'event'
      | 'variant'
      | 'mediaKind'
      | 'account'
      | 'text'
      | 'issues'
      | 'mediaIds'
      | 'contentSetId'
      | 'price'
    > = {
      ...row,
      account,
    };
    await fillListingDrafts(deps, {
      listing,
      drafts: [draft],
      timezone: campaign.timezone,
      openHouse: undefined,
      now,
    });
    const link = listingLink({
      publicUrl: deps.config.publicUrl,
      listingId: listing.id,
      source: account.platform,
      campaignId: campaign.id,
      contentId: row.id,
    });
    const text =
      row.edited && row.price !== null
        ? repriced(row.text, row.price, listing.price)
        : withListingLink(draft.text, account.platform, link);
    const changes = {
      price: { from: row.price, to: listing.price },
      ...(text !== row.text ? { text: { from: row.text, to: text } } : {}),
      ...(JSON.stringify(draft.mediaIds) !== JSON.stringify(row.mediaIds)
        ? { mediaIds: { from: row.mediaIds, to: draft.mediaIds } }
        : {}),
    };
    await db.transaction(async (tx) => {
      // The campaign first, then its post: the order activation and approval lock them in.
      const [{ status: campaignStatus } = campaign] = await tx
        .select({ status: campaigns.status })
        .from(campaigns)
        .where(eq(campaigns.id, campaign.id))
        .for('update');
      const [current] = await tx
        .select()
        .from(campaignPosts)
        .where(eq(campaignPosts.id, row.id))
        .for('update');
      if (!current?.heldReason || current.removedAt) return; // done by another run, or removed meanwhile
      await tx
        .update(campaignPosts)
        .set({
          text,
          mediaIds: draft.mediaIds,
          issues: row.edited ? row.issues : draft.issues,
          contentSetId: draft.contentSetId,
          price: listing.price,
          heldReason: null,
          updatedAt: now,
        })
        .where(eq(campaignPosts.id, row.id));
      let outcome = 'kept as planned';
      if (row.postId) {
        const status = (await lockedStatuses(tx, [row.postId])).get(row.postId);
        await tx
          .update(posts)
          .set({ text, mediaIds: draft.mediaIds, updatedAt: now })
          .where(eq(posts.id, row.postId));
        if (status !== 'draft') outcome = `left ${status ?? 'as it was'}`;
        else if (campaign.requireApproval) {
          await requireApproval(tx, workspaceId, [row.postId], {
            jobs: deps.jobs,
            campaignId: campaign.id,
          });
          if (campaignStatus === 'active') {
            await tx
              .update(campaigns)
              .set({ status: 'pending_approval', updatedAt: now })
              .where(eq(campaigns.id, campaign.id));
            await notify({
              tx,
              jobs: deps.jobs,
              workspaceId,
              audience: { roles: ['owner', 'admin'] },
              notice: {
                kind: 'campaign.approval_requested',
                title: `A rewritten post of “${campaign.name}” waits for your approval`,
                body: `The listing's price changed to ${formatPrice(listing.price)}; the post was rewritten.`,
                subject: { campaignId: campaign.id },
              },
            });
          }
          outcome = 'waiting for approval again';
        } else if (campaignStatus === 'active') {
          await schedulePostAt(tx, deps.jobs, row.postId, row.scheduledAt, now);
          outcome = 'scheduled again';
        } else outcome = `left as a draft while the campaign is ${campaignStatus}`;
      }
      await writeLog(tx, workspaceId, [
        {
          campaignId: campaign.id,
          campaignPostId: row.id,
          listingId: listing.id,
          action: 'post.rewritten',
          reason: `Rewritten for the new price ${formatPrice(listing.price)} (was ${formatPrice(row.price ?? listing.price)}); ${outcome}`,
          changes,
          actorId: null,
          automation: true,
        },
      ]);
    });
  }
}

/**
 * Starts the campaign a listing event calls for, per the workspace's automation settings: a preview (and
 * editors are told), or activated at once — through the same planning and activation as a person's.
 */
export async function startTriggeredCampaign(
  deps: PlanDeps,
  event: {
    listing: Listing;
    trigger: AutomationTrigger;
    triggerKey: string;
    openHouse: { start: string; end: string } | null;
  },
) {
  const { db, workspaceId } = deps;
  const settings = await getAutomationSettings({ db, workspaceId });
  const template = settings.templates[event.trigger];
  if (!settings.enabled || !template) return;
  const [done] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.triggerKey, event.triggerKey)));
  if (done) return;
  const accounts =
    settings.accountIds?.length === 0
      ? []
      : await db
          .select({ id: socialAccounts.id })
          .from(socialAccounts)
          .where(
            and(
              eq(socialAccounts.workspaceId, workspaceId),
              eq(socialAccounts.status, 'active'),
              settings.accountIds ? inArray(socialAccounts.id, settings.accountIds) : undefined,
            ),
          );
  const log = (reason: string) =>
    db.transaction((tx) =>
      writeLog(tx, workspaceId, [
        {
          campaignId: null,
          listingId: event.listing.id,
          action: 'automation.skipped',
          reason,
          actorId: null,
          automation: true,
        },
      ]),
    );
  if (accounts.length === 0) return log(`No active account to start “${event.trigger}” on`);
  try {
    const view = await planListingCampaign({
      ...deps,
      listingId: event.listing.id,
      triggerKey: event.triggerKey,
      body: {
        template,
        accounts: accounts.map((account) => account.id),
        ...(event.openHouse ? { openHouse: event.openHouse } : {}),
      },
    });
    const activated = settings.activate ? await activateCampaign({ ...deps, id: view.id }) : view;
    await db.transaction((tx) =>
      notify({
        tx,
        jobs: deps.jobs,
        workspaceId,
        audience: { roles: ['owner', 'admin', 'editor'] },
        notice: {
          kind: 'campaign.started',
          title: `“${activated.name}” ${settings.activate ? 'started' : 'is ready to review'}`,
          body: `The listing changed (${event.trigger.replace('_', ' ')}): ${activated.posts.length} posts ${
            activated.status === 'pending_approval'
              ? 'wait for approval'
              : settings.activate
                ? 'are scheduled'
                : 'are planned; activate them when they look right'
          }.`,
          subject: { campaignId: activated.id, listingId: event.listing.id },
        },
      }),
    );
  } catch (error) {
    // A request automation cannot make (no account of the template's platforms…) is logged, not retried.
    if (error instanceof AppError && error.status < 500 && error.code !== 'not_ready')
      return log(`Not started: ${error.message}`);
    throw error;
  }
}
