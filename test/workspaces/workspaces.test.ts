import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { addMember, createSharedWorkspace } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('workspaces', () => {
  it('when a user creates a workspace, then they own it and act in it with X-Workspace-Id', async () => {
    const owner = await registerUser(t.app, 'Dana Broker');
    const created = await call(t.app, 'POST', '/api/v1/workspaces', {
      as: owner,
      body: { name: '  Harbor Realty ', timezone: 'America/New_York' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Harbor Realty',
      personal: false,
      timezone: 'America/New_York',
      role: 'owner',
    });

    const list = await call(t.app, 'GET', '/api/v1/workspaces', { as: owner });
    expect(list.status).toBe(200);
    expect(list.body.items.map((w: { id: string }) => w.id)).toEqual([owner.workspaceId, created.body.id]);

    const shared = { ...owner, workspaceId: created.body.id };
    const current = await call(t.app, 'GET', '/api/v1/workspace', { as: shared });
    expect(current.body).toMatchObject({ id: created.body.id, name: 'Harbor Realty', role: 'owner' });
    const personal = await call(t.app, 'GET', '/api/v1/workspace', { as: { token: owner.token } });
    expect(personal.body).toMatchObject({ id: owner.workspaceId, personal: true, timezone: 'Etc/UTC' });

    const kit = await call(t.app, 'GET', '/api/v1/brand-kit', { as: shared });
    expect(kit.status).toBe(200);
    const members = await call(t.app, 'GET', '/api/v1/members', { as: shared });
    expect(members.body.items).toEqual([
      expect.objectContaining({ userId: owner.userId, email: owner.email, role: 'owner' }),
    ]);
  });

  it('when someone names a workspace they do not belong to, then every route answers 404 and no data', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const stranger = await registerUser(t.app);
    const asStranger = { token: stranger.token, workspaceId: owner.workspaceId };
    for (const [method, url] of [
      ['GET', '/api/v1/workspace'],
      ['GET', '/api/v1/members'],
      ['GET', '/api/v1/brand-kit'],
      ['GET', '/api/v1/invitations'],
    ] as const) {
      const response = await call(t.app, method, url, { as: asStranger });
      expect(response.status, url).toBe(404);
      expect(response.body.code).toBe('not_found');
      expect(JSON.stringify(response.body)).not.toContain(owner.email);
    }
    const unknown = await call(t.app, 'GET', '/api/v1/workspace', {
      as: { token: stranger.token, workspaceId: randomUUID() },
    });
    expect(unknown.status).toBe(404);
  });

  it('when a time zone is not an IANA zone, then the change is refused and names the field', async () => {
    const owner = await registerUser(t.app);
    for (const timezone of ['Mars/Olympus_Mons', 'EST', 'UTC']) {
      const refused = await call(t.app, 'PATCH', '/api/v1/workspace', { as: owner, body: { timezone } });
      expect(refused.status, timezone).toBe(400);
      expect(refused.body.details.fields).toEqual([expect.objectContaining({ field: 'body.timezone' })]);
    }
    for (const timezone of ['Asia/Kolkata', 'Europe/Kyiv', 'Etc/UTC', 'America/Los_Angeles']) {
      const changed = await call(t.app, 'PATCH', '/api/v1/workspace', { as: owner, body: { timezone } });
      expect(changed.status, timezone).toBe(200);
      expect(changed.body.timezone).toBe(timezone);
    }
    const renamed = await call(t.app, 'PATCH', '/api/v1/workspace', { as: owner, body: { name: 'Solo' } });
    expect(renamed.body).toMatchObject({ name: 'Solo', timezone: 'America/Los_Angeles', role: 'owner' });
  });
});

describe('roles', () => {
  it('when a viewer or editor tries an admin action, then it answers 403 and nothing changes', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const viewer = await addMember(t, owner, 'viewer');
    const editor = await addMember(t, owner, 'editor');

    const rename = await call(t.app, 'PATCH', '/api/v1/workspace', { as: viewer, body: { name: 'Mine' } });
    expect(rename.status).toBe(403);
    expect(rename.body.code).toBe('forbidden');
    const invite = await call(t.app, 'POST', '/api/v1/invitations', {
      as: editor,
      body: { email: 'someone@example.com', role: 'viewer' },
    });
    expect(invite.status).toBe(403);
    const promote = await call(t.app, 'PATCH', `/api/v1/members/${editor.userId}`, {
      as: editor,
      body: { role: 'admin' },
    });
    expect(promote.status).toBe(403);
    const kick = await call(t.app, 'DELETE', `/api/v1/members/${viewer.userId}`, { as: editor });
    expect(kick.status).toBe(403);

    const seen = await call(t.app, 'GET', '/api/v1/workspace', { as: viewer });
    expect(seen.body).toMatchObject({ name: 'Harbor Realty', role: 'viewer' });
  });

  it('when an admin acts on owners, then they may not grant, change, remove or invite an owner', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const admin = await addMember(t, owner, 'admin');
    const editor = await addMember(t, admin, 'editor');

    const grant = await call(t.app, 'PATCH', `/api/v1/members/${editor.userId}`, {
      as: admin,
      body: { role: 'owner' },
    });
    expect(grant.status).toBe(403);
    const demote = await call(t.app, 'PATCH', `/api/v1/members/${owner.userId}`, {
      as: admin,
      body: { role: 'viewer' },
    });
    expect(demote.status).toBe(403);
    const remove = await call(t.app, 'DELETE', `/api/v1/members/${owner.userId}`, { as: admin });
    expect(remove.status).toBe(403);
    const invite = await call(t.app, 'POST', '/api/v1/invitations', {
      as: admin,
      body: { email: 'co-owner@example.com', role: 'owner' },
    });
    expect(invite.status).toBe(403);

    // What admins may do: manage non-owners.
    const changed = await call(t.app, 'PATCH', `/api/v1/members/${editor.userId}`, {
      as: admin,
      body: { role: 'viewer' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ userId: editor.userId, role: 'viewer' });
    expect((await call(t.app, 'DELETE', `/api/v1/members/${editor.userId}`, { as: admin })).status).toBe(204);
    const members = await call(t.app, 'GET', '/api/v1/members', { as: owner });
    expect(members.body.items.map((m: { role: string }) => m.role).sort()).toEqual(['admin', 'owner']);
  });

  it('when the last owner would be demoted or leave, then it answers 409; with a second owner it works', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const demote = await call(t.app, 'PATCH', `/api/v1/members/${owner.userId}`, {
      as: owner,
      body: { role: 'admin' },
    });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('conflict');
    const leave = await call(t.app, 'DELETE', `/api/v1/members/${owner.userId}`, { as: owner });
    expect(leave.status).toBe(409);

    const second = await addMember(t, owner, 'admin');
    const promoted = await call(t.app, 'PATCH', `/api/v1/members/${second.userId}`, {
      as: owner,
      body: { role: 'owner' },
    });
    expect(promoted.body.role).toBe('owner');
    const stepDown = await call(t.app, 'PATCH', `/api/v1/members/${owner.userId}`, {
      as: owner,
      body: { role: 'editor' },
    });
    expect(stepDown.status).toBe(200);
    const lastOne = await call(t.app, 'PATCH', `/api/v1/members/${second.userId}`, {
      as: second,
      body: { role: 'admin' },
    });
    expect(lastOne.status).toBe(409);
  });

  it('when two owners demote each other at once, then one change wins and an owner remains', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const second = await addMember(t, owner, 'owner');
    const [a, b] = await Promise.all([
      call(t.app, 'PATCH', `/api/v1/members/${second.userId}`, { as: owner, body: { role: 'viewer' } }),
      call(t.app, 'PATCH', `/api/v1/members/${owner.userId}`, { as: second, body: { role: 'viewer' } }),
    ]);
    // The loser is refused either as the last owner (409) or, if it runs second, as a viewer by now (403).
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const members = await call(t.app, 'GET', '/api/v1/members', { as: owner });
    expect(members.body.items.filter((m: { role: string }) => m.role === 'owner')).toHaveLength(1);
  });

  it('when a member leaves, then they lose access; nobody leaves their own personal workspace', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const editor = await addMember(t, owner, 'editor');
    expect((await call(t.app, 'DELETE', `/api/v1/members/${editor.userId}`, { as: editor })).status).toBe(
      204,
    );
    expect((await call(t.app, 'GET', '/api/v1/workspace', { as: editor })).status).toBe(404);

    const personal = await call(t.app, 'DELETE', `/api/v1/members/${owner.userId}`, {
      as: { token: owner.token },
    });
    expect(personal.status).toBe(409);
  });

  it('when the member is unknown or the id is not a UUID, then 404 and 400', async () => {
    const owner = await registerUser(t.app);
    const stranger = await registerUser(t.app);
    const unknown = await call(t.app, 'PATCH', `/api/v1/members/${stranger.userId}`, {
      as: owner,
      body: { role: 'viewer' },
    });
    expect(unknown.status).toBe(404);
    expect((await call(t.app, 'DELETE', `/api/v1/members/${randomUUID()}`, { as: owner })).status).toBe(404);
    const invalid = await call(t.app, 'DELETE', '/api/v1/members/not-a-uuid', { as: owner });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('validation_failed');
  });
});
