/**
 * A loopback fake of Meta's Graph hosts (platform-apis.md §1.10 and §3), for tests and local development.
 * One server stands in for four hosts, each under its own path prefix (see `urls`):
 * graph.instagram.com, graph.facebook.com, api.instagram.com and the www OAuth host (unused by clients,
 * there for the authorize URL).
 *
 * - Parameters are read from the query AND from form, multipart or JSON bodies; a missing `access_token`
 *   is 400 code 190; unknown tokens are 190, expired ones (`expireToken`) 190/463.
 * - Seeded world (`seed`): an Instagram Login user, a Facebook user with two Pages (one linked to an IG
 *   business account), and tokens for each. Any code is accepted once at the token routes; a reused code
 *   answers as Meta does. The IG code exchange answers FLAT (`{access_token,user_id,permissions}`), or
 *   wrapped in `data[0]` with `{ igCodeAnswer: 'wrapped' }`.
 * - Containers are a state machine IN_PROGRESS → FINISHED (after `pollsUntilFinished` status reads,
 *   default 1) → PUBLISHED; `nextContainer()` makes the next published-kind container end in ERROR or
 *   EXPIRED. Publishing a container that is not FINISHED is 9007/2207027. Publishing a PUBLISHED one again
 *   creates a second media (pessimistic, so exactly-once proofs mean something).
 * - Quota per IG account: `quotaTotal` (default 50) per `quotaDuration` (86400 s); 9/2207042 when used up.
 * - `published(accountId)` counts media (IG) or posts (FB Page) actually published.
 * - `fail(match, reply, times)` injects a failure for matching requests: a status + Graph error body
 *   (`graphError(...)`; with `afterEffect`, sent after doing the work, like a 500 after the post was
 *   made), a `hang` (never answers), `lose-response` (does the work, then never answers) or `slowMs`
 *   (does the work, answers that much later — after the client gave up, if longer than its timeout).
 *   `injectFaults(pick)` asks `pick` about every request no `fail` entry claims (a seeded fault schedule).
 * - `pagePosts(pageId)` lists a Page's posts (message, created time), for exactly-once proofs by text.
 * - `usageHeaders` are added to every answer while set.
 * - `requests` logs every request: host, method, path (with version) and merged params.
 * - Engagement (comments, replies, hiding, private replies, insights, webhook subscriptions) lives in
 *   graph-engagement.ts; `addMedia`, `addComment`, `setInsights` seed it, `commentsOn`, `privateReplies`
 *   and `subscriptions` show what clients did.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createGraphEngagement, type FakeGraphComment, type Identity } from './graph-engagement.js';

export type FakeHost = 'graphInstagram' | 'graphFacebook' | 'apiInstagram' | 'oauth';

export interface FakeGraphRequest {
  host: FakeHost;
  method: string;
  /** Without the host prefix, e.g. `/v23.0/1784…/media`. */
  path: string;
  /** Query and body merged; non-string JSON values are JSON-encoded. */
  params: Record<string, string>;
  json: unknown;
}

export type FakeReply =
  | { status: number; body: unknown; headers?: Record<string, string>; afterEffect?: boolean }
  | { hang: true }
  | { loseResponse: true }
  | { slowMs: number };

export interface FailureMatch {
  host?: FakeHost;
  method?: string;
  /** Tested against the path (e.g. /\/media_publish$/). */
  path: RegExp;
}

export interface FakeGraphOptions {
  quotaTotal?: number;
  quotaDuration?: number;
  pollsUntilFinished?: number;
  igCodeAnswer?: 'flat' | 'wrapped';
  /** Page size of `/me/accounts` (to exercise paging). */
  accountsPageSize?: number;
  /** How many replies the `replies{…}` expansion of an Instagram comment holds (default 25). */
  replyExpansionLimit?: number;
  now?: () => number;
}

export interface FakeGraph {
  urls: { graphInstagram: string; graphFacebook: string; apiInstagram: string; oauth: string };
  seed: typeof seed;
  requests: FakeGraphRequest[];
  published(accountId: string): number;
  /** The Page's feed posts, oldest first. */
  pagePosts(pageId: string): { id: string; message: string; created: Date }[];
  fail(match: FailureMatch, reply: FakeReply, times?: number): void;
  /** Consulted for every request that no `fail` entry claims; its answer (if any) is injected. */
  injectFaults(pick: ((request: FakeGraphRequest) => FakeReply | undefined) | null): void;
  nextContainer(fate: { statusCode: 'ERROR' | 'EXPIRED'; status?: string }): void;
  /** Marks `n` media as published within the quota window (to exhaust the quota). */
  usePublishingQuota(accountId: string, n: number): void;
  expireToken(token: string): void;
  usageHeaders: Record<string, string>;
  /** Texts of the top-level comments on a media or post, oldest first. */
  comments(objectId: string): string[];
  /** A published Instagram media of `accountId` (FEED by default), as if posted from the app. */
  addMedia(accountId: string, options?: { caption?: string; productType?: string; at?: Date }): string;
  /** A Facebook Page post, as if posted from Facebook. */
  addPagePost(pageId: string, message: string): string;
  /** A comment (or, with `parentId`, a reply) on a media or post; by someone else unless `from` says. */
  addComment(
    objectId: string,
    input: {
      text: string;
      from?: FakeGraphComment['from'];
      parentId?: string | null;
      at?: Date;
      hidden?: boolean;
    },
  ): string;
  /** Every comment and reply on a media or post, oldest first. */
  commentsOn(objectId: string): FakeGraphComment[];
  comment(id: string): FakeGraphComment | undefined;
  /** Reach and likes (reactions on Facebook) that insights report for a media or post. */
  setInsights(objectId: string, values: { reach?: number; likes?: number }): void;
  /** Makes a Page post metric unknown (code 100), as when Meta retires one. */
  retireMetric(name: string): void;
  privateReplies: { commentId: string; text: string; sender: string; messageId: string }[];
  /** Someone sent the Instagram account a direct message (what opens the 24-hour window to answer). */
  receiveMessage(accountId: string, senderId: string, at?: Date): void;
  /** Direct messages the accounts sent (answers to people who wrote). */
  sentMessages: { accountId: string; recipientId: string; text: string; messageId: string }[];
  /** `subscribed_fields` by account or Page id. */
  subscriptions: Map<string, string[]>;
  close(): Promise<void>;
}

/** A Graph error reply (`{"error":{…}}`), HTTP 400 unless told. */
export function graphError(
  code: number,
  subcode?: number,
  message = 'Fake Graph error',
  status = 400,
): FakeReply {
  return {
    status,
    body: {
      error: { message, type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: 'AFakeTrace' },
    },
  };
}

export const seed = {
  appId: 'fake-app-id',
  appSecret: 'fake-app-secret',
  igLogin: {
    userId: '17841400000000001',
    appScopedId: '26000000000000001',
    username: 'harbor_homes',
    name: 'Harbor Homes',
    token: 'IGAA-seed-long',
  },
  fbUser: { id: '10150000000000001', name: 'Dana Agent', token: 'EAA-seed-user' },
  pages: [
    {
      id: '100000000000001',
      name: 'Harbor Homes Realty',
      token: 'EAA-page-100000000000001',
      ig: { id: '17841400000000002', username: 'harborhomes_realty', name: 'Harbor Homes Realty' },
    },
    { id: '100000000000002', name: 'Dana Personal Page', token: 'EAA-page-100000000000002', ig: null },
  ],
} as const;

interface Container {
  id: string;
  accountId: string;
  kind: 'image' | 'item' | 'carousel';
  caption: string;
  polls: number;
  state: 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'ERROR' | 'EXPIRED';
  status?: string;
  fate?: { statusCode: 'ERROR' | 'EXPIRED'; status?: string };
}
interface Media {
  id: string;
  accountId: string;
  caption: string;
  timestamp: number;
  permalink: string;
  /** FEED, REELS, STORY or CAROUSEL_ITEM: decides which insights metrics exist. */
  productType: string;
}
interface PagePost {
  id: string;
  pageId: string;
  message: string;
  created: number;
  photos: string[];
}

async function readParams(
  request: IncomingMessage,
  url: URL,
): Promise<{ params: Record<string, string>; json: unknown }> {
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  let json: unknown = null;
  if (body.length > 0 && type.includes('application/json')) {
    json = JSON.parse(body.toString('utf8')) as unknown;
    for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
      params[key] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  } else if (body.length > 0) {
    const form = await new Response(body, { headers: { 'content-type': type } }).formData();
    for (const [key, value] of form) if (typeof value === 'string') params[key] = value;
  }
  return { params, json };
}

export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const now = options.now ?? (() => Date.now());
  const quotaTotal = options.quotaTotal ?? 50;
  const quotaDuration = options.quotaDuration ?? 86_400;
  const pollsUntilFinished = options.pollsUntilFinished ?? 1;
  const requests: FakeGraphRequest[] = [];
  const failures: { match: FailureMatch; reply: FakeReply; times: number }[] = [];
  const fates: { statusCode: 'ERROR' | 'EXPIRED'; status?: string }[] = [];
  const containers = new Map<string, Container>();
  const media = new Map<string, Media>();
  const posts = new Map<string, PagePost>();
  const photos = new Map<string, { pageId: string; published: boolean }>();
  const publishTimes = new Map<string, number[]>();
  const usedCodes = new Set<string>();
  const expired = new Set<string>();
  const tokens = new Map<string, Identity>([
    [seed.igLogin.token, { kind: 'ig', id: seed.igLogin.userId }],
    [seed.fbUser.token, { kind: 'user' }],
    ...seed.pages.map((page) => [page.token, { kind: 'page', id: page.id }] as [string, Identity]),
  ]);
  const sockets = new Set<Socket>();
  let serial = 0;
  const nextId = (prefix: string) => `${prefix}${String((serial += 1)).padStart(6, '0')}`;
  const fake = { usageHeaders: {} as Record<string, string> };
  let pickFault: ((request: FakeGraphRequest) => FakeReply | undefined) | null = null;

  const owns = (who: Identity, accountId: string) =>
    (who.kind === 'ig' && who.id === accountId) ||
    (who.kind === 'page' &&
      (who.id === accountId || seed.pages.some((p) => p.id === who.id && p.ig?.id === accountId)));
  const windowCount = (accountId: string) =>
    (publishTimes.get(accountId) ?? []).filter((at) => at > now() - quotaDuration * 1000).length;
  const engagement = createGraphEngagement({
    now,
    nextId,
    media: (id) => media.get(id),
    post: (id) => posts.get(id),
    owns,
    nameOf: (accountId) =>
      accountId === seed.igLogin.userId
        ? seed.igLogin.username
        : (seed.pages.find((p) => p.id === accountId)?.name ??
          seed.pages.find((p) => p.ig?.id === accountId)?.ig?.username ??
          accountId),
    igOfPage: (pageId) => seed.pages.find((p) => p.id === pageId)?.ig?.id,
    igLoginUserId: seed.igLogin.userId,
    appId: seed.appId,
    replyExpansionLimit: options.replyExpansionLimit ?? 25,
  });

  type Answer = { status: number; body: unknown };
  const ok = (body: unknown): Answer => ({ status: 200, body });
  const err = (reply: FakeReply): Answer => reply as Answer;

  function route(
    host: FakeHost,
    method: string,
    path: string,
    params: Record<string, string>,
    json: unknown,
  ): Answer {
    if (host === 'apiInstagram' && method === 'POST' && path === '/oauth/access_token') {
      if (
        params.client_id !== seed.appId ||
        params.client_secret !== seed.appSecret ||
        !params.code ||
        !params.redirect_uri
      ) {
        return {
          status: 400,
          body: { error_type: 'OAuthException', code: 400, error_message: 'Invalid platform app' },
        };
      }
      if (usedCodes.has(params.code)) {
        return {
          status: 400,
          body: {
            error_type: 'OAuthException',
            code: 400,
            error_message: 'Matching code was not found or was already used',
          },
        };
      }
      usedCodes.add(params.code);
      const token = nextId('IGshort-');
      tokens.set(token, { kind: 'ig', id: seed.igLogin.userId });
      const row = {
        access_token: token,
        user_id: seed.igLogin.userId,
        permissions: 'instagram_business_basic,instagram_business_content_publish',
      };
      return ok(options.igCodeAnswer === 'wrapped' ? { data: [row] } : row);
    }
    const version = /^\/v\d+\.\d+(\/.*)$/.exec(path)?.[1];
    if (host === 'graphFacebook' && method === 'GET' && version === '/oauth/access_token') {
      if (params.client_id !== seed.appId || params.client_secret !== seed.appSecret)
        return err(graphError(101, undefined, 'Invalid client'));
      if (params.grant_type === 'fb_exchange_token') {
        if (
          !params.fb_exchange_token ||
          !tokens.has(params.fb_exchange_token) ||
          expired.has(params.fb_exchange_token)
        ) {
          return err(graphError(190, 463, 'Error validating access token'));
        }
        return ok({ access_token: seed.fbUser.token, token_type: 'bearer', expires_in: 5_183_944 });
      }
      if (!params.code || !params.redirect_uri)
        return err(graphError(100, undefined, 'Missing code or redirect_uri'));
      if (usedCodes.has(params.code))
        return err(graphError(100, 36009, 'This authorization code has been used.'));
      usedCodes.add(params.code);
      const token = nextId('EAAshort-');
      tokens.set(token, { kind: 'user' });
      return ok({ access_token: token, token_type: 'bearer', expires_in: 5_400 });
    }

    const token = params.access_token;
    if (!token) return err(graphError(190, undefined, 'An active access token must be used'));
    const who = tokens.get(token);
    if (!who)
      return err(graphError(190, undefined, 'Invalid OAuth access token - Cannot parse access token'));
    if (expired.has(token))
      return err(graphError(190, 463, 'Error validating access token: Session has expired'));

    if (host === 'graphInstagram' && method === 'GET' && path === '/access_token') {
      if (params.grant_type !== 'ig_exchange_token' || params.client_secret !== seed.appSecret)
        return err(graphError(100));
      return ok({ access_token: seed.igLogin.token, token_type: 'bearer', expires_in: 5_184_000 });
    }
    if (host === 'graphInstagram' && method === 'GET' && path === '/refresh_access_token') {
      if (params.grant_type !== 'ig_refresh_token') return err(graphError(100));
      const fresh = nextId('IGAA-refreshed-');
      tokens.set(fresh, who);
      return ok({ access_token: fresh, token_type: 'bearer', expires_in: 5_184_000 });
    }
    if (version === undefined)
      return { status: 404, body: { error: { message: 'Unknown path', code: 803 } } };
    const parts = version.split('/').filter(Boolean);
    const [first, edge] = parts;
    const fields = (params.fields ?? '').split(',');

    if (method === 'GET' && first === 'me' && edge === undefined) {
      if (who.kind === 'ig')
        return ok({
          id: seed.igLogin.appScopedId,
          user_id: seed.igLogin.userId,
          username: seed.igLogin.username,
          name: seed.igLogin.name,
        });
      return ok({ id: seed.fbUser.id, name: seed.fbUser.name });
    }
    if (method === 'GET' && first === 'me' && edge === 'permissions') {
      return ok({
        data: [
          'pages_show_list',
          'pages_read_engagement',
          'pages_manage_posts',
          'instagram_basic',
          'instagram_content_publish',
        ].map((permission) => ({ permission, status: 'granted' })),
      });
    }
    if (method === 'GET' && first === 'me' && edge === 'accounts') {
      if (who.kind !== 'user')
        return err(graphError(100, undefined, 'Tried accessing nonexisting field (accounts)'));
      const size = Math.min(Number(params.limit ?? 25), options.accountsPageSize ?? 100);
      const start = Number(params.after ?? 0);
      const expand = (params.fields ?? '').includes('instagram_business_account{');
      const rows = seed.pages.slice(start, start + size).map((page) => ({
        id: page.id,
        name: page.name,
        access_token: page.token,
        ...(page.ig && (params.fields ?? '').includes('instagram_business_account')
          ? { instagram_business_account: expand ? page.ig : { id: page.ig.id } }
          : {}),
      }));
      const more = start + size < seed.pages.length;
      return ok({
        data: rows,
        paging: {
          cursors: { before: String(start), after: String(start + size) },
          ...(more ? { next: 'https://graph.facebook.com/next-page' } : {}),
        },
      });
    }
    if (first === undefined) return { status: 404, body: { error: { message: 'Unknown path', code: 803 } } };
    const engaged = engagement.route(host, method, first, edge, params, json, who);
    if (engaged !== undefined) return engaged;

    // Instagram publishing
    if (method === 'GET' && edge === 'content_publishing_limit') {
      if (!owns(who, first)) return err(graphError(10, undefined, 'Permission denied'));
      return ok({
        data: [
          {
            quota_usage: windowCount(first),
            ...(fields.includes('config')
              ? { config: { quota_total: quotaTotal, quota_duration: quotaDuration } }
              : {}),
          },
        ],
      });
    }
    if (method === 'POST' && edge === 'media' && /^1784/.test(first)) {
      if (!owns(who, first)) return err(graphError(10, undefined, 'Permission denied'));
      const item = params.is_carousel_item === 'true';
      if (params.media_type === 'CAROUSEL') {
        const children = (params.children ?? '').split(',').filter(Boolean);
        if (children.length < 2 || children.length > 10)
          return err(graphError(100, 2207028, 'Carousel needs 2-10 items'));
        if (children.some((id) => containers.get(id)?.kind !== 'item'))
          return err(graphError(100, undefined, 'Invalid children'));
      } else if (!params.image_url) {
        return err(graphError(100, undefined, 'The parameter image_url is required'));
      }
      const container: Container = {
        id: nextId('1790000000'),
        accountId: first,
        kind: item ? 'item' : params.media_type === 'CAROUSEL' ? 'carousel' : 'image',
        caption: params.caption ?? '',
        polls: 0,
        state: 'IN_PROGRESS',
        fate: item ? undefined : fates.shift(),
      };
      containers.set(container.id, container);
      return ok({ id: container.id });
    }
    if (method === 'POST' && edge === 'media_publish') {
      if (!owns(who, first)) return err(graphError(10, undefined, 'Permission denied'));
      const container = containers.get(params.creation_id ?? '');
      if (!container || container.accountId !== first)
        return err(graphError(24, 2207008, 'Media container not found'));
      if (container.state !== 'FINISHED' && container.state !== 'PUBLISHED')
        return err(graphError(9007, 2207027, 'Media is not ready'));
      if (windowCount(first) >= quotaTotal)
        return err(graphError(9, 2207042, 'Reached the maximum number of posts'));
      const id = nextId('1800000000');
      media.set(id, {
        id,
        accountId: first,
        caption: container.caption,
        timestamp: now(),
        permalink: `https://www.instagram.com/p/${id}/`,
        productType: 'FEED',
      });
      publishTimes.set(first, [...(publishTimes.get(first) ?? []), now()]);
      container.state = 'PUBLISHED';
      return ok({ id });
    }
    if (method === 'GET' && edge === 'media' && /^1784/.test(first)) {
      const list = [...media.values()]
        .filter((m) => m.accountId === first)
        .sort((a, b) => b.timestamp - a.timestamp || b.id.localeCompare(a.id));
      return ok({
        data: list.slice(0, Number(params.limit ?? 25)).map((m) => ({
          id: m.id,
          caption: m.caption,
          permalink: m.permalink,
          timestamp: new Date(m.timestamp).toISOString().replace('Z', '+0000'),
        })),
      });
    }
    if (method === 'GET' && edge === undefined && containers.has(first)) {
      const container = containers.get(first)!;
      if (container.state === 'IN_PROGRESS') {
        container.polls += 1;
        if (container.polls > pollsUntilFinished) {
          container.state = container.fate?.statusCode ?? 'FINISHED';
          container.status = container.fate?.status;
        }
      }
      return ok({
        id: container.id,
        status_code: container.state,
        ...(container.status ? { status: container.status } : {}),
      });
    }
    if (method === 'GET' && edge === undefined && media.has(first))
      return ok({ id: first, permalink: media.get(first)!.permalink });

    // Facebook Pages
    const page = seed.pages.find((p) => p.id === first);
    if (page && (edge === 'feed' || edge === 'photos') && method === 'POST') {
      if (who.kind !== 'page' || who.id !== page.id)
        return err(graphError(200, undefined, 'Requires a Page access token'));
      if (edge === 'photos') {
        if (!params.url) return err(graphError(100, undefined, 'url or source is required'));
        const photoId = nextId('5000000000');
        const published = params.published !== 'false';
        photos.set(photoId, { pageId: page.id, published });
        if (!published) return ok({ id: photoId });
        const post: PagePost = {
          id: `${page.id}_${nextId('9')}`,
          pageId: page.id,
          message: params.caption ?? '',
          created: now(),
          photos: [photoId],
        };
        posts.set(post.id, post);
        return ok({ id: photoId, post_id: post.id });
      }
      const attached =
        (json as { attached_media?: { media_fbid?: string }[] } | null)?.attached_media ??
        (params.attached_media ? (JSON.parse(params.attached_media) as { media_fbid?: string }[]) : []);
      if (
        attached.some(
          (a) =>
            !a.media_fbid ||
            photos.get(a.media_fbid)?.pageId !== page.id ||
            photos.get(a.media_fbid)?.published,
        )
      ) {
        return err(graphError(100, undefined, 'Invalid attached_media'));
      }
      if (!params.message && attached.length === 0)
        return err(graphError(100, undefined, 'message or attached_media is required'));
      const post: PagePost = {
        id: `${page.id}_${nextId('9')}`,
        pageId: page.id,
        message: params.message ?? '',
        created: now(),
        photos: attached.map((a) => a.media_fbid!),
      };
      for (const photo of post.photos) photos.set(photo, { pageId: page.id, published: true });
      posts.set(post.id, post);
      return ok({ id: post.id });
    }
    if (page && edge === 'feed' && method === 'GET') {
      // `since`: a unix time (time-based paging); posts created before it are left out.
      const since = params.since === undefined ? 0 : Number(params.since) * 1000;
      const list = [...posts.values()]
        .filter((p) => p.pageId === page.id && p.created >= since)
        .sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
      return ok({
        data: list.slice(0, Number(params.limit ?? 25)).map((p) => ({
          id: p.id,
          message: p.message || undefined,
          created_time: new Date(p.created).toISOString().replace(/\.\d+Z$/, '+0000'),
        })),
      });
    }
    if (method === 'GET' && edge === undefined && posts.has(first)) {
      return ok({ id: first, permalink_url: `https://www.facebook.com/${first.replace('_', '/posts/')}` });
    }
    return err(
      graphError(100, 33, `Unsupported ${method} request. Object with ID '${first}' does not exist`),
    );
  }

  const prefixes: [string, FakeHost][] = [
    ['/graph-instagram', 'graphInstagram'],
    ['/graph-facebook', 'graphFacebook'],
    ['/api-instagram', 'apiInstagram'],
    ['/oauth', 'oauth'],
  ];

  const server = createServer((request, response: ServerResponse) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://graph.test');
      const prefix = prefixes.find(([p]) => url.pathname.startsWith(`${p}/`));
      if (!prefix) {
        response.writeHead(404).end();
        return;
      }
      const [base, host] = prefix;
      const path = url.pathname.slice(base.length);
      const method = request.method ?? 'GET';
      const { params, json } = await readParams(request, url);
      const logged: FakeGraphRequest = { host, method, path, params, json };
      requests.push(logged);
      const failure = failures.find(
        (f) =>
          f.times > 0 &&
          (!f.match.host || f.match.host === host) &&
          (!f.match.method || f.match.method === method) &&
          f.match.path.test(path),
      );
      if (failure) failure.times -= 1;
      const reply = failure?.reply ?? pickFault?.(logged);
      if (reply && 'hang' in reply) return; // the socket stays open until the client gives up
      const early = reply && 'status' in reply && reply.afterEffect !== true;
      const answer = reply && early ? reply : route(host, method, path, params, json);
      if (reply && 'loseResponse' in reply) return;
      const injected = reply && 'status' in reply ? reply : undefined;
      const headers = { 'content-type': 'application/json', ...fake.usageHeaders, ...injected?.headers };
      const write = () => {
        const { status, body } = injected ?? answer;
        if (!response.destroyed) response.writeHead(status, headers).end(JSON.stringify(body));
      };
      // A slow answer is written late; by then a client with a shorter timeout has hung up.
      if (reply && 'slowMs' in reply) setTimeout(write, reply.slowMs).unref();
      else write();
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(fake, {
    urls: {
      graphInstagram: `${origin}/graph-instagram`,
      graphFacebook: `${origin}/graph-facebook`,
      apiInstagram: `${origin}/api-instagram`,
      oauth: `${origin}/oauth`,
    },
    seed,
    requests,
    published: (accountId: string) =>
      [...media.values()].filter((m) => m.accountId === accountId).length +
      [...posts.values()].filter((p) => p.pageId === accountId).length,
    pagePosts: (pageId: string) =>
      [...posts.values()]
        .filter((p) => p.pageId === pageId)
        .sort((a, b) => a.created - b.created)
        .map((p) => ({ id: p.id, message: p.message, created: new Date(p.created) })),
    fail: (match: FailureMatch, reply: FakeReply, times = 1) => void failures.push({ match, reply, times }),
    injectFaults: (pick: ((request: FakeGraphRequest) => FakeReply | undefined) | null) => {
      pickFault = pick;
    },
    nextContainer: (fate: { statusCode: 'ERROR' | 'EXPIRED'; status?: string }) => void fates.push(fate),
    usePublishingQuota: (accountId: string, n: number) =>
      void publishTimes.set(accountId, [
        ...(publishTimes.get(accountId) ?? []),
        ...Array.from({ length: n }, () => now()),
      ]),
    expireToken: (token: string) => void expired.add(token),
    comments: (objectId: string) =>
      engagement
        .commentsOn(objectId)
        .filter((c) => c.parentId === null)
        .map((c) => c.text),
    addMedia(accountId: string, input: { caption?: string; productType?: string; at?: Date } = {}) {
      const id = nextId('1800000000');
      media.set(id, {
        id,
        accountId,
        caption: input.caption ?? '',
        timestamp: input.at?.getTime() ?? now(),
        permalink: `https://www.instagram.com/p/${id}/`,
        productType: input.productType ?? 'FEED',
      });
      return id;
    },
    addPagePost(pageId: string, message: string) {
      const id = `${pageId}_${nextId('9')}`;
      posts.set(id, { id, pageId, message, created: now(), photos: [] });
      return id;
    },
    addComment: engagement.addComment,
    commentsOn: engagement.commentsOn,
    comment: engagement.comment,
    setInsights: engagement.setInsights,
    retireMetric: engagement.retireMetric,
    privateReplies: engagement.privateReplies,
    receiveMessage: engagement.receiveMessage,
    sentMessages: engagement.sentMessages,
    subscriptions: engagement.subscriptions,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
