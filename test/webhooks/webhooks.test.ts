import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { webhookEndpoints } from '../../src/db/schema.js';
import { deadLetterQueue } from '../../src/jobs/queue.js';
import { verifyListcastSignature } from '../../src/modules/webhooks/signature.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { addMember } from '../workspaces/helpers.js';
import { startReceiver } from './receiver.js';

let t: TestApp;
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
beforeAll(async () => {
  t = await createTestApp({ WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_RETRY_BASE_SECONDS: '1' });
});
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});
afterAll(() => t.close());

async function receiver() {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

async function createWebhook(as: TestUser, body: Record<string, unknown>) {
  const created = await call(t.app, 'POST', '/api/v1/webhooks', { as, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; secret: string; url: string; events: string[] };
}

interface Delivery {
  id: string;
  eventId: number;
  kind: string;
  status: string;
  attempts: { at: string; status: number | null; error: string | null; ms: number }[];
}

const deliveries = async (as: TestUser, webhookId: string): Promise<Delivery[]> =>
  (await call(t.app, 'GET', `/api/v1/webhooks/${webhookId}/deliveries`, { as })).body.items;

/** Waits until the webhook's newest delivery matches (polls the log, never sleeps a fixed time). */
const deliveryWhen = (as: TestUser, webhookId: string, match: (delivery: Delivery) => boolean) =>
  vi.waitFor(
    async () => {
      const [newest] = await deliveries(as, webhookId);
      expect(newest && match(newest), JSON.stringify(newest)).toBe(true);
      return newest!;
    },
    { timeout: 20_000, interval: 50 },
  );

const noticeKinds = async (as: TestUser) =>
  (await call(t.app, 'GET', '/api/v1/notifications', { as })).body.items.map(
    (item: { kind: string }) => item.kind,
  );

describe('delivering events to webhooks', () => {
  it('when a test event is sent, then the endpoint gets one POST signed with its secret, and the log shows it delivered', async () => {
    const owner = await registerUser(t.app);
    const endpoint = await receiver();
    const webhook = await createWebhook(owner, { url: endpoint.url(), description: 'CRM sync' });
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const sent = await call(t.app, 'POST', `/api/v1/webhooks/${webhook.id}/test`, { as: owner });
    expect(sent.status).toBe(202);
    const [request] = await endpoint.received(1);
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/hooks/listcast');
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Listcast-Webhooks/1',
      'listcast-event': 'webhook.test',
      'listcast-delivery': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(JSON.parse(request!.body)).toEqual({
      id: sent.body.eventId,
      kind: 'webhook.test',
      createdAt: expect.any(String),
      workspaceId: owner.workspaceId,
      data: { webhookId: webhook.id, requestedBy: owner.userId },
    });

    // Checked as an integrator would, without Listcast's code…
    const header = String(request!.headers['listcast-signature']);
    const [, timestamp, signature] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
    const expected = createHmac('sha256', webhook.secret)
      .update(`${timestamp}.${request!.body}`)
      .digest('hex');
    expect(signature).toBe(expected);
    // …and with the helper the docs give them.
    expect(verifyListcastSignature(webhook.secret, header, request!.body, 300)).toBe(true);
    expect(verifyListcastSignature('whsec_wrong', header, request!.body, 300)).toBe(false);
    expect(verifyListcastSignature(webhook.secret, header, `${request!.body} `, 300)).toBe(false);
    expect(verifyListcastSignature(webhook.secret, header, request!.body, 300, Number(timestamp) + 301)).toBe(
      false,
    );

    const delivered = await deliveryWhen(owner, webhook.id, (delivery) => delivery.status === 'delivered');
    expect(delivered).toMatchObject({
      id: request!.headers['listcast-delivery'],
      eventId: sent.body.eventId,
      kind: 'webhook.test',
      attempts: [{ status: 200, error: null, at: expect.any(String), ms: expect.any(Number) }],
    });

    // A job for a delivered delivery (a duplicate, a replay) sends nothing.
    const again = await t.jobs.enqueue('webhooks.deliver', { deliveryId: delivered.id });
    expect((await t.jobs.settled(again)).ok).toBe(true);
    expect(endpoint.requests).toHaveLength(1);
    expect((await deliveries(owner, webhook.id))[0]!.attempts).toHaveLength(1);
  });

  it('when a post is published, then endpoints taking post.published or everything get it, and one taking other kinds does not', async () => {
    const owner = await registerUser(t.app);
    const all = await receiver();
    const published = await receiver();
    const leads = await receiver();
    const toAll = await createWebhook(owner, { url: all.url() });
    await createWebhook(owner, { url: published.url(), events: ['post.published', 'post.failed'] });
    const toLeads = await createWebhook(owner, { url: leads.url(), events: ['lead.hot'] });
    expect(toAll.events).toEqual([]);

    const account = await call(t.app, 'POST', '/api/v1/accounts/sandbox', {
      as: owner,
      body: { platform: 'linkedin', handle: `li_${Math.random().toString(36).slice(2, 8)}` },
    });
    const post = await call(t.app, 'POST', '/api/v1/posts', {
      as: owner,
      body: {
        text: 'Price improved on 9 Bay Road.',
        targets: [{ accountId: account.body.id }],
        scheduledAt: new Date().toISOString(),
      },
    });
    expect(post.status).toBe(201);
    for (const endpoint of [all, published]) {
      const [request] = await endpoint.received(1);
      expect(request!.headers['listcast-event']).toBe('post.published');
      expect(JSON.parse(request!.body).data).toMatchObject({
        postId: post.body.id,
        accountId: account.body.id,
        platform: 'linkedin',
        permalink: expect.any(String),
      });
    }
    // Deliveries are made with the event, in its transaction: none exists for the lead-only endpoint.
    expect(await deliveries(owner, toLeads.id)).toEqual([]);
    expect(leads.requests).toEqual([]);
  });

  it('when the endpoint answers 500 and then 200, then the event is delivered on the retry with both attempts logged', async () => {
    const owner = await registerUser(t.app);
    const endpoint = await receiver();
    endpoint.answer(500);
    const webhook = await createWebhook(owner, { url: endpoint.url() });
    await call(t.app, 'POST', `/api/v1/webhooks/${webhook.id}/test`, { as: owner });

    const [first, second] = await endpoint.received(2);
    expect(second!.body).toBe(first!.body);
    expect(second!.headers['listcast-delivery']).toBe(first!.headers['listcast-delivery']);
    const delivered = await deliveryWhen(owner, webhook.id, (delivery) => delivery.status === 'delivered');
    expect(delivered.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
  });

  it('when the endpoint answers 410 Gone, then the webhook is switched off, owners and admins are told, and it is sent nothing more until switched on', async () => {
    const owner = await registerUser(t.app);
    const admin = await addMember(t, owner, 'admin');
    const endpoint = await receiver();
    endpoint.answer(410);
    const webhook = await createWebhook(owner, { url: endpoint.url() });
    await call(t.app, 'POST', `/api/v1/webhooks/${webhook.id}/test`, { as: owner });

    const failed = await deliveryWhen(owner, webhook.id, (delivery) => delivery.status === 'failed');
    expect(failed.attempts.map((attempt) => attempt.status)).toEqual([410]);
    expect((await call(t.app, 'GET', `/api/v1/webhooks/${webhook.id}`, { as: owner })).body.active).toBe(
      false,
    );
    expect(await noticeKinds(admin)).toContain('webhook.deactivated');
    const test = await call(t.app, 'POST', `/api/v1/webhooks/${webhook.id}/test`, { as: owner });
    expect(test.status).toBe(409);
    const retry = await call(t.app, 'POST', `/api/v1/webhook-deliveries/${failed.id}/retry`, { as: owner });
    expect(retry.status).toBe(409);

    const on = await call(t.app, 'PATCH', `/api/v1/webhooks/${webhook.id}`, {
      as: owner,
      body: { active: true },
    });
    expect(on.body.active).toBe(true);
    expect(
      (await call(t.app, 'POST', `/api/v1/webhook-deliveries/${failed.id}/retry`, { as: owner })).status,
    ).toBe(202);
    const delivered = await deliveryWhen(owner, webhook.id, (delivery) => delivery.status === 'delivered');
    expect(delivered.attempts.map((attempt) => attempt.status)).toEqual([410, 200]);
    expect(endpoint.requests).toHaveLength(2);
  });

  it('when the last retry fails, then the delivery is failed, owners are told once per webhook, and a retry by hand delivers it once', async () => {
    const owner = await registerUser(t.app);
    const endpoint = await receiver();
    endpoint.otherwise(503);
    const webhook = await createWebhook(owner, { url: endpoint.url() });

    /** One event tried once, then given up on as pg-boss does after the last retry. */
    const failOne = async () => {
      const sent = await call(t.app, 'POST', `/api/v1/webhooks/${webhook.id}/test`, { as: owner });
      const tried = await deliveryWhen(
        owner,
        webhook.id,
        (delivery) => delivery.eventId === sent.body.eventId && delivery.attempts.length > 0,
      );
      // Its remaining retries used up…
      await t.database.executeSql(
        `update pgboss.job set state = 'cancelled' where name = 'webhooks.deliver' and data->>'deliveryId' = $1`,
        [tried.id],
      );
      // …and the dead-letter job pg-boss then queues.
      const dead = await t.jobs.enqueue(deadLetterQueue('webhooks.deliver'), { deliveryId: tried.id });
      expect((await t.jobs.settled(dead)).ok).toBe(true);
      return tried.id;
    };
    const first = await failOne();
    await failOne();
    const log = await deliveries(owner, webhook.id);
    expect(log.map((delivery) => delivery.status)).toEqual(['failed', 'failed']);
    expect(log[0]!.attempts[0]).toMatchObject({ status: 503, error: null });
    const told = (await noticeKinds(owner)).filter((kind: string) => kind === 'webhook.failed');
    expect(told).toHaveLength(1);

    endpoint.otherwise(200);
    const retried = await call(t.app, 'POST', `/api/v1/webhook-deliveries/${first}/retry`, { as: owner });
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe('pending');
    await vi.waitFor(
      async () => {
        const found = (await deliveries(owner, webhook.id)).find((delivery) => delivery.id === first);
        expect(found?.status).toBe('delivered');
      },
      { timeout: 20_000, interval: 50 },
    );
    const again = await call(t.app, 'POST', `/api/v1/webhook-deliveries/${first}/retry`, { as: owner });
    expect(again.status).toBe(409);
    expect(endpoint.requests.filter((request) => request.answered === 200)).toHaveLength(1);
  });
});

describe('managing webhooks', () => {
  it('when webhooks are read back, then the secret never appears, and it is stored sealed', async () => {
    const owner = await registerUser(t.app);
    const endpoint = await receiver();
    const webhook = await createWebhook(owner, { url: endpoint.url(), events: ['webhook.test'] });
    await call(t.app, 'POST', `/api/v1/webhooks/${webhook.id}/test`, { as: owner });
    await endpoint.received(1);
    const [row] = await t.database.db
      .select({ secret: webhookEndpoints.secret })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, webhook.id));
    for (const path of [
      '/api/v1/webhooks',
      `/api/v1/webhooks/${webhook.id}`,
      `/api/v1/webhooks/${webhook.id}/deliveries`,
    ]) {
      const text = JSON.stringify((await call(t.app, 'GET', path, { as: owner })).body);
      expect(text, path).toContain(webhook.id);
      expect(text, path).not.toContain(webhook.secret);
      expect(text, path).not.toContain(row!.secret);
      expect(text, path).not.toContain('whsec_');
    }
    expect(row!.secret).not.toContain(webhook.secret);
  });

  it('when an editor tries to change webhooks, then 403; members may read them', async () => {
    const owner = await registerUser(t.app);
    const editor = await addMember(t, owner, 'editor');
    const viewer = await addMember(t, owner, 'viewer');
    const webhook = await createWebhook(owner, { url: 'http://127.0.0.1:9/hook', events: ['lead.hot'] });
    const create = await call(t.app, 'POST', '/api/v1/webhooks', {
      as: editor,
      body: { url: 'http://127.0.0.1:9/other' },
    });
    expect(create.status).toBe(403);
    expect(create.body.code).toBe('forbidden');
    for (const [method, path] of [
      ['PATCH', `/api/v1/webhooks/${webhook.id}`],
      ['DELETE', `/api/v1/webhooks/${webhook.id}`],
      ['POST', `/api/v1/webhooks/${webhook.id}/test`],
    ] as const) {
      const refused = await call(t.app, method, path, {
        as: editor,
        ...(method === 'PATCH' ? { body: { description: 'mine now' } } : {}),
      });
      expect(refused.status, `${method} ${path}`).toBe(403);
    }
    for (const member of [editor, viewer]) {
      const listed = await call(t.app, 'GET', '/api/v1/webhooks', { as: member });
      expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([webhook.id]);
    }
  });

  it("when another workspace's webhook is named, then every webhook route answers 404", async () => {
    const owner = await registerUser(t.app);
    const intruder = await registerUser(t.app);
    const webhook = await createWebhook(owner, { url: 'http://127.0.0.1:9/hook', events: ['lead.hot'] });
    const [event] = (
      await t.database.executeSql(
        `insert into workspace_events (workspace_id, kind, data) values ($1, 'lead.hot', '{}') returning id`,
        [owner.workspaceId],
      )
    ).rows;
    const [delivery] = (
      await t.database.executeSql(
        `insert into webhook_deliveries (workspace_id, endpoint_id, event_id, kind, status)
         values ($1, $2, $3, 'lead.hot', 'failed') returning id`,
        [owner.workspaceId, webhook.id, event!.id],
      )
    ).rows;
    for (const [method, path] of [
      ['GET', `/api/v1/webhooks/${webhook.id}`],
      ['PATCH', `/api/v1/webhooks/${webhook.id}`],
      ['DELETE', `/api/v1/webhooks/${webhook.id}`],
      ['POST', `/api/v1/webhooks/${webhook.id}/test`],
      ['GET', `/api/v1/webhooks/${webhook.id}/deliveries`],
      ['POST', `/api/v1/webhook-deliveries/${String(delivery!.id)}/retry`],
    ] as const) {
      const answer = await call(t.app, method, path, {
        as: intruder,
        ...(method === 'PATCH' ? { body: { active: false } } : {}),
      });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.code).toBe('not_found');
    }
    expect((await call(t.app, 'GET', '/api/v1/webhooks', { as: intruder })).body.items).toEqual([]);
    expect((await call(t.app, 'GET', `/api/v1/webhooks/${webhook.id}`, { as: owner })).body.active).toBe(
      true,
    );
  });

  it('when a webhook is changed and deleted, then the changes show and its log goes with it', async () => {
    const owner = await registerUser(t.app);
    const webhook = await createWebhook(owner, { url: 'http://127.0.0.1:9/hook', events: ['lead.hot'] });
    const changed = await call(t.app, 'PATCH', `/api/v1/webhooks/${webhook.id}`, {
      as: owner,
      body: {
        url: 'http://127.0.0.1:9/v2#frag',
        events: ['lead.created', 'lead.created'],
        description: 'v2',
      },
    });
    expect(changed.body).toMatchObject({
      url: 'http://127.0.0.1:9/v2',
      events: ['lead.created'],
      description: 'v2',
      active: true,
    });
    const unknownKind = await call(t.app, 'PATCH', `/api/v1/webhooks/${webhook.id}`, {
      as: owner,
      body: { events: ['post.deleted'] },
    });
    expect(unknownKind.status).toBe(400);
    expect((await call(t.app, 'DELETE', `/api/v1/webhooks/${webhook.id}`, { as: owner })).status).toBe(204);
    expect((await call(t.app, 'GET', `/api/v1/webhooks/${webhook.id}`, { as: owner })).status).toBe(404);
    expect(
      (await call(t.app, 'GET', `/api/v1/webhooks/${webhook.id}/deliveries`, { as: owner })).status,
    ).toBe(404);
  });

  it('when loopback is allowed, then private and link-local addresses are still refused', async () => {
    const owner = await registerUser(t.app);
    for (const url of [
      'http://10.0.0.1/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[fd00::1]/',
    ]) {
      const refused = await call(t.app, 'POST', '/api/v1/webhooks', { as: owner, body: { url } });
      expect(refused.status, url).toBe(422);
      expect(refused.body.code, url).toBe('fetch_refused');
    }
  });
});
