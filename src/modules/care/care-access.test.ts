import { and, count, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../../../test/helpers.js';
import { auditEvents, organisations, organisationTypes, regions, users } from '../../platform/schema.js';
import { directoryLocations, directoryOrganizations, directoryServices, serviceAtLocations, serviceTypes } from '../directory/schema.js';
import { seedDemoInstrument } from './screenings.js';
import { instantToZonedTime } from '../../platform/i18n/time-zones.js';
import { careAudit, consents, mediatorRequests, referrals, residents, screenings } from './schema.js';

/**
 * Every care route, every role, on real records: who gets what answer. A care route without an expectation here
 * fails the test, so access to care data is always a decision written down. 404 means "not yours to know of"
 * (another organisation's record, or a role that is allowed on the route but not on this record); 403 means the
 * route is not for your role at all; 303 sends the anonymous visitor to sign in.
 */

type Who = 'anonymous' | 'learner' | 'operator' | 'otherOperator' | 'clinician' | 'otherClinician' | 'agency' | 'coordinator' | 'dpo' | 'admin';
const WHO: Who[] = ['anonymous', 'learner', 'operator', 'otherOperator', 'clinician', 'otherClinician', 'agency', 'coordinator', 'dpo', 'admin'];

let ctx: Awaited<ReturnType<typeof testApp>>;
const clients = {} as Record<Who, Client>;
const ids: Record<string, string> = {};
const db = () => ctx.platform.database.db;

/**
 * Expected answers to GET, per role; roles left out answer 403 (signed in) or 303 (anonymous). The mediator agency's
 * user holds mediation-agency in the agency: it reaches the care pages every care role reaches, and no record.
 */
const GET: Record<string, { path: () => string; ok: Partial<Record<Who, number>> }> = {
  '/care': { path: () => '/care', ok: { operator: 200, otherOperator: 200, clinician: 200, otherClinician: 200, coordinator: 200, dpo: 200, agency: 200, admin: 200 } },
  '/care/centres/:id/residents': { path: () => `/care/centres/${ids.centre}/residents`, ok: { operator: 200, otherOperator: 404, admin: 404 } },
  '/care/centres/:id/residents/new': { path: () => `/care/centres/${ids.centre}/residents/new`, ok: { operator: 200, otherOperator: 404, admin: 404 } },
  '/care/centres/:id/referrals': { path: () => `/care/centres/${ids.centre}/referrals`, ok: { operator: 200, otherOperator: 404, admin: 404 } },
  '/care/residents/:id': { path: () => `/care/residents/${ids.resident}`, ok: { operator: 200, otherOperator: 404, clinician: 404, otherClinician: 404, coordinator: 404, dpo: 404, agency: 404, admin: 404 } },
  '/care/residents/:id/edit': { path: () => `/care/residents/${ids.resident}/edit`, ok: { operator: 200, otherOperator: 404, admin: 404 } },
  '/care/residents/:id/export': { path: () => `/care/residents/${ids.resident}/export`, ok: { operator: 200, otherOperator: 404, admin: 404 } },
  '/care/residents/:id/break-glass': { path: () => `/care/residents/${ids.resident}/break-glass`, ok: { admin: 200 } },
  '/care/residents/:id/screenings/new': { path: () => `/care/residents/${ids.resident}/screenings/new`, ok: { operator: 200, otherOperator: 404, admin: 404 } },
  '/care/residents/:id/referrals/new': { path: () => `/care/residents/${ids.resident}/referrals/new`, ok: { operator: 200, otherOperator: 404, admin: 404 } },
  '/care/screenings/:id': { path: () => `/care/screenings/${ids.screening}`, ok: { operator: 200, otherOperator: 404, admin: 404 } },
  '/care/screenings/:id/fhir.json': { path: () => `/care/screenings/${ids.screening}/fhir.json`, ok: { operator: 200, otherOperator: 404, admin: 404 } },
  '/care/referrals/:id': { path: () => `/care/referrals/${ids.referral}`, ok: { operator: 200, otherOperator: 404, clinician: 200, otherClinician: 404, admin: 404 } },
  // A sent referral is no draft to change: its own operator is told so (409).
  '/care/referrals/:id/edit': { path: () => `/care/referrals/${ids.referral}/edit`, ok: { operator: 409, otherOperator: 404, admin: 404 } },
  '/care/referrals/:id/fhir.json': { path: () => `/care/referrals/${ids.referral}/fhir.json`, ok: { operator: 200, otherOperator: 404, clinician: 200, otherClinician: 404, admin: 404 } },
  '/care/services/:id/inbox': { path: () => `/care/services/${ids.service}/inbox`, ok: { clinician: 200, otherClinician: 404, admin: 404 } },
  '/care/audit': { path: () => '/care/audit', ok: { dpo: 200, admin: 200 } },
  '/care/settings/vulnerabilities': { path: () => '/care/settings/vulnerabilities', ok: { admin: 200 } },
  '/care/settings/instruments': { path: () => '/care/settings/instruments', ok: { admin: 200 } },
  '/care/settings/targets': { path: () => '/care/settings/targets', ok: { coordinator: 200, admin: 200 } },
  '/care/referrals/:id/mediator-requests/new': { path: () => `/care/referrals/${ids.referral}/mediator-requests/new`, ok: { operator: 200, otherOperator: 404, clinician: 200, otherClinician: 404, admin: 404 } },
  '/care/indicators': { path: () => '/care/indicators', ok: { coordinator: 200, dpo: 200, admin: 200 } },
  '/care/indicators/export.csv': { path: () => '/care/indicators/export.csv', ok: { coordinator: 200, dpo: 200, admin: 200 } },
  '/care/indicators/report': { path: () => `/care/indicators/report?region=${ids.region}`, ok: { coordinator: 200, dpo: 200, admin: 200 } },
  // An administrator acts for no agency and is told so (no request is shown).
  '/care/mediator-requests': { path: () => '/care/mediator-requests', ok: { agency: 200, admin: 200 } },
};

/**
 * POST routes: who may not even try (403 or 404, and nothing changes). Those allowed are exercised, with their
 * effects, by the module's journey tests.
 */
const POST: Record<string, { path: () => string; allowed: Who[]; notTheirs: Who[] }> = {
  '/care/centres/:id/residents/new': { path: () => `/care/centres/${ids.centre}/residents/new`, allowed: ['operator'], notTheirs: ['otherOperator', 'admin'] },
  '/care/residents/:id/edit': { path: () => `/care/residents/${ids.resident}/edit`, allowed: ['operator'], notTheirs: ['otherOperator', 'admin'] },
  '/care/residents/:id/erase': { path: () => `/care/residents/${ids.resident}/erase`, allowed: ['operator'], notTheirs: ['otherOperator', 'admin'] },
  '/care/residents/:id/status': { path: () => `/care/residents/${ids.resident}/status`, allowed: ['operator'], notTheirs: ['otherOperator', 'admin'] },
  '/care/residents/:id/consents': { path: () => `/care/residents/${ids.resident}/consents`, allowed: ['operator'], notTheirs: ['otherOperator', 'admin'] },
  '/care/residents/:id/consents/:consent/withdraw': { path: () => `/care/residents/${ids.resident}/consents/${ids.consent}/withdraw`, allowed: ['operator'], notTheirs: ['otherOperator', 'admin'] },
  '/care/residents/:id/break-glass': { path: () => `/care/residents/${ids.resident}/break-glass`, allowed: ['admin'], notTheirs: [] },
  '/care/residents/:id/screenings': { path: () => `/care/residents/${ids.resident}/screenings`, allowed: ['operator'], notTheirs: ['otherOperator', 'admin'] },
  '/care/residents/:id/referrals': { path: () => `/care/residents/${ids.resident}/referrals`, allowed: ['operator'], notTheirs: ['otherOperator', 'admin'] },
  '/care/screenings/:id': { path: () => `/care/screenings/${ids.screening}`, allowed: ['operator'], notTheirs: ['otherOperator', 'admin'] },
  '/care/referrals/:id/actions': { path: () => `/care/referrals/${ids.referral}/actions`, allowed: ['operator', 'clinician'], notTheirs: ['otherOperator', 'otherClinician', 'admin'] },
  '/care/referrals/:id/messages': { path: () => `/care/referrals/${ids.referral}/messages`, allowed: ['operator', 'clinician'], notTheirs: ['otherOperator', 'otherClinician', 'admin'] },
  '/care/referrals/:id/delete': { path: () => `/care/referrals/${ids.referral}/delete`, allowed: ['operator'], notTheirs: ['otherOperator', 'admin'] },
  '/care/referrals/:id/edit': { path: () => `/care/referrals/${ids.referral}/edit`, allowed: ['operator'], notTheirs: ['otherOperator', 'admin'] },
  '/care/settings/vulnerabilities': { path: () => '/care/settings/vulnerabilities', allowed: ['admin'], notTheirs: [] },
  '/care/settings/instruments': { path: () => '/care/settings/instruments', allowed: ['admin'], notTheirs: [] },
  '/care/settings/instruments/:id/status': { path: () => `/care/settings/instruments/${ids.instrument}/status`, allowed: ['admin'], notTheirs: [] },
  '/care/settings/targets/:id': { path: () => `/care/settings/targets/${ids.region}`, allowed: ['coordinator', 'admin'], notTheirs: [] },
  '/care/referrals/:id/mediator-requests': { path: () => `/care/referrals/${ids.referral}/mediator-requests`, allowed: ['operator', 'clinician'], notTheirs: ['otherOperator', 'otherClinician', 'admin'] },
  '/care/mediator-requests/:id/cancel': { path: () => `/care/mediator-requests/${ids.mediatorRequest}/cancel`, allowed: ['operator'], notTheirs: ['otherOperator', 'clinician', 'otherClinician', 'admin'] },
  '/care/mediator-requests/:id/accept': { path: () => `/care/mediator-requests/${ids.mediatorRequest}/accept`, allowed: ['agency'], notTheirs: ['admin'] },
  '/care/mediator-requests/:id/decline': { path: () => `/care/mediator-requests/${ids.mediatorRequest}/decline`, allowed: ['agency'], notTheirs: ['admin'] },
};

beforeAll(async () => {
  ctx = await testApp();
  await db()
    .insert(organisationTypes)
    .values(['reception-centre', 'community-mental-health-centre', 'local-health-authority', 'mediator-agency'].map((code) => ({ code, names: { en: code } })))
    .onConflictDoNothing();
  await db()
    .insert(serviceTypes)
    .values([
      { code: 'community-mental-health-centre', names: { en: 'CSM' }, sort: 1 },
      { code: 'mediator-agency', names: { en: 'Mediator agency' }, sort: 2 },
    ])
    .onConflictDoNothing();
  const [region] = await db().insert(regions).values({ country: 'IT', code: 'IT-72', name: 'Campania' }).returning();
  const [centre, otherCentre, service, otherService, authority, agency] = await db()
    .insert(organisations)
    .values([
      { name: 'CAS Matrice', typeCode: 'reception-centre', country: 'IT', regionId: region!.id },
      { name: 'CAS Altra Matrice', typeCode: 'reception-centre', country: 'IT', regionId: region!.id },
      { name: 'CSM Matrice', typeCode: 'community-mental-health-centre', country: 'IT', regionId: region!.id },
      { name: 'CSM Altro Matrice', typeCode: 'community-mental-health-centre', country: 'IT', regionId: region!.id },
      { name: 'ASL Matrice', typeCode: 'local-health-authority', country: 'IT', regionId: region!.id },
      { name: 'Mediazione Matrice', typeCode: 'mediator-agency', country: 'IT', regionId: region!.id },
    ])
    .returning();
  const [agencyDir] = await db().insert(directoryOrganizations).values({ name: 'Mediazione Matrice (directory)', memberOrganisationId: agency!.id }).returning();
  const [agencyLoc] = await db().insert(directoryLocations).values({ organizationId: agencyDir!.id, name: 'Sede', address: 'Via 2', city: 'Napoli', regionId: region!.id, country: 'IT' }).returning();
  const [agencyService] = await db().insert(directoryServices).values({ organizationId: agencyDir!.id, name: 'Mediazione a Napoli', typeCode: 'mediator-agency', mediationLanguages: ['ar'] }).returning();
  await db().insert(serviceAtLocations).values({ serviceId: agencyService!.id, locationId: agencyLoc!.id });
  const [dirOrg] = await db().insert(directoryOrganizations).values({ name: 'CSM Matrice (directory)', memberOrganisationId: service!.id }).returning();
  const [loc] = await db().insert(directoryLocations).values({ organizationId: dirOrg!.id, name: 'Sede', address: 'Via 1', city: 'Napoli', regionId: region!.id, country: 'IT' }).returning();
  const [dirService] = await db().insert(directoryServices).values({ organizationId: dirOrg!.id, name: 'CSM Napoli Matrice', typeCode: 'community-mental-health-centre', acceptsReferrals: true }).returning();
  await db().insert(serviceAtLocations).values({ serviceId: dirService!.id, locationId: loc!.id });
  ids.instrument = (await seedDemoInstrument(db())).id;
  Object.assign(ids, { region: region!.id, centre: centre!.id, service: service!.id, dirService: dirService!.id });

  clients.anonymous = new Client(ctx.app);
  clients.learner = await signedInAs(ctx, 'learner@example.org', 'learner');
  clients.operator = await signedInAs(ctx, 'operator@example.org', 'care-operator', { organisationId: centre!.id });
  clients.otherOperator = await signedInAs(ctx, 'other-operator@example.org', 'care-operator', { organisationId: otherCentre!.id });
  clients.clinician = await signedInAs(ctx, 'clinician@example.org', 'care-clinician', { organisationId: service!.id });
  clients.otherClinician = await signedInAs(ctx, 'other-clinician@example.org', 'care-clinician', { organisationId: otherService!.id });
  clients.agency = await signedInAs(ctx, 'agency@example.org', 'mediation-agency', { organisationId: agency!.id });
  clients.coordinator = await signedInAs(ctx, 'coordinator@example.org', 'network-coordinator', { organisationId: authority!.id });
  clients.dpo = await signedInAs(ctx, 'dpo@example.org', 'data-protection');
  clients.admin = await signedInAs(ctx, 'admin@example.org', 'administrator');

  // A resident with consents, a completed screening and a referral sent to the service.
  const op = clients.operator;
  await op.post(`/care/centres/${centre!.id}/residents/new`, { caseCode: 'MAT-1', name: 'Nadia M.', gender: 'female', languages: 'ar' });
  ids.resident = (await db().select().from(residents).where(eq(residents.caseCode, 'MAT-1')))[0]!.id;
  const day = new Date().toISOString().slice(0, 10);
  await op.post(`/care/residents/${ids.resident}/consents`, { purpose: 'screening', givenOn: day, language: 'ar' });
  await op.post(`/care/residents/${ids.resident}/consents`, { purpose: 'sharing', recipientOrganisationId: service!.id, givenOn: day, language: 'ar' });
  ids.consent = (await db().select().from(consents).where(and(eq(consents.residentId, ids.resident), eq(consents.purpose, 'screening'))))[0]!.id;
  const started = await op.post(`/care/residents/${ids.resident}/screenings`, { instrumentId: ids.instrument, language: 'ar', mode: 'self' });
  const answers = Object.fromEntries(['sleep', 'tension', 'mood', 'memories', 'loneliness', 'self-care', 'activities', 'body'].map((i) => [`a.${i}`, 'sometimes']));
  await op.post(started.headers.location as string, { ...answers, action: 'complete' });
  ids.screening = (await db().select().from(screenings).where(eq(screenings.residentId, ids.resident)))[0]!.id;
  await op.post(`/care/residents/${ids.resident}/referrals`, { serviceId: dirService!.id, urgency: 'urgent', reason: 'Follow-up after screening.', screeningId: ids.screening });
  ids.referral = (await db().select().from(referrals).where(eq(referrals.residentId, ids.resident)))[0]!.id;
  await op.post(`/care/referrals/${ids.referral}/actions`, { action: 'send' });
  const inAWeek = instantToZonedTime(new Date(Date.now() + 7 * 86_400_000), 'Europe/Rome').replace(' ', 'T');
  await op.post(`/care/referrals/${ids.referral}/mediator-requests`, { language: 'ar', startsAt: inAWeek, durationMinutes: '60', place: 'CSM Napoli Matrice' });
  ids.mediatorRequest = (await db().select().from(mediatorRequests).where(eq(mediatorRequests.referralId, ids.referral)))[0]!.id;
}, 90_000);

afterAll(async () => ctx.close());

const careRoutes = (method: string) => ctx.app.routeTable.filter((r) => r.method === method && r.url.startsWith('/care')).map((r) => r.url);

describe('care access matrix', () => {
  it('has an expectation for every care route', () => {
    expect(careRoutes('GET').filter((u) => !GET[u])).toEqual([]);
    expect(careRoutes('POST').filter((u) => !POST[u])).toEqual([]);
  });

  it('answers every GET route as expected for every role', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const [route, { path, ok }] of Object.entries(GET)) {
      for (const who of WHO) {
        const expected = ok[who] ?? (who === 'anonymous' ? 303 : 403);
        const res = await clients[who].get(path());
        got.push(`${route} ${who} ${res.statusCode}`);
        want.push(`${route} ${who} ${expected}`);
      }
    }
    expect(got).toEqual(want);
  }, 120_000);

  it('refuses every POST route to those not allowed, changing nothing', async () => {
    const before = await db().select().from(referrals).where(eq(referrals.id, ids.referral!));
    const got: string[] = [];
    const want: string[] = [];
    for (const [route, { path, allowed, notTheirs }] of Object.entries(POST)) {
      for (const who of WHO.filter((w) => !allowed.includes(w))) {
        const expected = notTheirs.includes(who) ? 404 : who === 'anonymous' ? 401 : 403;
        const res = await clients[who].post(path(), { action: 'accept', status: 'closed', reason: 'A reason long enough to pass', body: 'Hello', caseCode: 'X', gender: 'male', channel: 'phone', purpose: 'screening', givenOn: '2026-01-01', language: 'ar', organisationId: ids.centre!, mediatorName: 'M-1' });
        got.push(`${route} ${who} ${res.statusCode}`);
        want.push(`${route} ${who} ${expected}`);
      }
    }
    expect(got).toEqual(want);
    expect(await db().select().from(referrals).where(eq(referrals.id, ids.referral!))).toEqual(before);
    expect((await db().select().from(residents).where(eq(residents.id, ids.resident!)))[0]!.status).toBe('open');
    expect((await db().select().from(mediatorRequests).where(eq(mediatorRequests.id, ids.mediatorRequest!)))[0]!.status).toBe('open');
  }, 120_000);
});

describe('care audit', () => {
  /** GET routes that open a care record, and the record the audit row must name. */
  const READS: [string, () => string, Who, 'resident' | 'referral'][] = [
    ['resident page', () => `/care/residents/${ids.resident}`, 'operator', 'resident'],
    ['residents list', () => `/care/centres/${ids.centre}/residents`, 'operator', 'resident'],
    ['edit form', () => `/care/residents/${ids.resident}/edit`, 'operator', 'resident'],
    ['screening', () => `/care/screenings/${ids.screening}`, 'operator', 'resident'],
    ['screening export', () => `/care/screenings/${ids.screening}/fhir.json`, 'operator', 'resident'],
    ['new screening form', () => `/care/residents/${ids.resident}/screenings/new`, 'operator', 'resident'],
    ['new referral form', () => `/care/residents/${ids.resident}/referrals/new`, 'operator', 'resident'],
    ['referral, sender', () => `/care/referrals/${ids.referral}`, 'operator', 'referral'],
    ['referral, receiver', () => `/care/referrals/${ids.referral}`, 'clinician', 'referral'],
    ['referral export', () => `/care/referrals/${ids.referral}/fhir.json`, 'clinician', 'referral'],
    ['inbox', () => `/care/services/${ids.service}/inbox`, 'clinician', 'referral'],
    ['sent referrals', () => `/care/centres/${ids.centre}/referrals`, 'operator', 'referral'],
    ['refused: other centre', () => `/care/residents/${ids.resident}`, 'otherOperator', 'resident'],
    ['refused: other service', () => `/care/referrals/${ids.referral}`, 'otherClinician', 'referral'],
    ['refused: administrator', () => `/care/residents/${ids.resident}`, 'admin', 'resident'],
  ];

  it('writes a care route refused for want of a role in both audit trails, by its pattern, and counts it as a refusal', async () => {
    const learner = (await db().select({ id: users.id }).from(users).where(eq(users.email, 'learner@example.org')))[0]!.id;
    const since = new Date(Date.now() - 1);
    expect((await clients.learner.get(`/care/residents/${ids.resident}`)).statusCode).toBe(403);
    expect((await clients.learner.post(`/care/residents/${ids.resident}/edit`, {})).statusCode).toBe(403);
    const trail = await db().select().from(careAudit).where(and(eq(careAudit.actorId, learner), gt(careAudit.at, since)));
    expect(trail.map((r) => [r.action, r.access, r.outcome, r.residentId])).toEqual([
      ['route.refused', 'read', 'denied', null],
      ['route.refused', 'write', 'denied', null],
    ]);
    const audited = await db().select().from(auditEvents).where(and(eq(auditEvents.actorId, learner), eq(auditEvents.action, 'access.denied'), gt(auditEvents.at, since)));
    expect(audited.map((r) => [r.outcome, r.details])).toEqual([
      ['denied', { method: 'GET', route: '/care/residents/:id' }],
      ['denied', { method: 'POST', route: '/care/residents/:id/edit' }],
    ]);
    // A refusal outside the care records is audited, not put in the care trail.
    expect((await clients.learner.get('/editor/media')).statusCode).toBe(403);
    expect(await db().select().from(careAudit).where(and(eq(careAudit.actorId, learner), gt(careAudit.at, since)))).toHaveLength(2);
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.actorId, learner), eq(auditEvents.action, 'access.denied'), gt(auditEvents.at, since)))).toHaveLength(3);
  });

  it('leaves a row, in the same request, for every read of a care record, allowed or refused', async () => {
    for (const [what, path, who, kind] of READS) {
      const since = new Date(Date.now() - 1);
      const res = await clients[who].get(path());
      const refused = what.startsWith('refused');
      expect(res.statusCode, what).toBe(refused ? 404 : 200);
      const column = kind === 'resident' ? careAudit.residentId : careAudit.referralId;
      const [{ n }] = (await db()
        .select({ n: count() })
        .from(careAudit)
        .where(and(eq(column, kind === 'resident' ? ids.resident! : ids.referral!), eq(careAudit.outcome, refused ? 'denied' : 'success'), gt(careAudit.at, since)))) as [{ n: number }];
      expect(n, what).toBeGreaterThan(0);
    }
  }, 120_000);
});
