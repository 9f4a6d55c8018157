import { and, eq, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, lastMail, linkIn, signedInAs, testApp } from '../../../test/helpers.js';
import { mailOutbox, regions } from '../../platform/schema.js';
import { listRevisions } from '../../platform/revisions.js';
import { changeProposals, directoryLocations, directoryOrganizations, directorySchedules, directoryServices, needs, serviceAtLocations, serviceTypes, verificationRequests } from './schema.js';
import { pageInNameOrder, REVISION_TYPE, searchServices } from './service.js';
import { dueForVerification, sendDueVerificationRequests } from './verification.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let coordinator: Client;
let member: Client;
const db = () => ctx.platform.database.db;
const ids: Record<string, string> = {};
const DAY = 86_400_000;

/** A small directory: two organisations in two regions, one of them not confirmed for two years. */
async function seed() {
  await db()
    .insert(serviceTypes)
    .values([
      { code: 'community-mental-health-centre', names: { en: 'Community mental-health centre', it: 'Centro di salute mentale' }, sort: 1 },
      { code: 'legal-aid', names: { en: 'Legal aid', it: 'Assistenza legale' }, sort: 2 },
    ])
    .onConflictDoNothing();
  await db()
    .insert(needs)
    .values([
      { code: 'psychiatric-assessment', names: { en: 'Psychiatric assessment', it: 'Valutazione psichiatrica' }, sort: 1 },
      { code: 'trauma-care', names: { en: 'Trauma care', it: 'Cura del trauma' }, sort: 2 },
      { code: 'legal-advice', names: { en: 'Legal advice', it: 'Consulenza legale' }, sort: 3 },
    ])
    .onConflictDoNothing();
  await db()
    .insert(regions)
    .values([
      { country: 'IT', code: 'IT-82', name: 'Sicilia' },
      { country: 'IT', code: 'IT-62', name: 'Lazio' },
    ])
    .onConflictDoNothing();
  const region = async (code: string) => (await db().select().from(regions).where(eq(regions.code, code)))[0]!.id;
  const [asp] = await db().insert(directoryOrganizations).values({ name: 'ASP Esempio Palermo', verificationEmail: 'verifiche@asp.example.org', verifyEveryDays: 180 }).returning();
  const [legal] = await db().insert(directoryOrganizations).values({ name: 'Sportello Legale Roma', verifyEveryDays: 365 }).returning();
  const [pa] = await db().insert(directoryLocations).values({ organizationId: asp!.id, name: 'Sede centrale', address: 'Via Esempio 1', city: 'Palermo', regionId: await region('IT-82'), country: 'IT' }).returning();
  const [rm] = await db().insert(directoryLocations).values({ organizationId: legal!.id, name: 'Sportello', address: 'Via Prova 2', city: 'Roma', regionId: await region('IT-62'), country: 'IT' }).returning();
  const [csm] = await db()
    .insert(directoryServices)
    .values({
      organizationId: asp!.id,
      name: 'CSM Città di Palermo',
      description: 'Valutazione e presa in carico psichiatrica per adulti.',
      typeCode: 'community-mental-health-centre',
      needs: ['psychiatric-assessment', 'trauma-care'],
      mediationLanguages: ['ti', 'ar'],
      staffLanguages: ['it', 'en'],
      acceptsReferrals: true,
      referralMethod: 'Ponte',
      waitingDays: 12,
      lastVerifiedAt: new Date(Date.now() - 400 * DAY),
    })
    .returning();
  const [law] = await db()
    .insert(directoryServices)
    .values({ organizationId: legal!.id, name: 'Consulenza sul diritto d’asilo', typeCode: 'legal-aid', needs: ['legal-advice'], mediationLanguages: ['fa'], lastVerifiedAt: new Date(Date.now() - 30 * DAY) })
    .returning();
  const [closed] = await db()
    .insert(directoryServices)
    .values({ organizationId: legal!.id, name: 'Sportello chiuso', typeCode: 'legal-aid', status: 'defunct', lastVerifiedAt: new Date() })
    .returning();
  await db()
    .insert(serviceAtLocations)
    .values([
      { serviceId: csm!.id, locationId: pa!.id },
      { serviceId: law!.id, locationId: rm!.id },
      { serviceId: closed!.id, locationId: rm!.id },
    ]);
  // Monday to Friday 09:00–13:00 in Rome's time.
  await db().insert(directorySchedules).values({ serviceId: csm!.id, byday: ['MO', 'TU', 'WE', 'TH', 'FR'], opensAt: '09:00', closesAt: '13:00', timeZone: 'Europe/Rome' });
  Object.assign(ids, { asp: asp!.id, legal: legal!.id, csm: csm!.id, law: law!.id, closed: closed!.id });
}

beforeAll(async () => {
  ctx = await testApp();
  await seed();
  coordinator = await signedInAs(ctx, 'coordinator@example.org', 'network-coordinator');
  member = await signedInAs(ctx, 'operator@example.org', 'care-operator');
});
afterAll(() => ctx.close());

const names = async (filters: Parameters<typeof searchServices>[1]) => (await searchServices(db(), filters, 1, 50)).items.map((i) => i.name);

describe('searching the directory', () => {
  it('filters by need, language, region, municipality, kind and referrals, and leaves closed entries out', async () => {
    expect(await names({})).toEqual(['Consulenza sul diritto d’asilo', 'CSM Città di Palermo']);
    expect(await names({ need: 'trauma-care' })).toEqual(['CSM Città di Palermo']);
    expect(await names({ language: 'ti' })).toEqual(['CSM Città di Palermo']);
    // Staff languages count too.
    expect(await names({ language: 'en' })).toEqual(['CSM Città di Palermo']);
    expect(await names({ language: 'so' })).toEqual([]);
    const [sicily] = await db().select().from(regions).where(eq(regions.code, 'IT-82'));
    expect(await names({ regionId: sicily!.id, typeCode: 'community-mental-health-centre', language: 'ti' })).toEqual(['CSM Città di Palermo']);
    expect(await names({ city: 'ROMA' })).toEqual(['Consulenza sul diritto d’asilo']);
    expect(await names({ acceptsReferrals: true })).toEqual(['CSM Città di Palermo']);
    expect(await names({ includeClosed: true, organizationId: ids.legal })).toEqual(['Consulenza sul diritto d’asilo', 'Sportello chiuso']);
    // A place that moves takes its services' place filters with it.
    await db().update(directoryLocations).set({ city: 'Monreale' }).where(eq(directoryLocations.organizationId, ids.asp));
    expect(await names({ city: 'monreale', regionId: sicily!.id })).toEqual(['CSM Città di Palermo']);
    expect(await names({ city: 'palermo' })).toEqual([]);
    await db().update(directoryLocations).set({ city: 'Palermo' }).where(eq(directoryLocations.organizationId, ids.asp));
    expect(await names({ city: 'Palermo' })).toEqual(['CSM Città di Palermo']);
  });

  it('finds the same page whichever way it is found: sorted, walked along the name index, or walked then sorted', async () => {
    const page = (order: SQL, bound: SQL | null, offset = 0) =>
      db()
        .select({ name: directoryServices.name })
        .from(directoryServices)
        .where(bound ? and(eq(directoryServices.status, 'active'), bound) : eq(directoryServices.status, 'active'))
        .orderBy(order, directoryServices.id)
        .limit(2)
        .offset(offset)
        .then((r) => r.map((x) => x.name));
    const sorted = await page(sql`lower(${directoryServices.name}) || ''`, null);
    expect(sorted).toEqual(['Consulenza sul diritto d’asilo', 'CSM Città di Palermo']);
    // As if thousands matched: other filters walk the index; words walk it as far as the 2,000th name (the test
    // directory has fewer, so none) and then sort; the page is the same.
    expect(await pageInNameOrder(db(), 5000, false, 2, page)).toEqual(sorted);
    expect(await pageInNameOrder(db(), 5000, true, 2, page)).toEqual(sorted);
    // A walk that stops before the page is full is not the answer: the bound below every name gives nothing.
    expect(await page(sql`lower(${directoryServices.name})`, sql`lower(${directoryServices.name}) <= ${'a'}`)).toEqual([]);
    expect(await pageInNameOrder(db(), 5000, false, 1, (order, bound) => page(order, bound, 1))).toEqual(['CSM Città di Palermo']);
  });

  it('finds words without their accents, and the organisation by name', async () => {
    expect(await names({ q: 'citta palermo' })).toEqual(['CSM Città di Palermo']);
    expect(await names({ q: 'asilo' })).toEqual(['Consulenza sul diritto d’asilo']);
    expect(await names({ q: 'sportello legale' })).toEqual(['Consulenza sul diritto d’asilo']);
  });

  it('knows what is open at a given moment, in the place’s own time zone', async () => {
    // Wednesday 2026-11-25: 09:30 in Rome is 08:30 UTC; 13:30 in Rome is 12:30 UTC; Saturday is closed.
    expect(await names({ openAt: new Date('2026-11-25T08:30:00Z') })).toEqual(['CSM Città di Palermo']);
    expect(await names({ openAt: new Date('2026-11-25T07:30:00Z') })).toEqual([]);
    expect(await names({ openAt: new Date('2026-11-25T12:30:00Z') })).toEqual([]);
    expect(await names({ openAt: new Date('2026-11-28T09:30:00Z') })).toEqual([]);
    // A place in a time zone outside Ponte's countries is judged by its own clock too.
    const [tokyo] = await db().insert(directorySchedules).values({ serviceId: ids.law, byday: ['WE'], opensAt: '09:00', closesAt: '17:00', timeZone: 'Asia/Tokyo' }).returning();
    expect(await names({ openAt: new Date('2026-11-25T01:00:00Z') })).toEqual(['Consulenza sul diritto d’asilo']);
    expect(await names({ openAt: new Date('2026-11-25T08:30:00Z') })).toEqual(['CSM Città di Palermo']);
    await db().delete(directorySchedules).where(eq(directorySchedules.id, tokyo!.id));
    // Hours for one date only (a Saturday clinic on 28 November) open it that day, and not the Saturday after.
    const [once] = await db().insert(directorySchedules).values({ serviceId: ids.csm, byday: ['SA'], opensAt: '09:00', closesAt: '12:00', timeZone: 'Europe/Rome', validFrom: '2026-11-28', validTo: '2026-11-28' }).returning();
    expect(await names({ openAt: new Date('2026-11-28T09:30:00Z') })).toEqual(['CSM Città di Palermo']);
    expect(await names({ openAt: new Date('2026-12-05T09:30:00Z') })).toEqual([]);
    await db().delete(directorySchedules).where(eq(directorySchedules.id, once!.id));
    expect(await names({ openAt: new Date('2026-11-28T09:30:00Z') })).toEqual([]);
    // The regular hours as the search reads them: seconds of the week from Sunday 00:00, in the place's zone.
    const [csm] = await db().select({ zone: directoryServices.openZone, week: directoryServices.openWeek, other: directoryServices.openOther }).from(directoryServices).where(eq(directoryServices.id, ids.csm));
    const schedules = await db().select().from(directorySchedules).where(eq(directorySchedules.serviceId, ids.csm));
    expect(csm).toMatchObject({ zone: 'Europe/Rome', other: false });
    const seconds = (t: string) => Number(t.slice(0, 2)) * 3600 + Number(t.slice(3, 5)) * 60;
    const days = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
    const expected = schedules.flatMap((x) => x.byday.map((d) => [days.indexOf(d) * 86400 + seconds(x.opensAt), days.indexOf(d) * 86400 + seconds(x.closesAt)])).sort((a, b) => a[0]! - b[0]!);
    expect(csm!.week).toBe(`{${expected.map(([a, b]) => `[${a},${b})`).join(',')}}`);
  });

  it('counts matches up to a limit, and says when there are more', async () => {
    expect(await searchServices(db(), {}, 1, 10, 1)).toMatchObject({ total: 1, more: true });
    expect(await searchServices(db(), {}, 1, 10, 2)).toMatchObject({ total: 2, more: false });
  });

  it('flags entries not confirmed within their organisation’s interval', async () => {
    const { items } = await searchServices(db(), {}, 1, 10);
    expect(Object.fromEntries(items.map((i) => [i.name, i.stale]))).toEqual({ 'CSM Città di Palermo': true, 'Consulenza sul diritto d’asilo': false });
    expect(await names({ stale: true })).toEqual(['CSM Città di Palermo']);
  });

  it('serves the search as a page that works without JavaScript, and the entry with its flag', async () => {
    const anonymous = new Client(ctx.app);
    const page = await anonymous.get('/directory?type=community-mental-health-centre&lang=ti&region=IT-82');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1 service found');
    expect(page.body).toContain(`href="/directory/services/${ids.csm}"`);
    expect(page.body).toContain('Not confirmed since');
    // Unknown filter values are dropped rather than refused; nothing breaks on hostile input.
    const odd = await anonymous.get('/directory?region=XX-99&lang=%3Cscript%3E&need[]=x&page=-4&q=%27%3B%20drop');
    expect(odd.statusCode).toBe(200);
    expect(odd.body).not.toContain('<script>');
    const entry = await anonymous.get(`/directory/services/${ids.csm}`);
    expect(entry.statusCode).toBe(200);
    expect(entry.body).toContain('This entry may be out of date');
    expect(entry.body).toContain('Tigrinya');
    expect(entry.body).toMatch(/Mon, Tue, Wed, Thu, Fri 09:00–13:00/);
    expect((await anonymous.get('/directory/services/not-an-id')).statusCode).toBe(404);
    expect((await anonymous.get('/directory/services/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('exports the results as CSV, with spreadsheet formulas defused', async () => {
    await db().update(directoryServices).set({ eligibility: '=HYPERLINK("x")', name: '=cmd|calc' }).where(eq(directoryServices.id, ids.law));
    const csv = await new Client(ctx.app).get('/directory/export.csv?region=IT-62');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain("'=cmd|calc");
    expect(csv.body).not.toContain(',=cmd');
    await db().update(directoryServices).set({ eligibility: '', name: 'Consulenza sul diritto d’asilo' }).where(eq(directoryServices.id, ids.law));
  });

  it('lets one address export 20 times in ten minutes, then asks it to wait, while others still can', async () => {
    // Addresses of their own (a new client's is random, and could be the busy one's).
    const busy = new Client(ctx.app, {}, '203.0.113.20');
    for (let i = 0; i < 20; i++) expect((await busy.get('/directory/export.csv?region=IT-82')).statusCode).toBe(200);
    const refused = await busy.get('/directory/export.csv?region=IT-82');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await new Client(ctx.app, {}, '203.0.113.21').get('/directory/export.csv?region=IT-82')).statusCode).toBe(200);
  });
});

/** The hours form's fields: the same interval Monday to Friday. */
const weekdays = (opens: string, closes: string) => Object.fromEntries(['MO', 'TU', 'WE', 'TH', 'FR'].flatMap((d) => [[`open-${d}-1`, opens], [`close-${d}-1`, closes]]));

describe('corrections proposed by members', () => {
  const form = (extra: Record<string, string | string[]> = {}) => ({
    name: 'CSM Città di Palermo',
    alternateName: '',
    description: 'Valutazione e presa in carico psichiatrica per adulti.',
    status: 'active',
    typeCode: 'community-mental-health-centre',
    needs: ['psychiatric-assessment', 'trauma-care'],
    mediationLanguages: ['ti', 'ar', 'so'],
    staffLanguages: ['it', 'en'],
    acceptsReferrals: 'on',
    referralMethod: 'Ponte',
    waitingDays: '20',
    catchmentArea: '',
    eligibility: '',
    applicationProcess: '',
    feesDescription: '',
    email: '',
    url: '',
    note: 'Phoned the centre today.',
    ...weekdays('09:00', '13:00'),
    ...extra,
  });

  it('needs an account to propose, and refuses a bad proposal with the fields marked and nothing stored', async () => {
    const anonymous = new Client(ctx.app);
    const denied = await anonymous.get(`/directory/services/${ids.csm}/propose`);
    expect([302, 303, 401]).toContain(denied.statusCode);
    await member.get(`/directory/services/${ids.csm}/propose`);
    const bad = await member.post(`/directory/services/${ids.csm}/propose`, form({ name: '', waitingDays: 'soon', typeCode: 'spaceship', mediationLanguages: ['ti', 'not a code'] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a whole number of days');
    expect(bad.body).toContain('field-name-error');
    expect(bad.body).toContain('field-typeCode-error');
    // Phones and hours are checked row by row, and what was typed comes back.
    const hours = await member.post(`/directory/services/${ids.csm}/propose`, form({ 'phone-1-number': 'call us', 'close-MO-1': '08:00', 'open-TU-2': '12:00', 'close-TU-2': '15:00', 'open-WE-1': '25:00', 'close-TH-1': '' }));
    expect(hours.statusCode).toBe(400);
    for (const message of ['Enter a phone number', 'The closing time must come after the opening time.', 'The two intervals of this day overlap.', 'Enter a time as hours and minutes', 'Give both the opening and the closing time.']) expect(hours.body).toContain(message);
    expect(hours.body).toContain('value="call us"');
    expect(await db().select().from(changeProposals)).toHaveLength(0);
  });

  it('publishes nothing until a coordinator accepts; acceptance is kept in the history', async () => {
    const sent = await member.post(`/directory/services/${ids.csm}/propose`, form());
    expect(sent.statusCode).toBe(303);
    const [proposal] = await db().select().from(changeProposals);
    expect(proposal!.status).toBe('pending');
    expect((await db().select().from(directoryServices).where(eq(directoryServices.id, ids.csm)))[0]!.waitingDays).toBe(12);

    expect((await member.get(`/directory/manage/proposals/${proposal!.id}`)).statusCode).toBe(403);
    const review = await coordinator.get(`/directory/manage/proposals/${proposal!.id}`);
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('Somali');
    const accepted = await coordinator.post(`/directory/manage/proposals/${proposal!.id}`, { decision: 'accepted', reviewNote: '' });
    expect(accepted.statusCode).toBe(303);
    const [after] = await db().select().from(directoryServices).where(eq(directoryServices.id, ids.csm));
    expect(after!.waitingDays).toBe(20);
    expect(after!.mediationLanguages).toEqual(['ti', 'ar', 'so']);
    expect(await names({ language: 'so' })).toEqual(['CSM Città di Palermo']);
    const history = await listRevisions(db(), REVISION_TYPE, ids.csm, null, 1, 10);
    expect(history.items.map((r) => r.action)).toEqual(['edited', 'earlier']);
    expect(history.items[0]!.changed.sort()).toEqual(['mediationLanguages', 'waitingDays']);
    // A second decision on the same proposal is refused.
    expect((await coordinator.post(`/directory/manage/proposals/${proposal!.id}`, { decision: 'rejected' })).statusCode).toBe(409);
    const page = await coordinator.get(`/directory/manage/services/${ids.csm}/history`);
    expect(page.statusCode).toBe(200);
  });

  it('changes phones and weekly hours with the rest, grouping days that share their hours', async () => {
    await coordinator.get(`/directory/manage/services/${ids.csm}`);
    const res = await coordinator.post(`/directory/manage/services/${ids.csm}`, {
      ...form({ mediationLanguages: ['ti', 'ar', 'so'], waitingDays: '20' }),
      ...weekdays('08:30', '12:30'),
      'open-MO-2': '14:00',
      'close-MO-2': '17:00',
      'open-SA-1': '09:00',
      'close-SA-1': '12:30',
      'phone-1-number': '+39 091 000 0001',
      'phone-1-description': 'Segreteria',
      'phone-2-number': '+39 091 000 0002',
      'phone-2-type': 'fax',
    });
    expect(res.statusCode).toBe(303);
    const schedules = await db().select().from(directorySchedules).where(eq(directorySchedules.serviceId, ids.csm));
    expect(schedules.map((s) => [s.byday.join(','), s.opensAt.slice(0, 5), s.closesAt.slice(0, 5), s.timeZone]).sort()).toEqual([
      ['MO', '14:00', '17:00', 'Europe/Rome'],
      ['MO,TU,WE,TH,FR', '08:30', '12:30', 'Europe/Rome'],
      ['SA', '09:00', '12:30', 'Europe/Rome'],
    ]);
    // Monday 15:00 in Rome (14:00 UTC in November) is in the afternoon interval; Saturday morning too.
    expect(await names({ openAt: new Date('2026-11-23T14:00:00Z') })).toEqual(['CSM Città di Palermo']);
    expect(await names({ openAt: new Date('2026-11-28T09:00:00Z') })).toEqual(['CSM Città di Palermo']);
    const entry = await new Client(ctx.app).get(`/directory/services/${ids.csm}`);
    expect(entry.body).toContain('+39 091 000 0001');
    expect(entry.body).toContain('Segreteria');
    expect(entry.body).toContain('href="tel:+390910000001"');
    const history = await listRevisions(db(), REVISION_TYPE, ids.csm, null, 1, 10);
    expect(history.items[0]!.changed.sort()).toEqual(['hours', 'phones']);
    // The form shows them back as they are.
    const edit = await coordinator.get(`/directory/manage/services/${ids.csm}`);
    expect(edit.body).toContain('name="open-MO-2" type="time" value="14:00"');
    expect(edit.body).toContain('value="+39 091 000 0002"');
  });

  it('lets a coordinator edit an entry directly and confirm it', async () => {
    await coordinator.get(`/directory/manage/services/${ids.law}`);
    const res = await coordinator.post(`/directory/manage/services/${ids.law}`, { ...form({ name: 'Consulenza sul diritto d’asilo', typeCode: 'legal-aid', needs: 'legal-advice', mediationLanguages: 'fa', staffLanguages: [] }), acceptsReferrals: [], waitingDays: '' });
    expect(res.statusCode).toBe(303);
    await coordinator.get(`/directory/manage/services/${ids.csm}`);
    expect((await coordinator.post(`/directory/manage/services/${ids.csm}/verified`)).statusCode).toBe(303);
    expect(await names({ stale: true })).toEqual([]);
    const [csm] = await db().select().from(directoryServices).where(eq(directoryServices.id, ids.csm));
    expect(csm!.assurerEmail).toBe('coordinator@example.org');
  });
});

describe('new entries', () => {
  it('lets a coordinator add an organisation and a service at a new place, then at the same place', async () => {
    await coordinator.get('/directory/manage/organizations/new');
    expect((await coordinator.post('/directory/manage/organizations/new', { name: '' })).statusCode).toBe(400);
    const created = await coordinator.post('/directory/manage/organizations/new', { name: 'Associazione Nuova', website: 'https://nuova.example.org', email: '' });
    expect(created.statusCode).toBe(303);
    const orgId = /organizations\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1]!;
    const page = await coordinator.get(`/directory/manage/organizations/${orgId}/services/new`);
    expect(page.statusCode).toBe(200);
    const service = { name: 'Sportello psicologico', status: 'active', typeCode: 'community-mental-health-centre', needs: 'trauma-care', mediationLanguages: 'ti', ...weekdays('10:00', '12:00') };
    // A new place needs its name, address and municipality; nothing is written until it has them.
    const missing = await coordinator.post(`/directory/manage/organizations/${orgId}/services/new`, { ...service, locationId: '', country: 'IT', placeName: 'Sede', address: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('field-address-error');
    expect(await db().select().from(directoryLocations).where(eq(directoryLocations.organizationId, orgId))).toHaveLength(0);
    const [sicily] = await db().select().from(regions).where(eq(regions.code, 'IT-82'));
    const ok = await coordinator.post(`/directory/manage/organizations/${orgId}/services/new`, { ...service, locationId: '', country: 'IT', placeName: 'Sede', address: 'Via Nuova 3', city: 'Catania', regionId: sicily!.id });
    expect(ok.statusCode).toBe(303);
    expect(await names({ city: 'catania', language: 'ti' })).toEqual(['Sportello psicologico']);
    const [place] = await db().select().from(directoryLocations).where(eq(directoryLocations.organizationId, orgId));
    const again = await coordinator.post(`/directory/manage/organizations/${orgId}/services/new`, { ...service, name: 'Gruppo di sostegno', locationId: place!.id, country: 'IT' });
    expect(again.statusCode).toBe(303);
    expect(await db().select().from(directoryLocations).where(eq(directoryLocations.organizationId, orgId))).toHaveLength(1);
    // Another organisation's place cannot be chosen.
    const foreign = await coordinator.post(`/directory/manage/organizations/${orgId}/services/new`, { ...service, locationId: (await db().select().from(directoryLocations).where(eq(directoryLocations.organizationId, ids.asp)))[0]!.id, country: 'IT' });
    expect(foreign.statusCode).toBe(400);
    const list = await coordinator.get('/directory/manage?tab=organizations&q=nuova');
    expect(list.body).toContain('Associazione Nuova');
    expect(list.body).not.toContain('Sportello Legale Roma');
    await db().delete(directoryOrganizations).where(eq(directoryOrganizations.id, orgId));
  });
});

describe('verification requests', () => {
  it('asks organisations whose entries are due, by e-mail, once per interval', async () => {
    await db().update(directoryServices).set({ lastVerifiedAt: new Date(Date.now() - 200 * DAY) }).where(eq(directoryServices.organizationId, ids.asp));
    expect((await dueForVerification(db())).map((o) => o.id)).toEqual([ids.asp]);
    expect(await sendDueVerificationRequests(ctx.platform)).toBe(1);
    // The request counts for the interval: no second e-mail tomorrow.
    expect(await sendDueVerificationRequests(ctx.platform, new Date(Date.now() + DAY))).toBe(0);
    const mail = await lastMail(ctx.platform, 'verifiche@asp.example.org');
    expect(mail!.subject).toContain('ASP Esempio Palermo');
    // Written in the language of the organisation's country.
    expect(mail!.text).toContain('CSM Città di Palermo');
  });

  it('lets the organisation correct an entry and confirm the rest through the link, without an account', async () => {
    const mail = await lastMail(ctx.platform, 'verifiche@asp.example.org');
    const link = linkIn(mail!.text, '/directory/verify/');
    const org = new Client(ctx.app);
    const page = await org.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('CSM Città di Palermo');
    // The link opens its own organisation's entries only.
    expect((await org.get(`${link}/services/${ids.law}`)).statusCode).toBe(404);
    await org.get(`${link}/services/${ids.csm}`);
    const proposal = await org.post(`${link}/services/${ids.csm}`, {
      name: 'CSM Città di Palermo',
      status: 'active',
      typeCode: 'community-mental-health-centre',
      needs: ['psychiatric-assessment', 'trauma-care'],
      mediationLanguages: ['ti', 'ar', 'so'],
      staffLanguages: ['it', 'en'],
      acceptsReferrals: 'on',
      referralMethod: 'Ponte',
      waitingDays: '30',
      note: 'Longer waits this winter.',
    });
    expect(proposal.statusCode).toBe(303);
    const [pending] = await db().select().from(changeProposals).where(eq(changeProposals.status, 'pending'));
    expect(pending!.source).toBe('verification');
    await org.get(link);
    expect((await org.post(link)).statusCode).toBe(200);
    const [csm] = await db().select().from(directoryServices).where(eq(directoryServices.id, ids.csm));
    expect(csm!.assurerEmail).toBe('verifiche@asp.example.org');
    expect(Date.now() - csm!.lastVerifiedAt!.getTime()).toBeLessThan(60_000);
    // Used once: the link no longer opens.
    expect((await org.get(link)).statusCode).toBe(404);
    const [request] = await db().select().from(verificationRequests);
    expect(request!.answer).toBe('confirmed');
  });

  it('lets a coordinator set the interval and send a request by hand', async () => {
    const bad = await coordinator.post(`/directory/manage/organizations/${ids.legal}`, { verificationEmail: '', verifyEveryDays: '90' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('field-verificationEmail-error');
    await coordinator.get(`/directory/manage/organizations/${ids.legal}`);
    expect((await coordinator.post(`/directory/manage/organizations/${ids.legal}`, { verificationEmail: 'Info@Legale.example.org', verifyEveryDays: '90' })).statusCode).toBe(303);
    expect((await coordinator.post(`/directory/manage/organizations/${ids.legal}/request`)).statusCode).toBe(303);
    const mails = await db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'info@legale.example.org'));
    expect(mails).toHaveLength(1);
    const overview = await coordinator.get('/directory/manage?tab=organizations');
    expect(overview.body).toContain('Sportello Legale Roma');
  });
});
