/**
 * The one classifier for Meta's Graph API (Instagram and Facebook Pages): turns an error body, usage
 * headers, an HTTP status or a network failure into a `PlatformError` whose action says what to do.
 * It branches on the body's `error.code` / `error_subcode`, never on the HTTP status alone, because Meta
 * returns throttles with 400 or 403 (platform-apis.md §1.8, §1.9, §3).
 */
import { PlatformError } from '../social-platform.js';

/** `{"error":{…}}` as Graph sends it; every field optional because we parse untrusted bodies. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
  fbtrace_id?: string;
}

export type GraphFailure =
  | { kind: 'http'; status: number; error: GraphErrorBody | null; usageRetryAt: Date | null }
  | { kind: 'timeout' | 'network' | 'unexpected_body'; cause?: unknown };

/** Graph `error.code` values that mean "throttled" (§1.8): app, user, Page, custom, BUC, feed action. */
const throttleCodes = new Set([4, 17, 32, 613, 341, 80000, 80001, 80002, 80003, 80004, 80005, 80006]);
/** 190 subcodes after which a refresh cannot help: app removed, checkpoint, password changed, unconfirmed, invalid, session invalidated. */
const reconnectSubcodes = new Set([458, 459, 460, 464, 467, 492, 33]);
/** Without a header telling us when access returns, wait this long (a guess; Meta says "back off"). */
export const DEFAULT_THROTTLE_MINUTES = 15;
/** The IG publishing quota is a rolling window; when we do not know its end, assume a whole window. */
const QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Publishing rejections from the IG table (§1.9) and Facebook's `handleErrors` (§3), by subcode. */
const rejectMessages: Record<number, string> = {
  2207057: 'The video cover time is outside the video. Choose another cover frame.',
  2207023: 'Instagram does not accept this media type.',
  2207028: 'An Instagram carousel needs 2 to 10 images.',
  2207035: 'Instagram refused the product tags on this post.',
  2207036: 'Instagram refused the product tags on this post.',
  2207037: 'Instagram refused the product tags on this post.',
  2207040: 'This post has more tags than Instagram allows.',
  2207026: 'Instagram does not support this video format.',
  2207052: 'Instagram could not download the image. Make sure the media is publicly reachable.',
  2207004: 'The image is larger than Instagram allows (8 MB). Use a smaller image.',
  2207005: 'Instagram only accepts JPEG images. Convert the image to JPEG.',
  2207009: 'The image proportions are outside what Instagram allows (4:5 to 1.91:1). Crop the image.',
  2207010: 'The caption is too long or has too many hashtags or mentions for Instagram.',
  2207050: 'Your Instagram account is restricted. Open the Instagram app to resolve it, then try again.',
  2207051: 'Instagram blocked this action because it looked like spam. Wait before posting again.',
  1366046: 'Facebook refused a photo: it must be a JPEG or PNG of at most 4 MB.',
  1366051: 'Facebook refused duplicate photos in this post.',
  1346003: 'Facebook refused this post under its content policies.',
  1404102: 'Facebook refused this post under its content policies.',
  1404078:
    'Facebook requires Page Publishing Authorization for this Page. Complete it in Facebook, then try again.',
  4854002:
    'Facebook requires you to confirm your identity before posting. Do it in Facebook, then try again.',
  // Messaging (private replies): code 10 with this subcode is the window, not a missing permission.
  2018278:
    'This message is outside the window Instagram allows: a private reply within 7 days of the comment, an answer to a direct message within 24 hours of the person’s last message.',
};
/** Refusals known by their code alone: Meta's private-reply errors [U: codes of the older Page API]. */
const rejectCodeMessages: Record<number, string> = {
  10900: 'This comment already has its private reply; only one is allowed per comment.',
  10901: 'This comment is too old for a private reply (the limit is 7 days).',
  10902: 'This comment cannot be answered privately.',
};
/** Subcodes that are worth retrying as they are (§1.9 "retry" rows, §8 transient class). */
const transientSubcodes = new Set([2207001, 2207003, 2207008, 2207020, 2207027, 2207032, 2207053, 2207082]);

/** A readable sentence for an IG container `status` such as "Error: 2207009 …", or null. */
export function containerErrorMessage(status: string | undefined): string | null {
  const subcode = /\b(2207\d{3})\b/.exec(status ?? '')?.[1];
  return subcode === undefined ? null : (rejectMessages[Number(subcode)] ?? null);
}

const minutesFrom = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000);

function codeOf(error: GraphErrorBody): string | number | undefined {
  if (error.code === undefined) return undefined;
  return error.error_subcode === undefined ? error.code : `${error.code}/${error.error_subcode}`;
}

/** Maps one failed Graph call to what the caller must do. `site` names the network in messages. */
export function classifyGraphFailure(failure: GraphFailure, site: string, now: Date): PlatformError {
  if (failure.kind !== 'http') {
    const what = failure.kind === 'timeout' ? 'did not answer in time' : 'could not be reached';
    const unexpected = failure.kind === 'unexpected_body';
    return new PlatformError(
      'retry_later',
      unexpected
        ? `${site} sent an answer Listcast did not understand; it will try again.`
        : `${site} ${what}; Listcast will try again.`,
      { code: failure.kind, cause: failure.cause },
    );
  }
  const { status, error } = failure;
  const details = { status, code: error ? codeOf(error) : undefined, cause: error ?? undefined };
  const said = error?.error_user_msg ?? error?.message;
  const code = error?.code;
  const subcode = error?.error_subcode;

  if (
    code === 190 ||
    /session has been invalidated|error validating access token/i.test(error?.message ?? '')
  ) {
    if (subcode !== undefined && reconnectSubcodes.has(subcode)) {
      return new PlatformError(
        'reconnect',
        `${site} no longer accepts Listcast's access. Reconnect the account.`,
        details,
      );
    }
    return new PlatformError('refresh_token', `The ${site} access token expired.`, details);
  }
  if (code === 9 || subcode === 2207042) {
    const retryAt = failure.usageRetryAt ?? new Date(now.getTime() + QUOTA_WINDOW_MS);
    return new PlatformError(
      'quota_exhausted',
      `The daily ${site} publishing limit is used up; the post will go out later.`,
      { ...details, retryAt },
    );
  }
  if (subcode !== undefined && rejectMessages[subcode] !== undefined) {
    return new PlatformError('reject', rejectMessages[subcode], details);
  }
  if (code !== undefined && rejectCodeMessages[code] !== undefined) {
    return new PlatformError('reject', rejectCodeMessages[code], details);
  }
  if ((code !== undefined && throttleCodes.has(code)) || subcode === 1390008) {
    const retryAt = failure.usageRetryAt ?? minutesFrom(now, DEFAULT_THROTTLE_MINUTES);
    return new PlatformError(
      'rate_limited',
      `${site} asked Listcast to slow down; it will try again later.`,
      { ...details, retryAt },
    );
  }
  if (failure.usageRetryAt) {
    return new PlatformError(
      'rate_limited',
      `${site} asked Listcast to slow down; it will try again later.`,
      { ...details, retryAt: failure.usageRetryAt },
    );
  }
  if (
    (subcode !== undefined && transientSubcodes.has(subcode)) ||
    error?.is_transient === true ||
    code === 1 ||
    code === 2 ||
    code === -1 ||
    code === -2 ||
    status >= 500 ||
    status === 429
  ) {
    return new PlatformError(
      'retry_later',
      `${site} had a temporary problem; Listcast will try again.`,
      details,
    );
  }
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) {
    return new PlatformError(
      'reconnect',
      `Listcast lacks a ${site} permission it needs. Reconnect the account and allow every permission asked.`,
      details,
    );
  }
  if (code === 368) {
    return new PlatformError(
      'reject',
      `${site} temporarily blocked this account from posting for policy reasons.${said ? ` ${site} said: ${said}` : ''}`,
      details,
    );
  }
  return new PlatformError(
    'reject',
    said ? `${site} refused the post: ${said}` : `${site} refused the request (HTTP ${status}).`,
    details,
  );
}
