import { describe, expect, it } from 'vitest';
import { createSealer, deriveKey } from '../../src/lib/crypto.js';

const sealer = createSealer(deriveKey('a master secret that is long enough', 'tokens-at-rest'));

describe('sealing secrets at rest (AES-256-GCM)', () => {
  it('when a token is sealed, then it opens to the same text and never appears in the sealed form', () => {
    const token = 'IGQVJ-long-lived-instagram-token-🔑';
    const sealed = sealer.seal(token);
    expect(sealed).not.toContain('instagram');
    expect(sealer.open(sealed)).toBe(token);
  });

  it('when the same token is sealed twice, then the two sealed forms differ (fresh IV)', () => {
    expect(sealer.seal('same')).not.toBe(sealer.seal('same'));
  });

  it('when a sealed value is altered or opened with another key, then opening fails', () => {
    const sealed = Buffer.from(sealer.seal('secret'), 'base64url');
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
    expect(() => sealer.open(sealed.toString('base64url'))).toThrow();
    const other = createSealer(deriveKey('a different master secret, also long', 'tokens-at-rest'));
    expect(() => other.open(sealer.seal('secret'))).toThrow();
  });
});
