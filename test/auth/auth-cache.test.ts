import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { createMetrics } from '../../src/http/metrics.js';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { addMember } from '../workspaces/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ AUTH_CACHE_SECONDS: '60' });
});
afterAll(() => t.close());

describe('remembered credentials (a 60 s cache here) never outlive a revocation', () => {
  it('when a user logs out after recent requests, then the next request is refused at once', async () => {
    const user = await registerUser(t.app);
    expect((await call(t.app, 'GET', '/api/v1/brand-kit', { as: user })).status).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/me', { as: user })).status).toBe(200);
    await call(t.app, 'POST', '/api/v1/auth/logout', { as: user, body: {} });
    expect((await call(t.app, 'GET', '/api/v1/brand-kit', { as: user })).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/me', { as: user })).status).toBe(401);
  });

  it('when a member is demoted or removed, then their next request has the new role or none', async () => {
    const owner = await registerUser(t.app);
    const editor = await addMember(t, owner, 'editor');
    const patch = () =>
      call(t.app, 'PATCH', '/api/v1/workspace', { as: editor, body: { name: 'Renamed by editor' } });
    const read = () => call(t.app, 'GET', '/api/v1/brand-kit', { as: editor });
    expect((await read()).status).toBe(200);
    await call(t.app, 'PATCH', `/api/v1/members/${editor.userId}`, { as: owner, body: { role: 'admin' } });
    expect((await patch()).status).toBe(200);
    await call(t.app, 'PATCH', `/api/v1/members/${editor.userId}`, { as: owner, body: { role: 'viewer' } });
    expect((await patch()).status).toBe(403);
    await call(t.app, 'DELETE', `/api/v1/members/${editor.userId}`, { as: owner });
    expect((await read()).status).toBe(404);
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'when a session ends through one API process, then another process sharing the database refuses it too',
    async () => {
      const other: App = await buildApp({
        config: t.config,
        database: t.database,
        jobs: t.jobs,
        metrics: createMetrics(),
        secret: TEST_SECRET,
        logger: false,
      });
      try {
        const user = await registerUser(t.app);
        expect((await call(other, 'GET', '/api/v1/brand-kit', { as: user })).status).toBe(200);
        await call(t.app, 'POST', '/api/v1/auth/logout', { as: user, body: {} });
        // The NOTIFY arrives asynchronously on the other process's LISTEN connection: give it a few
        // database round trips (each lets pending notifications be read), never a timer.
        let status = 200;
        for (let attempt = 0; attempt < 50 && status === 200; attempt++) {
          await t.database.db.execute(sql`select 1`);
          status = (await call(other, 'GET', '/api/v1/brand-kit', { as: user })).status;
        }
        expect(status).toBe(401);
      } finally {
        await other.close();
      }
    },
  );
});
