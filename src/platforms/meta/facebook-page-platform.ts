/**
 * Facebook Pages as a `SocialPlatform` (platform-apis.md §1.3, §3): Facebook Login lists the Pages the
 * person manages, each publishing with its own Page token (which does not expire). Comments, replies,
 * hiding, insights and the webhook subscription: `facebook-page-engagement.ts`.
 *
 * Progress keys, each saved before the next platform call:
 * - `photo0…`: unpublished photos of a multi-photo post (invisible until attached, so reusing them is safe);
 * - `postAttemptAt`: an ISO time saved just before the call that creates the post, so a resume knows a
 *   post may exist although its id was never saved;
 * - `post`: the post id (`<pageId>_<postId>`); `comment`: the first comment's id.
 */
import { z } from 'zod';
import {
  type PostContent,
  type PublishContext,
  type PublishProgress,
  type RuleProblem,
  type SocialPlatform,
} from '../social-platform.js';
import { facebookPageEngagement } from './facebook-page-engagement.js';
import { createGraphClient, type GraphClient, type GraphConfig } from './graph-client.js';
import { facebookLogin, pageCredentials, type LoginConfig } from './meta-login.js';

export interface FacebookPagePlatformOptions {
  appId: string;
  appSecret: string;
  /** https://graph.facebook.com */
  graphUrl: string;
  /** e.g. v23.0 */
  graphVersion: string;
  /** https://www.facebook.com */
  oauthUrl: string;
  fetch?: typeof fetch;
  /** Per request; default 30 s. */
  requestTimeoutMs?: number;
  now?: () => Date;
}

// Reading others' comments needs `pages_read_user_content`, reach `read_insights`, the webhook
// subscription `pages_manage_metadata` (§2.3).
const scopes = [
  'pages_show_list',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_manage_posts',
  'pages_manage_engagement',
  'pages_manage_metadata',
  'read_insights',
  'business_management',
];
const MAX_PHOTO_BYTES = 4 * 1024 * 1024;
const MAX_TEXT = 63_206;
/** How far back a resume looks for a post whose id was lost; covers a request timeout plus clock skew. */
const LOST_POST_WINDOW_MS = 10 * 60_000;

const idAnswer = z.object({ id: z.string() });
const photoAnswer = z.object({ id: z.string(), post_id: z.string().optional() });
const feedAnswer = z.object({
  data: z.array(z.object({ id: z.string(), message: z.string().optional(), created_time: z.string() })),
});
const permalinkAnswer = z.object({ permalink_url: z.string() });

export function validateFacebookPage(content: PostContent): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (content.text.trim() === '' && content.media.length === 0) {
    problems.push({ rule: 'empty', message: 'A Facebook post needs text or at least one photo.' });
  }
  if (content.text.length > MAX_TEXT) {
    problems.push({
      rule: 'text_length',
      message: `The text has ${content.text.length} characters; Facebook allows ${MAX_TEXT}.`,
    });
  }
  content.media.forEach((media, index) => {
    const which = content.media.length > 1 ? `Photo ${index + 1}` : 'The photo';
    if (!['image/jpeg', 'image/png'].includes(media.contentType.toLowerCase())) {
      problems.push({
        rule: 'image_format',
        message: `${which} is ${media.contentType}; Facebook photos must be JPEG or PNG.`,
      });
    }
    if (media.bytes > MAX_PHOTO_BYTES) {
      problems.push({
        rule: 'image_size',
        message: `${which} is larger than 4 MB, the most Facebook accepts.`,
      });
    }
  });
  return problems;
}

/** Facebook writes `2026-11-22T10:00:00+0000`; make the offset ISO so every runtime parses it. */
const parseCreatedTime = (text: string) => new Date(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));

/**
 * Finds a post created by an interrupted attempt whose answer was lost: our exact text, created at or
 * after the attempt. The feed is read from the attempt on (`since`), so posts the Page made after ours
 * (the rest of a scheduled batch) cannot push ours out of the page read. Trade-off: Facebook has no
 * idempotency key, so this is a heuristic. If the person posted the same text by hand in those minutes
 * we adopt their post (and do not publish ours); if the feed lags behind the write we miss it and
 * publish a duplicate. Both are rare, and the window is short
 * because it is anchored on the saved attempt time, not on "now".
 */
async function findLostPost(
  graph: GraphClient,
  pageId: string,
  text: string,
  attemptAt: string,
): Promise<string | null> {
  const since = new Date(attemptAt).getTime() - 60_000;
  const feed = await graph.call(
    {
      path: `/${pageId}/feed`,
      params: { fields: 'id,message,created_time', since: Math.floor(since / 1000), limit: 100 },
    },
    feedAnswer,
  );
  const match = feed.data.find(
    (post) =>
      (post.message ?? '').trim() === text.trim() &&
      parseCreatedTime(post.created_time).getTime() >= since &&
      parseCreatedTime(post.created_time).getTime() <= since + LOST_POST_WINDOW_MS,
  );
  return match?.id ?? null;
}

export function createFacebookPagePlatform(options: FacebookPagePlatformOptions): SocialPlatform {
  const graph: GraphConfig = {
    graphUrl: options.graphUrl,
    graphVersion: options.graphVersion,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.requestTimeoutMs ?? 30_000,
    now: options.now ?? (() => new Date()),
    site: 'Facebook',
  };
  const login: LoginConfig = {
    ...graph,
    appId: options.appId,
    appSecret: options.appSecret,
    oauthUrl: options.oauthUrl,
    scopes,
  };

  async function publish(context: PublishContext) {
    const client = createGraphClient(graph, context.credentials.accessToken);
    const pageId = context.account.externalId;
    const { content } = context;
    let progress: PublishProgress = { ...context.progress };
    const save = async (next: PublishProgress) => {
      progress = next;
      await context.save(progress);
    };

    if (progress.post === undefined && progress.postAttemptAt !== undefined) {
      const lost = await findLostPost(client, pageId, content.text, progress.postAttemptAt);
      if (lost !== null) await save({ ...progress, post: lost });
    }
    if (progress.post === undefined) {
      const [only] = content.media;
      if (content.media.length > 1) {
        const attached: { media_fbid: string }[] = [];
        for (const [index, media] of content.media.entries()) {
          let photo = progress[`photo${index}`];
          if (photo === undefined) {
            ({ id: photo } = await client.call(
              { method: 'POST', path: `/${pageId}/photos`, params: { url: media.url, published: false } },
              idAnswer,
            ));
            await save({ ...progress, [`photo${index}`]: photo });
          }
          attached.push({ media_fbid: photo });
        }
        await save({ ...progress, postAttemptAt: graph.now().toISOString() });
        const { id } = await client.call(
          {
            method: 'POST',
            path: `/${pageId}/feed`,
            json: { message: content.text, attached_media: attached, published: true },
          },
          idAnswer,
        );
        await save({ ...progress, post: id });
      } else if (only !== undefined) {
        await save({ ...progress, postAttemptAt: graph.now().toISOString() });
        const photo = await client.call(
          { method: 'POST', path: `/${pageId}/photos`, params: { url: only.url, caption: content.text } },
          photoAnswer,
        );
        // `post_id` is the feed post that carries the photo; the photo id is the fallback if it is missing.
        await save({ ...progress, post: photo.post_id ?? photo.id });
      } else {
        await save({ ...progress, postAttemptAt: graph.now().toISOString() });
        const { id } = await client.call(
          { method: 'POST', path: `/${pageId}/feed`, params: { message: content.text } },
          idAnswer,
        );
        await save({ ...progress, post: id });
      }
    }
    const postId = progress.post!;
    const { permalink_url } = await client.call(
      { path: `/${postId}`, params: { fields: 'permalink_url' } },
      permalinkAnswer,
    );
    if (content.firstComment && progress.comment === undefined) {
      const { id } = await client.call(
        { method: 'POST', path: `/${postId}/comments`, params: { message: content.firstComment } },
        idAnswer,
      );
      await save({ ...progress, comment: id });
    }
    return { externalId: postId, permalink: permalink_url };
  }

  return {
    platform: 'facebook',
    label: 'Facebook Page',
    usesPkce: false,
    authorizeUrl: (input) => facebookLogin.authorizeUrl(login, input),
    exchangeCode: (input) => facebookLogin.exchangeCode(login, input),
    refresh: () => facebookLogin.refresh(login),
    async accounts(credentials) {
      const pages = await facebookLogin.pages(login, credentials);
      return pages.map((page) => ({
        externalId: page.id,
        handle: page.name,
        displayName: page.name,
        kind: 'page' as const,
        credentials: pageCredentials(page, credentials),
        meta: {},
      }));
    },
    validate: validateFacebookPage,
    publish,
    async status(context) {
      const client = createGraphClient(graph, context.credentials.accessToken);
      let postId = context.progress.post;
      if (postId === undefined && context.progress.postAttemptAt !== undefined) {
        postId =
          (await findLostPost(
            client,
            context.account.externalId,
            context.content.text,
            context.progress.postAttemptAt,
          )) ?? undefined;
      }
      if (postId === undefined) return { state: 'not_published' };
      const { permalink_url } = await client.call(
        { path: `/${postId}`, params: { fields: 'permalink_url' } },
        permalinkAnswer,
      );
      return { state: 'published', post: { externalId: postId, permalink: permalink_url } };
    },
    ...facebookPageEngagement(graph),
  };
}
