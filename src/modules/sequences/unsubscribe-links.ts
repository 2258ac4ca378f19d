import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../../lib/crypto.js';

/**
 * Unsubscribe links: `{publicUrl}/unsubscribe/{base64url(lead id)}.{HMAC-SHA256}`. They never expire
 * (an old email's link must keep working) and cannot be guessed or altered without the app secret.
 */
export interface UnsubscribeLinks {
  token(leadId: string): string;
  url(leadId: string): string;
  /** The lead a token names, or null for anything this instance did not sign. */
  leadOf(token: string): string | null;
}

const UUID_HEX = /^[0-9a-f]{32}$/;

export function createUnsubscribeLinks(options: { key: Buffer; publicUrl: string }): UnsubscribeLinks {
  const mac = (leadId: string) =>
    createHmac('sha256', options.key).update(`unsubscribe\n${leadId.toLowerCase()}`).digest('base64url');
  const token = (leadId: string) =>
    `${Buffer.from(leadId.replace(/-/g, ''), 'hex').toString('base64url')}.${mac(leadId)}`;
  return {
    token,
    url: (leadId) => `${options.publicUrl}/unsubscribe/${token(leadId)}`,
    leadOf(given) {
      const [id, signature, extra] = given.split('.');
      if (!id || !signature || extra !== undefined || !/^[A-Za-z0-9_-]{22}$/.test(id)) return null;
      const hex = Buffer.from(id, 'base64url').toString('hex');
      if (!UUID_HEX.test(hex)) return null;
      const leadId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      // Compared as text: base64url decoding ignores spare bits, so bytes would accept several spellings.
      if (Buffer.from(id, 'base64url').toString('base64url') !== id) return null;
      const expected = Buffer.from(mac(leadId));
      const actual = Buffer.from(signature);
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
      return leadId;
    },
  };
}

/** The headers that let mail clients offer "unsubscribe" themselves, in one click (RFC 2369, RFC 8058). */
export const unsubscribeHeaders = (url: string) => ({
  'List-Unsubscribe': `<${url}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

/** The links as the API and the workers build them: one key derived from the app secret. */
export const unsubscribeLinksFor = (config: { publicUrl: string }, secret: string) =>
  createUnsubscribeLinks({ key: deriveKey(secret, 'unsubscribe-link'), publicUrl: config.publicUrl });
