import { addDays } from '../../lib/time.js';
import { hashToken, randomToken } from '../../lib/crypto.js';
import type { Executor } from '../../db/client.js';
import { refreshTokens, sessions } from '../../db/schema.js';
import type { TokenService } from './tokens.js';

/** Starts a session (a refresh-token family) and returns its first token pair. */
export async function issueSession(options: {
  tx: Executor;
  tokens: TokenService;
  userId: string;
  refreshTtlDays: number;
}) {
  const { tx, tokens, userId } = options;
  const [session] = await tx
    .insert(sessions)
    .values({ userId, expiresAt: addDays(new Date(), options.refreshTtlDays) })
    .returning({ id: sessions.id });
  if (!session) throw new Error('session not created');
  return issueTokenPair({ tx, tokens, userId, sessionId: session.id });
}

/** A new refresh token in an existing family, plus an access token bound to that family. */
export async function issueTokenPair(options: {
  tx: Executor;
  tokens: TokenService;
  userId: string;
  sessionId: string;
}) {
  const refreshToken = randomToken();
  await options.tx
    .insert(refreshTokens)
    .values({ sessionId: options.sessionId, tokenHash: hashToken(refreshToken) });
  const accessToken = await options.tokens.signAccess({
    userId: options.userId,
    sessionId: options.sessionId,
  });
  return {
    accessToken,
    refreshToken,
    tokenType: 'Bearer' as const,
    expiresIn: options.tokens.accessTtlSeconds,
  };
}
