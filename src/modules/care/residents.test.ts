import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, TEST_PASSWORD, testApp } from '../../../test/helpers.js';
import { mailOutbox, organisations, organisationTypes, regions } from '../../platform/schema.js';
import { CareCipher, careCipher, placeOf } from './crypto.js';
import { openVulnerabilities, seedVulnerabilityCategories } from './residents.js';
import { detectCareAnomalies } from './anomalies.js';
import { breakGlassGrants, careAudit, consents, residents } from './schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let operator: Client;
let neighbour: Client;
let clinician: Client;
let admin: Client;
let dpo: Client;
let otherDpo: Client;
const db = () => ctx.platform.database.db;
const cipher = () => careCipher(ctx.platform.config);
const ids: Record<string, string> = {};

const auditOf = (residentId: string) => db().select().from(careAudit).where(eq(careAudit.residentId, residentId));
const residentByCode = async (code: string, organisationId = ids.cas!) => (await db().select().from(residents).where(and(eq(residents.caseCode, code), eq(residents.organisationId, organisationId))))[0]!;

beforeAll(async () => {
  ctx = await testApp();
  await db()
    .insert(organisationTypes)
    .values([
      { code: 'reception-centre', names: { en: 'Reception centre' } },
      { code: 'local-health-authority', names: { en: 'Local health authority' } },
    ])
    .onConflictDoNothing();
  const [region] = await db().insert(regions).values({ country: 'IT', code: 'IT-82', name: 'Sicilia' }).returning();
  const [cas, cas2, csm] = await db()
    .insert(organisations)
    .values([
      { name: 'CAS Prova Palermo', typeCode: 'reception-centre', country: 'IT', regionId: region!.id },
      { name: 'CAS Prova Catania', typeCode: 'reception-centre', country: 'IT', regionId: region!.id },
      { name: 'CSM Prova Palermo', typeCode: 'local-health-authority', country: 'IT', regionId: region!.id },
    ])
    .returning();
  Object.assign(ids, { cas: cas!.id, cas2: cas2!.id, csm: csm!.id });
  await seedVulnerabilityCategories(db());
  operator = await signedInAs(ctx, 'operator@example.org', 'care-operator', { organisationId: cas!.id });
  neighbour = await signedInAs(ctx, 'neighbour@example.org', 'care-operator', { organisationId: cas2!.id });
  clinician = await signedInAs(ctx, 'clinician@example.org', 'care-clinician', { organisationId: csm!.id });
  admin = await signedInAs(ctx, 'admin@example.org', 'administrator');
  dpo = await signedInAs(ctx, 'dpo@example.org', 'data-protection', { organisationId: cas!.id });
  otherDpo = await signedInAs(ctx, 'dpo2@example.org', 'data-protection', { organisationId: cas2!.id });
}, 60_000);

afterAll(async () => ctx.close());

describe('care data encryption', () => {
  it('seals with the first key, opens with any configured key, and refuses tampered or moved values', () => {
    const oldKey = { id: 'k1', key: randomBytes(32) };
    const newKey = { id: 'k2', key: randomBytes(32) };
    const before = new CareCipher([oldKey]);
    const sealed = before.seal('Amal H.', placeOf('care_residents', 'name_sealed', 'r1'));
    expect(sealed).toMatch(/^c1\.k1\./);
    expect(sealed).not.toContain('Amal');
    const after = new CareCipher([newKey, oldKey]);
    expect(after.open(sealed, placeOf('care_residents', 'name_sealed', 'r1'))).toBe('Amal H.');
    expect(after.needsResealing(sealed)).toBe(true);
    expect(after.needsResealing(after.seal('x', 'p'))).toBe(false);
    // Copied to another record, or altered, it does not open.
    expect(after.open(sealed, placeOf('care_residents', 'name_sealed', 'r2'))).toBeNull();
    const raw = Buffer.from(sealed.split('.')[2]!, 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(after.open(`c1.k1.${raw.toString('base64url')}`, placeOf('care_residents', 'name_sealed', 'r1'))).toBeNull();
    // A key removed from the ring no longer opens what it sealed.
    expect(new CareCipher([newKey]).open(sealed, placeOf('care_residents', 'name_sealed', 'r1'))).toBeNull();
  });
});

describe('residents', () => {
  it('an operator records a resident; the name is sealed in the database and shown only to the centre', async () => {
    const form = await operator.get(`/care/centres/${ids.cas}/residents/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Survivor of torture, rape or other serious violence');
    const r = await operator.post(`/care/centres/${ids.cas}/residents/new`, {
      caseCode: 'PA-2026-001',
      name: 'Amal Haddad',
      birthYear: '1994',
      gender: 'female',
      countryOfOrigin: 'SY',
      languages: 'ar, en',
      mediatorNeeded: 'on',
      arrivalDate: '2026-10-02',
      vulnerabilities: ['torture-violence', 'single-parent'],
    });
    expect(r.statusCode).toBe(303);
    const row = await residentByCode('PA-2026-001');
    expect(r.headers.location).toBe(`/care/residents/${row.id}?notice=created`);
    expect(row).toMatchObject({ organisationId: ids.cas, birthYear: 1994, gender: 'female', countryOfOrigin: 'SY', languages: ['ar', 'en'], mediatorNeeded: true });
    // Vulnerabilities are sealed to the row like the name: nothing in the database names them.
    expect(row.vulnerabilities).toMatch(/^c1\.dev\./);
    expect(row.vulnerabilities).not.toMatch(/torture|parent/);
    expect(openVulnerabilities(cipher(), row.id, row.vulnerabilities)).toEqual(['torture-violence', 'single-parent']);
    expect(row.nameSealed).toMatch(/^c1\.dev\./);
    expect(row.nameSealed).not.toContain('Amal');

    const page = await operator.get(`/care/residents/${row.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Amal Haddad');
    expect(page.body).toContain('Syria');
    const list = await operator.get(`/care/centres/${ids.cas}/residents?q=PA-2026`);
    expect(list.body).toContain('PA-2026-001');
    expect(list.body).toContain('Amal Haddad');
  });

  it('answers 404 to everyone else, and records each refusal in the care audit', async () => {
    const row = await residentByCode('PA-2026-001');
    for (const c of [neighbour, clinician, admin, dpo]) expect((await c.get(`/care/residents/${row.id}`)).statusCode).toBe(404);
    expect((await neighbour.get(`/care/centres/${ids.cas}/residents`)).statusCode).toBe(404);
    expect((await neighbour.post(`/care/residents/${row.id}/edit`, { caseCode: 'X', gender: 'male' })).statusCode).toBe(404);
    expect((await new Client(ctx.app).get(`/care/residents/${row.id}`)).statusCode).toBe(303);
    const denied = (await auditOf(row.id)).filter((a) => a.outcome === 'denied');
    expect(denied.length).toBeGreaterThanOrEqual(5);
    expect(denied.every((a) => a.basis === 'none' && a.ownerOrganisationId === ids.cas)).toBe(true);
  });

  it('leaves an audit row for every read, listing included', async () => {
    const row = await residentByCode('PA-2026-001');
    const before = (await auditOf(row.id)).filter((a) => a.outcome === 'success' && a.access === 'read').length;
    await operator.get(`/care/residents/${row.id}`);
    await operator.get(`/care/centres/${ids.cas}/residents`);
    const after = (await auditOf(row.id)).filter((a) => a.outcome === 'success' && a.access === 'read');
    // The record, the screenings and referrals listed on it, and the list of residents.
    expect(after.length).toBe(before + 4);
    expect(after.map((a) => a.action)).toEqual(expect.arrayContaining(['resident.read', 'screening.list', 'referral.list', 'resident.list']));
    expect(after.every((a) => a.basis === 'own-organisation' && a.requestId)).toBe(true);
  });

  it('refuses bad input with messages next to the fields, keeping what was typed', async () => {
    const bad = await operator.post(`/care/centres/${ids.cas}/residents/new`, { caseCode: 'bad code!', name: 'Typed Name', birthYear: '1820', gender: 'female', languages: 'arabic language' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Use up to 40 letters, digits');
    expect(bad.body).toContain('value="Typed Name"');
    const taken = await operator.post(`/care/centres/${ids.cas}/residents/new`, { caseCode: 'PA-2026-001', gender: 'male' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('Another resident of this centre has this case code');
    const future = await operator.post(`/care/centres/${ids.cas}/residents/new`, { caseCode: 'PA-2026-009', gender: 'male', arrivalDate: '2999-01-01' });
    expect(future.statusCode).toBe(400);
    expect(await db().select().from(residents).where(eq(residents.caseCode, 'PA-2026-009'))).toEqual([]);
    // The same case code in another centre is another resident.
    expect((await neighbour.post(`/care/centres/${ids.cas2}/residents/new`, { caseCode: 'PA-2026-001', gender: 'male' })).statusCode).toBe(303);
  });

  it('edits, closes and reopens a case', async () => {
    const row = await residentByCode('PA-2026-001');
    const edit = await operator.get(`/care/residents/${row.id}/edit`);
    expect(edit.body).toContain('value="Amal Haddad"');
    expect((await operator.post(`/care/residents/${row.id}/edit`, { caseCode: 'PA-2026-001', name: 'Amal H.', gender: 'female', languages: 'ar', vulnerabilities: 'torture-violence' })).statusCode).toBe(303);
    const edited = await residentByCode('PA-2026-001');
    expect(openVulnerabilities(cipher(), edited.id, edited.vulnerabilities)).toEqual(['torture-violence']);
    expect((await operator.post(`/care/residents/${row.id}/status`, { status: 'closed' })).statusCode).toBe(303);
    expect((await residentByCode('PA-2026-001')).closedOn).toBe(new Date().toISOString().slice(0, 10));
    expect((await operator.post(`/care/residents/${row.id}/status`, { status: 'open' })).statusCode).toBe(303);
    expect((await residentByCode('PA-2026-001')).status).toBe('open');
  });
});

describe('consent', () => {
  it('records consent per purpose with its language and mediator, and its withdrawal', async () => {
    const row = await residentByCode('PA-2026-001');
    expect((await operator.post(`/care/residents/${row.id}/consents`, { purpose: 'screening', givenOn: '2026-11-20', language: 'ar', mediatorPresent: 'on' })).statusCode).toBe(303);
    const noRecipient = await operator.post(`/care/residents/${row.id}/consents`, { purpose: 'sharing', givenOn: '2026-11-20', language: 'ar' });
    expect(noRecipient.statusCode).toBe(400);
    expect(noRecipient.body).toContain('Choose the organisation the resident agreed to share with');
    expect((await operator.post(`/care/residents/${row.id}/consents`, { purpose: 'sharing', recipientOrganisationId: ids.csm!, givenOn: '2026-11-21', language: 'ar' })).statusCode).toBe(303);
    const list = await db().select().from(consents).where(eq(consents.residentId, row.id));
    expect(list.map((c) => [c.purpose, c.language, c.mediatorPresent, c.recipientOrganisationId])).toEqual(
      expect.arrayContaining([
        ['screening', 'ar', true, null],
        ['sharing', 'ar', false, ids.csm],
      ]),
    );
    const sharing = list.find((c) => c.purpose === 'sharing')!;
    expect((await neighbour.post(`/care/residents/${row.id}/consents/${sharing.id}/withdraw`, { channel: 'phone' })).statusCode).toBe(404);
    expect((await operator.post(`/care/residents/${row.id}/consents/${sharing.id}/withdraw`, { channel: 'through-mediator' })).statusCode).toBe(303);
    const [after] = await db().select().from(consents).where(eq(consents.id, sharing.id));
    expect(after!.withdrawnAt).not.toBeNull();
    expect(after!.withdrawalChannel).toBe('through-mediator');
    expect((await operator.get(`/care/residents/${row.id}`)).body).toContain('through a mediator');
  });
});

describe('the resident’s rights', () => {
  it('exports everything held about the resident in the language they read, for the centre only', async () => {
    const row = await residentByCode('PA-2026-001');
    const res = await operator.get(`/care/residents/${row.id}/export?lang=ar`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('resident-PA-2026-001-ar.json');
    const doc = JSON.parse(res.body);
    expect(doc.language).toBe('ar');
    expect(doc.title).toContain('PA-2026-001');
    const details = doc.sections[0].items as { label: string; value: string }[];
    expect(details.find((i) => i.value === 'Amal H.')).toBeTruthy();
    // Labels in Arabic, and the consents recorded.
    expect(details[0].label).toMatch(/[\u0600-\u06FF]/);
    expect(doc.sections.length).toBeGreaterThanOrEqual(3);
    expect((await neighbour.get(`/care/residents/${row.id}/export?lang=en`)).statusCode).toBe(404);
    expect((await db().select().from(careAudit).where(and(eq(careAudit.residentId, row.id), eq(careAudit.action, 'resident.export')))).length).toBe(2);
  });

  it('erases the record at the resident’s request once the case code is typed, keeping only ids in the audit', async () => {
    await operator.post(`/care/centres/${ids.cas}/residents/new`, { caseCode: 'PA-2026-077', name: 'To Erase', gender: 'male' });
    const row = await residentByCode('PA-2026-077');
    const wrong = await operator.post(`/care/residents/${row.id}/erase`, { confirm: 'PA-2026-07' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Type the case code exactly');
    expect((await neighbour.post(`/care/residents/${row.id}/erase`, { confirm: 'PA-2026-077' })).statusCode).toBe(404);
    const done = await operator.post(`/care/residents/${row.id}/erase`, { confirm: 'PA-2026-077' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/care/centres/${ids.cas}/residents?notice=erased`);
    expect(await db().select().from(residents).where(eq(residents.id, row.id))).toEqual([]);
    const trail = await db().select().from(careAudit).where(eq(careAudit.residentId, row.id));
    expect(trail.map((a) => a.action)).toContain('resident.erase');
    expect(trail.find((a) => a.action === 'resident.erase')!.basis).toBe('data-subject-request');
  });
});

describe('break-glass and the audit trail', () => {
  it('lets an administrator open a record for an hour with a reason, withholding the name, and tells the data-protection contacts', async () => {
    const row = await residentByCode('PA-2026-001');
    expect((await admin.get(`/care/residents/${row.id}/break-glass`)).statusCode).toBe(200);
    const short = await admin.post(`/care/residents/${row.id}/break-glass`, { reason: 'urgent', password: TEST_PASSWORD });
    expect(short.statusCode).toBe(400);
    expect((await operator.post(`/care/residents/${row.id}/break-glass`, { reason: 'I would like to look at it please', password: TEST_PASSWORD })).statusCode).toBe(403);
    // The session alone is not enough: the administrator's password is asked again, and nothing opens without it.
    for (const password of ['', 'not my password at all']) {
      const refused = await admin.post(`/care/residents/${row.id}/break-glass`, { reason: 'Operator unreachable; hospital asks for the referral record', password });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('field-password-error');
    }
    expect(await db().select().from(breakGlassGrants).where(eq(breakGlassGrants.residentId, row.id))).toEqual([]);
    const ok = await admin.post(`/care/residents/${row.id}/break-glass`, { reason: 'Operator unreachable; hospital asks for the referral record', password: TEST_PASSWORD });
    expect(ok.statusCode).toBe(303);
    const page = await admin.get(`/care/residents/${row.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('through break-glass access');
    expect(page.body).not.toContain('Amal');
    const [grant] = await db().select().from(breakGlassGrants).where(eq(breakGlassGrants.residentId, row.id));
    expect(grant!.reasonSealed).not.toContain('hospital');
    expect(grant!.expiresAt.getTime() - grant!.grantedAt.getTime()).toBe(3_600_000);
    const reads = await db().select().from(careAudit).where(and(eq(careAudit.residentId, row.id), eq(careAudit.basis, 'break-glass')));
    expect(reads.map((r) => r.action)).toEqual(expect.arrayContaining(['break-glass.grant', 'resident.read']));
    const mails = await db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'dpo@example.org'));
    expect(mails.map((m) => m.subject)).toContain('Break-glass access to a care record');
    expect(mails.every((m) => !m.text.includes('PA-2026-001') && !m.text.includes('hospital'))).toBe(true);
    // The other centre's contact is not told about this centre's records.
    expect(await db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'dpo2@example.org'))).toEqual([]);
    // Expired, it opens nothing.
    await db().update(breakGlassGrants).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(breakGlassGrants.id, grant!.id));
    expect((await admin.get(`/care/residents/${row.id}`)).statusCode).toBe(404);
  });

  it('shows each data-protection contact the trail of their organisation’s records, with the break-glass reasons', async () => {
    const trail = await dpo.get('/care/audit?caseCode=PA-2026-001');
    expect(trail.statusCode).toBe(200);
    expect(trail.body).toContain('resident.read');
    expect(trail.body).toContain('neighbour@example.org');
    expect(trail.body).toContain('Operator unreachable; hospital asks for the referral record');
    const denied = await dpo.get('/care/audit?outcome=denied&actor=neighbour%40example.org');
    expect(denied.body).toContain('Refused');
    const other = await otherDpo.get('/care/audit?caseCode=PA-2026-001');
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain('resident.read');
    expect(other.body).not.toContain('hospital');
    expect((await operator.get('/care/audit')).statusCode).toBe(403);
    expect((await dpo.get('/care/audit?from=yesterday')).statusCode).toBe(400);
  });

  it('records every grant and removal of a care role in the care audit trail and tells the data-protection contacts', async () => {
    const newcomer = await signedInAs(ctx, 'newcomer@example.org', 'learner');
    const [account] = await ctx.platform.database.query<{ id: string }>(`select id::text from users where email = 'newcomer@example.org'`);
    const mailsTo = (to: string) => db().select().from(mailOutbox).where(eq(mailOutbox.recipient, to)).orderBy(mailOutbox.createdAt);
    const roleRows = () => db().select().from(careAudit).where(eq(careAudit.subjectUserId, account!.id)).orderBy(careAudit.id);
    const dpoMails = (await mailsTo('dpo@example.org')).length;

    // Granting a role asks the administrator's password again; a wrong one grants nothing.
    expect((await admin.post(`/admin/users/${account!.id}/roles`, { role: 'trainer', organisationId: ids.cas!, password: 'a guess at it' })).statusCode).toBe(400);
    // A role that opens no care record leaves the care trail alone.
    expect((await admin.post(`/admin/users/${account!.id}/roles`, { role: 'trainer', organisationId: ids.cas!, password: TEST_PASSWORD })).statusCode).toBe(303);
    expect(await roleRows()).toEqual([]);

    expect((await admin.post(`/admin/users/${account!.id}/roles`, { role: 'care-operator', organisationId: ids.cas!, password: TEST_PASSWORD })).headers.location).toContain('role-granted');
    const [granted] = await roleRows();
    expect(granted).toMatchObject({ action: 'care-operator.grant', access: 'write', basis: 'administration', outcome: 'success', ownerOrganisationId: ids.cas, residentId: null });
    expect(granted!.actorId).not.toBeNull();
    const mails = await mailsTo('dpo@example.org');
    expect(mails).toHaveLength(dpoMails + 1);
    expect(mails.at(-1)!.subject).toBe('A role that opens care records was granted');
    expect(mails.at(-1)!.text).toContain('The role “Care operator” in CAS Prova Palermo was granted to an account in Ponte, by an administrator.');
    expect(mails.at(-1)!.text).toContain('/care/audit');
    expect(mails.at(-1)!.text).not.toContain('newcomer');
    // The centre's contact sees who received it; another centre's contact neither sees nor hears of it.
    const trail = await dpo.get('/care/audit');
    expect(trail.body).toContain('care-operator.grant');
    expect(trail.body).toContain('newcomer@example.org');
    expect(trail.body).toContain('Administration (role change)');
    expect((await otherDpo.get('/care/audit')).body).not.toContain('newcomer@example.org');
    expect(await mailsTo('dpo2@example.org')).toEqual([]);
    // The role takes effect at once, asking first for the second factor it requires.
    expect((await newcomer.get(`/care/centres/${ids.cas}/residents`)).headers.location).toBe('/account/security?notice=totp-required');

    expect((await admin.post(`/admin/users/${account!.id}/roles/revoke`, { role: 'care-operator', organisationId: ids.cas! })).statusCode).toBe(303);
    expect((await roleRows()).map((r) => r.action)).toEqual(['care-operator.grant', 'care-operator.revoke']);
    expect((await mailsTo('dpo@example.org')).at(-1)!.subject).toBe('A role that opens care records was removed');
    expect((await newcomer.get(`/care/centres/${ids.cas}/residents`)).statusCode).toBe(403);
    expect((await newcomer.get('/account')).statusCode).toBe(200);
  });

  it('reports unusual activity to the data-protection contacts once, naming the account in the trail only', async () => {
    const row = await residentByCode('PA-2026-001');
    // Another centre's operator tries a record that is not theirs, again and again.
    for (let i = 0; i < 10; i++) expect((await neighbour.get(`/care/residents/${row.id}`)).statusCode).toBe(404);
    const [who] = await ctx.platform.database.query<{ id: string }>(`select id::text from users where email = 'neighbour@example.org'`);
    const before = (await db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'dpo@example.org'))).length;
    const found = await detectCareAnomalies(ctx.platform);
    expect(found).toContainEqual({ kind: 'refusals', userId: who!.id, count: expect.any(Number), organisationId: ids.cas });
    expect(found.find((a) => a.userId === who!.id)!.count).toBeGreaterThanOrEqual(10);
    const [alert] = await db().select().from(careAudit).where(and(eq(careAudit.action, 'anomaly.refusals'), eq(careAudit.subjectUserId, who!.id)));
    expect(alert).toMatchObject({ actorId: null, basis: 'monitoring', ownerOrganisationId: ids.cas, outcome: 'success' });
    const mails = await db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'dpo@example.org')).orderBy(mailOutbox.createdAt);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.subject).toBe('Unusual activity in care records');
    expect(mails.at(-1)!.text).toMatch(/\d+ refused attempts to open records by one account within 15 minutes\./);
    expect(mails.at(-1)!.text).not.toMatch(/neighbour|PA-2026-001/);
    // The contact finds who it was in the trail; the same finding is not reported again within the hour.
    const trail = (await dpo.get('/care/audit')).body;
    expect(trail).toContain('anomaly.refusals');
    expect(trail).toContain('Monitoring (unusual activity)');
    expect((await detectCareAnomalies(ctx.platform)).filter((a) => a.userId === who!.id)).toEqual([]);
    expect(await db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'dpo@example.org'))).toHaveLength(before + 1);
  });

  it('keeps the care audit append-only', async () => {
    const q = (text: string) => ctx.platform.database.query(text);
    const before = (await db().select().from(careAudit)).length;
    await expect(q(`UPDATE care_audit SET outcome = 'success'`)).rejects.toThrow(/append-only/);
    await expect(q('DELETE FROM care_audit')).rejects.toThrow(/append-only/);
    await expect(q('TRUNCATE care_audit')).rejects.toThrow(/append-only/);
    expect((await db().select().from(careAudit)).length).toBe(before);
  });
});

describe('settings', () => {
  it('lets administrators add, rename and retire vulnerability categories', async () => {
    expect((await admin.post('/care/settings/vulnerabilities', { code: 'lgbtiq', 'names.en': 'LGBTIQ+ person at risk', 'names.it': 'Persona LGBTIQ+ a rischio' })).statusCode).toBe(303);
    expect((await admin.post('/care/settings/vulnerabilities', { code: 'Bad Code', 'names.en': 'x' })).statusCode).toBe(400);
    expect((await operator.get(`/care/centres/${ids.cas}/residents/new`)).body).toContain('LGBTIQ+ person at risk');
    expect((await admin.post('/care/settings/vulnerabilities', { code: 'lgbtiq', 'names.en': 'LGBTIQ+ person at risk', retired: 'on' })).statusCode).toBe(303);
    expect((await operator.get(`/care/centres/${ids.cas}/residents/new`)).body).not.toContain('LGBTIQ+ person at risk');
    expect((await operator.post('/care/settings/vulnerabilities', { code: 'x', 'names.en': 'x' })).statusCode).toBe(403);
  });
});
