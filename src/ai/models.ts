import type { Config } from '../config.js';
import { createBuiltinCopywriter } from './builtin-copywriter/index.js';
import type { ContentModel } from './content-model.js';
import { createOpenAiImageModel, type ImageModel } from './images.js';
import type { OpenAiCompatibleModelOptions } from './openai-compatible.js';
import { priceTable, type PriceTable } from './pricing.js';
import { createReplyWriter, type ReplyWriter } from './reply-writer.js';

export interface ContentModels {
  /** The configured writer: an OpenAI-compatible model when `AI_BASE_URL` is set, else the built-in one. */
  primary: ContentModel;
  /** Always available: the fallback when a call would break a workspace's cost cap. */
  builtin: ContentModel;
  prices: PriceTable;
  /** Optional AI images: only when `AI_BASE_URL` and `AI_IMAGE_MODEL` are both set. */
  images: ImageModel | null;
  /** Replies to comments by the remote model (the inbox's `model` rules); null: the built-in writer. */
  replies: ReplyWriter | null;
}

export function createContentModels(config: Config): ContentModels {
  const builtin = createBuiltinCopywriter();
  const primary = config.AI_BASE_URL
    ? lazyRemoteModel({
        baseURL: config.AI_BASE_URL,
        ...(config.AI_API_KEY ? { apiKey: config.AI_API_KEY } : {}),
        model: config.AI_MODEL,
        roleModels: {
          ...(config.AI_ANALYST_MODEL ? { analyst: config.AI_ANALYST_MODEL } : {}),
          ...(config.AI_COPYWRITER_MODEL ? { copywriter: config.AI_COPYWRITER_MODEL } : {}),
        },
        timeoutMs: config.AI_TIMEOUT_MS,
        maxRetries: config.AI_MAX_RETRIES,
      })
    : builtin;
  const images =
    config.AI_BASE_URL && config.AI_IMAGE_MODEL
      ? createOpenAiImageModel({
          baseURL: config.AI_BASE_URL,
          apiKey: config.AI_API_KEY,
          model: config.AI_IMAGE_MODEL,
          quality: config.AI_IMAGE_QUALITY,
          timeoutMs: config.AI_TIMEOUT_MS,
          maxRetries: config.AI_MAX_RETRIES,
        })
      : null;
  return {
    primary,
    builtin,
    prices: priceTable(config.AI_PRICES),
    images,
    replies: createReplyWriter(config),
  };
}

/**
 * The OpenAI-compatible model, loaded on its first call: the AI SDK costs ≈ 40 MB and 0.4 s at start,
 * which an instance on the built-in copywriter, or one that has not written yet, should not pay.
 */
function lazyRemoteModel(options: OpenAiCompatibleModelOptions): ContentModel {
  let loaded: Promise<ContentModel> | null = null;
  const model = () =>
    (loaded ??= import('./openai-compatible.js').then((module) =>
      module.createOpenAiCompatibleModel(options),
    ));
  return {
    name: options.model,
    remote: true,
    modelFor: (role) => options.roleModels?.[role] ?? options.model,
    analyze: async (brief) => (await model()).analyze(brief),
    describe: async (brief, analysis) => (await model()).describe(brief, analysis),
    writePosts: async (brief, analysis, platforms) => (await model()).writePosts(brief, analysis, platforms),
    writeBrandPosts: async (brief, platforms) => (await model()).writeBrandPosts(brief, platforms),
  };
}
