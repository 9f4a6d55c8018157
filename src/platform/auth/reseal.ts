import { isNotNull, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/index.js';
import { seal, unseal, type SecretKeys } from './crypto.js';

/** A column of values sealed under SECRET_KEY (`seal`), with the purpose they were sealed for. */
export interface SealedColumn {
  name: string;
  table: PgTable;
  id: PgColumn;
  sealed: PgColumn;
  purpose: string;
}

export interface ResealReport {
  /** Per column: values sealed again under the first key, values no configured key opens (left as they are). */
  columns: { name: string; resealed: number; unreadable: number }[];
  resealed: number;
  unreadable: number;
}

/**
 * Seals every value of the columns again under the first of the keys (SECRET_KEY), in one transaction: a value
 * an earlier key (SECRET_KEY_PREVIOUS) opens is sealed anew; one already under the first key is left alone; one
 * no key opens is counted and left as it is. After a run with nothing unreadable, the earlier keys can go.
 */
export async function resealUnderSecretKey(db: DbOrTx, keys: SecretKeys, columns: readonly SealedColumn[]): Promise<ResealReport> {
  return db.transaction(async (tx) => {
    const report: ResealReport = { columns: [], resealed: 0, unreadable: 0 };
    for (const c of columns) {
      const rows = await tx.select({ id: c.id, value: c.sealed }).from(c.table).where(isNotNull(c.sealed)).for('update');
      const counts = { name: c.name, resealed: 0, unreadable: 0 };
      for (const { id, value } of rows as { id: unknown; value: string }[]) {
        if (unseal(keys[0], c.purpose, value) !== null) continue;
        const plain = unseal(keys, c.purpose, value);
        if (plain === null) {
          counts.unreadable++;
          continue;
        }
        await tx.execute(sql`update ${c.table} set ${sql.identifier(c.sealed.name)} = ${seal(keys[0], c.purpose, plain)} where ${c.id} = ${id}`);
        counts.resealed++;
      }
      report.columns.push(counts);
      report.resealed += counts.resealed;
      report.unreadable += counts.unreadable;
    }
    return report;
  });
}
