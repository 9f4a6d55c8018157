import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, testApp, type Client } from '../../../test/helpers.js';
import { testedCourse } from '../../../test/training.js';
import { issueCredentials, Lrs } from '../../../test/xapi.js';
import { catalogue, LOCALES } from '../../platform/i18n/index.js';
import { auditEvents } from '../../platform/schema.js';
import { publishCourse } from '../training/versions.js';
import { backoffSeconds, FORWARD_QUEUE, forwardStatements, getForwarding, outcomeOf, testStatement } from './forwarding.js';
import { xapiForwarding } from './schema.js';

type Json = Record<string, unknown>;

// The LRSs receiving here listen on 127.0.0.2, the one address OUTBOUND_ALLOW names: every other loopback or
// private address stays refused, as it would be in production.
const HOST = '127.0.0.2';
let ctx: Awaited<ReturnType<typeof testApp>>;
let receiver: Awaited<ReturnType<typeof testApp>>;
let admin: Client;
let receiverLrs: Lrs;
let receiverCredentials: { key: string; secret: string };
let receiverEndpoint: string;

/** A small LRS stand-in answering as a test wants, recording what it was sent. */
interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
let script: (req: Received, res: ServerResponse) => void = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
const received: Received[] = [];
let stub: Server;
let stubEndpoint: string;

const db = () => ctx.platform.database.db;
const run = (now?: Date) => forwardStatements(ctx.platform, now);

beforeAll(async () => {
  receiver = await testApp();
  await receiver.app.listen({ port: 0, host: HOST });
  receiverEndpoint = `http://${HOST}:${(receiver.app.server.address() as AddressInfo).port}/xapi/`;
  const receiverAdmin = await signedInAs(receiver, 'admin@receiver.example.org', 'administrator');
  receiverCredentials = await issueCredentials(receiverAdmin, { name: 'Ponte of the partner' });
  receiverLrs = new Lrs(receiver.app, receiverCredentials);

  stub = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const r = { method: req.method!, url: req.url!, headers: req.headers, body };
      received.push(r);
      script(r, res);
    });
  });
  await new Promise<void>((r) => stub.listen(0, HOST, r));
  stubEndpoint = `http://${HOST}:${(stub.address() as AddressInfo).port}/lrs/`;

  ctx = await testApp({ env: { OUTBOUND_ALLOW: HOST } });
  admin = await signedInAs(ctx, 'admin@example.org', 'administrator');
});
afterAll(async () => {
  await new Promise<void>((r) => stub?.close(() => r()));
  await receiver?.close();
  await ctx?.close();
});

/** Saves the settings as the form does: an unchecked box is not sent (given here as ''). */
const save = (form: Record<string, string>) => admin.post('/admin/xapi/forwarding', Object.fromEntries(Object.entries({ scope: 'own', enabled: 'on', history: 'on', ...form }).filter(([k, v]) => v !== '' || !['history', 'enabled'].includes(k))));

describe('the settings', () => {
  it.each([
    ['https://127.0.0.1/xapi/', 'leads to 127.0.0.1, an address of this server itself (loopback)'],
    ['https://localhost/xapi/', 'an address of this server itself (loopback)'],
    ['https://10.1.2.3/xapi/', 'leads to 10.1.2.3, an address of a private network'],
    ['https://169.254.169.254/latest/', 'leads to 169.254.169.254, a link-local address (such as the cloud metadata service)'],
    ['https://[::1]/xapi/', 'leads to ::1, an address of this server itself (loopback)'],
    ['https://[::ffff:127.0.0.1]/xapi/', 'an address of this server itself (loopback)'],
    ['http://lrs.example.org/xapi/', 'Use https: plain http is allowed only to a host named in OUTBOUND_ALLOW, and lrs.example.org is not.'],
    ['ftp://lrs.example.org/', 'Only https addresses are accepted.'],
  ])('refuses %s with a clear message beside the field, saving nothing', async (endpoint, message) => {
    const r = await save({ endpoint, key: 'k', secret: 'a-secret-value' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain(message.replace(/'/g, '&#39;'));
    expect(r.body).toContain(`value="${endpoint}"`);
    expect(r.body).not.toContain('a-secret-value');
    expect(await getForwarding(db())).toBeNull();
  });

  it('says it in the administrator’s language', async () => {
    const r = await admin.post('/admin/xapi/forwarding?lang=it', { endpoint: 'https://10.0.0.1/', key: 'k', secret: 's', scope: 'own' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Ponte non invia richieste nella propria rete');
  });

  it('has every message of the guard in every language', () => {
    const keys = ['url', 'scheme', 'credentials', 'insecure', 'unresolvable', 'address', 'timeout', 'too-large', 'network', ...['loopback', 'private', 'link-local', 'shared', 'unique-local', 'multicast', 'unspecified', 'reserved'].map((c) => `category.${c}`)];
    for (const l of LOCALES) expect(keys.filter((k) => !catalogue(l)[`outbound.${k}`])).toEqual([]);
  });

  it('requires a key and a secret; is for administrators only', async () => {
    const r = await save({ endpoint: receiverEndpoint, key: '', secret: '' });
    expect(r.statusCode).toBe(400);
    const learner = await signedInAs(ctx, 'learner.forward@example.org', 'learner');
    expect((await learner.post('/admin/xapi/forwarding', { endpoint: receiverEndpoint, key: 'k', secret: 's', scope: 'own' })).statusCode).toBe(403);
    expect((await learner.post('/admin/xapi/forwarding/test')).statusCode).toBe(403);
  });
});

describe('forwarding to another Ponte', () => {
  it('keeps the secret sealed and never shows it again', async () => {
    const r = await save({ endpoint: receiverEndpoint.slice(0, -1), key: receiverCredentials.key, secret: receiverCredentials.secret });
    expect(r.statusCode).toBe(303);
    const f = (await getForwarding(db()))!;
    expect(f.endpoint).toBe(receiverEndpoint);
    expect(f.secret).not.toContain(receiverCredentials.secret);
    expect(r.headers.location).toBe('/admin/xapi?notice=forwarding-saved#forwarding-title');
    const page = await admin.get(r.headers.location!.split('#')[0]!);
    expect(page.body).toContain('The forwarding settings were saved.');
    expect(page.body).not.toContain(receiverCredentials.secret);
    const [audit] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'xapi.forwarding.save'));
    expect(JSON.stringify(audit)).not.toContain(receiverCredentials.secret);
  });

  it('sends Ponte’s own statements, not the clients’, in order, with the ids they have here; again changes nothing there', async () => {
    const course = await testedCourse(db(), 'forwarded-course', { n: 3, perAttempt: 3 });
    expect(await publishCourse(db(), course.id, null)).toMatchObject({ ok: true });
    const learner = await signedInAs(ctx, 'learner.forwarded@example.org', 'learner');
    await learner.post('/training/courses/forwarded-course/enrol');
    await learner.post(`/learn/forwarded-course/tests/pre-test/start`).then((r) => learner.post(r.headers.location!, {}));
    await learner.post(`/learn/forwarded-course/lessons/${course.lesson}/complete`);
    const client = new Lrs(ctx.app, await issueCredentials(admin, { name: 'A player' }));
    await client.store({ actor: { mbox: 'mailto:someone@example.org' }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'http://example.org/page' } });

    const here = (await new Lrs(ctx.app, await issueCredentials(admin, { name: 'Reader', canWrite: false })).get('statements', { ascending: 'true' }).then((r) => r.json())) as { statements: Json[] };
    const own = here.statements.filter((s) => (s.authority as Json).name === 'Ponte');
    expect(own.length).toBeGreaterThanOrEqual(5);
    expect((await admin.get('/admin/xapi')).body).toMatch(new RegExp(`<dt>Waiting to be sent</dt><dd>${own.length}</dd>`));

    expect(await ctx.platform.jobs.drain(FORWARD_QUEUE)).toBeGreaterThanOrEqual(1);
    const there = ((await receiverLrs.get('statements', { ascending: 'true' }).then((r) => r.json())) as { statements: Json[] }).statements;
    expect(there.map((s) => s.id)).toEqual(own.map((s) => s.id));
    expect(there.map((s) => [s.actor, s.verb, s.object, s.result, s.timestamp])).toEqual(own.map((s) => [s.actor, s.verb, s.object, s.result, s.timestamp]));
    const f = (await getForwarding(db()))!;
    expect(f).toMatchObject({ forwarded: own.length, failures: 0, halted: false, lastError: null });
    expect(f.lastSuccessAt).toBeInstanceOf(Date);
    expect((await admin.get('/admin/xapi')).body).toContain('<dt>Waiting to be sent</dt><dd>0</dd>');

    // At least once: sent again from the start, the other LRS keeps one copy of each (same ids, same statements).
    await db().update(xapiForwarding).set({ cursor: 0 });
    expect(await run()).toMatchObject({ sent: own.length, state: 'done' });
    expect(((await receiverLrs.get('statements').then((r) => r.json())) as { statements: Json[] }).statements).toHaveLength(own.length);
  });

  it('sends a test statement, always the same one', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await admin.post('/admin/xapi/forwarding/test');
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('The other LRS accepted the test statement (HTTP 204).');
    }
    const res = await receiverLrs.get('statements', { statementId: String(testStatement(ctx.platform.config.publicUrl).id) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ verb: { id: 'http://adlnet.gov/expapi/verbs/initialized' }, actor: { account: { name: 'ponte' } } });
  });

  it('forwards every statement when told to', async () => {
    await save({ endpoint: receiverEndpoint, key: receiverCredentials.key, secret: '', scope: 'all' });
    await db().update(xapiForwarding).set({ cursor: 0 });
    await run();
    const there = ((await receiverLrs.get('statements', { agent: { mbox: 'mailto:someone@example.org' } }).then((r) => r.json())) as { statements: Json[] }).statements;
    expect(there).toHaveLength(1);
  });

  it('needs the secret again for an endpoint on another host', async () => {
    const r = await save({ endpoint: stubEndpoint, key: 'stub', secret: '' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Enter the secret for this endpoint');
  });
});

describe('what the other LRS answers', () => {
  beforeAll(async () => {
    expect((await save({ endpoint: stubEndpoint, key: 'stub-key', secret: 'stub-secret', history: '' })).statusCode).toBe(303);
  });
  const statementsNow = async (n: number) => {
    const client = new Lrs(ctx.app, await issueCredentials(admin, { name: `Writer ${Math.random()}` }));
    // Scope "all": statements stored by a client are forwarded too.
    return client.store(Array.from({ length: n }, (_, i) => ({ actor: { mbox: `mailto:p${i}@example.org` }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: `http://example.org/a/${i}` } })));
  };

  it('POSTs batches with the version header and Basic credentials, without stored and authority', async () => {
    await save({ endpoint: stubEndpoint, key: 'stub-key', secret: '', scope: 'all' });
    received.length = 0;
    script = (_r, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    const ids = await statementsNow(3);
    expect(await run()).toMatchObject({ sent: 3, state: 'done' });
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r).toMatchObject({ method: 'POST', url: '/lrs/statements' });
    expect(r!.headers['x-experience-api-version']).toBe('1.0.3');
    expect(r!.headers['content-type']).toBe('application/json');
    expect(r!.headers.authorization).toBe(`Basic ${Buffer.from('stub-key:stub-secret').toString('base64')}`);
    const sent = JSON.parse(r!.body) as Json[];
    expect(sent.map((s) => s.id)).toEqual(ids);
    expect(sent.every((s) => s.stored === undefined && s.authority === undefined)).toBe(true);
  });

  it('retries after 5xx and network errors with a growing wait, then delivers', async () => {
    await statementsNow(2);
    script = (_r, res) => res.writeHead(503).end('busy');
    const t0 = new Date();
    expect(await run(t0)).toMatchObject({ state: 'retry' });
    let f = (await getForwarding(db()))!;
    expect(f).toMatchObject({ failures: 1, halted: false, lastError: 'HTTP 503: busy' });
    expect(f.nextAttemptAt!.getTime() - Date.now()).toBeGreaterThan(50_000);
    const calls = received.length;
    expect(await run(t0)).toMatchObject({ state: 'waiting' });
    expect(received).toHaveLength(calls);
    expect((await admin.get('/admin/xapi')).body).toContain('Waiting after a failure');
    // The next attempt is due: a network error this time (the stub closes the connection).
    script = (_r, res) => res.socket!.destroy();
    expect(await run(new Date(Date.now() + 3600_000))).toMatchObject({ state: 'retry' });
    f = (await getForwarding(db()))!;
    expect(f.failures).toBe(2);
    expect(f.lastError).toMatch(/ECONNRESET|socket hang up/);
    expect(backoffSeconds(2)).toBe(120);
    script = (_r, res) => res.writeHead(200).end('[]');
    expect(await run(new Date(Date.now() + 3600_000))).toMatchObject({ sent: 2, state: 'done' });
    expect((await getForwarding(db()))!).toMatchObject({ failures: 0, nextAttemptAt: null });
  });

  it('halts on 401 until an administrator retries, without trying again on its own', async () => {
    await statementsNow(1);
    script = (_r, res) => res.writeHead(401, { 'www-authenticate': 'Basic' }).end('bad credentials');
    // What reaches the log: the outcome and the status, never the secret nor the other LRS's words.
    const logged: unknown[] = [];
    const warn = ctx.platform.log.warn;
    ctx.platform.log.warn = ((...args: unknown[]) => void logged.push(args)) as typeof warn;
    try {
      expect(await run()).toMatchObject({ state: 'halted' });
    } finally {
      ctx.platform.log.warn = warn;
    }
    expect(logged).toEqual([[{ outcome: 'halt', failures: 1, reason: 'HTTP 401' }, 'xAPI forwarding failed']]);
    const calls = received.length;
    expect(await run(new Date(Date.now() + 86400_000))).toMatchObject({ state: 'halted' });
    expect(received).toHaveLength(calls);
    const page = await admin.get('/admin/xapi');
    expect(page.body).toContain('Stopped: the other LRS refused the request');
    expect(page.body).toContain('HTTP 401: bad credentials');
    script = (_r, res) => res.writeHead(200).end('[]');
    expect((await admin.post('/admin/xapi/forwarding/resume')).statusCode).toBe(303);
    expect(await ctx.platform.jobs.drain(FORWARD_QUEUE)).toBeGreaterThanOrEqual(1);
    expect((await getForwarding(db()))!).toMatchObject({ halted: false, failures: 0 });
    expect(received.length).toBeGreaterThan(calls);
  });

  it('on a refused batch sends one by one: 409 counts as delivered, a refused statement is skipped and counted', async () => {
    const ids = await statementsNow(3);
    const before = (await getForwarding(db()))!.rejected;
    received.length = 0;
    script = (r, res) => {
      if (r.method === 'POST') return res.writeHead(400).end('one of them is wrong');
      const id = new URL(r.url, 'http://x').searchParams.get('statementId');
      if (id === ids[0]) return res.writeHead(409).end('already there, differently');
      if (id === ids[1]) return res.writeHead(400).end('this one is wrong');
      res.writeHead(204).end();
    };
    expect(await run()).toMatchObject({ state: 'done' });
    expect(received.map((r) => r.method)).toEqual(['POST', 'PUT', 'PUT', 'PUT']);
    const f = (await getForwarding(db()))!;
    expect(f.rejected).toBe(before + 1);
    expect(f.lastError).toBe(`statement ${ids[1]} refused: HTTP 400: this one is wrong`);
    expect((await admin.get('/admin/xapi')).body).toContain('<dt>Waiting to be sent</dt><dd>0</dd>');
  });

  it('one by one, a failure half-way keeps what was delivered and retries the rest later', async () => {
    const ids = await statementsNow(3);
    const before = (await getForwarding(db()))!;
    received.length = 0;
    script = (r, res) => {
      if (r.method === 'POST') return res.writeHead(422).end('no');
      const id = new URL(r.url, 'http://x').searchParams.get('statementId');
      res.writeHead(id === ids[1] ? 503 : 204).end();
    };
    expect(await run()).toMatchObject({ state: 'retry' });
    expect(received.map((r) => r.method)).toEqual(['POST', 'PUT', 'PUT']);
    const f = (await getForwarding(db()))!;
    expect(f.forwarded).toBe(before.forwarded + 1);
    expect((await admin.get('/admin/xapi')).body).toContain('<dt>Waiting to be sent</dt><dd>2</dd>');
    script = (_r, res) => res.writeHead(200).end('[]');
    expect(await run(new Date(Date.now() + 3600_000))).toMatchObject({ sent: 2, state: 'done' });
  });

  it('refuses, in the job too, an address that the guard no longer allows, and does not follow redirects', async () => {
    await statementsNow(1);
    received.length = 0;
    const allow = ctx.platform.config.outbound.allow;
    ctx.platform.config.outbound.allow = [];
    try {
      expect(await run()).toMatchObject({ state: 'halted' });
      expect(received).toHaveLength(0);
      expect((await getForwarding(db()))!.lastError).toMatch(/plain http is allowed only to a host named in OUTBOUND_ALLOW/);
    } finally {
      ctx.platform.config.outbound.allow = allow;
    }
    script = (_r, res) => res.writeHead(307, { location: 'http://169.254.169.254/' }).end();
    await admin.post('/admin/xapi/forwarding/resume');
    expect(await run()).toMatchObject({ state: 'halted' });
    expect((await getForwarding(db()))!.lastError).toBe('HTTP 307 (redirect to http://169.254.169.254/, not followed)');
    expect(received.every((r) => r.url.startsWith('/lrs/'))).toBe(true);
  });

  it('takes each answer as the specification means it', () => {
    expect([200, 204, 409].map(outcomeOf)).toEqual(['delivered', 'delivered', 'delivered']);
    expect([400, 413, 422].map(outcomeOf)).toEqual(['refused', 'refused', 'refused']);
    expect([401, 403, 404, 301].map(outcomeOf)).toEqual(['halt', 'halt', 'halt', 'halt']);
    expect([408, 429, 500, 503].map(outcomeOf)).toEqual(['retry', 'retry', 'retry', 'retry']);
  });

  it('sends nothing while switched off', async () => {
    await save({ endpoint: stubEndpoint, key: 'stub-key', secret: '', scope: 'all', enabled: '' });
    await statementsNow(1);
    received.length = 0;
    expect(await run()).toMatchObject({ state: 'off' });
    expect(received).toHaveLength(0);
    expect((await admin.get('/admin/xapi')).body).toContain('Off: nothing is sent');
  });
});
