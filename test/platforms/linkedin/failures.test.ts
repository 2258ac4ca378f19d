import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../../../src/platforms/social-platform.js';
import type { FakeLinkedIn } from '../../fakes/linkedin-server.js';
import { credentials, image, MEMBER_URN, publishContext, setup, VERSION } from './helpers.js';

let fake: FakeLinkedIn | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const NOW = new Date('2026-11-22T15:30:00Z');
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(PlatformError);
      return error as PlatformError;
    },
  );

describe('LinkedIn failures', () => {
  it('when the access token is rejected (401), then publish asks for a refresh, and after it the post goes out once', async () => {
    const started = await setup();
    fake = started.fake;
    fake.revoke('test-token');
    const run = publishContext(fake, {});
    const failure = await failureOf(started.platform.publish(run.context));
    expect(failure.action).toBe('refresh_token');
    expect(failure.details.status).toBe(401);
    expect(run.latest()).toEqual({}); // refused, so the next attempt need not look the post up

    const fresh = await started.platform.refresh(credentials('test-token', 'test-refresh'));
    const retry = publishContext(fake, {}, { progress: run.latest(), credentials: fresh });
    await started.platform.publish(retry.context);
    expect(fake.requestsTo('GET /rest/posts')).toHaveLength(0);
    expect(fake.posts(MEMBER_URN)).toHaveLength(1);
  });

  it('when LinkedIn answers 429 without headers, then the failure is rate_limited with a back-off retryAt', async () => {
    const started = await setup({ now: () => NOW });
    fake = started.fake;
    fake.fail('POST /rest/posts', { status: 429, body: { message: 'Too many requests', status: 429 } });
    const failure = await failureOf(started.platform.publish(publishContext(fake, {}).context));
    expect(failure.action).toBe('rate_limited');
    expect(failure.details.retryAt).toEqual(new Date(NOW.getTime() + 5 * 60_000));
  });

  it('when the 429 says the throttle limit is reached, then retryAt is the next midnight UTC, when daily quotas reset', async () => {
    const started = await setup({ now: () => NOW });
    fake = started.fake;
    fake.fail('POST /rest/posts', {
      status: 429,
      body: { message: 'Resource level throttle limit for calls to this resource is reached.', status: 429 },
    });
    const failure = await failureOf(started.platform.publish(publishContext(fake, {}).context));
    expect(failure.action).toBe('rate_limited');
    expect(failure.details.retryAt).toEqual(new Date('2026-11-23T00:00:00Z'));
  });

  it("when LinkedIn answers 422, then publish rejects with LinkedIn's message", async () => {
    const started = await setup();
    fake = started.fake;
    fake.fail('POST /rest/posts', {
      status: 422,
      body: { message: 'ERROR :: /commentary :: value is too long', serviceErrorCode: 100, status: 422 },
    });
    const failure = await failureOf(started.platform.publish(publishContext(fake, {}).context));
    expect(failure.action).toBe('reject');
    expect(failure.userMessage).toContain('ERROR :: /commentary :: value is too long');
    expect(failure.details).toMatchObject({ status: 422, code: 100 });
  });

  it('when LinkedIn answers 403, then publish rejects with a message about the missing permission', async () => {
    const started = await setup();
    fake = started.fake;
    fake.fail('POST /rest/images', {
      status: 403,
      body: { serviceErrorCode: 100, message: 'Not enough permissions to access: POST /images', status: 403 },
    });
    const failure = await failureOf(
      started.platform.publish(publishContext(fake, { media: [image(3)] }).context),
    );
    expect(failure.action).toBe('reject');
    expect(failure.userMessage).toMatch(
      /lacks the permission.*Not enough permissions to access: POST \/images/,
    );
  });

  it('when LinkedIn answers 500, then the failure is retry_later', async () => {
    const started = await setup();
    fake = started.fake;
    fake.fail('POST /rest/images', { status: 500 });
    const failure = await failureOf(
      started.platform.publish(publishContext(fake, { media: [image(3)] }).context),
    );
    expect(failure.action).toBe('retry_later');
  });

  it('when the LinkedIn-Version header is missing, then the fake refuses the call as LinkedIn does', async () => {
    const started = await setup();
    fake = started.fake;
    const response = await fetch(`${fake.url}/rest/posts`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token', 'x-restli-protocol-version': '2.0.0' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    const wrong = await fetch(`${fake.url}/rest/posts`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer test-token',
        'x-restli-protocol-version': '2.0.0',
        'linkedin-version': '202001',
      },
      body: '{}',
    });
    expect(wrong.status).toBe(426);
    expect(VERSION).toBe('202601');
  });
});

describe('LinkedIn resume', () => {
  it('when the post call times out but the post was created, then status finds it and publishing again does not post twice', async () => {
    const started = await setup({ timeoutMs: 300 });
    fake = started.fake;
    fake.fail('POST /rest/posts', { hang: 'after' });
    const text = 'Just listed: 12 Elm St (3 bd) #NewListing';
    const first = publishContext(fake, { text, firstComment: 'Tour Sunday' });
    const failure = await failureOf(started.platform.publish(first.context));
    expect(failure.action).toBe('retry_later');
    expect(first.latest()['post:attemptedAt']).toBeDefined();
    expect(first.latest().post).toBeUndefined();
    expect(fake.posts(MEMBER_URN)).toHaveLength(1);
    const created = fake.posts(MEMBER_URN)[0]?.id;

    const status = await started.platform.status({ ...first.context, progress: first.latest() });
    expect(status).toEqual({
      state: 'published',
      post: { externalId: created, permalink: `https://www.linkedin.com/feed/update/${created}` },
    });
    const lookup = fake.requestsTo('GET /rest/posts')[0];
    expect(lookup?.query).toEqual({ author: MEMBER_URN, q: 'author', count: '10' });
    expect(lookup?.headers).toMatchObject({
      'linkedin-version': VERSION,
      'x-restli-protocol-version': '2.0.0',
    });

    const second = publishContext(fake, { text, firstComment: 'Tour Sunday' }, { progress: first.latest() });
    const published = await started.platform.publish(second.context);
    expect(published.externalId).toBe(created);
    expect(fake.posts(MEMBER_URN)).toHaveLength(1);
    expect(fake.requestsTo('POST /rest/posts')).toHaveLength(1);
    expect(fake.comments.map((comment) => comment.object)).toEqual([created]);
    expect(second.latest()).toMatchObject({ post: created });
  });

  it('when the post call times out before LinkedIn created it, then status says not published and publishing again posts exactly once', async () => {
    const started = await setup({ timeoutMs: 300 });
    fake = started.fake;
    fake.fail('POST /rest/posts', { hang: 'before' });
    const first = publishContext(fake, {});
    await failureOf(started.platform.publish(first.context));

    expect(await started.platform.status({ ...first.context, progress: first.latest() })).toEqual({
      state: 'not_published',
    });
    await started.platform.publish(publishContext(fake, {}, { progress: first.latest() }).context);
    expect(fake.posts(MEMBER_URN)).toHaveLength(1);
  });

  it('when an identical post exists from before the attempt, then it is not mistaken for ours', async () => {
    const started = await setup({ timeoutMs: 300 });
    fake = started.fake;
    fake.addPost({ author: MEMBER_URN, commentary: 'Open house Sunday', createdAt: Date.now() - 86_400_000 });
    fake.fail('POST /rest/posts', { hang: 'before' });
    const first = publishContext(fake, {});
    await failureOf(started.platform.publish(first.context));
    const published = await started.platform.publish(
      publishContext(fake, {}, { progress: first.latest() }).context,
    );
    expect(fake.posts(MEMBER_URN)).toHaveLength(2);
    expect(published.externalId).toBe(fake.posts(MEMBER_URN)[1]?.id);
  });

  it('when the outcome is unknown and LinkedIn forbids reading posts, then publish stops instead of posting again', async () => {
    const started = await setup({ timeoutMs: 300 });
    fake = started.fake;
    fake.fail('POST /rest/posts', { hang: 'after' });
    const first = publishContext(fake, {});
    await failureOf(started.platform.publish(first.context));
    fake.fail(
      'GET /rest/posts',
      { status: 403, body: { message: 'Not enough permissions', status: 403 } },
      2,
    );

    expect(await started.platform.status({ ...first.context, progress: first.latest() })).toEqual({
      state: 'in_progress',
    });
    const failure = await failureOf(
      started.platform.publish(publishContext(fake, {}, { progress: first.latest() }).context),
    );
    expect(failure.action).toBe('reject');
    expect(failure.details.code).toBe('POST_OUTCOME_UNKNOWN');
    expect(fake.posts(MEMBER_URN)).toHaveLength(1);
  });

  it('when an upload fails midway, then the saved image URNs are reused and uploaded images are not sent again', async () => {
    const started = await setup();
    fake = started.fake;
    fake.fail('PUT /dms-uploads', { status: 503 }, 1);
    const media = [image(10), image(20)];
    // The first PUT fails: image 0 has its URN saved but is not uploaded.
    const first = publishContext(fake, { media });
    await failureOf(started.platform.publish(first.context));
    expect(first.latest()).toMatchObject({
      'image:0': 'urn:li:image:C000001',
      'image:0:state': 'initialized',
    });

    fake.fail('POST /rest/posts', { status: 500 });
    const second = publishContext(fake, { media }, { progress: first.latest() });
    await failureOf(started.platform.publish(second.context));
    expect(second.latest()).toMatchObject({ 'image:0:state': 'uploaded', 'image:1:state': 'uploaded' });

    const third = publishContext(fake, { media }, { progress: second.latest() });
    const published = await started.platform.publish(third.context);

    expect(fake.requestsTo('POST /rest/images')).toHaveLength(2); // one per image, across three attempts
    expect(fake.requestsTo('PUT /dms-uploads').map((request) => request.path)).toEqual([
      '/dms-uploads/000001', // failed
      '/dms-uploads/000001', // same URL again, same image URN
      '/dms-uploads/000002',
    ]);
    expect(fake.posts(MEMBER_URN)).toHaveLength(1);
    expect(fake.posts(MEMBER_URN)[0]?.body.content).toEqual({
      multiImage: {
        images: [
          { id: 'urn:li:image:C000001', altText: 'Sunny living room' },
          { id: 'urn:li:image:C000002', altText: 'Sunny living room' },
        ],
      },
    });
    expect(published.externalId).toBe(fake.posts(MEMBER_URN)[0]?.id);
  });

  it('when publish returned published, then status answers published from the saved progress without calling LinkedIn', async () => {
    const started = await setup();
    fake = started.fake;
    const run = publishContext(fake, {});
    const published = await started.platform.publish(run.context);
    const before = fake.requests.length;
    expect(await started.platform.status({ ...run.context, progress: run.latest() })).toEqual({
      state: 'published',
      post: published,
    });
    expect(fake.requests).toHaveLength(before);
  });
});

describe('LinkedIn first comment', () => {
  it('when the first comment times out, then the post is reported live and the comment is not sent twice', async () => {
    const started = await setup({ timeoutMs: 300 });
    fake = started.fake;
    fake.fail('POST /rest/socialActions/comments', { hang: 'after' });
    const first = publishContext(fake, { firstComment: 'Tour Sunday' });
    const failure = await failureOf(started.platform.publish(first.context));
    expect(failure.action).toBe('retry_later');
    expect(failure.userMessage).toMatch(/^The post is live on LinkedIn, but the first comment failed/);
    const created = fake.posts(MEMBER_URN)[0]?.id;
    expect(await started.platform.status({ ...first.context, progress: first.latest() })).toMatchObject({
      state: 'published',
      post: { externalId: created },
    });

    const second = publishContext(fake, { firstComment: 'Tour Sunday' }, { progress: first.latest() });
    expect((await started.platform.publish(second.context)).externalId).toBe(created);
    expect(fake.posts(MEMBER_URN)).toHaveLength(1);
    expect(fake.comments).toHaveLength(1);
  });

  it('when LinkedIn refuses the first comment (401), then the next attempt comments once without reposting', async () => {
    const started = await setup();
    fake = started.fake;
    fake.fail('POST /rest/socialActions/comments', {
      status: 401,
      body: { message: 'Expired', status: 401 },
    });
    const first = publishContext(fake, { firstComment: 'Tour Sunday' });
    const failure = await failureOf(started.platform.publish(first.context));
    expect(failure.action).toBe('refresh_token');
    expect(first.latest()['comment:attemptedAt']).toBeUndefined(); // refused, so surely not created

    const second = publishContext(fake, { firstComment: 'Tour Sunday' }, { progress: first.latest() });
    await started.platform.publish(second.context);
    expect(fake.posts(MEMBER_URN)).toHaveLength(1);
    expect(fake.comments.map((comment) => comment.text)).toEqual(['Tour Sunday']);
  });
});
