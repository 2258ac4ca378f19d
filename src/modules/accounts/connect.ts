import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { JobQueue } from '../../jobs/queue.js';
import { oauthStates, socialAccounts } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { Login, PlatformRegistry } from '../../platforms/registry.js';
import {
  type ConnectableAccount,
  PlatformError,
  type Platform,
  type SocialPlatform,
} from '../../platforms/social-platform.js';
import { createPkcePair } from '../../platforms/x/index.js';
import { toAccount } from './accounts.js';
import { resumeAccountTargets } from '../posts/schedule.js';
import { sealCredentials, type Sealer } from './credentials.js';

const STATE_TTL_MS = 10 * 60_000;

export interface ConnectDeps {
  db: Db;
  jobs: JobQueue;
  registry: PlatformRegistry;
  sealer: Sealer;
  /** HMAC key for `state` values. */
  stateKey: Buffer;
  publicUrl: string;
  /** Where a failed webhook subscription is reported (it never fails the connection). */
  log?: { warn(details: Record<string, unknown>, message: string): void };
}

const redirectUri = (deps: ConnectDeps, platform: Platform) =>
  `${deps.publicUrl}/accounts/callback/${platform}`;
const sign = (key: Buffer, id: string) =>
  createHmac('sha256', key).update(`oauth-state\n${id}`).digest('base64url');

function clientFor(deps: ConnectDeps, platform: Platform, login: Login) {
  const client = deps.registry.live(platform, login);
  if (!client) {
    throw new AppError(
      'not_configured',
      `Connecting ${platform} needs its app credentials in this instance's configuration`,
    );
  }
  return client;
}

/**
 * The platform's authorize URL for the caller. Its `state` is signed, names a single-use row bound to
 * the user and workspace, and expires in 10 minutes; PKCE's verifier stays sealed on our side.
 */
export async function startConnection(
  deps: ConnectDeps & { workspaceId: string; userId: string; platform: Platform; login: Login },
) {
  const client = clientFor(deps, deps.platform, deps.login);
  const pkce = client.usesPkce ? createPkcePair() : null;
  const expiresAt = new Date(Date.now() + STATE_TTL_MS);
  const [row] = await deps.db
    .insert(oauthStates)
    .values({
      workspaceId: deps.workspaceId,
      userId: deps.userId,
      platform: deps.platform,
      login: deps.login,
      codeVerifier: pkce ? deps.sealer.seal(pkce.verifier) : null,
      expiresAt,
    })
    .returning({ id: oauthStates.id });
  const state = `${row!.id}.${sign(deps.stateKey, row!.id)}`;
  const authorizeUrl = client.authorizeUrl({
    state,
    redirectUri: redirectUri(deps, deps.platform),
    ...(pkce ? { codeChallenge: pkce.challenge } : {}),
  });
  return { authorizeUrl, expiresAt: expiresAt.toISOString() };
}

/**
 * Best-effort: asks the platform to push each new account's comments and messages to our webhook. A
 * failure is logged (platform, account, action, code — never a token) and the connection stands;
 * polling still reads the account's engagement.
 */
async function subscribeWebhooks(
  deps: ConnectDeps,
  client: SocialPlatform,
  platform: Platform,
  found: ConnectableAccount[],
  stored: { id: string }[],
) {
  if (!client.subscribeWebhooks) return;
  const subscribe = client.subscribeWebhooks.bind(client);
  await Promise.all(
    found.map(async (account, index) => {
      try {
        await subscribe({
          account: { externalId: account.externalId, meta: account.meta },
          credentials: account.credentials,
        });
      } catch (error) {
        deps.log?.warn(
          {
            platform,
            accountId: stored[index]?.id,
            action: error instanceof PlatformError ? error.action : 'unexpected',
            code: error instanceof PlatformError ? error.details.code : undefined,
          },
          'webhook subscription failed; the account is connected and its engagement is polled',
        );
      }
    }),
  );
}

function badState(): never {
  throw new AppError(
    'connect_failed',
    'This connection link is invalid, expired or already used; start again',
  );
}

/**
 * The platform's redirect back: checks and consumes the state, exchanges the code, and stores every
 * account the login can publish as, with its tokens sealed. Connecting again updates the tokens.
 */
export async function finishConnection(
  deps: ConnectDeps & {
    platform: Platform;
    code?: string | undefined;
    state: string;
    error?: string | undefined;
  },
) {
  const [id, signature] = deps.state.split('.');
  if (!id || !signature || !/^[0-9a-f-]{36}$/.test(id)) badState();
  const expected = Buffer.from(sign(deps.stateKey, id));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) badState();
  const [claimed] = await deps.db
    .update(oauthStates)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(oauthStates.id, id),
        eq(oauthStates.platform, deps.platform),
        isNull(oauthStates.usedAt),
        gt(oauthStates.expiresAt, new Date()),
      ),
    )
    .returning();
  if (!claimed) badState();
  if (deps.error || !deps.code) {
    throw new AppError(
      'connect_failed',
      `The connection was not completed on ${deps.platform}: ${deps.error ?? 'no code'}`,
    );
  }
  const client = clientFor(deps, deps.platform, claimed.login as Login);
  try {
    const credentials = await client.exchangeCode({
      code: deps.code,
      redirectUri: redirectUri(deps, deps.platform),
      ...(claimed.codeVerifier ? { codeVerifier: deps.sealer.open(claimed.codeVerifier) } : {}),
    });
    const found = await client.accounts(credentials);
    const stored = [];
    for (const account of found) {
      const values = {
        handle: account.handle,
        displayName: account.displayName,
        kind: account.kind,
        status: 'active' as const,
        credentials: sealCredentials(deps.sealer, account.credentials),
        tokenExpiresAt: account.credentials.expiresAt,
        meta: { ...account.meta, login: claimed.login },
        updatedAt: new Date(),
      };
      const row = await deps.db.transaction(async (tx) => {
        const [upserted] = await tx
          .insert(socialAccounts)
          .values({
            workspaceId: claimed.workspaceId,
            platform: deps.platform,
            network: 'live',
            externalId: account.externalId,
            createdBy: claimed.userId,
            ...values,
          })
          .onConflictDoUpdate({
            target: [
              socialAccounts.workspaceId,
              socialAccounts.platform,
              socialAccounts.network,
              socialAccounts.externalId,
            ],
            set: { ...values, meta: sql`excluded.meta` },
          })
          .returning();
        await resumeAccountTargets(tx, deps.jobs, upserted!.id);
        return upserted!;
      });
      stored.push(toAccount(row));
    }
    await subscribeWebhooks(deps, client, deps.platform, found, stored);
    return stored;
  } catch (error) {
    if (error instanceof PlatformError) throw new AppError('connect_failed', error.userMessage);
    throw error;
  }
}
