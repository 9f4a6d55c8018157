import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, lastMail, signedInAs, testApp } from '../../../test/helpers.js';
import { mailOutbox, organisations, organisationTypes, regions, users } from '../../platform/schema.js';
import { seedNetworksDemo } from './demo.js';
import { sendReminders } from './reminders.js';
import { networkActions, networkAgreements, networkAttendance, networkDecisions, networkMeetings, networkMembers, networks } from './schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let admin: Client;
let coordinator: Client;
let member: Client;
let outsider: Client;
let anonymous: Client;
const db = () => ctx.platform.database.db;
const ids: Record<string, string> = {};
const SLUG = 'rete-lazio-test';
const base = `/networks/${SLUG}`;

const mailsTo = async (to: string) => db().select().from(mailOutbox).where(eq(mailOutbox.recipient, to));
const meetingByTitle = async (title: string) => (await db().select().from(networkMeetings).where(eq(networkMeetings.title, title)))[0]!;

beforeAll(async () => {
  ctx = await testApp();
  await db()
    .insert(organisationTypes)
    .values([
      { code: 'reception-centre', names: { en: 'Reception centre' } },
      { code: 'local-health-authority', names: { en: 'Local health authority' } },
      { code: 'ngo', names: { en: 'NGO' } },
    ])
    .onConflictDoNothing();
  await db().insert(regions).values({ country: 'IT', code: 'IT-62', name: 'Lazio' }).onConflictDoNothing();
  const [region] = await db().select().from(regions).where(eq(regions.code, 'IT-62'));
  const [asl, cas, ngo] = await db()
    .insert(organisations)
    .values([
      { name: 'ASL Prova Roma', typeCode: 'local-health-authority', country: 'IT', regionId: region!.id },
      { name: 'CAS Prova Tiburtina', typeCode: 'reception-centre', country: 'IT', regionId: region!.id },
      { name: 'ONG Estranea', typeCode: 'ngo', country: 'IT', regionId: region!.id },
    ])
    .returning();
  Object.assign(ids, { region: region!.id, asl: asl!.id, cas: cas!.id, ngo: ngo!.id });
  admin = await signedInAs(ctx, 'admin@example.org', 'administrator');
  coordinator = await signedInAs(ctx, 'coord@example.org', 'network-coordinator', { name: 'Chiara Coordinatrice', organisationId: asl!.id });
  member = await signedInAs(ctx, 'member@example.org', 'care-operator', { name: 'Marco Membro', organisationId: cas!.id });
  outsider = await signedInAs(ctx, 'outsider@example.org', 'care-operator', { organisationId: ngo!.id });
  anonymous = new Client(ctx.app);

  // An administrator creates the network and its first members.
  await admin.get('/networks/new');
  const created = await admin.post('/networks/new', { regionId: region!.id, slug: SLUG, name: 'Rete Lazio (prova)', locale: 'it', description: 'Rete di prova.', contactEmail: 'rete@example.org' });
  expect(created.statusCode).toBe(303);
  const [n] = await db().select().from(networks).where(eq(networks.slug, SLUG));
  ids.network = n!.id;
  await admin.get(`${base}/members`);
  expect((await admin.post(`${base}/members`, { organisationId: asl!.id, role: 'coordinator' })).statusCode).toBe(303);
  expect((await admin.post(`${base}/members`, { organisationId: cas!.id, role: 'member' })).statusCode).toBe(303);

  // The coordinator publishes news, and records a past meeting with minutes.
  await coordinator.get(`${base}/news/new`);
  expect((await coordinator.post(`${base}/news/new`, { title: 'Notizia pubblica', body: 'Per **tutti**.', public: 'on' })).statusCode).toBe(303);
  expect((await coordinator.post(`${base}/news/new`, { title: 'Notizia riservata', body: 'Solo per i membri.' })).statusCode).toBe(303);
  expect((await coordinator.post(`${base}/meetings/new`, { title: 'Incontro di gennaio', startsAt: '2025-01-15 10:00', endsAt: '2025-01-15 12:00', place: 'Sede ASL', agenda: '1. Protocollo' })).statusCode).toBe(303);
  const held = await meetingByTitle('Incontro di gennaio');
  ids.held = held.id;
  const saved = await coordinator.post(`${base}/meetings/${held.id}/edit`, {
    title: 'Incontro di gennaio',
    startsAt: '2025-01-15 10:00',
    endsAt: '2025-01-15 12:00',
    place: 'Sede ASL',
    agenda: '1. Protocollo',
    minutes: 'Verbale: approvato il protocollo segreto-verbale.',
    status: 'held',
  });
  expect(saved.statusCode).toBe(303);
});
afterAll(() => ctx.close());

describe('what the public sees', () => {
  it('lists the network by region with its member count', async () => {
    const r = await anonymous.get('/networks');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`href="${base}"`);
    expect(r.body).toContain('IT-62');
  });

  it('shows members with their role and public news, but neither members-only news nor minutes', async () => {
    const r = await anonymous.get(base);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('ASL Prova Roma');
    expect(r.body).toContain('CAS Prova Tiburtina');
    expect(r.body).not.toContain('ONG Estranea');
    expect(r.body).toContain('Notizia pubblica');
    expect(r.body).not.toContain('Notizia riservata');
    expect(r.body).not.toContain('segreto-verbale');
    expect(r.body).not.toContain(`${base}/space`);
  });
});

describe('the working space', () => {
  it('shows a member the minutes, the members-only news and the calendar file', async () => {
    const space = await member.get(`${base}/space`);
    expect(space.statusCode).toBe(200);
    expect(space.body).toContain('Notizia riservata');
    const meeting = await member.get(`${base}/meetings/${ids.held}`);
    expect(meeting.statusCode).toBe(200);
    expect(meeting.body).toContain('segreto-verbale');
    const ics = await member.get(`${base}/meetings/${ids.held}.ics`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.body).toContain('BEGIN:VEVENT');
    // 10:00 in Rome in January is 09:00 UTC.
    expect(ics.body).toContain('DTSTART:20250115T090000Z');
  });

  it('does not reveal members-only pages to others: 404 when signed in, sign-in otherwise', async () => {
    for (const path of [`${base}/space`, `${base}/meetings/${ids.held}`, `${base}/meetings/${ids.held}.ics`, `${base}/meetings/new`, `${base}/members`]) {
      expect((await outsider.get(path)).statusCode, path).toBe(404);
    }
    expect([302, 303]).toContain((await anonymous.get(`${base}/meetings/${ids.held}`)).statusCode);
    expect((await member.get('/networks/no-such-network/space')).statusCode).toBe(404);
  });

  it('lets members see but not manage (403)', async () => {
    expect((await member.get(`${base}/members`)).statusCode).toBe(403);
    expect((await member.post(`${base}/members`, { organisationId: ids.ngo!, role: 'member' })).statusCode).toBe(403);
    expect((await member.get(`${base}/meetings/new`)).statusCode).toBe(403);
    expect((await member.post(`${base}/news/new`, { title: 'x', body: 'y' })).statusCode).toBe(403);
    const joined = await db().select().from(networkMembers).where(and(eq(networkMembers.networkId, ids.network!), eq(networkMembers.organisationId, ids.ngo!)));
    expect(joined).toEqual([]);
    // A network coordinator of an organisation that is only a member does not manage either.
    const coordOfMember = await signedInAs(ctx, 'coord-cas@example.org', 'network-coordinator', { organisationId: ids.cas });
    expect((await coordOfMember.get(`${base}/meetings/new`)).statusCode).toBe(403);
  });
});

describe('meetings', () => {
  it('refuses a meeting that ends before it starts, and writes nothing', async () => {
    const before = (await db().select().from(networkMeetings)).length;
    const r = await coordinator.post(`${base}/meetings/new`, { title: 'Al contrario', startsAt: '2030-03-12 12:00', endsAt: '2030-03-12 10:00', place: 'Roma' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('id="field-endsAt-error"');
    expect(r.body).toContain('value="Al contrario"');
    expect((await db().select().from(networkMeetings)).length).toBe(before);
  });

  it('records attendance, a decision and an action with its owner, which the owner marks done', async () => {
    const m = `${base}/meetings/${ids.held}`;
    await coordinator.get(m);
    expect((await coordinator.post(`${m}/attendance`, { [`status-${ids.asl}`]: 'present', [`attendees-${ids.asl}`]: 'Chiara C.', [`status-${ids.cas}`]: 'excused' })).statusCode).toBe(303);
    expect((await coordinator.post(`${m}/decisions`, { decision: 'Adottare il protocollo di invio.' })).statusCode).toBe(303);
    const memberId = (await db().select().from(users).where(eq(users.email, 'member@example.org')))[0]!.id;
    const bad = await coordinator.post(`${m}/actions`, { title: 'Senza titolare', dueOn: '2030-03-13' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="field-ownerUserId-error"');
    expect((await coordinator.post(`${m}/actions`, { title: 'Preparare la bozza', ownerUserId: memberId, dueOn: '2030-03-13' })).statusCode).toBe(303);

    const attendance = await db().select().from(networkAttendance).where(eq(networkAttendance.meetingId, ids.held!));
    expect(attendance.map((a) => [a.organisationId, a.status, a.attendees]).sort()).toEqual([[ids.asl, 'present', 'Chiara C.'], [ids.cas, 'excused', '']].sort());
    expect((await db().select().from(networkDecisions).where(eq(networkDecisions.meetingId, ids.held!))).map((d) => d.text)).toEqual(['Adottare il protocollo di invio.']);
    const [action] = await db().select().from(networkActions).where(eq(networkActions.meetingId, ids.held!));
    expect(action).toMatchObject({ title: 'Preparare la bozza', ownerUserId: memberId, dueOn: '2030-03-13', doneAt: null });
    ids.action = action!.id;

    // Members see the record; the owner marks the action done, someone else in the network may not.
    const seen = await member.get(m);
    expect(seen.body).toContain('Adottare il protocollo di invio.');
    const coordOfMember = await signedInAs(ctx, 'other-cas@example.org', 'learner', { organisationId: ids.asl });
    expect((await coordOfMember.post(`${base}/actions/${action!.id}/done`, {})).statusCode).toBe(403);
    expect((await outsider.post(`${base}/actions/${action!.id}/done`, {})).statusCode).toBe(404);
  });
});

describe('reminders', () => {
  it('reminds members of a meeting two days ahead, and an action owner before the due date and when overdue, each once', async () => {
    await coordinator.get(`${base}/meetings/new`);
    expect((await coordinator.post(`${base}/meetings/new`, { title: 'Incontro di marzo', startsAt: '2030-03-12 10:00', endsAt: '2030-03-12 12:30', place: 'Sede CAS', agenda: '1. Punto sulle azioni aperte' })).statusCode).toBe(303);
    const now = new Date('2030-03-11T08:00:00Z');
    await sendReminders(ctx.platform, now);
    await sendReminders(ctx.platform, now);

    const meetingMails = (await mailsTo('member@example.org')).filter((m) => m.subject.includes('Incontro di marzo'));
    expect(meetingMails).toHaveLength(1);
    expect((await mailsTo('coord@example.org')).filter((m) => m.subject.includes('Incontro di marzo'))).toHaveLength(1);
    expect((await mailsTo('outsider@example.org')).length).toBe(0);
    const text = meetingMails[0]!.text;
    expect(text).toContain('Punto sulle azioni aperte');
    // The time where the network is (Rome), in the network's language since the user chose none.
    expect(text).toContain('10:00');
    expect(text).toContain('Europe/Rome');
    expect(text).toMatch(/\/meetings\/[0-9a-f-]+\.ics/);

    const actionMails = (await mailsTo('member@example.org')).filter((m) => m.subject.includes('Preparare la bozza'));
    expect(actionMails).toHaveLength(1);

    // Overdue: once more, and only once.
    const later = new Date('2030-03-14T09:00:00Z');
    await sendReminders(ctx.platform, later);
    await sendReminders(ctx.platform, later);
    expect((await mailsTo('member@example.org')).filter((m) => m.subject.includes('Preparare la bozza'))).toHaveLength(2);
    expect((await lastMail(ctx.platform, 'member@example.org'))!.subject).toContain('Preparare la bozza');

    // Done actions are left alone.
    expect((await member.post(`${base}/actions/${ids.action}/done`, {})).statusCode).toBe(303);
    const [a] = await db().select().from(networkActions).where(eq(networkActions.id, ids.action!));
    expect(a!.doneAt).not.toBeNull();
  });
});

describe('agreements', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

  it('refuses a file whose content is not a PDF, ODT or DOCX, and stores nothing', async () => {
    await coordinator.get(`${base}/agreements/new`);
    const r = await coordinator.upload(`${base}/agreements/new`, { kind: 'protocol', title: 'Protocollo finto', parties: ids.asl! }, { field: 'file', name: 'protocollo.pdf', type: 'application/pdf', data: Buffer.from('<html><script>alert(1)</script></html>') });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('id="field-file-error"');
    expect(await db().select().from(networkAgreements)).toEqual([]);
  });

  it('keeps a real agreement for members to download; public ones are listed publicly', async () => {
    const r = await coordinator.upload(`${base}/agreements/new`, { kind: 'protocol', title: 'Protocollo di invio', parties: ids.asl!, signedOn: '2025-02-01', validUntil: '2027-01-31' }, { field: 'file', name: 'protocollo.pdf', type: 'application/pdf', data: pdf });
    expect(r.statusCode).toBe(303);
    const [a] = await db().select().from(networkAgreements);
    expect(a).toMatchObject({ title: 'Protocollo di invio', parties: [ids.asl], public: false });
    const file = `${base}/agreements/${a!.id}/file`;
    const got = await member.get(file);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect((await outsider.get(file)).statusCode).toBe(404);
    expect((await anonymous.get(base)).body).not.toContain('Protocollo di invio');
    expect((await member.get(`${base}/space`)).body).toContain('Protocollo di invio');
  });
});

describe('regions', () => {
  it('lets administrators add a region, refusing a code the country already has', async () => {
    await admin.get('/networks/regions');
    const dup = await admin.post('/networks/regions', { country: 'IT', code: 'it-62', name: 'Lazio di nuovo' });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('id="field-code-error"');
    const wrongCountry = await admin.post('/networks/regions', { country: 'ES', code: 'IT-21', name: 'Piemonte' });
    expect(wrongCountry.statusCode).toBe(400);
    expect((await admin.post('/networks/regions', { country: 'IT', code: 'IT-21', name: 'Piemonte' })).statusCode).toBe(303);
    expect((await db().select().from(regions).where(eq(regions.code, 'IT-21'))).length).toBe(1);
    expect((await coordinator.get('/networks/regions')).statusCode).toBe(403);
  });
});

describe('the demo', () => {
  it('seeds the four regional networks once, each with members, meetings, agreements and news', async () => {
    const types = ['community-mental-health-centre', 'integration-project', 'mediator-agency', 'family-clinic', 'addiction-service', 'first-reception'];
    await db().insert(organisationTypes).values(types.map((code) => ({ code, names: { en: code } }))).onConflictDoNothing();
    await db()
      .insert(regions)
      .values([
        { country: 'IT', code: 'IT-25', name: 'Lombardia' },
        { country: 'IT', code: 'IT-72', name: 'Campania' },
        { country: 'IT', code: 'IT-82', name: 'Sicilia' },
      ])
      .onConflictDoNothing();
    const now = new Date('2026-05-04T08:00:00Z');
    await seedNetworksDemo(db(), now);
    await seedNetworksDemo(db(), now);
    for (const slug of ['lazio', 'lombardia', 'campania', 'sicilia']) {
      const [n] = await db().select().from(networks).where(eq(networks.slug, slug));
      expect(n, slug).toBeDefined();
      const members = await db().select().from(networkMembers).where(eq(networkMembers.networkId, n!.id));
      expect(members.length).toBeGreaterThanOrEqual(5);
      expect(members.length).toBeLessThanOrEqual(8);
      expect(members.filter((m) => m.role === 'coordinator')).toHaveLength(1);
      const meetings = await db().select().from(networkMeetings).where(eq(networkMeetings.networkId, n!.id));
      expect(meetings.some((m) => m.status === 'held' && m.minutes)).toBe(true);
      expect(meetings.some((m) => m.status === 'planned' && m.startsAt > now)).toBe(true);
      const page = await anonymous.get(`/networks/${slug}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('(demo)');
    }
    expect((await anonymous.get('/networks')).body).toContain('/networks/sicilia');
  });
});
