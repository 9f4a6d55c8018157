import { desc, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { xapiStatements } from './schema.js';
import { ifiKey } from './statements.js';
import { isObject } from './validate.js';

type Json = Record<string, unknown>;

/** How many recent statements are read to assemble an activity's definition or a person's names. */
const SCAN = 500;

function walk(v: unknown, visit: (o: Json) => void) {
  if (Array.isArray(v)) for (const x of v) walk(x, visit);
  else if (isObject(v)) {
    visit(v);
    for (const [k, x] of Object.entries(v)) if (k !== 'extensions') walk(x, visit);
  }
}

/**
 * The Activity object the LRS knows for an id: the definitions found in statements merged, older first so the
 * newest wins, language maps merged language by language. An id never seen is answered with the bare object.
 */
export async function activityObject(db: DbOrTx, activityId: string): Promise<Json> {
  const rows = await db
    .select({ statement: xapiStatements.statement })
    .from(xapiStatements)
    .where(sql`${xapiStatements.activities} @> ARRAY[${activityId}]::text[]`)
    .orderBy(desc(xapiStatements.seq))
    .limit(SCAN);
  const definition: Json = {};
  for (const { statement } of rows.reverse()) {
    walk(statement, (o) => {
      if (o.id !== activityId || (o.objectType ?? 'Activity') !== 'Activity' || !isObject(o.definition)) return;
      for (const [k, v] of Object.entries(o.definition)) {
        if ((k === 'name' || k === 'description' || k === 'extensions') && isObject(v)) definition[k] = { ...(isObject(definition[k]) ? definition[k] : {}), ...v };
        else definition[k] = v;
      }
    });
  }
  return Object.keys(definition).length ? { objectType: 'Activity', id: activityId, definition } : { objectType: 'Activity', id: activityId };
}

/** The Person object for an agent: its identifier and the names statements gave it. */
export async function personObject(db: DbOrTx, agent: Json): Promise<Json> {
  const key = ifiKey(agent)!;
  const rows = await db
    .select({ statement: xapiStatements.statement })
    .from(xapiStatements)
    .where(sql`${xapiStatements.agents} @> ARRAY[${key}]::text[]`)
    .orderBy(desc(xapiStatements.seq))
    .limit(SCAN);
  const names = new Set<string>();
  if (typeof agent.name === 'string') names.add(agent.name);
  for (const { statement } of rows) walk(statement, (o) => void (typeof o.name === 'string' && (o.mbox || o.mbox_sha1sum || o.openid || o.account) && ifiKey(o) === key && names.add(o.name)));
  const person: Json = { objectType: 'Person' };
  if (names.size) person.name = [...names];
  for (const k of ['mbox', 'mbox_sha1sum', 'openid', 'account']) if (agent[k] !== undefined) person[k] = [agent[k]];
  return person;
}
