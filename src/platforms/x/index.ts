export { createXPlatform, validateForX, X_DEFAULT_SCOPES, type XPlatformOptions } from './x-platform.js';
export { createPkcePair, pkceChallenge, type PkcePair } from './pkce.js';
export { createKeyedLock, type KeyedLock } from './keyed-lock.js';
export type { XRateLimitInfo } from './x-http.js';
