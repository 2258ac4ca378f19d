/**
 * Replies to comments written by the configured OpenAI-compatible model (`AI_BASE_URL`), for the inbox's
 * `model` reply rules. Without a remote model there is none, and the inbox's built-in writer answers.
 * The AI SDK is loaded on the first reply, like the content studio's remote model.
 */
import type { Config } from '../config.js';
import type { ModelCall } from './content-model.js';

export interface ReplyBrief {
  /** The triaged intent of the comment (price_question, availability, showing_request…). */
  intent: string;
  comment: string;
  platform: string;
  /** The only facts the reply may state: the listing, the link, the agent, the commenter's name. */
  facts: Record<string, unknown>;
  maxLength: number;
}

export interface ReplyWriter {
  readonly model: string;
  /** The reply, or null when the model had nothing to say from the facts; with the call for costing. */
  write(brief: ReplyBrief): Promise<{ text: string | null; call: Omit<ModelCall, 'role'> | null }>;
}

export function createReplyWriter(config: Config): ReplyWriter | null {
  if (!config.AI_BASE_URL) return null;
  const model = config.AI_COPYWRITER_MODEL ?? config.AI_MODEL;
  let loaded: Promise<ReplyWriter> | null = null;
  const load = () =>
    (loaded ??= import('./openai-reply-writer.js').then((module) =>
      module.createOpenAiReplyWriter({
        baseURL: config.AI_BASE_URL!,
        ...(config.AI_API_KEY ? { apiKey: config.AI_API_KEY } : {}),
        model,
        timeoutMs: config.AI_TIMEOUT_MS,
      }),
    ));
  return { model, write: async (brief) => (await load()).write(brief) };
}
