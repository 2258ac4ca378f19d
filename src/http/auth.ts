import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { apiKeys, memberships, sessions, users, type Role } from '../db/schema.js';
import { hashToken } from '../lib/crypto.js';
import { AppError, forbidden } from '../lib/errors.js';
import type { TokenService } from '../modules/auth/tokens.js';
import type { InvalidatedCache } from '../lib/invalidated-cache.js';
import { UUID } from '../lib/ids.js';

/** Who is calling and in which workspace; set on `request.auth` by the authenticator. */
export interface AuthContext {
  /** Null when the caller is an API key. */
  userId: string | null;
  sessionId: string | null;
  apiKeyId: string | null;
  workspaceId: string;
  role: Role;
}

/** A signed-in user, independent of any workspace (for `/me`, creating workspaces, accepting invites). */
export interface UserContext {
  userId: string;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
    user: UserContext | null;
  }
}

const rank: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };
export const roleAtLeast = (role: Role, minimum: Role) => rank[role] >= rank[minimum];

export const API_KEY_PREFIX = 'lck_';

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) throw new AppError('unauthenticated', 'Send `Authorization: Bearer <token>`');
  return match[1];
}

function requestedWorkspace(request: FastifyRequest): string | null {
  const header = request.headers['x-workspace-id'];
  if (header === undefined) return null;
  if (typeof header !== 'string' || !UUID.test(header)) {
    throw new AppError('bad_request', 'X-Workspace-Id must be a workspace id (UUID)');
  }
  return header.toLowerCase();
}

/** The session a token names, if it is still live: not revoked, not expired, and the token's user's. */
const activeSession = (claims: { sessionId: string; userId: string }) =>
  and(
    eq(sessions.id, claims.sessionId),
    eq(sessions.userId, claims.userId),
    isNull(sessions.revokedAt),
    gt(sessions.expiresAt, sql`now()`),
  );

/**
 * Resolves the caller in one query: a session JWT (acting in the personal workspace or the one named by
 * `X-Workspace-Id`) or a workspace API key. Another workspace's id answers 404. Successful answers are
 * remembered briefly in `cache` (see lib/invalidated-cache.ts for why that stays correct).
 */
export function createAuthenticator(deps: {
  db: Db;
  tokens: TokenService;
  cache: InvalidatedCache<AuthContext | UserContext>;
}) {
  const { db, tokens, cache } = deps;

  async function remembered<T extends AuthContext | UserContext>(
    key: string,
    resolve: () => Promise<{ value: T; notAfterMs?: number }>,
  ): Promise<T> {
    const hit = cache.get(key);
    if (hit) return hit as T;
    const epoch = cache.epoch();
    const { value, notAfterMs } = await resolve();
    cache.set(key, value, epoch, notAfterMs);
    return value;
  }

  async function fromSession(token: string, workspaceId: string | null) {
    const claims = await tokens.verifyAccess(token);
    if (!UUID.test(claims.sessionId) || !UUID.test(claims.userId)) {
      throw new AppError('unauthenticated', 'Invalid access token');
    }
    const [row] = await db
      .select({ role: memberships.role, workspaceId: memberships.workspaceId })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(
        memberships,
        and(
          eq(memberships.userId, sessions.userId),
          eq(memberships.workspaceId, workspaceId ?? users.personalWorkspaceId),
        ),
      )
      .where(activeSession(claims))
      .limit(1);
    if (!row) throw new AppError('token_revoked', 'Session ended; sign in again');
    if (!row.role || !row.workspaceId) throw new AppError('not_found', 'Workspace not found');
    const value: AuthContext = {
      userId: claims.userId,
      sessionId: claims.sessionId,
      apiKeyId: null,
      workspaceId: row.workspaceId,
      role: row.role,
    };
    return { value, notAfterMs: claims.expiresAt };
  }

  async function fromApiKey(key: string, workspaceId: string | null) {
    const [row] = await db
      .select({
        id: apiKeys.id,
        workspaceId: apiKeys.workspaceId,
        role: apiKeys.role,
        lastUsedAt: apiKeys.lastUsedAt,
      })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hashToken(key)), isNull(apiKeys.revokedAt)))
      .limit(1);
    if (!row) throw new AppError('unauthenticated', 'Invalid API key');
    if (workspaceId && workspaceId !== row.workspaceId)
      throw new AppError('not_found', 'Workspace not found');
    // Record use at most once a minute: keeps the hot path to one read.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
    }
    const value: AuthContext = {
      userId: null,
      sessionId: null,
      apiKeyId: row.id,
      workspaceId: row.workspaceId,
      role: row.role,
    };
    return { value };
  }

  return {
    /** onRequest hook: any authenticated caller with at least `minimum` role in the current workspace. */
    require(minimum: Role) {
      return async (request: FastifyRequest) => {
        const token = bearer(request);
        const workspaceId = requestedWorkspace(request);
        const auth = await remembered<AuthContext>(`${workspaceId ?? 'personal'} ${token}`, () =>
          token.startsWith(API_KEY_PREFIX) ? fromApiKey(token, workspaceId) : fromSession(token, workspaceId),
        );
        if (!roleAtLeast(auth.role, minimum)) throw forbidden(`This needs the ${minimum} role or higher`);
        request.auth = auth;
      };
    },

    /** onRequest hook: a signed-in person (not an API key), whatever workspace. */
    user() {
      return async (request: FastifyRequest) => {
        const token = bearer(request);
        if (token.startsWith(API_KEY_PREFIX)) throw forbidden('This needs a signed-in user, not an API key');
        request.user = await remembered<UserContext>(`user ${token}`, async () => {
          const claims = await tokens.verifyAccess(token);
          if (!UUID.test(claims.sessionId)) throw new AppError('unauthenticated', 'Invalid access token');
          const [session] = await db
            .select({ id: sessions.id })
            .from(sessions)
            .where(activeSession(claims))
            .limit(1);
          if (!session) throw new AppError('token_revoked', 'Session ended; sign in again');
          return {
            value: { userId: claims.userId, sessionId: claims.sessionId },
            notAfterMs: claims.expiresAt,
          };
        });
      };
    },
  };
}

/** The auth context of a route that ran `require(...)`; a programming error if it is missing. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error('route is missing its authenticator hook');
  return request.auth;
}

export function userOf(request: FastifyRequest): UserContext {
  if (!request.user) throw new Error('route is missing its user hook');
  return request.user;
}
