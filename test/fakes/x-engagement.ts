/**
 * The engagement routes of the X fake (x-server.ts), over its posts and users:
 *
 * - `GET /2/users/:id/mentions`: posts that @-mention the user or reply to one of its posts, newest
 *   first; `since_id` (ids greater than), `max_results` 5..100 (default 10), `pagination_token`; only
 *   the 800 most recent are reachable [V: timelines docs]; `expansions=author_id` adds `includes.users`;
 *   `tweet.fields` picks `created_at`, `conversation_id`, `referenced_tweets`, `in_reply_to_user_id`,
 *   `author_id`; `meta {result_count, newest_id, oldest_id, next_token?}`.
 * - `GET /2/tweets/:id?tweet.fields=public_metrics`: counts (`impression_count` only when set with
 *   `setMetrics`); an unknown id answers 200 with `errors` only, as X's partial answers do.
 * - `PUT /2/tweets/:id/hidden {hidden}`: replies in conversations the caller started only (403
 *   otherwise [U: wording]); → `{data:{hidden}}`.
 */
import type { FakeXPost, FakeXUser } from './x-server.js';

type Result = { status: number; body: unknown };

export interface XEngagementWorld {
  posts: FakeXPost[];
  users: Map<string, FakeXUser>;
  invalid(detail: string): Result;
  problem(status: number, title: string, kind: string, detail?: string): unknown;
}

/** X keeps the latest 800 mentions reachable. */
const MENTIONS_REACHABLE = 800;

const byIdDesc = (a: FakeXPost, b: FakeXPost) =>
  BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0;

export function mentionsRoute(world: XEngagementWorld, userId: string, url: URL): Result {
  const user = world.users.get(userId);
  if (user === undefined)
    return { status: 404, body: world.problem(404, 'Not Found Error', 'resource-not-found') };
  const max = Number(url.searchParams.get('max_results') ?? '10');
  if (!(max >= 5 && max <= 100))
    return world.invalid('The `max_results` query parameter value is not between 5 and 100');
  const sinceId = url.searchParams.get('since_id');
  if (sinceId !== null && !/^\d{1,19}$/.test(sinceId))
    return world.invalid('The `since_id` query parameter value is not a valid post id');
  const fields = new Set((url.searchParams.get('tweet.fields') ?? '').split(','));
  const expansions = new Set((url.searchParams.get('expansions') ?? '').split(','));
  const handle = new RegExp(`@${user.username}(?![A-Za-z0-9_])`, 'i');
  const authorOf = (id: string | null) => world.posts.find((post) => post.id === id)?.userId;
  const reachable = world.posts
    .filter(
      (post) => handle.test(post.text) || (post.inReplyTo !== null && authorOf(post.inReplyTo) === userId),
    )
    .sort(byIdDesc)
    .slice(0, MENTIONS_REACHABLE);
  const matching =
    sinceId === null ? reachable : reachable.filter((post) => BigInt(post.id) > BigInt(sinceId));
  const offset = Number(url.searchParams.get('pagination_token') ?? '0');
  const slice = matching.slice(offset, offset + max);
  if (slice.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
  const data = slice.map((post) => ({
    id: post.id,
    text: post.text,
    edit_history_tweet_ids: [post.id],
    ...(fields.has('author_id') || expansions.has('author_id') ? { author_id: post.userId } : {}),
    ...(fields.has('created_at') ? { created_at: post.createdAt } : {}),
    ...(fields.has('conversation_id') ? { conversation_id: post.conversationId } : {}),
    ...(fields.has('referenced_tweets') && post.inReplyTo !== null
      ? { referenced_tweets: [{ type: 'replied_to', id: post.inReplyTo }] }
      : {}),
    ...(fields.has('in_reply_to_user_id') && post.inReplyTo !== null
      ? { in_reply_to_user_id: authorOf(post.inReplyTo) }
      : {}),
  }));
  const authors = [...new Set(slice.map((post) => post.userId))]
    .map((id) => world.users.get(id))
    .filter((author): author is FakeXUser => author !== undefined);
  const next = offset + max < matching.length ? String(offset + max) : undefined;
  return {
    status: 200,
    body: {
      data,
      ...(expansions.has('author_id') ? { includes: { users: authors } } : {}),
      meta: {
        result_count: data.length,
        newest_id: slice[0]!.id,
        oldest_id: slice.at(-1)!.id,
        ...(next ? { next_token: next } : {}),
      },
    },
  };
}

export function postLookupRoute(world: XEngagementWorld, id: string, url: URL): Result {
  const post = world.posts.find((candidate) => candidate.id === id);
  if (post === undefined) {
    return {
      status: 200,
      body: {
        errors: [
          {
            value: id,
            detail: `Could not find tweet with id: [${id}].`,
            title: 'Not Found Error',
            resource_type: 'tweet',
            parameter: 'id',
            resource_id: id,
            type: 'https://api.twitter.com/2/problems/resource-not-found',
          },
        ],
      },
    };
  }
  const fields = new Set((url.searchParams.get('tweet.fields') ?? '').split(','));
  const replies = world.posts.filter((candidate) => candidate.inReplyTo === id).length;
  return {
    status: 200,
    body: {
      data: {
        id: post.id,
        text: post.text,
        edit_history_tweet_ids: [post.id],
        ...(fields.has('public_metrics')
          ? {
              public_metrics: {
                retweet_count: 0,
                reply_count: replies,
                like_count: post.likes,
                quote_count: 0,
                bookmark_count: 0,
                ...(post.impressions === null ? {} : { impression_count: post.impressions }),
              },
            }
          : {}),
      },
    },
  };
}

export function hideRoute(
  world: XEngagementWorld,
  userId: string,
  id: string,
  json: Record<string, unknown>,
): Result {
  const unknown = Object.keys(json).filter((key) => key !== 'hidden');
  if (unknown.length > 0 || typeof json.hidden !== 'boolean')
    return world.invalid('The request body must be {"hidden": true|false}');
  const post = world.posts.find((candidate) => candidate.id === id);
  if (post === undefined)
    return { status: 404, body: world.problem(404, 'Not Found Error', 'resource-not-found') };
  const root = world.posts.find((candidate) => candidate.id === post.conversationId);
  if (post.inReplyTo === null || root?.userId !== userId) {
    return {
      status: 403,
      body: world.problem(
        403,
        'Forbidden',
        'about:blank',
        'You can only hide or unhide replies to conversations you started.',
      ),
    };
  }
  post.hidden = json.hidden;
  return { status: 200, body: { data: { hidden: post.hidden } } };
}
