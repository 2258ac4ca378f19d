import type { ContentEvent } from '../../ai/content.js';
import type { ImageFormat } from '../../creative/social/formats.js';
import { getBrandKit } from '../brand-kit/get-brand-kit.js';
import { eventDetails, workspaceTimeZone } from '../content/brief.js';
import { getContentSettings } from '../content/settings.js';
import { getListing } from '../listings/get-listing.js';
import { accountsOf } from '../posts/repository.js';
import { automationApproval } from './automation-settings.js';
import { listingWords, postOf } from './campaign-content.js';
import { eventImages, formatOf, type EventImages, type ImageNeeds } from './campaign-images.js';
import type { LogEntry } from './campaign-log.js';
import { accountSchedules, invalid, savePlan, startOf, type Draft, type PlanDeps } from './plan-support.js';
import { addDays, localDate, placePost } from './plan-times.js';
import type { ListingCampaignBody } from './schemas.js';
import { assertKind, resolveTemplate } from './template-repository.js';

type Listing = Awaited<ReturnType<typeof getListing>>;

function nextOpenHouse(listing: Listing, after: Date) {
  return listing.openHouses
    .filter((slot) => Date.parse(slot.end) > after.getTime())
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0];
}

/**
 * "Start marketing": a preview plan of a listing campaign from a template — every post with its words
 * (content studio), images (creative studio) and time (best-time aware, in the campaign's zone, out of
 * quiet hours, within daily caps). Everything a request can get wrong is checked before anything is
 * written; nothing is scheduled until the campaign is activated.
 */
export async function planListingCampaign(
  deps: PlanDeps & {
    listingId: string;
    body: ListingCampaignBody;
    /** Set by automation: the listing event that started it (one campaign per event). */
    triggerKey?: string;
  },
) {
  const { db, workspaceId, body } = deps;
  const now = deps.now ?? new Date();
  const listing = await getListing({ db, workspaceId, id: deps.listingId });
  const template = await resolveTemplate(db, workspaceId, body.template);
  assertKind(template, 'listing');
  const accounts = await accountsOf(db, workspaceId, body.accounts);
  const timezone = body.timezone ?? (await workspaceTimeZone(db, workspaceId));
  const start = startOf(body.start, timezone, now);

  const eventOf = (step: { event: string | null }) => (step.event ?? template.event) as ContentEvent;
  const events = [...new Set(template.steps.map(eventOf))];
  const needsSlot =
    template.steps.some((step) => step.anchor === 'open_house') || events.includes('open_house');
  const openHouse = needsSlot ? (body.openHouse ?? nextOpenHouse(listing, start)) : undefined;
  if (needsSlot && !openHouse)
    throw invalid('openHouse', 'is required: the listing has no upcoming open house');
  // Each event's facts must exist (an earlier price for a reduction…): 400 now, before anything is written.
  for (const event of events) eventDetails(listing, { event, openHouse }, timezone, now);

  const schedules = await accountSchedules(deps, accounts, timezone, start);
  const drafts: Draft[] = [];
  const log: Omit<LogEntry, 'campaignId'>[] = [];
  const skip = (label: string, why: string) =>
    log.push({
      action: 'step.skipped',
      reason: `${label}: ${why}`,
      listingId: listing.id,
      actorId: deps.userId,
    });
  const firstDay = localDate(start, timezone);
  for (const [slot, step] of template.steps.entries()) {
    const anchor = step.anchor === 'start' ? firstDay : localDate(new Date(openHouse!.start), timezone);
    const date = addDays(anchor, step.day);
    for (const account of accounts.filter((candidate) => step.platforms.includes(candidate.platform))) {
      if (date < firstDay) {
        skip(step.label, `${date} is before the campaign starts`);
        continue;
      }
      const placed = placePost({ schedule: schedules.get(account.id)!, date, at: step.at, start, timezone });
      if (!placed) {
        skip(step.label, `no room on @${account.handle} for two weeks from ${date} (daily cap)`);
        continue;
      }
      if (step.anchor === 'open_house' && placed.at.getTime() >= Date.parse(openHouse!.end)) {
        skip(step.label, `on @${account.handle} it would fall after the open house`);
        continue;
      }
      drafts.push({
        label: step.label,
        event: eventOf(step),
        account,
        scheduledAt: placed.at,
        timeReason: placed.reason,
        variant: step.variant,
        mediaKind: step.media === 'carousel' && account.platform !== 'instagram' ? 'image' : step.media,
        slot,
        text: '',
        mediaIds: [],
        firstComment: null,
        issues: [],
        contentSetId: null,
        price: listing.price,
      });
    }
  }
  if (drafts.length === 0) {
    const wanted = [...new Set(template.steps.flatMap((step) => step.platforms))].join(', ');
    throw invalid(
      'accounts',
      `none of these accounts gets a post: "${template.name}" posts to ${wanted}, from the start on`,
    );
  }

  await fillListingDrafts(deps, { listing, drafts, timezone, openHouse, now });
  const approval = await automationApproval(db, workspaceId);
  return savePlan(
    deps,
    {
      kind: 'listing',
      name: body.name ?? `${template.name}: ${listing.address.street}`,
      template: template.ref,
      event: template.event,
      listingId: listing.id,
      requireApproval: approval || (body.requireApproval ?? false),
      timezone,
      start,
      accountIds: accounts.map((account) => account.id),
      triggerKey: deps.triggerKey,
    },
    drafts,
    [
      {
        action: 'campaign.planned',
        reason: `${drafts.length} posts planned from "${template.name}"${deps.triggerKey ? ' after a listing event' : ''}`,
        listingId: listing.id,
        actorId: deps.userId,
        automation: deps.triggerKey !== undefined,
      },
      ...log,
    ],
  );
}

/**
 * Gives planned listing posts their words and images, for the listing as it is now: used when planning
 * and again when a listing change (a new price) makes pending posts wrong.
 */
export async function fillListingDrafts(
  deps: PlanDeps,
  options: {
    listing: Listing;
    drafts: Pick<
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
    >[];
    timezone: string;
    openHouse: { start: string; end: string } | undefined;
    now: Date;
  },
) {
  const { listing, drafts, timezone, openHouse, now } = options;
  const words = new Map<string, Awaited<ReturnType<typeof listingWords>>>();
  for (const draft of drafts) {
    const key = `${draft.event}:${draft.variant}`;
    if (words.has(key)) continue;
    words.set(
      key,
      await listingWords(deps, {
        listingId: listing.id,
        event: draft.event as ContentEvent,
        variant: draft.variant,
        timeZone: timezone,
        openHouse,
        now,
      }),
    );
  }

  const needs = new Map<string, ImageNeeds>();
  for (const draft of drafts) {
    if (draft.mediaKind === 'none') continue;
    const need = needs.get(draft.event!) ?? { formats: new Set<ImageFormat>(), carousel: false };
    if (draft.mediaKind === 'carousel') need.carousel = true;
    else need.formats.add(formatOf[draft.account.platform]);
    needs.set(draft.event!, need);
  }
  const [kit, settings] = await Promise.all([
    getBrandKit({ db: deps.db, workspaceId: deps.workspaceId }),
    getContentSettings({ db: deps.db, workspaceId: deps.workspaceId }),
  ]);
  const freshSince = new Date(Math.max(listing.updatedAt.getTime(), kit.updatedAt.getTime()));
  const images = new Map<string, EventImages>();
  for (const [event, need] of needs) {
    images.set(
      event,
      await eventImages(
        { ...deps, imageModel: deps.models.images, prices: deps.models.prices },
        {
          listingId: listing.id,
          event: event as ContentEvent,
          needs: need,
          freshSince,
          look: listing.price >= settings.luxuryThreshold ? 'luxury' : 'standard',
          timeZone: timezone,
          openHouse,
          now,
        },
      ),
    );
  }

  for (const draft of drafts) {
    const set = words.get(`${draft.event}:${draft.variant}`)!;
    const post = postOf(set, draft.account.platform);
    draft.text = post.text;
    draft.issues = post.issues;
    draft.contentSetId = set.id;
    draft.price = listing.price;
    const eventImagesOf = images.get(draft.event!);
    draft.mediaIds =
      draft.mediaKind === 'none'
        ? []
        : draft.mediaKind === 'carousel'
          ? (eventImagesOf?.get('carousel') ?? [])
          : (eventImagesOf?.get(formatOf[draft.account.platform])?.slice(0, 1) ?? []);
  }
}
