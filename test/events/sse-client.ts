import { get, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { expect, vi } from 'vitest';
import type { App } from '../../src/app.js';

export interface StreamedEvent {
  /** The `id:` line. */
  id: number;
  /** The `event:` line. */
  event: string;
  /** The `data:` line, parsed. */
  data: { id: number; kind: string; data: Record<string, unknown>; createdAt: string };
}

/** A Server-Sent Events client, as an integrator would write one. */
export interface EventStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The answer's body when it is not a stream (an error). */
  body: string;
  events: StreamedEvent[];
  /** Comment lines (`: ping`), without the colon. */
  comments: string[];
  ended: () => boolean;
  /** Waits until an event matches (never sleeps: polls what has arrived). */
  next(match: (event: StreamedEvent) => boolean, timeout?: number): Promise<StreamedEvent>;
  close(): void;
}

/** The address of a test app listening on a loopback port (listening once). */
export async function baseUrl(app: App): Promise<string> {
  const address = app.server.address();
  if (address && typeof address === 'object') return `http://127.0.0.1:${address.port}`;
  await app.listen({ host: '127.0.0.1', port: 0 });
  return baseUrl(app);
}

export async function openStream(
  app: App,
  options: { token?: string; workspaceId?: string; lastEventId?: string; query?: string } = {},
): Promise<EventStream> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.workspaceId) headers['x-workspace-id'] = options.workspaceId;
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  // node:http with a connection of its own: Node's fetch opens a spare keep-alive connection once a
  // stream is aborted, and the server's close would wait for that idle connection to time out.
  const url = `${await baseUrl(app)}/api/v1/events${options.query ?? ''}`;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    get(url, { headers, agent: false }, resolve).on('error', reject);
  });
  const events: StreamedEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  let body = '';
  const status = response.statusCode ?? 0;
  const isStream = status === 200 && String(response.headers['content-type']).startsWith('text/event-stream');
  if (!isStream) {
    for await (const chunk of response) body += (chunk as Buffer).toString('utf8');
    ended = true;
  } else {
    response.setEncoding('utf8');
    let buffer = '';
    response.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields: Record<string, string> = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else {
            const colon = line.indexOf(':');
            fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
          }
        }
        if (fields.data !== undefined) {
          events.push({
            id: Number(fields.id),
            event: fields.event ?? 'message',
            data: JSON.parse(fields.data) as StreamedEvent['data'],
          });
        }
      }
    });
    response.on('close', () => {
      ended = true;
    });
  }
  return {
    status,
    headers: response.headers,
    body,
    events,
    comments,
    ended: () => ended,
    async next(match, timeout = 15_000) {
      return vi.waitFor(
        () => {
          const found = events.find(match);
          expect(found, 'no matching event yet').toBeDefined();
          return found!;
        },
        { timeout, interval: 20 },
      );
    },
    close: () => response.destroy(),
  };
}
