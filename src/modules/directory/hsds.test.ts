import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../../../test/helpers.js';
import { hmac } from '../../platform/auth/crypto.js';
import { regions } from '../../platform/schema.js';
import { seedDirectoryDemo } from './demo.js';
import { FEATURES, TAXONOMIES, termId, uuidV5 } from './hsds.js';
import { directoryLocations, directoryOrganizations, directoryPhones, directorySchedules, directoryServices, needs, serviceAtLocations, serviceTypes, type ServiceFields } from './schema.js';
import { createService, markVerified } from './service.js';

/**
 * The HSDS 3.0 API, checked against Open Referral's own schemas (openreferral/specification, schema/ at commit
 * 279fd2e, CC BY-SA 4.0), read where the workplace keeps them, beside the repository (`../shared/standards/hsds`;
 * HSDS_SCHEMAS names another place) rather than copied into it. Lists are checked against the response schemas
 * of HSDS's openapi.json (a Page of compiled/<object>_list.json), single objects against compiled/<object>.json.
 */
const HSDS = pathToFileURL(`${resolve(process.env.HSDS_SCHEMAS ?? fileURLToPath(new URL('../../../../shared/standards/hsds', import.meta.url)))}/`);
const BASE = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';
/** Where the test files its own documents: the openapi.json, and the locations list it lacks. */
const HERE = 'https://hsds.test/';
const read = (name: string) => JSON.parse(readFileSync(new URL(name, HSDS), 'utf8')) as Record<string, unknown>;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats.default(ajv);
for (const f of readdirSync(HSDS).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) ajv.addSchema({ ...read(f), $id: BASE + f });
for (const f of readdirSync(new URL('compiled/', HSDS))) ajv.addSchema({ ...read(`compiled/${f}`), $id: `${BASE}compiled/${f}` });
ajv.addSchema({ ...read('openapi.json'), $id: `${HERE}openapi.json` });
// HSDS's openapi.json has no locations endpoint: a Page of location.json, as its other lists are.
ajv.addSchema({ $id: `${HERE}locations.json`, allOf: [{ $ref: 'openapi.json#/components/schemas/Page' }], properties: { contents: { type: 'array', items: { $ref: `${BASE}location.json` } } } });

/** The schema HSDS's openapi.json gives for a path's 200 answer (single service_at_location: see below). */
const RESPONSE: Record<string, string> = {
  '/': `${HERE}openapi.json#/paths/~1/get/responses/200/content/application~1json/schema`,
  ...Object.fromEntries(
    ['/services', '/services/{id}', '/organizations', '/organizations/{id}', '/service_at_locations', '/taxonomies', '/taxonomies/{id}', '/taxonomy_terms', '/taxonomy_terms/{id}'].map((p) => [
      p,
      `${HERE}openapi.json#/paths/${encodeURIComponent(p.replace(/\//g, '~1'))}/get/responses/200/content/application~1json/schema`,
    ]),
  ),
  // openapi.json gives compiled/service.json here, evidently a slip: a service_at_location is answered.
  '/service_at_locations/{id}': `${BASE}compiled/service_at_location.json`,
  '/locations': `${HERE}locations.json`,
  '/locations/{id}': `${BASE}location.json`,
};
const PAGE_KEYS = ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'];

function expectValid(path: string, body: unknown) {
  const validate = ajv.getSchema(RESPONSE[path]!)!;
  expect(validate(body) ? [] : validate.errors, `${path} follows HSDS`).toEqual([]);
  if (!path.endsWith('}') && path !== '/') expect(Object.keys(body as object).sort()).toEqual([...PAGE_KEYS].sort());
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let ctx: Awaited<ReturnType<typeof testApp>>;
let coordinator: Client;
const db = () => ctx.platform.database.db;
const ids: Record<string, string> = {};

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await ctx.app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json() as Json };
}
/** GETs an HSDS path, asserts a 200 that follows the schemas, answers the body. */
async function hsds(path: string, query = '', schemaPath = path.replace(/\/[0-9a-f-]{36}$/, '/{id}')) {
  const res = await get(`/api/hsds${path}${query}`);
  expect(res.status, `${path}${query}: ${JSON.stringify(res.body)}`).toBe(200);
  expectValid(schemaPath, res.body);
  return res.body;
}
const cookies = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const names = (page: Json) => page.contents.map((x: Json) => x.name ?? x.service?.name);

const SERVICE: ServiceFields = {
  name: '',
  alternateName: null,
  description: '',
  url: null,
  email: null,
  status: 'active',
  typeCode: 'community-mental-health-centre',
  needs: [],
  staffLanguages: [],
  mediationLanguages: [],
  acceptsReferrals: false,
  referralMethod: '',
  waitingDays: null,
  catchmentArea: '',
  eligibility: '',
  applicationProcess: '',
  feesDescription: '',
};

/** Three services of two organisations at three places in two regions, with phones and opening hours. */
async function seed() {
  await db()
    .insert(serviceTypes)
    .values([
      { code: 'community-mental-health-centre', names: { en: 'Community mental-health centre', it: 'Centro di salute mentale' }, sort: 1 },
      { code: 'legal-aid', names: { en: 'Legal aid', it: 'Assistenza legale' }, sort: 2 },
    ]);
  await db()
    .insert(needs)
    .values([
      { code: 'psychiatric-assessment', names: { en: 'Psychiatric assessment', it: 'Valutazione psichiatrica' }, sort: 1 },
      { code: 'trauma-care', names: { en: 'Trauma care', it: 'Cura del trauma' }, sort: 2 },
      { code: 'legal-advice', names: { en: 'Legal advice' }, sort: 3 },
    ]);
  await db()
    .insert(regions)
    .values([
      { country: 'IT', code: 'IT-82', name: 'Sicilia' },
      { country: 'IT', code: 'IT-62', name: 'Lazio' },
      { country: 'IT', code: 'IT-25', name: 'Lombardia' },
      { country: 'IT', code: 'IT-72', name: 'Campania' },
    ])
    .onConflictDoNothing();
  const region = async (code: string) => (await db().select().from(regions).where(eq(regions.code, code)))[0]!.id;
  const [asp] = await db().insert(directoryOrganizations).values({ name: 'ASP Esempio Palermo', description: 'Azienda sanitaria (esempio).', email: 'info@asp.example.org', website: 'https://asp.example.org', legalStatus: 'public body' }).returning();
  const [legal] = await db().insert(directoryOrganizations).values({ name: 'Sportello Legale Roma', website: 'not a url' }).returning();
  ids.asp = asp!.id;
  ids.legal = legal!.id;
  const [pa] = await db()
    .insert(directoryLocations)
    .values({ organizationId: asp!.id, name: 'Sede centrale', address: 'Via Esempio 1', city: 'Palermo', postalCode: '90100', regionId: await region('IT-82'), country: 'IT', latitude: 38.1157, longitude: 13.3615, accessibility: 'Step-free entrance.' })
    .returning();
  const [ct] = await db().insert(directoryLocations).values({ organizationId: asp!.id, name: 'Ambulatorio Catania', address: 'Piazza Prova 3', city: 'Catania', regionId: await region('IT-82'), country: 'IT' }).returning();
  const [rm] = await db().insert(directoryLocations).values({ organizationId: legal!.id, name: 'Sportello', address: 'Via Prova 2', city: 'Roma', regionId: await region('IT-62'), country: 'IT' }).returning();
  Object.assign(ids, { palermo: pa!.id, catania: ct!.id, roma: rm!.id });
  ids.csm = await createService(
    db(),
    {
      ...SERVICE,
      organizationId: asp!.id,
      locationIds: [pa!.id, ct!.id],
      name: 'Ambulatorio transculturale',
      description: 'Valutazione e presa in carico psichiatrica per adulti.',
      url: 'https://asp.example.org/transculturale',
      email: 'transculturale@asp.example.org',
      needs: ['psychiatric-assessment', 'trauma-care'],
      staffLanguages: ['it', 'en'],
      mediationLanguages: ['ar', 'ti'],
      acceptsReferrals: true,
      referralMethod: 'Through Ponte or by e-mail',
      waitingDays: 14,
      catchmentArea: 'Provincia di Palermo',
      eligibility: 'Adults living in the province.',
    },
    null,
  );
  ids.legalAid = await createService(db(), { ...SERVICE, organizationId: legal!.id, locationIds: [rm!.id], name: 'Consulenza legale', typeCode: 'legal-aid', needs: ['legal-advice'], staffLanguages: ['it'], email: 'not an address' }, null);
  ids.group = await createService(db(), { ...SERVICE, organizationId: asp!.id, name: 'Gruppo di sostegno', status: 'inactive', needs: ['trauma-care'] }, null);
  await db().update(directoryServices).set({ minimumAge: 18, maximumAge: 65 }).where(eq(directoryServices.id, ids.csm));
  await markVerified(db(), { serviceId: ids.csm }, 'verifiche@asp.example.org');
  await db()
    .insert(directoryPhones)
    .values([
      { organizationId: asp!.id, number: '+39 091 000 0000', description: 'Switchboard' },
      { serviceId: ids.csm, number: '+39 091 000 0001', sort: 1 },
      { serviceId: ids.csm, number: '+39 333 000 0001', type: 'text', sort: 2 },
      { locationId: pa!.id, number: '+39 091 000 0002' },
    ]);
  await db()
    .insert(directorySchedules)
    .values([
      { serviceId: ids.csm, byday: ['MO', 'TU'], opensAt: '09:00', closesAt: '13:00', timeZone: 'Europe/Rome' },
      { serviceId: ids.csm, byday: ['TH'], opensAt: '14:00', closesAt: '18:30', timeZone: 'Europe/Rome', validFrom: '2025-01-01', validTo: '2025-12-31', description: 'Afternoons, in 2025' },
    ]);
  ids.salPalermo = (await db().select().from(serviceAtLocations).where(eq(serviceAtLocations.locationId, pa!.id)))[0]!.id;
}

beforeAll(async () => {
  ctx = await testApp();
  await seed();
  coordinator = await signedInAs(ctx, 'coordinator@example.org', 'network-coordinator');
});
afterAll(async () => ctx?.close());

describe('HSDS 3.0 API', () => {
  it('says which HSDS version it follows, and lists its paths in the OpenAPI document', async () => {
    expect(await hsds('/')).toEqual({ version: '3.0', openapi_url: 'http://ponte.test/api/openapi.json' });
    const doc = (await get('/api/openapi.json')).body;
    for (const path of ['/api/hsds/services', '/api/hsds/services/{id}', '/api/hsds/organizations/{id}', '/api/hsds/locations', '/api/hsds/service_at_locations/{id}', '/api/hsds/taxonomies', '/api/hsds/taxonomy_terms/{id}']) expect(doc.paths[path]?.get, path).toBeTruthy();
    expect(doc.paths['/api/hsds/import'].post.requestBody).toBeTruthy();
  });

  it('answers every list and every item in forms that follow the official schemas', async () => {
    for (const path of ['/services', '/organizations', '/locations', '/service_at_locations', '/taxonomies', '/taxonomy_terms']) {
      for (const query of ['', '?full=true', '?per_page=1&page=2']) {
        const page = await hsds(path, query);
        expect(page.contents.length, `${path}${query}`).toBeGreaterThan(0);
        for (const item of page.contents) await hsds(`${path}/${item.id}`);
      }
    }
    await hsds(`/organizations/${ids.asp}`, '?full_service=true');
    await hsds('/organizations', '?full=true&full_service=true');
    // The checks bite: what breaks HSDS, however deep, fails them.
    const service = await hsds(`/services/${ids.csm}`);
    expect(() => expectValid('/services/{id}', { ...service, status: 'open' })).toThrow();
    expect(() => expectValid('/services/{id}', { ...service, service_at_locations: [{ ...service.service_at_locations[0], location: { id: ids.palermo } }] })).toThrow();
    const list = await hsds('/services');
    expect(() => expectValid('/services', { ...list, contents: [{ ...service, organization: { id: ids.asp } }] })).toThrow();
  });

  it("carries Ponte's fields in standard HSDS form", async () => {
    const s = await hsds(`/services/${ids.csm}`);
    expect(s).toMatchObject({
      id: ids.csm,
      organization_id: ids.asp,
      status: 'active',
      url: 'https://asp.example.org/transculturale',
      email: 'transculturale@asp.example.org',
      wait_time: '14 days',
      interpretation_services: 'Arabic, Tigrinya',
      eligibility_description: 'Adults living in the province.',
      minimum_age: 18,
      maximum_age: 65,
      assured_date: new Date().toISOString().slice(0, 10),
      assurer_email: 'verifiche@asp.example.org',
      organization: { id: ids.asp, name: 'ASP Esempio Palermo', website: 'https://asp.example.org' },
      languages: [expect.objectContaining({ code: 'it', name: 'Italian' }), expect.objectContaining({ code: 'en', name: 'English' })],
      service_areas: [expect.objectContaining({ name: 'Provincia di Palermo' })],
      phones: [expect.objectContaining({ number: '+39 091 000 0001', type: 'voice', service_id: ids.csm }), expect.objectContaining({ number: '+39 333 000 0001', type: 'text' })],
      schedules: [
        expect.objectContaining({ freq: 'WEEKLY', byday: 'MO,TU', opens_at: '09:00', closes_at: '13:00', attributes: [expect.objectContaining({ taxonomy_term_id: termId('feature', 'time-zone'), value: 'Europe/Rome' })] }),
        expect.objectContaining({ byday: 'TH', opens_at: '14:00', closes_at: '18:30', valid_from: '2025-01-01', valid_to: '2025-12-31', description: 'Afternoons, in 2025' }),
      ],
    });
    expect(Date.parse(s.last_modified)).toBeGreaterThan(Date.now() - 60_000);
    const attributes = s.attributes.map((a: Json) => [a.taxonomy_term.taxonomy_id, a.taxonomy_term.code, a.value ?? null]);
    expect(attributes).toEqual([
      [TAXONOMIES.type.id, 'community-mental-health-centre', null],
      [TAXONOMIES.need.id, 'psychiatric-assessment', null],
      [TAXONOMIES.need.id, 'trauma-care', null],
      [TAXONOMIES.feature.id, 'mediation-language', 'ar'],
      [TAXONOMIES.feature.id, 'mediation-language', 'ti'],
      [TAXONOMIES.feature.id, 'accepts-referrals', 'Through Ponte or by e-mail'],
    ]);
    const palermo = s.service_at_locations.find((x: Json) => x.location_id === ids.palermo);
    expect(palermo.location).toMatchObject({
      location_type: 'physical',
      name: 'Sede centrale',
      latitude: 38.1157,
      longitude: 13.3615,
      addresses: [{ address_1: 'Via Esempio 1', city: 'Palermo', postal_code: '90100', state_province: 'IT-82', region: 'Sicilia', country: 'IT', address_type: 'physical' }],
      phones: [expect.objectContaining({ number: '+39 091 000 0002', location_id: ids.palermo })],
      accessibility: [expect.objectContaining({ description: 'Step-free entrance.' })],
    });
    // Malformed addresses in the data are left out rather than breaking the answer.
    const legal = await hsds(`/services/${ids.legalAid}`);
    expect(legal.email).toBeUndefined();
    expect(legal.organization.website).toBeUndefined();
    // Closed services are listed too, with their status, so that copies elsewhere learn about it.
    expect((await hsds(`/services/${ids.group}`)).status).toBe('inactive');
    // An organisation nests its phones, places and services.
    const org = await hsds(`/organizations/${ids.asp}`);
    expect(org.phones.map((p: Json) => p.number)).toEqual(['+39 091 000 0000']);
    expect(org.locations.map((x: Json) => x.name)).toEqual(['Ambulatorio Catania', 'Sede centrale']);
    expect(org.services.map((x: Json) => x.name)).toEqual(['Ambulatorio transculturale', 'Gruppo di sostegno']);
    expect(org.services[0].schedules).toBeUndefined();
    expect((await hsds(`/organizations/${ids.asp}`, '?full_service=true')).services[0].schedules).toHaveLength(2);
    const at = await hsds(`/service_at_locations/${ids.salPalermo}`);
    expect(at).toMatchObject({ service_id: ids.csm, location_id: ids.palermo, service: { name: 'Ambulatorio transculturale', schedules: expect.any(Array) }, location: { name: 'Sede centrale', addresses: expect.any(Array) } });
    // Lists keep HSDS's one-to-one fields unless full=true.
    const list = await hsds('/services', '?search=transculturale');
    expect(list.contents[0].attributes).toBeUndefined();
    expect((await hsds('/services', '?search=transculturale&full=true')).contents[0].attributes).toHaveLength(6);
  });

  it('derives taxonomy and term ids from codes, the same on every instance, and names terms in the language asked for', async () => {
    // RFC 9562, appendix A.4: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(termId('need', 'trauma-care')).toBe(uuidV5('term:need:trauma-care'));
    const taxonomies = await hsds('/taxonomies');
    expect(taxonomies.contents.map((t: Json) => t.id)).toEqual([TAXONOMIES.type.id, TAXONOMIES.need.id, TAXONOMIES.feature.id]);
    const needTerms = await hsds('/taxonomy_terms', `?taxonomy_id=${TAXONOMIES.need.id}`);
    expect(needTerms.contents.map((t: Json) => [t.code, t.name, t.language])).toEqual([
      ['psychiatric-assessment', 'Psychiatric assessment', 'en'],
      ['trauma-care', 'Trauma care', 'en'],
      ['legal-advice', 'Legal advice', 'en'],
    ]);
    const italian = (await get(`/api/hsds/taxonomy_terms?taxonomy_id=${TAXONOMIES.need.id}`, { 'accept-language': 'it' })).body;
    expect(italian.contents.map((t: Json) => [t.name, t.language])).toEqual([
      ['Valutazione psichiatrica', 'it'],
      ['Cura del trauma', 'it'],
      ['Legal advice', 'en'],
    ]);
    expect((await hsds(`/taxonomy_terms/${termId('feature', 'mediation-language')}`)).description).toBe(FEATURES['mediation-language'].description);
    expect((await hsds('/taxonomy_terms', '?search=trauma')).contents.map((t: Json) => t.code)).toEqual(['trauma-care']);
  });

  it('pages with page and per_page', async () => {
    const first = await hsds('/services', '?per_page=2');
    expect(first).toMatchObject({ total_items: 3, total_pages: 2, page_number: 1, size: 2, first_page: true, last_page: false, empty: false });
    expect(names(first)).toEqual(['Ambulatorio transculturale', 'Consulenza legale']);
    const second = await hsds('/services', '?per_page=2&page=2');
    expect(second).toMatchObject({ total_items: 3, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true, empty: false });
    expect(names(second)).toEqual(['Gruppo di sostegno']);
    expect(await hsds('/services', '?per_page=2&page=3')).toMatchObject({ total_items: 3, page_number: 3, size: 0, last_page: true, empty: true, contents: [] });
    expect(await hsds('/services', '?search=nothingmatchesthis')).toMatchObject({ total_items: 0, total_pages: 0, size: 0, first_page: true, last_page: true, empty: true });
    expect(await hsds('/taxonomy_terms', '?per_page=3&page=2')).toMatchObject({ total_items: 8, total_pages: 3, size: 3 });
  });

  it("filters with HSDS's parameters and Ponte's own", async () => {
    const services = async (query: string) => names(await hsds('/services', query));
    expect(await services('?search=psichiatrica')).toEqual(['Ambulatorio transculturale']);
    expect(await services('?search=esempio')).toEqual(['Ambulatorio transculturale', 'Gruppo di sostegno']);
    expect(await services(`?organization_id=${ids.legal}`)).toEqual(['Consulenza legale']);
    expect(await services(`?taxonomy_term_id=${termId('type', 'legal-aid')}`)).toEqual(['Consulenza legale']);
    expect(await services(`?taxonomy_term_id=${termId('need', 'trauma-care')}`)).toEqual(['Ambulatorio transculturale', 'Gruppo di sostegno']);
    expect(await services(`?taxonomy_term_id=${termId('feature', 'accepts-referrals')}`)).toEqual(['Ambulatorio transculturale']);
    expect(await services(`?taxonomy_term_id=${uuidV5('unknown')}`)).toEqual([]);
    expect(await services(`?taxonomy_id=${TAXONOMIES.type.id}`)).toHaveLength(3);
    expect(await services(`?taxonomy_id=${TAXONOMIES.feature.id}`)).toEqual(['Ambulatorio transculturale']);
    expect(await services(`?taxonomy_id=${uuidV5('unknown')}`)).toEqual([]);
    expect(await services(`?modified_after=${new Date(Date.now() - 3_600_000).toISOString()}`)).toHaveLength(3);
    expect(await services(`?modified_after=${new Date(Date.now() + 3_600_000).toISOString()}`)).toEqual([]);
    expect(await services('?modified_after=2000-01-01')).toHaveLength(3);
    expect(await services('?need=legal-advice')).toEqual(['Consulenza legale']);
    expect(await services('?language=ti')).toEqual(['Ambulatorio transculturale']);
    expect(await services('?language=it')).toEqual(['Ambulatorio transculturale', 'Consulenza legale']);
    expect(await services('?region=IT-62')).toEqual(['Consulenza legale']);
    expect(await services('?region=it-82&city=CATANIA')).toEqual(['Ambulatorio transculturale']);
    expect(await services('?region=IT-25')).toEqual([]);
    expect(await services('?region=FR-75')).toEqual([]);
    expect(await services('?need=trauma-care&search=gruppo')).toEqual(['Gruppo di sostegno']);
    // Services at locations: region and city filter the place itself.
    const at = async (query: string) => (await hsds('/service_at_locations', query)).contents.map((x: Json) => `${x.service.name} @ ${x.location.name}`);
    expect(await at('')).toEqual(['Ambulatorio transculturale @ Ambulatorio Catania', 'Ambulatorio transculturale @ Sede centrale', 'Consulenza legale @ Sportello']);
    expect(await at('?city=Palermo')).toEqual(['Ambulatorio transculturale @ Sede centrale']);
    expect(await at('?region=IT-82&language=ar')).toHaveLength(2);
    expect(await at(`?taxonomy_term_id=${termId('type', 'legal-aid')}`)).toEqual(['Consulenza legale @ Sportello']);
    const locations = async (query: string) => names(await hsds('/locations', query));
    expect(await locations('?region=IT-82')).toEqual(['Ambulatorio Catania', 'Sede centrale']);
    expect(await locations(`?organization_id=${ids.legal}`)).toEqual(['Sportello']);
    expect(await locations('?search=esempio')).toEqual(['Sede centrale']);
    const organizations = async (query: string) => names(await hsds('/organizations', query));
    expect(await organizations('?search=legale')).toEqual(['Sportello Legale Roma']);
    expect(await organizations('?city=catania')).toEqual(['ASP Esempio Palermo']);
  });

  it('answers 404 problem details for unknown or malformed ids', async () => {
    for (const path of ['services', 'organizations', 'locations', 'service_at_locations', 'taxonomies', 'taxonomy_terms']) {
      for (const id of [uuidV5('nothing'), 'abc', "1'%20OR%201=1", '00000000-0000-0000-0000-00000000000g']) {
        const res = await get(`/api/hsds/${path}/${id}`);
        expect(res.status, `${path}/${id}`).toBe(404);
        expect(res.type).toContain('application/problem+json');
        expect(res.body).toMatchObject({ status: 404, title: 'Not Found' });
      }
    }
  });

  it('answers 400 problem details for bad query parameters, never 500', async () => {
    for (const query of [
      '/services?page=0',
      '/services?page=abc',
      '/services?per_page=1000',
      '/services?page=1&page=2',
      '/services?region=Sicily',
      '/services?language=!!',
      '/services?organization_id=nope',
      '/services?taxonomy_term_id=psychiatric-assessment',
      '/services?modified_after=yesterday',
      '/services?search=a%00b',
      '/services?format=ndjson',
      '/services?full=yes',
      '/service_at_locations?city=%1F',
      '/organizations?full_service=1',
      '/locations?organization_id=1',
      '/taxonomy_terms?taxonomy_id=needs',
      '/taxonomies?per_page=-1',
    ]) {
      const res = await get(`/api/hsds${query}`);
      expect(res.status, query).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.errors.length, query).toBeGreaterThan(0);
    }
  });
});

/** A new organisation as another system would send it: terms named by id, or by taxonomy and code. */
function newOrganization() {
  const id = (name: string) => uuidV5(`test-import:${name}`);
  return {
    id: id('org'),
    name: 'Centro Astalli Esempio',
    description: 'Accoglienza e orientamento (esempio).',
    email: 'info@astalli.example.org',
    phones: [{ id: id('org-phone'), number: '+39 06 000 0000' }],
    locations: [
      {
        id: id('loc-rome'),
        location_type: 'physical',
        name: 'Centro',
        addresses: [{ id: id('addr'), address_1: 'Via del Seminario 120', city: 'Roma', state_province: 'IT-62', postal_code: '00186', country: 'it', address_type: 'physical' }],
        phones: [{ id: id('loc-phone'), number: '+39 06 000 0001', type: 'fax' }],
      },
    ],
    services: [
      {
        id: id('svc'),
        name: 'Ascolto psicologico',
        status: 'active',
        description: 'Colloqui di sostegno psicologico.',
        wait_time: '7 days',
        minimum_age: 16,
        assured_date: '2025-03-01',
        languages: [{ id: id('lang'), code: 'fr', name: 'French' }],
        service_areas: [{ id: id('area'), name: 'Roma Capitale' }],
        attributes: [
          { id: id('a1'), taxonomy_term_id: termId('type', 'community-mental-health-centre') },
          { id: id('a2'), taxonomy_term: { id: id('t2'), code: 'trauma-care', name: 'Trauma', description: '', taxonomy_id: TAXONOMIES.need.id } },
          { id: id('a3'), taxonomy_term_id: termId('feature', 'mediation-language'), value: 'fa' },
          { id: id('a4'), taxonomy_term_id: termId('feature', 'accepts-referrals'), value: 'By phone' },
          { id: id('a5'), taxonomy_term: { id: id('t5'), code: 'X1', name: 'Another taxonomy', description: '' } },
        ],
        phones: [{ id: id('svc-phone'), number: '+39 06 000 0002' }],
        schedules: [
          { id: id('sched1'), freq: 'WEEKLY', byday: 'WE,FR', opens_at: '10:00', closes_at: '12:00', attributes: [{ id: id('tz'), taxonomy_term_id: termId('feature', 'time-zone'), value: 'Europe/Rome' }] },
          { id: id('sched2'), byday: 'SA', opens_at: '09:00+01:00', closes_at: '11:00+01:00' },
        ],
        service_at_locations: [
          { id: id('sal-rome'), location_id: id('loc-rome') },
          {
            id: id('sal-online'),
            location: { id: id('loc-milan'), location_type: 'physical', name: 'Milano', addresses: [{ id: id('addr2'), address_1: 'Via Prova 9', city: 'Milano', state_province: 'Lombardia', postal_code: '', country: 'IT', address_type: 'physical' }] },
          },
        ],
      },
    ],
  };
}

describe('HSDS import', () => {
  const counts = async () => {
    const n = async (t: typeof directoryOrganizations | typeof directoryServices | typeof directoryLocations | typeof directoryPhones | typeof directorySchedules | typeof serviceAtLocations) => (await db().select({ n: count() }).from(t))[0]!.n;
    return [await n(directoryOrganizations), await n(directoryServices), await n(directoryLocations), await n(directoryPhones), await n(directorySchedules), await n(serviceAtLocations)];
  };

  it('is for network coordinators, with the CSRF token of a page', async () => {
    const anonymous = await ctx.app.inject({ method: 'POST', url: '/api/hsds/import', payload: newOrganization() });
    expect(anonymous.statusCode).toBe(401);
    const learner = await signedInAs(ctx, 'learner@example.org', 'learner');
    expect((await learner.json('POST', '/api/hsds/import', newOrganization())).statusCode).toBe(403);
    const forged = await ctx.app.inject({ method: 'POST', url: '/api/hsds/import', headers: { cookie: cookies(coordinator) }, payload: newOrganization() });
    expect(forged.statusCode).toBe(403);
    expect(await hsds('/organizations', `?search=Astalli`)).toMatchObject({ total_items: 0 });
  });

  it('imports an organisation with its services and locations, which then appear in the API', async () => {
    const file = newOrganization();
    const res = await coordinator.json('POST', '/api/hsds/import', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ organizations: 1, services: 1, locations: 2, phones: 3, schedules: 2 });
    const s = await hsds(`/services/${file.services[0]!.id}`);
    expect(s).toMatchObject({ name: 'Ascolto psicologico', organization_id: file.id, wait_time: '7 days', minimum_age: 16, assured_date: '2025-03-01', service_areas: [expect.objectContaining({ name: 'Roma Capitale' })], languages: [expect.objectContaining({ code: 'fr' })] });
    expect(s.attributes.map((a: Json) => [a.taxonomy_term.code, a.value ?? null])).toEqual([
      ['community-mental-health-centre', null],
      ['trauma-care', null],
      ['mediation-language', 'fa'],
      ['accepts-referrals', 'By phone'],
    ]);
    expect(s.schedules.map((x: Json) => [x.byday, x.opens_at, x.attributes[0].value])).toEqual([
      ['SA', '09:00', 'Etc/GMT-1'],
      ['WE,FR', '10:00', 'Europe/Rome'],
    ]);
    expect(s.service_at_locations.map((x: Json) => [x.location.name, x.location.addresses[0].state_province])).toEqual([
      ['Centro', 'IT-62'],
      ['Milano', 'IT-25'],
    ]);
    expect((await hsds(`/locations/${file.locations[0]!.id}`)).phones).toEqual([expect.objectContaining({ number: '+39 06 000 0001', type: 'fax' })]);
    expect(names(await hsds('/services', '?region=IT-25&need=trauma-care'))).toEqual(['Ascolto psicologico']);
    expect(names(await hsds('/services', '?language=fa'))).toEqual(['Ascolto psicologico']);
    const [row] = await db().select().from(directoryServices).where(eq(directoryServices.id, file.services[0]!.id));
    expect(row).toMatchObject({ acceptsReferrals: true, referralMethod: 'By phone', waitingDays: 7, catchmentArea: 'Roma Capitale', mediationLanguages: ['fa'], staffLanguages: ['fr'] });

    // Importing again updates by id, and replaces the entry's phones, hours and places with the file's.
    file.services[0]!.name = 'Ascolto e sostegno psicologico';
    file.services[0]!.schedules = file.services[0]!.schedules.slice(1);
    file.services[0]!.service_at_locations = file.services[0]!.service_at_locations.slice(0, 1);
    const bare = { id: uuidV5('test-import:bare'), name: 'Organisation without services', description: '' };
    const again = await coordinator.json('POST', '/api/hsds/import', [file, bare]);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ organizations: 2, services: 1, locations: 1, phones: 3, schedules: 1 });
    expect(await hsds(`/organizations/${bare.id}`)).toMatchObject({ name: bare.name, phones: [], locations: [], services: [] });
    const s2 = await hsds(`/services/${file.services[0]!.id}`);
    expect(s2.name).toBe('Ascolto e sostegno psicologico');
    expect(s2.schedules).toHaveLength(1);
    expect(s2.service_at_locations.map((x: Json) => x.location.name)).toEqual(['Centro']);
  });

  it("takes back what it answers: an organisation's export imports to the same entries", async () => {
    const before = await hsds(`/organizations/${ids.asp}`, '?full_service=true');
    const res = await coordinator.json('POST', '/api/hsds/import', before);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ organizations: 1, services: 2, locations: 2, phones: 4, schedules: 2 });
    const after = await hsds(`/organizations/${ids.asp}`, '?full_service=true');
    const stable = (o: Json) => JSON.parse(JSON.stringify(o, (k, v) => (k === 'last_modified' ? undefined : v)));
    expect(stable(after)).toEqual(stable(before));
  });

  it('refuses an invalid file whole, listing what is wrong, and changes nothing', async () => {
    const before = await counts();
    const good = { ...newOrganization(), id: uuidV5('good-org'), name: 'Valid organisation', services: [], locations: [], phones: [] };
    const bad = newOrganization();
    bad.id = uuidV5('bad-org');
    const service = bad.services[0]!;
    service.id = uuidV5('bad-svc');
    service.attributes = [{ id: uuidV5('x1'), taxonomy_term: { id: uuidV5('x2'), code: 'astrology', name: 'Astrology', description: '', taxonomy_id: TAXONOMIES.need.id } }];
    service.schedules = [{ id: uuidV5('x3'), freq: 'WEEKLY', byday: 'Monday', opens_at: '10:00', closes_at: '09:00', attributes: [] }];
    service.wait_time = 'a few weeks';
    service.service_at_locations = [{ id: uuidV5('x4'), location_id: uuidV5('nowhere') }];
    bad.locations[0]!.addresses = [];
    const res = await coordinator.json('POST', '/api/hsds/import', [good, bad]);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const paths = (res.json() as Json).errors.map((e: Json) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/1/locations/0/addresses', '/1/services/0/attributes/0/taxonomy_term/code', '/1/services/0/attributes', '/1/services/0/schedules/0/byday', '/1/services/0/wait_time', '/1/services/0/service_at_locations/0/location_id']),
    );
    expect(await counts()).toEqual(before);
    expect((await get(`/api/hsds/organizations/${good.id}`)).status).toBe(404);

    // Not HSDS at all: the schema's own checks, with their paths.
    const shape = await coordinator.json('POST', '/api/hsds/import', { ...newOrganization(), id: 'not-a-uuid', services: [{ ...newOrganization().services[0], status: 'open' }] });
    expect(shape.statusCode).toBe(422);
    expect((shape.json() as Json).errors.map((e: Json) => e.path)).toEqual(['/id', '/services/0/status']);
    expect((await coordinator.json('POST', '/api/hsds/import', [])).statusCode).toBe(422);
    // Two entries with one id, and a text too long.
    const twice = newOrganization();
    twice.services.push({ ...twice.services[0]!, name: 'x'.repeat(201) });
    const dup = await coordinator.json('POST', '/api/hsds/import', twice);
    expect(dup.statusCode).toBe(422);
    expect((dup.json() as Json).errors.map((e: Json) => e.path)).toEqual(expect.arrayContaining(['/services/1/id', '/services/1/name']));
    expect(await counts()).toEqual(before);

    const token = hmac(ctx.platform.config.secretKey, 'csrf', coordinator.cookies.get('ponte_csrf')!);
    const malformed = await ctx.app.inject({ method: 'POST', url: '/api/hsds/import', headers: { cookie: cookies(coordinator), 'content-type': 'application/json', 'x-csrf-token': token }, payload: '{"id": ' });
    expect(malformed.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });
});

describe('the demo directory', () => {
  /** Every organisation, fully nested, page after page. */
  async function everything() {
    const all: Json[] = [];
    for (let page = 1, last = false; !last; page++) {
      const body = await hsds('/organizations', `?full=true&full_service=true&per_page=50&page=${page}`);
      for (const o of body.contents) expectValid('/organizations/{id}', o);
      all.push(...body.contents);
      last = body.last_page;
    }
    return all;
  }

  it('follows HSDS in every entry, and imports back unchanged', async () => {
    await db().transaction((tx) => seedDirectoryDemo(tx));
    for (let page = 1, last = false; !last; page++) {
      const body = await hsds('/services', `?full=true&per_page=100&page=${page}`);
      for (const s of body.contents) expectValid('/services/{id}', s);
      last = body.last_page;
    }
    await hsds('/service_at_locations', '?full=true&per_page=100');
    await hsds('/locations', '?per_page=100');
    const before = await everything();
    expect(before.length).toBeGreaterThan(50);
    // Upper-case ids, as some systems write them, are the same ids.
    const file = JSON.parse(JSON.stringify(before).replace(/"id":"([0-9a-f-]{36})"/g, (_, id: string) => `"id":"${id.toUpperCase()}"`));
    const res = await coordinator.json('POST', '/api/hsds/import', file);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(200);
    expect(res.json().organizations).toBe(before.length);
    const stable = (o: Json) => JSON.parse(JSON.stringify(o, (k, v) => (k === 'last_modified' ? undefined : v)));
    expect(stable(await everything())).toEqual(stable(before));
  });
});
