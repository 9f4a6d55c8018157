import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../../test/helpers.js';
import type { Role } from '../../platform/access.js';
import { grantRole } from '../../platform/identity/organisations.js';
import { createUser } from '../../platform/identity/users.js';
import { auditEvents, mailOutbox, organisations, organisationTypes, regions } from '../../platform/schema.js';
import { directoryOrganizations, directoryServices, serviceTypes } from '../directory/schema.js';
import type { CareActor } from './access.js';
import { careCipher, placeOf, type CareCipher } from './crypto.js';
import {
  addMessage,
  allowedActions,
  createReferral,
  DEFAULT_TARGET_HOURS,
  deleteDraft,
  getReferral,
  inbox,
  listMessages,
  listUrgencyTargets,
  receivingOrganisation,
  REFERRAL_ACTIONS,
  residentReferrals,
  sendReferral,
  sentReferrals,
  setUrgencyTargets,
  targetHoursFor,
  transition,
  TRANSITIONS,
  updateDraft,
  type ReferralAction,
  type ReferralInput,
  type TransitionPayload,
} from './referrals.js';
import { breakGlassGrants, careAudit, consents, instruments, referralEvents, referralMessages, referrals, REFERRAL_STATUSES, residents, screenings, urgencyTargets } from './schema.js';

let ctx: Awaited<ReturnType<typeof testPlatform>>;
let cipher: CareCipher;
const db = () => ctx.platform.database.db;
const p = () => ctx.platform;
const ids: Record<string, string> = {};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let operator: CareActor; // care operator of the reception centre (the sender)
let operatorB: CareActor; // another operator of the same centre (is told of answers)
let otherOperator: CareActor; // care operator of another centre
let clinician: CareActor; // care clinician of the health service's organisation (the receiver)
let clinicianB: CareActor; // another clinician there (is told of new referrals)
let otherClinician: CareActor; // care clinician of another health organisation
let admin: CareActor;

async function person(email: string, grants: [Role, string | null][], locale: string | null = null): Promise<CareActor> {
  const u = await createUser(db(), { email, name: email.split('@')[0]!, passwordHash: null, verified: true, locale });
  for (const [role, org] of grants) await grantRole(db(), u.id, role, org);
  return { principal: { id: u.id, email: u.email, name: u.name, locale, roles: grants.map(([role, organisationId]) => ({ role, organisationId })), totpEnabled: true }, requestId: `req-${email}` };
}

/** A platform organisation running one active service in the directory (on Ponte). */
async function healthService(name: string, regionId: string) {
  const [org] = await db().insert(organisations).values({ name, typeCode: 'health', country: 'IT', regionId }).returning();
  const [dir] = await db().insert(directoryOrganizations).values({ name, memberOrganisationId: org!.id }).returning();
  const [svc] = await db().insert(directoryServices).values({ organizationId: dir!.id, name: `CSM ${name}`, typeCode: 'community-mental-health-centre', acceptsReferrals: true }).returning();
  return { organisationId: org!.id, serviceId: svc!.id };
}

async function resident(caseCode: string, organisationId = ids.centre!, birthYear = 1999) {
  const id = randomUUID();
  await db()
    .insert(residents)
    .values({ id, organisationId, caseCode, birthYear, languages: ['ar'], mediatorNeeded: true, nameSealed: cipher.seal('Amina Example', placeOf('care_residents', 'name_sealed', id)) });
  return id;
}

async function consentTo(residentId: string, recipientOrganisationId: string) {
  const [c] = await db().insert(consents).values({ residentId, purpose: 'sharing', recipientOrganisationId, givenOn: '2026-01-10', language: 'ar', mediatorPresent: true }).returning();
  return c!.id;
}

const input = (over: Partial<ReferralInput> = {}): ReferralInput => ({ serviceId: ids.csm!, reason: 'Persistent nightmares since the crossing', urgency: 'routine', mediatorLanguage: 'ar', ...over });

async function draft(residentId: string, over: Partial<ReferralInput> = {}) {
  const r = await createReferral(db(), cipher, operator, residentId, input(over));
  if (!r.ok) throw new Error(`draft refused: ${r.error}`);
  return r.id;
}

async function sentReferral(caseCode: string, over: Partial<ReferralInput> = {}, now = new Date()) {
  const res = await resident(caseCode);
  await consentTo(res, ids.asl!);
  const id = await draft(res, over);
  const sent = await sendReferral(p(), db(), cipher, operator, id, {}, now);
  if (!sent.ok) throw new Error(`send refused: ${sent.error}`);
  return { id, residentId: res };
}

const row = async (id: string) => (await db().select().from(referrals).where(eq(referrals.id, id)))[0]!;
const mailsTo = async (email: string) => db().select().from(mailOutbox).where(eq(mailOutbox.recipient, email));

beforeAll(async () => {
  ctx = await testPlatform();
  cipher = careCipher(ctx.platform.config);
  await db()
    .insert(organisationTypes)
    .values([
      { code: 'reception-centre', names: { en: 'Reception centre' } },
      { code: 'health', names: { en: 'Health service' } },
    ])
    .onConflictDoNothing();
  await db().insert(serviceTypes).values({ code: 'community-mental-health-centre', names: { en: 'Community mental-health centre' } }).onConflictDoNothing();
  const [lazio, sicilia] = await db()
    .insert(regions)
    .values([
      { country: 'IT', code: 'IT-62', name: 'Lazio' },
      { country: 'IT', code: 'IT-82', name: 'Sicilia' },
    ])
    .returning();
  ids.lazio = lazio!.id;
  ids.sicilia = sicilia!.id;
  const [centre, centre2] = await db()
    .insert(organisations)
    .values([
      { name: 'CAS Prova Tiburtina', typeCode: 'reception-centre', country: 'IT', regionId: lazio!.id },
      { name: 'CAS Prova Palermo', typeCode: 'reception-centre', country: 'IT', regionId: sicilia!.id },
    ])
    .returning();
  ids.centre = centre!.id;
  ids.centre2 = centre2!.id;
  const asl = await healthService('ASL Prova Roma', lazio!.id);
  ids.asl = asl.organisationId;
  ids.csm = asl.serviceId;
  const asl2 = await healthService('ASL Prova Latina', lazio!.id);
  ids.asl2 = asl2.organisationId;
  ids.csm2 = asl2.serviceId;
  // In the directory, not on Ponte; and a service of the ASL that closed.
  const [offPonte] = await db().insert(directoryOrganizations).values({ name: 'Ambulatorio senza Ponte' }).returning();
  const [offService] = await db().insert(directoryServices).values({ organizationId: offPonte!.id, name: 'Ambulatorio', typeCode: 'community-mental-health-centre' }).returning();
  ids.offPonte = offService!.id;
  const [aslDir] = await db().select().from(directoryOrganizations).where(eq(directoryOrganizations.memberOrganisationId, ids.asl));
  const [closed] = await db().insert(directoryServices).values({ organizationId: aslDir!.id, name: 'CSM chiuso', typeCode: 'community-mental-health-centre', status: 'defunct' }).returning();
  ids.closed = closed!.id;

  operator = await person('operator@cas.example.org', [['care-operator', ids.centre]]);
  operatorB = await person('operator-b@cas.example.org', [['care-operator', ids.centre]], 'it');
  otherOperator = await person('operator@cas-palermo.example.org', [['care-operator', ids.centre2]]);
  clinician = await person('clinician@asl.example.org', [['care-clinician', ids.asl]]);
  clinicianB = await person('clinician-b@asl.example.org', [['care-clinician', ids.asl]], 'ar');
  otherClinician = await person('clinician@asl-latina.example.org', [['care-clinician', ids.asl2]]);
  admin = await person('admin@example.org', [['administrator', null]]);
});

afterAll(async () => {
  await ctx?.close();
});

describe('urgency targets', () => {
  it('default to 30 days, 7 days and 24 hours, and a region sets its own', async () => {
    expect(DEFAULT_TARGET_HOURS).toEqual({ routine: 720, urgent: 168, emergency: 24 });
    expect(await targetHoursFor(db(), ids.sicilia!, 'urgent')).toBe(168);
    expect(await targetHoursFor(db(), null, 'emergency')).toBe(24);

    expect(await setUrgencyTargets(db(), admin, ids.sicilia!, { routine: 480, emergency: 12 })).toEqual({ ok: true });
    expect(await targetHoursFor(db(), ids.sicilia!, 'routine')).toBe(480);
    expect(await targetHoursFor(db(), ids.sicilia!, 'urgent')).toBe(168);
    expect(await listUrgencyTargets(db(), ids.sicilia!)).toEqual([
      { urgency: 'routine', targetHours: 480, isDefault: false },
      { urgency: 'urgent', targetHours: 168, isDefault: true },
      { urgency: 'emergency', targetHours: 12, isDefault: false },
    ]);
    const [logged] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'care.urgency-targets.update'), eq(auditEvents.targetId, ids.sicilia!)));
    expect(logged!.details).toEqual({ routine: 480, emergency: 12 });
  });

  it('must be whole positive hours, under their caps, and in order of urgency', async () => {
    expect(await setUrgencyTargets(db(), admin, ids.sicilia!, { urgent: 0 })).toEqual({ ok: false, error: 'invalid-targets', fields: { urgent: 'whole-hours' } });
    expect(await setUrgencyTargets(db(), admin, ids.sicilia!, { urgent: 12.5 })).toEqual({ ok: false, error: 'invalid-targets', fields: { urgent: 'whole-hours' } });
    expect(await setUrgencyTargets(db(), admin, ids.sicilia!, { emergency: 24 * 5 })).toEqual({ ok: false, error: 'invalid-targets', fields: { emergency: 'too-large' } });
    expect(await setUrgencyTargets(db(), admin, ids.sicilia!, { routine: 24 * 365 })).toEqual({ ok: false, error: 'invalid-targets', fields: { routine: 'too-large' } });
    // An urgent referral may not be given longer than a routine one (480 hours in Sicily).
    expect(await setUrgencyTargets(db(), admin, ids.sicilia!, { urgent: 500 })).toEqual({ ok: false, error: 'invalid-targets', fields: { urgent: 'order' } });
    expect(await setUrgencyTargets(db(), admin, randomUUID(), { urgent: 100 })).toEqual({ ok: false, error: 'not-found' });
    expect(await targetHoursFor(db(), ids.sicilia!, 'urgent')).toBe(168);
  });
});

describe('where a referral goes', () => {
  it("is the directory service's member organisation, when it has joined Ponte", async () => {
    expect(await receivingOrganisation(db(), ids.csm!)).toEqual({ ok: true, serviceId: ids.csm, serviceName: 'CSM ASL Prova Roma', organisationId: ids.asl, acceptsReferrals: true });
    expect(await receivingOrganisation(db(), ids.offPonte!)).toEqual({ ok: false, error: 'not-on-ponte' });
    expect(await receivingOrganisation(db(), ids.closed!)).toEqual({ ok: false, error: 'not-found' });
    expect(await receivingOrganisation(db(), randomUUID())).toEqual({ ok: false, error: 'not-found' });
    expect(await receivingOrganisation(db(), 'not-an-id')).toEqual({ ok: false, error: 'not-found' });
  });
});

describe('drafts', () => {
  it("are created from the resident's record with the reason sealed, and the region's target", async () => {
    await setUrgencyTargets(db(), admin, ids.lazio!, { routine: 240 });
    const res = await resident('CAS-DRAFT-1');
    const id = await draft(res);
    const r = await row(id);
    expect(r).toMatchObject({ status: 'draft', fromOrganisationId: ids.centre, toOrganisationId: ids.asl, regionId: ids.lazio, serviceName: 'CSM ASL Prova Roma', targetHours: 240, mediatorLanguage: 'ar', requestedAt: null, dueAt: null });
    expect(r.reasonSealed).not.toContain('nightmares');
    const view = await getReferral(db(), cipher, operator, id);
    expect(view).toMatchObject({ side: 'sender', reason: 'Persistent nightmares since the crossing', status: 'draft', actions: ['send'] });
    expect(view!.events.map((e) => [e.fromStatus, e.toStatus, e.step])).toEqual([[null, 'draft', 'created']]);
  });

  it('refuse bad input with clear codes', async () => {
    const res = await resident('CAS-DRAFT-2');
    const elsewhere = await resident('CAS-DRAFT-3');
    const [instrument] = await db()
      .insert(instruments)
      .values({ code: 'demo', version: '1', definition: { code: 'demo', version: '1', url: null, title: { en: 'Demo' }, description: {}, languages: ['en'], licence: {}, validated: false, items: [], cutoff: 5, bands: [] }, questionnaire: {} })
      .returning();
    const [otherScreening] = await db().insert(screenings).values({ residentId: elsewhere, organisationId: ids.centre!, instrumentId: instrument!.id, language: 'ar', mode: 'self', status: 'completed', score: 9 }).returning();
    const [unfinished] = await db().insert(screenings).values({ residentId: res, organisationId: ids.centre!, instrumentId: instrument!.id, language: 'ar', mode: 'self' }).returning();
    const wrongConsent = await consentTo(res, ids.asl2!);
    const cases: [Partial<ReferralInput>, string, string?][] = [
      [{ reason: '   ' }, 'reason-required', 'reason'],
      [{ reason: 'x'.repeat(4001) }, 'too-long', 'reason'],
      [{ urgency: 'soon' as never }, 'invalid-urgency', 'urgency'],
      [{ mediatorLanguage: 'not a language' }, 'invalid-language', 'mediatorLanguage'],
      [{ serviceId: ids.offPonte }, 'not-on-ponte', 'serviceId'],
      [{ serviceId: ids.closed }, 'not-found', 'serviceId'],
      [{ screeningId: otherScreening!.id }, 'invalid-screening', 'screeningId'],
      [{ screeningId: unfinished!.id }, 'invalid-screening', 'screeningId'],
      [{ consentId: wrongConsent }, 'invalid-consent', 'consentId'],
    ];
    for (const [over, error, field] of cases) expect(await createReferral(db(), cipher, operator, res, input(over))).toEqual({ ok: false, error, field });
    expect(await db().select().from(referrals).where(eq(referrals.residentId, res))).toHaveLength(0);
  });

  it("are made only by the resident's own centre", async () => {
    const res = await resident('CAS-DRAFT-4');
    expect(await createReferral(db(), cipher, otherOperator, res, input())).toEqual({ ok: false, error: 'not-found' });
    expect(await createReferral(db(), cipher, clinician, res, input())).toEqual({ ok: false, error: 'not-found' });
    // An administrator reading through break-glass does not refer.
    await db().insert(breakGlassGrants).values({ userId: admin.principal.id, residentId: res, reasonSealed: 'sealed', expiresAt: new Date(Date.now() + HOUR) });
    expect(await createReferral(db(), cipher, admin, res, input())).toEqual({ ok: false, error: 'forbidden' });
    await db().update(residents).set({ status: 'closed' }).where(eq(residents.id, res));
    expect(await createReferral(db(), cipher, operator, res, input())).toEqual({ ok: false, error: 'resident-closed' });
  });

  it('are edited and deleted by the sender only, and only while drafts', async () => {
    const res = await resident('CAS-DRAFT-5');
    const id = await draft(res);
    expect(await updateDraft(db(), cipher, operator, id, input({ serviceId: ids.csm2, urgency: 'urgent', reason: 'Sleeps two hours a night' }))).toEqual({ ok: true });
    expect(await row(id)).toMatchObject({ toOrganisationId: ids.asl2, serviceName: 'CSM ASL Prova Latina', urgency: 'urgent', targetHours: 168 });
    expect((await getReferral(db(), cipher, operator, id))!.reason).toBe('Sleeps two hours a night');
    expect(await updateDraft(db(), cipher, otherOperator, id, input())).toEqual({ ok: false, error: 'not-found' });
    expect(await deleteDraft(db(), otherClinician, id)).toEqual({ ok: false, error: 'not-found' });
    expect(await deleteDraft(db(), operator, id)).toEqual({ ok: true });
    expect(await db().select().from(referrals).where(eq(referrals.id, id))).toHaveLength(0);

    const sent = await sentReferral('CAS-DRAFT-6');
    expect(await updateDraft(db(), cipher, operator, sent.id, input())).toEqual({ ok: false, error: 'invalid-transition' });
    expect(await deleteDraft(db(), operator, sent.id)).toEqual({ ok: false, error: 'invalid-transition' });
  });

  it('are invisible to the receiving organisation', async () => {
    const res = await resident('CAS-DRAFT-7');
    const id = await draft(res);
    expect(await getReferral(db(), cipher, clinician, id)).toBeNull();
    const [denied] = await db().select().from(careAudit).where(and(eq(careAudit.referralId, id), eq(careAudit.actorId, clinician.principal.id)));
    expect(denied).toMatchObject({ action: 'referral.read', outcome: 'denied', basis: 'none' });
    expect(await transition(p(), db(), cipher, clinician, id, 'accept')).toEqual({ ok: false, error: 'not-found' });
    expect(await listMessages(db(), cipher, clinician, id)).toBeNull();
    const listed = await inbox(db(), clinician, ids.asl!, { status: 'all', pageSize: 100 });
    expect(listed!.rows.map((r) => r.id)).not.toContain(id);
  });
});

describe('sending', () => {
  it('needs the resident’s consent to share with the receiving organisation', async () => {
    const res = await resident('CAS-SEND-1');
    const id = await draft(res);
    expect(await sendReferral(p(), db(), cipher, operator, id)).toEqual({ ok: false, error: 'no-consent' });
    // Consent to share with another organisation, or withdrawn consent, does not count.
    await consentTo(res, ids.asl2!);
    const withdrawn = await consentTo(res, ids.asl!);
    await db().update(consents).set({ withdrawnAt: new Date() }).where(eq(consents.id, withdrawn));
    expect(await sendReferral(p(), db(), cipher, operator, id, { overrideReason: 'Not an emergency, but in a hurry' })).toEqual({ ok: false, error: 'no-consent' });
    expect((await row(id)).status).toBe('draft');

    const consentId = await consentTo(res, ids.asl!);
    const now = new Date('2026-03-02T09:00:00Z');
    expect(await sendReferral(p(), db(), cipher, operator, id, {}, now)).toEqual({ ok: true, overridden: false });
    const r = await row(id);
    expect(r).toMatchObject({ status: 'requested', consentId, overrideReasonSealed: null, requestedAt: now, dueAt: new Date(now.getTime() + 240 * HOUR) });
    expect(await sendReferral(p(), db(), cipher, operator, id)).toEqual({ ok: false, error: 'invalid-transition' });
  });

  it('goes without consent only in an emergency, with a reason: flagged and audited', async () => {
    const res = await resident('CAS-SEND-2');
    const routine = await draft(res);
    expect(await sendReferral(p(), db(), cipher, operator, routine, { overrideReason: 'Acute risk, resident cannot consent now' })).toEqual({ ok: false, error: 'no-consent' });
    const id = await draft(res, { urgency: 'emergency' });
    expect(await sendReferral(p(), db(), cipher, operator, id)).toEqual({ ok: false, error: 'no-consent', field: 'overrideReason' });
    expect(await sendReferral(p(), db(), cipher, operator, id, { overrideReason: 'urgent' })).toEqual({ ok: false, error: 'override-reason-too-short', field: 'overrideReason' });
    expect(await sendReferral(p(), db(), cipher, operator, id, { overrideReason: 'Acute risk, resident cannot consent now' })).toEqual({ ok: true, overridden: true });

    const r = await row(id);
    expect(r).toMatchObject({ status: 'requested', consentId: null, targetHours: 24 });
    expect(r.overrideReasonSealed).toBeTruthy();
    expect(r.overrideReasonSealed).not.toContain('Acute');
    const [careRow] = await db().select().from(careAudit).where(and(eq(careAudit.referralId, id), eq(careAudit.action, 'referral.override')));
    expect(careRow).toMatchObject({ actorId: operator.principal.id, access: 'write', outcome: 'success', residentId: res, organisationId: ids.centre });
    const [securityRow] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'care.referral.override'), eq(auditEvents.targetId, id)));
    expect(securityRow).toMatchObject({ actorId: operator.principal.id, outcome: 'success', targetType: 'care-referral', requestId: operator.requestId });
    expect(JSON.stringify(securityRow!.details)).not.toMatch(/Acute|CAS-SEND-2/);

    const forSender = await getReferral(db(), cipher, operator, id);
    expect(forSender).toMatchObject({ overridden: true, overrideReason: 'Acute risk, resident cannot consent now' });
    expect(forSender!.events.at(-1)).toMatchObject({ fromStatus: 'draft', toStatus: 'requested', step: 'sent-without-consent' });
    const forReceiver = await getReferral(db(), cipher, clinician, id);
    expect(forReceiver).toMatchObject({ overridden: true, overrideReason: null, side: 'receiver' });
    const listed = await inbox(db(), clinician, ids.asl!, { pageSize: 100 });
    expect(listed!.rows.find((x) => x.id === id)!.overridden).toBe(true);

    // With consent, an emergency goes as any other referral: no override, whatever reason is offered.
    await consentTo(res, ids.asl!);
    const withConsent = await draft(res, { urgency: 'emergency' });
    expect(await sendReferral(p(), db(), cipher, operator, withConsent, { overrideReason: 'Acute risk, resident cannot consent now' })).toEqual({ ok: true, overridden: false });
    expect(await row(withConsent)).toMatchObject({ overrideReasonSealed: null, status: 'requested' });
  });
});

describe('the life cycle', () => {
  it('runs from request to completion, each step stamped with its time and actor', async () => {
    const t0 = new Date(Date.now() - 10 * DAY);
    const { id } = await sentReferral('CAS-LIFE-1', { urgency: 'urgent' }, t0);
    const at = (days: number) => new Date(t0.getTime() + days * DAY);

    expect(await transition(p(), db(), cipher, clinician, id, 'accept', { note: 'We will call the centre' }, at(1))).toEqual({ ok: true, status: 'accepted' });
    expect(await transition(p(), db(), cipher, clinician, id, 'schedule', { appointmentAt: at(-1) }, at(1))).toEqual({ ok: false, error: 'appointment-in-past', field: 'appointmentAt' });
    expect(await transition(p(), db(), cipher, clinician, id, 'schedule', { appointmentAt: 'next week' }, at(1))).toEqual({ ok: false, error: 'invalid-appointment', field: 'appointmentAt' });
    expect(await transition(p(), db(), cipher, clinician, id, 'schedule', {}, at(1))).toEqual({ ok: false, error: 'appointment-required', field: 'appointmentAt' });
    expect(await transition(p(), db(), cipher, clinician, id, 'schedule', { appointmentAt: at(3) }, at(1))).toEqual({ ok: true, status: 'in-progress' });
    // Rescheduled before it took place.
    expect(await transition(p(), db(), cipher, clinician, id, 'schedule', { appointmentAt: at(4).toISOString() }, at(2))).toEqual({ ok: true, status: 'in-progress' });
    expect(await transition(p(), db(), cipher, clinician, id, 'attended', {}, at(2))).toEqual({ ok: false, error: 'appointment-not-yet' });
    expect(await transition(p(), db(), cipher, clinician, id, 'complete', { outcome: 'taken-in-charge' }, at(2))).toEqual({ ok: false, error: 'no-attended-appointment' });
    // The first appointment is missed: flagged, and the referral waits for a new date.
    expect(await transition(p(), db(), cipher, clinician, id, 'missed', {}, at(4.1))).toEqual({ ok: true, status: 'in-progress' });
    expect(await row(id)).toMatchObject({ status: 'in-progress', appointmentStatus: 'missed', firstAppointmentMissed: true, firstAppointmentAt: null });
    expect(await transition(p(), db(), cipher, clinician, id, 'missed', {}, at(4.2))).toEqual({ ok: false, error: 'no-scheduled-appointment' });
    expect(await transition(p(), db(), cipher, clinician, id, 'schedule', { appointmentAt: at(6) }, at(4.2))).toEqual({ ok: true, status: 'in-progress' });
    expect(await transition(p(), db(), cipher, clinician, id, 'attended', { note: 'Came with a mediator' }, at(6.1))).toEqual({ ok: true, status: 'in-progress' });
    expect(await row(id)).toMatchObject({ appointmentStatus: 'attended', firstAppointmentAt: at(6), firstAppointmentMissed: true });
    expect(await transition(p(), db(), cipher, clinician, id, 'complete', {}, at(7))).toEqual({ ok: false, error: 'outcome-required', field: 'outcome' });
    expect(await transition(p(), db(), cipher, clinician, id, 'complete', { outcome: 'cured' }, at(7))).toEqual({ ok: false, error: 'invalid-outcome', field: 'outcome' });
    expect(await transition(p(), db(), cipher, clinician, id, 'complete', { outcome: 'other' }, at(7))).toEqual({ ok: false, error: 'note-required', field: 'note' });
    expect(await transition(p(), db(), cipher, clinician, id, 'complete', { outcome: 'taken-in-charge' }, at(7))).toEqual({ ok: true, status: 'completed' });
    expect(await row(id)).toMatchObject({ status: 'completed', outcome: 'taken-in-charge', closedAt: at(7), acceptedAt: at(1) });
    expect(await transition(p(), db(), cipher, clinician, id, 'fail', { reason: 'unreachable' }, at(8))).toEqual({ ok: false, error: 'invalid-transition' });
    expect(await transition(p(), db(), cipher, operator, id, 'cancel', { reason: 'no-longer-needed' }, at(8))).toEqual({ ok: false, error: 'invalid-transition' });

    const view = await getReferral(db(), cipher, operator, id, at(8));
    expect(view!.events.map((e) => [e.fromStatus, e.toStatus, e.step])).toEqual([
      [null, 'draft', 'created'],
      ['draft', 'requested', 'sent'],
      ['requested', 'accepted', 'accepted'],
      ['accepted', 'in-progress', 'appointment-scheduled'],
      ['in-progress', 'in-progress', 'appointment-rescheduled'],
      ['in-progress', 'in-progress', 'appointment-missed'],
      ['in-progress', 'in-progress', 'appointment-scheduled'],
      ['in-progress', 'in-progress', 'appointment-attended'],
      ['in-progress', 'completed', 'completed'],
    ]);
    const accepted = view!.events[2]!;
    expect(accepted).toMatchObject({ at: at(1), actorName: 'clinician', organisationId: ids.asl, organisationName: 'ASL Prova Roma', note: 'We will call the centre' });
    expect(view!.events[7]).toMatchObject({ appointmentAt: at(6), note: 'Came with a mediator' });
    expect(view!.events[8]).toMatchObject({ reason: 'taken-in-charge', actorName: 'clinician' });
    expect(view).toMatchObject({ timeLeftHours: null, overdue: false, actions: [] });
    // Notes are sealed at rest.
    const stored = await db().select().from(referralEvents).where(eq(referralEvents.referralId, id));
    expect(stored.filter((e) => e.noteSealed)).toHaveLength(2);
    expect(stored.map((e) => e.noteSealed ?? '').join()).not.toMatch(/mediator|call/);
  });

  it('is put on hold and resumed to where it was; rejected, cancelled and failed with coded reasons', async () => {
    const a = await sentReferral('CAS-LIFE-2');
    expect(await transition(p(), db(), cipher, clinician, a.id, 'accept')).toMatchObject({ ok: true });
    expect(await transition(p(), db(), cipher, clinician, a.id, 'hold', {})).toEqual({ ok: false, error: 'reason-required', field: 'reason' });
    expect(await transition(p(), db(), cipher, clinician, a.id, 'hold', { reason: 'lunch' })).toEqual({ ok: false, error: 'invalid-reason', field: 'reason' });
    expect(await transition(p(), db(), cipher, clinician, a.id, 'hold', { reason: 'awaiting-mediator' })).toEqual({ ok: true, status: 'on-hold' });
    expect(await row(a.id)).toMatchObject({ status: 'on-hold', statusReason: 'awaiting-mediator', closedAt: null });
    expect(await transition(p(), db(), cipher, clinician, a.id, 'resume')).toEqual({ ok: true, status: 'accepted' });
    expect(await row(a.id)).toMatchObject({ status: 'accepted', statusReason: null });
    expect(await transition(p(), db(), cipher, clinician, a.id, 'hold', { reason: 'resident-hospitalised' })).toMatchObject({ ok: true });
    expect(await transition(p(), db(), cipher, clinician, a.id, 'fail', { reason: 'other' })).toEqual({ ok: false, error: 'note-required', field: 'note' });
    expect(await transition(p(), db(), cipher, clinician, a.id, 'fail', { reason: 'resident-moved' })).toEqual({ ok: true, status: 'failed' });
    expect((await row(a.id)).closedAt).toBeInstanceOf(Date);

    const b = await sentReferral('CAS-LIFE-3');
    expect(await transition(p(), db(), cipher, clinician, b.id, 'reject', { reason: 'other', note: 'Outside our age range' })).toEqual({ ok: true, status: 'rejected' });
    expect(await row(b.id)).toMatchObject({ status: 'rejected', statusReason: 'other' });
    expect((await getReferral(db(), cipher, operator, b.id))!.events.at(-1)).toMatchObject({ reason: 'other', note: 'Outside our age range', step: 'rejected' });

    const c = await sentReferral('CAS-LIFE-4');
    expect(await transition(p(), db(), cipher, operator, c.id, 'cancel', {})).toEqual({ ok: false, error: 'reason-required', field: 'reason' });
    expect(await transition(p(), db(), cipher, operator, c.id, 'cancel', { reason: 'resident-moved', note: 'x'.repeat(2001) })).toEqual({ ok: false, error: 'too-long', field: 'note' });
    expect(await transition(p(), db(), cipher, operator, c.id, 'cancel', { reason: 'resident-moved' })).toEqual({ ok: true, status: 'cancelled' });
    expect(await transition(p(), db(), cipher, operator, c.id, 'frobnicate' as ReferralAction)).toEqual({ ok: false, error: 'invalid-transition' });
  });

  it('allows each action only to its side, from its statuses', async () => {
    const { id, residentId } = await sentReferral('CAS-MATRIX');
    const payloads: Record<ReferralAction, TransitionPayload> = {
      send: {},
      cancel: { reason: 'resident-moved' },
      accept: {},
      reject: { reason: 'capacity' },
      schedule: { appointmentAt: new Date(Date.now() + DAY) },
      attended: {},
      missed: {},
      hold: { reason: 'awaiting-information' },
      resume: {},
      fail: { reason: 'unreachable' },
      complete: { outcome: 'taken-in-charge' },
    };
    const sides = { sender: operator, receiver: clinician } as const;
    let checked = 0;
    for (const status of REFERRAL_STATUSES) {
      for (const action of REFERRAL_ACTIONS) {
        const rule = TRANSITIONS[action];
        for (const side of ['sender', 'receiver'] as const) {
          // A state where every precondition other than status holds: an appointment due now, a first one attended.
          await db()
            .update(referrals)
            .set({ status, appointmentStatus: 'scheduled', appointmentAt: new Date(Date.now() - HOUR), firstAppointmentAt: new Date(Date.now() - DAY), closedAt: null })
            .where(eq(referrals.id, id));
          const result = await transition(p(), db(), cipher, sides[side], id, action, payloads[action]);
          const expected = status === 'draft' && side === 'receiver' ? 'not-found' : rule.side !== side ? 'forbidden' : !rule.from.includes(status) ? 'invalid-transition' : null;
          expect([status, action, side, result.ok ? 'ok' : result.error]).toEqual([status, action, side, expected ?? 'ok']);
          if (result.ok && (['rejected', 'cancelled', 'failed', 'completed'] as string[]).includes(result.status)) expect((await row(id)).closedAt).toBeInstanceOf(Date);
          checked++;
        }
      }
    }
    expect(checked).toBe(REFERRAL_STATUSES.length * REFERRAL_ACTIONS.length * 2);
    expect(residentId).toBeTruthy();
  });

  it('lists what each side may do next', () => {
    const base = { appointmentStatus: null, firstAppointmentAt: null } as const;
    expect(allowedActions('sender', { ...base, status: 'draft' })).toEqual(['send']);
    expect(allowedActions('receiver', { ...base, status: 'requested' })).toEqual(['accept', 'reject', 'hold']);
    expect(allowedActions('sender', { ...base, status: 'requested' })).toEqual(['cancel']);
    expect(allowedActions('receiver', { status: 'in-progress', appointmentStatus: 'scheduled', firstAppointmentAt: null })).toEqual(['schedule', 'attended', 'missed', 'hold', 'fail']);
    expect(allowedActions('receiver', { status: 'in-progress', appointmentStatus: 'attended', firstAppointmentAt: new Date() })).toEqual(['schedule', 'hold', 'fail', 'complete']);
    expect(allowedActions('break-glass', { ...base, status: 'requested' })).toEqual([]);
  });
});

describe('access', () => {
  it("keeps one organisation's clinicians out of another's referrals, auditing the denial", async () => {
    const { id } = await sentReferral('CAS-ACCESS-1');
    expect(await getReferral(db(), cipher, otherClinician, id)).toBeNull();
    expect(await getReferral(db(), cipher, otherOperator, id)).toBeNull();
    expect(await getReferral(db(), cipher, admin, id)).toBeNull();
    const denials = await db().select().from(careAudit).where(and(eq(careAudit.referralId, id), eq(careAudit.outcome, 'denied')));
    expect(denials.map((d) => d.actorId).sort()).toEqual([otherClinician.principal.id, otherOperator.principal.id, admin.principal.id].sort());
    expect(denials.every((d) => d.action === 'referral.read' && d.basis === 'none' && d.ownerOrganisationId === ids.centre)).toBe(true);
    expect(await transition(p(), db(), cipher, otherClinician, id, 'accept')).toEqual({ ok: false, error: 'not-found' });
    expect(await addMessage(p(), db(), cipher, otherClinician, id, 'Hello')).toEqual({ ok: false, error: 'not-found' });
    expect(await inbox(db(), otherClinician, ids.asl!)).toBeNull();
    expect(await inbox(db(), operator, ids.asl!)).toBeNull();
    expect(await sentReferrals(db(), clinician, ids.centre!)).toBeNull();
    expect(await residentReferrals(db(), clinician, (await row(id)).residentId)).toBeNull();
    expect(await getReferral(db(), cipher, clinician, 'not-a-uuid')).toBeNull();
  });

  it('gives the receiver the minimum: no name, no resident id, screening score and band only', async () => {
    const res = await resident('CAS-ACCESS-2');
    await consentTo(res, ids.asl!);
    const [instrument] = await db()
      .insert(instruments)
      .values({
        code: 'demo-min',
        version: '1',
        definition: {
          code: 'demo-min',
          version: '1',
          url: null,
          title: { en: 'Demo' },
          description: {},
          languages: ['en'],
          licence: {},
          validated: false,
          items: [],
          cutoff: 5,
          bands: [{ code: 'high', min: 5, max: 27, label: { en: 'High' }, aboveCutoff: true, recommendations: [] }],
        },
        questionnaire: {},
      })
      .returning();
    const [s] = await db()
      .insert(screenings)
      .values({ residentId: res, organisationId: ids.centre!, instrumentId: instrument!.id, language: 'ar', mode: 'self', status: 'completed', score: 14, band: 'high', aboveCutoff: true, answers: JSON.stringify({ q1: ['3'] }), completedAt: new Date() })
      .returning();
    const id = await draft(res, { screeningId: s!.id });
    await sendReferral(p(), db(), cipher, operator, id);
    const view = await getReferral(db(), cipher, clinician, id);
    expect(view!.resident).toEqual({ id: null, caseCode: 'CAS-ACCESS-2', birthYear: 1999, gender: 'undisclosed', languages: ['ar'], mediatorNeeded: true });
    expect(view!.screening).toMatchObject({ instrumentCode: 'demo-min', score: 14, band: 'high', bandLabel: { en: 'High' }, aboveCutoff: true });
    expect(JSON.stringify(view)).not.toMatch(/Amina|q1/);
    expect(view!.actions).toEqual(['accept', 'reject', 'hold']);
    expect((await getReferral(db(), cipher, operator, id))!.resident.id).toBe(res);
  });

  it('lets a break-glass reader see, override reason included, but not act', async () => {
    const res = await resident('CAS-ACCESS-3');
    const id = await draft(res, { urgency: 'emergency' });
    await sendReferral(p(), db(), cipher, operator, id, { overrideReason: 'Acute risk, no time for consent' });
    await db().insert(breakGlassGrants).values({ userId: admin.principal.id, residentId: res, reasonSealed: 'sealed', expiresAt: new Date(Date.now() + HOUR) });
    const view = await getReferral(db(), cipher, admin, id);
    expect(view).toMatchObject({ side: 'break-glass', basis: 'break-glass', overrideReason: 'Acute risk, no time for consent', actions: [] });
    expect(await transition(p(), db(), cipher, admin, id, 'accept')).toEqual({ ok: false, error: 'forbidden' });
    expect(await transition(p(), db(), cipher, admin, id, 'cancel', { reason: 'entered-in-error' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await addMessage(p(), db(), cipher, admin, id, 'Hello')).toEqual({ ok: false, error: 'forbidden' });
  });
});

describe('the thread', () => {
  it('is written by both sides, sealed, and read with the author organisation; every access audited', async () => {
    const { id } = await sentReferral('CAS-THREAD-1');
    expect(await addMessage(p(), db(), cipher, operator, id, '   ')).toEqual({ ok: false, error: 'message-required', field: 'body' });
    expect(await addMessage(p(), db(), cipher, operator, id, 'x'.repeat(4001))).toEqual({ ok: false, error: 'too-long', field: 'body' });
    expect(await addMessage(p(), db(), cipher, operator, id, 'She prefers a female clinician')).toMatchObject({ ok: true });
    expect(await addMessage(p(), db(), cipher, clinician, id, 'Noted, Dr. Rossi will see her')).toMatchObject({ ok: true });
    const thread = await listMessages(db(), cipher, clinician, id);
    expect(thread!.map((m) => [m.body, m.organisationName, m.authorName, m.own])).toEqual([
      ['She prefers a female clinician', 'CAS Prova Tiburtina', 'operator', false],
      ['Noted, Dr. Rossi will see her', 'ASL Prova Roma', 'clinician', true],
    ]);
    const stored = await db().select().from(referralMessages).where(eq(referralMessages.referralId, id));
    expect(stored.map((m) => m.bodySealed).join()).not.toMatch(/female|Rossi/);
    const audited = await db().select().from(careAudit).where(and(eq(careAudit.referralId, id), inArray(careAudit.action, ['referral.message', 'referral.messages'])));
    expect(audited.map((a) => [a.action, a.access, a.basis]).sort()).toEqual(
      [
        ['referral.message', 'write', 'own-organisation'],
        ['referral.message', 'write', 'referral-recipient'],
        ['referral.messages', 'read', 'referral-recipient'],
        // The two refused messages were turned down before the record was opened.
      ].sort(),
    );

    const res = await resident('CAS-THREAD-2');
    const d = await draft(res);
    expect(await addMessage(p(), db(), cipher, operator, d, 'Nobody reads this')).toEqual({ ok: false, error: 'invalid-transition' });
  });
});

describe('notifications', () => {
  it('tell the other side only that something waits, in their language, with a link', async () => {
    const before = async (email: string) => (await mailsTo(email)).length;
    const counts = { clinician: await before(clinician.principal.email), clinicianB: await before(clinicianB.principal.email), operator: await before(operator.principal.email), operatorB: await before(operatorB.principal.email) };
    const res = await resident('CAS-MAIL-7');
    await consentTo(res, ids.asl!);
    const id = await draft(res, { reason: 'Flashbacks and self-harm thoughts' });
    await sendReferral(p(), db(), cipher, operator, id);
    // Both clinicians of the receiving organisation are told; the sender is not told of their own step.
    expect(await before(clinician.principal.email)).toBe(counts.clinician + 1);
    expect(await before(clinicianB.principal.email)).toBe(counts.clinicianB + 1);
    expect(await before(operator.principal.email)).toBe(counts.operator);
    expect(await before(otherClinician.principal.email)).toBe(0);

    await transition(p(), db(), cipher, clinician, id, 'accept', { note: 'Self-harm risk noted' });
    expect(await before(operator.principal.email)).toBe(counts.operator + 1);
    expect(await before(operatorB.principal.email)).toBe(counts.operatorB + 1);
    expect(await before(clinician.principal.email)).toBe(counts.clinician + 1);
    await addMessage(p(), db(), cipher, clinician, id, 'Can she come on Tuesday?');
    await addMessage(p(), db(), cipher, operator, id, 'Yes, with the mediator');

    const mails = await db()
      .select()
      .from(mailOutbox)
      .where(inArray(mailOutbox.recipient, [clinician.principal.email, clinicianB.principal.email, operator.principal.email, operatorB.principal.email]));
    const mine = mails.filter((m) => m.text.includes(`/care/referrals/${id}`));
    expect(mine).toHaveLength(2 + 2 + 2 + 2);
    for (const m of mine) {
      const all = `${m.subject}\n${m.text}\n${m.html}`;
      expect(all).toContain(`http://ponte.test/care/referrals/${id}`);
      expect(all).not.toMatch(/CAS-MAIL-7|Flashbacks|self-harm|Self-harm|Tuesday|mediator|CSM|ASL Prova|1999/);
    }
    const toB = mine.find((m) => m.recipient === clinicianB.principal.email)!;
    expect(toB.html).toContain('lang="ar" dir="rtl"');
    const toOperatorB = mine.filter((m) => m.recipient === operatorB.principal.email);
    expect(toOperatorB.every((m) => m.html!.includes('lang="it"'))).toBe(true);
  });
});

describe('lists', () => {
  it('give the receiving side an inbox by due date, with filters, time left, and one audit row per referral', async () => {
    const svc = await healthService('ASL Inbox', ids.lazio!);
    const doctor = await person('doctor@asl-inbox.example.org', [['care-clinician', svc.organisationId]]);
    const now = new Date('2026-05-10T12:00:00Z');
    const make = async (caseCode: string, urgency: ReferralInput['urgency'], sentAt: Date | null) => {
      const res = await resident(caseCode);
      await consentTo(res, svc.organisationId);
      const id = await draft(res, { serviceId: svc.serviceId, urgency, mediatorLanguage: urgency === 'urgent' ? 'ti' : null });
      if (sentAt) expect(await sendReferral(p(), db(), cipher, operator, id, {}, sentAt)).toMatchObject({ ok: true });
      return id;
    };
    const late = await make('INB-A-1', 'emergency', new Date(now.getTime() - 2 * DAY)); // due a day ago
    const soon = await make('INB-B-1', 'urgent', new Date(now.getTime() - DAY)); // 144 hours left
    const later = await make('INB-B-2', 'routine', new Date(now.getTime() - 3 * HOUR)); // 240-hour target in Lazio: 237 left
    const draftOnly = await make('INB-C-1', 'routine', null);
    const rejected = await make('INB-D-1', 'routine', new Date(now.getTime() - 5 * DAY));
    await transition(p(), db(), cipher, doctor, rejected, 'reject', { reason: 'duplicate' }, now);

    const auditBefore = (await db().select().from(careAudit).where(and(eq(careAudit.actorId, doctor.principal.id), eq(careAudit.action, 'referral.list')))).length;
    const open = await inbox(db(), doctor, svc.organisationId, {}, now);
    expect(open!.rows.map((r) => [r.caseCode, r.urgency, r.status, r.timeLeftHours, r.overdue])).toEqual([
      ['INB-A-1', 'emergency', 'requested', -24, true],
      ['INB-B-1', 'urgent', 'requested', 144, false],
      ['INB-B-2', 'routine', 'requested', 237, false],
    ]);
    expect(open).toMatchObject({ total: 3, capped: false, page: 1 });
    expect(open!.rows[1]).toMatchObject({ id: soon, birthYear: 1999, mediatorLanguage: 'ti', fromOrganisationName: 'CAS Prova Tiburtina', serviceName: 'CSM ASL Inbox', appointmentAt: null });
    const auditAfter = await db().select().from(careAudit).where(and(eq(careAudit.actorId, doctor.principal.id), eq(careAudit.action, 'referral.list')));
    expect(auditAfter.length - auditBefore).toBe(3);
    expect(auditAfter.every((a) => a.basis === 'referral-recipient' && a.access === 'read' && a.organisationId === svc.organisationId && a.ownerOrganisationId === ids.centre)).toBe(true);

    expect((await inbox(db(), doctor, svc.organisationId, { urgency: 'urgent' }, now))!.rows.map((r) => r.id)).toEqual([soon]);
    expect((await inbox(db(), doctor, svc.organisationId, { overdue: true }, now))!.rows.map((r) => r.id)).toEqual([late]);
    expect((await inbox(db(), doctor, svc.organisationId, { q: 'inb-b' }, now))!.rows.map((r) => r.id)).toEqual([soon, later]);
    expect((await inbox(db(), doctor, svc.organisationId, { q: '%' }, now))!.rows).toEqual([]);
    expect((await inbox(db(), doctor, svc.organisationId, { status: 'closed' }, now))!.rows.map((r) => [r.id, r.timeLeftHours])).toEqual([[rejected, null]]);
    expect((await inbox(db(), doctor, svc.organisationId, { status: 'all' }, now))!.rows.map((r) => r.id)).toEqual([late, rejected, soon, later]);
    expect((await inbox(db(), doctor, svc.organisationId, { status: 'draft' }, now))!.rows).toEqual([]);
    const paged = await inbox(db(), doctor, svc.organisationId, { pageSize: 2, page: 2 }, now);
    expect(paged).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(paged!.rows.map((r) => r.id)).toEqual([later]);

    // Accepted and scheduled: it shows under its status, with its appointment.
    await transition(p(), db(), cipher, doctor, soon, 'accept', {}, now);
    const appointment = new Date(now.getTime() + 2 * DAY);
    await transition(p(), db(), cipher, doctor, soon, 'schedule', { appointmentAt: appointment }, now);
    expect((await inbox(db(), doctor, svc.organisationId, { status: 'in-progress' }, now))!.rows).toMatchObject([{ id: soon, appointmentAt: appointment, appointmentStatus: 'scheduled', timeLeftHours: 144 }]);
    // Care started: the target no longer runs.
    await transition(p(), db(), cipher, doctor, soon, 'attended', {}, new Date(appointment.getTime() + HOUR));
    expect((await inbox(db(), doctor, svc.organisationId, {}, now))!.rows.find((r) => r.id === soon)).toMatchObject({ timeLeftHours: null, overdue: false });

    // The sender's list: drafts included, newest first.
    const sent = await sentReferrals(db(), operator, ids.centre!, { q: 'INB-' }, now);
    expect(sent!.rows.map((r) => r.caseCode)).toEqual(['INB-D-1', 'INB-C-1', 'INB-B-2', 'INB-B-1', 'INB-A-1']);
    expect(sent!.rows[1]).toMatchObject({ id: draftOnly, status: 'draft', requestedAt: null, timeLeftHours: null });
    expect((await sentReferrals(db(), operator, ids.centre!, { q: 'INB-', status: 'draft' }, now))!.rows.map((r) => r.id)).toEqual([draftOnly]);
    expect((await sentReferrals(db(), operator, ids.centre!, { q: 'INB-', overdue: true }, now))!.rows.map((r) => r.id)).toEqual([late]);
  });

  it("list a resident's referrals for their centre", async () => {
    const res = await resident('CAS-LIST-1');
    await consentTo(res, ids.asl!);
    const first = await draft(res);
    await sendReferral(p(), db(), cipher, operator, first);
    const second = await draft(res, { urgency: 'urgent' });
    const rows = await residentReferrals(db(), operator, res);
    expect(rows!.map((r) => [r.id, r.status])).toEqual([
      [second, 'draft'],
      [first, 'requested'],
    ]);
    const audited = await db().select().from(careAudit).where(and(eq(careAudit.residentId, res), eq(careAudit.action, 'referral.list')));
    // The resident's record opened once, and one row per referral listed.
    expect(audited).toHaveLength(3);
    expect(await residentReferrals(db(), otherOperator, res)).toBeNull();
  });

  it('count up to a cap rather than over everything', async () => {
    const svc = await healthService('ASL Count', ids.lazio!);
    const doctor = await person('doctor@asl-count.example.org', [['care-clinician', svc.organisationId]]);
    const res = await resident('CNT-1');
    const now = new Date();
    // Inserted directly: the count is what is tested, not how they were sent.
    await db()
      .insert(referrals)
      .values(
        Array.from({ length: 1005 }, (_, i) => ({
          residentId: res,
          fromOrganisationId: ids.centre!,
          regionId: ids.lazio!,
          serviceId: svc.serviceId,
          serviceName: 'CSM ASL Count',
          toOrganisationId: svc.organisationId,
          urgency: 'routine' as const,
          targetHours: 240,
          reasonSealed: 'sealed',
          status: 'requested' as const,
          requestedAt: now,
          dueAt: new Date(now.getTime() + i * HOUR),
        })),
      );
    const listed = await inbox(db(), doctor, svc.organisationId, { pageSize: 10 }, now);
    expect(listed).toMatchObject({ total: 1000, capped: true });
    expect(listed!.rows).toHaveLength(10);
    expect(listed!.rows.map((r) => r.timeLeftHours)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('paging', () => {
  it('pages through referrals due at the same instant without repeating or losing one', async () => {
    const svc = await healthService('ASL Ties', ids.lazio!);
    const doctor = await person('doctor@asl-ties.example.org', [['care-clinician', svc.organisationId]]);
    const res = await resident('TIE-1');
    const due = new Date(Date.now() + DAY);
    const rows = Array.from({ length: 7 }, (_, i) => ({
      residentId: res,
      fromOrganisationId: ids.centre!,
      serviceName: 'CSM ASL Ties',
      toOrganisationId: svc.organisationId,
      urgency: 'routine' as const,
      targetHours: 240,
      reasonSealed: 'sealed',
      status: (i % 2 ? 'accepted' : 'requested') as 'accepted' | 'requested',
      requestedAt: new Date(),
      dueAt: i < 6 ? due : new Date(due.getTime() - HOUR),
    }));
    const inserted = await db().insert(referrals).values(rows).returning({ id: referrals.id });
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++) seen.push(...(await inbox(db(), doctor, svc.organisationId, { page, pageSize: 2 }))!.rows.map((r) => r.id));
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen[0]).toBe(inserted[6]!.id);
    expect(seen.slice(1)).toEqual(inserted.slice(0, 6).map((r) => r.id).sort());
  });
});

describe('urgency of existing targets', () => {
  it('keeps the target a referral was sent with when the region changes it later', async () => {
    const { id } = await sentReferral('CAS-TARGET-1', { urgency: 'urgent' });
    const before = await row(id);
    await setUrgencyTargets(db(), admin, ids.lazio!, { urgent: 100 });
    const after = await row(id);
    expect(after.targetHours).toBe(before.targetHours);
    expect(after.dueAt).toEqual(before.dueAt);
    await db().delete(urgencyTargets).where(and(eq(urgencyTargets.regionId, ids.lazio!), eq(urgencyTargets.urgency, 'urgent')));
  });
});
