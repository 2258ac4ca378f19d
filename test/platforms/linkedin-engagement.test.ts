import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError, type SocialPlatform } from '../../src/platforms/social-platform.js';
import type { FakeLinkedIn } from '../fakes/linkedin-server.js';
import { credentials, MEMBER_URN, setup, VERSION } from './linkedin/helpers.js';

const BUYER = 'urn:li:person:buyer42';
const start = new Date('2026-11-22T12:00:00Z').getTime();
const minute = (n: number) => start + n * 60_000;

let fake: FakeLinkedIn;
let platform: SocialPlatform;
afterEach(() => fake.close());
async function begin(now?: () => Date) {
  ({ fake, platform } = await setup(now ? { now } : {}));
}
const ref = (post: string) => ({
  account: { externalId: MEMBER_URN, meta: {} },
  credentials: credentials(),
  externalId: post,
});
/** How a URN goes into a Rest.li 2.0 path: percent-encoded, parentheses included. */
const encoded = (urn: string) => encodeURIComponent(urn).replace(/\(/g, '%28').replace(/\)/g, '%29');

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('LinkedIn comments', () => {
  it('when a post has 130 comments and a thread, then pages are read by start/count, the thread from its comment, oldest first', async () => {
    await begin();
    const post = fake.addPost({ author: MEMBER_URN, commentary: 'Just listed' });
    const top = Array.from({ length: 130 }, (_, i) =>
      fake.addComment(post, { actor: BUYER, text: `Comment ${i}`, createdAt: minute(i) }),
    );
    const answer = fake.addComment(post, {
      actor: MEMBER_URN,
      text: 'Thanks! Sent you the brochure.',
      parentComment: top[5],
      createdAt: minute(200),
    });

    const comments = await platform.comments!(ref(post));

    expect(comments).toHaveLength(131);
    expect(comments[0]).toEqual({
      externalId: top[0],
      parentId: null,
      authorId: BUYER,
      authorHandle: BUYER,
      authorName: '',
      text: 'Comment 0',
      createdAt: new Date(minute(0)),
      hidden: false,
      fromAccount: false,
    });
    expect(comments.at(-1)).toMatchObject({ externalId: answer, parentId: top[5], fromAccount: true });
    const reads = fake.requestsTo('GET /rest/socialActions/comments');
    expect(reads.map((r) => [r.path, r.query.start, r.query.count])).toEqual([
      [`/rest/socialActions/${encodeURIComponent(post)}/comments`, '0', '100'],
      [`/rest/socialActions/${encodeURIComponent(post)}/comments`, '100', '100'],
      [`/rest/socialActions/${encoded(top[5]!)}/comments`, '0', '100'],
    ]);
    expect(reads[0]!.headers).toMatchObject({
      'linkedin-version': VERSION,
      'x-restli-protocol-version': '2.0.0',
      authorization: 'Bearer test-token',
    });
  });

  it('when reading since a time, then older comments are left out', async () => {
    await begin();
    const post = fake.addPost({ author: MEMBER_URN, commentary: 'Open house' });
    fake.addComment(post, { actor: BUYER, text: 'old', createdAt: minute(-90) });
    fake.addComment(post, { actor: BUYER, text: 'new', createdAt: minute(-1) });
    const comments = await platform.comments!({ ...ref(post), since: new Date(minute(-30)) });
    expect(comments.map((c) => c.text)).toEqual(['new']);
  });

  it('when the connection may not read comments (403), then the error is a reject naming the permission', async () => {
    await begin();
    const post = fake.addPost({ author: MEMBER_URN, commentary: 'Sold' });
    fake.fail('GET /rest/socialActions/comments', {
      status: 403,
      body: {
        message: 'Not enough permissions to access: GET /socialActions',
        serviceErrorCode: 100,
        status: 403,
      },
    });
    const error = await failure(platform.comments!(ref(post)));
    expect(error.action).toBe('reject');
    expect(error.userMessage).toMatch(/permission/);
  });
});

describe('LinkedIn replies', () => {
  it('when replying, then the comment is the target, the post the object, and the reply nests under the comment', async () => {
    await begin();
    const post = fake.addPost({ author: MEMBER_URN, commentary: 'Price improved' });
    const question = fake.addComment(post, { actor: BUYER, text: 'New price?' });
    const { externalId } = await platform.reply!({ ...ref(post), commentId: question, text: ' Now $649k. ' });
    const [sent] = fake.requestsTo('POST /rest/socialActions/comments');
    expect(sent!.path).toBe(`/rest/socialActions/${encoded(question)}/comments`);
    expect(sent!.body).toEqual({
      actor: MEMBER_URN,
      object: post,
      message: { text: 'Now $649k.' },
      parentComment: question,
    });
    expect(fake.comments.find((c) => c.id === externalId)).toMatchObject({
      parentComment: question,
      actor: MEMBER_URN,
    });
  });

  it('when the token was revoked, then replying asks for a token refresh', async () => {
    await begin();
    const post = fake.addPost({ author: MEMBER_URN, commentary: 'Sold' });
    const question = fake.addComment(post, { actor: BUYER, text: 'Congrats' });
    fake.revoke('test-token');
    expect(
      (await failure(platform.reply!({ ...ref(post), commentId: question, text: 'Thanks' }))).action,
    ).toBe('refresh_token');
  });

  it('when LinkedIn throttles the daily quota (429), then the reply waits until midnight UTC', async () => {
    await begin(() => new Date(start));
    const post = fake.addPost({ author: MEMBER_URN, commentary: 'Sold' });
    const question = fake.addComment(post, { actor: BUYER, text: 'Congrats' });
    fake.fail('POST /rest/socialActions/comments', {
      status: 429,
      body: { message: 'Resource level throttle limit for calls to this resource is reached.', status: 429 },
    });
    const error = await failure(platform.reply!({ ...ref(post), commentId: question, text: 'Thanks' }));
    expect(error).toMatchObject({
      action: 'rate_limited',
      details: { retryAt: new Date('2026-11-23T00:00:00Z') },
    });
  });

  it('when the reply is too long, then it is refused before LinkedIn is asked', async () => {
    await begin();
    const post = fake.addPost({ author: MEMBER_URN, commentary: 'Sold' });
    expect(
      (
        await failure(
          platform.reply!({ ...ref(post), commentId: 'urn:li:comment:(x,1)', text: 'x'.repeat(1251) }),
        )
      ).action,
    ).toBe('reject');
    expect(fake.requests).toEqual([]);
  });

  it('has no hideComment: LinkedIn cannot hide a comment', async () => {
    await begin();
    expect('hideComment' in platform).toBe(false);
  });
});

describe('LinkedIn insights', () => {
  it('when reading insights, then likes and every comment come from socialActions, and reach is 0', async () => {
    await begin();
    const post = fake.addPost({ author: MEMBER_URN, commentary: 'Just listed' });
    const comment = fake.addComment(post, { actor: BUYER, text: 'Nice' });
    fake.addComment(post, { actor: MEMBER_URN, text: 'Thanks', parentComment: comment });
    fake.setLikes(post, 17);
    expect(await platform.insights!(ref(post))).toEqual({ reach: 0, likes: 17, comments: 2 });
    expect(fake.requestsTo('GET /rest/socialActions').map((r) => r.path)).toEqual([
      `/rest/socialActions/${encodeURIComponent(post)}`,
    ]);
  });

  it('when LinkedIn is down (503), then insights say retry later', async () => {
    await begin();
    const post = fake.addPost({ author: MEMBER_URN, commentary: 'Just listed' });
    fake.fail('GET /rest/socialActions', { status: 503 });
    expect((await failure(platform.insights!(ref(post)))).action).toBe('retry_later');
  });
});
