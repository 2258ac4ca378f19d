import { randomUUID } from 'node:crypto';
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { postLength } from '../../ai/limits.js';
import type { Db } from '../../db/client.js';
import { sandboxInteractions, sandboxPosts, socialAccounts } from '../../db/schema.js';
import {
  type Platform,
  PlatformError,
  platformNames,
  type PostRef,
  type SocialPlatform,
} from '../social-platform.js';
import { personId } from './engagement.js';
import { UUID } from '../../lib/ids.js';

/** The longest comment each network takes (X counts weighted characters, as for its posts). */
const COMMENT_LIMITS: Record<Platform, number> = { instagram: 2200, facebook: 8000, linkedin: 1250, x: 280 };
/** Instagram's private replies: one per comment, within 7 days, at most 1,000 characters (§1.5). */
const PRIVATE_REPLY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
const PRIVATE_REPLY_LIMIT = 1000;

type PostCapabilities = Required<
  Pick<SocialPlatform, 'comments' | 'reply' | 'hideComment' | 'insights' | 'deletePost'>
> &
  Pick<SocialPlatform, 'privateReply'>;

/**
 * What the sandbox network lets an account do with its published posts: read comments, reply, hide a
 * comment, read insights, delete, and — imitating Instagram only — answer a comment privately. Like a
 * real network, it answers only for the account's own posts; anything else is refused (`reject`), as is
 * a post deleted before.
 */
export function sandboxPostCapabilities(options: { db: Db; platform: Platform }): PostCapabilities {
  const { db, platform } = options;

  async function ownPost(ref: PostRef, options: { deleted?: 'allowed' } = {}) {
    const accountId = ref.account.meta.accountId;
    // Checked here: a malformed id would otherwise surface as a raw database error.
    const [post] =
      accountId && UUID.test(ref.externalId)
        ? await db
            .select()
            .from(sandboxPosts)
            .where(and(eq(sandboxPosts.id, ref.externalId), eq(sandboxPosts.accountId, accountId)))
        : [];
    if (!post || (post.deletedAt && options.deleted !== 'allowed')) {
      throw new PlatformError(
        'reject',
        'This account has no such post on the sandbox network (or it was deleted)',
      );
    }
    return post;
  }

  async function ownComment(postId: string, commentId: string) {
    const [comment] = UUID.test(commentId)
      ? await db
          .select({
            id: sandboxInteractions.id,
            parentId: sandboxInteractions.parentId,
            kind: sandboxInteractions.kind,
            createdAt: sandboxInteractions.createdAt,
          })
          .from(sandboxInteractions)
          .where(
            and(
              eq(sandboxInteractions.id, commentId),
              eq(sandboxInteractions.sandboxPostId, postId),
              inArray(sandboxInteractions.kind, ['comment', 'reply']),
            ),
          )
      : [];
    if (!comment) throw new PlatformError('reject', 'This post has no such comment');
    return comment;
  }

  async function accountName(accountId: string, fallback: string) {
    const [account] = await db
      .select({ handle: socialAccounts.handle, name: socialAccounts.displayName })
      .from(socialAccounts)
      .where(eq(socialAccounts.id, accountId));
    return { handle: account?.handle ?? fallback, name: account?.name ?? fallback };
  }

  const privateReply: SocialPlatform['privateReply'] = async ({ commentId, text, ...ref }) => {
    const post = await ownPost(ref);
    const comment = await ownComment(post.id, commentId);
    if (comment.kind !== 'comment') {
      throw new PlatformError('reject', "Only other people's comments can be answered privately");
    }
    if (Date.now() - comment.createdAt.getTime() > PRIVATE_REPLY_WINDOW_MS) {
      throw new PlatformError('reject', 'This comment is too old for a private reply (the limit is 7 days)');
    }
    const body = text.trim();
    if (body === '') throw new PlatformError('reject', 'A private reply needs some text');
    if (body.length > PRIVATE_REPLY_LIMIT) {
      throw new PlatformError(
        'reject',
        `The private reply is ${body.length} characters long; Instagram takes at most ${PRIVATE_REPLY_LIMIT}`,
      );
    }
    const author = await accountName(post.accountId, ref.account.externalId);
    const id = randomUUID();
    await db.transaction(async (tx) => {
      // The comment row is locked so two private replies to it at once cannot both pass the check.
      await tx
        .select({ id: sandboxInteractions.id })
        .from(sandboxInteractions)
        .where(eq(sandboxInteractions.id, comment.id))
        .for('update');
      const [earlier] = await tx
        .select({ id: sandboxInteractions.id })
        .from(sandboxInteractions)
        .where(
          and(eq(sandboxInteractions.parentId, comment.id), eq(sandboxInteractions.kind, 'private_reply')),
        );
      if (earlier) {
        throw new PlatformError('reject', 'This comment already has its private reply; only one is allowed');
      }
      await tx.insert(sandboxInteractions).values({
        id,
        workspaceId: post.workspaceId,
        sandboxPostId: post.id,
        kind: 'private_reply',
        authorHandle: author.handle,
        authorName: author.name,
        text: body,
        parentId: comment.id,
      });
    });
    return { externalId: id };
  };

  return {
    ...(platform === 'instagram' ? { privateReply } : {}),

    async comments({ since, ...ref }) {
      const post = await ownPost(ref);
      const rows = await db
        .select()
        .from(sandboxInteractions)
        .where(
          and(
            eq(sandboxInteractions.sandboxPostId, post.id),
            inArray(sandboxInteractions.kind, ['comment', 'reply']),
            since ? gte(sandboxInteractions.createdAt, since) : undefined,
          ),
        )
        .orderBy(asc(sandboxInteractions.createdAt), asc(sandboxInteractions.id));
      return rows.map((row) => {
        const fromAccount = row.kind === 'reply';
        return {
          externalId: row.id,
          parentId: row.parentId,
          authorId: fromAccount ? ref.account.externalId : personId(row.authorHandle),
          authorHandle: row.authorHandle,
          authorName: row.authorName,
          text: row.text ?? '',
          createdAt: row.createdAt,
          hidden: row.hidden,
          fromAccount,
        };
      });
    },

    async reply({ commentId, text, ...ref }) {
      const post = await ownPost(ref);
      const comment = await ownComment(post.id, commentId);
      const body = text.trim();
      const length = postLength(platform, body);
      if (length === 0) throw new PlatformError('reject', 'A reply needs some text');
      if (length > COMMENT_LIMITS[platform]) {
        throw new PlatformError(
          'reject',
          `The reply is ${length} characters long; ${platformNames[platform]} takes at most ${COMMENT_LIMITS[platform]}`,
        );
      }
      const account = await accountName(post.accountId, ref.account.externalId);
      const id = randomUUID();
      await db.insert(sandboxInteractions).values({
        id,
        workspaceId: post.workspaceId,
        sandboxPostId: post.id,
        kind: 'reply',
        authorHandle: account.handle,
        authorName: account.name,
        text: body,
        // Threads are one level deep, as on Instagram: answering a reply joins its thread.
        parentId: comment.parentId ?? comment.id,
      });
      return { externalId: id };
    },

    async hideComment({ commentId, hidden, ...ref }) {
      const post = await ownPost(ref);
      const comment = await ownComment(post.id, commentId);
      await db.update(sandboxInteractions).set({ hidden }).where(eq(sandboxInteractions.id, comment.id));
    },

    async insights(ref) {
      const post = await ownPost(ref);
      const [counts] = await db
        .select({
          likes: sql<number>`count(*) filter (where ${sandboxInteractions.kind} = 'like')`.mapWith(Number),
          comments:
            sql<number>`count(*) filter (where ${sandboxInteractions.kind} in ('comment', 'reply'))`.mapWith(
              Number,
            ),
        })
        .from(sandboxInteractions)
        .where(eq(sandboxInteractions.sandboxPostId, post.id));
      return { reach: post.reach, likes: counts?.likes ?? 0, comments: counts?.comments ?? 0 };
    },

    async deletePost(ref) {
      // Deleting twice is fine (a retried delete must not fail); the first time is kept.
      const post = await ownPost(ref, { deleted: 'allowed' });
      await db
        .update(sandboxPosts)
        .set({ deletedAt: sql`coalesce(${sandboxPosts.deletedAt}, now())` })
        .where(eq(sandboxPosts.id, post.id));
    },
  };
}
