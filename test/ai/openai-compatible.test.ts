import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Analysis, BrandPostBrief, ListingBrief } from '../../src/ai/content.js';
import { ContentModelError, type ContentModel } from '../../src/ai/content-model.js';
import { brandHashtags, listingHashtags } from '../../src/ai/hashtags.js';
import { checkLimits, composePost, postLength } from '../../src/ai/limits.js';
import {
  createOpenAiCompatibleModel,
  type OpenAiCompatibleModelOptions,
} from '../../src/ai/openai-compatible.js';
import { planPost } from '../../src/ai/prompts/copywriter.js';
import {
  fakeReplies,
  startFakeOpenAi,
  type FakeOpenAi,
  type RecordedRequest,
} from '../fakes/openai-server.js';

const brand = {
  agentName: 'Dana Reyes',
  brokerage: 'Northwind Realty',
  licenseNumber: 'TX-0123456',
  disclosure: null,
  email: 'dana@northwind.example',
  phone: '+1 512 555 0100',
  website: null,
  defaultHashtags: ['#NorthwindHomes'],
};

const brief: ListingBrief = {
  listing: {
    address: {
      street: '123 Maple Street',
      unit: null,
      city: 'Austin',
      state: 'TX',
      postalCode: '78701',
      country: 'US',
    },
    price: 650000,
    beds: 4,
    baths: 3,
    interiorSqft: 2600,
    lotSqft: 8000,
    yearBuilt: 1998,
    propertyType: 'single_family',
    features: ['Renovated kitchen', 'Saltwater pool'],
    description: '',
    photoCount: 12,
  },
  brand,
  details: { event: 'just_listed' },
  tone: 'warm',
  hashtagCap: 5,
  seed: 42,
};

const analysis: Analysis = {
  sellingPoints: [{ point: 'Renovated kitchen', source: 'features' }],
  pricePositioning: 'Listed at $650,000, $250 per square foot.',
  suitedTo: 'A four-bedroom single-family home on an 8,000 sq ft lot.',
  headline: 'A renovated four-bedroom home in Austin.',
};

const brandBrief: BrandPostBrief = {
  topic: 'Spring market update',
  brief: 'Inventory is up; invite sellers to ask for a valuation.',
  brand,
  tone: 'professional',
  hashtagCap: 5,
  hashtags: ['#SpringMarket'],
  callToAction: 'Book a free valuation.',
  seed: 7,
};

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi({ apiKey: 'sk-test' });
});
afterEach(async () => {
  await fake.close();
});

function model(overrides: Partial<OpenAiCompatibleModelOptions> = {}): ContentModel {
  return createOpenAiCompatibleModel({
    baseURL: fake.url,
    apiKey: 'sk-test',
    model: 'gpt-4o-mini',
    roleModels: { analyst: 'gpt-4.1-mini' },
    timeoutMs: 5000,
    maxRetries: 2,
    retryBaseDelayMs: 5,
    ...overrides,
  });
}

const promptOf = (request: RecordedRequest | undefined) =>
  (request?.body?.messages ?? []).map((message) => String(message.content)).join('\n');

async function failureOf(promise: Promise<unknown>) {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ContentModelError);
  return (error as ContentModelError).failure;
}

const tooLongX = (answer: Record<string, unknown>) => {
  const posts = answer.posts as Record<string, { text: string; callToAction: string }>;
  return {
    posts: { ...posts, x: { text: 'A sunny renovated kitchen awaits. '.repeat(12), callToAction: 'Call.' } },
  };
};

describe('OpenAI-compatible content model', () => {
  it('when analysing a listing, then it asks the analyst model with a strict json_schema and the facts, and returns the analysis', async () => {
    const result = await model().analyze(brief);

    expect(result.value.sellingPoints.length).toBeGreaterThan(0);
    expect(result.value.headline).toContain('123 Maple Street');
    const [request] = fake.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(request?.body?.model).toBe('gpt-4.1-mini');
    expect(request?.body?.seed).toBe(42);
    expect(request?.body?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'listing_analysis', strict: true },
    });
    expect(request?.body?.messages?.[0]?.role).toBe('system');
    expect(promptOf(request)).toContain('"price":650000');
    expect(promptOf(request)).toContain('"pricePerSqft":250');
    expect(promptOf(request)).toContain('Renovated kitchen');
    expect(promptOf(request)).toContain('3604(c)');
    expect(result.calls).toEqual([
      { role: 'analyst', model: 'gpt-4.1-mini', inputTokens: 512, cachedInputTokens: 0, outputTokens: 128 },
    ]);
  });

  it('when describing a listing, then the copywriter model writes both descriptions from the facts and the analysis', async () => {
    const result = await model().describe(brief, analysis);

    expect(result.value.short).toContain('Austin');
    expect(result.value.long.length).toBeGreaterThan(0);
    const [request] = fake.requests;
    expect(request?.body?.model).toBe('gpt-4o-mini');
    expect(request?.body?.response_format?.json_schema?.name).toBe('listing_descriptions');
    expect(promptOf(request)).toContain('123 Maple Street');
    expect(promptOf(request)).toContain(analysis.headline);
    expect(result.calls.map((call) => call.role)).toEqual(['copywriter']);
  });

  it('when writing posts, then each platform asked gets a post in order, with fact-built hashtags, within its limits', async () => {
    const result = await model().writePosts(brief, analysis, ['x', 'instagram']);

    expect(result.value.map((post) => post.platform)).toEqual(['x', 'instagram']);
    for (const post of result.value) {
      expect(checkLimits(post, { hashtagCap: 5 })).toEqual([]);
      expect(post.text).toContain('123 Maple Street');
      expect(post.callToAction).toContain('Dana Reyes');
    }
    const xTags = listingHashtags({
      listing: brief.listing,
      event: 'just_listed',
      brandDefaults: brand.defaultHashtags,
      cap: 2,
    });
    expect(result.value[0]?.hashtags).toEqual(xTags);
    expect(result.value[1]?.hashtags).toHaveLength(5);

    const [request] = fake.requests;
    expect(
      Object.keys(request?.body?.response_format?.json_schema?.schema?.properties?.posts?.properties ?? {}),
    ).toEqual(['x', 'instagram']);
    const xBudget = planPost('x', xTags).textBudget;
    expect(xBudget).toBe(280 - postLength('x', composePost({ text: '', hashtags: xTags })));
    expect(promptOf(request)).toContain(`at most ${xBudget} weighted characters`);
    expect(promptOf(request)).toContain(xTags.join(' '));
    expect(promptOf(request)).toContain('+1 512 555 0100');
  });

  it("when writing brand posts, then the topic and brief are in the prompt and the author's call to action and hashtags are used", async () => {
    const result = await model().writeBrandPosts(brandBrief, ['linkedin']);

    const [post] = result.value;
    expect(post?.platform).toBe('linkedin');
    expect(post?.callToAction).toBe('Book a free valuation.');
    expect(post?.hashtags).toEqual(
      brandHashtags({ requested: brandBrief.hashtags, brandDefaults: brand.defaultHashtags, cap: 3 }),
    );
    expect(fake.requests[0]?.body?.response_format?.json_schema?.name).toBe('brand_posts');
    expect(promptOf(fake.requests[0])).toContain('Spring market update');
    expect(promptOf(fake.requests[0])).not.toContain('Maple');
  });

  it('when the API key is wrong, then the call is rejected without retry', async () => {
    expect(await failureOf(model({ apiKey: 'sk-wrong' }).analyze(brief))).toBe('rejected');
    expect(fake.requests).toHaveLength(1);
  });

  it('when the server rate-limits once, then the call is retried after its retry-after-ms and succeeds', async () => {
    fake.script(fakeReplies.rateLimited(10));

    const result = await model().analyze(brief);

    expect(result.value.headline).not.toBe('');
    expect(fake.requests).toHaveLength(2);
    expect(result.calls).toHaveLength(1);
  });

  it('when the quota is exhausted, then the call is rejected without retry', async () => {
    fake.script(fakeReplies.quotaExhausted());

    expect(await failureOf(model().analyze(brief))).toBe('rejected');
    expect(fake.requests).toHaveLength(1);
  });

  it('when the server fails past maxRetries, then the model is unavailable after maxRetries + 1 attempts', async () => {
    fake.script(fakeReplies.serverError(), fakeReplies.serverError(503), fakeReplies.serverError());

    expect(await failureOf(model({ maxRetries: 2 }).analyze(brief))).toBe('unavailable');
    expect(fake.requests).toHaveLength(3);
  });

  it('when nothing listens at the base URL, then the network errors are retried and the model is unavailable', async () => {
    const gone = await startFakeOpenAi();
    await gone.close();

    expect(await failureOf(model({ baseURL: gone.url, maxRetries: 1 }).analyze(brief))).toBe('unavailable');
  });

  it('when the answer is malformed JSON and then valid, then the valid answer is returned and both billed calls are recorded', async () => {
    fake.script(fakeReplies.malformedJson());

    const result = await model().analyze(brief);

    expect(result.value.sellingPoints.length).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(2);
    expect(promptOf(fake.requests[1])).toContain(
      'Your previous answer could not be used: it was not valid JSON',
    );
    expect(result.calls).toHaveLength(2);
  });

  it('when the answer has the wrong shape every time, then the output is invalid after three attempts', async () => {
    const wrong = fakeReplies.answer(() => ({ headline: 'Only a headline' }));
    fake.script(wrong, wrong, wrong);

    expect(await failureOf(model().analyze(brief))).toBe('invalid_output');
    expect(fake.requests).toHaveLength(3);
    expect(promptOf(fake.requests[1])).toContain('it did not match the schema (sellingPoints: ');
  });

  it('when the answer is cut off at the token limit, then it is asked again', async () => {
    fake.script(fakeReplies.truncated());

    const result = await model().describe(brief, analysis);

    expect(result.value.short).not.toBe('');
    expect(fake.requests).toHaveLength(2);
    expect(promptOf(fake.requests[1])).toContain('cut off');
  });

  it('when the model refuses every attempt, then the call is rejected', async () => {
    fake.script(fakeReplies.refusal(), fakeReplies.refusal(), fakeReplies.refusal());

    expect(await failureOf(model().analyze(brief))).toBe('rejected');
    expect(fake.requests).toHaveLength(3);
  });

  it('when the X post is too long, then the model is asked once more for X with the problem named', async () => {
    fake.script(fakeReplies.answer(tooLongX));

    const result = await model().writePosts(brief, analysis, ['instagram', 'x']);

    expect(fake.requests).toHaveLength(2);
    const retry = fake.requests[1];
    expect(promptOf(retry)).toMatch(
      /Your x post is \d+ weighted characters with its hashtags; the limit for the text is \d+/,
    );
    expect(
      Object.keys(retry?.body?.response_format?.json_schema?.schema?.properties?.posts?.properties ?? {}),
    ).toEqual(['x']);
    for (const post of result.value) expect(checkLimits(post, { hashtagCap: 5 })).toEqual([]);
    expect(result.value[1]?.text).not.toContain('A sunny renovated kitchen awaits. A sunny');
    expect(result.calls).toHaveLength(2);
  });

  it('when the X post is still too long after the re-ask, then it is fitted to the limit', async () => {
    fake.script(fakeReplies.answer(tooLongX), fakeReplies.answer(tooLongX));

    const result = await model().writePosts(brief, analysis, ['x']);

    expect(fake.requests).toHaveLength(2);
    const [post] = result.value;
    expect(checkLimits(post!, { hashtagCap: 5 })).toEqual([]);
    expect(post?.text.startsWith('A sunny renovated kitchen awaits.')).toBe(true);
  });

  it('when the server never answers, then each attempt times out and the model is unavailable after the retries', async () => {
    fake.script(fakeReplies.hang(), fakeReplies.hang());

    expect(await failureOf(model({ timeoutMs: 200, maxRetries: 1 }).analyze(brief))).toBe('unavailable');
    expect(fake.requests).toHaveLength(2);
  });

  it('when the server hangs once, then the timed-out attempt is retried and succeeds', async () => {
    fake.script(fakeReplies.hang());

    const result = await model({ timeoutMs: 200, maxRetries: 1 }).analyze(brief);

    expect(result.value.headline).not.toBe('');
    expect(fake.requests).toHaveLength(2);
  });

  it('when the provider serves part of the prompt from its cache, then each call records input, cached and output tokens', async () => {
    await fake.close();
    fake = await startFakeOpenAi({
      usage: { promptTokens: 1500, cachedTokens: 1024, completionTokens: 300 },
    });

    const result = await model({ apiKey: undefined }).writePosts(brief, analysis, ['facebook']);

    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
    expect(result.calls).toEqual([
      {
        role: 'copywriter',
        model: 'gpt-4o-mini',
        inputTokens: 1500,
        cachedInputTokens: 1024,
        outputTokens: 300,
      },
    ]);
  });
});
