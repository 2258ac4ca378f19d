import { authFetch } from './client';

export interface LiveEvent {
  id: string;
  kind: string;
  data: Record<string, unknown>;
}

/**
 * Follows the workspace's event stream (GET /api/v1/events). EventSource cannot send the Authorization
 * header, so this reads the Server-Sent Events over fetch; it reconnects with Last-Event-ID after a drop.
 * Returns the function that stops it.
 */
export function followEvents(onEvent: (event: LiveEvent) => void): () => void {
  const controller = new AbortController();
  let lastId: string | undefined;
  const connect = async () => {
    while (!controller.signal.aborted) {
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        if (lastId) headers['last-event-id'] = lastId;
        const response = await authFetch(
          new Request('/api/v1/events', { headers, signal: controller.signal }),
        );
        if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = parseBlock(block);
            if (event) {
              lastId = event.id;
              onEvent(event);
            }
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      // Back off a little before reconnecting (the server may be restarting).
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  };
  void connect();
  return () => controller.abort();
}

function parseBlock(block: string): LiveEvent | null {
  let id = '';
  let kind = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('id:')) id = line.slice(3).trim();
    else if (line.startsWith('event:')) kind = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trim());
  }
  if (data.length === 0) return null;
  try {
    return { id, kind, data: JSON.parse(data.join('\n')) as Record<string, unknown> };
  } catch {
    return null;
  }
}
