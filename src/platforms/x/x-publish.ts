/**
 * Publishing to X, resumable and never posting twice (platform-apis.md §5.2, §8). X has no idempotency
 * key for `POST /2/tweets`, so:
 *
 * 1. images are uploaded (or reused) first, each id saved before the next call (x-media.ts);
 * 2. `tweet.attempt` (the time of the first attempt) is saved before the post call; when a later call
 *    finds it without `tweet.id`, the earlier call may have created the post (timeout, crash), so the
 *    user's recent posts are searched for our text first (`GET /2/users/{id}/tweets`);
 * 3. X's own duplicate check backs this up: a 403 "duplicate content" is treated as evidence that the
 *    post exists and triggers the same lookup;
 * 4. `tweet.id` is saved as soon as it is known; then the first comment goes out as a reply.
 *
 * The first comment never fails the published post: its outcome is saved as `comment.id` or
 * `comment.error` (self-serve apps may only reply when "summoned", §5.2, so X can refuse a reply).
 */
import {
  PlatformError,
  type PublishContext,
  type Published,
  type PublishProgress,
  type PublishStatus,
} from '../social-platform.js';
import { DUPLICATE_CONTENT } from './x-errors.js';
import { expectData, stringField, xRequest, type XHttpConfig } from './x-http.js';
import { uploadAllMedia } from './x-media.js';

export interface XPublishDeps {
  http: XHttpConfig;
  sleep: (ms: number) => Promise<void>;
}

/** How far before our first attempt a found post may have been created (clock skew between us and X). */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/**
 * Pages of 100 read when looking for our post. The search starts at the attempt (`start_time`), so one
 * page holds every post the account made since, unless it made over 100 in those minutes.
 */
const LOOKUP_PAGES = 3;

export function permalink(account: PublishContext['account'], id: string): string {
  const username = account.meta.username;
  return username === undefined || username === ''
    ? `https://x.com/i/web/status/${id}`
    : `https://x.com/${encodeURIComponent(username)}/status/${id}`;
}

export async function publishToX(deps: XPublishDeps, context: PublishContext): Promise<Published> {
  const { account, credentials, content } = context;
  const progress: PublishProgress = { ...context.progress };
  const save = async (patch: PublishProgress) => {
    Object.assign(progress, patch);
    await context.save({ ...progress });
  };

  let tweetId = progress['tweet.id'];
  const earlierAttempt = progress['tweet.attempt'];
  if (tweetId === undefined && earlierAttempt !== undefined) {
    tweetId = await findOurPost(deps, context, earlierAttempt);
    if (tweetId !== undefined) await save({ 'tweet.id': tweetId });
  }

  if (tweetId === undefined) {
    const mediaIds = await uploadAllMedia(
      { http: deps.http, accessToken: credentials.accessToken, sleep: deps.sleep },
      content.media,
      progress,
      save,
    );
    const attempt = earlierAttempt ?? deps.http.now().toISOString();
    await save({ 'tweet.attempt': attempt });
    tweetId = await createPost(deps, context, mediaIds, attempt, earlierAttempt !== undefined);
    await save({ 'tweet.id': tweetId });
  }

  if (content.firstComment !== null && content.firstComment.trim() !== '') {
    await postFirstComment(deps, context, tweetId, progress, save);
  }
  return { externalId: tweetId, permalink: permalink(account, tweetId) };
}

async function createPost(
  deps: XPublishDeps,
  context: PublishContext,
  mediaIds: string[],
  attempt: string,
  triedBefore: boolean,
): Promise<string> {
  // Only documented keys: CreatePostsRequest has additionalProperties: false.
  const body =
    mediaIds.length > 0
      ? { text: context.content.text, media: { media_ids: mediaIds } }
      : { text: context.content.text };
  try {
    const data = expectData(
      await xRequest(deps.http, {
        method: 'POST',
        path: '/2/tweets',
        bearer: context.credentials.accessToken,
        json: body,
      }),
      deps.http.now(),
    );
    const id = stringField(data, 'id');
    if (id === undefined) {
      throw new PlatformError(
        'retry_later',
        'X created the post but its answer had no id; it will be looked up.',
        {
          code: 'unexpected_answer',
        },
      );
    }
    return id;
  } catch (error) {
    if (!(error instanceof PlatformError) || error.details.code !== DUPLICATE_CONTENT) throw error;
    const found = await findOurPost(deps, context, attempt);
    if (found !== undefined) return found;
    if (triedBefore) {
      // X says the post exists and an earlier attempt of ours may have made it: the timeline lags.
      throw new PlatformError('retry_later', 'X reports the post as already made; checking again shortly.', {
        status: error.details.status,
        code: DUPLICATE_CONTENT,
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The id of a post of this account with our text, created since our first attempt (less the clock skew):
 * every post since then is read, not only the latest few — the account may have posted many others
 * since, e.g. the rest of a scheduled batch.
 */
async function findOurPost(
  deps: XPublishDeps,
  context: Pick<PublishContext, 'account' | 'credentials' | 'content'>,
  attempt: string,
): Promise<string | undefined> {
  const since = Date.parse(attempt) - CLOCK_SKEW_MS;
  const wanted = comparable(context.content.text);
  let token: string | undefined;
  for (let page = 0; page < LOOKUP_PAGES; page += 1) {
    const answer = await xRequest(deps.http, {
      method: 'GET',
      path: `/2/users/${encodeURIComponent(context.account.externalId)}/tweets`,
      query: {
        max_results: '100',
        exclude: 'replies,retweets',
        'tweet.fields': 'created_at',
        // Second granularity (YYYY-MM-DDTHH:mm:ssZ), inclusive.
        start_time: new Date(since).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ...(token === undefined ? {} : { pagination_token: token }),
      },
      bearer: context.credentials.accessToken,
    });
    if (answer.status < 200 || answer.status >= 300) expectData(answer, deps.http.now()); // throws, classified
    const body = answer.body as { data?: unknown; meta?: { next_token?: unknown } } | null;
    const posts = Array.isArray(body?.data) ? (body.data as unknown[]) : [];
    for (const post of posts) {
      if (typeof post !== 'object' || post === null) continue;
      const { id, text, created_at: createdAt } = post as Record<string, unknown>;
      if (typeof id !== 'string' || typeof text !== 'string') continue;
      if (typeof createdAt === 'string' && Date.parse(createdAt) < since) continue;
      if (comparable(text) === wanted) return id;
    }
    const next = body?.meta?.next_token;
    if (typeof next !== 'string' || next === '') return undefined;
    token = next;
  }
  return undefined;
}

/**
 * Text as X shows it back may differ from what we sent: `&`, `<`, `>` come back as entities, links are
 * rewritten to t.co and attached media add a trailing t.co link [U, observed behaviour of v2 reads].
 * So compare with links reduced to a marker and trailing links dropped.
 */
const LINK = '\u2063link\u2063';

function comparable(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/https?:\/\/\S+/g, LINK)
    .replace(/(\s*\u2063link\u2063)+\s*$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

async function postFirstComment(
  deps: XPublishDeps,
  context: PublishContext,
  tweetId: string,
  progress: PublishProgress,
  save: (patch: PublishProgress) => Promise<void>,
) {
  if (progress['comment.id'] !== undefined || progress['comment.error'] !== undefined) return;
  await save({ 'comment.attempt': deps.http.now().toISOString() });
  try {
    const data = expectData(
      await xRequest(deps.http, {
        method: 'POST',
        path: '/2/tweets',
        bearer: context.credentials.accessToken,
        json: { text: context.content.firstComment, reply: { in_reply_to_tweet_id: tweetId } },
      }),
      deps.http.now(),
    );
    await save({ 'comment.id': stringField(data, 'id') ?? 'unknown' });
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    // A duplicate means an interrupted earlier attempt already replied.
    await save(
      error.details.code === DUPLICATE_CONTENT
        ? { 'comment.id': 'unknown' }
        : { 'comment.error': error.userMessage, 'comment.action': error.action },
    );
  }
}

export async function xPublishStatus(
  deps: XPublishDeps,
  context: Omit<PublishContext, 'save'>,
): Promise<PublishStatus> {
  const saved = context.progress['tweet.id'];
  if (saved !== undefined) {
    return { state: 'published', post: { externalId: saved, permalink: permalink(context.account, saved) } };
  }
  const attempt = context.progress['tweet.attempt'];
  if (attempt === undefined) return { state: 'not_published' };
  const found = await findOurPost(deps, context, attempt);
  return found === undefined
    ? { state: 'not_published' }
    : { state: 'published', post: { externalId: found, permalink: permalink(context.account, found) } };
}
