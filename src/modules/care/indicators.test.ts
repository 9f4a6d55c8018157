import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../../test/helpers.js';
import type { Principal } from '../../platform/access.js';
import { executedRows } from '../../platform/db/index.js';
import { directionOf, formatDate, formatNumber, translator, type Locale } from '../../platform/i18n/index.js';
import { organisations, organisationTypes, regions } from '../../platform/schema.js';
import { readCsv } from '../../platform/spreadsheet.js';
import { PageContext, type PageContextValue } from '../../platform/ui/context.js';
import { directoryOrganizations, directoryServices, serviceTypes } from '../directory/schema.js';
import { canSeeIndicators, computeIndicators, indicatorsCsv, recountIndicatorTables, yearlyRegionalReport, type Cell, type IndicatorRow, type IndicatorTable } from './indicators.js';
import { instruments, mediatorRequests, referrals, residents, screenings, urgencyTargets, type Urgency } from './schema.js';
import { ChartWithTable } from './views/charts.js';

let ctx: Awaited<ReturnType<typeof testPlatform>>;
const db = () => ctx.platform.database.db;
const ids: Record<string, string> = {};
const DAY = 86_400_000;
const HOUR = 3_600_000;
const FAR = new Date('2099-01-01T00:00:00Z');

const S: Cell = { value: null, suppressed: true };
const v = (value: number): Cell => ({ value, suppressed: false });

let caseNo = 0;
async function resident(organisationId: string) {
  const [r] = await db().insert(residents).values({ organisationId, caseCode: `T-${++caseNo}` }).returning({ id: residents.id });
  return r!.id;
}

async function screening(organisationId: string, completedAt: Date, aboveCutoff: boolean, residentId?: string, status: 'completed' | 'in-progress' = 'completed') {
  const rid = residentId ?? (await resident(organisationId));
  await db()
    .insert(screenings)
    .values({ residentId: rid, organisationId, instrumentId: ids.instrument!, language: 'ar', mode: 'operator', status, aboveCutoff, completedAt: status === 'completed' ? completedAt : null, startedAt: completedAt });
  return rid;
}

type ReferralInput = Partial<typeof referrals.$inferInsert> & { from: string; region: string; urgency: Urgency; requestedAt: Date };
async function referral(r: ReferralInput) {
  const { from, region, ...rest } = r;
  await db()
    .insert(referrals)
    .values({
      residentId: await resident(from),
      fromOrganisationId: from,
      regionId: region,
      serviceName: 'CSM',
      toOrganisationId: ids.asl!,
      targetHours: 168,
      reasonSealed: 'c1.dev.x',
      status: 'requested',
      dueAt: new Date(r.requestedAt.getTime() + 168 * HOUR),
      ...rest,
    });
}

async function mediatorRequest(organisationId: string, createdAt: Date, language: string, status: 'booked' | 'unfilled' | 'cancelled') {
  await db()
    .insert(mediatorRequests)
    .values({
      requestingOrganisationId: organisationId,
      regionId: ids.lazio!,
      language,
      startsAt: new Date(createdAt.getTime() + 2 * DAY),
      place: 'Sede',
      status,
      createdAt,
      ...(status === 'booked' ? { bookedOrganisationId: ids.agency!, mediatorName: 'M-1', bookedAt: createdAt } : {}),
    });
}

/**
 * The synthetic data set (Lazio unless said), with the figures worked out by hand in the tests:
 * - March 2024, CAS A: 10 referrals that reached a first appointment after 1…10 days (target 7 days; 1–6 routine,
 *   7–9 urgent, 10 emergency; the 3rd and 8th missed one first), 1–5 to a service offering medico-legal
 *   certification (1–3 completed), and 3 routine referrals rejected for capacity.
 * - April 2024, CAS A: 6 urgent referrals waiting past their target (one requested at 23:30 UTC on 31 March, already
 *   April in Rome), one accepted and not yet due, one cancelled.
 * - May 2024, CAS B: 6 routine, 5 urgent, 5 emergency referrals accepted and not yet due.
 * - March 2024, Sicily: 4 routine referrals with first appointments after 2, 4, 6, 8 days.
 * - Screenings: CAS A 10 residents in March (5 above the cut-off; one screened twice; one more only started),
 *   CAS B 20 residents in May (10 above).
 * - Mediator requests: CAS A in March 5 Arabic booked and 1 Tigrinya unfilled; CAS B in May 5 Arabic booked and
 *   5 Tigrinya unfilled; one cancelled.
 */
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
    .values([{ code: 'specialised-service', names: { en: 'Specialised service' } }])
    .onConflictDoNothing();
  const [lazio, sicilia] = await db()
    .insert(regions)
    .values([
      { country: 'IT', code: 'IT-62', name: 'Lazio' },
      { country: 'IT', code: 'IT-82', name: 'Sicilia' },
    ])
    .returning();
  const org = async (name: string, typeCode: string, regionId: string) => (await db().insert(organisations).values({ name, typeCode, country: 'IT', regionId }).returning())[0]!.id;
  Object.assign(ids, {
    lazio: lazio!.id,
    sicilia: sicilia!.id,
    casA: await org('CAS Prova A', 'reception-centre', lazio!.id),
    casB: await org('CAS Prova B', 'reception-centre', lazio!.id),
    casS: await org('CAS Prova Sicilia', 'reception-centre', sicilia!.id),
    asl: await org('ASL Prova Roma', 'local-health-authority', lazio!.id),
    agency: await org('Agenzia Dialoghi (prova)', 'ngo', lazio!.id),
  });
  const [dorg] = await db().insert(directoryOrganizations).values({ name: 'Centro medico-legale (prova)' }).returning();
  const [cert] = await db().insert(directoryServices).values({ organizationId: dorg!.id, name: 'Certificazione medico-legale', typeCode: 'specialised-service', needs: ['medico-legal-certification'] }).returning();
  ids.certService = cert!.id;
  const [instrument] = await db().insert(instruments).values({ code: 'demo', version: '1', definition: {} as never, questionnaire: {} }).returning();
  ids.instrument = instrument!.id;
  await db().insert(urgencyTargets).values([
    { regionId: ids.lazio!, urgency: 'routine', targetHours: 168 },
    { regionId: ids.lazio!, urgency: 'urgent', targetHours: 72 },
  ]);

  const march = new Date('2024-03-05T10:00:00Z');
  for (let d = 1; d <= 10; d++) {
    const urgency: Urgency = d <= 6 ? 'routine' : d <= 9 ? 'urgent' : 'emergency';
    const done = d <= 3;
    await referral({
      from: ids.casA!,
      region: ids.lazio!,
      urgency,
      requestedAt: march,
      status: done ? 'completed' : 'in-progress',
      acceptedAt: new Date(march.getTime() + DAY / 2),
      firstAppointmentAt: new Date(march.getTime() + d * DAY),
      firstAppointmentMissed: d === 3 || d === 8,
      serviceId: d <= 5 ? ids.certService : null,
      outcome: done ? 'taken-in-charge' : null,
      closedAt: done ? new Date(march.getTime() + 20 * DAY) : null,
    });
  }
  for (let i = 0; i < 3; i++) await referral({ from: ids.casA!, region: ids.lazio!, urgency: 'routine', requestedAt: march, status: 'rejected', statusReason: 'capacity', closedAt: new Date(march.getTime() + DAY) });

  const april = new Date('2024-04-10T10:00:00Z');
  await referral({ from: ids.casA!, region: ids.lazio!, urgency: 'urgent', requestedAt: new Date('2024-03-31T23:30:00Z') });
  for (let i = 0; i < 5; i++) await referral({ from: ids.casA!, region: ids.lazio!, urgency: 'urgent', requestedAt: april });
  await referral({ from: ids.casA!, region: ids.lazio!, urgency: 'urgent', requestedAt: april, status: 'accepted', acceptedAt: april, dueAt: FAR });
  await referral({ from: ids.casA!, region: ids.lazio!, urgency: 'urgent', requestedAt: april, status: 'cancelled', closedAt: april });

  const may = new Date('2024-05-10T10:00:00Z');
  for (const [urgency, n] of [['routine', 6], ['urgent', 5], ['emergency', 5]] as const) {
    for (let i = 0; i < n; i++) await referral({ from: ids.casB!, region: ids.lazio!, urgency, requestedAt: may, status: 'accepted', acceptedAt: may, dueAt: FAR });
  }
  // A draft is not a referral yet.
  await db().insert(referrals).values({ residentId: await resident(ids.casB!), fromOrganisationId: ids.casB!, regionId: ids.lazio!, serviceName: 'CSM', toOrganisationId: ids.asl!, urgency: 'routine', targetHours: 168, reasonSealed: 'c1.dev.x' });

  const sicilyMarch = new Date('2024-03-10T09:00:00Z');
  for (const d of [2, 4, 6, 8]) await referral({ from: ids.casS!, region: ids.sicilia!, urgency: 'routine', requestedAt: sicilyMarch, status: 'in-progress', acceptedAt: sicilyMarch, firstAppointmentAt: new Date(sicilyMarch.getTime() + d * DAY) });

  const twice = await screening(ids.casA!, new Date('2024-03-12T10:00:00Z'), true);
  await screening(ids.casA!, new Date('2024-03-20T10:00:00Z'), true, twice);
  for (let i = 1; i < 10; i++) await screening(ids.casA!, new Date('2024-03-15T10:00:00Z'), i < 5);
  await screening(ids.casA!, new Date('2024-03-15T10:00:00Z'), true, undefined, 'in-progress');
  for (let i = 0; i < 20; i++) await screening(ids.casB!, new Date('2024-05-15T10:00:00Z'), i < 10);

  for (let i = 0; i < 5; i++) await mediatorRequest(ids.casA!, new Date('2024-03-20T10:00:00Z'), 'ar', 'booked');
  await mediatorRequest(ids.casA!, new Date('2024-03-21T10:00:00Z'), 'ti', 'unfilled');
  for (let i = 0; i < 5; i++) await mediatorRequest(ids.casB!, new Date('2024-05-20T10:00:00Z'), 'ar', 'booked');
  for (let i = 0; i < 5; i++) await mediatorRequest(ids.casB!, new Date('2024-05-21T10:00:00Z'), 'ti', 'unfilled');
  await mediatorRequest(ids.casB!, new Date('2024-05-22T10:00:00Z'), 'ar', 'cancelled');
});
afterAll(() => ctx.close());

async function table(filters: Parameters<typeof computeIndicators>[1]): Promise<IndicatorTable> {
  const t = await computeIndicators(db(), filters);
  if (!t.ok) throw new Error(t.error);
  return t;
}
const row = (t: IndicatorTable, key: string) => t.rows.find((r) => r.key === key)!;
const urgency = (r: IndicatorRow) => [r.byUrgency.routine, r.byUrgency.urgent, r.byUrgency.emergency];

/** Every published count is 5 or more; and nothing suppressed can be worked back from a total and its visible parts. */
function assertProtected(t: IndicatorTable) {
  const counts = (r: IndicatorRow) => [r.residentsScreened, r.referrals, ...urgency(r), r.missedFirstAppointments, r.mediatorRequests, r.openPastTarget];
  for (const r of [...t.rows, t.total]) {
    for (const c of counts(r)) {
      expect(c.suppressed).toBe(c.value === null);
      if (!c.suppressed) expect(c.value).toBeGreaterThanOrEqual(5);
    }
  }
  const safe = (total: Cell, parts: Cell[]) => {
    const hidden = parts.filter((p) => p.suppressed).length;
    // A visible total leaves no single suppressed part alone; a suppressed total has a suppressed part.
    if (!total.suppressed) expect(hidden === 0 || hidden >= 2).toBe(true);
    else if (parts.length) expect(hidden).toBeGreaterThan(0);
  };
  for (const r of [...t.rows, t.total]) safe(r.referrals, urgency(r));
  for (const pick of [(r: IndicatorRow) => r.referrals, (r: IndicatorRow) => r.byUrgency.routine, (r: IndicatorRow) => r.byUrgency.urgent, (r: IndicatorRow) => r.byUrgency.emergency, (r: IndicatorRow) => r.openPastTarget, (r: IndicatorRow) => r.mediatorRequests]) {
    safe(pick(t.total), t.rows.map(pick));
  }
}

describe('who sees indicators', () => {
  it('coordinators, data-protection contacts and administrators; not operators or clinicians', () => {
    const p = (role: Principal['roles'][number]['role'], organisationId: string | null = null): Principal => ({ id: 'x', email: 'x@example.org', name: 'x', locale: null, roles: [{ role, organisationId }], totpEnabled: true });
    expect(canSeeIndicators(p('network-coordinator', 'o'))).toBe(true);
    expect(canSeeIndicators(p('data-protection', 'o'))).toBe(true);
    expect(canSeeIndicators(p('administrator'))).toBe(true);
    expect(canSeeIndicators(p('care-operator', 'o'))).toBe(false);
    expect(canSeeIndicators(p('care-clinician', 'o'))).toBe(false);
    expect(canSeeIndicators(p('learner'))).toBe(false);
    expect(canSeeIndicators(null)).toBe(false);
  });
});

describe('indicators by month', () => {
  it('computes the figures of a month, cut in the region’s time zone', async () => {
    const t = await table({ regionId: ids.lazio, from: '2024-03', to: '2024-05', groupBy: 'month' });
    expect(t.timeZone).toBe('Europe/Rome');
    expect(t.rows.map((r) => r.key)).toEqual(['2024-03', '2024-04', '2024-05']);
    const march = row(t, '2024-03');
    // 13 requested in March (the referral of 23:30 UTC on 31 March is April's in Rome), the draft not at all.
    expect(march.referrals).toEqual(v(13));
    expect(row(t, '2024-04').referrals).toEqual(v(8));
    // 10 of 13 decided were accepted; days 1…10: median 5.5, 90th percentile 9 + 0.1 × (10 − 9) = 9.1; 7 of 10 within 7 days.
    expect(march.acceptanceRate).toEqual(v(0.7692));
    expect(march.medianDaysToFirstAppointment).toEqual(v(5.5));
    expect(march.p90DaysToFirstAppointment).toEqual(v(9.1));
    expect(march.withinTargetShare).toEqual(v(0.7));
    // April: one referral decided (accepted): a rate of one case is not shown, nor a median of none.
    expect(row(t, '2024-04').acceptanceRate).toEqual(S);
    expect(row(t, '2024-04').medianDaysToFirstAppointment).toEqual(S);
    expect(row(t, '2024-05').acceptanceRate).toEqual(v(1));
    expect(t.total).toMatchObject({ referrals: v(37), acceptanceRate: v(0.9), medianDaysToFirstAppointment: v(5.5), p90DaysToFirstAppointment: v(9.1), withinTargetShare: v(0.7) });
    assertProtected(t);
  });

  it('suppresses urgencies under 5, and the parts that would give them away (secondary suppression)', async () => {
    const t = await table({ regionId: ids.lazio, from: '2024-03', to: '2024-05', groupBy: 'month' });
    // March: routine 9, urgent 3, emergency 1 of 13. 13 − 9 would give away 3 + 1 = 4, so routine goes too.
    expect(urgency(row(t, '2024-03'))).toEqual([S, S, S]);
    // April: 8 urgent and no other: showing 8 of 8 would show the zeros.
    expect(urgency(row(t, '2024-04'))).toEqual([S, S, S]);
    // May: 6 / 5 / 5, but the emergency total (6) minus May's 5 would give March and April's 1: May's emergency goes,
    // and then its urgent, so that May's emergency cannot be worked out from May's total either.
    expect(urgency(row(t, '2024-05'))).toEqual([v(6), S, S]);
    expect(urgency(t.total)).toEqual([v(15), v(16), v(6)]);
    // Open past target: 6 in April alone; the total shows 6, so April's cell cannot.
    expect(t.rows.map((r) => r.openPastTarget)).toEqual([S, S, S]);
    expect(t.total.openPastTarget).toEqual(v(6));
    // Missed first appointments: 2 in all.
    expect(t.total.missedFirstAppointments).toEqual(S);
  });

  it('suppresses shares that would give away a small number with their published total', async () => {
    const t = await table({ regionId: ids.lazio, from: '2024-03', to: '2024-05', groupBy: 'month' });
    // 10 screened in March; April none; May 20 (10 above the cut-off). The total 30 minus May's 20 would give April's 0.
    expect(t.rows.map((r) => r.residentsScreened)).toEqual([S, S, v(20)]);
    expect(t.total.residentsScreened).toEqual(v(30));
    expect(t.total.aboveCutoffShare).toEqual(v(0.5));
    // Mediators: March 5 of 6 met (one unfilled: the share would give it away); May 5 of 10, but the total's 6 unmet
    // minus May's 5 would give March's 1.
    expect(t.rows.map((r) => r.mediatorRequestsMetShare)).toEqual([S, S, S]);
    expect(t.total).toMatchObject({ mediatorRequests: v(16), mediatorRequestsMetShare: v(0.625) });
  });
});

describe('indicators by organisation and by region', () => {
  it('groups by referring organisation', async () => {
    const t = await table({ regionId: ids.lazio, from: '2024-03', to: '2024-05', groupBy: 'organisation' });
    expect(t.rows.map((r) => [r.key, r.label])).toEqual([
      [ids.casA, 'CAS Prova A'],
      [ids.casB, 'CAS Prova B'],
    ]);
    const [a, b] = t.rows as [IndicatorRow, IndicatorRow];
    expect(a).toMatchObject({ residentsScreened: v(10), aboveCutoffShare: v(0.5), referrals: v(21), acceptanceRate: v(0.7857), mediatorRequests: v(6), mediatorRequestsMetShare: S });
    expect(b).toMatchObject({ residentsScreened: v(20), aboveCutoffShare: v(0.5), referrals: v(16), acceptanceRate: v(1), medianDaysToFirstAppointment: S, mediatorRequests: v(10), mediatorRequestsMetShare: S });
    // A: 9 / 11 / 1; B: 6 / 5 / 5. A's emergency 1 takes A's routine with it; the routine and emergency totals then
    // take B's; the urgent column stays.
    expect(urgency(a)).toEqual([S, v(11), S]);
    expect(urgency(b)).toEqual([S, v(5), S]);
    assertProtected(t);
  });

  it('groups by region across a country, with percentiles from every case and small regions suppressed', async () => {
    const t = await table({ country: 'IT', from: '2024-03', to: '2024-05', groupBy: 'region' });
    expect(t.rows.map((r) => r.label)).toEqual(['Lazio', 'Sicilia']);
    const sicily = row(t, ids.sicilia!);
    expect(sicily.referrals).toEqual(S);
    expect(sicily.medianDaysToFirstAppointment).toEqual(S);
    expect(row(t, ids.lazio!).medianDaysToFirstAppointment).toEqual(v(5.5));
    // 14 first appointments: 1,2,2,3,4,4,5,6,6,7,8,8,9,10. Median 5.5; 90th percentile 8 + 0.7 × (9 − 8) = 8.7.
    expect(t.total).toMatchObject({ referrals: v(41), medianDaysToFirstAppointment: v(5.5), p90DaysToFirstAppointment: v(8.7) });
    // Lazio's 37 would give Sicily's 4 away from the total.
    expect(row(t, ids.lazio!).referrals).toEqual(S);
    assertProtected(t);
  });

  it('filters by organisation, and a small organisation shows nothing but gaps', async () => {
    const t = await table({ organisationId: ids.casS, from: '2024-03', to: '2024-03', groupBy: 'month' });
    expect(t.total.referrals).toEqual(S);
    expect(t.total.medianDaysToFirstAppointment).toEqual(S);
    assertProtected(t);
  });

  it('refuses malformed filters', async () => {
    expect(await computeIndicators(db(), { from: '2024-13', groupBy: 'month' })).toEqual({ ok: false, error: 'invalid-month' });
    expect(await computeIndicators(db(), { from: '2024-05', to: '2024-03', groupBy: 'month' })).toEqual({ ok: false, error: 'invalid-range' });
    expect(await computeIndicators(db(), { timeZone: 'Mars/Olympus', groupBy: 'month' })).toEqual({ ok: false, error: 'invalid-time-zone' });
    expect(await computeIndicators(db(), { regionId: 'lazio', groupBy: 'month' })).toEqual({ ok: false, error: 'invalid-id' });
  });
});

describe('CSV', () => {
  it('writes a row per month and a total, suppressed cells as "<5"', async () => {
    const t = translator('en');
    const out = await indicatorsCsv(db(), { regionId: ids.lazio, from: '2024-03', to: '2024-05', groupBy: 'month' }, t);
    if (!out.ok) throw new Error(out.error);
    const rows = (await readCsv(out.csv)).map((r) => Object.values(r));
    expect(rows).toHaveLength(4);
    // group, screened, above %, referrals, routine, urgent, emergency, acceptance %, median, p90, within %, missed, mediator requests, met %, open past target
    expect(rows[0]).toEqual(['2024-03', '<5', '<5', '13', '<5', '<5', '<5', '76.9', '5.5', '9.1', '70', '<5', '<5', '<5', '<5']);
    expect(rows[2]!.slice(0, 7)).toEqual(['2024-05', '20', '50', '16', '6', '<5', '<5']);
    expect(rows[3]!.slice(1)).toEqual(['30', '50', '37', '15', '16', '6', '90', '5.5', '9.1', '70', '<5', '16', '62.5', '6']);
  });
});

describe('the yearly regional report', () => {
  it('has the sections of the 2017 guidelines’ report, suppressed like the dashboard', async () => {
    const r = await yearlyRegionalReport(db(), ids.lazio!, 2024, new Date('2025-01-15T00:00:00Z'));
    if (!r.ok) throw new Error(r.error);
    expect(r.region).toMatchObject({ name: 'Lazio', code: 'IT-62' });
    expect(r.organisations).toEqual({
      receptionCentres: [
        { id: ids.casA, name: 'CAS Prova A' },
        { id: ids.casB, name: 'CAS Prova B' },
      ],
      healthServices: [{ id: ids.asl, name: 'ASL Prova Roma' }],
      mediatorAgencies: [{ id: ids.agency, name: 'Agenzia Dialoghi (prova)' }],
    });
    expect(r.identification).toEqual({ residentsScreened: v(30), residentsAboveCutoff: v(15), aboveCutoffShare: v(0.5), residentsReferred: v(37) });
    expect(r.takingCharge.targetHours).toEqual({ routine: 168, urgent: 72, emergency: 24 }); // not set for the region: the default its referrals got
    // Routine: 15 referred, 12 of 15 decided accepted, 6 first appointments after 1…6 days (median 3.5, p90 5.5), all
    // within target: 6 of 6 would show 0 late, so the share goes, and with it the count it would give away.
    expect(r.takingCharge.byUrgency.routine).toEqual({
      referrals: v(15),
      acceptanceRate: v(0.8),
      takenInCharge: S,
      medianDaysToFirstAppointment: v(3.5),
      p90DaysToFirstAppointment: v(5.5),
      withinTargetShare: S,
      missedFirstAppointments: S,
      openPastTarget: S,
    });
    expect(r.takingCharge.byUrgency.urgent).toMatchObject({ referrals: v(16), acceptanceRate: v(1), takenInCharge: S, medianDaysToFirstAppointment: S });
    // In all: 10 taken in charge, 7 within target (3 late: the share would give them away).
    expect(r.takingCharge.total).toEqual({
      referrals: v(37),
      acceptanceRate: v(0.9),
      takenInCharge: v(10),
      medianDaysToFirstAppointment: v(5.5),
      p90DaysToFirstAppointment: v(9.1),
      withinTargetShare: S,
      missedFirstAppointments: S,
      openPastTarget: v(6),
    });
    expect(r.certification).toEqual({ referrals: v(5), takenInCharge: v(5), completed: S });
    expect(r.mediation).toEqual({
      requests: v(16),
      booked: v(10),
      unfilled: v(6),
      metShare: v(0.625),
      byLanguage: [
        { language: 'ar', requests: v(10) },
        { language: 'ti', requests: v(6) },
      ],
    });
    expect(r.openIssues).toEqual({ openPastTarget: v(6), missedFirstAppointments: S, unfilledMediatorRequests: v(6), rejected: S, rejectedByReason: [{ reason: 'other', referrals: S }] });
    expect(r.monthly.map((m) => m.key)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12']);
    // A year with nothing: every figure suppressed, nothing listed.
    const empty = await yearlyRegionalReport(db(), ids.lazio!, 2019);
    expect(empty.ok && empty.identification.residentsScreened).toEqual(S);
    expect(empty.ok && empty.organisations.receptionCentres).toEqual([]);
    expect(await yearlyRegionalReport(db(), ids.lazio!, 1800)).toEqual({ ok: false, error: 'invalid-year' });
    expect(await yearlyRegionalReport(db(), '00000000-0000-4000-8000-000000000000', 2024)).toEqual({ ok: false, error: 'not-found' });
  });
});

describe('the chart with its table', () => {
  const page = (locale: Locale): PageContextValue => ({
    t: translator(locale),
    locale,
    dir: directionOf(locale),
    principal: null,
    csrfToken: '',
    nonce: '',
    path: '/',
    requestId: 'test',
    assets: { css: '', js: null, map: { css: '', js: '' } },
    navigation: {} as PageContextValue['navigation'],
    footerLinks: [],
    formatDate: (d, style) => formatDate(locale, d, style),
    formatNumber: (n) => formatNumber(locale, n),
  });
  const render = (locale: Locale, props: Parameters<typeof ChartWithTable>[0]) => renderToString(h(PageContext.Provider, { value: page(locale) }, h(ChartWithTable, props)));

  it('renders the monthly referrals by urgency as an SVG image with its title, description and data table, gaps marked', async () => {
    const t = await table({ regionId: ids.lazio, from: '2024-03', to: '2024-05', groupBy: 'month' });
    const html = render('en', {
      id: 'referrals-by-urgency',
      kind: 'bar',
      stacked: true,
      title: 'Referrals by urgency',
      description: 'Referrals requested each month, by urgency.',
      caption: 'Referrals by urgency, by month',
      categoryHeader: 'Month',
      categories: t.rows.map((r) => ({ key: r.key, label: r.label! })),
      series: (['routine', 'urgent', 'emergency'] as const).map((u) => ({ key: u, label: u, values: t.rows.map((r) => r.byUrgency[u]) })),
      total: { label: 'Total', values: urgency(t.total) },
    });
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="referrals-by-urgency-title referrals-by-urgency-desc"/);
    expect(html).toMatch(/viewBox="0 0 \d+ \d+"/);
    expect(html).toContain('<title id="referrals-by-urgency-title">Referrals by urgency</title>');
    expect(html).toContain('<desc id="referrals-by-urgency-desc">Referrals requested each month, by urgency.</desc>');
    // Patterns, so that colour is not the only cue.
    expect(html).toContain('<pattern id="referrals-by-urgency-fill-1"');
    // The table: caption, a row per month and the total; a suppressed cell says "<5" and is marked.
    expect(html).toContain('<caption>Referrals by urgency, by month</caption>');
    expect(html.match(/<tr>/g)).toHaveLength(1 + 3 + 1);
    expect(html).toMatch(/<abbr class="care-suppressed"[^>]*data-suppressed="true">&lt;5<\/abbr>/);
    expect(html).toContain('>15<');
    // Suppressed values are drawn as a marked gap, and the legend explains the mark.
    expect(html).toContain('care-chart__suppressed');
    expect(html).toContain('care-chart__legend-suppressed');
  });

  it('draws a line chart right to left on Arabic pages', async () => {
    const t = await table({ regionId: ids.lazio, from: '2024-03', to: '2024-05', groupBy: 'month' });
    const props = {
      id: 'time-to-care',
      kind: 'line' as const,
      format: 'days' as const,
      title: 'Days to first appointment',
      description: 'Median and 90th percentile by month.',
      caption: 'Days to first appointment, by month',
      categoryHeader: 'Month',
      categories: t.rows.map((r) => ({ key: r.key, label: r.label! })),
      series: [
        { key: 'median', label: 'median', values: t.rows.map((r) => r.medianDaysToFirstAppointment) },
        { key: 'p90', label: 'p90', values: t.rows.map((r) => r.p90DaysToFirstAppointment) },
      ],
    };
    const ltr = render('en', props);
    const rtl = render('ar', props);
    expect(rtl).toContain('dir="rtl"');
    expect(ltr).toContain('dir="ltr"');
    // March is the first month: drawn on the left in English and on the right in Arabic.
    const firstX = (html: string) => Number(/<circle cx="([\d.]+)"/.exec(html)![1]);
    expect(firstX(ltr)).toBeLessThan(320);
    expect(firstX(rtl)).toBeGreaterThan(320);
    // Arabic digits in the table for Arabic pages, through the locale's number format.
    expect(rtl).toContain(new Intl.NumberFormat('ar').format(5.5));
    // April and May have no median to show: gaps, not zeros.
    expect(ltr.match(/care-chart__suppressed/g)!.length).toBeGreaterThanOrEqual(2);
  });
});

describe('what the database keeps for the indicators', () => {
  it('chains each resident\'s completed screenings, whatever order they are written in', async () => {
    /** Screenings whose prev_completed_at or prev_above_at differs from what the resident's completed screenings say. */
    const wrong = async () =>
      executedRows(
        await db().execute(sql`
          SELECT s.id FROM care_screenings s JOIN (
            SELECT id, lag(completed_at) OVER w AS prev,
              max(completed_at) FILTER (WHERE above_cutoff) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_above
            FROM care_screenings WHERE status = 'completed' AND completed_at IS NOT NULL
            WINDOW w AS (PARTITION BY resident_id ORDER BY completed_at, id)) x ON x.id = s.id
          WHERE s.prev_completed_at IS DISTINCT FROM x.prev OR s.prev_above_at IS DISTINCT FROM x.prev_above`),
      );
    expect(await wrong()).toEqual([]);
    // A resident screened in July, then one screening written later but completed in May (above the cut-off).
    const who = await screening(ids.casA!, new Date('2023-07-10T10:00:00Z'), false);
    await screening(ids.casA!, new Date('2023-05-10T10:00:00Z'), true, who);
    const chain = async () => executedRows<{ completed_at: string; prev_completed_at: string | null; prev_above_at: string | null }>(await db().execute(sql`SELECT completed_at::text, prev_completed_at::text, prev_above_at::text FROM care_screenings WHERE resident_id = ${who} ORDER BY completed_at`));
    expect((await chain()).map((r) => [r.prev_completed_at, r.prev_above_at])).toEqual([[null, null], ['2023-05-10 10:00:00+00', '2023-05-10 10:00:00+00']]);
    let t = await table({ organisationId: ids.casA, from: '2023-05', to: '2023-07', groupBy: 'month' });
    // One resident: under 5, suppressed; the figures underneath are what the chain says.
    expect(t.total.residentsScreened).toEqual(S);
    // One in progress, completed in June; then the May one is found to be below the cut-off; then deleted.
    await db().execute(sql`UPDATE care_screenings SET completed_at = '2023-06-10T10:00:00Z', status = 'completed' WHERE resident_id = ${who} AND completed_at = '2023-07-10T10:00:00Z'`);
    await db().execute(sql`UPDATE care_screenings SET above_cutoff = false WHERE resident_id = ${who} AND completed_at = '2023-05-10T10:00:00Z'`);
    expect((await chain()).map((r) => r.prev_above_at)).toEqual([null, null]);
    expect(await wrong()).toEqual([]);
    await db().execute(sql`DELETE FROM care_screenings WHERE resident_id = ${who} AND completed_at = '2023-05-10T10:00:00Z'`);
    expect((await chain()).map((r) => r.prev_completed_at)).toEqual([null]);
    expect(await wrong()).toEqual([]);
    await db().execute(sql`DELETE FROM care_residents WHERE id = ${who}`);
    t = await table({ organisationId: ids.casA, from: '2024-03', to: '2024-03', groupBy: 'month' });
    // March 2024 at CAS A: 10 residents, one of them screened twice, counted once.
    expect(row(t, '2024-03').residentsScreened).toEqual(v(10));
  });


  /** care_referral_days, as kept by the triggers, and as counted afresh from care_referrals with the same rules. */
  async function kept() {
    const cols = 'referrals, accepted, decided, first_appointments, within_target, missed';
    const rows = async (q: string) => executedRows(await db().execute(sql.raw(q)));
    return {
      rollup: await rows(`SELECT day::text, region_id, from_organisation_id, urgency, ${cols} FROM care_referral_days WHERE (${cols}) <> (0, 0, 0, 0, 0, 0) ORDER BY 1, 2, 3, 4`),
      fresh: await rows(`
        SELECT (requested_at AT TIME ZONE 'UTC')::date::text AS day, region_id, from_organisation_id, urgency, count(*)::int AS referrals,
          count(*) FILTER (WHERE care_referral_accepted(accepted_at, status))::int AS accepted, count(*) FILTER (WHERE care_referral_decided(accepted_at, status))::int AS decided,
          count(first_appointment_at)::int AS first_appointments, count(*) FILTER (WHERE care_referral_within_target(first_appointment_at, due_at))::int AS within_target,
          count(*) FILTER (WHERE first_appointment_missed)::int AS missed
        FROM care_referrals WHERE requested_at IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`),
    };
  }

  it('stays equal to the referrals through inserts, updates, deletes and erasure, and the dashboard follows', async () => {
    const start = await kept();
    expect(start.rollup.length).toBeGreaterThan(0);
    expect(start.rollup).toEqual(start.fresh);

    // Ten referrals in June 2023 (Rome), a draft, and one requested at 22:30 UTC on 30 June: July in Rome.
    const june = new Date('2023-06-10T09:00:00Z');
    for (let i = 0; i < 5; i++) await referral({ from: ids.casA!, region: ids.lazio!, urgency: 'urgent', requestedAt: june });
    for (let i = 0; i < 5; i++) await referral({ from: ids.casA!, region: ids.lazio!, urgency: 'routine', requestedAt: new Date('2023-06-11T09:00:00Z') });
    await referral({ from: ids.casA!, region: ids.lazio!, urgency: 'routine', requestedAt: new Date('2023-06-30T22:30:00Z') });
    const [draft] = await db().insert(referrals).values({ residentId: await resident(ids.casA!), fromOrganisationId: ids.casA!, regionId: ids.lazio!, serviceName: 'CSM', toOrganisationId: ids.asl!, urgency: 'routine', targetHours: 168, reasonSealed: 'c1.dev.x', status: 'draft' }).returning({ id: referrals.id });
    const juneRows = () => table({ regionId: ids.lazio, from: '2023-06', to: '2023-06', groupBy: 'month' });
    let t = await juneRows();
    expect(row(t, '2023-06').referrals).toEqual(v(10));
    expect(row(t, '2023-06').byUrgency.urgent).toEqual(v(5));
    expect(row(t, '2023-06').acceptanceRate).toEqual(S);
    expect((await kept()).rollup).toEqual((await kept()).fresh);

    // One statement accepts all five, another gives them first appointments within the target, the draft is sent.
    const run = (q: ReturnType<typeof sql>) => db().execute(q);
    await run(sql`UPDATE care_referrals SET status = 'accepted', accepted_at = requested_at + interval '1 day' WHERE requested_at = ${june}`);
    expect(row(await juneRows(), '2023-06').acceptanceRate).toEqual(v(1));
    await run(sql`UPDATE care_referrals SET status = 'in-progress', first_appointment_at = requested_at + interval '3 days' WHERE requested_at = ${june}`);
    await run(sql`UPDATE care_referrals SET status = 'requested', requested_at = ${june}, due_at = ${new Date(june.getTime() + 168 * HOUR)} WHERE id = ${draft!.id}`);
    t = await juneRows();
    expect(row(t, '2023-06').referrals).toEqual(v(11));
    expect(row(t, '2023-06').withinTargetShare).toEqual(v(1));
    expect(row(t, '2023-06').medianDaysToFirstAppointment).toEqual(v(3));
    expect((await kept()).rollup).toEqual((await kept()).fresh);

    // Erasing a resident deletes their referral (a cascade); a referral moved to another day moves its counts.
    const [one] = executedRows<{ resident_id: string }>(await run(sql`SELECT resident_id FROM care_referrals WHERE requested_at = ${june} AND status = 'in-progress' LIMIT 1`));
    await run(sql`DELETE FROM care_residents WHERE id = ${one!.resident_id}`);
    await run(sql`UPDATE care_referrals SET requested_at = requested_at - interval '40 days' WHERE requested_at = ${new Date('2023-06-30T22:30:00Z')}`);
    t = await juneRows();
    expect(row(t, '2023-06').referrals).toEqual(v(10));
    expect((await kept()).rollup).toEqual((await kept()).fresh);

    // Without a window, the months run from the first to the last with data.
    const all = await table({ regionId: ids.lazio, groupBy: 'month' });
    expect(all.rows[0]!.key).toBe('2023-05');
    expect(all.rows.at(-1)!.key).toBe('2024-05');
    expect(all.rows).toHaveLength(13);

    // Counted afresh after it went wrong (a load with the triggers off, say).
    await run(sql`UPDATE care_referral_days SET referrals = referrals + 7`);
    expect((await kept()).rollup).not.toEqual((await kept()).fresh);
    await run(sql`UPDATE care_screenings SET prev_completed_at = completed_at WHERE status = 'completed'`);
    expect(await recountIndicatorTables(db())).toMatchObject({ screenings: executedRows<{ n: number }>(await run(sql`SELECT count(*)::int AS n FROM care_screenings WHERE status = 'completed'`))[0]!.n, referrals: executedRows<{ n: number }>(await run(sql`SELECT count(*)::int AS n FROM care_referrals WHERE requested_at IS NOT NULL`))[0]!.n });
    expect((await kept()).rollup).toEqual((await kept()).fresh);

    await run(sql`DELETE FROM care_referrals WHERE requested_at < '2024-01-01'`);
    const end = await kept();
    expect(end.rollup).toEqual(end.fresh);
    expect(end.rollup).toEqual(start.rollup);
  });
});
