import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asc } from 'drizzle-orm';
import { h } from 'preact';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.js';
import { checkbox, email, localDateTime, pageParam, parseForm, slugField, text, slugParam as slugSchema } from '../../platform/http/forms.js';
import { isCountry } from '../../platform/i18n/countries.js';
import { isLocale, LOCALES, translator, type Locale } from '../../platform/i18n/index.js';
import { instantToZonedTime, isTimeZone, zonedTimeToInstant } from '../../platform/i18n/time-zones.js';
import { PROFESSIONS } from '../../platform/identity/users.js';
import type { Platform } from '../../platform/platform.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { contentDisposition } from '../../platform/storage.js';
import {
  attachMaterial,
  calendarEvents,
  cancelRegistration,
  createEvent,
  detachMaterial,
  eventsCalendar,
  exportRegistrations,
  findRegistration,
  getEvent,
  getEventForEditing,
  listEvents,
  listEventsForEditors,
  listRegistrations,
  registerForEvent,
  saveEventTranslation,
  setEventStatus,
  updateEventMeta,
  type EventDetail,
  type EventFilters,
  type EventForEditing,
  type EventMeta,
} from './events.js';
import { EDITOR_NOTICES, textFields } from './news-routes.js';
import { jsonLd } from './json-ld.js';
import { getProject } from './service.js';
import { documents, documentTranslations, EVENT_KINDS, projects } from './schema.js';
import { EditorEventEdit, EditorEventNew, EditorEventRegistrations, EditorEventsList, EventPage, EventsListPage, RegistrationPage } from './views/events.js';

const PAGE_SIZE = 12;
const uuid = z.string().uuid();

const metaSchema = z
  .object({
    projectId: z.union([z.literal(''), uuid], { message: 'errors.choose' }).optional(),
    kind: z.enum(EVENT_KINDS, { message: 'errors.choose' }),
    startsAt: localDateTime(),
    endsAt: localDateTime(),
    timeZone: z.string({ message: 'errors.timeZone' }).trim().refine(isTimeZone, 'errors.timeZone'),
    mode: z.enum(['in-person', 'online', 'hybrid'], { message: 'errors.choose' }),
    venue: text({ max: 200, required: false }),
    address: text({ max: 300, required: false }),
    city: text({ max: 100, required: false }),
    country: z.union([z.literal(''), z.string().refine(isCountry)], { message: 'errors.choose' }).optional(),
    onlineUrl: text({ max: 500, required: false }).refine((v) => v === '' || /^https:\/\/[^\s]+$/.test(v), 'errors.httpsUrl'),
    capacity: z.union([z.literal(''), z.coerce.number({ message: 'errors.capacity' }).int('errors.capacity').min(1, 'errors.capacity').max(100_000, 'errors.capacity')], { message: 'errors.capacity' }).optional(),
    registrationOpen: checkbox(),
  })
  .superRefine((d, ctx) => {
    if (d.mode !== 'online' && !d.city) ctx.addIssue({ code: 'custom', path: ['city'], message: 'errors.cityRequired' });
    if (d.mode !== 'in-person' && !d.onlineUrl) ctx.addIssue({ code: 'custom', path: ['onlineUrl'], message: 'errors.onlineUrlRequired' });
    const start = zonedTimeToInstant(d.startsAt, d.timeZone);
    const end = zonedTimeToInstant(d.endsAt, d.timeZone);
    if (isTimeZone(d.timeZone) && !start) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'errors.dateTime' });
    if (isTimeZone(d.timeZone) && !end) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'errors.dateTime' });
    if (start && end && end <= start) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'errors.endBeforeStart' });
  });

const toMeta = (d: z.infer<typeof metaSchema>): EventMeta => ({
  projectId: d.projectId || null,
  kind: d.kind,
  startsAt: zonedTimeToInstant(d.startsAt, d.timeZone)!,
  endsAt: zonedTimeToInstant(d.endsAt, d.timeZone)!,
  timeZone: d.timeZone,
  mode: d.mode,
  venue: d.venue,
  address: d.address,
  city: d.city,
  country: d.country || null,
  onlineUrl: d.onlineUrl || null,
  capacity: d.capacity === '' || d.capacity === undefined ? null : d.capacity,
  registrationOpen: d.registrationOpen,
});

const registrationSchema = z.object({
  name: text({ max: 200 }),
  email: email(),
  organisation: text({ max: 200, required: false }),
  country: z.union([z.literal(''), z.string().refine(isCountry)], { message: 'errors.choose' }).optional(),
  profession: z.union([z.literal(''), z.enum(PROFESSIONS, { message: 'errors.choose' })]).optional(),
  consent: z.literal('on', { message: 'errors.eventConsent' }),
});

/** Events: the public list and pages, registration with a waiting list, calendar files, and the editors' side. */
export function eventRoutes(app: FastifyInstance, p: Platform) {
  const pub = { config: { access: 'public' as const } };
  const cached = { config: { access: 'public' as const, pageCache: true as const } };
  const editors = { config: { access: { roles: ['editor'] as const } } };
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  const projectOptions = () => p.database.db.select({ id: projects.id, slug: projects.slug, acronym: projects.acronym }).from(projects).orderBy(asc(projects.acronym));

  const filtersOf = (req: FastifyRequest): EventFilters => {
    const project = typeof q(req).project === 'string' && slugSchema.safeParse(q(req).project).success ? (q(req).project as string) : undefined;
    const kind = (EVENT_KINDS as readonly string[]).includes(q(req).kind as string) ? (q(req).kind as EventFilters['kind']) : undefined;
    return { when: q(req).when === 'past' ? 'past' : 'upcoming', project, kind };
  };
  app.get('/events', cached, async (req, reply) => {
    const page = pageParam(q(req).page);
    const filters = filtersOf(req);
    const { total, items } = await listEvents(p.database.db, { locale: req.locale, filters, page, pageSize: PAGE_SIZE });
    return reply.page(h(EventsListPage, { items, total, page, pageSize: PAGE_SIZE, filters, projects: await projectOptions() }));
  });

  const found = async (req: FastifyRequest) => {
    const slug = (req.params as { slug: string }).slug;
    const e = slugSchema.safeParse(slug).success ? await getEvent(p.database.db, slug, req.locale) : null;
    if (!e) throw new HttpError(404, 'error.404.body');
    return e;
  };
  const eventPage = async (req: FastifyRequest, e: EventDetail, extra: { values?: Record<string, string>; errors?: Record<string, string>; preview?: boolean } = {}) => {
    const me = req.principal;
    const values = extra.values ?? (me ? { name: me.name, email: me.email } : {});
    return h(EventPage, { item: e, project: e.project ? await getProject(p.database.db, e.project.slug, req.locale) : null, values, errors: extra.errors ?? {}, preview: extra.preview, canonical: `${p.config.publicUrl}/events/${e.event.slug}`, jsonLd: eventJsonLd(p, e) });
  };
  app.get('/events/:slug', cached, async (req, reply) => {
    const e = await found(req);
    return reply.page(await eventPage(req, e), { view: { type: 'event', id: e.event.id } });
  });

  app.post('/events/:slug/register', pub, async (req, reply) => {
    const e = await found(req);
    const form = parseForm(registrationSchema, req.body);
    if (!form.ok) return reply.page(await eventPage(req, e, { values: form.values, errors: form.errors }), { status: 400 });
    const wait = await p.limiter.hit(RATE_LIMITS.eventRegistrationByIp, req.ip);
    if (wait) throw new HttpError(429, 'error.429.body', String(wait));
    const d = form.data;
    const r = await registerForEvent(p, e.event.slug, { name: d.name, email: d.email, organisation: d.organisation, country: d.country || null, profession: d.profession || null, locale: req.locale, userId: req.principal?.id ?? null });
    if (!r.ok && r.reason === 'not-found') throw new HttpError(404, 'error.404.body');
    if (!r.ok) return reply.page(await eventPage(req, await found(req), { values: form.values, errors: { _form: 'portal.events.closed' } }), { status: 409 });
    return reply.page(h(RegistrationPage, { kind: 'sent', title: e.text.value.title, slug: e.event.slug, email: d.email }));
  });

  // Self-cancellation: the link from the e-mail opens a page; only its button (a POST) cancels, so link scanners cannot.
  const registration = async (req: FastifyRequest) => {
    const r = await findRegistration(p.database.db, (req.params as { token: string }).token, req.locale);
    if (!r) throw new HttpError(404, 'portal.events.linkUnknown');
    return r;
  };
  app.get('/events/registrations/:token', pub, async (req, reply) => {
    const r = await registration(req);
    return reply.header('referrer-policy', 'no-referrer').page(h(RegistrationPage, { kind: r.registration.status === 'cancelled' ? 'cancelled' : 'manage', title: r.title, slug: r.event.slug, status: r.registration.status, token: (req.params as { token: string }).token, event: r.event }));
  });
  app.post('/events/registrations/:token/cancel', pub, async (req, reply) => {
    const r = await registration(req);
    await cancelRegistration(p, { token: (req.params as { token: string }).token });
    return reply.header('referrer-policy', 'no-referrer').page(h(RegistrationPage, { kind: 'cancelled', title: r.title, slug: r.event.slug }));
  });

  // Calendar files: one per event, and feeds site-wide and per project.
  const ics = (body: string, name: string) => (reply: FastifyReply) => reply.header('content-type', 'text/calendar; charset=utf-8').header('content-disposition', contentDisposition('inline', `${name}.ics`)).send(body);
  app.get('/events/:slug/calendar.ics', cached, async (req, reply) => {
    const e = await found(req);
    return ics(eventsCalendar({ baseUrl: p.config.publicUrl, name: e.text.value.title, locale: req.locale, items: [e] }), e.event.slug)(reply);
  });
  app.get('/events/calendar.ics', cached, async (req, reply) => {
    const t = translator(req.locale);
    return ics(eventsCalendar({ baseUrl: p.config.publicUrl, name: `${t('portal.events.title')} · Ponte`, locale: req.locale, items: await calendarEvents(p.database.db, req.locale) }), 'events')(reply);
  });
  app.get('/projects/:project/events/calendar.ics', cached, async (req, reply) => {
    const slug = (req.params as { project: string }).project;
    const project = (await projectOptions()).find((x) => x.slug === slug);
    if (!project) throw new HttpError(404, 'error.404.body');
    const t = translator(req.locale);
    return ics(eventsCalendar({ baseUrl: p.config.publicUrl, name: `${t('portal.events.title')} · ${project.acronym}`, locale: req.locale, items: await calendarEvents(p.database.db, req.locale, slug) }), `${slug}-events`)(reply);
  });

  // Editors.
  const notice = (req: FastifyRequest) => (typeof q(req).notice === 'string' && EDITOR_NOTICES.has(q(req).notice as string) ? (q(req).notice as string) : null);
  app.get('/editor/events', editors, async (req, reply) => reply.page(h(EditorEventsList, { rows: await listEventsForEditors(p.database.db, req.locale), notice: notice(req) })));
  const newDefaults = { timeZone: 'Europe/Rome', mode: 'in-person', registrationOpen: 'on' };
  app.get('/editor/events/new', editors, async (_req, reply) => reply.page(h(EditorEventNew, { values: newDefaults, projects: await projectOptions() })));
  app.post('/editor/events/new', editors, async (req, reply) => {
    const form = parseForm(z.intersection(metaSchema, z.object({ sourceLocale: z.enum(LOCALES, { message: 'errors.choose' }), slug: slugField(), ...textFields })), req.body);
    const fail = async (errors: Record<string, string>) => reply.page(h(EditorEventNew, { values: form.values, errors, projects: await projectOptions() }), { status: 400 });
    if (!form.ok) return fail(form.errors);
    const d = form.data;
    if (d.projectId && !(await projectOptions()).some((x) => x.id === d.projectId)) return fail({ projectId: 'errors.choose' });
    const r = await createEvent(p.database.db, { ...toMeta(d), slug: d.slug, sourceLocale: d.sourceLocale, title: d.title, summary: d.summary ?? '', body: d.body ?? '' });
    if ('error' in r) return fail({ slug: 'errors.slugTaken' });
    return reply.redirect(`/editor/events/${r.id}?notice=created`, 303);
  });

  const editing = async (req: FastifyRequest) => {
    const id = (req.params as { id: string }).id;
    const f = uuid.safeParse(id).success ? await getEventForEditing(p.database.db, id, req.locale) : null;
    if (!f) throw new HttpError(404, 'error.404.body');
    return f;
  };
  const documentOptions = async (locale: Locale) => {
    const rows = await p.database.db.select({ id: documents.id, code: documents.code, slug: documents.slug, sourceLocale: documents.sourceLocale }).from(documents).orderBy(asc(documents.code), asc(documents.slug));
    const texts = await p.database.db.select({ documentId: documentTranslations.documentId, locale: documentTranslations.locale, title: documentTranslations.title }).from(documentTranslations);
    return rows.map((d) => {
      const mine = texts.filter((x) => x.documentId === d.id);
      const title = (mine.find((x) => x.locale === locale) ?? mine.find((x) => x.locale === d.sourceLocale))?.title ?? d.slug;
      return { value: d.id, label: d.code ? `${d.code} · ${title}` : title };
    });
  };
  const editPage = async (req: FastifyRequest, f: EventForEditing, locale: string, extra: { values?: Record<string, string>; errors?: Record<string, string>; section?: 'text' | 'meta' | 'materials' } = {}) => {
    const e = f.event;
    const row = f.texts.find((x) => x.locale === locale);
    const meta = {
      projectId: e.projectId ?? '',
      kind: e.kind,
      startsAt: instantToZonedTime(e.startsAt, e.timeZone),
      endsAt: instantToZonedTime(e.endsAt, e.timeZone),
      timeZone: e.timeZone,
      mode: e.mode,
      venue: e.venue,
      address: e.address,
      city: e.city,
      country: e.country ?? '',
      onlineUrl: e.onlineUrl ?? '',
      capacity: e.capacity === null ? '' : String(e.capacity),
      registrationOpen: e.registrationOpen ? 'on' : '',
    };
    const values = { title: row?.title ?? '', summary: row?.summary ?? '', body: row?.body ?? '', ...meta, ...extra.values };
    return h(EditorEventEdit, { found: f, editing: locale, values, errors: extra.errors ?? {}, section: extra.section, notice: notice(req), projects: await projectOptions(), documents: await documentOptions(req.locale) });
  };
  app.get('/editor/events/:id', editors, async (req, reply) => {
    const f = await editing(req);
    return reply.page(await editPage(req, f, isLocale(q(req).edit) ? (q(req).edit as Locale) : f.event.sourceLocale));
  });
  app.post('/editor/events/:id/text', editors, async (req, reply) => {
    const f = await editing(req);
    const form = parseForm(z.object({ locale: z.enum(LOCALES), ...textFields }), req.body);
    const locale = isLocale((req.body as Record<string, unknown>)?.locale) ? ((req.body as Record<string, unknown>).locale as Locale) : f.event.sourceLocale;
    if (!form.ok) return reply.page(await editPage(req, f, locale, { values: form.values, errors: form.errors, section: 'text' }), { status: 400 });
    await saveEventTranslation(p.database.db, f.event.id, form.data.locale, { title: form.data.title, summary: form.data.summary ?? '', body: form.data.body ?? '' });
    return reply.redirect(`/editor/events/${f.event.id}?edit=${form.data.locale}&notice=saved`, 303);
  });
  app.post('/editor/events/:id/meta', editors, async (req, reply) => {
    const f = await editing(req);
    const form = parseForm(metaSchema, req.body);
    const fail = async (errors: Record<string, string>) => reply.page(await editPage(req, f, f.event.sourceLocale, { values: { registrationOpen: '', ...form.values }, errors, section: 'meta' }), { status: 400 });
    if (!form.ok) return fail(form.errors);
    if (form.data.projectId && !(await projectOptions()).some((x) => x.id === form.data.projectId)) return fail({ projectId: 'errors.choose' });
    await updateEventMeta(p, f.event.id, toMeta(form.data));
    return reply.redirect(`/editor/events/${f.event.id}?notice=saved`, 303);
  });
  app.post('/editor/events/:id/state', editors, async (req, reply) => {
    const f = await editing(req);
    const action = (req.body as Record<string, unknown>)?.action;
    const status = action === 'publish' ? 'published' : action === 'draft' ? 'draft' : action === 'cancel' ? 'cancelled' : null;
    if (!status) throw new HttpError(400, 'errors.choose');
    await setEventStatus(p, f.event.id, status);
    return reply.redirect(`/editor/events/${f.event.id}?notice=${status === 'published' ? 'published' : status === 'draft' ? 'unpublished' : 'cancelled'}`, 303);
  });
  app.post('/editor/events/:id/materials', editors, async (req, reply) => {
    const f = await editing(req);
    const form = parseForm(z.object({ documentId: z.string({ message: 'errors.choose' }).uuid('errors.choose') }), req.body);
    if (!form.ok || !(await attachMaterial(p.database.db, f.event.id, form.data.documentId))) {
      return reply.page(await editPage(req, f, f.event.sourceLocale, { values: form.values, errors: { documentId: 'errors.choose' }, section: 'materials' }), { status: 400 });
    }
    return reply.redirect(`/editor/events/${f.event.id}?notice=saved#materials-title`, 303);
  });
  app.post('/editor/events/:id/materials/:document/delete', editors, async (req, reply) => {
    const f = await editing(req);
    const documentId = (req.params as { document: string }).document;
    if (!uuid.safeParse(documentId).success) throw new HttpError(404, 'error.404.body');
    await detachMaterial(p.database.db, f.event.id, documentId);
    return reply.redirect(`/editor/events/${f.event.id}?notice=deleted#materials-title`, 303);
  });
  app.get('/editor/events/:id/preview', editors, async (req, reply) => {
    const f = await editing(req);
    const e = await getEvent(p.database.db, f.event.slug, isLocale(q(req).lang) ? (q(req).lang as Locale) : req.locale, { preview: true });
    if (!e) throw new HttpError(404, 'error.404.body');
    return reply.page(await eventPage(req, e, { preview: true }));
  });

  // Registrations and the attendee list.
  app.get('/editor/events/:id/registrations', editors, async (req, reply) => {
    const f = await editing(req);
    return reply.page(h(EditorEventRegistrations, { found: f, rows: await listRegistrations(p.database.db, f.event.id), notice: notice(req) }));
  });
  app.post('/editor/events/:id/registrations/:registration/cancel', editors, async (req, reply) => {
    const f = await editing(req);
    const id = (req.params as { registration: string }).registration;
    if (!uuid.safeParse(id).success || (await cancelRegistration(p, { id, eventId: f.event.id })) === 'not-found') throw new HttpError(404, 'error.404.body');
    return reply.redirect(`/editor/events/${f.event.id}/registrations?notice=saved`, 303);
  });
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/editor/events/:id/registrations.${format}`, editors, async (req, reply) => {
      const f = await editing(req);
      const bytes = await exportRegistrations(p, f.event.id, format, { locale: req.locale, actorId: req.principal!.id, requestId: req.id });
      return reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition('attachment', `${f.event.slug}-attendees.${format}`))
        .header('cache-control', 'no-store')
        .send(bytes);
    });
  }
}

const ATTENDANCE_MODES = { 'in-person': 'OfflineEventAttendanceMode', online: 'OnlineEventAttendanceMode', hybrid: 'MixedEventAttendanceMode' } as const;

/** schema.org Event. */
function eventJsonLd(p: Platform, item: EventDetail): string {
  const e = item.event;
  const place = { '@type': 'Place', name: e.venue || e.city, address: { '@type': 'PostalAddress', streetAddress: e.address || undefined, addressLocality: e.city || undefined, addressCountry: e.country ?? undefined } };
  const url = `${p.config.publicUrl}/events/${e.slug}`;
  return jsonLd({
    '@type': 'Event',
    name: item.text.value.title,
    description: item.text.value.summary,
    inLanguage: item.text.locale,
    startDate: e.startsAt.toISOString(),
    endDate: e.endsAt.toISOString(),
    eventStatus: `https://schema.org/${e.status === 'cancelled' ? 'EventCancelled' : 'EventScheduled'}`,
    eventAttendanceMode: `https://schema.org/${ATTENDANCE_MODES[e.mode]}`,
    location: e.mode === 'online' ? { '@type': 'VirtualLocation', url } : e.mode === 'hybrid' ? [place, { '@type': 'VirtualLocation', url }] : place,
    url,
    isAccessibleForFree: true,
    ...(e.capacity !== null ? { maximumAttendeeCapacity: e.capacity, remainingAttendeeCapacity: Math.max(0, e.capacity - item.confirmed) } : {}),
    organizer: item.project ? { '@type': 'Organization', name: item.project.acronym, url: `${p.config.publicUrl}/projects/${item.project.slug}` } : { '@type': 'Organization', name: 'Ponte', url: p.config.publicUrl },
  });
}
