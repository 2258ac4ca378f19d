/**
 * The one LinkedIn failure classifier: every HTTP answer that is not a success, and every network
 * failure, becomes a `PlatformError` whose action says what the caller does (platform-apis.md §4.4, §4.6).
 */
import { PlatformError } from '../social-platform.js';

/** LinkedIn's error body `{message, serviceErrorCode, status}` (some 400s add `code`); OAuth uses RFC 6749. */
export interface LinkedInErrorBody {
  message?: string;
  serviceErrorCode?: number;
  status?: number;
  code?: string;
  error?: string;
  error_description?: string;
}

/** How long to stay away after a 429 that does not look like the daily quota (LinkedIn sends no Retry-After). */
export const RATE_LIMIT_BACKOFF_MS = 5 * 60_000;

export function parseErrorBody(body: unknown): LinkedInErrorBody {
  if (typeof body !== 'object' || body === null) {
    return typeof body === 'string' && body.trim() !== '' ? { message: body.trim() } : {};
  }
  const record = body as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? record[key] : undefined);
  const number = (key: string) => (typeof record[key] === 'number' ? record[key] : undefined);
  return {
    message: text('message'),
    serviceErrorCode: number('serviceErrorCode'),
    status: number('status'),
    code: text('code'),
    error: text('error'),
    error_description: text('error_description'),
  };
}

/** The next 00:00 UTC, when LinkedIn's daily quotas reset [V: rate-limits doc]. */
export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/**
 * The daily-quota 429 reads "Resource level throttle limit for calls to this resource is reached"
 * [3P]; any other 429 (LinkedIn also throttles for infrastructure protection [V]) gets a short back-off.
 */
const DAILY_QUOTA = /throttle limit|daily|quota/i;

export function classifyLinkedInResponse(status: number, body: unknown, now: Date): PlatformError {
  const error = parseErrorBody(body);
  const said = (error.message ?? error.error_description ?? '').replace(/\s+/g, ' ').trim();
  const details = { status, code: error.serviceErrorCode ?? error.code ?? error.error, cause: body };
  const because = said === '' ? '' : ` LinkedIn said: "${said}".`;

  if (status === 401) {
    return new PlatformError(
      'refresh_token',
      `LinkedIn no longer accepts this connection's access token.${because}`,
      details,
    );
  }
  if (status === 403) {
    return new PlatformError(
      'reject',
      `LinkedIn refused: this connection lacks the permission for this action.${because} ` +
        'Reconnect LinkedIn granting every requested permission, and check you are an administrator of the page.',
      details,
    );
  }
  if (status === 429) {
    const daily = DAILY_QUOTA.test(said);
    const retryAt = daily ? nextUtcMidnight(now) : new Date(now.getTime() + RATE_LIMIT_BACKOFF_MS);
    return new PlatformError(
      'rate_limited',
      daily
        ? `LinkedIn's daily limit for this account or app is used up; we'll try again after midnight UTC.${because}`
        : `LinkedIn asked us to slow down; we'll try again in a few minutes.${because}`,
      { ...details, retryAt },
    );
  }
  if (status >= 500) {
    return new PlatformError(
      'retry_later',
      `LinkedIn is having trouble (HTTP ${status}); we'll try again shortly.${because}`,
      details,
    );
  }
  return new PlatformError(
    'reject',
    said === '' ? `LinkedIn refused the request (HTTP ${status}).` : `LinkedIn refused the request: ${said}`,
    details,
  );
}

/** Timeouts, refused connections, resets: LinkedIn may or may not have acted, so retry after checking. */
export function classifyNetworkFailure(cause: unknown): PlatformError {
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  return new PlatformError(
    'retry_later',
    timedOut
      ? 'LinkedIn did not answer in time; we will check what happened and try again.'
      : 'We could not reach LinkedIn; we will try again shortly.',
    { cause },
  );
}

/** True when LinkedIn answered with a 4xx: the request was refused, so nothing was created. */
export const wasRefused = (error: unknown) =>
  error instanceof PlatformError && error.details.status !== undefined && error.details.status < 500;
