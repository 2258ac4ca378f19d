import { afterEach, describe, expect, it } from 'vitest';
import { createLinkedInPlatform } from '../../../src/platforms/linkedin/index.js';
import { PlatformError } from '../../../src/platforms/social-platform.js';
import type { FakeLinkedIn } from '../../fakes/linkedin-server.js';
import { credentials, MEMBER_URN, setup, VERSION } from './helpers.js';

let fake: FakeLinkedIn | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('LinkedIn OAuth', () => {
  it('when the authorize URL is built, then it carries response_type, client_id, redirect_uri, state and space-separated scopes', () => {
    const platform = createLinkedInPlatform({
      clientId: 'client-id',
      clientSecret: 'secret',
      apiUrl: 'https://api.linkedin.com',
      oauthUrl: 'https://www.linkedin.com',
      version: VERSION,
    });
    const url = new URL(
      platform.authorizeUrl({ state: 's-1', redirectUri: 'https://app.test/oauth/linkedin' }),
    );
    expect(url.origin + url.pathname).toBe('https://www.linkedin.com/oauth/v2/authorization');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-id',
      redirect_uri: 'https://app.test/oauth/linkedin',
      state: 's-1',
      scope: 'openid profile w_member_social',
    });
    expect(url.search).toContain('scope=openid+profile+w_member_social');
    expect(platform.usesPkce).toBe(false);
  });

  it('when a code is exchanged, then one form-encoded POST goes to /oauth/v2/accessToken and the tokens come back with a 60-day expiry', async () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const started = await setup({ now: () => now });
    fake = started.fake;
    const result = await started.platform.exchangeCode({
      code: 'the-code',
      redirectUri: 'https://app.test/cb',
    });

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/oauth/v2/accessToken');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://app.test/cb',
      client_id: 'client-id',
      client_secret: 'client-secret',
    });
    expect(result.accessToken).toMatch(/^token-/);
    expect(result.refreshToken).toMatch(/^refresh-/);
    expect(result.expiresAt).toEqual(new Date(now.getTime() + 5_184_000_000));
    expect(result.scopes).toEqual(['openid', 'profile', 'w_member_social']);
  });

  it('when LinkedIn refuses the code, then the failure is a reject with its description', async () => {
    const started = await setup();
    fake = started.fake;
    const failure = await started.platform
      .exchangeCode({ code: 'bad-code', redirectUri: 'https://app.test/cb' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect((failure as PlatformError).action).toBe('reject');
    expect((failure as PlatformError).userMessage).toContain('Unable to retrieve access token');
  });

  it('when a refresh token exists, then refresh posts grant_type=refresh_token and returns a new access token', async () => {
    const started = await setup();
    fake = started.fake;
    const result = await started.platform.refresh(credentials('old-token', 'test-refresh'));
    expect(fake.requests.map((request) => request.body)).toEqual([
      {
        grant_type: 'refresh_token',
        refresh_token: 'test-refresh',
        client_id: 'client-id',
        client_secret: 'client-secret',
      },
    ]);
    expect(result.accessToken).not.toBe('old-token');
    expect(result.refreshToken).toBe('test-refresh');
  });

  it('when there is no refresh token, then refresh asks the user to reconnect without calling LinkedIn', async () => {
    const started = await setup();
    fake = started.fake;
    await expect(started.platform.refresh(credentials('old-token', null))).rejects.toMatchObject({
      action: 'reconnect',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('when LinkedIn refuses the refresh token, then the user must reconnect', async () => {
    const started = await setup();
    fake = started.fake;
    await expect(started.platform.refresh(credentials('old-token', 'revoked'))).rejects.toMatchObject({
      action: 'reconnect',
    });
  });
});

describe('LinkedIn accounts', () => {
  it('when the member administers organisations, then the member and each organisation are accounts with their URNs', async () => {
    const started = await setup({
      organizations: [
        { id: '111', localizedName: 'Harbor Realty', vanityName: 'harbor-realty' },
        { id: '222', localizedName: 'Side Project', vanityName: 'side', role: 'ANALYST' },
      ],
    });
    fake = started.fake;
    const login = {
      ...credentials(),
      scopes: ['openid', 'profile', 'w_member_social', 'rw_organization_admin'],
    };
    const accounts = await started.platform.accounts(login);

    expect(
      accounts.map(({ externalId, handle, displayName, kind }) => ({
        externalId,
        handle,
        displayName,
        kind,
      })),
    ).toEqual([
      { externalId: MEMBER_URN, handle: 'dana@example.test', displayName: 'Dana Realtor', kind: 'person' },
      {
        externalId: 'urn:li:organization:111',
        handle: 'harbor-realty',
        displayName: 'Harbor Realty',
        kind: 'organization',
      },
    ]);
    const acl = fake.requestsTo('GET /rest/organizationAcls')[0];
    expect(acl?.query).toMatchObject({ q: 'roleAssignee', role: 'ADMINISTRATOR', state: 'APPROVED' });
    expect(acl?.headers).toMatchObject({
      authorization: 'Bearer test-token',
      'linkedin-version': VERSION,
      'x-restli-protocol-version': '2.0.0',
    });
    expect(fake.requestsTo('GET /v2/userinfo')[0]?.headers.authorization).toBe('Bearer test-token');
  });

  it('when the login has no organisation scope, then only the member is listed and no ACL call is made', async () => {
    const started = await setup({
      organizations: [{ id: '111', localizedName: 'Harbor', vanityName: 'harbor' }],
    });
    fake = started.fake;
    const accounts = await started.platform.accounts(credentials());
    expect(accounts.map((account) => account.externalId)).toEqual([MEMBER_URN]);
    expect(fake.requestsTo('GET /rest/organizationAcls')).toHaveLength(0);
  });

  it('when the ACL lookup is forbidden, then the member is still listed', async () => {
    const started = await setup();
    fake = started.fake;
    fake.fail('GET /rest/organizationAcls', {
      status: 403,
      body: {
        serviceErrorCode: 100,
        message: 'Not enough permissions to access: GET /organizationAcls',
        status: 403,
      },
    });
    const accounts = await started.platform.accounts({ ...credentials(), scopes: ['rw_organization_admin'] });
    expect(accounts.map((account) => account.externalId)).toEqual([MEMBER_URN]);
  });
});
