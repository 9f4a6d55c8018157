import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { LOG_SERIALIZERS } from '../boot.js';
import { accessLogger, type Module } from './app.js';
import { CSRF_HOLE, NONCE_HOLE } from './page-cache.js';

/**
 * The front door (app.ts) answers kept pages over HTTP before Fastify; app.inject goes straight to Fastify. These
 * tests talk HTTP to a listening server, and compare what the front door answers with Fastify's own way.
 */
let ctx: Awaited<ReturnType<typeof testApp>>;
let base: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
function http(method: 'GET' | 'HEAD' | 'POST', path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const frontDoorHits = async () => Number(/ponte_page_cache_front_door_hits_total (\d+)/.exec(await ctx.app.metrics.metrics())![1]);
const tokensIn = (html: string) => [...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]!);
const noncesIn = (html: string) => [...html.matchAll(/<script[^>]* nonce="([^"]+)"/g)].map((m) => m[1]!);
const nonceOf = (headers: Record<string, unknown>) => /'nonce-([^']+)'/.exec(String(headers['content-security-policy']))?.[1];
const cookieOf = (a: Answer, name: string) =>
  ([] as string[])
    .concat(a.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];

beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
  await ctx.app.contentVersion.refresh();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await ctx?.close();
});

describe('the front door', () => {
  it('answers a kept page with what Fastify answers: the same headers, the same bytes, the visitor’s own token', async () => {
    expect((await http('GET', '/news')).headers['x-cache']).toBe('miss');
    const before = await frontDoorHits();
    const front = await http('GET', '/news');
    expect(await frontDoorHits()).toBe(before + 1);
    const inner = await ctx.app.inject({ method: 'GET', url: '/news' });
    expect(await frontDoorHits()).toBe(before + 1);
    expect(front.status).toBe(200);
    expect(inner.headers['x-cache']).toBe('hit');
    // Every header Fastify sends, with the same value, but those that are the visitor's or the moment's own.
    const own = new Set(['x-request-id', 'set-cookie', 'etag', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'content-security-policy']);
    for (const [name, value] of Object.entries(inner.headers)) if (!own.has(name)) expect([name, front.headers[name]]).toEqual([name, String(value)]);
    // The same policy but for its nonce, the answer's own.
    const policy = (h: Record<string, unknown>) => String(h['content-security-policy']).replace(nonceOf(h)!, 'N');
    expect(policy(front.headers)).toBe(policy(inner.headers));
    expect(Object.keys(front.headers).sort()).toEqual(expect.arrayContaining(Object.keys(inner.headers).filter((n) => n !== 'transfer-encoding')));
    expect(front.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(front.headers['keep-alive']).toBe('timeout=72');
    expect(front.headers.etag).toMatch(/^W\/"[^"]+"$/);
    const [html, innerHtml] = [front.body.toString(), inner.body];
    expect(html).not.toContain(CSRF_HOLE);
    expect(Number(front.headers['content-length'])).toBe(front.body.length);
    const [token] = tokensIn(html);
    expect(html).not.toContain(NONCE_HOLE);
    expect(html.replaceAll(token!, 'T').replaceAll(nonceOf(front.headers)!, 'N')).toBe(innerHtml.replaceAll(tokensIn(innerHtml)[0]!, 'T').replaceAll(nonceOf(inner.headers)!, 'N'));
    // The token is the one the visitor's new cookie accepts, and not another visitor's.
    const cookie = cookieOf(front, 'ponte_csrf')!;
    expect(cookie).toMatch(/^ponte_csrf=[\w-]{43}$/);
    const form = (t: string) => new URLSearchParams({ _csrf: t, locale: 'it', next: '/' }).toString();
    expect((await http('POST', '/language', { cookie }, form(token!))).status).toBe(303);
    const other = tokensIn((await http('GET', '/news')).body.toString())[0]!;
    expect(other).not.toBe(token);
    expect((await http('POST', '/language', { cookie }, form(other))).status).toBe(403);
  });

  it('keeps a returning visitor’s cookie and gives the token it accepts', async () => {
    const first = await http('GET', '/projects');
    const cookie = cookieOf(first, 'ponte_csrf')!;
    const again = await http('GET', '/projects', { cookie });
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(tokensIn(again.body.toString())).toEqual(tokensIn(first.body.toString()));
  });

  it('sends the page gzipped, made of parts compressed once around each visitor’s token', async () => {
    // An event open for registration holds two forms (the registration and the language menu): two tokens.
    const events = [...new Set([...(await http('GET', '/events')).body.toString().matchAll(/href="(\/events\/[a-z0-9-]+)"/g)].map((m) => m[1]!))];
    const pages = await Promise.all(events.map(async (path) => ({ path, answer: await http('GET', path) })));
    const { path, answer: plain } = pages.find((p) => tokensIn(p.answer.body.toString()).length === 2)!;
    const cookie = cookieOf(plain, 'ponte_csrf')!;
    const tokens = tokensIn(plain.body.toString());
    const before = await frontDoorHits();
    const zipped = await http('GET', path, { cookie, 'accept-encoding': 'gzip, deflate, br' });
    expect(await frontDoorHits()).toBe(before + 1);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('accept-encoding');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
    // Decoded (with the checksum and length checked), it is the visitor's page byte for byte, but for its nonce.
    const decoded = gunzipSync(zipped.body).toString();
    expect(decoded.replaceAll(nonceOf(zipped.headers)!, 'N')).toBe(plain.body.toString().replaceAll(nonceOf(plain.headers)!, 'N'));
    // Another visitor's copy holds their own token.
    const other = gunzipSync((await http('GET', path, { 'accept-encoding': 'gzip' })).body).toString();
    expect(tokensIn(other)[0]).not.toBe(tokens[0]);
    // A refusal of gzip gets the page as it is.
    expect((await http('GET', path, { cookie, 'accept-encoding': 'gzip;q=0, identity' })).headers['content-encoding']).toBeUndefined();
  });

  it('gives every answer its own script nonce, in its policy and on each script element, which the ETag leaves out', async () => {
    await http('GET', '/events');
    const first = await http('GET', '/events');
    const cookie = cookieOf(first, 'ponte_csrf')!;
    const [plain, zipped, inner] = [await http('GET', '/events', { cookie }), await http('GET', '/events', { cookie, 'accept-encoding': 'gzip' }), await ctx.app.inject({ method: 'GET', url: '/events', headers: { cookie } })];
    const answers = [
      { headers: plain.headers, html: plain.body.toString() },
      { headers: zipped.headers, html: gunzipSync(zipped.body).toString() },
      { headers: inner.headers, html: inner.body },
    ];
    expect(answers.map((a) => a.headers['x-cache'])).toEqual(['hit', 'hit', 'hit']);
    for (const { headers, html } of answers) {
      expect(headers['content-security-policy']).toMatch(/script-src 'nonce-[\w-]{43}' 'strict-dynamic'/);
      expect(noncesIn(html).length).toBeGreaterThan(0);
      expect(new Set(noncesIn(html))).toEqual(new Set([nonceOf(headers)]));
    }
    expect(new Set(answers.map((a) => nonceOf(a.headers))).size).toBe(3);
    // One visitor's copy is the same page whatever its nonce: a 304 for it carries no policy, so that the browser
    // keeps the one whose nonce is in its copy.
    expect(plain.headers.etag).toBe(zipped.headers.etag);
    const again = await http('GET', '/events', { cookie, 'if-none-match': plain.headers.etag as string });
    expect(again.status).toBe(304);
    expect(again.headers['content-security-policy']).toBeUndefined();
    expect(again.headers['x-frame-options']).toBe('DENY');
  });

  it('gives pages the cache does not keep a nonce too, and answers 304 to them without a policy', async () => {
    const signin = await http('GET', '/signin');
    const cookie = cookieOf(signin, 'ponte_csrf')!;
    const [a, b] = [await http('GET', '/signin', { cookie }), await http('GET', '/signin', { cookie })];
    expect(a.headers['x-cache']).toBeUndefined();
    for (const x of [a, b]) expect(noncesIn(x.body.toString())).toEqual([nonceOf(x.headers)]);
    expect(nonceOf(a.headers)).not.toBe(nonceOf(b.headers));
    expect(a.headers.etag).toBe(b.headers.etag);
    const again = await http('GET', '/signin', { cookie, 'if-none-match': a.headers.etag as string });
    expect(again.status).toBe(304);
    expect(again.headers['content-security-policy']).toBeUndefined();
  });

  it('answers 304 to a visitor who has the page, and HEAD with the headers alone', async () => {
    const page = await http('GET', '/pages/accessibility');
    const cookie = cookieOf(page, 'ponte_csrf')!;
    const hit = await http('GET', '/pages/accessibility', { cookie });
    expect(hit.headers['x-cache']).toBe('hit');
    const again = await http('GET', '/pages/accessibility', { cookie, 'if-none-match': hit.headers.etag as string });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const head = await http('HEAD', '/pages/accessibility', { cookie });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(hit.body.length));
    expect(head.headers.etag).toBe(hit.headers.etag);
  });

  it('follows the language of the cookie and the browser, and leaves ?lang= to Fastify', async () => {
    await http('GET', '/news', { 'accept-language': 'de' });
    const german = await http('GET', '/news', { 'accept-language': 'de-AT,de;q=0.9' });
    expect(german.headers['x-cache']).toBe('hit');
    expect(german.body.toString()).toContain('<html lang="de"');
    await http('GET', '/news', { cookie: 'ponte_lang=el' });
    const greek = await http('GET', '/news', { cookie: 'ponte_lang=el', 'accept-language': 'de' });
    expect(greek.body.toString()).toContain('<html lang="el"');
    await http('GET', '/news?lang=it');
    const before = await frontDoorHits();
    const italian = await http('GET', '/news?lang=it');
    expect(italian.headers['x-cache']).toBe('hit');
    expect(italian.body.toString()).toContain('<html lang="it"');
    expect(await frontDoorHits()).toBe(before);
  });

  it('leaves a visitor with a session to Fastify, and never shows them a kept page', async () => {
    await http('GET', '/');
    const before = await frontDoorHits();
    const res = await http('GET', '/', { cookie: 'ponte_session=not-a-session' });
    expect(await frontDoorHits()).toBe(before);
    // Fastify sees no valid session: it clears the cookie and serves the kept page itself.
    expect(res.headers['x-cache']).toBe('hit');
    expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).some((c) => c.startsWith('ponte_session=;'))).toBe(true);
  });

  it('keeps the documents list for first visits and sets their visit cookie; a returning visitor gets their own marks', async () => {
    await http('GET', '/documents');
    const before = await frontDoorHits();
    const first = await http('GET', '/documents');
    expect(await frontDoorHits()).toBe(before + 1);
    expect(first.headers['x-cache']).toBe('hit');
    expect(cookieOf(first, 'ponte_last_visit')).toMatch(/^ponte_last_visit=\d+\.\d+$/);
    const old = Date.parse('2020-01-01');
    const returning = await http('GET', '/documents', { cookie: `ponte_last_visit=${old}.${old}` });
    expect(await frontDoorHits()).toBe(before + 1);
    expect(returning.headers['x-cache']).toBeUndefined();
    expect(cookieOf(returning, 'ponte_last_visit')).toMatch(new RegExp(`^ponte_last_visit=${old}\\.\\d+$`));
  });

  it('counts each answer in the metrics by route and status', async () => {
    await http('GET', '/projects/eu-micare');
    const count = async () => Number(/ponte_http_requests_total\{method="GET",route="\/projects\/:project",status="200"\} (\d+)/.exec(await ctx.app.metrics.metrics())?.[1] ?? 0);
    const before = await count();
    await http('GET', '/projects/eu-micare');
    expect(await count()).toBe(before + 1);
  });
});

describe('a failure in the front door', () => {
  it('is logged and left to Fastify, and the server goes on answering', async () => {
    // A route whose variant fails for one cookie: a programming error the front door meets before Fastify does.
    const failing: Module = {
      name: 'failing-variant',
      routes(app) {
        app.get(
          '/test/failing-variant',
          { config: { access: 'public', pageCache: { cookies: [], variant: (v) => (v.cookies.fail ? (null as unknown as { x: string }).x : '') } } },
          async (_req, reply) => reply.header('content-type', 'text/plain; charset=utf-8').send('kept'),
        );
      },
    };
    const other = await testApp({ extraModules: [failing] });
    try {
      await other.app.contentVersion.refresh();
      await other.app.listen({ port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${(other.app.server.address() as AddressInfo).port}/test/failing-variant`;
      const get = (cookie?: string) => fetch(url, { headers: cookie ? { cookie } : {} });
      expect((await get()).status).toBe(200);
      expect((await get()).headers.get('x-cache')).toBe('hit');
      // Fastify meets the same error and answers with its error page.
      expect((await get('fail=1')).status).toBe(500);
      const after = await get();
      expect(after.status).toBe(200);
      expect(await after.text()).toBe('kept');
    } finally {
      await other.close();
    }
  });
});

describe('the access log line', () => {
  it('is the line pino writes with the platform’s serialisers', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => void (lines.push(chunk.toString()), done()) });
    const log = pino({ serializers: LOG_SERIALIZERS, level: 'info' }, sink);
    accessLogger(log)('4b0c8c2e-6d5f-4a4e-9f57-0d6f2c4f1a11', 'GET', '/news/:slug', 200, 1.25);
    log.info({ reqId: '4b0c8c2e-6d5f-4a4e-9f57-0d6f2c4f1a11', req: { method: 'GET', routeOptions: { url: '/news/:slug' } }, res: { statusCode: 200 }, responseTime: 1.25 }, 'request completed');
    const [ours, pinos] = lines.map((l) => ({ ...JSON.parse(l), time: 0 }));
    expect(ours).toEqual(pinos);
    expect(lines[0]!.endsWith('\n')).toBe(true);
  });

  it('writes nothing when the level is above info', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => void (lines.push(chunk.toString()), done()) });
    accessLogger(pino({ level: 'warn' }, sink))('id', 'GET', '/', 200, 1);
    expect(lines).toEqual([]);
  });
});

