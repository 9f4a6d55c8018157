import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, lastMail, signedInAs, testApp } from '../../../test/helpers.js';
import { auditEvents, mailOutbox, organisations, organisationTypes, regions, storedFiles, users } from '../../platform/schema.js';
import { seedNetworksDemo } from './demo.js';
import { sendReminders } from './reminders.js';
import { networkActions, networkAgreements, networkAttendance, networkDecisions, networkMeetings, networkMembers, networkNews, networks } from './schema.js';

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
    // Each change to the network's record is audited, naming ids only.
    const audited = (await db().select().from(auditEvents).where(eq(auditEvents.targetType, 'network'))).map((a) => a.action);
    expect(audited).toEqual(expect.arrayContaining(['network.meeting.attendance', 'network.decision.add', 'network.action.add']));

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

describe('managers change and delete what was recorded', () => {
  const pdf = (marker: string) => Buffer.from(`%PDF-1.4\n% ${marker}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
  const newsByTitle = async (title: string) => (await db().select().from(networkNews).where(eq(networkNews.title, title)))[0];
  const audited = async (action: string, detail: string, id: string) =>
    (await db().select().from(auditEvents).where(eq(auditEvents.action, action))).filter((a) => (a.details as Record<string, unknown>)[detail] === id).length;
  const mailsAbout = async (to: string, title: string) => (await mailsTo(to)).filter((m) => m.subject.includes(title)).length;
  let memberId: string;
  beforeAll(async () => {
    memberId = (await db().select().from(users).where(eq(users.email, 'member@example.org')))[0]!.id;
  });

  it('edits news (title, text, public) and deletes it only once the deletion is confirmed', async () => {
    await coordinator.get(`${base}/news/new`);
    expect((await coordinator.post(`${base}/news/new`, { title: 'Notizia da correggere', body: 'Testo con un refuso.', public: 'on' })).statusCode).toBe(303);
    const news = (await newsByTitle('Notizia da correggere'))!;
    expect((await anonymous.get(base)).body).toContain('Notizia da correggere');

    const form = await coordinator.get(`${base}/news/${news.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Testo con un refuso.');
    const bad = await coordinator.post(`${base}/news/${news.id}/edit`, { title: '', body: 'Testo digitato.' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="field-title-error"');
    expect(bad.body).toContain('Testo digitato.');

    // Made members-only: the public page stops showing it at once.
    expect((await coordinator.post(`${base}/news/${news.id}/edit`, { title: 'Notizia corretta', body: 'Testo corretto.' })).statusCode).toBe(303);
    expect(await db().select().from(networkNews).where(eq(networkNews.id, news.id))).toMatchObject([{ title: 'Notizia corretta', body: 'Testo corretto.', public: false }]);
    expect((await anonymous.get(base)).body).not.toContain('Notizia corretta');
    expect((await member.get(`${base}/space`)).body).toContain('Notizia corretta');
    expect(await audited('network.news.update', 'newsId', news.id)).toBe(1);

    const unconfirmed = await coordinator.post(`${base}/news/${news.id}/delete`, {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('id="field-confirm-error"');
    expect(await newsByTitle('Notizia corretta')).toBeDefined();
    const deleted = await coordinator.post(`${base}/news/${news.id}/delete`, { confirm: 'on' });
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toContain('notice=deleted');
    expect(await newsByTitle('Notizia corretta')).toBeUndefined();
    expect(await audited('network.news.delete', 'newsId', news.id)).toBe(1);
    expect((await coordinator.get(`${base}/news/${news.id}/edit`)).statusCode).toBe(404);
  });

  it('edits an agreement, replaces and removes its document, and deletes it with its file', async () => {
    await coordinator.get(`${base}/agreements/new`);
    expect((await coordinator.upload(`${base}/agreements/new`, { kind: 'protocol', title: 'Protocollo da rivedere', parties: ids.asl! }, { field: 'file', name: 'v1.pdf', type: 'application/pdf', data: pdf('v1') })).statusCode).toBe(303);
    const [a] = await db().select().from(networkAgreements).where(eq(networkAgreements.title, 'Protocollo da rivedere'));
    const firstFile = a!.fileId!;
    const edit = `${base}/agreements/${a!.id}/edit`;
    const form = await coordinator.get(edit);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Protocollo da rivedere"');

    const bad = await coordinator.upload(edit, { kind: 'agreement', title: 'Accordo rivisto', parties: ids.cas!, signedOn: '2025-03-01', validUntil: '2025-01-01' }, []);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="field-validUntil-error"');
    expect(bad.body).toContain('value="Accordo rivisto"');

    // New facts and a new document: members download the new one; the old file's record is gone.
    const saved = await coordinator.upload(edit, { kind: 'agreement', title: 'Accordo rivisto', summary: 'Sintesi.', parties: ids.cas!, signedOn: '2025-03-01', validUntil: '2026-03-01', public: 'on' }, { field: 'file', name: 'v2.pdf', type: 'application/pdf', data: pdf('v2') });
    expect(saved.statusCode).toBe(303);
    const [after] = await db().select().from(networkAgreements).where(eq(networkAgreements.id, a!.id));
    expect(after).toMatchObject({ kind: 'agreement', title: 'Accordo rivisto', summary: 'Sintesi.', parties: [ids.cas], signedOn: '2025-03-01', validUntil: '2026-03-01', public: true });
    expect(after!.fileId).not.toBe(firstFile);
    expect(await db().select().from(storedFiles).where(eq(storedFiles.id, firstFile))).toEqual([]);
    const file = `${base}/agreements/${a!.id}/file`;
    expect((await member.get(file)).body).toContain('% v2');
    expect((await anonymous.get(base)).body).toContain('Accordo rivisto');

    // Saving the facts alone keeps the document; ticking "remove" takes it away.
    expect((await coordinator.upload(edit, { kind: 'agreement', title: 'Accordo rivisto', parties: ids.cas!, public: 'on' }, [])).statusCode).toBe(303);
    const kept = (await db().select().from(networkAgreements).where(eq(networkAgreements.id, a!.id)))[0]!.fileId;
    expect(kept).toBe(after!.fileId);
    expect((await coordinator.upload(edit, { kind: 'agreement', title: 'Accordo rivisto', parties: ids.cas!, public: 'on', removeFile: 'on' }, [])).statusCode).toBe(303);
    expect((await db().select().from(networkAgreements).where(eq(networkAgreements.id, a!.id)))[0]!.fileId).toBeNull();
    expect(await db().select().from(storedFiles).where(eq(storedFiles.id, kept!))).toEqual([]);
    expect((await member.get(file)).statusCode).toBe(404);
    expect(await audited('network.agreement.update', 'agreementId', a!.id)).toBe(3);

    expect((await coordinator.post(`${base}/agreements/${a!.id}/delete`, {})).statusCode).toBe(400);
    expect((await coordinator.post(`${base}/agreements/${a!.id}/delete`, { confirm: 'on' })).statusCode).toBe(303);
    expect(await db().select().from(networkAgreements).where(eq(networkAgreements.id, a!.id))).toEqual([]);
    expect((await anonymous.get(base)).body).not.toContain('Accordo rivisto');
    expect(await audited('network.agreement.delete', 'agreementId', a!.id)).toBe(1);
  });

  it('edits and deletes a decision of a meeting', async () => {
    const m = `${base}/meetings/${ids.held}`;
    expect((await coordinator.post(`${m}/decisions`, { decision: 'Decisione da correggere.' })).statusCode).toBe(303);
    const [d] = await db().select().from(networkDecisions).where(eq(networkDecisions.text, 'Decisione da correggere.'));
    expect((await coordinator.get(m)).body).toContain(`${base}/decisions/${d!.id}/edit`);
    expect((await coordinator.get(`${base}/decisions/${d!.id}/edit`)).statusCode).toBe(200);
    expect((await coordinator.post(`${base}/decisions/${d!.id}/edit`, { decision: '  ' })).statusCode).toBe(400);
    const saved = await coordinator.post(`${base}/decisions/${d!.id}/edit`, { decision: 'Decisione corretta.' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toContain(`/meetings/${ids.held}`);
    expect((await db().select().from(networkDecisions).where(eq(networkDecisions.id, d!.id)))[0]!.text).toBe('Decisione corretta.');
    expect((await coordinator.post(`${base}/decisions/${d!.id}/delete`, { confirm: 'on' })).statusCode).toBe(303);
    expect(await db().select().from(networkDecisions).where(eq(networkDecisions.id, d!.id))).toEqual([]);
    expect(await audited('network.decision.update', 'decisionId', d!.id)).toBe(1);
    expect(await audited('network.decision.delete', 'decisionId', d!.id)).toBe(1);
  });

  it('edits an action; a new due date sends the reminders again; a done action can be reopened; and deleted', async () => {
    const m = `${base}/meetings/${ids.held}`;
    expect((await coordinator.post(`${m}/actions`, { title: 'Azione da spostare', ownerUserId: memberId, dueOn: '2031-01-10' })).statusCode).toBe(303);
    const [a] = await db().select().from(networkActions).where(eq(networkActions.title, 'Azione da spostare'));
    const edit = `${base}/actions/${a!.id}/edit`;
    await sendReminders(ctx.platform, new Date('2031-01-08T08:00:00Z'));
    await sendReminders(ctx.platform, new Date('2031-01-12T08:00:00Z'));
    expect(await mailsAbout('member@example.org', 'Azione da spostare')).toBe(2);

    const form = await coordinator.get(edit);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="2031-01-10"');
    const bad = await coordinator.post(edit, { title: 'Azione da spostare', ownerUserId: memberId, dueOn: '2031-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="field-dueOn-error"');
    expect(bad.body).toContain('value="2031-02-30"');
    expect((await coordinator.post(edit, { title: 'Azione da spostare', ownerUserId: memberId, dueOn: '' })).statusCode).toBe(400);

    // A new title alone keeps the reminders as sent.
    expect((await coordinator.post(edit, { title: 'Azione da spostare', ownerUserId: memberId, ownerOrganisationId: ids.cas!, dueOn: '2031-01-10' })).statusCode).toBe(303);
    let [row] = await db().select().from(networkActions).where(eq(networkActions.id, a!.id));
    expect(row!.ownerOrganisationId).toBe(ids.cas);
    expect(row!.remindedAt).not.toBeNull();
    expect(row!.overdueRemindedAt).not.toBeNull();

    // A new due date: reminded again before it, and once more when overdue.
    const moved = await coordinator.post(edit, { title: 'Azione da spostare', ownerUserId: memberId, dueOn: '2031-03-10' });
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toContain(`/meetings/${ids.held}`);
    [row] = await db().select().from(networkActions).where(eq(networkActions.id, a!.id));
    expect(row).toMatchObject({ dueOn: '2031-03-10', remindedAt: null, overdueRemindedAt: null, ownerOrganisationId: null });
    await sendReminders(ctx.platform, new Date('2031-03-08T08:00:00Z'));
    await sendReminders(ctx.platform, new Date('2031-03-08T09:00:00Z'));
    expect(await mailsAbout('member@example.org', 'Azione da spostare')).toBe(3);
    await sendReminders(ctx.platform, new Date('2031-03-12T08:00:00Z'));
    expect(await mailsAbout('member@example.org', 'Azione da spostare')).toBe(4);
    expect(await audited('network.action.update', 'actionId', a!.id)).toBe(2);

    // Done, then opened again by a manager.
    expect((await member.post(`${base}/actions/${a!.id}/done`, {})).statusCode).toBe(303);
    expect((await coordinator.get(edit)).statusCode).toBe(200);
    expect((await coordinator.post(`${base}/actions/${a!.id}/done`, { done: 'false' })).statusCode).toBe(303);
    expect((await db().select().from(networkActions).where(eq(networkActions.id, a!.id)))[0]!.doneAt).toBeNull();
    expect(await audited('network.action.reopen', 'actionId', a!.id)).toBe(1);

    expect((await coordinator.post(`${base}/actions/${a!.id}/delete`, {})).statusCode).toBe(400);
    expect((await coordinator.post(`${base}/actions/${a!.id}/delete`, { confirm: 'on' })).statusCode).toBe(303);
    expect(await db().select().from(networkActions).where(eq(networkActions.id, a!.id))).toEqual([]);
    expect(await audited('network.action.delete', 'actionId', a!.id)).toBe(1);
  });

  it('refuses members who do not manage (403), hides the items from others (404) and never reaches another network’s items (404)', async () => {
    // Items of this network, one of each kind.
    const [news] = await db().insert(networkNews).values({ networkId: ids.network!, title: 'Notizia protetta', body: 'x', public: true }).returning();
    const [agreement] = await db().insert(networkAgreements).values({ networkId: ids.network!, kind: 'protocol', title: 'Accordo protetto' }).returning();
    const [decision] = await db().insert(networkDecisions).values({ meetingId: ids.held!, text: 'Decisione protetta' }).returning();
    const [action] = await db().insert(networkActions).values({ networkId: ids.network!, meetingId: ids.held!, title: 'Azione protetta', ownerUserId: memberId, dueOn: '2032-01-01' }).returning();
    const mine = { news: news!.id, agreements: agreement!.id, decisions: decision!.id, actions: action!.id };

    // The same kinds in another network, which the coordinator does not manage.
    const [other] = await db().insert(networks).values({ slug: 'rete-altra-test', regionId: ids.region!, name: 'Altra rete' }).returning();
    const [otherMeeting] = await db()
      .insert(networkMeetings)
      .values({ networkId: other!.id, title: 'Altro incontro', startsAt: new Date('2032-01-01T09:00:00Z'), endsAt: new Date('2032-01-01T10:00:00Z'), place: 'Altrove' })
      .returning();
    const [oNews] = await db().insert(networkNews).values({ networkId: other!.id, title: 'Notizia altrui', body: 'x' }).returning();
    const [oAgreement] = await db().insert(networkAgreements).values({ networkId: other!.id, kind: 'protocol', title: 'Accordo altrui' }).returning();
    const [oDecision] = await db().insert(networkDecisions).values({ meetingId: otherMeeting!.id, text: 'Decisione altrui' }).returning();
    const [oAction] = await db().insert(networkActions).values({ networkId: other!.id, title: 'Azione altrui', dueOn: '2032-01-01' }).returning();
    const theirs = { news: oNews!.id, agreements: oAgreement!.id, decisions: oDecision!.id, actions: oAction!.id };

    const body = { title: 'Cambiato', body: 'Cambiato', decision: 'Cambiato', kind: 'protocol', dueOn: '2032-02-02', ownerUserId: memberId, confirm: 'on' };
    for (const [kind, id] of Object.entries(mine)) {
      for (const path of [`${base}/${kind}/${id}/edit`, `${base}/${kind}/${id}/delete`]) {
        if (path.endsWith('/edit')) {
          expect((await member.get(path)).statusCode, path).toBe(403);
          expect((await outsider.get(path)).statusCode, path).toBe(404);
        }
        expect((await member.post(path, body)).statusCode, path).toBe(403);
        expect((await outsider.post(path, body)).statusCode, path).toBe(404);
        expect([302, 303], path).toContain((await anonymous.get(path.replace('/delete', '/edit'))).statusCode);
      }
    }
    for (const [kind, id] of Object.entries(theirs)) {
      for (const path of [`${base}/${kind}/${id}/edit`, `${base}/${kind}/${id}/delete`]) {
        if (path.endsWith('/edit')) expect((await coordinator.get(path)).statusCode, path).toBe(404);
        expect((await coordinator.post(path, body)).statusCode, path).toBe(404);
      }
      expect((await coordinator.get(`${base}/${kind}/not-an-id/edit`)).statusCode).toBe(404);
    }
    expect((await coordinator.post(`${base}/actions/${oAction!.id}/done`, {})).statusCode).toBe(404);

    // Nothing changed, here or there.
    expect((await db().select().from(networkNews).where(eq(networkNews.id, news!.id)))[0]!.title).toBe('Notizia protetta');
    expect((await db().select().from(networkAgreements).where(eq(networkAgreements.id, agreement!.id)))[0]!.title).toBe('Accordo protetto');
    expect((await db().select().from(networkDecisions).where(eq(networkDecisions.id, decision!.id)))[0]!.text).toBe('Decisione protetta');
    expect((await db().select().from(networkActions).where(eq(networkActions.id, action!.id)))[0]!.dueOn).toBe('2032-01-01');
    expect((await db().select().from(networkNews).where(eq(networkNews.id, oNews!.id)))[0]!.title).toBe('Notizia altrui');
    expect((await db().select().from(networkAgreements).where(eq(networkAgreements.id, oAgreement!.id)))).toHaveLength(1);
    expect((await db().select().from(networkDecisions).where(eq(networkDecisions.id, oDecision!.id)))).toHaveLength(1);
    expect((await db().select().from(networkActions).where(eq(networkActions.id, oAction!.id)))[0]!.dueOn).toBe('2032-01-01');
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
