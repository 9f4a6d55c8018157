import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ContentVersionWatcher } from '../content-version.js';
import type { ViewedItem } from '../page-views.js';

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
       * It may set the cookies listed in `cookies`: they are per request and never enter the cache.
       */
      variant(req: FastifyRequest, reply: FastifyReply): string | null;
      cookies: string[];
    };

/**
 * Stands for the visitor's CSRF token in rendered pages, so that one rendering serves every visitor: each
 * answer gets the visitor's own token in its place. Random per process, so content cannot contain it.
 */
export const CSRF_HOLE = `csrf-${randomBytes(12).toString('hex')}`;
const HOLE = Buffer.from(CSRF_HOLE);

/** Pages older than this are rendered again even without a content change (download counts, dates). */
export const PAGE_MAX_AGE_MS = 60_000;

interface Entry {
  key: string;
  /** The page's bytes, split where the CSRF token goes. */
  parts: Buffer[];
  bytes: number;
  contentType: string;
  cacheControl: string | undefined;
  /** Hash of the shared bytes; each visitor's ETag adds a hash of their token when the page has one. */
  tag: string;
  storedAt: number;
  lastModified: string;
  version: number;
  view: ViewedItem | null;
}

/** Least recently used entries go first when the bytes exceed the bound. */
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
    this.entries.delete(key);
    this.entries.set(key, e);
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

function split(payload: string | Buffer): Buffer[] {
  const buf = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = buf.indexOf(HOLE); at !== -1; at = buf.indexOf(HOLE, from)) {
    parts.push(buf.subarray(from, at));
    from = at + HOLE.length;
  }
  parts.push(buf.subarray(from));
  return parts;
}

/** The page for one visitor: their token in each hole. */
function assemble(parts: Buffer[], token: string): Buffer {
  if (parts.length === 1) return parts[0]!;
  const t = Buffer.from(token);
  const out: Buffer[] = [parts[0]!];
  for (let i = 1; i < parts.length; i++) out.push(t, parts[i]!);
  return Buffer.concat(out);
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
const etagFor = (e: Entry, token: string) => (e.parts.length > 1 ? `W/"${e.tag}-${fnv1a(token)}"` : `W/"${e.tag}"`);

function notModified(req: FastifyRequest, etag: string, e: Entry): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    // Weak comparison (RFC 9110): the opaque tags match, whether or not either is marked weak.
    const opaque = etag.replace(/^W\//, '');
    return inm.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === opaque);
  }
  // By date only for answers without a token: a date cannot tell whether the visitor's copy holds their current token.
  const ims = req.headers['if-modified-since'];
  if (ims === undefined || e.parts.length > 1) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && since >= Math.floor(e.storedAt / 1000) * 1000;
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

/**
 * The server-side cache of rendered pages for anonymous visitors, on routes that declare `pageCache`.
 * Its answer hooks go between the cookie plugin and compression, so that it keeps uncompressed bytes and sees
 * which cookies an answer sets. Entries belong to one content version (see content-version.ts) and one
 * language. Returns the lookup, an onRequest hook to add once the request's visitor, language and access are
 * known: a hit is answered there, skipping the rest of the request's way; and `stores`, which tells a page
 * renderer whether this answer may be kept, so that it puts CSRF_HOLE where the visitor's token goes (other
 * answers carry the token itself).
 */
export function registerPageCache(
  app: FastifyInstance,
  opts: { maxBytes: number; watcher: ContentVersionWatcher; csrfCookie: string; metrics: Registry; setView(req: FastifyRequest, view: ViewedItem | null): void; viewOf(req: FastifyRequest): ViewedItem | null },
): { lookup: onRequestHookHandler; stores(req: FastifyRequest): boolean } {
  const store = new PageStore(opts.maxBytes);
  const inflight = new Map<string, Pending>();
  const results = new Counter({ name: 'ponte_page_cache_requests_total', help: 'Cacheable page requests by result (hit, miss)', labelNames: ['result'], registers: [opts.metrics] });
  const hits = results.labels('hit');
  const misses = results.labels('miss');
  new Gauge({
    name: 'ponte_page_cache_bytes',
    help: 'Bytes held by the page cache',
    registers: [opts.metrics],
    collect() {
      this.set(store.bytes);
    },
  });
  let lastVersion = opts.watcher.current;

  app.decorateRequest(kState, null);
  const stateOf = (req: FastifyRequest) => (req as unknown as Record<symbol, RequestState | null>)[kState] ?? null;
  const setState = (req: FastifyRequest, s: RequestState | null) => void ((req as unknown as Record<symbol, RequestState | null>)[kState] = s);

  const serve = (req: FastifyRequest, reply: FastifyReply, e: Entry) => {
    hits.inc();
    opts.setView(req, e.view);
    const etag = etagFor(e, req.csrfToken);
    reply.headers({ 'x-cache': 'hit', 'content-type': e.contentType, etag, 'last-modified': e.lastModified });
    if (e.cacheControl) reply.header('cache-control', e.cacheControl);
    if (notModified(req, etag, e)) reply.code(304).send();
    else reply.send(assemble(e.parts, req.csrfToken));
  };

  const lookup: onRequestHookHandler = function (req, reply, done) {
    const option = req.routeOptions.config.pageCache;
    if (!option || reply.sent) return done();
    const variant = option === true ? '' : option.variant(req, reply);
    if (variant === null || opts.maxBytes <= 0 || (req.method !== 'GET' && req.method !== 'HEAD') || req.session || req.principal) return done();
    const version = opts.watcher.current;
    if (version === null) return done();
    if (lastVersion !== version) {
      if (lastVersion !== null && version > lastVersion) store.dropBefore(version);
      lastVersion = version;
    }
    // HEAD is GET without the body: both read the same entry.
    const key = `${req.locale}\u0000${variant}\u0000${req.url}`;
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
    const parts = split(payload);
    const contentType = reply.getHeader('content-type');
    const cacheControl = reply.getHeader('cache-control');
    const cookies = ([] as unknown[]).concat(reply.getHeader('set-cookie') ?? []).map((c) => String(c).slice(0, String(c).indexOf('=')));
    const storable =
      reply.statusCode === 200 && typeof contentType === 'string' && !String(cacheControl ?? '').includes('no-store') && cookies.every((name) => s.cookies.has(name));
    if (storable) {
      const now = Date.now();
      const e: Entry = {
        key: s.key,
        parts,
        bytes: parts.reduce((n, p) => n + p.length, 0) + s.key.length * 2 + 256,
        contentType,
        cacheControl: cacheControl === undefined ? undefined : String(cacheControl),
        tag: tagOf(parts),
        storedAt: now,
        lastModified: new Date(now).toUTCString(),
        version: s.version,
        view: opts.viewOf(req),
      };
      store.set(e);
      reply.header('etag', etagFor(e, req.csrfToken)).header('last-modified', e.lastModified);
      finish(req, e);
    } else finish(req, null);
    done(null, assemble(parts, req.csrfToken));
  });
  // Whatever happened to the answer (every answer ends here, an aborted one too), requests waiting for it go on.
  app.addHook('onResponse', (req, _reply, done) => {
    finish(req, null);
    done();
  });
  return { lookup, stores: (req) => stateOf(req) !== null };
}
