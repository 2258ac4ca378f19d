import type { Db } from '../../db/client.js';
import { apiKeys, type Role } from '../../db/schema.js';
import { API_KEY_PREFIX, roleAtLeast } from '../../http/auth.js';
import { hashToken, randomToken } from '../../lib/crypto.js';
import { forbidden } from '../../lib/errors.js';
import { apiKeyColumns } from './list-api-keys.js';

/** Characters of the key kept in clear, so people can tell their keys apart. */
const DISPLAY_PREFIX_LENGTH = 12;

/**
 * Creates a workspace API key. The key is returned once and stored only as a hash; it can never have
 * more rights than the person who created it.
 */
export async function createApiKey(options: {
  db: Db;
  workspaceId: string;
  actor: { userId: string; role: Role };
  input: { name: string; role: Exclude<Role, 'owner'> };
}) {
  const { workspaceId, actor, input } = options;
  if (!roleAtLeast(actor.role, input.role)) {
    throw forbidden(`You cannot create a key with the ${input.role} role`);
  }
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const [created] = await options.db
    .insert(apiKeys)
    .values({
      workspaceId,
      name: input.name,
      role: input.role,
      prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
      keyHash: hashToken(key),
      createdBy: actor.userId,
    })
    .returning(apiKeyColumns);
  if (!created) throw new Error('api key not created');
  return { ...created, key };
}
