import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: '2048' });
});
afterAll(() => t.close());

describe('operations endpoints', () => {
  it('when the database and queue answer, then /health and /ready are 200', async () => {
    expect((await call(t.app, 'GET', '/health')).body).toEqual({ status: 'ok' });
    const ready = await call(t.app, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: true, queue: true } });
  });

  it('when requests and jobs ran, then /metrics shows durations by route and status, and job counters', async () => {
    await call(t.app, 'GET', '/api/v1/me');
    const jobId = await t.jobs.enqueue('email.send', { emailId: randomUUID() });
    expect((await t.jobs.settled(jobId)).ok).toBe(true);
    const metrics = await call(t.app, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/me",status="401"\} \d+/,
    );
    expect(metrics.body).toMatch(/jobs_total\{name="email.send",outcome="completed"\} 1/);
  });

  it('when /openapi.json is fetched, then it is OpenAPI 3 and every API operation is documented with responses', async () => {
    const { body: spec } = await call(t.app, 'GET', '/openapi.json');
    expect(spec.openapi).toMatch(/^3\./);
    const operations = Object.entries(
      spec.paths as Record<string, Record<string, { responses?: object }>>,
    ).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(10);
    for (const { path, method, op } of operations) {
      expect(Object.keys(op.responses ?? {}), `${method} ${path}`).not.toHaveLength(0);
    }
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('when a request carries x-request-id, then the response echoes it', async () => {
    const response = await call(t.app, 'GET', '/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers['x-request-id']).toBe('trace-123');
  });
});

describe('error answers', () => {
  it('when the route does not exist, then the answer is 404 JSON with a code', async () => {
    const response = await call(t.app, 'GET', '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ code: 'route_not_found', message: expect.any(String) });
  });

  it('when the body is not JSON, then 400 invalid_json', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_json' });
  });

  it('when the body is over the size limit, then 413 payload_too_large', async () => {
    const response = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: 'a@example.com', password: 'x'.repeat(5000) },
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });

  it('when the content type is unsupported, then 415 with a code', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('when fields are wrong, then 400 validation_failed lists every field', async () => {
    const response = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: { email: 'nope', password: 3 },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    const fields = response.body.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['body.email', 'body.password', 'body.name']));
  });
});

describe('when the database goes away', () => {
  it('then /ready answers 503 and API calls answer 500 without internals', async () => {
    const broken = await createTestApp();
    try {
      const user = await registerUser(broken.app);
      await broken.database.close();
      const ready = await call(broken.app, 'GET', '/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.database).toBe(false);
      const me = await call(broken.app, 'GET', '/api/v1/me', { as: user });
      expect(me.status).toBe(500);
      expect(me.body.code).toBe('internal_error');
      expect(Object.keys(me.body.details)).toEqual(['requestId']);
      expect(JSON.stringify(me.body)).not.toMatch(/pglite|postgres|select|stack|Error:/i);
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});

describe('text the database cannot store', () => {
  it('when a JSON body or the URL carries a NUL character, then 400 bad_request', async () => {
    const body = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":"a\\u0000@example.com","password":"x"}',
    });
    expect(body.statusCode).toBe(400);
    expect(body.json()).toMatchObject({ code: 'bad_request' });
    const url = await call(t.app, 'GET', '/health?x=%00');
    expect(url.status).toBe(400);
  });
});
