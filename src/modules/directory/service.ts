import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { executedRows, type DbOrTx } from '../../platform/db/index.js';
import { contentChanged } from '../../platform/content-version.js';
import { regions } from '../../platform/schema.js';
import { COUNTRY_TIME_ZONES, regionTimeZone } from '../../platform/i18n/time-zones.js';
import { pickFields, recordRevision, same, type RevisionFields } from '../../platform/revisions.js';
import {
  changeProposals,
  directoryLocations,
  directoryOrganizations,
  directoryPhones,
  directorySchedules,
  directoryServices,
  needs,
  serviceAtLocations,
  serviceTypes,
  WEEKDAYS,
  type ServiceFields,
  type ServiceStatus,
  type Weekday,
} from './schema.js';

/** Entries whose organisation has no verification interval must still be confirmed once a year. */
export const DEFAULT_VERIFY_DAYS = 365;
export const REVISION_TYPE = 'directory-service';

export const SERVICE_FIELDS = [
  'name',
  'alternateName',
  'description',
  'url',
  'email',
  'status',
  'typeCode',
  'needs',
  'staffLanguages',
  'mediationLanguages',
  'acceptsReferrals',
  'referralMethod',
  'waitingDays',
  'catchmentArea',
  'eligibility',
  'applicationProcess',
  'feesDescription',
  'phones',
  'hours',
] as const satisfies readonly (keyof ServiceFields)[];

/**
 * Languages offered in the directory's filters (BCP 47): those most asked for in reception in Southern
 * Europe. Entries may hold any valid code; these are the ones a user picks from.
 */
export const DIRECTORY_LANGUAGES = ['ar', 'ti', 'so', 'am', 'om', 'fa', 'prs', 'ps', 'ur', 'bn', 'pa', 'ku', 'tr', 'uk', 'ru', 'sq', 'ro', 'wo', 'ff', 'bm', 'man', 'ha', 'yo', 'ig', 'ak', 'pcm', 'fr', 'en', 'es', 'pt', 'zh', 'it', 'de', 'el'] as const;
export const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const listServiceTypes = (db: DbOrTx) => db.select().from(serviceTypes).orderBy(asc(serviceTypes.sort), asc(serviceTypes.code));
export const listNeeds = (db: DbOrTx) => db.select().from(needs).orderBy(asc(needs.sort), asc(needs.code));

/** The cut-off before which an entry's last verification is too old: per organisation, or the default. */
const staleSql = sql<boolean>`(${directoryServices.lastVerifiedAt} IS NULL OR ${directoryServices.lastVerifiedAt} < now() - make_interval(days => coalesce(${directoryOrganizations.verifyEveryDays}, ${sql.raw(String(DEFAULT_VERIFY_DAYS))})))`;

export interface DirectoryFilters {
  q?: string;
  need?: string;
  /** Mediation or staff language. */
  language?: string;
  regionId?: string;
  city?: string;
  typeCode?: string;
  /** Only services open at this instant (in each place's own time zone). */
  openAt?: Date;
  acceptsReferrals?: boolean;
  /** Only entries not verified in time (coordinators' list). */
  stale?: boolean;
  organizationId?: string;
  /** Include inactive and defunct entries (coordinators); the public directory shows active and temporarily closed ones. */
  includeClosed?: boolean;
  /** Only services whose organisation has joined Ponte (they receive referrals and mediator requests through it). */
  onPonte?: boolean;
}

/**
 * Open now. A service's regular hours are kept as seconds of the week in its zone (`open_week`, `open_zone`, by
 * triggers on its schedules), and the local second of the week is worked out here once per time zone in use in
 * Ponte's countries: one containment test per service, no look at its schedules. Services with schedules the week
 * cannot hold (`open_other`: with dates, or in another zone) and those in any other zone are checked schedule by
 * schedule, the zone's local weekday, time and date worked out per row: same answer.
 */
const WEEKDAY_CODES: Record<string, string> = { Sun: 'SU', Mon: 'MO', Tue: 'TU', Wed: 'WE', Thu: 'TH', Fri: 'FR', Sat: 'SA' };
const WEEKDAY_INDEX: Record<string, number> = { SU: 0, MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6 };
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function localParts(at: Date, tz: string) {
  let f = zoneFormats.get(tz);
  if (!f) zoneFormats.set(tz, (f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })));
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const day = WEEKDAY_CODES[p.weekday!]!;
  return { secondOfWeek: WEEKDAY_INDEX[day]! * 86_400 + Number(p.hour) * 3600 + Number(p.minute) * 60 + Number(p.second) };
}

function openAtSql(openAt: Date): SQL {
  const s = directoryServices;
  const zones = [...new Set(Object.values(COUNTRY_TIME_ZONES))];
  const at = openAt.toISOString();
  // The zones that read the same local time now (most of Europe does) share one test.
  const bySecond = new Map<number, string[]>();
  for (const tz of zones) {
    const second = localParts(openAt, tz).secondOfWeek;
    bySecond.set(second, [...(bySecond.get(second) ?? []), tz]);
  }
  const week = [...bySecond].map(([second, tzs]) => sql`(${s.openZone} = ANY(${`{${tzs.join(',')}}`}::text[]) AND ${s.openWeek} @> ${second}::int)`);
  const byRow = sql`EXISTS (SELECT 1 FROM directory_schedules sc WHERE sc.service_id = ${s.id}
      AND sc.byday @> ARRAY[(ARRAY['SU','MO','TU','WE','TH','FR','SA'])[extract(dow FROM (${at}::timestamptz AT TIME ZONE sc.time_zone))::int + 1]]
      AND (${at}::timestamptz AT TIME ZONE sc.time_zone)::time >= sc.opens_at AND (${at}::timestamptz AT TIME ZONE sc.time_zone)::time < sc.closes_at
      AND (sc.valid_from IS NULL OR sc.valid_from <= (${at}::timestamptz AT TIME ZONE sc.time_zone)::date)
      AND (sc.valid_to IS NULL OR sc.valid_to >= (${at}::timestamptz AT TIME ZONE sc.time_zone)::date))`;
  return sql`(${sql.join(week, sql` OR `)} OR ((${s.openOther} OR ${s.openZone} <> ALL(${`{${zones.join(',')}}`}::text[])) AND ${byRow}))`;
}

/** The search's WHERE conditions (the HSDS API filters with them too). */
export function serviceConditions(f: DirectoryFilters): SQL[] {
  const s = directoryServices;
  const where: SQL[] = [];
  if (!f.includeClosed) where.push(inArray(s.status, ['active', 'temporarily closed']));
  if (f.q) where.push(sql`${s.searchText} @@ websearch_to_tsquery('simple', unaccent(${f.q}))`);
  if (f.need) where.push(sql`${s.needs} @> ARRAY[${f.need}]::text[]`);
  if (f.language) where.push(sql`(${s.mediationLanguages} @> ARRAY[${f.language}]::text[] OR ${s.staffLanguages} @> ARRAY[${f.language}]::text[])`);
  if (f.typeCode) where.push(eq(s.typeCode, f.typeCode));
  if (f.acceptsReferrals) where.push(eq(s.acceptsReferrals, true));
  if (f.organizationId) where.push(eq(s.organizationId, f.organizationId));
  if (f.onPonte) where.push(sql`EXISTS (SELECT 1 FROM directory_organizations o WHERE o.id = ${s.organizationId} AND o.member_organisation_id IS NOT NULL)`);
  if (f.stale) where.push(staleSql);
  // One GIN condition on the service's own place keys (kept by triggers), which combines with the others in
  // one bitmap, instead of a semi-join to its places for every candidate.
  if (f.regionId || f.city) {
    const city = f.city?.toLowerCase();
    where.push(sql`${s.placeKeys} @> ARRAY[${f.regionId && city ? `${f.regionId}:${city}` : (f.regionId ?? `city:${city}`)}]::text[]`);
  }
  if (f.openAt) where.push(openAtSql(f.openAt));
  return where;
}

export interface DirectoryListItem {
  id: string;
  name: string;
  organization: string;
  typeCode: string;
  status: ServiceStatus;
  needs: string[];
  mediationLanguages: string[];
  staffLanguages: string[];
  acceptsReferrals: boolean;
  waitingDays: number | null;
  lastVerifiedAt: Date | null;
  stale: boolean;
  /** "City (Region)" of each place where it is offered. */
  places: string[];
  /** [latitude, longitude] of each place that has them, for the map. */
  points: [number, number][];
}

/** Up to this many matches, a page is found by sorting them rather than by walking the name index. */
const SORT_MATCHES_BELOW = 2000;

/** How far, in name order, a walk for words' matches goes before they are sorted instead. */
const WORD_WALK = 2000;
/** The name at that rank, per process: it moves little as entries change, and a stale one only changes the path. */
let wordWalkEnd: { name: string | null; at: number } | null = null;
const WORD_WALK_TTL_MS = 10 * 60_000;

async function wordWalkBound(db: DbOrTx): Promise<string | null> {
  if (!wordWalkEnd || Date.now() - wordWalkEnd.at > WORD_WALK_TTL_MS) {
    const [row] = executedRows<{ name: string }>(await db.execute(sql`SELECT lower(name) AS name FROM directory_services ORDER BY lower(name) OFFSET ${WORD_WALK - 1} LIMIT 1`));
    wordWalkEnd = { name: row?.name ?? null, at: Date.now() };
  }
  return wordWalkEnd.name;
}

/**
 * One page of matches in name order, found by sorting them or by walking the name index (`matches`: how many
 * match, counted at least as far as SORT_MATCHES_BELOW; `expected`: how many rows the page holds). A few thousand
 * matches are sorted. More are found by walking the index, which stops as soon as the page is full, since other
 * filters' matches spread over the alphabet. Words' matches cluster in name order (a service is named by what it
 * does: "SerD …" for every addiction service), so a walk from "A" could read most of the table (28,000 services
 * for "dipendenze" at 50,000): their walk stops at the WORD_WALK-th name, and a page it has not filled by then is
 * found by sorting the matches (the GIN index finds them at once). Which path is taken never changes the page.
 * `query(order, bound)` runs the page's query in that order, with that extra condition on the name.
 */
export async function pageInNameOrder<T>(db: DbOrTx, matches: number, words: boolean, expected: number, query: (order: SQL, bound: SQL | null) => Promise<T[]>): Promise<T[]> {
  const name = sql`lower(${directoryServices.name})`;
  // `|| ''` keeps the index out of a sort.
  const sorted = () => query(sql`${name} || ''`, null);
  if (matches <= SORT_MATCHES_BELOW) return sorted();
  if (!words) return query(name, null);
  const end = await wordWalkBound(db);
  if (end !== null) {
    const walked = await query(name, sql`${name} <= ${end}`);
    if (walked.length === expected) return walked;
  }
  return sorted();
}

/**
 * The directory search: filters, then name order, one page. Matches are counted up to `countUpTo`: beyond it
 * the answer says "more than" (`more`), since counting tens of thousands of open services costs more than the
 * search itself and nobody pages that far.
 */
export async function searchServices(db: DbOrTx, filters: DirectoryFilters, page: number, pageSize: number, countUpTo = 100_000): Promise<{ total: number; more: boolean; items: DirectoryListItem[] }> {
  const s = directoryServices;
  const where = and(...serviceConditions(filters));
  // Every service has its organisation (a foreign key): the count joins it only when a filter reads it.
  // Counted far enough to know both what to show and whether sorting the matches beats walking the index.
  const limit = Math.max(countUpTo, SORT_MATCHES_BELOW) + 1;
  const matches = (filters.stale ? db.select({ one: sql`1` }).from(s).innerJoin(directoryOrganizations, eq(directoryOrganizations.id, s.organizationId)) : db.select({ one: sql`1` }).from(s)).where(where).limit(limit).as('matches');
  const [{ n }] = (await db.select({ n: count() }).from(matches)) as [{ n: number }];
  const more = n > countUpTo;
  const total = Math.min(n, countUpTo);
  if (!total) return { total, more, items: [] };
  const rows = await pageInNameOrder(db, n, !!filters.q, Math.min(pageSize, Math.max(0, n - (page - 1) * pageSize)), (order, bound) =>
    db
      .select({
        id: s.id,
        name: s.name,
        organization: directoryOrganizations.name,
        typeCode: s.typeCode,
        status: s.status,
        needs: s.needs,
        mediationLanguages: s.mediationLanguages,
        staffLanguages: s.staffLanguages,
        acceptsReferrals: s.acceptsReferrals,
        waitingDays: s.waitingDays,
        lastVerifiedAt: s.lastVerifiedAt,
        stale: staleSql,
        places: sql<string[]>`ARRAY(SELECT l.city || coalesce(' (' || r.name || ')', '') FROM directory_service_at_locations sal JOIN directory_locations l ON l.id = sal.location_id LEFT JOIN regions r ON r.id = l.region_id WHERE sal.service_id = ${s.id} ORDER BY l.city)`,
        points: sql<[number, number][]>`(SELECT coalesce(json_agg(json_build_array(l.latitude, l.longitude)), '[]') FROM directory_service_at_locations sal JOIN directory_locations l ON l.id = sal.location_id WHERE sal.service_id = ${s.id} AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL)`,
      })
      .from(s)
      .innerJoin(directoryOrganizations, eq(directoryOrganizations.id, s.organizationId))
      .where(bound ? and(where, bound) : where)
      .orderBy(order, asc(s.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
  );
  return { total, more, items: rows };
}

export async function getService(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ service: directoryServices, organization: directoryOrganizations, stale: staleSql })
    .from(directoryServices)
    .innerJoin(directoryOrganizations, eq(directoryOrganizations.id, directoryServices.organizationId))
    .where(eq(directoryServices.id, id));
  if (!row) return null;
  const locations = await db
    .select({ location: directoryLocations, region: regions.name, serviceAtLocationId: serviceAtLocations.id })
    .from(serviceAtLocations)
    .innerJoin(directoryLocations, eq(directoryLocations.id, serviceAtLocations.locationId))
    .leftJoin(regions, eq(regions.id, directoryLocations.regionId))
    .where(eq(serviceAtLocations.serviceId, id))
    .orderBy(asc(directoryLocations.city), asc(directoryLocations.name));
  const phones = await db
    .select()
    .from(directoryPhones)
    .where(sql`${directoryPhones.serviceId} = ${id} OR ${directoryPhones.organizationId} = ${row.organization.id} OR ${directoryPhones.locationId} IN (SELECT location_id FROM directory_service_at_locations WHERE service_id = ${id})`)
    .orderBy(asc(directoryPhones.sort), asc(directoryPhones.number));
  const schedules = await db.select().from(directorySchedules).where(eq(directorySchedules.serviceId, id)).orderBy(asc(directorySchedules.opensAt));
  return { ...row, locations, phones, schedules };
}
export type ServiceDetail = NonNullable<Awaited<ReturnType<typeof getService>>>;

/** Days in the order people read a week: Monday first. */
const dayOrder = (d: string) => (WEEKDAYS.indexOf(d as Weekday) + 6) % 7;
const hhmm = (t: string) => t.slice(0, 5);
/** A schedule the weekly hours form edits: no dates, no description. */
const isRegular = (sc: typeof directorySchedules.$inferSelect) => !sc.validFrom && !sc.validTo && !sc.description;

/** A service's editable fields as they stand, with its own phones and its regular weekly hours. */
export async function loadServiceFields(db: DbOrTx, id: string, opts: { lock?: boolean } = {}): Promise<(ServiceFields & { row: typeof directoryServices.$inferSelect }) | null> {
  const q = db.select().from(directoryServices).where(eq(directoryServices.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) return null;
  const phones = await db.select().from(directoryPhones).where(eq(directoryPhones.serviceId, id)).orderBy(asc(directoryPhones.sort), asc(directoryPhones.number));
  const schedules = (await db.select().from(directorySchedules).where(eq(directorySchedules.serviceId, id))).filter(isRegular);
  const hours = schedules
    .flatMap((sc) => sc.byday.map((day) => ({ day: day as Weekday, opens: hhmm(sc.opensAt), closes: hhmm(sc.closesAt) })))
    .sort((a, b) => dayOrder(a.day) - dayOrder(b.day) || a.opens.localeCompare(b.opens));
  return {
    ...(pickFields(row, SERVICE_FIELDS.filter((f) => f !== 'phones' && f !== 'hours')) as unknown as ServiceFields),
    phones: phones.map((p) => ({ type: p.type, number: p.number, description: p.description })),
    hours,
    row,
  };
}

/** The time zone of a service's hours: that of its hours already, else of the country of its first place. */
async function timeZoneOf(db: DbOrTx, serviceId: string): Promise<string> {
  const [sc] = await db.select({ tz: directorySchedules.timeZone }).from(directorySchedules).where(eq(directorySchedules.serviceId, serviceId)).limit(1);
  if (sc) return sc.tz;
  const [place] = await db
    .select({ country: directoryLocations.country })
    .from(serviceAtLocations)
    .innerJoin(directoryLocations, eq(directoryLocations.id, serviceAtLocations.locationId))
    .where(eq(serviceAtLocations.serviceId, serviceId))
    .limit(1);
  return place ? regionTimeZone(place.country) : 'UTC';
}

/** Replaces a service's own phones, and its regular hours (days with the same interval share one schedule row). */
async function writePhonesAndHours(db: DbOrTx, serviceId: string, fields: Pick<ServiceFields, 'phones' | 'hours'>) {
  if (fields.phones) {
    await db.delete(directoryPhones).where(eq(directoryPhones.serviceId, serviceId));
    if (fields.phones.length) await db.insert(directoryPhones).values(fields.phones.map((p, sort) => ({ serviceId, ...p, sort })));
  }
  if (fields.hours) {
    const timeZone = await timeZoneOf(db, serviceId);
    const existing = await db.select().from(directorySchedules).where(eq(directorySchedules.serviceId, serviceId));
    const regular = existing.filter(isRegular).map((sc) => sc.id);
    if (regular.length) await db.delete(directorySchedules).where(inArray(directorySchedules.id, regular));
    const groups = new Map<string, Weekday[]>();
    for (const h of fields.hours) groups.set(`${h.opens}-${h.closes}`, [...(groups.get(`${h.opens}-${h.closes}`) ?? []), h.day]);
    if (groups.size) {
      await db.insert(directorySchedules).values([...groups].map(([k, byday]) => ({ serviceId, byday: byday.sort((a, b) => dayOrder(a) - dayOrder(b)), opensAt: k.slice(0, 5), closesAt: k.slice(6), timeZone })));
    }
  }
}

/** Saves a service's editable fields, keeping the history; returns false when the service does not exist. */
export async function updateService(db: DbOrTx, id: string, fields: ServiceFields, authorId: string | null): Promise<boolean> {
  const before = await loadServiceFields(db, id, { lock: true });
  if (!before) return false;
  const { row, ...beforeFields } = before;
  const after: ServiceFields = { ...fields, phones: fields.phones ?? beforeFields.phones, hours: fields.hours ?? beforeFields.hours };
  const { phones, hours, ...columns } = after;
  await db
    .update(directoryServices)
    .set({ ...columns, updatedAt: new Date() })
    .where(eq(directoryServices.id, id));
  await writePhonesAndHours(db, id, { phones: same(phones, beforeFields.phones) ? undefined : phones, hours: same(hours, beforeFields.hours) ? undefined : hours });
  await recordRevision(db, {
    itemType: REVISION_TYPE,
    itemId: id,
    locale: null,
    before: { fields: beforeFields as unknown as RevisionFields, at: row.updatedAt },
    after: { fields: after as unknown as RevisionFields },
    authorId,
  });
  await contentChanged(db);
  return true;
}

export async function createService(db: DbOrTx, input: ServiceFields & { id?: string; organizationId: string; locationIds?: string[] }, authorId: string | null): Promise<string> {
  const { locationIds, phones, hours, ...values } = input;
  const [row] = await db.insert(directoryServices).values(values).returning({ id: directoryServices.id });
  if (locationIds?.length) await db.insert(serviceAtLocations).values(locationIds.map((locationId) => ({ serviceId: row!.id, locationId })));
  await writePhonesAndHours(db, row!.id, { phones, hours });
  await recordRevision(db, { itemType: REVISION_TYPE, itemId: row!.id, locale: null, before: null, after: { fields: { ...pickFields(values, SERVICE_FIELDS.filter((f) => f !== 'phones' && f !== 'hours')), phones: (phones ?? []) as unknown as string[], hours: (hours ?? []) as unknown as string[] } }, authorId });
  await contentChanged(db);
  return row!.id;
}

/** Confirms that the entries are still true (a coordinator's check, or the organisation's answer to a request). */
export async function markVerified(db: DbOrTx, where: { serviceId: string } | { organizationId: string }, assurerEmail: string | null, at = new Date()): Promise<number> {
  const rows = await db
    .update(directoryServices)
    .set({ lastVerifiedAt: at, assurerEmail })
    .where('serviceId' in where ? eq(directoryServices.id, where.serviceId) : eq(directoryServices.organizationId, where.organizationId))
    .returning({ id: directoryServices.id });
  if (rows.length) await contentChanged(db);
  return rows.length;
}

// ---- Proposed changes -------------------------------------------------------------------------------

export async function proposeChange(db: DbOrTx, input: { serviceId: string; fields: ServiceFields; note: string; proposedBy: string | null; source: 'member' | 'verification' }): Promise<string> {
  const [row] = await db.insert(changeProposals).values(input).returning({ id: changeProposals.id });
  return row!.id;
}

export async function listProposals(db: DbOrTx, status: 'pending' | 'accepted' | 'rejected', limit = 100) {
  return db
    .select({ id: changeProposals.id, serviceId: changeProposals.serviceId, service: directoryServices.name, organization: directoryOrganizations.name, source: changeProposals.source, note: changeProposals.note, createdAt: changeProposals.createdAt })
    .from(changeProposals)
    .innerJoin(directoryServices, eq(directoryServices.id, changeProposals.serviceId))
    .innerJoin(directoryOrganizations, eq(directoryOrganizations.id, directoryServices.organizationId))
    .where(eq(changeProposals.status, status))
    .orderBy(status === 'pending' ? asc(changeProposals.createdAt) : desc(changeProposals.reviewedAt))
    .limit(limit);
}

export async function getProposal(db: DbOrTx, id: string) {
  const [proposal] = await db.select().from(changeProposals).where(eq(changeProposals.id, id));
  const loaded = proposal ? await loadServiceFields(db, proposal.serviceId) : null;
  if (!proposal || !loaded) return null;
  const { row, ...current } = loaded;
  // A proposal made before phones and hours were part of the form leaves them as they are.
  const proposed: ServiceFields = { ...proposal.fields, phones: proposal.fields.phones ?? current.phones, hours: proposal.fields.hours ?? current.hours };
  return { proposal: { ...proposal, fields: proposed }, service: { id: row.id, name: row.name }, current: current as ServiceFields, changed: SERVICE_FIELDS.filter((f) => !same(proposed[f], current[f])) };
}

/**
 * Accepts (publishes) or rejects a pending proposal. Accepting saves the proposed fields as a new revision
 * and, when the proposal came from the organisation itself, counts as a verification. Returns false when
 * the proposal is not pending (already reviewed, or unknown).
 */
export async function reviewProposal(db: DbOrTx, id: string, decision: 'accepted' | 'rejected', reviewerId: string, reviewNote: string): Promise<boolean> {
  const [p] = await db
    .update(changeProposals)
    .set({ status: decision, reviewedBy: reviewerId, reviewNote, reviewedAt: new Date() })
    .where(and(eq(changeProposals.id, id), eq(changeProposals.status, 'pending')))
    .returning();
  if (!p) return false;
  if (decision === 'accepted') await updateService(db, p.serviceId, p.fields, reviewerId);
  return true;
}

export async function countPending(db: DbOrTx): Promise<number> {
  const [{ n }] = (await db.select({ n: count() }).from(changeProposals).where(eq(changeProposals.status, 'pending'))) as [{ n: number }];
  return n;
}

export type ServiceRow = typeof directoryServices.$inferSelect;
export type { ServiceFields };

/**
 * Member organisations that run an active service in the directory: those that can receive a referral or a
 * mediator request through Ponte (and to which a resident can consent to share).
 */
export async function organisationsOnPonte(db: DbOrTx): Promise<{ id: string; name: string }[]> {
  const rows = await db.execute(sql`
    SELECT o.id, o.name FROM organisations o
    WHERE EXISTS (SELECT 1 FROM directory_organizations d JOIN directory_services s ON s.organization_id = d.id
                  WHERE d.member_organisation_id = o.id AND s.status = 'active')
    ORDER BY o.name`);
  return executedRows<{ id: string; name: string }>(rows);
}

/**
 * Records which member organisation (platform organisation) runs a directory organisation, or none: its people
 * then receive the referrals and mediator requests addressed to the organisation's services. False when there is
 * no such directory organisation.
 */
export async function linkMemberOrganisation(db: DbOrTx, directoryOrganizationId: string, organisationId: string | null): Promise<boolean> {
  const rows = await db
    .update(directoryOrganizations)
    .set({ memberOrganisationId: organisationId, updatedAt: new Date() })
    .where(eq(directoryOrganizations.id, directoryOrganizationId))
    .returning({ id: directoryOrganizations.id });
  if (rows.length) await contentChanged(db);
  return rows.length > 0;
}
