/**
 * The identities a LinkedIn login can publish as: the member (`urn:li:person:{sub}` from OpenID
 * userinfo, platform-apis.md §4.1) and each organisation the member administers (`/rest/organizationAcls`
 * roleAssignee finder [V: Organization Access Control page, not in platform-apis.md]).
 */
import { PlatformError, type ConnectableAccount, type Credentials } from '../social-platform.js';
import type { LinkedInHttp } from './http.js';

/** Scopes that let a token read the member's organisation roles [V]. */
const ORG_ADMIN_SCOPES = ['rw_organization_admin', 'r_organization_admin'];

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export async function listAccounts(
  http: LinkedInHttp,
  credentials: Credentials,
): Promise<ConnectableAccount[]> {
  const userinfo = record((await http.v2('/v2/userinfo', credentials.accessToken)).body);
  const sub = text(userinfo.sub);
  if (sub === undefined || sub === '') {
    throw new PlatformError('retry_later', 'LinkedIn did not say who is signed in; please try again.', {
      cause: userinfo,
    });
  }
  const memberUrn = `urn:li:person:${sub}`;
  const name =
    text(userinfo.name) ?? ([text(userinfo.given_name), text(userinfo.family_name)].join(' ').trim() || sub);
  const member: ConnectableAccount = {
    externalId: memberUrn,
    handle: text(userinfo.email) ?? name,
    displayName: name,
    kind: 'person',
    credentials,
    meta: { memberUrn },
  };
  return [member, ...(await organizationAccounts(http, credentials, memberUrn))];
}

async function organizationAccounts(
  http: LinkedInHttp,
  credentials: Credentials,
  memberUrn: string,
): Promise<ConnectableAccount[]> {
  // An unknown scope list (empty) still tries; a token without the admin scopes would only get a 403.
  const mayRead =
    credentials.scopes.length === 0 || credentials.scopes.some((scope) => ORG_ADMIN_SCOPES.includes(scope));
  if (!mayRead) return [];
  let acls: unknown;
  try {
    acls = (
      await http.rest('GET', '/rest/organizationAcls', credentials.accessToken, {
        query: { q: 'roleAssignee', role: 'ADMINISTRATOR', state: 'APPROVED', count: '100' },
      })
    ).body;
  } catch (error) {
    // Without the organisation permission the member can still publish as themselves.
    if (error instanceof PlatformError && error.details.status === 403) return [];
    throw error;
  }
  const elements = Array.isArray(record(acls).elements) ? (record(acls).elements as unknown[]) : [];
  const organizationUrns = [
    ...new Set(elements.map((acl) => text(record(acl).organization)).filter((urn) => urn !== undefined)),
  ];
  const accounts: ConnectableAccount[] = [];
  for (const urn of organizationUrns) {
    const id = urn.slice(urn.lastIndexOf(':') + 1);
    const organization = record(
      (await http.rest('GET', `/rest/organizations/${encodeURIComponent(id)}`, credentials.accessToken)).body,
    );
    const displayName = text(organization.localizedName) ?? urn;
    accounts.push({
      externalId: urn,
      handle: text(organization.vanityName) ?? displayName,
      displayName,
      kind: 'organization',
      credentials,
      meta: { organizationId: id, memberUrn },
    });
  }
  return accounts;
}
