/**
 * The `ContentModel` port: the writers behind the content pipeline. Two implementations — the built-in
 * copywriter (`builtin-copywriter.ts`, offline, deterministic per seed) and an OpenAI-compatible model
 * (`openai-compatible.ts`). The pipeline (`src/modules/content/`) calls the roles in order and runs
 * the limits and the compliance reviewer on whatever comes back, so both implementations are held to
 * the same rules.
 *
 * Contract for implementations:
 * - Never state a number, feature or place that is not in the brief (listing or brand facts).
 * - Return drafts that pass `checkLimits` (limits.ts) for the brief's hashtag cap; a remote model's
 *   output that does not is retried with the problem named, then repaired with `fitToLimits`.
 * - Report every billable call in `calls` (the built-in copywriter reports none).
 * - Throw `ContentModelError` for a failure the caller should surface (timeouts, exhausted retries,
 *   refusals); never return partial or unvalidated output.
 */
import type { Analysis, BrandPostBrief, Descriptions, ListingBrief, Platform, PostDraft } from './content.js';

export type ContentRole = 'analyst' | 'copywriter';

/** One billable model call, as the provider reported it. */
export interface ModelCall {
  /** `image` for an image generation (see images.ts). */
  role: ContentRole | 'image';
  model: string;
  inputTokens: number;
  /** Part of `inputTokens` served from the provider's prompt cache (billed at the cached rate). */
  cachedInputTokens: number;
  outputTokens: number;
}

export interface Generated<T> {
  value: T;
  calls: ModelCall[];
}

export interface ContentModel {
  /** `builtin`, or the configured model id; stored with every content set. */
  readonly name: string;
  /** True when calls leave the process (cost, latency): the API then answers with a job to poll. */
  readonly remote: boolean;
  /** The model id each role would use, for pricing before the call (remote only). */
  modelFor(role: ContentRole): string;
  analyze(brief: ListingBrief): Promise<Generated<Analysis>>;
  describe(brief: ListingBrief, analysis: Analysis): Promise<Generated<Descriptions>>;
  /** One draft per requested platform, in the order asked. */
  writePosts(brief: ListingBrief, analysis: Analysis, platforms: Platform[]): Promise<Generated<PostDraft[]>>;
  writeBrandPosts(brief: BrandPostBrief, platforms: Platform[]): Promise<Generated<PostDraft[]>>;
}

export type ContentModelFailure =
  /** The provider kept failing (429/5xx/timeout) through every retry: try again later. */
  | 'unavailable'
  /** The provider refused (safety) or rejected the request (4xx other than 429): do not retry as is. */
  | 'rejected'
  /** Output never validated (schema or limits) within the allowed attempts. */
  | 'invalid_output';

export class ContentModelError extends Error {
  constructor(
    readonly failure: ContentModelFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ContentModelError';
  }
}
