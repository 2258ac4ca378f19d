import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTargets, sandboxPosts } from '../../src/db/schema.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://listcast.example.com' });
});
afterAll(() => t.close());

async function sandbox(
  agent: TestUser,
  platform: string,
  handle = `${platform}_${Math.random().toString(36).slice(2, 8)}`,
) {
  const created = await call(t.app, 'POST', '/api/v1/accounts/sandbox', {
    as: agent,
    body: { platform, handle },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; platform: string; label: string; network: string };
}

/** Waits for every publish job queued for the post's targets so far (never sleeps). */
async function settled(postId: string) {
  const { rows } = await t.database.executeSql(
    `select j.id from pgboss.job j join post_targets pt on pt.id::text = j.data->>'targetId'
     where j.name = 'posts.publish' and pt.post_id = $1`,
    [postId],
  );
  for (const row of rows) await t.jobs.settled(String(row.id));
}

describe('sandbox accounts', () => {
  it('when a sandbox account is created, then it is listed, labelled as sandbox, and a second one with the same handle is refused', async () => {
    const agent = await registerUser(t.app);
    const account = await sandbox(agent, 'instagram', 'harbor_homes');
    expect(account).toMatchObject({ platform: 'instagram', network: 'sandbox', label: 'Sandbox Instagram' });
    const again = await call(t.app, 'POST', '/api/v1/accounts/sandbox', {
      as: agent,
      body: { platform: 'instagram', handle: '@harbor_homes' },
    });
    expect(again.status).toBe(409);
    const listed = await call(t.app, 'GET', '/api/v1/accounts', { as: agent });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([account.id]);
  });
});

describe('scheduling and publishing posts', () => {
  it('when a post is scheduled for now on two networks, then each target is published once with a permalink', async () => {
    const agent = await registerUser(t.app);
    const facebook = await sandbox(agent, 'facebook');
    const x = await sandbox(agent, 'x');
    const created = await call(t.app, 'POST', '/api/v1/posts', {
      as: agent,
      body: {
        text: 'Just listed: 12 Oak Street, 3 beds. Message us for a showing.',
        targets: [{ accountId: facebook.id }, { accountId: x.id, text: 'Just listed: 12 Oak Street.' }],
        scheduledAt: new Date().toISOString(),
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.targets.map((target: { status: string }) => target.status)).toEqual([
      'scheduled',
      'scheduled',
    ]);
    await settled(created.body.id);
    const post = await call(t.app, 'GET', `/api/v1/posts/${created.body.id}`, { as: agent });
    for (const target of post.body.targets) {
      expect(target.status).toBe('published');
      expect(target.permalink).toMatch(/^https:\/\/listcast\.example\.com\/sandbox\//);
    }
    const rows = await t.database.db
      .select()
      .from(sandboxPosts)
      .where(eq(sandboxPosts.workspaceId, agent.workspaceId));
    expect(rows.map((row) => row.text).sort()).toEqual([
      'Just listed: 12 Oak Street, 3 beds. Message us for a showing.',
      'Just listed: 12 Oak Street.',
    ]);
  });

  it("when a post breaks a target's rules, then scheduling is refused with each problem naming the account and the rule", async () => {
    const agent = await registerUser(t.app);
    const instagram = await sandbox(agent, 'instagram', 'ig_rules');
    const x = await sandbox(agent, 'x', 'x_rules');
    const response = await call(t.app, 'POST', '/api/v1/posts', {
      as: agent,
      body: {
        text: 'A bright home with a deck. '.repeat(12),
        targets: [{ accountId: instagram.id }, { accountId: x.id }],
        scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('post_invalid');
    const problems = response.body.details.problems.map(
      (problem: { handle: string; rule: string }) => `${problem.handle} ${problem.rule}`,
    );
    expect(problems.sort()).toEqual(['ig_rules media.required', 'x_rules text.length']);
    // A draft may be incomplete: it is saved, and checked when it is scheduled.
    const draft = await call(t.app, 'POST', '/api/v1/posts', {
      as: agent,
      body: { text: 'Work in progress', targets: [{ accountId: instagram.id }] },
    });
    expect(draft.status).toBe(201);
    expect(draft.body.targets[0].status).toBe('draft');
    expect((await call(t.app, 'POST', `/api/v1/posts/${draft.body.id}/publish`, { as: agent })).status).toBe(
      422,
    );
  });

  it('when a wall-clock time is given in a zone, then it stays that local time across DST, and changing the zone keeps it', async () => {
    const agent = await registerUser(t.app);
    const account = await sandbox(agent, 'linkedin');
    const at = async (local: string) => {
      const created = await call(t.app, 'POST', '/api/v1/posts', {
        as: agent,
        body: {
          text: 'Market update',
          targets: [{ accountId: account.id }],
          scheduledAt: local,
          timezone: 'America/New_York',
        },
      });
      expect(created.status).toBe(201);
      return created.body;
    };
    const beforeDst = await at('2037-03-06T09:00');
    const afterDst = await at('2037-03-13T09:00');
    expect(beforeDst.scheduledAt).toBe('2037-03-06T14:00:00.000Z');
    expect(afterDst.scheduledAt).toBe('2037-03-13T13:00:00.000Z');
    expect(afterDst.localTime).toBe('2037-03-13T09:00');
    const moved = await call(t.app, 'PATCH', `/api/v1/posts/${afterDst.id}`, {
      as: agent,
      body: { timezone: 'Europe/London' },
    });
    expect(moved.body).toMatchObject({
      localTime: '2037-03-13T09:00',
      scheduledAt: '2037-03-13T09:00:00.000Z',
    });
    const month = await call(
      t.app,
      'GET',
      '/api/v1/calendar?from=2037-03-01T00:00:00Z&to=2037-04-01T00:00:00Z',
      { as: agent },
    );
    expect(month.body.items.map((post: { id: string }) => post.id)).toEqual([beforeDst.id, afterDst.id]);
  });

  it('when a scheduled post is cancelled or rescheduled, then its old job publishes nothing', async () => {
    const agent = await registerUser(t.app);
    const account = await sandbox(agent, 'facebook');
    const created = await call(t.app, 'POST', '/api/v1/posts', {
      as: agent,
      body: {
        text: 'Open house Sunday',
        targets: [{ accountId: account.id }],
        scheduledAt: new Date().toISOString(),
      },
    });
    const cancelled = await call(t.app, 'POST', `/api/v1/posts/${created.body.id}/cancel`, { as: agent });
    // Either the job ran first (published) or the cancel won; never both, never twice.
    await settled(created.body.id);
    const after = await call(t.app, 'GET', `/api/v1/posts/${created.body.id}`, { as: agent });
    const published = await t.database.db
      .select()
      .from(sandboxPosts)
      .where(eq(sandboxPosts.accountId, account.id));
    if (cancelled.status === 200) {
      expect(after.body.targets[0].status).toBe('cancelled');
      expect(published).toHaveLength(0);
    } else {
      expect(after.body.targets[0].status).toBe('published');
      expect(published).toHaveLength(1);
    }
  });

  it('when a publish was interrupted after the platform post was made, then running it again finds it and posts nothing more', async () => {
    const agent = await registerUser(t.app);
    const account = await sandbox(agent, 'facebook');
    const created = await call(t.app, 'POST', '/api/v1/posts', {
      as: agent,
      body: {
        text: 'Price reduced',
        targets: [{ accountId: account.id }],
        scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    const targetId = created.body.targets[0].id as string;
    // The state a crash leaves: the platform post exists and its id was saved, the target still publishing.
    const existing = crypto.randomUUID();
    await t.database.db.insert(sandboxPosts).values({
      id: existing,
      workspaceId: agent.workspaceId,
      accountId: account.id,
      platform: 'facebook',
      text: 'Price reduced',
    });
    const [target] = await t.database.db
      .update(postTargets)
      .set({ status: 'publishing', progress: { sandboxPostId: existing } })
      .where(eq(postTargets.id, targetId))
      .returning({ generation: postTargets.generation });
    const job = await t.jobs.enqueue('posts.publish', { targetId, generation: target!.generation });
    await t.jobs.settled(job);
    const after = await call(t.app, 'GET', `/api/v1/posts/${created.body.id}`, { as: agent });
    expect(after.body.targets[0]).toMatchObject({
      status: 'published',
      permalink: `https://listcast.example.com/sandbox/${existing}`,
    });
    const rows = await t.database.db
      .select()
      .from(sandboxPosts)
      .where(eq(sandboxPosts.accountId, account.id));
    expect(rows).toHaveLength(1);
  });
});
