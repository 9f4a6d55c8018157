import { createHash } from 'node:crypto';
import { and, asc, count, eq, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { audit } from '../../platform/audit.js';
import { contentChanged } from '../../platform/content-version.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { languageName } from '../../platform/i18n/index.js';
import { isTimeZone } from '../../platform/i18n/time-zones.js';
import { regions } from '../../platform/schema.js';
import { directoryLocations, directoryOrganizations, directoryPhones, directorySchedules, directoryServices, PHONE_TYPES, serviceAtLocations, SERVICE_STATUSES, WEEKDAYS } from './schema.js';
import { createService, LANGUAGE_CODE, listNeeds, listServiceTypes, pageInNameOrder, serviceConditions, updateService, type DirectoryFilters, type ServiceFields } from './service.js';

/**
 * The directory as Open Referral HSDS 3.0: its rows mapped to HSDS objects and pages, and HSDS JSON imported
 * back. Ponte's extensions travel in standard form: service types and needs are two HSDS taxonomies linked from
 * services through `attributes`; mediation languages, how referrals are accepted and the time zone of opening
 * hours are attributes whose term (in a third taxonomy) names what the `value` holds; waiting days go in
 * `wait_time` and the catchment area in `service_areas`.
 */

// ---- Identifiers ------------------------------------------------------------------------------------

/** Ponte's namespace for name-based ids: a code gets the same id on every instance, so copies can be merged. */
const NAMESPACE = 'b0e405a1-efd7-4d06-bf08-eeba414bf3c0';

/** An RFC 9562 version 5 UUID: HSDS wants UUIDs where Ponte has codes or derived objects. */
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const h = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

type TermKind = 'type' | 'need' | 'feature';
export const TAXONOMIES: Record<TermKind, { id: string; name: string; description: string }> = {
  type: { id: uuidV5('taxonomy:service-type'), name: 'Ponte service types', description: 'Kinds of service (community mental-health centre, legal aid…). Every service has exactly one.' },
  need: { id: uuidV5('taxonomy:need'), name: 'Ponte needs', description: 'What a person may need (psychiatric assessment, trauma-focused therapy…). A service meets any number of them.' },
  feature: { id: uuidV5('taxonomy:feature'), name: 'Ponte service features', description: "Ponte's extensions to HSDS. Each term names what the value of an attribute linked to it holds." },
};
/** Terms of the features taxonomy: fixed, since Ponte's code reads them. */
export const FEATURES = {
  'mediation-language': { name: 'Interpreting or cultural mediation language', description: 'The service can provide interpreting or cultural mediation in this language. Value: a BCP 47 language code.' },
  'accepts-referrals': { name: 'Accepts referrals', description: 'The service accepts referrals from other services. Value: how referrals reach it, in words (may be empty).' },
  'time-zone': { name: 'Time zone', description: 'The time zone of the opening hours of a schedule, which are local times. Value: an IANA time zone name such as Europe/Rome.' },
} as const;
export const termId = (kind: TermKind, code: string) => uuidV5(`term:${kind}:${code}`);

// ---- HSDS shapes --------------------------------------------------------------------------------------
// The fields of HSDS 3.0 that Ponte reads or writes, with HSDS's own required fields: the API's answers follow
// them, and an import is checked against them before Ponte's own rules.

const guid = z.guid();
const httpUrl = z.url({ protocol: /^https?$/ });
const email = z.email();
const opt = z.string().optional();
const list = <T extends z.ZodType>(item: T) => z.array(item).optional();
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(Z|[+-]([01]\d|2[0-3]):?([0-5]\d))?$/;

export const taxonomyJson = z.object({ id: guid, name: z.string(), description: z.string(), uri: httpUrl.optional(), version: opt });
export const taxonomyTermJson = z.object({ id: guid, code: opt, name: z.string(), description: z.string(), parent_id: guid.optional(), taxonomy: opt, taxonomy_id: guid.optional(), language: opt });
const attributeJson = z.object({ id: guid, link_id: guid.optional(), link_type: opt, link_entity: opt, taxonomy_term_id: guid.optional(), value: opt, taxonomy_term: taxonomyTermJson.optional() });
const phoneJson = z.object({ id: guid, organization_id: guid.optional(), service_id: guid.optional(), location_id: guid.optional(), number: z.string(), type: z.enum(PHONE_TYPES).optional(), description: opt });
const languageJson = z.object({ id: guid, service_id: guid.optional(), name: opt, code: z.string().regex(LANGUAGE_CODE).optional(), note: opt });
const scheduleJson = z.object({
  id: guid,
  service_id: guid.optional(),
  valid_from: z.iso.date().optional(),
  valid_to: z.iso.date().optional(),
  timezone: z.number().optional(),
  wkst: z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']).optional(),
  freq: z.enum(['WEEKLY', 'MONTHLY']).optional(),
  interval: z.number().optional(),
  byday: opt,
  opens_at: z.string().regex(TIME).optional(),
  closes_at: z.string().regex(TIME).optional(),
  description: opt,
  attributes: list(attributeJson),
});
const serviceAreaJson = z.object({ id: guid, service_id: guid.optional(), name: opt, description: opt });
const addressJson = z.object({
  id: guid,
  location_id: guid.optional(),
  address_1: z.string(),
  address_2: opt,
  city: z.string(),
  region: opt,
  state_province: z.string(),
  postal_code: z.string(),
  country: z.string(),
  address_type: z.enum(['physical', 'postal', 'virtual']),
});
const accessibilityJson = z.object({ id: guid, location_id: guid.optional(), description: opt, details: opt });
export const locationJson = z.object({
  id: guid,
  location_type: z.enum(['physical', 'postal', 'virtual']),
  organization_id: guid.optional(),
  name: opt,
  description: opt,
  transportation: opt,
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  addresses: list(addressJson),
  phones: list(phoneJson),
  accessibility: list(accessibilityJson),
});
const organizationBaseJson = z.object({ id: guid, name: z.string(), alternate_name: opt, description: z.string(), email: email.optional(), website: httpUrl.optional(), legal_status: opt });
const serviceAtLocationBaseJson = z.object({ id: guid, service_id: guid.optional(), location_id: guid.optional(), description: opt, location: locationJson.optional() });
export const serviceJson = z.object({
  id: guid,
  organization_id: guid.optional(),
  name: z.string(),
  alternate_name: opt,
  description: opt,
  url: httpUrl.optional(),
  email: email.optional(),
  status: z.enum(SERVICE_STATUSES),
  interpretation_services: opt,
  application_process: opt,
  fees_description: opt,
  wait_time: opt,
  eligibility_description: opt,
  minimum_age: z.number().optional(),
  maximum_age: z.number().optional(),
  assured_date: z.iso.date().optional(),
  assurer_email: email.optional(),
  last_modified: z.iso.datetime({ offset: true }).optional(),
  phones: list(phoneJson),
  schedules: list(scheduleJson),
  service_areas: list(serviceAreaJson),
  service_at_locations: list(serviceAtLocationBaseJson),
  languages: list(languageJson),
  organization: organizationBaseJson.optional(),
  attributes: list(attributeJson),
});
export const serviceAtLocationJson = serviceAtLocationBaseJson.extend({ service: serviceJson.optional() });
export const organizationJson = organizationBaseJson.extend({ phones: list(phoneJson), locations: list(locationJson), services: list(serviceJson) });
/** What an import takes: an organisation with its services and locations nested, or a list of them. */
export const importJson = z.union([organizationJson, z.array(organizationJson)]);

/** The HSDS Page object (openapi.json, components.schemas.Page) around a list. */
export const pageJson = <T extends z.ZodType>(item: T) =>
  z.object({ total_items: z.number().int(), total_pages: z.number().int(), page_number: z.number().int(), size: z.number().int(), first_page: z.boolean(), last_page: z.boolean(), empty: z.boolean(), contents: z.array(item) });

export type HsdsTaxonomy = z.infer<typeof taxonomyJson>;
export type HsdsTaxonomyTerm = z.infer<typeof taxonomyTermJson>;
type HsdsAttribute = z.infer<typeof attributeJson>;
type HsdsPhone = z.infer<typeof phoneJson>;
export type HsdsLocation = z.infer<typeof locationJson>;
export type HsdsService = z.infer<typeof serviceJson>;
export type HsdsServiceAtLocation = z.infer<typeof serviceAtLocationJson>;
export type HsdsOrganization = z.infer<typeof organizationJson>;
export interface HsdsPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}
export interface Paging {
  page: number;
  perPage: number;
}

function pageOf<T>(contents: T[], total: number, { page, perPage }: Paging): HsdsPage<T> {
  const pages = Math.ceil(total / perPage);
  return { total_items: total, total_pages: pages, page_number: page, size: contents.length, first_page: page === 1, last_page: page >= pages, empty: contents.length === 0, contents };
}
const rangeOf = ({ page, perPage }: Paging) => ({ limit: perPage, offset: (page - 1) * perPage });
type Range = ReturnType<typeof rangeOf>;
/** A page of a list held in memory. */
const pageIn = <T>(all: T[], paging: Paging) => pageOf(all.slice(rangeOf(paging).offset, rangeOf(paging).offset + paging.perPage), all.length, paging);

// ---- Taxonomies -----------------------------------------------------------------------------------------

export interface Vocabulary {
  locale: string;
  taxonomies: HsdsTaxonomy[];
  terms: HsdsTaxonomyTerm[];
  byId: Map<string, { kind: TermKind; code: string; term: HsdsTaxonomyTerm }>;
  term(kind: TermKind, code: string): HsdsTaxonomyTerm | undefined;
}

/** The three taxonomies and their terms, named in the reader's language where the data has it. */
export async function vocabulary(db: DbOrTx, locale: string): Promise<Vocabulary> {
  const [types, needRows] = await Promise.all([listServiceTypes(db), listNeeds(db)]);
  type Entry = [TermKind, string, Record<string, string>, string];
  const entries: Entry[] = [
    ...types.map((t): Entry => ['type', t.code, t.names, '']),
    ...needRows.map((n): Entry => ['need', n.code, n.names, '']),
    ...Object.entries(FEATURES).map(([code, f]): Entry => ['feature', code, { en: f.name }, f.description]),
  ];
  const byId: Vocabulary['byId'] = new Map();
  const terms = entries.map(([kind, code, names, description]) => {
    const language = names[locale] ? locale : names.en ? 'en' : Object.keys(names)[0];
    const term: HsdsTaxonomyTerm = { id: termId(kind, code), code, name: (language && names[language]) || code, description, taxonomy: TAXONOMIES[kind].name, taxonomy_id: TAXONOMIES[kind].id, ...(language ? { language } : {}) };
    byId.set(term.id, { kind, code, term });
    return term;
  });
  return { locale, taxonomies: Object.values(TAXONOMIES).map((t) => ({ ...t, version: '1' })), terms, byId, term: (kind, code) => byId.get(termId(kind, code))?.term };
}

const matches = (search: string | undefined, ...texts: (string | undefined)[]) => !search || texts.some((t) => t?.toLocaleLowerCase().includes(search.toLocaleLowerCase()));

// Taxonomies are a few dozen rows of data: they are filtered and paged in memory.
export const taxonomiesPage = (v: Vocabulary, search: string | undefined, paging: Paging) => {
  const all = v.taxonomies.filter((t) => matches(search, t.name, t.description));
  return pageIn(all, paging);
};
export const taxonomyById = (v: Vocabulary, id: string) => v.taxonomies.find((t) => t.id === id) ?? null;
export const taxonomyTermsPage = (v: Vocabulary, f: { search?: string; taxonomyId?: string }, paging: Paging) => {
  const all = v.terms.filter((t) => (!f.taxonomyId || t.taxonomy_id === f.taxonomyId) && matches(f.search, t.name, t.code, t.description));
  return pageIn(all, paging);
};
export const taxonomyTermById = (v: Vocabulary, id: string) => v.byId.get(id)?.term ?? null;

// ---- Reading ----------------------------------------------------------------------------------------------

const s = directoryServices;
const o = directoryOrganizations;
const l = directoryLocations;
const sal = serviceAtLocations;

/** HSDS last_modified: the latest change to the service, its organisation, its places, or its verification. */
const lastModifiedSql = sql`greatest(${s.updatedAt}, ${o.updatedAt}, ${s.lastVerifiedAt}, (SELECT max(l.updated_at) FROM directory_service_at_locations x JOIN directory_locations l ON l.id = x.location_id WHERE x.service_id = ${s.id}))`;

export interface HsdsFilters {
  search?: string;
  organizationId?: string;
  modifiedAfter?: Date;
  taxonomyTermId?: string;
  taxonomyId?: string;
  need?: string;
  language?: string;
  /** ISO 3166-2 code of a region, e.g. IT-82. */
  region?: string;
  city?: string;
}

const nothing = sql`false`;
const regionIdOf = async (db: DbOrTx, code: string) => (await db.select({ id: regions.id }).from(regions).where(eq(regions.code, code.toUpperCase())))[0]?.id;
// Conditions built by the directory's own search, so that the HSDS API and the directory filter alike.
const directory = (f: Omit<DirectoryFilters, 'includeClosed'>) => serviceConditions({ ...f, includeClosed: true });

/** The services a term describes; null for none (the time zone describes schedules). */
function termConditions(t: { kind: TermKind; code: string }): SQL[] | null {
  if (t.kind === 'type') return directory({ typeCode: t.code });
  if (t.kind === 'need') return directory({ need: t.code });
  if (t.code === 'accepts-referrals') return directory({ acceptsReferrals: true });
  if (t.code === 'mediation-language') return [sql`cardinality(${s.mediationLanguages}) > 0`];
  return null;
}

/** Conditions on a service (joined with its organisation); `placeOf: 'location'` leaves region and city to the caller. */
async function serviceWhere(db: DbOrTx, v: Vocabulary, f: HsdsFilters, placeOf: 'service' | 'location' = 'service'): Promise<SQL | undefined> {
  const regionId = f.region ? await regionIdOf(db, f.region) : undefined;
  if (f.region && !regionId) return nothing;
  const where = directory({ q: f.search, need: f.need, language: f.language, organizationId: f.organizationId, ...(placeOf === 'service' ? { regionId, city: f.city } : {}) });
  if (f.taxonomyTermId) {
    const t = v.byId.get(f.taxonomyTermId);
    const c = t ? termConditions(t) : null;
    if (!c) return nothing;
    where.push(...c);
  }
  if (f.taxonomyId) {
    // Every service has a type; a need or a feature only when it has one.
    if (f.taxonomyId === TAXONOMIES.need.id) where.push(sql`cardinality(${s.needs}) > 0`);
    else if (f.taxonomyId === TAXONOMIES.feature.id) where.push(sql`(${s.acceptsReferrals} OR cardinality(${s.mediationLanguages}) > 0)`);
    else if (f.taxonomyId !== TAXONOMIES.type.id) return nothing;
  }
  if (f.modifiedAfter) where.push(sql`${lastModifiedSql} >= ${f.modifiedAfter.toISOString()}::timestamptz`);
  if (placeOf === 'location') {
    if (regionId) where.push(eq(l.regionId, regionId));
    if (f.city) where.push(sql`lower(${l.city}) = lower(${f.city})`);
  }
  return and(...where);
}

const orNone = (v: string | null | undefined) => v || undefined;
const emailOrNone = (v: string | null) => (v && email.safeParse(v).success ? v : undefined);
const urlOrNone = (v: string | null) => (v && httpUrl.safeParse(v).success ? v : undefined);
const hhmm = (t: string) => t.slice(0, 5);
const attribute = (linkId: string, linkEntity: string, term: HsdsTaxonomyTerm, value?: string): HsdsAttribute => ({
  id: uuidV5(`attribute:${linkId}:${term.id}:${value ?? ''}`),
  link_id: linkId,
  link_entity: linkEntity,
  taxonomy_term_id: term.id,
  taxonomy_term: term,
  ...(value === undefined ? {} : { value }),
});

type PhoneOwner = 'organizationId' | 'serviceId' | 'locationId';
const OWNER_FIELD = { organizationId: 'organization_id', serviceId: 'service_id', locationId: 'location_id' } as const;
async function phonesOf(db: DbOrTx, owner: PhoneOwner, ids: string[]): Promise<Map<string, HsdsPhone[]>> {
  const byOwner = new Map<string, HsdsPhone[]>();
  if (!ids.length) return byOwner;
  const rows = await db.select().from(directoryPhones).where(inArray(directoryPhones[owner], ids)).orderBy(asc(directoryPhones.sort), asc(directoryPhones.number));
  for (const p of rows) {
    const ownerId = p[owner]!;
    const list = byOwner.get(ownerId) ?? byOwner.set(ownerId, []).get(ownerId)!;
    list.push({ id: p.id, [OWNER_FIELD[owner]]: ownerId, number: p.number, type: p.type, description: orNone(p.description) });
  }
  return byOwner;
}

/** Locations with their address, phones and accessibility; `full: false` keeps HSDS's one-to-one fields only. */
async function loadLocations(db: DbOrTx, where: SQL | undefined, opts: { range?: Range; full?: boolean } = {}): Promise<HsdsLocation[]> {
  const q = db
    .select({ location: l, regionCode: regions.code, regionName: regions.name })
    .from(l)
    .leftJoin(regions, eq(regions.id, l.regionId))
    .where(where)
    .orderBy(asc(l.name), asc(l.id))
    .$dynamic();
  const rows = await (opts.range ? q.limit(opts.range.limit).offset(opts.range.offset) : q);
  const phones = opts.full === false ? new Map<string, HsdsPhone[]>() : await phonesOf(db, 'locationId', rows.map((r) => r.location.id));
  return rows.map(({ location: x, regionCode, regionName }) => {
    const base: HsdsLocation = {
      id: x.id,
      location_type: 'physical',
      organization_id: x.organizationId,
      name: x.name,
      description: orNone(x.description),
      transportation: orNone(x.transportation),
      latitude: x.latitude ?? undefined,
      longitude: x.longitude ?? undefined,
    };
    if (opts.full === false) return base;
    return {
      ...base,
      // state_province holds the ISO 3166-2 code, unambiguous across countries; region its name.
      addresses: [{ id: uuidV5(`address:${x.id}`), location_id: x.id, address_1: x.address, city: x.city, region: regionName ?? undefined, state_province: regionCode ?? '', postal_code: x.postalCode, country: x.country, address_type: 'physical' }],
      phones: phones.get(x.id) ?? [],
      accessibility: x.accessibility ? [{ id: uuidV5(`accessibility:${x.id}`), location_id: x.id, description: x.accessibility }] : [],
    };
  });
}

const { searchText: _searchText, ...serviceColumns } = getTableColumns(s);
const serviceSelection = {
  service: serviceColumns,
  organization: { id: o.id, name: o.name, alternateName: o.alternateName, description: o.description, email: o.email, website: o.website, legalStatus: o.legalStatus },
  lastModified: lastModifiedSql.mapWith(s.updatedAt),
};
type OrganizationBaseRow = { id: string; name: string; alternateName: string | null; description: string; email: string | null; website: string | null; legalStatus: string | null };

const organizationObject = (x: OrganizationBaseRow) => ({
  id: x.id,
  name: x.name,
  alternate_name: orNone(x.alternateName),
  description: x.description,
  email: emailOrNone(x.email),
  website: urlOrNone(x.website),
  legal_status: orNone(x.legalStatus),
});

/** Services in name order; `full` nests phones, schedules, places, languages, areas and attributes. */
async function loadServices(db: DbOrTx, v: Vocabulary, where: SQL | undefined, opts: { range?: Range; full: boolean; matches?: number; words?: boolean }): Promise<HsdsService[]> {
  // The directory's order, found as the search page finds it (pageInNameOrder).
  const select = (order: SQL, bound: SQL | null) => {
    const q = db.select(serviceSelection).from(s).innerJoin(o, eq(o.id, s.organizationId)).where(bound ? and(where, bound) : where).orderBy(order, asc(s.id)).$dynamic();
    return opts.range ? q.limit(opts.range.limit).offset(opts.range.offset) : q;
  };
  const { range, matches } = opts;
  const rows = range && matches !== undefined ? await pageInNameOrder(db, matches, !!opts.words, Math.min(range.limit, Math.max(0, matches - range.offset)), select) : await select(sql`lower(${s.name})`, null);
  const ids = rows.map((r) => r.service.id);
  const [phones, schedules, links] = opts.full && ids.length
    ? await Promise.all([
        phonesOf(db, 'serviceId', ids),
        db.select().from(directorySchedules).where(inArray(directorySchedules.serviceId, ids)).orderBy(asc(directorySchedules.opensAt), asc(directorySchedules.id)),
        db.select().from(sal).where(inArray(sal.serviceId, ids)),
      ])
    : [new Map<string, HsdsPhone[]>(), [], []];
  const places = new Map((links.length ? await loadLocations(db, inArray(l.id, [...new Set(links.map((x) => x.locationId))])) : []).map((x) => [x.id, x]));
  const tz = v.term('feature', 'time-zone')!;
  return rows.map(({ service: x, organization, lastModified }) => {
    const item: HsdsService = {
      id: x.id,
      organization_id: x.organizationId,
      name: x.name,
      alternate_name: orNone(x.alternateName),
      description: x.description,
      url: urlOrNone(x.url),
      email: emailOrNone(x.email),
      status: x.status,
      interpretation_services: x.mediationLanguages.length ? x.mediationLanguages.map((c) => languageName(v.locale, c)).join(', ') : undefined,
      application_process: orNone(x.applicationProcess),
      fees_description: orNone(x.feesDescription),
      wait_time: x.waitingDays === null ? undefined : `${x.waitingDays} ${x.waitingDays === 1 ? 'day' : 'days'}`,
      eligibility_description: orNone(x.eligibility),
      minimum_age: x.minimumAge ?? undefined,
      maximum_age: x.maximumAge ?? undefined,
      assured_date: x.lastVerifiedAt?.toISOString().slice(0, 10),
      assurer_email: emailOrNone(x.assurerEmail),
      last_modified: lastModified.toISOString(),
      organization: organizationObject(organization),
    };
    if (!opts.full) return item;
    const terms = [v.term('type', x.typeCode), ...x.needs.map((n) => v.term('need', n))].filter((t) => t !== undefined);
    return {
      ...item,
      phones: phones.get(x.id) ?? [],
      schedules: schedules
        .filter((sc) => sc.serviceId === x.id)
        .map((sc) => ({
          id: sc.id,
          service_id: x.id,
          valid_from: sc.validFrom ?? undefined,
          valid_to: sc.validTo ?? undefined,
          wkst: 'MO' as const,
          freq: 'WEEKLY' as const,
          byday: sc.byday.join(','),
          // Local times: HSDS's numeric UTC offset cannot follow daylight saving, the time-zone attribute can.
          opens_at: hhmm(sc.opensAt),
          closes_at: hhmm(sc.closesAt),
          description: orNone(sc.description),
          attributes: [attribute(sc.id, 'schedule', tz, sc.timeZone)],
        })),
      service_areas: x.catchmentArea ? [{ id: uuidV5(`service-area:${x.id}`), service_id: x.id, name: x.catchmentArea }] : [],
      service_at_locations: links
        .filter((a) => a.serviceId === x.id)
        .map((a) => ({ id: a.id, service_id: x.id, location_id: a.locationId, description: orNone(a.description), location: places.get(a.locationId) }))
        .sort((a, b) => (a.location?.name ?? '').localeCompare(b.location?.name ?? '')),
      languages: x.staffLanguages.map((code) => ({ id: uuidV5(`language:${x.id}:${code}`), service_id: x.id, name: languageName(v.locale, code), code })),
      attributes: [
        ...terms.map((t) => attribute(x.id, 'service', t)),
        ...x.mediationLanguages.map((c) => attribute(x.id, 'service', v.term('feature', 'mediation-language')!, c)),
        ...(x.acceptsReferrals ? [attribute(x.id, 'service', v.term('feature', 'accepts-referrals')!, x.referralMethod)] : []),
      ],
    };
  });
}

const total = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;

export async function servicesPage(db: DbOrTx, v: Vocabulary, f: HsdsFilters, paging: Paging, full: boolean): Promise<HsdsPage<HsdsService>> {
  const where = await serviceWhere(db, v, f);
  // Every service has its organisation (a foreign key): the count joins it only for `modified_after`, which reads it.
  const n = await total(f.modifiedAfter ? db.select({ n: count() }).from(s).innerJoin(o, eq(o.id, s.organizationId)).where(where) : db.select({ n: count() }).from(s).where(where));
  return pageOf(n ? await loadServices(db, v, where, { range: rangeOf(paging), full, matches: n, words: !!f.search }) : [], n, paging);
}
export const serviceById = async (db: DbOrTx, v: Vocabulary, id: string) => (await loadServices(db, v, eq(s.id, id), { full: true }))[0] ?? null;

/** Organisations matching words, or with a place in a region or city. */
async function organizationWhere(db: DbOrTx, f: Pick<HsdsFilters, 'search' | 'region' | 'city'>): Promise<SQL | undefined> {
  const where: SQL[] = [];
  if (f.search) where.push(sql`to_tsvector('simple', unaccent(${o.name} || ' ' || coalesce(${o.alternateName}, '') || ' ' || ${o.description})) @@ websearch_to_tsquery('simple', unaccent(${f.search}))`);
  if (f.region || f.city) {
    const regionId = f.region ? await regionIdOf(db, f.region) : undefined;
    if (f.region && !regionId) return nothing;
    where.push(sql`EXISTS (SELECT 1 FROM ${l} WHERE ${l.organizationId} = ${o.id}${regionId ? sql` AND ${l.regionId} = ${regionId}` : sql``}${f.city ? sql` AND lower(${l.city}) = lower(${f.city})` : sql``})`);
  }
  return and(...where);
}

async function loadOrganizations(db: DbOrTx, v: Vocabulary, where: SQL | undefined, opts: { range?: Range; full: boolean; fullServices?: boolean }): Promise<HsdsOrganization[]> {
  const q = db.select().from(o).where(where).orderBy(asc(o.name), asc(o.id)).$dynamic();
  const rows = await (opts.range ? q.limit(opts.range.limit).offset(opts.range.offset) : q);
  if (!opts.full || !rows.length) return rows.map(organizationObject);
  const ids = rows.map((x) => x.id);
  const phones = await phonesOf(db, 'organizationId', ids);
  const locations = await loadLocations(db, inArray(l.organizationId, ids));
  const services = await loadServices(db, v, inArray(s.organizationId, ids), { full: !!opts.fullServices });
  return rows.map((x) => ({
    ...organizationObject(x),
    phones: phones.get(x.id) ?? [],
    locations: locations.filter((y) => y.organization_id === x.id),
    services: services.filter((y) => y.organization_id === x.id),
  }));
}

export async function organizationsPage(db: DbOrTx, v: Vocabulary, f: Pick<HsdsFilters, 'search' | 'region' | 'city'>, paging: Paging, opts: { full: boolean; fullServices: boolean }): Promise<HsdsPage<HsdsOrganization>> {
  const where = await organizationWhere(db, f);
  const n = await total(db.select({ n: count() }).from(o).where(where));
  return pageOf(n ? await loadOrganizations(db, v, where, { range: rangeOf(paging), ...opts }) : [], n, paging);
}
export const organizationById = async (db: DbOrTx, v: Vocabulary, id: string, fullServices: boolean) => (await loadOrganizations(db, v, eq(o.id, id), { full: true, fullServices }))[0] ?? null;

export async function locationsPage(db: DbOrTx, f: Pick<HsdsFilters, 'search' | 'organizationId' | 'region' | 'city'>, paging: Paging): Promise<HsdsPage<HsdsLocation>> {
  const where: SQL[] = [];
  if (f.search) where.push(sql`to_tsvector('simple', unaccent(${l.name} || ' ' || ${l.address} || ' ' || ${l.city} || ' ' || ${l.description})) @@ websearch_to_tsquery('simple', unaccent(${f.search}))`);
  if (f.organizationId) where.push(eq(l.organizationId, f.organizationId));
  if (f.region) {
    const regionId = await regionIdOf(db, f.region);
    where.push(regionId ? eq(l.regionId, regionId) : nothing);
  }
  if (f.city) where.push(sql`lower(${l.city}) = lower(${f.city})`);
  const n = await total(db.select({ n: count() }).from(l).where(and(...where)));
  return pageOf(n ? await loadLocations(db, and(...where), { range: rangeOf(paging) }) : [], n, paging);
}
export const locationById = async (db: DbOrTx, id: string) => (await loadLocations(db, eq(l.id, id)))[0] ?? null;

/** Services at their places, in service then place order; the service's filters apply, region and city to the place. */
async function loadServiceAtLocations(db: DbOrTx, v: Vocabulary, where: SQL | undefined, opts: { range?: Range; full: boolean }): Promise<HsdsServiceAtLocation[]> {
  const q = db
    .select({ id: sal.id, serviceId: sal.serviceId, locationId: sal.locationId, description: sal.description })
    .from(sal)
    .innerJoin(s, eq(s.id, sal.serviceId))
    .innerJoin(o, eq(o.id, s.organizationId))
    .innerJoin(l, eq(l.id, sal.locationId))
    .where(where)
    .orderBy(asc(s.name), asc(l.name), asc(sal.id))
    .$dynamic();
  const rows = await (opts.range ? q.limit(opts.range.limit).offset(opts.range.offset) : q);
  if (!rows.length) return [];
  const services = new Map((await loadServices(db, v, inArray(s.id, [...new Set(rows.map((r) => r.serviceId))]), { full: opts.full })).map((x) => [x.id, x]));
  const places = new Map((await loadLocations(db, inArray(l.id, [...new Set(rows.map((r) => r.locationId))]), { full: opts.full })).map((x) => [x.id, x]));
  return rows.map((r) => ({ id: r.id, service_id: r.serviceId, location_id: r.locationId, description: orNone(r.description), location: places.get(r.locationId), service: services.get(r.serviceId) }));
}

export async function serviceAtLocationsPage(db: DbOrTx, v: Vocabulary, f: HsdsFilters, paging: Paging, full: boolean): Promise<HsdsPage<HsdsServiceAtLocation>> {
  const where = await serviceWhere(db, v, f, 'location');
  const n = await total(db.select({ n: count() }).from(sal).innerJoin(s, eq(s.id, sal.serviceId)).innerJoin(o, eq(o.id, s.organizationId)).innerJoin(l, eq(l.id, sal.locationId)).where(where));
  return pageOf(n ? await loadServiceAtLocations(db, v, where, { range: rangeOf(paging), full }) : [], n, paging);
}
export const serviceAtLocationById = async (db: DbOrTx, v: Vocabulary, id: string) => (await loadServiceAtLocations(db, v, eq(sal.id, id), { full: true }))[0] ?? null;

// ---- Import -------------------------------------------------------------------------------------------------

export interface ImportIssue {
  path: string;
  message: string;
}
export interface ImportCounts {
  organizations: number;
  services: number;
  locations: number;
  phones: number;
  schedules: number;
}
/** `problems` are the issues as lines of text, for a page. */
export type ImportResult = { ok: true; counts: ImportCounts } | { ok: false; errors: ImportIssue[]; problems: string[] };

type OrgInput = z.infer<typeof organizationJson>;
type ServiceInput = z.infer<typeof serviceJson>;
type LocationInput = z.infer<typeof locationJson>;
type ScheduleInput = z.infer<typeof scheduleJson>;
type PhoneRow = typeof directoryPhones.$inferInsert;
type ScheduleRow = typeof directorySchedules.$inferInsert;
type LinkRow = typeof serviceAtLocations.$inferInsert;
interface ServicePlan {
  id: string;
  organizationId: string;
  fields: ServiceFields;
  minimumAge: number | null;
  maximumAge: number | null;
  assuredDate: string | null;
  assurerEmail: string | null;
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const failed = (errors: ImportIssue[]): ImportResult => ({ ok: false, errors, problems: errors.map((e) => `${e.path || '/'}: ${e.message}`) });

/** Ids as Postgres gives them back (lower-case), so that the file's references compare with the directory's. */
const lowerIds = (x: unknown): unknown =>
  Array.isArray(x) ? x.map(lowerIds) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, typeof v === 'string' && (k === 'id' || k.endsWith('_id')) ? v.toLowerCase() : lowerIds(v)])) : x;

/** A UTC offset in whole hours as an IANA zone (Etc/GMT signs are inverted), or null. */
const offsetZone = (hours: number) => (!Number.isInteger(hours) || hours < -12 || hours > 14 ? null : hours === 0 ? 'UTC' : `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`);

/**
 * Imports HSDS JSON: one organisation with its services and locations nested, or a list of them. Every entry is
 * upserted by its HSDS id and is the whole truth about itself: its phones, opening hours and places are replaced
 * by the file's. Fields HSDS has and Ponte does not keep are ignored. The file is checked whole first; then
 * everything is written in one transaction, so an invalid file changes nothing.
 */
export async function importHsds(db: DbOrTx, input: unknown, authorId: string | null): Promise<ImportResult> {
  const many = Array.isArray(input);
  const parsed = many ? z.array(organizationJson).min(1).safeParse(input) : organizationJson.safeParse(input);
  if (!parsed.success) return failed(parsed.error.issues.map((i) => ({ path: i.path.map((p) => `/${String(p)}`).join(''), message: i.message })));
  const data = lowerIds(parsed.data) as OrgInput | OrgInput[];
  const organizations = Array.isArray(data) ? data : [data];
  const v = await vocabulary(db, 'en');
  const regionRows = await db.select().from(regions);
  const issues: ImportIssue[] = [];
  const bad = (path: string, message: string) => void issues.push({ path, message });

  const text = (value: string | undefined, max: number, path: string, required = false): string => {
    const t = (value ?? '').trim();
    if (required && !t) bad(path, 'is required');
    if (t.length > max) bad(path, `must be at most ${max} characters`);
    if (CONTROL.test(t)) bad(path, 'must not contain control characters');
    return t;
  };
  const seen = new Map<string, Set<string>>();
  const once = (kind: string, id: string, path: string) => {
    const ids = seen.get(kind) ?? seen.set(kind, new Set()).get(kind)!;
    if (ids.has(id)) bad(`${path}/id`, `the ${kind} id ${id} appears twice`);
    ids.add(id);
  };

  const orgRows: (typeof directoryOrganizations.$inferInsert)[] = [];
  const locationRows = new Map<string, typeof directoryLocations.$inferInsert>();
  const phoneRows: PhoneRow[] = [];
  const services: ServicePlan[] = [];
  const scheduleRows: ScheduleRow[] = [];
  const linkRows: LinkRow[] = [];
  const referenced: { id: string; path: string }[] = [];
  const now = new Date();

  const phones = (owner: PhoneOwner, ownerId: string, list: OrgInput['phones'], path: string) =>
    (list ?? []).forEach((p, i) => {
      once('phone', p.id, `${path}/${i}`);
      phoneRows.push({ id: p.id, organizationId: null, serviceId: null, locationId: null, [owner]: ownerId, number: text(p.number, 100, `${path}/${i}/number`, true), type: p.type ?? 'voice', description: text(p.description, 500, `${path}/${i}/description`), sort: i });
    });

  const location = (x: LocationInput, organizationId: string, path: string) => {
    if (x.organization_id && x.organization_id !== organizationId) bad(`${path}/organization_id`, 'differs from the organization the location is in');
    // A location may appear both in its organisation and in a service's places: the first occurrence counts.
    if (locationRows.has(x.id)) return;
    const a = x.addresses?.find((y) => y.address_type === 'physical') ?? x.addresses?.[0];
    if (!a) return bad(`${path}/addresses`, 'a location needs its address (address_1, city, country)');
    const ap = `${path}/addresses/${x.addresses!.indexOf(a)}`;
    if (!/^[A-Za-z]{2}$/.test(a.country)) bad(`${ap}/country`, 'must be an ISO 3166-1 alpha-2 country code');
    const country = a.country.toUpperCase();
    const sp = a.state_province.trim().toUpperCase();
    const region = regionRows.find((r) => r.country === country && (r.code === sp || r.code === `${country}-${sp}` || r.name.toLowerCase() === (a.region ?? a.state_province).trim().toLowerCase()));
    locationRows.set(x.id, {
      id: x.id,
      organizationId,
      name: text(x.name ?? a.address_1, 200, `${path}/name`, true),
      description: text(x.description, 4000, `${path}/description`),
      address: text([a.address_1, a.address_2].filter(Boolean).join(', '), 300, `${ap}/address_1`, true),
      city: text(a.city, 100, `${ap}/city`, true),
      postalCode: text(a.postal_code, 20, `${ap}/postal_code`),
      regionId: region?.id ?? null,
      country,
      latitude: x.latitude ?? null,
      longitude: x.longitude ?? null,
      accessibility: text((x.accessibility ?? []).map((y) => [y.description, y.details].filter(Boolean).join(' ')).filter(Boolean).join('\n'), 2000, `${path}/accessibility`),
      transportation: text(x.transportation, 2000, `${path}/transportation`),
      updatedAt: now,
    });
    phones('locationId', x.id, x.phones, `${path}/phones`);
  };

  const schedule = (x: ScheduleInput, serviceId: string, path: string) => {
    once('schedule', x.id, path);
    if ((x.freq && x.freq !== 'WEEKLY') || (x.interval !== undefined && x.interval !== 1)) return bad(`${path}/freq`, 'only weekly opening hours are kept (freq WEEKLY, interval 1)');
    const days = (x.byday ?? '').split(',').map((d) => d.trim());
    if (!days.every((d) => (WEEKDAYS as readonly string[]).includes(d))) return bad(`${path}/byday`, 'must list weekdays as MO,TU,WE,TH,FR,SA,SU');
    const opens = TIME.exec(x.opens_at ?? '');
    const closes = TIME.exec(x.closes_at ?? '');
    if (!opens || !closes) return bad(`${path}/${opens ? 'closes_at' : 'opens_at'}`, 'opens_at and closes_at are required (HH:MM)');
    const at = (m: RegExpExecArray) => `${m[1]}:${m[2]}:${m[3] ?? '00'}`;
    if (at(opens) >= at(closes)) bad(`${path}/closes_at`, 'must be later than opens_at');
    if (x.valid_from && x.valid_to && x.valid_from > x.valid_to) bad(`${path}/valid_to`, 'must not be before valid_from');
    // The zone: Ponte's attribute, else HSDS's UTC offset, else the offset written with the time, else UTC (HSDS's default).
    const named = x.attributes?.find((a) => (a.taxonomy_term_id ?? a.taxonomy_term?.id) === termId('feature', 'time-zone'))?.value;
    const suffix = opens[4] === 'Z' ? 0 : opens[4] ? (opens[4][0] === '-' ? -1 : 1) * (Number(opens[5]) + Number(opens[6]) / 60) : undefined;
    const timeZone = named ?? (x.timezone !== undefined ? offsetZone(x.timezone) : suffix !== undefined ? offsetZone(suffix) : 'UTC');
    if (!timeZone || !isTimeZone(timeZone)) return bad(`${path}/timezone`, 'the time zone must be an IANA name or a whole number of hours from UTC');
    scheduleRows.push({ id: x.id, serviceId, byday: days, opensAt: at(opens), closesAt: at(closes), timeZone, validFrom: x.valid_from ?? null, validTo: x.valid_to ?? null, description: text(x.description, 500, `${path}/description`) });
  };

  const service = (x: ServiceInput, organizationId: string, path: string) => {
    once('service', x.id, path);
    if (x.organization_id && x.organization_id !== organizationId) bad(`${path}/organization_id`, 'differs from the organization the service is in');
    const types: string[] = [];
    const needs: string[] = [];
    const mediation: string[] = [];
    let referrals: string | null = null;
    (x.attributes ?? []).forEach((a, i) => {
      const ap = `${path}/attributes/${i}`;
      const id = a.taxonomy_term_id ?? a.taxonomy_term?.id;
      let t = id ? v.byId.get(id) : undefined;
      // A term may also be named by its taxonomy and code, as another system that copied ours would.
      const kind = (Object.keys(TAXONOMIES) as TermKind[]).find((k) => TAXONOMIES[k].id === a.taxonomy_term?.taxonomy_id);
      if (!t && kind && a.taxonomy_term?.code) {
        t = v.byId.get(termId(kind, a.taxonomy_term.code));
        if (!t) return bad(`${ap}/taxonomy_term/code`, `unknown ${TAXONOMIES[kind].name} term: ${a.taxonomy_term.code}`);
      }
      if (!t) return; // a term of another taxonomy: Ponte does not keep it
      if (t.kind === 'type') types.push(t.code);
      else if (t.kind === 'need') needs.push(t.code);
      else if (t.code === 'mediation-language') {
        if (!a.value || !LANGUAGE_CODE.test(a.value)) bad(`${ap}/value`, 'must be a BCP 47 language code');
        else mediation.push(a.value);
      } else if (t.code === 'accepts-referrals') referrals = text(a.value, 500, `${ap}/value`);
    });
    if (types.length !== 1) bad(`${path}/attributes`, `a service needs exactly one term of the taxonomy ${TAXONOMIES.type.name} (${TAXONOMIES.type.id})`);
    const staff = (x.languages ?? []).map((y, i) => {
      if (!y.code) bad(`${path}/languages/${i}/code`, 'is required');
      return y.code ?? '';
    });
    const wait = x.wait_time === undefined ? null : /^\s*(?:(\d{1,4})\s*(?:days?)?|P(\d{1,4})D)\s*$/i.exec(x.wait_time);
    if (wait === null && x.wait_time !== undefined) bad(`${path}/wait_time`, 'must be a number of days, such as "14 days"');
    const age = (n: number | undefined, field: string) => {
      if (n !== undefined && (!Number.isInteger(n) || n < 0 || n > 150)) bad(`${path}/${field}`, 'must be a whole number of years');
      return n ?? null;
    };
    const minimumAge = age(x.minimum_age, 'minimum_age');
    const maximumAge = age(x.maximum_age, 'maximum_age');
    if (minimumAge !== null && maximumAge !== null && minimumAge > maximumAge) bad(`${path}/maximum_age`, 'must not be below minimum_age');
    services.push({
      id: x.id,
      organizationId,
      fields: {
        name: text(x.name, 200, `${path}/name`, true),
        alternateName: text(x.alternate_name, 200, `${path}/alternate_name`) || null,
        description: text(x.description, 4000, `${path}/description`),
        url: text(x.url, 500, `${path}/url`) || null,
        email: x.email ?? null,
        status: x.status,
        typeCode: types[0] ?? '',
        needs: [...new Set(needs)],
        staffLanguages: [...new Set(staff)],
        mediationLanguages: [...new Set(mediation)],
        acceptsReferrals: referrals !== null,
        referralMethod: referrals ?? '',
        waitingDays: wait ? Number(wait[1] ?? wait[2]) : null,
        catchmentArea: text((x.service_areas ?? []).map((a) => a.name || a.description).filter(Boolean).join('; '), 500, `${path}/service_areas`),
        eligibility: text(x.eligibility_description, 2000, `${path}/eligibility_description`),
        applicationProcess: text(x.application_process, 2000, `${path}/application_process`),
        feesDescription: text(x.fees_description, 500, `${path}/fees_description`),
      },
      minimumAge,
      maximumAge,
      assuredDate: x.assured_date ?? null,
      assurerEmail: x.assurer_email ?? null,
    });
    phones('serviceId', x.id, x.phones, `${path}/phones`);
    (x.schedules ?? []).forEach((y, i) => schedule(y, x.id, `${path}/schedules/${i}`));
    const places = new Set<string>();
    (x.service_at_locations ?? []).forEach((y, i) => {
      const lp = `${path}/service_at_locations/${i}`;
      once('service_at_location', y.id, lp);
      const locationId = y.location_id ?? y.location?.id;
      if (!locationId) return bad(`${lp}/location_id`, 'is required');
      if (y.location && y.location.id !== locationId) return bad(`${lp}/location_id`, 'differs from the nested location');
      if (places.has(locationId)) return bad(`${lp}/location_id`, 'the service is at this location twice');
      places.add(locationId);
      if (y.location) location(y.location, y.location.organization_id ?? organizationId, `${lp}/location`);
      else referenced.push({ id: locationId, path: `${lp}/location_id` });
      linkRows.push({ id: y.id, serviceId: x.id, locationId, description: text(y.description, 500, `${lp}/description`) });
    });
  };

  organizations.forEach((x, i) => {
    const path = many ? `/${i}` : '';
    once('organization', x.id, path);
    orgRows.push({
      id: x.id,
      name: text(x.name, 200, `${path}/name`, true),
      alternateName: text(x.alternate_name, 200, `${path}/alternate_name`) || null,
      description: text(x.description, 4000, `${path}/description`),
      email: x.email ?? null,
      website: text(x.website, 500, `${path}/website`) || null,
      legalStatus: text(x.legal_status, 200, `${path}/legal_status`) || null,
      updatedAt: now,
    });
    phones('organizationId', x.id, x.phones, `${path}/phones`);
    (x.locations ?? []).forEach((y, j) => location(y, x.id, `${path}/locations/${j}`));
    (x.services ?? []).forEach((y, j) => service(y, x.id, `${path}/services/${j}`));
  });
  // Places named only by id must be in the file or already in the directory.
  const missing = referenced.filter((r) => !locationRows.has(r.id));
  if (missing.length) {
    const found = new Set((await db.select({ id: l.id }).from(l).where(inArray(l.id, [...new Set(missing.map((r) => r.id))]))).map((r) => r.id));
    for (const r of missing) if (!found.has(r.id)) bad(r.path, `no location ${r.id} in the file or in the directory`);
  }
  if (issues.length) return failed(issues);

  try {
    const counts = await db.transaction(async (tx) => {
      await upsert(tx, o, orgRows);
      await upsert(tx, l, [...locationRows.values()]);
      for (const x of services) {
        const [exists] = await tx.select({ id: s.id }).from(s).where(eq(s.id, x.id));
        // Through the directory's own functions, so that each change is kept in the service's history.
        if (exists) await updateService(tx, x.id, x.fields, authorId);
        else await createService(tx, { id: x.id, organizationId: x.organizationId, ...x.fields }, authorId);
        // assured_date is a day: an entry verified later that same day keeps its exact time.
        const assured = x.assuredDate ? sql`(CASE WHEN (${s.lastVerifiedAt} AT TIME ZONE 'UTC')::date = ${x.assuredDate}::date THEN ${s.lastVerifiedAt} ELSE ${x.assuredDate}::timestamp AT TIME ZONE 'UTC' END)` : null;
        await tx.update(s).set({ organizationId: x.organizationId, minimumAge: x.minimumAge, maximumAge: x.maximumAge, lastVerifiedAt: assured, assurerEmail: x.assurerEmail }).where(eq(s.id, x.id));
      }
      // What the file no longer lists of the entries it holds goes; what it lists is upserted (and may move).
      const ids = (rows: { id?: string }[]) => sql.param(rows.map((r) => r.id!));
      const serviceIds = sql.param(services.map((x) => x.id));
      await tx.delete(sal).where(sql`${sal.serviceId} = ANY(${serviceIds}::uuid[]) AND NOT (${sal.id} = ANY(${ids(linkRows)}::uuid[]))`);
      await tx.delete(directorySchedules).where(sql`${directorySchedules.serviceId} = ANY(${serviceIds}::uuid[]) AND NOT (${directorySchedules.id} = ANY(${ids(scheduleRows)}::uuid[]))`);
      await tx
        .delete(directoryPhones)
        .where(
          and(
            or(sql`${directoryPhones.organizationId} = ANY(${ids(orgRows)}::uuid[])`, sql`${directoryPhones.serviceId} = ANY(${serviceIds}::uuid[])`, sql`${directoryPhones.locationId} = ANY(${ids([...locationRows.values()])}::uuid[])`),
            sql`NOT (${directoryPhones.id} = ANY(${ids(phoneRows)}::uuid[]))`,
          ),
        );
      await upsert(tx, sal, linkRows);
      await upsert(tx, directorySchedules, scheduleRows);
      await upsert(tx, directoryPhones, phoneRows);
      await contentChanged(tx);
      const counts: ImportCounts = { organizations: orgRows.length, services: services.length, locations: locationRows.size, phones: phoneRows.length, schedules: scheduleRows.length };
      await audit(tx, { actorId: authorId, action: 'directory.hsds-import', outcome: 'success', details: { ...counts } });
      return counts;
    });
    return { ok: true, counts };
  } catch (err) {
    // Ids that clash with other entries in the directory (23505), or a place deleted meanwhile (23503).
    const cause = (err as { cause?: { code?: string; detail?: string } }).cause ?? (err as { code?: string; detail?: string });
    if (cause.code === '23505' || cause.code === '23503') return failed([{ path: '', message: `conflicts with the directory: ${cause.detail ?? cause.code}` }]);
    throw err;
  }
}

/** Inserts rows, or updates by id the columns given (and only those: Ponte's own columns stay). */
async function upsert<T extends PgTable & { id: PgColumn }>(tx: DbOrTx, table: T, rows: Record<string, unknown>[]) {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  // Postgres takes at most 65535 parameters per statement.
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const set = Object.fromEntries(Object.keys(chunk[0]!).filter((k) => k !== 'id').map((k) => [k, sql.raw(`excluded."${columns[k]!.name}"`)]));
    await tx.insert(table).values(chunk as T['$inferInsert'][]).onConflictDoUpdate({ target: table.id, set: set as PgUpdateSetSource<T> });
  }
}
