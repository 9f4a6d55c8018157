import { randomUUID, verify, X509Certificate } from 'node:crypto';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { xapiAttachments, xapiStatements } from './schema.js';
import { isObject, validateStatement, VOIDED, XapiError } from './validate.js';

type Json = Record<string, unknown>;

/** The version this LRS speaks, sent on every answer; stored statements without one get 1.0.0. */
export const XAPI_VERSION = '1.0.3';

/** An Agent's or identified Group's inverse functional identifier as one string (the key of filters and documents). */
export function ifiKey(agent: Json): string | null {
  if (typeof agent.mbox === 'string') return `mbox:${agent.mbox.toLowerCase()}`;
  if (typeof agent.mbox_sha1sum === 'string') return `mbox_sha1sum:${agent.mbox_sha1sum.toLowerCase()}`;
  if (typeof agent.openid === 'string') return `openid:${agent.openid}`;
  if (isObject(agent.account)) return `account:${JSON.stringify([agent.account.homePage, agent.account.name])}`;
  return null;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

const MEMBER = 'member:';

/**
 * Agents (by IFI) the statement names as actor, object, authority, instructor or team, also inside a sub-statement;
 * without the authority when `opts.authority` is false (who a statement is about, not who vouched for it).
 */
export function relatedAgents(s: Json, into: Set<string>, opts: { authority: boolean } = { authority: true }) {
  const add = (a: unknown) => {
    if (!isObject(a)) return;
    const k = ifiKey(a);
    if (k) into.add(k);
  };
  // Members of a Group actor or object match the agent filter too (Communication 2.1.3), kept as `member:<ifi>`.
  const members = (g: unknown) => {
    if (!isObject(g) || !Array.isArray(g.member)) return;
    for (const m of g.member) {
      const k = isObject(m) ? ifiKey(m) : null;
      if (k) into.add(`${MEMBER}${k}`);
    }
  };
  add(s.actor);
  members(s.actor);
  if (opts.authority) add(s.authority);
  const o = s.object as Json;
  if (o.objectType === 'Agent' || o.objectType === 'Group') {
    add(o);
    members(o);
  }
  if (isObject(s.context)) {
    add(s.context.instructor);
    add(s.context.team);
  }
  if (o.objectType === 'SubStatement') relatedAgents(o, into, opts);
}

/** The prefix under which members of a Group actor or object are kept in `agents` (`member:<ifi>`). */
export const memberKey = (ifi: string) => `${MEMBER}${ifi}`;

/** Activity ids of the object and of the context activities, also inside a sub-statement. */
function relatedActivities(s: Json, into: Set<string>) {
  const o = s.object as Json;
  if ((o.objectType ?? 'Activity') === 'Activity') into.add(o.id as string);
  const ca = isObject(s.context) && isObject(s.context.contextActivities) ? s.context.contextActivities : {};
  for (const list of Object.values(ca)) for (const a of asArray(list)) if (isObject(a)) into.add(a.id as string);
  if (o.objectType === 'SubStatement') relatedActivities(o, into);
}

/** Context activities as arrays, the form the LRS returns. */
function normaliseContext(s: Json) {
  if (isObject(s.context) && isObject(s.context.contextActivities)) {
    const ca = s.context.contextActivities;
    for (const k of Object.keys(ca)) ca[k] = asArray(ca[k]);
  }
  if (isObject(s.object) && s.object.objectType === 'SubStatement') normaliseContext(s.object);
}

/** Key-sorted JSON, to compare statements whatever the order of their properties. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** Whether a statement received again is the one stored (what the LRS sets, and a timestamp it filled in, are ignored). */
function sameStatement(stored: Json, incoming: Json): boolean {
  const strip = (s: Json) => {
    const { id: _id, stored: _stored, authority: _authority, version: _version, timestamp, ...rest } = s;
    return { ...rest, ...(incoming.timestamp !== undefined && typeof timestamp === 'string' ? { timestamp: Date.parse(timestamp) } : {}) };
  };
  const a = structuredClone(incoming);
  normaliseContext(a);
  return canonicalJson(strip(stored)) === canonicalJson(strip(a));
}

const SIGNATURE = 'http://adlnet.gov/expapi/attachments/signature';
/** The JWS algorithms xAPI allows for signed statements, with their hash. */
const JWS_HASHES: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

/**
 * A signed statement (xAPI Data 2.6): its signature attachment must be a compact JWS, sent as
 * application/octet-stream, signed with RS256, RS384 or RS512, whose payload is the statement itself (without
 * its attachments, and what the LRS sets). Malformed signatures are refused (400). When the JWS header carries
 * the signer's X.509 certificate (`x5c`), the signature is verified against that certificate's key and refused
 * (400) when it does not match; without one the specification leaves verification to consumers.
 */
function checkSignature(s: Json, bySha: Map<string, AttachmentPart>, index: number) {
  const signatures = (asArray(s.attachments) as Json[]).filter((a) => a.usageType === SIGNATURE);
  if (!signatures.length) return;
  const bad = (why: string): never => {
    throw new XapiError(400, `statement ${index}: the signature ${why}`);
  };
  if (signatures.length > 1) bad('attachment is given more than once');
  const a = signatures[0]!;
  if (a.contentType !== 'application/octet-stream') bad('attachment must have contentType application/octet-stream');
  const part = bySha.get(a.sha2 as string);
  if (!part) bad('must be sent with the statement');
  const segments = part!.content.toString('utf8').trim().split('.');
  if (segments.length !== 3 || segments.some((x) => !/^[A-Za-z0-9_-]*$/.test(x)) || !segments[2]) bad('is not a compact JWS');
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(segments[0]!, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(segments[1]!, 'base64url').toString('utf8'));
  } catch {
    bad('is not a compact JWS');
  }
  if (!isObject(header) || !JWS_HASHES[header.alg as string]) bad('must use RS256, RS384 or RS512');
  if (!isObject(payload)) bad('payload is not a statement');
  const x5c = (header as Json).x5c;
  if (x5c !== undefined) {
    const signer: unknown = Array.isArray(x5c) ? x5c[0] : undefined;
    if (typeof signer !== 'string') return bad('header x5c must be a list of base64 certificates');
    let key: X509Certificate['publicKey'];
    try {
      key = new X509Certificate(Buffer.from(signer, 'base64')).publicKey;
    } catch {
      return bad('header x5c does not hold a readable X.509 certificate');
    }
    let valid = false;
    try {
      valid = verify(JWS_HASHES[(header as Json).alg as string]!, Buffer.from(`${segments[0]}.${segments[1]}`), key, Buffer.from(segments[2]!, 'base64url'));
    } catch {
      valid = false;
    }
    if (!valid) bad('does not verify against the certificate in its header (x5c)');
  }
  const strip = (x: Json) => {
    const { attachments: _a, ...rest } = x;
    return rest;
  };
  const signed = strip(payload as Json);
  if (signed.id === undefined) delete (signed as Json).id;
  const received = strip(s);
  if (signed.id !== undefined && String(signed.id).toLowerCase() !== String(received.id ?? '').toLowerCase()) bad('payload is another statement');
  if (!sameStatement(signed, received)) bad('payload differs from the statement');
}

/** An attachment's bytes, received with a statement (multipart/mixed) and checked against its sha2. */
export interface AttachmentPart {
  sha2: string;
  contentType: string;
  content: Buffer;
}

/**
 * Validates and stores statements, all or none; returns their ids in order. A statement whose id is already
 * stored is skipped when it is the same statement and refused (409) when it differs. `authority` (the calling
 * client's agent, or Ponte's own) replaces whatever authority the statements carry.
 *
 * Ponte's modules store their own statements with this function (docs/xapi.md).
 */
export async function storeStatements(db: DbOrTx, input: unknown[], authority: Json, parts: AttachmentPart[] = []): Promise<string[]> {
  if (input.length === 0) throw new XapiError(400, 'No statements were sent');
  const statements = input.map((s, i) => {
    validateStatement(s, input.length > 1 ? `statements[${i}]` : 'statement');
    return structuredClone(s) as Json;
  });
  const ids = statements.map((s) => (s.id as string | undefined)?.toLowerCase() ?? randomUUID());
  if (new Set(ids).size !== ids.length) throw new XapiError(400, 'The same statement id is used twice in one request');
  // Attachments: every one must arrive as a part, unless it is only referred to by fileUrl.
  const bySha = new Map(parts.map((p) => [p.sha2, p]));
  const needed = new Set<string>();
  for (const s of statements) {
    for (const a of [...asArray(s.attachments), ...asArray(isObject(s.object) ? s.object.attachments : undefined)] as Json[]) {
      if (a.fileUrl === undefined || bySha.has(a.sha2 as string)) {
        if (!bySha.has(a.sha2 as string)) throw new XapiError(400, `The attachment with sha2 ${String(a.sha2)} was not sent and has no fileUrl`);
        needed.add(a.sha2 as string);
      }
    }
  }
  for (const p of parts) if (!needed.has(p.sha2)) throw new XapiError(400, `The attachment part with hash ${p.sha2} belongs to no statement`);
  statements.forEach((s, i) => checkSignature(s, bySha, i));

  return db.transaction(async (tx) => {
    // One writer at a time: `seq` and `stored` then rise in commit order, so paging through `more` is stable.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('xapi_statements'))`);
    const existing = new Map(
      (await tx.select({ id: xapiStatements.id, statement: xapiStatements.statement }).from(xapiStatements).where(inArray(xapiStatements.id, ids))).map((r) => [r.id, r.statement]),
    );
    const [{ last }] = (await tx.select({ last: sql<string | null>`floor(extract(epoch FROM max(${xapiStatements.stored})) * 1000)::bigint` }).from(xapiStatements)) as [{ last: string | null }];
    let ms = Math.max(Date.now(), Number(last ?? 0) + 1);
    const rows: (typeof xapiStatements.$inferInsert)[] = [];
    const voidedTargets: string[] = [];
    for (const [i, s] of statements.entries()) {
      const id = ids[i]!;
      const old = existing.get(id);
      if (old) {
        if (!sameStatement(old, s)) throw new XapiError(409, `A different statement with id ${id} is already stored`);
        continue;
      }
      const stored = new Date(ms++).toISOString();
      normaliseContext(s);
      const object = s.object as Json;
      const full: Json = { ...s, id, timestamp: s.timestamp ?? stored, stored, authority, version: s.version ?? '1.0.0' };
      const verbId = (s.verb as Json).id as string;
      const voiding = verbId === VOIDED;
      const target = object.objectType === 'StatementRef' ? (object.id as string).toLowerCase() : null;
      if (voiding) voidedTargets.push(target!);
      const agents = new Set<string>();
      relatedAgents(full, agents);
      const activities = new Set<string>();
      relatedActivities(full, activities);
      const objectType = object.objectType ?? 'Activity';
      rows.push({
        id,
        statement: full,
        stored,
        verbId,
        actor: ifiKey(s.actor as Json) ?? `anonymous:${id}`,
        objectAgent: objectType === 'Agent' || objectType === 'Group' ? ifiKey(object) : null,
        objectActivity: objectType === 'Activity' ? (object.id as string) : null,
        objectStatement: target,
        registration: isObject(s.context) && typeof s.context.registration === 'string' ? s.context.registration.toLowerCase() : null,
        agents: [...agents],
        activities: [...activities],
        voiding,
      });
    }
    if (voidedTargets.length) {
      const targets = await tx.select({ id: xapiStatements.id, voiding: xapiStatements.voiding }).from(xapiStatements).where(inArray(xapiStatements.id, voidedTargets));
      const inBatch = rows.filter((r) => voidedTargets.includes(r.id));
      if (targets.some((t) => t.voiding) || inBatch.some((r) => r.voiding)) throw new XapiError(400, 'A voiding statement cannot be voided');
      await tx.update(xapiStatements).set({ voided: true }).where(inArray(xapiStatements.id, voidedTargets));
      for (const r of inBatch) r.voided = true;
    }
    if (rows.length) {
      // A statement voided before it arrived is stored voided.
      const already = await tx
        .select({ target: xapiStatements.objectStatement })
        .from(xapiStatements)
        .where(and(eq(xapiStatements.voiding, true), inArray(xapiStatements.objectStatement, rows.map((r) => r.id))));
      for (const a of already) for (const r of rows) if (r.id === a.target) r.voided = true;
      await tx.insert(xapiStatements).values(rows);
    }
    for (const p of parts) {
      await tx
        .insert(xapiAttachments)
        .values({ sha2: p.sha2, contentType: p.contentType, length: p.content.length, content: p.content })
        .onConflictDoNothing();
    }
    return ids;
  });
}

export interface StatementRow {
  seq: number;
  statement: Json;
  stored: string;
}

export async function statementById(db: DbOrTx, id: string, voided: boolean): Promise<StatementRow | null> {
  const [row] = await db
    .select({ seq: xapiStatements.seq, statement: xapiStatements.statement, stored: xapiStatements.stored, voided: xapiStatements.voided })
    .from(xapiStatements)
    .where(eq(xapiStatements.id, id.toLowerCase()));
  if (!row || row.voided !== voided) return null;
  return row;
}

export interface StatementQuery {
  agent?: string;
  verb?: string;
  activity?: string;
  registration?: string;
  relatedActivities?: boolean;
  relatedAgents?: boolean;
  since?: string;
  until?: string;
  ascending?: boolean;
}

/**
 * One page of statements matching a query, and whether more follow. Filters on agent, verb, activity and
 * registration also match statements that refer (StatementRef, not voiding) to a matching statement, as
 * xAPI Communication 2.1.3 requires. `bound` is the highest seq visible to the first page, so that later
 * pages never show statements stored after the query began.
 */
export async function queryStatements(db: DbOrTx, q: StatementQuery, page: { limit: number; after?: number; bound?: number }) {
  const s = xapiStatements;
  const filters: SQL[] = [];
  if (q.agent) {
    const member = `${MEMBER}${q.agent}`;
    filters.push(
      q.relatedAgents
        ? sql`${s.agents} && ARRAY[${q.agent}, ${member}]::text[]`
        : sql`(${s.actor} = ${q.agent} OR ${s.objectAgent} = ${q.agent} OR ${s.agents} @> ARRAY[${member}]::text[])`,
    );
  }
  if (q.verb) filters.push(sql`${s.verbId} = ${q.verb}`);
  if (q.activity) filters.push(q.relatedActivities ? sql`${s.activities} @> ARRAY[${q.activity}]::text[]` : sql`${s.objectActivity} = ${q.activity}`);
  if (q.registration) filters.push(sql`${s.registration} = ${q.registration.toLowerCase()}::uuid`);
  const [{ max }] = (await db.select({ max: sql<string>`coalesce(max(${s.seq}), 0)::bigint` }).from(s)) as [{ max: string }];
  const bound = page.bound ?? Number(max);
  const outer: SQL[] = [sql`NOT ${s.voided}`, sql`${s.seq} <= ${bound}`];
  if (q.since) outer.push(sql`${s.stored} > ${q.since}::timestamptz`);
  if (q.until) outer.push(sql`${s.stored} <= ${q.until}::timestamptz`);
  if (page.after !== undefined) outer.push(q.ascending ? sql`${s.seq} > ${page.after}` : sql`${s.seq} < ${page.after}`);
  if (filters.length) {
    outer.push(sql`${s.seq} IN (
      WITH RECURSIVE matching(seq, id) AS (
        SELECT seq, id FROM xapi_statements WHERE ${and(...filters)} AND seq <= ${bound}
        UNION
        SELECT r.seq, r.id FROM xapi_statements r JOIN matching m ON r.object_statement = m.id WHERE NOT r.voiding AND r.seq <= ${bound}
      ) SELECT seq FROM matching)`);
  }
  const rows = await db
    .select({ seq: s.seq, statement: s.statement, stored: s.stored })
    .from(s)
    .where(and(...outer))
    .orderBy(q.ascending ? sql`${s.seq} ASC` : sql`${s.seq} DESC`)
    .limit(page.limit + 1);
  const more = rows.length > page.limit;
  return { rows: rows.slice(0, page.limit), more, bound };
}

export async function attachmentsFor(db: DbOrTx, statements: Json[]) {
  const shas = new Set<string>();
  for (const st of statements) for (const a of [...asArray(st.attachments), ...asArray(isObject(st.object) ? st.object.attachments : undefined)] as Json[]) if (typeof a.sha2 === 'string') shas.add(a.sha2);
  if (!shas.size) return [];
  return db.select().from(xapiAttachments).where(inArray(xapiAttachments.sha2, [...shas]));
}

/** A statement in the `ids` format: agents, groups, activities and verbs reduced to their identifiers. */
export function idsFormat(st: Json): Json {
  const agentIds = (a: unknown): unknown => {
    if (!isObject(a)) return a;
    const out: Json = { objectType: a.objectType ?? 'Agent' };
    for (const k of ['mbox', 'mbox_sha1sum', 'openid', 'account']) if (a[k] !== undefined) out[k] = a[k];
    if (a.objectType === 'Group' && Array.isArray(a.member) && !ifiKey(a)) out.member = a.member.map(agentIds);
    return out;
  };
  const walk = (s: Json): Json => {
    const out: Json = { ...s, actor: agentIds(s.actor), verb: { id: (s.verb as Json).id } };
    const o = s.object as Json;
    const type = o.objectType ?? 'Activity';
    out.object = type === 'Activity' ? { objectType: 'Activity', id: o.id } : type === 'Agent' || type === 'Group' ? agentIds(o) : type === 'SubStatement' ? walk(o) : o;
    if (s.authority) out.authority = agentIds(s.authority);
    if (isObject(s.context)) {
      const c: Json = { ...s.context };
      if (c.instructor) c.instructor = agentIds(c.instructor);
      if (c.team) c.team = agentIds(c.team);
      if (isObject(c.contextActivities)) c.contextActivities = Object.fromEntries(Object.entries(c.contextActivities).map(([k, list]) => [k, asArray(list).map((a) => ({ objectType: 'Activity', id: (a as Json).id }))]));
      out.context = c;
    }
    return out;
  };
  return walk(st);
}

/** A statement in the `canonical` format: each language map reduced to the reader's best language. */
export function canonicalFormat(st: Json, languages: string[]): Json {
  const pick = (map: Json): Json => {
    const keys = Object.keys(map);
    if (keys.length <= 1) return map;
    for (const want of languages) {
      const exact = keys.find((k) => k.toLowerCase() === want.toLowerCase());
      if (exact) return { [exact]: map[exact] };
      const prefix = keys.find((k) => k.toLowerCase().split('-')[0] === want.toLowerCase().split('-')[0]);
      if (prefix) return { [prefix]: map[prefix] };
    }
    const en = keys.find((k) => k.toLowerCase().startsWith('en'));
    return { [en ?? keys[0]!]: map[en ?? keys[0]!] };
  };
  const MAPS = new Set(['display', 'name', 'description']);
  const walk = (v: unknown, key: string, parent: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, '', parent));
    if (!isObject(v)) return v;
    // `name` is a language map only in an activity definition; an agent's name is a string.
    if (MAPS.has(key) && (key !== 'name' || parent === 'definition')) return pick(v);
    if (key === 'extensions') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k, key)]));
  };
  return walk(st, '', '') as Json;
}
