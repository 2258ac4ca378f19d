import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createMailbox } from '../helpers/mailbox.js';
import { createSharedWorkspace, deliveredEmail, freshEmail, signUp } from './helpers.js';

const tokenIn = (text: string) => /invitations\/accept\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';

let t: TestApp;
const mailbox = createMailbox();
beforeAll(async () => {
  const port = await mailbox.listen();
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL: 'https://app.listcast.test' });
});
afterAll(async () => {
  await t.close();
  await mailbox.close();
});

describe('invitations over SMTP', () => {
  it('when an owner invites by email, then the email arrives and its link makes the invitee a member', async () => {
    const owner = await createSharedWorkspace(t, await registerUser(t.app, 'Dana Broker'), 'Harbor Realty');
    const email = freshEmail();
    const arrival = mailbox.next(email);
    const invited = await call(t.app, 'POST', '/api/v1/invitations', {
      as: owner,
      body: { email, role: 'editor' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body.delivery).toBe('email');

    const mail = await arrival;
    expect(mail.subject).toBe('Dana Broker invited you to Harbor Realty on Listcast');
    expect(mail.text).toContain('https://app.listcast.test/invitations/accept?token=');
    const token = tokenIn(mail.text);
    expect(token).not.toBe('');
    expect((await deliveredEmail(t, email)).status).toBe('sent');

    const intruder = await registerUser(t.app);
    const refused = await call(t.app, 'POST', '/api/v1/invitations/accept', {
      as: intruder,
      body: { token },
    });
    expect(refused.status).toBe(403);

    const person = await signUp(t, email, 'Eli Editor');
    const joined = await call(t.app, 'POST', '/api/v1/invitations/accept', { as: person, body: { token } });
    expect(joined.status).toBe(200);
    expect(joined.body.workspace).toMatchObject({
      id: owner.workspaceId,
      name: 'Harbor Realty',
      role: 'editor',
    });
    const members = await call(t.app, 'GET', '/api/v1/members', { as: owner });
    expect(members.body.items).toContainEqual(
      expect.objectContaining({ userId: person.userId, name: 'Eli Editor', email, role: 'editor' }),
    );

    const reused = await call(t.app, 'POST', '/api/v1/invitations/accept', { as: person, body: { token } });
    expect(reused.status).toBe(404);
  });
});
