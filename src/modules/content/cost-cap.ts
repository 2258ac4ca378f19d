import type { ContentModel } from '../../ai/content-model.js';
import type { ContentModels } from '../../ai/models.js';
import { outputAllowance } from '../../ai/output-allowance.js';
import { estimateCostMicros } from '../../ai/pricing.js';
import { AppError } from '../../lib/errors.js';
import type { ContentSettings } from './settings.js';

/** Room for each role's instructions and response schema on top of the facts (measured ≈ 3,000). */
const SYSTEM_PROMPT_CHARS = 5000;

/**
 * The writer for one generation, chosen before any call: the configured model when its worst-case cost
 * per post stays within the workspace's cap; otherwise the built-in copywriter (`fallback`) or a 422,
 * as the workspace chose.
 */
export function chooseModel(options: {
  models: ContentModels;
  settings: ContentSettings;
  factsChars: number;
  platforms: number;
  withAnalysis: boolean;
}): { model: ContentModel; fallback: 'cost_cap' | null } {
  const { models, settings, factsChars, platforms, withAnalysis } = options;
  const model = models.primary;
  if (!model.remote) return { model, fallback: null };
  const promptChars = factsChars + SYSTEM_PROMPT_CHARS;
  const copywriter = model.modelFor('copywriter');
  const calls = [
    {
      role: 'copywriter' as const,
      model: copywriter,
      promptChars,
      maxOutputTokens: outputAllowance.posts(platforms),
    },
    ...(withAnalysis
      ? [
          {
            role: 'analyst' as const,
            model: model.modelFor('analyst'),
            promptChars,
            maxOutputTokens: outputAllowance.analyst,
          },
          {
            role: 'copywriter' as const,
            model: copywriter,
            promptChars,
            maxOutputTokens: outputAllowance.descriptions,
          },
        ]
      : []),
  ];
  const perPost = Math.ceil(estimateCostMicros(models.prices, calls) / Math.max(platforms, 1));
  if (perPost <= settings.costCapMicros) return { model, fallback: null };
  if (settings.overCap === 'fallback') return { model: models.builtin, fallback: 'cost_cap' };
  throw new AppError(
    'cost_cap_exceeded',
    `This generation could cost up to $${(perPost / 1e6).toFixed(4)} per post, above the workspace's cap of $${(settings.costCapMicros / 1e6).toFixed(4)}`,
    { estimatedMicrosPerPost: perPost, capMicros: settings.costCapMicros },
  );
}
