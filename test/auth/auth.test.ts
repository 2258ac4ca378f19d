import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('accounts', () => {
  it('when someone registers, then they get tokens, their user and a personal workspace they own', async () => {
    const response = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: { email: 'New.Agent@Example.com', password: 'long enough pass', name: 'New Agent' },
    });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ email: 'new.agent@example.com', name: 'New Agent' });
    expect(response.body.workspace).toMatchObject({ personal: true, role: 'owner' });
    expect(response.body.refreshToken).toEqual(expect.any(String));
    const me = await call(t.app, 'GET', '/api/v1/me', { as: { token: response.body.accessToken } });
    expect(me.status).toBe(200);
    expect(me.body.workspaces).toEqual([
      expect.objectContaining({ id: response.body.workspace.id, role: 'owner' }),
    ]);
    expect(JSON.stringify(me.body)).not.toContain('password');
  });

  it('when the email is taken (any case), then registering again answers 409 email_taken', async () => {
    const user = await registerUser(t.app);
    const again = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: { email: user.email.toUpperCase(), password: 'another password', name: 'Copycat' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('email_taken');
  });

  it('when the password is wrong or the email unknown, then login answers the same 401', async () => {
    const user = await registerUser(t.app);
    const wrong = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: user.email, password: 'nope-nope' },
    });
    const unknown = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: 'nobody@example.com', password: 'nope-nope' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    const ok = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.workspace.id).toBe(user.workspaceId);
  });

  it('when a refresh token is used, then it rotates, and re-using the old one ends the whole session', async () => {
    const user = await registerUser(t.app);
    const first = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: user.refreshToken },
    });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);

    const replay = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: user.refreshToken },
    });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('token_revoked');

    // The family is revoked: the newest refresh token and its access token stop working too.
    const newest = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(newest.status).toBe(401);
    const me = await call(t.app, 'GET', '/api/v1/me', { as: { token: first.body.accessToken } });
    expect(me.status).toBe(401);
  });

  it('when a user logs out, then their access and refresh tokens stop working', async () => {
    const user = await registerUser(t.app);
    const out = await call(t.app, 'POST', '/api/v1/auth/logout', { as: user, body: {} });
    expect(out.status).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/me', { as: user })).status).toBe(401);
    const refreshed = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: user.refreshToken },
    });
    expect(refreshed.status).toBe(401);
  });

  it('when the token is missing or forged, then the API answers 401 with a code', async () => {
    const missing = await call(t.app, 'GET', '/api/v1/me');
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('unauthenticated');
    const forged = await call(t.app, 'GET', '/api/v1/me', { as: { token: 'eyJhbGciOiJub25lIn0.e30.' } });
    expect(forged.status).toBe(401);
  });
});

describe('login rate limit', () => {
  it('when one email is tried too often, then further attempts answer 429 even from the right password', async () => {
    const limited = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const user = await registerUser(limited.app);
      const attempt = (password: string) =>
        call(limited.app, 'POST', '/api/v1/auth/login', { body: { email: user.email, password } });
      // Register counted once for this IP; two wrong attempts reach the limit of 3.
      expect((await attempt('wrong-1')).status).toBe(401);
      expect((await attempt('wrong-2')).status).toBe(401);
      const blocked = await attempt(user.password);
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe('rate_limited');
      expect(blocked.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});
