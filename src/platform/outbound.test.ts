import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { addressCategory, AllowList, checkTarget, embeddedIpv4, outboundRequest, OutboundError } from './outbound.js';

const none = new AllowList([]);

async function refusal(p: Promise<unknown>): Promise<OutboundError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(OutboundError);
    return err as OutboundError;
  }
  throw new Error('not refused');
}

describe('which addresses are not public', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.254', 'shared'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:1::1', 'loopback'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
  ])('%s is %s', (ip, category) => {
    expect(addressCategory(ip)).toBe(category);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (ip) => {
    expect(addressCategory(ip)).toBeNull();
  });

  it('reads the IPv4 address inside mapped, NAT64 and 6to4 addresses', () => {
    expect(embeddedIpv4('::ffff:192.168.0.1')).toBe('192.168.0.1');
    expect(embeddedIpv4('::ffff:c0a8:1')).toBe('192.168.0.1');
    expect(embeddedIpv4('64:ff9b::0a00:0001')).toBe('10.0.0.1');
    expect(embeddedIpv4('2001:4860::1')).toBeNull();
  });
});

describe('checking a target before any request', () => {
  it.each([
    ['http://127.0.0.1/xapi/', 'loopback'],
    ['https://10.0.0.8/xapi/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[::1]:8080/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://localhost:3000/', 'loopback'],
  ])('refuses %s (%s)', async (url, category) => {
    const err = await refusal(checkTarget(url, none));
    expect(err.problem).toBe('address');
    expect(err.values.category).toBe(category);
    expect(err.message).toMatch(/requests into the local network are refused/);
  });

  it('refuses other schemes, credentials in the address, plain http unless allowed, and names that do not resolve', async () => {
    expect((await refusal(checkTarget('ftp://example.org/', none))).problem).toBe('scheme');
    expect((await refusal(checkTarget('file:///etc/passwd', none))).problem).toBe('scheme');
    expect((await refusal(checkTarget('https://user:pw@example.org/', none))).problem).toBe('credentials');
    expect((await refusal(checkTarget('not a url', none))).problem).toBe('url');
    expect((await refusal(checkTarget('http://lrs.example.org/', none, { requireHttps: true }))).problem).toBe('insecure');
    expect((await refusal(checkTarget('https://no-such-host.invalid/', none))).problem).toBe('unresolvable');
  });

  it('lets OUTBOUND_ALLOW name private hosts and ranges explicitly', async () => {
    expect((await checkTarget('http://127.0.0.1:9/', new AllowList(['127.0.0.1']))).address).toBe('127.0.0.1');
    expect((await checkTarget('http://127.0.0.1:9/', new AllowList(['127.0.0.0/8']), { requireHttps: true })).address).toBe('127.0.0.1');
    expect((await checkTarget('http://[::ffff:127.0.0.1]/', new AllowList(['127.0.0.1']))).address).toBe('::ffff:7f00:1');
    expect((await checkTarget('http://localhost/', new AllowList(['localhost']))).host).toBe('localhost');
    // A range allows addresses in it, not others.
    expect((await refusal(checkTarget('http://10.0.6.1/', new AllowList(['10.0.5.0/24'])))).problem).toBe('address');
    // Allowing a host name does not allow plain http to another one resolving to the same address.
    expect((await refusal(checkTarget('http://127.0.0.1/', new AllowList(['localhost'])))).problem).toBe('address');
  });

  it('OUTBOUND_ALLOW is validated with the rest of the configuration', () => {
    expect(loadConfig({ NODE_ENV: 'test', SECRET_KEY: 'x'.repeat(32), OUTBOUND_ALLOW: 'lrs.internal, 10.0.5.0/24,::1,fd00::/8' }).outbound.allow).toEqual(['lrs.internal', '10.0.5.0/24', '::1', 'fd00::/8']);
    expect(loadConfig({ NODE_ENV: 'test', SECRET_KEY: 'x'.repeat(32) }).outbound.allow).toEqual([]);
    expect(() => loadConfig({ NODE_ENV: 'test', SECRET_KEY: 'x'.repeat(32), OUTBOUND_ALLOW: '10.0.0.0/33' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', SECRET_KEY: 'x'.repeat(32), OUTBOUND_ALLOW: 'http://lrs' })).toThrow(/OUTBOUND_ALLOW/);
  });
});

describe('requests to a checked address', () => {
  let server: Server;
  let base: string;
  const seen: { method: string; url: string; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, body });
        if (req.url === '/redirect') return res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
        if (req.url === '/big') return res.end(Buffer.alloc(5000, 'x'));
        if (req.url === '/slow') return setTimeout(() => res.end('late'), 2000);
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`got ${body}`);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const allow = new AllowList(['127.0.0.1']);

  it('sends and reads when the address is allowed, and refuses without asking when it is not', async () => {
    const ok = await outboundRequest(`${base}/x?y=1`, { allow, method: 'POST', body: 'hello' });
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toBe('got hello');
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/x?y=1', body: 'hello' });
    const count = seen.length;
    expect((await refusal(outboundRequest(`${base}/x`, { allow: none }))).problem).toBe('address');
    expect(seen).toHaveLength(count);
  });

  it('connects to the address checked, whatever the host name', async () => {
    // `localhost` is allowed by name and resolves to loopback; the request reaches the server listening there.
    const port = new URL(base).port;
    const r = await outboundRequest(`http://localhost:${port}/named`, { allow: new AllowList(['localhost', '127.0.0.1']) });
    expect(r.status).toBe(200);
  });

  it('does not follow redirects, stops at the size cap and at the time-out', async () => {
    const redirected = await outboundRequest(`${base}/redirect`, { allow });
    expect(redirected.status).toBe(302);
    expect(seen.some((s) => s.url === '/latest/meta-data/')).toBe(false);
    expect((await refusal(outboundRequest(`${base}/big`, { allow, maxBytes: 1000 }))).problem).toBe('too-large');
    expect((await refusal(outboundRequest(`${base}/slow`, { allow, timeoutMs: 200 }))).problem).toBe('timeout');
  });

  it('reports a connection refused as a network problem', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await refusal(outboundRequest(`http://127.0.0.1:${port}/`, { allow }));
    expect(err.problem).toBe('network');
    expect(err.message).toContain('ECONNREFUSED');
  });
});
