import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { emails } from '../../db/schema.js';
import { defineJob } from '../../jobs/queue.js';
import type { JobContext } from '../../jobs/context.js';

/** Delivers one recorded email over SMTP. Retried by the queue on failure; never sends a sent one twice. */
export const sendEmailJob = defineJob({
  name: 'email.send',
  payload: z.object({ emailId: z.uuid() }),
  retryLimit: 5,
  async handle({ emailId }, { db, mailer, logger }: JobContext) {
    const [email] = await db.select().from(emails).where(eq(emails.id, emailId)).limit(1);
    if (!email || email.status === 'sent') return;
    if (!mailer.configured) {
      await db.update(emails).set({ status: 'not_configured' }).where(eq(emails.id, emailId));
      logger.warn({ emailId }, 'email not sent: SMTP_URL is not set');
      return;
    }
    try {
      await mailer.send({ to: email.to, subject: email.subject, text: email.body });
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
