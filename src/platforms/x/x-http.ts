/**
 * The HTTP client every X call goes through: base URL, bearer or basic auth, a timeout on the whole
 * exchange, and the rate-limit headers reported to `onRateLimit` on every answer. It never throws raw
 * errors: a missing answer becomes `retry_later`, and `expectOk` classifies non-2xx answers.
 */
import { PlatformError } from '../social-platform.js';
import { classifyXAnswer, networkFailure, type XAnswer } from './x-errors.js';

/** What the `x-rate-limit-*` headers of one answer said (§5.4). */
export interface XRateLimitInfo {
  method: string;
  path: string;
  limit: number | null;
  remaining: number | null;
  resetAt: Date | null;
}

export interface XHttpConfig {
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => Date;
  onRateLimit?: ((info: XRateLimitInfo) => void) | undefined;
}

export interface XRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: Record<string, string>;
  bearer?: string;
  basic?: { user: string; password: string };
  json?: unknown;
  form?: URLSearchParams;
  multipart?: FormData;
}

const numberHeader = (headers: Headers, name: string): number | null => {
  const value = headers.get(name);
  return value === null || value === '' || !Number.isFinite(Number(value)) ? null : Number(value);
};

export async function xRequest(config: XHttpConfig, request: XRequest): Promise<XAnswer> {
  const url = new URL(request.path, config.baseUrl);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.bearer !== undefined) headers.authorization = `Bearer ${request.bearer}`;
  if (request.basic !== undefined) {
    const pair = `${encodeURIComponent(request.basic.user)}:${encodeURIComponent(request.basic.password)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  let body: string | FormData | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = request.form.toString();
  } else if (request.multipart !== undefined) {
    body = request.multipart; // fetch sets the multipart boundary
  }

  const signal = AbortSignal.timeout(config.timeoutMs);
  let answer: XAnswer;
  try {
    const response = await config.fetch(url, { method: request.method, headers, body, signal });
    const raw = await response.text();
    answer = { status: response.status, headers: response.headers, body: parseBody(raw) };
  } catch (error) {
    throw networkFailure(error, signal.aborted);
  }
  config.onRateLimit?.({
    method: request.method,
    path: url.pathname,
    limit: numberHeader(answer.headers, 'x-rate-limit-limit'),
    remaining: numberHeader(answer.headers, 'x-rate-limit-remaining'),
    resetAt:
      numberHeader(answer.headers, 'x-rate-limit-reset') === null
        ? null
        : new Date(Number(answer.headers.get('x-rate-limit-reset')) * 1000),
  });
  return answer;
}

function parseBody(raw: string): unknown {
  if (raw === '') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** The answer's `data` object when the status is 2xx; the classified failure otherwise. */
export function expectData(answer: XAnswer, now: Date): Record<string, unknown> {
  if (answer.status < 200 || answer.status >= 300) throw classifyXAnswer(answer, now);
  const body = answer.body;
  const data = typeof body === 'object' && body !== null && 'data' in body ? body.data : undefined;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new PlatformError(
      'retry_later',
      'X sent an answer Listcast could not read; the post will be retried.',
      {
        status: answer.status,
        code: 'unexpected_answer',
      },
    );
  }
  return data as Record<string, unknown>;
}

export const stringField = (data: Record<string, unknown>, name: string): string | undefined => {
  const value = data[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};
