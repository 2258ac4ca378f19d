import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { socialAccounts } from '../../db/schema.js';
import { createSealer, deriveKey } from '../../lib/crypto.js';
import { PlatformError, type Credentials, type SocialPlatform } from '../../platforms/social-platform.js';

export type Sealer = ReturnType<typeof createSealer>;

/** Social tokens are sealed with AES-256-GCM under a key derived from the app secret. */
export const tokenSealer = (secret: string): Sealer => createSealer(deriveKey(secret, 'social-tokens'));

export const sealCredentials = (sealer: Sealer, credentials: Credentials) =>
  sealer.seal(JSON.stringify({ ...credentials, expiresAt: credentials.expiresAt?.toISOString() ?? null }));

export function openCredentials(sealer: Sealer, sealed: string | null): Credentials | null {
  if (!sealed) return null;
  const raw = JSON.parse(sealer.open(sealed)) as Omit<Credentials, 'expiresAt'> & {
    expiresAt: string | null;
  };
  return { ...raw, expiresAt: raw.expiresAt ? new Date(raw.expiresAt) : null };
}

/**
 * Renews an account's tokens once, serialised per account across processes (an advisory lock held by
 * the transaction): X rotates refresh tokens, so two refreshes with the same one would lose the grant.
 * If another process refreshed while we waited, its fresh tokens are used instead of refreshing again.
 * A refresh the platform refuses marks the account `needs_reconnect`.
 */
export async function refreshCredentials(options: {
  db: Db;
  sealer: Sealer;
  platform: SocialPlatform;
  accountId: string;
  stale: Credentials;
}): Promise<Credentials> {
  const { db, sealer, platform, accountId, stale } = options;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`account:${accountId}`}))`);
    const [row] = await tx.select().from(socialAccounts).where(eq(socialAccounts.id, accountId));
    const current = openCredentials(sealer, row?.credentials ?? null);
    if (current && current.accessToken !== stale.accessToken) return current;
    try {
      const fresh = await platform.refresh(current ?? stale);
      await tx
        .update(socialAccounts)
        .set({
          credentials: sealCredentials(sealer, fresh),
          tokenExpiresAt: fresh.expiresAt,
          status: 'active',
          updatedAt: new Date(),
        })
        .where(and(eq(socialAccounts.id, accountId)));
      return fresh;
    } catch (error) {
      if (
        error instanceof PlatformError &&
        (error.action === 'reconnect' || error.action === 'refresh_token')
      ) {
        throw new PlatformError('reconnect', error.userMessage, { cause: error });
      }
      throw error;
    }
  });
}
