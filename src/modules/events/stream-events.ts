import { PassThrough, type Readable } from 'node:stream';
import type { EventHub, WorkspaceEvent } from './event-hub.js';

/** A client that reads slower than this many bytes behind is cut off; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1_048_576;
/** How long a browser waits before reconnecting (the `retry:` field). */
const RECONNECT_MS = 3000;

/** One event in Server-Sent Events framing: the id for Last-Event-ID, the kind as the event name. */
export const formatEvent = (event: WorkspaceEvent) =>
  `id: ${event.id}\nevent: ${event.kind}\ndata: ${JSON.stringify({
    id: event.id,
    kind: event.kind,
    data: event.data,
    createdAt: event.createdAt.toISOString(),
  })}\n\n`;

/**
 * The workspace's event stream as Server-Sent Events: the events after `after` (when resuming), then
 * each new one as it is committed in any process, with a comment line every `heartbeatMs` so proxies
 * keep the connection open. Closing the stream (the client went away) ends the subscription.
 */
export async function streamEvents(options: {
  hub: EventHub;
  workspaceId: string;
  after: number | null;
  heartbeatMs: number;
}): Promise<Readable> {
  const stream = new PassThrough();
  const write = (text: string) => {
    if (stream.writableEnded || stream.destroyed) return;
    if (stream.writableLength > MAX_BUFFERED_BYTES) {
      stream.destroy();
      return;
    }
    stream.write(text);
  };
  // Sent at once, so the client sees the response (and its headers) before the first event.
  write(`retry: ${RECONNECT_MS}\n\n`);
  const unsubscribe = await options.hub.subscribe({
    workspaceId: options.workspaceId,
    after: options.after,
    send: (event) => write(formatEvent(event)),
    end: () => stream.end(),
  });
  const heartbeat = setInterval(() => write(': ping\n\n'), options.heartbeatMs);
  heartbeat.unref();
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  if (stream.destroyed || stream.writableEnded) stop();
  else stream.once('close', stop);
  return stream;
}
