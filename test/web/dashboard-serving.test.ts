import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../../scripts/ensure-web-build.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  await ensureDashboardBuilt({ quiet: true });
  t = await createTestApp({}, { workers: false });
});
afterAll(() => t.close());

describe('the server serves the built dashboard', () => {
  it('when a browser opens / or a dashboard route, then it gets the dashboard page, never cached', async () => {
    for (const url of ['/', '/listings', '/listings/123/marketing?campaign=1', '/settings']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body, url).toContain('<div id="root"></div>');
    }
  });

  it('when the page names its script, then the script is served with a long cache', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/' });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const asset = await t.app.inject({ method: 'GET', url: script! });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('when a server path does not exist, then the answer is still the JSON 404, not the dashboard', async () => {
    for (const url of ['/api/v1/nothing-here', '/api', '/media/nothing', '/l/', '/assets/missing.js']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toContain('application/json');
    }
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    expect(health.json()).toEqual({ status: 'ok' });
  });
});
