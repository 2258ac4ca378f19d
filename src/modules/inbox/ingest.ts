import { and, eq, sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/client.js';
import { insertJsonRows } from '../../db/json-rows.js';
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
  type ThreadStatus,
} from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { platformNames, type IncomingEngagement } from '../../platforms/social-platform.js';
import { emitEvents, type WorkspaceEvent } from '../events/emit-event.js';
import { listingLink } from '../landing/utm.js';
import { findContactDetails } from '../leads/contact-details.js';
import { recordInteractions, type InteractionInput } from '../leads/record-interaction.js';
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
 * Engagement from webhooks, for every workspace that connected the account each names (one account can
 * be connected by a team and by an agent's own workspace): the accounts found in one statement, then
 * all of it ingested together. Returns each event's outcomes (one per workspace), in order.
 */
export async function ingestForPlatformAccounts(
  deps: IngestDeps,
  events: IncomingEngagement[],
  tx: Executor,
): Promise<IngestOutcome[][]> {
  if (events.length === 0) return [];
  const wanted = JSON.stringify(
    events.map((event) => ({ platform: event.platform, external_id: event.accountExternalId })),
  );
  const accounts = await tx
    .select()
    .from(socialAccounts)
    .where(
      and(
        eq(socialAccounts.network, 'live'),
        sql`(${socialAccounts.platform}, ${socialAccounts.externalId}) in
          (select v.platform, v.external_id
             from jsonb_to_recordset(${wanted}::jsonb) as v(platform text, external_id text))`,
      ),
    );
  const pairs = events.flatMap((event) =>
    accounts
      .filter(
        (account) => account.platform === event.platform && account.externalId === event.accountExternalId,
      )
      .map((account) => ({ account, event })),
  );
  const outcomes = await ingestEngagements(deps, pairs, tx);
  return events.map((event) => {
    const mine = pairs.flatMap((pair, index) => (pair.event === event ? [outcomes[index]!] : []));
    return mine.length > 0 ? mine : ['unknown_account'];
  });
}

/** One comment, mention or message into the inbox, in one transaction (see ingestEngagements). */
export async function ingestEngagement(
  deps: IngestDeps,
  account: AccountRow,
  event: IncomingEngagement,
  /** A transaction of the caller's: else this opens its own. */
  within?: Executor,
): Promise<IngestOutcome> {
  const run = async (tx: Executor) => (await ingestEngagements(deps, [{ account, event }], tx))[0]!;
  return within ? run(within) : deps.db.transaction(run);
}

/** What ingesting needs of a thread, and changes as its messages are handled. */
interface ThreadState {
  id: string;
  authorId: string;
  status: ThreadStatus;
  leadId: string | null;
  assigneeId: string | null;
  autoRepliedAt: Date | null;
}

/**
 * Comments, mentions and messages into the inbox, in the caller's transaction, with a few statements
 * for all of them: each thread found or started (one upsert), each message with its triage (one
 * insert; a redelivery adds nothing), the people's leads when they show interest (scored again; see
 * recordInteractions), and what automation does for each new message, in order — escalate to a
 * person, hide spam, or queue one reply — with the threads' new state written in one update.
 */
export async function ingestEngagements(
  deps: IngestDeps,
  pairs: { account: AccountRow; event: IncomingEngagement }[],
  tx: Executor,
): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = pairs.map(() => 'own');
  const incoming = pairs.flatMap(({ account, event }, index) => {
    if (event.fromAccount) return [];
    const triaged = event.text.trim() === '' ? mentionWithoutText() : triage(event.text);
    const root = threadRoot(event);
    return [{ index, account, event, triaged, root, threadKey: `${account.id}:${event.kind}:${root}` }];
  });
  if (incoming.length > 0) await ingestIncoming(deps, incoming, outcomes, tx);
  // The account's own replies last, so a reply finds the thread its comment just started.
  for (const [index, { account, event }] of pairs.entries()) {
    if (event.fromAccount) outcomes[index] = await recordOwnMessage(tx, account, event);
  }
  return outcomes;
}

async function ingestIncoming(
  deps: IngestDeps,
  incoming: (Incoming & { index: number })[],
  outcomes: IngestOutcome[],
  tx: Executor,
) {
  const { jobs } = deps;

  const located = await locatePosts(tx, incoming);
  const threads = await upsertThreads(tx, incoming, located);
  const messages = (
    await insertJsonRows(
      tx,
      inboxMessages,
      incoming.map(({ account, event, triaged, threadKey }) => ({
        workspaceId: account.workspaceId,
        threadId: threads.get(threadKey)!.id,
        accountId: account.id,
        direction: 'in' as const,
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
      })),
      sql`on conflict do nothing returning id, account_id, external_id`,
    )
  ).map((row) => ({
    id: String(row.id),
    accountId: String(row.account_id),
    externalId: String(row.external_id),
  }));
  // The first of two identical deliveries in one group is the new one; the other is a duplicate.
  const fresh = incoming.flatMap((item) => {
    const at = messages.findIndex(
      (message) => message.accountId === item.account.id && message.externalId === item.event.externalId,
    );
    if (at < 0) {
      outcomes[item.index] = 'duplicate';
      return [];
    }
    const [message] = messages.splice(at, 1);
    outcomes[item.index] = 'new';
    return [{ ...item, messageId: message!.id, located: located(item) }];
  });

  const leads = await recordInteractions({
    tx,
    jobs,
    sequenceTimeScale: deps.config.SEQUENCE_TIME_SCALE,
    items: fresh.flatMap((item) => (isSpam(item) ? [] : [interactionOf(item, threads.get(item.threadKey)!)])),
  });
  const leadOf = new Map<string, string>();
  fresh
    .filter((item) => !isSpam(item))
    .forEach((item, index) => {
      const lead = leads[index];
      if (lead) leadOf.set(item.messageId, lead.leadId);
    });

  const events: WorkspaceEvent[] = [];
  const changed = new Set<string>();
  const escalationOf = new Map<string, string>();
  for (const item of fresh) {
    const { account, event, triaged, messageId } = item;
    const thread = threads.get(item.threadKey)!;
    const { settings, timeZone } = await engagementOf(tx, account.workspaceId);
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
    let reply: { text: string; private: boolean } | null = null;
    let complianceEscalation: string | null = null;
    if (action.kind === 'reply') {
      const facts = await replyFacts(
        tx,
        deps.config.publicUrl,
        account,
        item.located.listingId,
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
    const escalation = (action.kind === 'escalate' ? action.reason : null) ?? complianceEscalation;
    const status = escalation ? 'escalated' : thread.status === 'handled' ? 'open' : thread.status;
    const leadId = leadOf.get(messageId) ?? thread.leadId;
    if (status !== thread.status || leadId !== thread.leadId || escalation) {
      thread.status = status;
      thread.leadId = leadId;
      if (escalation) escalationOf.set(thread.id, escalation);
      changed.add(item.threadKey);
    }
    if (escalation) {
      events.push(await escalateThread(tx, jobs, account, thread, event, escalation));
    } else if (action.kind === 'hide') {
      await tx.update(inboxMessages).set({ hidden: true }).where(eq(inboxMessages.id, messageId));
      await jobs.enqueue(MODERATE_JOB, { messageId, hidden: true }, { tx });
    } else if (reply && (await queueAutoReply(tx, jobs, account, thread.id, reply))) {
      thread.autoRepliedAt = new Date();
    }
    events.push({
      workspaceId: account.workspaceId,
      kind: 'inbox.message',
      data: {
        threadId: thread.id,
        messageId,
        platform: account.platform,
        intent: triaged.intent,
        sentiment: triaged.sentiment.label,
        leadId: leadOf.get(messageId) ?? null,
      },
    });
  }
  await updateThreads(
    tx,
    [...changed].map((key) => threads.get(key)!),
    escalationOf,
  );
  await emitEvents({ tx, jobs, events });
}

/** A message on its way in: its account, what it says and how it was triaged, and its thread's key. */
interface Incoming {
  account: AccountRow;
  event: IncomingEngagement;
  triaged: Triage;
  /** The platform id the thread is keyed by: the first comment, the mention, or the DM's sender. */
  root: string;
  threadKey: string;
}

const threadRoot = (event: IncomingEngagement) =>
  event.kind === 'message'
    ? event.author.id
    : event.kind === 'comment'
      ? (event.parentExternalId ?? event.externalId)
      : event.externalId;

/** Someone leaving their email or number is rarely a spammer, unless the text leaves no doubt. */
function isSpam({ event, triaged }: Incoming) {
  const contact = findContactDetails(event.text);
  const gaveContact = contact.email !== null || contact.phone !== null;
  return triaged.intent === 'spam' && (!gaveContact || triaged.confidence >= 0.6);
}

/** A new message as an interaction on its author's lead (one is started when they show interest). */
function interactionOf(
  item: Incoming & { messageId: string; located: Located },
  thread: ThreadState,
): InteractionInput {
  const { account, event, triaged, located } = item;
  const contact = findContactDetails(event.text);
  const gaveContact = contact.email !== null || contact.phone !== null;
  return {
    contact: {
      workspaceId: account.workspaceId,
      name: event.author.name || `@${event.author.handle}`,
      identity: { platform: account.platform, externalId: event.author.id, handle: event.author.handle },
      email: contact.email,
      phone: contact.phone,
      source: event.kind,
      listingId: located.listingId,
      postId: located.postId,
      campaignId: located.campaignId,
    },
    create: INTERESTED.has(triaged.intent) || gaveContact,
    interaction: {
      kind: event.kind,
      summary: `${platformNames[account.platform]} ${event.kind}: ${snippet(event.text)}`,
      intent: triaged.intent,
      sentiment: triaged.sentiment.score,
      text: event.text,
      threadId: thread.id,
      sourceKey: `inbox:${item.messageId}`,
      at: event.at,
    },
  };
}

/**
 * Each thread found or started, in one upsert. A thread shows its latest message's triage (a
 * redelivery writes the same values again); two messages of one thread in the group write it once.
 */
async function upsertThreads(
  tx: Executor,
  incoming: Incoming[],
  located: (item: Incoming) => Located,
): Promise<Map<string, ThreadState>> {
  const rows = new Map<string, typeof inboxThreads.$inferInsert>();
  for (const item of incoming) {
    const { account, event, triaged } = item;
    const triage = {
      intent: triaged.intent,
      confidence: triaged.confidence,
      sentiment: triaged.sentiment.score,
      sentimentLabel: triaged.sentiment.label,
    };
    const first = rows.get(item.threadKey);
    rows.set(
      item.threadKey,
      first
        ? {
            ...first,
            ...triage,
            lastMessageAt: first.lastMessageAt > event.at ? first.lastMessageAt : event.at,
          }
        : {
            workspaceId: account.workspaceId,
            accountId: account.id,
            platform: account.platform,
            kind: event.kind,
            externalId: item.root,
            postExternalId: event.postExternalId,
            ...located(item),
            authorId: event.author.id,
            authorHandle: event.author.handle,
            authorName: event.author.name,
            ...triage,
            lastMessageAt: event.at,
          },
    );
  }
  const written = await insertJsonRows(
    tx,
    inboxThreads,
    [...rows.values()],
    sql`on conflict (account_id, kind, external_id) do update set
      intent = excluded.intent, confidence = excluded.confidence, sentiment = excluded.sentiment,
      sentiment_label = excluded.sentiment_label,
      last_message_at = greatest(inbox_threads.last_message_at, excluded.last_message_at),
      updated_at = now()
    returning id, account_id, kind, external_id, author_id, status, lead_id, assignee_id, auto_replied_at`,
  );
  return new Map(
    written.map((row) => [
      `${String(row.account_id)}:${String(row.kind)}:${String(row.external_id)}`,
      {
        id: String(row.id),
        authorId: String(row.author_id),
        status: row.status as ThreadStatus,
        leadId: (row.lead_id as string | null) ?? null,
        assigneeId: (row.assignee_id as string | null) ?? null,
        autoRepliedAt: row.auto_replied_at ? new Date(row.auto_replied_at as string) : null,
      },
    ]),
  );
}

/** The threads' new status and lead (and the reason of those escalated), in one statement. */
async function updateThreads(tx: Executor, threads: ThreadState[], escalationOf: Map<string, string>) {
  if (threads.length === 0) return;
  const rows = threads.map((thread) => ({
    id: thread.id,
    lead_id: thread.leadId,
    status: thread.status,
    reason: escalationOf.get(thread.id) ?? null,
  }));
  await tx.execute(sql`
    update inbox_threads t
    set lead_id = v.lead_id, status = v.status, escalation_reason = coalesce(v.reason, t.escalation_reason)
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as v(id uuid, lead_id uuid, status text, reason text)
    where t.id = v.id`);
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

type Located = { postId: string | null; campaignId: string | null; listingId: string | null };

/**
 * Which post, campaign and listing each message's platform post id is, when Listcast published it:
 * one statement for all; answers a lookup by message.
 */
async function locatePosts(tx: Executor, incoming: Incoming[]): Promise<(item: Incoming) => Located> {
  const none: Located = { postId: null, campaignId: null, listingId: null };
  const wanted = incoming.flatMap(({ account, event }) =>
    event.postExternalId ? [{ account_id: account.id, external_id: event.postExternalId }] : [],
  );
  const rows = wanted.length
    ? await tx
        .select({
          accountId: postTargets.accountId,
          externalId: postTargets.externalId,
          postId: postTargets.postId,
          campaignId: campaigns.id,
          listingId: campaigns.listingId,
        })
        .from(postTargets)
        .leftJoin(campaignPosts, eq(campaignPosts.postId, postTargets.postId))
        .leftJoin(campaigns, eq(campaigns.id, campaignPosts.campaignId))
        .where(
          sql`(${postTargets.accountId}, ${postTargets.externalId}) in
            (select v.account_id, v.external_id
               from jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) as v(account_id uuid, external_id text))`,
        )
    : [];
  return ({ account, event }) => {
    const row = rows.find((r) => r.accountId === account.id && r.externalId === event.postExternalId);
    return row ? { postId: row.postId, campaignId: row.campaignId, listingId: row.listingId } : none;
  };
}

/** The account's own reply seen again (a webhook echo, or written in the platform's app). */
async function recordOwnMessage(
  db: Executor,
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

/** Tells the thread's assignee (or the team) that it needs a person; returns its `inbox.escalated` event. */
async function escalateThread(
  tx: Executor,
  jobs: JobQueue,
  account: AccountRow,
  thread: Pick<ThreadState, 'id' | 'assigneeId'>,
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
  return {
    workspaceId: account.workspaceId,
    kind: 'inbox.escalated',
    data: { threadId: thread.id, reason, platform: account.platform },
  } satisfies WorkspaceEvent;
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
  if (claimed.length === 0) return false;
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
  return true;
}
