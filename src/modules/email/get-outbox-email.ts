import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { emails } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { outboxColumns } from './list-outbox.js';

/** One email of the workspace with its full body; another workspace's id is not found. */
export async function getOutboxEmail(options: { db: Db; workspaceId: string; id: string }) {
  const [email] = await options.db
    .select({ ...outboxColumns, body: emails.body })
    .from(emails)
    .where(and(eq(emails.workspaceId, options.workspaceId), eq(emails.id, options.id)))
    .limit(1);
  if (!email) throw notFound('Email');
  return email;
}
