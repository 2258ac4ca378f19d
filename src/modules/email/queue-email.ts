import type { Executor } from '../../db/client.js';
import { emails } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { OutgoingEmail } from './mailer.js';

/** What a follow-up email is about: the lead, and the sequence and step that sent it. */
export interface EmailSubject {
  leadId: string;
  sequenceId?: string;
  step?: number;
}

/**
 * Records an email and queues its delivery in the caller's transaction, so neither exists without the
 * other. The row keeps the plain text (what the outbox shows); an HTML part and extra headers travel
 * with the delivery job.
 */
export async function queueEmail(options: {
  tx: Executor;
  jobs: JobQueue;
  workspaceId: string | null;
  email: OutgoingEmail;
  about?: EmailSubject;
}): Promise<string> {
  const { tx, jobs, workspaceId, email, about } = options;
  const [row] = await tx
    .insert(emails)
    .values({
      workspaceId,
      to: email.to,
      subject: email.subject,
      body: email.text,
      leadId: about?.leadId ?? null,
      sequenceId: about?.sequenceId ?? null,
      step: about?.step ?? null,
    })
    .returning({ id: emails.id });
  if (!row) throw new Error('email row not inserted');
  await jobs.enqueue(
    'email.send',
    {
      emailId: row.id,
      ...(email.html ? { html: email.html } : {}),
      ...(email.headers ? { headers: email.headers } : {}),
    },
    { tx },
  );
  return row.id;
}
