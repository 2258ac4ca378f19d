import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import {
  emailSuppressions,
  emails,
  inboxMessages,
  inboxThreads,
  leadSequences,
  leads,
  notifications,
  webhookDeliveries,
  workspaceEvents,
} from '../../src/db/schema.js';
import { call, registerUser, type TestUser } from './api.js';
import { multipartFile, type Operation } from './openapi.js';

/** Text planted in every resource of workspace A, so a leak shows up in any response body. */
export const MARKER = 'MARKER-A-7f3c';

export const sampleListing = (street = '12 Harbor Lane') => ({
  address: { street, city: 'Portland', state: 'ME', postalCode: '04101' },
  price: 689_000,
  beds: 3,
  baths: 2.5,
  interiorSqft: 1850,
  propertyType: 'single_family',
  features: ['deck', 'garage'],
  description: 'Bright colonial near the harbor.',
  status: 'active',
});

/** A 1 × 1 PNG: the smallest upload the media library accepts. */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export const csvHeader =
  'street,unit,city,state,postal_code,country,price,beds,baths,interior_sqft,lot_sqft,year_built,property_type,features,description,photos,status,open_house_start,open_house_end';
export const csvRow = (street: string) =>
  `${street},,Portland,ME,04101,US,450000,3,2,1600,5000,1995,single_family,deck;garage,Nice home,,active,,`;

/** The most recent world, for request bodies that name one of its resources (a post's account). */
let lastWorld: World | null = null;

/** Workspace A, owned by `owner`, with one of every resource the API exposes, each carrying MARKER. */
export interface World {
  owner: TestUser;
  member: TestUser;
  ids: Record<string, string>;
}

/**
 * Builds the world through the API; `db` adds what only the system creates (a notification, made as a
 * failed publish would make one).
 */
export async function buildWorld(app: App, db: Db): Promise<World> {
  const owner = await registerUser(app, `Owner ${MARKER}`);
  const ok = <T extends { status: number; body: unknown }>(response: T, what: string): T['body'] => {
    if (response.status >= 300)
      throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  ok(
    await call(app, 'PATCH', '/api/v1/brand-kit', { as: owner, body: { agentName: `Agent ${MARKER}` } }),
    'brand kit',
  );
  const listing = ok(
    await call(app, 'POST', '/api/v1/listings', { as: owner, body: sampleListing(`1 ${MARKER} Street`) }),
    'listing',
  );
  const apiKey = ok(
    await call(app, 'POST', '/api/v1/api-keys', { as: owner, body: { name: `key ${MARKER}` } }),
    'key',
  );
  const memberEmail = `member-${randomUUID()}@example.com`;
  const invite = ok(
    await call(app, 'POST', '/api/v1/invitations', {
      as: owner,
      body: { email: memberEmail, role: 'editor' },
    }),
    'invite',
  );
  const password = 'correct horse battery';
  const registered = ok(
    await call(app, 'POST', '/api/v1/auth/register', {
      body: { email: memberEmail, password, name: `Member ${MARKER}` },
    }),
    'member',
  );
  const member: TestUser = {
    token: registered.accessToken,
    refreshToken: registered.refreshToken,
    userId: registered.user.id,
    workspaceId: owner.workspaceId,
    email: memberEmail,
    password,
  };
  const token = new URL(invite.acceptUrl).searchParams.get('token') ?? '';
  ok(await call(app, 'POST', '/api/v1/invitations/accept', { as: member, body: { token } }), 'accept');
  const pending = ok(
    await call(app, 'POST', '/api/v1/invitations', {
      as: owner,
      body: { email: `pending-${randomUUID()}@example.com`, role: 'viewer' },
    }),
    'pending invite',
  );
  const upload = multipartFile('file', 'listings.csv', `${csvHeader}\n${csvRow(`2 ${MARKER} Road`)}\n`);
  const imported = await app.inject({
    method: 'POST',
    url: '/api/v1/listings/import',
    ...withAuth(owner, upload),
  });
  if (imported.statusCode >= 300) throw new Error(`import: ${imported.body}`);
  const content = ok(
    await call(app, 'POST', `/api/v1/listings/${listing.id}/content`, {
      as: owner,
      body: { event: 'just_listed' },
    }),
    'content',
  );
  const uploaded = await app.inject({
    method: 'POST',
    url: '/api/v1/media',
    ...withAuth(owner, multipartFile('file', 'pixel.png', tinyPng, 'image/png')),
  });
  if (uploaded.statusCode >= 300) throw new Error(`media: ${uploaded.body}`);
  const mediaId = uploaded.json<{ id: string }>().id;
  ok(
    await call(app, 'PATCH', `/api/v1/media/${mediaId}`, { as: owner, body: { altText: `Photo ${MARKER}` } }),
    'media alt text',
  );
  const account = ok(
    await call(app, 'POST', '/api/v1/accounts/sandbox', {
      as: owner,
      body: {
        platform: 'facebook',
        handle: `world_${randomUUID().slice(0, 8)}`,
        displayName: `Page ${MARKER}`,
      },
    }),
    'account',
  );
  const post = ok(
    await call(app, 'POST', '/api/v1/posts', {
      as: owner,
      body: { text: `Draft ${MARKER}`, targets: [{ accountId: account.id }] },
    }),
    'post',
  );
  const campaign = ok(
    await call(app, 'POST', `/api/v1/listings/${listing.id}/campaigns`, {
      as: owner,
      body: { template: 'under_contract', accounts: [account.id], name: `Campaign ${MARKER}` },
    }),
    'campaign',
  );
  const template = ok(
    await call(app, 'POST', '/api/v1/campaign-templates', {
      as: owner,
      body: { from: 'just_listed', name: `Template ${MARKER}` },
    }),
    'template',
  );
  const webhook = ok(
    await call(app, 'POST', '/api/v1/webhooks', {
      as: owner,
      body: {
        url: `https://hooks.example.com/${MARKER}`,
        events: ['lead.hot'],
        description: `Hook ${MARKER}`,
      },
    }),
    'webhook',
  );
  // A delivery that failed, as one would after its retries: the system makes those.
  const [event] = await db
    .insert(workspaceEvents)
    .values({ workspaceId: owner.workspaceId, kind: 'lead.hot', data: { note: MARKER } })
    .returning();
  const [delivery] = await db
    .insert(webhookDeliveries)
    .values({
      workspaceId: owner.workspaceId,
      endpointId: webhook.id,
      eventId: event!.id,
      kind: 'lead.hot',
      status: 'failed',
    })
    .returning();
  // A lead in a follow-up sequence, its email waiting in the outbox, and a suppressed address.
  const [followUpLead] = await db
    .insert(leads)
    .values({
      workspaceId: owner.workspaceId,
      name: `Lead ${MARKER}`,
      email: `lead-${randomUUID()}@example.com`,
      consent: true,
      source: 'form',
    })
    .returning();
  const [sequence] = await db
    .insert(leadSequences)
    .values({
      workspaceId: owner.workspaceId,
      leadId: followUpLead!.id,
      template: 'new_lead',
      stageAtStart: 'new',
    })
    .returning();
  const [outboxEmail] = await db
    .insert(emails)
    .values({
      workspaceId: owner.workspaceId,
      to: followUpLead!.email!,
      subject: `Follow-up ${MARKER}`,
      body: `Body ${MARKER}`,
      status: 'not_configured',
      leadId: followUpLead!.id,
      sequenceId: sequence!.id,
      step: 1,
    })
    .returning();
  const suppressed = `suppressed-${randomUUID()}@example.com`;
  await db
    .insert(emailSuppressions)
    .values({ workspaceId: owner.workspaceId, email: suppressed, reason: 'manual' });
  // A comment in the inbox from the lead, as polling or a webhook would bring it.
  const [thread] = await db
    .insert(inboxThreads)
    .values({
      workspaceId: owner.workspaceId,
      accountId: account.id,
      platform: 'facebook',
      kind: 'comment',
      externalId: `comment-${randomUUID()}`,
      authorId: 'person-1',
      authorHandle: 'person_1',
      authorName: `Commenter ${MARKER}`,
      leadId: followUpLead!.id,
      intent: 'price_question',
      confidence: 0.9,
      sentiment: 0,
      sentimentLabel: 'neutral',
      lastMessageAt: new Date(),
    })
    .returning();
  const [message] = await db
    .insert(inboxMessages)
    .values({
      workspaceId: owner.workspaceId,
      threadId: thread!.id,
      accountId: account.id,
      direction: 'in',
      externalId: thread!.externalId,
      authorId: 'person-1',
      authorHandle: 'person_1',
      authorName: `Commenter ${MARKER}`,
      text: `How much? ${MARKER}`,
      at: new Date(),
    })
    .returning();
  const [notification] = await db
    .insert(notifications)
    .values({
      workspaceId: owner.workspaceId,
      userId: owner.userId,
      kind: 'post.failed',
      title: `Post failed ${MARKER}`,
      body: `Body ${MARKER}`,
    })
    .returning();
  const world = {
    owner,
    member,
    ids: {
      workspace: owner.workspaceId,
      owner: owner.userId,
      member: member.userId,
      listing: listing.id,
      apiKey: apiKey.id,
      invitation: pending.id,
      import: imported.json<{ import: { id: string } }>().import.id,
      content: content.contentSet.id,
      media: mediaId,
      account: account.id,
      post: post.id,
      notification: notification!.id,
      campaign: campaign.id,
      campaignPost: campaign.posts[0].id,
      template: template.id,
      webhook: webhook.id,
      webhookDelivery: delivery!.id,
      followUpLead: followUpLead!.id,
      sequence: sequence!.id,
      outboxEmail: outboxEmail!.id,
      suppression: suppressed,
      thread: thread!.id,
      message: message!.id,
    },
  };
  lastWorld = world;
  return world;
}

export function withAuth(user: { token: string }, upload: ReturnType<typeof multipartFile>) {
  return { payload: upload.payload, headers: { ...upload.headers, authorization: `Bearer ${user.token}` } };
}

/** Which of the world's resources a path parameter names, by the collection it follows. */
export function worldParams(operation: Operation, world: World): Record<string, string> {
  const byCollection: Record<string, string | undefined> = {
    listings: world.ids.listing,
    imports: world.ids.import,
    'api-keys': world.ids.apiKey,
    invitations: world.ids.invitation,
    members: world.ids.member,
    content: world.ids.content,
    media: world.ids.media,
    accounts: world.ids.account,
    posts: world.ids.post,
    notifications: world.ids.notification,
    campaigns: world.ids.campaign,
    'campaign-posts': world.ids.campaignPost,
    'campaign-templates': world.ids.template,
    webhooks: world.ids.webhook,
    'webhook-deliveries': world.ids.webhookDelivery,
    outbox: world.ids.outboxEmail,
    sequences: world.ids.sequence,
    suppressions: world.ids.suppression,
    threads: world.ids.thread,
    messages: world.ids.message,
    leads: world.ids.followUpLead,
  };
  const segments = operation.path.split('/');
  return Object.fromEntries(
    operation.pathParams.map((param) => {
      const collection = segments[segments.indexOf(`{${param}}`) - 1] ?? '';
      // `/content/{id}/posts/{platform}` names a platform, not a post.
      const id = param === 'platform' ? 'instagram' : byCollection[collection];
      if (!id) throw new Error(`tests do not know which resource {${param}} in ${operation.key} names`);
      return [param, id];
    }),
  );
}

/** A body each write operation accepts, so a request reaches the code behind validation. */
export function validBody(operation: Operation): {
  json?: unknown;
  upload?: ReturnType<typeof multipartFile>;
} {
  const bodies: Record<string, unknown> = {
    'POST /api/v1/auth/register': {
      email: `r-${randomUUID()}@example.com`,
      password: 'long enough pass',
      name: 'R',
    },
    'POST /api/v1/auth/login': { email: 'nobody@example.com', password: 'long enough pass' },
    'POST /api/v1/auth/refresh': { refreshToken: 'not-a-token' },
    'POST /api/v1/auth/logout': {},
    'POST /api/v1/workspaces': { name: 'Other team' },
    'PATCH /api/v1/workspace': { name: 'Renamed', timezone: 'America/New_York' },
    'PATCH /api/v1/members/{userId}': { role: 'viewer' },
    'POST /api/v1/invitations': { email: `i-${randomUUID()}@example.com`, role: 'editor' },
    'POST /api/v1/invitations/accept': { token: 'not-a-token' },
    'POST /api/v1/api-keys': { name: 'integration' },
    'PATCH /api/v1/brand-kit': { agentName: 'Someone', tone: 'warm' },
    'POST /api/v1/listings': sampleListing(),
    'PATCH /api/v1/listings/{id}': { price: 650_000, status: 'price_reduced' },
    'POST /api/v1/listings/{id}/content': { event: 'just_listed' },
    'POST /api/v1/content/posts': {
      topic: 'Spring staging',
      brief: 'Three ways to get a home ready for spring buyers: declutter, paint, and let the light in.',
    },
    'POST /api/v1/content/check': { text: 'Bright home with a deck near the park.', platform: 'x' },
    'PATCH /api/v1/content/settings': { hashtagCap: 4 },
    'PATCH /api/v1/content/{id}/posts/{platform}': {
      text: 'A bright home with a deck. Call to book a showing.',
    },
    'POST /api/v1/content/{id}/regenerate': {},
    'POST /api/v1/listings/{id}/creatives': { event: 'just_listed', formats: ['instagram_square'] },
    'POST /api/v1/listings/{id}/flyer': {},
    'POST /api/v1/accounts/sandbox': { platform: 'linkedin', handle: `b_${randomUUID().slice(0, 8)}` },
    'POST /api/v1/posts': {
      text: 'Open house Saturday at 12 Harbor Lane.',
      targets: [{ accountId: lastWorld?.ids.account ?? randomUUID() }],
    },
    'PATCH /api/v1/posts/{id}': { text: 'Open house Sunday instead.' },
    // A private address: refused before any network access, so the test needs no photo server.
    'POST /api/v1/media/import': { url: 'http://10.0.0.1/photo.jpg', altText: 'Front of the house' },
    'PATCH /api/v1/media/{id}': { altText: 'Living room with fireplace' },
    'POST /api/v1/listings/{id}/campaigns': {
      template: 'under_contract',
      accounts: [lastWorld?.ids.account ?? randomUUID()],
    },
    'POST /api/v1/campaigns': {
      template: 'launch',
      accounts: [lastWorld?.ids.account ?? randomUUID()],
      items: [{ text: 'Our new office opens on Main Street this weekend. Come say hello.' }],
    },
    'PATCH /api/v1/campaign-posts/{id}': {
      text: 'Under contract: a bright home with a deck. More like it soon.',
    },
    'POST /api/v1/campaigns/{id}/approve': { comment: 'Looks good' },
    'POST /api/v1/campaigns/{id}/reject': { comment: 'Mention the deck' },
    'POST /api/v1/campaign-templates': { from: 'just_listed' },
    'PATCH /api/v1/campaign-templates/{id}': { name: 'Our open house' },
    'PATCH /api/v1/automation/settings': { activate: true },
    'PATCH /api/v1/accounts/{id}/posting-rules': { dailyCap: 4 },
    'POST /api/v1/webhooks': { url: 'https://hooks.example.com/listcast', events: ['post.published'] },
    'PATCH /api/v1/webhooks/{id}': { description: 'CRM', events: [] },
    'POST /api/v1/suppressions': { email: `s-${randomUUID()}@example.com` },
    'POST /api/v1/inbox/threads/{id}/reply': { text: 'Thanks for asking — details in our bio.' },
    'PATCH /api/v1/inbox/threads/{id}': { status: 'handled' },
    'POST /api/v1/inbox/messages/{id}/hide': { hidden: true },
    'PATCH /api/v1/inbox/settings': { autoHideSpam: true },
    'POST /api/v1/leads': { name: 'Walk-in', email: `w-${randomUUID()}@example.com` },
    'PUT /api/v1/leads/scoring': {
      socialEngagement: 3,
      profileQuality: 2,
      interactionFrequency: 2,
      contentEngagement: 1.5,
      fit: 1.5,
    },
    'PATCH /api/v1/leads/{id}': { stage: 'qualified' },
    'POST /api/v1/leads/{id}/notes': { text: 'Called back' },
  };
  if (operation.key === 'POST /api/v1/media') {
    return { upload: multipartFile('file', 'pixel.png', tinyPng, 'image/png') };
  }
  if (operation.key === 'POST /api/v1/campaigns/import') {
    const csv = `scheduled_at,accounts,text\n2031-01-01T09:00,${lastWorld?.ids.account ?? 'nobody'},Hello\n`;
    return { upload: multipartFile('file', 'posts.csv', csv) };
  }
  if (operation.bodyType === 'multipart') {
    return { upload: multipartFile('file', 'listings.csv', `${csvHeader}\n${csvRow('9 Pier Road')}\n`) };
  }
  if (operation.bodyType === null) return {};
  if (!(operation.key in bodies)) throw new Error(`tests have no valid body for ${operation.key}`);
  return { json: bodies[operation.key] };
}
