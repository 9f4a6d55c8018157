import { createRegion } from '../../platform/identity/organisations.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import { checkbox, choices, email, optionalFileField, parseForm, slugField, slugParam, text, localDateTime, type FormValues } from '../../platform/http/forms.js';
import { HttpError } from '../../platform/http/errors.js';
import { sendStoredFile } from '../../platform/http/send-file.js';
import { isCountry } from '../../platform/i18n/countries.js';
import { LOCALES } from '../../platform/i18n/index.js';
import { instantToZonedTime, zonedTimeToInstant } from '../../platform/i18n/time-zones.js';
import { listOrganisationTypes, listRegions } from '../../platform/identity/organisations.js';
import { addNav, type Platform } from '../../platform/platform.js';
import { contentDisposition } from '../../platform/storage.js';
import { detectFileType } from '../../platform/uploads.js';
import type { Module } from '../../platform/http/app.js';
import { REMINDERS_QUEUE, sendReminders } from './reminders.js';
import { AGREEMENT_KINDS, ATTENDANCE, MEETING_STATUSES, MEMBER_ROLES, type Attendance } from './schema.js';
import {
  accessTo,
  actionOwnerChoices,
  addAction,
  addDecision,
  addMember,
  agreementFile,
  candidateOrganisations,
  createAgreement,
  createMeeting,
  createNetwork,
  deleteAction,
  deleteAgreement,
  deleteDecision,
  deleteNews,
  getAction,
  getAgreement,
  getDecision,
  getMeeting,
  getNews,
  getNetwork,
  listActions,
  listAgreements,
  listMeetings,
  listMembers,
  listNetworks,
  listNews,
  listRegionsWithNetworks,
  meetingCalendar,
  meetingRecord,
  publishNews,
  removeMember,
  setActionDone,
  setAttendance,
  setMemberRole,
  timeZoneOf,
  updateAction,
  updateAgreement,
  updateDecision,
  updateMeeting,
  updateNews,
  updateNetwork,
  upcomingMeetings,
  usersOf,
  type Action,
  type Meeting,
  type NetworkWithRegion,
} from './service.js';
import { ActionFormPage, AgreementFormPage, DecisionFormPage, MeetingFormPage, MeetingPage, MembersPage, NetworkFormPage, NetworkPage, NetworksPage, NewsFormPage, RegionsPage, SpacePage, type MeetingForms } from './views/networks.js';

/** Agreements are kept as PDF, OpenDocument text or Word files, checked by content. */
const AGREEMENT_EXTENSIONS = ['pdf', 'odt', 'docx'] as const;
const MAX_AGREEMENT_BYTES = 15 * 1024 * 1024;
/** Slugs that name pages of the module itself. */
const RESERVED_SLUGS = ['new', 'regions'];
/** Notices the module's pages show after an action (`?notice=`). */
export const NETWORK_NOTICES = ['saved', 'created', 'published', 'uploaded', 'done', 'reopened', 'added', 'removed', 'deleted'] as const;
const uuid = z.string().uuid();
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const optionalDay = text({ max: 10, required: false }).refine((v) => v === '' || validDay(v), 'errors.date');
const optionalEmail = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), email().optional());
const optionalUrl = text({ max: 500, required: false }).refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'errors.url');

export const networksModule: Module = {
  name: 'networks',
  setup(p) {
    p.jobs.define({ name: REMINDERS_QUEUE, schedule: '41 6 * * *', retryLimit: 3, handler: async () => void (await sendReminders(p)) });
  },
  routes(app, p) {
    addNav(p.navigation.primary, { href: '/networks', labelKey: 'networks.title' });
    networkRoutes(app, p);
  },
};

const networkSchema = z.object({
  name: text({ max: 200 }),
  locale: z.enum(LOCALES, { message: 'errors.choose' }),
  description: text({ max: 4000, required: false }),
  contactEmail: optionalEmail,
});

const meetingSchema = z
  .object({
    title: text({ max: 200 }),
    startsAt: localDateTime(),
    endsAt: localDateTime(),
    place: text({ max: 300, required: false }),
    onlineUrl: optionalUrl,
    agenda: text({ max: 20_000, required: false }),
    minutes: text({ max: 50_000, required: false }),
    status: z.enum(MEETING_STATUSES, { message: 'errors.choose' }).optional(),
  })
  .refine((d) => d.place !== '' || d.onlineUrl !== '', { path: ['place'], message: 'networks.errors.placeOrLink' });

/** An action's form: its owner is a person or an organisation among those the network offers. */
const actionSchema = (userIds: string[], orgIds: string[]) =>
  z
    .object({
      title: text({ max: 300 }),
      ownerUserId: z.union([z.literal(''), z.string().refine((v) => userIds.includes(v))], { message: 'errors.choose' }).optional(),
      ownerOrganisationId: z.union([z.literal(''), z.string().refine((v) => orgIds.includes(v))], { message: 'errors.choose' }).optional(),
      dueOn: z.string({ message: 'errors.date' }).trim().refine(validDay, 'errors.date'),
    })
    .refine((d) => d.ownerUserId || d.ownerOrganisationId, { path: ['ownerUserId'], message: 'networks.errors.owner' });

function networkRoutes(app: FastifyInstance, p: Platform) {
  const db = () => p.database.db;
  // The public pages show the meetings to come: a cached page lives at most a minute.
  const cached = { config: { access: 'public' as const, pageCache: { variant: () => String(Math.floor(Date.now() / 60_000)), cookies: [] } } };
  const admins = { config: { access: { roles: ['administrator'] as const } } };
  const signedIn = { config: { access: 'signed-in' as const } };
  const params = (req: FastifyRequest) => req.params as Record<string, string>;
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  const noticeOf = (req: FastifyRequest) => ((NETWORK_NOTICES as readonly unknown[]).includes(q(req).notice) ? (q(req).notice as string) : null);

  // ---- Who may see what --------------------------------------------------------------------------
  const networkOf = async (req: FastifyRequest): Promise<NetworkWithRegion> => {
    const slug = params(req).slug;
    const n = slugParam.safeParse(slug).success ? await getNetwork(db(), slug!) : null;
    if (!n) throw new HttpError(404, 'error.404.body');
    return n;
  };
  /** Members-only pages: a network's working space is not revealed to anyone else (404). */
  const asMember = async (req: FastifyRequest) => {
    const n = await networkOf(req);
    const access = await accessTo(db(), req.principal, n.network.id);
    if (!access.member) throw new HttpError(404, 'error.404.body');
    return { ...n, access, tz: timeZoneOf(n.region) };
  };
  /** Management: members who are not managers may see, not change (403). */
  const asManager = async (req: FastifyRequest) => {
    const m = await asMember(req);
    if (!m.access.manager) throw new HttpError(403, 'networks.errors.notManager');
    return m;
  };
  const meetingOf = async (req: FastifyRequest, networkId: string): Promise<Meeting> => {
    const id = params(req).id;
    const m = uuid.safeParse(id).success ? await getMeeting(db(), networkId, id!) : null;
    if (!m) throw new HttpError(404, 'error.404.body');
    return m;
  };

  /** An item of this network by the `:id` in the path; 404 for a malformed id or another network's item. */
  const itemOf = async <T>(req: FastifyRequest, lookup: (id: string) => Promise<T | null>): Promise<T> => {
    const id = params(req).id;
    const item = uuid.safeParse(id).success ? await lookup(id!) : null;
    if (!item) throw new HttpError(404, 'error.404.body');
    return item;
  };

  // ---- Public ------------------------------------------------------------------------------------
  app.get('/networks', cached, async (req, reply) => {
    return reply.page(h(NetworksPage, { networks: await listNetworks(db()), canCreate: req.principal?.roles.some((g) => g.role === 'administrator') ?? false }));
  });

  app.get('/networks/:slug', cached, async (req, reply) => {
    const n = await networkOf(req);
    const [members, news, agreements, upcoming, types, access] = await Promise.all([
      listMembers(db(), n.network.id),
      listNews(db(), n.network.id, { publicOnly: true, limit: 10 }),
      listAgreements(db(), n.network.id, { publicOnly: true }),
      upcomingMeetings(db(), n.network.id),
      listOrganisationTypes(db()),
      accessTo(db(), req.principal, n.network.id),
    ]);
    return reply.page(h(NetworkPage, { ...n, tz: timeZoneOf(n.region), members, news, agreements, upcoming, types, access }));
  });

  // ---- Administrators: networks and regions -------------------------------------------------------
  const regionChoices = async () => (await listRegions(db())).map((r) => ({ value: r.id, label: `${r.name} (${r.code})` }));
  app.get('/networks/new', admins, async (_req, reply) => reply.page(h(NetworkFormPage, { mode: 'new', regions: await regionChoices(), values: { locale: 'it' }, errors: {} })));
  app.post('/networks/new', admins, async (req, reply) => {
    const regionIds = (await listRegions(db())).map((r) => r.id);
    const form = parseForm(networkSchema.extend({ slug: slugField(), regionId: z.string({ message: 'errors.choose' }).refine((v) => regionIds.includes(v), 'errors.choose') }), req.body);
    const fail = async (errors: Record<string, string>) => reply.page(h(NetworkFormPage, { mode: 'new', regions: await regionChoices(), values: form.values, errors }), { status: 400 });
    if (!form.ok) return fail(form.errors);
    if (RESERVED_SLUGS.includes(form.data.slug)) return fail({ slug: 'errors.slugTaken' });
    const d = form.data;
    const created = await db().transaction((tx) => createNetwork(tx, { slug: d.slug, regionId: d.regionId, name: d.name, locale: d.locale, description: d.description, contactEmail: d.contactEmail || null }, req.principal!.id));
    if (!created) return fail({ slug: 'errors.slugTaken' });
    return reply.redirect(`/networks/${created.slug}?notice=created`, 303);
  });

  const regionsPage = async (reply: FastifyReply, values: FormValues, errors: Record<string, string>, status = 200, notice: string | null = null) =>
    reply.page(h(RegionsPage, { regions: await listRegionsWithNetworks(db()), values, errors, notice }), { status });
  app.get('/networks/regions', admins, async (req, reply) => regionsPage(reply, {}, {}, 200, noticeOf(req)));
  app.post('/networks/regions', admins, async (req, reply) => {
    const form = parseForm(
      z
        .object({
          country: z.string({ message: 'errors.choose' }).refine(isCountry, 'errors.choose'),
          code: z
            .string({ message: 'errors.required' })
            .trim()
            .toUpperCase()
            .pipe(z.string().min(1, 'errors.required').regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'networks.errors.regionCode')),
          name: text({ max: 100 }),
        })
        .refine((d) => d.code.slice(0, 2) === d.country, { path: ['code'], message: 'networks.errors.regionCodeCountry' }),
      req.body,
    );
    if (!form.ok) return regionsPage(reply, form.values, form.errors, 400);
    const added = await db().transaction((tx) => createRegion(tx, form.data, req.principal!.id));
    if (!added) return regionsPage(reply, form.values, { code: 'networks.errors.regionTaken' }, 400);
    return reply.redirect('/networks/regions?notice=added', 303);
  });

  // ---- Members: the working space -----------------------------------------------------------------
  app.get('/networks/:slug/space', signedIn, async (req, reply) => {
    const m = await asMember(req);
    const [meetings, actions, agreements, news, members] = await Promise.all([
      listMeetings(db(), m.network.id),
      listActions(db(), m.network.id),
      listAgreements(db(), m.network.id, { publicOnly: false }),
      listNews(db(), m.network.id, { publicOnly: false }),
      listMembers(db(), m.network.id),
    ]);
    return reply.page(h(SpacePage, { ...m, meetings, actions, agreements, news, members, userId: req.principal!.id, notice: noticeOf(req) }));
  });

  const meetingPage = async (req: FastifyRequest, reply: FastifyReply, m: Awaited<ReturnType<typeof asMember>>, meeting: Meeting, forms: MeetingForms = {}, status = 200) => {
    const [record, members] = await Promise.all([meetingRecord(db(), meeting.id), listMembers(db(), m.network.id, { includeLeft: true })]);
    const active = members.filter((x) => !x.leftOn);
    const owners = m.access.manager ? await usersOf(db(), active.map((x) => x.organisationId)) : [];
    return reply.page(
      h(MeetingPage, { ...m, meeting, record, members, owners: owners.map((u) => ({ id: u.id, name: u.name || u.id.slice(0, 8) })), userId: req.principal!.id, forms, notice: noticeOf(req) }),
      { status },
    );
  };
  app.get('/networks/:slug/meetings/:id', signedIn, async (req, reply) => {
    const m = await asMember(req);
    return meetingPage(req, reply, m, await meetingOf(req, m.network.id));
  });
  app.get('/networks/:slug/meetings/:id.ics', signedIn, async (req, reply) => {
    const m = await asMember(req);
    const meeting = await meetingOf(req, m.network.id);
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `${m.network.slug}-${meeting.startsAt.toISOString().slice(0, 10)}.ics`))
      .header('cache-control', 'private, no-store')
      .send(meetingCalendar({ baseUrl: p.config.publicUrl, network: m.network, meeting }));
  });

  app.get('/networks/:slug/agreements/:id/file', signedIn, async (req, reply) => {
    const m = await asMember(req);
    const id = params(req).id;
    const file = uuid.safeParse(id).success ? await agreementFile(db(), m.network.id, id!) : null;
    if (!file) throw new HttpError(404, 'error.404.body');
    // PDFs open in the browser, sandboxed; other documents download. Not cached: membership may change.
    return sendStoredFile(req, reply, p.storage, file, { download: file.contentType !== 'application/pdf', cacheControl: 'private, no-store' });
  });

  /** Owners of an action (the user, or the users of the owning organisation when no person is named) and managers mark it done. */
  app.post('/networks/:slug/actions/:id/done', signedIn, async (req, reply) => {
    const m = await asMember(req);
    const action = await itemOf(req, (id) => getAction(db(), m.network.id, id));
    const owner = action.ownerUserId ? action.ownerUserId === req.principal!.id : !!action.ownerOrganisationId && req.principal!.roles.some((g) => g.organisationId === action.ownerOrganisationId);
    if (!owner && !m.access.manager) throw new HttpError(403, 'networks.errors.notOwner');
    const done = (req.body as Record<string, unknown> | undefined)?.done !== 'false';
    await db().transaction((tx) => setActionDone(tx, action, done, req.principal!.id));
    const back = action.meetingId && (req.body as Record<string, unknown> | undefined)?.from === 'meeting' ? `/networks/${m.network.slug}/meetings/${action.meetingId}` : `/networks/${m.network.slug}/space`;
    return reply.redirect(`${back}?notice=${done ? 'done' : 'reopened'}`, 303);
  });

  // ---- Managers -----------------------------------------------------------------------------------
  app.get('/networks/:slug/edit', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const n = m.network;
    return reply.page(h(NetworkFormPage, { mode: 'edit', network: n, regions: [], values: { name: n.name, locale: n.locale, description: n.description, contactEmail: n.contactEmail ?? '' }, errors: {} }));
  });
  app.post('/networks/:slug/edit', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const form = parseForm(networkSchema, req.body);
    if (!form.ok) return reply.page(h(NetworkFormPage, { mode: 'edit', network: m.network, regions: [], values: form.values, errors: form.errors }), { status: 400 });
    await db().transaction((tx) => updateNetwork(tx, m.network.id, { ...form.data, contactEmail: form.data.contactEmail || null }, req.principal!.id));
    return reply.redirect(`/networks/${m.network.slug}?notice=saved`, 303);
  });

  const membersPage = async (req: FastifyRequest, reply: FastifyReply, m: Awaited<ReturnType<typeof asMember>>, values: FormValues, errors: Record<string, string>, status = 200) => {
    const [members, candidates] = await Promise.all([listMembers(db(), m.network.id, { includeLeft: true }), candidateOrganisations(db(), m.network.id)]);
    return reply.page(h(MembersPage, { ...m, members, candidates, values, errors, notice: noticeOf(req) }), { status });
  };
  app.get('/networks/:slug/members', signedIn, async (req, reply) => membersPage(req, reply, await asManager(req), { role: 'member' }, {}));
  app.post('/networks/:slug/members', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const candidates = (await candidateOrganisations(db(), m.network.id)).map((c) => c.id);
    const form = parseForm(z.object({ organisationId: z.string({ message: 'errors.choose' }).refine((v) => candidates.includes(v), 'errors.choose'), role: z.enum(MEMBER_ROLES, { message: 'errors.choose' }) }), req.body);
    if (!form.ok) return membersPage(req, reply, m, form.values, form.errors, 400);
    await db().transaction((tx) => addMember(tx, m.network.id, form.data.organisationId, form.data.role, req.principal!.id));
    return reply.redirect(`/networks/${m.network.slug}/members?notice=added`, 303);
  });
  app.post('/networks/:slug/members/:organisation', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const org = params(req).organisation;
    const form = parseForm(z.object({ change: z.enum(['role', 'remove']), role: z.enum(MEMBER_ROLES).optional() }), req.body);
    if (!uuid.safeParse(org).success || !form.ok) throw new HttpError(400, 'errors.invalid');
    const done = await db().transaction((tx) =>
      form.data.change === 'remove' ? removeMember(tx, m.network.id, org!, req.principal!.id) : setMemberRole(tx, m.network.id, org!, form.data.role ?? 'member', req.principal!.id),
    );
    if (!done) throw new HttpError(404, 'error.404.body');
    return reply.redirect(`/networks/${m.network.slug}/members?notice=${form.data.change === 'remove' ? 'removed' : 'saved'}`, 303);
  });

  /** A meeting's form in the network's wall-clock time; errors on the field they concern. */
  const parseMeeting = (body: unknown, tz: string) => {
    const form = parseForm(meetingSchema, body);
    if (!form.ok) return form;
    const startsAt = zonedTimeToInstant(form.data.startsAt, tz);
    const endsAt = zonedTimeToInstant(form.data.endsAt, tz);
    const errors: Record<string, string> = {};
    if (!startsAt) errors.startsAt = 'errors.dateTime';
    if (!endsAt) errors.endsAt = 'errors.dateTime';
    else if (startsAt && endsAt <= startsAt) errors.endsAt = 'errors.endBeforeStart';
    if (Object.keys(errors).length) return { ok: false as const, errors, values: form.values };
    const d = form.data;
    return { ok: true as const, values: form.values, data: { title: d.title, startsAt: startsAt!, endsAt: endsAt!, place: d.place, onlineUrl: d.onlineUrl || null, agenda: d.agenda, minutes: d.minutes, status: d.status ?? 'planned' } };
  };
  app.get('/networks/:slug/meetings/new', signedIn, async (req, reply) => {
    const m = await asManager(req);
    return reply.page(h(MeetingFormPage, { ...m, values: {}, errors: {} }));
  });
  app.post('/networks/:slug/meetings/new', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const form = parseMeeting(req.body, m.tz);
    if (!form.ok) return reply.page(h(MeetingFormPage, { ...m, values: form.values, errors: form.errors }), { status: 400 });
    const id = await db().transaction((tx) => createMeeting(tx, m.network.id, { ...form.data, minutes: '', status: 'planned' }, req.principal!.id));
    return reply.redirect(`/networks/${m.network.slug}/meetings/${id}?notice=created`, 303);
  });
  app.get('/networks/:slug/meetings/:id/edit', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const meeting = await meetingOf(req, m.network.id);
    const values = {
      title: meeting.title,
      startsAt: instantToZonedTime(meeting.startsAt, m.tz),
      endsAt: instantToZonedTime(meeting.endsAt, m.tz),
      place: meeting.place,
      onlineUrl: meeting.onlineUrl ?? '',
      agenda: meeting.agenda,
      minutes: meeting.minutes,
      status: meeting.status,
    };
    return reply.page(h(MeetingFormPage, { ...m, meeting, values, errors: {} }));
  });
  app.post('/networks/:slug/meetings/:id/edit', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const meeting = await meetingOf(req, m.network.id);
    const form = parseMeeting(req.body, m.tz);
    if (!form.ok) return reply.page(h(MeetingFormPage, { ...m, meeting, values: form.values, errors: form.errors }), { status: 400 });
    await db().transaction((tx) => updateMeeting(tx, meeting, form.data, req.principal!.id));
    return reply.redirect(`/networks/${m.network.slug}/meetings/${meeting.id}?notice=saved`, 303);
  });

  app.post('/networks/:slug/meetings/:id/attendance', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const meeting = await meetingOf(req, m.network.id);
    const members = await listMembers(db(), m.network.id, { includeLeft: true });
    const body = (req.body ?? {}) as Record<string, unknown>;
    const errors: Record<string, string> = {};
    const rows: { organisationId: string; status: Attendance; attendees: string }[] = [];
    for (const o of members) {
      const status = body[`status-${o.organisationId}`];
      const attendees = typeof body[`attendees-${o.organisationId}`] === 'string' ? (body[`attendees-${o.organisationId}`] as string).trim() : '';
      if (status === undefined || status === '') continue;
      if (!(ATTENDANCE as readonly unknown[]).includes(status)) errors[`status-${o.organisationId}`] = 'errors.choose';
      else if (attendees.length > 500 || /[\u0000-\u001F]/.test(attendees)) errors[`attendees-${o.organisationId}`] = 'errors.tooLong';
      else rows.push({ organisationId: o.organisationId, status: status as Attendance, attendees });
    }
    if (Object.keys(errors).length) return meetingPage(req, reply, m, meeting, { attendance: { values: stringValues(body), errors } }, 400);
    await db().transaction((tx) => setAttendance(tx, meeting, rows, req.principal!.id));
    return reply.redirect(`/networks/${m.network.slug}/meetings/${meeting.id}?notice=saved#attendance`, 303);
  });

  app.post('/networks/:slug/meetings/:id/decisions', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const meeting = await meetingOf(req, m.network.id);
    const form = parseForm(z.object({ decision: text({ max: 2000 }) }), req.body);
    if (!form.ok) return meetingPage(req, reply, m, meeting, { decision: { values: form.values, errors: form.errors } }, 400);
    await db().transaction((tx) => addDecision(tx, meeting, form.data.decision, req.principal!.id));
    return reply.redirect(`/networks/${m.network.slug}/meetings/${meeting.id}?notice=added#decisions`, 303);
  });

  app.post('/networks/:slug/meetings/:id/actions', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const meeting = await meetingOf(req, m.network.id);
    const orgIds = (await listMembers(db(), m.network.id)).map((x) => x.organisationId);
    const userIds = (await usersOf(db(), orgIds)).map((u) => u.id);
    const form = parseForm(actionSchema(userIds, orgIds), req.body);
    if (!form.ok) return meetingPage(req, reply, m, meeting, { action: { values: form.values, errors: form.errors } }, 400);
    const d = form.data;
    await db().transaction((tx) => addAction(tx, { networkId: m.network.id, meetingId: meeting.id, title: d.title, ownerUserId: d.ownerUserId || null, ownerOrganisationId: d.ownerOrganisationId || null, dueOn: d.dueOn }, req.principal!.id));
    return reply.redirect(`/networks/${m.network.slug}/meetings/${meeting.id}?notice=added#actions`, 303);
  });

  // Agreements: uploaded with their file, checked by content.
  const agreementPage = async (reply: FastifyReply, m: Awaited<ReturnType<typeof asMember>>, values: FormValues, errors: Record<string, string>, checked: string[], status = 200) =>
    reply.page(h(AgreementFormPage, { ...m, members: await listMembers(db(), m.network.id), values, errors, checked }), { status });
  app.get('/networks/:slug/agreements/new', signedIn, async (req, reply) => agreementPage(reply, await asManager(req), { kind: 'protocol' }, {}, []));
  app.post('/networks/:slug/agreements/new', { config: { access: 'signed-in', multipartOptions: { limits: { fileSize: MAX_AGREEMENT_BYTES, files: 1 } } } }, async (req, reply) => {
    const m = await asManager(req);
    const orgIds = (await listMembers(db(), m.network.id, { includeLeft: true })).map((x) => x.organisationId);
    const form = parseForm(agreementSchema(orgIds), req.body);
    const checked = checkedParties(req.body);
    if (!form.ok) return agreementPage(reply, m, form.values, form.errors, checked, 400);
    const d = form.data;
    const type = d.file ? detectFileType(d.file.data, d.file.filename, AGREEMENT_EXTENSIONS) : null;
    if (d.file && !type) return agreementPage(reply, m, form.values, { file: 'networks.errors.agreementFile' }, checked, 400);
    await db().transaction((tx) =>
      createAgreement(
        tx,
        p.storage,
        m.network.id,
        { kind: d.kind, title: d.title, summary: d.summary, parties: d.parties, signedOn: d.signedOn || null, validUntil: d.validUntil || null, public: d.public },
        d.file && type ? { name: d.file.filename, contentType: type.contentType, bytes: d.file.data } : null,
        req.principal!.id,
      ),
    );
    return reply.redirect(`/networks/${m.network.slug}/space?notice=uploaded#agreements`, 303);
  });

  app.get('/networks/:slug/news/new', signedIn, async (req, reply) => reply.page(h(NewsFormPage, { ...(await asManager(req)), values: {}, errors: {} })));
  app.post('/networks/:slug/news/new', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const form = parseForm(z.object({ title: text({ max: 200 }), body: text({ max: 20_000 }), public: checkbox() }), req.body);
    if (!form.ok) return reply.page(h(NewsFormPage, { ...m, values: form.values, errors: form.errors }), { status: 400 });
    await db().transaction((tx) => publishNews(tx, m.network.id, form.data, req.principal!.id));
    return reply.redirect(`/networks/${m.network.slug}/space?notice=published#news`, 303);
  });

  // ---- Managers: changing and deleting what was recorded ------------------------------------------
  // Each item is looked up within the network in the path (404 otherwise), after the manager check (403).
  const newsSchema = z.object({ title: text({ max: 200 }), body: text({ max: 20_000 }), public: checkbox() });
  app.get('/networks/:slug/news/:id/edit', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const news = await itemOf(req, (id) => getNews(db(), m.network.id, id));
    return reply.page(h(NewsFormPage, { ...m, news, values: { title: news.title, body: news.body, public: news.public ? 'on' : '' }, errors: {} }));
  });
  app.post('/networks/:slug/news/:id/edit', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const news = await itemOf(req, (id) => getNews(db(), m.network.id, id));
    const form = parseForm(newsSchema, req.body);
    if (!form.ok) return reply.page(h(NewsFormPage, { ...m, news, values: form.values, errors: form.errors }), { status: 400 });
    await db().transaction((tx) => updateNews(tx, news, form.data, req.principal!.id));
    return reply.redirect(`/networks/${m.network.slug}/space?notice=saved#news`, 303);
  });
  app.post('/networks/:slug/news/:id/delete', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const news = await itemOf(req, (id) => getNews(db(), m.network.id, id));
    if (!confirmed(req.body)) return reply.page(h(NewsFormPage, { ...m, news, values: { title: news.title, body: news.body, public: news.public ? 'on' : '' }, errors: CONFIRM_ERROR }), { status: 400 });
    await db().transaction((tx) => deleteNews(tx, news, req.principal!.id));
    return reply.redirect(`/networks/${m.network.slug}/space?notice=deleted#news`, 303);
  });

  const agreementOf = async (req: FastifyRequest, networkId: string) => itemOf(req, (id) => getAgreement(db(), networkId, id));
  /** The parties offered: active members, and former members that signed it (so that saving keeps them). */
  const agreementEditPage = async (reply: FastifyReply, m: Awaited<ReturnType<typeof asMember>>, found: NonNullable<Awaited<ReturnType<typeof getAgreement>>>, values: FormValues, errors: Record<string, string>, checked: string[], status = 200) => {
    const members = (await listMembers(db(), m.network.id, { includeLeft: true })).filter((x) => !x.leftOn || found.agreement.parties.includes(x.organisationId));
    return reply.page(h(AgreementFormPage, { ...m, members, agreement: found.agreement, file: found.file, values, errors, checked }), { status });
  };
  const agreementValues = (a: { kind: string; title: string; summary: string; signedOn: string | null; validUntil: string | null; public: boolean }): FormValues => ({
    kind: a.kind,
    title: a.title,
    summary: a.summary,
    signedOn: a.signedOn ?? '',
    validUntil: a.validUntil ?? '',
    public: a.public ? 'on' : '',
  });
  app.get('/networks/:slug/agreements/:id/edit', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const found = await agreementOf(req, m.network.id);
    return agreementEditPage(reply, m, found, agreementValues(found.agreement), {}, found.agreement.parties);
  });
  app.post('/networks/:slug/agreements/:id/edit', { config: { access: 'signed-in', multipartOptions: { limits: { fileSize: MAX_AGREEMENT_BYTES, files: 1 } } } }, async (req, reply) => {
    const m = await asManager(req);
    const found = await agreementOf(req, m.network.id);
    const orgIds = (await listMembers(db(), m.network.id, { includeLeft: true })).map((x) => x.organisationId);
    const form = parseForm(agreementSchema(orgIds), req.body);
    const checked = checkedParties(req.body);
    if (!form.ok) return agreementEditPage(reply, m, found, form.values, form.errors, checked, 400);
    const d = form.data;
    const type = d.file ? detectFileType(d.file.data, d.file.filename, AGREEMENT_EXTENSIONS) : null;
    if (d.file && !type) return agreementEditPage(reply, m, found, form.values, { file: 'networks.errors.agreementFile' }, checked, 400);
    await updateAgreement(
      db(),
      p.storage,
      found.agreement,
      { kind: d.kind, title: d.title, summary: d.summary, parties: d.parties, signedOn: d.signedOn || null, validUntil: d.validUntil || null, public: d.public },
      { replace: d.file && type ? { name: d.file.filename, contentType: type.contentType, bytes: d.file.data } : null, remove: d.removeFile },
      req.principal!.id,
    );
    return reply.redirect(`/networks/${m.network.slug}/space?notice=saved#agreements`, 303);
  });
  app.post('/networks/:slug/agreements/:id/delete', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const found = await agreementOf(req, m.network.id);
    if (!confirmed(req.body)) return agreementEditPage(reply, m, found, agreementValues(found.agreement), CONFIRM_ERROR, found.agreement.parties, 400);
    await deleteAgreement(db(), p.storage, found.agreement, req.principal!.id);
    return reply.redirect(`/networks/${m.network.slug}/space?notice=deleted#agreements`, 303);
  });

  const decisionOf = async (req: FastifyRequest, networkId: string) => {
    const decision = await itemOf(req, (id) => getDecision(db(), networkId, id));
    return { decision, meeting: (await getMeeting(db(), networkId, decision.meetingId))! };
  };
  const decisionSchema = z.object({ decision: text({ max: 2000 }) });
  app.get('/networks/:slug/decisions/:id/edit', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const { decision, meeting } = await decisionOf(req, m.network.id);
    return reply.page(h(DecisionFormPage, { ...m, meeting, decision, values: { decision: decision.text }, errors: {} }));
  });
  app.post('/networks/:slug/decisions/:id/edit', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const { decision, meeting } = await decisionOf(req, m.network.id);
    const form = parseForm(decisionSchema, req.body);
    if (!form.ok) return reply.page(h(DecisionFormPage, { ...m, meeting, decision, values: form.values, errors: form.errors }), { status: 400 });
    await db().transaction((tx) => updateDecision(tx, m.network.id, decision, form.data.decision, req.principal!.id));
    return reply.redirect(`/networks/${m.network.slug}/meetings/${meeting.id}?notice=saved#decisions`, 303);
  });
  app.post('/networks/:slug/decisions/:id/delete', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const { decision, meeting } = await decisionOf(req, m.network.id);
    if (!confirmed(req.body)) return reply.page(h(DecisionFormPage, { ...m, meeting, decision, values: { decision: decision.text }, errors: CONFIRM_ERROR }), { status: 400 });
    await db().transaction((tx) => deleteDecision(tx, m.network.id, decision, req.principal!.id));
    return reply.redirect(`/networks/${m.network.slug}/meetings/${meeting.id}?notice=deleted#decisions`, 303);
  });

  const actionPage = async (reply: FastifyReply, m: Awaited<ReturnType<typeof asMember>>, action: Action, values: FormValues, errors: Record<string, string>, status = 200) => {
    const [owners, meeting] = await Promise.all([actionOwnerChoices(db(), m.network.id, action), action.meetingId ? getMeeting(db(), m.network.id, action.meetingId) : null]);
    return reply.page(h(ActionFormPage, { ...m, action, meeting, owners, values, errors }), { status });
  };
  const actionValues = (a: Action): FormValues => ({ title: a.title, ownerUserId: a.ownerUserId ?? '', ownerOrganisationId: a.ownerOrganisationId ?? '', dueOn: a.dueOn });
  const afterAction = (slug: string, a: Action, notice: string) => (a.meetingId ? `/networks/${slug}/meetings/${a.meetingId}?notice=${notice}#actions` : `/networks/${slug}/space?notice=${notice}#actions`);
  app.get('/networks/:slug/actions/:id/edit', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const action = await itemOf(req, (id) => getAction(db(), m.network.id, id));
    return actionPage(reply, m, action, actionValues(action), {});
  });
  app.post('/networks/:slug/actions/:id/edit', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const action = await itemOf(req, (id) => getAction(db(), m.network.id, id));
    const owners = await actionOwnerChoices(db(), m.network.id, action);
    const userIds = owners.people.map((u) => u.id);
    const orgIds = owners.organisations.map((o) => o.id);
    const form = parseForm(actionSchema(userIds, orgIds), req.body);
    if (!form.ok) return actionPage(reply, m, action, form.values, form.errors, 400);
    const d = form.data;
    await db().transaction((tx) => updateAction(tx, action, { title: d.title, ownerUserId: d.ownerUserId || null, ownerOrganisationId: d.ownerOrganisationId || null, dueOn: d.dueOn }, req.principal!.id));
    return reply.redirect(afterAction(m.network.slug, action, 'saved'), 303);
  });
  app.post('/networks/:slug/actions/:id/delete', signedIn, async (req, reply) => {
    const m = await asManager(req);
    const action = await itemOf(req, (id) => getAction(db(), m.network.id, id));
    if (!confirmed(req.body)) return actionPage(reply, m, action, actionValues(action), CONFIRM_ERROR, 400);
    await db().transaction((tx) => deleteAction(tx, action, req.principal!.id));
    return reply.redirect(afterAction(m.network.slug, action, 'deleted'), 303);
  });
}

/** An agreement's form: the facts, and a document (new, or replacing the one it has). */
const agreementSchema = (orgIds: string[]) =>
  z
    .object({
      kind: z.enum(AGREEMENT_KINDS, { message: 'errors.choose' }),
      title: text({ max: 300 }),
      summary: text({ max: 4000, required: false }),
      parties: choices(orgIds),
      signedOn: optionalDay,
      validUntil: optionalDay,
      public: checkbox(),
      file: optionalFileField(),
      removeFile: checkbox(),
    })
    .refine((d) => !d.signedOn || !d.validUntil || d.validUntil >= d.signedOn, { path: ['validUntil'], message: 'networks.errors.validUntil' });
const checkedParties = (body: unknown) => ([] as unknown[]).concat((body as Record<string, unknown> | undefined)?.parties ?? []).filter((x): x is string => typeof x === 'string');
/** A deletion is confirmed by ticking a box, so that it works without JavaScript and is never one stray click. */
const confirmed = (body: unknown) => {
  const v = (body as Record<string, unknown> | undefined)?.confirm;
  return v === 'on' || v === 'true';
};
const CONFIRM_ERROR = { confirm: 'networks.errors.confirmDelete' };

const stringValues = (body: Record<string, unknown>): FormValues => Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string')) as FormValues;

