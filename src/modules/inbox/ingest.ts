import { and, eq, sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/client.js';
import {
  brandKits,
  campaignPosts,
  campaigns,
  inboxMessages,
  inboxThreads,
  listings,
  postTargets,
  socialAccounts,
  type InboxIntent,
} from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { platformNames, type IncomingEngagement } from '../../platforms/social-platform.js';
import { emitEvent } from '../events/emit-event.js';
import { listingLink } from '../landing/utm.js';
import { findContactDetails } from '../leads/contact-details.js';
import { recordInteraction } from '../leads/record-interaction.js';
import { notify } from '../notifications/notify.js';
import type { AccountRow } from '../accounts/platform-access.js';
import {
  complianceProblem,
  decideAutoAction,
  fillTemplate,
  writeReply,
  type ReplyFacts,
} from './auto-reply.js';
import { engagementOf } from './settings.js';
import { triage, type Triage } from './triage/triage.js';

export const SEND_REPLY_JOB = 'inbox.send-reply';
export const MODERATE_JOB = 'inbox.moderate';

export interface IngestDeps {
  db: Db;
  jobs: JobQueue;
  config: Pick<Config, 'publicUrl' | 'SEQUENCE_TIME_SCALE'>;
}

export type IngestOutcome = 'new' | 'duplicate' | 'own' | 'unknown_account';

/** What shows interest in buying, renting or visiting: the person becomes a lead. */
const INTERESTED = new Set<InboxIntent>(['price_question', 'availability', 'showing_request', 'financing']);

/**
 * Engagement from a webhook, for every workspace that connected the account it names (one account can
 * be connected by a team and by an agent's own workspace).
 */
export async function ingestForPlatformAccount(
  deps: IngestDeps,
  event: IncomingEngagement,
  tx?: Executor,
): Promise<IngestOutcome[]> {
  const accounts = await (tx ?? deps.db)
    .select()
    .from(socialAccounts)
    .where(
      and(
        eq(socialAccounts.platform, event.platform),
        eq(socialAccounts.network, 'live'),
        eq(socialAccounts.externalId, event.accountExternalId),
      ),
    );
  if (accounts.length === 0) return ['unknown_account'];
  const outcomes: IngestOutcome[] = [];
  for (const account of accounts) outcomes.push(await ingestEngagement(deps, account, event, tx));
  return outcomes;
}

/**
 * One comment, mention or message into the inbox, in one transaction: its thread (found or started),
 * the message with its triage (a redelivery adds nothing), the person's lead when they show interest
 * (scored again), and what automation does — escalate to a person, hide spam, or queue one reply.
 */
export async function ingestEngagement(
  deps: IngestDeps,
  account: AccountRow,
  event: IncomingEngagement,
  /** A transaction of the caller's (a batch of events in one): else this opens its own. */
  within?: Executor,
): Promise<IngestOutcome> {
  if (event.fromAccount) return recordOwnMessage(within ?? deps.db, account, event);
  const triaged = event.text.trim() === '' ? mentionWithoutText() : triage(event.text);
  const located = await locatePost(within ?? deps.db, account.id, event.postExternalId);
  const root =
    event.kind === 'message'
      ? event.author.id
      : event.kind === 'comment'
        ? (event.parentExternalId ?? event.externalId)
        : event.externalId;
  const { db, jobs } = deps;
  const workspaceId = account.workspaceId;
  const inTransaction = (work: (tx: Executor) => Promise<IngestOutcome>) =>
    within ? work(within) : db.transaction(work);
  return inTransaction(async (tx) => {
    const [thread] = await tx
      .insert(inboxThreads)
      .values({
        workspaceId,
        accountId: account.id,
        platform: account.platform,
        kind: event.kind,
        externalId: root,
        postExternalId: event.postExternalId,
        ...located,
        authorId: event.author.id,
        authorHandle: event.author.handle,
        authorName: event.author.name,
        intent: triaged.intent,
        confidence: triaged.confidence,
        sentiment: triaged.sentiment.score,
        sentimentLabel: triaged.sentiment.label,
        lastMessageAt: event.at,
      })
      .onConflictDoUpdate({
        target: [inboxThreads.accountId, inboxThreads.kind, inboxThreads.externalId],
        // The thread shows its latest message's triage (a redelivery writes the same values again).
        set: {
          intent: triaged.intent,
          confidence: triaged.confidence,
          sentiment: triaged.sentiment.score,
          sentimentLabel: triaged.sentiment.label,
          lastMessageAt: sql`greatest(${inboxThreads.lastMessageAt}, excluded.last_message_at)`,
          updatedAt: new Date(),
        },
      })
      .returning();
    if (!thread) throw new Error('inbox thread not written');
    const [message] = await tx
      .insert(inboxMessages)
      .values({
        workspaceId,
        threadId: thread.id,
        accountId: account.id,
        direction: 'in',
        externalId: event.externalId,
        authorId: event.author.id,
        authorHandle: event.author.handle,
        authorName: event.author.name,
        text: event.text,
        intent: triaged.intent,
        confidence: triaged.confidence,
        sentiment: triaged.sentiment.score,
        sentimentLabel: triaged.sentiment.label,
        reasons: triaged.reasons,
        at: event.at,
      })
      .onConflictDoNothing()
      .returning({ id: inboxMessages.id });
    if (!message) return 'duplicate';

    const contact = findContactDetails(event.text);
    // Someone leaving their email or number is rarely a spammer, unless the text leaves no doubt.
    const gaveContact = contact.email !== null || contact.phone !== null;
    const spam = triaged.intent === 'spam' && (!gaveContact || triaged.confidence >= 0.6);
    const lead = spam
      ? null
      : await recordInteraction({
          tx,
          jobs,
          contact: {
            workspaceId,
            name: event.author.name || `@${event.author.handle}`,
            identity: {
              platform: account.platform,
              externalId: event.author.id,
              handle: event.author.handle,
            },
            email: contact.email,
            phone: contact.phone,
            source: event.kind,
            listingId: located.listingId,
            postId: located.postId,
            campaignId: located.campaignId,
          },
          create: INTERESTED.has(triaged.intent) || gaveContact,
          sequenceTimeScale: deps.config.SEQUENCE_TIME_SCALE,
          interaction: {
            kind: event.kind,
            summary: `${platformNames[account.platform]} ${event.kind}: ${snippet(event.text)}`,
            intent: triaged.intent,
            sentiment: triaged.sentiment.score,
            text: event.text,
            threadId: thread.id,
            sourceKey: `inbox:${message.id}`,
            at: event.at,
          },
        });

    const { settings, timeZone } = await engagementOf(tx, workspaceId);
    const action = decideAutoAction({
      settings,
      triage: triaged,
      platform: account.platform,
      threadKind: event.kind,
      fromThreadAuthor: event.author.id === thread.authorId,
      alreadyAutoReplied: thread.autoRepliedAt !== null,
      now: new Date(),
      timeZone,
    });
    const escalate = action.kind === 'escalate' ? action.reason : null;
    let reply: { text: string; private: boolean } | null = null;
    let complianceEscalation: string | null = null;
    if (action.kind === 'reply') {
      const facts = await replyFacts(
        tx,
        deps.config.publicUrl,
        account,
        located.listingId,
        event.author.name,
        timeZone,
      );
      const text =
        action.rule.mode === 'template' && action.rule.template
          ? fillTemplate(action.rule.template, facts)
          : writeReply(triaged.intent, facts);
      complianceEscalation = text ? complianceProblem(text) : null;
      if (text && !complianceEscalation) reply = { text, private: action.private };
    }
    const escalation = escalate ?? complianceEscalation;
    const status = escalation ? 'escalated' : thread.status === 'handled' ? 'open' : thread.status;
    const leadId = lead?.leadId ?? thread.leadId;
    if (status !== thread.status || leadId !== thread.leadId || escalation) {
      await tx
        .update(inboxThreads)
        .set({ leadId, status, escalationReason: escalation ?? undefined })
        .where(eq(inboxThreads.id, thread.id));
    }
    if (escalation) {
      await escalateThread(tx, jobs, account, thread, event, escalation);
    } else if (action.kind === 'hide') {
      await tx.update(inboxMessages).set({ hidden: true }).where(eq(inboxMessages.id, message.id));
      await jobs.enqueue(MODERATE_JOB, { messageId: message.id, hidden: true }, { tx });
    } else if (reply) {
      await queueAutoReply(tx, jobs, account, thread.id, reply);
    }
    await emitEvent({
      tx,
      jobs,
      workspaceId,
      kind: 'inbox.message',
      data: {
        threadId: thread.id,
        messageId: message.id,
        platform: account.platform,
        intent: triaged.intent,
        sentiment: triaged.sentiment.label,
        leadId: lead?.leadId ?? null,
      },
    });
    return 'new';
  });
}

/** A mention arrives without its text (Instagram sends ids only): nothing to triage yet. */
const mentionWithoutText = (): Triage => ({
  intent: 'other',
  confidence: 0,
  sentiment: { score: 0, label: 'neutral' },
  reasons: ['no text'],
});

const snippet = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `"${flat.slice(0, 117)}…"` : `"${flat}"`;
};

/** Which post, campaign and listing a platform post id is, when Listcast published it. */
async function locatePost(db: Executor, accountId: string, postExternalId: string | null) {
  const none = { postId: null, campaignId: null, listingId: null };
  if (!postExternalId) return none;
  const [row] = await db
    .select({ postId: postTargets.postId, campaignId: campaigns.id, listingId: campaigns.listingId })
    .from(postTargets)
    .leftJoin(campaignPosts, eq(campaignPosts.postId, postTargets.postId))
    .leftJoin(campaigns, eq(campaigns.id, campaignPosts.campaignId))
    .where(and(eq(postTargets.accountId, accountId), eq(postTargets.externalId, postExternalId)))
    .limit(1);
  return row ?? none;
}

/** The account's own reply seen again (a webhook echo, or written in the platform's app). */
async function recordOwnMessage(
  db: Db,
  account: AccountRow,
  event: IncomingEngagement,
): Promise<IngestOutcome> {
  const root = event.kind === 'message' ? null : (event.parentExternalId ?? event.externalId);
  if (!root) return 'own';
  const [thread] = await db
    .select({ id: inboxThreads.id })
    .from(inboxThreads)
    .where(and(eq(inboxThreads.accountId, account.id), eq(inboxThreads.externalId, root)))
    .limit(1);
  if (!thread) return 'own';
  await db
    .insert(inboxMessages)
    .values({
      workspaceId: account.workspaceId,
      threadId: thread.id,
      accountId: account.id,
      direction: 'out',
      externalId: event.externalId,
      authorId: event.author.id,
      authorHandle: event.author.handle,
      authorName: event.author.name,
      text: event.text,
      replyMode: 'public',
      status: 'sent',
      at: event.at,
    })
    .onConflictDoNothing();
  return 'own';
}

/** What a reply may state: the listing's facts, its page (tagged for the platform), the agent, the name. */
export async function replyFacts(
  tx: Executor,
  publicUrl: string,
  account: AccountRow,
  listingId: string | null,
  name: string,
  timeZone: string,
): Promise<ReplyFacts> {
  const [listing] = listingId ? await tx.select().from(listings).where(eq(listings.id, listingId)) : [];
  const [kit] = await tx
    .select({ agentName: brandKits.agentName })
    .from(brandKits)
    .where(eq(brandKits.workspaceId, account.workspaceId));
  const now = Date.now();
  return {
    name,
    agent: kit?.agentName ?? null,
    link: listing
      ? listingLink({ publicUrl, listingId: listing.id, source: account.platform, medium: 'reply' })
      : null,
    listing: listing
      ? {
          street: listing.street,
          city: listing.city,
          price: listing.price,
          status: listing.status,
          openHouses: listing.openHouses
            .filter((openHouse) => Date.parse(openHouse.start) > now)
            .map((openHouse) => formatOpenHouse(openHouse.start, openHouse.end, timeZone)),
        }
      : null,
  };
}

function formatOpenHouse(start: string, end: string, timeZone: string) {
  const day = new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    timeZone,
  });
  const time = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone });
  return `${day.format(new Date(start))}, ${time.format(new Date(start))}–${time.format(new Date(end))}`;
}

async function escalateThread(
  tx: Executor,
  jobs: JobQueue,
  account: AccountRow,
  thread: typeof inboxThreads.$inferSelect,
  event: IncomingEngagement,
  reason: string,
) {
  await notify({
    tx,
    jobs,
    workspaceId: account.workspaceId,
    audience: thread.assigneeId ? { userIds: [thread.assigneeId] } : { roles: ['owner', 'admin', 'editor'] },
    notice: {
      kind: 'inbox_escalated',
      title: `Needs a person: @${event.author.handle} on ${platformNames[account.platform]}`,
      body: `${reason}. ${snippet(event.text)}`,
      subject: { threadId: thread.id },
    },
  });
  await emitEvent({
    tx,
    jobs,
    workspaceId: account.workspaceId,
    kind: 'inbox.escalated',
    data: { threadId: thread.id, reason, platform: account.platform },
  });
}

/**
 * Queues the thread's one automatic reply. The claim on `auto_replied_at` is what makes it one: a
 * second message racing this one finds it taken.
 */
async function queueAutoReply(
  tx: Executor,
  jobs: JobQueue,
  account: AccountRow,
  threadId: string,
  reply: { text: string; private: boolean },
) {
  const claimed = await tx
    .update(inboxThreads)
    .set({ autoRepliedAt: new Date() })
    .where(and(eq(inboxThreads.id, threadId), sql`${inboxThreads.autoRepliedAt} is null`))
    .returning({ id: inboxThreads.id });
  if (claimed.length === 0) return;
  const [message] = await tx
    .insert(inboxMessages)
    .values({
      workspaceId: account.workspaceId,
      threadId,
      accountId: account.id,
      direction: 'out',
      authorId: account.externalId,
      authorHandle: account.handle,
      authorName: account.displayName,
      text: reply.text,
      replyMode: reply.private ? 'private' : 'public',
      auto: true,
      status: 'sending',
      at: new Date(),
    })
    .returning({ id: inboxMessages.id });
  if (!message) throw new Error('reply not written');
  await jobs.enqueue(SEND_REPLY_JOB, { messageId: message.id }, { tx });
}
