import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as an integrator must verify it. */
  body: string;
  /** The status this request was answered with. */
  answered: number;
}

/**
 * An integrator's endpoint on a loopback port: records every request, answers with the statuses queued
 * by `answer`, then with the `otherwise` status (200 unless set).
 */
export async function startReceiver() {
  const requests: ReceivedRequest[] = [];
  const statuses: number[] = [];
  let otherwise = 200;
  const arrivals = new EventEmitter();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answered = statuses.shift() ?? otherwise;
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answered,
      });
      response.writeHead(answered, { 'content-type': 'text/plain' }).end('ok');
      arrivals.emit('request');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: (path = '/hooks/listcast') => `http://127.0.0.1:${port}${path}`,
    requests,
    /** Queues the statuses the next requests are answered with. */
    answer: (...next: number[]) => statuses.push(...next),
    /** The status every request is answered with once the queued ones are used. */
    otherwise: (status: number) => {
      otherwise = status;
    },
    /** Resolves when `count` requests have arrived in all (never sleeps). */
    async received(count: number) {
      while (requests.length < count) await once(arrivals, 'request');
      return requests.slice(0, count);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
