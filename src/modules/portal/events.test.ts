import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, lastMail, linkIn, testApp, signedInAs, withoutAnswerValues } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { auditEvents, mailOutbox } from '../../platform/schema.js';
import { instantToZonedTime, zonedTimeToInstant } from '../../platform/i18n/time-zones.js';
import { registerForEvent } from './events.js';
import { eventRegistrations, events } from './schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;
const visitor = (lang = 'en') => new Client(ctx.app, { 'accept-language': lang });
const db = () => ctx.platform.database.db;
const WEBINAR = 'ponte-demo-webinar';

const registrationForm = (email: string, extra: Record<string, string> = {}) => ({ name: 'Dana Example', email, organisation: 'CSM Distretto Esempio', country: 'IT', profession: 'psychologist', consent: 'on', ...extra });
const statusOf = async (email: string, slug = WEBINAR) => {
  const [e] = await db().select().from(events).where(eq(events.slug, slug));
  const [r] = await db()
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, e!.id), eq(eventRegistrations.email, email)));
  return r?.status;
};
/** A fresh published event with a given number of places, made through the editors' forms. */
async function newEvent(slug: string, capacity: string, extra: Record<string, string> = {}) {
  await editor.get('/editor/events/new');
  const res = await editor.post('/editor/events/new', {
    sourceLocale: 'en',
    slug,
    title: `Workshop ${slug}`,
    summary: 'A small workshop.',
    body: '',
    kind: 'public-meeting',
    startsAt: '2030-04-02 10:00',
    endsAt: '2030-04-02 12:00',
    timeZone: 'Europe/Rome',
    mode: 'in-person',
    venue: 'Sala Esempio',
    address: 'Via Esempio 1',
    city: 'Roma',
    country: 'IT',
    onlineUrl: '',
    capacity,
    registrationOpen: 'on',
    ...extra,
  });
  expect(res.statusCode).toBe(303);
  const id = /\/editor\/events\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
  await editor.post(`/editor/events/${id}/state`, { action: 'publish' });
  return id;
}

beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
  editor = await signedInAs(ctx, 'events-editor@example.org', 'editor');
});
afterAll(async () => ctx?.close());

describe('time zones', () => {
  it('turns local times into instants in the event’s zone, across daylight-saving changes', () => {
    expect(zonedTimeToInstant('2025-09-10 09:30', 'Europe/Rome')!.toISOString()).toBe('2025-09-10T07:30:00.000Z');
    expect(zonedTimeToInstant('2025-01-15 09:30', 'Europe/Rome')!.toISOString()).toBe('2025-01-15T08:30:00.000Z');
    expect(zonedTimeToInstant('2025-07-01 18:00', 'America/New_York')!.toISOString()).toBe('2025-07-01T22:00:00.000Z');
    // 02:30 does not exist on 30 March 2025 in Rome (clocks jump from 02:00 to 03:00): it moves forward.
    expect(zonedTimeToInstant('2025-03-30 02:30', 'Europe/Rome')!.toISOString()).toBe('2025-03-30T01:30:00.000Z');
    // 02:30 happens twice on 26 October 2025: the first one is taken.
    expect(zonedTimeToInstant('2025-10-26 02:30', 'Europe/Rome')!.toISOString()).toBe('2025-10-26T00:30:00.000Z');
    expect(instantToZonedTime(new Date('2025-09-10T07:30:00Z'), 'Europe/Rome')).toBe('2025-09-10 09:30');
    expect(zonedTimeToInstant('2025-02-30 09:00', 'Europe/Rome')).toBeNull();
    expect(zonedTimeToInstant('2025-09-10 09:30', 'Mars/Olympus')).toBeNull();
  });
});

describe('events for visitors', () => {
  it('lists upcoming and past events with filters, times in the event’s zone', async () => {
    const upcoming = await visitor().get('/events');
    expect(upcoming.statusCode).toBe(200);
    expect(upcoming.body).toContain('Demo: an online tour of this platform');
    expect(upcoming.body).not.toContain('Train-the-trainers meeting in Milan');
    const past = await visitor().get('/events?when=past');
    expect(past.body).toContain('Train-the-trainers meeting in Milan');
    expect(past.body).toContain('EU-MiCare Italian closing event');
    expect(past.body).toContain('Wednesday, September 10, 2025');
    expect(past.body).toContain('9:30'); // local time in Milan, not UTC
    expect(past.body).toContain('Europe/Rome');
    const ttt = await visitor().get('/events?when=past&kind=train-the-trainers');
    expect(ttt.body).toContain('Train-the-trainers meeting in Milan');
    expect(ttt.body).not.toContain('closing event');
    expect((await visitor().get('/events?when=past&project=psychcare')).body).toContain('No past events match');
    // Odd filters are ignored, not failed.
    expect((await visitor().get('/events?when=%3Cx%3E&kind=..%2F&page=-1&project=%00')).statusCode).toBe(200);
  });

  it('shows an event in the reader’s language with its facts, materials, funding statement and schema.org Event', async () => {
    const res = await visitor('it').get('/events/eu-micare-italian-closing-event');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Evento conclusivo italiano di EU-MiCare');
    expect(res.body).toContain('mercoledì 10 settembre 2025');
    expect(res.body).toContain('href="/documents/eu-micare-closing-event-press-release"');
    expect(res.body).toContain('eu-emblem');
    expect(res.body).toContain('Questo evento si è già svolto');
    expect(res.body).not.toContain('action="/events/eu-micare-italian-closing-event/register"');
    const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(res.body)![1]!);
    expect(ld['@type']).toBe('Event');
    expect(ld.startDate).toBe('2025-09-10T07:30:00.000Z');
    expect(ld.eventAttendanceMode).toBe('https://schema.org/OfflineEventAttendanceMode');
    expect(ld.location.address.addressLocality).toBe('Milano');
    expect(ld.organizer.name).toBe('EU-MiCare');
    // A language without a translation falls back, and says so.
    const de = await visitor('de').get('/events/eu-micare-italian-closing-event');
    expect(de.body).toContain('EU-MiCare Italian closing event');
    expect(de.body).toContain('lang="en"');
    // The link to join an online event is never on the page.
    expect((await visitor().get(`/events/${WEBINAR}`)).body).not.toContain('meet.example.org');
    expect((await visitor().get('/events/no-such-event')).statusCode).toBe(404);
  });

  it('serves valid iCalendar files per event and as feeds', async () => {
    const one = await visitor().get('/events/eu-micare-italian-closing-event/calendar.ics');
    expect(one.headers['content-type']).toContain('text/calendar');
    const cal = new ICAL.Component(ICAL.parse(one.body));
    const vevents = cal.getAllSubcomponents('vevent');
    expect(vevents).toHaveLength(1);
    const ev = new ICAL.Event(vevents[0]!);
    expect(ev.summary).toBe('EU-MiCare Italian closing event');
    expect(ev.startDate.toJSDate().toISOString()).toBe('2025-09-10T07:30:00.000Z');
    expect(ev.endDate.toJSDate().toISOString()).toBe('2025-09-10T11:30:00.000Z');
    expect(ev.location).toContain('Milano');
    expect(vevents[0]!.getFirstPropertyValue('uid')).toMatch(/@ponte\.test$/);
    const feed = new ICAL.Component(ICAL.parse((await visitor().get('/events/calendar.ics')).body));
    const summaries = feed.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary);
    expect(summaries).toEqual(expect.arrayContaining(['EU-MiCare Italian closing event', 'Demo: an online tour of this platform']));
    const project = new ICAL.Component(ICAL.parse((await visitor().get('/projects/eu-micare/events/calendar.ics')).body));
    expect(project.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary)).not.toContain('Demo: an online tour of this platform');
    expect((await visitor().get('/projects/nope/events/calendar.ics')).statusCode).toBe(404);
  });

  it('appears in the sitemap and in the site search', async () => {
    const xml = new XMLParser().parse((await visitor().get('/sitemap.xml')).body);
    const locs = (xml.urlset.url as { loc: string }[]).map((u) => u.loc);
    expect(locs).toContain('http://ponte.test/events/eu-micare-italian-closing-event');
    expect(locs).toContain('http://ponte.test/documents/eu-micare-mapping-report');
    const found = await visitor('it').get('/search?q=evento%20conclusivo&type=event');
    expect(found.body).toContain('href="/events/eu-micare-italian-closing-event"');
  });
});

describe('registration', () => {
  it('confirms a place by e-mail with the calendar file, the link to join and a link to cancel', async () => {
    const v = visitor('it');
    await v.get(`/events/${WEBINAR}`);
    const res = await v.post(`/events/${WEBINAR}/register`, registrationForm('dana@example.org'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('dana@example.org');
    expect(await statusOf('dana@example.org')).toBe('confirmed');
    const mail = (await lastMail(ctx.platform, 'dana@example.org'))!;
    expect(mail.subject).toContain('Il tuo posto è confermato');
    expect(mail.text).toContain(`http://ponte.test/events/${WEBINAR}/calendar.ics?lang=it`);
    expect(mail.text).toContain('https://meet.example.org/ponte-demo');
    expect(mail.html).toContain('<html lang="it"');
    const manage = linkIn(mail.text, '/events/registrations/');
    const page = await visitor('it').get(manage);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Hai un posto');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers a second registration of the same address the same way, and mails a new link that replaces the old one', async () => {
    const v = visitor();
    const first = await v.post(`/events/${WEBINAR}/register`, registrationForm('twice@example.org'));
    const oldLink = linkIn((await lastMail(ctx.platform, 'twice@example.org'))!.text, '/events/registrations/');
    const again = await visitor().post(`/events/${WEBINAR}/register`, registrationForm('TWICE@example.org', { name: 'Someone Else' }));
    expect(again.statusCode).toBe(first.statusCode);
    expect(withoutAnswerValues(again.body.replace(/TWICE/g, 'twice'))).toBe(withoutAnswerValues(first.body));
    const mail = (await lastMail(ctx.platform, 'twice@example.org'))!;
    expect(mail.subject).toContain('Your registration');
    const rows = await db().select().from(eventRegistrations).where(eq(eventRegistrations.email, 'twice@example.org'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.name).toBe('Dana Example');
    expect((await visitor().get(oldLink)).statusCode).toBe(404);
    expect((await visitor().get(linkIn(mail.text, '/events/registrations/'))).statusCode).toBe(200);
  });

  it('refuses bad input next to the fields, keeping what was typed, and stores nothing', async () => {
    const v = visitor('de');
    const res = await v.post(`/events/${WEBINAR}/register`, { name: 'Kim <b>Tester</b>', email: 'not-an-address', organisation: 'Org', consent: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Kästchen'); // the consent error, in German
    expect(res.body).toContain('value="Kim &lt;b>Tester&lt;/b>"');
    expect(res.body).not.toContain('<b>Tester');
    expect(res.body).toContain('aria-invalid="true"');
    expect(await statusOf('not-an-address')).toBeUndefined();
    const arrays = await v.request('POST', `/events/${WEBINAR}/register`, undefined, {});
    expect(arrays.statusCode).toBeLessThan(500);
  });

  it('puts people on a waiting list when places run out and gives a freed place to the first waiting', async () => {
    await newEvent('tiny-workshop', '1');
    await visitor().post('/events/tiny-workshop/register', registrationForm('first@example.org'));
    await visitor().post('/events/tiny-workshop/register', registrationForm('second@example.org'));
    await visitor().post('/events/tiny-workshop/register', registrationForm('third@example.org'));
    expect(await statusOf('first@example.org', 'tiny-workshop')).toBe('confirmed');
    expect(await statusOf('second@example.org', 'tiny-workshop')).toBe('waiting');
    const waitingMail = (await lastMail(ctx.platform, 'second@example.org'))!;
    expect(waitingMail.text).toContain('position 1');
    expect((await lastMail(ctx.platform, 'third@example.org'))!.text).toContain('position 2');
    const page = await visitor().get('/events/tiny-workshop');
    expect(page.body).toContain('Join the waiting list');
    expect(page.body).toContain('2 people on the waiting list');

    // The confirmed person cancels through the link: a page first, then the button.
    const link = linkIn((await lastMail(ctx.platform, 'first@example.org'))!.text, '/events/registrations/');
    const c = visitor();
    await c.get(link);
    const cancelled = await c.post(`${link}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(await statusOf('first@example.org', 'tiny-workshop')).toBe('cancelled');
    expect(await statusOf('second@example.org', 'tiny-workshop')).toBe('confirmed');
    expect(await statusOf('third@example.org', 'tiny-workshop')).toBe('waiting');
    const promoted = (await lastMail(ctx.platform, 'second@example.org'))!;
    expect(promoted.subject).toContain('A place is free for you');
    expect(linkIn(promoted.text, '/events/registrations/')).not.toBe(linkIn(waitingMail.text, '/events/registrations/'));
    // Cancelling twice is harmless.
    expect((await c.post(`${link}/cancel`)).statusCode).toBe(200);
    expect(await statusOf('third@example.org', 'tiny-workshop')).toBe('waiting');
  });

  it('never gives the same last place to two people registering at once', async () => {
    await newEvent('race-workshop', '1');
    const input = (email: string) => ({ name: 'R', email, organisation: '', country: null, profession: null, locale: 'en' as const, userId: null });
    const results = await Promise.all(['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org'].map((e) => registerForEvent(ctx.platform, 'race-workshop', input(e))));
    const statuses = results.map((r) => (r.ok ? r.status : r.reason)).sort();
    expect(statuses).toEqual(['confirmed', 'waiting', 'waiting', 'waiting']);
  });

  it('closes registration for events that have started, are closed or are cancelled', async () => {
    const closed = await visitor().post('/events/eu-micare-italian-closing-event/register', registrationForm('late@example.org'));
    expect(closed.statusCode).toBe(409);
    expect(await statusOf('late@example.org', 'eu-micare-italian-closing-event')).toBeUndefined();
    expect((await visitor().get('/events/registrations/not-a-token')).statusCode).toBe(404);
  });
});

describe('events for editors', () => {
  it('creates an event with local times in its zone, refusing impossible times next to the fields', async () => {
    await editor.get('/editor/events/new');
    const bad = await editor.post('/editor/events/new', { sourceLocale: 'en', slug: 'bad-event', title: 'Bad', kind: 'webinar', startsAt: '2030-05-02 10:00', endsAt: '2030-05-02 09:00', timeZone: 'Europe/Nowhere', mode: 'online', onlineUrl: 'http://insecure.example.org', capacity: '-3' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a time zone by its name');
    expect(bad.body).toContain('https://');
    expect(bad.body).toContain('whole number from 1');
    expect(bad.body).toContain('value="Europe/Nowhere"');
    const order = await editor.post('/editor/events/new', { sourceLocale: 'en', slug: 'bad-event', title: 'Bad', kind: 'webinar', startsAt: '2030-05-02 10:00', endsAt: '2030-05-02 09:00', timeZone: 'Europe/Athens', mode: 'in-person', city: '' });
    expect(order.body).toContain('The end must come after the start');
    expect(order.body).toContain('needs its city');
    expect((await db().select().from(events).where(eq(events.slug, 'bad-event'))).length).toBe(0);

    const id = await newEvent('athens-meeting', '', { timeZone: 'Europe/Athens', startsAt: '2030-07-01 18:00', endsAt: '2030-07-01 20:00' });
    const [e] = await db().select().from(events).where(eq(events.id, id));
    expect(e!.startsAt.toISOString()).toBe('2030-07-01T15:00:00.000Z');
    expect(e!.capacity).toBeNull();
    const form = await editor.get(`/editor/events/${id}`);
    expect(form.body).toContain('value="2030-07-01 18:00"');
    // Moving the event raises the calendar SEQUENCE so that subscribed calendars update.
    await editor.post(`/editor/events/${id}/meta`, { kind: 'public-meeting', startsAt: '2030-07-02 18:00', endsAt: '2030-07-02 20:00', timeZone: 'Europe/Athens', mode: 'in-person', city: 'Athina', country: 'GR', capacity: '', registrationOpen: 'on' });
    const [moved] = await db().select().from(events).where(eq(events.id, id));
    expect(moved!.sequence).toBe(e!.sequence + 1);
    const ics = new ICAL.Component(ICAL.parse((await visitor().get('/events/athens-meeting/calendar.ics')).body));
    expect(ics.getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')).toBe(moved!.sequence);
  });

  it('gives new places to the waiting list when the capacity rises', async () => {
    const id = await newEvent('growing-workshop', '1');
    await visitor().post('/events/growing-workshop/register', registrationForm('g1@example.org'));
    await visitor().post('/events/growing-workshop/register', registrationForm('g2@example.org'));
    expect(await statusOf('g2@example.org', 'growing-workshop')).toBe('waiting');
    await editor.post(`/editor/events/${id}/meta`, { kind: 'public-meeting', startsAt: '2030-04-02 10:00', endsAt: '2030-04-02 12:00', timeZone: 'Europe/Rome', mode: 'in-person', city: 'Roma', country: 'IT', capacity: '2', registrationOpen: 'on' });
    expect(await statusOf('g2@example.org', 'growing-workshop')).toBe('confirmed');
  });

  it('cancels an event, telling everyone registered, and marks it cancelled in calendars', async () => {
    const id = await newEvent('doomed-workshop', '');
    await visitor().post('/events/doomed-workshop/register', registrationForm('d1@example.org'));
    const res = await editor.post(`/editor/events/${id}/state`, { action: 'cancel' });
    expect(res.headers.location).toContain('notice=cancelled');
    expect((await lastMail(ctx.platform, 'd1@example.org'))!.subject).toContain('Cancelled');
    const page = await visitor().get('/events/doomed-workshop');
    expect(page.body).toContain('This event has been cancelled');
    expect(page.body).not.toContain('/events/doomed-workshop/register');
    const ics = new ICAL.Component(ICAL.parse((await visitor().get('/events/doomed-workshop/calendar.ics')).body));
    expect(ics.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('exports the attendee list as CSV and XLSX, safe from formulas, and audits each export', async () => {
    const id = await newEvent('export-workshop', '');
    await visitor().post('/events/export-workshop/register', registrationForm('x1@example.org', { name: '=HYPERLINK("http://evil.example","x")', organisation: 'Ospedale «Esempio»' }));
    const csv = await editor.get(`/editor/events/${id}/registrations.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('export-workshop-attendees.csv');
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    expect(csv.body).toContain('x1@example.org');
    expect(csv.body).toContain('Ospedale «Esempio»');
    expect(csv.body).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const raw = await ctx.app.inject({ method: 'GET', url: `/editor/events/${id}/registrations.xlsx`, headers: { cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('Full name');
    expect(sheet.getRow(2).getCell(2).value).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(sheet.getRow(2).getCell(3).value).toBe('x1@example.org');
    const audits = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'event.registrations.export'), eq(auditEvents.targetId, id)));
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain('x1@example.org');
    // Learners and visitors cannot reach the list.
    const learner = await signedInAs(ctx, 'events-learner@example.org', 'learner');
    expect((await learner.get(`/editor/events/${id}/registrations.csv`)).statusCode).toBe(403);
    expect((await visitor().get(`/editor/events/${id}/registrations.csv`)).statusCode).toBe(303);
  });

  it('attaches materials from the library after the event', async () => {
    const id = await newEvent('materials-workshop', '');
    const page = await editor.get(`/editor/events/${id}`);
    const option = /<option value="([0-9a-f-]{36})">D1\.1 · [^<]+<\/option>/.exec(page.body)![1]!;
    expect((await editor.post(`/editor/events/${id}/materials`, { documentId: option })).statusCode).toBe(303);
    expect((await visitor().get('/events/materials-workshop')).body).toContain('href="/documents/eu-micare-mapping-report"');
    expect((await editor.post(`/editor/events/${id}/materials`, { documentId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
    await editor.post(`/editor/events/${id}/materials/${option}/delete`);
    expect((await visitor().get('/events/materials-workshop')).body).not.toContain('href="/documents/eu-micare-mapping-report"');
  });

  it('keeps registration e-mails in the outbox without SMTP, each once', async () => {
    const held = await db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'dana@example.org'));
    expect(held.length).toBe(1);
    expect(held[0]!.status).toBe('held');
  });
});
