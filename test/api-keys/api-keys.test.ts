import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { addMember, createSharedWorkspace } from '../workspaces/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const createKey = (as: { token: string; workspaceId?: string }, body: object) =>
  call(t.app, 'POST', '/api/v1/api-keys', { as, body });

describe('API keys', () => {
  it('when an admin creates a key, then it is shown once and acts in its workspace with its role', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const created = await createKey(owner, { name: 'Zapier' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Zapier', role: 'editor', createdBy: owner.userId });
    expect(created.body.key).toMatch(/^lck_[A-Za-z0-9_-]{43}$/);
    expect(created.body.prefix).toBe(created.body.key.slice(0, 12));

    const asKey = { token: created.body.key };
    const workspace = await call(t.app, 'GET', '/api/v1/workspace', { as: asKey });
    expect(workspace.status).toBe(200);
    expect(workspace.body).toMatchObject({ id: owner.workspaceId, role: 'editor' });
    const elsewhere = await call(t.app, 'GET', '/api/v1/workspace', {
      as: { token: created.body.key, workspaceId: randomUUID() },
    });
    expect(elsewhere.status).toBe(404);

    const list = await call(t.app, 'GET', '/api/v1/api-keys', { as: owner });
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: created.body.id, prefix: created.body.prefix, role: 'editor' }),
    ]);
    expect(list.body.items[0].lastUsedAt).not.toBeNull();
    const listed = JSON.stringify(list.body);
    expect(listed).not.toContain(created.body.key);
    expect(listed).not.toMatch(/hash/i);
  });

  it('when a key is revoked, then it answers 401 and leaves the list', async () => {
    const owner = await registerUser(t.app);
    const created = await createKey(owner, { name: 'Old CRM', role: 'viewer' });
    const revoked = await call(t.app, 'DELETE', `/api/v1/api-keys/${created.body.id}`, { as: owner });
    expect(revoked.status).toBe(204);
    const rejected = await call(t.app, 'GET', '/api/v1/workspace', { as: { token: created.body.key } });
    expect(rejected.status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/api-keys', { as: owner })).body.items).toEqual([]);
    const twice = await call(t.app, 'DELETE', `/api/v1/api-keys/${created.body.id}`, { as: owner });
    expect(twice.status).toBe(404);
  });

  it('when a viewer key writes, then it answers 403', async () => {
    const owner = await registerUser(t.app);
    const viewerKey = { token: (await createKey(owner, { name: 'Read only', role: 'viewer' })).body.key };
    expect((await call(t.app, 'GET', '/api/v1/brand-kit', { as: viewerKey })).status).toBe(200);
    const write = await call(t.app, 'PATCH', '/api/v1/brand-kit', { as: viewerKey, body: { tone: 'warm' } });
    expect(write.status).toBe(403);
  });

  it('when an API key tries to mint keys or manage people, then it answers 403 even as admin', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const editor = await addMember(t, owner, 'editor');
    const created = await createKey(owner, { name: 'Automation', role: 'admin' });
    const adminKey = { token: created.body.key };
    expect((await createKey(adminKey, { name: 'Another' })).status).toBe(403);
    expect(
      (await call(t.app, 'DELETE', `/api/v1/api-keys/${created.body.id}`, { as: adminKey })).status,
    ).toBe(403);
    const invite = await call(t.app, 'POST', '/api/v1/invitations', {
      as: adminKey,
      body: { email: 'new@example.com', role: 'viewer' },
    });
    expect(invite.status).toBe(403);
    const promote = await call(t.app, 'PATCH', `/api/v1/members/${editor.userId}`, {
      as: adminKey,
      body: { role: 'admin' },
    });
    expect(promote.status).toBe(403);
    expect((await call(t.app, 'DELETE', `/api/v1/members/${editor.userId}`, { as: adminKey })).status).toBe(
      403,
    );
    // Reading stays open to admin keys.
    expect((await call(t.app, 'GET', '/api/v1/members', { as: adminKey })).status).toBe(200);
  });

  it('when the requested role is owner or above the creator, then the key is refused', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const asOwner = await createKey(owner, { name: 'Root', role: 'owner' });
    expect(asOwner.status).toBe(400);
    expect(asOwner.body.details.fields).toEqual([expect.objectContaining({ field: 'body.role' })]);
    const editor = await addMember(t, owner, 'editor');
    expect((await createKey(editor, { name: 'Mine' })).status).toBe(403);
  });

  it("when another workspace's key id is revoked, then it answers 404 and the key keeps working", async () => {
    const owner = await registerUser(t.app);
    const created = await createKey(owner, { name: 'Mine' });
    const other = await registerUser(t.app);
    const foreign = await call(t.app, 'DELETE', `/api/v1/api-keys/${created.body.id}`, { as: other });
    expect(foreign.status).toBe(404);
    expect((await call(t.app, 'GET', '/api/v1/workspace', { as: { token: created.body.key } })).status).toBe(
      200,
    );
  });
});
