/**
 * A loopback fake of the X API v2 (platform-apis.md §5.7), for contract tests and local development.
 * One server stands in for api.x.com; the browser's authorize page is not served — `authorize()` plays
 * the user's consent and returns the code the redirect would carry.
 *
 * Routes (each answer carries `x-rate-limit-limit|remaining|reset`, counted per route and user):
 * - `POST /2/oauth2/token` (form): `authorization_code` checks the code (one use, ≤ 30 s old on the fake
 *   clock), the redirect URI and S256(`code_verifier`) = the registered challenge; `refresh_token`
 *   rotates: each refresh token works once. Client auth: Basic when `clientSecret` is set, else
 *   `client_id`. Refusals: 400 `{error, error_description}`.
 * - `GET /2/users/me`; `GET /2/users/:id/tweets?max_results=5..100&exclude&tweet.fields=created_at
 *   &start_time&pagination_token` (newest first, `{data?, meta: {result_count, next_token?}}`).
 * - `POST /2/media/upload/initialize` (JSON), `/:id/append` (multipart or JSON base64, `segment_index`),
 *   `/:id/finalize`, `GET /2/media/upload?command=STATUS&media_id=` with a processing state machine when
 *   `processing: 'async'` (pending → in_progress → succeeded); `POST /2/media/metadata` (alt text).
 * - `POST /2/tweets` → 201: unknown keys (top level, `media`, `reply`) → 400; > 4 media ids, unknown or
 *   unfinished media → 400; `quote_tweet_id` in self-serve mode → 403; the same text as an earlier post
 *   of the user → 403 "You are not allowed to create a Tweet with duplicate content."; with
 *   `summonedRepliesOnly`, a reply to a post that does not @-mention the replier → 403.
 * - Bearer tokens are checked on every API route (401 problem JSON), and scopes (403).
 * - Engagement (x-engagement.ts): `GET /2/users/:id/mentions`, `GET /2/tweets/:id` (public metrics),
 *   `PUT /2/tweets/:id/hidden` (`tweet.moderate.write`, 50 per 15 min). `seedReply` adds a reply from
 *   another user, `setMetrics` the likes and impressions a post reports.
 *
 * `fail(route, failure, times)` injects failures per route key (e.g. `'POST /2/tweets'`): an HTTP
 * answer (500, 401, 429 with `x-rate-limit-reset`, 503…; with `afterEffect`, sent after the request took
 * effect, like a gateway error after X created the post), `hang` (no answer, nothing done),
 * `hangAfterEffect` (the request takes effect, then no answer: a timeout after the post was created) or
 * `slow` (the request takes effect, and its answer comes `ms` later — after the client gave up, if `ms`
 * exceeds its timeout). `injectFaults(pick)` asks `pick` about every request no queued failure claims
 * (fault schedules, e.g. a seeded 30 % of calls); `null` stops it.
 * `requests` logs every request; `posts(userId)` lists the posts created (exactly-once proofs).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import twitterText from 'twitter-text';
import { hideRoute, mentionsRoute, postLookupRoute } from './x-engagement.js';

export type XRoute =
  | 'POST /2/oauth2/token'
  | 'GET /2/users/me'
  | 'GET /2/users/:id/tweets'
  | 'POST /2/media/upload/initialize'
  | 'POST /2/media/upload/:id/append'
  | 'POST /2/media/upload/:id/finalize'
  | 'GET /2/media/upload'
  | 'POST /2/media/metadata'
  | 'POST /2/tweets'
  | 'GET /2/users/:id/mentions'
  | 'GET /2/tweets/:id'
  | 'PUT /2/tweets/:id/hidden';

export type XFailure =
  | { kind: 'http'; status: number; body?: unknown; headers?: Record<string, string>; afterEffect?: boolean }
  | { kind: 'hang' }
  | { kind: 'hangAfterEffect' }
  | { kind: 'slow'; ms: number };

export interface FakeXOptions {
  clientId?: string;
  clientSecret?: string;
  /** Access token lifetime. Default 7200 s. */
  accessTokenSecs?: number;
  /** `async`: finalize answers with processing_info and STATUS walks pending → in_progress → succeeded. */
  processing?: 'none' | 'async';
  /** Self-serve restrictions (§5.2): no quote posts. Default true. */
  selfServe?: boolean;
  /** Replies only to posts that @-mention the replier (§5.2). Default false. */
  summonedRepliesOnly?: boolean;
  /** Requests per 15-minute window per route and user (§5.4). Default 100 for posts, 50 for hiding, 500 otherwise. */
  limits?: Partial<Record<XRoute, number>>;
  /** The fake's clock in ms (code expiry, rate-limit windows, created_at). Default `Date.now`. */
  now?: () => number;
}

export interface FakeXRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  route: XRoute | null;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, form fields, or for multipart `{fields, files: {name: {size}}}`; null when empty. */
  body: unknown;
}

export interface FakeXPost {
  id: string;
  userId: string;
  text: string;
  mediaIds: string[];
  inReplyTo: string | null;
  createdAt: string;
  /** The id of the post that started the thread (its own id for a post that is not a reply). */
  conversationId: string;
  hidden: boolean;
  likes: number;
  /** `impression_count`; null leaves it out of `public_metrics`. */
  impressions: number | null;
}

export interface FakeXUser {
  id: string;
  username: string;
  name: string;
}

export interface FakeX {
  /** `http://127.0.0.1:<port>` — both the API and the token endpoint. */
  url: string;
  requests: FakeXRequest[];
  addUser(user: FakeXUser): FakeXUser;
  /** Plays the browser consent: registers a code for this user, challenge and redirect URI. */
  authorize(input: { userId: string; codeChallenge: string; redirectUri: string; scopes?: string[] }): string;
  /** Tokens without the OAuth dance. */
  issueTokens(userId: string, scopes?: string[]): { accessToken: string; refreshToken: string };
  /** Every post (and reply) the user created, oldest first. */
  posts(userId: string): FakeXPost[];
  /** Adds a post as if made elsewhere (e.g. from the app, earlier). */
  seedPost(userId: string, text: string, createdAt?: Date): FakeXPost;
  /** Adds a reply by `userId` (another user, usually) to `inReplyTo`, in that post's conversation. */
  seedReply(userId: string, text: string, inReplyTo: string, createdAt?: Date): FakeXPost;
  setMetrics(postId: string, metrics: { likes?: number; impressions?: number | null }): void;
  /** Any post by id (anyone's). */
  post(id: string): FakeXPost | undefined;
  /** The alt text set on a media id, if any. */
  altText(mediaId: string): string | undefined;
  fail(route: XRoute, failure: XFailure, times?: number): void;
  /** Consulted for every request that no `fail` queue claims; its answer (if any) is injected. */
  injectFaults(pick: ((request: FakeXRequest) => XFailure | undefined) | null): void;
  close(): Promise<void>;
}

export const xFailures = {
  serverError: (): XFailure => ({
    kind: 'http',
    status: 500,
    body: problem(500, 'Internal Server Error', 'internal-error'),
  }),
  unavailable: (): XFailure => ({
    kind: 'http',
    status: 503,
    body: problem(503, 'Service Unavailable', 'about:blank'),
  }),
  unauthorized: (): XFailure => ({
    kind: 'http',
    status: 401,
    body: problem(401, 'Unauthorized', 'about:blank'),
  }),
  rateLimited: (resetEpochSecs: number): XFailure => ({
    kind: 'http',
    status: 429,
    body: problem(429, 'Too Many Requests', 'about:blank'),
    headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(resetEpochSecs) },
  }),
  hang: (): XFailure => ({ kind: 'hang' }),
  hangAfterEffect: (): XFailure => ({ kind: 'hangAfterEffect' }),
};

export const DUPLICATE_MESSAGE = 'You are not allowed to create a Tweet with duplicate content.';
const NOT_SUMMONED =
  'Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.';

function problem(status: number, title: string, kind: string, detail = title) {
  return {
    title,
    detail,
    type: kind.startsWith('about:') ? kind : `https://api.x.com/2/problems/${kind}`,
    status,
  };
}

interface Media {
  id: string;
  userId: string;
  mediaType: string;
  category: string;
  totalBytes: number;
  segments: Map<number, number>;
  state: 'uploading' | 'pending' | 'in_progress' | 'succeeded';
  altText?: string;
}

const WINDOW_MS = 15 * 60 * 1000;
const POST_KEYS = new Set([
  'text',
  'media',
  'reply',
  'quote_tweet_id',
  'poll',
  'reply_settings',
  'made_with_ai',
  'paid_partnership',
  'community_id',
  'geo',
  'nullcast',
  'for_super_followers_only',
  'share_with_followers',
  'card_uri',
  'edit_options',
  'direct_message_deep_link',
]);

export async function startFakeX(options: FakeXOptions = {}): Promise<FakeX> {
  const clientId = options.clientId ?? 'fake-client';
  const now = options.now ?? Date.now;
  const tokenSecs = options.accessTokenSecs ?? 7200;
  const requests: FakeXRequest[] = [];
  const users = new Map<string, FakeXUser>();
  const codes = new Map<
    string,
    { userId: string; challenge: string; redirectUri: string; scopes: string[]; issuedAt: number }
  >();
  const accessTokens = new Map<string, { userId: string; expiresAt: number; scopes: string[] }>();
  const refreshTokens = new Map<string, { userId: string; scopes: string[]; used: boolean }>();
  const media = new Map<string, Media>();
  const posts: FakeXPost[] = [];
  const failures = new Map<XRoute, XFailure[]>();
  let pickFault: ((request: FakeXRequest) => XFailure | undefined) | null = null;
  const windows = new Map<string, { start: number; count: number }>();
  const sockets = new Set<Socket>();
  let sequence = 0;
  const nextId = () => String(1_880_000_000_000_000_000n + BigInt((sequence += 1)));
  const token = (kind: string) => `${kind}-${nextId()}-${Math.random().toString(36).slice(2)}`;
  const defaultScopes = [
    'tweet.read',
    'tweet.write',
    'users.read',
    'offline.access',
    'media.write',
    'tweet.moderate.write',
  ];

  const issueTokens = (userId: string, scopes = defaultScopes) => {
    const accessToken = token('at');
    accessTokens.set(accessToken, { userId, expiresAt: now() + tokenSecs * 1000, scopes });
    const refreshToken = token('rt');
    if (scopes.includes('offline.access')) refreshTokens.set(refreshToken, { userId, scopes, used: false });
    return { accessToken, refreshToken, scopes };
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, 500, problem(500, 'Internal Server Error', 'internal-error', String(error)));
    });
  });

  function send(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    const text = body === null ? '' : JSON.stringify(body);
    const type =
      typeof body === 'object' && body !== null && 'title' in body
        ? 'application/problem+json'
        : 'application/json';
    response.writeHead(status, { 'content-type': type, ...headers });
    response.end(text);
  }

  function routeOf(method: string, path: string): { route: XRoute | null; param?: string } {
    if (method === 'POST' && path === '/2/oauth2/token') return { route: 'POST /2/oauth2/token' };
    if (method === 'GET' && path === '/2/users/me') return { route: 'GET /2/users/me' };
    if (method === 'POST' && path === '/2/tweets') return { route: 'POST /2/tweets' };
    if (method === 'POST' && path === '/2/media/upload/initialize')
      return { route: 'POST /2/media/upload/initialize' };
    if (method === 'GET' && path === '/2/media/upload') return { route: 'GET /2/media/upload' };
    if (method === 'POST' && path === '/2/media/metadata') return { route: 'POST /2/media/metadata' };
    const userTweets = /^\/2\/users\/([^/]+)\/tweets$/.exec(path);
    if (method === 'GET' && userTweets)
      return { route: 'GET /2/users/:id/tweets', param: decodeURIComponent(userTweets[1] ?? '') };
    const mentions = /^\/2\/users\/([^/]+)\/mentions$/.exec(path);
    if (method === 'GET' && mentions)
      return { route: 'GET /2/users/:id/mentions', param: decodeURIComponent(mentions[1] ?? '') };
    const hidden = /^\/2\/tweets\/([^/]+)\/hidden$/.exec(path);
    if (method === 'PUT' && hidden)
      return { route: 'PUT /2/tweets/:id/hidden', param: decodeURIComponent(hidden[1] ?? '') };
    const tweet = /^\/2\/tweets\/([^/]+)$/.exec(path);
    if (method === 'GET' && tweet)
      return { route: 'GET /2/tweets/:id', param: decodeURIComponent(tweet[1] ?? '') };
    const upload = /^\/2\/media\/upload\/([^/]+)\/(append|finalize)$/.exec(path);
    if (method === 'POST' && upload) {
      const route: XRoute =
        upload[2] === 'append' ? 'POST /2/media/upload/:id/append' : 'POST /2/media/upload/:id/finalize';
      return { route, param: decodeURIComponent(upload[1] ?? '') };
    }
    return { route: null };
  }

  async function readBody(
    request: IncomingMessage,
  ): Promise<{ raw: Buffer; parsed: unknown; form?: FormData }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const type = request.headers['content-type'] ?? '';
    if (raw.length === 0) return { raw, parsed: null };
    if (type.startsWith('application/json')) {
      try {
        return { raw, parsed: JSON.parse(raw.toString('utf8')) };
      } catch {
        return { raw, parsed: raw.toString('utf8') };
      }
    }
    if (type.startsWith('application/x-www-form-urlencoded')) {
      return { raw, parsed: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
    }
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      const fields: Record<string, string> = {};
      const files: Record<string, { size: number }> = {};
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') fields[name] = value;
        else files[name] = { size: value.size };
      }
      return { raw, parsed: { fields, files }, form };
    }
    return { raw, parsed: raw.toString('utf8') };
  }

  function rateHeaders(
    route: XRoute | null,
    userKey: string,
  ): { headers: Record<string, string>; exceeded: boolean } {
    if (route === null) return { headers: {}, exceeded: false };
    const limit =
      options.limits?.[route] ??
      (route === 'POST /2/tweets' ? 100 : route === 'PUT /2/tweets/:id/hidden' ? 50 : 500);
    const key = `${route}|${userKey}`;
    let window = windows.get(key);
    if (window === undefined || now() - window.start >= WINDOW_MS) {
      window = { start: now(), count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    return {
      headers: {
        'x-rate-limit-limit': String(limit),
        'x-rate-limit-remaining': String(Math.max(0, limit - window.count)),
        'x-rate-limit-reset': String(Math.ceil((window.start + WINDOW_MS) / 1000)),
      },
      exceeded: window.count > limit,
    };
  }

  function bearerUser(headers: IncomingHttpHeaders) {
    const match = /^Bearer (.+)$/.exec(headers.authorization ?? '');
    const grant = match ? accessTokens.get(match[1] ?? '') : undefined;
    return grant !== undefined && grant.expiresAt > now() ? grant : undefined;
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://x.test');
    const method = request.method ?? 'GET';
    const { route, param } = routeOf(method, url.pathname);
    const body = await readBody(request);
    const logged: FakeXRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      route,
      headers: request.headers,
      body: body.parsed,
    };
    requests.push(logged);
    const grant = route === 'POST /2/oauth2/token' ? undefined : bearerUser(request.headers);
    const limits = rateHeaders(route, grant?.userId ?? 'app');
    const reply = (status: number, payload: unknown) => send(response, status, payload, limits.headers);
    const sendFailure = (failure: Extract<XFailure, { kind: 'http' }>) =>
      send(response, failure.status, failure.body ?? null, { ...limits.headers, ...failure.headers });

    const failure = route === null ? undefined : (failures.get(route)?.shift() ?? pickFault?.(logged));
    if (failure?.kind === 'hang') return;
    if (failure?.kind === 'http' && failure.afterEffect !== true) return sendFailure(failure);
    if (route === null) return reply(404, problem(404, 'Not Found', 'resource-not-found'));
    if (limits.exceeded) return reply(429, problem(429, 'Too Many Requests', 'about:blank'));

    const result =
      route === 'POST /2/oauth2/token'
        ? tokenRoute(request.headers, body.parsed)
        : apiRoute(route, param, grant, url, body);
    if (failure?.kind === 'hangAfterEffect') return;
    if (failure?.kind === 'http') return sendFailure(failure);
    if (failure?.kind === 'slow') {
      // The answer is written late; by then a client with a shorter timeout has hung up.
      setTimeout(() => {
        if (!response.destroyed) reply(result.status, result.body);
      }, failure.ms).unref();
      return;
    }
    reply(result.status, result.body);
  }

  type Result = { status: number; body: unknown };
  const oauthError = (error: string, description: string, status = 400): Result => ({
    status,
    body: { error, error_description: description },
  });

  function tokenRoute(headers: IncomingHttpHeaders, parsed: unknown): Result {
    const form = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, string>;
    if (options.clientSecret !== undefined) {
      const expected = `Basic ${Buffer.from(`${clientId}:${options.clientSecret}`).toString('base64')}`;
      if (headers.authorization !== expected)
        return oauthError('unauthorized_client', 'Missing valid authorization header', 401);
    } else if (form.client_id !== clientId) {
      return oauthError('invalid_request', 'Missing required parameter [client_id].');
    }
    if (form.grant_type === 'authorization_code') {
      const code = codes.get(form.code ?? '');
      if (code === undefined)
        return oauthError('invalid_request', 'Value passed for the authorization code was invalid.');
      codes.delete(form.code ?? '');
      if (now() - code.issuedAt > 30_000)
        return oauthError('invalid_request', 'Value passed for the authorization code was invalid.');
      if (form.redirect_uri !== code.redirectUri)
        return oauthError('invalid_request', 'Value passed for the redirect uri did not match.');
      const hashed = createHash('sha256')
        .update(form.code_verifier ?? '')
        .digest('base64url');
      if (hashed !== code.challenge)
        return oauthError('invalid_request', 'Value passed for the code verifier did not match.');
      return tokenAnswer(code.userId, code.scopes);
    }
    if (form.grant_type === 'refresh_token') {
      const grant = refreshTokens.get(form.refresh_token ?? '');
      if (grant === undefined || grant.used)
        return oauthError('invalid_request', 'Value passed for the token was invalid.');
      grant.used = true;
      return tokenAnswer(grant.userId, grant.scopes);
    }
    return oauthError('unsupported_grant_type', 'Unsupported grant type.');
  }

  function tokenAnswer(userId: string, scopes: string[]): Result {
    const issued = issueTokens(userId, scopes);
    return {
      status: 200,
      body: {
        token_type: 'bearer',
        expires_in: tokenSecs,
        access_token: issued.accessToken,
        scope: scopes.join(' '),
        ...(scopes.includes('offline.access') ? { refresh_token: issued.refreshToken } : {}),
      },
    };
  }

  const engagementWorld = (invalid: (detail: string) => Result) => ({ posts, users, invalid, problem });

  function apiRoute(
    route: XRoute,
    param: string | undefined,
    grant: { userId: string; scopes: string[] } | undefined,
    url: URL,
    body: { raw: Buffer; parsed: unknown; form?: FormData },
  ): Result {
    if (grant === undefined) return { status: 401, body: problem(401, 'Unauthorized', 'about:blank') };
    const needs = route.includes('/media/')
      ? 'media.write'
      : route === 'POST /2/tweets'
        ? 'tweet.write'
        : route === 'PUT /2/tweets/:id/hidden'
          ? 'tweet.moderate.write'
          : route === 'GET /2/tweets/:id'
            ? 'tweet.read'
            : 'users.read';
    if (!grant.scopes.includes(needs)) {
      return { status: 403, body: problem(403, 'Forbidden', 'client-forbidden', `Missing scope ${needs}.`) };
    }
    const invalid = (detail: string): Result => ({
      status: 400,
      body: {
        errors: [{ message: detail }],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: 'https://api.x.com/2/problems/invalid-request',
      },
    });
    const json = (typeof body.parsed === 'object' && body.parsed !== null ? body.parsed : {}) as Record<
      string,
      unknown
    >;
    const user = users.get(grant.userId);

    switch (route) {
      case 'GET /2/users/me':
        return user
          ? { status: 200, body: { data: user } }
          : { status: 404, body: problem(404, 'Not Found', 'resource-not-found') };
      case 'GET /2/users/:id/tweets': {
        const max = Number(url.searchParams.get('max_results') ?? '10');
        if (!(max >= 5 && max <= 100))
          return invalid('The `max_results` query parameter value is not between 5 and 100');
        const exclude = (url.searchParams.get('exclude') ?? '').split(',');
        const fields = (url.searchParams.get('tweet.fields') ?? '').split(',');
        const startTime = url.searchParams.get('start_time');
        if (startTime !== null && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(startTime))
          return invalid('The `start_time` query parameter value is not a valid YYYY-MM-DDTHH:mm:ssZ time');
        const offset = Number(url.searchParams.get('pagination_token') ?? '0');
        const matching = posts
          .filter(
            (post) =>
              post.userId === param &&
              !(exclude.includes('replies') && post.inReplyTo !== null) &&
              (startTime === null || post.createdAt >= new Date(startTime).toISOString()),
          )
          .reverse();
        const nextToken = offset + max < matching.length ? String(offset + max) : undefined;
        const list = matching.slice(offset, offset + max).map((post) => ({
          id: post.id,
          text: post.text,
          edit_history_tweet_ids: [post.id],
          ...(fields.includes('created_at') ? { created_at: post.createdAt } : {}),
        }));
        return {
          status: 200,
          body:
            list.length > 0
              ? {
                  data: list,
                  meta: { result_count: list.length, ...(nextToken ? { next_token: nextToken } : {}) },
                }
              : { meta: { result_count: 0 } },
        };
      }
      case 'POST /2/media/upload/initialize': {
        const unknown = Object.keys(json).filter(
          (key) =>
            !['media_type', 'total_bytes', 'media_category', 'additional_owners', 'shared'].includes(key),
        );
        if (unknown.length > 0) return invalid(`Unknown fields: ${unknown.join(', ')}`);
        const total = json.total_bytes;
        if (
          typeof json.media_type !== 'string' ||
          typeof total !== 'number' ||
          typeof json.media_category !== 'string'
        ) {
          return invalid('media_type, total_bytes and media_category are required');
        }
        const cap = json.media_category === 'tweet_gif' ? 15 * 1024 * 1024 : 5 * 1024 * 1024;
        if (total > cap) return invalid(`File size exceeds ${cap} bytes.`);
        const id = nextId();
        media.set(id, {
          id,
          userId: grant.userId,
          mediaType: json.media_type,
          category: json.media_category,
          totalBytes: total,
          segments: new Map(),
          state: 'uploading',
        });
        return { status: 200, body: { data: { id, media_key: `3_${id}`, expires_after_secs: 86_400 } } };
      }
      case 'POST /2/media/upload/:id/append': {
        const item = media.get(param ?? '');
        if (item === undefined || item.userId !== grant.userId) return invalid('Invalid media id');
        let index: number;
        let size: number;
        if (body.form) {
          index = Number(body.form.get('segment_index'));
          const file = body.form.get('media');
          size = typeof file === 'string' ? Buffer.from(file, 'base64').length : (file?.size ?? 0);
        } else {
          index = Number(json.segment_index);
          size = typeof json.media === 'string' ? Buffer.from(json.media, 'base64').length : 0;
        }
        if (!Number.isInteger(index) || index < 0 || index > 999 || size === 0)
          return invalid('segment_index and media are required');
        item.segments.set(index, size);
        return { status: 200, body: { data: { expires_at: Math.floor(now() / 1000) + 86_400 } } };
      }
      case 'POST /2/media/upload/:id/finalize': {
        const item = media.get(param ?? '');
        if (item === undefined || item.userId !== grant.userId) return invalid('Invalid media id');
        const received = [...item.segments.values()].reduce((sum, size) => sum + size, 0);
        if (received !== item.totalBytes)
          return invalid(`File size mismatch: ${received} of ${item.totalBytes} bytes`);
        item.state = options.processing === 'async' ? 'pending' : 'succeeded';
        return {
          status: 200,
          body: {
            data: {
              id: item.id,
              media_key: `3_${item.id}`,
              size: item.totalBytes,
              expires_after_secs: 86_400,
              ...(item.state === 'pending'
                ? { processing_info: { state: 'pending', check_after_secs: 1 } }
                : {}),
            },
          },
        };
      }
      case 'GET /2/media/upload': {
        const item = media.get(url.searchParams.get('media_id') ?? '');
        if (url.searchParams.get('command') !== 'STATUS' || item === undefined)
          return invalid('Invalid media id or command');
        if (item.state === 'pending') item.state = 'in_progress';
        else if (item.state === 'in_progress') item.state = 'succeeded';
        const progress = item.state === 'succeeded' ? 100 : 50;
        return {
          status: 200,
          body: {
            data: {
              id: item.id,
              media_key: `3_${item.id}`,
              processing_info: {
                state: item.state,
                progress_percent: progress,
                ...(item.state === 'succeeded' ? {} : { check_after_secs: 1 }),
              },
            },
          },
        };
      }
      case 'POST /2/media/metadata': {
        const item = media.get(typeof json.id === 'string' ? json.id : '');
        const metadata = json.metadata as { alt_text?: { text?: unknown } } | undefined;
        const text = metadata?.alt_text?.text;
        if (item === undefined || typeof text !== 'string')
          return invalid('id and metadata.alt_text.text are required');
        if (text.length > 1000) return invalid('alt text is longer than 1000 characters');
        item.altText = text;
        return { status: 200, body: { data: { associated_metadata: true, id: item.id } } };
      }
      case 'POST /2/tweets':
        return createPost(grant.userId, json, invalid);
      case 'GET /2/users/:id/mentions':
        return mentionsRoute(engagementWorld(invalid), param ?? '', url);
      case 'GET /2/tweets/:id':
        return postLookupRoute(engagementWorld(invalid), param ?? '', url);
      case 'PUT /2/tweets/:id/hidden':
        return hideRoute(engagementWorld(invalid), grant.userId, param ?? '', json);
      default:
        return { status: 404, body: problem(404, 'Not Found', 'resource-not-found') };
    }
  }

  function createPost(
    userId: string,
    json: Record<string, unknown>,
    invalid: (detail: string) => Result,
  ): Result {
    const unknown = Object.keys(json).filter((key) => !POST_KEYS.has(key));
    if (unknown.length > 0) return invalid(`The request has unknown properties: ${unknown.join(', ')}`);
    const text = typeof json.text === 'string' ? json.text : '';
    const mediaPart = json.media as Record<string, unknown> | undefined;
    const replyPart = json.reply as Record<string, unknown> | undefined;
    if (mediaPart && Object.keys(mediaPart).some((key) => !['media_ids', 'tagged_user_ids'].includes(key)))
      return invalid('Unknown property in media');
    if (
      replyPart &&
      Object.keys(replyPart).some((key) => !['in_reply_to_tweet_id', 'exclude_reply_user_ids'].includes(key))
    )
      return invalid('Unknown property in reply');
    const mediaIds = Array.isArray(mediaPart?.media_ids)
      ? (mediaPart.media_ids as unknown[]).map(String)
      : [];
    if (mediaPart && (mediaIds.length < 1 || mediaIds.length > 4))
      return invalid('media.media_ids must hold 1 to 4 ids');
    for (const id of mediaIds) {
      const item = media.get(id);
      if (item === undefined || item.userId !== userId) return invalid(`Your media IDs are invalid: ${id}`);
      if (item.state !== 'succeeded') return invalid(`Media ${id} is not ready`);
    }
    if (text === '' && mediaIds.length === 0) return invalid('text or media is required');
    if (twitterText.parseTweet(text).weightedLength > 280) {
      return { status: 403, body: problem(403, 'Forbidden', 'about:blank', 'Your Tweet text is too long.') };
    }
    if ((options.selfServe ?? true) && json.quote_tweet_id !== undefined) {
      return {
        status: 403,
        body: problem(403, 'Forbidden', 'client-forbidden', 'Quote posts are not available on this plan.'),
      };
    }
    let inReplyTo: string | null = null;
    if (replyPart) {
      const target = posts.find((post) => post.id === String(replyPart.in_reply_to_tweet_id));
      if (target === undefined) return invalid('The post you are replying to does not exist.');
      const me = users.get(userId);
      if (options.summonedRepliesOnly && !(me && target.text.includes(`@${me.username}`))) {
        return { status: 403, body: problem(403, 'Forbidden', 'about:blank', NOT_SUMMONED) };
      }
      inReplyTo = target.id;
    }
    if (text !== '' && posts.some((post) => post.userId === userId && post.text === text)) {
      return { status: 403, body: problem(403, 'Forbidden', 'about:blank', DUPLICATE_MESSAGE) };
    }
    const id = nextId();
    const post: FakeXPost = {
      id,
      userId,
      text,
      mediaIds,
      inReplyTo,
      createdAt: new Date(now()).toISOString(),
      conversationId: posts.find((p) => p.id === inReplyTo)?.conversationId ?? id,
      hidden: false,
      likes: 0,
      impressions: null,
    };
    posts.push(post);
    return {
      status: 201,
      body: { data: { id: post.id, text: post.text, edit_history_tweet_ids: [post.id] } },
    };
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    addUser(user) {
      users.set(user.id, user);
      return user;
    },
    authorize({ userId, codeChallenge, redirectUri, scopes = defaultScopes }) {
      const code = token('code');
      codes.set(code, { userId, challenge: codeChallenge, redirectUri, scopes, issuedAt: now() });
      return code;
    },
    issueTokens: (userId, scopes) => {
      const { accessToken, refreshToken } = issueTokens(userId, scopes);
      return { accessToken, refreshToken };
    },
    posts: (userId) => posts.filter((post) => post.userId === userId),
    seedPost(userId, text, createdAt = new Date(now())) {
      const id = nextId();
      const post: FakeXPost = {
        id,
        userId,
        text,
        mediaIds: [],
        inReplyTo: null,
        createdAt: createdAt.toISOString(),
        conversationId: id,
        hidden: false,
        likes: 0,
        impressions: null,
      };
      posts.push(post);
      return post;
    },
    seedReply(userId, text, inReplyTo, createdAt = new Date(now())) {
      const target = posts.find((p) => p.id === inReplyTo);
      if (target === undefined) throw new Error(`No post ${inReplyTo} to reply to`);
      const id = nextId();
      const post: FakeXPost = {
        id,
        userId,
        text,
        mediaIds: [],
        inReplyTo,
        createdAt: createdAt.toISOString(),
        conversationId: target.conversationId,
        hidden: false,
        likes: 0,
        impressions: null,
      };
      posts.push(post);
      return post;
    },
    setMetrics(postId, metrics) {
      const post = posts.find((p) => p.id === postId);
      if (post === undefined) throw new Error(`No post ${postId}`);
      if (metrics.likes !== undefined) post.likes = metrics.likes;
      if (metrics.impressions !== undefined) post.impressions = metrics.impressions;
    },
    post: (id) => posts.find((p) => p.id === id),
    altText: (mediaId) => media.get(mediaId)?.altText,
    fail(route, failure, times = 1) {
      const queue = failures.get(route) ?? [];
      for (let index = 0; index < times; index += 1) queue.push(failure);
      failures.set(route, queue);
    },
    injectFaults(pick) {
      pickFault = pick;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
