import type { Executor } from '../../db/client.js';
import type { posts, socialAccounts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { platformNames } from '../../platforms/social-platform.js';
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
