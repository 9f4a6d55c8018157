import { lookup as resolve } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/*
 * Requests Ponte makes to addresses an administrator typed (an external LRS, later webhooks) must not reach into
 * the network Ponte runs in (SSRF): only http and https; the host is resolved and every address it resolves to must
 * be public (not loopback, private, link-local with the cloud metadata address, shared/CGNAT, unique-local,
 * multicast, unspecified or reserved, also when written as IPv4-mapped or NAT64 IPv6); the connection goes to the
 * address that was checked (the `lookup` of node:http is pinned to it, so a second DNS answer cannot differ);
 * redirects are not followed; the answer must come within a time-out and stay under a size cap.
 *
 * OUTBOUND_ALLOW names the exceptions, explicitly: host names (exact, e.g. `lrs.internal`) and addresses or CIDR
 * ranges (`10.0.5.0/24`, `127.0.0.1`, `fd00::/8`) that may be private.
 */

export type AddressCategory = 'loopback' | 'private' | 'link-local' | 'shared' | 'unique-local' | 'multicast' | 'unspecified' | 'reserved';

const DENIED: [string, number, 'ipv4' | 'ipv6', AddressCategory][] = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'reserved'],
  ['192.88.99.0', 24, 'ipv4', 'reserved'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['198.51.100.0', 24, 'ipv4', 'reserved'],
  ['203.0.113.0', 24, 'ipv4', 'reserved'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['::', 96, 'ipv6', 'reserved'],
  ['64:ff9b:1::', 48, 'ipv6', 'reserved'],
  ['100::', 64, 'ipv6', 'reserved'],
  ['2001:db8::', 32, 'ipv6', 'reserved'],
  ['fc00::', 7, 'ipv6', 'unique-local'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'reserved'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];
const lists = new Map<AddressCategory, BlockList>();
for (const [net, prefix, type, category] of DENIED) {
  if (!lists.has(category)) lists.set(category, new BlockList());
  lists.get(category)!.addSubnet(net, prefix, type);
}

/** The 16 bytes of an IPv6 address (with `::` and a trailing dotted quad), or null. */
function ipv6Bytes(ip: string): number[] | null {
  const s = ip.split('%')[0]!;
  if (isIP(s) !== 6) return null;
  let tail: number[] = [];
  let text = s;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (quad) {
    tail = quad[1]!.split('.').map(Number);
    text = s.slice(0, -quad[1]!.length) + '0:0';
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, null];
  const groups = (x: string) => (x ? x.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head!);
  const r = rest === null ? [] : groups(rest);
  const all = rest === null ? h : [...h, ...Array(8 - h.length - r.length).fill(0), ...r];
  const bytes = all.flatMap((g) => [g >> 8, g & 255]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The IPv4 address an IPv6 address carries (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16), or null. */
export function embeddedIpv4(ip: string): string | null {
  const b = ipv6Bytes(ip);
  if (!b) return null;
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12).join('.');
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return b.slice(12).join('.');
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6).join('.');
  return null;
}

/** Why an address is not a public one, or null when it is. */
export function addressCategory(ip: string): AddressCategory | null {
  const bare = ip.replace(/^\[|\]$/g, '').split('%')[0]!;
  const family = isIP(bare);
  if (family === 0) return 'reserved';
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    if (v4) return addressCategory(v4);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [category, list] of lists) if (list.check(bare, type)) return category;
  if (family === 4 && bare === '255.255.255.255') return 'reserved';
  return null;
}

/** OUTBOUND_ALLOW: host names, addresses and CIDR ranges that may be private. */
export class AllowList {
  private hosts = new Set<string>();
  private nets = new BlockList();
  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const e = raw.trim().toLowerCase();
      if (!e) continue;
      const [addr, prefix] = e.replace(/^\[|\]$/g, '').split('/');
      const family = isIP(addr!);
      if (family) {
        const type = family === 4 ? 'ipv4' : 'ipv6';
        if (prefix === undefined) this.nets.addAddress(addr!, type);
        else this.nets.addSubnet(addr!, Number(prefix), type);
      } else this.hosts.add(e);
    }
  }

  /** Whether this host name (as typed) or this resolved address is named in the list. */
  allows(host: string, address: string): boolean {
    if (this.hosts.has(host.toLowerCase().replace(/\.$/, ''))) return true;
    const bare = address.split('%')[0]!;
    const family = isIP(bare);
    if (!family) return false;
    if (this.nets.check(bare, family === 4 ? 'ipv4' : 'ipv6')) return true;
    const v4 = family === 6 ? embeddedIpv4(bare) : null;
    return !!v4 && this.nets.check(v4, 'ipv4');
  }

  /** Whether the host itself is named (a name, or an address in a listed range): plain http is accepted only then. */
  names(host: string): boolean {
    const bare = host.replace(/^\[|\]$/g, '');
    return isIP(bare) ? this.allows(bare, bare) : this.hosts.has(bare.toLowerCase().replace(/\.$/, ''));
  }
}

/** A syntactically valid OUTBOUND_ALLOW entry: a host name, an address, or an address range in CIDR form. */
export function isAllowEntry(entry: string): boolean {
  const e = entry.trim();
  const [addr, prefix, more] = e.split('/');
  const family = isIP(addr!);
  if (family) return more === undefined && (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)));
  return prefix === undefined && /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i.test(e);
}

export type OutboundProblem = 'url' | 'scheme' | 'credentials' | 'insecure' | 'unresolvable' | 'address' | 'timeout' | 'too-large' | 'network';

/**
 * Why a request was not made or not completed. `problem` and `values` make the message in a reader's language
 * (catalogue keys `outbound.<problem>`); `message` is the same in English, for logs and job records.
 */
export class OutboundError extends Error {
  constructor(
    readonly problem: OutboundProblem,
    message: string,
    readonly values: { host?: string; address?: string; category?: AddressCategory } = {},
  ) {
    super(message);
  }
}

export interface OutboundTarget {
  url: URL;
  /** The host as the URL names it (brackets removed from an IPv6 literal). */
  host: string;
  address: string;
  family: 4 | 6;
}

/**
 * Checks a URL before any request: http(s) only, no credentials in it, plain http only to a host OUTBOUND_ALLOW
 * names (`requireHttps`), and every address the host resolves to public or allowed. Returns the address to connect to.
 */
export async function checkTarget(raw: string, allow: AllowList, opts: { requireHttps?: boolean } = {}): Promise<OutboundTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError('url', 'not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundError('scheme', `only https (or http) addresses are allowed, not ${url.protocol}`);
  if (url.username || url.password) throw new OutboundError('credentials', 'the address must not carry a user name or password');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (opts.requireHttps && url.protocol !== 'https:' && !allow.names(host)) throw new OutboundError('insecure', `plain http is allowed only to a host named in OUTBOUND_ALLOW (${host} is not)`, { host });
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await resolve(host, { all: true, verbatim: true });
    } catch {
      throw new OutboundError('unresolvable', `${host} could not be resolved`, { host });
    }
    if (!addresses.length) throw new OutboundError('unresolvable', `${host} could not be resolved`, { host });
  }
  // Every address must pass: a name that also resolves into the private network is refused, whichever would be used.
  for (const a of addresses) {
    const category = addressCategory(a.address);
    if (category && !allow.allows(host, a.address)) throw new OutboundError('address', `${host} resolves to ${a.address}, a ${category} address: requests into the local network are refused (see OUTBOUND_ALLOW)`, { host, address: a.address, category });
  }
  return { url, host, address: addresses[0]!.address, family: addresses[0]!.family === 6 ? 6 : 4 };
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Makes one HTTP request to a checked address (see checkTarget). Redirects are answered as they are (3xx), not
 * followed. Fails with an OutboundError on time-out (`timeoutMs`, the whole exchange), an answer larger than
 * `maxBytes`, or a network error.
 */
export async function outboundRequest(
  raw: string,
  opts: { allow: AllowList; method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number; maxBytes?: number; requireHttps?: boolean },
): Promise<OutboundResponse> {
  const target = await checkTarget(raw, opts.allow, { requireHttps: opts.requireHttps });
  const { url, host, address, family } = target;
  const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body);
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const module = url.protocol === 'https:' ? https : http;
  return new Promise<OutboundResponse>((done, fail) => {
    // Settles once: the first of an answer, an error, the time-out or the size cap.
    const stop = (err: OutboundError) => {
      fail(err);
      req.destroy();
    };
    const req = module.request(
      {
        method: opts.method ?? 'GET',
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: { ...opts.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        agent: false,
        // The connection goes to the address checked above, whatever DNS would answer now.
        lookup: ((_name: string, o: { all?: boolean }, cb: (...args: unknown[]) => void) => (o?.all ? cb(null, [{ address, family }]) : cb(null, address, family))) as never,
        ...(url.protocol === 'https:' && !isIP(host) ? { servername: host } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) stop(new OutboundError('too-large', `the answer from ${host} is larger than ${maxBytes} bytes`, { host }));
          else chunks.push(chunk);
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (err) => fail(new OutboundError('network', `${host}: ${err.message}`, { host })));
      },
    );
    const timer = setTimeout(() => stop(new OutboundError('timeout', `${host} did not answer within ${(opts.timeoutMs ?? 10_000) / 1000} s`, { host })), opts.timeoutMs ?? 10_000);
    req.on('error', (err) => fail(err instanceof OutboundError ? err : new OutboundError('network', `${host}: ${(err as NodeJS.ErrnoException).code ?? err.message}`, { host })));
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}
