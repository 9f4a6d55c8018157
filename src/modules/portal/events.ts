import { and, asc, count, desc, eq, gt, inArray, lte, ne, sql } from 'drizzle-orm';
import icalGenerator, { ICalEventStatus } from 'ical-generator';
import { audit } from '../../platform/audit.js';
import { randomToken, sha256 } from '../../platform/auth/crypto.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { contentChanged } from '../../platform/content-version.js';
import { countryName } from '../../platform/i18n/countries.js';
import { translator, type Locale } from '../../platform/i18n/index.js';
import { signedMail } from '../../platform/mail/html.js';
import type { Platform } from '../../platform/platform.js';
import { viewFigures } from '../../platform/page-views.js';
import { indexItem, plainText } from '../../platform/search.js';
import { sheet } from '../../platform/spreadsheet.js';
import { isOutOfDate, pickTranslation, revisionFor, type Picked } from '../../platform/translations.js';
import { documents, documentTranslations, EVENT_KINDS, eventMaterials, eventRegistrations, events, eventTranslations, projects } from './schema.js';

export type EventRow = typeof events.$inferSelect;
export type EventText = typeof eventTranslations.$inferSelect;
export type EventKind = (typeof EVENT_KINDS)[number];
export type Registration = typeof eventRegistrations.$inferSelect;

/** Registration is possible while the event is published, open and has not started. */
export const registrationOpen = (e: EventRow, now = new Date()) => e.status === 'published' && e.registrationOpen && e.startsAt > now;

/** "Wednesday, 10 September 2025, 09:30 – 17:00" in the event's own time zone, followed by the zone's name. */
export function formatEventTime(locale: Locale, e: Pick<EventRow, 'startsAt' | 'endsAt' | 'timeZone'>): string {
  const f = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: e.timeZone });
  return `${f.formatRange(e.startsAt, e.endsAt)} (${e.timeZone.replace(/_/g, ' ')})`;
}

/** Venue, address and city, with the country in the reader's language; "online" for online events. */
export function formatEventPlace(locale: Locale, e: EventRow): string {
  const t = translator(locale);
  const place = [e.venue, e.address, e.city, e.country ? countryName(locale, e.country) : ''].filter(Boolean).join(', ');
  if (e.mode === 'online') return t('portal.events.mode.online');
  return e.mode === 'hybrid' ? `${place} · ${t('portal.events.mode.online')}` : place;
}

async function counts(db: DbOrTx, ids: string[]) {
  const rows = ids.length
    ? await db
        .select({ eventId: eventRegistrations.eventId, status: eventRegistrations.status, n: count() })
        .from(eventRegistrations)
        .where(and(inArray(eventRegistrations.eventId, ids), ne(eventRegistrations.status, 'cancelled')))
        .groupBy(eventRegistrations.eventId, eventRegistrations.status)
    : [];
  const of = (id: string, status: 'confirmed' | 'waiting') => Number(rows.find((r) => r.eventId === id && r.status === status)?.n ?? 0);
  return (id: string) => ({ confirmed: of(id, 'confirmed'), waiting: of(id, 'waiting') });
}

export interface EventCard {
  event: EventRow;
  project: { slug: string; acronym: string } | null;
  text: Picked<EventText>;
  confirmed: number;
  waiting: number;
}

async function cards(db: DbOrTx, rows: { e: EventRow; p: { slug: string; acronym: string } | null }[], locale: Locale): Promise<EventCard[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.e.id);
  const texts = await db.select().from(eventTranslations).where(inArray(eventTranslations.eventId, ids));
  const countOf = await counts(db, ids);
  return rows.flatMap(({ e, p }) => {
    const text = pickTranslation(
      texts.filter((x) => x.eventId === e.id),
      locale,
      e.sourceLocale,
    );
    return text ? [{ event: e, project: p, text, ...countOf(e.id) }] : [];
  });
}

export interface EventFilters {
  when: 'upcoming' | 'past';
  project?: string;
  kind?: EventKind;
}

/** Published and cancelled events: upcoming ones soonest first (an event in progress is still upcoming), past ones latest first. */
export async function listEvents(db: DbOrTx, opts: { locale: Locale; filters: EventFilters; page: number; pageSize: number }) {
  const f = opts.filters;
  const where = and(
    inArray(events.status, ['published', 'cancelled']),
    f.when === 'upcoming' ? gt(events.endsAt, sql`now()`) : lte(events.endsAt, sql`now()`),
    f.project ? eq(projects.slug, f.project) : undefined,
    f.kind ? eq(events.kind, f.kind) : undefined,
  );
  const [{ total }] = (await db.select({ total: count() }).from(events).leftJoin(projects, eq(projects.id, events.projectId)).where(where)) as [{ total: number }];
  const rows = await db
    .select({ e: events, p: { slug: projects.slug, acronym: projects.acronym } })
    .from(events)
    .leftJoin(projects, eq(projects.id, events.projectId))
    .where(where)
    .orderBy(f.when === 'upcoming' ? asc(events.startsAt) : desc(events.startsAt), asc(events.slug))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  return { total, items: await cards(db, rows, opts.locale) };
}

/** The latest 500 published or cancelled events, oldest first, for the calendar feeds (ended projects keep theirs). */
export async function calendarEvents(db: DbOrTx, locale: Locale, projectSlug?: string) {
  const rows = await db
    .select({ e: events, p: { slug: projects.slug, acronym: projects.acronym } })
    .from(events)
    .leftJoin(projects, eq(projects.id, events.projectId))
    .where(and(inArray(events.status, ['published', 'cancelled']), projectSlug ? eq(projects.slug, projectSlug) : undefined))
    .orderBy(desc(events.startsAt))
    .limit(500);
  return cards(db, rows.reverse(), locale);
}

export interface EventMaterial {
  slug: string;
  code: string | null;
  title: string;
  type: string;
}

async function materialsOf(db: DbOrTx, eventId: string, locale: Locale, publishedOnly: boolean): Promise<(EventMaterial & { id: string })[]> {
  const rows = await db
    .select({ d: documents })
    .from(eventMaterials)
    .innerJoin(documents, eq(documents.id, eventMaterials.documentId))
    .where(and(eq(eventMaterials.eventId, eventId), publishedOnly ? eq(documents.status, 'published') : undefined))
    .orderBy(asc(documents.code), asc(documents.slug));
  if (!rows.length) return [];
  const texts = await db
    .select()
    .from(documentTranslations)
    .where(
      inArray(
        documentTranslations.documentId,
        rows.map((r) => r.d.id),
      ),
    );
  return rows.map(({ d }) => ({
    id: d.id,
    slug: d.slug,
    code: d.code,
    type: d.type,
    title:
      pickTranslation(
        texts.filter((x) => x.documentId === d.id),
        locale,
        d.sourceLocale,
      )?.value.title ?? d.slug,
  }));
}

/** One event for its public page (or an editor's preview), with its places and materials. */
export async function getEvent(db: DbOrTx, slug: string, locale: Locale, opts: { preview?: boolean } = {}) {
  const [row] = await db
    .select({ e: events, p: { slug: projects.slug, acronym: projects.acronym } })
    .from(events)
    .leftJoin(projects, eq(projects.id, events.projectId))
    .where(and(eq(events.slug, slug), opts.preview ? undefined : inArray(events.status, ['published', 'cancelled'])));
  if (!row) return null;
  const [card] = await cards(db, [row], locale);
  if (!card) return null;
  return { ...card, materials: await materialsOf(db, row.e.id, locale, true) };
}
export type EventDetail = NonNullable<Awaited<ReturnType<typeof getEvent>>>;

// Registration.

export interface RegistrationInput {
  name: string;
  email: string;
  organisation: string;
  country: string | null;
  profession: string | null;
  locale: Locale;
  userId: string | null;
}

async function eventTitle(db: DbOrTx, e: EventRow, locale: Locale) {
  const texts = await db.select().from(eventTranslations).where(eq(eventTranslations.eventId, e.id));
  return pickTranslation(texts, locale, e.sourceLocale)?.value.title ?? e.slug;
}

type MailKind = 'confirmed' | 'waiting' | 'promoted' | 'again' | 'cancelled' | 'eventCancelled';

/** A registration e-mail in the registrant's language, with the event's time, place, calendar file and a fresh cancellation link. */
async function mailRegistrant(p: Platform, db: DbOrTx, e: EventRow, r: Pick<Registration, 'email' | 'locale' | 'status'>, kind: MailKind, token: string | null, position?: number) {
  const locale = r.locale as Locale;
  const t = translator(locale);
  const title = await eventTitle(db, e, locale);
  const url = (path: string) => `${p.config.publicUrl}${path}`;
  const lines = [t(`mail.event.${kind}.intro`, { title, position: position ?? 0 }), [t('mail.event.when', { when: formatEventTime(locale, e) }), t('mail.event.where', { where: formatEventPlace(locale, e) })].join('\n')];
  if (kind !== 'cancelled' && kind !== 'eventCancelled') {
    if ((r.status === 'confirmed' || kind === 'confirmed' || kind === 'promoted') && e.onlineUrl && e.mode !== 'in-person') lines.push(t('mail.event.online', { url: e.onlineUrl }));
    lines.push(t('mail.event.calendar', { url: url(`/events/${e.slug}/calendar.ics?lang=${locale}`) }));
    if (token) lines.push(t('mail.event.cancelLink', { url: url(`/events/registrations/${token}`) }));
  }
  lines.push(t('mail.event.page', { url: url(`/events/${e.slug}?lang=${locale}`) }));
  const subject = t(`mail.event.${kind}.subject`, { title });
  const text = lines.join('\n\n');
  await p.mailer.send(db, { to: r.email, ...signedMail(locale, t, subject, text) });
}

const newToken = () => {
  const token = randomToken();
  return { token, tokenHash: sha256(token) };
};

async function confirmedCount(db: DbOrTx, eventId: string) {
  const [{ n }] = (await db
    .select({ n: count() })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, 'confirmed')))) as [{ n: number }];
  return Number(n);
}

/**
 * Registers an address for an event: a place while places last, then the waiting list. The answer does not
 * say whether the address was already registered (the e-mail does), so registrations cannot be probed.
 */
export async function registerForEvent(p: Platform, slug: string, input: RegistrationInput): Promise<{ ok: true; status: 'confirmed' | 'waiting' | 'again' } | { ok: false; reason: 'not-found' | 'closed' }> {
  const email = input.email.trim().toLowerCase();
  return p.database.db.transaction(async (tx) => {
    // The event row is locked so that two people cannot take the last place at once.
    const [e] = await tx.select().from(events).where(eq(events.slug, slug)).for('update');
    if (!e || e.status === 'draft') return { ok: false as const, reason: 'not-found' as const };
    if (!registrationOpen(e)) return { ok: false as const, reason: 'closed' as const };
    const { token, tokenHash } = newToken();
    const [existing] = await tx
      .select()
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, e.id), eq(eventRegistrations.email, email), ne(eventRegistrations.status, 'cancelled')));
    if (existing) {
      // A new link replaces the old one: the token is stored only as a hash.
      await tx.update(eventRegistrations).set({ tokenHash }).where(eq(eventRegistrations.id, existing.id));
      await mailRegistrant(p, tx, e, existing, 'again', token);
      return { ok: true as const, status: 'again' as const };
    }
    const status = e.capacity === null || (await confirmedCount(tx, e.id)) < e.capacity ? ('confirmed' as const) : ('waiting' as const);
    const [r] = await tx
      .insert(eventRegistrations)
      .values({ eventId: e.id, userId: input.userId, name: input.name, email, organisation: input.organisation, country: input.country, profession: input.profession, locale: input.locale, status, tokenHash })
      .returning();
    const position = status === 'waiting' ? await waitingPosition(tx, r!) : undefined;
    await mailRegistrant(p, tx, e, r!, status, token, position);
    // The event's page shows the places left (or the waiting list).
    await contentChanged(tx);
    return { ok: true as const, status };
  });
}

async function waitingPosition(db: DbOrTx, r: Registration) {
  const [{ n }] = (await db
    .select({ n: count() })
    .from(eventRegistrations)
    // Compared in SQL with the stored time: PostgreSQL keeps microseconds that a JavaScript Date would drop.
    .where(and(eq(eventRegistrations.eventId, r.eventId), eq(eventRegistrations.status, 'waiting'), sql`${eventRegistrations.createdAt} <= (SELECT created_at FROM event_registrations WHERE id = ${r.id})`))) as [{ n: number }];
  return Number(n);
}

/** Gives free places to the waiting list, first come first served, and tells each person promoted. */
async function promoteWaiting(p: Platform, tx: DbOrTx, e: EventRow) {
  if (e.status !== 'published' || e.startsAt <= new Date()) return 0;
  const free = e.capacity === null ? Number.MAX_SAFE_INTEGER : e.capacity - (await confirmedCount(tx, e.id));
  if (free <= 0) return 0;
  const waiting = await tx
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, e.id), eq(eventRegistrations.status, 'waiting')))
    .orderBy(asc(eventRegistrations.createdAt), asc(eventRegistrations.id))
    .limit(Math.min(free, 1000));
  for (const w of waiting) {
    const { token, tokenHash } = newToken();
    await tx.update(eventRegistrations).set({ status: 'confirmed', tokenHash }).where(eq(eventRegistrations.id, w.id));
    await mailRegistrant(p, tx, e, { ...w, status: 'confirmed' }, 'promoted', token);
  }
  return waiting.length;
}

/** The registration behind a cancellation link, with its event, or null. */
export async function findRegistration(db: DbOrTx, token: string, locale: Locale) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await db.select({ r: eventRegistrations, e: events }).from(eventRegistrations).innerJoin(events, eq(events.id, eventRegistrations.eventId)).where(eq(eventRegistrations.tokenHash, sha256(token)));
  if (!row) return null;
  return { registration: row.r, event: row.e, title: await eventTitle(db, row.e, locale) };
}

/** Cancels a registration (by its holder's link, or by an editor); a freed place goes to the waiting list. */
export async function cancelRegistration(p: Platform, by: { token: string } | { id: string; eventId: string }): Promise<'cancelled' | 'already' | 'not-found'> {
  return p.database.db.transaction(async (tx) => {
    const where = 'token' in by ? eq(eventRegistrations.tokenHash, sha256(by.token)) : and(eq(eventRegistrations.id, by.id), eq(eventRegistrations.eventId, by.eventId));
    const [found] = await tx.select().from(eventRegistrations).where(where);
    if (!found) return 'not-found' as const;
    const [e] = await tx.select().from(events).where(eq(events.id, found.eventId)).for('update');
    const [r] = await tx.select().from(eventRegistrations).where(eq(eventRegistrations.id, found.id)).for('update');
    if (!e || !r) return 'not-found' as const;
    if (r.status === 'cancelled') return 'already' as const;
    await tx.update(eventRegistrations).set({ status: 'cancelled', cancelledAt: new Date() }).where(eq(eventRegistrations.id, r.id));
    await mailRegistrant(p, tx, e, r, 'cancelled', null);
    if (r.status === 'confirmed') await promoteWaiting(p, tx, e);
    await contentChanged(tx);
    return 'cancelled' as const;
  });
}

// Calendar files.

/** An iCalendar (RFC 5545) file of events: times in UTC, SEQUENCE from the event so that calendars pick up changes. */
export function eventsCalendar(opts: { baseUrl: string; name: string; locale: Locale; items: EventCard[] }): string {
  const host = new URL(opts.baseUrl).host;
  const cal = icalGenerator({ name: opts.name, prodId: { company: 'Ponte', product: 'Ponte events', language: opts.locale.toUpperCase() } });
  for (const c of opts.items) {
    const e = c.event;
    const url = `${opts.baseUrl}/events/${e.slug}`;
    cal.createEvent({
      id: `${e.id}@${host}`,
      sequence: e.sequence,
      start: e.startsAt,
      end: e.endsAt,
      stamp: e.updatedAt,
      lastModified: e.updatedAt,
      summary: c.text.value.title,
      description: [c.text.value.summary, url].filter(Boolean).join('\n\n'),
      location: formatEventPlace(opts.locale, e) || null,
      url,
      status: e.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}

// Editors.

export interface EventMeta {
  projectId: string | null;
  kind: EventKind;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  mode: 'in-person' | 'online' | 'hybrid';
  venue: string;
  address: string;
  city: string;
  country: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  registrationOpen: boolean;
}

export async function createEvent(db: DbOrTx, input: EventMeta & { slug: string; sourceLocale: Locale; title: string; summary: string; body: string }): Promise<{ id: string } | { error: 'slug-taken' }> {
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: events.id }).from(events).where(eq(events.slug, input.slug));
    if (taken) return { error: 'slug-taken' as const };
    const { title, summary, body, ...meta } = input;
    const [e] = await tx.insert(events).values(meta).returning();
    await tx.insert(eventTranslations).values({ eventId: e!.id, locale: input.sourceLocale, title, summary, body });
    await contentChanged(tx);
    return { id: e!.id };
  });
}

/** Changes the event's facts; calendars see a new SEQUENCE when time or place changed, and freed places go to the waiting list. */
export async function updateEventMeta(p: Platform, id: string, meta: EventMeta) {
  await p.database.db.transaction(async (tx) => {
    const [e] = await tx.select().from(events).where(eq(events.id, id)).for('update');
    if (!e) return;
    const moved = e.startsAt.getTime() !== meta.startsAt.getTime() || e.endsAt.getTime() !== meta.endsAt.getTime() || e.venue !== meta.venue || e.address !== meta.address || e.city !== meta.city || e.mode !== meta.mode;
    const [updated] = await tx
      .update(events)
      .set({ ...meta, sequence: moved ? e.sequence + 1 : e.sequence, updatedAt: new Date() })
      .where(eq(events.id, id))
      .returning();
    await promoteWaiting(p, tx, updated!);
    await indexEvent(tx, id);
    await contentChanged(tx);
  });
}

export async function saveEventTranslation(db: DbOrTx, id: string, locale: Locale, text: { title: string; summary: string; body: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [e] = await tx.select().from(events).where(eq(events.id, id));
    if (!e) return false;
    const rows = await tx.select().from(eventTranslations).where(eq(eventTranslations.eventId, id));
    const joined = (x: { title: string; summary: string; body: string }) => `${x.title}\u0000${x.summary}\u0000${x.body}`;
    const rev = revisionFor(rows, e.sourceLocale, locale, joined, joined(text));
    await tx
      .insert(eventTranslations)
      .values({ eventId: id, locale, ...text, ...rev })
      .onConflictDoUpdate({ target: [eventTranslations.eventId, eventTranslations.locale], set: { ...text, ...rev } });
    await tx.update(events).set({ updatedAt: new Date() }).where(eq(events.id, id));
    await indexEvent(tx, id);
    await contentChanged(tx);
    return true;
  });
}

/** Publishes, withdraws or cancels an event. Cancelling tells every registered person and keeps the event online, marked cancelled. */
export async function setEventStatus(p: Platform, id: string, status: 'draft' | 'published' | 'cancelled') {
  await p.database.db.transaction(async (tx) => {
    const [e] = await tx.select().from(events).where(eq(events.id, id)).for('update');
    if (!e || e.status === status) return;
    const [updated] = await tx
      .update(events)
      .set({ status, sequence: status === 'cancelled' ? e.sequence + 1 : e.sequence, updatedAt: new Date() })
      .where(eq(events.id, id))
      .returning();
    if (status === 'cancelled') {
      const live = await tx
        .select()
        .from(eventRegistrations)
        .where(and(eq(eventRegistrations.eventId, id), ne(eventRegistrations.status, 'cancelled')));
      for (const r of live) await mailRegistrant(p, tx, updated!, r, 'eventCancelled', null);
    }
    await indexEvent(tx, id);
    await contentChanged(tx);
  });
}

export async function listEventsForEditors(db: DbOrTx, locale: Locale) {
  const rows = await db.select({ e: events, p: projects.acronym }).from(events).leftJoin(projects, eq(projects.id, events.projectId)).orderBy(desc(events.startsAt));
  if (!rows.length) return [];
  const ids = rows.map((r) => r.e.id);
  const texts = await db.select().from(eventTranslations).where(inArray(eventTranslations.eventId, ids));
  const countOf = await counts(db, ids);
  const views = await viewFigures(db, 'event', ids);
  return rows.map(({ e, p }) => {
    const mine = texts.filter((x) => x.eventId === e.id);
    const source = mine.find((x) => x.locale === e.sourceLocale);
    return {
      event: e,
      project: p,
      title: pickTranslation(mine, locale, e.sourceLocale)?.value.title ?? e.slug,
      languages: mine.map((x) => ({ locale: x.locale, outOfDate: isOutOfDate(x, source, e.sourceLocale) })).sort((a, b) => a.locale.localeCompare(b.locale)),
      ...countOf(e.id),
      views: views.get(e.id) ?? { last30: 0, total: 0 },
    };
  });
}

export async function getEventForEditing(db: DbOrTx, id: string, locale: Locale) {
  const [e] = await db.select().from(events).where(eq(events.id, id));
  if (!e) return null;
  const texts = await db.select().from(eventTranslations).where(eq(eventTranslations.eventId, id));
  const countOf = await counts(db, [id]);
  return { event: e, texts, materials: await materialsOf(db, id, locale, false), ...countOf(id) };
}
export type EventForEditing = NonNullable<Awaited<ReturnType<typeof getEventForEditing>>>;

/** Materials are documents of the library; attaching one twice is harmless. */
export async function attachMaterial(db: DbOrTx, eventId: string, documentId: string): Promise<boolean> {
  const [d] = await db.select({ id: documents.id }).from(documents).where(eq(documents.id, documentId));
  if (!d) return false;
  await db.transaction(async (tx) => {
    await tx.insert(eventMaterials).values({ eventId, documentId }).onConflictDoNothing();
    await tx.update(events).set({ updatedAt: new Date() }).where(eq(events.id, eventId));
    await contentChanged(tx);
  });
  return true;
}

export async function detachMaterial(db: DbOrTx, eventId: string, documentId: string) {
  await db.transaction(async (tx) => {
    await tx.delete(eventMaterials).where(and(eq(eventMaterials.eventId, eventId), eq(eventMaterials.documentId, documentId)));
    await contentChanged(tx);
  });
}

/** Registrations of an event, waiting list in order, then cancelled ones. */
export async function listRegistrations(db: DbOrTx, eventId: string) {
  const rows = await db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId)).orderBy(asc(eventRegistrations.createdAt), asc(eventRegistrations.id));
  const order = { confirmed: 0, waiting: 1, cancelled: 2 } as const;
  return rows.sort((a, b) => order[a.status] - order[b.status]);
}

/**
 * The attendee list for funder reporting, as CSV (UTF-8 with BOM, for spreadsheet programs) or XLSX. The export
 * holds personal data: it is audited, by whom and of which event, without the data itself.
 */
export async function exportRegistrations(p: Platform, eventId: string, format: 'csv' | 'xlsx', opts: { locale: Locale; actorId: string; requestId: string }): Promise<Buffer> {
  const t = translator(opts.locale);
  const rows = await listRegistrations(p.database.db, eventId);
  const bytes = await sheet(
    format,
    t('portal.events.registrations'),
    [
      { header: t('portal.events.attendee.status'), key: 'status', width: 14 },
      { header: t('portal.events.attendee.name'), key: 'name', width: 28 },
      { header: t('portal.events.attendee.email'), key: 'email', width: 32 },
      { header: t('portal.events.attendee.organisation'), key: 'organisation', width: 32 },
      { header: t('portal.events.attendee.country'), key: 'country', width: 18 },
      { header: t('portal.events.attendee.profession'), key: 'profession', width: 22 },
      { header: t('portal.events.attendee.language'), key: 'language', width: 10 },
      { header: t('portal.events.attendee.registeredAt'), key: 'registeredAt', width: 22 },
      { header: t('portal.events.attendee.cancelledAt'), key: 'cancelledAt', width: 22 },
    ],
    rows.map((r) => ({
      status: t(`portal.events.status.${r.status}`),
      name: r.name,
      email: r.email,
      organisation: r.organisation,
      country: r.country ? countryName(opts.locale, r.country) : '',
      profession: r.profession ? t(`profession.${r.profession}`) : '',
      language: r.locale,
      registeredAt: r.createdAt.toISOString(),
      cancelledAt: r.cancelledAt?.toISOString() ?? '',
    })),
  );
  await audit(p.database.db, { actorId: opts.actorId, action: 'event.registrations.export', outcome: 'success', targetType: 'event', targetId: eventId, requestId: opts.requestId, details: { format, rows: rows.length } });
  return bytes;
}

/** Published (and cancelled) events enter the site search in each language they have; drafts leave it. */
export async function indexEvent(db: DbOrTx, id: string) {
  const [e] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, id), inArray(events.status, ['published', 'cancelled'])));
  if (!e) return indexItem(db, 'event', id, []);
  const texts = await db.select().from(eventTranslations).where(eq(eventTranslations.eventId, id));
  await indexItem(
    db,
    'event',
    id,
    texts.map((x) => ({ locale: x.locale, title: x.title, summary: x.summary, body: `${plainText(x.body)}\n${[e.venue, e.city].filter(Boolean).join(', ')}`, url: `/events/${e.slug}`, projectId: e.projectId, publishedAt: e.startsAt })),
  );
}
