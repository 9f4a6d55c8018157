import { and, count, desc, eq, isNull, type SQL } from 'drizzle-orm';
import { diffLines, diffWords } from 'diff';
import type { DbOrTx } from './db/index.js';
import { contentRevisions, users } from './schema.js';

/**
 * The history of editable content. Each save of an item's text in one language, or of its settings
 * (locale null), is kept as a revision: who, when, what changed, and the fields as saved. Modules call
 * `recordRevision` in the transaction of the save, after locking the item's row, so numbers never collide.
 */
export type RevisionFields = Record<string, string | number | boolean | string[] | null>;
export type Revision = typeof contentRevisions.$inferSelect & { fields: RevisionFields };

/** The state of one language (or of the settings) of an item. */
export interface RevisionState {
  fields: RevisionFields;
  /** For a translation: the source revision it matches. */
  sourceRevision?: number | null;
}

const key = (itemType: string, itemId: string, locale: string | null): SQL =>
  and(eq(contentRevisions.itemType, itemType), eq(contentRevisions.itemId, itemId), locale === null ? isNull(contentRevisions.locale) : eq(contentRevisions.locale, locale))!;

export const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields whose values differ between two states. */
export function changedFields(before: RevisionFields | null, after: RevisionFields): string[] {
  return Object.keys(after).filter((k) => !before || !same(before[k], after[k]));
}

/**
 * Records a save. `before` is the state the save replaced (null for a new item or language): when the item
 * has no history yet (content older than history), that state is kept first as an "earlier" revision. A save
 * that changes nothing (no field, no source revision) records nothing. Returns the new revision's number.
 */
export async function recordRevision(
  db: DbOrTx,
  input: { itemType: string; itemId: string; locale: string | null; before: (RevisionState & { at: Date }) | null; after: RevisionState; authorId: string | null; restoredFrom?: number | null },
): Promise<number | null> {
  const where = key(input.itemType, input.itemId, input.locale);
  const changed = changedFields(input.before?.fields ?? null, input.after.fields);
  if (input.before && !changed.length && (input.before.sourceRevision ?? null) === (input.after.sourceRevision ?? null)) return null;
  const [last] = await db.select({ number: contentRevisions.number }).from(contentRevisions).where(where).orderBy(desc(contentRevisions.number)).limit(1);
  let number = last?.number ?? 0;
  const base = { itemType: input.itemType, itemId: input.itemId, locale: input.locale };
  if (!last && input.before) {
    number += 1;
    await db.insert(contentRevisions).values({ ...base, number, action: 'earlier', fields: input.before.fields, changed: [], sourceRevision: input.before.sourceRevision ?? null, authorId: null, createdAt: input.before.at });
  }
  number += 1;
  const action = input.restoredFrom ? 'restored' : input.before ? 'edited' : 'created';
  await db.insert(contentRevisions).values({ ...base, number, action, restoredFrom: input.restoredFrom ?? null, fields: input.after.fields, changed, sourceRevision: input.after.sourceRevision ?? null, authorId: input.authorId });
  return number;
}

export interface RevisionListItem extends Revision {
  authorName: string | null;
}

/** One language's (or the settings') history, newest first. */
export async function listRevisions(db: DbOrTx, itemType: string, itemId: string, locale: string | null, page: number, pageSize: number) {
  const where = key(itemType, itemId, locale);
  const [{ total }] = (await db.select({ total: count() }).from(contentRevisions).where(where)) as [{ total: number }];
  const rows = await db
    .select({ r: contentRevisions, authorName: users.name })
    .from(contentRevisions)
    .leftJoin(users, eq(users.id, contentRevisions.authorId))
    .where(where)
    .orderBy(desc(contentRevisions.number))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total, items: rows.map(({ r, authorName }): RevisionListItem => ({ ...(r as Revision), authorName })) };
}

/** The languages (and null for settings) that have a history. */
export async function revisionTracks(db: DbOrTx, itemType: string, itemId: string): Promise<(string | null)[]> {
  const rows = await db
    .selectDistinct({ locale: contentRevisions.locale })
    .from(contentRevisions)
    .where(and(eq(contentRevisions.itemType, itemType), eq(contentRevisions.itemId, itemId)));
  return rows.map((r) => r.locale);
}

export async function getRevision(db: DbOrTx, itemType: string, itemId: string, id: string): Promise<RevisionListItem | null> {
  const [row] = await db
    .select({ r: contentRevisions, authorName: users.name })
    .from(contentRevisions)
    .leftJoin(users, eq(users.id, contentRevisions.authorId))
    .where(and(eq(contentRevisions.id, id), eq(contentRevisions.itemType, itemType), eq(contentRevisions.itemId, itemId)));
  return row ? { ...(row.r as Revision), authorName: row.authorName } : null;
}

export interface DiffPart {
  value: string;
  kind: 'same' | 'added' | 'removed';
}

/**
 * What changed from `before` to `after`, word by word (words as the language's own segmenter finds them, so
 * Greek and Arabic diff by word too); very different long texts fall back to line by line rather than
 * keeping the server busy.
 */
export function diffText(before: string, after: string, locale: string): DiffPart[] {
  const words = diffWords(before, after, { intlSegmenter: new Intl.Segmenter(locale, { granularity: 'word' }), timeout: 250 });
  const parts = words ?? diffLines(before, after);
  return parts.map((p) => ({ value: p.value, kind: p.added ? 'added' : p.removed ? 'removed' : 'same' }));
}

/** Who saves, and for a restore which revision it brings back (and, for a translation, the source revision it was made from). */
export interface SavedBy {
  userId: string | null;
  restoredFrom?: number | null;
  translatedFrom?: number | null;
}

/** The named fields of a row, as a revision keeps them. */
export const pickFields = <K extends string>(row: Record<K, unknown>, names: readonly K[]): RevisionFields => Object.fromEntries(names.map((n) => [n, (row[n] ?? null) as RevisionFields[string]]));
