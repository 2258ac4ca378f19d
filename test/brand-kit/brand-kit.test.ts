import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { addMember, createSharedWorkspace } from '../workspaces/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const patch = (as: { token: string; workspaceId?: string }, body: object) =>
  call(t.app, 'PATCH', '/api/v1/brand-kit', { as, body });

describe('brand kit', () => {
  it('when a user registers, then their brand kit has the defaults and their name', async () => {
    const owner = await registerUser(t.app, 'Robin Realtor');
    const kit = await call(t.app, 'GET', '/api/v1/brand-kit', { as: owner });
    expect(kit.status).toBe(200);
    expect(kit.body).toMatchObject({
      agentName: 'Robin Realtor',
      brokerage: null,
      disclosure: null,
      primaryColor: '#1F3A5F',
      secondaryColor: '#F4F1EA',
      accentColor: '#C8A96A',
      tone: 'professional',
      defaultHashtags: [],
    });
    expect(Date.parse(kit.body.updatedAt)).not.toBeNaN();
  });

  it('when an admin patches fields, then only those change, colours are upper case and null clears', async () => {
    const owner = await registerUser(t.app, 'Robin Realtor');
    const first = await patch(owner, {
      brokerage: 'Harbor Realty',
      licenseNumber: 'DRE 01234567',
      email: 'Robin@Harbor.example',
      phone: '+1 (555) 010-0199',
      website: 'https://harbor.example/robin',
      primaryColor: '#aa00ff',
      tone: 'luxury',
      disclosure: 'Equal Housing Opportunity.',
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      agentName: 'Robin Realtor',
      brokerage: 'Harbor Realty',
      email: 'robin@harbor.example',
      primaryColor: '#AA00FF',
      secondaryColor: '#F4F1EA',
      tone: 'luxury',
    });
    const second = await patch(owner, { brokerage: null, disclosure: '', website: '' });
    expect(second.body).toMatchObject({
      brokerage: null,
      disclosure: null,
      website: null,
      licenseNumber: 'DRE 01234567',
      phone: '+1 (555) 010-0199',
    });
    expect(Date.parse(second.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.body.updatedAt));
    expect((await call(t.app, 'GET', '/api/v1/brand-kit', { as: owner })).body).toEqual(second.body);
  });

  it('when hashtags are given, then each starts with # and case-insensitive duplicates are dropped', async () => {
    const owner = await registerUser(t.app);
    const saved = await patch(owner, {
      defaultHashtags: ['JustListed', '#justlisted', ' #Dream_Home ', 'Zuhause2024', '#Maison'],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.defaultHashtags).toEqual(['#JustListed', '#Dream_Home', '#Zuhause2024', '#Maison']);
  });

  it('when fields are invalid, then it answers 400 listing every bad field and changes nothing', async () => {
    const owner = await registerUser(t.app);
    const refused = await patch(owner, {
      primaryColor: 'blue',
      accentColor: '#12345',
      website: 'ftp://files.example',
      email: 'not-an-email',
      tone: 'shouty',
      disclosure: 'x'.repeat(2001),
      defaultHashtags: ['#open house'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('validation_failed');
    const fields = refused.body.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.primaryColor',
        'body.accentColor',
        'body.website',
        'body.email',
        'body.tone',
        'body.disclosure',
        'body.defaultHashtags.0',
      ]),
    );
    const tooMany = await patch(owner, { defaultHashtags: Array.from({ length: 31 }, (_, i) => `tag${i}`) });
    expect(tooMany.status).toBe(400);
    expect((await call(t.app, 'GET', '/api/v1/brand-kit', { as: owner })).body.primaryColor).toBe('#1F3A5F');
  });

  it('when a viewer or editor patches, then it answers 403; a viewer can still read', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app));
    const viewer = await addMember(t, owner, 'viewer');
    const editor = await addMember(t, owner, 'editor');
    expect((await call(t.app, 'GET', '/api/v1/brand-kit', { as: viewer })).status).toBe(200);
    expect((await patch(viewer, { tone: 'warm' })).status).toBe(403);
    expect((await patch(editor, { tone: 'warm' })).status).toBe(403);
    const admin = await addMember(t, owner, 'admin');
    expect((await patch(admin, { tone: 'warm' })).body.tone).toBe('warm');
  });

  it("when a workspace's kit changes, then other workspaces' kits do not", async () => {
    const first = await registerUser(t.app);
    const second = await registerUser(t.app);
    await patch(first, { tone: 'playful' });
    expect((await call(t.app, 'GET', '/api/v1/brand-kit', { as: second })).body.tone).toBe('professional');
  });
});
