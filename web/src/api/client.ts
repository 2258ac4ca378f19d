import createClient from 'openapi-fetch';
import type { components, paths } from './schema';
import { getSession, setSession } from './session';

export type Schemas = components['schemas'];

let refreshing: Promise<boolean> | null = null;

/** Trades the refresh token for new tokens once, however many requests saw a 401 at the same time. */
function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    const session = getSession();
    if (!session) return false;
    const response = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    if (!response.ok) {
      setSession(null);
      return false;
    }
    const tokens = (await response.json()) as { accessToken: string; refreshToken: string };
    setSession({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function withToken(request: Request): Request {
  const session = getSession();
  if (session) request.headers.set('authorization', `Bearer ${session.accessToken}`);
  return request;
}

/** fetch with the access token; on 401 the tokens are refreshed and the request sent once more. */
export async function authFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  const response = await fetch(withToken(input));
  if (response.status !== 401 || !getSession() || input.url.includes('/auth/')) return response;
  return (await refreshTokens()) ? fetch(withToken(retry)) : response;
}

/** The typed API: paths, parameters and bodies come from the generated `schema.d.ts`. */
export const api = createClient<paths>({ baseUrl: location.origin, fetch: authFetch });

/** The API's error body, `{code, message, details?}`, as a readable sentence. */
export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    const details = (error as { details?: { fields?: { field: string; message: string }[] } }).details;
    const fields = details?.fields?.map((f) => `${f.field}: ${f.message}`).join('; ');
    return fields ? `${error.message} (${fields})` : error.message;
  }
  return 'Something went wrong. Try again.';
}

/** Unwraps an openapi-fetch result: the data, or an Error carrying the API's message. */
export function must<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    if (result.response.status === 204) return undefined as T;
    throw new Error(errorMessage(result.error));
  }
  return result.data;
}

/** A refused request: the API's message, with its body (`details`) for screens that show more. */
export class ApiError extends Error {
  constructor(readonly body: unknown) {
    super(errorMessage(body));
  }
}

/** Uploads one file (multipart) to `path`, answering the parsed JSON body or throwing the API's message. */
export async function uploadFile<T>(
  path: string,
  file: File,
  fields: Record<string, string> = {},
): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file);
  const response = await authFetch(new Request(path, { method: 'POST', body: form }));
  const body = (await response.json()) as unknown;
  if (!response.ok) throw new ApiError(body);
  return body as T;
}

/** Uploads one file to the media library (multipart), returning the stored media. */
export async function uploadMedia(file: File, listingId?: string): Promise<Schemas['Media']> {
  const form = new FormData();
  // Fields before the file: the server reads the multipart stream in order.
  if (listingId) form.append('listingId', listingId);
  form.append('file', file);
  const response = await authFetch(new Request('/api/v1/media', { method: 'POST', body: form }));
  const body = (await response.json()) as unknown;
  if (!response.ok) throw new Error(errorMessage(body));
  return body as Schemas['Media'];
}
