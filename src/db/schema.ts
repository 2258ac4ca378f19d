import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Analysis, Descriptions } from '../ai/content.js';
import type { ContentRequest, CostSummary, StoredIssue, StoredPost } from '../modules/content/types.js';

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

export const roles = ['owner', 'admin', 'editor', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    personalWorkspaceId: uuid('personal_workspace_id').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

export const workspaces = pgTable('workspaces', {
  id: id(),
  name: text('name').notNull(),
  personal: boolean('personal').notNull().default(false),
  timezone: text('timezone').notNull().default('Etc/UTC'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const memberships = pgTable(
  'memberships',
  {
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.workspaceId] }),
    index('memberships_workspace_idx').on(t.workspaceId),
  ],
);

/** A login session: one refresh-token family. Revoking it ends every access token issued under it. */
export const sessions = pgTable('sessions', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedReason: text('revoked_reason'),
  createdAt: createdAt(),
});

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    workspaceId: workspaceId(),
    email: text('email').notNull(),
    role: text('role').$type<Role>().notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitations_token_key').on(t.tokenHash),
    index('invitations_workspace_idx').on(t.workspaceId),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_keys_hash_key').on(t.keyHash), index('api_keys_workspace_idx').on(t.workspaceId)],
);

export const tones = ['professional', 'warm', 'luxury', 'playful'] as const;

export const brandKits = pgTable('brand_kits', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  agentName: text('agent_name'),
  brokerage: text('brokerage'),
  licenseNumber: text('license_number'),
  disclosure: text('disclosure'),
  email: text('email'),
  phone: text('phone'),
  website: text('website'),
  primaryColor: text('primary_color').notNull().default('#1F3A5F'),
  secondaryColor: text('secondary_color').notNull().default('#F4F1EA'),
  accentColor: text('accent_color').notNull().default('#C8A96A'),
  tone: text('tone').$type<(typeof tones)[number]>().notNull().default('professional'),
  defaultHashtags: jsonb('default_hashtags').$type<string[]>().notNull().default([]),
  logoMediaId: uuid('logo_media_id').references((): AnyPgColumn => media.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
});

/** Outgoing email, recorded before it is sent so a crash never loses one. */
export const emails = pgTable('emails', {
  id: id(),
  workspaceId: uuid('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
  to: text('to_address').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  /** `not_configured`: no SMTP server is set, so the email waits in the outbox (visible through the API). */
  status: text('status')
    .$type<'queued' | 'sent' | 'not_configured' | 'failed' | 'suppressed'>()
    .notNull()
    .default('queued'),
  error: text('error'),
  /** Set for follow-up emails to a lead: the sequence and step that sent it. */
  leadId: uuid('lead_id').references((): AnyPgColumn => leads.id, { onDelete: 'set null' }),
  sequenceId: uuid('sequence_id').references((): AnyPgColumn => leadSequences.id, { onDelete: 'set null' }),
  step: integer('step'),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const listingStatuses = [
  'coming_soon',
  'active',
  'open_house',
  'price_reduced',
  'under_contract',
  'sold',
  'withdrawn',
] as const;
export type ListingStatus = (typeof listingStatuses)[number];

export const propertyTypes = [
  'single_family',
  'condo',
  'townhouse',
  'multi_family',
  'land',
  'other',
] as const;
export type PropertyType = (typeof propertyTypes)[number];

export interface OpenHouse {
  start: string;
  end: string;
}

export const listings = pgTable(
  'listings',
  {
    id: id(),
    workspaceId: workspaceId(),
    street: text('street').notNull(),
    unit: text('unit'),
    city: text('city').notNull(),
    state: text('state').notNull(),
    postalCode: text('postal_code').notNull(),
    country: text('country').notNull().default('US'),
    price: numeric('price', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    beds: integer('beds'),
    baths: numeric('baths', { precision: 4, scale: 1, mode: 'number' }),
    interiorSqft: integer('interior_sqft'),
    lotSqft: integer('lot_sqft'),
    yearBuilt: integer('year_built'),
    propertyType: text('property_type').$type<PropertyType>().notNull(),
    features: jsonb('features').$type<string[]>().notNull().default([]),
    description: text('description').notNull().default(''),
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    status: text('status').$type<ListingStatus>().notNull(),
    openHouses: jsonb('open_houses').$type<OpenHouse[]>().notNull().default([]),
    importId: uuid('import_id'),
    createdBy: uuid('created_by'),
    // Millisecond precision: a JS Date holds these exactly, so a pagination cursor round-trips.
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  // One index per list sort, each ending in `id` so keyset pagination is stable under ties. `DESC NULLS
  // FIRST` is plain `ORDER BY … DESC`; drizzle's bare `.desc()` emits NULLS LAST, which such a query cannot use.
  (t) => [
    index('listings_workspace_created_idx').on(
      t.workspaceId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('listings_workspace_updated_idx').on(
      t.workspaceId,
      t.updatedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('listings_workspace_price_idx').on(t.workspaceId, t.price, t.id),
    index('listings_workspace_status_idx').on(
      t.workspaceId,
      t.status,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('listings_import_idx').on(t.importId),
  ],
);

export const listingStatusChanges = pgTable(
  'listing_status_changes',
  {
    id: id(),
    workspaceId: workspaceId(),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status').$type<ListingStatus>(),
    toStatus: text('to_status').$type<ListingStatus>().notNull(),
    changedBy: uuid('changed_by'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('listing_status_changes_listing_idx').on(t.listingId, t.changedAt)],
);

export const listingPriceChanges = pgTable(
  'listing_price_changes',
  {
    id: id(),
    workspaceId: workspaceId(),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    oldPrice: numeric('old_price', { precision: 14, scale: 2, mode: 'number' }),
    newPrice: numeric('new_price', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    changedBy: uuid('changed_by'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('listing_price_changes_listing_idx').on(t.listingId, t.changedAt)],
);

export const importStatuses = ['queued', 'validating', 'importing', 'completed', 'failed'] as const;

export interface RowError {
  line: number;
  column: string;
  message: string;
}

/** A CSV import. Large files are processed by the `listings.import` job; progress is polled here. */
export const listingImports = pgTable(
  'listing_imports',
  {
    id: id(),
    workspaceId: workspaceId(),
    status: text('status').$type<(typeof importStatuses)[number]>().notNull(),
    filename: text('filename'),
    csv: text('csv'),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    importedRows: integer('imported_rows').notNull().default(0),
    errors: jsonb('errors').$type<RowError[]>().notNull().default([]),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('listing_imports_workspace_idx').on(t.workspaceId, t.createdAt)],
);

/** Where a required disclosure or licence must appear: the long description or a platform's post. */
export const contentSurfaces = ['description', 'instagram', 'facebook', 'linkedin', 'x'] as const;
export type ContentSurface = (typeof contentSurfaces)[number];

/** Per-workspace content studio settings; a missing row means the defaults. */
export const contentSettings = pgTable('content_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  hashtagCap: integer('hashtag_cap').notNull().default(5),
  costCapMicros: integer('cost_cap_micros').notNull().default(20_000),
  overCap: text('over_cap').$type<'fallback' | 'reject'>().notNull().default('fallback'),
  disclosureOn: jsonb('disclosure_on')
    .$type<ContentSurface[]>()
    .notNull()
    .default(['description', 'facebook', 'linkedin']),
  licenseOn: jsonb('license_on')
    .$type<ContentSurface[]>()
    .notNull()
    .default(['description', 'facebook', 'linkedin']),
  /** Listings priced at or above this get the luxury flyer and image look. */
  luxuryThreshold: numeric('luxury_threshold', { precision: 14, scale: 2, mode: 'number' })
    .notNull()
    .default(1_000_000),
  flyerPaper: text('flyer_paper').$type<'letter' | 'a4'>().notNull().default('letter'),
  updatedAt: updatedAt(),
});

export const contentSetStatuses = ['generating', 'ready', 'failed'] as const;

/**
 * One generated content set: for a listing and event (versioned per listing and event), or a brand
 * post from a topic. The JSON columns hold the public shapes documented in modules/content/schemas.ts.
 */
export const contentSets = pgTable(
  'content_sets',
  {
    id: id(),
    workspaceId: workspaceId(),
    listingId: uuid('listing_id').references(() => listings.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'listing' | 'brand'>().notNull(),
    event: text('event'),
    version: integer('version').notNull(),
    status: text('status').$type<(typeof contentSetStatuses)[number]>().notNull(),
    model: text('model').notNull(),
    tone: text('tone').$type<(typeof tones)[number]>().notNull(),
    seed: integer('seed').notNull(),
    inputHash: text('input_hash').notNull(),
    request: jsonb('request').$type<ContentRequest>().notNull(),
    analysis: jsonb('analysis').$type<Analysis>(),
    description: jsonb('description').$type<Descriptions>(),
    posts: jsonb('posts').$type<StoredPost[]>().notNull().default([]),
    compliance: jsonb('compliance').$type<{ issues: StoredIssue[] }>(),
    cost: jsonb('cost').$type<CostSummary>(),
    error: jsonb('error').$type<{ code: string; message: string }>(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('content_sets_workspace_idx').on(t.workspaceId, t.createdAt),
    uniqueIndex('content_sets_version_key').on(t.listingId, t.event, t.version),
    index('content_sets_input_idx').on(t.workspaceId, t.inputHash),
  ],
);

/** Every billable model call, for cost per post and the monthly usage summary. */
export const aiCalls = pgTable(
  'ai_calls',
  {
    id: id(),
    workspaceId: workspaceId(),
    contentSetId: uuid('content_set_id').references(() => contentSets.id, { onDelete: 'set null' }),
    role: text('role').notNull(),
    model: text('model').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    cachedInputTokens: integer('cached_input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costMicros: integer('cost_micros').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('ai_calls_workspace_idx').on(t.workspaceId, t.createdAt)],
);

export const mediaKinds = ['upload', 'url', 'creative', 'ai'] as const;
export type MediaKind = (typeof mediaKinds)[number];

/** One stored rendition of a media item: `original`, or a derived size such as `thumb` and `large`. */
export interface MediaVariant {
  name: string;
  key: string;
  width: number | null;
  height: number | null;
  bytes: number;
  contentType: string;
}

/**
 * The media library: uploaded, imported and generated files. The bytes live in the file storage under
 * `original_key` and each variant's key; a row is written only after its files are.
 */
export const media = pgTable(
  'media',
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: text('kind').$type<MediaKind>().notNull(),
    contentType: text('content_type').notNull(),
    width: integer('width'),
    height: integer('height'),
    bytes: integer('bytes').notNull(),
    originalKey: text('original_key').notNull(),
    variants: jsonb('variants').$type<MediaVariant[]>().notNull().default([]),
    altText: text('alt_text'),
    sourceUrl: text('source_url'),
    listingId: uuid('listing_id').references(() => listings.id, { onDelete: 'set null' }),
    label: jsonb('label').$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('media_workspace_idx').on(t.workspaceId, t.createdAt, t.id),
    index('media_listing_idx').on(t.listingId),
    uniqueIndex('media_source_url_key').on(t.workspaceId, t.sourceUrl),
  ],
);

export const accountStatuses = ['active', 'needs_reconnect'] as const;

/**
 * A connected social account: a real network's (tokens sealed with AES-256-GCM) or a sandbox one that
 * imitates a network's rules. One row per workspace, platform, network and publishing identity.
 */
export const socialAccounts = pgTable(
  'social_accounts',
  {
    id: id(),
    workspaceId: workspaceId(),
    platform: text('platform').$type<'instagram' | 'facebook' | 'linkedin' | 'x'>().notNull(),
    network: text('network').$type<'sandbox' | 'live'>().notNull(),
    externalId: text('external_id').notNull(),
    handle: text('handle').notNull(),
    displayName: text('display_name').notNull(),
    kind: text('kind').notNull(),
    status: text('status').$type<(typeof accountStatuses)[number]>().notNull().default('active'),
    /** Sealed JSON of the credentials; never returned by the API, never logged. */
    credentials: text('credentials'),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
    /** The platform asked us to stop publishing as this account until then (rate limit or daily quota). */
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
    meta: jsonb('meta').$type<Record<string, string>>().notNull().default({}),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('social_accounts_identity_key').on(t.workspaceId, t.platform, t.network, t.externalId),
    // Webhooks name the account by the platform's id only.
    index('social_accounts_external_idx').on(t.platform, t.externalId),
  ],
);

/** A post: one text and media for one or more target accounts, a draft or scheduled in a time zone. */
export const posts = pgTable(
  'posts',
  {
    id: id(),
    workspaceId: workspaceId(),
    text: text('text').notNull(),
    mediaIds: jsonb('media_ids').$type<string[]>().notNull().default([]),
    firstComment: text('first_comment'),
    /** The instant to publish, in UTC; null for a draft. */
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    /** The IANA zone the author scheduled in: local wall time is kept across DST when rescheduling. */
    timezone: text('timezone').notNull().default('Etc/UTC'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('posts_workspace_schedule_idx').on(t.workspaceId, t.scheduledAt)],
);

export const targetStatuses = [
  'draft',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'needs_attention',
  'cancelled',
] as const;
export type TargetStatus = (typeof targetStatuses)[number];

/** One account a post goes to, with its own persisted publishing state machine. */
export const postTargets = pgTable(
  'post_targets',
  {
    id: id(),
    workspaceId: workspaceId(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => socialAccounts.id, { onDelete: 'cascade' }),
    text: text('text'),
    status: text('status').$type<TargetStatus>().notNull(),
    /** Platform ids saved before each next step (container id, media ids, upload URNs). */
    progress: jsonb('progress').$type<Record<string, string>>().notNull().default({}),
    attempts: integer('attempts').notNull().default(0),
    /**
     * While `publishing`: until when the worker that claimed it owns it. Another run of the same
     * target (a retried job, a duplicate) waits until then, so two never publish at once.
     */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    externalId: text('external_id'),
    permalink: text('permalink'),
    error: jsonb('error').$type<{ code: string; message: string }>(),
    /** Bumped on every (re)schedule: a job for an older generation does nothing. */
    generation: integer('generation').notNull().default(0),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('post_targets_post_account_key').on(t.postId, t.accountId),
    index('post_targets_workspace_idx').on(t.workspaceId, t.status),
    index('post_targets_account_idx').on(t.accountId, t.status),
    // Engagement names the post by the platform's id.
    index('post_targets_external_idx').on(t.accountId, t.externalId),
  ],
);

/** The built-in sandbox network's own posts: what a sandbox account "published". */
export const sandboxPosts = pgTable(
  'sandbox_posts',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceId(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => socialAccounts.id, { onDelete: 'cascade' }),
    platform: text('platform').notNull(),
    text: text('text').notNull(),
    media: jsonb('media').$type<{ url: string; altText: string | null }[]>().notNull().default([]),
    firstComment: text('first_comment'),
    /** How many people the simulated audience showed the post to (the sandbox's insights). */
    reach: integer('reach').notNull().default(0),
    /** Deleted from the sandbox network (its page says so; engagement stops). */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('sandbox_posts_account_idx').on(t.accountId, t.createdAt)],
);

/** A pending OAuth connection: the `state` sent to the platform, single-use and expiring. */
export const oauthStates = pgTable('oauth_states', {
  id: id(),
  workspaceId: workspaceId(),
  userId: uuid('user_id').notNull(),
  platform: text('platform').$type<'instagram' | 'facebook' | 'linkedin' | 'x'>().notNull(),
  login: text('login').notNull(),
  /** Sealed PKCE verifier, for platforms that use PKCE. */
  codeVerifier: text('code_verifier'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: createdAt(),
});

/** `private_reply`: the account answered a comment privately (Instagram); never shown on the post. */
export const sandboxInteractionKinds = ['like', 'comment', 'reply', 'private_reply'] as const;

/**
 * Engagement on the sandbox network: likes and comments its simulated audience makes on sandbox posts
 * (price questions, showing requests, a complaint, spam…), and replies the account made from Listcast.
 */
export const sandboxInteractions = pgTable(
  'sandbox_interactions',
  {
    id: id(),
    workspaceId: workspaceId(),
    sandboxPostId: uuid('sandbox_post_id')
      .notNull()
      .references(() => sandboxPosts.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<(typeof sandboxInteractionKinds)[number]>().notNull(),
    /** The commenter's handle on the sandbox network (the account's own handle for its replies). */
    authorHandle: text('author_handle').notNull(),
    authorName: text('author_name').notNull(),
    text: text('text'),
    /** The comment a reply answers. */
    parentId: uuid('parent_id'),
    hidden: boolean('hidden').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('sandbox_interactions_post_idx').on(t.sandboxPostId, t.createdAt),
    index('sandbox_interactions_workspace_idx').on(t.workspaceId, t.createdAt),
  ],
);

/**
 * Something a member should know (an account to reconnect, a post that failed, an approval to give),
 * one row per recipient; read from the API and, for the urgent kinds, also sent by email.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** What the notification is about, e.g. `{accountId}` or `{postId}`. */
    subject: jsonb('subject').$type<Record<string, string>>().notNull().default({}),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.workspaceId, t.createdAt)],
);

/**
 * A post that must be approved before it may be scheduled (the approval workflow). While a post has a
 * row here that is not `approved`, its targets stay drafts: the posts module refuses to schedule it, and
 * a draft is never claimed for publishing.
 */
export const postApprovals = pgTable(
  'post_approvals',
  {
    postId: uuid('post_id')
      .primaryKey()
      .references(() => posts.id, { onDelete: 'cascade' }),
    workspaceId: workspaceId(),
    status: text('status').$type<'pending' | 'approved'>().notNull().default('pending'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('post_approvals_workspace_idx').on(t.workspaceId, t.status)],
);

export const campaignKinds = ['listing', 'brand', 'import'] as const;
export type CampaignKind = (typeof campaignKinds)[number];

/** The shape of a campaign template's steps; documented and validated in modules/campaigns/schemas.ts. */
export interface TemplateStep {
  label: string;
  anchor: 'start' | 'open_house';
  day: number;
  at: string;
  platforms: ('instagram' | 'facebook' | 'linkedin' | 'x')[];
  event: string | null;
  variant: number;
  media: 'image' | 'carousel' | 'none';
}
export interface TemplateRecurrence {
  every: 'day' | 'week' | 'month';
  interval: number;
  at: string;
  platforms: ('instagram' | 'facebook' | 'linkedin' | 'x')[];
}

/** A workspace's own campaign template: a copy of a built-in one (modules/campaigns/built-in-templates.ts), edited. */
export const campaignTemplates = pgTable(
  'campaign_templates',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    kind: text('kind').$type<'listing' | 'brand'>().notNull(),
    event: text('event'),
    basedOn: text('based_on'),
    steps: jsonb('steps').$type<TemplateStep[]>().notNull().default([]),
    recurrence: jsonb('recurrence').$type<TemplateRecurrence>(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('campaign_templates_workspace_idx').on(t.workspaceId, t.createdAt)],
);

export const campaignStatuses = [
  'preview',
  'pending_approval',
  'rejected',
  'active',
  'paused',
  'cancelled',
] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/** A plan of posts for one goal: a preview until activated, then its posts live in the posts module. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: id(),
    workspaceId: workspaceId(),
    listingId: uuid('listing_id').references(() => listings.id, { onDelete: 'set null' }),
    kind: text('kind').$type<CampaignKind>().notNull(),
    name: text('name').notNull(),
    /** A built-in template's key or a workspace template's id. */
    template: text('template').notNull(),
    event: text('event'),
    status: text('status').$type<CampaignStatus>().notNull().default('preview'),
    requireApproval: boolean('require_approval').notNull().default(false),
    timezone: text('timezone').notNull(),
    startAt: timestamp('start_at', { withTimezone: true }).notNull(),
    accountIds: jsonb('account_ids').$type<string[]>().notNull().default([]),
    /** Set when a listing event started it: at most one campaign per event, however often the job runs. */
    triggerKey: text('trigger_key'),
    submittedBy: uuid('submitted_by'),
    decidedBy: uuid('decided_by'),
    decisionComment: text('decision_comment'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('campaigns_workspace_idx').on(t.workspaceId, t.createdAt),
    index('campaigns_listing_idx').on(t.listingId),
    uniqueIndex('campaigns_trigger_key').on(t.workspaceId, t.triggerKey),
  ],
);

export interface PlanIssue {
  rule: string;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * One planned post of a campaign, for one account. Before activation the plan is the truth; after,
 * `postId` names the post that carries it and the post's target holds the publishing state.
 */
export const campaignPosts = pgTable(
  'campaign_posts',
  {
    id: id(),
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    label: text('label').notNull(),
    event: text('event'),
    accountId: uuid('account_id')
      .notNull()
      .references(() => socialAccounts.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    mediaIds: jsonb('media_ids').$type<string[]>().notNull().default([]),
    firstComment: text('first_comment'),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
    timeReason: text('time_reason').notNull(),
    /** The listing price the text and images were made with (null for brand posts). */
    price: numeric('price', { precision: 14, scale: 2, mode: 'number' }),
    variant: integer('variant').notNull().default(1),
    mediaKind: text('media_kind').$type<'image' | 'carousel' | 'none'>().notNull().default('none'),
    contentSetId: uuid('content_set_id').references(() => contentSets.id, { onDelete: 'set null' }),
    issues: jsonb('issues').$type<PlanIssue[]>().notNull().default([]),
    edited: boolean('edited').notNull().default(false),
    /** Why automation holds it back (it became wrong and is being rewritten); null when not held. */
    heldReason: text('held_reason'),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedReason: text('removed_reason'),
    postId: uuid('post_id').references(() => posts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('campaign_posts_campaign_idx').on(t.campaignId, t.position),
    index('campaign_posts_post_idx').on(t.postId),
  ],
);

/** What changed in a campaign and why: people's actions and automation's fixes after listing events. */
export const campaignLog = pgTable(
  'campaign_log',
  {
    id: id(),
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'cascade' }),
    campaignPostId: uuid('campaign_post_id'),
    listingId: uuid('listing_id').references(() => listings.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    reason: text('reason').notNull(),
    changes: jsonb('changes').$type<Record<string, { from: unknown; to: unknown }>>().notNull().default({}),
    actor: text('actor').$type<'user' | 'automation'>().notNull(),
    actorId: uuid('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('campaign_log_campaign_idx').on(t.campaignId, t.createdAt),
    index('campaign_log_listing_idx').on(t.listingId, t.createdAt),
    index('campaign_log_workspace_idx').on(t.workspaceId, t.createdAt),
  ],
);

export const automationTriggers = [
  'coming_soon',
  'just_listed',
  'open_house',
  'price_reduced',
  'under_contract',
  'just_sold',
] as const;
export type AutomationTrigger = (typeof automationTriggers)[number];

/** Per-workspace automation: which listing events start which template, on which accounts. */
export const automationSettings = pgTable('automation_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  /** Listing events start campaigns at all. Fixing posts that became wrong never stops. */
  enabled: boolean('enabled').notNull().default(true),
  /** Started campaigns are activated at once; otherwise they wait as previews for someone to check. */
  activate: boolean('activate').notNull().default(false),
  /** Every campaign of the workspace needs an admin's or owner's approval before its posts go out. */
  requireApproval: boolean('require_approval').notNull().default(false),
  /** The accounts automation posts to; null means every active account. */
  accountIds: jsonb('account_ids').$type<string[] | null>(),
  /** Trigger → template (a built-in key or a workspace template id); null turns that trigger off. */
  templates: jsonb('templates')
    .$type<Partial<Record<AutomationTrigger, string | null>>>()
    .notNull()
    .default({}),
  updatedAt: updatedAt(),
});

/** Per-account posting rules campaign scheduling respects: quiet hours (local time) and a daily cap. */
export const accountPostingRules = pgTable('account_posting_rules', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => socialAccounts.id, { onDelete: 'cascade' }),
  workspaceId: workspaceId(),
  /** `HH:MM` local time; both null means no quiet hours. */
  quietStart: text('quiet_start').default('22:00'),
  quietEnd: text('quiet_end').default('07:00'),
  dailyCap: integer('daily_cap').notNull().default(3),
  updatedAt: updatedAt(),
});

/**
 * A lead form sent from a listing's public page (`/l/{id}`). Stored as sent; turning inquiries into
 * leads comes later. `postId` is set when the visitor arrived from a post's UTM link.
 */
export const listingInquiries = pgTable(
  'listing_inquiries',
  {
    id: id(),
    workspaceId: workspaceId(),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    message: text('message'),
    consent: boolean('consent').notNull(),
    utmSource: text('utm_source'),
    utmMedium: text('utm_medium'),
    utmCampaign: text('utm_campaign'),
    utmContent: text('utm_content'),
    postId: uuid('post_id').references(() => posts.id, { onDelete: 'set null' }),
    /** The lead this inquiry became (or was merged into). */
    leadId: uuid('lead_id').references((): AnyPgColumn => leads.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('listing_inquiries_listing_idx').on(t.listingId, t.createdAt)],
);

/** Views of and form submissions on a listing's public page, attributed to a post when its UTM link says so. */
export const listingPageEvents = pgTable(
  'listing_page_events',
  {
    id: id(),
    workspaceId: workspaceId(),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'view' | 'submit'>().notNull(),
    postId: uuid('post_id').references(() => posts.id, { onDelete: 'set null' }),
    /** `utm_source`: the platform (or `flyer`). */
    platform: text('platform'),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('listing_page_events_listing_idx').on(t.listingId, t.kind),
    index('listing_page_events_post_idx').on(t.postId),
  ],
);

// ---- Engagement inbox, leads, follow-ups, events (issue 7) ----

export const inboxKinds = ['comment', 'mention', 'message'] as const;
export type InboxKind = (typeof inboxKinds)[number];
export const inboxIntents = [
  'price_question',
  'availability',
  'showing_request',
  'financing',
  'compliment',
  'complaint',
  'spam',
  'other',
] as const;
export type InboxIntent = (typeof inboxIntents)[number];
export const threadStatuses = ['open', 'escalated', 'handled'] as const;
export type ThreadStatus = (typeof threadStatuses)[number];
export type SentimentLabel = 'positive' | 'neutral' | 'negative';

/**
 * One conversation in the inbox: a top-level comment and its replies, a mention, or a person's direct
 * messages, on one connected account. Triage of its latest incoming message is kept here for filters.
 */
export const inboxThreads = pgTable(
  'inbox_threads',
  {
    id: id(),
    workspaceId: workspaceId(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => socialAccounts.id, { onDelete: 'cascade' }),
    platform: text('platform').$type<'instagram' | 'facebook' | 'linkedin' | 'x'>().notNull(),
    kind: text('kind').$type<InboxKind>().notNull(),
    /** The platform's id of the root: the top-level comment, the mention, or the sender (messages). */
    externalId: text('external_id').notNull(),
    /** The platform's id of the post it is under, when there is one. */
    postExternalId: text('post_external_id'),
    postId: uuid('post_id').references(() => posts.id, { onDelete: 'set null' }),
    listingId: uuid('listing_id').references(() => listings.id, { onDelete: 'set null' }),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'set null' }),
    authorId: text('author_id').notNull(),
    authorHandle: text('author_handle').notNull(),
    authorName: text('author_name').notNull(),
    leadId: uuid('lead_id').references((): AnyPgColumn => leads.id, { onDelete: 'set null' }),
    status: text('status').$type<ThreadStatus>().notNull().default('open'),
    intent: text('intent').$type<InboxIntent>().notNull(),
    confidence: numeric('confidence', { precision: 3, scale: 2, mode: 'number' }).notNull(),
    sentiment: numeric('sentiment', { precision: 4, scale: 3, mode: 'number' }).notNull(),
    sentimentLabel: text('sentiment_label').$type<SentimentLabel>().notNull(),
    hidden: boolean('hidden').notNull().default(false),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    /** Why it waits for a person (negative, low confidence, outside business hours…). */
    escalationReason: text('escalation_reason'),
    /** Set when Listcast answered automatically: never more than once per thread. */
    autoRepliedAt: timestamp('auto_replied_at', { withTimezone: true }),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('inbox_threads_root_key').on(t.accountId, t.kind, t.externalId),
    index('inbox_threads_workspace_idx').on(t.workspaceId, t.lastMessageAt),
    index('inbox_threads_status_idx').on(t.workspaceId, t.status, t.lastMessageAt),
    index('inbox_threads_lead_idx').on(t.leadId),
  ],
);

/** One comment, reply, mention or message in a thread, incoming (with its triage) or sent from Listcast. */
export const inboxMessages = pgTable(
  'inbox_messages',
  {
    id: id(),
    workspaceId: workspaceId(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => inboxThreads.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => socialAccounts.id, { onDelete: 'cascade' }),
    direction: text('direction').$type<'in' | 'out'>().notNull(),
    /** The platform's id; null for a reply not yet sent. Unique per account, so a redelivery adds nothing. */
    externalId: text('external_id'),
    authorId: text('author_id').notNull(),
    authorHandle: text('author_handle').notNull(),
    authorName: text('author_name').notNull(),
    text: text('text').notNull(),
    intent: text('intent').$type<InboxIntent>(),
    confidence: numeric('confidence', { precision: 3, scale: 2, mode: 'number' }),
    sentiment: numeric('sentiment', { precision: 4, scale: 3, mode: 'number' }),
    sentimentLabel: text('sentiment_label').$type<SentimentLabel>(),
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    hidden: boolean('hidden').notNull().default(false),
    /** Outgoing only: public reply or private reply (Instagram DM), who sent it (null: automatic). */
    replyMode: text('reply_mode').$type<'public' | 'private'>(),
    sentBy: uuid('sent_by'),
    auto: boolean('auto').notNull().default(false),
    status: text('status').$type<'received' | 'sending' | 'sent' | 'failed'>().notNull().default('received'),
    error: text('error'),
    /** When the platform says it was written. */
    at: timestamp('at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('inbox_messages_external_key').on(t.accountId, t.externalId),
    index('inbox_messages_thread_idx').on(t.threadId, t.at),
  ],
);

/** How far polling has read, per account and scope (a post's comments, the account's mentions). */
export const inboxCursors = pgTable(
  'inbox_cursors',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => socialAccounts.id, { onDelete: 'cascade' }),
    scope: text('scope').notNull(),
    cursor: text('cursor').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.scope] })],
);

export interface ReplyRule {
  mode: 'off' | 'template' | 'model';
  /** For `template`: may use {name}, {address}, {price}, {link}, {agent}. */
  template?: string;
  /** Instagram only: answer privately (a DM) instead of publicly. */
  private?: boolean;
}
export interface BusinessHours {
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  start: string;
  end: string;
}

/** A workspace's engagement automation: auto-hide spam, auto-reply rules, business hours, score weights. */
export const engagementSettings = pgTable('engagement_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  autoHideSpam: boolean('auto_hide_spam').notNull().default(false),
  autoReply: boolean('auto_reply').notNull().default(false),
  replyRules: jsonb('reply_rules').$type<Partial<Record<InboxIntent, ReplyRule>>>().notNull().default({}),
  /** Null: any time. Interpreted in the workspace's time zone. */
  businessHours: jsonb('business_hours').$type<BusinessHours | null>(),
  /** Below this triage confidence a message goes to a person, never to automation. */
  minConfidence: numeric('min_confidence', { precision: 3, scale: 2, mode: 'number' }).notNull().default(0.7),
  scoreWeights: jsonb('score_weights').$type<Record<string, number> | null>(),
  updatedAt: updatedAt(),
});

export const leadStages = ['new', 'contacted', 'qualified', 'showing', 'offer', 'closed', 'lost'] as const;
export type LeadStage = (typeof leadStages)[number];
export type LeadTier = 'hot' | 'warm' | 'nurture' | 'monitor';

/** What a person asked for: the only input of the score's *fit* (never who they are). */
export interface LeadInterest {
  priceMin?: number;
  priceMax?: number;
  bedrooms?: number;
  area?: string;
}

/** A person interested in a listing or the brand, from engagement or a form; deduplicated per workspace. */
export const leads = pgTable(
  'leads',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    /** Lower-cased. */
    email: text('email'),
    /** Digits with a leading + when given. */
    phone: text('phone'),
    consent: boolean('consent').notNull().default(false),
    source: text('source').$type<InboxKind | 'form' | 'manual'>().notNull(),
    stage: text('stage').$type<LeadStage>().notNull().default('new'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    listingId: uuid('listing_id').references(() => listings.id, { onDelete: 'set null' }),
    postId: uuid('post_id').references(() => posts.id, { onDelete: 'set null' }),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'set null' }),
    interest: jsonb('interest').$type<LeadInterest>().notNull().default({}),
    score: numeric('score', { precision: 3, scale: 1, mode: 'number' }).notNull().default(0),
    tier: text('tier').$type<LeadTier>().notNull().default('monitor'),
    /** The latest score's categories, reasons and suggested next actions. */
    scoreDetail: jsonb('score_detail').$type<Record<string, unknown>>().notNull().default({}),
    interactionCount: integer('interaction_count').notNull().default(0),
    lastInteractionAt: timestamp('last_interaction_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('leads_workspace_idx').on(t.workspaceId, t.stage, t.score),
    uniqueIndex('leads_email_key')
      .on(t.workspaceId, t.email)
      .where(sql`email is not null`),
    uniqueIndex('leads_phone_key')
      .on(t.workspaceId, t.phone)
      .where(sql`phone is not null`),
  ],
);

/** A platform identity of a lead (an Instagram user, an X account…): how engagement finds its lead. */
export const leadIdentities = pgTable(
  'lead_identities',
  {
    workspaceId: workspaceId(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    handle: text('handle').notNull(),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.platform, t.externalId] }),
    index('lead_identities_lead_idx').on(t.leadId),
  ],
);

export const leadEventKinds = [
  'comment',
  'mention',
  'message',
  'form',
  'reply_sent',
  'reply_received',
  'email_sent',
  'email_click',
  'stage_changed',
  'owner_changed',
  'merged',
  'unsubscribed',
  'sequence_started',
  'sequence_stopped',
  'note',
] as const;
export type LeadEventKind = (typeof leadEventKinds)[number];

/** A lead's timeline: every interaction and change, newest last. The score is computed from it. */
export const leadEvents = pgTable(
  'lead_events',
  {
    id: id(),
    workspaceId: workspaceId(),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<LeadEventKind>().notNull(),
    summary: text('summary').notNull(),
    intent: text('intent').$type<InboxIntent>(),
    sentiment: numeric('sentiment', { precision: 4, scale: 3, mode: 'number' }),
    postId: uuid('post_id').references(() => posts.id, { onDelete: 'set null' }),
    listingId: uuid('listing_id').references(() => listings.id, { onDelete: 'set null' }),
    threadId: uuid('thread_id').references(() => inboxThreads.id, { onDelete: 'set null' }),
    /** The inbox message, inquiry or email this event records: unique, so a replay adds nothing. */
    sourceKey: text('source_key'),
    actorId: uuid('actor_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('lead_events_lead_idx').on(t.leadId, t.at),
    uniqueIndex('lead_events_source_key').on(t.leadId, t.sourceKey),
  ],
);

/** Every score a lead was given, with the weights used: the history behind the explanation. */
export const leadScores = pgTable(
  'lead_scores',
  {
    id: id(),
    workspaceId: workspaceId(),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    score: numeric('score', { precision: 3, scale: 1, mode: 'number' }).notNull(),
    tier: text('tier').$type<LeadTier>().notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    weights: jsonb('weights').$type<Record<string, number>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('lead_scores_lead_idx').on(t.leadId, t.createdAt)],
);

export const sequenceStatuses = ['active', 'completed', 'stopped'] as const;

/** A lead enrolled in a follow-up sequence; each step is a job that checks this row before sending. */
export const leadSequences = pgTable(
  'lead_sequences',
  {
    id: id(),
    workspaceId: workspaceId(),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    template: text('template').notNull(),
    status: text('status').$type<(typeof sequenceStatuses)[number]>().notNull().default('active'),
    /** Steps sent so far. */
    step: integer('step').notNull().default(0),
    /** The lead's stage when enrolled: a change stops the sequence. */
    stageAtStart: text('stage_at_start').$type<LeadStage>().notNull(),
    stopReason: text('stop_reason'),
    startedAt: createdAt(),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
  },
  (t) => [
    index('lead_sequences_lead_idx').on(t.leadId),
    uniqueIndex('lead_sequences_active_key')
      .on(t.leadId, t.template)
      .where(sql`status = 'active'`),
  ],
);

/** Addresses that must not be emailed again (unsubscribed, bounced, or added by hand), per workspace. */
export const emailSuppressions = pgTable(
  'email_suppressions',
  {
    workspaceId: workspaceId(),
    email: text('email').notNull(),
    reason: text('reason').$type<'unsubscribed' | 'bounced' | 'complaint' | 'manual'>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.email] })],
);

/**
 * Workspace events (post published or failed, hot lead, escalation, approval requested…), in order:
 * the SSE stream replays from here (`Last-Event-ID`) and outgoing webhooks are made from here.
 */
export const workspaceEvents = pgTable(
  'workspace_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceId(),
    kind: text('kind').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('workspace_events_workspace_idx').on(t.workspaceId, t.id)],
);

/** An integrator's endpoint: which events to send it, signed with its own secret (sealed at rest). */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    workspaceId: workspaceId(),
    url: text('url').notNull(),
    description: text('description'),
    /** Event kinds to send; empty means all. */
    events: jsonb('events').$type<string[]>().notNull().default([]),
    secret: text('secret').notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_workspace_idx').on(t.workspaceId)],
);

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  ms: number;
}

/** One event sent to one endpoint, with every attempt: the delivery log. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    workspaceId: workspaceId(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    status: text('status').$type<'pending' | 'delivered' | 'failed'>().notNull().default('pending'),
    attempts: jsonb('attempts').$type<DeliveryAttempt[]>().notNull().default([]),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    uniqueIndex('webhook_deliveries_event_key').on(t.endpointId, t.eventId),
  ],
);

/**
 * Reach and engagement of a post published to a live network, as its insights last said (the
 * `analytics.pull-insights` job); sandbox posts count their own rows instead.
 */
export const postInsights = pgTable('post_insights', {
  targetId: uuid('target_id')
    .primaryKey()
    .references(() => postTargets.id, { onDelete: 'cascade' }),
  workspaceId: workspaceId(),
  reach: integer('reach').notNull(),
  likes: integer('likes').notNull(),
  comments: integer('comments').notNull(),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
});
