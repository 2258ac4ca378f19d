import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { emails } from '../../db/schema.js';
import { defineJob } from '../../jobs/queue.js';
import type { JobContext } from '../../jobs/context.js';
import { isSuppressed } from './suppressions.js';

/**
 * Delivers one recorded email over SMTP. Retried by the queue on failure; never sends a sent one twice,
 * and never sends to an address the workspace suppressed (the email is marked `suppressed`). Without
 * SMTP_URL the email stays in the outbox as `not_configured`, readable through the API.
 */
export const sendEmailJob = defineJob({
  name: 'email.send',
  payload: z.object({
    emailId: z.uuid(),
    html: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
  retryLimit: 5,
  async handle({ emailId, html, headers }, { db, mailer, logger }: JobContext) {
    const [email] = await db.select().from(emails).where(eq(emails.id, emailId)).limit(1);
    if (!email || email.status === 'sent' || email.status === 'suppressed') return;
    if (email.workspaceId && (await isSuppressed(db, email.workspaceId, email.to))) {
      await db.update(emails).set({ status: 'suppressed', error: null }).where(eq(emails.id, emailId));
      logger.info({ emailId }, 'email not sent: the address is suppressed');
      return;
    }
    if (!mailer.configured) {
      await db.update(emails).set({ status: 'not_configured' }).where(eq(emails.id, emailId));
      logger.warn({ emailId }, 'email not sent: SMTP_URL is not set');
      return;
    }
    try {
      await mailer.send({
        to: email.to,
        subject: email.subject,
        text: email.body,
        ...(html ? { html } : {}),
        ...(headers ? { headers } : {}),
      });
    } catch (error) {
      await db
        .update(emails)
        .set({ status: 'failed', error: String(error) })
        .where(eq(emails.id, emailId));
      throw error;
    }
    await db
      .update(emails)
      .set({ status: 'sent', sentAt: new Date(), error: null })
      .where(eq(emails.id, emailId));
  },
});
