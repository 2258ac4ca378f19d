/**
 * What model calls cost, in micro-dollars (1e-6 USD). Prices are USD per million tokens, so a price
 * times a token count is already micro-dollars. Built-in prices as of mid-2026 (platform-apis.md §7.3);
 * `AI_PRICES` overrides or adds models. A model without a price (a local Ollama or vLLM model) costs 0.
 */
import { z } from 'zod';
import type { ContentRole, ModelCall } from './content-model.js';

export interface ModelPrice {
  input: number;
  cachedInput: number;
  output: number;
}
export type PriceTable = Record<string, ModelPrice>;

const builtinPrices: PriceTable = {
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  // Billed by tokens: prompt text in, image tokens out (1024² at low / medium / high ≈ 272 / 1056 / 4160).
  'gpt-image-1': { input: 5, cachedInput: 1.25, output: 40 },
};

const priceSchema = z.record(
  z.string().min(1),
  z.strictObject({
    input: z.number().min(0),
    cachedInput: z.number().min(0).optional(),
    output: z.number().min(0),
  }),
);

/** The built-in table with `AI_PRICES` (JSON) merged over it. Throws naming the problem if invalid. */
export function priceTable(json: string | undefined): PriceTable {
  if (!json) return { ...builtinPrices };
  const parsed = priceSchema.parse(JSON.parse(json));
  const table = { ...builtinPrices };
  for (const [model, price] of Object.entries(parsed)) {
    table[model] = {
      input: price.input,
      cachedInput: price.cachedInput ?? price.input,
      output: price.output,
    };
  }
  return table;
}

/** Provider model ids often carry a date suffix (`gpt-4o-mini-2024-07-18`): match the longest known prefix. */
export function priceOf(table: PriceTable, model: string): ModelPrice | null {
  if (table[model]) return table[model];
  const prefix = Object.keys(table)
    .filter((known) => model.startsWith(`${known}-`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? table[prefix]! : null;
}

/** `prompt_tokens` includes the cached part: bill it at the cached rate and the rest at the input rate. */
export function callCostMicros(table: PriceTable, call: Omit<ModelCall, 'role'>): number {
  const price = priceOf(table, call.model);
  if (!price) return 0;
  const cached = Math.min(call.cachedInputTokens, call.inputTokens);
  return Math.round(
    (call.inputTokens - cached) * price.input + cached * price.cachedInput + call.outputTokens * price.output,
  );
}

/**
 * The most a generation can cost before it runs: the prompt's estimated tokens (≈ 4 characters each)
 * plus each call's output allowance, at the role's model price. Used to hold the per-post cap.
 */
export function estimateCostMicros(
  table: PriceTable,
  calls: { role: ContentRole; model: string; promptChars: number; maxOutputTokens: number }[],
): number {
  return calls.reduce((sum, call) => {
    const price = priceOf(table, call.model);
    if (!price) return sum;
    return sum + Math.ceil(call.promptChars / 4) * price.input + call.maxOutputTokens * price.output;
  }, 0);
}
