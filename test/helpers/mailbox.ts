/** A real SMTP server on loopback for tests, and a reader of what nodemailer sends. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  /** Header names lower-cased, folded lines joined. */
  headers: Record<string, string>;
  text: string;
  html: string | null;
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_match, kind: string, data: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function splitPart(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: raw.slice(split + 4) };
}

function decodeBody(part: { headers: Record<string, string>; body: string }): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return part.body;
}

/** Reads what nodemailer sends: one text part, or multipart/alternative with text and HTML. */
export function parseMail(raw: string, to: string[]): ReceivedMail {
  const message = splitPart(raw);
  const type = message.headers['content-type'] ?? 'text/plain';
  let text = '';
  let html: string | null = null;
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    for (const chunk of message.body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitPart(chunk.replace(/^\r\n/, ''));
      const partType = (part.headers['content-type'] ?? '').toLowerCase();
      const content = decodeBody(part).replace(/\r\n$/, '');
      if (partType.startsWith('text/plain')) text = content;
      else if (partType.startsWith('text/html')) html = content;
    }
  } else {
    text = decodeBody(message);
  }
  return {
    to,
    subject: decodeWords(message.headers.subject ?? ''),
    headers: message.headers,
    text: text.replace(/\r\n/g, '\n'),
    html,
  };
}

/** A loopback SMTP server; `next(address)` resolves with the next message delivered to that address. */
export function createMailbox() {
  const arrived = new Map<string, ReceivedMail[]>();
  const delivered = new Map<string, number>();
  const waiting = new Map<string, (mail: ReceivedMail) => void>();
  const deliver = (mail: ReceivedMail) => {
    for (const address of mail.to) {
      delivered.set(address, (delivered.get(address) ?? 0) + 1);
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
    /** How many messages this address has received so far. */
    count: (address: string) => delivered.get(address) ?? 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
