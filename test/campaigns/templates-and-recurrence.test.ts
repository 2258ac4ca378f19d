import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { multipartFile } from '../helpers/openapi.js';
import { withAuth } from '../helpers/world.js';
import { account, listing, type PlannedPost } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('campaign templates', () => {
  it('when a built-in template is copied and edited, then campaigns follow the edited steps, and bad edits are refused', async () => {
    const agent = await registerUser(t.app);
    const listed = await call(t.app, 'GET', '/api/v1/campaign-templates', { as: agent });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([
      'coming_soon',
      'just_listed',
      'open_house',
      'price_reduced',
      'under_contract',
      'just_sold',
      'launch',
      'weekly_tips',
      'evergreen',
    ]);
    const copy = await call(t.app, 'POST', '/api/v1/campaign-templates', {
      as: agent,
      body: { from: 'just_listed', name: 'Our just listed' },
    });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      builtIn: false,
      basedOn: 'just_listed',
      name: 'Our just listed',
      kind: 'listing',
    });
    expect(copy.body.steps).toEqual(listed.body.items[1].steps);

    const edited = await call(t.app, 'PATCH', `/api/v1/campaign-templates/${copy.body.id}`, {
      as: agent,
      body: {
        steps: [
          { label: 'Announcement', day: 0, at: 'start', platforms: ['facebook'] },
          { label: 'Evening reminder', day: 1, at: '18:30', platforms: ['facebook'], variant: 2 },
        ],
      },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.steps[1]).toMatchObject({ anchor: 'start', event: null, media: 'image', at: '18:30' });

    for (const bad of [
      { steps: [{ label: 'x', day: 2, at: 'start', platforms: ['x'] }] },
      { steps: [{ label: 'x', day: 0, at: '25:00', platforms: ['x'] }] },
      { recurrence: { every: 'week', at: '09:00', platforms: ['x'] } },
      { steps: [] },
    ]) {
      const refused = await call(t.app, 'PATCH', `/api/v1/campaign-templates/${copy.body.id}`, {
        as: agent,
        body: bad,
      });
      expect(refused.status, JSON.stringify(bad)).toBe(400);
    }

    const facebook = await account(t, agent, 'facebook');
    const home = await listing(t, agent);
    const start = '2031-05-06T10:00';
    const preview = await call(t.app, 'POST', `/api/v1/listings/${home.id}/campaigns`, {
      as: agent,
      body: { template: copy.body.id, accounts: [facebook.id], start, timezone: 'America/Chicago' },
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    expect(
      preview.body.posts.map((post: PlannedPost) => [post.label, post.localTime, post.scheduledAt]),
    ).toEqual([
      ['Announcement', '2031-05-06T10:00', '2031-05-06T15:00:00.000Z'],
      ['Evening reminder', '2031-05-07T18:30', '2031-05-07T23:30:00.000Z'],
    ]);

    // A template automation starts cannot be deleted until the settings change.
    await call(t.app, 'PATCH', '/api/v1/automation/settings', {
      as: agent,
      body: { templates: { just_listed: copy.body.id } },
    });
    expect(
      (await call(t.app, 'DELETE', `/api/v1/campaign-templates/${copy.body.id}`, { as: agent })).status,
    ).toBe(409);
    await call(t.app, 'PATCH', '/api/v1/automation/settings', {
      as: agent,
      body: { templates: { just_listed: 'just_listed' } },
    });
    expect(
      (await call(t.app, 'DELETE', `/api/v1/campaign-templates/${copy.body.id}`, { as: agent })).status,
    ).toBe(204);
    // Campaigns keep their posts; the template is gone.
    expect((await call(t.app, 'GET', `/api/v1/campaigns/${preview.body.id}`, { as: agent })).status).toBe(
      200,
    );
    expect(
      (await call(t.app, 'GET', `/api/v1/campaign-templates/${copy.body.id}`, { as: agent })).status,
    ).toBe(404);
  });
});

describe('recurring posts across DST', () => {
  it('when weekly tips repeat at 9:00 America/New_York across the March and November changes, then every post is at 9:00 local', async () => {
    const agent = await registerUser(t.app);
    const linkedin = await account(t, agent, 'linkedin');
    const plan = async (start: string, count: number) => {
      const response = await call(t.app, 'POST', '/api/v1/campaigns', {
        as: agent,
        body: {
          template: 'weekly_tips',
          accounts: [linkedin.id],
          start,
          timezone: 'America/New_York',
          count,
          items: [
            { text: 'Tip: fix small things before the photos are taken.' },
            { text: 'Tip: a clear entry makes the best first impression.' },
          ],
        },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.posts as PlannedPost[];
    };
    // DST starts on 14 March 2027 (EST −5 → EDT −4) and ends on 7 November 2027.
    const spring = await plan('2027-02-28T09:00', 4);
    expect(spring.map((post) => post.localTime)).toEqual([
      '2027-02-28T09:00',
      '2027-03-07T09:00',
      '2027-03-14T09:00',
      '2027-03-21T09:00',
    ]);
    expect(spring.map((post) => post.scheduledAt.slice(11, 16))).toEqual([
      '14:00',
      '14:00',
      '13:00',
      '13:00',
    ]);
    expect(spring.map((post) => post.text)).toEqual([
      'Tip: fix small things before the photos are taken.',
      'Tip: a clear entry makes the best first impression.',
      'Tip: fix small things before the photos are taken.',
      'Tip: a clear entry makes the best first impression.',
    ]);
    const autumn = await plan('2027-10-24T09:00', 3);
    expect(autumn.map((post) => post.localTime)).toEqual([
      '2027-10-24T09:00',
      '2027-10-31T09:00',
      '2027-11-07T09:00',
    ]);
    expect(autumn.map((post) => post.scheduledAt.slice(11, 16))).toEqual(['13:00', '13:00', '14:00']);

    // A repeating template needs an end.
    const endless = await call(t.app, 'POST', '/api/v1/campaigns', {
      as: agent,
      body: { template: 'weekly_tips', accounts: [linkedin.id], items: [{ text: 'Tip.' }] },
    });
    expect(endless.status).toBe(400);
    expect(endless.body.details.fields[0].field).toBe('body.count');
  });

  it('when evergreen posts are planned with an end date, then they stop at it', async () => {
    const agent = await registerUser(t.app);
    const facebook = await account(t, agent, 'facebook');
    const response = await call(t.app, 'POST', '/api/v1/campaigns', {
      as: agent,
      body: {
        template: 'evergreen',
        accounts: [facebook.id],
        start: '2031-01-06T08:00',
        until: '2031-03-01T00:00',
        items: [{ text: 'Thinking of selling? Ask us what your home is worth.' }],
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    // Every other week from 6 January: 6 and 20 Jan, 3 and 17 Feb.
    expect(response.body.posts.map((post: PlannedPost) => post.localTime.slice(0, 10))).toEqual([
      '2031-01-06',
      '2031-01-20',
      '2031-02-03',
      '2031-02-17',
    ]);
    expect(response.body.posts[0].timeReason).toMatch(/^Best time: Facebook's usual best time/);
  });
});

describe('bulk CSV import of brand posts', () => {
  const upload = (as: { token: string }, csv: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns/import',
      ...withAuth(as, multipartFile('file', 'posts.csv', csv)),
    });

  it('when rows are invalid, then each problem names its line and column and nothing is imported', async () => {
    const agent = await registerUser(t.app);
    const facebook = await account(t, agent, 'facebook');
    await account(t, agent, 'instagram');
    const csv = [
      'scheduled_at,accounts,text,repeat,repeat_count',
      `2031-04-01T09:00,${facebook.handle},Spring market update,,`,
      '2031-04-02T09:00,@nobody,Hello,,',
      `2020-01-01T09:00,${facebook.handle},Too late,,`,
      `2031-04-03T09:00,${facebook.handle},Weekly,fortnightly,`,
      `2031-04-04T09:00,instagram:${(await call(t.app, 'GET', '/api/v1/accounts', { as: agent })).body.items[1].handle},No image,,`,
    ].join('\n');
    const response = await upload(agent, csv);
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.code).toBe('import_invalid');
    expect(
      body.details.errors.map((error: { line: number; column: string }) => `${error.line}:${error.column}`),
    ).toEqual(['3:accounts', '4:scheduled_at', '5:repeat', '6:media_ids']);
    expect((await call(t.app, 'GET', '/api/v1/campaigns', { as: agent })).body.items).toEqual([]);
  });

  it('when a valid file repeats a row weekly across DST, then a preview holds every post at its local time', async () => {
    const agent = await registerUser(t.app);
    const facebook = await account(t, agent, 'facebook');
    const x = await account(t, agent, 'x');
    const csv = [
      'scheduled_at,timezone,accounts,text,repeat,repeat_count',
      `2027-03-07T09:00,America/New_York,${facebook.handle};x:${x.handle},Open for questions every Sunday.,weekly,2`,
      `2027-04-01T12:00:00Z,,${x.handle},"Quoted, with a comma.",,`,
    ].join('\n');
    const response = await upload(agent, csv);
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ kind: 'import', status: 'preview', name: 'Import: posts.csv' });
    expect(body.posts.map((post: PlannedPost) => `${post.platform} ${post.scheduledAt}`)).toEqual([
      'facebook 2027-03-07T14:00:00.000Z',
      'x 2027-03-07T14:00:00.000Z',
      'facebook 2027-03-14T13:00:00.000Z',
      'x 2027-03-14T13:00:00.000Z',
      'x 2027-04-01T12:00:00.000Z',
    ]);
    const activated = await call(t.app, 'POST', `/api/v1/campaigns/${body.id}/activate`, { as: agent });
    expect(activated.body.posts.map((post: PlannedPost) => post.status)).toEqual(Array(5).fill('scheduled'));
  });
});
