import { and, asc, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { executedRows, type DbOrTx } from '../../platform/db/index.js';
import { translatedMail } from '../../platform/mail/html.js';
import type { Platform } from '../../platform/platform.js';
import { organisations, roleAssignments, users } from '../../platform/schema.js';
import { careOrganisations, openReferral, recordCareAccess, type CareActor } from './access.js';
import { mediatorRequestAgencies, mediatorRequests, type MediatorRequestStatus } from './schema.js';

/**
 * Mediator booking: a centre (or the health service a referral went to) asks for a language and cultural mediator
 * at a time and place; the request goes to the mediator agencies the directory lists in the requester's region for
 * that language, and the first agency to accept books it. Agencies learn the language, time, place and who asks,
 * never whom the mediator is for: no case code, no reason, no referral.
 *
 * Who acts for an agency: a user holding `mediation-agency` in the agency's organisation. The role reaches no
 * resident's record: an agency's people see requests, never care data.
 */

/** The agency's page of requests, linked from the e-mails (the routes serve it here). */
export const AGENCY_INBOX_PATH = '/care/mediator-requests';
/** The scheduled job that closes requests nobody took before they started. */
export const UNFILLED_QUEUE = 'care.mediators.unfilled';

export const DURATION_MIN = 15;
export const DURATION_MAX = 8 * 60;
export const PLACE_MAX = 300;
export const MEDIATOR_NAME_MAX = 100;

type Mail = Pick<Platform, 'mailer' | 'config'>;
type Fail<E extends string> = { ok: false; error: E };

export interface MediatorRequestInput {
  /** The organisation the actor asks for: the referring centre, or the service a referral was sent to. */
  organisationId: string;
  referralId?: string | null;
  /** BCP 47 language tag. */
  language: string;
  startsAt: Date;
  durationMinutes: number;
  place: string;
}

export type MediatorRequest = typeof mediatorRequests.$inferSelect;

/** The canonical form of a BCP 47 tag (`ar-sy` → `ar-SY`), or null when it is not one. */
export function canonicalLanguage(tag: string): string | null {
  const trimmed = tag.trim();
  if (!trimmed || !/^[A-Za-z0-9-]+$/.test(trimmed)) return null;
  try {
    return Intl.getCanonicalLocales(trimmed)[0] ?? null;
  } catch {
    return null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Care roles the principal holds in the organisation (care grants count only where given for an organisation). */
const actsFor = (p: Principal, organisationId: string) => careOrganisations(p, 'care-operator').includes(organisationId) || careOrganisations(p, 'care-clinician').includes(organisationId);
const agencyUser = (p: Principal, organisationId: string) => careOrganisations(p, 'mediation-agency').includes(organisationId);

/**
 * Where a directory entry books mediators out: a mediator agency. Services that offer cultural mediation to their
 * own patients (a CSM with mediators on staff) are not asked to send mediators elsewhere.
 */
const MEDIATION_SERVICE = sql`s.type_code = 'mediator-agency'`;

/**
 * The agencies a request goes to: member organisations of the directory's mediator agencies that are active,
 * offered in the region, and mediate in the language. A tag
 * matches the same tag, a more general one the agency lists ("ar" covers "ar-SY"), or a more specific one ("ar"
 * asked, "ar-SY" listed). One row per organisation, its agency entry preferred.
 */
export async function agenciesFor(db: DbOrTx, regionId: string, language: string, excludeOrganisationId?: string): Promise<{ organisationId: string; serviceId: string }[]> {
  const lang = language.toLowerCase();
  const rows = executedRows<{ organisation_id: string; service_id: string }>(
    await db.execute(sql`
      SELECT DISTINCT ON (o.member_organisation_id) o.member_organisation_id AS organisation_id, s.id AS service_id
      FROM directory_services s
      JOIN directory_organizations o ON o.id = s.organization_id
      WHERE s.status = 'active'
        AND o.member_organisation_id IS NOT NULL
        AND o.member_organisation_id IS DISTINCT FROM ${excludeOrganisationId ?? null}::uuid
        AND ${MEDIATION_SERVICE}
        AND s.place_keys @> ARRAY[${regionId}]::text[]
        AND EXISTS (
          SELECT 1 FROM unnest(s.mediation_languages) AS l(tag)
          WHERE lower(l.tag) = ${lang} OR ${lang} LIKE lower(l.tag) || '-%' OR lower(l.tag) LIKE ${lang} || '-%'
        )
      ORDER BY o.member_organisation_id, s.name, s.id`),
  );
  return rows.map((r) => ({ organisationId: r.organisation_id, serviceId: r.service_id }));
}

/**
 * The organisations the principal acts for as a mediation agency: those they hold `mediation-agency` in that run an
 * active mediation entry of the directory (for the care home page and the inbox's organisation switch).
 */
export async function agencyOrganisations(db: DbOrTx, principal: Principal): Promise<{ id: string; name: string }[]> {
  const mine = careOrganisations(principal, 'mediation-agency');
  if (!mine.length) return [];
  return executedRows<{ id: string; name: string }>(
    await db.execute(sql`
      SELECT o.id::text AS id, o.name FROM organisations o
      WHERE o.id IN (${sql.join(mine.map((id) => sql`${id}::uuid`), sql`, `)})
        AND EXISTS (SELECT 1 FROM directory_organizations d JOIN directory_services s ON s.organization_id = d.id WHERE d.member_organisation_id = o.id AND s.status = 'active' AND ${MEDIATION_SERVICE})
      ORDER BY o.name`),
  );
}

/** Active users acting for these organisations as agencies, to tell them something waits. */
async function agencyRecipients(db: DbOrTx, organisationIds: string[]) {
  if (!organisationIds.length) return [];
  return db
    .selectDistinct({ email: users.email, locale: users.locale })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(inArray(roleAssignments.organisationId, organisationIds), eq(roleAssignments.role, 'mediation-agency'), eq(users.status, 'active')));
}

/**
 * May the actor act for the requesting organisation? Through the referral when the request is tied to one (its
 * sending or receiving side, for its own organisation), else by a care role in the organisation; audited either way.
 */
async function asRequester(db: DbOrTx, actor: CareActor, referralId: string | null, organisationId: string, action: string): Promise<boolean> {
  if (referralId) {
    const opened = await openReferral(db, actor, referralId, action, 'write');
    const sideOrg = opened?.side === 'sender' ? opened.referral.fromOrganisationId : opened?.side === 'receiver' ? opened.referral.toOrganisationId : null;
    return sideOrg === organisationId;
  }
  const allowed = actsFor(actor.principal, organisationId);
  await recordCareAccess(db, {
    actor,
    action,
    access: 'write',
    basis: allowed ? 'own-organisation' : 'none',
    outcome: allowed ? 'success' : 'denied',
    organisationId: allowed ? organisationId : null,
    ownerOrganisationId: organisationId,
  });
  return allowed;
}

/** Says only that something waits on Ponte: no language, time, place or anything about the person. */
async function tellAgencies(p: Mail, db: DbOrTx, organisationIds: string[], kind: 'waiting' | 'cancelled') {
  for (const u of await agencyRecipients(db, organisationIds)) {
    // The link follows its label, so that no message loses it to a missing placeholder.
    const mail = translatedMail(u.locale, (t) => ({
      subject: t(`care.mediators.mail.${kind}.subject`),
      text: [t(`care.mediators.mail.${kind}.body`), `${t('care.mediators.mail.link')} ${p.config.publicUrl}${AGENCY_INBOX_PATH}`].join('\n\n'),
    }));
    await p.mailer.send(db, { to: u.email, ...mail });
  }
}

/**
 * Creates a request and sends it to the agencies of the requester's region that mediate in the language, with an
 * e-mail to their users; audited. Tied to a referral, the actor must be on one of its sides (the referring centre's
 * operator or the receiving service's clinician) and ask for that side's organisation.
 */
export async function createMediatorRequest(
  p: Mail,
  db: DbOrTx,
  actor: CareActor,
  input: MediatorRequestInput,
  now = new Date(),
): Promise<{ ok: true; request: MediatorRequest; agencies: number } | Fail<'not-found' | 'invalid-language' | 'invalid-start' | 'invalid-duration' | 'invalid-place' | 'no-region' | 'no-agencies'>> {
  const language = canonicalLanguage(input.language);
  if (!language) return { ok: false, error: 'invalid-language' };
  if (!(input.startsAt instanceof Date) || Number.isNaN(input.startsAt.getTime()) || input.startsAt <= now) return { ok: false, error: 'invalid-start' };
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < DURATION_MIN || input.durationMinutes > DURATION_MAX) return { ok: false, error: 'invalid-duration' };
  const place = input.place.trim();
  if (!place || place.length > PLACE_MAX) return { ok: false, error: 'invalid-place' };
  if (!UUID.test(input.organisationId) || (input.referralId && !UUID.test(input.referralId))) return { ok: false, error: 'not-found' };

  return db.transaction(async (tx) => {
    if (!(await asRequester(tx, actor, input.referralId ?? null, input.organisationId, 'mediator-request.create'))) return { ok: false, error: 'not-found' } as const;
    const [org] = await tx.select({ regionId: organisations.regionId }).from(organisations).where(eq(organisations.id, input.organisationId));
    if (!org?.regionId) return { ok: false, error: 'no-region' } as const;
    const agencies = await agenciesFor(tx, org.regionId, language, input.organisationId);
    if (!agencies.length) return { ok: false, error: 'no-agencies' } as const;
    const [request] = await tx
      .insert(mediatorRequests)
      .values({
        referralId: input.referralId ?? null,
        requestingOrganisationId: input.organisationId,
        regionId: org.regionId,
        language,
        startsAt: input.startsAt,
        durationMinutes: input.durationMinutes,
        place,
        createdBy: actor.principal.id,
        createdAt: now,
      })
      .returning();
    await tx.insert(mediatorRequestAgencies).values(agencies.map((a) => ({ requestId: request!.id, organisationId: a.organisationId, serviceId: a.serviceId })));
    await tellAgencies(p, tx, agencies.map((a) => a.organisationId), 'waiting');
    return { ok: true, request: request!, agencies: agencies.length } as const;
  });
}

/** A request as an agency sees it: what, when, where and who asks; nothing about whom it is for. */
export interface AgencyRequestView {
  id: string;
  language: string;
  startsAt: Date;
  durationMinutes: number;
  place: string;
  requestingOrganisation: { id: string; name: string };
  status: MediatorRequestStatus;
  /** Set when this agency declined it. */
  declinedAt: Date | null;
  /** Set when this agency booked it. */
  mediatorName: string | null;
  bookedAt: Date | null;
  createdAt: Date;
}

export interface AgencyFilters {
  /** open: waiting for an answer from this agency (the default); booked: booked by it; declined: declined by it. */
  status?: 'open' | 'booked' | 'declined';
  /** Primary language subtag or full tag. */
  language?: string;
  from?: Date;
  to?: Date;
  page?: number;
  pageSize?: number;
}

/**
 * The agency's inbox: requests sent to its organisation, the open ones first by start time. Only users acting for
 * the agency see it.
 */
export async function agencyRequests(
  db: DbOrTx,
  actor: CareActor,
  organisationId: string,
  filters: AgencyFilters = {},
  now = new Date(),
): Promise<{ ok: true; total: number; rows: AgencyRequestView[] } | Fail<'not-found'>> {
  if (!agencyUser(actor.principal, organisationId)) return { ok: false, error: 'not-found' };
  const status = filters.status ?? 'open';
  const r = mediatorRequests;
  const a = mediatorRequestAgencies;
  const where = [eq(a.organisationId, organisationId)];
  if (status === 'open') where.push(eq(r.status, 'open'), isNull(a.declinedAt), gt(r.startsAt, now));
  else if (status === 'booked') where.push(eq(r.status, 'booked'), eq(r.bookedOrganisationId, organisationId));
  else where.push(sql`${a.declinedAt} IS NOT NULL`);
  const lang = filters.language ? canonicalLanguage(filters.language)?.toLowerCase() : undefined;
  if (filters.language && !lang) return { ok: true, total: 0, rows: [] };
  if (lang) where.push(sql`(lower(${r.language}) = ${lang} OR lower(${r.language}) LIKE ${lang} || '-%')`);
  if (filters.from) where.push(sql`${r.startsAt} >= ${filters.from}`);
  if (filters.to) where.push(sql`${r.startsAt} < ${filters.to}`);
  const pageSize = Math.min(Math.max(filters.pageSize ?? 50, 1), 200);
  const page = Math.max(filters.page ?? 1, 1);
  const [{ total }] = (await db
    .select({ total: sql<number>`count(*)::int` })
    .from(a)
    .innerJoin(r, eq(r.id, a.requestId))
    .where(and(...where))) as [{ total: number }];
  const rows = await db
    .select({
      id: r.id,
      language: r.language,
      startsAt: r.startsAt,
      durationMinutes: r.durationMinutes,
      place: r.place,
      orgId: organisations.id,
      orgName: organisations.name,
      status: r.status,
      declinedAt: a.declinedAt,
      bookedOrganisationId: r.bookedOrganisationId,
      mediatorName: r.mediatorName,
      bookedAt: r.bookedAt,
      createdAt: r.createdAt,
    })
    .from(a)
    .innerJoin(r, eq(r.id, a.requestId))
    .innerJoin(organisations, eq(organisations.id, r.requestingOrganisationId))
    .where(and(...where))
    .orderBy(status === 'open' ? asc(r.startsAt) : desc(r.startsAt), asc(r.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    ok: true,
    total,
    rows: rows.map((x) => {
      const ours = x.bookedOrganisationId === organisationId;
      return {
        id: x.id,
        language: x.language,
        startsAt: x.startsAt,
        durationMinutes: x.durationMinutes,
        place: x.place,
        requestingOrganisation: { id: x.orgId, name: x.orgName },
        status: x.status,
        declinedAt: x.declinedAt,
        // Another agency's booking is not this one's business.
        mediatorName: ours ? x.mediatorName : null,
        bookedAt: ours ? x.bookedAt : null,
        createdAt: x.createdAt,
      };
    }),
  };
}

/** Why an agency's answer did not land, read after the fact: the request as it now stands for that agency. */
async function whyNot(db: DbOrTx, requestId: string, organisationId: string, now: Date): Promise<'not-found' | 'declined' | 'already-booked' | 'cancelled' | 'expired'> {
  const [row] = await db
    .select({ status: mediatorRequests.status, startsAt: mediatorRequests.startsAt, declinedAt: mediatorRequestAgencies.declinedAt })
    .from(mediatorRequestAgencies)
    .innerJoin(mediatorRequests, eq(mediatorRequests.id, mediatorRequestAgencies.requestId))
    .where(and(eq(mediatorRequestAgencies.requestId, requestId), eq(mediatorRequestAgencies.organisationId, organisationId)));
  if (!row) return 'not-found';
  if (row.status === 'booked') return 'already-booked';
  if (row.status === 'cancelled') return 'cancelled';
  if (row.declinedAt) return 'declined';
  if (row.status === 'unfilled' || row.startsAt <= now) return 'expired';
  return 'not-found';
}

/**
 * An agency takes the request, naming the mediator (first name or code). The first to accept wins: the booking is
 * one conditional UPDATE, so of two accepts at once the second finds the request no longer open and gets
 * `already-booked`.
 */
export async function acceptMediatorRequest(
  db: DbOrTx,
  actor: CareActor,
  requestId: string,
  input: { organisationId: string; mediatorName: string },
  now = new Date(),
): Promise<{ ok: true; request: MediatorRequest } | Fail<'not-found' | 'invalid-mediator' | 'declined' | 'already-booked' | 'cancelled' | 'expired'>> {
  if (!agencyUser(actor.principal, input.organisationId) || !UUID.test(requestId)) return { ok: false, error: 'not-found' };
  const mediatorName = input.mediatorName.trim();
  if (!mediatorName || mediatorName.length > MEDIATOR_NAME_MAX) return { ok: false, error: 'invalid-mediator' };
  return db.transaction(async (tx) => {
    const [booked] = await tx
      .update(mediatorRequests)
      .set({ status: 'booked', bookedOrganisationId: input.organisationId, mediatorName, bookedBy: actor.principal.id, bookedAt: now })
      .where(
        and(
          eq(mediatorRequests.id, requestId),
          eq(mediatorRequests.status, 'open'),
          gt(mediatorRequests.startsAt, now),
          sql`EXISTS (SELECT 1 FROM ${mediatorRequestAgencies} a WHERE a.request_id = ${mediatorRequests.id} AND a.organisation_id = ${input.organisationId} AND a.declined_at IS NULL)`,
        ),
      )
      .returning();
    if (!booked) return { ok: false, error: await whyNot(tx, requestId, input.organisationId, now) } as const;
    await audit(tx, { actorId: actor.principal.id, action: 'care.mediator-request.accept', outcome: 'success', targetType: 'care-mediator-request', targetId: requestId, requestId: actor.requestId, details: { organisationId: input.organisationId } });
    return { ok: true, request: booked } as const;
  });
}

/**
 * An agency says it cannot: the request stays open for the others. When every agency has declined, nobody is left
 * to take it and it is closed as unfilled at once, so the requester can look elsewhere.
 */
export async function declineMediatorRequest(
  db: DbOrTx,
  actor: CareActor,
  requestId: string,
  organisationId: string,
  now = new Date(),
): Promise<{ ok: true; unfilled: boolean } | Fail<'not-found' | 'declined' | 'already-booked' | 'cancelled' | 'expired'>> {
  if (!agencyUser(actor.principal, organisationId) || !UUID.test(requestId)) return { ok: false, error: 'not-found' };
  return db.transaction(async (tx) => {
    const [declined] = await tx
      .update(mediatorRequestAgencies)
      .set({ declinedAt: now })
      .where(
        and(
          eq(mediatorRequestAgencies.requestId, requestId),
          eq(mediatorRequestAgencies.organisationId, organisationId),
          isNull(mediatorRequestAgencies.declinedAt),
          sql`EXISTS (SELECT 1 FROM ${mediatorRequests} r WHERE r.id = ${requestId} AND r.status = 'open' AND r.starts_at > ${now})`,
        ),
      )
      .returning({ requestId: mediatorRequestAgencies.requestId });
    if (!declined) return { ok: false, error: await whyNot(tx, requestId, organisationId, now) } as const;
    const closed = await tx
      .update(mediatorRequests)
      .set({ status: 'unfilled' })
      .where(and(eq(mediatorRequests.id, requestId), eq(mediatorRequests.status, 'open'), sql`NOT EXISTS (SELECT 1 FROM ${mediatorRequestAgencies} a WHERE a.request_id = ${requestId} AND a.declined_at IS NULL)`))
      .returning({ id: mediatorRequests.id });
    await audit(tx, { actorId: actor.principal.id, action: 'care.mediator-request.decline', outcome: 'success', targetType: 'care-mediator-request', targetId: requestId, requestId: actor.requestId, details: { organisationId } });
    return { ok: true, unfilled: closed.length > 0 } as const;
  });
}

/**
 * The requester withdraws an open request or a booking (the booked agency is told by e-mail); audited like the
 * request was made.
 */
export async function cancelMediatorRequest(p: Mail, db: DbOrTx, actor: CareActor, requestId: string): Promise<{ ok: true } | Fail<'not-found' | 'not-cancellable'>> {
  if (!UUID.test(requestId)) return { ok: false, error: 'not-found' };
  return db.transaction(async (tx) => {
    const [request] = await tx.select().from(mediatorRequests).where(eq(mediatorRequests.id, requestId));
    if (!request) return { ok: false, error: 'not-found' } as const;
    if (!(await asRequester(tx, actor, request.referralId, request.requestingOrganisationId, 'mediator-request.cancel'))) return { ok: false, error: 'not-found' } as const;
    const [cancelled] = await tx
      .update(mediatorRequests)
      .set({ status: 'cancelled' })
      .where(and(eq(mediatorRequests.id, requestId), inArray(mediatorRequests.status, ['open', 'booked'])))
      .returning();
    if (!cancelled) return { ok: false, error: 'not-cancellable' } as const;
    if (request.status === 'booked' && request.bookedOrganisationId) await tellAgencies(p, tx, [request.bookedOrganisationId], 'cancelled');
    return { ok: true } as const;
  });
}

/** The job: requests still open when they were due to start were not filled. Returns how many it closed. */
export async function closeUnfilledRequests(db: DbOrTx, now = new Date()): Promise<number> {
  const closed = await db
    .update(mediatorRequests)
    .set({ status: 'unfilled' })
    .where(and(eq(mediatorRequests.status, 'open'), lte(mediatorRequests.startsAt, now)))
    .returning({ id: mediatorRequests.id });
  return closed.length;
}

/** A request as the referral and its appointment show it. */
export interface ReferralMediatorView {
  id: string;
  language: string;
  startsAt: Date;
  durationMinutes: number;
  place: string;
  status: MediatorRequestStatus;
  requestingOrganisationId: string;
  bookedOrganisation: { id: string; name: string } | null;
  mediatorName: string | null;
  bookedAt: Date | null;
  /** How many agencies it went to, and how many declined. */
  agencies: number;
  declined: number;
  createdAt: Date;
}

/** The mediator requests of a referral, for both its sides (opened, and so audited, like the referral). */
export async function requestsForReferral(db: DbOrTx, actor: CareActor, referralId: string): Promise<{ ok: true; requests: ReferralMediatorView[] } | Fail<'not-found'>> {
  if (!UUID.test(referralId)) return { ok: false, error: 'not-found' };
  const opened = await openReferral(db, actor, referralId, 'mediator-request.list', 'read');
  if (!opened) return { ok: false, error: 'not-found' };
  const r = mediatorRequests;
  const rows = await db
    .select({
      id: r.id,
      language: r.language,
      startsAt: r.startsAt,
      durationMinutes: r.durationMinutes,
      place: r.place,
      status: r.status,
      requestingOrganisationId: r.requestingOrganisationId,
      bookedOrganisationId: r.bookedOrganisationId,
      bookedName: organisations.name,
      mediatorName: r.mediatorName,
      bookedAt: r.bookedAt,
      createdAt: r.createdAt,
      agencies: sql<number>`(SELECT count(*)::int FROM ${mediatorRequestAgencies} a WHERE a.request_id = ${r.id})`,
      declined: sql<number>`(SELECT count(*)::int FROM ${mediatorRequestAgencies} a WHERE a.request_id = ${r.id} AND a.declined_at IS NOT NULL)`,
    })
    .from(r)
    .leftJoin(organisations, eq(organisations.id, r.bookedOrganisationId))
    .where(eq(r.referralId, referralId))
    .orderBy(asc(r.startsAt), asc(r.createdAt));
  return {
    ok: true,
    requests: rows.map(({ bookedOrganisationId, bookedName, ...x }) => ({ ...x, bookedOrganisation: bookedOrganisationId ? { id: bookedOrganisationId, name: bookedName ?? '' } : null })),
  };
}
