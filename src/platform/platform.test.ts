import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Client, decodeQuotedPrintable, linkIn, signedInAs, smtpSink, testApp, testPlatform } from '../../test/helpers.js';
import { createServer } from './boot.js';
import type { Module } from './http/app.js';
import { failureStatus, HttpError } from './http/errors.js';
import { S3Error } from './s3.js';
import { migrate, pendingMigrations } from './db/migrate.js';
import { MAIL_QUEUE } from './mail/index.js';
import { compose, mayHaveArrived, smtpConnectionOptions, smtpSender, type SmtpError } from './mail/smtp.js';
import { auditEvents, mailOutbox } from './schema.js';

/** Routes that only tests register: an unexpected failure, and a JSON endpoint with a schema. */
const probe: Module = {
  name: 'probe',
  routes(app) {
    app.get('/probe/boom', { config: { access: 'public' } }, async () => {
      throw new Error('secret internal detail: connection string postgres://user:pw@db');
    });
    app.get('/probe/teapot', { config: { access: 'public' } }, async () => {
      throw new HttpError(409, 'errors.emailSame');
    });
    app.post(
      '/api/probe',
      { config: { access: 'public', csrf: false }, schema: { body: z.object({ n: z.number().int().min(1) }), response: { 200: z.object({ doubled: z.number() }) } } },
      async (req) => ({ doubled: (req.body as { n: number }).n * 2 }),
    );
  },
};

let smtp: Awaited<ReturnType<typeof smtpSink>>;
let ctx: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  smtp = await smtpSink();
  ctx = await testApp({ smtpUrl: smtp.url, extraModules: [probe] });
});
afterAll(async () => {
  await ctx?.close();
  await smtp?.close();
});

describe('health, readiness and metrics', () => {
  it('reports live and ready, and exposes Prometheus metrics to loopback only', async () => {
    expect((await ctx.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await ctx.app.inject('/readyz')).json()).toEqual({ status: 'ready' });
    const metrics = await ctx.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('ponte_http_requests_total{method="GET",route="/readyz",status="200"} 1');
    expect((await ctx.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode).toBe(403);
  });

  it('keeps metrics from a client that claims a loopback address, and from anyone a local proxy relays', async () => {
    const proxied = await testApp({ env: { TRUST_PROXY: 'true' } });
    try {
      // With every proxy trusted, the request's address is what the client wrote; the connection's is not.
      const spoofed = await proxied.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '127.0.0.1' } });
      expect(spoofed.statusCode).toBe(403);
      // A reverse proxy on this machine connects from loopback and says whom it relays.
      expect((await proxied.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(403);
      expect((await proxied.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers: { forwarded: 'for=203.0.113.9' } })).statusCode).toBe(403);
      expect((await proxied.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  // The sign-in limit per address (30 in 10 minutes) shows which address Ponte took for the client: the one the
  // nearest trusted proxy saw, never what the client wrote to the left of it.
  for (const [setting, forwarded] of [
    ['true', (spoof: string) => `${spoof}, 203.0.113.9`],
    ['2', (spoof: string) => `${spoof}, 203.0.113.9, 10.0.0.2`],
  ] as const) {
    it(`believes X-Forwarded-For only up to the trusted proxies (TRUST_PROXY=${setting})`, async () => {
      const proxied = await testApp({ env: { TRUST_PROXY: setting } });
      try {
        const attempt = async (xff: string, i: number) => {
          const c = new Client(proxied.app, { 'x-forwarded-for': xff }, '127.0.0.1');
          await c.get('/signin');
          return (await c.post('/signin', { email: `nobody-${i}@example.org`, password: 'not the password at all' })).statusCode;
        };
        const codes: number[] = [];
        for (let i = 0; i < 31; i++) codes.push(await attempt(forwarded(`198.51.100.${i + 1}`), i));
        expect(codes.slice(0, 30)).toEqual(Array(30).fill(400));
        expect(codes[30]).toBe(429);
        // Another client behind the same proxy has a budget of its own.
        expect(await attempt(forwarded('198.51.100.99').replace('203.0.113.9', '203.0.113.10'), 99)).toBe(400);
      } finally {
        await proxied.close();
      }
    });
  }

  it('finds no pending migration and applies none twice, even when several nodes migrate at once', async () => {
    expect(await pendingMigrations(ctx.platform.database)).toEqual([]);
    const results = await Promise.all([migrate(ctx.platform.database), migrate(ctx.platform.database), migrate(ctx.platform.database)]);
    expect(results).toEqual([[], [], []]);
  });
});

describe('errors', () => {
  it('shows a localised 404 page and a problem document under /api', async () => {
    const page = await new Client(ctx.app, { 'accept-language': 'en' }).get('/no/such/page');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('<h1>Page not found</h1>');
    const api = await ctx.app.inject('/api/nothing');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('hides internals of an unexpected error behind a 500 page that carries the request id', async () => {
    const res = await ctx.app.inject('/probe/boom');
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internal detail');
    expect(res.body).not.toContain('postgres://');
    expect(res.body).toContain(res.headers['x-request-id'] as string);
  });

  it('answers a NUL character in a query parameter with 400, on pages and in the API (found by the wapiti scan)', async () => {
    const c = new Client(ctx.app);
    const page = await c.get('/search?q=a%00b');
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
    const admin = await signedInAs(ctx, 'nul-admin@example.org', 'administrator');
    expect((await admin.get('/admin/users?q=x%00')).statusCode).toBe(400);
    const api = await admin.get('/api/organisations?q=%00');
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it('answers bad API input with 400 problem details, malformed JSON with 400, and too-large bodies with 413', async () => {
    const bad = await ctx.app.inject({ method: 'POST', url: '/api/probe', payload: { n: 'three' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ status: 400, title: 'Bad Request', errors: [expect.objectContaining({ path: '/n' })] });
    expect((await ctx.app.inject({ method: 'POST', url: '/api/probe', payload: { n: 21 } })).json()).toEqual({ doubled: 42 });
    const malformed = await ctx.app.inject({ method: 'POST', url: '/api/probe', headers: { 'content-type': 'application/json' }, payload: '{"n":' });
    expect(malformed.statusCode).toBe(400);
    const huge = await ctx.app.inject({ method: 'POST', url: '/api/probe', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ n: 1, pad: 'x'.repeat(1_100_000) }) });
    expect(huge.statusCode).toBe(413);
    const form = await new Client(ctx.app).request('POST', '/signin', { pad: 'x'.repeat(1_100_000) });
    expect(form.statusCode).toBe(413);
    expect(form.body).toContain('<h1>Too large</h1>');
  });

  it('takes the database out of reach, or a query a read replica cancelled, for "try again shortly", and a bug for a bug', () => {
    const pg = (message: string, code?: string) => Object.assign(new Error(message), { code });
    expect(failureStatus(pg('Query read timeout'))).toBe(503);
    expect(failureStatus(pg('timeout exceeded when trying to connect'))).toBe(503);
    expect(failureStatus(new Error('Failed query', { cause: pg('Connection terminated unexpectedly') }))).toBe(503);
    expect(failureStatus(pg('canceling statement due to conflict with recovery', '40001'))).toBe(503);
    expect(failureStatus(pg('cannot execute INSERT in a read-only transaction', '25006'))).toBe(503);
    expect(failureStatus(pg('invalid byte sequence for encoding "UTF8": 0x00', '22021'))).toBe(400);
    expect(failureStatus(pg('column "nope" does not exist', '42703'))).toBeNull();
  });

  it('takes a bucket refusing or out of reach for "try again later", and a full one for "no room"', () => {
    expect(failureStatus(new S3Error(503, 'SlowDown', 'PUT'))).toBe(503);
    expect(failureStatus(new S3Error(403, 'AccessDenied', 'PUT'))).toBe(503);
    expect(failureStatus(new Error('saving the image', { cause: new S3Error(0, 'Unreachable', 'PUT', new Error('connect ECONNREFUSED')) }))).toBe(503);
    expect(failureStatus(new S3Error(507, 'XMinioStorageFull', 'PUT'))).toBe(507);
    expect(failureStatus(new S3Error(403, 'QuotaExceeded', 'PUT'))).toBe(507);
  });

  it('serves the OpenAPI 3.1 document with the API routes only', async () => {
    const doc = (await ctx.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/me');
    expect(Object.keys(doc.paths).every((p: string) => p.startsWith('/api/'))).toBe(true);
    expect(doc.paths['/api/me'].get.responses['200']).toBeDefined();
  });
});

describe('mail through SMTP and the job queue', () => {
  it('delivers a verification e-mail to a real SMTP server exactly once', async () => {
    const c = new Client(ctx.app);
    await c.get('/signup');
    await c.post('/signup', { name: 'Smtp Person', email: 'smtp@example.org', password: 'lantern river pepper', locale: 'en' });
    const [row] = await ctx.platform.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'smtp@example.org'));
    expect(row!.status).toBe('queued');
    expect(await ctx.platform.jobs.drain(MAIL_QUEUE)).toBe(1);
    const delivered = smtp.messages.filter((m) => m.to.includes('smtp@example.org'));
    expect(delivered).toHaveLength(1);
    const path = linkIn(decodeQuotedPrintable(delivered[0]!.raw), '/verify/');
    expect(path).toMatch(/^\/verify\/[A-Za-z0-9_-]{43}$/);
    const [sent] = await ctx.platform.database.db.select().from(mailOutbox).where(eq(mailOutbox.id, row!.id));
    expect(sent!.status).toBe('sent');
    // A duplicate job for the same message sends nothing.
    expect(await ctx.platform.mailer.deliver(row!.id)).toBe('skipped');
    expect(smtp.messages.filter((m) => m.to.includes('smtp@example.org'))).toHaveLength(1);
  });

  it('retries a temporary refusal, gives up on a permanent one, resends what the server never took and never what it may have', async () => {
    const { database, mailer } = ctx.platform;
    smtp.rejectWith((to) => (to === 'later@example.org' ? 451 : to === 'never@example.org' ? 550 : null));
    const later = await mailer.send(database.db, { to: 'later@example.org', subject: 's', text: 't' });
    await expect(mailer.deliver(later)).rejects.toThrow();
    expect((await database.db.select().from(mailOutbox).where(eq(mailOutbox.id, later)))[0]!.status).toBe('queued');
    const never = await mailer.send(database.db, { to: 'never@example.org', subject: 's', text: 't' });
    expect(await mailer.deliver(never)).toBe('skipped');
    expect((await database.db.select().from(mailOutbox).where(eq(mailOutbox.id, never)))[0]!.status).toBe('failed');
    smtp.rejectWith(null);
    expect(await mailer.deliver(later)).toBe('sent');

    // A worker that died during the SMTP transaction leaves the message "sending": the server never took it (no
    // end-of-data mark), so once the claim's lease has run out it is sent again, once.
    const stale = sql`now() - interval '2 minutes'`;
    const died = await mailer.send(database.db, { to: 'died@example.org', subject: 's', text: 't' });
    await database.db.update(mailOutbox).set({ status: 'sending', claimedAt: sql`now()` }).where(eq(mailOutbox.id, died));
    await expect(mailer.deliver(died)).rejects.toThrow(/another worker/); // a live claim is left alone
    await database.db.update(mailOutbox).set({ claimedAt: stale }).where(eq(mailOutbox.id, died));
    expect(await mailer.deliver(died)).toBe('sent');
    expect(smtp.messages.filter((m) => m.to.includes('died@example.org'))).toHaveLength(1);
    // One that died after recording "ending" may have delivered it: it is never sent again automatically.
    const crashed = await mailer.send(database.db, { to: 'crash@example.org', subject: 's', text: 't' });
    await database.db.update(mailOutbox).set({ status: 'ending', claimedAt: stale }).where(eq(mailOutbox.id, crashed));
    expect(await mailer.deliver(crashed)).toBe('uncertain');
    expect(smtp.messages.filter((m) => m.to.includes('crash@example.org'))).toHaveLength(0);
    // Nor is one whose connection broke after the mark, before the server answered.
    smtp.dropAnswerTo((to) => to === 'broken@example.org');
    const broken = await mailer.send(database.db, { to: 'broken@example.org', subject: 's', text: 't' });
    expect(await mailer.deliver(broken)).toBe('uncertain');
    smtp.dropAnswerTo(null);
    expect(smtp.messages.filter((m) => m.to.includes('broken@example.org'))).toHaveLength(1);
    await ctx.platform.jobs.drain(MAIL_QUEUE);
  });

  it('hands a message over only after its sender has recorded it: a sender stopped before that delivers nothing', async () => {
    const sender = smtpSender(smtp.url, { maxConnections: 2, timeoutMs: 5_000 });
    try {
      const mail = (to: string) => compose({ from: 'ponte@example.org', to, subject: 'Hand-over', text: 'Body. '.repeat(5_000) });
      const before = { taken: -1, bytes: 0 };
      await sender.send(await mail('held@example.org'), async () => {
        // The whole message has reached the server, but without the end-of-data mark it has taken nothing.
        await new Promise((r) => setTimeout(r, 100));
        before.taken = smtp.messages.filter((m) => m.to.includes('held@example.org')).length;
        before.bytes = smtp.partialBytes();
      });
      expect(before.taken).toBe(0);
      expect(before.bytes).toBeGreaterThan(30_000);
      expect(smtp.messages.filter((m) => m.to.includes('held@example.org'))).toHaveLength(1);
      // A record that fails aborts the transaction: the server drops the message, and the sender goes on.
      const err = (await sender
        .send(await mail('aborted@example.org'), () => Promise.reject(new Error('database gone')))
        .then(() => null, (e: SmtpError) => e))!;
      expect(err.message).toMatch(/database gone/);
      expect(mayHaveArrived(err)).toBe(false);
      await sender.send(await mail('after@example.org'), async () => undefined);
      await new Promise((r) => setTimeout(r, 100));
      expect(smtp.messages.filter((m) => m.to.includes('aborted@example.org'))).toHaveLength(0);
      expect(smtp.messages.filter((m) => m.to.includes('after@example.org'))).toHaveLength(1);
    } finally {
      sender.close();
    }
  });

  it('requires STARTTLS over smtp:// to another machine, and sends nothing in clear text to a server without it', async () => {
    expect(smtpConnectionOptions('smtp://u:p@mail.example.org:587')).toMatchObject({ host: 'mail.example.org', requireTLS: true });
    expect(smtpConnectionOptions('smtp://mail.example.org:25?requireTLS=false')).toMatchObject({ requireTLS: false });
    expect(smtpConnectionOptions('smtps://mail.example.org')).toMatchObject({ secure: true });
    expect(smtpConnectionOptions('smtps://mail.example.org').requireTLS).toBeUndefined();
    expect(smtpConnectionOptions(smtp.url).requireTLS).toBeUndefined();
    // The test server offers no STARTTLS: asked to require it, the sender gives up before sending anything.
    const sender = smtpSender(`${smtp.url}?requireTLS=true`, { maxConnections: 1, timeoutMs: 5_000 });
    try {
      const mail = await compose({ from: 'ponte@example.org', to: 'clear@example.org', subject: 'Clear', text: 'Never in clear text.' });
      const err = await sender.send(mail, async () => undefined).then(() => null, (e: SmtpError) => e);
      expect(err?.message).toMatch(/STARTTLS/i);
      expect(smtp.messages.filter((m) => m.to.includes('clear@example.org'))).toHaveLength(0);
    } finally {
      sender.close();
    }
  });

  it('enqueues mail inside the caller’s transaction: a rollback leaves neither message nor job', async () => {
    const { database, mailer, jobs } = ctx.platform;
    const before = (await jobs.summary()).filter((j) => j.name === MAIL_QUEUE).reduce((a, j) => a + j.count, 0);
    await expect(
      database.db.transaction(async (tx) => {
        await mailer.send(tx, { to: 'rollback@example.org', subject: 's', text: 't' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'rollback@example.org'))).toEqual([]);
    const after = (await jobs.summary()).filter((j) => j.name === MAIL_QUEUE).reduce((a, j) => a + j.count, 0);
    expect(after).toBe(before);
  });
});

describe('page weight', () => {
  it('keeps text pages under 100 KB transferred, with their stylesheet and script', async () => {
    const c = new Client(ctx.app, { 'accept-encoding': 'gzip, br' });
    for (const path of ['/', '/signin', '/signup', '/password/forgot']) {
      const page = await c.get(path);
      expect(page.headers['content-encoding']).toMatch(/gzip|br/);
      const html = (await new Client(ctx.app).get(path)).body;
      const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(assets.length).toBe(2);
      let bytes = page.rawPayload.length;
      for (const a of assets) bytes += (await c.get(a)).rawPayload.length;
      expect(bytes, path).toBeLessThan(100 * 1024);
    }
  });
});

describe('security audit log', () => {
  it('is append-only', async () => {
    const db = ctx.platform.database;
    await db.query(`INSERT INTO audit_events (action, outcome) VALUES ('test.event', 'success')`);
    await expect(db.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    expect((await db.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.event'))).length).toBe(1);
  });
});

describe('production settings', () => {
  it('uses __Host- cookies marked Secure and sends HSTS, frame, referrer and permissions policies', async () => {
    const prod = await testApp({ env: { NODE_ENV: 'production', PUBLIC_URL: 'https://ponte.example.org', CARE_DATA_KEYS: `k1:${randomBytes(32).toString('base64')}` } });
    try {
      const res = await prod.app.inject('/signin');
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).join('\n');
      expect(cookie).toMatch(/__Host-ponte_csrf=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'nonce-[\w-]{43}' 'strict-dynamic';worker-src 'self'/);
      expect(res.headers['content-security-policy']).toMatch(/;report-uri \/csp-reports;report-to csp$/);
      expect(res.headers['reporting-endpoints']).toBe('csp="https://ponte.example.org/csp-reports"');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['permissions-policy']).toMatch(/camera=\(\), microphone=\(\), geolocation=\(\)/);
      // Cached pages carry the same headers as the first answer.
      for (const page of [await prod.app.inject('/'), await prod.app.inject('/')]) {
        expect(page.headers['permissions-policy']).toContain('camera=()');
        expect(page.headers['reporting-endpoints']).toBe('csp="https://ponte.example.org/csp-reports"');
      }
    } finally {
      await prod.close();
    }
  });
});

describe('content security policy reports', () => {
  it('takes both kinds of report, keeps only the directive, the blocked origin and the masked path, and counts them', async () => {
    const { platform, close } = await testPlatform();
    const lines: string[] = [];
    platform.log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const app = await createServer(platform);
    try {
      const send = (type: string, body: unknown, remoteAddress = '198.51.100.20') =>
        app.inject({ method: 'POST', url: '/csp-reports', remoteAddress, headers: { 'content-type': type }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
      // As Chromium sends them: no cookie, no CSRF token.
      const legacy = await send('application/csp-report', {
        'csp-report': {
          'document-uri': 'http://ponte.test/care/residents/6f1c1d9e-2b8a-4c55-9d1e-0a6b7c8d9e0f?q=Amal%20Haddad',
          'violated-directive': 'script-src-elem',
          'effective-directive': 'script-src-elem',
          'blocked-uri': 'https://evil.example/steal.js?who=amal@example.org',
          'script-sample': 'Amal Haddad',
          disposition: 'enforce',
        },
      });
      expect(legacy.statusCode).toBe(204);
      const modern = await send('application/reports+json', [
        { type: 'csp-violation', url: 'http://ponte.test/account', body: { documentURL: 'http://ponte.test/account?token=secret', effectiveDirective: 'script-src-attr', blockedURL: 'inline', sample: 'onclick', disposition: 'enforce' } },
        { type: 'deprecation', body: { id: 'x' } },
      ]);
      expect(modern.statusCode).toBe(204);
      const logged = lines.map((l) => JSON.parse(l) as { msg: string; csp?: unknown });
      expect(logged.filter((l) => l.msg === 'content security policy violation').map((l) => l.csp)).toEqual([
        { directive: 'script-src-elem', blocked: 'https://evil.example', page: '/care/residents/:id', disposition: 'enforce' },
        { directive: 'script-src-attr', blocked: 'inline', page: '/account', disposition: 'enforce' },
      ]);
      expect(lines.join('\n')).not.toMatch(/Amal|amal@|steal\.js|secret|onclick|198\.51\.100/);
      const metrics = (await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).body;
      expect(metrics).toContain('ponte_csp_violations_total{directive="script-src-elem"} 1');
      expect(metrics).toContain('ponte_csp_violations_total{directive="script-src-attr"} 1');

      // Anything else is refused with a clear status, and counts nothing.
      expect((await send('application/json', { 'csp-report': {} })).statusCode).toBe(415);
      expect((await send('application/csp-report', '{"csp-report":')).statusCode).toBe(400);
      expect((await send('application/csp-report', { report: 'no' })).statusCode).toBe(400);
      expect((await send('application/reports+json', { type: 'csp-violation' })).statusCode).toBe(400);
      expect((await send('application/csp-report', { 'csp-report': { 'blocked-uri': 'x'.repeat(70_000) } })).statusCode).toBe(413);
      expect((await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).body).toContain('ponte_csp_violations_total{directive="script-src-elem"} 1');
      // A page that breaks many rules at once sends many reports; a flood from one address is cut off.
      const flood: number[] = [];
      for (let i = 0; i < 101; i++) flood.push((await send('application/reports+json', [], '198.51.100.21')).statusCode);
      expect(flood.slice(0, 100).every((c) => c === 204)).toBe(true);
      expect(flood[100]).toBe(429);
    } finally {
      await close(app);
    }
  });
});
