import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { addMember, createSharedWorkspace, deliveredEmail, freshEmail, signUp, tokenOf } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const invite = (as: { token: string; workspaceId: string }, email: string, role = 'editor') =>
  call(t.app, 'POST', '/api/v1/invitations', { as, body: { email, role } });
const accept = (as: { token: string }, token: string) =>
  call(t.app, 'POST', '/api/v1/invitations/accept', { as, body: { token } });

describe('invitations without SMTP', () => {
  it('when no SMTP server is set, then the inviter gets the link and the email is recorded as not_configured', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app, 'Dana Broker'));
    const email = freshEmail();
    const invited = await invite(owner, email.toUpperCase(), 'viewer');
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email, role: 'viewer', delivery: 'link_only' });
    expect(invited.body.acceptUrl).toMatch(/^http:\/\/127\.0\.0\.1:3000\/invitations\/accept\?token=/);
    expect(new Date(invited.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);

    const recorded = await deliveredEmail(t, email);
    expect(recorded.status).toBe('not_configured');
    expect(recorded.subject).toBe('Dana Broker invited you to Harbor Realty on Listcast');
    expect(recorded.body).toContain(invited.body.acceptUrl);

    const pending = await call(t.app, 'GET', '/api/v1/invitations', { as: owner });
    expect(pending.body.items).toEqual([
      expect.objectContaining({ id: invited.body.id, email, role: 'viewer', invitedBy: owner.userId }),
    ]);
    expect(JSON.stringify(pending.body)).not.toContain(tokenOf(invited.body.acceptUrl));
  });

  it('when the invited person accepts, then they join with the role, and the token cannot be used again', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const email = freshEmail();
    const invited = await invite(owner, email, 'editor');
    const person = await signUp(t, email);
    const token = tokenOf(invited.body.acceptUrl);

    const joined = await accept(person, token);
    expect(joined.status).toBe(200);
    expect(joined.body.workspace).toEqual({
      id: owner.workspaceId,
      name: 'Harbor Realty',
      personal: false,
      timezone: 'Etc/UTC',
      role: 'editor',
    });
    const inside = await call(t.app, 'GET', '/api/v1/workspace', {
      as: { token: person.token, workspaceId: owner.workspaceId },
    });
    expect(inside.body.role).toBe('editor');
    expect((await accept(person, token)).status).toBe(404);
    expect((await call(t.app, 'GET', '/api/v1/invitations', { as: owner })).body.items).toEqual([]);
  });

  it('when someone else signs in with the link, then it answers 403 and the invitation stays usable', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const email = freshEmail();
    const token = tokenOf((await invite(owner, email)).body.acceptUrl);
    const intruder = await registerUser(t.app);
    const refused = await accept(intruder, token);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    expect((await accept(await signUp(t, email), token)).status).toBe(200);
  });

  it('when two accepts race with one token, then exactly one succeeds', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const email = freshEmail();
    const token = tokenOf((await invite(owner, email)).body.acceptUrl);
    const person = await signUp(t, email);
    const results = await Promise.all([accept(person, token), accept(person, token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 404]);
    const members = await call(t.app, 'GET', '/api/v1/members', { as: owner });
    expect(members.body.items).toHaveLength(2);
  });

  it('when an address is invited again, then the old link stops working and the new one works', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const email = freshEmail();
    const first = tokenOf((await invite(owner, email, 'viewer')).body.acceptUrl);
    const second = tokenOf((await invite(owner, email, 'admin')).body.acceptUrl);
    const pending = await call(t.app, 'GET', '/api/v1/invitations', { as: owner });
    expect(pending.body.items).toEqual([expect.objectContaining({ email, role: 'admin' })]);
    const person = await signUp(t, email);
    expect((await accept(person, first)).status).toBe(404);
    const joined = await accept(person, second);
    expect(joined.body.workspace.role).toBe('admin');
  });

  it('when an invitation is revoked or has expired, then its link answers 404 or 410', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const email = freshEmail();
    const revokedInvite = await invite(owner, email);
    const revoked = await call(t.app, 'DELETE', `/api/v1/invitations/${revokedInvite.body.id}`, {
      as: owner,
    });
    expect(revoked.status).toBe(204);
    const again = await call(t.app, 'DELETE', `/api/v1/invitations/${revokedInvite.body.id}`, { as: owner });
    expect(again.status).toBe(404);
    const person = await signUp(t, email);
    expect((await accept(person, tokenOf(revokedInvite.body.acceptUrl))).status).toBe(404);

    const expiring = await invite(owner, email);
    // Seven days cannot pass in a test: move the deadline instead.
    await t.database.executeSql(
      "update invitations set expires_at = now() - interval '1 minute' where id = $1",
      [expiring.body.id],
    );
    const expired = await accept(person, tokenOf(expiring.body.acceptUrl));
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('gone');
    expect((await accept(person, 'no-such-token')).status).toBe(404);
  });

  it('when the address already belongs to a member, then inviting it answers 409', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const member = await addMember(t, owner, 'viewer');
    const duplicate = await invite(owner, member.email.toUpperCase());
    expect(duplicate.status).toBe(409);
    expect((await invite(owner, owner.email)).status).toBe(409);
  });

  it('when another workspace revokes my invitation id, then it answers 404 and the link still works', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const email = freshEmail();
    const invited = await invite(owner, email);
    const other = await registerUser(t.app);
    const foreign = await call(t.app, 'DELETE', `/api/v1/invitations/${invited.body.id}`, { as: other });
    expect(foreign.status).toBe(404);
    expect((await accept(await signUp(t, email), tokenOf(invited.body.acceptUrl))).status).toBe(200);
  });
});
