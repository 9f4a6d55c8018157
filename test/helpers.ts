import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { SMTPServer } from 'smtp-server';
import { eq, desc } from 'drizzle-orm';
import { loadConfig } from '../src/platform/config.js';
import { createPlatform, createServer, shutdown } from '../src/platform/boot.js';
import { buildApp, type Module, type PonteApp } from '../src/platform/http/app.js';
import { modules } from '../src/modules/index.js';
import type { Platform } from '../src/platform/platform.js';
import { mailOutbox, users } from '../src/platform/schema.js';
import * as OTPAuth from 'otpauth';
import { PRIVILEGED_ROLES, type Role } from '../src/platform/access.js';
import { newTotpSecret, sealTotpSecret } from '../src/platform/identity/totp.js';
import { hashPassword } from '../src/platform/auth/password.js';
import { grantRole } from '../src/platform/identity/organisations.js';
import { createUser } from '../src/platform/identity/users.js';

/** The password of users that tests create. */
export const TEST_PASSWORD = 'lantern river pepper';

/** A page without what is each answer's own (the visitor's CSRF token, the script nonce), to compare two answers. */
export const withoutAnswerValues = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf"').replace(/ nonce="[^"]+"/g, '');

/**
 * A fresh platform for one test file: an in-memory PGlite, or, when DATABASE_URL is set, a new database
 * created on that PostgreSQL server and dropped afterwards.
 */
export async function testPlatform(opts: { smtpUrl?: string; env?: Record<string, string>; log?: Logger } = {}) {
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (process.env.DATABASE_URL) {
    const name = `ponte_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ponte-test-')),
    SECRET_KEY: randomBytes(32).toString('hex'),
    PASSWORD_HASH_COST: '14',
    PUBLIC_URL: 'http://ponte.test',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(opts.smtpUrl ? { SMTP_URL: opts.smtpUrl } : {}),
    ...opts.env,
  });
  const platform = await createPlatform(config, { log: opts.log ?? pino({ level: 'silent' }), inMemory: !databaseUrl, poolSize: 4 });
  // Queues exist and jobs can be sent; tests run them explicitly with jobs.drain() instead of polling workers.
  await platform.jobs.start({ work: false });
  return {
    platform,
    async close(app?: FastifyInstance) {
      await shutdown(platform, app);
      await dropDatabase();
    },
  };
}

export async function testApp(opts: { smtpUrl?: string; extraModules?: Module[]; env?: Record<string, string>; log?: Logger } = {}) {
  const { platform, close } = await testPlatform(opts);
  const app = opts.extraModules ? await buildApp(platform, [...modules, ...opts.extraModules]) : await createServer(platform);
  return { platform, app, close: () => close(app) };
}

/** A browser-like client over app.inject: keeps cookies, sends forms with the page's CSRF token. */
export class Client {
  cookies = new Map<string, string>();
  private csrf: string | null = null;
  /** Each client comes from its own address, as different people do (rate limits count per address), unless given one (a proxy's). */
  readonly ip: string;
  constructor(
    private app: FastifyInstance,
    private headers: Record<string, string> = {},
    ip?: string,
  ) {
    this.ip = ip ?? `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(setCookie: string | string[] | undefined) {
    for (const c of ([] as string[]).concat(setCookie ?? [])) {
      const [pair, ...attrs] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: 'GET' | 'POST', url: string, payload?: Record<string, string | string[]>, extraHeaders: Record<string, string> = {}) {
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: { cookie: this.cookieHeader(), ...this.headers, ...(payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...extraHeaders },
      payload: payload ? new URLSearchParams(Object.entries(payload).flatMap(([k, v]) => ([] as string[]).concat(v).map((x) => [k, x]))).toString() : undefined,
    });
    this.remember(res.headers['set-cookie']);
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }

  /** Posts a form as a browser would: with the CSRF token of a page previously rendered for this client. */
  async post(url: string, form: Record<string, string | string[]> = {}) {
    if (!this.csrf) await this.get('/');
    return this.request('POST', url, { _csrf: this.csrf!, ...form });
  }

  /** Sends JSON as a page's script does: with the page's CSRF token in the X-CSRF-Token header. */
  async json(method: 'POST' | 'PUT' | 'DELETE', url: string, body: unknown) {
    if (!this.csrf) await this.get('/');
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: { cookie: this.cookieHeader(), ...this.headers, 'content-type': 'application/json', 'x-csrf-token': this.csrf! },
      payload: JSON.stringify(body),
    });
    this.remember(res.headers['set-cookie']);
    return res;
  }

  /** Sends any body with any content type, with this client's cookies and CSRF token (for odd-input tests). */
  async raw(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, contentType: string | null, payload?: string | Buffer) {
    if (!this.csrf) await this.get('/');
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: { cookie: this.cookieHeader(), ...this.headers, 'x-csrf-token': this.csrf!, ...(contentType ? { 'content-type': contentType } : {}) },
      payload,
    });
    this.remember(res.headers['set-cookie']);
    return res;
  }

  /** Posts a multipart form with files, as a browser does for <form enctype="multipart/form-data">. */
  async upload(url: string, form: Record<string, string>, files: UploadPart | UploadPart[]) {
    if (!this.csrf) await this.get('/');
    const boundary = `----ponte${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries({ _csrf: this.csrf!, ...form })) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    for (const file of ([] as UploadPart[]).concat(files)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      headers: { cookie: this.cookieHeader(), ...this.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
    this.remember(res.headers['set-cookie']);
    return res;
  }
}

/** A file of a multipart form. */
export interface UploadPart {
  field: string;
  name: string;
  type: string;
  data: Buffer;
}

/**
 * After a test changes sessions, accounts or roles straight in the database rather than through a request: the
 * node reads the session version now, as it otherwise would within a poll (its kept sessions are then read again).
 */
export async function sessionsChanged(app: FastifyInstance) {
  await (app as PonteApp).sessionVersion.refresh();
}

/**
 * Retries an assertion until it holds or the time is up (then throws its last failure): for what another
 * node learns by polling, such as a content change made elsewhere.
 */
export async function eventually<T>(check: () => Promise<T>, withinMs = 1000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}

/** The latest message in the outbox for an address (when no SMTP server is configured). */
export async function lastMail(p: Platform, to: string) {
  const [m] = await p.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, to)).orderBy(desc(mailOutbox.createdAt)).limit(1);
  return m ?? null;
}

export const linkIn = (text: string, path: string) => {
  const m = new RegExp(`https?://[^\\s]+${path.replace(/\//g, '\\/')}[^\\s]+`).exec(text);
  if (!m) throw new Error(`no ${path} link in:\n${text}`);
  return new URL(m[0]).pathname;
};

/** A real SMTP server in-process, keeping every message it receives; `port` reopens one where an earlier one listened. */
export async function smtpSink(opts: { port?: number } = {}) {
  const messages: { from: string; to: string[]; raw: string }[] = [];
  let reject: ((to: string) => number | null) | null = null;
  let drop: ((to: string) => boolean) | null = null;
  const partial = new Map<string, number>();
  let open = 0;
  let peak = 0;
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, cb) {
      peak = Math.max(peak, ++open);
      cb();
    },
    onClose() {
      open--;
    },
    onRcptTo(address, _session, cb) {
      const code = reject?.(address.address);
      if (code) {
        const err = new Error('rejected by test') as Error & { responseCode: number };
        err.responseCode = code;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        chunks.push(c);
        partial.set(session.id, (partial.get(session.id) ?? 0) + c.length);
      });
      stream.on('close', () => partial.delete(session.id));
      stream.on('end', () => {
        partial.delete(session.id);
        const to = session.envelope.rcptTo.map((r) => r.address);
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to, raw: Buffer.concat(chunks).toString('utf8') });
        if (!to.some((address) => drop?.(address))) return cb();
        // The message was taken, but the connection breaks before the answer reaches the sender.
        const connections = (server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections;
        for (const c of connections) if (c.id === session.id) c._socket.destroy();
      });
    },
  });
  // A sender that dies mid-transaction (a worker killed with SIGKILL) resets its connection; smtp-server reports
  // that as an 'error' event on the server, which a real mail server logs and survives, and so does this one.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Makes the server refuse recipients: return an SMTP code (e.g. 450 or 550) or null to accept. */
    rejectWith(fn: ((to: string) => number | null) | null) {
      reject = fn;
    },
    /** The most connections open at once since the last call (which starts counting again). */
    peakConnections() {
      const most = peak;
      peak = open;
      return most;
    },
    /** Bytes received of messages whose data has not ended yet. */
    partialBytes: () => [...partial.values()].reduce((a, b) => a + b, 0),
    /** Makes the server take a recipient's message and then break the connection instead of answering. */
    dropAnswerTo(fn: ((to: string) => boolean) | null) {
      drop = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Decodes a quoted-printable MIME body enough to find links in it. */
export const decodeQuotedPrintable = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** Enrols TOTP through the security page for a signed-in client (as a user who owes it does), and returns its generator. */
export async function enrolTotp(c: Client) {
  const setup = await c.get('/account/security/totp');
  const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(setup.body)?.[1];
  const sealed = /name="sealed" value="([^"]+)"/.exec(setup.body)?.[1];
  if (!secret || !sealed) throw new Error(`no TOTP set-up form (${setup.statusCode})`);
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: 30, digits: 6 });
  if ((await c.post('/account/security/totp', { sealed, code: totp.generate() })).statusCode !== 200) throw new Error('TOTP enrolment refused');
  return totp;
}

/**
 * A new verified user holding a role (across the instance, or in one organisation), signed in through the real
 * form. Privileged roles cannot be used without a second factor: such a user is given TOTP and signs in with a code.
 */
export async function signedInAs(ctx: { app: FastifyInstance; platform: Platform }, email: string, role: Role, opts: { name?: string; organisationId?: string | null } = {}) {
  const db = ctx.platform.database.db;
  const u = await createUser(db, { email, name: opts.name ?? email.split('@')[0]!, passwordHash: await hashPassword(TEST_PASSWORD, 14, ctx.platform.config.secretKeys), verified: true });
  await grantRole(db, u.id, role, opts.organisationId ?? null);
  const secret = PRIVILEGED_ROLES.includes(role) ? newTotpSecret() : null;
  if (secret) await db.update(users).set({ totpSecret: sealTotpSecret(ctx.platform.config.secretKey, secret), totpEnabledAt: new Date() }).where(eq(users.id, u.id));
  const c = new Client(ctx.app);
  await c.get('/signin');
  await c.post('/signin', { email, password: TEST_PASSWORD });
  if (secret) {
    await c.get('/signin/second-factor');
    const r = await c.post('/signin/second-factor', { code: new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: 30, digits: 6 }).generate() });
    if (r.statusCode !== 303) throw new Error(`second factor refused for ${email}`);
  }
  return c;
}
