import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createSharedWorkspace, deliveredEmail, freshEmail, signUp } from './helpers.js';

interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

/** Decodes the single text part nodemailer sends (quoted-printable once lines grow long). */
function parseMail(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n\s+/g, ' ');
  let body = raw.slice(split + 4);
  if (/^content-transfer-encoding:\s*quoted-printable/im.test(headers)) {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return { to, subject: /^subject:\s*(.*)$/im.exec(headers)?.[1] ?? '', text: body };
}

/** A loopback SMTP server; `next(address)` resolves with the next message delivered to that address. */
function createMailbox() {
  const arrived = new Map<string, ReceivedMail[]>();
  const waiting = new Map<string, (mail: ReceivedMail) => void>();
  const deliver = (mail: ReceivedMail) => {
    for (const address of mail.to) {
      const resolve = waiting.get(address);
      if (resolve) {
        waiting.delete(address);
        resolve(mail);
      } else arrived.set(address, [...(arrived.get(address) ?? []), mail]);
    }
  };
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
        deliver(parseMail(Buffer.concat(chunks).toString('utf8'), to));
        callback();
      });
    },
  });
  return {
    async listen(): Promise<number> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.server.address() as AddressInfo).port;
    },
    next(address: string): Promise<ReceivedMail> {
      const queued = arrived.get(address)?.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve) => waiting.set(address, resolve));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

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
