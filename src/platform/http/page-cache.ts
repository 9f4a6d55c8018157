import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import type { SerializeOptions } from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { VersionWatcher } from '../content-version.js';
import type { ViewedItem } from '../page-views.js';

/** What a variant may know of the visitor: their cookies, and a way to set one on this answer. */
export interface PageVisitor {
  cookies: Record<string, string | undefined>;
  setCookie(name: string, value: string, options: SerializeOptions): void;
}

/**
 * What a route declares (config.pageCache) to have its anonymous GET answers kept: `true`, or a variant for
 * routes that know something about the visitor besides the language.
 */
export type PageCacheOption =
  | true
  | {
      /**
       * Runs before the cache on every request to the route, signed in or not. Returns what distinguishes
       * the page for this visitor ('' when nothing does) or null when the page is this visitor's alone.
       * It may set the cookies listed in `cookies`: they are per request and never enter the cache. It must
       * depend on the cookies and the time only, and may run twice for one request (the front door asks it,
       * then Fastify again when the front door leaves the request to it).
       */
      variant(visitor: PageVisitor): string | null;
      cookies: string[];
    };

/**
 * Stands for the visitor's CSRF token in rendered pages, so that one rendering serves every visitor: each
 * answer gets the visitor's own token in its place. Random per process, so content cannot contain it.
 */
export const CSRF_HOLE = `csrf-${randomBytes(12).toString('hex')}`;
/**
 * Stands for the answer's script nonce (the Content-Security-Policy's `'nonce-…'`) in every rendered page: each
 * answer gets a fresh one in its place and in its header, after the ETag is computed, so that the tag stays the
 * same from one answer to the next (app.ts). Random per process too.
 */
export const NONCE_HOLE = `nonce-${randomBytes(12).toString('hex')}`;

/** What fills a page's holes for one answer. */
export interface Fill {
  csrf: string;
  nonce: string;
}
type Hole = keyof Fill;
const HOLES: [Hole, Buffer][] = [
  ['csrf', Buffer.from(CSRF_HOLE)],
  ['nonce', Buffer.from(NONCE_HOLE)],
];

/** A page cut at its holes: parts[i] comes before holes[i], and the last part after the last hole. */
interface Cut {
  parts: Buffer[];
  holes: Hole[];
}

/** How many addresses the front door remembers the route's cache option for. */
const MAX_ADDRESSES = 50_000;

/** Pages older than this are rendered again even without a content change (download counts, dates). */
export const PAGE_MAX_AGE_MS = 60_000;

interface Entry {
  key: string;
  /** The route's pattern, for metrics and the log line. */
  route: string;
  /** The page's bytes, cut where the CSRF token and the nonce go. */
  parts: Buffer[];
  holes: Hole[];
  /** Whether the page holds the visitor's CSRF token (its ETag and revalidation are then the visitor's). */
  personal: boolean;
  /** The parts gzipped once, made the first time a visitor accepts gzip (see gzipped). */
  gzip: Buffer[] | null;
  bytes: number;
  contentType: string;
  cacheControl: string | undefined;
  /** Hash of the shared bytes; each visitor's ETag adds a hash of their token when the page has one (never the nonce). */
  tag: string;
  storedAt: number;
  lastModified: string;
  version: number;
  view: ViewedItem | null;
  /** When the entry last moved to the recent end of the store. */
  usedAt: number;
}

/** How often a busy entry moves to the recent end: moving it on every hit would cost every hit two map writes. */
const TOUCH_MS = 1000;

/** Least recently used entries (to within TOUCH_MS) go first when the bytes exceed the bound. */
class PageStore {
  private entries = new Map<string, Entry>();
  bytes = 0;
  constructor(readonly maxBytes: number) {}

  get(key: string, version: number, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.version !== version || now - e.storedAt >= PAGE_MAX_AGE_MS) {
      this.delete(e);
      return undefined;
    }
    // Most recently used last.
    if (now - e.usedAt >= TOUCH_MS) {
      e.usedAt = now;
      this.entries.delete(key);
      this.entries.set(key, e);
    }
    return e;
  }

  set(e: Entry) {
    // One page may not take more than an eighth of the cache.
    if (e.bytes > this.maxBytes / 8) return;
    const old = this.entries.get(e.key);
    if (old) this.delete(old);
    this.entries.set(e.key, e);
    this.bytes += e.bytes;
    for (const oldest of this.entries.values()) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  /** Drops every entry older than the given version. */
  dropBefore(version: number) {
    for (const e of this.entries.values()) if (e.version < version) this.delete(e);
  }

  private delete(e: Entry) {
    this.entries.delete(e.key);
    this.bytes -= e.bytes;
  }
}

function cut(payload: string | Buffer): Cut {
  const buf = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const parts: Buffer[] = [];
  const holes: Hole[] = [];
  const next = HOLES.map(([, bytes]) => buf.indexOf(bytes));
  let from = 0;
  for (;;) {
    let k = -1;
    for (let i = 0; i < next.length; i++) if (next[i]! !== -1 && (k === -1 || next[i]! < next[k]!)) k = i;
    if (k === -1) break;
    const [hole, bytes] = HOLES[k]!;
    parts.push(buf.subarray(from, next[k]));
    holes.push(hole);
    from = next[k]! + bytes.length;
    next[k] = buf.indexOf(bytes, from);
  }
  parts.push(buf.subarray(from));
  return { parts, holes };
}

const fillBytes = (fill: Fill): Record<Hole, Buffer> => ({ csrf: Buffer.from(fill.csrf), nonce: Buffer.from(fill.nonce) });

/**
 * The page for one answer, each hole filled, as the pieces to write one after the other: joining them would
 * copy the page for every answer (and its garbage weighs on the collector).
 */
function filled({ parts, holes }: Cut, fill: Fill): Buffer[] {
  if (!holes.length) return parts;
  const bytes = fillBytes(fill);
  const out: Buffer[] = [parts[0]!];
  for (let i = 0; i < holes.length; i++) out.push(bytes[holes[i]!], parts[i + 1]!);
  return out;
}

/** A rendered page's nonce holes filled with this answer's nonce (other holes are the page cache's). */
export function fillNonce(payload: string | Buffer, nonce: string): Buffer {
  const c = cut(payload);
  return Buffer.concat(filled(c, { csrf: CSRF_HOLE, nonce }));
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** Pages under this size are sent as they are, as @fastify/compress does (its threshold). */
export const COMPRESS_THRESHOLD = 1024;

/**
 * The page gzipped for one visitor without compressing it again: each part was compressed once, as a raw
 * deflate stream of its own ended with a full flush (byte-aligned, not final; the last one final), and what fills
 * each hole (the visitor's token, the answer's nonce) goes between them as a stored block (RFC 1951 3.2.4). A full flush leaves no reference to
 * earlier bytes, so the parts stand on their own; the checksum and length (RFC 1952) cover the whole page.
 */
function gzipped(e: Entry, fill: Fill): Buffer[] {
  e.gzip ??= e.parts.map((p, i) => deflateRawSync(p, { level: 9, finishFlush: i === e.parts.length - 1 ? constants.Z_FINISH : constants.Z_FULL_FLUSH }));
  const bytes = fillBytes(fill);
  const storedHeader = (t: Buffer) => {
    const stored = Buffer.alloc(5);
    stored.writeUInt16LE(t.length, 1);
    stored.writeUInt16LE(~t.length & 0xffff, 3);
    return stored;
  };
  const stored = { csrf: storedHeader(bytes.csrf), nonce: storedHeader(bytes.nonce) };
  const out: Buffer[] = [GZIP_HEADER, e.gzip[0]!];
  let crc = crc32(e.parts[0]!);
  let size = e.parts[0]!.length;
  for (let i = 1; i < e.parts.length; i++) {
    const hole = e.holes[i - 1]!;
    out.push(stored[hole], bytes[hole], e.gzip[i]!);
    crc = crc32(e.parts[i]!, crc32(bytes[hole], crc));
    size += bytes[hole].length + e.parts[i]!.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  out.push(trailer);
  return out;
}

/** Whether the visitor takes gzip (the only coding the cache keeps), and refuses nothing the cache would send otherwise. */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().split(';');
    if (coding!.trim().toLowerCase() !== 'gzip' && coding!.trim() !== '*') continue;
    const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  }
  return false;
}

const tagOf = (data: Buffer[] | string) => {
  const h = createHash('sha1');
  for (const d of typeof data === 'string' ? [data] : data) h.update(d);
  return h.digest('base64url').slice(0, 16);
};
/** FNV-1a: the ETag only has to change when the token does; a cryptographic hash per answer costs more. */
const fnv1a = (s: string) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
};
const etagFor = (e: Entry, token: string) => (e.personal ? `W/"${e.tag}-${fnv1a(token)}"` : `W/"${e.tag}"`);

function notModified(headers: IncomingHttpHeaders, etag: string, e: Entry): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    // Weak comparison (RFC 9110): the opaque tags match, whether or not either is marked weak.
    const opaque = etag.replace(/^W\//, '');
    return inm.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === opaque);
  }
  // By date only for answers without a token: a date cannot tell whether the visitor's copy holds their current token.
  const ims = headers['if-modified-since'];
  if (ims === undefined || e.personal) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && since >= Math.floor(e.storedAt / 1000) * 1000;
}

/**
 * What a cached page answers one visitor: its status, its own headers (the platform's come on top; a 304 carries
 * no Content-Security-Policy, see app.ts) and body.
 */
export interface HitAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  /** The body's pieces, in order (null for 304), and their length. */
  body: Buffer[] | null;
  length: number;
  route: string;
  view: ViewedItem | null;
}

/**
 * The one answer of a hit, whichever way the request came (the front door in app.ts, or Fastify): 304 when the
 * visitor has it, else the page with their token and the answer's nonce, gzipped when they take it (other
 * codings, and compressing a page afresh, are left to Fastify's path).
 */
function answer(e: Entry, fill: Fill, headers: IncomingHttpHeaders): HitAnswer {
  const etag = etagFor(e, fill.csrf);
  const h: Record<string, string> = { 'x-cache': 'hit', 'content-type': e.contentType, etag, 'last-modified': e.lastModified };
  if (e.cacheControl) h['cache-control'] = e.cacheControl;
  if (notModified(headers, etag, e)) return { status: 304, headers: h, body: null, length: 0, route: e.route, view: e.view };
  const ok = (body: Buffer[]): HitAnswer => ({ status: 200, headers: h, body, length: body.reduce((n, b) => n + b.length, 0), route: e.route, view: e.view });
  if (e.parts.reduce((n, p) => n + p.length, 0) >= COMPRESS_THRESHOLD && acceptsGzip(headers['accept-encoding'])) {
    h.vary = 'accept-encoding';
    h['content-encoding'] = 'gzip';
    return ok(gzipped(e, fill));
  }
  return ok(filled(e, fill));
}

/** A rendering in progress that other requests for the same page wait for, rather than render it too. */
interface Pending {
  promise: Promise<Entry | null>;
  settle(e: Entry | null): void;
}

interface RequestState {
  key: string;
  version: number;
  cookies: Set<string>;
  pending: Pending;
}

const kState = Symbol('pageCache');

/** What the front door (app.ts) knows of a request that has not entered Fastify. */
export interface FrontDoorRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  locale: string;
  visitor: PageVisitor;
  csrfToken: string;
  nonce: string;
}

/**
 * The server-side cache of rendered pages for anonymous visitors, on routes that declare `pageCache`.
 * Its answer hooks go between the cookie plugin and compression, so that it keeps uncompressed bytes and sees
 * which cookies an answer sets. Entries belong to one content version (see content-version.ts) and one
 * language. Returns:
 * - `lookup`, an onRequest hook to add once the request's visitor, language and access are known: a hit is
 *   answered there, skipping the rest of the request's way;
 * - `stores`, which tells a page renderer whether this answer may be kept, so that it puts CSRF_HOLE where the
 *   visitor's token goes (other answers carry the token itself); every rendered page has NONCE_HOLE where the
 *   nonce goes, which a kept page's hits fill and a rendering leaves for app.ts to fill;
 * - `frontDoor`, the answer for a request that has not entered Fastify yet, when it is a hit on a page that has
 *   been kept (null otherwise: Fastify takes the request, and renders or waits for a rendering).
 */
export function registerPageCache(
  app: FastifyInstance,
  opts: { maxBytes: number; watcher: VersionWatcher; csrfCookie: string; metrics: Registry; setView(req: FastifyRequest, view: ViewedItem | null): void; viewOf(req: FastifyRequest): ViewedItem | null },
): { lookup: onRequestHookHandler; stores(req: FastifyRequest): boolean; frontDoor(req: FrontDoorRequest): HitAnswer | null } {
  const store = new PageStore(opts.maxBytes);
  const inflight = new Map<string, Pending>();
  /** The cache option of the route behind each address a page was kept for (the front door does not route). */
  const options = new Map<string, PageCacheOption>();
  const results = new Counter({ name: 'ponte_page_cache_requests_total', help: 'Cacheable page requests by result (hit, miss)', labelNames: ['result'], registers: [opts.metrics] });
  const hits = results.labels('hit');
  const misses = results.labels('miss');
  const frontDoorHits = new Counter({ name: 'ponte_page_cache_front_door_hits_total', help: 'Page cache hits answered before Fastify (counted in the hits too)', registers: [opts.metrics] });
  new Gauge({
    name: 'ponte_page_cache_bytes',
    help: 'Bytes held by the page cache',
    registers: [opts.metrics],
    collect() {
      this.set(store.bytes);
    },
  });
  let lastVersion = opts.watcher.current;
  /** The content version now, with the entries of older ones dropped; null before the first read. */
  const currentVersion = () => {
    const version = opts.watcher.current;
    if (version !== null && lastVersion !== version) {
      if (lastVersion !== null && version > lastVersion) store.dropBefore(version);
      lastVersion = version;
    }
    return version;
  };
  // HEAD is GET without the body: both read the same entry.
  const keyOf = (locale: string, variant: string, url: string) => `${locale}\u0000${variant}\u0000${url}`;

  app.decorateRequest(kState, null);
  const stateOf = (req: FastifyRequest) => (req as unknown as Record<symbol, RequestState | null>)[kState] ?? null;
  const setState = (req: FastifyRequest, s: RequestState | null) => void ((req as unknown as Record<symbol, RequestState | null>)[kState] = s);

  const serve = (req: FastifyRequest, reply: FastifyReply, e: Entry) => {
    hits.inc();
    const a = answer(e, { csrf: req.csrfToken, nonce: req.cspNonce }, req.headers);
    opts.setView(req, a.view);
    reply.code(a.status).headers(a.headers).send(a.body ? Buffer.concat(a.body, a.length) : undefined);
  };

  const frontDoor = (req: FrontDoorRequest): HitAnswer | null => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || opts.maxBytes <= 0) return null;
    const option = options.get(req.url);
    if (!option) return null;
    const variant = option === true ? '' : option.variant(req.visitor);
    const version = currentVersion();
    if (variant === null || version === null) return null;
    const key = keyOf(req.locale, variant, req.url);
    const entry = inflight.has(key) ? undefined : store.get(key, version, Date.now());
    if (!entry) return null;
    hits.inc();
    frontDoorHits.inc();
    return answer(entry, { csrf: req.csrfToken, nonce: req.nonce }, req.headers);
  };

  const lookup: onRequestHookHandler = function (req, reply, done) {
    const option = req.routeOptions.config.pageCache;
    if (!option || reply.sent) return done();
    const variant = option === true ? '' : option.variant({ cookies: req.cookies, setCookie: (name, value, o) => void reply.setCookie(name, value, o) });
    if (variant === null || opts.maxBytes <= 0 || (req.method !== 'GET' && req.method !== 'HEAD') || req.session || req.principal) return done();
    const version = currentVersion();
    if (version === null) return done();
    const key = keyOf(req.locale, variant, req.url);
    const entry = store.get(key, version, Date.now());
    if (entry) return serve(req, reply, entry);
    const rendering = inflight.get(key);
    if (rendering) {
      void rendering.promise.then((e) => (e ? serve(req, reply, e) : render(req, reply, key, version, option, done)));
      return;
    }
    render(req, reply, key, version, option, done);
  };

  const render = (req: FastifyRequest, reply: FastifyReply, key: string, version: number, option: PageCacheOption, done: () => void) => {
    misses.inc();
    reply.header('x-cache', 'miss');
    if (req.method === 'GET' && !inflight.has(key)) {
      let settle!: (e: Entry | null) => void;
      const pending: Pending = { promise: new Promise((resolve) => (settle = resolve)), settle: (e) => settle(e) };
      inflight.set(key, pending);
      setState(req, { key, version, cookies: new Set([opts.csrfCookie, ...(option === true ? [] : option.cookies)]), pending });
    }
    done();
  };

  const finish = (req: FastifyRequest, e: Entry | null) => {
    const s = stateOf(req);
    if (!s) return;
    setState(req, null);
    if (inflight.get(s.key) === s.pending) inflight.delete(s.key);
    s.pending.settle(e);
  };

  app.addHook('onSend', (req, reply, payload, done) => {
    const s = stateOf(req);
    if (!s) return done(null, payload);
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) {
      finish(req, null);
      return done(null, payload);
    }
    const page = cut(payload);
    const { parts, holes } = page;
    const contentType = reply.getHeader('content-type');
    const cacheControl = reply.getHeader('cache-control');
    const cookies = ([] as unknown[]).concat(reply.getHeader('set-cookie') ?? []).map((c) => String(c).slice(0, String(c).indexOf('=')));
    const storable =
      reply.statusCode === 200 && typeof contentType === 'string' && !String(cacheControl ?? '').includes('no-store') && cookies.every((name) => s.cookies.has(name));
    if (storable) {
      const now = Date.now();
      const e: Entry = {
        key: s.key,
        route: req.routeOptions.url ?? req.url,
        parts,
        holes,
        personal: holes.includes('csrf'),
        gzip: null,
        bytes: parts.reduce((n, p) => n + p.length, 0) + s.key.length * 2 + 256,
        contentType,
        cacheControl: cacheControl === undefined ? undefined : String(cacheControl),
        tag: tagOf(parts),
        storedAt: now,
        usedAt: now,
        lastModified: new Date(now).toUTCString(),
        version: s.version,
        view: opts.viewOf(req),
      };
      store.set(e);
      // Addresses with a query can be many (filters, pages): the map starts afresh rather than grow without bound.
      if (options.size >= MAX_ADDRESSES) options.clear();
      options.set(req.url, req.routeOptions.config.pageCache!);
      reply.header('etag', etagFor(e, req.csrfToken)).header('last-modified', e.lastModified);
      finish(req, e);
    } else finish(req, null);
    // The nonce hole stays for app.ts, which fills it after the ETag is made.
    done(null, Buffer.concat(filled(page, { csrf: req.csrfToken, nonce: NONCE_HOLE })));
  });
  // Whatever happened to the answer (every answer ends here, an aborted one too), requests waiting for it go on.
  app.addHook('onResponse', (req, _reply, done) => {
    finish(req, null);
    done();
  });
  return { lookup, stores: (req) => stateOf(req) !== null, frontDoor };
}
