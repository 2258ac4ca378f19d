import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError, type SocialPlatform } from '../../src/platforms/social-platform.js';
import { xFailures, type FakeX } from '../fakes/x-server.js';
import { setUp, USER } from './x/helpers.js';

const BUYER = { id: '1500000000000000001', username: 'dana_buys', name: 'Dana Buyer' };
const AGENT = { id: '1500000000000000002', username: 'other_agent', name: 'Other Agent' };

let fake: FakeX;
let platform: SocialPlatform;
let token: string;
async function start(options: Parameters<typeof setUp>[0] = {}) {
  ({ fake, platform } = await setUp(options));
  fake.addUser(BUYER);
  fake.addUser(AGENT);
  token = fake.issueTokens(USER.id).accessToken;
}
afterEach(() => fake.close());

const account = { externalId: USER.id, meta: { username: USER.username } };
const creds = () => ({ accessToken: token, refreshToken: null, expiresAt: null, scopes: [] });
const ref = (postId: string) => ({ account, credentials: creds(), externalId: postId });

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('X mentions', () => {
  it('when polled without a cursor, then only the latest page is read, oldest first, and the cursor is the newest id', async () => {
    await start();
    const ours = fake.seedPost(USER.id, 'Just listed: 12 Harbor Lane');
    const replies = Array.from({ length: 120 }, (_, i) =>
      fake.seedReply(BUYER.id, `@${USER.username} question ${i}`, ours.id),
    );
    const page = await platform.mentions!({ account, credentials: creds(), cursor: null });

    expect(page.items).toHaveLength(100);
    expect(page.items.map((item) => item.externalId)).toEqual(replies.slice(20).map((reply) => reply.id));
    expect(page.cursor).toBe(replies.at(-1)!.id);
    const [request] = fake.requests;
    expect(request!.path).toBe(`/2/users/${USER.id}/mentions`);
    expect(request!.query).toEqual({
      max_results: '100',
      expansions: 'author_id',
      'user.fields': 'username,name',
      'tweet.fields': 'created_at,conversation_id,referenced_tweets,in_reply_to_user_id,author_id',
    });
  });

  it('when polled with a cursor, then every newer page is read and replies to our post, replies in its thread and plain mentions are told apart', async () => {
    await start();
    const ours = fake.seedPost(USER.id, 'Open house Sunday');
    const before = fake.seedReply(BUYER.id, `@${USER.username} old one`, ours.id);
    const { cursor } = await platform.mentions!({ account, credentials: creds(), cursor: null });
    expect(cursor).toBe(before.id);

    const question = fake.seedReply(BUYER.id, `@${USER.username} what time?`, ours.id);
    const answer = fake.seedReply(USER.id, `@${BUYER.username} 1 to 3 pm`, question.id);
    const followUp = fake.seedReply(BUYER.id, `@${USER.username} thanks, see you`, answer.id);
    const elsewhere = fake.seedPost(AGENT.id, `Great listing by @${USER.username.toUpperCase()} this week`);
    const bulk = Array.from({ length: 150 }, (_, i) => fake.seedPost(AGENT.id, `@${USER.username} #${i}`));
    const unrelated = fake.seedPost(AGENT.id, `@${USER.username}_fan is not us`);

    const page = await platform.mentions!({ account, credentials: creds(), cursor });
    expect(fake.requests.slice(1).map((r) => [r.query.since_id, r.query.pagination_token])).toEqual([
      [before.id, undefined],
      [before.id, '100'],
    ]);
    expect(page.items.map((item) => item.externalId)).toEqual([
      question.id,
      followUp.id,
      elsewhere.id,
      ...bulk.map((post) => post.id),
    ]);
    expect(page.items.map((item) => item.externalId)).not.toContain(unrelated.id);
    expect(page.cursor).toBe(bulk.at(-1)!.id);
    expect(page.items[0]).toEqual({
      platform: 'x',
      accountExternalId: USER.id,
      kind: 'comment',
      externalId: question.id,
      parentExternalId: null,
      postExternalId: ours.id,
      author: { id: BUYER.id, handle: BUYER.username, name: BUYER.name },
      text: `@${USER.username} what time?`,
      at: new Date(question.createdAt),
      fromAccount: false,
    });
    // Answering our own reply: a comment in our post's thread, under the reply it answers.
    expect(page.items[1]).toMatchObject({
      kind: 'comment',
      parentExternalId: answer.id,
      postExternalId: ours.id,
    });
    expect(page.items[2]).toMatchObject({
      kind: 'mention',
      parentExternalId: null,
      postExternalId: null,
      author: { handle: AGENT.username },
    });

    const again = await platform.mentions!({ account, credentials: creds(), cursor: page.cursor });
    expect(again).toEqual({ items: [], cursor: page.cursor });
  });

  it('when X rate limits the mentions timeline, then the error is rate limited until the window resets', async () => {
    await start();
    const reset = Math.floor(Date.now() / 1000) + 600;
    fake.fail('GET /2/users/:id/mentions', xFailures.rateLimited(reset));
    const error = await failure(platform.mentions!({ account, credentials: creds(), cursor: '1' }));
    expect(error).toMatchObject({ action: 'rate_limited', details: { retryAt: new Date(reset * 1000) } });
  });

  it('when the token is rejected, then the error asks for a refresh', async () => {
    await start();
    fake.fail('GET /2/users/:id/mentions', xFailures.unauthorized());
    expect((await failure(platform.mentions!({ account, credentials: creds(), cursor: null }))).action).toBe(
      'refresh_token',
    );
  });
});

describe('X replies and hidden replies', () => {
  it('when replying, then POST /2/tweets carries only text and reply.in_reply_to_tweet_id', async () => {
    await start();
    const ours = fake.seedPost(USER.id, 'Price improved');
    const question = fake.seedReply(BUYER.id, `@${USER.username} new price?`, ours.id);
    const { externalId } = await platform.reply!({
      ...ref(ours.id),
      commentId: question.id,
      text: ' $649k now ',
    });
    expect(fake.requests.at(-1)!.body).toEqual({
      text: '$649k now',
      reply: { in_reply_to_tweet_id: question.id },
    });
    expect(fake.post(externalId)).toMatchObject({
      userId: USER.id,
      inReplyTo: question.id,
      conversationId: ours.id,
    });
  });

  it('when X only allows summoned replies and the post does not mention us, then the reply is refused with X’s reason', async () => {
    await start({ summonedRepliesOnly: true });
    const theirs = fake.seedPost(AGENT.id, 'My own listing');
    const error = await failure(
      platform.reply!({ ...ref(theirs.id), commentId: theirs.id, text: 'Nice one' }),
    );
    expect(error.action).toBe('reject');
    expect(error.userMessage).toMatch(/not been mentioned/);
  });

  it('when a reply is longer than 280 weighted characters, then it is refused before X is asked', async () => {
    await start();
    const ours = fake.seedPost(USER.id, 'Sold');
    expect(
      (await failure(platform.reply!({ ...ref(ours.id), commentId: ours.id, text: '🏡'.repeat(141) })))
        .action,
    ).toBe('reject');
    expect(fake.requests).toEqual([]);
  });

  it('when hiding and showing a reply to our post, then PUT /2/tweets/{id}/hidden sets it', async () => {
    await start();
    const ours = fake.seedPost(USER.id, 'Coming soon');
    const spam = fake.seedReply(BUYER.id, `@${USER.username} free crypto`, ours.id);
    await platform.hideComment!({ ...ref(ours.id), commentId: spam.id, hidden: true });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'PUT',
      path: `/2/tweets/${spam.id}/hidden`,
      body: { hidden: true },
    });
    expect(fake.post(spam.id)?.hidden).toBe(true);
    await platform.hideComment!({ ...ref(ours.id), commentId: spam.id, hidden: false });
    expect(fake.post(spam.id)?.hidden).toBe(false);
  });

  it('when hiding a reply in a conversation someone else started, then X refuses it', async () => {
    await start();
    const theirs = fake.seedPost(AGENT.id, 'My listing');
    const reply = fake.seedReply(BUYER.id, 'Nice', theirs.id);
    const error = await failure(
      platform.hideComment!({ ...ref(theirs.id), commentId: reply.id, hidden: true }),
    );
    expect(error).toMatchObject({ action: 'reject', details: { status: 403 } });
  });

  it('when the token lacks tweet.moderate.write (an older connection), then hiding is refused, not retried', async () => {
    await start();
    token = fake.issueTokens(USER.id, [
      'tweet.read',
      'tweet.write',
      'users.read',
      'offline.access',
    ]).accessToken;
    const ours = fake.seedPost(USER.id, 'Coming soon');
    const spam = fake.seedReply(BUYER.id, 'spam', ours.id);
    const error = await failure(platform.hideComment!({ ...ref(ours.id), commentId: spam.id, hidden: true }));
    expect(error).toMatchObject({ action: 'reject', details: { status: 403 } });
  });
});

describe('X insights', () => {
  it('when reading a post, then likes, replies and impressions come from public_metrics', async () => {
    await start();
    const ours = fake.seedPost(USER.id, 'Just listed');
    fake.seedReply(BUYER.id, 'Nice', ours.id);
    fake.setMetrics(ours.id, { likes: 42, impressions: 3100 });
    expect(await platform.insights!(ref(ours.id))).toEqual({ reach: 3100, likes: 42, comments: 1 });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/2/tweets/${ours.id}`,
      query: { 'tweet.fields': 'public_metrics' },
    });
  });

  it('when X gives no impression count, then reach is 0', async () => {
    await start();
    const ours = fake.seedPost(USER.id, 'Just listed');
    fake.setMetrics(ours.id, { likes: 5 });
    expect(await platform.insights!(ref(ours.id))).toEqual({ reach: 0, likes: 5, comments: 0 });
  });

  it('when the post is gone, then X’s 200-with-errors answer becomes a reject', async () => {
    await start();
    const error = await failure(platform.insights!(ref('1999999999999999999')));
    expect(error.action).toBe('reject');
    expect(error.userMessage).toMatch(/no such post/);
  });

  it('when X fails with a 503, then insights say retry later', async () => {
    await start();
    const ours = fake.seedPost(USER.id, 'Just listed');
    fake.fail('GET /2/tweets/:id', xFailures.unavailable());
    expect((await failure(platform.insights!(ref(ours.id)))).action).toBe('retry_later');
  });

  it('has no comments capability: replies arrive as mentions', async () => {
    await start();
    expect('comments' in platform).toBe(false);
  });
});
