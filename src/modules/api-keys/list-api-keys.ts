import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiKeys } from '../../db/schema.js';

/** What may be shown about a key: never the key or its hash. */
export const apiKeyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  role: apiKeys.role,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  createdBy: apiKeys.createdBy,
};

/** The workspace's active keys, newest first. */
export async function listApiKeys(options: { db: Db; workspaceId: string }) {
  const items = await options.db
    .select(apiKeyColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, options.workspaceId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return { items };
}
