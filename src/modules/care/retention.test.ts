import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../../test/helpers.js';
import { organisations, organisationTypes } from '../../platform/schema.js';
import { CareCipher, placeOf } from './crypto.js';
import { applyRetention, resealCareData } from './retention.js';
import { careAudit, consents, referralMessages, referrals, residents } from './schema.js';

let ctx: Awaited<ReturnType<typeof testPlatform>>;
const db = () => ctx.platform.database.db;
let centre: string;
let service: string;
const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

beforeAll(async () => {
  ctx = await testPlatform();
  await db().insert(organisationTypes).values({ code: 'reception-centre', names: { en: 'Reception centre' } }).onConflictDoNothing();
  const [a, b] = await db()
    .insert(organisations)
    .values([
      { name: 'CAS Ritenzione', typeCode: 'reception-centre', country: 'IT' },
      { name: 'CSM Ritenzione', typeCode: 'reception-centre', country: 'IT' },
    ])
    .returning();
  centre = a!.id;
  service = b!.id;
});

afterAll(async () => ctx.close());

const monthsAgo = (n: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 10);
};

/** A resident with a name, a consent, and a referral with a message, all sealed under `cipher`. */
async function resident(code: string, cipher: CareCipher, closedMonthsAgo: number | null) {
  const id = randomUUID();
  await db()
    .insert(residents)
    .values({
      id,
      organisationId: centre,
      caseCode: code,
      nameSealed: cipher.seal(`Name of ${code}`, placeOf('care_residents', 'name_sealed', id)),
      birthYear: 1990,
      countryOfOrigin: 'ER',
      languages: ['ti'],
      status: closedMonthsAgo === null ? 'open' : 'closed',
      closedOn: closedMonthsAgo === null ? null : monthsAgo(closedMonthsAgo),
    });
  await db().insert(consents).values({ residentId: id, purpose: 'screening', givenOn: monthsAgo(30), language: 'ti' });
  const referralId = randomUUID();
  await db()
    .insert(referrals)
    .values({ id: referralId, residentId: id, fromOrganisationId: centre, toOrganisationId: service, serviceName: 'CSM', urgency: 'urgent', targetHours: 168, reasonSealed: cipher.seal(`Reason for ${code}`, placeOf('care_referrals', 'reason_sealed', referralId)), status: 'completed' });
  const messageId = randomUUID();
  await db().insert(referralMessages).values({ id: messageId, referralId, organisationId: centre, bodySealed: cipher.seal('See you Monday', placeOf('care_referral_messages', 'body_sealed', messageId)) });
  return id;
}

describe('retention', () => {
  it('anonymises cases closed longer than the period, unless the resident consented to keeping their data', async () => {
    const cipher = new CareCipher([k1]);
    const old = await resident('RET-OLD', cipher, 25);
    const kept = await resident('RET-KEPT', cipher, 25);
    await db().insert(consents).values({ residentId: kept, purpose: 'retention', givenOn: monthsAgo(26), language: 'ti' });
    const recent = await resident('RET-RECENT', cipher, 3);
    const open = await resident('RET-OPEN', cipher, null);

    expect(await applyRetention(db(), { care: { keys: [k1], retentionMonths: 24, retentionAction: 'anonymise' } })).toEqual({ anonymised: 1, deleted: 0 });
    const [r] = await db().select().from(residents).where(eq(residents.id, old));
    expect(r).toMatchObject({ nameSealed: null, birthYear: null, countryOfOrigin: null, languages: [], status: 'closed' });
    expect(r!.caseCode).toMatch(/^anon-[0-9a-f]{12}$/);
    expect(r!.anonymisedAt).not.toBeNull();
    const [ref] = await db().select().from(referrals).where(eq(referrals.residentId, old));
    expect(ref).toMatchObject({ reasonSealed: '', status: 'completed', urgency: 'urgent' });
    expect(await db().select().from(referralMessages).where(eq(referralMessages.referralId, ref!.id))).toEqual([]);
    expect(await db().select().from(consents).where(eq(consents.residentId, old))).toEqual([]);
    const [entry] = await db().select().from(careAudit).where(eq(careAudit.residentId, old));
    expect(entry).toMatchObject({ action: 'resident.retention-anonymise', basis: 'retention', actorId: null });
    for (const id of [kept, recent, open]) expect((await db().select().from(residents).where(eq(residents.id, id)))[0]!.anonymisedAt).toBeNull();
    // Once anonymised, a case is not processed again.
    expect(await applyRetention(db(), { care: { keys: [k1], retentionMonths: 24, retentionAction: 'anonymise' } })).toEqual({ anonymised: 0, deleted: 0 });
  });

  it('deletes such cases instead when configured to', async () => {
    const gone = await resident('RET-DELETE', new CareCipher([k1]), 40);
    const r = await applyRetention(db(), { care: { keys: [k1], retentionMonths: 36, retentionAction: 'delete' } });
    expect(r).toEqual({ anonymised: 0, deleted: 1 });
    expect(await db().select().from(residents).where(eq(residents.id, gone))).toEqual([]);
    expect(await db().select().from(referrals).where(eq(referrals.residentId, gone))).toEqual([]);
    expect((await db().select().from(careAudit).where(eq(careAudit.residentId, gone))).map((a) => a.action)).toEqual(['resident.retention-delete']);
  });
});

describe('key rotation', () => {
  it('seals every value again under the new first key, after which the old key can go', async () => {
    const id = await resident('KEY-ROTATE', new CareCipher([k1]), null);
    const rotated = new CareCipher([k2, k1]);
    const r = await resealCareData(db(), rotated, 2);
    expect(r.unreadable).toBe(0);
    expect(r.resealed).toBeGreaterThanOrEqual(3);
    const onlyNew = new CareCipher([k2]);
    const [row] = await db().select().from(residents).where(eq(residents.id, id));
    expect(row!.nameSealed).toMatch(/^c1\.k2\./);
    expect(onlyNew.open(row!.nameSealed!, placeOf('care_residents', 'name_sealed', id))).toBe('Name of KEY-ROTATE');
    const [ref] = await db().select().from(referrals).where(eq(referrals.residentId, id));
    expect(onlyNew.open(ref!.reasonSealed, placeOf('care_referrals', 'reason_sealed', ref!.id))).toBe('Reason for KEY-ROTATE');
    expect(await resealCareData(db(), rotated)).toEqual({ resealed: 0, unreadable: 0 });
    // A value under a key that is no longer configured is reported, not lost.
    await resident('KEY-LOST', new CareCipher([{ id: 'gone', key: randomBytes(32) }]), null);
    expect((await resealCareData(db(), rotated)).unreadable).toBe(3);
  });
});
