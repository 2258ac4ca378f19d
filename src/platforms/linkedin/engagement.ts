/**
 * LinkedIn's engagement capabilities through the Social Actions API (platform-apis.md §4.4; Comments
 * API [V: learn.microsoft.com comments-api, shapes as remembered, U]). No `hideComment`: LinkedIn's API
 * cannot hide a comment.
 *
 * - Comments: `GET /rest/socialActions/{post urn}/comments?start&count` pages by offset; each element
 *   has `actor`, `message.text`, `created.time` (epoch ms), `parentComment` on nested comments, and its
 *   URN in `commentUrn` (`$URN` in some versions). Nested comments may only be listed under their parent
 *   (`GET /rest/socialActions/{comment urn}/comments`), so a comment whose `commentsSummary` counts
 *   replies not seen yet is read too. The actor's name needs a profile lookup the open permissions do
 *   not allow: the author is named by URN only. Reading comments needs `r_member_social` (restricted)
 *   or `r_organization_social` for a company page; without it LinkedIn answers 403 (`reject`).
 * - Reply: `POST /rest/socialActions/{comment urn}/comments` with `actor` (the account), `object` (the
 *   post) and `parentComment` (the comment answered), as LinkedIn nests one level [U: whether the path
 *   names the comment or the post; the comment is what "Get Comments on Comments" uses].
 * - Insights: `GET /rest/socialActions/{post urn}` → `likesSummary.totalLikes` and
 *   `commentsSummary.aggregatedTotalComments`. Reach is 0: impressions exist only as organisation share
 *   statistics (`organizationalEntityShareStatistics`, Community Management approval), not for members.
 */
import { PlatformError, type PlatformComment, type SocialPlatform } from '../social-platform.js';
import type { LinkedInHttp } from './http.js';

const PAGE_SIZE = 100;
const MAX_PAGES = 10;
/** Threads whose replies are read separately, at most. */
const MAX_THREADS = 50;
/** LinkedIn's comment length limit. */
const MAX_COMMENT_LENGTH = 1250;

type Capabilities = Required<Pick<SocialPlatform, 'comments' | 'reply' | 'insights'>>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** Rest.li 2.0 reads parentheses in a path as syntax: a comment URN's must be escaped too. */
const encodeUrn = (urn: string) => encodeURIComponent(urn).replace(/\(/g, '%28').replace(/\)/g, '%29');
const socialActionsPath = (urn: string) => `/rest/socialActions/${encodeUrn(urn)}`;

/** Every element under one target (a post or a comment), following `start`/`count` paging. */
async function readComments(http: LinkedInHttp, token: string, target: string) {
  const elements: Record<string, unknown>[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await http.rest('GET', `${socialActionsPath(target)}/comments`, token, {
      query: { start: String(elements.length), count: String(PAGE_SIZE) },
    });
    const body = record(answer.body);
    const rows = Array.isArray(body.elements) ? body.elements.filter(isRecord) : [];
    elements.push(...rows);
    const total = num(record(body.paging).total);
    if (rows.length < PAGE_SIZE || (total !== undefined && elements.length >= total)) break;
  }
  return elements;
}

const urnOf = (element: Record<string, unknown>) =>
  str(element.commentUrn) ?? str(element.$URN) ?? str(element.id);

export function linkedInEngagement(http: LinkedInHttp): Capabilities {
  return {
    async comments({ since, ...ref }) {
      const token = ref.credentials.accessToken;
      const found = new Map<string, PlatformComment>();
      const add = (element: Record<string, unknown>, parent: string | null) => {
        const urn = urnOf(element);
        const actor = str(element.actor) ?? '';
        if (urn === undefined) return;
        found.set(urn, {
          externalId: urn,
          parentId: str(element.parentComment) ?? parent,
          authorId: actor,
          authorHandle: actor,
          authorName: '',
          text: str(record(element.message).text) ?? '',
          createdAt: new Date(num(record(element.created).time) ?? 0),
          hidden: false,
          fromAccount: actor === ref.account.externalId,
        });
      };
      const top = await readComments(http, token, ref.externalId);
      top.forEach((element) => add(element, null));
      const threads = top.filter((element) => {
        const urn = urnOf(element);
        const summary = record(element.commentsSummary);
        const replies = num(summary.totalFirstLevelComments) ?? num(summary.aggregatedTotalComments) ?? 0;
        const seen = [...found.values()].filter((comment) => comment.parentId === urn).length;
        return urn !== undefined && str(element.parentComment) === undefined && replies > seen;
      });
      for (const element of threads.slice(0, MAX_THREADS)) {
        const urn = urnOf(element)!;
        (await readComments(http, token, urn)).forEach((reply) => add(reply, urn));
      }
      return [...found.values()]
        .filter((comment) => since === undefined || comment.createdAt >= since)
        .sort(
          (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.externalId.localeCompare(b.externalId),
        );
    },

    async reply({ commentId, text, ...ref }) {
      const body = text.trim();
      if (body === '') throw new PlatformError('reject', 'A reply needs some text.');
      if (body.length > MAX_COMMENT_LENGTH) {
        throw new PlatformError(
          'reject',
          `The reply is ${body.length} characters long; LinkedIn takes at most ${MAX_COMMENT_LENGTH}.`,
        );
      }
      const answer = await http.rest(
        'POST',
        `${socialActionsPath(commentId)}/comments`,
        ref.credentials.accessToken,
        {
          json: {
            actor: ref.account.externalId,
            object: ref.externalId,
            message: { text: body },
            parentComment: commentId,
          },
        },
      );
      const id = answer.headers.get('x-restli-id') ?? urnOf(record(answer.body));
      if (id === undefined) {
        throw new PlatformError(
          'retry_later',
          'LinkedIn created the reply without naming it; check it on LinkedIn.',
          {
            code: 'unexpected_answer',
          },
        );
      }
      return { externalId: id };
    },

    async insights(ref) {
      const answer = await http.rest('GET', socialActionsPath(ref.externalId), ref.credentials.accessToken);
      const body = record(answer.body);
      const likes = record(body.likesSummary);
      const comments = record(body.commentsSummary);
      return {
        reach: 0,
        likes: num(likes.totalLikes) ?? num(likes.aggregatedTotalLikes) ?? 0,
        comments: num(comments.aggregatedTotalComments) ?? num(comments.totalFirstLevelComments) ?? 0,
      };
    },
  };
}
