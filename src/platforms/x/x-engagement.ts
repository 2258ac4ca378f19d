/**
 * X's engagement capabilities. X has no comments of its own: a reply is a post, and replies to the
 * account's posts arrive through the mentions timeline (a reply carries the @-mention of the author it
 * answers), so `comments` is deliberately absent and `mentions` is how the inbox hears from X.
 *
 * - Mentions: `GET /2/users/{id}/mentions?since_id=…` answers newest first, 100 a page, `next_token` to
 *   go further (X keeps the latest 800). We read every page since the cursor (8 at most: 800) and return
 *   them oldest first; the new cursor is the newest id seen. Without a cursor only the latest page is
 *   read, so connecting an account does not import its history. `in_reply_to_user_id` (asked for beyond
 *   the fields X needs for display) tells a reply to one of our posts from a mere mention: such a reply
 *   is a `comment` on the conversation's root post (`conversation_id`), with its parent when it answers
 *   a reply rather than the post itself; anything else is a `mention` with no post.
 * - Reply: `POST /2/tweets` with `reply.in_reply_to_tweet_id`; self-serve apps may only reply when
 *   summoned (§5.2), a refusal X explains (`reject`).
 * - Hide: `PUT /2/tweets/{id}/hidden {hidden}` (needs `tweet.moderate.write`), for replies in
 *   conversations the account started [V: XDOCS hide-replies quickstart].
 * - Insights: `GET /2/tweets/{id}?tweet.fields=public_metrics`: likes = like_count, comments =
 *   reply_count, reach = impression_count when X gives it, else 0.
 */
import { postLength } from '../../ai/limits.js';
import { type IncomingEngagement, PlatformError, type SocialPlatform } from '../social-platform.js';
import { expectData, xRequest, type XHttpConfig } from './x-http.js';

const MAX_REPLY_LENGTH = 280;
/** 8 pages of 100: the 800 mentions X keeps. */
const MAX_MENTION_PAGES = 8;

type Capabilities = Required<Pick<SocialPlatform, 'mentions' | 'reply' | 'hideComment' | 'insights'>>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter(isRecord) : [];
/** X ids are 64-bit snowflakes: compare them as numbers, never as floats. */
const newer = (a: string, b: string) => BigInt(a) > BigInt(b);

function toEngagement(
  post: Record<string, unknown>,
  users: Map<string, Record<string, unknown>>,
  accountId: string,
): IncomingEngagement | null {
  const id = str(post.id);
  const authorId = str(post.author_id);
  if (id === undefined || !/^\d+$/.test(id) || authorId === undefined) return null;
  const repliedTo = records(post.referenced_tweets).find((ref) => ref.type === 'replied_to');
  const parent = str(repliedTo?.id);
  const toUs = parent !== undefined && str(post.in_reply_to_user_id) === accountId;
  const root = toUs ? (str(post.conversation_id) ?? parent) : null;
  const author = users.get(authorId);
  const createdAt = str(post.created_at);
  return {
    platform: 'x',
    accountExternalId: accountId,
    kind: toUs ? 'comment' : 'mention',
    externalId: id,
    parentExternalId: toUs && parent !== root ? parent : null,
    postExternalId: root,
    author: { id: authorId, handle: str(author?.username) ?? '', name: str(author?.name) ?? '' },
    text: str(post.text) ?? '',
    at: createdAt === undefined ? new Date(0) : new Date(createdAt),
    fromAccount: authorId === accountId,
  };
}

export function xEngagement(http: XHttpConfig): Capabilities {
  return {
    async mentions({ account, credentials, cursor }) {
      const items = new Map<string, IncomingEngagement>();
      let newest = cursor;
      let token: string | undefined;
      const pages = cursor === null ? 1 : MAX_MENTION_PAGES;
      for (let page = 0; page < pages; page += 1) {
        const answer = await xRequest(http, {
          method: 'GET',
          path: `/2/users/${encodeURIComponent(account.externalId)}/mentions`,
          bearer: credentials.accessToken,
          query: {
            max_results: '100',
            expansions: 'author_id',
            'user.fields': 'username,name',
            'tweet.fields': 'created_at,conversation_id,referenced_tweets,in_reply_to_user_id,author_id',
            ...(cursor === null ? {} : { since_id: cursor }),
            ...(token === undefined ? {} : { pagination_token: token }),
          },
        });
        if (answer.status < 200 || answer.status >= 300) expectData(answer, http.now()); // throws, classified
        const body = isRecord(answer.body) ? answer.body : {};
        const includes = isRecord(body.includes) ? body.includes : {};
        const users = new Map(
          records(includes.users).flatMap((user) => {
            const id = str(user.id);
            return id === undefined ? [] : [[id, user] as const];
          }),
        );
        for (const post of records(body.data)) {
          const item = toEngagement(post, users, account.externalId);
          if (item === null) continue;
          items.set(item.externalId, item);
          if (newest === null || newer(item.externalId, newest)) newest = item.externalId;
        }
        const meta = isRecord(body.meta) ? body.meta : {};
        token = str(meta.next_token);
        if (token === undefined || token === '') break;
      }
      const ordered = [...items.values()].sort((a, b) =>
        newer(a.externalId, b.externalId) ? 1 : newer(b.externalId, a.externalId) ? -1 : 0,
      );
      return { items: ordered, cursor: newest };
    },

    async reply({ commentId, text, credentials }) {
      const body = text.trim();
      const length = postLength('x', body);
      if (length === 0) throw new PlatformError('reject', 'A reply needs some text.');
      if (length > MAX_REPLY_LENGTH) {
        throw new PlatformError(
          'reject',
          `The reply is ${length} characters as X counts them (links 23, emoji 2); at most ${MAX_REPLY_LENGTH}.`,
        );
      }
      const data = expectData(
        await xRequest(http, {
          method: 'POST',
          path: '/2/tweets',
          bearer: credentials.accessToken,
          json: { text: body, reply: { in_reply_to_tweet_id: commentId } },
        }),
        http.now(),
      );
      const id = str(data.id);
      if (id === undefined) {
        throw new PlatformError('retry_later', 'X sent the reply without an id; check it on X.', {
          code: 'unexpected_answer',
        });
      }
      return { externalId: id };
    },

    async hideComment({ commentId, hidden, credentials }) {
      const data = expectData(
        await xRequest(http, {
          method: 'PUT',
          path: `/2/tweets/${encodeURIComponent(commentId)}/hidden`,
          bearer: credentials.accessToken,
          json: { hidden },
        }),
        http.now(),
      );
      if (data.hidden !== hidden) {
        throw new PlatformError(
          'retry_later',
          'X did not confirm the change to the reply; it will be retried.',
          {
            code: 'unexpected_answer',
          },
        );
      }
    },

    async insights({ externalId, credentials }) {
      const answer = await xRequest(http, {
        method: 'GET',
        path: `/2/tweets/${encodeURIComponent(externalId)}`,
        bearer: credentials.accessToken,
        query: { 'tweet.fields': 'public_metrics' },
      });
      // A missing post is a 200 with `errors` and no `data` (§5.5 partial answers).
      const body = isRecord(answer.body) ? answer.body : {};
      if (answer.status === 200 && body.data === undefined && records(body.errors).length > 0) {
        throw new PlatformError('reject', 'X has no such post any more (it may have been deleted).', {
          status: answer.status,
          code: str(records(body.errors)[0]?.type) ?? 'not_found',
        });
      }
      const data = expectData(answer, http.now());
      const metrics = isRecord(data.public_metrics) ? data.public_metrics : {};
      const count = (name: string) => (typeof metrics[name] === 'number' ? metrics[name] : 0);
      return { reach: count('impression_count'), likes: count('like_count'), comments: count('reply_count') };
    },
  };
}
