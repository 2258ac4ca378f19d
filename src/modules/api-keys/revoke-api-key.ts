import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiKeys } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

/** Revokes a key; requests with it answer 401 from now on. */
export async function revokeApiKey(options: {
  db: Db;
  workspaceId: string;
  apiKeyId: string;
  /** Called after the change commits: cached access decisions must be dropped. */
  accessChanged: () => Promise<void>;
}) {
  const revoked = await options.db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.id, options.apiKeyId),
        eq(apiKeys.workspaceId, options.workspaceId),
        isNull(apiKeys.revokedAt),
      ),
    )
    .returning({ id: apiKeys.id });
  if (revoked.length === 0) throw notFound('API key');
  await options.accessChanged();
}
