import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { h } from 'preact';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.js';
import { pageParam, type FormValues } from '../../platform/http/forms.js';
import { regionTimeZone, zonedTimeToInstant } from '../../platform/i18n/time-zones.js';
import { getOrganisation, listRegions } from '../../platform/identity/organisations.js';
import type { Platform } from '../../platform/platform.js';
import { regions } from '../../platform/schema.js';
import type { FieldErrors } from '../../platform/ui/components.js';
import { getService, listServiceTypes, searchServices } from '../directory/service.js';
import { careOrganisations, type CareActor } from './access.js';
import { careCipher } from './crypto.js';
import { referralBundle, validateFhir } from './fhir.js';
import { textIn } from './instruments.js';
import {
  addMessage,
  createReferral,
  deleteDraft,
  getReferral,
  inbox,
  listMessages,
  listUrgencyTargets,
  REFERRAL_ACTIONS,
  sentReferrals,
  setUrgencyTargets,
  transition,
  updateDraft,
  type ReferralAction,
  type ReferralFilters,
  type ReferralView,
} from './referrals.js';
import { activeConsent, getResident } from './residents.js';
import { REFERRAL_STATUSES, URGENCIES, type Urgency } from './schema.js';
import { listScreenings } from './screenings.js';
import { requestsForReferral } from './mediators.js';
import { MediatorSection } from './views/mediators.js';
import { NewReferralPage, ReferralListPage, ReferralPage, TargetsPage, type ServiceChoice } from './views/referrals.js';
import { contentDisposition } from '../../platform/storage.js';

/** Fields of the referral form that a refusal of the service points at. */
const CREATE_FIELDS: Record<string, string> = {
  'reason-required': 'reason',
  'too-long': 'reason',
  'invalid-urgency': 'urgency',
  'invalid-language': 'mediatorLanguage',
  'invalid-screening': 'screeningId',
  'invalid-consent': '_form',
  'not-on-ponte': 'serviceId',
  'resident-closed': '_form',
};
/** Which field of an action's form a refusal points at. */
const ACTION_FIELDS: Record<string, string> = {
  'reason-required': 'reason',
  'invalid-reason': 'reason',
  'outcome-required': 'outcome',
  'invalid-outcome': 'outcome',
  'note-required': 'note',
  'too-long': 'note',
  'appointment-required': 'appointmentAt',
  'invalid-appointment': 'appointmentAt',
  'appointment-in-past': 'appointmentAt',
  'appointment-too-far': 'appointmentAt',
  'override-reason-too-short': 'overrideReason',
};
const PAGE_SIZE = 25;

export function referralRoutes(app: FastifyInstance, p: Platform) {
  const db = () => p.database.db;
  const cipher = careCipher(p.config);
  const operators = { config: { access: { roles: ['care-operator'] as const } } };
  const clinicians = { config: { access: { roles: ['care-clinician'] as const } } };
  const bothSides = { config: { access: { roles: ['care-operator', 'care-clinician'] as const } } };
  const targetsAccess = { config: { access: { roles: ['network-coordinator'] as const } } };
  const uuid = z.string().uuid();
  const params = (req: FastifyRequest) => req.params as Record<string, string>;
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  const str = (v: unknown, max = 200) => (typeof v === 'string' ? v.slice(0, max) : '');
  const actor = (req: FastifyRequest): CareActor => ({ principal: req.principal!, requestId: req.id });
  const idParam = (req: FastifyRequest, name = 'id') => {
    const v = params(req)[name];
    if (!uuid.safeParse(v).success) throw new HttpError(404, 'error.404.body');
    return v!;
  };

  const zoneOf = async (regionId: string | null) => {
    if (!regionId) return 'Europe/Rome';
    const [r] = await db().select({ country: regions.country, code: regions.code }).from(regions).where(eq(regions.id, regionId));
    return r ? regionTimeZone(r.country, r.code) : 'Europe/Rome';
  };

  // ---- A new referral, from the resident's record; a draft edited ------------------------------------------

  /** The referral form: for a new referral of `residentId`, or for the draft `draftId` of that resident. */
  const referralFormPage = async (req: FastifyRequest, reply: FastifyReply, form: { residentId: string; draftId?: string }, values: FormValues, errors: FieldErrors, status: number) => {
    const found = await db().transaction((tx) => getResident(tx, cipher, actor(req), form.residentId));
    if (!found || found.basis !== 'own-organisation') throw new HttpError(404, 'error.404.body');
    const r = found.resident;
    const centre = await getOrganisation(db(), r.organisationId);
    const qs = q(req);
    const search = { q: str(qs.q, 100).trim(), typeCode: str(qs.type, 60), everywhere: qs.where === 'everywhere' };
    const [types, screenings, targetRows] = await Promise.all([listServiceTypes(db()), listScreenings(db(), actor(req), r.id), listUrgencyTargets(db(), centre?.regionId ?? '')]);
    const typeCode = types.some((x) => x.code === search.typeCode) ? search.typeCode : '';
    const found2 = await searchServices(db(), { q: search.q || undefined, typeCode: typeCode || undefined, regionId: search.everywhere ? undefined : (centre?.regionId ?? undefined), onPonte: true, acceptsReferrals: true }, 1, 30, 1000);
    const services: ServiceChoice[] = found2.items.map((s) => ({ id: s.id, name: s.name, organization: s.organization, places: s.places, waitingDays: s.waitingDays, mediationLanguages: s.mediationLanguages }));
    // The service chosen before (a draft's, or a form sent back with errors) stays on offer whatever the search.
    if (values.serviceId && uuid.safeParse(values.serviceId).success && !services.some((s) => s.id === values.serviceId)) {
      const chosen = await getService(db(), values.serviceId);
      if (chosen)
        services.unshift({
          id: chosen.service.id,
          name: chosen.service.name,
          organization: chosen.organization.name,
          places: [...new Set(chosen.locations.map((l) => l.location.city).filter((c): c is string => !!c))],
          waitingDays: chosen.service.waitingDays,
          mediationLanguages: chosen.service.mediationLanguages,
        });
    }
    return reply.page(
      h(NewReferralPage, {
        resident: { id: r.id, caseCode: r.caseCode, languages: r.languages, mediatorNeeded: r.mediatorNeeded },
        draftId: form.draftId ?? null,
        search: { ...search, typeCode },
        types,
        services,
        screenings: screenings.ok ? screenings.screenings.filter((s) => s.status === 'completed').map((s) => ({ id: s.id, label: `${textIn(s.instrumentTitle, req.locale)} · ${s.score ?? '—'} · ${s.completedAt?.toISOString().slice(0, 10) ?? ''}` })) : [],
        targets: URGENCIES.map((u) => ({ urgency: u, targetHours: targetRows.find((x) => x.urgency === u)?.targetHours ?? 0 })),
        values,
        errors,
      }),
      { status },
    );
  };

  /** The form's fields as sent, and the first error that needs no database to find. */
  const referralForm = (req: FastifyRequest): { values: FormValues; errors: FieldErrors } => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: FormValues = { serviceId: str(body.serviceId, 40), urgency: str(body.urgency, 20), reason: str(body.reason, 4100), screeningId: str(body.screeningId, 40), mediatorLanguage: str(body.mediatorLanguage, 20).trim() };
    if (!uuid.safeParse(values.serviceId).success) return { values, errors: { serviceId: 'care.referral.errors.chooseService' } };
    if (!(URGENCIES as readonly string[]).includes(values.urgency!)) return { values, errors: { urgency: 'errors.choose' } };
    if (values.screeningId && !uuid.safeParse(values.screeningId).success) return { values, errors: { screeningId: 'errors.choose' } };
    return { values, errors: {} };
  };
  const referralInput = (values: FormValues) => ({ serviceId: values.serviceId!, reason: values.reason!, urgency: values.urgency as Urgency, screeningId: values.screeningId || null, mediatorLanguage: values.mediatorLanguage || null });

  app.get('/care/residents/:id/referrals/new', operators, async (req, reply) => {
    const screening = str(q(req).screening, 40);
    return referralFormPage(req, reply, { residentId: idParam(req) }, { screeningId: uuid.safeParse(screening).success ? screening : '' }, {}, 200);
  });

  app.post('/care/residents/:id/referrals', operators, async (req, reply) => {
    const id = idParam(req);
    const { values, errors } = referralForm(req);
    if (Object.keys(errors).length) return referralFormPage(req, reply, { residentId: id }, values, errors, 400);
    const r = await db().transaction((tx) => createReferral(tx, cipher, actor(req), id, referralInput(values)));
    if (!r.ok && (r.error === 'not-found' || r.error === 'forbidden')) throw new HttpError(404, 'error.404.body');
    if (!r.ok) return referralFormPage(req, reply, { residentId: id }, values, { [r.field ?? CREATE_FIELDS[r.error] ?? '_form']: `care.referral.errors.${r.error}` }, 400);
    return reply.redirect(`/care/referrals/${r.id}?notice=draft`, 303);
  });

  /** A draft the reader sent (or is sending) and may still change: its view, else 404; 409 once it has left. */
  const draftOf = async (req: FastifyRequest, id: string) => {
    const view = await viewOf(req, id);
    if (view.side !== 'sender' || !view.resident.id) throw new HttpError(404, 'error.404.body');
    if (view.status !== 'draft') throw new HttpError(409, 'care.referral.errors.invalid-transition');
    return view as ReferralView & { resident: { id: string } };
  };

  app.get('/care/referrals/:id/edit', operators, async (req, reply) => {
    const view = await draftOf(req, idParam(req));
    const values: FormValues = { serviceId: view.serviceId ?? '', urgency: view.urgency, reason: view.reason ?? '', screeningId: view.screening?.id ?? '', mediatorLanguage: view.mediatorLanguage ?? '' };
    return referralFormPage(req, reply, { residentId: view.resident.id, draftId: view.id }, values, {}, 200);
  });

  app.post('/care/referrals/:id/edit', operators, async (req, reply) => {
    const view = await draftOf(req, idParam(req));
    const form = { residentId: view.resident.id, draftId: view.id };
    const { values, errors } = referralForm(req);
    if (Object.keys(errors).length) return referralFormPage(req, reply, form, values, errors, 400);
    const r = await updateDraft(db(), cipher, actor(req), view.id, referralInput(values));
    if (!r.ok && (r.error === 'not-found' || r.error === 'forbidden')) throw new HttpError(404, 'error.404.body');
    if (!r.ok && r.error === 'invalid-transition') throw new HttpError(409, 'care.referral.errors.invalid-transition');
    if (!r.ok) return referralFormPage(req, reply, form, values, { [r.field ?? CREATE_FIELDS[r.error] ?? '_form']: `care.referral.errors.${r.error}` }, 400);
    return reply.redirect(`/care/referrals/${view.id}?notice=saved`, 303);
  });

  // ---- One referral, for either side ------------------------------------------------------------------------

  const referralPage = async (req: FastifyRequest, reply: FastifyReply, view: ReferralView, extra: { values?: FormValues; errors?: FieldErrors } = {}, status = 200) => {
    const [messages, timeZone, mediators] = await Promise.all([
      view.status === 'draft' ? Promise.resolve([]) : listMessages(db(), cipher, actor(req), view.id),
      zoneOf(view.regionId),
      view.status === 'draft' ? Promise.resolve(null) : requestsForReferral(db(), actor(req), view.id),
    ]);
    const consent = view.resident.id && view.side === 'sender' ? await activeConsent(db(), view.resident.id, 'sharing', view.toOrganisation.id) : null;
    const f = new Intl.DateTimeFormat(req.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    const notice = str(q(req).notice, 30);
    return reply.page(
      h(ReferralPage, {
        view,
        messages: messages ?? [],
        timeZone: timeZone.replace(/_/g, ' '),
        formatInZone: (d: Date) => f.format(d),
        hasConsent: !!consent,
        children: mediators?.ok
          ? h(MediatorSection, { referralId: view.id, requests: mediators.requests, canRequest: view.side !== 'break-glass' && !['rejected', 'cancelled', 'failed', 'completed'].includes(view.status), formatInZone: (d: Date) => f.format(d) })
          : null,
        notice: ['draft', 'sent', 'saved', 'message', 'deleted'].includes(notice) ? `referral-${notice}` : null,
        ...extra,
      }),
      { status },
    );
  };

  const viewOf = async (req: FastifyRequest, id: string) => {
    const view = await db().transaction((tx) => getReferral(tx, cipher, actor(req), id));
    if (!view) throw new HttpError(404, 'error.404.body');
    return view;
  };

  app.get('/care/referrals/:id', bothSides, async (req, reply) => referralPage(req, reply, await viewOf(req, idParam(req))));

  app.post('/care/referrals/:id/actions', bothSides, async (req, reply) => {
    const id = idParam(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const action = str(body.action, 20) as ReferralAction;
    if (!(REFERRAL_ACTIONS as readonly string[]).includes(action)) throw new HttpError(400, 'errors.choose');
    const values: FormValues = { action, reason: str(body.reason, 60), outcome: str(body.outcome, 60), appointmentAt: str(body.appointmentAt, 20), note: str(body.note, 2100), overrideReason: str(body.overrideReason, 2100) };
    let appointmentAt: Date | null = null;
    if (action === 'schedule') {
      const view = await viewOf(req, id);
      appointmentAt = values.appointmentAt ? zonedTimeToInstant(values.appointmentAt, await zoneOf(view.regionId)) : null;
      if (!appointmentAt) return referralPage(req, reply, view, { values, errors: { appointmentAt: values.appointmentAt ? 'errors.dateTime' : 'errors.required' } }, 400);
    }
    const r = await transition(p, db(), cipher, actor(req), id, action, { reason: values.reason || null, outcome: values.outcome || null, appointmentAt, note: values.note || null, overrideReason: values.overrideReason || null });
    if (!r.ok && r.error === 'not-found') throw new HttpError(404, 'error.404.body');
    if (!r.ok && r.error === 'forbidden') throw new HttpError(403, 'error.403.body');
    if (!r.ok) {
      const field = r.field ?? ACTION_FIELDS[r.error] ?? '_form';
      return referralPage(req, reply, await viewOf(req, id), { values, errors: { [field]: `care.referral.errors.${r.error}` } }, r.error === 'invalid-transition' ? 409 : 400);
    }
    return reply.redirect(`/care/referrals/${id}?notice=${action === 'send' ? 'sent' : 'saved'}`, 303);
  });

  app.post('/care/referrals/:id/messages', bothSides, async (req, reply) => {
    const id = idParam(req);
    const body = str((req.body as Record<string, unknown>)?.body, 4100);
    const r = await addMessage(p, db(), cipher, actor(req), id, body);
    if (!r.ok && r.error === 'not-found') throw new HttpError(404, 'error.404.body');
    if (!r.ok && r.error === 'forbidden') throw new HttpError(403, 'error.403.body');
    if (!r.ok) return referralPage(req, reply, await viewOf(req, id), { values: { body }, errors: { body: `care.referral.errors.${r.error}` } }, r.error === 'invalid-transition' ? 409 : 400);
    return reply.redirect(`/care/referrals/${id}?notice=message#referral-thread`, 303);
  });

  app.post('/care/referrals/:id/delete', operators, async (req, reply) => {
    const id = idParam(req);
    const view = await viewOf(req, id);
    const r = await db().transaction((tx) => deleteDraft(tx, actor(req), id));
    if (!r.ok && r.error === 'not-found') throw new HttpError(404, 'error.404.body');
    if (!r.ok) throw new HttpError(409, 'care.referral.errors.invalid-transition');
    return reply.redirect(`/care/residents/${view.resident.id}?notice=referral-deleted#resident-referrals`, 303);
  });

  app.get('/care/referrals/:id/fhir.json', bothSides, async (req, reply) => {
    const r = await db().transaction((tx) => referralBundle(tx, cipher, actor(req), idParam(req), p.config.publicUrl));
    if (!r.ok) throw new HttpError(404, 'error.404.body');
    // Only a bundle that validates leaves: a broken export is a bug to fix, not a file to send on.
    const checked = validateFhir(r.bundle);
    if (!checked.valid) throw new Error(`invalid FHIR bundle: ${checked.errors.slice(0, 3).join('; ')}`);
    return reply
      .type('application/fhir+json; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `referral-${idParam(req)}.json`))
      .header('cache-control', 'no-store')
      .send(JSON.stringify(r.bundle, null, 2));
  });

  // ---- Lists: the receiving service's inbox, the centre's sent referrals ---------------------------------

  const filtersOf = (req: FastifyRequest, kind: 'inbox' | 'sent'): { filters: ReferralFilters; values: FormValues } => {
    const qs = q(req);
    const status = str(qs.status, 20);
    const urgency = str(qs.urgency, 20);
    const values: FormValues = { status, urgency, overdue: qs.overdue === 'yes' ? 'yes' : '', q: str(qs.q, 40).trim() };
    const statuses = ['open', 'closed', 'all', ...REFERRAL_STATUSES.filter((s) => kind === 'sent' || s !== 'draft')];
    return {
      values,
      filters: {
        status: statuses.includes(status) ? (status as ReferralFilters['status']) : kind === 'inbox' ? 'open' : 'all',
        urgency: (URGENCIES as readonly string[]).includes(urgency) ? (urgency as Urgency) : undefined,
        overdue: values.overdue === 'yes',
        q: values.q || undefined,
        page: pageParam(qs.page),
        pageSize: PAGE_SIZE,
      },
    };
  };

  const listPage = async (req: FastifyRequest, reply: FastifyReply, kind: 'inbox' | 'sent') => {
    const orgId = idParam(req);
    const role = kind === 'inbox' ? 'care-clinician' : 'care-operator';
    if (!careOrganisations(req.principal, role).includes(orgId)) throw new HttpError(404, 'error.404.body');
    const organisation = await getOrganisation(db(), orgId);
    if (!organisation) throw new HttpError(404, 'error.404.body');
    const { filters, values } = filtersOf(req, kind);
    const list = await db().transaction((tx) => (kind === 'inbox' ? inbox(tx, actor(req), orgId, filters) : sentReferrals(tx, actor(req), orgId, filters)));
    if (!list) throw new HttpError(404, 'error.404.body');
    return reply.page(h(ReferralListPage, { kind, organisation: { id: organisation.id, name: organisation.name }, list, filters: values }));
  };

  app.get('/care/services/:id/inbox', clinicians, async (req, reply) => listPage(req, reply, 'inbox'));
  app.get('/care/centres/:id/referrals', operators, async (req, reply) => listPage(req, reply, 'sent'));

  // ---- Target times, per region ---------------------------------------------------------------------------

  /** Administrators set any region's targets; a network coordinator, those of the regions of their organisations. */
  const regionsFor = async (req: FastifyRequest) => {
    const all = await listRegions(db());
    if (req.principal!.roles.some((g) => g.role === 'administrator')) return all;
    const orgs = await Promise.all(req.principal!.roles.filter((g) => g.role === 'network-coordinator' && g.organisationId).map((g) => getOrganisation(db(), g.organisationId!)));
    const ids = new Set(orgs.map((o) => o?.regionId).filter(Boolean));
    return all.filter((r) => ids.has(r.id));
  };

  const targetsPage = async (req: FastifyRequest, reply: FastifyReply, regionId: string | null, extra: { values?: FormValues; errors?: FieldErrors; notice?: string | null } = {}, status = 200) => {
    const allowed = await regionsFor(req);
    const region = allowed.find((r) => r.id === regionId) ?? allowed[0];
    if (regionId && !allowed.some((r) => r.id === regionId)) throw new HttpError(404, 'error.404.body');
    if (!region) return reply.page(h(TargetsPage, { regions: [], regionId: '', targets: [], ...extra }), { status });
    return reply.page(h(TargetsPage, { regions: allowed.map((r) => ({ id: r.id, name: r.name })), regionId: region.id, targets: await listUrgencyTargets(db(), region.id), ...extra }), { status });
  };

  app.get('/care/settings/targets', targetsAccess, async (req, reply) => {
    const region = str(q(req).region, 40);
    return targetsPage(req, reply, uuid.safeParse(region).success ? region : null, { notice: q(req).notice === 'saved' ? 'saved' : null });
  });

  app.post('/care/settings/targets/:id', targetsAccess, async (req, reply) => {
    const regionId = idParam(req);
    if (!(await regionsFor(req)).some((r) => r.id === regionId)) throw new HttpError(404, 'error.404.body');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: FormValues = Object.fromEntries(URGENCIES.map((u) => [u, str(body[u], 12).trim()]));
    const bad = URGENCIES.filter((u) => !/^\d{1,6}$/.test(values[u]!));
    if (bad.length) return targetsPage(req, reply, regionId, { values, errors: Object.fromEntries(bad.map((u) => [u, 'care.referral.targets.errors.whole-hours'])) }, 400);
    const r = await setUrgencyTargets(db(), actor(req), regionId, Object.fromEntries(URGENCIES.map((u) => [u, Number(values[u])])) as Record<Urgency, number>);
    if (!r.ok && r.error === 'not-found') throw new HttpError(404, 'error.404.body');
    if (!r.ok) return targetsPage(req, reply, regionId, { values, errors: Object.fromEntries(Object.entries(r.fields).map(([u, k]) => [u, `care.referral.targets.errors.${k}`])) }, 400);
    return reply.redirect(`/care/settings/targets?region=${regionId}&notice=saved`, 303);
  });
}
