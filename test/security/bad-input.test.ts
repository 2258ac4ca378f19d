import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { fillPath, listOperations, multipartFile, type Operation } from '../helpers/openapi.js';
import { buildWorld, csvHeader, validBody, worldParams, type World } from '../helpers/world.js';

const RUNS_PER_OPERATION = 40;

/** Values that break naive code: huge, tiny, odd types, unicode, SQL and HTML look-alikes. */
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    "'; drop table listings; --",
    '" OR 1=1 --',
    '<script>alert(1)</script>',
    '%_\\',
    '../../etc/passwd',
    '𝓤𝓷𝓲𝓬𝓸𝓭𝓮 🏠💥 مرحبا 你好',
    '\u202e\u200b\ufeff',
    'x'.repeat(100_000),
    1e308,
    -1e308,
    2 ** 63,
    -1,
    0,
    0.5,
    Number.MAX_SAFE_INTEGER + 2,
    null,
    true,
    [],
    {},
    { $ne: null },
    { __proto__: { admin: true } },
    '2026-02-30T25:61:00Z',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A valid body with one field (possibly nested) replaced by a nasty value, or dropped. */
function mutate(value: unknown, path: string[], replacement: unknown, drop: boolean): unknown {
  if (path.length === 0) return replacement;
  if (typeof value !== 'object' || value === null) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = Array.isArray(value) ? { ...value } : { ...value };
  if (rest.length === 0 && drop) delete copy[head];
  else copy[head] = mutate(copy[head], rest, replacement, drop);
  return Array.isArray(value) ? Object.values(copy) : copy;
}

function keyPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([key, child]) => keyPaths(child, [...prefix, key]))];
}

let t: TestApp;
let world: World;
let operations: Operation[];

/** Every row of every application table, as text: a 4xx must leave it exactly as it was. */
async function snapshot(): Promise<string> {
  const { rows } = await t.database.executeSql(
    `select table_name from information_schema.tables where table_schema = 'public' and table_name <> '__drizzle_migrations'`,
    [],
  );
  const parts: string[] = [];
  for (const { table_name } of rows as { table_name: string }[]) {
    const result = await t.database.executeSql(
      `select count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${table_name}" x`,
      [],
    );
    parts.push(`${table_name}=${String(result.rows[0]?.h)}`);
  }
  return parts.join(' ');
}

beforeAll(async () => {
  // No workers: background jobs would change rows while a refused request is being checked.
  t = await createTestApp({ BODY_LIMIT_BYTES: '262144', UPLOAD_LIMIT_BYTES: '65536' }, { workers: false });
  world = await buildWorld(t.app, t.database.db);
  operations = (await listOperations(t.app)).filter(
    // An event stream stays open; test/events sends it bad input.
    (op) => op.key !== 'POST /api/v1/auth/logout' && !op.path.startsWith('/docs') && !op.stream,
  );
});
afterAll(() => t.close());

describe('malformed input on every operation in /openapi.json', () => {
  it('when fuzzed inputs are sent, then no operation answers 5xx and no 4xx writes anything', async () => {
    expect(operations.length).toBeGreaterThan(25);
    for (const op of operations) {
      const valid = validBody(op);
      const realParams = worldParams(op, world);
      const params = fc.record(
        Object.fromEntries(
          op.pathParams.map((name) => [
            name,
            fc.oneof(fc.constant(realParams[name]!), fc.uuid(), fc.string(), nasty.map(String)),
          ]),
        ),
      );
      const query = fc.dictionary(
        fc.oneof(fc.constantFrom(...op.queryParams, 'limit', 'cursor', 'sort'), fc.string({ maxLength: 10 })),
        fc.oneof(
          nasty.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
          fc.string(),
        ),
        { maxKeys: 4 },
      );
      const jsonBody = fc.oneof(
        nasty,
        fc.jsonValue({ maxDepth: 4 }),
        fc
          .tuple(fc.constantFrom(...keyPaths(valid.json ?? {})), nasty, fc.boolean())
          .map(([path, replacement, drop]) => mutate(valid.json ?? {}, path, replacement, drop)),
      );
      const csv = fc
        .tuple(
          fc.constantFrom(csvHeader, '', 'street,price'),
          fc.array(
            fc.array(
              fc.oneof(
                fc.string(),
                nasty.map((v) => JSON.stringify(v)),
              ),
              { maxLength: 20 },
            ),
            {
              maxLength: 5,
            },
          ),
        )
        .map(([header, rows]) => [header, ...rows.map((row) => row.join(','))].join('\n'));

      await fc.assert(
        fc.asyncProperty(params, query, jsonBody, csv, async (pathValues, queryValues, body, csvText) => {
          const url = `${fillPath(op.path, pathValues)}?${new URLSearchParams(queryValues).toString()}`;
          const headers: Record<string, string> = { authorization: `Bearer ${world.owner.token}` };
          const before = await snapshot();
          let payload: string | Buffer | undefined;
          if (op.bodyType === 'multipart') {
            const upload = multipartFile('file', 'fuzz.csv', csvText);
            payload = upload.payload;
            Object.assign(headers, upload.headers);
          } else if (op.bodyType === 'json') {
            payload = JSON.stringify(body) ?? 'null';
            headers['content-type'] = 'application/json';
          }
          const response = await t.app.inject({
            method: op.method,
            url,
            headers,
            ...(payload ? { payload } : {}),
          });
          const label = `${op.key} ${url} ${String(payload).slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
          expect(response.statusCode, label).toBeLessThan(500);
          if (response.statusCode >= 400) {
            expect(response.json(), label).toMatchObject({
              code: expect.any(String),
              message: expect.any(String),
            });
            expect(await snapshot(), `${label}: a refused request changed the database`).toBe(before);
          }
        }),
        { numRuns: RUNS_PER_OPERATION, seed: Number(process.env.FUZZ_SEED ?? 20261122), endOnFailure: true },
      );
    }
  }, 300_000);
});
