import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asc, count, eq, ilike, sql } from 'drizzle-orm';
import { h } from 'preact';
import { z } from 'zod';
import { hasRole } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { HttpError } from '../../platform/http/errors.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { choices, email, fileField, pageParam, parseForm, repeated, text, type FormValues } from '../../platform/http/forms.js';
import { historyRoutes, type HistorySubject } from '../../platform/http/history-routes.js';
import { isCountry } from '../../platform/i18n/countries.js';
import { languageName, nameIn, type Translate } from '../../platform/i18n/index.js';
import { escapeLike } from '../../platform/identity/users.js';
import { addNav, type Platform } from '../../platform/platform.js';
import { regions } from '../../platform/schema.js';
import { sheet } from '../../platform/spreadsheet.js';
import type { Module, PonteApp } from '../../platform/http/app.js';
import { perContentVersion } from '../../platform/content-version.js';
import { hsdsRoutes } from './hsds-routes.js';
import { importHsds } from './hsds.js';
import { directoryLocations, directoryOrganizations, PHONE_TYPES, SERVICE_STATUSES, WEEKDAYS, type HoursField, type PhoneField, type ServiceFields } from './schema.js';
import {
  countPending,
  createService,
  getProposal,
  getService,
  LANGUAGE_CODE,
  listNeeds,
  listProposals,
  listServiceTypes,
  markVerified,
  proposeChange,
  REVISION_TYPE,
  reviewProposal,
  searchServices,
  SERVICE_FIELDS,
  loadServiceFields,
  updateService,
  type DirectoryFilters,
  type ServiceDetail,
} from './service.js';
import { recordProposalAnswer, confirmVerification, findVerificationRequest, requestHistory, sendDueVerificationRequests, sendVerificationRequest } from './verification.js';
import { DirectoryPage, EditServicePage, FIELD_LABEL_KEYS, ImportPage, ManagePage, NewOrganizationPage, NewServicePage, OrganizationPage, ProposalPage, ProposePage, ServicePage, VerifyGonePage, VerifyPage, type ManageTab, type Named, type SearchForm } from './views/directory.js';
import { contentDisposition } from '../../platform/storage.js';

const PAGE_SIZE = 20;
/** The search page counts matches up to this (then says "more than"): 50 pages of results. */
const PAGE_COUNT_UP_TO = 1000;
const MANAGE_PAGE_SIZE = 50;
const VERIFY_QUEUE = 'directory.verification';
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const uuid = z.string().uuid();
const coordinators = ['network-coordinator'] as const;
/** Notices the directory's pages show after an action (`?notice=`). */
export const DIRECTORY_NOTICES = ['proposed', 'accepted', 'rejected', 'saved', 'verified', 'requested'] as const;
const noticeOf = (v: unknown, allowed: readonly (typeof DIRECTORY_NOTICES)[number][]) => (allowed as readonly unknown[]).includes(v) ? (v as string) : null;

const languageList = z
  .preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string({ message: 'errors.invalid' }).regex(LANGUAGE_CODE, 'errors.invalid')).max(80, 'errors.invalid'))
  .transform((l) => [...new Set(l)]);
const optionalUrl = text({ max: 500, required: false }).refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'errors.url');
const optionalEmail = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), email().optional());

/** The service fields' form; needs and types are data, so the schema is built with the codes that exist. */
const serviceSchema = (typeCodes: string[], needCodes: string[]) =>
  z.object({
    name: text({ max: 200 }),
    alternateName: text({ max: 200, required: false }),
    description: text({ max: 4000, required: false }),
    url: optionalUrl,
    email: optionalEmail,
    status: z.enum(SERVICE_STATUSES, { message: 'errors.choose' }),
    typeCode: z.string({ message: 'errors.choose' }).refine((c) => typeCodes.includes(c), 'errors.choose'),
    needs: choices(needCodes),
    staffLanguages: languageList,
    mediationLanguages: languageList,
    acceptsReferrals: z.enum(['on', 'true'], { message: 'errors.invalid' }).optional().transform((v) => v !== undefined),
    referralMethod: text({ max: 500, required: false }),
    waitingDays: text({ max: 5, required: false })
      .refine((v) => v === '' || (/^\d{1,4}$/.test(v) && Number(v) <= 3650), 'errors.waitingDays')
      .transform((v) => (v === '' ? null : Number(v))),
    catchmentArea: text({ max: 500, required: false }),
    eligibility: text({ max: 2000, required: false }),
    applicationProcess: text({ max: 2000, required: false }),
    feesDescription: text({ max: 500, required: false }),
    note: text({ max: 2000, required: false }),
  });

const toFields = (d: z.infer<ReturnType<typeof serviceSchema>>, extra: Pick<ServiceFields, 'phones' | 'hours'>): ServiceFields => ({
  name: d.name,
  alternateName: d.alternateName || null,
  description: d.description,
  url: d.url || null,
  email: d.email || null,
  status: d.status,
  typeCode: d.typeCode,
  needs: d.needs,
  staffLanguages: d.staffLanguages,
  mediationLanguages: d.mediationLanguages,
  acceptsReferrals: d.acceptsReferrals,
  referralMethod: d.referralMethod,
  waitingDays: d.waitingDays,
  catchmentArea: d.catchmentArea,
  eligibility: d.eligibility,
  applicationProcess: d.applicationProcess,
  feesDescription: d.feesDescription,
  ...extra,
});

const PHONE_ROWS_MAX = 10;
const SLOTS = [1, 2] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const PHONE = /^\+?[\d\s()./-]{6,30}$/;

/** A service's fields as the form shows them: phones as numbered rows, hours as a week of two intervals a day. */
function formValuesOf(f: ServiceFields) {
  const values: Record<string, string | string[]> = {
    ...Object.fromEntries(SERVICE_FIELDS.filter((k) => k !== 'phones' && k !== 'hours').map((k) => [k, f[k] === null || f[k] === undefined ? '' : String(f[k])])),
    acceptsReferrals: f.acceptsReferrals ? 'on' : '',
    needs: f.needs,
    staffLanguages: f.staffLanguages,
    mediationLanguages: f.mediationLanguages,
  };
  (f.phones ?? []).forEach((p, i) => Object.assign(values, { [`phone-${i + 1}-number`]: p.number, [`phone-${i + 1}-type`]: p.type, [`phone-${i + 1}-description`]: p.description }));
  for (const day of WEEKDAYS) (f.hours ?? []).filter((h) => h.day === day).slice(0, SLOTS.length).forEach((h, i) => Object.assign(values, { [`open-${day}-${i + 1}`]: h.opens, [`close-${day}-${i + 1}`]: h.closes }));
  return values as unknown as FormValues;
}

/** What the user sent back, with the repeated fields as lists, to refill the form. */
const echo = (values: FormValues, body: unknown) => {
  const b = (body ?? {}) as Record<string, unknown>;
  return { ...values, needs: repeated(b.needs), staffLanguages: repeated(b.staffLanguages), mediationLanguages: repeated(b.mediationLanguages) } as unknown as FormValues;
};

/** Phones and weekly hours from their rows of fields; errors are keyed by the field that holds them. */
function phonesAndHours(body: unknown): { phones: PhoneField[]; hours: HoursField[]; errors: Record<string, string> } {
  const b = (body ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof b[k] === 'string' ? (b[k] as string).trim() : '');
  const errors: Record<string, string> = {};
  const phones: PhoneField[] = [];
  for (let i = 1; i <= PHONE_ROWS_MAX; i++) {
    const number = str(`phone-${i}-number`);
    const description = str(`phone-${i}-description`);
    const type = str(`phone-${i}-type`) || 'voice';
    if (!number && !description) continue;
    if (!PHONE.test(number)) errors[`phone-${i}-number`] = 'errors.phone';
    else if (!(PHONE_TYPES as readonly string[]).includes(type)) errors[`phone-${i}-type`] = 'errors.choose';
    else if (description.length > 100 || /[\u0000-\u001F]/.test(description)) errors[`phone-${i}-description`] = 'errors.tooLong';
    else phones.push({ type: type as PhoneField['type'], number, description });
  }
  const hours: HoursField[] = [];
  for (const day of WEEKDAYS) {
    const slots: HoursField[] = [];
    for (const n of SLOTS) {
      const opens = str(`open-${day}-${n}`);
      const closes = str(`close-${day}-${n}`);
      if (!opens && !closes) continue;
      if (!TIME.test(opens)) errors[`open-${day}-${n}`] = opens ? 'errors.time' : 'errors.hoursIncomplete';
      else if (!TIME.test(closes)) errors[`close-${day}-${n}`] = closes ? 'errors.time' : 'errors.hoursIncomplete';
      else if (closes <= opens) errors[`close-${day}-${n}`] = 'errors.hoursOrder';
      else if (slots.some((x) => opens < x.closes && x.opens < closes)) errors[`open-${day}-${n}`] = 'errors.hoursOverlap';
      else slots.push({ day, opens, closes });
    }
    hours.push(...slots.sort((a, b) => a.opens.localeCompare(b.opens)));
  }
  return { phones, hours, errors };
}

/** The search form from the query string: unknown or malformed filters are dropped, not refused. */
function searchFormOf(q: Record<string, unknown>, types: Named[], needCodes: Named[], regionCodes: string[]): SearchForm {
  const str = (v: unknown, max: number) => (typeof v === 'string' && v.trim() && v.length <= max && !/[\u0000-\u001F]/.test(v) ? v.trim() : undefined);
  const code = (v: unknown, list: { code: string }[]) => (typeof v === 'string' && list.some((x) => x.code === v) ? v : undefined);
  return {
    q: str(q.q, 200),
    need: code(q.need, needCodes),
    type: code(q.type, types),
    lang: typeof q.lang === 'string' && LANGUAGE_CODE.test(q.lang) ? q.lang : undefined,
    region: typeof q.region === 'string' && regionCodes.includes(q.region) ? q.region : undefined,
    city: str(q.city, 100),
    open: q.open === '1' || q.open === 'on',
    referrals: q.referrals === '1' || q.referrals === 'on',
  };
}

export const directoryModule: Module = {
  name: 'directory',
  setup(p) {
    p.jobs.define({ name: VERIFY_QUEUE, schedule: '23 7 * * *', retryLimit: 3, handler: async () => void (await sendDueVerificationRequests(p)) });
  },
  routes(app, p) {
    addNav(p.navigation.primary, { href: '/directory', labelKey: 'directory.title' });
    directoryRoutes(app, p);
    hsdsRoutes(app, p);
  },
};

function directoryRoutes(app: FastifyInstance, p: Platform) {
  const db = () => p.database.db;
  // Results depend on the clock (open now, entries turning stale): a cached page lives at most a minute.
  const cached = { config: { access: 'public' as const, pageCache: { variant: () => String(Math.floor(Date.now() / 60_000)), cookies: [] } } };
  const pub = { config: { access: 'public' as const } };
  const signedIn = { config: { access: 'signed-in' as const } };
  const managers = { config: { access: { roles: coordinators } } };
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  // Kinds, needs and regions change with the content version (regions through identity/organisations.ts).
  const lookups = perContentVersion((app as PonteApp).contentVersion, async () => {
    const [types, needs, regionRows] = await Promise.all([listServiceTypes(db()), listNeeds(db()), db().select({ id: regions.id, code: regions.code, name: regions.name }).from(regions).orderBy(asc(regions.name))]);
    return { types, needs, regions: regionRows };
  });
  const canManage = (req: FastifyRequest) => hasRole(req.principal, 'network-coordinator');

  const filtersOf = (form: SearchForm, regionRows: { id: string; code: string }[]): DirectoryFilters => ({
    q: form.q,
    need: form.need,
    typeCode: form.type,
    language: form.lang,
    regionId: regionRows.find((r) => r.code === form.region)?.id,
    city: form.city,
    openAt: form.open ? new Date() : undefined,
    acceptsReferrals: form.referrals || undefined,
  });

  app.get('/directory', cached, async (req, reply) => {
    const l = await lookups();
    const form = searchFormOf(q(req), l.types, l.needs, l.regions.map((r) => r.code));
    const page = pageParam(q(req).page);
    // The public search and its export run on the read replica when there is one.
    const { total, more, items } = await searchServices((await p.reads.forRequest(req)).db, filtersOf(form, l.regions), page, PAGE_SIZE, PAGE_COUNT_UP_TO);
    return reply.page(h(DirectoryPage, { form, items, total, more, page, pageSize: PAGE_SIZE, types: l.types, needs: l.needs, regions: l.regions, canManage: canManage(req) }));
  });

  app.get('/directory/export.csv', pub, async (req, reply) => {
    // Anyone may export, but not again and again: each export holds every matching service in memory at once.
    const wait = await p.limiter.hit(RATE_LIMITS.directoryExportByIp, req.ip);
    if (wait) throw new HttpError(429, 'error.429.body', String(wait));
    const l = await lookups();
    const form = searchFormOf(q(req), l.types, l.needs, l.regions.map((r) => r.code));
    const { items } = await searchServices((await p.reads.forRequest(req)).db, filtersOf(form, l.regions), 1, 100_000);
    const name = (list: Named[], c: string) => nameIn(list.find((x) => x.code === c)?.names, req.locale, c);
    const t = req.t;
    const body = await sheet(
      'csv',
      t('directory.title'),
      [
        { header: 'id', key: 'id' },
        { header: t('directory.field.name'), key: 'name' },
        { header: t('directory.organization'), key: 'organization' },
        { header: t('directory.type'), key: 'type' },
        { header: t('directory.field.status'), key: 'status' },
        { header: t('directory.places'), key: 'places' },
        { header: t('directory.needs'), key: 'needs' },
        { header: t('directory.mediationLanguages'), key: 'mediation' },
        { header: t('directory.staffLanguages'), key: 'staff' },
        { header: t('directory.acceptsReferrals'), key: 'referrals' },
        { header: t('directory.field.waitingDays'), key: 'waiting' },
        { header: t('directory.verification'), key: 'verified' },
        { header: t('directory.manage.staleCount'), key: 'stale' },
      ],
      items.map((s) => ({
        id: s.id,
        name: s.name,
        organization: s.organization,
        type: name(l.types, s.typeCode),
        status: t(`directory.status.${s.status}`),
        places: s.places.join('; '),
        needs: s.needs.map((n) => name(l.needs, n)).join('; '),
        mediation: s.mediationLanguages.join('; '),
        staff: s.staffLanguages.join('; '),
        referrals: s.acceptsReferrals ? t('directory.yes') : t('directory.no'),
        waiting: s.waitingDays,
        verified: s.lastVerifiedAt ? s.lastVerifiedAt.toISOString().slice(0, 10) : '',
        stale: s.stale ? t('directory.yes') : t('directory.no'),
      })),
    );
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', contentDisposition('attachment', 'directory.csv')).send(body);
  });

  const serviceOf = async (req: FastifyRequest): Promise<ServiceDetail> => {
    const id = (req.params as { id: string }).id;
    const detail = uuid.safeParse(id).success ? await getService(db(), id) : null;
    if (!detail) throw new HttpError(404, 'error.404.body');
    return detail;
  };

  app.get('/directory/services/:id', cached, async (req, reply) => {
    const detail = await serviceOf(req);
    const l = await lookups();
    const notice = noticeOf(q(req).notice, ['proposed']);
    return reply.page(h(ServicePage, { detail, types: l.types, needs: l.needs, canPropose: !!req.principal, canManage: canManage(req), notice }));
  });

  // ---- Proposals by members ------------------------------------------------------------------------
  /** The service form: its fields, then its phones and hours; ok only when all of them are. */
  const parseService = async (body: unknown) => {
    const l = await lookups();
    const form = parseForm(serviceSchema(l.types.map((t) => t.code), l.needs.map((n) => n.code)), body);
    const extra = phonesAndHours(body);
    const errors = { ...extra.errors, ...(form.ok ? {} : form.errors) };
    const values = echo(form.values, body);
    if (!form.ok || Object.keys(extra.errors).length) return { ok: false as const, errors, values, l };
    return { ok: true as const, fields: toFields(form.data, { phones: extra.phones, hours: extra.hours }), note: form.data.note, values, l };
  };
  const currentValues = async (id: string) => formValuesOf((await loadServiceFields(db(), id))!);

  app.get('/directory/services/:id/propose', signedIn, async (req, reply) => {
    const detail = await serviceOf(req);
    const l = await lookups();
    return reply.page(h(ProposePage, { detail, values: await currentValues(detail.service.id), errors: {}, types: l.types, needs: l.needs, action: `/directory/services/${detail.service.id}/propose` }));
  });
  app.post('/directory/services/:id/propose', signedIn, async (req, reply) => {
    const detail = await serviceOf(req);
    const form = await parseService(req.body);
    if (!form.ok) return reply.page(h(ProposePage, { detail, values: form.values, errors: form.errors, types: form.l.types, needs: form.l.needs, action: `/directory/services/${detail.service.id}/propose` }), { status: 400 });
    await proposeChange(db(), { serviceId: detail.service.id, fields: form.fields, note: form.note, proposedBy: req.principal!.id, source: 'member' });
    return reply.redirect(`/directory/services/${detail.service.id}?notice=proposed`, 303);
  });

  // ---- Verification links (the organisation, without an account) -----------------------------------
  const requestOf = async (req: FastifyRequest) => {
    const token = (req.params as { token: string }).token;
    return /^[A-Za-z0-9_-]{43}$/.test(token) ? findVerificationRequest(db(), token) : null;
  };
  const orgServices = (organizationId: string) => searchServices(db(), { organizationId, includeClosed: true }, 1, 500);

  app.get('/directory/verify/:token', pub, async (req, reply) => {
    const r = await requestOf(req);
    if (!r) return reply.page(h(VerifyGonePage, {}), { status: 404 });
    const { items } = await orgServices(r.organization.id);
    return reply.page(h(VerifyPage, { token: (req.params as { token: string }).token, organization: r.organization.name, services: items, proposed: q(req).notice === 'proposed' }));
  });
  app.post('/directory/verify/:token', pub, async (req, reply) => {
    const r = await requestOf(req);
    if (!r) return reply.page(h(VerifyGonePage, {}), { status: 404 });
    await db().transaction((tx) => confirmVerification(tx, r.request.id));
    return reply.page(h(VerifyPage, { token: '', organization: r.organization.name, services: [], done: 'confirmed' }));
  });
  const verifyService = async (req: FastifyRequest) => {
    const r = await requestOf(req);
    const detail = r ? await serviceOf(req) : null;
    // A link opens only its own organisation's entries.
    if (!r || !detail || detail.organization.id !== r.organization.id) throw new HttpError(404, 'error.404.body');
    const token = (req.params as { token: string }).token;
    return { r, detail, action: `/directory/verify/${token}/services/${detail.service.id}`, via: `/directory/verify/${token}` };
  };
  app.get('/directory/verify/:token/services/:id', pub, async (req, reply) => {
    const { detail, action, via } = await verifyService(req);
    const l = await lookups();
    return reply.page(h(ProposePage, { detail, values: await currentValues(detail.service.id), errors: {}, types: l.types, needs: l.needs, action, via }));
  });
  app.post('/directory/verify/:token/services/:id', pub, async (req, reply) => {
    const { r, detail, action, via } = await verifyService(req);
    const form = await parseService(req.body);
    if (!form.ok) return reply.page(h(ProposePage, { detail, values: form.values, errors: form.errors, types: form.l.types, needs: form.l.needs, action, via }), { status: 400 });
    await db().transaction(async (tx) => {
      await proposeChange(tx, { serviceId: detail.service.id, fields: form.fields, note: form.note, proposedBy: null, source: 'verification' });
      await recordProposalAnswer(tx, r.request.id);
    });
    return reply.redirect(`${via}?notice=proposed`, 303);
  });

  // ---- Coordinators ------------------------------------------------------------------------------
  app.get('/directory/manage', managers, async (req, reply) => {
    const tab: ManageTab = q(req).tab === 'stale' ? 'stale' : q(req).tab === 'organizations' ? 'organizations' : 'proposals';
    const page = pageParam(q(req).page);
    const notice = noticeOf(q(req).notice, ['accepted', 'rejected']);
    const orgQuery = typeof q(req).q === 'string' && (q(req).q as string).trim() && (q(req).q as string).length <= 200 ? (q(req).q as string).trim() : undefined;
    const [pending, proposals, stale, organizations] = await Promise.all([
      countPending(db()),
      tab === 'proposals' ? listProposals(db(), 'pending') : Promise.resolve([]),
      searchServices(db(), { stale: true, includeClosed: false }, tab === 'stale' ? page : 1, tab === 'stale' ? MANAGE_PAGE_SIZE : 1),
      tab === 'organizations' ? organizationOverview(db(), orgQuery, page, MANAGE_PAGE_SIZE) : Promise.resolve({ total: 0, items: [] }),
    ]);
    return reply.page(h(ManagePage, { tab, notice, pending, proposals, stale, organizations, page, pageSize: MANAGE_PAGE_SIZE, q: orgQuery }));
  });

  const proposalOf = async (req: FastifyRequest) => {
    const id = (req.params as { id: string }).id;
    const found = uuid.safeParse(id).success ? await getProposal(db(), id) : null;
    if (!found) throw new HttpError(404, 'error.404.body');
    return found;
  };
  const proposalPage = async (req: FastifyRequest, reply: FastifyReply, found: NonNullable<Awaited<ReturnType<typeof getProposal>>>, errors: Record<string, string>, status = 200) => {
    const l = await lookups();
    const current = describeFields(found.current, l, req.t, req.locale);
    const proposed = describeFields(found.proposal.fields, l, req.t, req.locale);
    const rows = SERVICE_FIELDS.map((f) => ({ field: f, label: req.t(FIELD_LABEL_KEYS[f]), current: current[f] ?? '', proposed: proposed[f] ?? '', changed: found.changed.includes(f) }));
    return reply.page(h(ProposalPage, { proposal: found.proposal, service: found.service, rows, errors }), { status });
  };
  app.get('/directory/manage/proposals/:id', managers, async (req, reply) => proposalPage(req, reply, await proposalOf(req), {}));
  app.post('/directory/manage/proposals/:id', managers, async (req, reply) => {
    const found = await proposalOf(req);
    const form = parseForm(z.object({ decision: z.enum(['accepted', 'rejected'], { message: 'errors.choose' }), reviewNote: text({ max: 2000, required: false }) }), req.body);
    if (!form.ok) return proposalPage(req, reply, found, form.errors, 400);
    const done = await db().transaction((tx) => reviewProposal(tx, found.proposal.id, form.data.decision, req.principal!.id, form.data.reviewNote));
    if (!done) throw new HttpError(409, 'directory.proposal.alreadyReviewed');
    return reply.redirect(`/directory/manage?notice=${form.data.decision}`, 303);
  });

  app.get('/directory/manage/services/:id', managers, async (req, reply) => {
    const detail = await serviceOf(req);
    const l = await lookups();
    const notice = noticeOf(q(req).notice, ['saved', 'verified']);
    return reply.page(h(EditServicePage, { detail, values: await currentValues(detail.service.id), errors: {}, types: l.types, needs: l.needs, notice }));
  });
  app.post('/directory/manage/services/:id', managers, async (req, reply) => {
    const detail = await serviceOf(req);
    const form = await parseService(req.body);
    if (!form.ok) return reply.page(h(EditServicePage, { detail, values: form.values, errors: form.errors, types: form.l.types, needs: form.l.needs }), { status: 400 });
    await db().transaction((tx) => updateService(tx, detail.service.id, form.fields, req.principal!.id));
    return reply.redirect(`/directory/manage/services/${detail.service.id}?notice=saved`, 303);
  });
  app.post('/directory/manage/services/:id/verified', managers, async (req, reply) => {
    const detail = await serviceOf(req);
    await markVerified(db(), { serviceId: detail.service.id }, req.principal!.email);
    return reply.redirect(`/directory/manage/services/${detail.service.id}?notice=verified`, 303);
  });
  historyRoutes(app, p, serviceHistory);

  const organizationOf = async (req: FastifyRequest) => {
    const id = (req.params as { id: string }).id;
    const [o] = uuid.safeParse(id).success ? await db().select().from(directoryOrganizations).where(eq(directoryOrganizations.id, id)) : [];
    if (!o) throw new HttpError(404, 'error.404.body');
    return o;
  };
  const organizationPage = async (req: FastifyRequest, reply: FastifyReply, o: typeof directoryOrganizations.$inferSelect, values: FormValues, errors: Record<string, string>, status = 200) => {
    const [{ items }, requests] = await Promise.all([orgServices(o.id), requestHistory(db(), o.id)]);
    const notice = noticeOf(q(req).notice, ['saved', 'requested']);
    return reply.page(h(OrganizationPage, { organization: o, services: items, requests, values, errors, notice }), { status });
  };
  app.get('/directory/manage/organizations/:id', managers, async (req, reply) => {
    const o = await organizationOf(req);
    return organizationPage(req, reply, o, { verificationEmail: o.verificationEmail ?? '', verifyEveryDays: o.verifyEveryDays ? String(o.verifyEveryDays) : '' }, {});
  });
  app.post('/directory/manage/organizations/:id', managers, async (req, reply) => {
    const o = await organizationOf(req);
    const form = parseForm(
      z
        .object({ verificationEmail: optionalEmail, verifyEveryDays: z.enum(['', '30', '90', '180', '365'], { message: 'errors.choose' }).optional() })
        .refine((d) => !d.verifyEveryDays || d.verificationEmail, { path: ['verificationEmail'], message: 'errors.required' }),
      req.body,
    );
    if (!form.ok) return organizationPage(req, reply, o, form.values, form.errors, 400);
    await db()
      .update(directoryOrganizations)
      .set({ verificationEmail: form.data.verificationEmail || null, verifyEveryDays: form.data.verifyEveryDays ? Number(form.data.verifyEveryDays) : null, updatedAt: new Date() })
      .where(eq(directoryOrganizations.id, o.id));
    return reply.redirect(`/directory/manage/organizations/${o.id}?notice=saved`, 303);
  });
  app.post('/directory/manage/organizations/:id/request', managers, async (req, reply) => {
    const o = await organizationOf(req);
    if (!o.verificationEmail) throw new HttpError(409, 'directory.org.noEmail');
    await db().transaction((tx) => sendVerificationRequest(p, tx, o.id));
    return reply.redirect(`/directory/manage/organizations/${o.id}?notice=requested`, 303);
  });

  const organizationSchema = z.object({
    name: text({ max: 200 }),
    alternateName: text({ max: 200, required: false }),
    description: text({ max: 4000, required: false }),
    email: optionalEmail,
    website: optionalUrl,
  });
  app.get('/directory/manage/organizations/new', managers, async (_req, reply) => reply.page(h(NewOrganizationPage, { values: {}, errors: {} })));
  app.post('/directory/manage/organizations/new', managers, async (req, reply) => {
    const form = parseForm(organizationSchema, req.body);
    if (!form.ok) return reply.page(h(NewOrganizationPage, { values: form.values, errors: form.errors }), { status: 400 });
    const d = form.data;
    const [o] = await db()
      .insert(directoryOrganizations)
      .values({ name: d.name, alternateName: d.alternateName || null, description: d.description, email: d.email || null, website: d.website || null })
      .returning({ id: directoryOrganizations.id });
    return reply.redirect(`/directory/manage/organizations/${o!.id}?notice=saved`, 303);
  });

  const placesOf = async (organizationId: string) =>
    (await db().select().from(directoryLocations).where(eq(directoryLocations.organizationId, organizationId)).orderBy(asc(directoryLocations.city), asc(directoryLocations.name))).map((l) => ({ id: l.id, label: `${l.name}, ${l.address}, ${l.city}` }));
  const placeSchema = (placeIds: string[], regionIds: string[]) =>
    z
      .object({
        locationId: z.union([z.literal(''), z.string().refine((v) => placeIds.includes(v))], { message: 'errors.choose' }).optional(),
        placeName: text({ max: 200, required: false }),
        address: text({ max: 300, required: false }),
        postalCode: text({ max: 20, required: false }),
        city: text({ max: 100, required: false }),
        regionId: z.union([z.literal(''), z.string().refine((v) => regionIds.includes(v))], { message: 'errors.choose' }).optional(),
        country: z.string({ message: 'errors.choose' }).refine(isCountry, 'errors.choose'),
      })
      .superRefine((d, ctx) => {
        if (d.locationId) return;
        for (const f of ['placeName', 'address', 'city'] as const) if (!d[f]) ctx.addIssue({ code: 'custom', path: [f], message: 'errors.required' });
      });
  const newServicePage = async (reply: FastifyReply, o: typeof directoryOrganizations.$inferSelect, values: FormValues, errors: Record<string, string>, status = 200) => {
    const l = await lookups();
    return reply.page(h(NewServicePage, { organization: o, places: await placesOf(o.id), regions: l.regions, values, errors, types: l.types, needs: l.needs }), { status });
  };
  app.get('/directory/manage/organizations/:id/services/new', managers, async (req, reply) => newServicePage(reply, await organizationOf(req), { status: 'active' }, {}));
  app.post('/directory/manage/organizations/:id/services/new', managers, async (req, reply) => {
    const o = await organizationOf(req);
    const l = await lookups();
    const place = parseForm(placeSchema((await placesOf(o.id)).map((x) => x.id), l.regions.map((r) => r.id)), req.body);
    const form = await parseService(req.body);
    if (!place.ok || !form.ok) return newServicePage(reply, o, { ...place.values, ...form.values }, { ...(place.ok ? {} : place.errors), ...(form.ok ? {} : form.errors) }, 400);
    const d = place.data;
    const id = await db().transaction(async (tx) => {
      let locationId = d.locationId;
      if (!locationId) {
        const [loc] = await tx
          .insert(directoryLocations)
          .values({ organizationId: o.id, name: d.placeName, address: d.address, postalCode: d.postalCode, city: d.city, regionId: d.regionId || null, country: d.country })
          .returning({ id: directoryLocations.id });
        locationId = loc!.id;
      }
      return createService(tx, { ...form.fields, organizationId: o.id, locationIds: [locationId] }, req.principal!.id);
    });
    return reply.redirect(`/directory/manage/services/${id}?notice=saved`, 303);
  });

  app.get('/directory/manage/import', managers, async (_req, reply) => reply.page(h(ImportPage, { errors: {}, problems: [] })));
  app.post('/directory/manage/import', { config: { access: { roles: coordinators }, multipartOptions: { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } } } }, async (req, reply) => {
    const form = parseForm(z.object({ file: fileField() }), req.body);
    if (!form.ok) return reply.page(h(ImportPage, { errors: form.errors, problems: [] }), { status: 400 });
    let json: unknown;
    try {
      json = JSON.parse(form.data.file.data.toString('utf8'));
    } catch {
      return reply.page(h(ImportPage, { errors: { file: 'directory.import.notJson' }, problems: [] }), { status: 400 });
    }
    const result = await importHsds(db(), json, req.principal!.id);
    if (!result.ok) return reply.page(h(ImportPage, { errors: { file: 'directory.import.invalid' }, problems: result.problems.slice(0, 50) }), { status: 400 });
    return reply.page(h(ImportPage, { errors: {}, problems: [], result: result.counts }));
  });
}

/** Field values as people read them: names rather than codes, words rather than booleans. */
function describeFields(fields: Record<string, unknown> | ServiceFields, l: { types: Named[]; needs: Named[] }, t: Translate, locale: string): Record<string, string> {
  const name = (list: Named[], c: string) => nameIn(list.find((x) => x.code === c)?.names, locale, c);
  // 2023-01-01 was a Sunday, as WEEKDAYS begins.
  const days = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === null || v === undefined) out[k] = '';
    else if (k === 'typeCode') out[k] = name(l.types, String(v));
    else if (k === 'needs') out[k] = (v as string[]).map((n) => name(l.needs, n)).join(', ');
    else if (k === 'status') out[k] = t(`directory.status.${String(v)}`);
    else if (k === 'staffLanguages' || k === 'mediationLanguages') out[k] = (v as string[]).map((c) => languageName(locale, c)).join(', ');
    else if (k === 'phones') out[k] = (v as PhoneField[]).map((p) => `${p.number}${p.description ? ` (${p.description})` : ''}`).join('\n');
    else if (k === 'hours') out[k] = (v as HoursField[]).map((h) => `${days.format(new Date(Date.UTC(2023, 0, 1 + WEEKDAYS.indexOf(h.day))))} ${h.opens}–${h.closes}`).join('\n');
    else if (typeof v === 'boolean') out[k] = t(v ? 'directory.yes' : 'directory.no');
    else out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** Organisations with their number of entries and of stale ones, for the coordinators' overview. */
async function organizationOverview(db: DbOrTx, q: string | undefined, page: number, pageSize: number) {
  const where = q ? ilike(directoryOrganizations.name, `%${escapeLike(q)}%`) : undefined;
  const [{ total }] = (await db.select({ total: count() }).from(directoryOrganizations).where(where)) as [{ total: number }];
  const items = await db
    .select({
      id: directoryOrganizations.id,
      name: directoryOrganizations.name,
      verificationEmail: directoryOrganizations.verificationEmail,
      verifyEveryDays: directoryOrganizations.verifyEveryDays,
      verificationRequestedAt: directoryOrganizations.verificationRequestedAt,
      services: sql<number>`(SELECT count(*)::int FROM directory_services s WHERE s.organization_id = ${directoryOrganizations.id})`,
      stale: sql<number>`(SELECT count(*)::int FROM directory_services s WHERE s.organization_id = ${directoryOrganizations.id} AND s.status IN ('active', 'temporarily closed')
        AND (s.last_verified_at IS NULL OR s.last_verified_at < now() - make_interval(days => coalesce(${directoryOrganizations.verifyEveryDays}, 365))))`,
    })
    .from(directoryOrganizations)
    .where(where)
    .orderBy(asc(directoryOrganizations.name))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total, items };
}

/** The history of a service's entry: its fields are all "settings" (entries are not translated). */
const serviceHistory: HistorySubject = {
  itemType: REVISION_TYPE,
  base: '/directory/manage/services',
  sectionLabelKey: 'directory.manage.title',
  roles: coordinators,
  textFields: {},
  settingsFields: FIELD_LABEL_KEYS,
  async load(db, id) {
    const loaded = await loadServiceFields(db, id);
    if (!loaded) return null;
    const { row, ...fields } = loaded;
    return { title: row.name, sourceLocale: '', current: new Map([[null, { fields: fields as unknown as Record<string, string> }]]) };
  },
  async describeSettings(db, fields, t, locale) {
    const [types, needRows] = await Promise.all([listServiceTypes(db), listNeeds(db)]);
    return describeFields(fields, { types, needs: needRows }, t, locale);
  },
  async restore(p, id, revision, userId) {
    const fields = revision.fields as unknown as ServiceFields;
    const [types, needRows] = await Promise.all([listServiceTypes(p.database.db), listNeeds(p.database.db)]);
    // A type or need removed from the data since cannot come back with the revision.
    if (!types.some((x) => x.code === fields.typeCode) || fields.needs.some((n) => !needRows.some((x) => x.code === n))) return { error: 'directory.history.gone' };
    const saved = await p.database.db.transaction((tx) => updateService(tx, id, fields, userId));
    return saved ? { ok: true } : { error: 'error.404.body' };
  },
};
