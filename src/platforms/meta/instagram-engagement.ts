/**
 * Instagram's engagement capabilities, the same on both logins' hosts (platform-apis.md §1.5, §1.7, §2.3):
 * comments with their replies, public and private replies, answers to direct messages, hiding, media insights, and the webhook
 * subscription. Everything runs with the account's token (the Page token for Facebook Login).
 *
 * Facts that shape it:
 * - `GET /{media}/comments` lists top-level comments only, newest first, at most 50 a page, with no time
 *   filter: every page is read (up to `MAX_COMMENT_PAGES`) and `since` is applied here. Replies come in
 *   the `replies{…}` expansion; when that is cut short (`paging.next`), `GET /{comment}/replies` is read.
 * - `fromAccount` is `from.id` equal to the account id [U for Instagram Login: its comments might carry
 *   an Instagram-scoped id for the owner instead].
 * - Replies go to top-level comments only and not to hidden ones: answering a reply answers its thread
 *   (as the app does), and a hidden comment is refused with a reason before Instagram is asked.
 * - Private reply: `POST /{ig-user-id}/messages` with `recipient.comment_id` (Instagram Login). With
 *   Facebook Login the Messenger Platform addresses the Page, `POST /{page-id}/messages` [U: the
 *   Messenger "private replies" guide; §1.5 names the IG user]. One per comment, within 7 days.
 * - Direct messages are answered on the same edge with `recipient.id` (the sender's Instagram-scoped
 *   id from the webhook), only within 24 hours of their last message: later Instagram refuses
 *   (code 10, subcode 2018278) [3P: the messaging API guide; the HUMAN_AGENT tag's 7 days is not used].
 * - Insights: `reach,likes,comments` in one call; a metric the media type lacks fails the whole call
 *   (code 100), so the counts are then read from the media (`like_count`, `comments_count`) and reach on
 *   its own (0 when even that is unavailable, e.g. album children).
 * - Webhooks [U, §10 item 7]: Instagram Login `POST /me/subscribed_apps` on graph.instagram.com; Facebook
 *   Login `POST /{ig-user-id}/subscribed_apps` (IGREF3P), both with `comments,mentions,messages`.
 */
import { z } from 'zod';
import {
  PlatformError,
  type PlatformComment,
  type PostRef,
  type SocialPlatform,
} from '../social-platform.js';
import { createGraphClient, type GraphClient, type GraphConfig } from './graph-client.js';
import { graphCodeOf, graphPaging, parseGraphTime, readAllPages, refusing } from './graph-engagement.js';

export interface InstagramEngagementConfig {
  graph: GraphConfig;
  login: 'instagram' | 'facebook';
}

/** 20 pages of 50: a thousand top-level comments, far past what a listing post gets. */
const MAX_COMMENT_PAGES = 20;
const MAX_REPLY_PAGES = 10;
const PAGE_SIZE = 50;
/** Instagram's comment limit; private replies (DM text) take at most 1,000 [3P]. */
const MAX_COMMENT_LENGTH = 2200;
const MAX_MESSAGE_LENGTH = 1000;
const REPLY_FIELDS = 'id,text,username,timestamp,from,hidden';
const COMMENT_FIELDS = `${REPLY_FIELDS},parent_id,replies{${REPLY_FIELDS}}`;
const WEBHOOK_FIELDS = 'comments,mentions,messages';

const replyRow = z.object({
  id: z.string(),
  text: z.string().optional(),
  username: z.string().optional(),
  timestamp: z.string(),
  from: z.object({ id: z.string(), username: z.string().optional() }).optional(),
  hidden: z.boolean().optional(),
});
const commentRow = replyRow.extend({
  parent_id: z.string().optional(),
  replies: z.object({ data: z.array(replyRow), paging: graphPaging }).optional(),
});
const idAnswer = z.object({ id: z.string() });
const success = z.object({ success: z.boolean() });
const metricsAnswer = z.object({
  data: z.array(
    z.object({
      name: z.string(),
      values: z.array(z.object({ value: z.number() })).optional(),
      total_value: z.object({ value: z.number() }).optional(),
    }),
  ),
});

type Capabilities = Required<
  Pick<
    SocialPlatform,
    'comments' | 'reply' | 'hideComment' | 'insights' | 'privateReply' | 'sendMessage' | 'subscribeWebhooks'
  >
>;

function checkText(text: string, max: number, what: string): string {
  const body = text.trim();
  if (body === '') throw new PlatformError('reject', `A ${what} needs some text.`);
  if (body.length > max) {
    throw new PlatformError(
      'reject',
      `The ${what} is ${body.length} characters long; Instagram takes at most ${max}.`,
    );
  }
  return body;
}

/** Missing data comes back as an empty list, not 0 (§1.7). */
function metric(answer: z.infer<typeof metricsAnswer>, name: string): number {
  const row = answer.data.find((entry) => entry.name === name);
  return row?.values?.[0]?.value ?? row?.total_value?.value ?? 0;
}

const unavailableMetric = (error: unknown) =>
  error instanceof PlatformError && error.action === 'reject' && graphCodeOf(error) === 100;

function expectSuccess(answer: z.infer<typeof success>, what: string) {
  if (!answer.success) {
    throw new PlatformError('retry_later', `Instagram did not confirm ${what}; Listcast will try again.`, {
      code: 'success_false',
    });
  }
}

export function instagramEngagement(config: InstagramEngagementConfig): Capabilities {
  const client = (token: string): GraphClient => createGraphClient(config.graph, token);

  /**
   * A direct message from the account (through its Page with Facebook Login): to a comment's author
   * (a private reply) or to someone who wrote to it.
   */
  async function sendMessage(
    ref: Omit<PostRef, 'externalId'>,
    recipient: { comment_id: string } | { id: string },
    text: string,
    what: string,
  ) {
    const pageId = ref.account.meta.pageId;
    const sender = config.login === 'facebook' && pageId ? pageId : ref.account.externalId;
    const answer = await refusing('Instagram', what, () =>
      client(ref.credentials.accessToken).call(
        { method: 'POST', path: `/${sender}/messages`, json: { recipient, message: { text } } },
        z.object({ recipient_id: z.string().optional(), message_id: z.string() }),
      ),
    );
    return { externalId: answer.message_id };
  }

  return {
    async comments({ since, ...ref }) {
      const graph = client(ref.credentials.accessToken);
      const top = await readAllPages(
        graph,
        { path: `/${ref.externalId}/comments`, params: { fields: COMMENT_FIELDS, limit: PAGE_SIZE } },
        commentRow,
        MAX_COMMENT_PAGES,
      );
      const own = ref.account.externalId;
      const toComment = (row: z.infer<typeof replyRow>, parentId: string | null): PlatformComment => ({
        externalId: row.id,
        parentId,
        authorId: row.from?.id ?? '',
        authorHandle: row.username ?? row.from?.username ?? '',
        authorName: row.username ?? row.from?.username ?? '',
        text: row.text ?? '',
        createdAt: parseGraphTime(row.timestamp),
        hidden: row.hidden ?? false,
        fromAccount: row.from?.id === own,
      });
      const found = new Map<string, PlatformComment>();
      for (const comment of top) {
        found.set(comment.id, toComment(comment, comment.parent_id ?? null));
        const replies =
          comment.replies?.paging?.next === undefined
            ? (comment.replies?.data ?? [])
            : await readAllPages(
                graph,
                { path: `/${comment.id}/replies`, params: { fields: REPLY_FIELDS, limit: PAGE_SIZE } },
                replyRow,
                MAX_REPLY_PAGES,
              );
        for (const reply of replies) found.set(reply.id, toComment(reply, comment.id));
      }
      return [...found.values()]
        .filter((comment) => since === undefined || comment.createdAt >= since)
        .sort(
          (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.externalId.localeCompare(b.externalId),
        );
    },

    async reply({ commentId, text, ...ref }) {
      const message = checkText(text, MAX_COMMENT_LENGTH, 'reply');
      const graph = client(ref.credentials.accessToken);
      const target = await graph.call(
        { path: `/${commentId}`, params: { fields: 'id,hidden,parent_id' } },
        z.object({ id: z.string(), hidden: z.boolean().optional(), parent_id: z.string().optional() }),
      );
      if (target.hidden === true) {
        throw new PlatformError(
          'reject',
          'This comment is hidden, and Instagram does not allow replies to hidden comments. Show it again first, or answer privately.',
          { code: 'comment_hidden' },
        );
      }
      // Threads are one level deep: a reply to a reply joins its thread.
      const thread = target.parent_id ?? target.id;
      const { id } = await refusing('Instagram', 'reply', () =>
        graph.call({ method: 'POST', path: `/${thread}/replies`, params: { message } }, idAnswer),
      );
      return { externalId: id };
    },

    async hideComment({ commentId, hidden, ...ref }) {
      const answer = await refusing('Instagram', 'change to the comment', () =>
        client(ref.credentials.accessToken).call(
          { method: 'POST', path: `/${commentId}`, params: { hide: hidden } },
          success,
        ),
      );
      expectSuccess(answer, hidden ? 'hiding the comment' : 'showing the comment');
    },

    privateReply: ({ commentId, text, ...ref }) =>
      sendMessage(
        ref,
        { comment_id: commentId },
        checkText(text, MAX_MESSAGE_LENGTH, 'private reply'),
        'private reply',
      ),

    sendMessage: ({ recipientId, text, ...ref }) =>
      sendMessage(ref, { id: recipientId }, checkText(text, MAX_MESSAGE_LENGTH, 'message'), 'message'),

    async insights(ref) {
      const graph = client(ref.credentials.accessToken);
      const read = (metrics: string) =>
        graph.call({ path: `/${ref.externalId}/insights`, params: { metric: metrics } }, metricsAnswer);
      try {
        const answer = await read('reach,likes,comments');
        return {
          reach: metric(answer, 'reach'),
          likes: metric(answer, 'likes'),
          comments: metric(answer, 'comments'),
        };
      } catch (error) {
        if (!unavailableMetric(error)) throw error;
      }
      const counts = await graph.call(
        { path: `/${ref.externalId}`, params: { fields: 'like_count,comments_count' } },
        z.object({ like_count: z.number().optional(), comments_count: z.number().optional() }),
      );
      let reach = 0;
      try {
        reach = metric(await read('reach'), 'reach');
      } catch (error) {
        if (!unavailableMetric(error)) throw error;
      }
      return { reach, likes: counts.like_count ?? 0, comments: counts.comments_count ?? 0 };
    },

    async subscribeWebhooks({ account, credentials }) {
      const subject = config.login === 'instagram' ? 'me' : account.externalId;
      const answer = await client(credentials.accessToken).call(
        {
          method: 'POST',
          path: `/${subject}/subscribed_apps`,
          params: { subscribed_fields: WEBHOOK_FIELDS },
        },
        success,
      );
      expectSuccess(answer, 'the webhook subscription');
    },
  };
}
