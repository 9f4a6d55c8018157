import { and, eq, inArray, isNull, lte, not, sql } from 'drizzle-orm';
import type { Config } from '../../platform/config.js';
import { executedRows, type Db, type DbOrTx } from '../../platform/db/index.js';
import { recordCareAccess, type CareActor } from './access.js';
import { placeOf, type CareCipher } from './crypto.js';
import { breakGlassGrants, consents, referralEvents, referralMessages, referrals, residents, screenings } from './schema.js';

export const RETENTION_QUEUE = 'care.retention';

/**
 * Strips what identifies a resident and what was written about them, keeping the coded facts the indicators
 * count (centre, gender, screening score and band, referral dates, urgency and outcome). Consents and break-glass
 * grants go; the audit trail stays.
 */
async function anonymise(db: DbOrTx, residentId: string): Promise<void> {
  await db
    .update(residents)
    .set({
      caseCode: sql`'anon-' || substr(replace(${residents.id}::text, '-', ''), 1, 12)`,
      nameSealed: null,
      birthYear: null,
      countryOfOrigin: null,
      languages: [],
      arrivalDate: null,
      vulnerabilities: '[]',
      anonymisedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(eq(residents.id, residentId));
  await db.update(screenings).set({ answers: '{}' }).where(eq(screenings.residentId, residentId));
  const ids = db.select({ id: referrals.id }).from(referrals).where(eq(referrals.residentId, residentId));
  await db.update(referrals).set({ reasonSealed: '', overrideReasonSealed: null, mediatorLanguage: null }).where(eq(referrals.residentId, residentId));
  await db.update(referralEvents).set({ noteSealed: null }).where(inArray(referralEvents.referralId, ids));
  await db.delete(referralMessages).where(inArray(referralMessages.referralId, ids));
  await db.delete(consents).where(eq(consents.residentId, residentId));
  await db.delete(breakGlassGrants).where(eq(breakGlassGrants.residentId, residentId));
}

/**
 * Applies the retention rules: cases closed for longer than CARE_RETENTION_MONTHS, whose resident did not consent
 * to keeping their data, are anonymised or deleted (CARE_RETENTION_ACTION). One transaction per case, each
 * audited with the basis `retention`.
 */
export async function applyRetention(db: Db, config: Pick<Config, 'care'>, now = new Date()): Promise<{ anonymised: number; deleted: number }> {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - config.care.retentionMonths);
  const due = await db
    .select({ id: residents.id, organisationId: residents.organisationId })
    .from(residents)
    .where(
      and(
        eq(residents.status, 'closed'),
        lte(residents.closedOn, cutoff.toISOString().slice(0, 10)),
        isNull(residents.anonymisedAt),
        not(sql`EXISTS (SELECT 1 FROM care_consents c WHERE c.resident_id = ${residents.id} AND c.purpose = 'retention' AND c.withdrawn_at IS NULL)`),
      ),
    )
    .limit(5000);
  const action = config.care.retentionAction;
  for (const r of due) {
    await db.transaction(async (tx) => {
      if (action === 'delete') await tx.delete(residents).where(eq(residents.id, r.id));
      else await anonymise(tx, r.id);
      await recordCareAccess(tx, { actor: null, action: `resident.retention-${action}`, access: 'write', basis: 'retention', outcome: 'success', ownerOrganisationId: r.organisationId, residentId: r.id });
    });
  }
  return action === 'delete' ? { anonymised: 0, deleted: due.length } : { anonymised: due.length, deleted: 0 };
}

/** Erases a resident at their request: the record and everything attached go; the audit trail keeps the ids. */
export async function eraseResident(db: DbOrTx, actor: CareActor, residentId: string, organisationId: string): Promise<void> {
  await recordCareAccess(db, { actor, action: 'resident.erase', access: 'write', basis: 'data-subject-request', outcome: 'success', organisationId, ownerOrganisationId: organisationId, residentId });
  await db.delete(residents).where(eq(residents.id, residentId));
}

/**
 * Every sealed column: its table, key column and value column. `plainBefore`: rows written before the column was
 * sealed hold plain text (not `c1.…`), which reseal seals.
 */
const SEALED: { table: string; id: string; column: string; plainBefore?: true }[] = [
  { table: 'care_residents', id: 'id', column: 'name_sealed' },
  { table: 'care_referrals', id: 'id', column: 'reason_sealed' },
  { table: 'care_referrals', id: 'id', column: 'override_reason_sealed' },
  { table: 'care_referral_events', id: 'id', column: 'note_sealed' },
  { table: 'care_referral_messages', id: 'id', column: 'body_sealed' },
  { table: 'care_break_glass', id: 'id', column: 'reason_sealed' },
  { table: 'care_screenings', id: 'id', column: 'answers', plainBefore: true },
  { table: 'care_residents', id: 'id', column: 'vulnerabilities', plainBefore: true },
];

/**
 * Key rotation: seals again, under the first key of CARE_DATA_KEYS, every value sealed under another key, in
 * batches. Run after putting a new key first; once it reports nothing left, the old key can be removed. It also
 * seals what earlier versions kept in clear in a column sealed since (screening answers and vulnerabilities,
 * migrations 0038 and 0039).
 * A value that no configured key opens is left as it is and counted (it needs the missing key back).
 */
export async function resealCareData(db: Db, cipher: CareCipher, batch = 500): Promise<{ resealed: number; unreadable: number }> {
  let resealed = 0;
  let unreadable = 0;
  const active = `c1.${cipher.activeKeyId}.`;
  for (const s of SEALED) {
    const skip: string[] = [];
    for (;;) {
      const list = executedRows<{ id: string; value: string }>(await db.execute(
        sql`SELECT ${sql.raw(s.id)}::text AS id, ${sql.raw(s.column)} AS value FROM ${sql.raw(s.table)}
            WHERE ${sql.raw(s.column)} IS NOT NULL AND ${sql.raw(s.column)} <> '' AND left(${sql.raw(s.column)}, ${active.length}) <> ${active}
            ${skip.length ? sql`AND ${sql.raw(s.id)}::text NOT IN (${sql.join(skip.map((x) => sql`${x}`), sql`, `)})` : sql``}
            LIMIT ${batch}`,
      ));
      if (!list.length) break;
      await db.transaction(async (tx) => {
        for (const r of list) {
          const place = placeOf(s.table, s.column, r.id);
          const plain = s.plainBefore && !r.value.startsWith('c1.') ? r.value : cipher.open(r.value, place);
          if (plain === null) {
            unreadable++;
            skip.push(r.id);
            continue;
          }
          await tx.execute(sql`UPDATE ${sql.raw(s.table)} SET ${sql.raw(s.column)} = ${cipher.seal(plain, place)} WHERE ${sql.raw(s.id)}::text = ${r.id}`);
          resealed++;
        }
      });
    }
  }
  return { resealed, unreadable };
}
