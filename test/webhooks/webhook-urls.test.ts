import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { webhookEndpoints } from '../../src/db/schema.js';
import { webhookSealer } from '../../src/modules/webhooks/webhook-sealer.js';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';

// The production policy: WEBHOOK_ALLOW_LOOPBACK is off.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('webhook URLs', () => {
  it('when the URL is plain http, private, link-local, loopback or carries credentials, then it is refused with fetch_refused', async () => {
    const owner = await registerUser(t.app);
    for (const url of [
      'http://10.0.0.1/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://hooks.example.com/listcast',
      'https://10.0.0.1/hook',
      'https://169.254.169.254/',
      'https://192.168.1.20/hook',
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://[fe80::1]/hook',
      'https://localhost/hook',
      'https://api.localhost/hook',
      'https://user:secret@hooks.example.com/hook',
    ]) {
      const refused = await call(t.app, 'POST', '/api/v1/webhooks', { as: owner, body: { url } });
      expect(refused.status, url).toBe(422);
      expect(refused.body.code, url).toBe('fetch_refused');
    }
    for (const url of ['ftp://hooks.example.com/', 'not a url', 'javascript:alert(1)']) {
      const invalid = await call(t.app, 'POST', '/api/v1/webhooks', { as: owner, body: { url } });
      expect(invalid.status, url).toBe(400);
      expect(invalid.body.code, url).toBe('validation_failed');
    }
    expect((await call(t.app, 'GET', '/api/v1/webhooks', { as: owner })).body.items).toEqual([]);
  });

  it('when the URL is https on a public host, then it is registered, and changing it to a private one is refused', async () => {
    const owner = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/webhooks', {
      as: owner,
      body: { url: 'https://hooks.example.com/listcast', events: ['lead.hot'] },
    });
    expect(created.status).toBe(201);
    const moved = await call(t.app, 'PATCH', `/api/v1/webhooks/${created.body.id}`, {
      as: owner,
      body: { url: 'https://169.254.169.254/latest' },
    });
    expect(moved.status).toBe(422);
    expect(moved.body.code).toBe('fetch_refused');
  });

  it('when an endpoint leads to an internal address at send time, then nothing is sent and the attempt says why', async () => {
    const owner = await registerUser(t.app);
    // As if its host's DNS answer had turned internal after it was registered.
    const [endpoint] = await t.database.db
      .insert(webhookEndpoints)
      .values({
        workspaceId: owner.workspaceId,
        url: 'https://127.0.0.1:9/hook',
        events: [],
        secret: webhookSealer(TEST_SECRET).seal('whsec_test'),
      })
      .returning();
    const sent = await call(t.app, 'POST', `/api/v1/webhooks/${endpoint!.id}/test`, { as: owner });
    expect(sent.status).toBe(202);
    await vi.waitFor(
      async () => {
        const log = await call(t.app, 'GET', `/api/v1/webhooks/${endpoint!.id}/deliveries`, { as: owner });
        expect(log.body.items[0].attempts).toEqual([
          {
            at: expect.any(String),
            status: null,
            error: expect.stringMatching(/private or internal/),
            ms: expect.any(Number),
          },
        ]);
        expect(log.body.items[0].status).toBe('pending');
      },
      { timeout: 15_000, interval: 50 },
    );
  });
});
