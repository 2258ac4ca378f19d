import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { AppError } from '../../lib/errors.js';

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export interface VerifiedClaims extends AccessClaims {
  /** Epoch milliseconds after which the token is no longer valid. */
  expiresAt: number;
}

/** Short-lived access JWTs (HS256) bound to a session, so revoking the session ends them too. */
export function createTokenService(options: { key: Uint8Array; accessTtlSeconds: number }) {
  const issuer = 'listcast';
  return {
    accessTtlSeconds: options.accessTtlSeconds,

    signAccess: (claims: AccessClaims) =>
      new SignJWT({ sid: claims.sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.userId)
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime(`${options.accessTtlSeconds}s`)
        .sign(options.key),

    async verifyAccess(token: string): Promise<VerifiedClaims> {
      try {
        const { payload } = await jwtVerify(token, options.key, { issuer, algorithms: ['HS256'] });
        if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || !payload.exp) {
          throw new Error('claims');
        }
        return { userId: payload.sub, sessionId: payload.sid, expiresAt: payload.exp * 1000 };
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired)
          throw new AppError('token_expired', 'Access token expired');
        throw new AppError('unauthenticated', 'Invalid access token');
      }
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
