import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emitEvent, type EventKind } from '../../src/modules/events/emit-event.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { baseUrl, openStream, type EventStream } from './sse-client.js';

let t: TestApp;
const open: EventStream[] = [];
beforeAll(async () => {
  t = await createTestApp({ EVENTS_HEARTBEAT_SECONDS: '1' });
});
afterAll(async () => {
  for (const stream of open) stream.close();
  await t.close();
});

async function stream(options: Parameters<typeof openStream>[1]) {
  const opened = await openStream(t.app, options);
  open.push(opened);
  return opened;
}

/** An event recorded as the app records them: in a transaction of its own. */
const emit = (workspaceId: string, kind: EventKind, data: Record<string, unknown>) =>
  t.database.db.transaction((tx) => emitEvent({ tx, jobs: t.jobs, workspaceId, kind, data }));

async function publishNow(agent: TestUser, text: string) {
  const account = await call(t.app, 'POST', '/api/v1/accounts/sandbox', {
    as: agent,
    body: { platform: 'facebook', handle: `fb_${Math.random().toString(36).slice(2, 8)}` },
  });
  expect(account.status).toBe(201);
  const post = await call(t.app, 'POST', '/api/v1/posts', {
    as: agent,
    body: { text, targets: [{ accountId: account.body.id }], scheduledAt: new Date().toISOString() },
  });
  expect(post.status).toBe(201);
  return { postId: post.body.id as string, accountId: account.body.id as string };
}

describe('the workspace event stream', () => {
  it('when a sandbox post is published, then its workspace stream gets post.published and another workspace stream does not', async () => {
    const agent = await registerUser(t.app);
    const other = await registerUser(t.app);
    const mine = await stream({ token: agent.token });
    const theirs = await stream({ token: other.token });
    expect(mine.status).toBe(200);
    expect(mine.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(mine.headers['x-accel-buffering']).toBe('no');
    expect(mine.headers['cache-control']).toContain('no-cache');

    const { postId, accountId } = await publishNow(agent, 'Open house Sunday at 4 Elm Street.');
    const published = await mine.next((event) => event.event === 'post.published');
    expect(published.data).toMatchObject({
      id: published.id,
      kind: 'post.published',
      data: { postId, accountId, platform: 'facebook', permalink: expect.stringContaining('/sandbox/') },
    });
    expect(Date.parse(published.data.createdAt)).not.toBeNaN();

    // The other workspace's stream is live (it gets its own event), and got nothing of the first.
    await emit(other.workspaceId, 'lead.created', { leadId: 'theirs' });
    await theirs.next((event) => event.event === 'lead.created');
    expect(theirs.events.map((event) => event.event)).toEqual(['lead.created']);
    expect(JSON.stringify(theirs.events)).not.toContain(postId);
  });

  it('when a client resumes with Last-Event-ID or ?after=, then it first gets the events it missed, in order, then live ones', async () => {
    const agent = await registerUser(t.app);
    const first = await emit(agent.workspaceId, 'lead.created', { n: 1 });
    const second = await emit(agent.workspaceId, 'lead.hot', { n: 2 });
    const third = await emit(agent.workspaceId, 'inbox.message', { n: 3 });

    const resumed = await stream({ token: agent.token, lastEventId: String(first) });
    await resumed.next((event) => event.id === third);
    const live = await emit(agent.workspaceId, 'inbox.escalated', { n: 4 });
    await resumed.next((event) => event.id === live);
    expect(resumed.events.map((event) => [event.id, event.event, event.data.data.n])).toEqual([
      [second, 'lead.hot', 2],
      [third, 'inbox.message', 3],
      [live, 'inbox.escalated', 4],
    ]);

    const byQuery = await stream({ token: agent.token, query: `?after=${second}` });
    await byQuery.next((event) => event.id === live);
    expect(byQuery.events.map((event) => event.id)).toEqual([third, live]);

    // Without either, only what happens from now on.
    const fresh = await stream({ token: agent.token });
    const after = await emit(agent.workspaceId, 'lead.created', { n: 5 });
    await fresh.next((event) => event.id === after);
    expect(fresh.events.map((event) => event.id)).toEqual([after]);
  });

  it('when the stream is open and quiet, then a ": ping" comment arrives every heartbeat', async () => {
    const agent = await registerUser(t.app);
    const quiet = await stream({ token: agent.token });
    await vi.waitFor(() => expect(quiet.comments).toContain('ping'), { timeout: 5000, interval: 50 });
    expect(quiet.events).toEqual([]);
  });

  it('when the request has no token, a bad Last-Event-ID or another workspace id, then it is refused with a code', async () => {
    const agent = await registerUser(t.app);
    const stranger = await registerUser(t.app);
    const anonymous = await stream({});
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ code: 'unauthenticated' });

    const badId = await stream({ token: agent.token, lastEventId: 'yesterday' });
    expect(badId.status).toBe(400);
    expect(JSON.parse(badId.body)).toMatchObject({ code: 'validation_failed' });
    const badQuery = await stream({ token: agent.token, query: '?after=-1' });
    expect(badQuery.status).toBe(400);

    const elsewhere = await stream({ token: agent.token, workspaceId: stranger.workspaceId });
    expect(elsewhere.status).toBe(404);
  });

  it('when a client goes away, then its stream is let go and other streams carry on', async () => {
    const agent = await registerUser(t.app);
    const leaving = await stream({ token: agent.token });
    const staying = await stream({ token: agent.token });
    leaving.close();
    await vi.waitFor(() => expect(leaving.ended()).toBe(true));
    const id = await emit(agent.workspaceId, 'lead.created', {});
    await staying.next((event) => event.id === id);
  });

  it('when /openapi.json is read, then the stream is documented as text/event-stream', async () => {
    const { body: spec } = await call(t.app, 'GET', '/openapi.json');
    const operation = spec.paths['/api/v1/events'].get;
    expect(operation.description).toContain('Last-Event-ID');
    expect(Object.keys(operation.responses['200'].content)).toEqual(['text/event-stream']);
  });
});

describe('shutting down', () => {
  it('when the app closes while a stream is open, then the stream ends and the close does not hang', async () => {
    const other = await createTestApp({}, { workers: false });
    const agent = await registerUser(other.app);
    const opened = await openStream(other.app, { token: agent.token });
    expect(opened.status).toBe(200);
    await baseUrl(other.app);
    await other.close();
    await vi.waitFor(() => expect(opened.ended()).toBe(true));
  });
});
