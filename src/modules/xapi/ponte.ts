import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { xapiLearners } from './schema.js';
import { storeStatements } from './statements.js';

type Json = Record<string, unknown>;

/*
 * Ponte's own statements (docs/xapi.md "Ponte's own statements"): who they name and who signs them. Other modules
 * build the statements (training: modules/training/xapi-events.ts) and store them with storeOwnStatements, in
 * the transaction of the event they record.
 */

/** The instance's base IRI: PUBLIC_URL without a trailing slash. */
export const baseIri = (publicUrl: string) => publicUrl.replace(/\/+$/, '');

/** The Agent that signs Ponte's own statements (their `authority`), and that forwarding recognises them by. */
export const ponteAuthority = (publicUrl: string): Json => ({ objectType: 'Agent', name: 'Ponte', account: { homePage: baseIri(publicUrl), name: 'ponte' } });

/** A stable activity IRI under the instance: `<PUBLIC_URL>/xapi/activities/<kind>/<id>` (an identifier, not a page). */
export const activityIri = (publicUrl: string, kind: 'course' | 'lesson' | 'assessment' | 'question', id: string) => `${baseIri(publicUrl)}/xapi/activities/${kind}/${id}`;

/** The account agent of a person whose pseudonym is `account`. */
export const accountAgent = (publicUrl: string, account: string): Json => ({ objectType: 'Agent', account: { homePage: baseIri(publicUrl), name: account } });

/**
 * The account agents naming these people in Ponte's statements, by user id: `{homePage: PUBLIC_URL, name: <a random
 * UUID kept in xapi_learners>}`; a person gets theirs the first time a statement names them. One statement.
 */
export async function learnerAgents(db: DbOrTx, publicUrl: string, userIds: string[]): Promise<Map<string, Json>> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return new Map();
  await db
    .insert(xapiLearners)
    .values(ids.map((userId) => ({ userId })))
    .onConflictDoNothing({ target: xapiLearners.userId });
  const rows = await db.select({ userId: xapiLearners.userId, account: xapiLearners.account }).from(xapiLearners).where(inArray(xapiLearners.userId, ids));
  return new Map(rows.map((r) => [r.userId, accountAgent(publicUrl, r.account)]));
}

/** The pseudonym of a person, or null when no statement of Ponte's has named them yet. */
export async function learnerAccount(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ account: xapiLearners.account }).from(xapiLearners).where(sql`${xapiLearners.userId} = ${userId}`);
  return row?.account ?? null;
}

/**
 * Stores statements Ponte makes about its own learning events, signed with Ponte's authority, in the caller's
 * transaction when `db` is one (a savepoint: the statements exist only if the event commits). Validated as any
 * client's statements are; an invalid one is a programming error and fails the event.
 */
export async function storeOwnStatements(db: DbOrTx, publicUrl: string, statements: Json[]): Promise<string[]> {
  if (!statements.length) return [];
  return storeStatements(db, statements, ponteAuthority(publicUrl));
}
