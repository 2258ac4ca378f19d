/**
 * A small HTTP client for Meta's Graph API (graph.facebook.com, graph.instagram.com, and the
 * api.instagram.com token route). Auth goes in the `access_token` parameter: in the query for GET, in
 * the form body for POST (in the query when the body is JSON). Every failure leaves as a `PlatformError`
 * from `classifyGraphFailure`; usage headers at or above 100 % make the client refuse further calls until
 * Meta's estimate passes, because calling while throttled extends the block (§1.8).
 */
import type { z } from 'zod';
import { PlatformError } from '../social-platform.js';
import { classifyGraphFailure, DEFAULT_THROTTLE_MINUTES, type GraphErrorBody } from './graph-errors.js';

export type GraphParams = Record<string, string | number | boolean | undefined>;

export interface GraphConfig {
  graphUrl: string;
  graphVersion: string;
  fetch: typeof fetch;
  /** Per request; a call that exceeds it is a `retry_later` (its side effect may still have happened). */
  timeoutMs: number;
  now: () => Date;
  /** Names the network in user messages ("Instagram", "Facebook"). */
  site: string;
}

export interface GraphRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  /** `/me/accounts`; prefixed with `/{graphVersion}` unless `unversioned`. */
  path: string;
  params?: GraphParams;
  /** Sent as a JSON body (arrays of objects such as `attached_media`); `params` then go in the query. */
  json?: Record<string, unknown>;
  unversioned?: boolean;
  /** Another base URL than `graphUrl` (api.instagram.com for the Instagram Login code exchange). */
  baseUrl?: string;
}

export interface GraphClient {
  call<T>(request: GraphRequest, schema: z.ZodType<T>): Promise<T>;
}

/**
 * When the usage headers say a limit is reached (any percentage ≥ 100, or a BUC entry with time left),
 * when access comes back; null otherwise. `estimated_time_to_regain_access` is in minutes.
 */
export function usageRetryAt(headers: Headers, now: Date): Date | null {
  let blocked = false;
  let minutes = 0;
  const percentages = (entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return;
    const record = entry as Record<string, unknown>;
    for (const key of ['call_count', 'total_cputime', 'total_time', 'acc_id_util_pct']) {
      const value = record[key];
      if (typeof value === 'number' && value >= 100) blocked = true;
    }
    const wait = record.estimated_time_to_regain_access;
    if (typeof wait === 'number' && wait > 0) {
      blocked = true;
      minutes = Math.max(minutes, wait);
    }
  };
  for (const name of ['x-app-usage', 'x-page-usage', 'x-ad-account-usage']) {
    const parsed = parseJson(headers.get(name));
    if (parsed !== undefined) percentages(parsed);
  }
  const buc = parseJson(headers.get('x-business-use-case-usage'));
  if (typeof buc === 'object' && buc !== null) {
    for (const entries of Object.values(buc as Record<string, unknown>)) {
      if (Array.isArray(entries)) entries.forEach(percentages);
    }
  }
  if (!blocked) return null;
  return new Date(now.getTime() + (minutes > 0 ? minutes : DEFAULT_THROTTLE_MINUTES) * 60_000);
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Graph's `{error:{…}}`, or the api.instagram.com OAuth shape `{error_type, code, error_message}`. */
export function parseGraphError(body: unknown): GraphErrorBody | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  if (typeof record.error === 'object' && record.error !== null) {
    const error = record.error as Record<string, unknown>;
    const text = (key: string) => (typeof error[key] === 'string' ? error[key] : undefined);
    const num = (key: string) => (typeof error[key] === 'number' ? error[key] : undefined);
    return {
      message: text('message'),
      type: text('type'),
      code: num('code'),
      error_subcode: num('error_subcode'),
      is_transient: typeof error.is_transient === 'boolean' ? error.is_transient : undefined,
      error_user_title: text('error_user_title'),
      error_user_msg: text('error_user_msg'),
      fbtrace_id: text('fbtrace_id'),
    };
  }
  if (typeof record.error_type === 'string') {
    // The OAuth host puts the HTTP status in `code`; there is no Graph code to branch on.
    return {
      type: record.error_type,
      message: typeof record.error_message === 'string' ? record.error_message : undefined,
    };
  }
  return null;
}

/** A client for one access token (or none, for the token routes). Keep one per operation. */
export function createGraphClient(config: GraphConfig, accessToken?: string): GraphClient {
  let blockedUntil: Date | null = null;

  return {
    async call(request, schema) {
      const now = config.now();
      if (blockedUntil && blockedUntil > now) {
        throw new PlatformError(
          'rate_limited',
          `${config.site} asked Listcast to slow down; it will try again later.`,
          {
            retryAt: blockedUntil,
            code: 'usage_headers',
          },
        );
      }
      const method = request.method ?? 'GET';
      const base = request.baseUrl ?? config.graphUrl;
      const url = new URL(`${base}${request.unversioned ? '' : `/${config.graphVersion}`}${request.path}`);
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(request.params ?? {})) {
        if (value !== undefined) params.set(key, String(value));
      }
      if (accessToken !== undefined) params.set('access_token', accessToken);

      const init: RequestInit = { method, signal: AbortSignal.timeout(config.timeoutMs) };
      if (request.json !== undefined) {
        url.search = params.toString();
        init.headers = { 'content-type': 'application/json' };
        init.body = JSON.stringify(request.json);
      } else if (method === 'POST') {
        init.body = params; // form-encoded: keeps captions and tokens out of URLs and access logs
      } else {
        url.search = params.toString();
      }

      let response: Response;
      let body: unknown;
      try {
        response = await config.fetch(url, init);
        const text = await response.text();
        body = text === '' ? null : parseJson(text);
      } catch (cause) {
        const timeout =
          cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
        throw classifyGraphFailure(
          { kind: timeout ? 'timeout' : 'network', cause },
          config.site,
          config.now(),
        );
      }
      const retryAt = usageRetryAt(response.headers, config.now());
      if (!response.ok || parseGraphError(body) !== null) {
        throw classifyGraphFailure(
          { kind: 'http', status: response.status, error: parseGraphError(body), usageRetryAt: retryAt },
          config.site,
          config.now(),
        );
      }
      // The call succeeded: return its result, but make the next call wait (§1.8 "stop calling").
      if (retryAt) blockedUntil = retryAt;
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw classifyGraphFailure(
          { kind: 'unexpected_body', cause: parsed.error },
          config.site,
          config.now(),
        );
      }
      return parsed.data;
    },
  };
}
