import type { FastifyInstance } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import { z } from 'zod';
import type { Platform } from '../platform.js';
import { RATE_LIMITS } from '../rate-limit.js';
import { HttpError } from './errors.js';

/**
 * Where browsers report what the Content-Security-Policy refused (docs/security.md section 4): both the older
 * `report-uri` form (`application/csp-report`) and the Reporting API's (`report-to`, `application/reports+json`).
 * A report is reduced to what tells an operator where to look (the directive, the blocked origin or keyword, the
 * page's path with identifiers masked), logged as a warning and counted in `ponte_csp_violations_total`. No query
 * string, script sample or address is kept: a report can carry what the person was reading or typing.
 */
export const CSP_REPORT_PATH = '/csp-reports';
/** The Reporting API's name for the endpoint (the policy's `report-to`, the `Reporting-Endpoints` header). */
export const CSP_REPORT_GROUP = 'csp';

const REPORT_BYTES = 64 * 1024;
const text = z.string().max(4096).optional();
const legacy = z.object({
  'csp-report': z.object({ 'document-uri': text, 'effective-directive': text, 'violated-directive': text, 'blocked-uri': text, disposition: text }),
});
const reportingApi = z
  .array(z.object({ type: z.string().max(100), body: z.object({ documentURL: text, effectiveDirective: text, blockedURL: text, disposition: text }).optional() }))
  .max(100);

/** Directives a report may name; anything else is counted as `other`, so that the metric's labels stay few. */
const DIRECTIVES = new Set(['default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-elem', 'style-src-attr', 'img-src', 'font-src', 'connect-src', 'media-src', 'object-src', 'frame-src', 'child-src', 'worker-src', 'manifest-src', 'form-action', 'frame-ancestors', 'base-uri', 'require-trusted-types-for', 'trusted-types']);
const KEYWORDS = new Set(['inline', 'eval', 'wasm-eval', 'data', 'blob', 'trusted-types-policy', 'trusted-types-sink']);

interface Violation {
  directive: string;
  blocked: string;
  page: string;
  disposition: string;
}

/** The directive's name as counted. */
const directiveOf = (value: string | undefined) => {
  const name = (value ?? '').trim().split(/\s+/)[0]!.toLowerCase();
  return DIRECTIVES.has(name) ? name : 'other';
};

/** A keyword ("inline", "eval"), or the blocked address's origin (never its path or query). */
function blockedOf(value: string | undefined): string {
  const v = (value ?? '').trim();
  if (KEYWORDS.has(v)) return v;
  try {
    const url = new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol.replace(/:$/, '');
  } catch {
    return 'other';
  }
}

/** The page's path without its query, identifiers and long tokens shown as `:id`. */
function pageOf(value: string | undefined): string {
  try {
    return new URL(value ?? '')
      .pathname.split('/')
      .map((segment) => (/^[0-9a-f-]{8,}$/i.test(segment) || /\d/.test(segment) || segment.length > 40 ? ':id' : segment))
      .join('/')
      .slice(0, 200);
  } catch {
    return 'other';
  }
}

function violations(contentType: string, body: unknown): Violation[] | null {
  if (contentType === 'application/csp-report') {
    const r = legacy.safeParse(body);
    if (!r.success) return null;
    const c = r.data['csp-report'];
    return [{ directive: directiveOf(c['effective-directive'] ?? c['violated-directive']), blocked: blockedOf(c['blocked-uri']), page: pageOf(c['document-uri']), disposition: c.disposition === 'report' ? 'report' : 'enforce' }];
  }
  const r = reportingApi.safeParse(body);
  if (!r.success) return null;
  return r.data
    .filter((x) => x.type === 'csp-violation' && x.body)
    .map(({ body: b }) => ({ directive: directiveOf(b!.effectiveDirective), blocked: blockedOf(b!.blockedURL), page: pageOf(b!.documentURL), disposition: b!.disposition === 'report' ? 'report' : 'enforce' }));
}

/** The endpoint, in its own scope (its content types are parsed nowhere else). */
export async function cspReportRoutes(app: FastifyInstance, platform: Platform, metrics: Registry): Promise<void> {
  const counted = new Counter({ name: 'ponte_csp_violations_total', help: 'Content-Security-Policy violations reported by browsers, by directive', labelNames: ['directive'], registers: [metrics] });
  await app.register(async (scope) => {
    scope.addContentTypeParser(['application/csp-report', 'application/reports+json'], { parseAs: 'string', bodyLimit: REPORT_BYTES }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new HttpError(400, 'error.400.body'), undefined);
      }
    });
    scope.post(CSP_REPORT_PATH, { config: { access: 'public', csrf: false }, schema: { hide: true } }, async (req, reply) => {
      const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/csp-report' && type !== 'application/reports+json') throw new HttpError(415, 'error.415.body');
      const found = violations(type, req.body);
      if (!found) throw new HttpError(400, 'error.400.body');
      const wait = await platform.limiter.hit(RATE_LIMITS.cspReportsByIp, req.ip);
      if (wait) throw new HttpError(429, 'error.429.body', String(wait));
      for (const v of found) {
        counted.inc({ directive: v.directive });
        req.log.warn({ csp: v }, 'content security policy violation');
      }
      return reply.code(204).send();
    });
  });
}
