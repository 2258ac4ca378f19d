/**
 * The LinkedIn HTTP client: builds every request (headers per platform-apis.md §4.3), applies a timeout,
 * and turns every failure into a `PlatformError` through the one classifier. Requests go only to the
 * configured `apiUrl` and `oauthUrl` origins.
 */
import { PlatformError } from '../social-platform.js';
import { classifyLinkedInResponse, classifyNetworkFailure } from './classify-error.js';

export interface LinkedInHttpOptions {
  apiUrl: string;
  oauthUrl: string;
  version: string;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => Date;
}

export interface LinkedInAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON; `null` for an empty body. */
  body: unknown;
}

export interface LinkedInHttp {
  /** A `/rest/*` call with Bearer, `LinkedIn-Version` and `X-Restli-Protocol-Version: 2.0.0`. */
  rest(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    options?: { query?: Record<string, string>; json?: unknown },
  ): Promise<LinkedInAnswer>;
  /** A `/v2/*` call (OpenID userinfo): Bearer only. */
  v2(path: string, token: string): Promise<LinkedInAnswer>;
  /** `POST /oauth/v2/accessToken`, form-encoded, on the OAuth host. */
  token(form: Record<string, string>): Promise<LinkedInAnswer>;
  /** One PUT of the whole image to the upload URL LinkedIn returned. */
  upload(uploadUrl: string, token: string, bytes: Buffer, contentType: string): Promise<void>;
  now(): Date;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function createLinkedInHttp(options: LinkedInHttpOptions): LinkedInHttp {
  const apiUrl = trimSlash(options.apiUrl);
  const oauthUrl = trimSlash(options.oauthUrl);
  const allowedOrigins = new Set([new URL(apiUrl).origin, new URL(oauthUrl).origin]);

  async function send(url: string, init: RequestInit): Promise<LinkedInAnswer> {
    let response: Response;
    let text: string;
    try {
      // One signal for the whole exchange: a body that never finishes times out too.
      response = await options.fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
      text = await response.text();
    } catch (cause) {
      throw classifyNetworkFailure(cause);
    }
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
      }
    }
    if (!response.ok) throw classifyLinkedInResponse(response.status, body, options.now());
    return { status: response.status, headers: response.headers, body };
  }

  const restHeaders = (token: string) => ({
    authorization: `Bearer ${token}`,
    'linkedin-version': options.version,
    'x-restli-protocol-version': '2.0.0',
  });

  return {
    now: options.now,
    rest(method, path, token, { query, json } = {}) {
      const search = query ? `?${new URLSearchParams(query).toString()}` : '';
      return send(`${apiUrl}${path}${search}`, {
        method,
        headers:
          json === undefined
            ? restHeaders(token)
            : { ...restHeaders(token), 'content-type': 'application/json' },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
    },
    v2(path, token) {
      return send(`${apiUrl}${path}`, { method: 'GET', headers: { authorization: `Bearer ${token}` } });
    },
    token(form) {
      return send(`${oauthUrl}/oauth/v2/accessToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
      });
    },
    async upload(uploadUrl, token, bytes, contentType) {
      const origin = originOf(uploadUrl);
      // The bearer token only goes to LinkedIn's own hosts, as configured.
      if (origin === null || !allowedOrigins.has(origin)) {
        throw new PlatformError('reject', 'LinkedIn returned an image upload address we do not recognise.', {
          code: 'UPLOAD_URL_HOST',
        });
      }
      await send(uploadUrl, {
        method: 'PUT',
        headers: { ...restHeaders(token), 'content-type': contentType },
        body: bytes,
      });
    },
  };
}
