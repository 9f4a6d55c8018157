import { and, eq } from 'drizzle-orm';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, sessionsChanged, signedInAs, testApp } from '../../../test/helpers.js';
import type { Principal, Role } from '../../platform/access.js';
import { formatDate, formatNumber, translator } from '../../platform/i18n/index.js';
import { instantToZonedTime, zonedTimeToInstant } from '../../platform/i18n/time-zones.js';
import { grantRole } from '../../platform/identity/organisations.js';
import { organisations, organisationTypes, regions, roleAssignments, users } from '../../platform/schema.js';
import { PageContext, type PageContextValue } from '../../platform/ui/context.js';
import { directoryLocations, directoryOrganizations, directoryServices, serviceAtLocations, serviceTypes } from '../directory/schema.js';
import { mediatorRoutes } from './mediator-routes.js';
import { AGENCY_INBOX_PATH, requestsForReferral } from './mediators.js';
import { careAudit, consents, mediatorRequests, referrals, residents } from './schema.js';
import { MediatorSection } from './views/mediators.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
const ids: Record<string, string> = {};
const c: Record<string, Client> = {};
const HOUR = 3_600_000;
const CASE_CODE = 'CASO-MED-5521';
const ZONE = 'Europe/Rome';
/** A local date and time in Rome, as a datetime-local field sends it. */
const localIn = (hours: number) => instantToZonedTime(new Date(Date.now() + hours * HOUR), ZONE).replace(' ', 'T');

beforeAll(async () => {
  ctx = await testApp({
    // Registered here until the care module registers them; then the module's own routes serve.
    extraModules: [{ name: 'care-mediators-under-test', routes: (app, p) => void (app.hasRoute({ method: 'GET', url: AGENCY_INBOX_PATH }) || mediatorRoutes(app, p)) }],
  });
  await db()
    .insert(organisationTypes)
    .values(['reception-centre', 'community-mental-health-centre', 'ngo'].map((code) => ({ code, names: { en: code } })))
    .onConflictDoNothing();
  await db()
    .insert(serviceTypes)
    .values([
      { code: 'mediator-agency', names: { en: 'Cultural mediation agency' } },
      { code: 'community-mental-health-centre', names: { en: 'Community mental-health centre' } },
    ])
    .onConflictDoNothing();
  const [lazio] = await db().insert(regions).values({ country: 'IT', code: 'IT-62', name: 'Lazio' }).returning();
  const org = async (name: string, typeCode: string) => (await db().insert(organisations).values({ name, typeCode, country: 'IT', regionId: lazio!.id }).returning())[0]!.id;
  Object.assign(ids, {
    lazio: lazio!.id,
    cas: await org('CAS Ponte Mammolo (prova)', 'reception-centre'),
    cas2: await org('CAS Altro (prova)', 'reception-centre'),
    csm: await org('CSM Roma Est (prova)', 'community-mental-health-centre'),
    agencyA: await org('Agenzia Dialoghi (prova)', 'ngo'),
    agencyB: await org('Lingue in Rete (prova)', 'ngo'),
  });
  /** A directory entry placed in Lazio and run by a member organisation (place keys follow from the location). */
  const entry = async (name: string, member: string, typeCode: string, languages: string[], needs: string[] = []) => {
    const [o] = await db().insert(directoryOrganizations).values({ name, memberOrganisationId: member }).returning();
    const [l] = await db().insert(directoryLocations).values({ organizationId: o!.id, name: 'Sede', address: 'Via Prova 1', city: 'Roma', regionId: lazio!.id, country: 'IT' }).returning();
    const [s] = await db().insert(directoryServices).values({ organizationId: o!.id, name, typeCode, needs, mediationLanguages: languages, acceptsReferrals: typeCode !== 'mediator-agency' }).returning();
    await db().insert(serviceAtLocations).values({ serviceId: s!.id, locationId: l!.id });
  };
  await entry('CSM Roma Est', ids.csm!, 'community-mental-health-centre', []);
  await entry('Agenzia Dialoghi – Roma', ids.agencyA!, 'mediator-agency', ['ar', 'ti'], ['cultural-mediation']);
  await entry('Lingue in Rete – Roma', ids.agencyB!, 'mediator-agency', ['ar-MA', 'bn'], ['cultural-mediation']);

  c.operator = await signedInAs(ctx, 'operatrice@cas.example.org', 'care-operator', { organisationId: ids.cas });
  c.otherOperator = await signedInAs(ctx, 'operatore@cas2.example.org', 'care-operator', { organisationId: ids.cas2 });
  c.clinician = await signedInAs(ctx, 'clinica@csm.example.org', 'care-clinician', { organisationId: ids.csm });
  c.agencyA = await signedInAs(ctx, 'turni@dialoghi.example.org', 'mediation-agency', { organisationId: ids.agencyA });
  c.agencyB = await signedInAs(ctx, 'turni@lingue.example.org', 'mediation-agency', { organisationId: ids.agencyB });
  c.coordinator = await signedInAs(ctx, 'coord@example.org', 'network-coordinator', { organisationId: ids.cas });
  c.admin = await signedInAs(ctx, 'admin@example.org', 'administrator');

  const [resident] = await db().insert(residents).values({ organisationId: ids.cas!, caseCode: CASE_CODE, languages: ['ar'], mediatorNeeded: true }).returning();
  const [consent] = await db().insert(consents).values({ residentId: resident!.id, purpose: 'sharing', recipientOrganisationId: ids.csm!, givenOn: new Date().toISOString().slice(0, 10), language: 'ar', mediatorPresent: true }).returning();
  const [referral] = await db()
    .insert(referrals)
    .values({
      residentId: resident!.id,
      fromOrganisationId: ids.cas!,
      regionId: lazio!.id,
      serviceName: 'CSM Roma Est',
      toOrganisationId: ids.csm!,
      urgency: 'urgent',
      targetHours: 168,
      reasonSealed: 'c1.dev.sealed-reason',
      mediatorLanguage: 'ar',
      consentId: consent!.id,
      status: 'requested',
      requestedAt: new Date(),
      dueAt: new Date(Date.now() + 168 * HOUR),
    })
    .returning();
  Object.assign(ids, { resident: resident!.id, referral: referral!.id });
}, 120_000);

afterAll(async () => ctx.close());

const requestsOf = async () => db().select().from(mediatorRequests).where(eq(mediatorRequests.referralId, ids.referral!)).orderBy(mediatorRequests.createdAt);
const newPath = () => `/care/referrals/${ids.referral}/mediator-requests/new`;
const postPath = () => `/care/referrals/${ids.referral}/mediator-requests`;
const valid = (over: Record<string, string> = {}) => ({ language: 'ar', startsAt: localIn(50), durationMinutes: '90', place: 'CSM Roma Est, Via Tiburtina 99', ...over });

describe('asking for a mediator from a referral', () => {
  it('offers the form with the referral’s language and the region’s time zone', async () => {
    const form = await c.operator!.get(newPath());
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/name="language"[^>]*value="ar"|value="ar"[^>]*name="language"/);
    expect(form.body).toContain('type="datetime-local"');
    expect(form.body).toContain('Local time (Europe/Rome).');
  });

  it('refuses bad input with messages next to the fields, keeping what was typed', async () => {
    const empty = await c.operator!.post(postPath(), { language: '', startsAt: '', durationMinutes: '', place: '' });
    expect(empty.statusCode).toBe(400);
    for (const f of ['language', 'startsAt', 'durationMinutes', 'place']) expect(empty.body).toContain(`id="field-${f}-error"`);
    expect(empty.body).toContain('Enter a value.');

    const bad = await c.operator!.post(postPath(), valid({ language: 'not a tag!', startsAt: localIn(-3), durationMinutes: '5', place: 'Sala colloqui 2' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a language code, such as ar or ti.');
    expect(bad.body).toContain('Choose a date and time in the future.');
    expect(bad.body).toContain('id="field-durationMinutes-error"');
    expect(bad.body).toContain('value="Sala colloqui 2"');
    expect(bad.body).toContain('value="5"');

    const notADate = await c.operator!.post(postPath(), valid({ startsAt: '2030-02-31T10:00' }));
    expect(notADate.statusCode).toBe(400);
    expect(notADate.body).toContain('Enter a date and time as YYYY-MM-DD HH:MM');

    const nobody = await c.operator!.post(postPath(), valid({ language: 'ps' }));
    expect(nobody.statusCode).toBe(400);
    expect(nobody.body).toContain('No mediation agency on Ponte works in this language in your region.');
    expect(await requestsOf()).toEqual([]);
  });

  it('is not found for another centre’s operator, nor for an administrator; other roles are refused', async () => {
    expect((await c.otherOperator!.get(newPath())).statusCode).toBe(404);
    expect((await c.otherOperator!.post(postPath(), valid())).statusCode).toBe(404);
    expect((await c.admin!.get(newPath())).statusCode).toBe(404);
    expect((await c.coordinator!.get(newPath())).statusCode).toBe(403);
    expect((await c.agencyA!.get(newPath())).statusCode).toBe(403);
    expect((await c.operator!.get('/care/referrals/not-a-uuid/mediator-requests/new')).statusCode).toBe(404);
    expect(await requestsOf()).toEqual([]);
    const denied = await db().select().from(careAudit).where(and(eq(careAudit.referralId, ids.referral!), eq(careAudit.outcome, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(3);
  });

  it('sends an Arabic request for a local date and time to the agencies, and goes back to the referral', async () => {
    const startsAt = localIn(50);
    const sent = await c.operator!.post(postPath(), valid({ startsAt }));
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/care/referrals/${ids.referral}?notice=saved#mediators`);
    const [r] = await requestsOf();
    expect(r).toMatchObject({ language: 'ar', durationMinutes: 90, place: 'CSM Roma Est, Via Tiburtina 99', requestingOrganisationId: ids.cas, status: 'open' });
    expect(r!.startsAt.toISOString()).toBe(zonedTimeToInstant(startsAt, ZONE)!.toISOString());
    ids.request = r!.id;
  });
});

describe("the agencies' inbox", () => {
  it('shows both agencies the request: language, time, place and who asks, never the case', async () => {
    for (const agency of [c.agencyA!, c.agencyB!]) {
      const inbox = await agency.get(AGENCY_INBOX_PATH);
      expect(inbox.statusCode).toBe(200);
      expect(inbox.body).toContain('CSM Roma Est, Via Tiburtina 99');
      expect(inbox.body).toContain('CAS Ponte Mammolo (prova)');
      expect(inbox.body).toContain('Arabic');
      expect(inbox.body).toContain(`/care/mediator-requests/${ids.request}/accept`);
      for (const secret of [CASE_CODE, ids.referral!, ids.resident!, 'sealed-reason', 'urgent']) expect(inbox.body).not.toContain(secret);
    }
    const filtered = await c.agencyA!.get(`${AGENCY_INBOX_PATH}?language=ti`);
    expect(filtered.body).not.toContain(ids.request!);
  });

  it('is for agencies only', async () => {
    // Someone who acts for no agency (an administrator passes the route's role check) is told so, and sees no request.
    const notAgency = await c.admin!.get(AGENCY_INBOX_PATH);
    expect(notAgency.statusCode).toBe(200);
    expect(notAgency.body).toContain('does not act for a mediation agency');
    expect(notAgency.body).not.toContain('Via Tiburtina');
    // A centre's operators and the services' clinicians hold no agency role.
    expect((await c.operator!.get(AGENCY_INBOX_PATH)).statusCode).toBe(403);
    expect((await c.clinician!.get(AGENCY_INBOX_PATH)).statusCode).toBe(403);
    expect((await c.coordinator!.get(AGENCY_INBOX_PATH)).statusCode).toBe(403);
    expect((await c.operator!.get(`${AGENCY_INBOX_PATH}?organisation=${ids.agencyA}`)).statusCode).toBe(403);
    expect((await c.agencyA!.get(`${AGENCY_INBOX_PATH}?organisation=${ids.agencyB}`)).statusCode).toBe(404);
    // An agency cannot answer for another one.
    expect((await c.agencyA!.post(`${AGENCY_INBOX_PATH}/${ids.request}/accept`, { organisationId: ids.agencyB!, mediatorName: 'M-1' })).statusCode).toBe(404);
    expect((await c.operator!.post(`${AGENCY_INBOX_PATH}/${ids.request}/accept`, { organisationId: ids.cas!, mediatorName: 'M-1' })).statusCode).toBe(403);
    expect((await requestsOf())[0]!.status).toBe('open');
  });

  it('asks for the mediator’s name or code before booking', async () => {
    const res = await c.agencyA!.post(`${AGENCY_INBOX_PATH}/${ids.request}/accept`, { organisationId: ids.agencyA!, mediatorName: '  ' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`id="field-mediatorName-${ids.request}-error"`);
    expect(res.body).toContain('Give the mediator’s first name or code.');
  });

  it('books with the first agency to accept; the second is told it is taken', async () => {
    const first = await c.agencyA!.post(`${AGENCY_INBOX_PATH}/${ids.request}/accept`, { organisationId: ids.agencyA!, mediatorName: 'MED-042' });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${AGENCY_INBOX_PATH}?organisation=${ids.agencyA}&notice=accepted`);
    expect((await c.agencyA!.get(first.headers.location as string)).body).toContain('Booked. The requester sees the booking.');
    const second = await c.agencyB!.post(`${AGENCY_INBOX_PATH}/${ids.request}/accept`, { organisationId: ids.agencyB!, mediatorName: 'Youssef' });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Another agency booked this request first.');
    expect((await requestsOf())[0]).toMatchObject({ status: 'booked', bookedOrganisationId: ids.agencyA, mediatorName: 'MED-042' });
    // Among the first agency's bookings, with its mediator; gone from the other's open requests.
    const booked = await c.agencyA!.get(`${AGENCY_INBOX_PATH}?status=booked`);
    expect(booked.body).toContain('MED-042');
    expect(booked.body).not.toContain(CASE_CODE);
    expect((await c.agencyB!.get(AGENCY_INBOX_PATH)).body).not.toContain(ids.request!);
    expect((await c.agencyB!.get(`${AGENCY_INBOX_PATH}?status=booked`)).body).not.toContain('MED-042');
  });

  it('lets an agency decline; the request stays open for the others', async () => {
    expect((await c.operator!.post(postPath(), valid({ startsAt: localIn(72), place: 'Sede CAS, Via Ponte Mammolo 1' }))).statusCode).toBe(303);
    const r = (await requestsOf()).find((x) => x.place === 'Sede CAS, Via Ponte Mammolo 1')!;
    const declined = await c.agencyB!.post(`${AGENCY_INBOX_PATH}/${r.id}/decline`, { organisationId: ids.agencyB! });
    expect(declined.statusCode).toBe(303);
    expect((await c.agencyB!.get(AGENCY_INBOX_PATH)).body).not.toContain(r.id);
    expect((await c.agencyB!.get(`${AGENCY_INBOX_PATH}?status=declined`)).body).toContain('Sede CAS, Via Ponte Mammolo 1');
    expect((await c.agencyB!.post(`${AGENCY_INBOX_PATH}/${r.id}/decline`, { organisationId: ids.agencyB! })).statusCode).toBe(409);
    expect((await c.agencyA!.get(AGENCY_INBOX_PATH)).body).toContain(r.id);
    expect((await db().select().from(mediatorRequests).where(eq(mediatorRequests.id, r.id)))[0]!.status).toBe('open');
    ids.second = r.id;
  });

  it('offers a choice of agency to a user acting for several', async () => {
    const [u] = await db().select().from(users).where(eq(users.email, 'turni@dialoghi.example.org'));
    await grantRole(db(), u!.id, 'mediation-agency', ids.agencyB!);
    await sessionsChanged(ctx.app);
    const page = await c.agencyA!.get(`${AGENCY_INBOX_PATH}?organisation=${ids.agencyB}&status=declined`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mediator requests to Lingue in Rete (prova)');
    expect(page.body).toContain('<select');
    expect(page.body).toContain('Agenzia Dialoghi (prova)');
    await db().delete(roleAssignments).where(and(eq(roleAssignments.userId, u!.id), eq(roleAssignments.organisationId, ids.agencyB!)));
    await sessionsChanged(ctx.app);
  });
});

describe('the booking on the referral', () => {
  /** The section as the referral page renders it for a signed-in user of the referral's side. */
  async function section(email: string, canRequest = true) {
    const [u] = await db().select().from(users).where(eq(users.email, email));
    const grants = await db().select().from(roleAssignments).where(eq(roleAssignments.userId, u!.id));
    const principal: Principal = { id: u!.id, email: u!.email, name: u!.name, locale: 'en', roles: grants.map((g) => ({ role: g.role as Role, organisationId: g.organisationId })), totpEnabled: true };
    const seen = await requestsForReferral(db(), { principal }, ids.referral!);
    if (!seen.ok) throw new Error(seen.error);
    const page = {
      t: translator('en'),
      locale: 'en',
      dir: 'ltr',
      principal,
      csrfToken: 'token',
      path: `/care/referrals/${ids.referral}`,
      requestId: 'test',
      formatDate: (d: Date, style?: 'date' | 'datetime') => formatDate('en', d, style),
      formatNumber: (n: number) => formatNumber('en', n),
    } as unknown as PageContextValue;
    const f = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: ZONE });
    return renderToString(h(PageContext.Provider, { value: page }, h(MediatorSection, { referralId: ids.referral!, requests: seen.requests, canRequest, formatInZone: (d) => f.format(d) })));
  }

  it('shows the agency and the mediator to both sides; only the requester may cancel', async () => {
    const forOperator = await section('operatrice@cas.example.org');
    const forClinician = await section('clinica@csm.example.org');
    for (const html of [forOperator, forClinician]) {
      expect(html).toContain('aria-labelledby="mediators"');
      expect(html).toContain('<h2 id="mediators">');
      expect(html).toContain('Booked with Agenzia Dialoghi (prova): MED-042');
      expect(html).toContain('Waiting for an agency');
      expect(html).toContain(`/care/referrals/${ids.referral}/mediator-requests/new`);
    }
    expect(forOperator).toContain(`/care/mediator-requests/${ids.request}/cancel`);
    expect(forClinician).not.toContain('/cancel');
    expect(await section('operatrice@cas.example.org', false)).not.toContain('/cancel');
  });

  it('lets the clinician ask for a mediator for the service', async () => {
    expect((await c.clinician!.get(newPath())).statusCode).toBe(200);
    expect((await c.clinician!.post(postPath(), valid({ startsAt: localIn(30), place: 'CSM Roma Est, stanza 4' }))).statusCode).toBe(303);
    const r = (await requestsOf()).find((x) => x.place === 'CSM Roma Est, stanza 4')!;
    expect(r.requestingOrganisationId).toBe(ids.csm);
  });
});

describe('cancelling', () => {
  it('is for the requester only, goes back to the referral, and cannot happen twice', async () => {
    const cancel = `/care/mediator-requests/${ids.request}/cancel`;
    expect((await c.otherOperator!.post(cancel)).statusCode).toBe(404);
    expect((await c.clinician!.post(cancel)).statusCode).toBe(404);
    expect((await c.agencyA!.post(cancel)).statusCode).toBe(403);
    expect((await c.coordinator!.post(cancel)).statusCode).toBe(403);
    expect((await db().select().from(mediatorRequests).where(eq(mediatorRequests.id, ids.request!)))[0]!.status).toBe('booked');
    const done = await c.operator!.post(cancel);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/care/referrals/${ids.referral}?notice=saved#mediators`);
    expect((await db().select().from(mediatorRequests).where(eq(mediatorRequests.id, ids.request!)))[0]!.status).toBe('cancelled');
    const again = await c.operator!.post(cancel);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This request can no longer be cancelled.');
    // The open one, too; then the agencies no longer see it.
    expect((await c.operator!.post(`/care/mediator-requests/${ids.second}/cancel`)).statusCode).toBe(303);
    expect((await c.agencyA!.get(AGENCY_INBOX_PATH)).body).not.toContain(ids.second!);
  });
});
