import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import fastifyCompress from '@fastify/compress';
import fastifyCookie, { type SerializeOptions } from '@fastify/cookie';
import fastifyEtag from '@fastify/etag';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pino, { type Logger } from 'pino';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { hasRole, type Access, type ApiClient, type Principal } from '../access.js';
import { randomToken, safeEqual } from '../auth/crypto.js';
import { createCsrf, csrfTokenUnder } from './csrf.js';
import { accessRefused } from '../access-refusals.js';
import { CSP_REPORT_GROUP, CSP_REPORT_PATH, cspReportRoutes } from './csp-reports.js';
import { directionOf, formatDate, formatNumber, negotiateLocale, translator, type Locale, type Translate } from '../i18n/index.js';
import { authenticate, createSessionCache, readSessionVersion, type OwedSecondFactor, type Session } from '../identity/sessions.js';
import { PageContext, type PageContextValue } from '../ui/context.js';
import { rememberWrites } from '../db/replica.js';
import { watchContentVersion, watchVersion, type VersionWatcher } from '../content-version.js';
import { createPageViewCounter, isCountedView, type PageViewCounter, type ViewedItem } from '../page-views.js';
import { CSRF_HOLE, fillNonce, NONCE_HOLE, registerPageCache, type HitAnswer, type PageCacheOption } from './page-cache.js';
import { securityHeaders } from './security-headers.js';
import type { Platform } from '../platform.js';
import { failureStatus, HttpError, PROBLEM_TITLES, STATUSES_WITH_MESSAGES, scannerFailure, storageFailure, type Problem } from './errors.js';
import type { UploadedFile } from './forms.js';
import { ErrorPage } from './error-page.js';
import { h } from 'preact';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (see platform/access.ts). Required on every route. */
    access?: Access;
    /** false for the few state-changing routes authenticated otherwise (e.g. signed one-click links). */
    csrf?: boolean;
    /** Reachable while a role's required second factor is still being set up. */
    allowWhileOwingSecondFactor?: boolean;
    /** Anonymous GET answers are kept in the page cache (public portal pages only; see page-cache.ts). */
    pageCache?: PageCacheOption;
    /** `?lang=` names the language of the content shown (a preview, a translation), not the page's. */
    contentLanguage?: boolean;
    /** A state-changing route that never changes public content nor sessions (a learner's progress): no version reads after it. */
    changesNoContent?: boolean;
  }
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
    principal: Principal | null;
    /** The system calling a route declared `xapi-client`, once its credentials are checked. */
    client: ApiClient | null;
    session: Session | null;
    /** A role of the signed-in user requires a second factor they have not set up. */
    owesSecondFactor: OwedSecondFactor;
    csrfToken: string;
    /** This answer's script nonce, in its Content-Security-Policy and on every script element of its page. */
    cspNonce: string;
    /** The answer is a rendered page, whose NONCE_HOLE is filled as it leaves (after its ETag is made). */
    renderedPage: boolean;
    /** The public item this answer shows, counted as a view once the answer is sent. */
    pageView: ViewedItem | null;
  }
  interface FastifyReply {
    /** Renders a page component inside its layout; `view` names the public item it shows, for statistics. */
    page(node: VNode<any>, opts?: { status?: number; view?: ViewedItem }): Promise<FastifyReply>; // eslint-disable-line @typescript-eslint/no-explicit-any
  }
}

export interface RouteInfo {
  method: string;
  url: string;
  access: Access | undefined;
  /** Anonymous answers may come from the page cache. */
  pageCache: boolean;
}

export interface Module {
  name: string;
  /** Defines the module's job queues (and anything else needed before the platform starts). */
  setup?(platform: Platform): void;
  routes(app: FastifyInstance, platform: Platform): void | Promise<void>;
}

export const COOKIE_NAMES = (secure: boolean) => ({
  session: secure ? '__Host-ponte_session' : 'ponte_session',
  csrf: secure ? '__Host-ponte_csrf' : 'ponte_csrf',
  /** A browser where an account signed in before (accounts/service.ts `signIn`): its own sign-in budget. */
  device: secure ? '__Host-ponte_device' : 'ponte_device',
  lang: 'ponte_lang',
  /** Where the primary's WAL was after this browser's last change, while reads may go to a replica (db/replica.ts). */
  wal: secure ? '__Host-ponte_wal' : 'ponte_wal',
});

/**
 * Writes the access log's line for a completed request, as pino writes it with the platform's serialisers
 * (createLogger): the request id, method, route pattern, status and time, never the address, URL or cookies.
 * The line is put together here rather than through pino's serialisers and redaction, which cost a cached
 * page about as much as the rest of its answer (decision 0009).
 */
export function accessLogger(log: Logger): (reqId: string, method: string, route: string, status: number, ms: number) => void {
  const stream = (log as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym]!;
  const bindings = (log as unknown as Record<symbol, string>)[pino.symbols.chindingsSym] ?? '';
  const level = log.levels.values.info;
  return (reqId, method, route, status, ms) => {
    if (!log.isLevelEnabled('info')) return;
    stream.write(
      `{"level":${level},"time":${Date.now()}${bindings},"reqId":${JSON.stringify(reqId)},"req":{"method":${JSON.stringify(method)},"route":${JSON.stringify(route)}},"res":{"statusCode":${status}},"responseTime":${ms},"msg":"request completed"}\n`,
    );
  };
}

/** One log line per request, when it ends, holding what Fastify's two lines (incoming, completed) held. */
class OneLinePerRequest extends LogController {
  constructor(private readonly access: ReturnType<typeof accessLogger>) {
    super();
  }
  incomingRequest() {}
  requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply) {
    if (error) reply.log.error({ req, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else this.access(req.id, req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime);
  }
}

const { parse: parseCookies, serialize: serializeCookie } = fastifyCookie.fastifyCookie;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const isApi = (req: FastifyRequest) => req.url.startsWith('/api/') || req.url.startsWith('/xapi/');

/** Builds the HTTP server: plugins in order, then access and CSRF enforcement, then the modules' routes. */
export type PonteApp = FastifyInstance & { routeTable: RouteInfo[]; metrics: Registry; pageViews: PageViewCounter; contentVersion: VersionWatcher; sessionVersion: VersionWatcher };

/** Areas whose pages are never kept in the page cache, whatever a route declares. */
const NEVER_CACHED = /^\/(editor|admin|account|api)(\/|$)/;
/** How often each web node reads the content version: a change shows on every node within this, plus one render. */
const CONTENT_POLL_MS = 250;
/** How often each node writes the page views it has counted. */
const VIEWS_FLUSH_MS = 5_000;

export async function buildApp(platform: Platform, modules: Module[]): Promise<PonteApp> {
  const { config, database } = platform;
  const secure = config.publicUrl.startsWith('https:');
  const cookies = COOKIE_NAMES(secure);

  const access = accessLogger(platform.log);
  /** Answers cached pages before Fastify (set once the page cache exists; see frontDoor below). */
  let front: ((req: IncomingMessage, res: ServerResponse) => boolean) | null = null;
  const app = Fastify({
    loggerInstance: platform.log,
    genReqId: () => randomUUID(),
    logController: new OneLinePerRequest(access),
    // Fastify's own HTTP server, with a front door: a request for a cached page is answered before it enters Fastify.
    serverFactory: (handler, o) => {
      const server = createServer({}, (req, res) => {
        let answered = false;
        try {
          answered = !!front?.(req, res);
        } catch (err) {
          // Never expected; Fastify would have caught it for a route, so the front door must not let it end the process.
          platform.log.error({ err: { message: (err as Error).message, stack: (err as Error).stack } }, 'front door failed');
          if (res.headersSent) return void res.destroy();
        }
        if (!answered) handler(req, res);
      });
      // As Fastify sets up its own server (lib/server.js).
      const settings = o as { keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number };
      server.keepAliveTimeout = settings.keepAliveTimeout;
      server.requestTimeout = settings.requestTimeout;
      server.setTimeout(settings.connectionTimeout);
      return server;
    },
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    // A number of proxies: the hops nearest to Ponte are trusted, however far the client wrote (Fastify's own
    // hop count trusts none). Addresses and names go to proxy-addr as they are.
    trustProxy: typeof config.trustProxy === 'number' ? (_address: string, hop: number) => hop < (config.trustProxy as number) : config.trustProxy,
    routerOptions: { maxParamLength: 200 },
    // Errors raised before routing (an over-long parameter, a malformed header) get the same error pages.
    frameworkErrors: (err, req, reply) => {
      req.locale = negotiateLocale({ acceptLanguage: req.headers['accept-language'] });
      req.t = translator(req.locale);
      sendError(req, reply, err);
    },
  }) as unknown as PonteApp;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Every route declares who may call it; a route without a declaration is a programming error.
  const routeTable: RouteInfo[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) routeTable.push({ method: m, url: route.url, access, pageCache: !!route.config?.pageCache });
    if (!access && !route.url.startsWith('/documentation')) {
      throw new Error(`Route ${methods.join(',')} ${route.url} has no access declaration (config.access)`);
    }
    if (route.config?.pageCache && (access !== 'public' || NEVER_CACHED.test(route.url) || methods.some((m) => m !== 'GET' && m !== 'HEAD'))) {
      throw new Error(`Route ${methods.join(',')} ${route.url} cannot use the page cache: only public GET pages outside /editor, /admin, /account and /api`);
    }
  });

  // Metrics (Prometheus text at /metrics).
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics, prefix: 'ponte_' });
  const httpRequests = new Counter({ name: 'ponte_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [metrics] });
  const httpDuration = new Histogram({
    name: 'ponte_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics],
  });
  app.decorate('metrics', metrics);

  await app.register(fastifyCookie);

  app.decorateRequest('pageView', null);
  // Page views are counted here, after the answer, so that pages served from the cache count too.
  const views = createPageViewCounter(database, { flushMs: VIEWS_FLUSH_MS, log: platform.log });
  app.decorate('pageViews', views);
  app.addHook('onResponse', (req, reply, done) => {
    if (req.pageView && (reply.statusCode === 200 || reply.statusCode === 304) && isCountedView(req.method, req.headers['user-agent'])) views.count(req.pageView);
    done();
  });
  // Read where public pages' heavy queries read (the replica while it answers), so that a page is never kept under a
  // version whose changes the data it was made from does not have yet.
  const contentVersion = await watchContentVersion(platform.reads, { intervalMs: CONTENT_POLL_MS, log: platform.log });
  app.decorate('contentVersion', contentVersion);
  const sessionVersion = await watchVersion(() => readSessionVersion(database.db), { intervalMs: CONTENT_POLL_MS, log: platform.log, what: 'session version' });
  app.decorate('sessionVersion', sessionVersion);
  const sessionCache = createSessionCache(sessionVersion);
  // The node that handled a change serves it at once: it reads the versions before answering (the change has
  // committed by then), so an editor who publishes and opens the page sees it, and a signed-out session is gone.
  // Other nodes follow within a poll.
  app.addHook('onSend', (req, _reply, payload, done) => {
    if (SAFE_METHODS.has(req.method) || req.routeOptions.config.changesNoContent) return done(null, payload);
    void Promise.all([contentVersion.refresh(), sessionVersion.refresh()]).then(() => done(null, payload));
  });
  if (platform.reads.replica) rememberWrites(app, database, cookies.wal, secure);
  app.addHook('onClose', async () => {
    await Promise.all([contentVersion.stop(), sessionVersion.stop()]);
    await views.close();
  });
  // Between the cookie plugin (to see which cookies an answer sets) and ETag and compression (to keep plain bytes).
  const pageCache = registerPageCache(app, {
    maxBytes: config.pageCacheMb * 1024 * 1024,
    watcher: contentVersion,
    csrfCookie: cookies.csrf,
    metrics,
    setView: (req, view) => void (req.pageView = view),
    viewOf: (req) => req.pageView,
  });
  await app.register(fastifyFormbody, { bodyLimit: 1024 * 1024 });
  // File uploads: only routes that declare `multipartOptions` (with their own size limit) accept them; their
  // fields land in req.body like any form's, a file as { filename, mimetype, data }.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 1024 * 1024, files: 1, fields: 50, parts: 60, fieldSize: 200_000 },
    async onFile(part) {
      if (!this.routeOptions.config.multipartOptions) {
        part.file.resume();
        throw new HttpError(415, 'error.415.body');
      }
      const data = await part.toBuffer();
      // A file input left empty still sends a part (no name, no bytes): it reads as null, "no file".
      (part as unknown as { value: UploadedFile | null }).value = part.filename || data.length ? { filename: part.filename, mimetype: part.mimetype, data } : null;
    },
  });
  // Revalidation: every GET answer carries a weak ETag (hashed before compression); a match answers 304.
  await app.register(fastifyEtag, { weak: true });
  // Between the ETag and compression: a rendered page gets its nonce (the tag, made without it, stays the same
  // from one answer to the next). A 304 carries no policy: a browser would put the new one, whose nonce is not in
  // the page it kept, over the policy it kept with the page (RFC 9111 4.3.4), and refuse the page's scripts.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (reply.statusCode === 304) reply.removeHeader('content-security-policy');
    else if (req.renderedPage && (typeof payload === 'string' || Buffer.isBuffer(payload))) return done(null, fillNonce(payload, req.cspNonce));
    done(null, payload);
  });
  await app.register(fastifyCompress, { threshold: 1024 });
  const NONCE_MARK = 'PONTENONCE';
  const security = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // Only scripts carrying this answer's nonce run, and what they load ('strict-dynamic'); not any
        // same-origin file, such as a SCORM package's (docs/security.md section 4).
        scriptSrc: [`'nonce-${NONCE_MARK}'`, "'strict-dynamic'"],
        // The offline reader's service worker (worker-src would otherwise fall back to script-src).
        workerSrc: ["'self'"],
        styleSrc: ["'self'"],
        // Map tiles of OpenStreetMap, for the directory's map (an enhancement: the list works without it).
        imgSrc: ["'self'", 'data:', 'https://tile.openstreetmap.org'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        // What a page refused is reported (csp-reports.ts): report-to where the Reporting API is, report-uri elsewhere.
        reportUri: [CSP_REPORT_PATH],
        reportTo: [CSP_REPORT_GROUP],
      },
    },
    hsts: config.env === 'production' ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  // The policy is per answer (its nonce): the rest of the headers are the same for every answer.
  const [cspBefore, cspAfter] = security['content-security-policy']!.split(NONCE_MARK) as [string, string];
  delete security['content-security-policy'];
  const csp = (nonce: string) => cspBefore + nonce + cspAfter;
  /** The answer's nonce and headers, first thing for every request. */
  const protect = (req: FastifyRequest, reply: FastifyReply) => {
    req.cspNonce = randomToken();
    reply.headers(security).header('content-security-policy', csp(req.cspNonce)).header('x-request-id', req.id);
  };
  security['reporting-endpoints'] = `${CSP_REPORT_GROUP}="${config.publicUrl}${CSP_REPORT_PATH}"`;
  // Powerful browser features no page of Ponte uses are turned off for it and anything it embeds.
  security['permissions-policy'] = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=(), midi=(), display-capture=(), browsing-topics=(), fullscreen=(self)';
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Ponte API', version: '0.1.0', description: 'The JSON API of Ponte. Errors are RFC 9457 problem details.' },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: cookies.session }, webhook: { type: 'http', scheme: 'bearer', description: 'NEWSLETTER_WEBHOOK_TOKEN' } } },
    },
    transform: (input) => (input.url.startsWith('/api/') ? jsonSchemaTransform(input) : { schema: { ...input.schema, hide: true }, url: input.url }),
  });

  app.decorateRequest('locale', 'en');
  app.decorateRequest('t', null as unknown as Translate);
  app.decorateRequest('principal', null);
  app.decorateRequest('client', null);
  app.decorateRequest('session', null);
  app.decorateRequest('owesSecondFactor', false);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('cspNonce', '');
  app.decorateRequest('renderedPage', false);

  /**
   * The footer's editor-managed links in the reader's language, read once per content version (they are
   * public content: a change bumps the version on every node). A page (an error page above all) still renders
   * when a menu cannot be read.
   */
  const footerCache = new Map<string, Promise<{ href: string; label: string }[]>>();
  function footerLinks(req: FastifyRequest) {
    const read = async () => {
      let failed = false;
      const links = await Promise.all(
        platform.navigation.footerSources.map((source) =>
          source(req.locale).catch((err: Error) => {
            req.log.warn({ err: { message: err.message } }, 'footer links unavailable');
            failed = true;
            return [];
          }),
        ),
      );
      if (failed) footerCache.delete(key);
      return links.flat();
    };
    const version = contentVersion.current;
    const key = `${version}:${req.locale}`;
    if (version === null) return read();
    if (!footerCache.has(key)) {
      // Entries of older versions are dropped when a new one is read.
      for (const k of footerCache.keys()) if (!k.startsWith(`${version}:`)) footerCache.delete(k);
      footerCache.set(key, read());
    }
    return footerCache.get(key)!;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a page component of any props
  async function renderPage(req: FastifyRequest, reply: FastifyReply, node: VNode<any>, status: number, view?: ViewedItem): Promise<FastifyReply> {
    const fixed = platform.navigation.footer.map((l) => ({ href: l.href, label: req.t(l.labelKey) }));
    const managed = await footerLinks(req);
    const shared = pageCache.stores(req);
    const ctx: PageContextValue = {
      t: req.t,
      locale: req.locale,
      dir: directionOf(req.locale),
      principal: req.principal ?? null,
      // A page the cache may keep gets a hole, filled with each visitor's token as the page leaves (page-cache.ts).
      csrfToken: shared ? CSRF_HOLE : req.csrfToken,
      // Every page gets a hole for the nonce, filled as it leaves (after the ETag hook, see above).
      nonce: NONCE_HOLE,
      path: req.url,
      requestId: req.id,
      assets: { css: platform.assets.css, js: platform.assets.js, map: platform.assets.map },
      navigation: platform.navigation,
      footerLinks: [...fixed, ...managed],
      formatDate: (d, style) => formatDate(req.locale, d, style),
      formatNumber: (n) => formatNumber(req.locale, n),
    };
    const html = '<!doctype html>' + renderToString(h(PageContext.Provider, { value: ctx }, node));
    if (view) req.pageView = view;
    // Pages carry the visitor's CSRF token, so caches may keep them only privately; signed-in pages not at all.
    // A route may ask for less (no-store for pages behind personal links).
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', req.principal ? 'no-store' : 'private, no-cache');
    reply.code(status).header('content-type', 'text/html; charset=utf-8');
    if (!req.cspNonce) {
      // A request Fastify refused before any hook (frameworkErrors): no hook sets its headers nor fills its nonce.
      protect(req, reply);
      return reply.send(fillNonce(html, req.cspNonce));
    }
    req.renderedPage = true;
    return reply.send(html);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a page component of any props
  app.decorateReply('page', function (this: FastifyReply, node: VNode<any>, opts: { status?: number; view?: ViewedItem } = {}) {
    return renderPage(this.request, this, node, opts.status ?? 200, opts.view);
  });

  // CSRF: a random cookie, and a form token that is its keyed hash (signed double submit).
  const csrfCookieOptions: SerializeOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure };
  const csrfOf = createCsrf(config.secretKey);
  // A form shown before SECRET_KEY was rotated carries a token made with the earlier key (decision 0004).
  const [, ...earlierKeys] = config.secretKeys;

  app.addHook('onRequest', async (req, reply) => {
    protect(req, reply);
    // Session and principal.
    const token = req.cookies[cookies.session];
    if (token) {
      // Page views may use the sessions this node keeps; every write reads its session afresh.
      const auth = await authenticate(database.db, token, SAFE_METHODS.has(req.method) ? sessionCache : undefined);
      if (auth) {
        req.session = auth.session;
        if (auth.session.stage === 'full') [req.principal, req.owesSecondFactor] = [auth.principal, auth.owesSecondFactor];
      } else reply.clearCookie(cookies.session, { path: '/' });
    }
    // Language.
    const query = req.query as Record<string, unknown>;
    req.locale = negotiateLocale({
      preference: req.principal?.locale ?? req.cookies[cookies.lang],
      url: typeof query.lang === 'string' && !req.routeOptions.config.contentLanguage ? query.lang : null,
      acceptLanguage: req.headers['accept-language'],
    });
    req.t = translator(req.locale);
    const csrf = csrfOf(req.cookies[cookies.csrf]);
    if (csrf.fresh) {
      reply.setCookie(cookies.csrf, csrf.cookie, csrfCookieOptions);
      req.cookies[cookies.csrf] = csrf.cookie;
    }
    req.csrfToken = csrf.token;

    // Access control, deny by default.
    if (req.is404) return;
    const access = req.routeOptions.config.access;
    if (!access) throw new HttpError(404, 'error.404.body');
    if (access === 'public') return;
    if (access === 'metrics') {
      const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, '');
      // Without a token, a scraper on this machine: the connection itself comes from loopback (not the address
      // X-Forwarded-For claims, which a client may write) and no proxy relayed it (a proxy adds the header).
      const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
      if ((config.metricsToken && bearer && safeEqual(bearer, config.metricsToken)) || (!config.metricsToken && loopback)) return;
      throw new HttpError(403, 'error.403.body');
    }
    if (access === 'xapi-client') {
      const auth = platform.clientAuth.xapi;
      if (!auth) throw new HttpError(404, 'error.404.body');
      // Credentials sent in a form body (alternate request syntax) are checked once it is parsed (preValidation).
      if (!auth.inBody(req)) req.client = await auth.authenticate(req, reply);
      return;
    }
    if (access === 'mfa-pending') {
      if (req.session?.stage === 'mfa') return;
      return reply.redirect('/signin', 303);
    }
    if (!req.principal) {
      if (isApi(req) || !SAFE_METHODS.has(req.method)) throw new HttpError(401, 'error.401.body');
      return reply.redirect(`/signin?next=${encodeURIComponent(req.url)}`, 303);
    }
    if (!req.routeOptions.config.allowWhileOwingSecondFactor && req.owesSecondFactor) {
      if (isApi(req)) throw new HttpError(403, 'error.403.body', 'A second factor is required for your role; set it up under /account/security.');
      return reply.redirect(`/account/security?notice=${req.owesSecondFactor === 'totp' ? 'totp-required' : 'key-required'}`, 303);
    }
    if (access === 'signed-in') return;
    if (!access.roles.some((r) => hasRole(req.principal, r))) {
      await accessRefused(platform, { userId: req.principal.id, method: req.method, route: req.routeOptions.url ?? '', roles: access.roles, requestId: req.id });
      throw new HttpError(403, 'error.403.body');
    }
  });

  // After the visitor, language and access are known.
  app.addHook('onRequest', pageCache.lookup);

  // Before the body is validated: a request without the token is refused as such, whatever its body.
  app.addHook('preValidation', async (req, reply) => {
    if (req.routeOptions.config.access === 'xapi-client' && !req.client && !req.is404) req.client = await platform.clientAuth.xapi!.authenticate(req, reply);
    if (SAFE_METHODS.has(req.method) || req.routeOptions.config.csrf === false || req.is404) return;
    const body = req.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === 'string' && body._csrf) || req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !(safeEqual(sent, req.csrfToken) || csrfTokenUnder(earlierKeys, req.cookies[cookies.csrf], sent))) throw new HttpError(403, 'error.csrf.body');
  });

  // The metrics' children per method, route and status, found once (prom-client hashes the labels on each call).
  const series = new Map<string, { count: ReturnType<typeof httpRequests.labels>; duration: ReturnType<typeof httpDuration.labels> }>();
  const measure = (method: string, route: string, status: number, ms: number) => {
    const key = `${method} ${status} ${route}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { count: httpRequests.labels(method, route, String(status)), duration: httpDuration.labels(method, route) }));
    s.count.inc();
    s.duration.observe(ms / 1000);
  };
  app.addHook('onResponse', (req, reply, done) => {
    measure(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime);
    done();
  });

  /**
   * The front door: an anonymous visitor's request for a page the cache holds is answered here, before Fastify,
   * with what Fastify's way would answer (the same headers and bytes, the visitor's CSRF cookie and token, the
   * log line, metrics and page view); anything else (a session cookie, `?lang=`, a page not kept, a rendering
   * under way, another method) goes on to Fastify. It halves the CPU a cached page costs (docs/performance.md).
   */
  const securityList = Object.entries(security).flat();
  front = (raw, res) => {
    const url = raw.url ?? '/';
    if ((raw.method !== 'GET' && raw.method !== 'HEAD') || url.includes('lang=')) return false;
    const started = performance.now();
    const jar: Record<string, string | undefined> = raw.headers.cookie ? parseCookies(raw.headers.cookie) : {};
    if (jar[cookies.session]) return false;
    const setCookies: string[] = [];
    const csrf = csrfOf(jar[cookies.csrf]);
    const nonce = randomToken();
    const hit: HitAnswer | null = pageCache.frontDoor({
      method: raw.method,
      url,
      headers: raw.headers,
      locale: negotiateLocale({ preference: jar[cookies.lang], acceptLanguage: raw.headers['accept-language'] }),
      visitor: { cookies: jar, setCookie: (name, value, o) => void setCookies.push(serializeCookie(name, value, o)) },
      csrfToken: csrf.token,
      nonce,
    });
    if (!hit) return false;
    if (csrf.fresh) setCookies.unshift(serializeCookie(cookies.csrf, csrf.cookie, csrfCookieOptions));
    const id = randomUUID();
    const headers = securityList.concat('x-request-id', id);
    if (hit.status !== 304) headers.push('content-security-policy', csp(nonce));
    for (const name in hit.headers) headers.push(name, hit.headers[name]!);
    for (const c of setCookies) headers.push('set-cookie', c);
    if (hit.body) headers.push('content-length', String(hit.length));
    res.writeHead(hit.status, headers);
    // Written in one go: the socket is corked until the end of this tick.
    if (hit.body) for (const piece of hit.body) res.write(piece);
    res.end();
    if (hit.view && isCountedView(raw.method, raw.headers['user-agent'])) views.count(hit.view);
    const ms = performance.now() - started;
    measure(raw.method, hit.route, hit.status, ms);
    access(id, raw.method, hit.route, hit.status, ms);
    return true;
  };

  app.setNotFoundHandler((req, reply) => sendError(req, reply, new HttpError(404, 'error.404.body')));
  app.setErrorHandler((err: FastifyError, req, reply) => sendError(req, reply, err));

  async function sendError(req: FastifyRequest, reply: FastifyReply, err: FastifyError | HttpError): Promise<FastifyReply> {
    let status = err.statusCode ?? 500;
    let messageKey = err instanceof HttpError ? err.messageKey : undefined;
    let detail = err instanceof HttpError ? err.detail : undefined;
    let errors: Problem['errors'];
    // An unexpected error that means something for the client: a multipart body cut short (its parser, busboy,
    // throws plain errors), text the database cannot hold, the database restarting or out of reach (the pool
    // reconnects by itself), no room to store a file. The transaction that failed rolled back: nothing written.
    const failure = status === 500 && !(err instanceof HttpError) ? (req.isMultipart() && /multipart|part header|boundary/i.test(err.message) ? 400 : failureStatus(err)) : null;
    if (failure) status = failure;
    const fromStorage = failure !== null && (storageFailure(err) !== undefined || scannerFailure(err));
    if (hasZodFastifySchemaValidationErrors(err)) {
      status = 400;
      errors = err.validation.map((v) => ({ path: v.instancePath || '/', message: v.message ?? 'invalid' }));
      detail = 'The request did not match the expected shape; see errors.';
    } else if (!(err instanceof HttpError) && status < 500 && !failure) {
      // Fastify's own 4xx (malformed JSON, body too large, unsupported media type…): a plain explanation. Not the
      // message of a failed query, which names the SQL and its parameters.
      detail = err.message;
    }
    if (failure === 503) {
      req.log.warn({ err: { message: err.message, code: (err as FastifyError).code } }, fromStorage ? 'file storage unavailable' : 'database unavailable');
      // The database is usually back within seconds (a restart, a failover); a bucket refusing writes, later.
      reply.header('retry-after', fromStorage ? '60' : '5');
      detail = undefined;
    } else if (failure === 507) {
      req.log.error({ err: { message: err.message, code: (err as FastifyError).code } }, 'file storage full');
    } else if (status >= 500) {
      req.log.error({ err: { message: err.message, stack: err.stack, code: (err as FastifyError).code } }, 'unhandled error');
      detail = undefined;
    }
    // t may be missing when the failure happened before the language was chosen.
    const t = req.t ?? translator('en');
    if (failure === 503 && fromStorage) messageKey ??= 'error.503.storage';
    messageKey ??= `error.${STATUSES_WITH_MESSAGES.includes(status) ? status : status >= 500 ? 500 : 400}.body`;
    if (status === 429 && err instanceof HttpError && err.detail) reply.header('retry-after', err.detail);
    if (isApi(req) || !req.t) {
      const problem: Problem = { type: 'about:blank', title: PROBLEM_TITLES[status] ?? 'Error', status, detail: detail ?? t(messageKey), instance: req.id };
      if (errors) problem.errors = errors;
      return reply.code(status).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(problem));
    }
    return renderPage(req, reply, h(ErrorPage, { status, message: t(messageKey) }), status);
  }

  // Static assets, built at start-up; names carry their content hash so they can be cached for ever.
  app.get<{ Params: { name: string } }>('/assets/:name', { config: { access: 'public', allowWhileOwingSecondFactor: true } }, async (req, reply) => {
    const asset = platform.assets.files.get(req.params.name);
    if (!asset) throw new HttpError(404, 'error.404.body');
    return reply.header('content-type', asset.type).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body);
  });

  // The service worker: always revalidated, so that a new version reaches learners at their next visit.
  app.get('/sw.js', { config: { access: 'public' } }, async (_req, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(platform.assets.serviceWorker),
  );

  for (const m of modules) await app.register(async (scope) => m.routes(scope, platform));

  await cspReportRoutes(app, platform, metrics);
  app.get('/metrics', { config: { access: 'metrics' } }, async (_req, reply) => reply.header('content-type', metrics.contentType).send(await metrics.metrics()));
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await app.ready();
  return app;
}
