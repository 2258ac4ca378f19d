import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxInteractions, sandboxPosts } from '../../src/db/schema.js';
import { createPlatformRegistry } from '../../src/platforms/registry.js';
import { PlatformError, type PostRef } from '../../src/platforms/social-platform.js';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://listcast.example.com' }, { workers: false });
});
afterAll(() => t.close());

const DAY_MS = 86_400_000;
const sandbox = (platform: 'instagram' | 'facebook') =>
  createPlatformRegistry(t.config, t.database.db, t.jobs).sandbox(platform);

/** A sandbox account with one post carrying the given comments (written as its audience would). */
async function postWithComments(platform: 'instagram' | 'facebook', ages: number[]) {
  const agent = await registerUser(t.app);
  const handle = `${platform}_${randomUUID().slice(0, 6)}`;
  const account = await call(t.app, 'POST', '/api/v1/accounts/sandbox', {
    as: agent,
    body: { platform, handle, displayName: 'Harbor Homes' },
  });
  expect(account.status).toBe(201);
  const postId = randomUUID();
  await t.database.db.insert(sandboxPosts).values({
    id: postId,
    workspaceId: agent.workspaceId,
    accountId: account.body.id,
    platform,
    text: 'Just listed: 3 Bay Road',
  });
  const comments = [];
  for (const [index, ageMs] of ages.entries()) {
    const id = randomUUID();
    await t.database.db.insert(sandboxInteractions).values({
      id,
      workspaceId: agent.workspaceId,
      sandboxPostId: postId,
      kind: 'comment',
      authorHandle: `buyer_${index}`,
      authorName: `Buyer ${index}`,
      text: `Question ${index}`,
      createdAt: new Date(Date.now() - ageMs),
    });
    comments.push(id);
  }
  const ref: PostRef = {
    account: { externalId: handle, meta: { accountId: account.body.id, workspaceId: agent.workspaceId } },
    credentials: { accessToken: '', refreshToken: null, expiresAt: null, scopes: [] },
    externalId: postId,
  };
  return { ref, comments, postId, handle };
}

async function refusal(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PlatformError);
  expect((error as PlatformError).action).toBe('reject');
  return error as PlatformError;
}

describe('sandbox private replies', () => {
  it('when a sandbox Instagram account answers a comment privately, then it is recorded once, never shown or counted as a comment', async () => {
    const { ref, comments, postId, handle } = await postWithComments('instagram', [60_000]);
    const platform = sandbox('instagram');
    const sent = await platform.privateReply!({
      ...ref,
      commentId: comments[0]!,
      text: ' Sent you the floor plan! ',
    });

    const [row] = await t.database.db
      .select()
      .from(sandboxInteractions)
      .where(
        and(eq(sandboxInteractions.sandboxPostId, postId), eq(sandboxInteractions.kind, 'private_reply')),
      );
    expect(row).toMatchObject({
      id: sent.externalId,
      parentId: comments[0],
      authorHandle: handle,
      text: 'Sent you the floor plan!',
    });
    expect((await platform.comments!(ref)).map((c) => c.externalId)).toEqual(comments);
    expect((await platform.insights!(ref)).comments).toBe(1);
    const page = await t.app.inject({ method: 'GET', url: `/sandbox/${postId}` });
    expect(page.body).not.toContain('Sent you the floor plan!');

    const again = await refusal(
      platform.privateReply!({ ...ref, commentId: comments[0]!, text: 'Hello again' }),
    );
    expect(again.userMessage).toMatch(/already has its private reply/);
  });

  it('when the comment is older than 7 days, is the account’s own reply, or the text is empty, then it is refused', async () => {
    const { ref, comments } = await postWithComments('instagram', [8 * DAY_MS, 60_000]);
    const platform = sandbox('instagram');
    expect(
      (await refusal(platform.privateReply!({ ...ref, commentId: comments[0]!, text: 'Hi' }))).userMessage,
    ).toMatch(/7 days/);
    const reply = await platform.reply!({ ...ref, commentId: comments[1]!, text: 'Thanks!' });
    await refusal(platform.privateReply!({ ...ref, commentId: reply.externalId, text: 'Hi' }));
    await refusal(platform.privateReply!({ ...ref, commentId: comments[1]!, text: '   ' }));
    await refusal(platform.privateReply!({ ...ref, commentId: comments[1]!, text: 'x'.repeat(1001) }));
  });

  it('when the sandbox imitates another network, then there is no private reply', () => {
    expect('privateReply' in sandbox('facebook')).toBe(false);
    expect(typeof sandbox('instagram').privateReply).toBe('function');
  });
});
