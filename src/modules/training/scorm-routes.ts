import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PROBLEM_TITLES } from '../../platform/http/errors.js';
import type { Platform } from '../../platform/platform.js';
import { users } from '../../platform/schema.js';
import type { Locale } from '../../platform/i18n/index.js';
import { learningEvents } from './xapi-events.js';
import { enrolments } from './schema.js';
import { cleanCmi, commitRuntime, findScormFile, findScormPackage, launchBase, mayLaunch, runtimeStart, safeEntryPath, verifyLaunch, type LaunchClaims } from './scorm.js';

const clientDir = fileURLToPath(new URL('../../../client/', import.meta.url));

/** The runtime script (scorm-again and Ponte's start-up), bundled once per process on first use. */
let runtime: Promise<{ body: Buffer; src: string }> | null = null;
const runtimeScript = () =>
  (runtime ??= build({ entryPoints: [`${clientDir}scorm-runtime.ts`], bundle: true, minify: true, format: 'iife', target: 'es2017', write: false, logLevel: 'silent' }).then((r) => {
    const body = Buffer.from(r.outputFiles[0]!.contents);
    return { body, src: `/scorm/runtime.js?v=${createHash('sha256').update(body).digest('hex').slice(0, 12)}` };
  }));

/**
 * Every answer under /scorm/ is the package's, or for it: sandboxed (an opaque origin, so nothing of the package
 * reaches Ponte's cookies, storage or pages), framable by Ponte's lesson pages only, and loadable from that
 * opaque origin (Cross-Origin-Resource-Policy), which the site's default `same-origin` would refuse.
 */
const SANDBOX = "sandbox allow-scripts allow-forms allow-popups allow-modals; frame-ancestors 'self'";
function packageHeaders(reply: FastifyReply) {
  reply.removeHeader('x-frame-options');
  return reply.header('content-security-policy', SANDBOX).header('cross-origin-resource-policy', 'cross-origin').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
}
/** The runtime's own requests come from the package's opaque origin: answered to any origin, never with credentials. */
const cors = (reply: FastifyReply) => reply.header('access-control-allow-origin', '*').header('vary', 'origin');

const problem = (reply: FastifyReply, status: number, detail?: string) =>
  cors(reply)
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/problem+json')
    .send({ type: 'about:blank', title: PROBLEM_TITLES[status] ?? 'Error', status, ...(detail ? { detail } : {}) });

/**
 * A commit: the flattened CMI data model, `cmi.…` keys with string (or number, boolean) values; scorm-again renders
 * an empty collection (`cmi.interactions`) as `{}`, which is skipped.
 */
const commitBody = z.record(z.string().max(255), z.union([z.string(), z.number(), z.boolean(), z.null(), z.object({}).strict()]));

/** A SCO's commits, per launch (enrolment and block): a runtime commits every 30 s and on each change it is asked to. */
const COMMIT_RATE_LIMIT = { name: 'scorm-commit', limit: 300, windowSeconds: 600 };

/**
 * SCORM packages' content and runtime (docs/scorm.md). Access is `public` because a package's pages run in an
 * opaque origin that sends no cookie; the launch token in the address (signed, expiring, bound to the learner's
 * enrolment and the block) is checked on every request, and a wrong or expired one gets 403 without content.
 */
export function scormRoutes(app: FastifyInstance, p: Platform) {
  const db = p.database.db;
  const pub = { config: { access: 'public' as const } };
  const claimsOf = (req: FastifyRequest): LaunchClaims | null => verifyLaunch(p.config.secretKeys, (req.params as { token: string }).token);
  const locale = (req: FastifyRequest) => req.locale as Locale;

  // The runtime is the same for every launch: one address per build, kept by browsers (its launch is in the tag).
  app.get('/scorm/runtime.js', pub, async (_req, reply) => {
    const { body } = await runtimeScript();
    return packageHeaders(reply).header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(body);
  });

  app.get('/scorm/:token/start', pub, async (req, reply) => {
    const claims = claimsOf(req);
    if (!claims) return problem(reply, 403);
    const pkg = await findScormPackage(db, claims.packageId);
    if (!pkg || !(await mayLaunch(db, claims, pkg, locale(req)))) return problem(reply, 404);
    const [user] = claims.enrolmentId ? await db.select({ id: users.id, name: users.name }).from(enrolments).innerJoin(users, eq(users.id, enrolments.userId)).where(eq(enrolments.id, claims.enrolmentId)) : [];
    const cmi = await runtimeStart(db, claims, pkg, user ?? { id: 'preview', name: 'Preview' });
    return cors(reply)
      .header('cache-control', 'no-store')
      .send({ version: pkg.version, cmi, commit: claims.enrolmentId ? `${launchBase((req.params as { token: string }).token)}/commit` : null });
  });

  // The runtime reads and posts JSON from an opaque origin: the browser asks first (CORS, and Chromium's
  // private network access when Ponte answers on a private address).
  app.options('/scorm/:token/:action', { config: { access: 'public', csrf: false } }, async (req, reply) => {
    if (!['start', 'commit'].includes((req.params as { action: string }).action)) return reply.code(404).send();
    return cors(reply)
      .header('access-control-allow-methods', 'GET, POST')
      // Whatever the browser asks for: no credential is ever sent or accepted on these addresses.
      .header('access-control-allow-headers', String(req.headers['access-control-request-headers'] ?? 'content-type').slice(0, 500))
      .header('access-control-allow-private-network', 'true')
      .header('access-control-max-age', '600')
      .code(204)
      .send();
  });

  app.post('/scorm/:token/commit', { config: { access: 'public', csrf: false }, bodyLimit: 1024 * 1024 }, async (req, reply) => {
    const claims = claimsOf(req);
    if (!claims) return problem(reply, 403);
    if (!claims.enrolmentId) return problem(reply, 403, 'A preview keeps no data.');
    const wait = await p.limiter.hit(COMMIT_RATE_LIMIT, `${claims.enrolmentId}/${claims.blockId}`);
    if (wait > 0) return problem(reply.header('retry-after', String(wait)), 429);
    let raw: unknown = req.body;
    if (typeof raw === 'string') {
      try {
        raw = raw.trim() === '' ? {} : JSON.parse(raw);
      } catch {
        return problem(reply, 400, 'The body is not JSON.');
      }
    }
    const parsed = commitBody.safeParse(raw);
    const cmi = parsed.success ? cleanCmi(parsed.data) : null;
    if (!cmi) return problem(reply, 400, 'The body is not the flattened CMI data model.');
    const terminate = (req.query as Record<string, unknown>).terminate === 'true';
    const r = await commitRuntime(db, claims, cmi, { locale: locale(req), terminate, xapi: learningEvents(p) });
    if (!r) return problem(reply, 404);
    return cors(reply).header('cache-control', 'no-store').send({ result: true, errorCode: 0 });
  });

  app.get('/scorm/:token/p/*', pub, async (req, reply) => {
    const claims = claimsOf(req);
    if (!claims) return packageHeaders(reply).code(403).header('cache-control', 'no-store').type('text/plain').send('');
    let path: string | null;
    try {
      path = safeEntryPath(decodeURIComponent((req.params as { '*': string })['*']));
    } catch {
      path = null;
    }
    const file = path ? await findScormFile(db, claims.packageId, path) : null;
    if (!file) return packageHeaders(reply).code(404).header('cache-control', 'no-store').type('text/plain').send('');
    const stream = await p.storage.open(file.key);
    if (!stream) return packageHeaders(reply).code(404).type('text/plain').send('');
    packageHeaders(reply).header('content-type', file.contentType).header('cache-control', 'private, max-age=3600');
    if (!/^text\/html|^application\/xhtml/.test(file.contentType)) return reply.header('content-length', String(file.size)).send(stream);
    // Every page of the package starts with the runtime, so that its own window holds the API (see client/scorm-runtime.ts).
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const html = Buffer.concat(chunks).toString('utf8');
    const tag = `<script src="${(await runtimeScript()).src}" data-launch="${launchBase((req.params as { token: string }).token)}/"></script>`;
    const head = /<head(\s[^>]*)?>/i.exec(html);
    const out = head ? `${html.slice(0, head.index + head[0].length)}${tag}${html.slice(head.index + head[0].length)}` : `${tag}${html}`;
    return reply.header('cache-control', 'private, no-store').send(out);
  });
}
