import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { audit } from '../../platform/audit.js';
import { seal, unseal } from '../../platform/auth/crypto.js';
import type { SealedColumn } from '../../platform/auth/reseal.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { AllowList, checkTarget, outboundRequest, OutboundError, type OutboundResponse } from '../../platform/outbound.js';
import type { Platform } from '../../platform/platform.js';
import { ponteAuthority } from './ponte.js';
import { xapiForwarding, xapiStatements, type XapiForwardScope } from './schema.js';
import { attachmentsFor, XAPI_VERSION } from './statements.js';

/*
 * Forwarding statements to an external LRS (docs/xapi.md "Forwarding"). One configuration per instance. A job
 * (`xapi.forward`, every minute, and at once after the configuration is saved) sends the statements stored after
 * the cursor, in the order they were stored, 100 per POST; the cursor moves only past what the other LRS
 * accepted, so delivery is at least once, and statement ids make repeated deliveries harmless there (an id it
 * already holds is answered 204/200, or 409 when the statements differ, which counts as delivered as well).
 */

export const FORWARD_QUEUE = 'xapi.forward';
/** Statements per POST. */
export const FORWARD_BATCH = 100;
/** Batches per run, so that one run ends well before the next is due. */
const BATCHES_PER_RUN = 20;
const SEAL_PURPOSE = 'xapi-forwarding-secret';
/** Where the external LRS's secret is sealed under SECRET_KEY (`ponte secret reseal`). */
export const FORWARDING_SECRET: SealedColumn = { name: 'external LRS secret', table: xapiForwarding, id: xapiForwarding.id, sealed: xapiForwarding.secret, purpose: SEAL_PURPOSE };
const TIMEOUT_MS = 15_000;
/** The other LRS answers with ids or nothing: a large answer is not one. */
const MAX_ANSWER = 1024 * 1024;

export type Forwarding = typeof xapiForwarding.$inferSelect;

/** Waiting time after `failures` failed runs in a row: 1, 2, 4… minutes, at most an hour. */
export const backoffSeconds = (failures: number) => Math.min(3600, 60 * 2 ** Math.max(0, failures - 1));

/** The endpoint with exactly one trailing slash (`…/xapi/`), as LRS documentation gives it. */
export const normaliseEndpoint = (endpoint: string) => endpoint.trim().replace(/\/*$/, '/');

/** Which statements are forwarded: Ponte's own (signed with its authority) or every statement stored. */
function inScope(scope: XapiForwardScope, publicUrl: string): SQL | undefined {
  return scope === 'own' ? sql`${xapiStatements.statement}->'authority' = ${JSON.stringify(ponteAuthority(publicUrl))}::jsonb` : undefined;
}

export async function getForwarding(db: DbOrTx): Promise<Forwarding | null> {
  const [row] = await db.select().from(xapiForwarding).where(eq(xapiForwarding.id, 1));
  return row ?? null;
}

export interface ForwardingStatus {
  endpoint: string;
  key: string;
  enabled: boolean;
  scope: XapiForwardScope;
  halted: boolean;
  forwarded: number;
  rejected: number;
  backlog: number;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

/** What the administrators' page shows (never the secret): the settings, how far delivery got and what waits. */
export async function forwardingStatus(db: DbOrTx, publicUrl: string): Promise<ForwardingStatus | null> {
  const f = await getForwarding(db);
  if (!f) return null;
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)::int` })
    .from(xapiStatements)
    .where(and(gt(xapiStatements.seq, f.cursor), inScope(f.scope, publicUrl)))) as [{ n: number }];
  const { secret: _secret, cursor: _cursor, id: _id, failures: _f, updatedBy: _u, updatedAt: _a, ...shown } = f;
  return { ...shown, backlog: Number(n) };
}

export interface ForwardingInput {
  endpoint: string;
  key: string;
  /** Empty: keep the secret saved (only while the endpoint stays on the same origin). */
  secret: string;
  enabled: boolean;
  scope: XapiForwardScope;
  /** On a new endpoint: also send what was stored before now. */
  history: boolean;
}

export type SaveResult = { ok: true } | { ok: false; field: 'endpoint' | 'secret'; error: OutboundError | 'secret-required' };

/**
 * Saves the configuration after checking the endpoint as the job will (platform/outbound.ts: https, or http to a
 * host OUTBOUND_ALLOW names; public addresses). A new endpoint (another origin) needs its secret again, so a saved
 * secret never goes to a host it was not given for; it starts after the statements stored so far unless `history`.
 * Saving clears a halt and the waiting time, and asks for a run at once.
 */
export async function saveForwarding(p: Platform, input: ForwardingInput, actor: { id: string; requestId: string }): Promise<SaveResult> {
  const endpoint = normaliseEndpoint(input.endpoint);
  try {
    await checkTarget(endpoint, new AllowList(p.config.outbound.allow), { requireHttps: true });
  } catch (err) {
    if (err instanceof OutboundError) return { ok: false, field: 'endpoint', error: err };
    throw err;
  }
  return p.database.db.transaction(async (tx) => {
    const old = await getForwarding(tx);
    const moved = !old || new URL(old.endpoint).origin !== new URL(endpoint).origin;
    if (!input.secret && moved) return { ok: false as const, field: 'secret' as const, error: 'secret-required' as const };
    const secret = input.secret ? seal(p.config.secretKey, SEAL_PURPOSE, input.secret) : old!.secret;
    const newTarget = !old || old.endpoint !== endpoint;
    const [{ max }] = (await tx.select({ max: sql<string>`coalesce(max(${xapiStatements.seq}), 0)::bigint` }).from(xapiStatements)) as [{ max: string }];
    const cursor = newTarget ? (input.history ? 0 : Number(max)) : old.cursor;
    const values = { endpoint, key: input.key, secret, enabled: input.enabled, scope: input.scope, cursor, halted: false, failures: 0, nextAttemptAt: null, updatedBy: actor.id, updatedAt: new Date() };
    await tx
      .insert(xapiForwarding)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: xapiForwarding.id, set: newTarget ? { ...values, forwarded: 0, rejected: 0, lastSuccessAt: null, lastErrorAt: null, lastError: null } : values });
    // The audit row names what changed, never the secret.
    await audit(tx, { actorId: actor.id, action: 'xapi.forwarding.save', outcome: 'success', targetType: 'xapi_forwarding', requestId: actor.requestId, details: { enabled: input.enabled, scope: input.scope, newEndpoint: newTarget, newSecret: !!input.secret } });
    if (input.enabled) await p.jobs.send(FORWARD_QUEUE, {}, { singletonKey: `save:${Date.now()}`, db: tx });
    return { ok: true as const };
  });
}

/** Resumes delivery after a halt or a wait (the administrators' "Retry now"). */
export async function resumeForwarding(p: Platform, actor: { id: string; requestId: string }): Promise<boolean> {
  return p.database.db.transaction(async (tx) => {
    const r = await tx.update(xapiForwarding).set({ halted: false, failures: 0, nextAttemptAt: null }).where(eq(xapiForwarding.id, 1)).returning({ enabled: xapiForwarding.enabled });
    if (!r.length) return false;
    await audit(tx, { actorId: actor.id, action: 'xapi.forwarding.resume', outcome: 'success', targetType: 'xapi_forwarding', requestId: actor.requestId });
    if (r[0]!.enabled) await p.jobs.send(FORWARD_QUEUE, {}, { singletonKey: `resume:${Date.now()}`, db: tx });
    return true;
  });
}

/** How an answer of the other LRS is taken. */
export type Outcome = 'delivered' | 'refused' | 'halt' | 'retry';

/**
 * 2xx: stored. 409: the other LRS holds a statement with such an id (xAPI: it answers 409 when the statements
 * differ and must not change what it holds), so there is nothing more to deliver. 400, 413, 415, 422: the content
 * is refused (one by one, the statement is skipped and counted). 401, 403, 404, 405, 407, 3xx: repeating cannot
 * help until an administrator changes the settings (halt). 408, 429, 5xx, network errors: later (retry).
 */
export function outcomeOf(status: number): Outcome {
  if ((status >= 200 && status < 300) || status === 409) return 'delivered';
  if ([400, 413, 415, 422].includes(status)) return 'refused';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'halt';
}

type Json = Record<string, unknown>;

/** The statement as sent on: without what the receiving LRS sets itself (`stored`, `authority`). */
function outgoing(s: Json): Json {
  const { stored: _stored, authority: _authority, ...rest } = s;
  return rest;
}

interface Request {
  body: Buffer;
  contentType: string;
}

/** JSON, or multipart/mixed when statements carry attachment bytes (xAPI Communication 1.5.2). */
async function requestFor(db: DbOrTx, statements: Json[]): Promise<Request> {
  const files = await attachmentsFor(db, statements);
  const json = Buffer.from(JSON.stringify(statements.length === 1 ? statements[0] : statements));
  if (!files.length) return { body: json, contentType: 'application/json' };
  const boundary = `ponte-${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n`), json, Buffer.from('\r\n')];
  for (const f of files) parts.push(Buffer.from(`--${boundary}\r\nContent-Type: ${f.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${f.sha2}\r\n\r\n`), f.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/mixed; boundary=${boundary}` };
}

/** One request to the other LRS: `POST statements` for a batch, `PUT statements?statementId=` for one. */
async function send(p: Platform, f: Pick<Forwarding, 'endpoint' | 'key' | 'secret'>, statements: Json[], one: boolean): Promise<OutboundResponse> {
  const secret = unseal(p.config.secretKeys, SEAL_PURPOSE, f.secret);
  if (secret === null) throw new OutboundError('credentials', 'the saved secret cannot be opened (was SECRET_KEY changed?): save the credentials again');
  const req = await requestFor(p.database.db, statements);
  const url = one ? `${f.endpoint}statements?statementId=${encodeURIComponent(String(statements[0]!.id))}` : `${f.endpoint}statements`;
  return outboundRequest(url, {
    allow: new AllowList(p.config.outbound.allow),
    requireHttps: true,
    method: one ? 'PUT' : 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${f.key}:${secret}`).toString('base64')}`, 'x-experience-api-version': XAPI_VERSION, 'content-type': req.contentType, accept: 'application/json' },
    body: req.body,
    timeoutMs: TIMEOUT_MS,
    maxBytes: MAX_ANSWER,
  });
}

/** What an answer says, briefly, for the status line (the other LRS's own words, cut short). */
function describe(res: OutboundResponse): string {
  const text = res.body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 300);
  const where = res.status >= 300 && res.status < 400 && res.headers.location ? ` (redirect to ${String(res.headers.location).slice(0, 200)}, not followed)` : '';
  return `HTTP ${res.status}${where}${text ? `: ${text}` : ''}`;
}

export interface RunResult {
  sent: number;
  rejected: number;
  state: 'idle' | 'off' | 'waiting' | 'halted' | 'done' | 'retry';
}

/**
 * The job: sends what waits, batch by batch, and records how it went. Two runs at once (two workers) may send a
 * batch twice, which the ids make harmless; the cursor only moves forward.
 */
export async function forwardStatements(p: Platform, now = new Date()): Promise<RunResult> {
  const db = p.database.db;
  let f = await getForwarding(db);
  if (!f) return { sent: 0, rejected: 0, state: 'idle' };
  if (!f.enabled) return { sent: 0, rejected: 0, state: 'off' };
  if (f.halted) return { sent: 0, rejected: 0, state: 'halted' };
  if (f.nextAttemptAt && f.nextAttemptAt > now) return { sent: 0, rejected: 0, state: 'waiting' };
  let sent = 0;
  let rejected = 0;
  /** Records a failed run; `reason` (a status or a problem code) is all that goes to the log. */
  const fail = async (outcome: 'halt' | 'retry', message: string, reason: string) => {
    const failures = f!.failures + 1;
    await db
      .update(xapiForwarding)
      .set({ lastError: message, lastErrorAt: new Date(), failures, halted: outcome === 'halt', nextAttemptAt: outcome === 'retry' ? new Date(Date.now() + backoffSeconds(failures) * 1000) : null })
      .where(eq(xapiForwarding.id, 1));
    // Not the message: the other LRS's words may quote a statement (pseudonyms are personal data too).
    p.log.warn({ outcome, failures, reason }, 'xAPI forwarding failed');
    return { sent, rejected, state: outcome === 'halt' ? ('halted' as const) : ('retry' as const) };
  };
  for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
    const rows = await db
      .select({ seq: xapiStatements.seq, statement: xapiStatements.statement })
      .from(xapiStatements)
      .where(and(gt(xapiStatements.seq, f.cursor), inScope(f.scope, p.config.publicUrl)))
      .orderBy(asc(xapiStatements.seq))
      .limit(FORWARD_BATCH);
    if (!rows.length) break;
    let outcome: Outcome;
    let res: OutboundResponse | null = null;
    try {
      res = await send(p, f, rows.map((r) => outgoing(r.statement)), false);
      outcome = outcomeOf(res.status);
    } catch (err) {
      if (!(err instanceof OutboundError)) throw err;
      // Refused by the guard (the address, the scheme) or an unreadable secret: only a new setting helps.
      return fail(['timeout', 'network', 'unresolvable', 'too-large'].includes(err.problem) ? 'retry' : 'halt', err.message, err.problem);
    }
    if (outcome === 'refused') {
      // Which statement is refused? One by one: the others go through, the refused ones are skipped and counted.
      for (const r of rows) {
        let one: OutboundResponse;
        try {
          one = await send(p, f, [outgoing(r.statement)], true);
        } catch (err) {
          if (!(err instanceof OutboundError)) throw err;
          return fail(['timeout', 'network', 'unresolvable', 'too-large'].includes(err.problem) ? 'retry' : 'halt', err.message, err.problem);
        }
        const o = outcomeOf(one.status);
        if (o === 'halt' || o === 'retry') return fail(o, describe(one), `HTTP ${one.status}`);
        // Each statement's fate is recorded as it is known, so a run that stops half-way loses no count.
        const refused = o === 'refused';
        if (refused) rejected++;
        else sent++;
        await db
          .update(xapiForwarding)
          .set({
            cursor: sql`greatest(${xapiForwarding.cursor}, ${r.seq})`,
            ...(refused
              ? { rejected: sql`${xapiForwarding.rejected} + 1`, lastError: `statement ${String(r.statement.id)} refused: ${describe(one)}`, lastErrorAt: new Date() }
              : { forwarded: sql`${xapiForwarding.forwarded} + 1`, lastSuccessAt: new Date(), failures: 0, nextAttemptAt: null }),
          })
          .where(eq(xapiForwarding.id, 1));
      }
    } else if (outcome === 'delivered') {
      const last = rows[rows.length - 1]!.seq;
      await db
        .update(xapiForwarding)
        .set({ cursor: sql`greatest(${xapiForwarding.cursor}, ${last})`, forwarded: sql`${xapiForwarding.forwarded} + ${rows.length}`, lastSuccessAt: new Date(), failures: 0, nextAttemptAt: null })
        .where(eq(xapiForwarding.id, 1));
      sent += rows.length;
    } else return fail(outcome, describe(res!), `HTTP ${res!.status}`);
    f = (await getForwarding(db))!;
    if (!f.enabled || f.halted) break;
  }
  return { sent, rejected, state: 'done' };
}

/** A fixed statement id per instance: the test stores one statement, always the same, however often it is sent. */
const testStatementId = (publicUrl: string) => {
  const h = createHash('sha256').update(`ponte-xapi-forwarding-test\u0000${publicUrl}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The test statement: Ponte (no person) initialized its forwarding. */
export function testStatement(publicUrl: string): Json {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    id: testStatementId(base),
    actor: ponteAuthority(base),
    verb: { id: 'http://adlnet.gov/expapi/verbs/initialized', display: { 'en-US': 'initialized' } },
    object: { objectType: 'Activity', id: `${base}/xapi/activities/forwarding`, definition: { name: { en: 'Ponte statement forwarding' } } },
    timestamp: '2026-01-01T00:00:00.000Z',
    version: XAPI_VERSION,
  };
}

export type TestResult = { ok: true; status: number } | { ok: false; error: OutboundError } | { ok: false; status: number; detail: string };

/** Sends the test statement with the saved settings (`PUT statements?statementId=`) and says how it went. */
export async function testForwarding(p: Platform): Promise<TestResult | null> {
  const f = await getForwarding(p.database.db);
  if (!f) return null;
  try {
    const res = await send(p, f, [testStatement(p.config.publicUrl)], true);
    return outcomeOf(res.status) === 'delivered' ? { ok: true, status: res.status } : { ok: false, status: res.status, detail: describe(res) };
  } catch (err) {
    if (err instanceof OutboundError) return { ok: false, error: err };
    throw err;
  }
}

