import { createHash } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { getUser } from '../../platform/identity/users.js';
import type { JsonValue } from '../../platform/personal-data.js';
import { accountAgent, learnerAccount } from './ponte.js';
import { xapiDocuments, xapiLearners, xapiStatements } from './schema.js';
import { ifiKey, memberKey, relatedAgents } from './statements.js';

type Json = Record<string, unknown>;

/*
 * The learning record store's part of "download my data" and of account deletion (docs/architecture.md
 * "Personal data"). A person is recognised in statements and documents by:
 * - the account agent Ponte's own statements name them with (PUBLIC_URL + their pseudonym, xapi_learners);
 * - their e-mail address as `mbox` (mailto:) or `mbox_sha1sum`, only once the address is verified (an unverified
 *   address could be someone else's).
 * Statements match when they name one of these as actor, object, Group member, instructor or team (also inside a
 * sub-statement); one that names the person only as its authority (credentials vouching for other people's
 * records) is not theirs. Other identifiers (an account on another system, an openid, an earlier e-mail address)
 * cannot be tied to the person and are not matched.
 */

/** The identifiers (as ifiKey writes them) under which the LRS may hold records about the person. */
export async function identifiersOf(db: DbOrTx, userId: string, publicUrl: string): Promise<string[]> {
  const keys: string[] = [];
  const account = await learnerAccount(db, userId);
  if (account) keys.push(ifiKey(accountAgent(publicUrl, account))!);
  const user = await getUser(db, userId);
  if (user?.emailVerifiedAt) {
    const mbox = `mailto:${user.email.toLowerCase()}`;
    keys.push(ifiKey({ mbox })!, ifiKey({ mbox_sha1sum: createHash('sha1').update(mbox).digest('hex') })!);
  }
  return keys;
}

/** The statements about the person (voided ones too: they are still held), oldest first. */
async function statementsAbout(db: DbOrTx, keys: string[]): Promise<{ id: string; statement: Json; voided: boolean }[]> {
  if (!keys.length) return [];
  const wanted = [...keys, ...keys.map(memberKey)];
  const rows = await db
    .select({ id: xapiStatements.id, statement: xapiStatements.statement, voided: xapiStatements.voided })
    .from(xapiStatements)
    .where(sql`${xapiStatements.agents} && ARRAY[${sql.join(wanted.map((k) => sql`${k}`), sql`, `)}]::text[]`)
    .orderBy(asc(xapiStatements.seq));
  return rows.filter((r) => {
    const named = new Set<string>();
    relatedAgents(r.statement, named, { authority: false });
    return wanted.some((k) => named.has(k));
  });
}

const documentsAbout = (db: DbOrTx, keys: string[]) => (keys.length ? db.select().from(xapiDocuments).where(inArray(xapiDocuments.agent, keys)).orderBy(asc(xapiDocuments.kind), asc(xapiDocuments.activityId), asc(xapiDocuments.documentId)) : Promise.resolve([]));

/**
 * Under `xapi` in the export: `agent` (the account agent Ponte's statements name the person with, or null),
 * `identifiers` (what was matched), `statements` (each as the LRS returns it, with `voided`), `documents` (state
 * and agent profile documents kept under those identifiers: kind, activity, registration, id, type, updated,
 * and the content as text, or base64 when it is not text).
 */
export async function xapiPersonalData(db: DbOrTx, userId: string, publicUrl: string): Promise<{ [key: string]: JsonValue }> {
  const keys = await identifiersOf(db, userId, publicUrl);
  const account = await learnerAccount(db, userId);
  const statements = await statementsAbout(db, keys);
  const documents = await documentsAbout(db, keys);
  const textual = (type: string) => /^(text\/|application\/(json|xml|[a-z.+-]*\+(json|xml))\b)/i.test(type);
  return {
    agent: account ? (accountAgent(publicUrl, account) as JsonValue) : null,
    identifiers: keys,
    statements: statements.map((s) => ({ ...(s.statement as { [key: string]: JsonValue }), voided: s.voided })),
    documents: documents.map((d) => ({
      kind: d.kind,
      activityId: d.activityId || null,
      registration: d.registration || null,
      id: d.documentId,
      contentType: d.contentType,
      updated: new Date(d.updated).toISOString(),
      ...(textual(d.contentType) ? { content: d.content.toString('utf8') } : { contentBase64: d.content.toString('base64') }),
    })),
  };
}

/**
 * Account deletion: the statements about the person and the documents kept under their identifiers are deleted
 * (statements are otherwise never deleted, only voided), and so is their pseudonym, so that statements forwarded
 * earlier to another LRS name nobody Ponte can point to.
 */
export async function eraseXapiData(db: DbOrTx, userId: string, publicUrl: string): Promise<void> {
  const keys = await identifiersOf(db, userId, publicUrl);
  const statements = await statementsAbout(db, keys);
  if (statements.length) await db.delete(xapiStatements).where(inArray(xapiStatements.id, statements.map((s) => s.id)));
  if (keys.length) await db.delete(xapiDocuments).where(inArray(xapiDocuments.agent, keys));
  await db.delete(xapiLearners).where(eq(xapiLearners.userId, userId));
}
