import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../src/app.js';
import { multipartFile } from '../helpers/openapi.js';
import type { Caller } from '../helpers/api.js';

export const PUBLIC_URL = 'https://app.listcast.test';

/** A throw-away DATA_DIR, so media files of a test run never land in the project's `data/`. */
export async function tempDataDir() {
  const dir = await mkdtemp(join(tmpdir(), 'listcast-media-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Uploads `content` as `filename` (declared type `type`) with optional text fields, as a browser would. */
export async function upload(
  app: App,
  as: Caller,
  content: Buffer | string,
  options: { filename?: string; type?: string; fields?: Record<string, string> } = {},
) {
  const file = multipartFile('file', options.filename ?? 'photo.jpg', content, options.type ?? 'image/jpeg');
  const boundary = /boundary=(.+)$/.exec(file.headers['content-type'])?.[1] ?? '';
  const fields = Object.entries(options.fields ?? {}).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/media',
    payload: Buffer.concat([...fields, file.payload]),
    headers: {
      ...file.headers,
      authorization: `Bearer ${as.token}`,
      ...(as.workspaceId ? { 'x-workspace-id': as.workspaceId } : {}),
    },
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response fields freely
  const body: any = response.headers['content-type']?.toString().includes('json') ? response.json() : null;
  return { status: response.statusCode, body };
}

/** Fetches a signed media URL the way a social platform would: no credentials, just the URL. */
export async function fetchSigned(app: App, url: string) {
  const { pathname, search } = new URL(url);
  return app.inject({ method: 'GET', url: `${pathname}${search}` });
}
