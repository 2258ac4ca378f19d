import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInstagramPlatform } from '../../src/platforms/meta/instagram-platform.js';
import { PlatformError, type PostRef } from '../../src/platforms/social-platform.js';
import { graphError, startFakeGraph, type FakeGraph } from '../fakes/graph-server.js';
import { credentials, graphVersion, noSleep } from './meta/helpers.js';

let fake: FakeGraph;
const now = new Date('2026-11-22T12:00:00Z');
const v = `/${graphVersion}`;
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
beforeEach(async () => {
  fake = await startFakeGraph({ now: () => now.getTime(), replyExpansionLimit: 2 });
});
afterEach(() => fake.close());

const platform = (login: 'instagram' | 'facebook') =>
  createInstagramPlatform({
    login,
    appId: fake.seed.appId,
    appSecret: fake.seed.appSecret,
    graphUrl: login === 'instagram' ? fake.urls.graphInstagram : fake.urls.graphFacebook,
    graphVersion,
    oauthUrl: fake.urls.oauth,
    apiUrl: fake.urls.apiInstagram,
    sleep: noSleep,
    now: () => now,
    requestTimeoutMs: 2_000,
  });
const page = () => fake.seed.pages[0];
/** The IG business account via its Page (Facebook Login) or the Instagram Login user. */
const account = (
  login: 'instagram' | 'facebook',
): { externalId: string; meta: Record<string, string>; token: string } =>
  login === 'facebook'
    ? { externalId: page().ig.id, meta: { pageId: page().id }, token: page().token }
    : { externalId: fake.seed.igLogin.userId, meta: {}, token: fake.seed.igLogin.token };
const refTo = (login: 'instagram' | 'facebook', mediaId: string): PostRef => {
  const { externalId, meta, token } = account(login);
  return { account: { externalId, meta }, credentials: credentials(token), externalId: mediaId };
};
const someone = (n: number) => ({ id: `60000000000000${n}`, username: `buyer_${n}` });

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('Instagram comments', () => {
  it('when a post has 60 comments and a long thread, then every page is read by cursor on our host, replies flattened under their comment, oldest first', async () => {
    const { externalId: igId } = account('facebook');
    const media = fake.addMedia(igId);
    const ids = Array.from({ length: 60 }, (_, i) =>
      fake.addComment(media, { text: `Comment ${i}`, from: someone(i % 9), at: minutes(i) }),
    );
    const replies = [
      fake.addComment(media, {
        text: 'Is it still available?',
        from: someone(1),
        parentId: ids[0],
        at: minutes(61),
      }),
      fake.addComment(media, {
        text: 'Yes! DM sent.',
        from: { id: igId, username: 'harborhomes_realty' },
        parentId: ids[0],
        at: minutes(62),
      }),
      fake.addComment(media, { text: 'Thanks', from: someone(1), parentId: ids[0], at: minutes(63) }),
    ];
    fake.addComment(media, { text: 'Spam spam', from: someone(7), at: minutes(64), hidden: true });

    const comments = await platform('facebook').comments!(refTo('facebook', media));

    expect(comments).toHaveLength(64);
    const times = comments.map((c) => c.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(comments[0]).toEqual({
      externalId: ids[0],
      parentId: null,
      authorId: someone(0).id,
      authorHandle: 'buyer_0',
      authorName: 'buyer_0',
      text: 'Comment 0',
      createdAt: minutes(0),
      hidden: false,
      fromAccount: false,
    });
    expect(comments.filter((c) => c.parentId === ids[0]).map((c) => [c.externalId, c.fromAccount])).toEqual([
      [replies[0], false],
      [replies[1], true],
      [replies[2], false],
    ]);
    expect(comments.at(-1)).toMatchObject({ text: 'Spam spam', hidden: true });

    const listing = fake.requests.filter((r) => r.path === `${v}/${media}/comments`);
    expect(listing.map((r) => r.params.after === undefined)).toEqual([true, false]);
    expect(listing[0]!.params).toMatchObject({
      fields:
        'id,text,username,timestamp,from,hidden,parent_id,replies{id,text,username,timestamp,from,hidden}',
      limit: '50',
    });
    // The expansion held 2 of 3 replies: the thread is read in full from its own edge.
    expect(fake.requests.filter((r) => r.path === `${v}/${ids[0]}/replies`)).toHaveLength(1);
    expect(fake.requests.every((r) => r.params.access_token === page().token)).toBe(true);
  });

  it('when reading since a time, then older comments are left out', async () => {
    const media = fake.addMedia(fake.seed.igLogin.userId);
    fake.addComment(media, { text: 'old', at: minutes(-120) });
    fake.addComment(media, { text: 'new', at: minutes(-5) });
    const comments = await platform('instagram').comments!({
      ...refTo('instagram', media),
      since: minutes(-60),
    });
    expect(comments.map((c) => c.text)).toEqual(['new']);
    expect(fake.requests.every((r) => r.host === 'graphInstagram')).toBe(true);
  });
});

describe('Instagram replies and hiding', () => {
  it('when replying to a comment, then /replies gets the message and the reply shows as the account', async () => {
    const media = fake.addMedia(fake.seed.igLogin.userId);
    const question = fake.addComment(media, { text: 'Price?', from: someone(1) });
    const { externalId } = await platform('instagram').reply!({
      ...refTo('instagram', media),
      commentId: question,
      text: '  $675k — DM sent!  ',
    });
    const post = fake.requests.find((r) => r.method === 'POST')!;
    expect(post).toMatchObject({
      host: 'graphInstagram',
      path: `${v}/${question}/replies`,
      params: { message: '$675k — DM sent!', access_token: fake.seed.igLogin.token },
    });
    expect(fake.comment(externalId)).toMatchObject({
      parentId: question,
      from: { id: fake.seed.igLogin.userId },
    });
  });

  it('when replying to a reply, then the answer goes to the top-level comment of its thread', async () => {
    const media = fake.addMedia(page().ig.id);
    const question = fake.addComment(media, { text: 'Parking?', from: someone(1) });
    const followUp = fake.addComment(media, { text: 'And storage?', from: someone(1), parentId: question });
    const { externalId } = await platform('facebook').reply!({
      ...refTo('facebook', media),
      commentId: followUp,
      text: 'Two spaces and a cellar.',
    });
    expect(fake.comment(externalId)?.parentId).toBe(question);
  });

  it('when replying to a hidden comment, then it is refused with the reason and nothing is posted', async () => {
    const media = fake.addMedia(page().ig.id);
    const hidden = fake.addComment(media, { text: 'Follow me for crypto', hidden: true });
    const error = await failure(
      platform('facebook').reply!({ ...refTo('facebook', media), commentId: hidden, text: 'No thanks' }),
    );
    expect(error.action).toBe('reject');
    expect(error.userMessage).toMatch(/hidden/);
    expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('when Instagram refuses a reply itself, then the reason names the reply, not a post', async () => {
    const media = fake.addMedia(page().ig.id);
    const question = fake.addComment(media, { text: 'Pets ok?' });
    fake.fail({ method: 'POST', path: /\/replies$/ }, graphError(100, undefined, 'Comments are turned off'));
    const error = await failure(
      platform('facebook').reply!({ ...refTo('facebook', media), commentId: question, text: 'Yes' }),
    );
    expect(error).toMatchObject({
      action: 'reject',
      userMessage: 'Instagram refused the reply: Comments are turned off',
    });
  });

  it('when hiding and showing a comment, then POST /{comment}?hide= changes it and the owner’s own stay visible', async () => {
    const media = fake.addMedia(page().ig.id);
    const spam = fake.addComment(media, { text: 'Cheap followers at my bio' });
    const ig = platform('facebook');
    await ig.hideComment!({ ...refTo('facebook', media), commentId: spam, hidden: true });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `${v}/${spam}`,
      params: { hide: 'true' },
    });
    expect(fake.comment(spam)?.hidden).toBe(true);
    await ig.hideComment!({ ...refTo('facebook', media), commentId: spam, hidden: false });
    expect(fake.comment(spam)?.hidden).toBe(false);
  });
});

describe('Instagram private replies', () => {
  it('when answering a comment privately via Facebook Login, then the Page sends recipient.comment_id, once', async () => {
    const media = fake.addMedia(page().ig.id);
    const comment = fake.addComment(media, { text: 'What is the HOA?', from: someone(3) });
    const ig = platform('facebook');
    const ref = { ...refTo('facebook', media), commentId: comment, text: 'Hi! The HOA is $210/month.' };
    const sent = await ig.privateReply!(ref);

    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `${v}/${page().id}/messages`,
      params: { access_token: page().token },
      json: { recipient: { comment_id: comment }, message: { text: 'Hi! The HOA is $210/month.' } },
    });
    expect(fake.privateReplies).toEqual([
      {
        commentId: comment,
        text: 'Hi! The HOA is $210/month.',
        sender: page().id,
        messageId: sent.externalId,
      },
    ]);
    const again = await failure(ig.privateReply!(ref));
    expect(again).toMatchObject({ action: 'reject' });
    expect(again.userMessage).toMatch(/already has its private reply/);
  });

  it('when answering via Instagram Login, then the IG user sends it on graph.instagram.com', async () => {
    const media = fake.addMedia(fake.seed.igLogin.userId);
    const comment = fake.addComment(media, { text: 'Open house time?' });
    await platform('instagram').privateReply!({
      ...refTo('instagram', media),
      commentId: comment,
      text: 'Sat 1–4 pm',
    });
    expect(fake.requests.at(-1)).toMatchObject({
      host: 'graphInstagram',
      path: `${v}/${fake.seed.igLogin.userId}/messages`,
    });
  });

  it('when the comment is more than 7 days old, then the private reply is refused with the window as the reason', async () => {
    const media = fake.addMedia(page().ig.id);
    const comment = fake.addComment(media, { text: 'Still for sale?', at: minutes(-8 * 24 * 60) });
    const error = await failure(
      platform('facebook').privateReply!({ ...refTo('facebook', media), commentId: comment, text: 'Yes!' }),
    );
    expect(error.action).toBe('reject');
    expect(error.userMessage).toMatch(/within 7 days/);
    expect(fake.privateReplies).toEqual([]);
  });
});

describe('Instagram direct messages', () => {
  it('when someone messaged the account, then the answer goes to their id on the messages edge within 24 hours; later, or to someone who never wrote, it is refused', async () => {
    const ig = platform('facebook');
    const buyer = someone(4).id;
    fake.receiveMessage(page().ig.id, buyer, minutes(-60));
    const who = { account: refTo('facebook', '').account, credentials: credentials(page().token) };

    const sent = await ig.sendMessage!({ ...who, recipientId: buyer, text: 'Happy to show it Saturday!' });

    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `${v}/${page().id}/messages`,
      json: { recipient: { id: buyer }, message: { text: 'Happy to show it Saturday!' } },
    });
    expect(fake.sentMessages).toEqual([
      {
        accountId: page().ig.id,
        recipientId: buyer,
        text: 'Happy to show it Saturday!',
        messageId: sent.externalId,
      },
    ]);

    fake.receiveMessage(page().ig.id, someone(5).id, minutes(-25 * 60));
    const late = await failure(ig.sendMessage!({ ...who, recipientId: someone(5).id, text: 'Hi' }));
    expect(late.action).toBe('reject');
    expect(late.userMessage).toMatch(/24 hours/);
    const stranger = await failure(ig.sendMessage!({ ...who, recipientId: someone(6).id, text: 'Hi' }));
    expect(stranger.action).toBe('reject');
    expect(fake.sentMessages).toHaveLength(1);
  });
});

describe('Instagram insights', () => {
  it('when reading a feed post, then reach, likes and comments come from one insights call', async () => {
    const media = fake.addMedia(page().ig.id);
    fake.addComment(media, { text: 'Love it' });
    fake.addComment(media, { text: 'Price?' });
    fake.setInsights(media, { reach: 1840, likes: 96 });
    expect(await platform('facebook').insights!(refTo('facebook', media))).toEqual({
      reach: 1840,
      likes: 96,
      comments: 2,
    });
    expect(fake.requests.map((r) => [r.path, r.params.metric])).toEqual([
      [`${v}/${media}/insights`, 'reach,likes,comments'],
    ]);
  });

  it('when the media type lacks a metric (a story), then counts come from the media and reach alone', async () => {
    const media = fake.addMedia(page().ig.id, { productType: 'STORY' });
    fake.setInsights(media, { reach: 310, likes: 4 });
    expect(await platform('facebook').insights!(refTo('facebook', media))).toEqual({
      reach: 310,
      likes: 4,
      comments: 0,
    });
    expect(fake.requests.map((r) => [r.path, r.params.metric ?? r.params.fields])).toEqual([
      [`${v}/${media}/insights`, 'reach,likes,comments'],
      [`${v}/${media}`, 'like_count,comments_count'],
      [`${v}/${media}/insights`, 'reach'],
    ]);
  });

  it('when no metric exists for the media (an album child), then reach is 0 and the read still succeeds', async () => {
    const media = fake.addMedia(page().ig.id, { productType: 'CAROUSEL_ITEM' });
    expect(await platform('facebook').insights!(refTo('facebook', media))).toEqual({
      reach: 0,
      likes: 0,
      comments: 0,
    });
  });
});

describe('Instagram webhook subscription', () => {
  it('when subscribing, then Instagram Login uses /me on graph.instagram.com and Facebook Login the IG user, both for comments, mentions and messages', async () => {
    const ig = account('instagram');
    await platform('instagram').subscribeWebhooks!({
      account: { externalId: ig.externalId, meta: ig.meta },
      credentials: credentials(ig.token),
    });
    const fb = account('facebook');
    await platform('facebook').subscribeWebhooks!({
      account: { externalId: fb.externalId, meta: fb.meta },
      credentials: credentials(fb.token),
    });
    expect(fake.requests.map((r) => [r.host, r.method, r.path, r.params.subscribed_fields])).toEqual([
      ['graphInstagram', 'POST', `${v}/me/subscribed_apps`, 'comments,mentions,messages'],
      ['graphFacebook', 'POST', `${v}/${fb.externalId}/subscribed_apps`, 'comments,mentions,messages'],
    ]);
    expect(Object.fromEntries(fake.subscriptions)).toEqual({
      [ig.externalId]: ['comments', 'mentions', 'messages'],
      [fb.externalId]: ['comments', 'mentions', 'messages'],
    });
  });
});

describe('Instagram engagement failures', () => {
  it('when the token expired (190/463), then reading comments asks for a token refresh', async () => {
    const media = fake.addMedia(fake.seed.igLogin.userId);
    fake.expireToken(fake.seed.igLogin.token);
    const error = await failure(platform('instagram').comments!(refTo('instagram', media)));
    expect(error).toMatchObject({ action: 'refresh_token', details: { code: '190/463' } });
  });

  it('when the password changed (190/460), then the account must reconnect', async () => {
    const media = fake.addMedia(page().ig.id);
    fake.fail({ path: /\/comments$/ }, graphError(190, 460, 'The session has been invalidated'));
    const error = await failure(platform('facebook').comments!(refTo('facebook', media)));
    expect(error.action).toBe('reconnect');
  });

  it('when throttled (code 4 with a BUC header), then the error says rate limited until Meta’s estimate', async () => {
    const media = fake.addMedia(page().ig.id);
    fake.fail(
      { path: /\/insights$/ },
      {
        status: 403,
        body: { error: { message: 'Application request limit reached', type: 'OAuthException', code: 4 } },
        headers: {
          'x-business-use-case-usage': JSON.stringify({
            [page().ig.id]: [{ type: 'instagram', call_count: 100, estimated_time_to_regain_access: 30 }],
          }),
        },
      },
    );
    const error = await failure(platform('facebook').insights!(refTo('facebook', media)));
    expect(error).toMatchObject({ action: 'rate_limited', details: { retryAt: minutes(30) } });
  });

  it('when another account’s media is read, then Instagram refuses the permission', async () => {
    const theirs = fake.addMedia(fake.seed.igLogin.userId);
    const error = await failure(platform('facebook').comments!(refTo('facebook', theirs)));
    expect(['reconnect', 'reject']).toContain(error.action);
    expect(error.details.code).toBe(10);
  });
});
