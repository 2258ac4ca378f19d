import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxInteractions, sandboxPosts } from '../../src/db/schema.js';
import { createPlatformRegistry } from '../../src/platforms/registry.js';
import { deliverEngagement, ENGAGE_JOB } from '../../src/platforms/sandbox/deliver-engagement.js';
import { engagementPlan } from '../../src/platforms/sandbox/engagement.js';
import { PlatformError, type PostRef } from '../../src/platforms/social-platform.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { multipartFile } from '../helpers/openapi.js';
import { withAuth } from '../helpers/world.js';

// A day of engagement in a fraction of a second: the first delivery finds the whole script due.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://listcast.example.com', SANDBOX_TIME_SCALE: '1000000' });
});
afterAll(() => t.close());

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

interface Published {
  agent: TestUser;
  account: { id: string; handle: string };
  sandboxPostId: string;
  text: string;
  ref: PostRef;
}

/** Ids of the jobs queued so far whose payload names this value under `key`. */
async function jobIds(name: string, key: string, value: string) {
  const { rows } = await t.database.executeSql(
    `select id from pgboss.job where name = $1 and data->>$2 = $3`,
    [name, key, value],
  );
  return rows.map((row) => String(row.id));
}

/** Waits until every delivery of the post's engagement has run and none is queued any more. */
async function engagementDone(sandboxPostId: string) {
  let seen = 0;
  for (;;) {
    const ids = await jobIds(ENGAGE_JOB, 'sandboxPostId', sandboxPostId);
    if (ids.length === seen) return;
    seen = ids.length;
    for (const id of ids) expect((await t.jobs.settled(id)).ok).toBe(true);
  }
}

/** Creates a sandbox account and publishes `text` to it now, through the API; waits until published. */
async function publish(options: {
  platform: string;
  text: string;
  agent?: TestUser;
  mediaIds?: string[];
}): Promise<Published> {
  const agent = options.agent ?? (await registerUser(t.app));
  const handle = `${options.platform}_${Math.random().toString(36).slice(2, 8)}`;
  const account = await call(t.app, 'POST', '/api/v1/accounts/sandbox', {
    as: agent,
    body: { platform: options.platform, handle, displayName: 'Harbor Homes' },
  });
  expect(account.status).toBe(201);
  const created = await call(t.app, 'POST', '/api/v1/posts', {
    as: agent,
    body: {
      text: options.text,
      mediaIds: options.mediaIds ?? [],
      targets: [{ accountId: account.body.id }],
      scheduledAt: new Date().toISOString(),
    },
  });
  expect(created.status).toBe(201);
  for (const id of await jobIds('posts.publish', 'targetId', created.body.targets[0].id))
    await t.jobs.settled(id);
  const post = await call(t.app, 'GET', `/api/v1/posts/${created.body.id}`, { as: agent });
  expect(post.body.targets[0].status).toBe('published');
  const sandboxPostId = String(post.body.targets[0].permalink).split('/').at(-1)!;
  return {
    agent,
    account: { id: account.body.id, handle },
    sandboxPostId,
    text: options.text,
    ref: {
      account: { externalId: handle, meta: { accountId: account.body.id, workspaceId: agent.workspaceId } },
      credentials: { accessToken: '', refreshToken: null, expiresAt: null, scopes: [] },
      externalId: sandboxPostId,
    },
  };
}

const interactionsOf = (sandboxPostId: string) =>
  t.database.db
    .select()
    .from(sandboxInteractions)
    .where(eq(sandboxInteractions.sandboxPostId, sandboxPostId))
    .orderBy(sandboxInteractions.createdAt);

const sandbox = (platform: 'instagram' | 'facebook' | 'linkedin' | 'x') =>
  createPlatformRegistry(t.config, t.database.db, t.jobs).sandbox(platform);

const page = (id: string) => t.app.inject({ method: 'GET', url: `/sandbox/${id}` });

async function refused(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PlatformError);
  expect((error as PlatformError).action).toBe('reject');
}

describe('engagement on the sandbox network', () => {
  it('when a post is published to a sandbox account, then its audience likes it and comments: a price question and a showing request first, a complaint and spam later', async () => {
    const { sandboxPostId, text } = await publish({
      platform: 'facebook',
      text: 'Just listed: 12 Oak Street, 3 beds and a sunny deck. Message us for a showing!',
    });
    await engagementDone(sandboxPostId);
    const rows = await interactionsOf(sandboxPostId);
    const plan = engagementPlan(sandboxPostId, text);
    const intentOf = new Map(plan.interactions.map((interaction) => [interaction.id, interaction.intent]));
    const likes = rows.filter((row) => row.kind === 'like');
    const said = rows.filter((row) => row.kind === 'comment');
    expect(likes.length).toBeGreaterThanOrEqual(40);
    expect(said.length).toBeGreaterThanOrEqual(9);
    expect(rows).toHaveLength(plan.interactions.length);

    const opening = said.slice(0, 3).map((row) => intentOf.get(row.id));
    expect(opening).toEqual(expect.arrayContaining(['price', 'showing']));
    for (const intent of ['price', 'showing', 'complaint', 'spam'])
      expect(said.some((row) => intentOf.get(row.id) === intent)).toBe(true);
    const [post] = await t.database.db.select().from(sandboxPosts).where(eq(sandboxPosts.id, sandboxPostId));
    expect(post?.reach).toBeGreaterThanOrEqual(rows.length);
  });

  it('when the engagement job runs again for a post, then nothing is added twice and nothing more is queued', async () => {
    const { sandboxPostId } = await publish({ platform: 'linkedin', text: 'Open house Sunday, 1 to 3.' });
    await engagementDone(sandboxPostId);
    const before = await interactionsOf(sandboxPostId);
    const queuedBefore = await jobIds(ENGAGE_JOB, 'sandboxPostId', sandboxPostId);
    const rerun = await t.jobs.enqueue(ENGAGE_JOB, { sandboxPostId });
    expect((await t.jobs.settled(rerun)).ok).toBe(true);
    expect(
      await deliverEngagement({ db: t.database.db, jobs: t.jobs, timeScale: 1_000_000, sandboxPostId }),
    ).toEqual({ inserted: 0, next: null });
    expect(await interactionsOf(sandboxPostId)).toEqual(before);
    // Only the rerun itself: it queued no further delivery.
    expect(await jobIds(ENGAGE_JOB, 'sandboxPostId', sandboxPostId)).toHaveLength(queuedBefore.length + 1);
  });

  it('when deliveries come at real speed, then each delivers what is due by then, with its scripted time, and queues the next checkpoint', async () => {
    const { sandboxPostId, text } = await publish({ platform: 'x', text: 'Price improved on 7 Elm Court!' });
    await engagementDone(sandboxPostId);
    // Replay the same post at real speed from scratch.
    await t.database.db
      .delete(sandboxInteractions)
      .where(eq(sandboxInteractions.sandboxPostId, sandboxPostId));
    await t.database.db.update(sandboxPosts).set({ reach: 0 }).where(eq(sandboxPosts.id, sandboxPostId));
    const [post] = await t.database.db.select().from(sandboxPosts).where(eq(sandboxPosts.id, sandboxPostId));
    const publishedAt = post!.createdAt.getTime();
    const deliver = (minute: number) =>
      deliverEngagement({
        db: t.database.db,
        jobs: t.jobs,
        timeScale: 1,
        sandboxPostId,
        now: new Date(publishedAt + minute * 60_000),
      });
    const plan = engagementPlan(sandboxPostId, text);
    const dueBy = (minute: number) => plan.interactions.filter((i) => i.minute <= minute);

    const first = await deliver(30);
    expect(first).toEqual({ inserted: dueBy(30).length, next: new Date(publishedAt + 45 * 60_000) });
    const rows = await interactionsOf(sandboxPostId);
    expect(rows.map((row) => row.id).sort()).toEqual(
      dueBy(30)
        .map((i) => i.id)
        .sort(),
    );
    const scripted = new Map(plan.interactions.map((i) => [i.id, publishedAt + i.minute * 60_000]));
    for (const row of rows) expect(Math.abs(row.createdAt.getTime() - scripted.get(row.id)!)).toBeLessThan(2);
    const { rows: queued } = await t.database.executeSql(
      `select start_after from pgboss.job where name = $1 and data->>'sandboxPostId' = $2 and state = 'created'`,
      [ENGAGE_JOB, sandboxPostId],
    );
    expect(queued.map((row) => new Date(row.start_after as string | Date).getTime())).toContain(
      publishedAt + 45 * 60_000,
    );

    expect((await deliver(30)).inserted).toBe(0);
    const rest = await deliver(2000);
    expect(rest).toEqual({ inserted: plan.interactions.length - dueBy(30).length, next: null });
  });
});

describe("the sandbox network's comments, replies, insights and deletion", () => {
  it('when the account reads, answers and hides comments, then it sees them oldest first, its replies threaded, and insights count them', async () => {
    const published = await publish({ platform: 'facebook', text: 'Just listed: 3 Bay Road.' });
    const { sandboxPostId, ref, account } = published;
    await engagementDone(sandboxPostId);
    const platform = sandbox('facebook');
    const comments = await platform.comments!(ref);
    const times = comments.map((comment) => comment.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(comments.every((comment) => !comment.fromAccount && comment.parentId === null)).toBe(true);
    // The same person has the same id on every comment (and on other posts).
    const byHandle = new Map<string, Set<string>>();
    for (const comment of comments)
      byHandle.set(
        comment.authorHandle,
        (byHandle.get(comment.authorHandle) ?? new Set()).add(comment.authorId),
      );
    for (const ids of byHandle.values()) expect(ids.size).toBe(1);
    expect(await platform.comments!({ ...ref, since: comments[2]!.createdAt })).toEqual(comments.slice(2));

    const question = comments[0]!;
    const answer = await platform.reply!({
      ...ref,
      commentId: question.externalId,
      text: 'Thanks! DM sent.',
    });
    const again = await platform.reply!({ ...ref, commentId: answer.externalId, text: 'See you Saturday.' });
    const spam = comments.find((comment) => /followers|crypto|bio/.test(comment.text))!;
    await platform.hideComment!({ ...ref, commentId: spam.externalId, hidden: true });

    const after = await platform.comments!(ref);
    const replies = after.filter((comment) => comment.fromAccount);
    expect(
      replies.map((reply) => [reply.externalId, reply.parentId, reply.authorHandle, reply.text]),
    ).toEqual([
      [answer.externalId, question.externalId, account.handle, 'Thanks! DM sent.'],
      [again.externalId, question.externalId, account.handle, 'See you Saturday.'],
    ]);
    expect(after.find((comment) => comment.externalId === spam.externalId)?.hidden).toBe(true);

    const insights = await platform.insights!(ref);
    const rows = await interactionsOf(sandboxPostId);
    expect(insights).toEqual({
      reach: expect.any(Number),
      likes: rows.filter((row) => row.kind === 'like').length,
      comments: comments.length + 2,
    });
    expect(insights.reach).toBeGreaterThanOrEqual(rows.length);

    const html = (await page(sandboxPostId)).body;
    expect(html).toContain(escapeHtml(question.text));
    expect(html).toMatch(/class="replies"><li><b class="own">[^<]+<\/b> Thanks! DM sent\./);
    expect(html).not.toContain(escapeHtml(spam.text));

    await refused(platform.reply!({ ...ref, commentId: question.externalId, text: '   ' }));
    await refused(platform.reply!({ ...ref, commentId: question.externalId, text: 'x'.repeat(8001) }));
    await refused(sandbox('x').reply!({ ...ref, commentId: question.externalId, text: 'x'.repeat(281) }));
    await refused(platform.reply!({ ...ref, commentId: 'not-a-comment', text: 'Hi' }));
  });

  it('when another account (or a made-up id) is used, then every capability refuses the post', async () => {
    const mine = await publish({ platform: 'linkedin', text: 'Sold in 5 days.' });
    const theirs = await publish({ platform: 'linkedin', text: 'Coming soon.' });
    await engagementDone(mine.sandboxPostId);
    const platform = sandbox('linkedin');
    const [comment] = await platform.comments!(mine.ref);
    const intruder = { ...mine.ref, account: theirs.ref.account };
    await refused(platform.comments!(intruder));
    await refused(platform.reply!({ ...intruder, commentId: comment!.externalId, text: 'Hi' }));
    await refused(platform.hideComment!({ ...intruder, commentId: comment!.externalId, hidden: true }));
    await refused(platform.insights!(intruder));
    await refused(platform.deletePost!(intruder));
    // A comment on another post is not this post's, either.
    await refused(platform.hideComment!({ ...theirs.ref, commentId: comment!.externalId, hidden: true }));
    await refused(platform.insights!({ ...mine.ref, externalId: 'nope' }));
    await refused(platform.insights!({ ...mine.ref, externalId: '00000000-0000-4000-8000-000000000000' }));
    expect((await platform.comments!(mine.ref))[0]?.hidden).toBe(false);
  });

  it('when the account deletes a post, then its page is gone (410), engagement stops and the post is refused from then on', async () => {
    const { sandboxPostId, ref } = await publish({ platform: 'x', text: 'Back on the market.' });
    await engagementDone(sandboxPostId);
    const platform = sandbox('x');
    await platform.deletePost!(ref);
    await platform.deletePost!(ref); // a retried delete succeeds too
    expect((await page(sandboxPostId)).statusCode).toBe(410);
    await refused(platform.comments!(ref));
    await refused(platform.insights!(ref));
    expect(await deliverEngagement({ db: t.database.db, jobs: t.jobs, timeScale: 1, sandboxPostId })).toEqual(
      { inserted: 0, next: null },
    );
  });
});

describe('the public page of a sandbox post', () => {
  it('when anyone opens the permalink, then it shows the sandbox label, the account, the text escaped, images by alt text, likes, reach and comments', async () => {
    const agent = await registerUser(t.app);
    const jpeg = await sharp({ create: { width: 800, height: 1000, channels: 3, background: '#88a' } })
      .jpeg()
      .toBuffer();
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media',
      ...withAuth(agent, multipartFile('file', 'front.jpg', jpeg, 'image/jpeg')),
    });
    expect(uploaded.statusCode).toBe(201);
    const mediaId = uploaded.json<{ id: string }>().id;
    await call(t.app, 'PATCH', `/api/v1/media/${mediaId}`, {
      as: agent,
      body: { altText: 'Front of the house with a "red" door' },
    });
    const text = 'Just listed: 12 Oak Street <script>alert(1)</script> & more';
    const { sandboxPostId, account } = await publish({
      platform: 'instagram',
      text,
      agent,
      mediaIds: [mediaId],
    });
    await engagementDone(sandboxPostId);

    const response = await page(sandboxPostId);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    const html = response.body;
    expect(html).toContain('Sandbox — a simulated Instagram post, not published on the real network');
    expect(html).toContain(`@${account.handle}`);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('12 Oak Street &#60;script&#62;alert(1)&#60;/script&#62; &#38; more');
    expect(html).toContain('alt="Front of the house with a &#34;red&#34; door"');
    const rows = await interactionsOf(sandboxPostId);
    expect(html).toContain(`♥ ${rows.filter((row) => row.kind === 'like').length} likes`);
    for (const row of rows.filter((r) => r.kind === 'comment')) expect(html).toContain(escapeHtml(row.text!));
    const [post] = await t.database.db.select().from(sandboxPosts).where(eq(sandboxPosts.id, sandboxPostId));
    expect(html).toContain(`reached ${post!.reach.toLocaleString('en-US')} people`);
  });

  it('when the id is unknown or malformed, then the page is a 404 in HTML', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const response = await page(id);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('Sandbox');
    }
  });
});
