import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import type { Module } from '../../platform/http/app.js';
import { HttpError } from '../../platform/http/errors.js';
import { checkbox, email, pageParam, parseForm, repeated, text, type FormValues } from '../../platform/http/forms.js';
import { getOrganisation } from '../../platform/identity/organisations.js';
import { onRoleChange } from '../../platform/identity/role-changes.js';
import { CARE_ROLES } from '../../platform/access.js';
import { onAccessRefused } from '../../platform/access-refusals.js';
import { findUserByEmail } from '../../platform/identity/users.js';
import { passwordConfirms } from '../../platform/identity/reauth.js';
import { isLocale } from '../../platform/i18n/index.js';
import { addNav, type Platform } from '../../platform/platform.js';
import type { FieldErrors } from '../../platform/ui/components.js';
import { organisationsOnPonte } from '../directory/service.js';
import { careOrganisations, dataProtectionScope, type CareActor } from './access.js';
import { careCipher } from './crypto.js';
import {
  breakGlass,
  breakGlassGrantsFor,
  careAuditTrail,
  consentsOf,
  createResident,
  getResident,
  listResidents,
  residentIdsByCaseCode,
  listVulnerabilityCategories,
  operatorOrganisations,
  recordCareRoleChange,
  recordConsent,
  saveVulnerabilityCategory,
  setResidentStatus,
  updateResident,
  withdrawConsent,
  type ResidentInput,
  type ResidentView,
} from './residents.js';
import { applyRetention, RETENTION_QUEUE } from './retention.js';
import { ANOMALY_QUEUE, detectCareAnomalies } from './anomalies.js';
import { eraseAtRequest, exportResidentData } from './subject-rights.js';
import { screeningRoutes } from './screening-routes.js';
import { referralRoutes } from './referral-routes.js';
import { residentReferrals } from './referrals.js';
import { agencyOrganisations, closeUnfilledRequests, UNFILLED_QUEUE } from './mediators.js';
import { mediatorRoutes } from './mediator-routes.js';
import { indicatorRoutes } from './indicator-routes.js';
import { ReferralsSection } from './views/referrals.js';
import { listScreenings } from './screenings.js';
import { ScreeningsSection } from './views/screenings.js';
import { careAudit, CONSENT_PURPOSES, RESIDENT_GENDERS, WITHDRAWAL_CHANNELS } from './schema.js';
import { AuditPage, BreakGlassPage, CareHomePage, ResidentFormPage, ResidentPage, ResidentsPage, VulnerabilitiesPage } from './views/residents.js';
import { contentDisposition } from '../../platform/storage.js';

/** Notices the care pages show after an action (`?notice=`). */
export const CARE_NOTICES = ['saved', 'created', 'imported', 'erased', 'consent-recorded', 'consent-withdrawn', 'closed', 'reopened', 'break-glass', 'referral-draft', 'referral-sent', 'referral-saved', 'referral-message', 'referral-deleted'] as const;
const PAGE_SIZE = 25;
const uuid = z.string().uuid();
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Roles that reach some part of the care pages; each page narrows further, on the server. */
export const CARE_PAGE_ROLES = ['care-operator', 'care-clinician', 'network-coordinator', 'data-protection', 'mediation-agency'] as const;

export const careModule: Module = {
  name: 'care',
  setup(p) {
    onRoleChange(p, 'care', recordCareRoleChange);
    // A care route refused to an account without the role (403) is in the care trail too, where the anomaly job counts refusals.
    onAccessRefused(p, 'care', async (db, r) => {
      if (!r.roles.some((role) => CARE_ROLES.includes(role))) return;
      await db.insert(careAudit).values({ actorId: r.userId, action: 'route.refused', access: r.method === 'GET' || r.method === 'HEAD' ? 'read' : 'write', basis: 'none', outcome: 'denied', requestId: r.requestId });
    });
    p.jobs.define({ name: RETENTION_QUEUE, schedule: '23 3 * * *', retryLimit: 3, handler: async () => void (await applyRetention(p.database.db, p.config)) });
    p.jobs.define({ name: ANOMALY_QUEUE, schedule: '*/5 * * * *', retryLimit: 1, handler: async () => void (await detectCareAnomalies(p)) });
    p.jobs.define({ name: UNFILLED_QUEUE, schedule: '*/15 * * * *', retryLimit: 3, handler: async () => void (await closeUnfilledRequests(p.database.db)) });
  },
  routes(app, p) {
    addNav(p.navigation.account, { href: '/care', labelKey: 'care.title', role: CARE_PAGE_ROLES });
    careRoutes(app, p);
    screeningRoutes(app, p);
    referralRoutes(app, p);
    mediatorRoutes(app, p);
    indicatorRoutes(app, p);
  },
};

const residentSchema = z.object({
  caseCode: text({ max: 40 }),
  name: text({ max: 200, required: false }),
  birthYear: text({ max: 4, required: false }).refine((v) => v === '' || /^\d{4}$/.test(v), 'care.errors.birthYear'),
  gender: z.enum(RESIDENT_GENDERS, { message: 'errors.choose' }),
  countryOfOrigin: text({ max: 2, required: false }),
  languages: text({ max: 100, required: false }),
  mediatorNeeded: checkbox(),
  arrivalDate: text({ max: 10, required: false }).refine((v) => v === '' || DAY.test(v), 'errors.date'),
});

const consentSchema = z.object({
  purpose: z.enum(CONSENT_PURPOSES, { message: 'errors.choose' }),
  recipientOrganisationId: text({ max: 36, required: false }),
  givenOn: text({ max: 10 }).refine((v) => DAY.test(v), 'errors.date'),
  language: text({ max: 20 }),
  mediatorPresent: checkbox(),
});

/** "ar, ti , prs" → ["ar", "ti", "prs"]; the service checks each tag. */
const languageList = (v: string) => [...new Set(v.split(/[\s,;]+/).filter(Boolean))];

function careRoutes(app: FastifyInstance, p: Platform) {
  const db = () => p.database.db;
  const cipher = careCipher(p.config);
  const roles = (list: readonly string[]) => ({ config: { access: { roles: list as never } } });
  const operators = roles(['care-operator']);
  const anyCare = roles(CARE_PAGE_ROLES);
  const admins = roles(['administrator']);
  const params = (req: FastifyRequest) => req.params as Record<string, string>;
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const actor = (req: FastifyRequest): CareActor => ({ principal: req.principal!, requestId: req.id });
  const noticeOf = (req: FastifyRequest) => ((CARE_NOTICES as readonly unknown[]).includes(q(req).notice) ? (q(req).notice as string) : null);
  const idParam = (req: FastifyRequest, name = 'id') => {
    const v = params(req)[name];
    if (!uuid.safeParse(v).success) throw new HttpError(404, 'error.404.body');
    return v!;
  };
  /** Runs the audited work in one transaction and only then answers 404 for a record the caller may not open, so the denial stays on record. */
  const orNotFound = <T>(v: T | null | undefined): T => {
    if (v === null || v === undefined) throw new HttpError(404, 'error.404.body');
    return v;
  };

  app.get('/care', anyCare, async (req, reply) => {
    const pr = req.principal!;
    const organisationsById = async (ids: string[]) => (await Promise.all(ids.map((id) => getOrganisation(db(), id)))).filter((o) => o !== null).map((o) => ({ id: o!.id, name: o!.name }));
    return reply.page(
      h(CareHomePage, {
        centres: await operatorOrganisations(db(), actor(req)),
        services: await organisationsById(careOrganisations(pr, 'care-clinician')),
        agencies: await agencyOrganisations(db(), pr),
        indicators: pr.roles.some((g) => g.role === 'network-coordinator' || g.role === 'data-protection' || g.role === 'administrator'),
        targets: pr.roles.some((g) => g.role === 'network-coordinator' || g.role === 'administrator'),
        audit: pr.roles.some((g) => g.role === 'data-protection' || g.role === 'administrator'),
        administrator: pr.roles.some((g) => g.role === 'administrator'),
        notice: noticeOf(req),
      }),
    );
  });

  // ---- Residents -------------------------------------------------------------------------------------

  const centreOf = async (req: FastifyRequest) => {
    const id = idParam(req);
    if (!careOrganisations(req.principal, 'care-operator').includes(id)) throw new HttpError(404, 'error.404.body');
    const o = await getOrganisation(db(), id);
    if (!o) throw new HttpError(404, 'error.404.body');
    return { id: o.id, name: o.name };
  };

  app.get('/care/centres/:id/residents', operators, async (req, reply) => {
    const centre = await centreOf(req);
    const qs = q(req);
    const status = qs.status === 'open' || qs.status === 'closed' ? qs.status : undefined;
    const search = str(qs.q).trim().slice(0, 40);
    const page = pageParam(qs.page);
    const list = orNotFound(await db().transaction((tx) => listResidents(tx, cipher, actor(req), centre.id, { q: search || undefined, status, page, pageSize: PAGE_SIZE })));
    return reply.page(h(ResidentsPage, { centre, rows: list.rows, total: list.total, page, pageSize: PAGE_SIZE, q: search, status: status ?? '', notice: noticeOf(req) }));
  });

  const residentInput = (d: z.infer<typeof residentSchema>, body: unknown): ResidentInput => ({
    caseCode: d.caseCode,
    name: d.name,
    birthYear: d.birthYear ? Number(d.birthYear) : null,
    gender: d.gender,
    countryOfOrigin: d.countryOfOrigin ? d.countryOfOrigin.toUpperCase() : null,
    languages: languageList(d.languages),
    mediatorNeeded: d.mediatorNeeded,
    arrivalDate: d.arrivalDate || null,
    vulnerabilities: repeated((body as Record<string, unknown>)?.vulnerabilities).slice(0, 50),
  });

  const residentForm = async (reply: FastifyReply, centre: { id: string; name: string }, values: FormValues, vulnerabilities: string[], errors: FieldErrors, residentId?: string, status = 400) =>
    reply.page(h(ResidentFormPage, { centre, residentId, categories: await listVulnerabilityCategories(db(), { includeRetired: true }), values, vulnerabilities, errors }), { status });
  const ticked = (req: FastifyRequest) => repeated((req.body as Record<string, unknown>)?.vulnerabilities);

  app.get('/care/centres/:id/residents/new', operators, async (req, reply) => residentForm(reply, await centreOf(req), { gender: 'undisclosed' }, [], {}, undefined, 200));

  app.post('/care/centres/:id/residents/new', operators, async (req, reply) => {
    const centre = await centreOf(req);
    const form = parseForm(residentSchema, req.body);
    if (!form.ok) return residentForm(reply, centre, form.values, ticked(req), form.errors);
    const r = await db().transaction((tx) => createResident(tx, cipher, actor(req), centre.id, residentInput(form.data, req.body)));
    if (!r.ok) return residentForm(reply, centre, form.values, ticked(req), { [r.field ?? '_form']: r.error });
    return reply.redirect(`/care/residents/${r.id}?notice=created`, 303);
  });

  /** The resident page, with the forms that come back with errors. */
  const residentPage = async (req: FastifyRequest, reply: FastifyReply, resident: ResidentView, basis: Awaited<ReturnType<typeof getResident>> extends infer R ? (R extends { basis: infer B } ? B : never) : never, extra: { consentValues?: FormValues; consentErrors?: FieldErrors; eraseError?: string } = {}, status = 200) => {
    const centre = await getOrganisation(db(), resident.organisationId);
    const screenings = await listScreenings(db(), actor(req), resident.id);
    const referrals = await db().transaction((tx) => residentReferrals(tx, actor(req), resident.id));
    const own = basis === 'own-organisation';
    const open = own && resident.status === 'open' && !resident.anonymisedAt;
    return reply.page(
      h(ResidentPage, {
        resident,
        basis,
        centre: { id: centre!.id, name: centre!.name },
        categories: await listVulnerabilityCategories(db(), { includeRetired: true }),
        consents: await consentsOf(db(), resident.id),
        recipients: basis === 'own-organisation' ? await organisationsOnPonte(db()) : [],
        notice: noticeOf(req),
        ...extra,
        children: [
          h(ScreeningsSection, { residentId: resident.id, screenings: screenings.ok ? screenings.screenings : [], canStart: open }),
          h(ReferralsSection, { residentId: resident.id, rows: referrals ?? [], canRefer: open }),
        ],
      }),
      { status },
    );
  };

  app.get('/care/residents/:id', anyCare, async (req, reply) => {
    const id = idParam(req);
    const found = orNotFound(await db().transaction((tx) => getResident(tx, cipher, actor(req), id)));
    return residentPage(req, reply, found.resident, found.basis);
  });

  app.get('/care/residents/:id/edit', operators, async (req, reply) => {
    const id = idParam(req);
    const found = orNotFound(await db().transaction((tx) => getResident(tx, cipher, actor(req), id)));
    if (found.basis !== 'own-organisation' || found.resident.anonymisedAt) throw new HttpError(404, 'error.404.body');
    const r = found.resident;
    const centre = (await getOrganisation(db(), r.organisationId))!;
    return residentForm(
      reply,
      { id: centre.id, name: centre.name },
      {
        caseCode: r.caseCode,
        name: r.name ?? '',
        birthYear: r.birthYear ? String(r.birthYear) : '',
        gender: r.gender,
        countryOfOrigin: r.countryOfOrigin ?? '',
        languages: r.languages.join(', '),
        mediatorNeeded: r.mediatorNeeded ? 'on' : '',
        arrivalDate: r.arrivalDate ?? '',
      },
      r.vulnerabilities,
      {},
      r.id,
      200,
    );
  });

  app.post('/care/residents/:id/edit', operators, async (req, reply) => {
    const id = idParam(req);
    const form = parseForm(residentSchema, req.body);
    const result = await db().transaction(async (tx) => {
      const found = await getResident(tx, cipher, actor(req), id);
      if (!found || found.basis !== 'own-organisation') return null;
      if (!form.ok) return { found, r: { ok: false as const, error: '', errors: form.errors } };
      const r = await updateResident(tx, cipher, actor(req), id, residentInput(form.data, req.body));
      return { found, r: r.ok ? r : { ok: false as const, error: r.error, errors: { [r.field ?? '_form']: r.error } } };
    });
    const { found, r } = orNotFound(result);
    if (!r.ok) {
      const centre = (await getOrganisation(db(), found.resident.organisationId))!;
      return residentForm(reply, { id: centre.id, name: centre.name }, form.values, ticked(req), 'errors' in r ? r.errors : {}, id);
    }
    return reply.redirect(`/care/residents/${id}?notice=saved`, 303);
  });

  app.post('/care/residents/:id/status', operators, async (req, reply) => {
    const id = idParam(req);
    const status = str((req.body as Record<string, unknown>)?.status);
    if (status !== 'open' && status !== 'closed') throw new HttpError(400, 'errors.choose');
    const r = await db().transaction((tx) => setResidentStatus(tx, actor(req), id, status));
    if (!r.ok && r.error === 'not-found') throw new HttpError(404, 'error.404.body');
    if (!r.ok) throw new HttpError(409, r.error);
    return reply.redirect(`/care/residents/${id}?notice=${status === 'closed' ? 'closed' : 'reopened'}`, 303);
  });

  // ---- The resident's rights: a copy of their data in their language, erasure -------------------------

  app.get('/care/residents/:id/export', operators, async (req, reply) => {
    const id = idParam(req);
    const asked = q(req).lang;
    const lang = isLocale(asked) ? asked : req.locale;
    const r = orNotFound(await db().transaction((tx) => exportResidentData(tx, cipher, actor(req), id, lang)));
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `resident-${r.caseCode}-${lang}.json`))
      .header('cache-control', 'no-store')
      .send(JSON.stringify(r.document, null, 2));
  });

  app.post('/care/residents/:id/erase', operators, async (req, reply) => {
    const id = idParam(req);
    const confirmation = str((req.body as Record<string, unknown>)?.confirm).slice(0, 60);
    const r = await db().transaction((tx) => eraseAtRequest(tx, actor(req), id, confirmation));
    if (!r.ok && r.error === 'not-found') throw new HttpError(404, 'error.404.body');
    if (!r.ok) {
      const found = orNotFound(await db().transaction((tx) => getResident(tx, cipher, actor(req), id)));
      return residentPage(req, reply, found.resident, found.basis, { eraseError: 'care.subject.errors.confirm' }, 400);
    }
    return reply.redirect(`/care/centres/${r.organisationId}/residents?notice=erased`, 303);
  });

  // ---- Consent ---------------------------------------------------------------------------------------

  app.post('/care/residents/:id/consents', operators, async (req, reply) => {
    const id = idParam(req);
    const form = parseForm(consentSchema, req.body);
    const outcome = await db().transaction(async (tx) => {
      if (!form.ok) return { errors: form.errors };
      const r = await recordConsent(tx, actor(req), id, { ...form.data, recipientOrganisationId: form.data.recipientOrganisationId || null });
      if (!r.ok && r.error === 'not-found') return null;
      return r.ok ? { ok: true as const } : { errors: { [r.field ?? '_form']: r.error } };
    });
    if (outcome && 'ok' in outcome) return reply.redirect(`/care/residents/${id}?notice=consent-recorded#resident-consents`, 303);
    const found = orNotFound(await db().transaction((tx) => getResident(tx, cipher, actor(req), id)));
    if (!outcome) throw new HttpError(404, 'error.404.body');
    return residentPage(req, reply, found.resident, found.basis, { consentValues: form.values, consentErrors: outcome.errors }, 400);
  });

  app.post('/care/residents/:id/consents/:consent/withdraw', operators, async (req, reply) => {
    const id = idParam(req);
    const consentId = idParam(req, 'consent');
    const channel = str((req.body as Record<string, unknown>)?.channel);
    if (!(WITHDRAWAL_CHANNELS as readonly string[]).includes(channel)) throw new HttpError(400, 'errors.choose');
    const r = await db().transaction((tx) => withdrawConsent(tx, actor(req), id, consentId, channel as (typeof WITHDRAWAL_CHANNELS)[number]));
    if (!r.ok) throw new HttpError(404, 'error.404.body');
    return reply.redirect(`/care/residents/${id}?notice=consent-withdrawn#resident-consents`, 303);
  });

  // ---- Break-glass and the audit trail ----------------------------------------------------------------

  app.get('/care/residents/:id/break-glass', admins, async (req, reply) => reply.page(h(BreakGlassPage, { residentId: idParam(req) })));

  app.post('/care/residents/:id/break-glass', admins, async (req, reply) => {
    const id = idParam(req);
    const body = req.body as Record<string, unknown>;
    const reason = str(body?.reason);
    // The session alone does not open a record it has no part in: the administrator's password is asked again (ASVS 3.7.1).
    const given = str(body?.password);
    if (!given || !(await passwordConfirms(p, req.principal!.id, given))) return reply.page(h(BreakGlassPage, { residentId: id, values: { reason }, errors: { password: given ? 'errors.passwordWrong' : 'errors.required' } }), { status: 400 });
    const r = await db().transaction((tx) => breakGlass(p, tx, cipher, actor(req), id, reason));
    if (!r.ok && r.error === 'not-found') throw new HttpError(404, 'error.404.body');
    if (!r.ok) return reply.page(h(BreakGlassPage, { residentId: id, values: { reason }, errors: { [r.field ?? 'reason']: r.error } }), { status: 400 });
    return reply.redirect(`/care/residents/${id}?notice=break-glass`, 303);
  });

  const auditFilters = z.object({
    caseCode: text({ max: 40, required: false }),
    actor: z.union([z.literal(''), email()]).optional(),
    from: text({ max: 10, required: false }).refine((v) => v === '' || DAY.test(v), 'errors.date'),
    to: text({ max: 10, required: false }).refine((v) => v === '' || DAY.test(v), 'errors.date'),
    outcome: z.enum(['', 'success', 'denied'], { message: 'errors.choose' }).optional(),
  });

  app.get('/care/audit', roles(['data-protection']), async (req, reply) => {
    const pr = req.principal!;
    // Administrators see the whole trail (ids and codes only); data-protection contacts, their organisations'.
    const scope = pr.roles.some((g) => g.role === 'administrator') ? 'all' : dataProtectionScope(pr);
    const form = parseForm(auditFilters, req.query);
    const page = pageParam(q(req).page);
    const f = form.ok ? form.data : { caseCode: '', actor: '', from: '', to: '', outcome: '' as const };
    let residentIds: string[] | undefined;
    let actorId: string | undefined;
    const none = { rows: [], total: 0 };
    let trail: Awaited<ReturnType<typeof careAuditTrail>> | null = null;
    if (f.caseCode) {
      const ids = await residentIdsByCaseCode(db(), scope, f.caseCode);
      if (!ids.length) trail = none;
      else residentIds = ids;
    }
    if (f.actor) {
      const u = await findUserByEmail(db(), f.actor);
      if (!u) trail = none;
      else actorId = u.id;
    }
    trail ??= await careAuditTrail(db(), scope, { residentIds, actorId, from: f.from || undefined, to: f.to || undefined, outcome: f.outcome || undefined, page, pageSize: 50 });
    return reply.page(
      h(AuditPage, { rows: trail.rows, total: trail.total, page, pageSize: 50, filters: form.values, errors: form.ok ? undefined : form.errors, grants: await breakGlassGrantsFor(db(), cipher, scope) }),
      { status: form.ok ? 200 : 400 },
    );
  });

  // ---- Settings ----------------------------------------------------------------------------------------

  const vulnerabilitiesPage = async (reply: FastifyReply, values?: FormValues, errors?: FieldErrors, notice?: string | null, status = 200) =>
    reply.page(h(VulnerabilitiesPage, { categories: await listVulnerabilityCategories(db(), { includeRetired: true }), values, errors, notice }), { status });

  app.get('/care/settings/vulnerabilities', admins, async (req, reply) => vulnerabilitiesPage(reply, undefined, undefined, noticeOf(req)));

  app.post('/care/settings/vulnerabilities', admins, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: FormValues = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string')) as FormValues;
    const names = Object.fromEntries(['en', 'it', 'de', 'es', 'el', 'ar'].map((l) => [l, str(body[`names.${l}`]).trim().slice(0, 200)]).filter(([, v]) => v));
    const r = await saveVulnerabilityCategory(db(), req.principal!.id, { code: str(body.code).trim(), names, retired: body.retired === 'on' });
    if (!r.ok) return vulnerabilitiesPage(reply, values, { [r.field ?? '_form']: r.error }, null, 400);
    return reply.redirect('/care/settings/vulnerabilities?notice=saved', 303);
  });
}
