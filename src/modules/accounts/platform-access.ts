import type { socialAccounts } from '../../db/schema.js';
import type { JobContext } from '../../jobs/context.js';
import type { Login } from '../../platforms/registry.js';
import { PlatformError, type PostRef, type SocialPlatform } from '../../platforms/social-platform.js';
import { openCredentials, refreshCredentials } from './credentials.js';

export type AccountRow = typeof socialAccounts.$inferSelect;

/** The platform client of a connected account: the sandbox, or the live network's app. */
export function platformOf(ctx: Pick<JobContext, 'platforms'>, account: AccountRow): SocialPlatform {
  if (account.network === 'sandbox') return ctx.platforms.sandbox(account.platform);
  const client = ctx.platforms.live(account.platform, (account.meta.login ?? 'default') as Login);
  if (!client) {
    throw new PlatformError(
      'reconnect',
      `This instance has no ${account.platform} app credentials configured.`,
    );
  }
  return client;
}

/**
 * Runs one call as the account with its decrypted tokens; an expired token is refreshed once (under
 * the per-account lock) and the call tried again.
 */
export async function asAccount<T>(
  ctx: Pick<JobContext, 'platforms' | 'db' | 'tokenSealer'>,
  account: AccountRow,
  call: (platform: SocialPlatform, ref: (externalId: string) => PostRef) => Promise<T>,
): Promise<T> {
  const platform = platformOf(ctx, account);
  const refWith =
    (credentials: PostRef['credentials']) =>
    (externalId: string): PostRef => ({
      account: {
        externalId: account.externalId,
        meta: { ...account.meta, accountId: account.id, workspaceId: account.workspaceId },
      },
      credentials,
      externalId,
    });
  const credentials = openCredentials(ctx.tokenSealer, account.credentials) ?? {
    accessToken: '',
    refreshToken: null,
    expiresAt: null,
    scopes: [],
  };
  try {
    return await call(platform, refWith(credentials));
  } catch (error) {
    if (!(error instanceof PlatformError) || error.action !== 'refresh_token') throw error;
    const fresh = await refreshCredentials({
      db: ctx.db,
      sealer: ctx.tokenSealer,
      platform,
      accountId: account.id,
      stale: credentials,
    });
    return call(platform, refWith(fresh));
  }
}
