/**
 * PKCE for X's OAuth 2.0 Authorization Code flow (platform-apis.md §5.1): we always use S256, never
 * `plain`. The verifier is 43 characters of base64url (32 random bytes), inside the 43–128 range of
 * RFC 7636's unreserved set; the challenge is base64url(sha256(verifier)) without padding.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export const pkceChallenge = (verifier: string): string =>
  createHash('sha256').update(verifier, 'ascii').digest('base64url');

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}
