import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../../../test/helpers.js';
import { organisations, organisationTypes } from '../../platform/schema.js';
import { seedGuidelinesDemo } from '../guidelines/demo.js';
import { parseBandLines } from './screening-routes.js';
import { demoQuestionnaire, seedDemoInstrument } from './screenings.js';
import { careAudit, instruments, residents, screenings } from './schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let operator: Client;
let neighbour: Client;
let admin: Client;
const db = () => ctx.platform.database.db;
let residentId: string;
let instrumentId: string;

const ITEMS = ['sleep', 'tension', 'mood', 'memories', 'loneliness', 'self-care', 'activities', 'body'];

beforeAll(async () => {
  ctx = await testApp();
  await db()
    .insert(organisationTypes)
    .values(['other', 'reception-centre', 'first-reception', 'community-mental-health-centre', 'ngo', 'local-health-authority', 'integration-project', 'mediator-agency'].map((code, sort) => ({ code, names: { en: `Type ${code}` }, sort })))
    .onConflictDoNothing();
  await seedGuidelinesDemo(db());
  instrumentId = (await seedDemoInstrument(db())).id;
  const [a, b] = await db()
    .insert(organisations)
    .values([
      { name: 'CAS Screening A', typeCode: 'reception-centre', country: 'IT' },
      { name: 'CAS Screening B', typeCode: 'reception-centre', country: 'IT' },
    ])
    .returning();
  operator = await signedInAs(ctx, 'op@example.org', 'care-operator', { organisationId: a!.id });
  neighbour = await signedInAs(ctx, 'op-b@example.org', 'care-operator', { organisationId: b!.id });
  admin = await signedInAs(ctx, 'admin@example.org', 'administrator');
  await operator.post(`/care/centres/${a!.id}/residents/new`, { caseCode: 'SCR-1', gender: 'male', languages: 'ar', mediatorNeeded: 'on' });
  residentId = (await db().select().from(residents).where(eq(residents.caseCode, 'SCR-1')))[0]!.id;
}, 60_000);

afterAll(async () => ctx.close());

describe('screening in reception', () => {
  it('refuses to start without the resident’s consent to screening, saying why', async () => {
    const r = await operator.post(`/care/residents/${residentId}/screenings`, { instrumentId, language: 'ar', mode: 'operator-with-mediator', mediatorLanguage: 'ar' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('has not consented to screening');
    expect(await db().select().from(screenings).where(eq(screenings.residentId, residentId))).toEqual([]);
  });

  it('administers the instrument in Arabic, right to left, with a mediator, and scores it', async () => {
    await operator.post(`/care/residents/${residentId}/consents`, { purpose: 'screening', givenOn: new Date().toISOString().slice(0, 10), language: 'ar', mediatorPresent: 'on' });
    const form = await operator.get(`/care/residents/${residentId}/screenings/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('has not been validated');
    const noMediatorLanguage = await operator.post(`/care/residents/${residentId}/screenings`, { instrumentId, language: 'ar', mode: 'operator-with-mediator', mediatorLanguage: '' });
    expect(noMediatorLanguage.statusCode).toBe(400);
    const started = await operator.post(`/care/residents/${residentId}/screenings`, { instrumentId, language: 'ar', mode: 'operator-with-mediator', mediatorLanguage: 'ar' });
    expect(started.statusCode).toBe(303);
    const url = started.headers.location as string;
    const page = await operator.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div lang="ar" dir="rtl">');
    const arabicQuestion = (demoQuestionnaire().item as { linkId: string; _text: { extension: { extension: { url: string; valueCode?: string; valueString?: string }[] }[] } }[])
      .find((i) => i.linkId === 'sleep')!
      ._text.extension.map((e) => e.extension)
      .find((e) => e.some((x) => x.valueCode === 'ar'))!
      .find((x) => x.url === 'content')!.valueString!;
    expect(page.body).toContain(arabicQuestion);

    // Saved halfway, the answers stay; finishing with questions unanswered names them.
    expect((await operator.post(url, { 'a.sleep': 'often', 'a.tension': 'often', action: 'save' })).statusCode).toBe(303);
    const missing = await operator.post(url, { 'a.mood': 'sometimes', action: 'complete' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Some questions have no answer yet');
    expect(missing.body).toMatch(/id="item-memories"[^>]*aria-describedby="item-memories-error"/);
    expect(missing.body).toMatch(/value="often" checked/);

    const bad = await operator.post(url, { 'a.sleep': 'sometimes-maybe', action: 'save' });
    expect(bad.statusCode).toBe(400);

    const all = Object.fromEntries(ITEMS.map((i) => [`a.${i}`, 'often']));
    expect((await operator.post(url, { ...all, action: 'complete' })).statusCode).toBe(303);
    const [s] = await db().select().from(screenings).where(eq(screenings.residentId, residentId));
    expect(s).toMatchObject({ status: 'completed', score: 16, band: 'high', aboveCutoff: true, language: 'ar', mode: 'operator-with-mediator', mediatorLanguage: 'ar' });

    const result = await operator.get(url);
    expect(result.body).toContain('16 of 24');
    expect(result.body).toContain('follow-up is suggested');
    expect(result.body).toMatch(/href="\/guidelines\/psychosocial-support-refugees-demo\/[^/]+\/recommendations\/R5"/);
    expect(result.body).toContain(`/care/residents/${residentId}/referrals/new?screening=${s!.id}`);
    // A completed screening does not change.
    expect((await operator.post(url, { ...Object.fromEntries(ITEMS.map((i) => [`a.${i}`, 'never'])), action: 'complete' })).statusCode).toBe(303);
    expect((await db().select().from(screenings).where(eq(screenings.id, s!.id)))[0]!.score).toBe(16);

    const resident = await operator.get(`/care/residents/${residentId}`);
    expect(resident.body).toContain(url);
  });

  it('exports the result as a FHIR QuestionnaireResponse, audited', async () => {
    const [s] = await db().select().from(screenings).where(eq(screenings.residentId, residentId));
    const r = await operator.get(`/care/screenings/${s!.id}/fhir.json`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/fhir+json');
    const qr = JSON.parse(r.body);
    expect(qr).toMatchObject({ resourceType: 'QuestionnaireResponse', status: 'completed', language: 'ar' });
    expect(qr.item.find((i: { linkId: string }) => i.linkId === 'sleep').answer[0].valueCoding.code).toBe('often');
    expect((await db().select().from(careAudit).where(and(eq(careAudit.residentId, residentId), eq(careAudit.action, 'screening.export')))).length).toBe(1);
  });

  it('keeps another centre out of the screening (404), on record', async () => {
    const [s] = await db().select().from(screenings).where(eq(screenings.residentId, residentId));
    for (const path of [`/care/screenings/${s!.id}`, `/care/screenings/${s!.id}/fhir.json`, `/care/residents/${residentId}/screenings/new`]) expect((await neighbour.get(path)).statusCode).toBe(404);
    expect((await neighbour.post(`/care/screenings/${s!.id}`, { 'a.sleep': 'never' })).statusCode).toBe(404);
    expect((await admin.get(`/care/screenings/${s!.id}`)).statusCode).toBe(404);
    const denied = await db().select().from(careAudit).where(and(eq(careAudit.residentId, residentId), eq(careAudit.outcome, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(4);
  });
});

describe('guidelines and the care pathway', () => {
  it('lists on a recommendation’s page the screening results that suggest it, and drops a retired instrument', async () => {
    const anonymous = new Client(ctx.app);
    const current = await anonymous.get('/guidelines/psychosocial-support-refugees-demo/current/recommendations/R5');
    const page = await anonymous.get(current.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Applied in the care pathway');
    expect(page.body).toMatch(/after a screening with Ponte well-being check[^<]*1\.0\.0/);
    expect(page.body).toContain('not validated');
    await admin.post(`/care/settings/instruments/${instrumentId}/status`, { status: 'retired' });
    const after = await anonymous.get(current.headers.location as string);
    expect(after.body).toContain('No step of the care pathway suggests this recommendation yet.');
    await admin.post(`/care/settings/instruments/${instrumentId}/status`, { status: 'active' });
  });
});

describe('instruments', () => {
  it('lets administrators import a scored FHIR Questionnaire with bands, refuse a repeat, and retire a version', async () => {
    const q = {
      resourceType: 'Questionnaire',
      url: 'https://example.org/fhir/Questionnaire/two-items',
      version: '2.0',
      name: 'TwoItems',
      title: 'Two items',
      status: 'active',
      language: 'en',
      item: ['q1', 'q2'].map((linkId) => ({
        linkId,
        text: `Item ${linkId}`,
        type: 'choice',
        required: true,
        answerOption: [0, 1, 2].map((n) => ({ valueCoding: { system: 'https://example.org/cs', code: `c${n}`, display: `Option ${n}` }, extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: n }] })),
      })),
    };
    const file = { field: 'file', name: 'two-items.json', type: 'application/fhir+json', data: Buffer.from(JSON.stringify(q)) };
    expect((await admin.upload('/care/settings/instruments', { bands: 'low 0 1\nhigh two 4 High' }, file)).statusCode).toBe(400);
    const ok = await admin.upload('/care/settings/instruments', { bands: 'low 0 1 Low\nhigh 2 4 High', cutoff: '2', licence: 'CC BY 4.0, example' }, file);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('The instrument was imported');
    const again = await admin.upload('/care/settings/instruments', { bands: 'low 0 1 Low\nhigh 2 4 High', cutoff: '2' }, file);
    expect(again.statusCode).toBe(409);
    const notJson = await admin.upload('/care/settings/instruments', {}, { ...file, data: Buffer.from('{not json') });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).toContain('not valid JSON');
    const [row] = await db().select().from(instruments).where(eq(instruments.code, 'two-items'));
    expect(row!.definition.bands.map((b) => [b.code, b.aboveCutoff])).toEqual([
      ['low', false],
      ['high', true],
    ]);
    expect((await admin.post(`/care/settings/instruments/${row!.id}/status`, { status: 'retired' })).statusCode).toBe(303);
    expect((await operator.get(`/care/residents/${residentId}/screenings/new`)).body).not.toContain('Two items');
    expect((await operator.upload('/care/settings/instruments', {}, file)).statusCode).toBe(403);
  });

  it('reads band lines, refusing malformed ones', () => {
    expect(parseBandLines('minimal 0 4 Minimal\n\nsevere 20 27 Severe distress')).toEqual([
      { code: 'minimal', min: 0, max: 4, label: 'Minimal' },
      { code: 'severe', min: 20, max: 27, label: 'Severe distress' },
    ]);
    expect(parseBandLines('minimal zero 4 Minimal')).toBeNull();
  });
});
