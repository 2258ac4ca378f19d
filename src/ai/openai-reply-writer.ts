import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, Output } from 'ai';
import { z } from 'zod';
import type { ReplyWriter } from './reply-writer.js';

const SYSTEM = `You answer comments on a real-estate agent's social media posts, as the agent's team.
Write one short, friendly reply (one or two sentences) to the comment, in the comment's language.
State only facts given in FACTS; never invent a price, a date, availability or a feature. If FACTS do
not answer the question, invite the person to message the agent or follow the link.
Never describe people or who a home suits (no family status, age, religion, origin, disability or sex):
describe the home instead. No hashtags. At most one emoji.
If the comment should not be answered publicly, answer with reply: null.`;

const answer = z.object({ reply: z.string().nullable() });

/** The reply writer over an OpenAI-compatible chat completions server, one attempt, no retries. */
export function createOpenAiReplyWriter(options: {
  baseURL: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
}): ReplyWriter {
  const provider = createOpenAICompatible({
    name: 'listcast',
    baseURL: options.baseURL,
    apiKey: options.apiKey,
    supportsStructuredOutputs: true,
    includeUsage: true,
  });
  return {
    model: options.model,
    async write(brief) {
      const result = await generateText({
        model: provider.chatModel(options.model),
        system: SYSTEM,
        prompt: [
          `PLATFORM: ${brief.platform} (at most ${brief.maxLength} characters)`,
          `INTENT: ${brief.intent}`,
          `FACTS: ${JSON.stringify(brief.facts)}`,
          `COMMENT: ${JSON.stringify(brief.comment)}`,
        ].join('\n'),
        output: Output.object({ schema: answer, name: 'reply' }),
        temperature: 0.4,
        maxOutputTokens: 300,
        maxRetries: 0,
        abortSignal: AbortSignal.timeout(options.timeoutMs),
      });
      const usage = result.usage;
      const call = {
        model: options.model,
        inputTokens: usage.inputTokens ?? 0,
        cachedInputTokens: usage.inputTokenDetails.cacheReadTokens ?? 0,
        outputTokens: usage.outputTokens ?? 0,
      };
      const text = result.output.reply?.trim() ?? null;
      return { text: text && text.length <= brief.maxLength ? text : null, call };
    },
  };
}
