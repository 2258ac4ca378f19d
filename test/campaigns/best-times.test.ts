import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxInteractions, sandboxPosts } from '../../src/db/schema.js';
import { getBestTimes } from '../../src/modules/campaigns/best-times.js';
import type { AccountSchedule } from '../../src/modules/campaigns/plan-times.js';
import { placePost } from '../../src/modules/campaigns/plan-times.js';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { workers: false });
});
afterAll(() => t.close());

const now = new Date('2031-06-10T12:00:00Z');

describe('best time to post', () => {
  it("when an account has no history, then its platform's usual times are used and the reason says so", async () => {
    const agent = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/accounts/sandbox', {
      as: agent,
      body: { platform: 'instagram', handle: 'fresh' },
    });
    const best = await getBestTimes({
      db: t.database.db,
      workspaceId: agent.workspaceId,
      accountId: created.body.id,
      now,
    });
    expect(best.basis).toMatchObject({ interactions: 0, posts: 0, source: 'priors' });
    expect(best.best.map((slot) => slot.time)).toEqual(['11:00', '12:00', '13:00']);
    expect(best.reason).toBe(
      "No engagement history on @fresh in the last 90 days, so Instagram's usual best times (late morning, lunch and early evening): best around 11:00.",
    );
  });

  it("when the account's audience engages in the evening (local time), then that hour wins, outside quiet hours", async () => {
    const agent = await registerUser(t.app);
    await call(t.app, 'PATCH', '/api/v1/workspace', { as: agent, body: { timezone: 'America/Chicago' } });
    const created = await call(t.app, 'POST', '/api/v1/accounts/sandbox', {
      as: agent,
      body: { platform: 'facebook', handle: 'evening' },
    });
    const accountId: string = created.body.id;
    // 30 posts over the last month, each liked and commented 10 times around 20:00 Chicago (01:00 UTC, CDT).
    for (let day = 1; day <= 30; day += 1) {
      const [post] = await t.database.db
        .insert(sandboxPosts)
        .values({
          id: crypto.randomUUID(),
          workspaceId: agent.workspaceId,
          accountId,
          platform: 'facebook',
          text: `Post ${day}`,
          createdAt: new Date(now.getTime() - day * 86_400_000),
        })
        .returning();
      await t.database.db.insert(sandboxInteractions).values(
        Array.from({ length: 10 }, (_, index) => ({
          workspaceId: agent.workspaceId,
          sandboxPostId: post!.id,
          kind: index % 3 === 0 ? ('comment' as const) : ('like' as const),
          authorHandle: `fan${index}`,
          authorName: `Fan ${index}`,
          createdAt: new Date(Date.UTC(2031, 5, 10 - day, 1, 5 + index)),
        })),
      );
    }
    const best = await getBestTimes({ db: t.database.db, workspaceId: agent.workspaceId, accountId, now });
    expect(best.timezone).toBe('America/Chicago');
    expect(best.basis).toMatchObject({ interactions: 300, posts: 30, source: 'history' });
    expect(best.best[0]!.time).toBe('20:00');
    expect(best.reason).toMatch(
      /^From 300 likes and comments on 30 posts in the last 90 days: your audience is most active around 20:00/,
    );

    // Quiet from 19:00: the evening is off limits, and the reason names the best time outside it.
    await call(t.app, 'PATCH', `/api/v1/accounts/${accountId}/posting-rules`, {
      as: agent,
      body: { quietHours: { start: '19:00', end: '07:00' } },
    });
    const quiet = await getBestTimes({ db: t.database.db, workspaceId: agent.workspaceId, accountId, now });
    expect(quiet.best.map((slot) => slot.time)).not.toContain('20:00');
    expect(quiet.rules).toEqual({ quietHours: { start: '19:00', end: '07:00' }, dailyCap: 3 });
  });
});

describe('placing a post in time', () => {
  const schedule = (overrides: Partial<AccountSchedule> = {}): AccountSchedule => ({
    handle: 'harbor',
    rules: { quietHours: { start: '22:00', end: '07:00' }, dailyCap: 2 },
    best: {
      platform: 'x',
      timezone: 'America/New_York',
      ranked: [
        { time: '18:00', score: 0.2 },
        { time: '09:00', score: 0.1 },
      ],
      summary: 'most engagement on @harbor around 18:00',
      reason: '',
      basis: { interactions: 300, posts: 10, days: 90, source: 'history' },
      rules: { quietHours: { start: '22:00', end: '07:00' }, dailyCap: 2 },
    },
    load: new Map(),
    placed: [],
    ...overrides,
  });
  const zone = 'America/New_York';

  it('when the start falls in quiet hours, then the post moves to the end of them and says why', () => {
    const start = new Date('2031-03-04T04:30:00Z'); // 23:30 in New York
    const placed = placePost({
      schedule: schedule(),
      date: '2031-03-03',
      at: 'start',
      start,
      timezone: zone,
    });
    expect(placed).toEqual({
      at: new Date('2031-03-04T12:00:00Z'), // 07:00 the next morning
      reason: "At the campaign's start; moved out of quiet hours (22:00–07:00)",
    });
  });

  it("when the best hour has passed that day, then the next best still ahead is used; when the day is full, the next day's", () => {
    const start = new Date('2031-03-03T20:00:00Z'); // 15:00 in New York
    const today = schedule();
    expect(placePost({ schedule: today, date: '2031-03-03', at: 'best', start, timezone: zone })).toEqual({
      at: new Date('2031-03-03T23:00:00Z'),
      reason: 'Best time: most engagement on @harbor around 18:00',
    });
    const full = schedule({ load: new Map([['2031-03-04', 2]]) });
    const moved = placePost({ schedule: full, date: '2031-03-04', at: '09:30', start, timezone: zone });
    expect(moved).toEqual({
      at: new Date('2031-03-05T14:30:00Z'),
      reason:
        'At 09:30, as the template says; moved: @harbor already has 2 posts (its daily cap) on 2031-03-04',
    });
    expect(full.load.get('2031-03-05')).toBe(1);
  });
});
