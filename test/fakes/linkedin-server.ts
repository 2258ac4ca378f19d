/**
 * A loopback fake of LinkedIn (platform-apis.md §4, checklist §4.7), standing in for both hosts:
 * `www.linkedin.com` (OAuth) and `api.linkedin.com` (REST). For contract tests and local development.
 *
 * Routes:
 * - `GET /oauth/v2/authorization` → 302 to `redirect_uri?code=…&state=…` (local dev; nothing to click).
 * - `POST /oauth/v2/accessToken` (form): `authorization_code` and `refresh_token` grants; checks the
 *   client id/secret; RFC 6749 error bodies (`{error, error_description}`) on 400/401.
 * - `GET /v2/userinfo` → the member (`sub`, `name`, …).
 * - `GET /rest/organizationAcls?q=roleAssignee&role=&state=` → ACL rows of the member; `GET
 *   /rest/organizations/{id}` → `{id, localizedName, vanityName}`.
 * - `POST /rest/images?action=initializeUpload` → `{value:{uploadUrl, uploadUrlExpiresAt, image}}`, the
 *   upload URL pointing back at this fake (`PUT /dms-uploads/{n}` → 201); `GET /rest/images/{urn}`.
 * - `POST /rest/posts` → 201, empty body, `x-restli-id`; 422 on a missing required or unknown top-level
 *   field; 400 when an image is not uploaded or its owner is not the author (INVALID_CONTENT_OWNERSHIP).
 * - `GET /rest/posts?q=author&author=…&count=…` → the author's posts, newest first.
 * - `POST /rest/socialActions/{post or comment urn}/comments` → 201 with the comment; a reply names the
 *   comment in the path and as `parentComment` (one level deep [U]), and the post as `object`.
 * - `GET /rest/socialActions/{post or comment urn}/comments?start&count` → first-level comments of the
 *   target, newest first [U], `paging {start, count, total}`; `GET /rest/socialActions/{post urn}` →
 *   `likesSummary` and `commentsSummary`. URNs in paths must be percent-encoded, parentheses included
 *   (Rest.li 2.0 reads raw ones as syntax): a raw `(` is a 400.
 *
 * Every `/rest/*` call needs `Authorization: Bearer <known token>` (401 with LinkedIn's error body),
 * `LinkedIn-Version` (400 when missing, 426 when not one of `versions`) and `X-Restli-Protocol-Version:
 * 2.0.0` (400). 429s carry no rate-limit headers, as LinkedIn's don't.
 *
 * `fail(route, failure, times)` injects failures per route: any status and body, or a response that
 * never comes (`{hang: 'before'}` does nothing; `{hang: 'after'}` does the work, e.g. creates the post,
 * then never answers). `requests` logs every request; `posts(author)` counts created posts.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeLinkedInMember {
  sub: string;
  name: string;
  email?: string;
}

export interface FakeLinkedInOrganization {
  id: string;
  localizedName: string;
  vanityName: string;
  role?: string;
  state?: string;
}

export interface FakeLinkedInOptions {
  clientId?: string;
  clientSecret?: string;
  /** Access tokens accepted from the start (default `['test-token']`). */
  tokens?: string[];
  /** Refresh tokens accepted from the start (default `['test-refresh']`). */
  refreshTokens?: string[];
  /** Whether the token endpoint issues refresh tokens (only partner apps get them; default true). */
  issueRefreshTokens?: boolean;
  /** Accepted `LinkedIn-Version` values (default `['202601']`). */
  versions?: string[];
  member?: FakeLinkedInMember;
  organizations?: FakeLinkedInOrganization[];
}

export type FakeLinkedInRoute =
  | 'POST /oauth/v2/accessToken'
  | 'GET /v2/userinfo'
  | 'GET /rest/organizationAcls'
  | 'GET /rest/organizations'
  | 'POST /rest/images'
  | 'PUT /dms-uploads'
  | 'POST /rest/posts'
  | 'GET /rest/posts'
  | 'POST /rest/socialActions/comments'
  | 'GET /rest/socialActions/comments'
  | 'GET /rest/socialActions';

export type FakeLinkedInFailure =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Never answer: `before` skips the work, `after` does it (e.g. creates the post) first. */
  | { hang: 'before' | 'after' };

export interface FakeLinkedInRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, the form fields, or `{bytes}` for an upload; `null` when empty. */
  body: unknown;
}

export interface FakeLinkedInComment {
  id: string;
  /** The post. */
  object: string;
  actor: string;
  text: string;
  parentComment: string | null;
  createdAt: number;
}

export interface FakeLinkedInPost {
  id: string;
  author: string;
  commentary: string;
  createdAt: number;
  body: Record<string, unknown>;
}

export interface FakeLinkedIn {
  /** Base URL for `apiUrl` (api.linkedin.com stand-in). */
  url: string;
  /** Base URL for `oauthUrl` (www.linkedin.com stand-in): the same server. */
  oauthUrl: string;
  requests: FakeLinkedInRequest[];
  /** Requests to one route key, e.g. `'POST /rest/posts'`. */
  requestsTo(route: FakeLinkedInRoute): FakeLinkedInRequest[];
  /** Posts created for this author URN (exactly-once proofs count these). */
  posts(author: string): FakeLinkedInPost[];
  comments: FakeLinkedInComment[];
  /** A comment (or, with `parentComment`, a reply) as if written on LinkedIn; returns its URN. */
  addComment(
    object: string,
    input: { actor: string; text: string; parentComment?: string; createdAt?: number },
  ): string;
  /** Likes that `GET /rest/socialActions/{urn}` reports for a post. */
  setLikes(object: string, likes: number): void;
  /** Uploaded image bytes by image URN. */
  uploads: Map<string, number>;
  /** Fail the next `times` (default 1) requests to `route`. */
  fail(route: FakeLinkedInRoute, failure: FakeLinkedInFailure, times?: number): void;
  /** Stop accepting an access token (as LinkedIn does when it expires or is revoked). */
  revoke(token: string): void;
  /** Add a post as if it had been published elsewhere (for lookup tests). */
  addPost(post: { author: string; commentary: string; createdAt?: number }): string;
  close(): Promise<void>;
}

const POST_FIELDS = new Set([
  'author',
  'commentary',
  'visibility',
  'distribution',
  'lifecycleState',
  'isReshareDisabledByAuthor',
  'content',
  'contentLandingPage',
  'contentCallToActionLabel',
  'reshareContext',
  'adContext',
  'container',
]);
const REQUIRED_POST_FIELDS = ['author', 'commentary', 'visibility', 'distribution', 'lifecycleState'];

interface Image {
  owner: string;
  uploaded: boolean;
}

export async function startFakeLinkedIn(options: FakeLinkedInOptions = {}): Promise<FakeLinkedIn> {
  const clientId = options.clientId ?? 'client-id';
  const clientSecret = options.clientSecret ?? 'client-secret';
  const tokens = new Set(options.tokens ?? ['test-token']);
  const refreshTokens = new Set(options.refreshTokens ?? ['test-refresh']);
  const versions = new Set(options.versions ?? ['202601']);
  const member = options.member ?? { sub: 'abc123', name: 'Dana Realtor', email: 'dana@example.test' };
  const organizations = options.organizations ?? [];
  const memberUrn = `urn:li:person:${member.sub}`;

  const requests: FakeLinkedInRequest[] = [];
  const routed: { route: FakeLinkedInRoute | null; request: FakeLinkedInRequest }[] = [];
  const failures = new Map<FakeLinkedInRoute, FakeLinkedInFailure[]>();
  const images = new Map<string, Image>();
  const uploadTargets = new Map<string, string>();
  const uploads = new Map<string, number>();
  const allPosts: FakeLinkedInPost[] = [];
  const comments: FakeLinkedInComment[] = [];
  const likes = new Map<string, number>();
  const addComment = (
    object: string,
    input: { actor: string; text: string; parentComment?: string; createdAt?: number },
  ) => {
    const id = `urn:li:comment:(${object},${next()})`;
    comments.push({
      id,
      object,
      actor: input.actor,
      text: input.text,
      parentComment: input.parentComment ?? null,
      createdAt: input.createdAt ?? Date.now(),
    });
    return id;
  };
  const commentElement = (comment: FakeLinkedInComment) => {
    const replies = comments.filter((reply) => reply.parentComment === comment.id).length;
    return {
      id: /,(\d+)\)$/.exec(comment.id)?.[1] ?? comment.id,
      commentUrn: comment.id,
      $URN: comment.id,
      actor: comment.actor,
      object: comment.object,
      message: { text: comment.text, attributes: [] },
      created: { actor: comment.actor, time: comment.createdAt },
      lastModified: { actor: comment.actor, time: comment.createdAt },
      ...(comment.parentComment ? { parentComment: comment.parentComment } : {}),
      commentsSummary: {
        totalFirstLevelComments: replies,
        aggregatedTotalComments: replies,
        selectedComments: [],
      },
      likesSummary: { totalLikes: 0, likedByCurrentUser: false, aggregatedTotalLikes: 0, selectedLikes: [] },
    };
  };
  const sockets = new Set<Socket>();
  let sequence = 0;
  const next = () => String(++sequence).padStart(6, '0');

  const addPost = (post: { author: string; commentary: string; createdAt?: number }, body = {}) => {
    const id = `urn:li:share:7${next()}`;
    allPosts.push({
      id,
      author: post.author,
      commentary: post.commentary,
      createdAt: post.createdAt ?? Date.now(),
      body,
    });
    return id;
  };

  const json = (
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(text);
  };
  const error = (
    response: ServerResponse,
    status: number,
    message: string,
    extra: Record<string, unknown> = {},
  ) => json(response, status, { message, status, ...extra });

  const routeOf = (method: string, path: string): FakeLinkedInRoute | null => {
    if (method === 'POST' && path === '/oauth/v2/accessToken') return 'POST /oauth/v2/accessToken';
    if (method === 'GET' && path === '/v2/userinfo') return 'GET /v2/userinfo';
    if (method === 'GET' && path === '/rest/organizationAcls') return 'GET /rest/organizationAcls';
    if (method === 'GET' && path.startsWith('/rest/organizations/')) return 'GET /rest/organizations';
    if (method === 'POST' && path === '/rest/images') return 'POST /rest/images';
    if (method === 'PUT' && path.startsWith('/dms-uploads/')) return 'PUT /dms-uploads';
    if (method === 'POST' && path === '/rest/posts') return 'POST /rest/posts';
    if (method === 'GET' && path === '/rest/posts') return 'GET /rest/posts';
    if (method === 'POST' && /^\/rest\/socialActions\/[^/]+\/comments$/.test(path)) {
      return 'POST /rest/socialActions/comments';
    }
    if (method === 'GET' && /^\/rest\/socialActions\/[^/]+\/comments$/.test(path)) {
      return 'GET /rest/socialActions/comments';
    }
    if (method === 'GET' && /^\/rest\/socialActions\/[^/]+$/.test(path)) return 'GET /rest/socialActions';
    return null;
  };

  const bearerOk = (headers: IncomingHttpHeaders) => {
    const match = /^Bearer (.+)$/.exec(headers.authorization ?? '');
    return match?.[1] !== undefined && tokens.has(match[1]);
  };

  /** Checks shared by every `/rest/*` call: the error to answer with, or null when they pass. */
  const restHeaderProblem = (
    headers: IncomingHttpHeaders,
  ): { status: number; message: string; extra: Record<string, unknown> } | null => {
    if (!bearerOk(headers)) {
      return {
        status: 401,
        message: 'Invalid access token',
        extra: { serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' },
      };
    }
    const version = headers['linkedin-version'];
    if (typeof version !== 'string') {
      return {
        status: 400,
        message: 'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
        extra: { code: 'VERSION_MISSING' },
      };
    }
    if (!versions.has(version)) {
      return {
        status: 426,
        message: `Requested version ${version} is not active`,
        extra: { code: 'NONEXISTENT_VERSION' },
      };
    }
    if (headers['x-restli-protocol-version'] !== '2.0.0') {
      return {
        status: 400,
        message: 'X-Restli-Protocol-Version 2.0.0 is required',
        extra: { code: 'ILLEGAL_ARGUMENT' },
      };
    }
    return null;
  };

  const createPost = (body: unknown, response: ServerResponse | null) => {
    const reply = (status: number, message: string, extra: Record<string, unknown> = {}) => {
      if (response) error(response, status, message, extra);
    };
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reply(400, 'Request body could not be converted to data map', { code: 'ILLEGAL_ARGUMENT' });
    }
    const post = body as Record<string, unknown>;
    for (const field of Object.keys(post)) {
      if (!POST_FIELDS.has(field)) {
        return reply(422, `ERROR :: /${field} :: unrecognized field found but not allowed\n`);
      }
    }
    for (const field of REQUIRED_POST_FIELDS) {
      if (!(field in post)) {
        return reply(422, `ERROR :: /${field} :: field is required but not found and has no default value\n`);
      }
    }
    const author = String(post.author);
    const content = post.content as
      { media?: { id?: string }; multiImage?: { images?: { id?: string }[] } } | undefined;
    const ids = [
      ...(content?.media?.id === undefined ? [] : [content.media.id]),
      ...(content?.multiImage?.images ?? []).map((image) => image.id ?? ''),
    ];
    if (content?.multiImage && (ids.length < 2 || ids.length > 20)) {
      return reply(422, 'ERROR :: /content/multiImage/images :: array must hold 2 to 20 images\n');
    }
    for (const id of ids) {
      const image = images.get(id);
      if (!image?.uploaded) return reply(400, `Image ${id} is not available`, { code: 'ILLEGAL_ARGUMENT' });
      if (image.owner !== author) {
        return reply(400, `Owner of ${id} does not match the post author`, {
          code: 'INVALID_CONTENT_OWNERSHIP',
        });
      }
    }
    const id = addPost({ author, commentary: String(post.commentary) }, post);
    if (response) {
      response.writeHead(201, { 'x-restli-id': id });
      response.end();
    }
  };

  const handle = (
    route: FakeLinkedInRoute | null,
    request: FakeLinkedInRequest,
    response: ServerResponse | null,
  ) => {
    // `response` is null when a hang was injected after the work: do everything, answer nothing.
    const out = response ?? null;
    const respond = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (out) json(out, status, body, headers);
    };
    switch (route) {
      case 'POST /oauth/v2/accessToken': {
        const form = (request.body ?? {}) as Record<string, string>;
        if (form.client_id !== clientId || form.client_secret !== clientSecret) {
          return respond(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
        }
        if (form.grant_type === 'authorization_code') {
          if (!form.code || form.code === 'bad-code' || !form.redirect_uri) {
            return respond(400, {
              error: 'invalid_request',
              error_description: 'Unable to retrieve access token',
            });
          }
        } else if (form.grant_type === 'refresh_token') {
          if (!form.refresh_token || !refreshTokens.has(form.refresh_token)) {
            return respond(400, {
              error: 'invalid_request',
              error_description: 'The provided refresh token is invalid',
            });
          }
        } else {
          return respond(400, {
            error: 'unsupported_grant_type',
            error_description: 'grant_type is not supported',
          });
        }
        const accessToken = `token-${next()}`;
        tokens.add(accessToken);
        const answer: Record<string, unknown> = {
          access_token: accessToken,
          expires_in: 5184000,
          scope: 'openid profile w_member_social',
        };
        if (options.issueRefreshTokens ?? true) {
          const refreshToken = form.grant_type === 'refresh_token' ? form.refresh_token : `refresh-${next()}`;
          if (refreshToken) refreshTokens.add(refreshToken);
          answer.refresh_token = refreshToken;
          answer.refresh_token_expires_in = 31536000;
        }
        return respond(200, answer);
      }
      case 'GET /v2/userinfo':
        if (!bearerOk(request.headers))
          return respond(401, { message: 'Invalid access token', status: 401, serviceErrorCode: 65600 });
        return respond(200, { sub: member.sub, name: member.name, email: member.email, locale: 'en_US' });
      case 'PUT /dms-uploads': {
        if (!bearerOk(request.headers)) return respond(401, { message: 'Invalid access token', status: 401 });
        const urn = uploadTargets.get(request.path);
        const image = urn === undefined ? undefined : images.get(urn);
        if (urn === undefined || !image) return respond(404, { message: 'Unknown upload URL', status: 404 });
        image.uploaded = true;
        uploads.set(urn, (request.body as { bytes: number }).bytes);
        if (out) {
          out.writeHead(201);
          out.end();
        }
        return;
      }
      default:
        break;
    }
    const problem = restHeaderProblem(request.headers);
    if (problem) {
      if (out) error(out, problem.status, problem.message, problem.extra);
      return;
    }
    switch (route) {
      case 'GET /rest/organizationAcls': {
        if (request.query.q !== 'roleAssignee')
          return respond(400, { message: 'Unknown finder', status: 400 });
        const elements = organizations
          .map((org) => ({
            organization: `urn:li:organization:${org.id}`,
            roleAssignee: memberUrn,
            role: org.role ?? 'ADMINISTRATOR',
            state: org.state ?? 'APPROVED',
          }))
          .filter((acl) => (request.query.role ? acl.role === request.query.role : true))
          .filter((acl) => (request.query.state ? acl.state === request.query.state : true));
        return respond(200, { elements, paging: { start: 0, count: elements.length } });
      }
      case 'GET /rest/organizations': {
        const id = request.path.slice('/rest/organizations/'.length);
        const org = organizations.find((candidate) => candidate.id === id);
        if (!org) return respond(404, { message: 'Not found', status: 404 });
        return respond(200, {
          id: Number(org.id),
          localizedName: org.localizedName,
          vanityName: org.vanityName,
        });
      }
      case 'POST /rest/images': {
        const owner = (request.body as { initializeUploadRequest?: { owner?: string } } | null)
          ?.initializeUploadRequest?.owner;
        if (request.query.action !== 'initializeUpload' || !owner) {
          return respond(422, {
            message: 'ERROR :: /initializeUploadRequest/owner :: field is required\n',
            status: 422,
          });
        }
        const n = next();
        const urn = `urn:li:image:C${n}`;
        images.set(urn, { owner, uploaded: false });
        uploadTargets.set(`/dms-uploads/${n}`, urn);
        return respond(200, {
          value: {
            uploadUrlExpiresAt: Date.now() + 3_600_000,
            uploadUrl: `${url}/dms-uploads/${n}`,
            image: urn,
          },
        });
      }
      case 'POST /rest/posts':
        return createPost(request.body, out);
      case 'GET /rest/posts': {
        if (request.query.q !== 'author' || !request.query.author) {
          return respond(400, { message: 'The author finder needs q=author and author', status: 400 });
        }
        const count = Number(request.query.count ?? '10');
        const elements = allPosts
          .filter((post) => post.author === request.query.author)
          .sort((a, b) => b.createdAt - a.createdAt)
          .slice(0, count)
          .map((post) => ({
            id: post.id,
            author: post.author,
            commentary: post.commentary,
            createdAt: post.createdAt,
            lastModifiedAt: post.createdAt,
            lifecycleState: 'PUBLISHED',
            visibility: 'PUBLIC',
          }));
        return respond(200, { elements, paging: { start: 0, count } });
      }
      case 'POST /rest/socialActions/comments': {
        const raw = request.path.split('/')[3] ?? '';
        if (/[()]/.test(raw))
          return respond(400, { message: 'Invalid key: unescaped parentheses', status: 400 });
        const target = decodeURIComponent(raw);
        const parent = comments.find((comment) => comment.id === target);
        const object = parent?.object ?? target;
        const body = request.body as {
          actor?: string;
          object?: string;
          message?: { text?: string };
          parentComment?: string;
        } | null;
        if (!allPosts.some((post) => post.id === object))
          return respond(404, { message: 'Post not found', status: 404 });
        if (!body?.actor || body.object !== object || typeof body.message?.text !== 'string') {
          return respond(422, {
            message: 'ERROR :: /actor, /object and /message/text are required\n',
            status: 422,
          });
        }
        if ((body.parentComment ?? null) !== (parent?.id ?? null) || parent?.parentComment) {
          return respond(422, {
            message: 'ERROR :: /parentComment :: must name the first-level comment of the request path\n',
            status: 422,
          });
        }
        const id = addComment(object, {
          actor: body.actor,
          text: body.message.text,
          parentComment: parent?.id,
        });
        return respond(
          201,
          {
            id,
            actor: body.actor,
            object,
            message: body.message,
            ...(parent ? { parentComment: parent.id } : {}),
          },
          { 'x-restli-id': id },
        );
      }
      case 'GET /rest/socialActions/comments': {
        const raw = request.path.split('/')[3] ?? '';
        if (/[()]/.test(raw))
          return respond(400, { message: 'Invalid key: unescaped parentheses', status: 400 });
        const target = decodeURIComponent(raw);
        const isComment = comments.some((comment) => comment.id === target);
        if (!isComment && !allPosts.some((post) => post.id === target))
          return respond(404, { message: 'Not found', status: 404 });
        const level = comments
          .filter((comment) =>
            isComment
              ? comment.parentComment === target
              : comment.object === target && comment.parentComment === null,
          )
          .sort((a, b) => b.createdAt - a.createdAt);
        const start = Number(request.query.start ?? '0');
        const count = Math.min(Number(request.query.count ?? '10'), 100);
        return respond(200, {
          elements: level.slice(start, start + count).map(commentElement),
          paging: { start, count, total: level.length, links: [] },
        });
      }
      case 'GET /rest/socialActions': {
        const raw = request.path.split('/')[3] ?? '';
        const target = decodeURIComponent(raw);
        if (!allPosts.some((post) => post.id === target))
          return respond(404, { message: 'Not found', status: 404 });
        const first = comments.filter(
          (comment) => comment.object === target && comment.parentComment === null,
        );
        const all = comments.filter((comment) => comment.object === target);
        const liked = likes.get(target) ?? 0;
        return respond(200, {
          target,
          likesSummary: {
            totalLikes: liked,
            likedByCurrentUser: false,
            aggregatedTotalLikes: liked,
            selectedLikes: [],
          },
          commentsSummary: {
            totalFirstLevelComments: first.length,
            aggregatedTotalComments: all.length,
            selectedComments: [],
          },
        });
      }
      default:
        return respond(404, { message: `No route ${request.method} ${request.path}`, status: 404 });
    }
  };

  const readBody = async (request: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  const parseBody = (raw: Buffer, headers: IncomingHttpHeaders, method: string): unknown => {
    if (raw.length === 0) return null;
    if (method === 'PUT') return { bytes: raw.length };
    const text = raw.toString('utf8');
    if (headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return Object.fromEntries(new URLSearchParams(text));
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  };

  const server = createServer((incoming, response) => {
    void (async () => {
      const parsed = new URL(incoming.url ?? '/', 'http://linkedin.test');
      const raw = await readBody(incoming);
      const method = incoming.method ?? 'GET';
      const request: FakeLinkedInRequest = {
        method,
        path: parsed.pathname,
        query: Object.fromEntries(parsed.searchParams),
        headers: incoming.headers,
        body: parseBody(raw, incoming.headers, method),
      };
      requests.push(request);
      if (method === 'GET' && parsed.pathname === '/oauth/v2/authorization') {
        const target = new URL(request.query.redirect_uri ?? url);
        target.searchParams.set('code', `code-${next()}`);
        target.searchParams.set('state', request.query.state ?? '');
        response.writeHead(302, { location: target.toString() });
        return response.end();
      }
      const route = routeOf(method, parsed.pathname);
      routed.push({ route, request });
      const failure = route === null ? undefined : failures.get(route)?.shift();
      if (failure === undefined) return handle(route, request, response);
      if ('hang' in failure) {
        if (failure.hang === 'after') handle(route, request, null);
        return; // never answer; close() drops the connection
      }
      json(
        response,
        failure.status,
        failure.body ?? { message: 'Injected failure', status: failure.status },
        failure.headers,
      );
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    oauthUrl: url,
    requests,
    requestsTo: (route) => routed.filter((entry) => entry.route === route).map((entry) => entry.request),
    posts: (author) => allPosts.filter((post) => post.author === author),
    comments,
    addComment,
    setLikes: (object, count) => void likes.set(object, count),
    uploads,
    fail(route, failure, times = 1) {
      const queue = failures.get(route) ?? [];
      for (let i = 0; i < times; i++) queue.push(failure);
      failures.set(route, queue);
    },
    revoke: (token) => void tokens.delete(token),
    addPost: (post) => addPost(post),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
