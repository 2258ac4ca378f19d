import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInstagramPlatform } from '../../../src/platforms/meta/instagram-platform.js';
import { graphError, startFakeGraph, type FakeGraph } from '../../fakes/graph-server.js';
import { attempt, calls, content, graphVersion, noSleep, photo } from './helpers.js';

let fake: FakeGraph;
const now = new Date('2026-11-22T12:00:00Z');
const v = `/${graphVersion}`;
beforeEach(async () => {
  fake = await startFakeGraph({ now: () => now.getTime() });
});
afterEach(() => fake.close());

// Through Facebook Login: the IG business account publishes with its Page's token.
const platform = (requestTimeoutMs = 2_000) =>
  createInstagramPlatform({
    login: 'facebook',
    appId: fake.seed.appId,
    appSecret: fake.seed.appSecret,
    graphUrl: fake.urls.graphFacebook,
    graphVersion,
    oauthUrl: fake.urls.oauth,
    sleep: noSleep,
    now: () => now,
    requestTimeoutMs,
  });
const page = () => fake.seed.pages[0];
const igId = () => page().ig.id;
const run = (input: Parameters<typeof attempt>[1]['content'], progress?: Record<string, string>) =>
  attempt(fake, {
    accountId: igId(),
    token: page().token,
    content: input,
    progress,
    meta: { pageId: page().id },
  });

describe('Instagram publishing', () => {
  it('when publishing one image with a first comment, then quota → container → polls → publish → permalink → comment, ids saved before each next call', async () => {
    const { context, saves } = run(content({ firstComment: 'Open house Saturday 1–4 pm' }));
    const published = await platform().publish(context);

    expect(calls(fake)).toEqual([
      `GET ${v}/${igId()}/content_publishing_limit`,
      `POST ${v}/${igId()}/media`,
      `GET ${v}/${saves[0]!.progress.container}`,
      `GET ${v}/${saves[0]!.progress.container}`,
      `POST ${v}/${igId()}/media_publish`,
      `GET ${v}/${published.externalId}`,
      `POST ${v}/${published.externalId}/comments`,
    ]);
    expect(fake.requests[0]!.params).toMatchObject({ fields: 'quota_usage,config' });
    expect(fake.requests[1]!.params).toEqual({
      image_url: 'https://media.listcast.test/p1.jpg?sig=s1',
      caption: 'Just listed: 12 Harbor Lane, 3 bd / 2 ba. #justlisted',
      alt_text: 'Photo 1 of 12 Harbor Lane',
      access_token: page().token,
    });
    expect(fake.requests[4]!.params.creation_id).toBe(saves[0]!.progress.container);
    expect(fake.requests[6]!.params.message).toBe('Open house Saturday 1–4 pm');
    // Saved right after the call that created it, before the next one.
    expect(saves.map((s) => [Object.keys(s.progress), s.afterRequests])).toEqual([
      [['container'], 2],
      [['container', 'media'], 5],
      [['container', 'media', 'comment'], 7],
    ]);
    expect(published).toEqual({
      externalId: saves[1]!.progress.media,
      permalink: `https://www.instagram.com/p/${published.externalId}/`,
    });
    expect(fake.published(igId())).toBe(1);
    expect(fake.comments(published.externalId)).toEqual(['Open house Saturday 1–4 pm']);
  });

  it('when publishing three images, then three carousel items, then a CAROUSEL parent naming them, then one publish', async () => {
    const { context, saves } = run(content({ media: [photo(1), photo(2), photo(3)] }));
    await platform().publish(context);

    const creates = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/media'));
    expect(creates.map((r) => r.params)).toEqual([
      ...[1, 2, 3].map((n) => ({
        image_url: `https://media.listcast.test/p${n}.jpg?sig=s${n}`,
        is_carousel_item: 'true',
        alt_text: `Photo ${n} of 12 Harbor Lane`,
        access_token: page().token,
      })),
      {
        media_type: 'CAROUSEL',
        children: [0, 1, 2].map((i) => saves.at(-1)!.progress[`item${i}`]).join(','),
        caption: content().text,
        access_token: page().token,
      },
    ]);
    expect(saves.slice(0, 4).map((s) => [Object.keys(s.progress).at(-1), s.afterRequests])).toEqual([
      ['item0', 2],
      ['item1', 3],
      ['item2', 4],
      ['container', 5],
    ]);
    expect(fake.requests.find((r) => r.path.endsWith('/media_publish'))!.params.creation_id).toBe(
      saves[3]!.progress.container,
    );
    expect(fake.published(igId())).toBe(1);
  });

  it('when the publishing quota is used up, then quota_exhausted with retryAt one window later and nothing is created', async () => {
    fake.usePublishingQuota(igId(), 50);
    const { context } = run(content());
    await expect(platform().publish(context)).rejects.toMatchObject({
      action: 'quota_exhausted',
      details: { retryAt: new Date(now.getTime() + 86_400_000) },
    });
    expect(calls(fake)).toEqual([`GET ${v}/${igId()}/content_publishing_limit`]);
  });

  it('when media_publish answers 9/2207042, then quota_exhausted with a retryAt', async () => {
    fake.fail({ path: /media_publish$/ }, graphError(9, 2207042, 'Reached the maximum number of posts'));
    const { context } = run(content());
    const error = await platform()
      .publish(context)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ action: 'quota_exhausted', details: { code: '9/2207042' } });
    expect((error as { details: { retryAt: Date } }).details.retryAt.getTime()).toBeGreaterThan(
      now.getTime(),
    );
  });

  it('when Graph answers throttle code 4 (with HTTP 403) and a BUC estimate, then rate_limited until the estimate', async () => {
    fake.fail(
      { path: /\/media$/ },
      {
        ...graphError(4, undefined, 'Application request limit reached', 403),
        headers: {
          'x-business-use-case-usage': JSON.stringify({
            [igId()]: [
              {
                type: 'instagram',
                call_count: 100,
                total_cputime: 20,
                total_time: 20,
                estimated_time_to_regain_access: 7,
              },
            ],
          }),
        },
      },
    );
    const { context } = run(content());
    await expect(platform().publish(context)).rejects.toMatchObject({
      action: 'rate_limited',
      details: { retryAt: new Date(now.getTime() + 7 * 60_000), code: 4 },
    });
  });

  it('when a usage header reaches 100 %, then the next call is not made and the answer is rate_limited', async () => {
    fake.usageHeaders['x-app-usage'] = JSON.stringify({ call_count: 100, total_cputime: 10, total_time: 10 });
    const { context } = run(content());
    await expect(platform().publish(context)).rejects.toMatchObject({ action: 'rate_limited' });
    expect(calls(fake)).toEqual([`GET ${v}/${igId()}/content_publishing_limit`]);
  });

  it('when the token expired (190/463), then refresh_token; when the password changed (190/460), then reconnect', async () => {
    fake.fail({ path: /content_publishing_limit$/ }, graphError(190, 463, 'Session has expired'));
    await expect(platform().publish(run(content()).context)).rejects.toMatchObject({
      action: 'refresh_token',
    });
    fake.fail(
      { path: /content_publishing_limit$/ },
      graphError(190, 460, 'The user has changed the password'),
    );
    await expect(platform().publish(run(content()).context)).rejects.toMatchObject({ action: 'reconnect' });
  });

  it('when the container ends in ERROR, then the post is rejected with a readable message and nothing is published', async () => {
    fake.nextContainer({ statusCode: 'ERROR', status: 'Error: 2207009: aspect ratio not supported' });
    const error = await platform()
      .publish(run(content()).context)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ action: 'reject' });
    expect((error as Error).message).toMatch(/proportions .*\(4:5 to 1\.91:1\)/);
    expect(fake.published(igId())).toBe(0);
  });

  it('when the server fails with 500, then retry_later', async () => {
    fake.fail({ path: /\/media$/ }, { status: 500, body: { error: { message: 'Internal', code: 2 } } });
    await expect(platform().publish(run(content()).context)).rejects.toMatchObject({ action: 'retry_later' });
  });

  it('when resuming after a crash that followed container creation, then the saved container is reused', async () => {
    const first = run(content());
    fake.fail({ path: /\/media_publish$/ }, { status: 503, body: { error: { message: 'down', code: 1 } } });
    await expect(platform().publish(first.context)).rejects.toMatchObject({ action: 'retry_later' });
    const container = first.saves[0]!.progress.container!;

    const before = fake.requests.length;
    const second = run(content(), first.saves.at(-1)!.progress);
    const published = await platform().publish(second.context);
    expect(fake.requests.slice(before).some((r) => r.method === 'POST' && r.path.endsWith('/media'))).toBe(
      false,
    );
    expect(
      fake.requests.find((r, i) => i >= before && r.path.endsWith('/media_publish'))!.params.creation_id,
    ).toBe(container);
    expect(second.saves.at(-1)!.progress).toEqual({ container, media: published.externalId });
    expect(fake.published(igId())).toBe(1);
  });

  it('when the saved container has EXPIRED, then a new container is created and published', async () => {
    fake.nextContainer({ statusCode: 'EXPIRED' });
    const { context, saves } = run(content());
    const published = await platform().publish(context);
    const containers = saves.map((s) => s.progress.container).filter(Boolean);
    expect(new Set(containers).size).toBe(2);
    expect(published.externalId).toBeTruthy();
    expect(fake.published(igId())).toBe(1);
  });

  it('when the media_publish answer is lost, then the same call asks the container, sees PUBLISHED and does not publish again', async () => {
    fake.fail({ path: /\/media_publish$/ }, { loseResponse: true });
    const { context, saves } = run(content());
    const published = await platform(200).publish(context);
    expect(calls(fake).slice(-4)).toEqual([
      `POST ${v}/${igId()}/media_publish`,
      `GET ${v}/${saves[0]!.progress.container}`,
      `GET ${v}/${igId()}/media`,
      `GET ${v}/${published.externalId}`,
    ]);
    expect(fake.published(igId())).toBe(1);
  });

  it('when the process dies after media_publish (answer lost, nothing more reaches Instagram), then status and a new publish find the post and it exists exactly once', async () => {
    fake.fail({ path: /\/media_publish$/ }, { loseResponse: true });
    let down = false;
    const dying: typeof fetch = async (input, init) => {
      if (down) throw new TypeError('fetch failed');
      if (String(input instanceof Request ? input.url : input).includes('/media_publish')) down = true;
      return fetch(input, init);
    };
    const crashing = createInstagramPlatform({
      login: 'facebook',
      appId: fake.seed.appId,
      appSecret: fake.seed.appSecret,
      graphUrl: fake.urls.graphFacebook,
      graphVersion,
      oauthUrl: fake.urls.oauth,
      sleep: noSleep,
      now: () => now,
      requestTimeoutMs: 200,
      fetch: dying,
    });
    const first = run(content({ firstComment: 'Tour times in bio' }));
    await expect(crashing.publish(first.context)).rejects.toMatchObject({ action: 'retry_later' });
    const saved = first.saves.at(-1)!.progress;
    expect(Object.keys(saved)).toEqual(['container']);
    expect(fake.published(igId())).toBe(1);

    const status = await platform().status(run(content(), saved).context);
    const again = run(content({ firstComment: 'Tour times in bio' }), saved);
    const published = await platform().publish(again.context);
    expect(status).toEqual({ state: 'published', post: published });
    expect(again.saves.at(-1)!.progress).toEqual({
      ...saved,
      media: published.externalId,
      comment: expect.any(String),
    });
    expect(fake.published(igId())).toBe(1);
    expect(fake.requests.filter((r) => r.path.endsWith('/media_publish'))).toHaveLength(1);
    expect(fake.comments(published.externalId)).toEqual(['Tour times in bio']);
  });

  it('when nothing was saved, then status is not_published; with a saved media id, then published', async () => {
    expect(await platform().status(run(content()).context)).toEqual({ state: 'not_published' });
    const done = run(content());
    const published = await platform().publish(done.context);
    expect(await platform().status(run(content(), done.saves.at(-1)!.progress).context)).toEqual({
      state: 'published',
      post: published,
    });
  });
});

describe('Instagram rules', () => {
  it('when the content breaks Instagram rules, then each broken rule is named', () => {
    const problems = createInstagramPlatform({
      login: 'instagram',
      appId: 'a',
      appSecret: 's',
      graphUrl: 'http://127.0.0.1:1',
      graphVersion,
      oauthUrl: 'http://127.0.0.1:1',
    }).validate({
      text: `${'x'.repeat(2190)} ${Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' ')}`,
      media: [photo(1, { contentType: 'image/png', bytes: 9 * 1024 * 1024, width: 1024, height: 1792 })],
      firstComment: null,
    });
    expect(problems.map((p) => p.rule).sort()).toEqual([
      'aspect_ratio',
      'caption_length',
      'hashtags',
      'image_format',
      'image_size',
    ]);
  });

  it('when a post has no image or more than ten, then it is refused; a 1080 × 1350 JPEG passes', () => {
    const ig = createInstagramPlatform({
      login: 'instagram',
      appId: 'a',
      appSecret: 's',
      graphUrl: 'x',
      graphVersion,
      oauthUrl: 'x',
    });
    expect(ig.validate(content({ media: [] })).map((p) => p.rule)).toEqual(['media_required']);
    expect(
      ig.validate(content({ media: Array.from({ length: 11 }, (_, i) => photo(i)) })).map((p) => p.rule),
    ).toEqual(['carousel_size']);
    expect(ig.validate(content({ media: [photo(1, { width: 1080, height: 1350 })] }))).toEqual([]);
  });
});
