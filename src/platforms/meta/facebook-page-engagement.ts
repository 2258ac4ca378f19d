/**
 * A Facebook Page's engagement capabilities, all with the Page token: comments, replies, hiding,
 * insights and the `feed` webhook subscription (platform-apis.md §2.3, §3; Graph Comment node [U: not in
 * §3, from the Graph reference as remembered]).
 *
 * - Comments: `GET /{post}/comments?filter=stream&order=chronological` lists every comment, replies
 *   included (each with `parent{id}`), oldest first; the `after` cursor is followed on our host. Without
 *   `pages_read_user_content` Facebook leaves `from` out of other people's comments: the author is then
 *   unnamed (empty id and name), not guessed.
 * - Insights, what we chose: likes = all reactions (`reactions.summary(total_count)`, a like is one kind
 *   of reaction), comments = every comment, replies included (`comments.filter(stream).summary`), one
 *   call; reach = `post_impressions_unique` from `/{post}/insights`, and 0 when Facebook does not give it
 *   (missing `read_insights`, a metric retired or not available for that post [U]) — reach is never a
 *   reason for the whole read to fail.
 */
import { z } from 'zod';
import { PlatformError, type SocialPlatform } from '../social-platform.js';
import { createGraphClient, type GraphConfig } from './graph-client.js';
import { graphCodeOf, parseGraphTime, readAllPages, refusing } from './graph-engagement.js';

const MAX_COMMENT_PAGES = 20;
const PAGE_SIZE = 100;
/** Facebook's comment length limit. */
const MAX_COMMENT_LENGTH = 8000;

const commentRow = z.object({
  id: z.string(),
  message: z.string().optional(),
  from: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  created_time: z.string(),
  parent: z.object({ id: z.string() }).optional(),
  is_hidden: z.boolean().optional(),
});
const idAnswer = z.object({ id: z.string() });
const success = z.object({ success: z.boolean() });
const summary = z.object({ summary: z.object({ total_count: z.number() }).optional() }).optional();
const countsAnswer = z.object({ reactions: summary, comments: summary });
const reachAnswer = z.object({
  data: z.array(z.object({ name: z.string(), values: z.array(z.object({ value: z.number() })).optional() })),
});

type Capabilities = Required<
  Pick<SocialPlatform, 'comments' | 'reply' | 'hideComment' | 'insights' | 'subscribeWebhooks'>
>;

function expectSuccess(answer: z.infer<typeof success>, what: string) {
  if (!answer.success) {
    throw new PlatformError('retry_later', `Facebook did not confirm ${what}; Listcast will try again.`, {
      code: 'success_false',
    });
  }
}

/** Reach is optional: a refused metric or a missing permission (10, 200–299) or a bad parameter (100). */
function reachUnavailable(error: unknown): boolean {
  if (!(error instanceof PlatformError)) return false;
  const code = graphCodeOf(error);
  return (
    (error.action === 'reject' || error.action === 'reconnect') &&
    code !== undefined &&
    (code === 10 || code === 100 || (code >= 200 && code <= 299))
  );
}

export function facebookPageEngagement(graph: GraphConfig): Capabilities {
  return {
    async comments({ since, ...ref }) {
      const rows = await readAllPages(
        createGraphClient(graph, ref.credentials.accessToken),
        {
          path: `/${ref.externalId}/comments`,
          params: {
            filter: 'stream',
            order: 'chronological',
            fields: 'id,message,from,created_time,parent{id},is_hidden',
            limit: PAGE_SIZE,
          },
        },
        commentRow,
        MAX_COMMENT_PAGES,
      );
      const pageId = ref.account.externalId;
      return rows
        .map((row) => ({
          externalId: row.id,
          parentId: row.parent?.id ?? null,
          authorId: row.from?.id ?? '',
          authorHandle: row.from?.name ?? '',
          authorName: row.from?.name ?? '',
          text: row.message ?? '',
          createdAt: parseGraphTime(row.created_time),
          hidden: row.is_hidden ?? false,
          fromAccount: row.from?.id === pageId,
        }))
        .filter((comment) => since === undefined || comment.createdAt >= since)
        .sort(
          (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.externalId.localeCompare(b.externalId),
        );
    },

    async reply({ commentId, text, ...ref }) {
      const message = text.trim();
      if (message === '') throw new PlatformError('reject', 'A reply needs some text.');
      if (message.length > MAX_COMMENT_LENGTH) {
        throw new PlatformError(
          'reject',
          `The reply is ${message.length} characters long; Facebook takes at most ${MAX_COMMENT_LENGTH}.`,
        );
      }
      const { id } = await refusing('Facebook', 'reply', () =>
        createGraphClient(graph, ref.credentials.accessToken).call(
          { method: 'POST', path: `/${commentId}/comments`, params: { message } },
          idAnswer,
        ),
      );
      return { externalId: id };
    },

    async hideComment({ commentId, hidden, ...ref }) {
      const answer = await refusing('Facebook', 'change to the comment', () =>
        createGraphClient(graph, ref.credentials.accessToken).call(
          { method: 'POST', path: `/${commentId}`, params: { is_hidden: hidden } },
          success,
        ),
      );
      expectSuccess(answer, hidden ? 'hiding the comment' : 'showing the comment');
    },

    async insights(ref) {
      const client = createGraphClient(graph, ref.credentials.accessToken);
      const counts = await client.call(
        {
          path: `/${ref.externalId}`,
          params: {
            fields:
              'reactions.limit(0).summary(total_count),comments.filter(stream).limit(0).summary(total_count)',
          },
        },
        countsAnswer,
      );
      let reach = 0;
      try {
        const answer = await client.call(
          { path: `/${ref.externalId}/insights`, params: { metric: 'post_impressions_unique' } },
          reachAnswer,
        );
        reach = answer.data.find((row) => row.name === 'post_impressions_unique')?.values?.[0]?.value ?? 0;
      } catch (error) {
        if (!reachUnavailable(error)) throw error;
      }
      return {
        reach,
        likes: counts.reactions?.summary?.total_count ?? 0,
        comments: counts.comments?.summary?.total_count ?? 0,
      };
    },

    async subscribeWebhooks({ account, credentials }) {
      const answer = await createGraphClient(graph, credentials.accessToken).call(
        {
          method: 'POST',
          path: `/${account.externalId}/subscribed_apps`,
          params: { subscribed_fields: 'feed' },
        },
        success,
      );
      expectSuccess(answer, 'the webhook subscription');
    },
  };
}
