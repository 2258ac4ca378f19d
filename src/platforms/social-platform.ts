/**
 * The `SocialPlatform` port: one interface for Instagram (Instagram Login and Facebook Login), Facebook
 * Pages, LinkedIn, X and the built-in sandbox network. A required core (OAuth, identity, validation,
 * publish, status) plus optional capabilities. Generic code never asks which platform it talks to: it
 * asks the interface, and platform-specific rules live in each implementation.
 *
 * Contract for implementations:
 * - Every failure is a `PlatformError` whose `action` says what the caller must do (see below); raw HTTP
 *   or network errors never escape. One classifier per platform turns responses into these.
 * - `publish` is resumable and never blindly repeats a side effect: before each step that creates
 *   something on the platform it calls `save()` with the ids it has so far, and when called again with
 *   saved progress it continues from there (e.g. reuses an Instagram container id; asks X whether the
 *   post exists) instead of starting over.
 * - After `publish` returned `published`, `status()` for the same progress must never answer
 *   `not_published` again.
 * - Requests go only to the base URLs given in the platform's config (tests point them at loopback fakes).
 */
import type { Platform } from '../ai/content.js';

export type { Platform };

/** How each network is named to people. */
export const platformNames: Record<Platform, string> = {
  instagram: 'Instagram',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  x: 'X',
};

/** What the caller must do about a failure. */
export type PlatformFailure =
  /** Transient (5xx, timeout, network): retry later with back-off; `retryAt` when the platform said. */
  | 'retry_later'
  /** Rate limited: do not call this account (or app) again before `retryAt`. */
  | 'rate_limited'
  /** The access token expired or was rejected: refresh once, then retry. */
  | 'refresh_token'
  /** The grant is gone (revoked, password changed, refresh failed): the user must reconnect. */
  | 'reconnect'
  /** The platform refused this content or request for good: show `userMessage`; retrying will not help. */
  | 'reject'
  /** A daily/periodic publishing quota is used up: reschedule after `retryAt`. */
  | 'quota_exhausted';

export class PlatformError extends Error {
  constructor(
    readonly action: PlatformFailure,
    /** A sentence for the person who owns the post: what happened and what to do. */
    readonly userMessage: string,
    readonly details: { retryAt?: Date; status?: number; code?: string | number; cause?: unknown } = {},
  ) {
    super(userMessage, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'PlatformError';
  }
}

/** Tokens of a connected account, as stored (encrypted) by Listcast. */
export interface Credentials {
  accessToken: string;
  refreshToken: string | null;
  /** When the access token stops working; null when it does not expire (e.g. a Facebook Page token). */
  expiresAt: Date | null;
  scopes: string[];
}

/**
 * One account that can be published to. A login may yield several (a Facebook user's Pages, the
 * Instagram business accounts linked to them, LinkedIn organisations the member administers).
 */
export interface ConnectableAccount {
  /** The platform's id of the publishing identity (IG user id, Page id, person or organisation URN, X user id). */
  externalId: string;
  handle: string;
  displayName: string;
  kind: 'person' | 'organization' | 'page' | 'business';
  /** Credentials for publishing as this identity (e.g. the Page token), when they differ from the login's. */
  credentials: Credentials;
  /** Anything else the implementation needs later (e.g. `{pageId}` for an Instagram account via a Page). */
  meta: Record<string, string>;
}

/** A piece of media of the post: a public (signed) URL for platforms that fetch, bytes for those that upload. */
export interface PostMedia {
  url: string;
  contentType: string;
  width: number | null;
  height: number | null;
  bytes: number;
  altText: string | null;
  read(): Promise<Buffer>;
}

export interface PostContent {
  text: string;
  media: PostMedia[];
  firstComment: string | null;
}

/** A broken rule of the target platform, named so a person can fix it. */
export interface RuleProblem {
  rule: string;
  message: string;
}

/** Ids created on the platform so far, saved before each next step. */
export type PublishProgress = Record<string, string>;

export interface PublishContext {
  account: { externalId: string; meta: Record<string, string> };
  credentials: Credentials;
  content: PostContent;
  /** Ids saved by an earlier, interrupted attempt (empty on the first). */
  progress: PublishProgress;
  /** Persists `progress` durably; publish awaits it before the next platform call. */
  save(progress: PublishProgress): Promise<void>;
}

export interface Published {
  externalId: string;
  permalink: string;
}

export type PublishStatus =
  { state: 'published'; post: Published } | { state: 'not_published' } | { state: 'in_progress' };

export interface SocialPlatform {
  readonly platform: Platform;
  /** Shown with the account and on every post; the sandbox says so. */
  readonly label: string;
  readonly usesPkce: boolean;

  authorizeUrl(input: { state: string; redirectUri: string; codeChallenge?: string }): string;
  exchangeCode(input: { code: string; redirectUri: string; codeVerifier?: string }): Promise<Credentials>;
  /** A fresh access token (X rotates the refresh token too: store both). `reconnect` when impossible. */
  refresh(credentials: Credentials): Promise<Credentials>;
  /** The accounts this login can publish as. */
  accounts(credentials: Credentials): Promise<ConnectableAccount[]>;

  /** Every rule this content breaks on this platform; empty when it can be published. */
  validate(content: PostContent): RuleProblem[];
  publish(context: PublishContext): Promise<Published>;
  /** What happened to an attempt that may have been interrupted (after a timeout or a crash). */
  status(context: Omit<PublishContext, 'save'>): Promise<PublishStatus>;

  // Optional capabilities: a platform (or a login) without one leaves it out.
  /** Comments on one of the account's posts, oldest first; `since` skips older ones. */
  comments?(context: PostRef & { since?: Date }): Promise<PlatformComment[]>;
  /** Answers a comment publicly, as the account. */
  reply?(context: PostRef & { commentId: string; text: string }): Promise<{ externalId: string }>;
  /** Hides (or shows again) a comment on the account's post. */
  hideComment?(context: PostRef & { commentId: string; hidden: boolean }): Promise<void>;
  /** Reach and engagement of one post, as the platform counts them now. */
  insights?(context: PostRef): Promise<PostInsights>;
  deletePost?(context: PostRef): Promise<void>;
  /**
   * Answers a comment privately (a direct message to its author, Instagram's "private reply"). The
   * platform allows one per comment, within 7 days of it: a second one, or a later one, is a `reject`.
   */
  privateReply?(context: PostRef & { commentId: string; text: string }): Promise<{ externalId: string }>;
  /**
   * Answers someone's direct message, as the account (Instagram: within 24 hours of their last
   * message; later is a `reject`). `recipientId` is their platform-scoped id from the message.
   */
  sendMessage?(
    context: Omit<PostRef, 'externalId'> & { recipientId: string; text: string },
  ): Promise<{ externalId: string }>;
  /**
   * Posts that mention the account (replies to its posts included), newer than `cursor`, oldest first.
   * The returned `cursor` is passed back next time; `null` in means "from now on" (only the latest page
   * is read, so connecting an account does not import its whole history). Unchanged when nothing is new.
   */
  mentions?(context: {
    account: PublishContext['account'];
    credentials: Credentials;
    cursor: string | null;
  }): Promise<{ items: IncomingEngagement[]; cursor: string | null }>;
  /**
   * Asks the platform to push this account's comments, mentions and messages to Listcast's webhook.
   * Idempotent; called after every successful connection, and its failure never fails the connection
   * (polling `comments`/`mentions` still works without it).
   */
  subscribeWebhooks?(context: {
    account: PublishContext['account'];
    credentials: Credentials;
  }): Promise<void>;
}

/** One published post of a connected account. */
export interface PostRef {
  account: PublishContext['account'];
  credentials: Credentials;
  /** The platform's id of the post. */
  externalId: string;
}

export interface PlatformComment {
  externalId: string;
  /** The comment this one answers; null for a top-level comment. */
  parentId: string | null;
  authorId: string;
  authorHandle: string;
  authorName: string;
  text: string;
  createdAt: Date;
  hidden: boolean;
  /** Written by the connected account itself (a reply sent from Listcast or the platform's app). */
  fromAccount: boolean;
}

/**
 * Engagement as a platform reports it (a webhook entry, a polled comment or mention, a direct message),
 * before Listcast knows which of its posts, listings or leads it belongs to.
 */
export interface IncomingEngagement {
  platform: 'instagram' | 'facebook' | 'linkedin' | 'x';
  /** The connected account it is for, by the platform's id (IG user id, Page id, X user id, LinkedIn URN). */
  accountExternalId: string;
  kind: 'comment' | 'mention' | 'message';
  /** The comment's, mention's or message's own id. */
  externalId: string;
  /** The comment this one answers; null for a top-level comment, a mention or a message. */
  parentExternalId: string | null;
  /** The post it is under, when there is one. */
  postExternalId: string | null;
  author: { id: string; handle: string; name: string };
  text: string;
  at: Date;
  /** Written by the account itself (an echo of our own reply): recorded, never triaged or answered. */
  fromAccount: boolean;
}

export interface PostInsights {
  reach: number;
  likes: number;
  comments: number;
}
