/**
 * Playing Meta's webhook sender in tests (platform-apis.md §2.2, §2.5): serialize a payload the way Meta
 * does, then sign exactly those bytes.
 */
import { createHmac } from 'node:crypto';

/**
 * JSON as Meta sends it: every non-ASCII UTF-16 unit escaped as lowercase `\uXXXX` (an emoji becomes
 * its surrogate pair, `\ud83c\udfe1`), and `/` as `\/` (Meta's PHP-style encoder). A receiver that
 * re-serializes the parsed body gets other bytes, so only a signature over the raw body verifies.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

/** `X-Hub-Signature-256`: `sha256=` + lowercase hex HMAC-SHA256 of the raw body, keyed by the app secret. */
export function signMetaWebhook(body: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body, 'utf8').digest('hex')}`;
}
