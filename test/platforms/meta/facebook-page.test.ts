import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFacebookPagePlatform } from '../../../src/platforms/meta/facebook-page-platform.js';
import { startFakeGraph, type FakeGraph } from '../../fakes/graph-server.js';
import { attempt, calls, content, credentials, graphVersion, photo } from './helpers.js';

let fake: FakeGraph;
let clock = new Date('2026-11-22T12:00:00Z');
const v = `/${graphVersion}`;
beforeEach(async () => {
  clock = new Date('2026-11-22T12:00:00Z');
  fake = await startFakeGraph({ now: () => clock.getTime() });
});
afterEach(() => fake.close());

const platform = (requestTimeoutMs = 2_000) =>
  createFacebookPagePlatform({
    appId: fake.seed.appId,
    appSecret: fake.seed.appSecret,
    graphUrl: fake.urls.graphFacebook,
    graphVersion,
    oauthUrl: fake.urls.oauth,
    now: () => clock,
    requestTimeoutMs,
  });
const page = () => fake.seed.pages[0];
const run = (input: Parameters<typeof attempt>[1]['content'], progress?: Record<string, string>) =>
  attempt(fake, { accountId: page().id, token: page().token, content: input, progress });

describe('Facebook Pages', () => {
  it('when listing accounts, then every managed Page comes with its non-expiring Page token', async () => {
    const accounts = await platform().accounts(credentials(fake.seed.fbUser.token));
    expect(
      accounts.map((a) => [a.externalId, a.kind, a.credentials.accessToken, a.credentials.expiresAt]),
    ).toEqual(fake.seed.pages.map((p) => [p.id, 'page', p.token, null]));
  });

  it('when publishing text with a first comment, then /feed with the message, permalink_url, then the comment', async () => {
    const { context, saves } = run(content({ media: [], firstComment: 'Call 555-0100 for a tour' }));
    const published = await platform().publish(context);
    expect(calls(fake)).toEqual([
      `POST ${v}/${page().id}/feed`,
      `GET ${v}/${published.externalId}`,
      `POST ${v}/${published.externalId}/comments`,
    ]);
    expect(fake.requests[0]!.params).toEqual({ message: content().text, access_token: page().token });
    expect(published.externalId).toMatch(new RegExp(`^${page().id}_`));
    expect(published.permalink).toContain('/posts/');
    expect(saves.map((s) => [Object.keys(s.progress), s.afterRequests])).toEqual([
      [['postAttemptAt'], 0],
      [['postAttemptAt', 'post'], 1],
      [['postAttemptAt', 'post', 'comment'], 3],
    ]);
    expect(fake.comments(published.externalId)).toEqual(['Call 555-0100 for a tour']);
  });

  it('when publishing one photo, then /photos with url and caption, and the post id is the photo post', async () => {
    const { context } = run(content());
    const published = await platform().publish(context);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: `${v}/${page().id}/photos`,
      params: { url: photo(1).url, caption: content().text },
    });
    expect(published.externalId).toMatch(new RegExp(`^${page().id}_`));
    expect(fake.published(page().id)).toBe(1);
  });

  it('when publishing three photos, then three unpublished photos, each saved, then one /feed post attaching them', async () => {
    const { context, saves } = run(content({ media: [photo(1), photo(2), photo(3)] }));
    await platform().publish(context);
    expect(calls(fake).slice(0, 4)).toEqual([
      ...[1, 2, 3].map(() => `POST ${v}/${page().id}/photos`),
      `POST ${v}/${page().id}/feed`,
    ]);
    expect(fake.requests.slice(0, 3).map((r) => r.params.published)).toEqual(['false', 'false', 'false']);
    const ids = [0, 1, 2].map((i) => saves.at(-1)!.progress[`photo${i}`]);
    expect(fake.requests[3]!.json).toEqual({
      message: content().text,
      attached_media: ids.map((media_fbid) => ({ media_fbid })),
      published: true,
    });
    expect(saves.slice(0, 3).map((s) => s.afterRequests)).toEqual([1, 2, 3]);
    expect(fake.published(page().id)).toBe(1);
  });

  it('when the /feed answer was lost, then status and a new publish find the post by its message and it exists once', async () => {
    fake.fail({ path: /\/feed$/, method: 'POST' }, { loseResponse: true });
    const first = run(content({ media: [] }));
    await expect(platform(200).publish(first.context)).rejects.toMatchObject({ action: 'retry_later' });
    const saved = first.saves.at(-1)!.progress;
    expect(Object.keys(saved)).toEqual(['postAttemptAt']);

    clock = new Date(clock.getTime() + 60_000);
    const status = await platform().status(run(content({ media: [] }), saved).context);
    const again = run(content({ media: [] }), saved);
    const published = await platform().publish(again.context);
    expect(status).toEqual({ state: 'published', post: published });
    expect(fake.published(page().id)).toBe(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/feed'))).toHaveLength(1);
  });

  it('when the Page made 20 other posts after the lost answer, then status still finds ours by reading from the attempt', async () => {
    fake.fail({ path: /\/feed$/, method: 'POST' }, { loseResponse: true });
    const first = run(content({ media: [] }));
    await expect(platform(200).publish(first.context)).rejects.toMatchObject({ action: 'retry_later' });
    for (let i = 0; i < 20; i += 1)
      await platform().publish(run(content({ text: `Listing ${i}`, media: [] })).context);

    const status = await platform().status(run(content({ media: [] }), first.saves.at(-1)!.progress).context);
    expect(status).toMatchObject({ state: 'published' });
    expect(fake.published(page().id)).toBe(21);
    const lookup = fake.requests.find((r) => r.method === 'GET' && r.path.endsWith('/feed'))!;
    expect(Number(lookup.params.since)).toBe(Math.floor((clock.getTime() - 60_000) / 1000));
  });

  it('when resuming with a saved post id, then nothing is created again', async () => {
    const first = run(content({ media: [] }));
    const published = await platform().publish(first.context);
    const before = fake.requests.length;
    const again = await platform().publish(run(content({ media: [] }), first.saves.at(-1)!.progress).context);
    expect(again).toEqual(published);
    expect(calls(fake, before)).toEqual([`GET ${v}/${published.externalId}`]);
  });

  it('when nothing was attempted, then status is not_published', async () => {
    expect(await platform().status(run(content()).context)).toEqual({ state: 'not_published' });
  });

  it('when photos are too big or not JPEG/PNG, or the post is empty, then the rules say so', () => {
    const fb = platform();
    expect(
      fb
        .validate(content({ media: [photo(1, { bytes: 5 * 1024 * 1024, contentType: 'image/webp' })] }))
        .map((p) => p.rule),
    ).toEqual(['image_format', 'image_size']);
    expect(fb.validate(content({ text: ' ', media: [] })).map((p) => p.rule)).toEqual(['empty']);
    expect(fb.validate(content({ media: [photo(1, { contentType: 'image/png' })] }))).toEqual([]);
  });
});
