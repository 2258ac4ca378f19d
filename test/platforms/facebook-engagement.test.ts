import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFacebookPagePlatform } from '../../src/platforms/meta/facebook-page-platform.js';
import { PlatformError, type PostRef } from '../../src/platforms/social-platform.js';
import { graphError, startFakeGraph, type FakeGraph } from '../fakes/graph-server.js';
import { credentials, graphVersion } from './meta/helpers.js';

let fake: FakeGraph;
const now = new Date('2026-11-22T12:00:00Z');
const v = `/${graphVersion}`;
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
beforeEach(async () => {
  fake = await startFakeGraph({ now: () => now.getTime() });
});
afterEach(() => fake.close());

const platform = () =>
  createFacebookPagePlatform({
    appId: fake.seed.appId,
    appSecret: fake.seed.appSecret,
    graphUrl: fake.urls.graphFacebook,
    graphVersion,
    oauthUrl: fake.urls.oauth,
    now: () => now,
    requestTimeoutMs: 2_000,
  });
const page = () => fake.seed.pages[0];
const refTo = (postId: string): PostRef => ({
  account: { externalId: page().id, meta: {} },
  credentials: credentials(page().token),
  externalId: postId,
});
const person = (n: number) => ({ id: `1000000000000${n}`, name: `Buyer ${n}` });

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('Facebook Page comments', () => {
  it('when a post has 130 comments and replies, then the stream is read page by page, oldest first, replies with their parent', async () => {
    const post = fake.addPagePost(page().id, 'Just listed: 12 Harbor Lane');
    const top = Array.from({ length: 128 }, (_, i) =>
      fake.addComment(post, { text: `Comment ${i}`, from: person(i % 5), at: minutes(i) }),
    );
    const answer = fake.addComment(post, {
      text: 'Thanks, sent you the details',
      from: { id: page().id, name: page().name },
      parentId: top[3],
      at: minutes(200),
    });
    fake.addComment(post, { text: 'Scam link', from: person(9), at: minutes(201), hidden: true });

    const comments = await platform().comments!(refTo(post));

    expect(comments).toHaveLength(130);
    expect(comments[0]).toEqual({
      externalId: top[0],
      parentId: null,
      authorId: person(0).id,
      authorHandle: 'Buyer 0',
      authorName: 'Buyer 0',
      text: 'Comment 0',
      createdAt: minutes(0),
      hidden: false,
      fromAccount: false,
    });
    expect(comments.find((c) => c.externalId === answer)).toMatchObject({
      parentId: top[3],
      fromAccount: true,
    });
    expect(comments.at(-1)).toMatchObject({ text: 'Scam link', hidden: true });
    const reads = fake.requests.filter((r) => r.path === `${v}/${post}/comments`);
    expect(reads).toHaveLength(2);
    expect(reads[0]!.params).toMatchObject({
      filter: 'stream',
      order: 'chronological',
      fields: 'id,message,from,created_time,parent{id},is_hidden',
      limit: '100',
      access_token: page().token,
    });
    expect(reads[1]!.params.after).toBeDefined();
  });

  it('when reading since a time, then older comments are left out', async () => {
    const post = fake.addPagePost(page().id, 'Open house');
    fake.addComment(post, { text: 'old', at: minutes(-90) });
    fake.addComment(post, { text: 'new', at: minutes(-1) });
    const comments = await platform().comments!({ ...refTo(post), since: minutes(-30) });
    expect(comments.map((c) => c.text)).toEqual(['new']);
  });
});

describe('Facebook Page replies and hiding', () => {
  it('when replying, then POST /{comment}/comments carries the message with the Page token', async () => {
    const post = fake.addPagePost(page().id, 'Price improved');
    const question = fake.addComment(post, { text: 'New price?', from: person(1) });
    const { externalId } = await platform().reply!({
      ...refTo(post),
      commentId: question,
      text: 'Now $649k.',
    });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `${v}/${question}/comments`,
      params: { message: 'Now $649k.', access_token: page().token },
    });
    expect(fake.comment(externalId)).toMatchObject({ parentId: question, from: { id: page().id } });
  });

  it('when a reply is empty or too long, then it is refused before Facebook is asked', async () => {
    const post = fake.addPagePost(page().id, 'Sold');
    const comment = fake.addComment(post, { text: 'Congrats' });
    for (const text of ['   ', 'x'.repeat(8001)]) {
      expect((await failure(platform().reply!({ ...refTo(post), commentId: comment, text }))).action).toBe(
        'reject',
      );
    }
    expect(fake.requests).toEqual([]);
  });

  it('when Facebook refuses a reply, then the message names the reply', async () => {
    const post = fake.addPagePost(page().id, 'Sold');
    const comment = fake.addComment(post, { text: 'Congrats' });
    fake.fail({ method: 'POST', path: /\/comments$/ }, graphError(100, undefined, 'Object does not exist'));
    const error = await failure(platform().reply!({ ...refTo(post), commentId: comment, text: 'Thanks!' }));
    expect(error.userMessage).toBe('Facebook refused the reply: Object does not exist');
  });

  it('when hiding a comment, then POST /{comment} is_hidden=true hides it', async () => {
    const post = fake.addPagePost(page().id, 'Coming soon');
    const spam = fake.addComment(post, { text: 'Win a free iPhone' });
    await platform().hideComment!({ ...refTo(post), commentId: spam, hidden: true });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `${v}/${spam}`,
      params: { is_hidden: 'true' },
    });
    expect(fake.comment(spam)?.hidden).toBe(true);
  });
});

describe('Facebook Page insights', () => {
  it('when reading insights, then reactions and every comment are counted in one call and reach comes from post_impressions_unique', async () => {
    const post = fake.addPagePost(page().id, 'Just listed');
    const comment = fake.addComment(post, { text: 'Nice' });
    fake.addComment(post, { text: 'Thanks', parentId: comment, from: { id: page().id, name: page().name } });
    fake.setInsights(post, { reach: 5120, likes: 87 });
    expect(await platform().insights!(refTo(post))).toEqual({ reach: 5120, likes: 87, comments: 2 });
    expect(fake.requests.map((r) => [r.path, r.params.fields ?? r.params.metric])).toEqual([
      [
        `${v}/${post}`,
        'reactions.limit(0).summary(total_count),comments.filter(stream).limit(0).summary(total_count)',
      ],
      [`${v}/${post}/insights`, 'post_impressions_unique'],
    ]);
  });

  it('when the reach metric is not available (retired, or read_insights missing), then reach is 0 and the rest still counts', async () => {
    const post = fake.addPagePost(page().id, 'Just listed');
    fake.setInsights(post, { reach: 5120, likes: 3 });
    fake.retireMetric('post_impressions_unique');
    expect(await platform().insights!(refTo(post))).toEqual({ reach: 0, likes: 3, comments: 0 });
    fake.fail({ path: /\/insights$/ }, graphError(10, undefined, '(#10) Requires read_insights permission'));
    expect((await platform().insights!(refTo(post))).reach).toBe(0);
  });

  it('when the Page token is invalid, then insights fail with the token error instead of a silent 0', async () => {
    const post = fake.addPagePost(page().id, 'Just listed');
    fake.expireToken(page().token);
    expect((await failure(platform().insights!(refTo(post)))).action).toBe('refresh_token');
  });
});

describe('Facebook Page webhooks and failures', () => {
  it('when subscribing, then the Page subscribes the app to its feed with the Page token', async () => {
    await platform().subscribeWebhooks!({
      account: { externalId: page().id, meta: {} },
      credentials: credentials(page().token),
    });
    expect(fake.requests.map((r) => [r.method, r.path, r.params])).toEqual([
      [
        'POST',
        `${v}/${page().id}/subscribed_apps`,
        { subscribed_fields: 'feed', access_token: page().token },
      ],
    ]);
    expect(fake.subscriptions.get(page().id)).toEqual(['feed']);
  });

  it('when the Page is throttled (code 32), then reading comments is rate limited for a while', async () => {
    const post = fake.addPagePost(page().id, 'Open house');
    fake.fail({ path: /\/comments$/ }, graphError(32, undefined, 'Page request limit reached'));
    const error = await failure(platform().comments!(refTo(post)));
    expect(error.action).toBe('rate_limited');
    expect(error.details.retryAt!.getTime()).toBeGreaterThan(now.getTime());
  });

  it('when the session was invalidated (190/460), then the Page must be reconnected', async () => {
    const post = fake.addPagePost(page().id, 'Open house');
    fake.fail({ path: /\/comments$/ }, graphError(190, 460, 'Session has been invalidated'));
    expect(
      (await failure(platform().reply!({ ...refTo(post), commentId: `${post}_1`, text: 'Hi' }))).action,
    ).toBe('reconnect');
  });
});
