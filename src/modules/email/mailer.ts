import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  /** The plain-text body: always sent, and what the outbox shows. */
  text: string;
  /** An optional HTML alternative of the same content. */
  html?: string;
  /** Extra headers, e.g. `List-Unsubscribe`. Values must be single lines. */
  headers?: Record<string, string>;
}

/** The email port. `configured` is false when no SMTP server is set: nothing is sent, and callers say so. */
export interface Mailer {
  configured: boolean;
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

export function createSmtpMailer(options: { url: string | undefined; from: string }): Mailer {
  if (!options.url) {
    return {
      configured: false,
      send: () => Promise.reject(new Error('SMTP_URL is not set')),
      close: () => undefined,
    };
  }
  const transport = nodemailer.createTransport(options.url);
  return {
    configured: true,
    async send(email) {
      await transport.sendMail({
        from: options.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        ...(email.html ? { html: email.html } : {}),
        ...(email.headers ? { headers: email.headers } : {}),
      });
    },
    close: () => transport.close(),
  };
}
