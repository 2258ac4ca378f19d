/**
 * `ContentModel` over any OpenAI-compatible chat completions server (OpenAI, OpenRouter, Ollama, vLLM):
 * `POST {baseURL}/chat/completions` with a strict `json_schema` response format, through the AI SDK.
 *
 * The SDK's own retries are off (`maxRetries: 0`) and this file runs the loop, so back-off is ours to
 * configure and every attempt the provider billed is recorded. Three budgets, each bounded:
 * - transient failures (429 rate limit, 5xx, network, per-attempt timeout): `maxRetries` retries with
 *   exponential back-off and jitter, or the server's `retry-after-ms` / `retry-after` (capped), then
 *   `unavailable`;
 * - unusable output (not JSON, wrong shape, cut off at the token limit, a refusal): up to
 *   `MAX_OUTPUT_ATTEMPTS`, each retry told what was wrong, then `invalid_output` (`rejected` when every
 *   attempt was a refusal);
 * - a post over its platform's limit: asked again once with the problem named, then `fitToLimits`.
 * A 429 `insufficient_quota` or any other 4xx is `rejected` at once: retrying would not help.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import {
  APICallError,
  generateText,
  InvalidResponseDataError,
  NoObjectGeneratedError,
  Output,
  TypeValidationError,
  type FinishReason,
  type LanguageModelUsage,
  type ModelMessage,
} from 'ai';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Platform, PostDraft } from './content.js';
import { outputAllowance } from './output-allowance.js';
import { ContentModelError, type ContentModel, type ContentRole, type ModelCall } from './content-model.js';
import { brandHashtags, listingHashtags } from './hashtags.js';
import { checkLimits, fitToLimits, hashtagCapFor, type LimitProblem } from './limits.js';
import {
  analysisSchema,
  analysisSchemaName,
  analystSystemPrompt,
  analystUserPrompt,
} from './prompts/analyst.js';
import {
  brandPostsSchemaName,
  brandPostsUserPrompt,
  copywriterSystemPrompt,
  descriptionsSchema,
  descriptionsSchemaName,
  descriptionsUserPrompt,
  limitFeedback,
  planPost,
  postsSchemaFor,
  postsSchemaName,
  postsUserPrompt,
  type PostPlan,
  type PostText,
} from './prompts/copywriter.js';

export interface OpenAiCompatibleModelOptions {
  /** E.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`; `/chat/completions` is appended. */
  baseURL: string;
  /** Sent as `Authorization: Bearer …` when set; local servers usually need none. */
  apiKey?: string;
  model: string;
  roleModels?: Partial<Record<ContentRole, string>>;
  /** Per attempt, not per call. */
  timeoutMs: number;
  /** Retries after a transient failure (429, 5xx, network, timeout). */
  maxRetries: number;
  /** First back-off step; doubles per retry. Default 1000. */
  retryBaseDelayMs?: number;
  fetch?: typeof fetch;
}

/** Attempts at getting output that validates, per call. */
export const MAX_OUTPUT_ATTEMPTS = 3;
/** A server asking for a longer pause than this is waited on only this long. */
const MAX_RETRY_AFTER_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;

const temperatures: Record<ContentRole, number> = { analyst: 0.2, copywriter: 0.8 };

interface Ask<T> {
  role: ContentRole;
  schema: z.ZodType<T>;
  schemaName: string;
  system: string;
  messages: ModelMessage[];
  seed: number;
  maxOutputTokens: number;
}

type Outcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'transient'; reason: string; retryAfterMs: number | null; cause: unknown }
  | { kind: 'invalid'; reason: string; refusal: boolean; cause?: unknown };

const errorBodySchema = z.object({
  error: z.object({ code: z.union([z.string(), z.number()]).nullish(), type: z.string().nullish() }),
});

/** OpenAI's 429 comes in two kinds; `insufficient_quota` is billing, which no retry fixes. */
function isQuotaExhausted(error: APICallError): boolean {
  if (error.statusCode !== 429 || !error.responseBody) return false;
  try {
    const body = errorBodySchema.safeParse(JSON.parse(error.responseBody));
    return (
      body.success &&
      (body.data.error.code === 'insufficient_quota' || body.data.error.type === 'insufficient_quota')
    );
  } catch {
    return false;
  }
}

function retryAfterMs(headers: Record<string, string> | undefined): number | null {
  const ms = Number.parseFloat(headers?.['retry-after-ms'] ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  const value = headers?.['retry-after'];
  if (!value) return null;
  const seconds = Number.parseFloat(value);
  const wait = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(wait) ? Math.min(Math.max(wait, 0), MAX_RETRY_AFTER_MS) : null;
}

const issuesSchema = z.object({
  issues: z.array(z.object({ path: z.array(z.unknown()), message: z.string() })),
});

/** What to tell the model about an answer the schema refused: zod's issues when there are any. */
function outputProblem(error: NoObjectGeneratedError): string {
  const cause: unknown = TypeValidationError.isInstance(error.cause) ? error.cause.cause : undefined;
  const parsed = issuesSchema.safeParse(cause);
  if (!parsed.success) return 'it was not valid JSON';
  const issues = parsed.data.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  return `it did not match the schema (${issues.join('; ')})`;
}

const isTimeout = (error: unknown) =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

function invalidOutput(
  finishReason: FinishReason | undefined,
  detail: string,
  cause?: unknown,
): Outcome<never> {
  if (finishReason === 'length')
    return {
      kind: 'invalid',
      reason: 'the answer was cut off at the output token limit',
      refusal: false,
      cause,
    };
  if (finishReason === 'content-filter')
    return { kind: 'invalid', reason: `the model refused: ${detail}`, refusal: true, cause };
  return { kind: 'invalid', reason: detail, refusal: false, cause };
}

export function createOpenAiCompatibleModel(options: OpenAiCompatibleModelOptions): ContentModel {
  const provider = createOpenAICompatible({
    name: 'listcast',
    baseURL: options.baseURL,
    apiKey: options.apiKey,
    supportsStructuredOutputs: true,
    includeUsage: true,
    fetch: options.fetch,
  });
  const baseDelayMs = options.retryBaseDelayMs ?? 1000;
  const modelFor = (role: ContentRole) => options.roleModels?.[role] ?? options.model;

  function record(calls: ModelCall[], role: ContentRole, usage: LanguageModelUsage | undefined) {
    // A response came back, so the provider billed it (a server that reports no usage bills nothing known).
    if (!usage) return;
    calls.push({
      role,
      model: modelFor(role),
      inputTokens: usage.inputTokens ?? 0,
      cachedInputTokens: usage.inputTokenDetails.cacheReadTokens ?? 0,
      outputTokens: usage.outputTokens ?? 0,
    });
  }

  async function attempt<T>(ask: Ask<T>, messages: ModelMessage[], calls: ModelCall[]): Promise<Outcome<T>> {
    const model = modelFor(ask.role);
    try {
      const result = await generateText({
        model: provider.chatModel(model),
        system: ask.system,
        messages,
        output: Output.object({ schema: ask.schema, name: ask.schemaName }),
        temperature: temperatures[ask.role],
        seed: ask.seed,
        maxOutputTokens: ask.maxOutputTokens,
        maxRetries: 0,
        abortSignal: AbortSignal.timeout(options.timeoutMs),
      });
      record(calls, ask.role, result.usage);
      if (result.finishReason !== 'stop') {
        return invalidOutput(result.finishReason, `the answer finished with "${result.finishReason}"`);
      }
      return { kind: 'ok', value: result.output };
    } catch (error) {
      if (NoObjectGeneratedError.isInstance(error)) {
        record(calls, ask.role, error.usage);
        const detail = error.finishReason === 'content-filter' ? (error.text ?? '') : outputProblem(error);
        return invalidOutput(error.finishReason, detail, error);
      }
      if (APICallError.isInstance(error)) {
        if (isQuotaExhausted(error)) {
          throw new ContentModelError(
            'rejected',
            `${model}: the account's quota is exhausted (429 insufficient_quota)`,
            {
              cause: error,
            },
          );
        }
        if (error.isRetryable) {
          const reason = error.statusCode ? `HTTP ${error.statusCode}` : error.message;
          return {
            kind: 'transient',
            reason,
            retryAfterMs: retryAfterMs(error.responseHeaders),
            cause: error,
          };
        }
        if (error.statusCode !== undefined && error.statusCode >= 200 && error.statusCode < 300) {
          return {
            kind: 'invalid',
            reason: 'the response was not a chat completion',
            refusal: false,
            cause: error,
          };
        }
        throw new ContentModelError(
          'rejected',
          `${model} rejected the request: HTTP ${error.statusCode} ${error.message}`,
          {
            cause: error,
          },
        );
      }
      if (isTimeout(error)) {
        return {
          kind: 'transient',
          reason: `no answer within ${options.timeoutMs} ms`,
          retryAfterMs: null,
          cause: error,
        };
      }
      if (InvalidResponseDataError.isInstance(error)) {
        return { kind: 'invalid', reason: 'the response had no answer', refusal: false, cause: error };
      }
      throw error;
    }
  }

  /** One validated answer, or a `ContentModelError` once a budget runs out. */
  async function ask<T>(request: Ask<T>, calls: ModelCall[]): Promise<T> {
    const model = modelFor(request.role);
    let transient = 0;
    let invalid = 0;
    let refusals = 0;
    let messages = request.messages;
    for (;;) {
      const outcome = await attempt(request, messages, calls);
      if (outcome.kind === 'ok') return outcome.value;
      if (outcome.kind === 'transient') {
        transient += 1;
        if (transient > options.maxRetries) {
          throw new ContentModelError('unavailable', `${model}: ${outcome.reason} (${transient} attempts)`, {
            cause: outcome.cause,
          });
        }
        const backoff = Math.min(MAX_BACKOFF_MS, baseDelayMs * 2 ** (transient - 1));
        await sleep(outcome.retryAfterMs ?? backoff + Math.random() * backoff * 0.25);
        continue;
      }
      invalid += 1;
      if (outcome.refusal) refusals += 1;
      if (invalid >= MAX_OUTPUT_ATTEMPTS) {
        const failure = refusals === invalid ? 'rejected' : 'invalid_output';
        throw new ContentModelError(failure, `${model}: ${outcome.reason} (${invalid} attempts)`, {
          cause: outcome.cause,
        });
      }
      // Say what went wrong: a changed prompt also keeps a seeded model from repeating the same answer.
      messages = [
        ...request.messages,
        {
          role: 'user',
          content: `Your previous answer could not be used: ${outcome.reason}. Answer again with one JSON object that matches the schema.`,
        },
      ];
    }
  }

  /**
   * Posts for the planned platforms, each within its limit: one call for all, one re-ask for those over
   * a limit with the problem named, then `fitToLimits` for any still over.
   */
  async function writeDrafts(
    request: { plans: PostPlan[]; prompt: string; schemaName: string; seed: number; hashtagCap: number },
    calls: ModelCall[],
  ): Promise<Map<Platform, PostDraft>> {
    const { plans, hashtagCap } = request;
    const askFor = (forPlans: PostPlan[], messages: ModelMessage[]) =>
      ask(
        {
          role: 'copywriter',
          schema: postsSchemaFor(forPlans.map((plan) => plan.platform)),
          schemaName: request.schemaName,
          system: copywriterSystemPrompt,
          messages,
          seed: request.seed,
          maxOutputTokens: outputAllowance.posts(forPlans.length),
        },
        calls,
      );
    const toDraft = (plan: PostPlan, posts: Record<string, PostText>): PostDraft => {
      const post = posts[plan.platform];
      if (!post) throw new ContentModelError('invalid_output', `No ${plan.platform} post in the answer`);
      return {
        platform: plan.platform,
        text: post.text.trim(),
        hashtags: plan.hashtags,
        callToAction: post.callToAction.trim(),
      };
    };

    const messages: ModelMessage[] = [{ role: 'user', content: request.prompt }];
    const first = await askFor(plans, messages);
    const drafts = new Map(plans.map((plan) => [plan.platform, toDraft(plan, first.posts)]));

    const broken = plans.flatMap((plan) =>
      checkLimits(drafts.get(plan.platform)!, { hashtagCap }).map((problem: LimitProblem) => ({
        plan,
        problem,
      })),
    );
    if (broken.length > 0) {
      const brokenPlans = [...new Set(broken.map(({ plan }) => plan))];
      try {
        const second = await askFor(brokenPlans, [
          ...messages,
          { role: 'assistant', content: JSON.stringify(first) },
          { role: 'user', content: limitFeedback(broken) },
        ]);
        for (const plan of brokenPlans) drafts.set(plan.platform, toDraft(plan, second.posts));
      } catch (error) {
        // The first drafts are valid apart from length, which fitToLimits repairs below.
        if (!(error instanceof ContentModelError)) throw error;
      }
    }

    for (const [platform, draft] of drafts) {
      if (checkLimits(draft, { hashtagCap }).length === 0) continue;
      const fitted = fitToLimits(draft, { hashtagCap });
      const problems = checkLimits(fitted, { hashtagCap });
      if (problems.length > 0) {
        throw new ContentModelError(
          'invalid_output',
          `The ${platform} post cannot be fitted: ${problems[0]!.message}`,
        );
      }
      drafts.set(platform, fitted);
    }
    return drafts;
  }

  const inOrder = (platforms: Platform[], drafts: Map<Platform, PostDraft>) =>
    platforms.map((platform) => drafts.get(platform)!);

  return {
    name: options.model,
    remote: true,
    modelFor,

    async analyze(brief) {
      const calls: ModelCall[] = [];
      const value = await ask(
        {
          role: 'analyst',
          schema: analysisSchema,
          schemaName: analysisSchemaName,
          system: analystSystemPrompt,
          messages: [{ role: 'user', content: analystUserPrompt(brief) }],
          seed: brief.seed,
          maxOutputTokens: outputAllowance.analyst,
        },
        calls,
      );
      return { value, calls };
    },

    async describe(brief, analysis) {
      const calls: ModelCall[] = [];
      const value = await ask(
        {
          role: 'copywriter',
          schema: descriptionsSchema,
          schemaName: descriptionsSchemaName,
          system: copywriterSystemPrompt,
          messages: [{ role: 'user', content: descriptionsUserPrompt(brief, analysis) }],
          seed: brief.seed,
          maxOutputTokens: outputAllowance.descriptions,
        },
        calls,
      );
      return { value: { short: value.short.trim(), long: value.long.trim() }, calls };
    },

    async writePosts(brief, analysis, platforms) {
      const calls: ModelCall[] = [];
      if (platforms.length === 0) return { value: [], calls };
      const plans = [...new Set(platforms)].map((platform) =>
        planPost(
          platform,
          listingHashtags({
            listing: brief.listing,
            event: brief.details.event,
            brandDefaults: brief.brand.defaultHashtags,
            cap: hashtagCapFor(platform, brief.hashtagCap),
          }),
        ),
      );
      const drafts = await writeDrafts(
        {
          plans,
          prompt: postsUserPrompt(brief, analysis, plans),
          schemaName: postsSchemaName,
          seed: brief.seed,
          hashtagCap: brief.hashtagCap,
        },
        calls,
      );
      return { value: inOrder(platforms, drafts), calls };
    },

    async writeBrandPosts(brief, platforms) {
      const calls: ModelCall[] = [];
      if (platforms.length === 0) return { value: [], calls };
      const plans = [...new Set(platforms)].map((platform) =>
        planPost(
          platform,
          brandHashtags({
            requested: brief.hashtags,
            brandDefaults: brief.brand.defaultHashtags,
            cap: hashtagCapFor(platform, brief.hashtagCap),
          }),
        ),
      );
      const drafts = await writeDrafts(
        {
          plans,
          prompt: brandPostsUserPrompt(brief, plans),
          schemaName: brandPostsSchemaName,
          seed: brief.seed,
          hashtagCap: brief.hashtagCap,
        },
        calls,
      );
      const value = inOrder(platforms, drafts).map((draft) =>
        brief.callToAction ? { ...draft, callToAction: brief.callToAction } : draft,
      );
      return { value, calls };
    },
  };
}
