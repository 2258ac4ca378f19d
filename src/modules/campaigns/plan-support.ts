/** What every kind of campaign plan shares: its dependencies, the accounts' calendars, and saving it. */
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../ai/content.js';
import type { ContentModels } from '../../ai/models.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { socialAccounts } from '../../db/schema.js';
import { campaignPosts, campaigns, type CampaignKind, type PlanIssue } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import type { FileStorage } from '../../storage/file-storage.js';
import { checkText } from '../content/check-text.js';
import { listingLink, withListingLink } from '../landing/utm.js';
import type { MediaUrls } from '../media/signed-urls.js';
import { resolveScheduledAt } from '../posts/create-post.js';
import { bestTimesFor } from './best-times.js';
import { writeLog, type LogEntry } from './campaign-log.js';
import { campaignView } from './campaign-view.js';
import { existingLoad, type AccountSchedule } from './plan-times.js';
import { rulesOf } from './posting-rules.js';

export interface PlanDeps {
  db: Db;
  jobs: JobQueue;
  models: ContentModels;
  storage: FileStorage;
  urls: MediaUrls;
  config: Config;
  workspaceId: string;
  userId: string | null;
  /** The clock: "now" for every time decision of this plan. */
  now?: Date | undefined;
}

type AccountRow = typeof socialAccounts.$inferSelect;

/** A post of the plan before it is saved. */
export interface Draft {
  label: string;
  event: string | null;
  account: AccountRow;
  scheduledAt: Date;
  timeReason: string;
  variant: number;
  mediaKind: 'image' | 'carousel' | 'none';
  /** Which step or occurrence it belongs to (posts of one slot share their words). */
  slot: number;
  text: string;
  mediaIds: string[];
  firstComment: string | null;
  issues: PlanIssue[];
  contentSetId: string | null;
  price: number | null;
}

export const invalid = (field: string, message: string) =>
  new AppError('validation_failed', 'The request is not valid', {
    fields: [{ field: `body.${field}`, message }],
  });

export function startOf(value: string | undefined, timezone: string, now: Date): Date {
  if (!value) return now;
  try {
    return resolveScheduledAt(value, timezone, now);
  } catch (error) {
    if (error instanceof AppError) throw invalid('start', 'is in the past; leave it out to start now');
    throw error;
  }
}

/** Each account's rules, best hours and posts already scheduled: what placing its posts needs. */
export async function accountSchedules(
  deps: PlanDeps,
  accounts: AccountRow[],
  timezone: string,
  start: Date,
): Promise<Map<string, AccountSchedule>> {
  const ids = accounts.map((account) => account.id);
  const [rules, loads] = await Promise.all([
    rulesOf(deps.db, deps.workspaceId, ids),
    existingLoad(deps.db, ids, start, timezone),
  ]);
  const schedules = new Map<string, AccountSchedule>();
  for (const account of accounts) {
    const accountRules = rules.get(account.id)!;
    const best = await bestTimesFor(deps.db, account, {
      timezone,
      rules: accountRules,
      now: deps.now ?? new Date(),
    });
    schedules.set(account.id, {
      handle: account.handle,
      rules: accountRules,
      best,
      load: loads.get(account.id)!,
      placed: [],
    });
  }
  return schedules;
}

/** A person's own text, reviewed like generated text: compliance and the platform's limits. */
export async function reviewOwnText(
  db: Db,
  workspaceId: string,
  text: string,
  platform: Platform,
): Promise<PlanIssue[]> {
  const checked = await checkText({ db, workspaceId, text, platform });
  return [
    ...checked.issues.map((issue) => ({
      rule: `compliance.${issue.category}`,
      message: `${issue.reason}${issue.suggestion ? ` ${issue.suggestion}` : ''}`,
      severity: issue.severity,
    })),
    ...checked.limits.map((limit) => ({
      rule: `limits.${limit.code}`,
      message: limit.message,
      severity: 'error' as const,
    })),
  ];
}

/** Saves the campaign and its plan in one transaction, with the log of how it was made. */
export async function savePlan(
  deps: PlanDeps,
  values: {
    kind: CampaignKind;
    name: string;
    template: string;
    event: string | null;
    listingId: string | null;
    requireApproval: boolean;
    timezone: string;
    start: Date;
    accountIds: string[];
    triggerKey?: string | undefined;
  },
  drafts: Draft[],
  log: Omit<LogEntry, 'campaignId'>[],
) {
  // Ids chosen up front so each post's text can carry its own tagged link to the listing's page.
  const campaignId = randomUUID();
  const planned = drafts.map((draft) => {
    const id = randomUUID();
    if (!values.listingId) return { id, draft, text: draft.text };
    const link = listingLink({
      publicUrl: deps.config.publicUrl,
      listingId: values.listingId,
      source: draft.account.platform,
      campaignId,
      contentId: id,
    });
    return { id, draft, text: withListingLink(draft.text, draft.account.platform, link) };
  });
  const id = await deps.db.transaction(async (tx) => {
    const [campaign] = await tx
      .insert(campaigns)
      .values({
        id: campaignId,
        workspaceId: deps.workspaceId,
        listingId: values.listingId,
        kind: values.kind,
        name: values.name,
        template: values.template,
        event: values.event,
        requireApproval: values.requireApproval,
        timezone: values.timezone,
        startAt: values.start,
        accountIds: values.accountIds,
        triggerKey: values.triggerKey ?? null,
        createdBy: deps.userId,
      })
      .returning({ id: campaigns.id });
    await tx.insert(campaignPosts).values(
      planned.map(({ id: postId, draft, text }, position) => ({
        id: postId,
        workspaceId: deps.workspaceId,
        campaignId: campaign!.id,
        position,
        label: draft.label,
        event: draft.event,
        accountId: draft.account.id,
        text,
        mediaIds: draft.mediaIds,
        firstComment: draft.firstComment,
        scheduledAt: draft.scheduledAt,
        timeReason: draft.timeReason,
        price: draft.price,
        variant: draft.variant,
        mediaKind: draft.mediaKind,
        contentSetId: draft.contentSetId,
        issues: draft.issues,
      })),
    );
    await writeLog(
      tx,
      deps.workspaceId,
      log.map((entry) => ({ ...entry, campaignId: campaign!.id })),
    );
    return campaign!.id;
  });
  return campaignView(deps.db, deps.urls, deps.workspaceId, id);
}
