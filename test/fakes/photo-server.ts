/**
 * A loopback web server of listing photos, for media import tests and local development. Everything
 * it serves is generated at start with sharp:
 *
 * - `/photo.jpg` — a 2000 × 1000 JPEG whose EXIF carries a GPS location (like a phone photo)
 * - `/photo.png` — a 600 × 400 PNG
 * - `/notes.jpg` — plain text named like a JPEG and declared `image/jpeg`
 * - `/redirect?to=<url>` — 302 to any URL (e.g. 169.254.169.254), `/chain/<n>` — n redirects, then the JPEG
 * - `/slow` — headers never come (for timeouts); `/huge` — 4 MB of "image" sent without a length
 *
 * `requests` records every path asked for, so a test can tell whether a fetch happened.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sharp from 'sharp';

export interface PhotoServer {
  /** `http://127.0.0.1:<port><path>` */
  url(path: string): string;
  requests: string[];
  close(): Promise<void>;
}

/** A photo with a GPS position in its EXIF, as a phone writes it. */
export async function gpsJpeg(width = 2000, height = 1000): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#6b8fb5' } })
    .jpeg({ quality: 80 })
    .withExif({
      IFD0: { Make: 'PhoneCo', Model: 'Phone 12' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '43/1 39/1 2/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '70/1 15/1 18/1',
      },
    })
    .toBuffer();
}

export const pngImage = (width = 600, height = 400) =>
  sharp({ create: { width, height, channels: 4, background: { r: 200, g: 60, b: 40, alpha: 0.5 } } })
    .png()
    .toBuffer();

export async function startPhotoServer(): Promise<PhotoServer> {
  const jpeg = await gpsJpeg();
  const png = await pngImage();
  const sockets = new Set<Socket>();
  const requests: string[] = [];

  const send = (response: ServerResponse, type: string, body: Buffer | string) => {
    response.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://photos.test');
    requests.push(url.pathname);
    const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
    if (url.pathname === '/photo.jpg') return send(response, 'image/jpeg', jpeg);
    if (url.pathname === '/photo.png') return send(response, 'image/png', png);
    if (url.pathname === '/notes.jpg') return send(response, 'image/jpeg', 'Open house Saturday 1-4pm\n');
    if (url.pathname === '/redirect') {
      response.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
      return response.end();
    }
    if (chain) {
      const left = Number(chain[1]);
      response.writeHead(302, { location: left > 0 ? `/chain/${left - 1}` : '/photo.jpg' });
      return response.end();
    }
    if (url.pathname === '/slow') return; // holds the connection until the client gives up
    if (url.pathname === '/huge') {
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      const chunk = Buffer.alloc(64 * 1024, 0xff);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && !response.destroyed) {
          sent += 1;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      return pump();
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
