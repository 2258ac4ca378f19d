/**
 * A loopback fake of an OpenAI-compatible chat completions server (platform-apis.md §7.1), for tests
 * and local development: `POST /v1/chat/completions` only.
 *
 * - Checks `Authorization: Bearer <apiKey>` when `apiKey` is set (401 with OpenAI's error body).
 * - Requires `model`, non-empty `messages` and `response_format: {type: 'json_schema', json_schema}`;
 *   with `strict: true` it also requires what OpenAI's strict mode does: every object level lists all
 *   its properties in `required` and sets `additionalProperties: false` (400 otherwise).
 * - Records every request (path, headers, parsed body) in `requests`, so tests assert the payload.
 * - By default answers with a valid object for whichever schema was asked, built by walking the JSON
 *   schema and filling strings from the facts found in the prompt's JSON lines (address, price, agent…),
 *   with `usage` and `finish_reason: 'stop'` in the exact response shape.
 * - `script(...)` queues the next replies instead (first in, first out): see `fakeReplies` for 429s,
 *   quota, 5xx, malformed or truncated JSON, refusals, altered answers and a hang.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

export interface FakeUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

export interface FakeOpenAiOptions {
  /** When set, every request must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Usage on answers that do not script their own. Default 512 prompt (0 cached), 128 completion. */
  usage?: Partial<FakeUsage>;
  /**
   * Report usage measured from the request and the answer (≈ 4 characters per token, the usual rule of
   * thumb for English with OpenAI's tokenizers) instead of fixed numbers: for cost benchmarks.
   */
  measureUsage?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (`null` when it was not JSON). */
  body: ChatRequest | null;
}

/** The request fields the fake reads; everything else is recorded as sent. */
export interface ChatRequest {
  model?: unknown;
  messages?: { role: string; content: unknown }[];
  response_format?: { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: JsonSchema } };
  [field: string]: unknown;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  minItems?: number;
  [keyword: string]: unknown;
}

export type FakeReply =
  /** Any HTTP answer as is (errors, odd bodies). */
  | { kind: 'http'; status: number; body: unknown; headers?: Record<string, string> }
  /** A chat completion whose message content is exactly `content`. */
  | {
      kind: 'completion';
      content: string | null;
      refusal?: string;
      finishReason?: string;
      usage?: Partial<FakeUsage>;
    }
  /** The default valid answer, passed through `change` first (e.g. to make one post too long). */
  | {
      kind: 'answer';
      change: (answer: Record<string, unknown>, request: ChatRequest) => unknown;
      finishReason?: string;
      usage?: Partial<FakeUsage>;
    }
  /** The default answer's JSON cut in half, with `finish_reason: 'length'`. */
  | { kind: 'truncated' }
  /** Never answers; the connection is dropped by `close()`. */
  | { kind: 'hang' };

const errorBody = (message: string, type: string, code: string | null, param: string | null = null) => ({
  error: { message, type, param, code },
});

/** Ready-made replies for `script(...)`. */
export const fakeReplies = {
  rateLimited: (retryAfterMs = 10): FakeReply => ({
    kind: 'http',
    status: 429,
    headers: { 'retry-after-ms': String(retryAfterMs), 'x-ratelimit-remaining-requests': '0' },
    body: errorBody(
      'Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1.',
      'requests',
      'rate_limit_exceeded',
    ),
  }),
  quotaExhausted: (): FakeReply => ({
    kind: 'http',
    status: 429,
    body: errorBody(
      'You exceeded your current quota, please check your plan and billing details.',
      'insufficient_quota',
      'insufficient_quota',
    ),
  }),
  serverError: (status = 500): FakeReply => ({
    kind: 'http',
    status,
    body: errorBody('The server had an error while processing your request.', 'server_error', null),
  }),
  malformedJson: (): FakeReply => ({
    kind: 'completion',
    content: '{"headline": "Sunny home", "sellingPoints": [',
  }),
  truncated: (): FakeReply => ({ kind: 'truncated' }),
  refusal: (text = "I'm sorry, I can't help with that request."): FakeReply => ({
    kind: 'completion',
    content: null,
    refusal: text,
  }),
  answer: (change: (answer: Record<string, unknown>, request: ChatRequest) => unknown): FakeReply => ({
    kind: 'answer',
    change,
  }),
  hang: (): FakeReply => ({ kind: 'hang' }),
};

export interface FakeOpenAi {
  /** Base URL ending in `/v1`, as configured for a real provider. */
  url: string;
  requests: RecordedRequest[];
  /** Queue replies for the next requests, in order; unscripted requests get the default answer. */
  script(...replies: FakeReply[]): void;
  /** Scripted replies not yet used. */
  pendingReplies(): number;
  /** Drops the scripted replies not yet used. */
  clearScript(): void;
  close(): Promise<void>;
}

/** Tokens as ≈ 4 characters each: the messages and the response schema sent, and the content answered. */
function measuredUsage(rawRequest: string, content: string): FakeUsage {
  const request = JSON.parse(rawRequest) as { messages?: { content?: unknown }[]; response_format?: unknown };
  const promptChars =
    (request.messages ?? []).reduce(
      (sum, message) => sum + (typeof message.content === 'string' ? message.content.length : 0),
      0,
    ) + JSON.stringify(request.response_format ?? {}).length;
  return {
    promptTokens: Math.ceil(promptChars / 4) + 4 * (request.messages?.length ?? 0),
    completionTokens: Math.ceil(content.length / 4),
    cachedTokens: 0,
  };
}

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  const hanging = new Set<ServerResponse>();
  const defaultUsage: FakeUsage = {
    promptTokens: 512,
    completionTokens: 128,
    cachedTokens: 0,
    ...options.usage,
  };
  let served = 0;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-request-id': `req_fake_${served}`,
      ...headers,
    });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      served += 1;
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: ChatRequest | null;
      try {
        body = JSON.parse(raw) as ChatRequest;
      } catch {
        body = null;
      }
      const path = (req.url ?? '').split('?')[0] ?? '';
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });

      if (req.method === 'POST' && path === '/v1/images/generations') {
        if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
          return send(
            res,
            401,
            errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'),
          );
        }
        const scripted = queue.shift();
        if (scripted?.kind === 'http') return send(res, scripted.status, scripted.body, scripted.headers);
        const problem = imageRequestProblem(body as unknown as ImageRequest | null);
        if (problem) return send(res, 400, errorBody(problem, 'invalid_request_error', null));
        const image = body as unknown as ImageRequest;
        return send(res, 200, {
          created: 1_730_000_000,
          data: [{ b64_json: fakeJpeg.toString('base64') }],
          output_format: 'jpeg',
          quality: image.quality ?? 'auto',
          size: image.size,
          usage: {
            input_tokens: Math.ceil(image.prompt.length / 4),
            input_tokens_details: { text_tokens: Math.ceil(image.prompt.length / 4), image_tokens: 0 },
            output_tokens: imageTokens[image.quality ?? 'medium'] ?? 1056,
            total_tokens:
              Math.ceil(image.prompt.length / 4) + (imageTokens[image.quality ?? 'medium'] ?? 1056),
          },
        });
      }
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        return send(
          res,
          404,
          errorBody(`Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', 'unknown_url'),
        );
      }
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return send(
          res,
          401,
          errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'),
        );
      }
      const invalid = body ? requestProblem(body) : 'We could not parse the JSON body of your request.';
      if (invalid || !body) return send(res, 400, errorBody(invalid ?? '', 'invalid_request_error', null));

      const reply = queue.shift();
      if (reply?.kind === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (reply?.kind === 'http') return send(res, reply.status, reply.body, reply.headers);

      const answer = defaultAnswer(body);
      let content: string | null = JSON.stringify(answer);
      let refusal: string | null = null;
      let finishReason = 'stop';
      let usage = options.measureUsage ? measuredUsage(raw, content) : defaultUsage;
      if (reply?.kind === 'completion') {
        content = reply.content;
        refusal = reply.refusal ?? null;
        finishReason = reply.finishReason ?? 'stop';
        usage = { ...defaultUsage, ...reply.usage };
      } else if (reply?.kind === 'answer') {
        content = JSON.stringify(reply.change(answer, body));
        finishReason = reply.finishReason ?? 'stop';
        usage = { ...defaultUsage, ...reply.usage };
      } else if (reply?.kind === 'truncated') {
        content = content.slice(0, Math.floor(content.length / 2));
        finishReason = 'length';
      }
      send(
        res,
        200,
        completion({ model: String(body.model), content, refusal, finishReason, usage, id: served }),
        {
          'x-ratelimit-remaining-requests': '499',
        },
      );
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => void queue.push(...replies),
    pendingReplies: () => queue.length,
    clearScript: () => void queue.splice(0),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function completion(options: {
  id: number;
  model: string;
  content: string | null;
  refusal: string | null;
  finishReason: string;
  usage: FakeUsage;
}) {
  const { usage } = options;
  return {
    id: `chatcmpl-fake${options.id}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: options.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: options.content, refusal: options.refusal },
        logprobs: null,
        finish_reason: options.finishReason,
      },
    ],
    usage: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
      prompt_tokens_details: { cached_tokens: usage.cachedTokens, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  };
}

/** What the real API would reject with 400, as its message; null when the request is acceptable. */
/** The request fields of `POST /v1/images/generations` the fake checks (gpt-image-1 rules). */
interface ImageRequest {
  model?: unknown;
  prompt: string;
  n?: number;
  size: string;
  quality?: 'low' | 'medium' | 'high';
  output_format?: string;
  response_format?: unknown;
}

/** Output tokens per quality for a 1024² image (OpenAI's table; the fake uses it for every size). */
const imageTokens: Record<string, number> = { low: 272, medium: 1056, high: 4160 };

/** A small valid JPEG: what the fake returns as the generated image (a warm gradient, 64×96). */
const fakeJpeg = await sharp({
  create: { width: 64, height: 96, channels: 3, background: { r: 196, g: 150, b: 98 } },
})
  .jpeg()
  .toBuffer();

function imageRequestProblem(body: ImageRequest | null): string | null {
  if (!body) return 'We could not parse the JSON body of your request.';
  if (typeof body.model !== 'string') return "Missing required parameter: 'model'.";
  if (typeof body.prompt !== 'string' || body.prompt.length === 0)
    return "Missing required parameter: 'prompt'.";
  if (body.prompt.length > 32_000) return "'prompt' is too long: at most 32000 characters.";
  if (body.n !== undefined && (body.n < 1 || body.n > 10)) return "'n' must be between 1 and 10.";
  if (!['1024x1024', '1536x1024', '1024x1536', 'auto'].includes(body.size))
    return `Invalid size '${body.size}'.`;
  if (body.quality !== undefined && !['low', 'medium', 'high', 'auto'].includes(body.quality)) {
    return `Invalid quality '${body.quality}'.`;
  }
  if (body.response_format !== undefined) return "Unknown parameter: 'response_format'.";
  return null;
}

function requestProblem(body: ChatRequest): string | null {
  if (typeof body.model !== 'string' || body.model === '') return 'you must provide a model parameter';
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return "Invalid 'messages': empty array. Expected an array with minimum length 1.";
  }
  if (body.stream) return 'The fake does not stream; send stream: false.';
  const format = body.response_format;
  if (format?.type !== 'json_schema' || !format.json_schema?.schema) {
    return "The fake expects response_format of type 'json_schema' with a schema.";
  }
  const { name, strict, schema } = format.json_schema;
  if (typeof name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
    return "Invalid 'response_format.json_schema.name': must match ^[a-zA-Z0-9_-]{1,64}$.";
  }
  if (strict) {
    const problem = strictProblem(schema, name);
    if (problem) return `Invalid schema for response_format '${name}': ${problem}`;
  }
  return null;
}

function strictProblem(schema: JsonSchema, path: string): string | null {
  const isObject = schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object'));
  if (isObject) {
    if (schema.additionalProperties !== false) {
      return `In context=(${path}), 'additionalProperties' is required to be supplied and to be false.`;
    }
    const keys = Object.keys(schema.properties ?? {});
    const missing = keys.filter((key) => !(schema.required ?? []).includes(key));
    if (missing.length > 0) {
      return `In context=(${path}), 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
    }
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const problem = strictProblem(child, `${path}.${key}`);
    if (problem) return problem;
  }
  for (const child of [...(schema.items ? [schema.items] : []), ...(schema.anyOf ?? [])]) {
    const problem = strictProblem(child, path);
    if (problem) return problem;
  }
  return null;
}

/** Facts from the prompt: every message line that parses as a JSON object, merged. */
function promptFacts(body: ChatRequest): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const message of body.messages ?? []) {
    if (message.role !== 'user' || typeof message.content !== 'string') continue;
    for (const line of message.content.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        Object.assign(facts, JSON.parse(line) as Record<string, unknown>);
      } catch {
        // Not JSON after all: prose that starts with a brace.
      }
    }
  }
  return facts;
}

/** A valid answer for the request's schema, written from the prompt's facts. */
export function defaultAnswer(body: ChatRequest): Record<string, unknown> {
  const schema = body.response_format?.json_schema?.schema ?? { type: 'object' };
  const value = instanceOf(schema, '', sentences(promptFacts(body)));
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function instanceOf(schema: JsonSchema, key: string, words: (key: string) => string): unknown {
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.anyOf) {
    const nonNull = schema.anyOf.find((option) => option.type !== 'null') ?? schema.anyOf[0];
    return nonNull ? instanceOf(nonNull, key, words) : null;
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((candidate) => candidate !== 'null') ?? types[0];
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, child]) => [
          name,
          instanceOf(child, name, words),
        ]),
      );
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
        schema.items ? instanceOf(schema.items, key, words) : null,
      );
    case 'string':
      return words(key);
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

/** Short strings per field name, each quoting facts from the prompt, so answers read plausibly. */
function sentences(facts: Record<string, unknown>): (key: string) => string {
  const listing = facts.listing as
    | {
        address?: { street?: string; city?: string };
        price?: number;
        beds?: number;
        baths?: number;
        pricePerSqft?: number;
      }
    | undefined;
  const agent = typeof facts.agentName === 'string' ? facts.agentName : 'our team';
  const subject = listing
    ? [
        listing.beds ? `${listing.beds}-bedroom` : null,
        'home at',
        `${listing.address?.street ?? ''}, ${listing.address?.city ?? ''}`,
        listing.price ? `for $${listing.price.toLocaleString('en-US')}` : null,
      ]
        .filter(Boolean)
        .join(' ')
    : typeof facts.topic === 'string'
      ? facts.topic
      : 'our latest news';
  return (key) => {
    switch (key) {
      case 'callToAction':
        return `Contact ${agent} to learn more.`;
      case 'pricePositioning':
        return listing?.pricePerSqft
          ? `Listed at $${listing.price ?? 0} ($${listing.pricePerSqft} per square foot).`
          : `Listed at $${listing?.price ?? 0}.`;
      case 'long':
        return `Welcome to this ${subject}.\n\nContact ${agent} for details.`;
      case 'text':
        return `${subject[0]?.toUpperCase() ?? ''}${subject.slice(1)}. Contact ${agent} to learn more.`;
      default:
        return `A ${subject}.`;
    }
  };
}
