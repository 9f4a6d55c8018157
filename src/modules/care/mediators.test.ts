import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../../test/helpers.js';
import type { Principal, Role } from '../../platform/access.js';
import { grantRole } from '../../platform/identity/organisations.js';
import { createUser } from '../../platform/identity/users.js';
import { auditEvents, mailOutbox, organisations, organisationTypes, regions } from '../../platform/schema.js';
import { directoryLocations, directoryOrganizations, directoryServices, serviceAtLocations, serviceTypes } from '../directory/schema.js';
import type { CareActor } from './access.js';
import { acceptMediatorRequest, agencyOrganisations, agencyRequests, cancelMediatorRequest, closeUnfilledRequests, createMediatorRequest, declineMediatorRequest, requestsForReferral } from './mediators.js';
import { careAudit, mediatorRequestAgencies, mediatorRequests, referrals, residents } from './schema.js';

let ctx: Awaited<ReturnType<typeof testPlatform>>;
const db = () => ctx.platform.database.db;
const p = () => ctx.platform;
const ids: Record<string, string> = {};
const actors: Record<string, CareActor> = {};
const HOUR = 3_600_000;
const CASE_CODE = 'CASO-RISERVATO-4471';
const soon = (hours = 48) => new Date(Date.now() + hours * HOUR);

/** A user acting for an organisation with a role, as a care actor. */
async function actor(email: string, role: Role, organisationId: string | null): Promise<CareActor> {
  const u = await createUser(db(), { email, name: email.split('@')[0]!, passwordHash: null, verified: true });
  await grantRole(db(), u.id, role, organisationId);
  const principal: Principal = { id: u.id, email: u.email, name: u.name, locale: null, roles: [{ role, organisationId }], totpEnabled: true };
  return { principal };
}

/** A directory entry with one place in a region, run by a member organisation (or by nobody on Ponte). */
async function directoryEntry(name: string, opts: { member: string | null; region: string; typeCode: string; needs?: string[]; languages: string[]; status?: 'active' | 'inactive' }) {
  const [o] = await db().insert(directoryOrganizations).values({ name, memberOrganisationId: opts.member }).returning();
  const [l] = await db().insert(directoryLocations).values({ organizationId: o!.id, name: 'Sede', address: 'Via Prova 1', city: 'Città', regionId: opts.region, country: 'IT' }).returning();
  const [s] = await db()
    .insert(directoryServices)
    .values({ organizationId: o!.id, name, typeCode: opts.typeCode, needs: opts.needs ?? [], mediationLanguages: opts.languages, status: opts.status ?? 'active' })
    .returning();
  await db().insert(serviceAtLocations).values({ serviceId: s!.id, locationId: l!.id });
  return s!.id;
}

const agencyRows = async (requestId: string) => (await db().select().from(mediatorRequestAgencies).where(eq(mediatorRequestAgencies.requestId, requestId))).map((r) => r.organisationId).sort();

async function request(language = 'ar', opts: { referralId?: string; organisationId?: string; by?: CareActor; startsAt?: Date } = {}) {
  const r = await createMediatorRequest(p(), db(), opts.by ?? actors.operator!, {
    organisationId: opts.organisationId ?? ids.cas!,
    referralId: opts.referralId ?? null,
    language,
    startsAt: opts.startsAt ?? soon(),
    durationMinutes: 90,
    place: 'CSM Roma Centro, Via Esempio 3',
  });
  if (!r.ok) throw new Error(r.error);
  return r.request;
}

beforeAll(async () => {
  ctx = await testPlatform();
  await db()
    .insert(organisationTypes)
    .values([
      { code: 'reception-centre', names: { en: 'Reception centre' } },
      { code: 'local-health-authority', names: { en: 'Local health authority' } },
      { code: 'ngo', names: { en: 'NGO' } },
    ])
    .onConflictDoNothing();
  await db()
    .insert(serviceTypes)
    .values([
      { code: 'mediator-agency', names: { en: 'Cultural mediation agency' } },
      { code: 'community-mental-health-centre', names: { en: 'Community mental-health centre' } },
    ])
    .onConflictDoNothing();
  const [lazio, lombardia] = await db()
    .insert(regions)
    .values([
      { country: 'IT', code: 'IT-62', name: 'Lazio' },
      { country: 'IT', code: 'IT-25', name: 'Lombardia' },
    ])
    .returning();
  const org = async (name: string, typeCode: string, regionId: string | null) => (await db().insert(organisations).values({ name, typeCode, country: 'IT', regionId }).returning())[0]!.id;
  Object.assign(ids, {
    lazio: lazio!.id,
    lombardia: lombardia!.id,
    cas: await org('CAS Prova Tiburtina', 'reception-centre', lazio!.id),
    asl: await org('ASL Prova Roma', 'local-health-authority', lazio!.id),
    agencyA: await org('Agenzia Dialoghi (prova)', 'ngo', lazio!.id),
    agencyB: await org('Lingue in Rete (prova)', 'ngo', lazio!.id),
    agencyMilan: await org('Mediatori Insieme (prova)', 'ngo', lombardia!.id),
    agencyFrench: await org('Parole Francesi (prova)', 'ngo', lazio!.id),
    agencyInactive: await org('Agenzia chiusa (prova)', 'ngo', lazio!.id),
    clinicOnly: await org('Ambulatorio senza mediazione (prova)', 'ngo', lazio!.id),
    homeless: await org('Centro senza regione (prova)', 'reception-centre', null),
  });
  // Who the requests should reach in Lazio for Arabic: A (agency, "ar"), B (agency, "ar-MA"), and the ASL's CSM
  // (a service offering cultural mediation in Arabic). Not: Milan (other region), the unlisted agency (not on
  // Ponte), the French-only agency, the inactive one, the clinic listing Arabic without offering mediation.
  await directoryEntry('Agenzia Dialoghi – Roma', { member: ids.agencyA!, region: ids.lazio!, typeCode: 'mediator-agency', needs: ['cultural-mediation'], languages: ['ar', 'ti', 'fr'] });
  await directoryEntry('Lingue in Rete – Roma', { member: ids.agencyB!, region: ids.lazio!, typeCode: 'mediator-agency', needs: ['cultural-mediation'], languages: ['ar-MA', 'bn'] });
  await directoryEntry('CSM Roma Centro', { member: ids.asl!, region: ids.lazio!, typeCode: 'community-mental-health-centre', needs: ['psychiatric-assessment', 'cultural-mediation'], languages: ['ar', 'en'] });
  await directoryEntry('Mediatori Insieme – Milano', { member: ids.agencyMilan!, region: ids.lombardia!, typeCode: 'mediator-agency', needs: ['cultural-mediation'], languages: ['ar'] });
  await directoryEntry('Cooperativa non iscritta – Roma', { member: null, region: ids.lazio!, typeCode: 'mediator-agency', needs: ['cultural-mediation'], languages: ['ar'] });
  await directoryEntry('Parole Francesi – Roma', { member: ids.agencyFrench!, region: ids.lazio!, typeCode: 'mediator-agency', needs: ['cultural-mediation'], languages: ['fr'] });
  await directoryEntry('Agenzia chiusa – Roma', { member: ids.agencyInactive!, region: ids.lazio!, typeCode: 'mediator-agency', needs: ['cultural-mediation'], languages: ['ar'], status: 'inactive' });
  await directoryEntry('Ambulatorio – Roma', { member: ids.clinicOnly!, region: ids.lazio!, typeCode: 'community-mental-health-centre', needs: ['psychiatric-assessment'], languages: ['ar'] });

  actors.operator = await actor('operatrice@cas.example.org', 'care-operator', ids.cas!);
  actors.clinician = await actor('clinico@asl.example.org', 'care-clinician', ids.asl!);
  actors.agencyA = await actor('turni@dialoghi.example.org', 'mediation-agency', ids.agencyA!);
  actors.agencyB = await actor('turni@lingue.example.org', 'mediation-agency', ids.agencyB!);
  actors.agencyMilan = await actor('turni@insieme.example.org', 'mediation-agency', ids.agencyMilan!);
  actors.stranger = await actor('altro@cas.example.org', 'care-operator', ids.agencyFrench!);
  actors.coordinator = await actor('coord@example.org', 'network-coordinator', ids.cas!);

  const [resident] = await db().insert(residents).values({ organisationId: ids.cas!, caseCode: CASE_CODE, languages: ['ar'], mediatorNeeded: true }).returning();
  const [referral] = await db()
    .insert(referrals)
    .values({
      residentId: resident!.id,
      fromOrganisationId: ids.cas!,
      regionId: ids.lazio!,
      serviceName: 'CSM Roma Centro',
      toOrganisationId: ids.asl!,
      urgency: 'urgent',
      targetHours: 168,
      reasonSealed: 'c1.dev.sealed-reason',
      mediatorLanguage: 'ar',
      status: 'requested',
      requestedAt: new Date(),
      dueAt: soon(168),
    })
    .returning();
  Object.assign(ids, { resident: resident!.id, referral: referral!.id });
});
afterAll(() => ctx.close());

describe('routing a request to mediator agencies', () => {
  it('reaches the agencies of the region that mediate in the language and are on Ponte, and nobody else', async () => {
    const r = await request('ar');
    expect(r.language).toBe('ar');
    expect(r.regionId).toBe(ids.lazio);
    // Not the CSM, though it offers mediation in Arabic to its own patients: it is no agency.
    expect(await agencyRows(r.id)).toEqual([ids.agencyA, ids.agencyB].sort());
  });

  it('matches a regional variant to an agency listing the language, and not to one listing another variant', async () => {
    const r = await request('ar-sy');
    expect(r.language).toBe('ar-SY');
    expect(await agencyRows(r.id)).toEqual([ids.agencyA]);
    const tigrinya = await request('ti');
    expect(await agencyRows(tigrinya.id)).toEqual([ids.agencyA]);
  });

  it('refuses what it cannot route, and a request for another organisation', async () => {
    const input = { organisationId: ids.cas!, language: 'ar', startsAt: soon(), durationMinutes: 60, place: 'Sede' };
    expect(await createMediatorRequest(p(), db(), actors.operator!, { ...input, language: 'ps' })).toEqual({ ok: false, error: 'no-agencies' });
    expect(await createMediatorRequest(p(), db(), actors.operator!, { ...input, language: 'not a tag!' })).toEqual({ ok: false, error: 'invalid-language' });
    expect(await createMediatorRequest(p(), db(), actors.operator!, { ...input, startsAt: new Date(Date.now() - HOUR) })).toEqual({ ok: false, error: 'invalid-start' });
    expect(await createMediatorRequest(p(), db(), actors.operator!, { ...input, durationMinutes: 5 })).toEqual({ ok: false, error: 'invalid-duration' });
    expect(await createMediatorRequest(p(), db(), actors.operator!, { ...input, place: '  ' })).toEqual({ ok: false, error: 'invalid-place' });
    expect(await createMediatorRequest(p(), db(), actors.coordinator!, input)).toEqual({ ok: false, error: 'not-found' });
    expect(await createMediatorRequest(p(), db(), actors.operator!, { ...input, referralId: 'not-a-uuid' })).toEqual({ ok: false, error: 'not-found' });
    expect(await acceptMediatorRequest(db(), actors.agencyA!, 'not-a-uuid', { organisationId: ids.agencyA!, mediatorName: 'x' })).toEqual({ ok: false, error: 'not-found' });
    expect(await createMediatorRequest(p(), db(), actors.stranger!, input)).toEqual({ ok: false, error: 'not-found' });
    const homeless = await actor('op@senzaregione.example.org', 'care-operator', ids.homeless!);
    expect(await createMediatorRequest(p(), db(), homeless, { ...input, organisationId: ids.homeless! })).toEqual({ ok: false, error: 'no-region' });
    const denied = await db().select().from(careAudit).where(and(eq(careAudit.actorId, actors.stranger!.principal.id), eq(careAudit.action, 'mediator-request.create')));
    expect(denied.map((d) => d.outcome)).toEqual(['denied']);
  });

  it('tells the agencies that something waits, and nothing more', async () => {
    const before = (await db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'turni@dialoghi.example.org'))).length;
    await request('ar', { referralId: ids.referral });
    const mails = await db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'turni@dialoghi.example.org'));
    expect(mails.length).toBe(before + 1);
    const m = mails.at(-1)!;
    const all = `${m.subject}\n${m.text}\n${m.html}`;
    expect(all).toContain('http://ponte.test/care/mediator-requests');
    for (const secret of [CASE_CODE, 'CSM Roma Centro', 'Via Esempio', 'CAS Prova']) expect(all).not.toContain(secret);
    // Milan's agency heard nothing of a Lazio request.
    expect(await db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'turni@insieme.example.org'))).toEqual([]);
  });

  it('from a referral: either side may ask for its own organisation, audited; others may not', async () => {
    const fromClinic = await request('ar', { referralId: ids.referral, organisationId: ids.asl, by: actors.clinician });
    // The service itself is not asked for its own mediators.
    expect(await agencyRows(fromClinic.id)).toEqual([ids.agencyA, ids.agencyB].sort());
    const input = { organisationId: ids.cas!, referralId: ids.referral!, language: 'ar', startsAt: soon(), durationMinutes: 60, place: 'Sede' };
    expect(await createMediatorRequest(p(), db(), actors.clinician!, input)).toEqual({ ok: false, error: 'not-found' });
    expect(await createMediatorRequest(p(), db(), actors.agencyA!, { ...input, organisationId: ids.agencyA! })).toEqual({ ok: false, error: 'not-found' });
    const audited = await db().select().from(careAudit).where(and(eq(careAudit.referralId, ids.referral!), eq(careAudit.action, 'mediator-request.create')));
    expect([...new Set(audited.filter((a) => a.outcome === 'success').map((a) => a.basis))].sort()).toEqual(['own-organisation', 'referral-recipient']);
    expect(audited.some((a) => a.outcome === 'denied' && a.actorId === actors.agencyA!.principal.id)).toBe(true);
  });
});

describe("the agency's inbox", () => {
  it('knows which organisations a user acts for as an agency', async () => {
    expect(await agencyOrganisations(db(), actors.agencyA!.principal)).toEqual([{ id: ids.agencyA, name: 'Agenzia Dialoghi (prova)' }]);
    // A reception centre's operator runs no mediation entry.
    expect(await agencyOrganisations(db(), actors.operator!.principal)).toEqual([]);
    expect(await agencyOrganisations(db(), actors.coordinator!.principal)).toEqual([]);
  });

  it('lists the open requests sent to the agency, with language, time, place and who asks, never the case', async () => {
    const r = await request('ar', { referralId: ids.referral });
    const inbox = await agencyRequests(db(), actors.agencyA!, ids.agencyA!);
    if (!inbox.ok) throw new Error(inbox.error);
    const row = inbox.rows.find((x) => x.id === r.id)!;
    expect(row).toMatchObject({ language: 'ar', place: 'CSM Roma Centro, Via Esempio 3', durationMinutes: 90, requestingOrganisation: { id: ids.cas, name: 'CAS Prova Tiburtina' }, status: 'open' });
    const shown = JSON.stringify(inbox);
    for (const secret of [CASE_CODE, ids.resident!, ids.referral!, 'sealed-reason', 'urgent']) expect(shown).not.toContain(secret);
    expect(Object.keys(row).sort()).toEqual(['bookedAt', 'createdAt', 'declinedAt', 'durationMinutes', 'id', 'language', 'mediatorName', 'place', 'requestingOrganisation', 'startsAt', 'status']);
  });

  it('shows nothing to agencies the request did not go to, and refuses users who do not act for the agency', async () => {
    const r = await request('ar');
    const milan = await agencyRequests(db(), actors.agencyMilan!, ids.agencyMilan!);
    expect(milan.ok && milan.rows.some((x) => x.id === r.id)).toBe(false);
    expect(await agencyRequests(db(), actors.agencyB!, ids.agencyA!)).toEqual({ ok: false, error: 'not-found' });
    expect(await agencyRequests(db(), actors.coordinator!, ids.agencyA!)).toEqual({ ok: false, error: 'not-found' });
    expect(await acceptMediatorRequest(db(), actors.agencyMilan!, r.id, { organisationId: ids.agencyMilan!, mediatorName: 'Samir' })).toEqual({ ok: false, error: 'not-found' });
  });

  it('filters by language', async () => {
    const tigrinya = await request('ti');
    const ti = await agencyRequests(db(), actors.agencyA!, ids.agencyA!, { language: 'ti' });
    expect(ti.ok && ti.rows.every((x) => x.language === 'ti') && ti.rows.some((x) => x.id === tigrinya.id)).toBe(true);
  });
});

describe('booking', () => {
  it('the first agency to accept wins when two accept at once', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await request('ar');
      const [a, b] = await Promise.all([
        acceptMediatorRequest(db(), actors.agencyA!, r.id, { organisationId: ids.agencyA!, mediatorName: 'Samira' }),
        acceptMediatorRequest(db(), actors.agencyB!, r.id, { organisationId: ids.agencyB!, mediatorName: 'M-207' }),
      ]);
      const results = [a, b];
      expect(results.filter((x) => x.ok)).toHaveLength(1);
      expect(results.filter((x) => !x.ok)).toEqual([{ ok: false, error: 'already-booked' }]);
      const [row] = await db().select().from(mediatorRequests).where(eq(mediatorRequests.id, r.id));
      const winner = a.ok ? { org: ids.agencyA, name: 'Samira', by: actors.agencyA!.principal.id } : { org: ids.agencyB, name: 'M-207', by: actors.agencyB!.principal.id };
      expect(row).toMatchObject({ status: 'booked', bookedOrganisationId: winner.org, mediatorName: winner.name, bookedBy: winner.by });
      expect(row!.bookedAt).toBeInstanceOf(Date);
    }
  });

  it('shows the booking on the referral to both its sides, audited, and to nobody else', async () => {
    const r = await request('ar', { referralId: ids.referral });
    expect((await acceptMediatorRequest(db(), actors.agencyB!, r.id, { organisationId: ids.agencyB!, mediatorName: 'Youssef' })).ok).toBe(true);
    for (const who of [actors.operator!, actors.clinician!]) {
      const seen = await requestsForReferral(db(), who, ids.referral!);
      if (!seen.ok) throw new Error(seen.error);
      expect(seen.requests.find((x) => x.id === r.id)).toMatchObject({ status: 'booked', bookedOrganisation: { id: ids.agencyB, name: 'Lingue in Rete (prova)' }, mediatorName: 'Youssef', agencies: 2, declined: 0 });
    }
    expect(await requestsForReferral(db(), actors.agencyB!, ids.referral!)).toEqual({ ok: false, error: 'not-found' });
    const reads = await db().select().from(careAudit).where(and(eq(careAudit.referralId, ids.referral!), eq(careAudit.action, 'mediator-request.list')));
    expect(reads.map((x) => x.outcome).sort()).toEqual(['denied', 'success', 'success']);
    // The other agencies see it gone from their inbox; the booked one sees it among its bookings.
    const a = await agencyRequests(db(), actors.agencyA!, ids.agencyA!);
    expect(a.ok && a.rows.some((x) => x.id === r.id)).toBe(false);
    const booked = await agencyRequests(db(), actors.agencyB!, ids.agencyB!, { status: 'booked' });
    expect(booked.ok && booked.rows.find((x) => x.id === r.id)?.mediatorName).toBe('Youssef');
    const accepted = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'care.mediator-request.accept'), eq(auditEvents.targetId, r.id)));
    expect(accepted).toHaveLength(1);
  });

  it('an agency that declined cannot accept; when all decline the request is unfilled', async () => {
    const r = await request('ti');
    expect(await declineMediatorRequest(db(), actors.agencyA!, r.id, ids.agencyA!)).toEqual({ ok: true, unfilled: true });
    expect(await acceptMediatorRequest(db(), actors.agencyA!, r.id, { organisationId: ids.agencyA!, mediatorName: 'Ruth' })).toEqual({ ok: false, error: 'declined' });
    const [row] = await db().select().from(mediatorRequests).where(eq(mediatorRequests.id, r.id));
    expect(row!.status).toBe('unfilled');

    const r2 = await request('ar');
    expect(await declineMediatorRequest(db(), actors.agencyA!, r2.id, ids.agencyA!)).toEqual({ ok: true, unfilled: false });
    expect(await acceptMediatorRequest(db(), actors.agencyA!, r2.id, { organisationId: ids.agencyA!, mediatorName: 'Ruth' })).toEqual({ ok: false, error: 'declined' });
    expect(await declineMediatorRequest(db(), actors.agencyA!, r2.id, ids.agencyA!)).toEqual({ ok: false, error: 'declined' });
    expect((await acceptMediatorRequest(db(), actors.agencyB!, r2.id, { organisationId: ids.agencyB!, mediatorName: 'Omar' })).ok).toBe(true);
  });

  it('the requester cancels; the booked agency is told', async () => {
    const r = await request('ar');
    expect((await acceptMediatorRequest(db(), actors.agencyA!, r.id, { organisationId: ids.agencyA!, mediatorName: 'Samira' })).ok).toBe(true);
    expect(await cancelMediatorRequest(p(), db(), actors.agencyA!, r.id)).toEqual({ ok: false, error: 'not-found' });
    const mailsToA = async () => (await db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'turni@dialoghi.example.org'))).length;
    const before = await mailsToA();
    expect(await cancelMediatorRequest(p(), db(), actors.operator!, r.id)).toEqual({ ok: true });
    expect(await mailsToA()).toBe(before + 1);
    expect(await cancelMediatorRequest(p(), db(), actors.operator!, r.id)).toEqual({ ok: false, error: 'not-cancellable' });
    const [row] = await db().select().from(mediatorRequests).where(eq(mediatorRequests.id, r.id));
    expect(row!.status).toBe('cancelled');
  });
});

describe('unfilled requests', () => {
  it('closes requests still open at their start, and leaves the others', async () => {
    const startsAt = soon(1);
    const open = await request('ar', { startsAt });
    const later = await request('ar', { startsAt: soon(72) });
    const booked = await request('ar', { startsAt });
    await acceptMediatorRequest(db(), actors.agencyA!, booked.id, { organisationId: ids.agencyA!, mediatorName: 'Samira' });
    const closed = await closeUnfilledRequests(db(), new Date(startsAt.getTime() + 60_000));
    expect(closed).toBeGreaterThanOrEqual(1);
    const status = async (id: string) => (await db().select({ s: mediatorRequests.status }).from(mediatorRequests).where(eq(mediatorRequests.id, id)))[0]!.s;
    expect(await status(open.id)).toBe('unfilled');
    expect(await status(later.id)).toBe('open');
    expect(await status(booked.id)).toBe('booked');
    expect(await acceptMediatorRequest(db(), actors.agencyB!, open.id, { organisationId: ids.agencyB!, mediatorName: 'Omar' })).toEqual({ ok: false, error: 'expired' });
    expect(await closeUnfilledRequests(db(), new Date(startsAt.getTime() + 60_000))).toBe(0);
  });
});
