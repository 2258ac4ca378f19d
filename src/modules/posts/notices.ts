import type { Executor } from '../../db/client.js';
import type { posts, socialAccounts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { platformNames } from '../../platforms/social-platform.js';
import { emitEvent } from '../events/emit-event.js';
import { notify } from '../notifications/notify.js';

const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text);

/**
 * Tells the post's author (or, for a post made with an API key, the workspace's owners and admins)
 * what happened to one of its targets.
 */
export async function tellAboutTarget(
  tx: Executor,
  jobs: JobQueue,
  about: {
    post: typeof posts.$inferSelect;
    account: typeof socialAccounts.$inferSelect;
    targetId: string;
  },
  notice: { kind: string; message: string; email?: boolean },
) {
  const { post, account } = about;
  const where = `${platformNames[account.platform]} @${account.handle}`;
  const titles: Record<string, string> = {
    'post.failed': `A post to ${where} failed`,
    'post.needs_attention': `A post to ${where} needs your attention`,
    'post.delayed': `A post to ${where} was rescheduled`,
  };
  await notify({
    tx,
    jobs,
    workspaceId: post.workspaceId,
    audience: post.createdBy ? { userIds: [post.createdBy] } : { roles: ['owner', 'admin'] },
    notice: {
      kind: notice.kind,
      title: titles[notice.kind] ?? `A post to ${where} changed`,
      body: `“${excerpt(post.text)}”: ${notice.message}`,
      subject: { postId: post.id, targetId: about.targetId, accountId: account.id },
    },
    email: notice.email ?? false,
  });
}

/**
 * Tells the workspace's integrations (its event stream and webhooks) that one target reached a final
 * state, in the transaction that put it there.
 */
export async function announceTarget(
  tx: Executor,
  jobs: JobQueue,
  about: {
    workspaceId: string;
    postId: string;
    targetId: string;
    account: Pick<typeof socialAccounts.$inferSelect, 'id' | 'platform' | 'handle'>;
  },
  outcome:
    | { kind: 'post.published'; externalId: string; permalink: string }
    | { kind: 'post.failed' | 'post.needs_attention'; error: { code: string; message: string } },
) {
  const { kind, ...details } = outcome;
  await emitEvent({
    tx,
    jobs,
    workspaceId: about.workspaceId,
    kind,
    data: {
      postId: about.postId,
      targetId: about.targetId,
      accountId: about.account.id,
      platform: about.account.platform,
      handle: about.account.handle,
      ...details,
    },
  });
}
