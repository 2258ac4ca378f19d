import {
  type AnyPgColumn,
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
  status: text('status').$type<'queued' | 'sent' | 'not_configured' | 'failed'>().notNull().default('queued'),
  error: text('error'),
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
  (t) => [uniqueIndex('social_accounts_identity_key').on(t.workspaceId, t.platform, t.network, t.externalId)],
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

export const sandboxInteractionKinds = ['like', 'comment', 'reply'] as const;

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
