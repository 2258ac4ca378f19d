import type { Config } from '../config.js';
import { createBuiltinCopywriter } from './builtin-copywriter/index.js';
import type { ContentModel } from './content-model.js';
import { createOpenAiCompatibleModel } from './openai-compatible.js';
import { priceTable, type PriceTable } from './pricing.js';

export interface ContentModels {
  /** The configured writer: an OpenAI-compatible model when `AI_BASE_URL` is set, else the built-in one. */
  primary: ContentModel;
  /** Always available: the fallback when a call would break a workspace's cost cap. */
  builtin: ContentModel;
  prices: PriceTable;
}

export function createContentModels(config: Config): ContentModels {
  const builtin = createBuiltinCopywriter();
  const primary = config.AI_BASE_URL
    ? createOpenAiCompatibleModel({
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
  return { primary, builtin, prices: priceTable(config.AI_PRICES) };
}
