import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../../test/helpers.js';
import type { Principal } from '../../platform/access.js';
import { createUser } from '../../platform/identity/users.js';
import { auditEvents, organisations, organisationTypes } from '../../platform/schema.js';
import type { CareActor } from './access.js';
import { careCipher } from './crypto.js';
import { resealCareData } from './retention.js';
import { openVulnerabilities } from './residents.js';
import { careAudit, consents, instruments, residents, screenings } from './schema.js';
import {
  completeScreening,
  demoQuestionnaire,
  getInstrument,
  getScreening,
  importInstrument,
  listInstruments,
  listScreenings,
  saveAnswers,
  screeningAsFhir,
  seedDemoInstrument,
  openAnswers,
  setInstrumentStatus,
  startScreening,
} from './screenings.js';

let ctx: Awaited<ReturnType<typeof testPlatform>>;
const db = () => ctx.platform.database.db;
const cipher = () => careCipher(ctx.platform.config);
const ids: Record<string, string> = {};
let operator: CareActor;
let otherOperator: CareActor;
let administrator: CareActor;

const principal = (id: string, roles: Principal['roles']): Principal => ({ id, email: `${id}@example.org`, name: 'Test', locale: null, roles, totpEnabled: true });

async function newResident(caseCode: string, organisationId = ids.centre!) {
  const [r] = await db().insert(residents).values({ organisationId, caseCode, birthYear: 1994, gender: 'male', countryOfOrigin: 'SD', languages: ['ar'], mediatorNeeded: true }).returning();
  return r!.id;
}
async function consentTo(residentId: string, purpose: 'screening' | 'sharing' = 'screening') {
  const [c] = await db().insert(consents).values({ residentId, purpose, givenOn: '2025-03-01', language: 'ar', mediatorPresent: true }).returning();
  return c!.id;
}
type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- FHIR JSON read loosely
const auditOf = (residentId: string) => db().select().from(careAudit).where(eq(careAudit.residentId, residentId)).orderBy(careAudit.id);
const allAnswers = (code: string) => Object.fromEntries(['sleep', 'tension', 'mood', 'memories', 'loneliness', 'self-care', 'activities', 'body'].map((l) => [l, [code]]));

beforeAll(async () => {
  ctx = await testPlatform();
  await db()
    .insert(organisationTypes)
    .values([{ code: 'reception-centre', names: { en: 'Reception centre' } }])
    .onConflictDoNothing();
  const [centre, elsewhere] = await db()
    .insert(organisations)
    .values([
      { name: 'CAS Prova Screening', typeCode: 'reception-centre', country: 'IT' },
      { name: 'CAS Altrove', typeCode: 'reception-centre', country: 'IT' },
    ])
    .returning();
  ids.centre = centre!.id;
  ids.elsewhere = elsewhere!.id;
  const [op, other, admin] = await Promise.all(['op', 'other', 'admin'].map((n) => createUser(db(), { email: `${n}@screening.test`, name: n, passwordHash: null, verified: true })));
  operator = { principal: principal(op!.id, [{ role: 'care-operator', organisationId: ids.centre }]), requestId: 'req-1' };
  otherOperator = { principal: principal(other!.id, [{ role: 'care-operator', organisationId: ids.elsewhere }]) };
  administrator = { principal: principal(admin!.id, [{ role: 'administrator', organisationId: null }]) };
  ids.demo = (await seedDemoInstrument(db())).id;
});
afterAll(() => ctx.close());

describe('instruments', () => {
  it('the demo instrument is seeded once', async () => {
    expect((await seedDemoInstrument(db())).id).toBe(ids.demo);
    const rows = await db().select().from(instruments).where(eq(instruments.code, 'ponte-wellbeing-demo'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.definition.validated).toBe(false);
    // The Questionnaire is kept as imported, for export and audit.
    expect(rows[0]!.questionnaire).toEqual(demoQuestionnaire());
  });

  it('re-importing a code and version is refused; a new version sits beside the old one, which can be retired', async () => {
    const again = await importInstrument(db(), administrator, demoQuestionnaire());
    expect(again).toEqual({ ok: false, error: 'exists', errors: ['Version 1.0.0 of instrument "ponte-wellbeing-demo" is already imported: give the new one another version.'] });

    const v2 = await importInstrument(db(), administrator, { ...demoQuestionnaire(), version: '1.1.0' });
    expect(v2.ok).toBe(true);
    if (!v2.ok) return;
    ids.demo11 = v2.instrument.id;
    expect(v2.instrument).toMatchObject({ code: 'ponte-wellbeing-demo', version: '1.1.0', status: 'active', importedBy: administrator.principal.id });
    expect((await listInstruments(db())).filter((i) => i.code === 'ponte-wellbeing-demo').map((i) => i.version)).toEqual(['1.1.0', '1.0.0']);

    expect(await setInstrumentStatus(db(), administrator, ids.demo11, 'retired')).toEqual({ ok: true });
    expect((await listInstruments(db())).map((i) => i.id)).not.toContain(ids.demo11);
    expect((await listInstruments(db(), { includeRetired: true })).find((i) => i.id === ids.demo11)?.status).toBe('retired');
    expect((await getInstrument(db(), ids.demo11))?.status).toBe('retired');
    expect(await setInstrumentStatus(db(), administrator, '00000000-0000-4000-8000-000000000000', 'retired')).toEqual({ ok: false, error: 'not-found' });
    expect(await getInstrument(db(), 'not-a-uuid')).toBeNull();

    const logged = await db().select().from(auditEvents).where(and(eq(auditEvents.targetType, 'care-instrument'), eq(auditEvents.targetId, ids.demo11)));
    expect(logged.map((e) => e.action).sort()).toEqual(['care.instrument-import', 'care.instrument-retire']);
  });

  it('an invalid Questionnaire is refused with the reasons', async () => {
    const r = await importInstrument(db(), administrator, { resourceType: 'Questionnaire', version: '1', title: 'Empty', item: [] });
    // Every reason at once, so the administrator fixes the file in one go.
    expect(r).toEqual({ ok: false, error: 'invalid', errors: ['The Questionnaire has no url, id or name to identify it: give a code.', 'The Questionnaire has no items.'] });
  });

  it('a published panel imports with the bands the administrator gives', async () => {
    const item = (n: number) => ({
      linkId: `/q${n}`,
      text: `Item ${n}`,
      type: 'choice',
      answerOption: [0, 1, 2, 3].map((s) => ({ extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: s }], valueCoding: { system: 'http://loinc.org', code: `LA-${s}`, display: `Answer ${s}` } })),
    });
    const r = await importInstrument(
      db(),
      administrator,
      { resourceType: 'Questionnaire', url: 'http://loinc.org/q/99999-9', version: '1', title: 'Three-item fixture', status: 'active', item: [1, 2, 3].map(item) },
      { bands: [{ code: 'low', min: 0, max: 4, label: 'Low' }, { code: 'high', min: 5, max: 9, label: 'High' }], cutoff: 5, requireAll: true },
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.instrument.definition).toMatchObject({ code: '99999-9', cutoff: 5, languages: ['en'] });
  });
});

describe('a screening', () => {
  beforeAll(async () => {
    ids.resident = await newResident('SCR-001');
  });

  it('needs the resident’s consent to screening, not withdrawn', async () => {
    const start = () => startScreening(db(), operator, ids.resident!, { instrumentId: ids.demo!, language: 'ar', mode: 'operator-with-mediator', mediatorLanguage: 'ar' });
    expect(await start()).toEqual({ ok: false, error: 'no-consent' });
    await consentTo(ids.resident!, 'sharing');
    expect(await start()).toEqual({ ok: false, error: 'no-consent' });
    const withdrawn = await consentTo(ids.resident!);
    await db().update(consents).set({ withdrawnAt: new Date(), withdrawnBy: operator.principal.id, withdrawalChannel: 'in-person' }).where(eq(consents.id, withdrawn));
    expect(await start()).toEqual({ ok: false, error: 'no-consent' });
    await consentTo(ids.resident!);
    expect((await start()).ok).toBe(true);
  });

  it('is refused in a language the instrument lacks, with a retired instrument, or with a mediator of no language', async () => {
    const start = (over: Partial<Parameters<typeof startScreening>[3]>) => startScreening(db(), operator, ids.resident!, { instrumentId: ids.demo!, language: 'ar', mode: 'self', ...over });
    expect(await start({ language: 'ti' })).toEqual({ ok: false, error: 'language-unavailable' });
    expect(await start({ instrumentId: ids.demo11! })).toEqual({ ok: false, error: 'instrument-retired' });
    expect(await start({ instrumentId: '00000000-0000-4000-8000-000000000000' })).toEqual({ ok: false, error: 'instrument-not-found' });
    expect(await start({ mode: 'operator-with-mediator' })).toEqual({ ok: false, error: 'mediator-language-required' });
    expect(await start({ mode: 'operator-with-mediator', mediatorLanguage: 'not a language' })).toEqual({ ok: false, error: 'mediator-language-required' });
    expect(await start({ mode: 'by-post' as never })).toEqual({ ok: false, error: 'invalid-mode' });
    const selfMode = await start({ mediatorLanguage: 'ar' });
    expect(selfMode.ok && selfMode.screening.mediatorLanguage).toBeNull();
  });

  it('is answered a page at a time, completed once every question is answered, and then never changes', async () => {
    const started = await startScreening(db(), operator, ids.resident!, { instrumentId: ids.demo!, language: 'ar', mode: 'operator-with-mediator', mediatorLanguage: 'ar' });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const id = (ids.screening = started.screening.id);
    expect(started.screening).toMatchObject({ residentId: ids.resident, organisationId: ids.centre, status: 'in-progress', language: 'ar', mediatorLanguage: 'ar', administeredBy: operator.principal.id, answers: {} });

    const bad = await saveAnswers(db(), cipher(), operator, id, { sleep: ['always'], nope: ['never'] });
    expect(bad).toEqual({ ok: false, error: 'invalid-answers', errors: ['Question "sleep" has no option "always".', 'Question "nope" is not in this instrument.'] });

    expect(await saveAnswers(db(), cipher(), operator, id, { sleep: ['often'], tension: ['often'], mood: ['never'] })).toMatchObject({ ok: true, screening: { answers: { sleep: ['often'], tension: ['often'], mood: ['never'] } } });
    // A later page keeps the earlier answers; an empty list clears one.
    expect(await saveAnswers(db(), cipher(), operator, id, { memories: ['sometimes'], mood: [] })).toMatchObject({ ok: true, screening: { answers: { sleep: ['often'], tension: ['often'], memories: ['sometimes'] } } });

    expect(await completeScreening(db(), cipher(), operator, id)).toEqual({ ok: false, error: 'missing', missing: ['mood', 'loneliness', 'self-care', 'activities', 'body'] });

    await saveAnswers(db(), cipher(), operator, id, { mood: ['often'], loneliness: ['sometimes'], 'self-care': ['often'], activities: ['sometimes'], body: ['almost-always'] });
    const done = await completeScreening(db(), cipher(), operator, id);
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    // 2+2+2+1+1+2+1+3
    expect(done.screening).toMatchObject({ status: 'completed', score: 14, band: 'moderate', aboveCutoff: true });
    expect(done.screening.completedAt).toBeInstanceOf(Date);
    expect(done.result.band?.code).toBe('moderate');
    expect(done.result.recommendations).toEqual(['R5', 'R8', 'R10'].map((identifier) => ({ guideline: 'psychosocial-support-refugees-demo', identifier })));

    expect(await saveAnswers(db(), cipher(), operator, id, { body: ['never'] })).toEqual({ ok: false, error: 'completed' });
    expect(await completeScreening(db(), cipher(), operator, id)).toEqual({ ok: false, error: 'completed' });
    const [row] = await db().select().from(screenings).where(eq(screenings.id, id));
    expect(row!.score).toBe(14);
    expect(openAnswers(cipher(), id, row!.answers)).toMatchObject({ body: ['almost-always'] });
  });

  it('is read with its instrument and band, and listed on the resident’s record', async () => {
    const r = await getScreening(db(), cipher(), operator, ids.screening!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.instrument).toMatchObject({ id: ids.demo, code: 'ponte-wellbeing-demo', version: '1.0.0' });
    expect(r.band).toMatchObject({ code: 'moderate', aboveCutoff: true });
    expect(r.basis).toBe('own-organisation');

    const list = await listScreenings(db(), operator, ids.resident!);
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    expect(list.screenings[0]).toBeDefined();
    expect(list.screenings.find((s) => s.id === ids.screening)).toMatchObject({ instrumentCode: 'ponte-wellbeing-demo', instrumentVersion: '1.0.0', status: 'completed', score: 14, band: 'moderate', aboveCutoff: true, validated: false, mode: 'operator-with-mediator' });
    expect(list.screenings.map((s) => s.startedAt.getTime())).toEqual([...list.screenings.map((s) => s.startedAt.getTime())].sort((a, b) => b - a));
  });

  it('exports as a FHIR QuestionnaireResponse in the language it was given in', async () => {
    const r = await screeningAsFhir(db(), cipher(), operator, ids.screening!, 'https://ponte.example.org/');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const qr = r.resource as J;
    expect(qr).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      id: ids.screening,
      language: 'ar',
      questionnaire: 'https://ponte-project.org/fhir/Questionnaire/ponte-wellbeing-demo|1.0.0',
      status: 'completed',
      subject: { reference: `Patient/${ids.resident}` },
    });
    expect(Number.isNaN(Date.parse(qr.authored))).toBe(false);
    expect(qr.item).toHaveLength(9);
    expect(qr.item.find((i: J) => i.linkId === 'body').answer).toEqual([{ valueCoding: { system: 'https://ponte-project.org/fhir/CodeSystem/ponte-wellbeing-demo-frequency', code: 'almost-always', display: 'طوال الوقت تقريبًا' } }]);
    expect(qr.item.at(-1)).toMatchObject({ linkId: 'total', answer: [{ valueInteger: 14 }] });
  });

  it('of an instrument without a canonical URL names it by this instance', async () => {
    const q = demoQuestionnaire();
    delete q.url;
    const imported = await importInstrument(db(), administrator, { ...q, id: 'wellbeing-local', version: '9' });
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const s = await startScreening(db(), operator, ids.resident!, { instrumentId: imported.instrument.id, language: 'it', mode: 'self' });
    if (!s.ok) throw new Error(s.error);
    const r = await screeningAsFhir(db(), cipher(), operator, s.screening.id, 'https://ponte.example.org');
    expect(r.ok && r.resource).toMatchObject({ questionnaire: 'https://ponte.example.org/fhir/Questionnaire/wellbeing-local|9', status: 'in-progress', language: 'it' });
  });
});

describe('who may reach a screening', () => {
  it('another centre’s operator is denied everything, as if the screening did not exist, and the denial is audited', async () => {
    const before = (await auditOf(ids.resident!)).length;
    expect(await startScreening(db(), otherOperator, ids.resident!, { instrumentId: ids.demo!, language: 'ar', mode: 'self' })).toEqual({ ok: false, error: 'not-found' });
    expect(await saveAnswers(db(), cipher(), otherOperator, ids.screening!, { sleep: ['never'] })).toEqual({ ok: false, error: 'not-found' });
    expect(await completeScreening(db(), cipher(), otherOperator, ids.screening!)).toEqual({ ok: false, error: 'not-found' });
    expect(await getScreening(db(), cipher(), otherOperator, ids.screening!)).toEqual({ ok: false, error: 'not-found' });
    expect(await listScreenings(db(), otherOperator, ids.resident!)).toEqual({ ok: false, error: 'not-found' });
    expect(await screeningAsFhir(db(), cipher(), otherOperator, ids.screening!, 'https://ponte.example.org')).toEqual({ ok: false, error: 'not-found' });
    // An administrator without break-glass is no better off.
    expect(await getScreening(db(), cipher(), administrator, ids.screening!)).toEqual({ ok: false, error: 'not-found' });

    const denials = (await auditOf(ids.resident!)).slice(before);
    expect(denials.map((d) => [d.actorId, d.action, d.access, d.outcome, d.basis])).toEqual([
      [otherOperator.principal.id, 'screening.start', 'write', 'denied', 'none'],
      [otherOperator.principal.id, 'screening.answer', 'write', 'denied', 'none'],
      [otherOperator.principal.id, 'screening.complete', 'write', 'denied', 'none'],
      [otherOperator.principal.id, 'screening.read', 'read', 'denied', 'none'],
      [otherOperator.principal.id, 'screening.list', 'read', 'denied', 'none'],
      [otherOperator.principal.id, 'screening.export', 'read', 'denied', 'none'],
      [administrator.principal.id, 'screening.read', 'read', 'denied', 'none'],
    ]);
    for (const d of denials) expect(d.ownerOrganisationId).toBe(ids.centre);
    const [unchanged] = await db().select().from(screenings).where(eq(screenings.id, ids.screening!));
    expect(openAnswers(cipher(), unchanged!.id, unchanged!.answers).sleep).toEqual(['often']);
  });

  it('a screening id that does not exist is denied the same way, and audited', async () => {
    const missing = '00000000-0000-4000-8000-000000000001';
    expect(await getScreening(db(), cipher(), operator, missing)).toEqual({ ok: false, error: 'not-found' });
    expect(await getScreening(db(), cipher(), operator, 'not-a-uuid')).toEqual({ ok: false, error: 'not-found' });
    const rows = await db().select().from(careAudit).where(and(eq(careAudit.actorId, operator.principal.id), eq(careAudit.outcome, 'denied')));
    expect(rows.map((r) => [r.action, r.residentId])).toEqual([
      ['screening.read', null],
      ['screening.read', null],
    ]);
  });

  it('every read and write of the operator’s own resident left a successful audit row with its basis', async () => {
    const mine = (await auditOf(ids.resident!)).filter((a) => a.actorId === operator.principal.id);
    const actions = new Set(mine.map((a) => a.action));
    for (const action of ['screening.start', 'screening.answer', 'screening.complete', 'screening.read', 'screening.list', 'screening.export']) expect(actions, action).toContain(action);
    for (const a of mine) {
      expect(a).toMatchObject({ outcome: 'success', basis: 'own-organisation', organisationId: ids.centre, ownerOrganisationId: ids.centre, requestId: 'req-1' });
      expect(a.access).toBe(a.action === 'screening.read' || a.action === 'screening.list' || a.action === 'screening.export' ? 'read' : 'write');
    }
  });

  it('a closed case takes no new screening', async () => {
    const closed = await newResident('SCR-002');
    await consentTo(closed);
    await db().update(residents).set({ status: 'closed', closedOn: '2025-06-01' }).where(eq(residents.id, closed));
    expect(await startScreening(db(), operator, closed, { instrumentId: ids.demo!, language: 'en', mode: 'self' })).toEqual({ ok: false, error: 'resident-closed' });
  });

  it('withdrawing consent stops a screening in progress', async () => {
    const resident = await newResident('SCR-003');
    const consent = await consentTo(resident);
    const s = await startScreening(db(), operator, resident, { instrumentId: ids.demo!, language: 'de', mode: 'operator' });
    if (!s.ok) throw new Error(s.error);
    await db().update(consents).set({ withdrawnAt: new Date() }).where(eq(consents.id, consent));
    expect(await saveAnswers(db(), cipher(), operator, s.screening.id, allAnswers('never'))).toEqual({ ok: false, error: 'no-consent' });
    expect(await completeScreening(db(), cipher(), operator, s.screening.id)).toEqual({ ok: false, error: 'no-consent' });
  });
});

describe('screening answers at rest', () => {
  it('keeps answers sealed to their row, and seals the plain answers and vulnerabilities of earlier versions on reseal', async () => {
    const resident = await newResident('SEAL-2026-001');
    await consentTo(resident);
    const started = await startScreening(db(), operator, resident, { instrumentId: ids.demo!, language: 'ar', mode: 'self' });
    if (!started.ok) throw new Error(started.error);
    const id = started.screening.id;
    await saveAnswers(db(), cipher(), operator, id, { sleep: ['almost-always'], mood: ['often'] });
    // In the database: no answer code, no question, only the sealed value.
    const [row] = await db().select().from(screenings).where(eq(screenings.id, id));
    expect(row!.answers).toMatch(/^c1\./);
    expect(row!.answers).not.toMatch(/sleep|mood|almost-always|often/);
    expect(openAnswers(cipher(), id, row!.answers)).toEqual({ sleep: ['almost-always'], mood: ['often'] });
    // Copied onto another screening, the value does not open there.
    const other = await startScreening(db(), operator, resident, { instrumentId: ids.demo!, language: 'ar', mode: 'self' });
    if (!other.ok) throw new Error(other.error);
    expect(() => openAnswers(cipher(), other.screening.id, row!.answers)).toThrow(/opens with no configured care key/);

    // A row an earlier version wrote (plain JSON) still reads, and `ponte care reseal` seals it.
    await db().update(screenings).set({ answers: JSON.stringify({ tension: ['never'] }) }).where(eq(screenings.id, other.screening.id));
    expect(await getScreening(db(), cipher(), operator, other.screening.id)).toMatchObject({ ok: true, screening: { answers: { tension: ['never'] } } });
    // So do a resident's vulnerabilities stored in clear by an earlier version.
    await db().update(residents).set({ vulnerabilities: '["minor"]' }).where(eq(residents.id, resident));
    const before = (await db().select({ answers: screenings.answers }).from(screenings)).filter((r) => !r.answers.startsWith('c1.') && r.answers !== '{}').length;
    expect(before).toBeGreaterThan(0);
    const { resealed, unreadable } = await resealCareData(db(), cipher());
    expect(unreadable).toBe(0);
    expect(resealed).toBeGreaterThanOrEqual(before);
    const [sealedNow] = await db().select().from(screenings).where(eq(screenings.id, other.screening.id));
    expect(sealedNow!.answers).toMatch(/^c1\./);
    expect(openAnswers(cipher(), other.screening.id, sealedNow!.answers)).toEqual({ tension: ['never'] });
    expect((await db().select({ answers: screenings.answers }).from(screenings)).every((r) => r.answers.startsWith('c1.') || r.answers === '{}')).toBe(true);
    const [sealedResident] = await db().select().from(residents).where(eq(residents.id, resident));
    expect(sealedResident!.vulnerabilities).toMatch(/^c1\./);
    expect(openVulnerabilities(cipher(), resident, sealedResident!.vulnerabilities)).toEqual(['minor']);
  });
});
