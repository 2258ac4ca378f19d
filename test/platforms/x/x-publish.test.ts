import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../../../src/platforms/social-platform.js';
import type { XRateLimitInfo } from '../../../src/platforms/x/index.js';
import { DUPLICATE_MESSAGE, xFailures, type FakeX } from '../../fakes/x-server.js';
import { content, context, image, routes, setUp, USER } from './helpers.js';

let fake: FakeX | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function ready(...args: Parameters<typeof setUp>) {
  const env = await setUp(...args);
  fake = env.fake;
  const { accessToken } = env.fake.issueTokens(USER.id);
  return { ...env, accessToken };
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a PlatformError');
    },
    (error: unknown) => {
      if (!(error instanceof PlatformError)) throw error;
      return error;
    },
  );

describe('publishing to X', () => {
  it('when a text-only post is published, then one POST /2/tweets carries just the text and the permalink names the user', async () => {
    const { fake, platform, accessToken } = await ready();
    const ctx = context(
      fake,
      accessToken,
      content('Just listed: 3 bed, 2 bath in Harbor Point. Open house Sat 1–4.'),
    );
    const published = await platform.publish(ctx);

    expect(routes(fake)).toEqual(['POST /2/tweets']);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(fake.requests[0]!.body).toEqual({ text: ctx.content.text });
    const [post] = fake.posts(USER.id);
    expect(published).toEqual({
      externalId: post!.id,
      permalink: `https://x.com/harborhomes/status/${post!.id}`,
    });
    expect(ctx.latest()['tweet.id']).toBe(post!.id);
    await expect(platform.status({ ...ctx, progress: ctx.latest() })).resolves.toEqual({
      state: 'published',
      post: published,
    });
  });

  it('when a post with 2 images is published, then each image is uploaded in chunks and saved before the next call, and the post carries both ids', async () => {
    const { fake, platform, accessToken } = await ready();
    const big = image(1024 * 1024 + 10, 'Kitchen with an island');
    const small = image(2000, null, 'image/png');
    const ctx = context(fake, accessToken, content('Two photos', { media: [big, small] }));
    const published = await platform.publish(ctx);

    expect(routes(fake)).toEqual([
      'POST /2/media/upload/initialize',
      expect.stringMatching(/^POST \/2\/media\/upload\/\d+\/append$/),
      expect.stringMatching(/^POST \/2\/media\/upload\/\d+\/append$/),
      expect.stringMatching(/^POST \/2\/media\/upload\/\d+\/finalize$/),
      'POST /2/media/metadata',
      'POST /2/media/upload/initialize',
      expect.stringMatching(/^POST \/2\/media\/upload\/\d+\/append$/),
      expect.stringMatching(/^POST \/2\/media\/upload\/\d+\/finalize$/),
      'POST /2/tweets',
    ]);
    expect(fake.requests[0]!.body).toEqual({
      media_type: 'image/jpeg',
      total_bytes: big.bytes,
      media_category: 'tweet_image',
    });
    expect(fake.requests[1]!.body).toEqual({
      fields: { segment_index: '0' },
      files: { media: { size: 1024 * 1024 } },
    });
    expect(fake.requests[2]!.body).toEqual({
      fields: { segment_index: '1' },
      files: { media: { size: 10 } },
    });

    const progress = ctx.latest();
    const ids = [progress['media.0']!, progress['media.1']!];
    expect(fake.requests.at(-1)!.body).toEqual({ text: 'Two photos', media: { media_ids: ids } });
    expect(fake.posts(USER.id)).toMatchObject([{ id: published.externalId, mediaIds: ids }]);
    expect(fake.altText(ids[0]!)).toBe('Kitchen with an island');

    // Each media id was saved after its initialize answered and before its first append went out.
    for (const [index, id] of ids.entries()) {
      const firstAppend = fake.requests.findIndex(
        (request) => request.path === `/2/media/upload/${id}/append`,
      );
      const firstSave = ctx.saves.find((save) => save.progress[`media.${index}`] === id)!;
      expect(firstSave.requestsBefore).toBe(firstAppend);
    }
    const tweetCall = fake.requests.findIndex((request) => request.path === '/2/tweets');
    expect(ctx.saves.find((save) => save.progress['tweet.attempt'])!.requestsBefore).toBe(tweetCall);
  });

  it('when X processes an image asynchronously, then publish polls STATUS, waiting check_after_secs, before posting', async () => {
    const { fake, platform, accessToken, sleeps } = await ready({ processing: 'async' });
    await platform.publish(context(fake, accessToken, content('Processed', { media: [image(500)] })));
    expect(routes(fake).filter((route) => route === 'GET /2/media/upload')).toHaveLength(2);
    expect(sleeps).toEqual([1000, 1000]);
    expect(fake.posts(USER.id)).toHaveLength(1);
  });

  it('when the post has a first comment, then it goes out as a reply to the new post', async () => {
    const { fake, platform, accessToken } = await ready();
    const ctx = context(
      fake,
      accessToken,
      content('Open house Saturday', { firstComment: 'Details: harborhomes.test/12' }),
    );
    const published = await platform.publish(ctx);
    expect(fake.requests.at(-1)!.body).toEqual({
      text: 'Details: harborhomes.test/12',
      reply: { in_reply_to_tweet_id: published.externalId },
    });
    const [, reply] = fake.posts(USER.id);
    expect(reply).toMatchObject({ inReplyTo: published.externalId });
    expect(ctx.latest()['comment.id']).toBe(reply!.id);
  });

  it('when X refuses the reply (self-serve: not summoned), then the post is still published and the refusal is saved', async () => {
    const { fake, platform, accessToken } = await ready({ summonedRepliesOnly: true });
    const ctx = context(fake, accessToken, content('Open house Sunday', { firstComment: 'Link in here' }));
    const published = await platform.publish(ctx);
    expect(fake.posts(USER.id)).toEqual([expect.objectContaining({ id: published.externalId })]);
    expect(ctx.latest()['comment.error']).toMatch(/not allowed/);
    expect(ctx.latest()['comment.action']).toBe('reject');
  });

  it('when X answers 429, then publish fails as rate_limited with retryAt from x-rate-limit-reset', async () => {
    const seen: XRateLimitInfo[] = [];
    const { fake, platform, accessToken } = await ready({}, { onRateLimit: (info) => seen.push(info) });
    const reset = Math.floor(Date.now() / 1000) + 600;
    fake.fail('POST /2/tweets', xFailures.rateLimited(reset));
    const error = await rejection(platform.publish(context(fake, accessToken, content('Rate limited'))));
    expect(error.action).toBe('rate_limited');
    expect(error.details.retryAt).toEqual(new Date(reset * 1000));
    expect(seen).toEqual([
      { method: 'POST', path: '/2/tweets', limit: 100, remaining: 0, resetAt: new Date(reset * 1000) },
    ]);
    expect(fake.posts(USER.id)).toHaveLength(0);
  });

  it('when X answers 401, then publish asks for a token refresh', async () => {
    const { fake, platform, accessToken } = await ready();
    fake.fail('POST /2/media/upload/initialize', xFailures.unauthorized());
    const error = await rejection(
      platform.publish(context(fake, accessToken, content('Expired', { media: [image(10)] }))),
    );
    expect(error.action).toBe('refresh_token');
    const bad = await rejection(platform.publish(context(fake, 'not-a-token', content('Bad token'))));
    expect(bad.action).toBe('refresh_token');
  });

  it('when X fails with 503 after the images were uploaded, then the next attempt reuses the saved media ids', async () => {
    const { fake, platform, accessToken } = await ready();
    const postContent = content('Resume me', { media: [image(100), image(200)] });
    fake.fail('POST /2/tweets', xFailures.unavailable());
    const first = context(fake, accessToken, postContent);
    expect((await rejection(platform.publish(first))).action).toBe('retry_later');

    const before = fake.requests.length;
    const second = context(fake, accessToken, postContent, first.latest());
    await expect(platform.status(second)).resolves.toEqual({ state: 'not_published' });
    await platform.publish(second);
    expect(routes(fake).slice(before)).toEqual([
      'GET /2/users/2244994945/tweets', // status()
      'GET /2/users/2244994945/tweets', // publish: did the failed attempt post after all?
      'POST /2/tweets',
    ]);
    expect(fake.posts(USER.id)[0]!.mediaIds).toEqual([first.latest()['media.0'], first.latest()['media.1']]);
  });

  it('when the post call times out although X created the post, then status finds it and publishing again does not post twice', async () => {
    const { fake, platform, accessToken } = await ready({}, { timeoutMs: 300 });
    const postContent = content('Price reduced: 14 Elm St, now $489k & move-in ready <3');
    fake.fail('POST /2/tweets', xFailures.hangAfterEffect());
    const first = context(fake, accessToken, postContent);
    const error = await rejection(platform.publish(first));
    expect(error).toMatchObject({ action: 'retry_later', details: { code: 'timeout' } });
    expect(first.latest()['tweet.id']).toBeUndefined();

    const [created] = fake.posts(USER.id);
    const again = context(fake, accessToken, postContent, first.latest());
    const lookup = fake.requests.length;
    const status = await platform.status(again);
    expect(status).toEqual({
      state: 'published',
      post: { externalId: created!.id, permalink: `https://x.com/harborhomes/status/${created!.id}` },
    });
    // Every post since the attempt (less clock skew), not only the latest few.
    expect(fake.requests[lookup]!.query).toEqual({
      max_results: '100',
      exclude: 'replies,retweets',
      'tweet.fields': 'created_at',
      start_time: new Date(Date.parse(first.latest()['tweet.attempt']!) - 5 * 60_000)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
    });

    const published = await platform.publish(again);
    expect(published.externalId).toBe(created!.id);
    expect(fake.posts(USER.id)).toHaveLength(1);
    expect(routes(fake).filter((route) => route === 'POST /2/tweets')).toHaveLength(1);
  });

  it('when the account made 150 other posts after the lost answer, then status still finds ours, paging from the attempt', async () => {
    const { fake, platform, accessToken } = await ready({}, { timeoutMs: 300 });
    const postContent = content('Back on market: 7 Birch Ct, 2 bd condo.');
    fake.fail('POST /2/tweets', xFailures.hangAfterEffect());
    const first = context(fake, accessToken, postContent);
    await rejection(platform.publish(first));
    for (let i = 0; i < 150; i += 1) fake.seedPost(USER.id, `Another listing #${i}`);

    const status = await platform.status(context(fake, accessToken, postContent, first.latest()));
    expect(status).toMatchObject({ state: 'published', post: { externalId: fake.posts(USER.id)[0]!.id } });
    expect(fake.requests.filter((r) => r.route === 'GET /2/users/:id/tweets')).toHaveLength(2);
  });

  it('when the lookup misses a post that exists, then X’s duplicate 403 is taken as evidence and the post is found, not made twice', async () => {
    const { fake, platform, accessToken } = await ready({}, { timeoutMs: 300 });
    const postContent = content('Under contract in 9 days!');
    fake.fail('POST /2/tweets', xFailures.hangAfterEffect());
    const first = context(fake, accessToken, postContent);
    await rejection(platform.publish(first));
    fake.fail('GET /2/users/:id/tweets', { kind: 'http', status: 200, body: { meta: { result_count: 0 } } });

    const again = context(fake, accessToken, postContent, first.latest());
    const published = await platform.publish(again);
    expect(published.externalId).toBe(fake.posts(USER.id)[0]!.id);
    expect(fake.posts(USER.id)).toHaveLength(1);
    expect(again.latest()['tweet.id']).toBe(published.externalId);
  });

  it('when X shows the post back with escaped entities and a media link, then status still recognises our text', async () => {
    const { fake, platform, accessToken } = await ready();
    const attempt = new Date().toISOString();
    fake.fail('GET /2/users/:id/tweets', {
      kind: 'http',
      status: 200,
      body: {
        data: [
          { id: '111', text: 'Older post', created_at: attempt },
          { id: '222', text: 'Beds &amp; baths: 3 &lt; 4 https://t.co/AbC123', created_at: attempt },
        ],
        meta: { result_count: 2 },
      },
    });
    const ctx = context(fake, accessToken, content('Beds & baths: 3 < 4', { media: [image(10)] }), {
      'tweet.attempt': attempt,
    });
    await expect(platform.status(ctx)).resolves.toMatchObject({
      state: 'published',
      post: { externalId: '222' },
    });
  });

  it('when the same text was posted before this attempt, then the duplicate is rejected with a readable message', async () => {
    const { fake, platform, accessToken } = await ready();
    fake.seedPost(USER.id, 'Just sold!', new Date(Date.now() - 24 * 3600 * 1000));
    const error = await rejection(platform.publish(context(fake, accessToken, content('Just sold!'))));
    expect(error.action).toBe('reject');
    expect(error.details.code).toBe('duplicate_content');
    expect(error.userMessage).toMatch(/same text/);
    expect(fake.requests.find((request) => request.path === '/2/tweets')).toBeDefined();
    expect(DUPLICATE_MESSAGE).toMatch(/duplicate content/);
  });

  it('when X answers 500 or 400 with errors, then publish says retry later or rejects with X’s message', async () => {
    const { fake, platform, accessToken } = await ready();
    fake.fail('POST /2/tweets', xFailures.serverError());
    expect(
      (await rejection(platform.publish(context(fake, accessToken, content('Five hundred'))))).action,
    ).toBe('retry_later');
    fake.fail('POST /2/tweets', {
      kind: 'http',
      status: 400,
      body: {
        errors: [{ message: 'Your media IDs are invalid.' }],
        title: 'Invalid Request',
        type: 'https://api.x.com/2/problems/invalid-request',
      },
    });
    const error = await rejection(platform.publish(context(fake, accessToken, content('Four hundred'))));
    expect(error).toMatchObject({ action: 'reject', details: { status: 400 } });
    expect(error.userMessage).toContain('Your media IDs are invalid.');
  });
});

describe('validating for X', () => {
  it('when the text is over 280 weighted characters, then validate reports it though it has fewer than 280 code points', async () => {
    const { platform } = await ready();
    const text = '🏡'.repeat(141); // 141 code points, 282 as X counts them
    expect(platform.validate(content(text))).toEqual([
      { rule: 'x.text_length', message: expect.stringContaining('282 characters') },
    ]);
    expect(platform.validate(content('🏡'.repeat(140)))).toEqual([]);
  });

  it('when there are too many, wrong or too large images, then validate names each problem', async () => {
    const { platform } = await ready();
    const media = [image(10), image(10, null, 'image/heic'), image(6 * 1024 * 1024), image(10), image(10)];
    expect(platform.validate(content('ok', { media })).map((problem) => problem.rule)).toEqual([
      'x.media_count',
      'x.media_type',
      'x.media_size',
    ]);
  });
});
