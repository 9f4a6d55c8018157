import { createHash } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/index.js';
import { xapiDocuments, type XapiDocumentKind } from './schema.js';
import { isObject, XapiError } from './validate.js';

/** Where a document lives: its kind and the parts of its key that apply ('' for the others). */
export interface DocumentScope {
  kind: XapiDocumentKind;
  activityId?: string;
  agent?: string;
  registration?: string;
}

export interface StoredDocument {
  contentType: string;
  content: Buffer;
  etag: string;
  updated: string;
}

/** What the client sent about the version it means to change (If-Match and If-None-Match). */
export interface Preconditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');
const isJson = (contentType: string) => /^application\/json\b/i.test(contentType.trim());

/** The key of a document's advisory lock (hashed by PostgreSQL: two documents may rarely share a lock, never miss one). */
const lockKey = (s: DocumentScope, documentId: string) => JSON.stringify([s.kind, s.activityId ?? '', s.agent ?? '', s.registration?.toLowerCase() ?? '', documentId]);

const where = (s: DocumentScope) => [
  eq(xapiDocuments.kind, s.kind),
  eq(xapiDocuments.activityId, s.activityId ?? ''),
  eq(xapiDocuments.agent, s.agent ?? ''),
  eq(xapiDocuments.registration, s.registration?.toLowerCase() ?? ''),
];

export async function getDocument(db: DbOrTx, scope: DocumentScope, documentId: string): Promise<StoredDocument | null> {
  const [row] = await db
    .select({ contentType: xapiDocuments.contentType, content: xapiDocuments.content, etag: xapiDocuments.etag, updated: xapiDocuments.updated })
    .from(xapiDocuments)
    .where(and(...where(scope), eq(xapiDocuments.documentId, documentId)));
  return row ?? null;
}

export async function documentIds(db: DbOrTx, scope: DocumentScope, since?: string): Promise<string[]> {
  const rows = await db
    .select({ id: xapiDocuments.documentId })
    .from(xapiDocuments)
    .where(and(...where(scope), since ? gt(xapiDocuments.updated, since) : undefined))
    .orderBy(xapiDocuments.documentId);
  return rows.map((r) => r.id);
}

/** A quoted or bare ETag list from If-Match / If-None-Match, lower-cased. */
const tags = (header: string) =>
  header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1').toLowerCase())
    .filter(Boolean);

function checkPreconditions(current: { etag: string } | null, pre: Preconditions) {
  if (pre.ifMatch !== undefined) {
    const want = tags(pre.ifMatch);
    if (!current || !(want.includes('*') || want.includes(current.etag))) throw new XapiError(412, 'The document has changed since you read it (If-Match does not match its ETag)');
  }
  if (pre.ifNoneMatch !== undefined) {
    const want = tags(pre.ifNoneMatch);
    if (current && (want.includes('*') || want.includes(current.etag))) throw new XapiError(412, 'The document already exists (If-None-Match)');
  }
}

/**
 * Stores a document (PUT replaces; POST merges JSON objects, property by property). The row is locked while
 * the preconditions are checked, so of two updates sent with the same If-Match exactly one succeeds and the
 * other gets 412. `requireConcurrency`: a PUT over an existing document without If-Match or If-None-Match is
 * refused (409), as the activity and agent profile resources require.
 */
export async function saveDocument(
  db: Db,
  scope: DocumentScope,
  documentId: string,
  body: { contentType: string; content: Buffer },
  opts: { merge: boolean; pre: Preconditions; requireConcurrency: boolean },
): Promise<void> {
  // A POSTed JSON document must be a JSON object; one of another type is stored only where none exists yet.
  const incoming = opts.merge && isJson(body.contentType) ? parseObject(body.content, 'The document sent is not a JSON object') : null;
  await db.transaction(async (tx) => {
    // A transaction-level lock on the document's key, so that a first write is not raced by another insert either.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${lockKey(scope, documentId)}))`);
    const current = await getDocument(tx, scope, documentId);
    checkPreconditions(current, opts.pre);
    if (!opts.merge && current && opts.requireConcurrency && opts.pre.ifMatch === undefined && opts.pre.ifNoneMatch === undefined) {
      throw new XapiError(409, 'The document exists: send If-Match with its ETag (or If-None-Match: *) to change it');
    }
    let contentType = body.contentType;
    let content = body.content;
    if (opts.merge && current) {
      if (!incoming) throw new XapiError(400, 'POST merges JSON documents: send Content-Type application/json');
      if (!isJson(current.contentType)) throw new XapiError(400, 'The stored document is not JSON, so it cannot be merged');
      const stored = parseObject(current.content, 'The stored document is not a JSON object, so it cannot be merged');
      content = Buffer.from(JSON.stringify({ ...stored, ...incoming }));
      contentType = 'application/json';
    }
    const updated = new Date().toISOString();
    const etag = sha1(content);
    await tx
      .insert(xapiDocuments)
      .values({ kind: scope.kind, activityId: scope.activityId ?? '', agent: scope.agent ?? '', registration: scope.registration?.toLowerCase() ?? '', documentId, contentType, content, etag, updated })
      .onConflictDoUpdate({ target: [xapiDocuments.kind, xapiDocuments.activityId, xapiDocuments.agent, xapiDocuments.registration, xapiDocuments.documentId], set: { contentType, content, etag, updated } });
  });
}

function parseObject(content: Buffer, message: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(content.toString('utf8'));
  } catch {
    throw new XapiError(400, message);
  }
  if (!isObject(v)) throw new XapiError(400, message);
  return v;
}

/** Deletes one document (with its preconditions), or every document of the scope when documentId is absent (state only). */
export async function deleteDocuments(db: Db, scope: DocumentScope, documentId: string | undefined, pre: Preconditions): Promise<void> {
  await db.transaction(async (tx) => {
    if (documentId !== undefined) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${lockKey(scope, documentId)}))`);
      const current = await getDocument(tx, scope, documentId);
      checkPreconditions(current, pre);
      await tx.delete(xapiDocuments).where(and(...where(scope), eq(xapiDocuments.documentId, documentId)));
    } else {
      await tx.delete(xapiDocuments).where(and(...where(scope)));
    }
  });
}
