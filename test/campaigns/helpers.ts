import { expect } from 'vitest';
import { sampleListing } from '../helpers/world.js';
import { call, type TestUser } from '../helpers/api.js';
import type { TestApp } from '../helpers/app.js';

/** A sandbox account with no quiet hours, so "now" is a time it may post whatever the hour of the test. */
export async function account(t: TestApp, as: TestUser, platform: string) {
  const created = await call(t.app, 'POST', '/api/v1/accounts/sandbox', {
    as,
    body: { platform, handle: `${platform}_${Math.random().toString(36).slice(2, 8)}` },
  });
  expect(created.status).toBe(201);
  const rules = await call(t.app, 'PATCH', `/api/v1/accounts/${created.body.id}/posting-rules`, {
    as,
    body: { quietHours: null, dailyCap: 10 },
  });
  expect(rules.status).toBe(200);
  return created.body as { id: string; platform: string; handle: string };
}

export async function listing(t: TestApp, as: TestUser, overrides: Record<string, unknown> = {}) {
  const created = await call(t.app, 'POST', '/api/v1/listings', {
    as,
    body: { ...sampleListing(`${Math.floor(Math.random() * 900) + 100} Harbor Lane`), ...overrides },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; price: number; address: { street: string } };
}

/** Waits for every job queued so far for these posts' targets (publishing), never sleeping. */
export async function publishJobsSettled(t: TestApp, postIds: string[]) {
  const { rows } = await t.database.executeSql(
    `select j.id from pgboss.job j join post_targets pt on pt.id::text = j.data->>'targetId'
     where j.name = 'posts.publish' and pt.post_id = any($1::uuid[]) and j.start_after <= now()`,
    [postIds],
  );
  for (const row of rows) await t.jobs.settled(String(row.id));
}

/** Waits for the listing-event jobs queued for a listing so far. */
export async function listingEventsSettled(t: TestApp, listingId: string) {
  const { rows } = await t.database.executeSql(
    `select id from pgboss.job where name = 'campaigns.listing-event' and data->>'listingId' = $1`,
    [listingId],
  );
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    const settled = await t.jobs.settled(String(row.id));
    expect(settled.ok, JSON.stringify(settled.error)).toBe(true);
  }
}

export interface PlannedPost {
  id: string;
  label: string;
  event: string | null;
  accountId: string;
  platform: string;
  text: string;
  mediaIds: string[];
  media: { id: string; width: number; height: number }[];
  scheduledAt: string;
  localTime: string;
  timeReason: string;
  status: string;
  held: string | null;
  removedReason: string | null;
  postId: string | null;
  edited: boolean;
}

export const dueNow = (post: PlannedPost) => Date.parse(post.scheduledAt) <= Date.now() + 1000;
