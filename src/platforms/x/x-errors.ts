/**
 * The one classifier for X (platform-apis.md §5.4, §5.5, §8): turns an HTTP answer into a
 * `PlatformError` whose action is the caller's decision. It branches on the status and the
 * `x-rate-limit-*` headers first, and reads the body (problem JSON `{type, title, detail, status}`,
 * `{errors: [{message | detail}]}` or OAuth's `{error, error_description}`) for the message and for the
 * few kinds that change the decision (usage cap, duplicate content, unsupported authentication).
 */
import { PlatformError } from '../social-platform.js';

export interface XAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** `details.code` of the 403 X returns for a post whose text equals a recent one of the same user. */
export const DUPLICATE_CONTENT = 'duplicate_content';

/** When the headers do not say, assume the usual 15-minute window (§5.4). */
const DEFAULT_WINDOW_MS = 15 * 60 * 1000;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** A readable message from any of X's error shapes. */
export function xErrorMessage(body: unknown, status: number): string {
  if (isRecord(body)) {
    const errors = Array.isArray(body.errors) ? body.errors.filter(isRecord) : [];
    const fromErrors = errors.map((error) => text(error.detail) ?? text(error.message)).filter(Boolean);
    const parts = [text(body.detail) ?? text(body.title), ...fromErrors, text(body.error_description)];
    const unique = [...new Set(parts.filter((part): part is string => part !== undefined))];
    if (unique.length > 0) return unique.join('; ');
    if (text(body.error)) return String(body.error);
  }
  if (typeof body === 'string' && body.trim() !== '') return body.trim().slice(0, 300);
  return `HTTP ${status}`;
}

/** The problem `type` (or legacy numeric `code`) of the answer, when it has one. */
function problemKind(body: unknown): string | number | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.type === 'string') return body.type;
  const first: unknown = Array.isArray(body.errors) ? body.errors[0] : undefined;
  if (isRecord(first)) {
    if (typeof first.type === 'string') return first.type;
    if (typeof first.code === 'number') return first.code;
  }
  return typeof body.error === 'string' ? body.error : undefined;
}

const epochHeader = (headers: Headers, name: string): Date | undefined => {
  const value = Number(headers.get(name));
  return Number.isFinite(value) && value > 0 ? new Date(value * 1000) : undefined;
};

/**
 * When the account may call again: the 15-minute window's reset, unless that window still has calls
 * left and the 24-hour user (or app) cap is the one used up.
 */
export function rateLimitResetAt(headers: Headers, now: Date): Date {
  const windowReset = epochHeader(headers, 'x-rate-limit-reset');
  const windowLeft = headers.get('x-rate-limit-remaining');
  const dailyCaps = ['x-user-limit-24hour', 'x-app-limit-24hour']
    .filter((prefix) => headers.get(`${prefix}-remaining`) === '0')
    .map((prefix) => epochHeader(headers, `${prefix}-reset`))
    .filter((date): date is Date => date !== undefined);
  if (dailyCaps.length > 0 && (windowLeft !== '0' || windowReset === undefined)) {
    return new Date(Math.max(...dailyCaps.map((date) => date.getTime())));
  }
  return windowReset ?? new Date(now.getTime() + DEFAULT_WINDOW_MS);
}

export function classifyXAnswer(answer: XAnswer, now: Date): PlatformError {
  const { status, headers, body } = answer;
  const message = xErrorMessage(body, status);
  const kind = problemKind(body);
  const code = kind ?? status;
  const kindText = typeof kind === 'string' ? kind : '';

  if (kindText.endsWith('/usage-capped')) {
    return new PlatformError(
      'quota_exhausted',
      `X's usage cap for this app is reached (${message}); the post will go out after the cap resets.`,
      { status, code, retryAt: rateLimitResetAt(headers, now) },
    );
  }
  if (status === 429) {
    return new PlatformError(
      'rate_limited',
      'X is rate limiting this account; the post will be retried later.',
      {
        status,
        code,
        retryAt: rateLimitResetAt(headers, now),
      },
    );
  }
  if (status === 401) {
    if (/unsupported authentication/i.test(message)) {
      return new PlatformError('reconnect', 'X no longer accepts this connection; reconnect the X account.', {
        status,
        code,
      });
    }
    return new PlatformError('refresh_token', 'The X access token expired or was rejected.', {
      status,
      code,
    });
  }
  if (status === 403 && /duplicate content/i.test(message)) {
    return new PlatformError(
      'reject',
      'X refused the post because this account already posted the same text; change the text and try again.',
      { status, code: DUPLICATE_CONTENT },
    );
  }
  if (status >= 500 || status === 408) {
    return new PlatformError('retry_later', `X is having trouble (${message}); the post will be retried.`, {
      status,
      code,
      ...(headers.get('retry-after') ? { retryAt: retryAfter(headers, now) } : {}),
    });
  }
  if (status === 403) {
    return new PlatformError('reject', `X refused the request: ${message}`, { status, code });
  }
  return new PlatformError('reject', `X rejected the request: ${message}`, { status, code });
}

function retryAfter(headers: Headers, now: Date): Date | undefined {
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return new Date(now.getTime() + seconds * 1000);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A request that never got an answer (network error, timeout): the side effect may or may not have happened. */
export function networkFailure(cause: unknown, timedOut: boolean): PlatformError {
  return new PlatformError(
    'retry_later',
    timedOut
      ? 'X did not answer in time; the post will be retried.'
      : 'X could not be reached; the post will be retried.',
    { code: timedOut ? 'timeout' : 'network', cause },
  );
}
