import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { h } from 'preact';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.js';
import { localDateTime, pageParam, parseForm, text, type FormValues } from '../../platform/http/forms.js';
import { instantToZonedTime, regionTimeZone, zonedTimeToInstant } from '../../platform/i18n/time-zones.js';
import { getOrganisation } from '../../platform/identity/organisations.js';
import type { Platform } from '../../platform/platform.js';
import { regions } from '../../platform/schema.js';
import type { FieldErrors } from '../../platform/ui/components.js';
import { openReferral, type CareActor } from './access.js';
import {
  acceptMediatorRequest,
  AGENCY_INBOX_PATH,
  agencyOrganisations,
  agencyRequests,
  cancelMediatorRequest,
  canonicalLanguage,
  createMediatorRequest,
  declineMediatorRequest,
  DURATION_MAX,
  DURATION_MIN,
  PLACE_MAX,
} from './mediators.js';
import { mediatorRequests } from './schema.js';
import { AgencyInboxPage, NewMediatorRequestPage, NotAnAgencyPage, type AgencyInboxFilters } from './views/mediators.js';

/** Which field of the request form a refusal of the service points at, and what it says there. */
const REQUEST_ERRORS: Record<string, [field: string, key: string]> = {
  'invalid-language': ['language', 'care.mediators.error.invalid-language'],
  'no-agencies': ['language', 'care.mediators.error.no-agencies'],
  'invalid-start': ['startsAt', 'care.mediators.error.invalid-start'],
  // The catalogue's invalid-duration message takes the bounds as values, which field errors cannot carry.
  'invalid-duration': ['durationMinutes', 'care.mediators.error.duration'],
  'invalid-place': ['place', 'care.mediators.error.invalid-place'],
  'no-region': ['_form', 'care.mediators.error.no-region'],
};
/** Answers an agency gets when the request moved on before it answered. */
const TOO_LATE = new Set(['already-booked', 'declined', 'cancelled', 'expired']);
const PAGE_SIZE = 50;
/** Longer than the service allows, so that an over-long name reaches it and is refused there with its message. */
const MEDIATOR_NAME_INPUT = 200;

/** The shape of the request form; meaning (a language tag, a time to come, bounds) is checked after. */
const requestForm = z.object({
  language: text({ max: 35 }),
  startsAt: localDateTime(),
  durationMinutes: text({ max: 10 }),
  place: text({ max: PLACE_MAX }),
});

export function mediatorRoutes(app: FastifyInstance, p: Platform) {
  const db = () => p.database.db;
  const bothSides = { config: { access: { roles: ['care-operator', 'care-clinician'] as const } } };
  const agencyUsers = { config: { access: { roles: ['mediation-agency'] as const } } };
  const uuid = z.string().uuid();
  const params = (req: FastifyRequest) => req.params as Record<string, string>;
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
  const str = (v: unknown, max = 200) => (typeof v === 'string' ? v.slice(0, max) : '');
  const actor = (req: FastifyRequest): CareActor => ({ principal: req.principal!, requestId: req.id });
  const idParam = (req: FastifyRequest) => {
    const v = params(req).id;
    if (!uuid.safeParse(v).success) throw new HttpError(404, 'error.404.body');
    return v!;
  };

  const zoneOf = async (regionId: string | null) => {
    if (!regionId) return 'Europe/Rome';
    const [r] = await db().select({ country: regions.country, code: regions.code }).from(regions).where(eq(regions.id, regionId));
    return r ? regionTimeZone(r.country, r.code) : 'Europe/Rome';
  };

  // ---- Asking for a mediator, from a referral (either side, for its own organisation) -----------------------

  /**
   * The referral as the request form needs it, opened (and audited) for the caller; 404 unless they are on one of its
   * sides. The audit row is committed before the 404, so a denial stays on record.
   */
  const referralFor = async (req: FastifyRequest, id: string) => {
    const opened = await db().transaction((tx) => openReferral(tx, actor(req), id, 'mediator-request.form', 'read'));
    if (!opened || opened.side === 'break-glass') throw new HttpError(404, 'error.404.body');
    const r = opened.referral;
    return {
      id: r.id,
      caseCode: opened.resident.caseCode,
      serviceName: r.serviceName,
      organisationId: opened.side === 'sender' ? r.fromOrganisationId : r.toOrganisationId,
      mediatorLanguage: r.mediatorLanguage ?? (opened.resident.mediatorNeeded ? (opened.resident.languages[0] ?? '') : ''),
      appointmentAt: r.appointmentAt,
      timeZone: await zoneOf(r.regionId),
    };
  };
  type ReferralForRequest = Awaited<ReturnType<typeof referralFor>>;

  const requestPage = (reply: FastifyReply, referral: ReferralForRequest, values: FormValues, errors: FieldErrors, status: number) =>
    reply.page(h(NewMediatorRequestPage, { referral, timeZone: referral.timeZone.replace(/_/g, ' '), values, errors }), { status });

  app.get('/care/referrals/:id/mediator-requests/new', bothSides, async (req, reply) => {
    const referral = await referralFor(req, idParam(req));
    // A booking is most often for the referral's appointment: offer its time when it is still ahead.
    const appointment = referral.appointmentAt && referral.appointmentAt > new Date() ? instantToZonedTime(referral.appointmentAt, referral.timeZone).replace(' ', 'T') : '';
    return requestPage(reply, referral, { language: referral.mediatorLanguage, startsAt: appointment, durationMinutes: '60', place: '' }, {}, 200);
  });

  app.post('/care/referrals/:id/mediator-requests', bothSides, async (req, reply) => {
    const referral = await referralFor(req, idParam(req));
    const form = parseForm(requestForm, bodyOf(req));
    const values: FormValues = { language: form.values.language ?? '', startsAt: form.values.startsAt ?? '', durationMinutes: form.values.durationMinutes ?? '', place: form.values.place ?? '' };
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    // Then meaning, for each field whose shape was right, so that every problem shows at once.
    const language = errors.language ? null : canonicalLanguage(values.language!);
    if (!errors.language && !language) errors.language = 'care.mediators.error.invalid-language';
    const startsAt = errors.startsAt ? null : zonedTimeToInstant(values.startsAt!, referral.timeZone);
    if (!errors.startsAt && !startsAt) errors.startsAt = 'errors.dateTime';
    else if (startsAt && startsAt <= new Date()) errors.startsAt = 'care.mediators.error.invalid-start';
    const minutes = values.durationMinutes!.trim();
    const duration = /^\d{1,4}$/.test(minutes) ? Number(minutes) : NaN;
    if (!errors.durationMinutes && !(duration >= DURATION_MIN && duration <= DURATION_MAX)) errors.durationMinutes = 'care.mediators.error.duration';
    if (!form.ok || Object.keys(errors).length || !language || !startsAt) return requestPage(reply, referral, values, errors, 400);

    const r = await createMediatorRequest(p, db(), actor(req), { organisationId: referral.organisationId, referralId: referral.id, language, startsAt, durationMinutes: duration, place: form.data.place });
    if (!r.ok && r.error === 'not-found') throw new HttpError(404, 'error.404.body');
    if (!r.ok) {
      const [field, key] = REQUEST_ERRORS[r.error] ?? ['_form', 'errors.invalid'];
      return requestPage(reply, referral, values, { [field]: key }, 400);
    }
    // `saved` shows the referral page's "Recorded." notice (care.notice.referral-saved).
    return reply.redirect(`/care/referrals/${referral.id}?notice=saved#mediators`, 303);
  });

  app.post('/care/mediator-requests/:id/cancel', bothSides, async (req, reply) => {
    const id = idParam(req);
    const r = await cancelMediatorRequest(p, db(), actor(req), id);
    if (!r.ok && r.error === 'not-found') throw new HttpError(404, 'error.404.body');
    if (!r.ok) throw new HttpError(409, `care.mediators.error.${r.error}`);
    // The service has checked the caller may act on this request; only where to go back remains.
    const [row] = await db().select({ referralId: mediatorRequests.referralId }).from(mediatorRequests).where(eq(mediatorRequests.id, id));
    return reply.redirect(row?.referralId ? `/care/referrals/${row.referralId}?notice=saved#mediators` : '/care', 303);
  });

  // ---- The agency's inbox ------------------------------------------------------------------------------------

  /** The agency the caller acts for here: the one asked for, else their first; 404 for anyone who is no agency's. */
  const agencyOf = async (req: FastifyRequest, asked: string) => {
    const agencies = await agencyOrganisations(db(), req.principal!);
    const organisation = asked ? agencies.find((a) => a.id === asked) : agencies[0];
    if (!organisation) throw new HttpError(404, 'error.404.body');
    return { agencies, organisation };
  };

  const inboxPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    asked: string,
    extra: { filters?: AgencyInboxFilters; page?: number; notice?: 'accepted' | 'declined' | null; values?: FormValues; errors?: FieldErrors } = {},
    status = 200,
  ) => {
    const { agencies, organisation } = await agencyOf(req, asked);
    const filters = extra.filters ?? { status: 'open', language: '' };
    const page = extra.page ?? 1;
    const list = await agencyRequests(db(), actor(req), organisation.id, { status: filters.status, language: filters.language || undefined, page, pageSize: PAGE_SIZE });
    if (!list.ok) throw new HttpError(404, 'error.404.body');
    const org = await getOrganisation(db(), organisation.id);
    const timeZone = await zoneOf(org?.regionId ?? null);
    const f = new Intl.DateTimeFormat(req.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    return reply.page(
      h(AgencyInboxPage, {
        agencies,
        organisation,
        filters,
        rows: list.rows,
        total: list.total,
        page,
        pageSize: PAGE_SIZE,
        timeZone: timeZone.replace(/_/g, ' '),
        formatInZone: (d: Date) => f.format(d),
        notice: extra.notice ?? null,
        values: extra.values,
        errors: extra.errors,
      }),
      { status },
    );
  };

  app.get(AGENCY_INBOX_PATH, agencyUsers, async (req, reply) => {
    const qs = q(req);
    const asked = str(qs.organisation, 40);
    const st = str(qs.status, 20);
    const notice = str(qs.notice, 20);
    // Someone who acts for no agency learns so, rather than a bare "not found" on a page linked from their menu.
    if (!asked && !(await agencyOrganisations(db(), req.principal!)).length) return reply.page(h(NotAnAgencyPage, {}));
    return inboxPage(req, reply, uuid.safeParse(asked).success ? asked : '', {
      filters: { status: st === 'booked' || st === 'declined' ? st : 'open', language: str(qs.language, 35).trim() },
      page: pageParam(qs.page),
      notice: notice === 'accepted' || notice === 'declined' ? notice : null,
    });
  });

  /** The agency named in an answer's form, checked against the caller's agencies (404 otherwise). */
  const answeringAgency = async (req: FastifyRequest) => {
    const organisationId = str(bodyOf(req).organisationId, 40);
    if (!uuid.safeParse(organisationId).success) throw new HttpError(404, 'error.404.body');
    return (await agencyOf(req, organisationId)).organisation.id;
  };
  const backToInbox = (organisationId: string, notice: string) => `${AGENCY_INBOX_PATH}?organisation=${organisationId}&notice=${notice}`;

  app.post(`${AGENCY_INBOX_PATH}/:id/accept`, agencyUsers, async (req, reply) => {
    const id = idParam(req);
    const organisationId = await answeringAgency(req);
    const mediatorName = str(bodyOf(req).mediatorName, MEDIATOR_NAME_INPUT);
    const r = await acceptMediatorRequest(db(), actor(req), id, { organisationId, mediatorName });
    if (r.ok) return reply.redirect(backToInbox(organisationId, 'accepted'), 303);
    if (r.error === 'not-found') throw new HttpError(404, 'error.404.body');
    if (r.error === 'invalid-mediator') return inboxPage(req, reply, organisationId, { values: { requestId: id, mediatorName }, errors: { [`mediatorName-${id}`]: 'care.mediators.error.invalid-mediator' } }, 400);
    // Someone else got there first, or the requester moved on: the inbox as it now stands, saying so.
    return inboxPage(req, reply, organisationId, { errors: { _form: `care.mediators.error.${r.error}` } }, TOO_LATE.has(r.error) ? 409 : 400);
  });

  app.post(`${AGENCY_INBOX_PATH}/:id/decline`, agencyUsers, async (req, reply) => {
    const id = idParam(req);
    const organisationId = await answeringAgency(req);
    const r = await declineMediatorRequest(db(), actor(req), id, organisationId);
    if (r.ok) return reply.redirect(backToInbox(organisationId, 'declined'), 303);
    if (r.error === 'not-found') throw new HttpError(404, 'error.404.body');
    return inboxPage(req, reply, organisationId, { errors: { _form: `care.mediators.error.${r.error}` } }, 409);
  });
}
