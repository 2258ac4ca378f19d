/**
 * Optional AI images: one OpenAI-compatible `POST {base}/images/generations` call (gpt-image-1 style:
 * `b64_json` back, `output_format: "jpeg"`, usage in tokens), never the default and never required.
 * The creative studio crops the one image to each platform's ratio. Retries 429/5xx/timeouts with
 * back-off; other failures are `ContentModelError`s that say what to do.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { ContentModelError, type ModelCall } from './content-model.js';

export type ImageSize = '1024x1024' | '1536x1024' | '1024x1536';
export type ImageQuality = 'low' | 'medium' | 'high';

/** Output tokens per image (OpenAI's published table for gpt-image-1), for pricing before the call. */
export const imageOutputTokens: Record<ImageQuality, Record<ImageSize, number>> = {
  low: { '1024x1024': 272, '1536x1024': 408, '1024x1536': 400 },
  medium: { '1024x1024': 1056, '1536x1024': 1584, '1024x1536': 1568 },
  high: { '1024x1024': 4160, '1536x1024': 6240, '1024x1536': 6208 },
};

export interface ImageModel {
  readonly name: string;
  readonly quality: ImageQuality;
  generate(prompt: string, size: ImageSize): Promise<{ data: Buffer; call: ModelCall }>;
}

const responseSchema = z.object({
  data: z.array(z.object({ b64_json: z.string().min(1) })).min(1),
  usage: z
    .object({
      input_tokens: z.number().int().min(0).default(0),
      output_tokens: z.number().int().min(0).default(0),
      input_tokens_details: z
        .object({ cached_tokens: z.number().int().min(0).optional() })
        .partial()
        .optional(),
    })
    .optional(),
});

const retryable = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

export function createOpenAiImageModel(options: {
  baseURL: string;
  apiKey?: string | undefined;
  model: string;
  quality: ImageQuality;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs?: number;
  fetch?: typeof fetch;
}): ImageModel {
  const send = options.fetch ?? fetch;
  const url = `${options.baseURL.replace(/\/+$/, '')}/images/generations`;
  const baseDelay = options.retryBaseDelayMs ?? 1000;

  async function attempt(prompt: string, size: ImageSize) {
    const response = await send(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: options.model,
        prompt,
        n: 1,
        size,
        quality: options.quality,
        output_format: 'jpeg',
      }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  }

  return {
    name: options.model,
    quality: options.quality,
    async generate(prompt, size) {
      for (let retry = 0; ; retry++) {
        let result: Awaited<ReturnType<typeof attempt>> | null = null;
        try {
          result = await attempt(prompt, size);
        } catch (error) {
          if (retry >= options.maxRetries) {
            throw new ContentModelError('unavailable', 'The image model did not answer', { cause: error });
          }
        }
        if (result && result.status === 200) {
          let parsed;
          try {
            parsed = responseSchema.parse(JSON.parse(result.text));
          } catch (error) {
            throw new ContentModelError('invalid_output', 'The image model answered without an image', {
              cause: error,
            });
          }
          const usage = parsed.usage;
          return {
            data: Buffer.from(parsed.data[0]!.b64_json, 'base64'),
            call: {
              role: 'image',
              model: options.model,
              inputTokens: usage?.input_tokens ?? 0,
              cachedInputTokens: usage?.input_tokens_details?.cached_tokens ?? 0,
              outputTokens: usage?.output_tokens ?? 0,
            },
          };
        }
        if (result) {
          const quota = result.text.includes('insufficient_quota');
          if (!retryable(result.status) || quota) {
            throw new ContentModelError(
              'rejected',
              `The image model refused the request (HTTP ${result.status})`,
            );
          }
          if (retry >= options.maxRetries) {
            throw new ContentModelError(
              'unavailable',
              `The image model kept failing (HTTP ${result.status})`,
            );
          }
        }
        const hinted = Number(result?.headers.get('retry-after-ms') ?? Number.NaN);
        const backoff = baseDelay * 2 ** retry * (1 + Math.random() / 4);
        await delay(Math.min(Number.isFinite(hinted) ? hinted : backoff, 30_000));
      }
    },
  };
}
