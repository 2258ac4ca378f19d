/**
 * Content studio benchmark. (1) The full built-in pipeline per listing — analysis, short and long
 * descriptions, four posts, limits, compliance and fact checks, engagement estimates — over the 64-listing
 * test corpus × every event, timed per listing. (2) Cost per post with gpt-4o-mini prices, computed from
 * the usage a loopback fake OpenAI server reports for the real prompts and answers (≈ 4 characters per
 * token). Usage: `npm run bench:content`. Results: bench/README.md.
 */
import { performance } from 'node:perf_hooks';
import { createBuiltinCopywriter } from '../src/ai/builtin-copywriter/index.js';
import { contentEvents, platforms, type EventDetails, type ListingBrief } from '../src/ai/content.js';
import { createOpenAiCompatibleModel } from '../src/ai/openai-compatible.js';
import { outputAllowance } from '../src/ai/output-allowance.js';
import { priceTable } from '../src/ai/pricing.js';
import { runListingPipeline } from '../src/modules/content/pipeline.js';
import { buildCorpus } from '../test/ai/listing-corpus.js';
import { startFakeOpenAi } from '../test/fakes/openai-server.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const requirements = {
  disclosureOn: ['description', 'facebook', 'linkedin'] as const,
  licenseOn: ['description', 'facebook', 'linkedin'] as const,
};
const prices = priceTable(undefined);

function details(event: (typeof contentEvents)[number], price: number): EventDetails {
  if (event === 'open_house') {
    return { event, start: '2030-05-04T18:00:00Z', end: '2030-05-04T20:00:00Z', timeZone: 'America/Chicago' };
  }
  if (event === 'price_reduced') return { event, previousPrice: Math.round(price * 1.06) };
  return { event };
}

const briefs: ListingBrief[] = buildCorpus().flatMap((item, index) =>
  contentEvents.map((event, n) => ({
    listing: item.listing,
    brand: item.brand,
    details: details(event, item.listing.price),
    tone: (['professional', 'warm', 'luxury', 'playful'] as const)[(index + n) % 4]!,
    hashtagCap: 5,
    seed: 1,
  })),
);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function builtinPipeline() {
  const model = createBuiltinCopywriter();
  const run = (brief: ListingBrief) =>
    runListingPipeline({
      model,
      prices,
      brief,
      platforms: [...platforms],
      requirements: { disclosureOn: [...requirements.disclosureOn], licenseOn: [...requirements.licenseOn] },
    });
  for (const brief of briefs.slice(0, 50)) await run(brief); // warm-up: JIT and lazily built tables
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const brief of briefs) {
      const start = performance.now();
      await run({ ...brief, seed: round + 1 });
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    `built-in pipeline per listing (${times.length} runs: ${briefs.length} listing × event briefs × ${ROUNDS} seeds):`,
    `median ${percentile(times, 0.5).toFixed(2)} ms, p99 ${percentile(times, 0.99).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`,
  );
}

async function costPerPost() {
  const fake = await startFakeOpenAi({ measureUsage: true });
  try {
    const model = createOpenAiCompatibleModel({
      baseURL: fake.url,
      model: 'gpt-4o-mini',
      timeoutMs: 10_000,
      maxRetries: 0,
    });
    const sample = briefs.filter((_, index) => index % 6 === 0).slice(0, 40);
    let totalMicros = 0;
    let posts = 0;
    let inputTokens = 0;
    let outputTokens = 0;
    for (const brief of sample) {
      const result = await runListingPipeline({
        model,
        prices,
        brief,
        platforms: [...platforms],
        requirements: {
          disclosureOn: [...requirements.disclosureOn],
          licenseOn: [...requirements.licenseOn],
        },
      });
      totalMicros += result.calls.reduce((sum, call) => sum + call.costMicros, 0);
      inputTokens += result.calls.reduce((sum, call) => sum + call.inputTokens, 0);
      outputTokens += result.calls.reduce((sum, call) => sum + call.outputTokens, 0);
      posts += result.posts.length;
    }
    // If every call had used its whole output allowance (max_tokens): the bound the cost cap enforces.
    const price = prices['gpt-4o-mini']!;
    const allowance = outputAllowance.analyst + outputAllowance.descriptions + outputAllowance.posts(4);
    const worstPerPost = (inputTokens / sample.length) * price.input + allowance * price.output;
    console.log(
      `gpt-4o-mini worst case (every call at its max_tokens): $${(worstPerPost / 4 / 1e6).toFixed(5)} per post`,
    );
    console.log(
      `gpt-4o-mini cost over ${sample.length} listings (analysis + descriptions + 4 posts each, ${fake.requests.length} calls):`,
      `$${(totalMicros / 1e6 / posts).toFixed(5)} per post; per listing ${Math.round(inputTokens / sample.length)} input + ${Math.round(outputTokens / sample.length)} output tokens`,
    );
  } finally {
    await fake.close();
  }
}

await builtinPipeline();
await costPerPost();
