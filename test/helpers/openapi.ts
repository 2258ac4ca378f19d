import type { App } from '../../src/app.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Operation {
  method: Method;
  /** OpenAPI path, e.g. `/api/v1/listings/{id}`. */
  path: string;
  key: string;
  secured: boolean;
  pathParams: string[];
  queryParams: string[];
  bodyType: 'json' | 'multipart' | null;
  /** Answers a stream that stays open (Server-Sent Events): `inject` would wait for its end forever. */
  stream: boolean;
}

interface SpecOperation {
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

/** Every operation the running app documents in `/openapi.json`. */
export async function listOperations(app: App): Promise<Operation[]> {
  const response = await app.inject({ method: 'GET', url: '/openapi.json' });
  const spec = response.json<{ paths: Record<string, Record<string, SpecOperation>> }>();
  return Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = Object.keys(op.requestBody?.content ?? {});
      return {
        method: method.toUpperCase() as Method,
        path,
        key: `${method.toUpperCase()} ${path}`,
        secured: (op.security?.length ?? 0) > 0,
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyType: content.includes('multipart/form-data') ? 'multipart' : content.length > 0 ? 'json' : null,
        stream: 'text/event-stream' in (op.responses?.['200']?.content ?? {}),
      };
    }),
  );
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} in ${path}`);
    return encodeURIComponent(value);
  });
}

/** A multipart body with one file field, as a browser would send it. */
export function multipartFile(field: string, filename: string, content: string | Buffer, type = 'text/csv') {
  const boundary = `----listcast${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
