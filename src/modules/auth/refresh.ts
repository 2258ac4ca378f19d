import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { refreshTokens, sessions } from '../../db/schema.js';
import { hashToken } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { issueTokenPair } from './issue-session.js';
import type { TokenService } from './tokens.js';

/**
 * Rotates a refresh token. Presenting one that was already rotated means it leaked: the whole family
 * (session) is revoked, so both the thief and the owner must sign in again.
 */
export async function refresh(options: {
  db: Db;
  tokens: TokenService;
  refreshToken: string;
  /** Called after the change commits: cached access decisions must be dropped. */
  accessChanged: () => Promise<void>;
}) {
  const { db } = options;
  const tokenHash = hashToken(options.refreshToken);
  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ tokenId: refreshTokens.id, rotatedAt: refreshTokens.rotatedAt, session: sessions })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .where(eq(refreshTokens.tokenHash, tokenHash))
      .limit(1);
    if (!row) return { error: 'unknown' as const };
    if (row.session.revokedAt || row.session.expiresAt <= new Date()) return { error: 'ended' as const };

    // Conditional update: of two concurrent refreshes with the same token, exactly one wins.
    const rotated = await tx
      .update(refreshTokens)
      .set({ rotatedAt: sql`now()` })
      .where(and(eq(refreshTokens.id, row.tokenId), isNull(refreshTokens.rotatedAt)))
      .returning({ id: refreshTokens.id });
    if (rotated.length === 0) return { error: 'reused' as const, sessionId: row.session.id };

    return {
      pair: await issueTokenPair({
        tx,
        tokens: options.tokens,
        userId: row.session.userId,
        sessionId: row.session.id,
      }),
    };
  });

  if ('pair' in outcome) return outcome.pair;
  if (outcome.error === 'reused') {
    await db
      .update(sessions)
      .set({ revokedAt: sql`now()`, revokedReason: 'refresh_token_reused' })
      .where(
        and(
          eq(sessions.id, outcome.sessionId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql`now()`),
        ),
      );
    await options.accessChanged();
    throw new AppError('token_revoked', 'This refresh token was already used; the session has been ended');
  }
  throw new AppError('token_revoked', 'Refresh token is not valid; sign in again');
}
