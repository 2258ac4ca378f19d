import { afterEach, describe, expect, it } from 'vitest';
import type { FakeLinkedIn } from '../../fakes/linkedin-server.js';
import { image, MEMBER_URN, publishContext, setup, VERSION } from './helpers.js';

let fake: FakeLinkedIn | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const restHeaders = {
  authorization: 'Bearer test-token',
  'linkedin-version': VERSION,
  'x-restli-protocol-version': '2.0.0',
};
const postFields = {
  author: MEMBER_URN,
  visibility: 'PUBLIC',
  distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
  lifecycleState: 'PUBLISHED',
  isReshareDisabledByAuthor: false,
};

describe('LinkedIn publish', () => {
  it('when a text-only post is published, then one POST /rest/posts with the required headers creates it and the URN comes from x-restli-id', async () => {
    const started = await setup();
    fake = started.fake;
    const run = publishContext(fake, { text: 'Open house Sunday' });
    const published = await started.platform.publish(run.context);

    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /rest/posts']);
    const [request] = fake.requests;
    expect(request?.headers).toMatchObject({ ...restHeaders, 'content-type': 'application/json' });
    expect(request?.body).toEqual({ ...postFields, commentary: 'Open house Sunday' });
    const [post] = fake.posts(MEMBER_URN);
    expect(published).toEqual({
      externalId: post?.id,
      permalink: `https://www.linkedin.com/feed/update/${post?.id}`,
    });
    expect(run.latest()).toEqual({ post: post?.id });
  });

  it('when the text holds little-text reserved characters, then the commentary is sent escaped', async () => {
    const started = await setup();
    fake = started.fake;
    const text = '3 bd (2 ba) #NewListing @ $500k *wow* [link] <tour> a_b ~ok | {x} \\';
    await started.platform.publish(publishContext(fake, { text }).context);
    expect(fake.posts(MEMBER_URN)[0]?.commentary).toBe(
      '3 bd \\(2 ba\\) \\#NewListing \\@ $500k \\*wow\\* \\[link\\] \\<tour\\> a\\_b \\~ok \\| \\{x\\} \\\\',
    );
  });

  it('when a post has one image, then it is initialized with the author as owner, PUT once, and posted as content.media with alt text', async () => {
    const started = await setup();
    fake = started.fake;
    const run = publishContext(fake, { media: [image(1234, 'Sunny living room')] });
    const published = await started.platform.publish(run.context);

    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /rest/images',
      'PUT /dms-uploads/000001',
      'POST /rest/posts',
    ]);
    const [init, put, post] = fake.requests;
    expect(init?.query).toEqual({ action: 'initializeUpload' });
    expect(init?.headers).toMatchObject(restHeaders);
    expect(init?.body).toEqual({ initializeUploadRequest: { owner: MEMBER_URN } });
    expect(put?.headers).toMatchObject({ authorization: 'Bearer test-token', 'content-type': 'image/jpeg' });
    expect(put?.body).toEqual({ bytes: 1234 });
    expect(post?.body).toEqual({
      ...postFields,
      commentary: 'Open house Sunday',
      content: { media: { id: 'urn:li:image:C000001', altText: 'Sunny living room' } },
    });
    expect(fake.uploads.get('urn:li:image:C000001')).toBe(1234);
    expect(published.externalId).toBe(fake.posts(MEMBER_URN)[0]?.id);
  });

  it('when a post has several images, then each is uploaded in order, saved before the next call, and posted as multiImage', async () => {
    const started = await setup();
    fake = started.fake;
    const run = publishContext(fake, { media: [image(10, 'Kitchen'), image(20, null), image(30, 'Garden')] });
    await started.platform.publish(run.context);

    const calls = fake.requests.map((request) => `${request.method} ${request.path}`);
    expect(calls).toEqual([
      'POST /rest/images',
      'PUT /dms-uploads/000001',
      'POST /rest/images',
      'PUT /dms-uploads/000002',
      'POST /rest/images',
      'PUT /dms-uploads/000003',
      'POST /rest/posts',
    ]);
    expect(fake.requests.at(-1)?.body).toEqual({
      ...postFields,
      commentary: 'Open house Sunday',
      content: {
        multiImage: {
          images: [
            { id: 'urn:li:image:C000001', altText: 'Kitchen' },
            { id: 'urn:li:image:C000002' },
            { id: 'urn:li:image:C000003', altText: 'Garden' },
          ],
        },
      },
    });
    // Each image URN is saved before its PUT, its upload state before the next call, all before the post.
    const savedAt = (key: string, value: string) =>
      run.saves.find((save) => save.progress[key] === value)?.requestsSoFar ?? Infinity;
    const postIndex = calls.indexOf('POST /rest/posts');
    for (const [index, urn] of [
      'urn:li:image:C000001',
      'urn:li:image:C000002',
      'urn:li:image:C000003',
    ].entries()) {
      const putIndex = calls.indexOf(`PUT /dms-uploads/00000${index + 1}`);
      expect(savedAt(`image:${index}`, urn)).toBeLessThanOrEqual(putIndex);
      expect(savedAt(`image:${index}:state`, 'uploaded')).toBeLessThanOrEqual(putIndex + 1);
      expect(savedAt(`image:${index}:state`, 'uploaded')).toBeLessThanOrEqual(postIndex);
    }
    expect(fake.posts(MEMBER_URN)).toHaveLength(1);
  });

  it('when a first comment is given, then it is posted on the new post as the author after the post', async () => {
    const started = await setup();
    fake = started.fake;
    const run = publishContext(fake, { firstComment: 'Details: https://listing.test/42 (call me!)' });
    const published = await started.platform.publish(run.context);

    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /rest/posts',
      `POST /rest/socialActions/${encodeURIComponent(published.externalId)}/comments`,
    ]);
    expect(fake.requests[1]?.headers).toMatchObject(restHeaders);
    expect(fake.requests[1]?.body).toEqual({
      actor: MEMBER_URN,
      object: published.externalId,
      message: { text: 'Details: https://listing.test/42 (call me!)' },
    });
    expect(fake.comments).toEqual([
      expect.objectContaining({
        object: published.externalId,
        text: 'Details: https://listing.test/42 (call me!)',
      }),
    ]);
    expect(run.latest().comment).toBe(fake.comments[0]?.id);
  });

  it('when publishing as an organisation, then the image owner and the post author are the organisation URN', async () => {
    const started = await setup();
    fake = started.fake;
    const org = 'urn:li:organization:111';
    await started.platform.publish(publishContext(fake, { media: [image(5)] }, { author: org }).context);
    expect(fake.requestsTo('POST /rest/images')[0]?.body).toEqual({
      initializeUploadRequest: { owner: org },
    });
    expect(fake.posts(org)).toHaveLength(1);
  });

  it('when the content breaks LinkedIn rules, then validate names each rule and publish rejects without calling LinkedIn', async () => {
    const started = await setup();
    fake = started.fake;
    const content = {
      text: 'x'.repeat(3001),
      media: [...Array.from({ length: 20 }, () => image(1)), image(1, null, 'video/mp4')],
      firstComment: null,
    };
    expect(started.platform.validate(content).map((problem) => problem.rule)).toEqual([
      'commentary_length',
      'image_count',
      'image_type',
    ]);
    await expect(started.platform.publish(publishContext(fake, content).context)).rejects.toMatchObject({
      action: 'reject',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('when the text is 3,000 characters before escaping, then it is valid even though escaping makes it longer', async () => {
    const started = await setup();
    fake = started.fake;
    expect(
      started.platform.validate({
        text: '#'.repeat(3000),
        media: [image(1, null, 'image/png')],
        firstComment: null,
      }),
    ).toEqual([]);
  });
});
