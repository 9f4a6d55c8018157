import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

/**
 * SMTP delivery that leaves a record from which a restart can tell whether a message may have arrived.
 *
 * A server takes a message only when it receives the end-of-data mark (the lone "." line after DATA, RFC 5321
 * §4.1.1.4); a connection lost before it leaves nothing delivered. The only moment of doubt is between that mark
 * and the server's reply (the window RFC 1047 describes). `send` writes the whole message, then awaits
 * `beforeEnd` — where the caller records "ending" in the database — and only then lets the mark go. So after a
 * crash a message still recorded as "sending" never arrived and can be sent again, and only one recorded as
 * "ending" may have arrived (docs/decisions/0013).
 */

export interface SmtpMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
  messageId?: string;
  /** Forces the bodies' transfer encoding (otherwise chosen by their content). */
  bodyEncoding?: 'quoted-printable';
}

/** A message ready for the wire: its envelope, its Message-ID and its bytes. */
export interface ComposedMail {
  envelope: { from: string | false; to: string[] };
  messageId: string;
  bytes: Buffer;
}

/** An SMTP failure: `responseCode` when the server answered; `afterEnd` when the end-of-data mark had gone out. */
export type SmtpError = Error & { responseCode?: number; afterEnd?: boolean };

export interface SmtpSender {
  send(message: ComposedMail, beforeEnd: () => Promise<void>): Promise<void>;
  close(): void;
}

/** Whether a message that failed may have arrived: the mark went out and no reply came back. */
export const mayHaveArrived = (err: SmtpError) => err.afterEnd === true && err.responseCode === undefined;

/** Composes a message (MIME structure, encoded headers and bodies). */
export async function compose(message: SmtpMessage): Promise<ComposedMail> {
  const body = (content: string) => (message.bodyEncoding ? { content, contentTransferEncoding: message.bodyEncoding } : content);
  const composed = new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: body(message.text),
    html: message.html == null ? undefined : body(message.html),
    headers: message.headers,
    messageId: message.messageId,
  }).compile();
  const bytes = await composed.build();
  return { envelope: composed.getEnvelope(), messageId: composed.messageId(), bytes };
}

/**
 * The message bytes, then (once the consumer asks for more, i.e. has taken them all) `beforeEnd`, then the end
 * of the stream, after which the SMTP connection writes the end-of-data mark. A zero high-water mark keeps the
 * stream from reading ahead before the connection pipes it.
 */
function holdingTheEnd(bytes: Buffer, beforeEnd: () => Promise<void>, ended: () => void) {
  let stage = 0;
  return new Readable({
    highWaterMark: 0,
    read() {
      if (stage === 0) {
        stage = 1;
        this.push(bytes);
      } else if (stage === 1) {
        stage = 2;
        beforeEnd().then(
          () => {
            ended();
            this.push(null);
          },
          (err: Error) => this.destroy(err),
        );
      }
    },
  });
}

/**
 * A pool of up to `maxConnections` SMTP connections, each reused for message after message. `url` is
 * `smtp://user:pass@host:port` or `smtps://…` (nodemailer's URL options apply).
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * The connection options of an SMTP URL. Over `smtp://` to another machine, STARTTLS is required (nodemailer
 * would otherwise send in clear text when the server does not offer it): a relay without TLS must be named
 * explicitly with `?requireTLS=false`. `smtps://` is TLS from the start; a server on this machine is not required
 * to offer it.
 */
export function smtpConnectionOptions(url: string) {
  const parsed = parseConnectionUrl(url) as ReturnType<typeof parseConnectionUrl> & { host?: string; secure?: boolean; requireTLS?: boolean };
  if (!parsed.secure && parsed.requireTLS === undefined && !LOOPBACK.has(parsed.host ?? 'localhost')) parsed.requireTLS = true;
  return parsed;
}

export function smtpSender(url: string, opts: { maxConnections: number; timeoutMs: number }): SmtpSender {
  const options = { ...smtpConnectionOptions(url), connectionTimeout: opts.timeoutMs, greetingTimeout: opts.timeoutMs, socketTimeout: opts.timeoutMs };
  const auth = (options as { auth?: { user: string; pass: string } }).auth;
  const idle: SMTPConnection[] = [];
  const waiting: ((c: SMTPConnection | null) => void)[] = [];
  let open = 0;
  let closed = false;

  // An idle connection the server drops is forgotten; a busy one reports through its send callback.
  const forget = (c: SMTPConnection) => {
    const i = idle.indexOf(c);
    if (i < 0) return;
    idle.splice(i, 1);
    c.close();
    open--;
  };
  const connect = () =>
    new Promise<SMTPConnection>((resolve, reject) => {
      const c = new SMTPConnection(options);
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        c.close();
        reject(err);
      };
      c.on('error', (err: Error) => (settled ? forget(c) : fail(err)));
      c.once('end', () => (settled ? forget(c) : fail(Object.assign(new Error('connection closed'), { code: 'ECONNECTION' }))));
      c.connect((err?: Error | null) => {
        if (err) return fail(err);
        if (!auth || !c.allowsAuth) {
          settled = true;
          return resolve(c);
        }
        c.login(auth, (err) => {
          if (err) return fail(err);
          settled = true;
          resolve(c);
        });
      });
    });
  const acquire = async (): Promise<SMTPConnection> => {
    const c = idle.pop();
    if (c) return c;
    if (open < opts.maxConnections) {
      open++;
      try {
        return await connect();
      } catch (err) {
        open--;
        waiting.shift()?.(null);
        throw err;
      }
    }
    const next = await new Promise<SMTPConnection | null>((resolve) => waiting.push(resolve));
    return next ?? acquire();
  };
  const release = (c: SMTPConnection, healthy: boolean) => {
    if (!healthy || closed) {
      c.close();
      open--;
      waiting.shift()?.(null);
      return;
    }
    const w = waiting.shift();
    if (w) w(c);
    else idle.push(c);
  };

  return {
    async send({ envelope, bytes }, beforeEnd) {
      const c = await acquire();
      let afterEnd = false;
      let refused: unknown;
      const end = () =>
        beforeEnd().catch((err: unknown) => {
          refused = err;
          throw err;
        });
      return new Promise((resolve, reject) => {
        c.send(envelope, holdingTheEnd(bytes, end, () => (afterEnd = true)), (err) => {
          if (!err) {
            release(c, true);
            return resolve();
          }
          const e = err as SmtpError & { code?: string };
          // A refusal on a live connection leaves it usable after RSET; anything else closes it.
          if ((e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && e.responseCode !== 421) c.reset((resetErr) => release(c, !resetErr));
          else release(c, false);
          // A refusing `beforeEnd` is the caller's own error, given back as it was thrown.
          reject(refused ?? Object.assign(e, { afterEnd }));
        });
      });
    },
    close() {
      closed = true;
      for (const c of idle.splice(0)) c.close();
      for (const w of waiting.splice(0)) w(null);
    },
  };
}
