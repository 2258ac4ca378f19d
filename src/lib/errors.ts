/** The closed list of error codes a client can see, and the HTTP status each maps to. */
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  token_expired: 401,
  token_revoked: 401,
  /** A webhook's signature is missing or does not match its body. */
  invalid_signature: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  email_taken: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** The file's content (not its name or declared type) is not an image kind we accept, or is too big. */
  unsupported_media: 415,
  import_invalid: 422,
  content_limit_exceeded: 422,
  cost_cap_exceeded: 422,
  not_configured: 422,
  post_invalid: 422,
  connect_failed: 422,
  /** The social network refused the request (a reply to a hidden comment, a capability it lacks…). */
  platform_refused: 422,
  /** The text breaks a fair-housing rule (the compliance check); `details` lists what and why. */
  compliance_failed: 422,
  /**
   * A URL Listcast would connect to (an image import, a webhook endpoint) is not allowed: not http(s)
   * (https for webhooks), or it leads to a private or internal address.
   */
  fetch_refused: 422,
  /** A URL to import from could not be fetched: unreachable, timed out, an error status, too large. */
  fetch_failed: 422,
  not_ready: 409,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** The one error type domain code throws. The global handler turns it into `{code, message, details}`. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorStatus[code];
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'Your role does not allow this') => new AppError('forbidden', message);
