import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../../../test/helpers.js';
import { instantToZonedTime } from '../../platform/i18n/time-zones.js';
import { auditEvents, mailOutbox, organisations, organisationTypes, regions } from '../../platform/schema.js';
import { directoryLocations, directoryOrganizations, directoryServices, serviceAtLocations, serviceTypes } from '../directory/schema.js';
import { careAudit, referralEvents, referrals, residents } from './schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let operator: Client;
let clinician: Client;
let otherClinician: Client;
let coordinator: Client;
let admin: Client;
const db = () => ctx.platform.database.db;
const ids: Record<string, string> = {};
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  ctx = await testApp();
  await db()
    .insert(organisationTypes)
    .values(['reception-centre', 'community-mental-health-centre'].map((code) => ({ code, names: { en: code } })))
    .onConflictDoNothing();
  await db().insert(serviceTypes).values({ code: 'community-mental-health-centre', names: { en: 'Community mental-health centre' }, sort: 1 }).onConflictDoNothing();
  const [region] = await db().insert(regions).values({ country: 'IT', code: 'IT-62', name: 'Lazio' }).returning();
  const [cas, csm, csm2] = await db()
    .insert(organisations)
    .values([
      { name: 'CAS Rinvio', typeCode: 'reception-centre', country: 'IT', regionId: region!.id },
      { name: 'CSM Rinvio', typeCode: 'community-mental-health-centre', country: 'IT', regionId: region!.id },
      { name: 'CSM Altro', typeCode: 'community-mental-health-centre', country: 'IT', regionId: region!.id },
    ])
    .returning();
  const [dirOrg] = await db().insert(directoryOrganizations).values({ name: 'ASL Rinvio (directory)', memberOrganisationId: csm!.id }).returning();
  const [offPonte] = await db().insert(directoryOrganizations).values({ name: 'Associazione fuori Ponte' }).returning();
  const [loc] = await db().insert(directoryLocations).values({ organizationId: dirOrg!.id, name: 'Sede', address: 'Via Prova 3', city: 'Roma', regionId: region!.id, country: 'IT' }).returning();
  const [service] = await db().insert(directoryServices).values({ organizationId: dirOrg!.id, name: 'CSM Roma Prova', typeCode: 'community-mental-health-centre', acceptsReferrals: true, mediationLanguages: ['ar'], waitingDays: 10 }).returning();
  const [other] = await db().insert(directoryServices).values({ organizationId: offPonte!.id, name: 'Sportello senza Ponte', typeCode: 'community-mental-health-centre', acceptsReferrals: true }).returning();
  await db().insert(serviceAtLocations).values({ serviceId: service!.id, locationId: loc!.id });
  Object.assign(ids, { region: region!.id, cas: cas!.id, csm: csm!.id, csm2: csm2!.id, service: service!.id, other: other!.id });
  operator = await signedInAs(ctx, 'op@example.org', 'care-operator', { organisationId: cas!.id });
  clinician = await signedInAs(ctx, 'clin@example.org', 'care-clinician', { organisationId: csm!.id });
  otherClinician = await signedInAs(ctx, 'clin2@example.org', 'care-clinician', { organisationId: csm2!.id });
  coordinator = await signedInAs(ctx, 'coord@example.org', 'network-coordinator', { organisationId: csm!.id });
  admin = await signedInAs(ctx, 'admin@example.org', 'administrator');
  await operator.post(`/care/centres/${cas!.id}/residents/new`, { caseCode: 'REF-1', name: 'Samir K.', gender: 'male', languages: 'ar', mediatorNeeded: 'on', birthYear: '1999' });
  ids.resident = (await db().select().from(residents).where(eq(residents.caseCode, 'REF-1')))[0]!.id;
}, 60_000);

afterAll(async () => ctx.close());

const referralOf = async () => (await db().select().from(referrals).where(eq(referrals.residentId, ids.resident!)))[0]!;

describe('referring a resident to a service from the directory', () => {
  it('offers only services that receive referrals through Ponte, and saves a draft', async () => {
    const form = await operator.get(`/care/residents/${ids.resident}/referrals/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('CSM Roma Prova');
    expect(form.body).not.toContain('Sportello senza Ponte');
    expect(form.body).toContain('first appointment within 30 days');
    const noService = await operator.post(`/care/residents/${ids.resident}/referrals`, { urgency: 'urgent', reason: 'x' });
    expect(noService.statusCode).toBe(400);
    expect(noService.body).toContain('Choose the service to refer to');
    const noReason = await operator.post(`/care/residents/${ids.resident}/referrals`, { serviceId: ids.service!, urgency: 'urgent', reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const offPonte = await operator.post(`/care/residents/${ids.resident}/referrals`, { serviceId: ids.other!, urgency: 'urgent', reason: 'Nightmares' });
    expect(offPonte.statusCode).toBe(400);
    const draft = await operator.post(`/care/residents/${ids.resident}/referrals`, { serviceId: ids.service!, urgency: 'urgent', reason: 'Nightmares and panic since arrival; asks for help.', mediatorLanguage: 'ar' });
    expect(draft.statusCode).toBe(303);
    const r = await referralOf();
    expect(r).toMatchObject({ status: 'draft', urgency: 'urgent', toOrganisationId: ids.csm, serviceName: 'CSM Roma Prova', mediatorLanguage: 'ar', targetHours: 168 });
    expect(r.reasonSealed).not.toContain('Nightmares');
    // The service does not see a draft.
    expect((await clinician.get(`/care/referrals/${r.id}`)).statusCode).toBe(404);
  });

  it('changes a draft before it is sent, with the same checks, and not after', async () => {
    const r = await referralOf();
    expect((await operator.get(`/care/referrals/${r.id}`)).body).toContain(`href="/care/referrals/${r.id}/edit"`);
    const form = await operator.get(`/care/referrals/${r.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Change the draft');
    expect(form.body).toContain('Nightmares and panic since arrival; asks for help.');
    expect(form.body).toMatch(new RegExp(`value="${ids.service}"[^>]*checked`));
    const blank = await operator.post(`/care/referrals/${r.id}/edit`, { serviceId: ids.service!, urgency: 'routine', reason: ' ', mediatorLanguage: 'ar' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Change the draft');
    expect(await referralOf()).toMatchObject({ urgency: 'urgent', reasonSealed: r.reasonSealed });
    const routine = await operator.post(`/care/referrals/${r.id}/edit`, { serviceId: ids.service!, urgency: 'routine', reason: 'Nightmares; sleeps three hours a night.', mediatorLanguage: 'ar' });
    expect(routine.statusCode).toBe(303);
    expect(await referralOf()).toMatchObject({ status: 'draft', urgency: 'routine', targetHours: 720 });
    await operator.post(`/care/referrals/${r.id}/edit`, { serviceId: ids.service!, urgency: 'urgent', reason: 'Nightmares; sleeps three hours a night.', mediatorLanguage: 'ar' });
    expect(await referralOf()).toMatchObject({ urgency: 'urgent', targetHours: 168 });
    expect((await operator.get(`/care/referrals/${r.id}`)).body).toContain('Nightmares; sleeps three hours a night.');
    // The service cannot, nor anyone else.
    expect((await clinician.get(`/care/referrals/${r.id}/edit`)).statusCode).toBe(403);
  });

  it('will not send without consent to share, unless it is an emergency with a reason', async () => {
    const r = await referralOf();
    const page = await operator.get(`/care/referrals/${r.id}`);
    expect(page.body).toContain('has not consented to sharing with CSM Rinvio');
    const refused = await operator.post(`/care/referrals/${r.id}/actions`, { action: 'send' });
    expect(refused.statusCode).toBe(400);
    expect((await referralOf()).status).toBe('draft');
    await operator.post(`/care/residents/${ids.resident}/consents`, { purpose: 'sharing', recipientOrganisationId: ids.csm!, givenOn: today(), language: 'ar', mediatorPresent: 'on' });
    const sent = await operator.post(`/care/referrals/${r.id}/actions`, { action: 'send' });
    expect(sent.statusCode).toBe(303);
    const after = await referralOf();
    expect(after.status).toBe('requested');
    expect(after.consentId).not.toBeNull();
    expect(after.dueAt!.getTime() - after.requestedAt!.getTime()).toBe(168 * 3_600_000);
    // Sent, it is no longer a draft to change.
    expect((await operator.get(`/care/referrals/${r.id}/edit`)).statusCode).toBe(409);
    expect((await operator.post(`/care/referrals/${r.id}/edit`, { serviceId: ids.service!, urgency: 'routine', reason: 'Changed after sending' })).statusCode).toBe(409);
    const mail = (await db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'clin@example.org')))[0]!;
    expect(mail.text).toContain(`/care/referrals/${r.id}`);
    expect(mail.text).not.toContain('REF-1');
    expect(mail.text).not.toContain('Nightmares');
  });

  it('shows the receiving service its inbox with the time left, and the minimum of the resident', async () => {
    const inbox = await clinician.get(`/care/services/${ids.csm}/inbox`);
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain('REF-1');
    expect(inbox.body).toMatch(/(6 days|7 days) left/);
    expect(inbox.body).toContain('CAS Rinvio');
    expect((await clinician.get(`/care/services/${ids.csm}/inbox?urgency=emergency`)).body).not.toContain('REF-1');
    const r = await referralOf();
    const page = await clinician.get(`/care/referrals/${r.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nightmares; sleeps three hours a night.');
    expect(page.body).toContain('1999');
    expect(page.body).not.toContain('Samir');
    expect(page.body).not.toContain(`/care/residents/${ids.resident}`);
    // Another service sees nothing, and its attempts are on record.
    expect((await otherClinician.get(`/care/referrals/${r.id}`)).statusCode).toBe(404);
    expect((await otherClinician.get(`/care/services/${ids.csm}/inbox`)).statusCode).toBe(404);
    expect((await otherClinician.post(`/care/referrals/${r.id}/actions`, { action: 'accept' })).statusCode).toBe(404);
    expect((await coordinator.get(`/care/referrals/${r.id}`)).statusCode).toBe(403);
    expect((await admin.get(`/care/referrals/${r.id}`)).statusCode).toBe(404);
    const denied = await db().select().from(careAudit).where(and(eq(careAudit.referralId, r.id), eq(careAudit.outcome, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(3);
  });

  it('takes the referral through acceptance, an appointment and attendance to completion, with messages both ways', async () => {
    const r = await referralOf();
    const act = (c: Client, form: Record<string, string>) => c.post(`/care/referrals/${r.id}/actions`, form);
    expect((await act(operator, { action: 'accept' })).statusCode).toBe(403);
    expect((await act(clinician, { action: 'accept' })).statusCode).toBe(303);
    expect((await act(clinician, { action: 'accept' })).statusCode).toBe(409);
    const badDate = await act(clinician, { action: 'schedule', appointmentAt: 'next tuesday' });
    expect(badDate.statusCode).toBe(400);
    const soon = instantToZonedTime(new Date(Date.now() + 2 * 3_600_000), 'Europe/Rome').replace(' ', 'T');
    expect((await act(clinician, { action: 'schedule', appointmentAt: soon })).statusCode).toBe(303);
    expect((await referralOf()).appointmentStatus).toBe('scheduled');
    expect((await clinician.post(`/care/referrals/${r.id}/messages`, { body: 'Please come with the mediator at the time set.' })).statusCode).toBe(303);
    expect((await operator.post(`/care/referrals/${r.id}/messages`, { body: 'Confirmed, we will be there.' })).statusCode).toBe(303);
    expect((await operator.post(`/care/referrals/${r.id}/messages`, { body: '   ' })).statusCode).toBe(400);
    const thread = await operator.get(`/care/referrals/${r.id}`);
    expect(thread.body).toContain('Please come with the mediator');
    expect(thread.body).toContain('Confirmed, we will be there.');
    expect((await act(clinician, { action: 'attended' })).statusCode).toBe(303);
    const noOutcome = await act(clinician, { action: 'complete' });
    expect(noOutcome.statusCode).toBe(400);
    expect((await act(clinician, { action: 'complete', outcome: 'taken-in-charge' })).statusCode).toBe(303);
    const done = await referralOf();
    expect(done).toMatchObject({ status: 'completed', outcome: 'taken-in-charge', appointmentStatus: 'attended' });
    expect(done.firstAppointmentAt).not.toBeNull();
    expect(done.closedAt).not.toBeNull();
    const steps = await db().select().from(referralEvents).where(eq(referralEvents.referralId, r.id));
    expect(steps.map((s) => s.toStatus)).toEqual(['draft', 'requested', 'accepted', 'in-progress', 'in-progress', 'completed']);
    expect(steps.every((s) => s.actorId)).toBe(true);
    const history = await operator.get(`/care/referrals/${r.id}`);
    expect(history.body).toContain('Completed');
  });

  it('exports the referral as a valid FHIR bundle, for either side only', async () => {
    const r = await referralOf();
    const res = await clinician.get(`/care/referrals/${r.id}/fhir.json`);
    expect(res.statusCode).toBe(200);
    const bundle = JSON.parse(res.body);
    expect(bundle.resourceType).toBe('Bundle');
    const types = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType);
    expect(types).toEqual(expect.arrayContaining(['ServiceRequest', 'Task', 'Consent', 'Organization', 'HealthcareService']));
    const task = bundle.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Task').resource;
    expect(task.status).toBe('completed');
    expect(res.body).not.toContain('Samir');
    expect((await otherClinician.get(`/care/referrals/${r.id}/fhir.json`)).statusCode).toBe(404);
  });

  it('lets an emergency go without consent, with a reason, flagged and audited', async () => {
    await operator.post(`/care/centres/${ids.cas}/residents/new`, { caseCode: 'REF-2', gender: 'female' });
    const resident = (await db().select().from(residents).where(eq(residents.caseCode, 'REF-2')))[0]!.id;
    await operator.post(`/care/residents/${resident}/referrals`, { serviceId: ids.service!, urgency: 'emergency', reason: 'Acute crisis tonight.' });
    const [r] = await db().select().from(referrals).where(eq(referrals.residentId, resident));
    const page = await operator.get(`/care/referrals/${r!.id}`);
    expect(page.body).toContain('name="overrideReason"');
    const short = await operator.post(`/care/referrals/${r!.id}/actions`, { action: 'send', overrideReason: 'now' });
    expect(short.statusCode).toBe(400);
    expect((await operator.post(`/care/referrals/${r!.id}/actions`, { action: 'send', overrideReason: 'Risk to life; resident cannot be reached for consent' })).statusCode).toBe(303);
    const [sent] = await db().select().from(referrals).where(eq(referrals.id, r!.id));
    expect(sent!.status).toBe('requested');
    expect(sent!.overrideReasonSealed).not.toBeNull();
    expect((await clinician.get(`/care/services/${ids.csm}/inbox`)).body).toContain('Sent without consent (emergency)');
    expect(await db().select().from(auditEvents).where(eq(auditEvents.action, 'care.referral.override'))).toHaveLength(1);
  });

  it('lets coordinators set their region’s target times, refusing inconsistent ones', async () => {
    const page = await coordinator.get('/care/settings/targets');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Lazio');
    const bad = await coordinator.post(`/care/settings/targets/${ids.region}`, { routine: '480', urgent: '600', emergency: '24' });
    expect(bad.statusCode).toBe(400);
    expect((await coordinator.post(`/care/settings/targets/${ids.region}`, { routine: '480', urgent: '120', emergency: '12' })).statusCode).toBe(303);
    expect((await operator.get(`/care/residents/${ids.resident}/referrals/new`)).body).toContain('first appointment within 20 days');
    expect((await operator.get('/care/settings/targets')).statusCode).toBe(403);
  });
});
