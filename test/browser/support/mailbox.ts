import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  to: string[];
  subject: string;
  text: string;
}

/**
 * A real SMTP server on loopback that keeps what it receives. The product sends through it
 * exactly as in production (the email job, nodemailer, SMTP), so a test reads the email a
 * person would get and follows its link, proving the link points at a page the app has.
 */
export async function startMailbox() {
  const received: ReceivedEmail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()), subject: mail.subject ?? '', text: mail.text ?? '' });
          for (const wake of waiters) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The link to `path` (`/verify-email`) in the newest email to `to` that has one, waiting for it to arrive. */
    async link(to: string, path: string, timeoutMs = 30_000): Promise<string> {
      const pattern = new RegExp(`https?://[^\\s"'<>]+${path.replace(/[/]/g, '\\/')}\\?token=[A-Za-z0-9_%-]+`);
      const find = () => {
        for (const email of [...received].reverse()) {
          const match = email.to.includes(to.toLowerCase()) ? pattern.exec(email.text) : null;
          if (match) return match[0];
        }
        return undefined;
      };
      const found = find();
      if (found) return found;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no email to ${to} with a ${path} link within ${timeoutMs} ms (got: ${received.map((email) => `${email.to.join(',')}: ${email.subject}`).join('; ')})`));
        }, timeoutMs);
        const check = () => {
          const link = find();
          if (!link) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(link);
        };
        waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
