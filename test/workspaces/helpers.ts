import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/db/schema.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import type { TestApp } from '../helpers/app.js';

/** Registers someone with a chosen email address (invitations are bound to one). */
export const signUp = (t: TestApp, email: string, name = 'Invited Agent'): Promise<TestUser> =>
  registerUser(t.app, name, email);

export const freshEmail = () => `invitee-${randomUUID()}@example.com`;

export const tokenOf = (acceptUrl: string) => new URL(acceptUrl).searchParams.get('token') ?? '';

/** Creates a shared workspace as `owner` and returns `owner` acting in it. */
export async function createSharedWorkspace(t: TestApp, owner: TestUser, name = 'Harbor Realty') {
  const created = await call(t.app, 'POST', '/api/v1/workspaces', { as: owner, body: { name } });
  if (created.status !== 201) throw new Error(`create workspace failed: ${JSON.stringify(created.body)}`);
  return { ...owner, workspaceId: created.body.id as string };
}

/** Brings a new person into `inviter`'s current workspace with `role`, through the invitation link. */
export async function addMember(t: TestApp, inviter: TestUser, role: Role): Promise<TestUser> {
  const email = freshEmail();
  const invited = await call(t.app, 'POST', '/api/v1/invitations', { as: inviter, body: { email, role } });
  if (invited.status !== 201) throw new Error(`invite failed: ${JSON.stringify(invited.body)}`);
  const person = await signUp(t, email, `New ${role}`);
  const accepted = await call(t.app, 'POST', '/api/v1/invitations/accept', {
    as: person,
    body: { token: tokenOf(invited.body.acceptUrl) },
  });
  if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
  return { ...person, workspaceId: inviter.workspaceId };
}

/** Waits until the `email.send` job for the newest email to `to` has run, and returns that email row. */
export async function deliveredEmail(t: TestApp, to: string) {
  const { rows } = await t.database.executeSql(
    `select j.id as job_id, e.id as email_id from emails e
       join pgboss.job j on j.name = 'email.send' and j.data->>'emailId' = e.id::text
      where e.to_address = $1 order by e.created_at desc limit 1`,
    [to],
  );
  const row = rows[0];
  if (!row) throw new Error(`no email queued for ${to}`);
  await t.jobs.settled(String(row.job_id));
  const emails = await t.database.executeSql('select status, subject, body from emails where id = $1', [
    row.email_id,
  ]);
  return emails.rows[0] as { status: string; subject: string; body: string };
}
