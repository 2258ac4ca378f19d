/**
 * Publishing to LinkedIn, resumable (platform-apis.md §4.4, §4.5): upload each image (initializeUpload,
 * one PUT of the bytes), create the post, add the first comment. Progress keys, each saved before the
 * next call:
 *
 * - `image:{i}`, `image:{i}:uploadUrl`, `image:{i}:uploadUrlExpiresAt`, `image:{i}:state`
 *   (`initialized` | `uploaded`): an uploaded image is reused, never uploaded again;
 * - `post:attemptedAt` before `POST /rest/posts`, then `post` (the URN from `x-restli-id`);
 * - `comment:attemptedAt` before the first comment, then `comment`.
 */
import { escapeLittleText } from '../../ai/limits.js';
import {
  PlatformError,
  type PublishContext,
  type PublishProgress,
  type PublishStatus,
  type Published,
} from '../social-platform.js';
import { wasRefused } from './classify-error.js';
import type { LinkedInHttp } from './http.js';
import { validateLinkedInPost } from './validate.js';

export const permalinkOf = (urn: string) => `https://www.linkedin.com/feed/update/${urn}`;

/** An upload URL this close to its expiry is not reused; a fresh one is asked for. */
const UPLOAD_URL_MARGIN_MS = 60_000;
/** Clock difference tolerated between us and LinkedIn when matching a post to our attempt. */
const CLOCK_SKEW_MS = 10 * 60_000;
/** How many of the author's latest posts the lookup reads. */
const LOOKUP_COUNT = '10';

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

const without = (progress: PublishProgress, key: string): PublishProgress =>
  Object.fromEntries(Object.entries(progress).filter(([name]) => name !== key));

interface Step {
  http: LinkedInHttp;
  token: string;
  author: string;
  progress: PublishProgress;
  save(progress: PublishProgress): Promise<void>;
}

export async function publishToLinkedIn(http: LinkedInHttp, context: PublishContext): Promise<Published> {
  const problems = validateLinkedInPost(context.content);
  if (problems.length > 0) {
    throw new PlatformError('reject', problems.map((problem) => problem.message).join(' '), {
      code: 'INVALID_POST',
    });
  }
  const step: Step = {
    http,
    token: context.credentials.accessToken,
    author: context.account.externalId,
    progress: { ...context.progress },
    async save(progress) {
      this.progress = progress;
      await context.save({ ...progress });
    },
  };
  const commentary = escapeLittleText(context.content.text);

  let postUrn = step.progress.post;
  if (postUrn === undefined) {
    const images = await uploadImages(step, context);
    postUrn = await createPostOnce(step, commentary, images);
  }
  if (context.content.firstComment !== null && context.content.firstComment.trim() !== '') {
    await addFirstComment(step, postUrn, context.content.firstComment);
  }
  return { externalId: postUrn, permalink: permalinkOf(postUrn) };
}

export async function linkedInPublishStatus(
  http: LinkedInHttp,
  context: Omit<PublishContext, 'save'>,
): Promise<PublishStatus> {
  const saved = context.progress.post;
  if (saved !== undefined)
    return { state: 'published', post: { externalId: saved, permalink: permalinkOf(saved) } };
  const attemptedAt = context.progress['post:attemptedAt'];
  if (attemptedAt === undefined) return { state: 'not_published' };
  const found = await findOurPost(
    http,
    context.credentials.accessToken,
    context.account.externalId,
    escapeLittleText(context.content.text),
    attemptedAt,
  );
  if (found.state === 'unknown') return { state: 'in_progress' };
  return found.state === 'absent'
    ? { state: 'not_published' }
    : { state: 'published', post: { externalId: found.urn, permalink: permalinkOf(found.urn) } };
}

async function uploadImages(
  step: Step,
  context: PublishContext,
): Promise<{ id: string; altText: string | null }[]> {
  const images: { id: string; altText: string | null }[] = [];
  for (const [index, media] of context.content.media.entries()) {
    const key = `image:${index}`;
    let urn = step.progress[key];
    if (urn !== undefined && step.progress[`${key}:state`] === 'uploaded') {
      images.push({ id: urn, altText: media.altText });
      continue;
    }
    let uploadUrl = step.progress[`${key}:uploadUrl`];
    const expiresAt = Number(step.progress[`${key}:uploadUrlExpiresAt`] ?? 0);
    if (
      urn === undefined ||
      uploadUrl === undefined ||
      expiresAt - UPLOAD_URL_MARGIN_MS < step.http.now().getTime()
    ) {
      // A second initializeUpload only leaves an unused placeholder behind: harmless, so no lookup first.
      const answer = await step.http.rest('POST', '/rest/images', step.token, {
        query: { action: 'initializeUpload' },
        json: { initializeUploadRequest: { owner: step.author } },
      });
      const value = record(record(answer.body).value);
      if (typeof value.image !== 'string' || typeof value.uploadUrl !== 'string') {
        throw new PlatformError(
          'retry_later',
          'LinkedIn did not return an image upload address; we will try again.',
          {
            cause: answer.body,
          },
        );
      }
      urn = value.image;
      uploadUrl = value.uploadUrl;
      await step.save({
        ...step.progress,
        [key]: urn,
        [`${key}:uploadUrl`]: uploadUrl,
        [`${key}:uploadUrlExpiresAt`]: String(
          typeof value.uploadUrlExpiresAt === 'number' ? value.uploadUrlExpiresAt : 0,
        ),
        [`${key}:state`]: 'initialized',
      });
    }
    let bytes: Buffer;
    try {
      bytes = await media.read();
    } catch (cause) {
      throw new PlatformError(
        'retry_later',
        `We could not read image ${index + 1} from storage; we will try again.`,
        {
          cause,
        },
      );
    }
    // One PUT of the whole file: repeating it overwrites the same image, so a retry is safe.
    await step.http.upload(uploadUrl, step.token, bytes, media.contentType);
    await step.save({ ...step.progress, [`${key}:state`]: 'uploaded' });
    images.push({ id: urn, altText: media.altText });
  }
  return images;
}

/**
 * LinkedIn has no idempotency key for `POST /rest/posts` (platform-apis.md §0). When an earlier call may
 * have created the post (it timed out, the connection dropped, or LinkedIn answered 5xx) we read the
 * author's latest posts and adopt the one with exactly our commentary, created since that attempt.
 *
 * Trade-offs: the lookup can miss a post that LinkedIn has not indexed yet, or one pushed beyond the
 * latest 10 by other posts, and then we post twice; it could adopt an identical post made by hand in
 * the same minutes, and then ours is not posted (the clock-skew window keeps that rare). When LinkedIn
 * refuses the lookup (member tokens need `r_member_social`, a restricted scope [V]) we cannot tell, so
 * we stop and ask the person to check their feed rather than risk a duplicate: the contract forbids
 * blindly repeating a publish.
 */
async function createPostOnce(
  step: Step,
  commentary: string,
  images: { id: string; altText: string | null }[],
): Promise<string> {
  const attemptedAt = step.progress['post:attemptedAt'];
  if (attemptedAt !== undefined) {
    const found = await findOurPost(step.http, step.token, step.author, commentary, attemptedAt);
    if (found.state === 'unknown') {
      throw new PlatformError(
        'reject',
        'LinkedIn may already have published this post, and this connection cannot read posts to check. ' +
          'Look at your LinkedIn feed: if the post is not there, publish it again as a new post.',
        { code: 'POST_OUTCOME_UNKNOWN' },
      );
    }
    if (found.state === 'found') {
      await step.save({ ...without(step.progress, 'post:attemptedAt'), post: found.urn });
      return found.urn;
    }
  }

  await step.save({ ...step.progress, 'post:attemptedAt': step.http.now().toISOString() });
  let urn: string | null;
  try {
    const answer = await step.http.rest('POST', '/rest/posts', step.token, {
      json: postBody(step.author, commentary, images),
    });
    urn = answer.headers.get('x-restli-id');
  } catch (error) {
    // A 4xx means LinkedIn refused: nothing was created, so the next attempt need not look it up.
    if (wasRefused(error)) await step.save(without(step.progress, 'post:attemptedAt'));
    throw error;
  }
  if (urn === null || urn === '') {
    // Created, but we do not know its id: keep the attempt mark so the next call finds it by lookup.
    throw new PlatformError(
      'retry_later',
      'LinkedIn created the post without saying its id; we will look it up.',
      {
        code: 'MISSING_POST_ID',
      },
    );
  }
  await step.save({ ...without(step.progress, 'post:attemptedAt'), post: urn });
  return urn;
}

function postBody(author: string, commentary: string, images: { id: string; altText: string | null }[]) {
  const image = (entry: { id: string; altText: string | null }) =>
    entry.altText === null || entry.altText.trim() === ''
      ? { id: entry.id }
      : { id: entry.id, altText: entry.altText };
  const [only] = images;
  const content =
    images.length === 0 || only === undefined
      ? undefined
      : images.length === 1
        ? { media: image(only) }
        : { multiImage: { images: images.map(image) } };
  return {
    author,
    commentary,
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
    ...(content === undefined ? {} : { content }),
  };
}

type Lookup = { state: 'found'; urn: string } | { state: 'absent' } | { state: 'unknown' };

/**
 * Our post among the author's latest (`GET /rest/posts?q=author` [U: finder not in platform-apis.md]):
 * found (with its URN), absent, or unknown when LinkedIn will not let this token read posts.
 */
async function findOurPost(
  http: LinkedInHttp,
  token: string,
  author: string,
  commentary: string,
  attemptedAt: string,
): Promise<Lookup> {
  let body: unknown;
  try {
    body = (
      await http.rest('GET', '/rest/posts', token, { query: { author, q: 'author', count: LOOKUP_COUNT } })
    ).body;
  } catch (error) {
    if (error instanceof PlatformError && error.details.status === 403) return { state: 'unknown' };
    throw error;
  }
  const since = Date.parse(attemptedAt) - CLOCK_SKEW_MS;
  const elements = Array.isArray(record(body).elements) ? (record(body).elements as unknown[]) : [];
  for (const element of elements.map(record)) {
    const createdAt = element.createdAt;
    const recent = typeof createdAt !== 'number' || Number.isNaN(since) || createdAt >= since;
    if (element.commentary === commentary && recent && typeof element.id === 'string')
      return { state: 'found', urn: element.id };
  }
  return { state: 'absent' };
}

/**
 * A comment that may have been created (the call timed out) is not sent again: a missing first comment
 * costs less than a duplicate one, and LinkedIn offers no idempotency key here either.
 */
async function addFirstComment(step: Step, postUrn: string, text: string): Promise<void> {
  if (step.progress.comment !== undefined || step.progress['comment:attemptedAt'] !== undefined) return;
  await step.save({ ...step.progress, 'comment:attemptedAt': step.http.now().toISOString() });
  try {
    const answer = await step.http.rest(
      'POST',
      `/rest/socialActions/${encodeURIComponent(postUrn)}/comments`,
      step.token,
      {
        json: { actor: step.author, object: postUrn, message: { text } },
      },
    );
    const id =
      answer.headers.get('x-restli-id') ??
      (typeof record(answer.body).id === 'string' ? String(record(answer.body).id) : 'created');
    await step.save({ ...without(step.progress, 'comment:attemptedAt'), comment: id });
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    if (wasRefused(error)) await step.save(without(step.progress, 'comment:attemptedAt'));
    throw new PlatformError(
      error.action,
      `The post is live on LinkedIn, but the first comment failed. ${error.userMessage}`,
      error.details,
    );
  }
}
