import type { Executor } from '../../db/client.js';
import { emails } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { OutgoingEmail } from './mailer.js';

/** Records an email and queues its delivery in the caller's transaction, so neither exists without the other. */
export async function queueEmail(options: {
  tx: Executor;
  jobs: JobQueue;
  workspaceId: string | null;
  email: OutgoingEmail;
}): Promise<string> {
  const { tx, jobs, workspaceId, email } = options;
  const [row] = await tx
    .insert(emails)
    .values({ workspaceId, to: email.to, subject: email.subject, body: email.text })
    .returning({ id: emails.id });
  if (!row) throw new Error('email row not inserted');
  await jobs.enqueue('email.send', { emailId: row.id }, { tx });
  return row.id;
}
