import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxMessages, inboxThreads, socialAccounts } from '../../src/db/schema.js';
import { registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { metaJson, signMetaWebhook } from '../fakes/meta-webhook.js';
import { drain } from './jobs-drain.js';

const APP_SECRET = 'meta-app-secret-for-tests';
const VERIFY_TOKEN = 'verify-token-0123456789';
const IG_USER = '17841400000000001';

let t: TestApp;
let agent: TestUser;
beforeAll(async () => {
  t = await createTestApp({ META_APP_SECRET: APP_SECRET, META_WEBHOOK_VERIFY_TOKEN: VERIFY_TOKEN });
  agent = await registerUser(t.app);
  await t.database.db.insert(socialAccounts).values({
    workspaceId: agent.workspaceId,
    platform: 'instagram',
    network: 'live',
    externalId: IG_USER,
    handle: 'harborhomes',
    displayName: 'Harbor Homes',
    kind: 'business',
    meta: { login: 'instagram' },
  });
});
afterAll(() => t.close());

let sequence = 0;
function comment(text: string, from = 'buyer') {
  sequence += 1;
  return {
    field: 'comments',
    value: {
      id: `1790000000000${sequence}`,
      text,
      from: { id: `igsid-${from}`, username: from },
      media: { id: '17900000000000999', media_product_type: 'FEED' },
    },
  };
}
const envelope = (...entries: { changes?: unknown[]; messaging?: unknown[] }[]) => ({
  object: 'instagram',
  entry: entries.map((entry) => ({ id: IG_USER, time: 1755779280, ...entry })),
});

function post(body: string, headers: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url: '/webhooks/meta',
    headers: { 'content-type': 'application/json', ...headers },
    payload: body,
  });
}
const signed = (body: string, secret = APP_SECRET) =>
  post(body, { 'x-hub-signature-256': signMetaWebhook(body, secret) });

const messagesOfWorkspace = () =>
  t.database.db.select().from(inboxMessages).where(eq(inboxMessages.workspaceId, agent.workspaceId));

describe('the Meta webhook', () => {
  it('when Meta verifies the callback, then the challenge is echoed for the right token and refused otherwise', async () => {
    const ok = await t.app.inject({
      method: 'GET',
      url: `/webhooks/meta?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    for (const query of [
      `hub.mode=subscribe&hub.verify_token=wrong-token-0123456789&hub.challenge=1`,
      `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`,
      `hub.challenge=1`,
    ]) {
      const refused = await t.app.inject({ method: 'GET', url: `/webhooks/meta?${query}` });
      expect(refused.statusCode, query).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'forbidden' });
    }
  });

  it('when a comment with non-ASCII text arrives escaped and signed over those bytes, then it is acknowledged and lands in the inbox with its text intact', async () => {
    const text = '¿Cuánto cuesta? Price please 😍 — 東京から';
    const body = metaJson(envelope({ changes: [comment(text, 'sofia')] }));
    expect(body).toContain('\\u00bf');
    const response = await signed(body);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('EVENT_RECEIVED');
    await drain(t, ['inbox.meta-webhook']);
    const [message] = (await messagesOfWorkspace()).filter((row) => row.authorHandle === 'sofia');
    expect(message?.text).toBe(text);
    expect(message?.intent).toBe('price_question');
  });

  it('when the signature is missing, made with another secret, or made over re-serialised JSON, then 401 and nothing is queued', async () => {
    const before = (await messagesOfWorkspace()).length;
    const body = metaJson(envelope({ changes: [comment('Is it still available? ¿Disponible?', 'mallory')] }));
    const reserialised = JSON.stringify(JSON.parse(body));
    expect(reserialised).not.toBe(body);
    const attempts = [
      await post(body, {}),
      await signed(body, 'another-secret'),
      await post(body, { 'x-hub-signature-256': signMetaWebhook(reserialised, APP_SECRET) }),
      await post(body, {
        'x-hub-signature-256': `sha1=${createHmac('sha1', APP_SECRET).update(body).digest('hex')}`,
      }),
      await post(body, { 'x-hub-signature-256': 'sha256=zz' }),
    ];
    for (const attempt of attempts) {
      expect(attempt.statusCode).toBe(401);
      expect(attempt.json()).toMatchObject({ code: 'invalid_signature' });
    }
    await drain(t, ['inbox.meta-webhook']);
    expect(await messagesOfWorkspace()).toHaveLength(before);
  });

  it('when a delivery is repeated and another batches several entries, then every comment is in the inbox exactly once', async () => {
    const before = (await messagesOfWorkspace()).length;
    const single = metaJson(envelope({ changes: [comment('Can we book a showing Saturday?', 'dan')] }));
    expect((await signed(single)).statusCode).toBe(200);
    expect((await signed(single)).statusCode).toBe(200);
    const batch = metaJson(
      envelope(
        { changes: [comment('What are the HOA fees?', 'ana'), comment('Gorgeous kitchen!', 'lee')] },
        {
          messaging: [
            {
              sender: { id: 'igsid-kim' },
              recipient: { id: IG_USER },
              timestamp: 1678886400000,
              message: { mid: 'mid.kim.1', text: 'Hi! Is the open house still on Sunday?' },
            },
          ],
        },
      ),
    );
    expect((await signed(batch)).statusCode).toBe(200);
    await drain(t, ['inbox.meta-webhook']);
    const after = await messagesOfWorkspace();
    expect(after).toHaveLength(before + 4);
    const threads = await t.database.db
      .select()
      .from(inboxThreads)
      .where(eq(inboxThreads.workspaceId, agent.workspaceId));
    expect(
      threads.find((thread) => thread.authorHandle === 'igsid-kim' || thread.authorId === 'igsid-kim')?.kind,
    ).toBe('message');
  });

  it('when the body is not JSON or not JSON at all by type, then a clear 4xx, never a 500', async () => {
    const garbage = '{"object":';
    const notJson = await signed(garbage);
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ code: 'invalid_json' });
    const text = await t.app.inject({
      method: 'POST',
      url: '/webhooks/meta',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
  });
});
