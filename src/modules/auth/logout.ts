import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { refreshTokens, sessions } from '../../db/schema.js';
import { hashToken } from '../../lib/crypto.js';

/** Ends the caller's session, and the one a given refresh token belongs to if it is theirs too. */
export async function logout(options: {
  db: Db;
  userId: string;
  sessionId: string;
  refreshToken?: string | undefined;
  /** Called after the change commits: cached access decisions must be dropped. */
  accessChanged: () => Promise<void>;
}) {
  const { db, userId } = options;
  const ids = [options.sessionId];
  if (options.refreshToken) {
    const [row] = await db
      .select({ sessionId: refreshTokens.sessionId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashToken(options.refreshToken)))
      .limit(1);
    if (row) ids.push(row.sessionId);
  }
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: 'logout' })
    .where(and(inArray(sessions.id, ids), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  await options.accessChanged();
}
