import { createHmac, timingSafeEqual } from 'node:crypto';

/** Expiry times are rounded up to this step, so a URL stays the same for a while and caches can reuse it. */
const EXPIRY_STEP_SECONDS = 300;

export interface SignedUrl {
  url: string;
  expiresAt: Date;
}

export type UrlCheck = 'valid' | 'invalid' | 'expired';

/**
 * Signed, expiring URLs for media files: `{publicUrl}/media/{id}/{variant}?expires={unix}&signature=…`.
 * Anyone holding the URL may fetch the file until it expires (a social platform fetching a photo sends
 * no credentials), so the URL itself is the capability: HMAC-SHA256 over id, variant and expiry.
 */
export interface MediaUrls {
  sign(id: string, variant: string, now?: Date): SignedUrl;
  /** `invalid` for a wrong or missing signature (checked first), `expired` for a genuine but old URL. */
  check(id: string, variant: string, expires: string, signature: string, now?: Date): UrlCheck;
  /**
   * The media id of a URL this instance signed (expired or not): a listing photo uploaded here and
   * kept as its URL is our own file, not something to download.
   */
  ownMediaId(url: string): string | null;
}

export function createMediaUrls(options: { key: Buffer; publicUrl: string; ttlSeconds: number }): MediaUrls {
  const { key, publicUrl, ttlSeconds } = options;
  const mac = (id: string, variant: string, expires: number) =>
    createHmac('sha256', key).update(`media\n${id}\n${variant}\n${expires}`).digest();
  return {
    sign(id, variant, now = new Date()) {
      const seconds = Math.floor(now.getTime() / 1000) + ttlSeconds;
      const expires = Math.ceil(seconds / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
      const signature = mac(id, variant, expires).toString('base64url');
      const path = `/media/${encodeURIComponent(id)}/${encodeURIComponent(variant)}`;
      return {
        url: `${publicUrl}${path}?expires=${expires}&signature=${signature}`,
        expiresAt: new Date(expires * 1000),
      };
    },
    check(id, variant, expires, signature, now = new Date()) {
      if (!/^\d{1,12}$/.test(expires)) return 'invalid';
      // Compared as text: base64url decoding ignores a final character's spare bits, so comparing
      // decoded bytes would accept several spellings of one signature.
      const given = Buffer.from(signature);
      const expected = Buffer.from(mac(id, variant, Number(expires)).toString('base64url'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
      return Number(expires) * 1000 <= now.getTime() ? 'expired' : 'valid';
    },
    ownMediaId(url) {
      const parsed = URL.canParse(url) ? new URL(url) : null;
      if (!parsed || `${parsed.origin}` !== new URL(publicUrl).origin) return null;
      const match = /^\/media\/([^/]+)\/([^/]+)$/.exec(parsed.pathname);
      if (!match) return null;
      const id = decodeURIComponent(match[1]!);
      const variant = decodeURIComponent(match[2]!);
      const expires = parsed.searchParams.get('expires') ?? '';
      const signature = parsed.searchParams.get('signature') ?? '';
      return this.check(id, variant, expires, signature) === 'invalid' ? null : id;
    },
  };
}
