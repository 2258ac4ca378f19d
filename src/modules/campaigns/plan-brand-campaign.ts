import type { Platform } from '../../ai/content.js';
import { workspaceTimeZone } from '../content/brief.js';
import { resolveScheduledAt } from '../posts/create-post.js';
import { accountsOf, mediaOf } from '../posts/repository.js';
import { automationApproval } from './automation-settings.js';
import { brandWords, postOf } from './campaign-content.js';
import type { LogEntry } from './campaign-log.js';
import {
  accountSchedules,
  invalid,
  reviewOwnText,
  savePlan,
  startOf,
  type Draft,
  type PlanDeps,
} from './plan-support.js';
import { addDays, localDate, placePost } from './plan-times.js';
import { occurrenceDates } from './recurrence.js';
import type { BrandCampaignBody } from './schemas.js';
import { assertKind, resolveTemplate } from './template-repository.js';

/** How many different wordings a repeating topic-based plan rotates through. */
const ROTATING_VARIANTS = 3;

/**
 * A brand campaign (no listing) from a brand template: launch steps, or weekly tips and evergreen posts
 * that repeat until a date or a count — each occurrence placed on its local date in the campaign's zone,
 * so a weekly 9:00 stays 9:00 across DST. Words come from your own `items` (used in turn) or from the
 * copywriter for a topic and brief; images from `mediaIds` (or each item's own).
 */
export async function planBrandCampaign(deps: PlanDeps & { body: BrandCampaignBody }) {
  const { db, workspaceId, body } = deps;
  const now = deps.now ?? new Date();
  const template = await resolveTemplate(db, workspaceId, body.template);
  assertKind(template, 'brand');
  const accounts = await accountsOf(db, workspaceId, body.accounts);
  await mediaOf(db, workspaceId, [...body.mediaIds, ...(body.items ?? []).flatMap((item) => item.mediaIds)]);
  const timezone = body.timezone ?? (await workspaceTimeZone(db, workspaceId));
  const start = startOf(body.start, timezone, now);
  const until = body.until ? resolveScheduledAt(body.until, timezone, new Date(0)) : undefined;
  if (until && until < start) throw invalid('until', 'is before the start');

  // Slots: the template's steps, then one per occurrence of its recurrence.
  const firstDay = localDate(start, timezone);
  const slots: { label: string; date: string; at: string; platforms: Platform[]; variant: number }[] =
    template.steps.map((step) => ({
      label: step.label,
      date: addDays(firstDay, step.day),
      at: step.at,
      platforms: step.platforms,
      variant: step.variant,
    }));
  if (template.recurrence) {
    const dates = occurrenceDates(template.recurrence, firstDay, {
      count: body.count,
      untilDate: until ? localDate(until, timezone) : undefined,
    });
    for (const [index, date] of dates.entries()) {
      slots.push({
        label: `${template.name} #${index + 1}`,
        date,
        at: template.recurrence.at,
        platforms: template.recurrence.platforms,
        variant: (index % ROTATING_VARIANTS) + 1,
      });
    }
  }

  const schedules = await accountSchedules(deps, accounts, timezone, start);
  const drafts: Draft[] = [];
  const log: Omit<LogEntry, 'campaignId'>[] = [];
  for (const [slot, planned] of slots.entries()) {
    for (const account of accounts.filter((candidate) => planned.platforms.includes(candidate.platform))) {
      const placed = placePost({
        schedule: schedules.get(account.id)!,
        date: planned.date,
        at: planned.at,
        start,
        timezone,
      });
      if (!placed || (until && placed.at > until)) {
        log.push({
          action: 'step.skipped',
          reason: `${planned.label}: no room on @${account.handle} before the end`,
          actorId: deps.userId,
        });
        continue;
      }
      const item = body.items?.[slot % body.items.length];
      drafts.push({
        label: planned.label,
        event: null,
        account,
        scheduledAt: placed.at,
        timeReason: placed.reason,
        variant: planned.variant,
        mediaKind: 'none',
        slot,
        text: item?.text ?? '',
        mediaIds: item?.mediaIds.length ? item.mediaIds : body.mediaIds,
        firstComment: null,
        issues: [],
        contentSetId: null,
        price: null,
      });
    }
  }
  if (drafts.length === 0) {
    const wanted = [...new Set(slots.flatMap((slot) => slot.platforms))].join(', ');
    throw invalid('accounts', `none of these accounts gets a post: "${template.name}" posts to ${wanted}`);
  }

  if (body.items) {
    const reviewed = new Map<string, Draft['issues']>();
    for (const draft of drafts) {
      const key = `${draft.account.platform}\u0000${draft.text}`;
      if (!reviewed.has(key))
        reviewed.set(key, await reviewOwnText(db, workspaceId, draft.text, draft.account.platform));
      draft.issues = reviewed.get(key)!;
    }
  } else {
    const platforms = [...new Set(drafts.map((draft) => draft.account.platform))];
    const sets = new Map<number, Awaited<ReturnType<typeof brandWords>>>();
    for (const draft of drafts) {
      if (!sets.has(draft.variant)) {
        sets.set(
          draft.variant,
          await brandWords(deps, {
            topic: body.topic!,
            brief: body.brief!,
            platforms,
            variant: draft.variant,
          }),
        );
      }
      const set = sets.get(draft.variant)!;
      Object.assign(draft, postOf(set, draft.account.platform), { contentSetId: set.id });
    }
  }

  const approval = await automationApproval(db, workspaceId);
  return savePlan(
    deps,
    {
      kind: 'brand',
      name: body.name ?? `${template.name}${body.topic ? `: ${body.topic}` : ''}`,
      template: template.ref,
      event: null,
      listingId: null,
      requireApproval: approval || (body.requireApproval ?? false),
      timezone,
      start,
      accountIds: accounts.map((account) => account.id),
    },
    drafts,
    [
      {
        action: 'campaign.planned',
        reason: `${drafts.length} posts planned from "${template.name}"`,
        actorId: deps.userId,
      },
      ...log,
    ],
  );
}
