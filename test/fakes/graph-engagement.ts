/**
 * The engagement half of the Graph fake (graph-server.ts): comments and replies on Instagram media and
 * Facebook Page posts, hiding, Instagram private replies, media and post insights, and webhook
 * subscriptions (platform-apis.md §1.5, §1.7, §2.3, §3). Faithful where the reference is, and marked [U]
 * where it guesses:
 *
 * - `GET /{media}/comments`: top-level only, newest first, ≤ 50 a page (`limit`), opaque `after` cursors
 *   and an absolute `paging.next` on Meta's host (a client must follow the cursor on its own host);
 *   only the requested `fields` come back; `replies{…}` holds at most `replyExpansionLimit` replies
 *   (oldest first) and a `paging.next` when there are more; `GET /{comment}/replies` pages them all.
 * - `POST /{ig comment}/replies`: top-level comments only, not hidden ones (code 100 [U: wording]).
 * - `GET /{post}/comments`: `filter=toplevel` (default) or `stream` (replies too, with `parent`),
 *   `order=chronological` (default) or `reverse_chronological`, ≤ 100 a page.
 * - `POST /{fb comment}/comments`: a reply joins the top-level comment's thread (two levels, as Facebook).
 * - `POST /{comment}?hide=` (Instagram) / `?is_hidden=` (Facebook) → `{success:true}`; the owner's own
 *   Instagram comments stay visible.
 * - `POST /{ig user | page}/messages` `{recipient:{comment_id}, message:{text}}`: one per comment (a
 *   second is code 10900 [U]), within 7 days of the comment (10/2018278). `{recipient:{id}}` answers
 *   someone who messaged the account (`receiveMessage` seeds that), within 24 hours of their last
 *   message (10/2018278); someone who never wrote is code 100/2018001.
 * - `GET /{media}/insights?metric=…`: per media product type; a metric the type lacks fails the whole
 *   call with code 100. `GET /{media}?fields=like_count,comments_count`.
 * - `GET /{post}?fields=reactions…summary(total_count),comments…summary(total_count)` and
 *   `GET /{post}/insights?metric=post_impressions_unique` (a `retireMetric` makes it code 100).
 * - `POST|GET /{id}/subscribed_apps` (`me` with an Instagram token on graph.instagram.com).
 */
import type { FakeHost } from './graph-server.js';

export interface FakeGraphComment {
  id: string;
  /** The IG media or FB post it is on. */
  objectId: string;
  network: 'instagram' | 'facebook';
  parentId: string | null;
  text: string;
  from: { id: string; username?: string; name?: string };
  createdAt: number;
  hidden: boolean;
}

export type Identity = { kind: 'ig'; id: string } | { kind: 'user' } | { kind: 'page'; id: string };

export interface EngagementWorld {
  now(): number;
  nextId(prefix: string): string;
  /** The IG account and product type of a media, when it exists. */
  media(id: string): { accountId: string; productType: string } | undefined;
  /** The Page of a feed post, when it exists. */
  post(id: string): { pageId: string } | undefined;
  owns(who: Identity, accountId: string): boolean;
  /** Username of an IG account, name of a Page. */
  nameOf(accountId: string): string;
  /** The IG account linked to a Page (Facebook Login). */
  igOfPage(pageId: string): string | undefined;
  /** The IG account an Instagram Login token acts as. */
  igLoginUserId: string;
  appId: string;
  replyExpansionLimit: number;
}

type Answer = { status: number; body: unknown };

const DAY_MS = 86_400_000;
const IG_METRICS: Record<string, string[]> = {
  FEED: ['reach', 'likes', 'comments', 'saved', 'shares', 'views', 'total_interactions'],
  REELS: ['reach', 'likes', 'comments', 'saved', 'shares', 'views', 'total_interactions'],
  STORY: ['reach', 'views', 'replies', 'shares', 'total_interactions'],
  CAROUSEL_ITEM: [],
};
const FB_METRICS = ['post_impressions_unique', 'post_impressions', 'post_clicks'];

function failure(code: number, subcode: number | undefined, message: string): Answer {
  return {
    status: 400,
    body: { error: { message, type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: 'AFake' } },
  };
}
const ok = (body: unknown): Answer => ({ status: 200, body });
const graphTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, '+0000');
const cursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
const offsetOf = (after: string | undefined) =>
  after === undefined
    ? 0
    : Number(/^offset:(\d+)$/.exec(Buffer.from(after, 'base64url').toString())?.[1] ?? 0);

/** `id,text,replies{id,text},parent{id}` → top-level names, with their sub-selection when there is one. */
export function splitFields(fields: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  let depth = 0;
  let current = '';
  const push = () => {
    const name = /^[a-z_]+/.exec(current)?.[0];
    if (name) out.set(name, current.slice(name.length));
    current = '';
  };
  for (const char of fields ?? '') {
    if (char === ',' && depth === 0) push();
    else {
      if (char === '{' || char === '(') depth += 1;
      if (char === '}' || char === ')') depth -= 1;
      current += char;
    }
  }
  push();
  return out;
}

function page<T>(rows: T[], params: Record<string, string>, max: number, next: (after: string) => string) {
  const limit = Math.max(1, Math.min(Number(params.limit ?? 25), max));
  const start = offsetOf(params.after);
  const slice = rows.slice(start, start + limit);
  const end = start + slice.length;
  if (slice.length === 0) return { data: [] };
  return {
    data: slice,
    paging: {
      cursors: { before: cursor(start), after: cursor(end) },
      ...(end < rows.length ? { next: next(cursor(end)) } : {}),
    },
  };
}

export function createGraphEngagement(world: EngagementWorld) {
  const comments = new Map<string, FakeGraphComment>();
  const insights = new Map<string, { reach?: number; likes?: number }>();
  const privateReplies: { commentId: string; text: string; sender: string; messageId: string }[] = [];
  /** The last message each person sent each Instagram account (`account:person` → when). */
  const lastInbound = new Map<string, number>();
  const sentMessages: { accountId: string; recipientId: string; text: string; messageId: string }[] = [];
  const subscriptions = new Map<string, string[]>();
  const retired = new Set<string>();

  const on = (objectId: string) =>
    [...comments.values()].filter((c) => c.objectId === objectId).sort((a, b) => a.createdAt - b.createdAt);
  const repliesOf = (id: string) =>
    [...comments.values()].filter((c) => c.parentId === id).sort((a, b) => a.createdAt - b.createdAt);
  const accountOf = (comment: FakeGraphComment) =>
    comment.network === 'instagram'
      ? world.media(comment.objectId)?.accountId
      : world.post(comment.objectId)?.pageId;

  function addComment(
    objectId: string,
    input: {
      text: string;
      from?: FakeGraphComment['from'];
      parentId?: string | null;
      at?: Date;
      hidden?: boolean;
    },
  ): string {
    const network = world.media(objectId) ? 'instagram' : 'facebook';
    const id =
      network === 'instagram'
        ? world.nextId('1790500000')
        : `${objectId.split('_')[1] ?? objectId}_${world.nextId('7')}`;
    comments.set(id, {
      id,
      objectId,
      network,
      parentId: input.parentId ?? null,
      text: input.text,
      from: input.from ?? { id: '6000000000000001', username: 'someone', name: 'Someone' },
      createdAt: input.at?.getTime() ?? world.now(),
      hidden: input.hidden ?? false,
    });
    return id;
  }

  const ownerFrom = (accountId: string): FakeGraphComment['from'] => ({
    id: accountId,
    username: world.nameOf(accountId),
    name: world.nameOf(accountId),
  });

  function igRow(comment: FakeGraphComment, fields: Map<string, string>): Record<string, unknown> {
    const row: Record<string, unknown> = { id: comment.id };
    if (fields.has('text')) row.text = comment.text;
    if (fields.has('username') && comment.from.username) row.username = comment.from.username;
    if (fields.has('timestamp')) row.timestamp = graphTime(comment.createdAt);
    if (fields.has('from')) row.from = { id: comment.from.id, username: comment.from.username };
    if (fields.has('hidden')) row.hidden = comment.hidden;
    if (fields.has('like_count')) row.like_count = 0;
    if (fields.has('parent_id') && comment.parentId !== null) row.parent_id = comment.parentId;
    const sub = fields.get('replies');
    if (sub !== undefined && comment.parentId === null) {
      const replies = repliesOf(comment.id);
      if (replies.length > 0) {
        const shown = replies.slice(0, world.replyExpansionLimit);
        const inner = splitFields(sub.replace(/^\{|\}$/g, ''));
        row.replies = {
          data: shown.map((reply) => igRow(reply, inner)),
          ...(replies.length > shown.length
            ? {
                paging: {
                  cursors: { after: cursor(shown.length) },
                  next: `https://graph.facebook.com/v23.0/${comment.id}/replies?after=${cursor(shown.length)}`,
                },
              }
            : {}),
        };
      }
    }
    return row;
  }

  function fbRow(comment: FakeGraphComment, fields: Map<string, string>): Record<string, unknown> {
    const row: Record<string, unknown> = { id: comment.id };
    if (fields.has('message')) row.message = comment.text;
    if (fields.has('from')) row.from = { id: comment.from.id, name: comment.from.name ?? '' };
    if (fields.has('created_time')) row.created_time = graphTime(comment.createdAt);
    if (fields.has('is_hidden')) row.is_hidden = comment.hidden;
    if (fields.has('parent') && comment.parentId !== null) row.parent = { id: comment.parentId };
    return row;
  }

  function igMetrics(mediaId: string, names: string[]): Answer {
    const media = world.media(mediaId)!;
    const supported = IG_METRICS[media.productType] ?? [];
    for (const name of names) {
      if (!supported.includes(name)) {
        return failure(
          100,
          undefined,
          `(#100) The Media Insights API does not support the ${name} metric for this media product type.`,
        );
      }
    }
    const set = insights.get(mediaId) ?? {};
    const value = (name: string) =>
      name === 'comments'
        ? on(mediaId).length
        : name === 'likes'
          ? (set.likes ?? 0)
          : name === 'reach'
            ? (set.reach ?? 0)
            : 0;
    return ok({
      data: names.map((name) => ({
        name,
        period: 'lifetime',
        values: [{ value: value(name) }],
        title: name,
        description: `The ${name} of the media`,
        id: `${mediaId}/insights/${name}/lifetime`,
      })),
    });
  }

  function subscribe(subject: string, method: string, params: Record<string, string>): Answer {
    if (method === 'GET') {
      const fields = subscriptions.get(subject);
      return ok({ data: fields ? [{ id: world.appId, name: 'Listcast', subscribed_fields: fields }] : [] });
    }
    const fields = (params.subscribed_fields ?? '').split(',').filter(Boolean);
    if (fields.length === 0) return failure(100, undefined, '(#100) Param subscribed_fields is required');
    subscriptions.set(subject, fields);
    return ok({ success: true });
  }

  /** The answer for an engagement request, or undefined when it is not one (graph-server goes on). */
  function route(
    host: FakeHost,
    method: string,
    first: string,
    edge: string | undefined,
    params: Record<string, string>,
    json: unknown,
    who: Identity,
  ): Answer | undefined {
    const fields = splitFields(params.fields);
    const media = world.media(first);
    const post = world.post(first);
    const comment = comments.get(first);
    const denied = () => failure(10, undefined, '(#10) Application does not have permission for this action');

    if (edge === 'subscribed_apps' && (method === 'POST' || method === 'GET')) {
      const subject = first === 'me' && who.kind === 'ig' ? who.id : first;
      if (first === 'me' && host !== 'graphInstagram') return undefined;
      if (!world.owns(who, subject)) return denied();
      return subscribe(subject, method, params);
    }
    if (edge === 'messages' && method === 'POST') {
      if (!world.owns(who, first)) return denied();
      const body = (json ?? {}) as {
        recipient?: { comment_id?: string; id?: string };
        message?: { text?: string };
      };
      const igAccount = world.igOfPage(first) ?? first;
      if (body.recipient?.id !== undefined) {
        const wrote = lastInbound.get(`${igAccount}:${body.recipient.id}`);
        if (wrote === undefined) return failure(100, 2018001, '(#100) No matching user found');
        if (!body.message?.text) return failure(100, undefined, '(#100) The parameter message is required');
        if (world.now() - wrote > DAY_MS)
          return failure(10, 2018278, '(#10) This message is sent outside of allowed window.');
        const messageId = `m_${world.nextId('aWdf')}`;
        sentMessages.push({
          accountId: igAccount,
          recipientId: body.recipient.id,
          text: body.message.text,
          messageId,
        });
        return ok({ recipient_id: body.recipient.id, message_id: messageId });
      }
      const target = comments.get(body.recipient?.comment_id ?? '');
      if (!target || target.network !== 'instagram' || accountOf(target) !== igAccount)
        return failure(100, 2018001, '(#100) No matching user found');
      if (!body.message?.text) return failure(100, undefined, '(#100) The parameter message is required');
      if (world.now() - target.createdAt > 7 * DAY_MS)
        return failure(10, 2018278, '(#10) This message is sent outside of allowed window.');
      if (privateReplies.some((reply) => reply.commentId === target.id))
        return failure(10900, undefined, 'Activity already replied to');
      const messageId = `m_${world.nextId('aWdf')}`;
      privateReplies.push({ commentId: target.id, text: body.message.text, sender: first, messageId });
      return ok({ recipient_id: target.from.id, message_id: messageId });
    }

    if (media && edge === 'comments') {
      if (!world.owns(who, media.accountId)) return denied();
      if (method === 'GET') {
        const top = on(first)
          .filter((c) => c.parentId === null)
          .reverse();
        const answer = page(
          top,
          params,
          50,
          (after) => `https://graph.facebook.com/v23.0/${first}/comments?after=${after}`,
        );
        return ok({ ...answer, data: answer.data.map((c) => igRow(c, fields)) });
      }
      if (method === 'POST') {
        if (!params.message) return failure(100, undefined, '(#100) The parameter message is required');
        return ok({ id: addComment(first, { text: params.message, from: ownerFrom(media.accountId) }) });
      }
    }
    if (post && edge === 'comments') {
      if (who.kind !== 'page' || who.id !== post.pageId) return denied();
      if (method === 'GET') {
        const all = on(first).filter((c) => params.filter === 'stream' || c.parentId === null);
        const ordered = params.order === 'reverse_chronological' ? all.reverse() : all;
        const answer = page(
          ordered,
          params,
          100,
          (after) => `https://graph.facebook.com/v23.0/${first}/comments?after=${after}`,
        );
        return ok({ ...answer, data: answer.data.map((c) => fbRow(c, fields)) });
      }
      if (method === 'POST') {
        if (!params.message) return failure(100, undefined, '(#100) The parameter message is required');
        return ok({ id: addComment(first, { text: params.message, from: ownerFrom(post.pageId) }) });
      }
    }
    if (comment) {
      const owner = accountOf(comment);
      if (owner === undefined || !world.owns(who, owner)) return denied();
      if (comment.network === 'instagram' && edge === 'replies') {
        if (method === 'GET') {
          const answer = page(
            repliesOf(first),
            params,
            50,
            (after) => `https://graph.facebook.com/v23.0/${first}/replies?after=${after}`,
          );
          return ok({ ...answer, data: answer.data.map((c) => igRow(c, fields)) });
        }
        if (method === 'POST') {
          if (!params.message) return failure(100, undefined, '(#100) The parameter message is required');
          if (comment.parentId !== null)
            return failure(100, undefined, '(#100) Replies can only be made to top-level comments');
          if (comment.hidden) return failure(100, undefined, '(#100) Cannot reply to a hidden comment');
          return ok({
            id: addComment(comment.objectId, {
              text: params.message,
              parentId: first,
              from: ownerFrom(owner),
            }),
          });
        }
      }
      if (comment.network === 'facebook' && edge === 'comments' && method === 'POST') {
        if (!params.message) return failure(100, undefined, '(#100) The parameter message is required');
        return ok({
          id: addComment(comment.objectId, {
            text: params.message,
            parentId: comment.parentId ?? comment.id,
            from: ownerFrom(owner),
          }),
        });
      }
      if (
        edge === undefined &&
        method === 'POST' &&
        (params.hide !== undefined || params.is_hidden !== undefined)
      ) {
        const hide = (params.hide ?? params.is_hidden) === 'true';
        // The owner's own Instagram comments always stay visible (§1.5).
        comment.hidden = comment.network === 'instagram' && comment.from.id === owner ? false : hide;
        return ok({ success: true });
      }
      if (edge === undefined && method === 'GET') {
        return ok(comment.network === 'instagram' ? igRow(comment, fields) : fbRow(comment, fields));
      }
    }
    if (media && method === 'GET' && edge === 'insights') {
      if (!world.owns(who, media.accountId)) return denied();
      const names = (params.metric ?? '').split(',').filter(Boolean);
      if (names.length === 0) return failure(100, undefined, '(#100) The parameter metric is required');
      return igMetrics(first, names);
    }
    if (
      media &&
      method === 'GET' &&
      edge === undefined &&
      (fields.has('like_count') || fields.has('comments_count'))
    ) {
      return ok({
        id: first,
        ...(fields.has('like_count') ? { like_count: insights.get(first)?.likes ?? 0 } : {}),
        ...(fields.has('comments_count') ? { comments_count: on(first).length } : {}),
      });
    }
    if (post && method === 'GET' && edge === 'insights') {
      if (who.kind !== 'page' || who.id !== post.pageId) return denied();
      const names = (params.metric ?? '').split(',').filter(Boolean);
      const bad = names.find((name) => !FB_METRICS.includes(name) || retired.has(name));
      if (names.length === 0 || bad !== undefined)
        return failure(
          100,
          undefined,
          `(#100) The value must be a valid insights metric${bad ? `: ${bad}` : ''}`,
        );
      return ok({
        data: names.map((name) => ({
          name,
          period: 'lifetime',
          values: [{ value: name === 'post_impressions_unique' ? (insights.get(first)?.reach ?? 0) : 0 }],
          title: name,
          description: `Lifetime ${name}`,
          id: `${first}/insights/${name}/lifetime`,
        })),
      });
    }
    if (
      post &&
      method === 'GET' &&
      edge === undefined &&
      (fields.has('reactions') || fields.has('comments'))
    ) {
      if (who.kind !== 'page' || who.id !== post.pageId) return denied();
      const summary = (count: number) => ({ data: [], summary: { total_count: count } });
      const commentsSub = fields.get('comments') ?? '';
      const counted = on(first).filter((c) => commentsSub.includes('filter(stream)') || c.parentId === null);
      return ok({
        id: first,
        ...(fields.has('reactions') ? { reactions: summary(insights.get(first)?.likes ?? 0) } : {}),
        ...(fields.has('comments') ? { comments: summary(counted.length) } : {}),
      });
    }
    return undefined;
  }

  return {
    route,
    addComment,
    /** Structured comments on a media or post, oldest first. */
    commentsOn: (objectId: string) => on(objectId),
    comment: (id: string) => comments.get(id),
    setInsights: (objectId: string, values: { reach?: number; likes?: number }) =>
      void insights.set(objectId, { ...insights.get(objectId), ...values }),
    privateReplies,
    /** Someone sent the Instagram account a direct message (what opens the 24-hour window). */
    receiveMessage: (accountId: string, senderId: string, at = new Date(world.now())) =>
      void lastInbound.set(`${accountId}:${senderId}`, at.getTime()),
    sentMessages,
    subscriptions,
    retireMetric: (name: string) => void retired.add(name),
  };
}

export type GraphEngagement = ReturnType<typeof createGraphEngagement>;
