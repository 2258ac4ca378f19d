import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentModelError } from '../../src/ai/content-model.js';
import { createOpenAiImageModel } from '../../src/ai/images.js';
import { callCostMicros, priceTable } from '../../src/ai/pricing.js';
import { fakeReplies, startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: 'sk-image' });
});
afterAll(() => fake.close());

const model = () =>
  createOpenAiImageModel({
    baseURL: fake.url,
    apiKey: 'sk-image',
    model: 'gpt-image-1',
    quality: 'low',
    timeoutMs: 2000,
    maxRetries: 1,
    retryBaseDelayMs: 5,
  });

describe('optional AI images through an OpenAI-compatible images endpoint', () => {
  it('when an image is asked for, then a JPEG comes back with its token usage, priced as gpt-image-1', async () => {
    const before = fake.requests.length;
    const { data, call } = await model().generate('A bright craftsman porch at golden hour', '1024x1536');
    expect((await sharp(data).metadata()).format).toBe('jpeg');
    const sent = fake.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe('/v1/images/generations');
    expect(sent[0]!.body).toMatchObject({
      model: 'gpt-image-1',
      n: 1,
      size: '1024x1536',
      quality: 'low',
      output_format: 'jpeg',
    });
    expect(call).toMatchObject({ role: 'image', model: 'gpt-image-1', outputTokens: 272 });
    // 272 output tokens at $40 per million plus the prompt's tokens at $5 per million.
    expect(callCostMicros(priceTable(undefined), call)).toBe(Math.round(call.inputTokens * 5 + 272 * 40));
  });

  it('when the provider is rate-limited once, then the call is retried and succeeds', async () => {
    fake.script(fakeReplies.rateLimited(5));
    const { data } = await model().generate('A quiet street', '1024x1024');
    expect(data.length).toBeGreaterThan(0);
  });

  it('when the quota is exhausted or the server keeps failing, then the error says reject or unavailable', async () => {
    fake.script(fakeReplies.quotaExhausted());
    await expect(model().generate('x', '1024x1024')).rejects.toMatchObject({ failure: 'rejected' });
    fake.script(fakeReplies.serverError(500), fakeReplies.serverError(503));
    const failure = await model()
      .generate('x', '1024x1024')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ContentModelError);
    expect((failure as ContentModelError).failure).toBe('unavailable');
  });
});
