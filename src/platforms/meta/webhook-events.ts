/**
 * Meta webhook bodies (platform-apis.md §2.4) as `IncomingEngagement`s. Pure: no clock, no I/O, never
 * throws. The signature is checked before this is called, on the raw bytes (§2.2); this only reads.
 *
 * Understood:
 * - `object: instagram`, `changes[]` with `field` `comments` or `live_comments` (the comment id is
 *   `value.id`; `parent_id` only on replies; `media.id` the post) and `mentions` (`{media_id,
 *   comment_id?}`: no text and no author, so text '' and an empty author — §1.6 reads them if needed);
 * - `messaging[]` (Instagram, or a Page's Messenger): a `message` with `mid`; `timestamp` in ms;
 *   `is_echo` is the account's own message (its author is the account, `fromAccount`); attachments are
 *   noted in the text (`[image]`, `[shared post]`…), after the text if there is any;
 * - `object: page`, `changes[]` with `field: feed`, `item: comment`, `verb: add`: `parent_id` names the
 *   comment answered unless it is the post itself; `from.id` equal to the Page is the Page's own reply.
 *
 * Everything else — reactions, edits, removals, hides, read receipts, unknown fields or objects, and
 * entries missing what they need — is counted in `ignored`. An event repeated within one body (Meta
 * batches up to 1,000 and retries) is returned once.
 */
import type { IncomingEngagement } from '../social-platform.js';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const record = (value: unknown): Json => (isRecord(value) ? value : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
/** Ids arrive as strings, but some fixtures (and older payloads) send numbers. */
const id = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number' && Number.isSafeInteger(value)
      ? String(value)
      : undefined;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `entry.time` is in seconds; some Messenger entries carry milliseconds instead. */
function fromEpoch(value: unknown): Date | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  return new Date(value > 1e12 ? value : value * 1000);
}

const ATTACHMENT_NOTES: Record<string, string> = { share: 'shared post', ig_post: 'shared post' };

interface Entry {
  platform: IncomingEngagement['platform'];
  /** `entry.id`: the IG account or Page the events are for. */
  accountId: string | undefined;
  time: Date | undefined;
}

function instagramChange(entry: Entry, field: string, value: Json): IncomingEngagement | null {
  if (entry.time === undefined || entry.accountId === undefined) return null;
  if (field === 'comments' || field === 'live_comments') {
    const commentId = id(value.id);
    const from = record(value.from);
    const authorId = id(from.id);
    if (commentId === undefined || authorId === undefined) return null;
    const username = text(from.username);
    return {
      platform: 'instagram',
      accountExternalId: entry.accountId,
      kind: 'comment',
      externalId: commentId,
      parentExternalId: id(value.parent_id) ?? null,
      postExternalId: id(record(value.media).id) ?? null,
      author: { id: authorId, handle: username, name: username },
      text: text(value.text),
      at: entry.time,
      fromAccount: authorId === entry.accountId,
    };
  }
  if (field === 'mentions') {
    const mediaId = id(value.media_id);
    if (mediaId === undefined) return null;
    return {
      platform: 'instagram',
      accountExternalId: entry.accountId,
      kind: 'mention',
      externalId: id(value.comment_id) ?? mediaId,
      parentExternalId: null,
      postExternalId: mediaId,
      author: { id: '', handle: '', name: '' },
      text: text(value.text),
      at: entry.time,
      fromAccount: false,
    };
  }
  return null;
}

function pageChange(entry: Entry, field: string, value: Json): IncomingEngagement | null {
  if (entry.accountId === undefined) return null;
  if (field !== 'feed' || value.item !== 'comment' || value.verb !== 'add') return null;
  const commentId = id(value.comment_id);
  const postId = id(value.post_id);
  const from = record(value.from);
  const authorId = id(from.id);
  const at = fromEpoch(value.created_time) ?? entry.time;
  if (commentId === undefined || postId === undefined || authorId === undefined || at === undefined) {
    return null;
  }
  const parentId = id(value.parent_id);
  const name = text(from.name);
  return {
    platform: 'facebook',
    accountExternalId: entry.accountId,
    kind: 'comment',
    externalId: commentId,
    parentExternalId: parentId !== undefined && parentId !== postId ? parentId : null,
    postExternalId: postId,
    author: { id: authorId, handle: name, name },
    text: text(value.message),
    at,
    fromAccount: authorId === entry.accountId,
  };
}

function messagingEvent(entry: Entry, event: Json): IncomingEngagement | null {
  const message = event.message;
  if (!isRecord(message) || message.is_deleted === true) return null;
  const mid = id(message.mid);
  const sender = id(record(event.sender).id);
  const echo = message.is_echo === true;
  // The entry names the account; failing that, the recipient does (the sender, for an echo).
  const accountId = entry.accountId ?? (echo ? sender : id(record(event.recipient).id));
  const at = fromEpoch(event.timestamp) ?? entry.time;
  if (mid === undefined || sender === undefined || accountId === undefined || at === undefined) return null;
  const notes = list(message.attachments)
    .map((attachment) => text(record(attachment).type))
    .map((type) => `[${ATTACHMENT_NOTES[type] ?? (type || 'attachment')}]`);
  const body = [text(message.text), ...notes].filter((part) => part !== '').join(' ');
  return {
    platform: entry.platform,
    accountExternalId: accountId,
    kind: 'message',
    externalId: mid,
    parentExternalId: null,
    postExternalId: null,
    author: { id: sender, handle: '', name: '' },
    text: body,
    at,
    fromAccount: echo || sender === accountId,
  };
}

export function parseMetaWebhook(body: unknown): { events: IncomingEngagement[]; ignored: number } {
  const events: IncomingEngagement[] = [];
  const seen = new Set<string>();
  let ignored = 0;
  const keep = (event: IncomingEngagement | null) => {
    const key = event && `${event.accountExternalId}|${event.kind}|${event.externalId}`;
    if (event === null || key === null || seen.has(key)) {
      ignored += 1;
      return;
    }
    seen.add(key);
    events.push(event);
  };

  const root = record(body);
  const platform =
    root.object === 'instagram' ? 'instagram' : root.object === 'page' ? 'facebook' : undefined;
  if (platform === undefined || !Array.isArray(root.entry)) return { events, ignored: 1 };

  for (const raw of root.entry) {
    const entry = record(raw);
    const accountId = id(entry.id);
    const changes = list(entry.changes);
    const messaging = list(entry.messaging);
    if (changes.length === 0 && messaging.length === 0) {
      ignored += 1;
      continue;
    }
    const context: Entry = { platform, accountId, time: fromEpoch(entry.time) };
    for (const change of changes) {
      const field = text(record(change).field);
      const value = record(record(change).value);
      keep(
        platform === 'instagram' ? instagramChange(context, field, value) : pageChange(context, field, value),
      );
    }
    for (const event of messaging) keep(messagingEvent(context, record(event)));
  }
  return { events, ignored };
}
