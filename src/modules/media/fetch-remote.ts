import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { AppError } from '../../lib/errors.js';
import { pinnedLookup, resolvePublicTarget, type ResolvedTarget } from '../../lib/public-address.js';

export const MAX_REDIRECTS = 3;

export interface FetchPolicy {
  allowLoopback: boolean;
  timeoutMs: number;
  maxBytes: number;
}

const failed = (message: string, details?: unknown) => new AppError('fetch_failed', message, details);

function get(url: URL, target: ResolvedTarget, signal: AbortSignal): Promise<IncomingMessage> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.get(
      url,
      {
        // A fresh connection per request: a pooled socket could belong to another (unchecked) host.
        agent: false,
        lookup: pinnedLookup(target),
        signal,
        headers: { accept: 'image/jpeg, image/png, image/webp', 'user-agent': 'Listcast media import' },
      },
      resolve,
    );
    request.on('error', reject);
  });
}

async function readBody(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  const tooLarge = () =>
    failed(`The file is larger than ${maxBytes} bytes`, { reason: 'too_large', maxBytes });
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > maxBytes) {
      response.destroy();
      throw tooLarge();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Downloads a file from a URL a user gave, safely: every hop (the URL and up to MAX_REDIRECTS
 * redirects, followed here, not by a library) is resolved and checked against internal networks and
 * connected to at the checked address; one deadline covers everything; the body is cut off past
 * `maxBytes` while it streams.
 */
export async function fetchRemote(
  url: string,
  policy: FetchPolicy,
): Promise<{ data: Buffer; finalUrl: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    let current = new URL(url);
    for (let hop = 0; ; hop += 1) {
      const target = await resolvePublicTarget(current, policy);
      const response = await get(current, target, controller.signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.resume();
        if (hop >= MAX_REDIRECTS)
          throw failed(`More than ${MAX_REDIRECTS} redirects`, { reason: 'redirects' });
        try {
          current = new URL(location, current);
        } catch {
          throw failed('The server redirected to an invalid URL', { reason: 'redirect_invalid' });
        }
        continue;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        throw failed(`The server answered HTTP ${status}`, { reason: 'status', status });
      }
      return { data: await readBody(response, policy.maxBytes), finalUrl: current.href };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (controller.signal.aborted) {
      throw failed(`The server did not deliver the file within ${policy.timeoutMs} ms`, {
        reason: 'timeout',
      });
    }
    throw failed('The server could not be reached', { reason: 'unreachable' });
  } finally {
    clearTimeout(timer);
  }
}
