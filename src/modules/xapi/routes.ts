import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import type { Module } from '../../platform/http/app.js';
import { HttpError } from '../../platform/http/errors.js';
import { parseForm, text } from '../../platform/http/forms.js';
import { addNav, type ClientAuthenticator, type Platform } from '../../platform/platform.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { registerErasure, registerPersonalData } from '../../platform/personal-data.js';
import { clientByCredentials, issueClient, listClients, revokeClient } from './clients.js';
import { eraseXapiData, xapiPersonalData } from './personal-data.js';
import { FORWARD_QUEUE, forwardingStatus, forwardStatements, resumeForwarding, saveForwarding, testForwarding } from './forwarding.js';
import type { OutboundError } from '../../platform/outbound.js';
import type { ForwardingProps } from './views/forwarding.js';
import { deleteDocuments, documentIds, getDocument, saveDocument, type DocumentScope, type Preconditions } from './documents.js';
import { allowOnly, isAlternate, parseJson, parseMultipart, sendMultipart, sha2Of, xapiRequest, type XapiRequest } from './http.js';
import { activityObject, personObject } from './resources.js';
import type { XapiDocumentKind } from './schema.js';
import { attachmentsFor, canonicalFormat, idsFormat, ifiKey, queryStatements, statementById, storeStatements, XAPI_VERSION, type AttachmentPart, type StatementQuery } from './statements.js';
import { agent as validateAgent, agentOrGroup, isIri, isObject, isTimestamp, isUuid, XapiError } from './validate.js';
import { ClientsPage } from './views/clients.js';

type Json = Record<string, unknown>;

/** Largest request body: statements with their attachments, or a document. */
const BODY_LIMIT = 32 * 1024 * 1024;
/** Most statements in one page; `limit=0` asks for this many. */
const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;
/** Response headers a browser client may read. */
const EXPOSED = 'ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through, Content-Type';

/** Checks an xAPI client's HTTP Basic credentials (platform access kind `xapi-client`). */
function basicAuthenticator(p: Platform): ClientAuthenticator {
  return {
    inBody: isAlternate,
    async authenticate(req, reply) {
      const challenge = () => reply.header('www-authenticate', 'Basic realm="Ponte xAPI", charset="UTF-8"').header('x-experience-api-version', XAPI_VERSION);
      const wait = await p.limiter.peek(RATE_LIMITS.xapiAuthFailuresByIp, req.ip);
      if (wait) throw new HttpError(429, 'error.429.body', String(wait));
      const header = xapiRequest(req).headers.authorization ?? '';
      const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
      const decoded = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : '';
      const colon = decoded.indexOf(':');
      const client = colon > 0 ? await clientByCredentials(p.database.db, decoded.slice(0, colon), decoded.slice(colon + 1)) : null;
      if (!client) {
        await p.limiter.hit(RATE_LIMITS.xapiAuthFailuresByIp, req.ip);
        challenge();
        throw new XapiError(401, header ? 'These credentials are not valid (or were revoked)' : 'Send the HTTP Basic credentials an administrator issued for this client');
      }
      const reading = ['GET', 'HEAD'].includes(xapiRequest(req).method);
      if (reading ? !client.canRead : !client.canWrite) throw new XapiError(403, `This client may not ${reading ? 'read from' : 'write to'} the LRS`);
      return client;
    },
  };
}

const clientForm = z.object({
  name: text({ max: 200 }),
  canRead: z.literal('on').optional(),
  canWrite: z.literal('on').optional(),
  authority: text({ max: 2000, required: false }),
});

const forwardingForm = z.object({
  endpoint: text({ max: 2000 }),
  key: text({ max: 500 }),
  secret: z.string().max(500, 'errors.tooLong').optional().default(''),
  scope: z.enum(['own', 'all'], { message: 'errors.invalid' }),
  history: z.literal('on').optional(),
  enabled: z.literal('on').optional(),
});

/** A refused address or request, in the reader's language (catalogue keys outbound.*). */
const outboundMessage = (t: FastifyRequest['t'], err: OutboundError) =>
  t(`outbound.${err.problem}`, { host: err.values.host ?? '', address: err.values.address ?? '', category: err.values.category ? t(`outbound.category.${err.values.category}`) : '', detail: err.message });

export const xapiModule: Module = {
  name: 'xapi',
  setup(p) {
    p.clientAuth.xapi = basicAuthenticator(p);
    registerPersonalData(p, 'xapi', (db, userId) => xapiPersonalData(db, userId, p.config.publicUrl));
    registerErasure(p, 'xapi', (db, userId) => eraseXapiData(db, userId, p.config.publicUrl));
    // Every minute (the job waits out its own back-off after failures), and at once after the settings are saved.
    p.jobs.define({ name: FORWARD_QUEUE, schedule: '* * * * *', retryLimit: 2, handler: async () => void (await forwardStatements(p)) });
  },
  async routes(app, p) {
    const admins = { config: { access: { roles: ['administrator'] as const } } };
    addNav(p.navigation.account, { href: '/admin/xapi', labelKey: 'xapi.clients.title', role: 'administrator' });
    const endpoint = `${p.config.publicUrl.replace(/\/$/, '')}/xapi/`;
    const page = async (req: FastifyRequest, extra: Partial<Parameters<typeof ClientsPage>[0]> = {}, forwarding: Partial<ForwardingProps> = {}) => {
      const q = (req.query as Json).notice;
      const notice = q === 'revoked' ? 'revoked' : null;
      const forwardingNotice = q === 'forwarding-saved' ? 'saved' : q === 'forwarding-resumed' ? 'resumed' : null;
      return h(ClientsPage, { rows: await listClients(p.database.db), endpoint, notice, forwarding: { status: await forwardingStatus(p.database.db, p.config.publicUrl), notice: forwardingNotice, ...forwarding }, ...extra });
    };
    app.get('/admin/xapi', admins, async (req, reply) => reply.header('cache-control', 'no-store').page(await page(req)));
    app.post('/admin/xapi', admins, async (req, reply) => {
      const form = parseForm(clientForm, req.body);
      const errors = form.ok ? {} : { ...form.errors };
      let authority: Json | null = null;
      if (form.ok && form.data.authority) {
        try {
          const parsed = JSON.parse(form.data.authority) as unknown;
          agentOrGroup(parsed, 'authority');
          authority = parsed as Json;
        } catch {
          errors.authority = 'xapi.clients.authorityInvalid';
        }
      }
      if (form.ok && !form.data.canRead && !form.data.canWrite) errors.canWrite = 'xapi.clients.noScope';
      if (!form.ok || Object.keys(errors).length) return reply.page(await page(req, { errors, values: form.values }), { status: 400 });
      const issued = await issueClient(
        p.database.db,
        { name: form.data.name, canRead: !!form.data.canRead, canWrite: !!form.data.canWrite, authority, publicUrl: p.config.publicUrl },
        { id: req.principal!.id, requestId: req.id },
      );
      // The secret is shown on this answer only, never stored in clear nor kept by caches.
      return reply.header('cache-control', 'no-store').page(await page(req, { issued: { name: form.data.name, key: issued.key, secret: issued.secret } }));
    });
    app.post('/admin/xapi/:id/revoke', admins, async (req, reply) => {
      const id = (req.params as { id: string }).id;
      if (!isUuid(id) || !(await revokeClient(p.database.db, id, { id: req.principal!.id, requestId: req.id }))) throw new HttpError(404, 'error.404.body');
      return reply.redirect('/admin/xapi?notice=revoked', 303);
    });

    app.post('/admin/xapi/forwarding', admins, async (req, reply) => {
      // The secret is never echoed back into the page.
      const form = parseForm(forwardingForm, req.body, (f) => f === 'secret');
      if (!form.ok) return reply.header('cache-control', 'no-store').page(await page(req, {}, { errors: form.errors, values: form.values }), { status: 400 });
      const d = form.data;
      const r = await saveForwarding(p, { endpoint: d.endpoint, key: d.key, secret: d.secret.trim(), scope: d.scope, history: !!d.history, enabled: !!d.enabled }, { id: req.principal!.id, requestId: req.id });
      if (!r.ok) {
        const error = r.error === 'secret-required' ? 'xapi.forwarding.secretRequired' : outboundMessage(req.t, r.error);
        return reply.header('cache-control', 'no-store').page(await page(req, {}, { errors: { [r.field]: error }, values: form.values }), { status: 400 });
      }
      return reply.redirect('/admin/xapi?notice=forwarding-saved#forwarding-title', 303);
    });
    app.post('/admin/xapi/forwarding/test', admins, async (req, reply) => {
      const r = await testForwarding(p);
      if (!r) throw new HttpError(404, 'error.404.body');
      const message = r.ok ? req.t('xapi.forwarding.testOk', { status: r.status }) : 'error' in r ? req.t('xapi.forwarding.testFailed', { reason: outboundMessage(req.t, r.error) }) : req.t('xapi.forwarding.testFailed', { reason: r.detail });
      return reply.header('cache-control', 'no-store').page(await page(req, {}, { test: { ok: r.ok, message } }));
    });
    app.post('/admin/xapi/forwarding/resume', admins, async (req, reply) => {
      if (!(await resumeForwarding(p, { id: req.principal!.id, requestId: req.id }))) throw new HttpError(404, 'error.404.body');
      return reply.redirect('/admin/xapi?notice=forwarding-resumed#forwarding-title', 303);
    });

    await app.register(async (x) => lrs(x, p));
  },
};

/** The LRS under /xapi/: its own body parsing (any content type, kept as bytes) and the version header. */
async function lrs(x: FastifyInstance, p: Platform) {
  const db = p.database.db;
  x.removeAllContentTypeParsers();
  x.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
  // Content in a browser on another origin (a cmi5 or SCORM package served elsewhere) calls the LRS with the
  // Authorization header it was given: CORS without cookies, so any origin may (the credentials are the check).
  x.addHook('onSend', async (req, reply, payload) => {
    // Every answer to a statement GET carries it, errors included (the conformance suite checks a misused GET too).
    const method = String((req.query as Json).method ?? req.method).toUpperCase();
    if (req.routeOptions.url === '/xapi/statements' && (method === 'GET' || method === 'HEAD') && !reply.hasHeader('x-experience-api-consistent-through')) {
      reply.header('x-experience-api-consistent-through', new Date().toISOString());
    }
    reply.header('x-experience-api-version', XAPI_VERSION).header('access-control-allow-origin', '*').header('access-control-expose-headers', EXPOSED);
    return payload;
  });
  x.options('/xapi/*', { config: { access: 'public', csrf: false, changesNoContent: true } }, async (_req, reply) =>
    reply
      .code(204)
      .header('access-control-allow-methods', 'GET, HEAD, PUT, POST, DELETE, OPTIONS')
      .header('access-control-allow-headers', 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match, Accept-Language')
      .header('access-control-max-age', '86400')
      .send(),
  );
  // Every request but `about` names the version it speaks (after authentication, which may read it from a form).
  x.addHook('preHandler', async (req) => {
    if (req.routeOptions.url === '/xapi/about' || req.method === 'OPTIONS') return;
    const version = xapiRequest(req).headers['x-experience-api-version'];
    if (!version) throw new XapiError(400, 'The X-Experience-API-Version header is required');
    if (!/^1\.0(\.[0-3])?$/.test(version.trim())) throw new XapiError(400, `Version ${version} is not supported; this LRS speaks ${XAPI_VERSION}`);
  });

  const lrsRoute = { access: 'xapi-client' as const, csrf: false, changesNoContent: true };
  const resource = (url: string, handle: (x: XapiRequest, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
    x.route({ method: ['GET', 'PUT', 'POST', 'DELETE'], url, bodyLimit: BODY_LIMIT, config: lrsRoute, handler: async (req, reply) => handle(xapiRequest(req), req, reply) });

  x.get('/xapi/about', { config: { access: 'public', changesNoContent: true } }, async (_req, reply) =>
    reply.header('cache-control', 'no-cache').send({ version: ['1.0.3', '1.0.2', '1.0.1', '1.0.0'], extensions: {} }),
  );

  resource('/xapi/statements', async (r, req, reply) => {
    if (r.method === 'PUT') {
      allowOnly(r, ['statementId']);
      const id = r.params.statementId;
      if (!id) throw new XapiError(400, 'PUT needs the statementId parameter');
      if (!isUuid(id)) throw new XapiError(400, 'statementId must be a UUID');
      const { statements, parts } = statementsBody(r);
      if (statements.length !== 1 || Array.isArray(statements[0]) || !isObject(statements[0])) throw new XapiError(400, 'PUT takes one statement, as a JSON object');
      const s = statements[0];
      if (s.id !== undefined && String(s.id).toLowerCase() !== id.toLowerCase()) throw new XapiError(400, 'The statement id differs from statementId');
      await storeStatements(db, [{ ...s, id: id.toLowerCase() }], req.client!.authority, parts);
      return reply.code(204).send();
    }
    if (r.method === 'POST') {
      allowOnly(r, []);
      const { statements, parts } = statementsBody(r);
      const ids = await storeStatements(db, statements, req.client!.authority, parts);
      return reply.code(200).send(ids);
    }
    if (r.method === 'GET' || r.method === 'HEAD') return getStatements(r, req, reply);
    throw new XapiError(405, `${r.method} is not allowed on statements`);
  });

  async function getStatements(r: XapiRequest, req: FastifyRequest, reply: FastifyReply) {
    const prm = r.params;
    allowOnly(r, ['statementId', 'voidedStatementId', 'agent', 'verb', 'activity', 'registration', 'related_activities', 'related_agents', 'since', 'until', 'limit', 'format', 'attachments', 'ascending', 'more']);
    const format = prm.format ?? 'exact';
    if (!['exact', 'ids', 'canonical'].includes(format)) throw new XapiError(400, 'format must be ids, exact or canonical');
    const withAttachments = bool(prm.attachments, 'attachments');
    const languages = (r.headers['accept-language'] ?? '')
      .split(',')
      .map((l) => l.split(';')[0]!.trim())
      .filter((l) => l && l !== '*');
    const shapeAs = (f: string) => (st: Json) => (f === 'ids' ? idsFormat(st) : f === 'canonical' ? canonicalFormat(st, languages) : st);
    reply.header('x-experience-api-consistent-through', new Date().toISOString());
    const send = async (attach: boolean, body: Json, statements: Json[]) => {
      if (!attach) return reply.header('content-type', 'application/json').send(body);
      const files = await attachmentsFor(db, statements);
      return sendMultipart(reply, [
        { contentType: 'application/json', body: JSON.stringify(body) },
        ...files.map((f) => ({ contentType: f.contentType, headers: { 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': f.sha2 }, body: f.content })),
      ]);
    };

    const single = prm.statementId ?? prm.voidedStatementId;
    if (single !== undefined) {
      if (prm.statementId !== undefined && prm.voidedStatementId !== undefined) throw new XapiError(400, 'Send statementId or voidedStatementId, not both');
      const extra = Object.keys(prm).filter((k) => !['statementId', 'voidedStatementId', 'format', 'attachments'].includes(k));
      if (extra.length) throw new XapiError(400, `With statementId or voidedStatementId only format and attachments may be sent (not ${extra.join(', ')})`);
      if (!isUuid(single)) throw new XapiError(400, 'The statement id must be a UUID');
      const row = await statementById(db, single, prm.voidedStatementId !== undefined);
      if (!row) throw new XapiError(404, 'No such statement');
      reply.header('last-modified', new Date(row.stored).toUTCString());
      return send(withAttachments, shapeAs(format)(row.statement), [row.statement]);
    }

    let query: StatementQuery;
    let limit: number;
    let after: number | undefined;
    let bound: number | undefined;
    let fmt = { format, attachments: withAttachments };
    if (prm.more !== undefined) {
      if (Object.keys(prm).length > 1) throw new XapiError(400, 'A more link is followed as it is, without other parameters');
      const token = readMore(prm.more);
      ({ query, limit, after, bound } = token);
      fmt = token.fmt;
    } else {
      query = {};
      if (prm.agent !== undefined) {
        const a = agentParam(prm.agent);
        const key = ifiKey(a);
        if (!key) throw new XapiError(400, 'agent must have an identifier (an anonymous Group cannot be searched for)');
        query.agent = key;
      }
      if (prm.verb !== undefined) {
        if (!isIri(prm.verb)) throw new XapiError(400, 'verb must be an IRI');
        query.verb = prm.verb;
      }
      if (prm.activity !== undefined) {
        if (!isIri(prm.activity)) throw new XapiError(400, 'activity must be an IRI');
        query.activity = prm.activity;
      }
      if (prm.registration !== undefined) {
        if (!isUuid(prm.registration)) throw new XapiError(400, 'registration must be a UUID');
        query.registration = prm.registration;
      }
      query.relatedActivities = bool(prm.related_activities, 'related_activities');
      query.relatedAgents = bool(prm.related_agents, 'related_agents');
      query.ascending = bool(prm.ascending, 'ascending');
      for (const k of ['since', 'until'] as const) {
        if (prm[k] === undefined) continue;
        if (!isTimestamp(prm[k])) throw new XapiError(400, `${k} must be an ISO 8601 date and time`);
        query[k] = prm[k];
      }
      limit = DEFAULT_PAGE;
      if (prm.limit !== undefined) {
        if (!/^\d+$/.test(prm.limit)) throw new XapiError(400, 'limit must be a whole number');
        const n = Number(prm.limit);
        limit = n === 0 ? MAX_PAGE : Math.min(n, MAX_PAGE);
      }
    }
    const result = await queryStatements(db, query, { limit, after, bound });
    const last = result.rows[result.rows.length - 1];
    const more = result.more && last ? `/xapi/statements?more=${writeMore({ query, limit, after: last.seq, bound: result.bound, fmt })}` : '';
    const rows = result.rows.map((row) => row.statement);
    return send(fmt.attachments, { statements: rows.map(shapeAs(fmt.format)), more }, rows);
  }

  /** Statements from a JSON body, or from multipart/mixed with their attachments (whose hashes are checked). */
  function statementsBody(r: XapiRequest): { statements: Json[]; parts: AttachmentPart[] } {
    const type = r.contentType.toLowerCase();
    if (/^multipart\/mixed\b/.test(type)) {
      const [first, ...rest] = parseMultipart(r.body, r.contentType);
      if (!first || !/^application\/json\b/i.test(first.headers['content-type'] ?? '')) throw new XapiError(400, 'The first part of a multipart/mixed request must be the statements, as application/json');
      const parts = rest.map((part, i) => {
        const hash = part.headers['x-experience-api-hash'];
        if (!hash) throw new XapiError(400, `Attachment part ${i + 1} has no X-Experience-API-Hash header`);
        if ((part.headers['content-transfer-encoding'] ?? '').toLowerCase() !== 'binary') throw new XapiError(400, `Attachment part ${i + 1} must have Content-Transfer-Encoding: binary`);
        if (sha2Of(part.body, hash) !== hash.toLowerCase()) throw new XapiError(400, `Attachment part ${i + 1} does not match its X-Experience-API-Hash`);
        return { sha2: hash.toLowerCase(), contentType: part.headers['content-type'] ?? 'application/octet-stream', content: part.body };
      });
      return { statements: asList(parseJson(first.body.toString('utf8'), 'The statements')), parts };
    }
    if (!/^application\/json\b/.test(type) && !r.alternate) throw new XapiError(400, 'Send statements as application/json (or multipart/mixed with attachments)');
    return { statements: asList(parseJson(r.body.toString('utf8'), 'The request body')), parts: [] };
  }

  const asList = (v: unknown): Json[] => {
    const list = Array.isArray(v) ? v : [v];
    list.forEach((s, i) => {
      if (!isObject(s)) throw new XapiError(400, `statement ${i}: must be a JSON object`);
    });
    return list as Json[];
  };

  // Documents: state, activity profile, agent profile.
  const documentResource = (url: string, kind: XapiDocumentKind, keys: { activity: boolean; agent: boolean; registration: boolean; idName: string; concurrency: boolean }) =>
    resource(url, async (r, _req, reply) => {
      const prm = r.params;
      allowOnly(r, [...(keys.activity ? ['activityId'] : []), ...(keys.agent ? ['agent'] : []), ...(keys.registration ? ['registration'] : []), keys.idName, 'since']);
      const scope: DocumentScope = { kind };
      if (keys.activity) {
        if (prm.activityId === undefined) throw new XapiError(400, 'activityId is required');
        if (!isIri(prm.activityId)) throw new XapiError(400, 'activityId must be an IRI');
        scope.activityId = prm.activityId;
      }
      if (keys.agent) {
        if (prm.agent === undefined) throw new XapiError(400, 'agent is required');
        const a = agentParam(prm.agent);
        const key = ifiKey(a);
        if (!key) throw new XapiError(400, 'agent must have an identifier');
        scope.agent = key;
      }
      if (keys.registration && prm.registration !== undefined) {
        if (!isUuid(prm.registration)) throw new XapiError(400, 'registration must be a UUID');
        scope.registration = prm.registration;
      }
      const id = prm[keys.idName];
      const pre: Preconditions = { ifMatch: r.headers['if-match'], ifNoneMatch: r.headers['if-none-match'] };
      if (prm.since !== undefined && (id !== undefined || r.method !== 'GET')) throw new XapiError(400, `since is used only to list documents (GET without ${keys.idName})`);
      switch (r.method) {
        case 'GET':
        case 'HEAD': {
          if (id === undefined) {
            if (prm.since !== undefined && !isTimestamp(prm.since)) throw new XapiError(400, 'since must be an ISO 8601 date and time');
            return reply.header('content-type', 'application/json').send(await documentIds(db, scope, prm.since));
          }
          const doc = await getDocument(db, scope, id);
          if (!doc) throw new XapiError(404, 'No such document');
          return reply.header('content-type', doc.contentType).header('etag', `"${doc.etag}"`).header('last-modified', new Date(doc.updated).toUTCString()).send(doc.content);
        }
        case 'PUT':
        case 'POST': {
          if (id === undefined) throw new XapiError(400, `${keys.idName} is required`);
          const contentType = r.contentType || 'application/octet-stream';
          await saveDocument(db, scope, id, { contentType, content: r.body }, { merge: r.method === 'POST', pre, requireConcurrency: keys.concurrency });
          return reply.code(204).send();
        }
        case 'DELETE': {
          if (id === undefined && kind !== 'state') throw new XapiError(400, `${keys.idName} is required`);
          await deleteDocuments(db, scope, id, pre);
          return reply.code(204).send();
        }
        default:
          throw new XapiError(405, `${r.method} is not allowed here`);
      }
    });
  documentResource('/xapi/activities/state', 'state', { activity: true, agent: true, registration: true, idName: 'stateId', concurrency: false });
  documentResource('/xapi/activities/profile', 'activity-profile', { activity: true, agent: false, registration: false, idName: 'profileId', concurrency: true });
  documentResource('/xapi/agents/profile', 'agent-profile', { activity: false, agent: true, registration: false, idName: 'profileId', concurrency: true });

  resource('/xapi/activities', async (r, _req, reply) => {
    if (r.method !== 'GET' && r.method !== 'HEAD') throw new XapiError(405, `${r.method} is not allowed on activities`);
    allowOnly(r, ['activityId']);
    if (!r.params.activityId) throw new XapiError(400, 'activityId is required');
    if (!isIri(r.params.activityId)) throw new XapiError(400, 'activityId must be an IRI');
    return reply.header('content-type', 'application/json').send(await activityObject(db, r.params.activityId));
  });
  resource('/xapi/agents', async (r, _req, reply) => {
    if (r.method !== 'GET' && r.method !== 'HEAD') throw new XapiError(405, `${r.method} is not allowed on agents`);
    allowOnly(r, ['agent']);
    if (!r.params.agent) throw new XapiError(400, 'agent is required');
    const a = agentParam(r.params.agent);
    if (a.objectType === 'Group') throw new XapiError(400, 'agent must be an Agent');
    return reply.header('content-type', 'application/json').send(await personObject(db, a));
  });
}

function agentParam(text: string): Json {
  const a = parseJson(text, 'agent');
  if (!isObject(a)) throw new XapiError(400, 'agent must be a JSON object');
  if (a.objectType === 'Group') agentOrGroup(a, 'agent');
  else validateAgent(a, 'agent');
  return a;
}

function bool(v: string | undefined, name: string): boolean {
  if (v === undefined || v === 'false') return false;
  if (v === 'true') return true;
  throw new XapiError(400, `${name} must be true or false`);
}

interface MoreToken {
  query: StatementQuery;
  limit: number;
  after: number;
  bound: number;
  fmt: { format: string; attachments: boolean };
}

/** The `more` link carries the query and where the next page starts (stable: statements stored later are not shown). */
const writeMore = (t: MoreToken) => Buffer.from(JSON.stringify(t)).toString('base64url');
function readMore(s: string): MoreToken {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as MoreToken;
    if (Number.isInteger(t.after) && Number.isInteger(t.bound) && Number.isInteger(t.limit) && t.limit > 0 && t.limit <= MAX_PAGE && isObject(t.query) && isObject(t.fmt)) {
      const q = t.query;
      const strings = ['agent', 'verb', 'activity', 'registration', 'since', 'until'] as const;
      if (strings.every((k) => q[k] === undefined || typeof q[k] === 'string') && (q.registration === undefined || isUuid(q.registration)) && [q.since, q.until].every((v) => v === undefined || isTimestamp(v)))
        return { ...t, fmt: { format: ['exact', 'ids', 'canonical'].includes(t.fmt.format) ? t.fmt.format : 'exact', attachments: t.fmt.attachments === true } };
    }
  } catch {
    // answered below
  }
  throw new XapiError(400, 'This more link is not valid');
}
