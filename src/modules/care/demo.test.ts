import { asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../../test/helpers.js';
import { executedRows } from '../../platform/db/index.js';
import { organisations, organisationTypes, regions } from '../../platform/schema.js';
import { DEMO_DIRECTORY, seedDirectoryDemo } from '../directory/demo.js';
import { directoryOrganizations, directoryServices } from '../directory/schema.js';
import { seedNetworksDemo } from '../networks/demo.js';
import { careCipher, placeOf, type CareCipher } from './crypto.js';
import { DEMO_CARE, seedCareDemo } from './demo.js';
import { openAnswers } from './screenings.js';
import { openVulnerabilities } from './residents.js';
import { computeIndicators } from './indicators.js';
import { scoreAnswers } from './instruments.js';
import { agenciesFor } from './mediators.js';
import { CANCEL_REASONS, DEFAULT_TARGET_HOURS, FAIL_REASONS, HOLD_REASONS, OUTCOMES, receivingOrganisation, REJECT_REASONS } from './referrals.js';
import { consents, instruments, mediatorRequestAgencies, mediatorRequests, referralEvents, referrals, residents, screenings } from './schema.js';

let ctx: Awaited<ReturnType<typeof testPlatform>>;
const db = () => ctx.platform.database.db;
let cipher: CareCipher;
const now = new Date();
const DAY = 86_400_000;
const HOUR = 3_600_000;
const CODES = { 'IT-62': 'LZ', 'IT-25': 'LO', 'IT-72': 'CA', 'IT-82': 'SI' } as const;
const regionIds: Record<string, string> = {};
let seconds = 0;

const rows = <T>(r: unknown) => executedRows<T>(r);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

beforeAll(async () => {
  ctx = await testPlatform();
  const types = ['reception-centre', 'integration-project', 'first-reception', 'local-health-authority', 'community-mental-health-centre', 'addiction-service', 'family-clinic', 'ngo', 'mediator-agency', 'other'];
  await db()
    .insert(organisationTypes)
    .values(types.map((code) => ({ code, names: { en: code } })))
    .onConflictDoNothing();
  await db()
    .insert(regions)
    .values([
      { country: 'IT', code: 'IT-62', name: 'Lazio' },
      { country: 'IT', code: 'IT-25', name: 'Lombardia' },
      { country: 'IT', code: 'IT-72', name: 'Campania' },
      { country: 'IT', code: 'IT-82', name: 'Sicilia' },
    ])
    .onConflictDoNothing();
  for (const r of await db().select().from(regions)) regionIds[r.code] = r.id;
  await seedDirectoryDemo(db(), now);
  await seedNetworksDemo(db(), now);
  cipher = careCipher(ctx.platform.config);
  // The demo seed runs in one transaction, as src/demo.ts does.
  const started = performance.now();
  const seeded = await db().transaction((tx) => seedCareDemo(tx, cipher, now));
  seconds = (performance.now() - started) / 1000;
  expect(seeded).toBe(true);
  console.log(`seedCareDemo took ${seconds.toFixed(2)} s on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`);
});
afterAll(async () => ctx?.close());

describe('care demo', () => {
  it('seeds once, with volumes of a two-year pilot, in a few seconds', async () => {
    const count = async (table: string) => rows<{ n: number }>(await db().execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;
    const before = { residents: await count('care_residents'), screenings: await count('care_screenings'), referrals: await count('care_referrals'), events: await count('care_referral_events'), mediators: await count('care_mediator_requests'), consents: await count('care_consents') };
    console.log('care demo volumes', before);
    expect(before.residents).toBeGreaterThan(1000);
    expect(before.residents).toBeLessThan(1500);
    expect(before.screenings).toBeGreaterThan(1200);
    expect(before.screenings).toBeLessThan(1900);
    expect(before.referrals).toBeGreaterThan(500);
    expect(before.referrals).toBeLessThan(900);
    expect(before.mediators).toBeGreaterThan(150);
    expect(before.mediators).toBeLessThan(400);
    expect(seconds).toBeLessThan(60);

    // A second run changes nothing.
    expect(await db().transaction((tx) => seedCareDemo(tx, cipher, now))).toBe(false);
    const after = { residents: await count('care_residents'), screenings: await count('care_screenings'), referrals: await count('care_referrals'), events: await count('care_referral_events'), mediators: await count('care_mediator_requests'), consents: await count('care_consents') };
    expect(after).toEqual(before);
  });

  it('links the directory’s CSMs and mediator agencies to the networks’ organisations of each region', async () => {
    for (const [code, regionId] of Object.entries(regionIds)) {
      const linked = rows<{ type_code: string; member_type: string; member_region: string; services: number }>(
        await db().execute(sql`
          SELECT s.type_code, m.type_code AS member_type, m.region_id AS member_region, count(*)::int AS services
          FROM directory_services s JOIN directory_organizations o ON o.id = s.organization_id JOIN organisations m ON m.id = o.member_organisation_id
          WHERE s.place_keys @> ARRAY[${regionId}]::text[] AND s.type_code IN ('community-mental-health-centre', 'mediator-agency')
          GROUP BY 1, 2, 3`),
      );
      const csm = linked.find((l) => l.type_code === 'community-mental-health-centre' && l.member_type === 'community-mental-health-centre');
      expect(csm, code).toBeDefined();
      expect(csm!.member_region).toBe(regionId);
      expect(csm!.services).toBeGreaterThanOrEqual(2);
      const agency = linked.find((l) => l.type_code === 'mediator-agency');
      expect(agency?.member_type, code).toBe('mediator-agency');
      expect(agency!.member_region).toBe(regionId);
    }
    // The organisations the browser journeys use exist, of the right kind, in the right region.
    const named = await db().select().from(organisations).where(inArray(organisations.name, [DEMO_CARE.lazioCentre, DEMO_CARE.lazioService, DEMO_CARE.lazioAgency, DEMO_CARE.sicilyCentre, DEMO_CARE.sicilyService, DEMO_CARE.sicilyAgency]));
    const byName = new Map(named.map((o) => [o.name, o]));
    expect(byName.get(DEMO_CARE.lazioCentre)).toMatchObject({ typeCode: 'reception-centre', regionId: regionIds['IT-62'] });
    expect(byName.get(DEMO_CARE.lazioService)).toMatchObject({ typeCode: 'community-mental-health-centre', regionId: regionIds['IT-62'] });
    expect(byName.get(DEMO_CARE.lazioAgency)).toMatchObject({ typeCode: 'mediator-agency', regionId: regionIds['IT-62'] });
    expect(byName.get(DEMO_CARE.sicilyCentre)).toMatchObject({ typeCode: 'reception-centre', regionId: regionIds['IT-82'] });
    expect(byName.get(DEMO_CARE.sicilyService)).toMatchObject({ typeCode: 'community-mental-health-centre', regionId: regionIds['IT-82'] });
    // A referral from the directory reaches them: the fixed Palermo entry, and the Lazio health authority's CSMs.
    const [palermo] = await db().select().from(directoryServices).where(eq(directoryServices.name, DEMO_DIRECTORY.palermoCsm));
    expect(await receivingOrganisation(db(), palermo!.id)).toMatchObject({ ok: true, organisationId: byName.get(DEMO_CARE.sicilyService)!.id, acceptsReferrals: true });
    const [rome] = await db().select().from(directoryOrganizations).where(eq(directoryOrganizations.name, DEMO_CARE.lazioDirectoryOrganization));
    expect(rome!.memberOrganisationId).toBe(byName.get(DEMO_CARE.lazioService)!.id);
    // An Arabic mediator can be asked for in Lazio and in Sicily, from the networks' agencies.
    expect((await agenciesFor(db(), regionIds['IT-62']!, 'ar')).map((a) => a.organisationId)).toContain(byName.get(DEMO_CARE.lazioAgency)!.id);
    expect((await agenciesFor(db(), regionIds['IT-82']!, 'ar')).map((a) => a.organisationId)).toContain(byName.get(DEMO_CARE.sicilyAgency)!.id);
  });

  it('records synthetic residents of the reception centres, a realistic mix, about one in seven older cases closed', async () => {
    const stored = rows<{ id: string; case_code: string; birth_year: number; gender: string; country_of_origin: string; languages: string[]; mediator_needed: boolean; arrival_date: string; vulnerabilities: string; status: string; closed_on: string | null; type_code: string; region: string }>(
      await db().execute(sql`
        SELECT r.id::text AS id, r.case_code, r.birth_year, r.gender, r.country_of_origin, r.languages, r.mediator_needed, r.arrival_date::text AS arrival_date, r.vulnerabilities, r.status, r.closed_on::text AS closed_on,
               o.type_code, g.code AS region
        FROM care_residents r JOIN organisations o ON o.id = r.organisation_id JOIN regions g ON g.id = o.region_id`),
    );
    const all = stored.map((x) => ({ ...x, vulnerabilities: openVulnerabilities(careCipher(ctx.platform.config), x.id, x.vulnerabilities) }));
    const share = (f: (x: (typeof all)[number]) => boolean) => all.filter(f).length / all.length;
    for (const x of all) {
      expect(x.case_code).toMatch(new RegExp(`^${CODES[x.region as keyof typeof CODES]}-\\d{4}-\\d{4}$`));
      expect(['reception-centre', 'integration-project']).toContain(x.type_code);
      expect(x.languages.length).toBeGreaterThan(0);
      expect(x.arrival_date >= new Date(now.getTime() - 731 * DAY).toISOString().slice(0, 10)).toBe(true);
      expect(x.arrival_date <= now.toISOString().slice(0, 10)).toBe(true);
      expect(x.status === 'closed').toBe(x.closed_on !== null);
      if (x.closed_on) expect(x.closed_on > x.arrival_date).toBe(true);
    }
    expect(share((x) => x.birth_year >= 1985 && x.birth_year <= 2008)).toBeGreaterThan(0.75);
    expect(share((x) => x.gender === 'male')).toBeGreaterThan(0.7);
    expect(share((x) => x.gender === 'female')).toBeGreaterThan(0.08);
    expect(share((x) => x.vulnerabilities.includes('unaccompanied-minor') || x.vulnerabilities.includes('minor'))).toBeGreaterThan(0.03);
    expect(share((x) => x.mediator_needed)).toBeGreaterThan(0.6);
    expect(share((x) => x.status === 'closed')).toBeGreaterThan(0.08);
    expect(share((x) => x.status === 'closed')).toBeLessThan(0.22);
    // Closed cases are the older ones.
    const yearAgo = new Date(now.getTime() - 180 * DAY).toISOString().slice(0, 10);
    expect(all.filter((x) => x.status === 'closed').every((x) => x.arrival_date < yearAgo)).toBe(true);
    const countries = new Set(all.map((x) => x.country_of_origin));
    for (const c of ['BD', 'TN', 'EG', 'PK', 'CI', 'GN', 'ER', 'SD', 'AF', 'SY', 'NG', 'ML', 'GM', 'SO']) expect(countries).toContain(c);
    const languages = new Set(all.flatMap((x) => x.languages));
    for (const l of ['bn', 'ar', 'ur', 'fr', 'ti', 'ps', 'prs', 'en', 'so', 'bm', 'ff', 'wo']) expect(languages).toContain(l);
  });

  it('seals names, reasons, override reasons and notes, each opening only at its own place', async () => {
    const people = await db().select({ id: residents.id, nameSealed: residents.nameSealed }).from(residents);
    const named = people.filter((p) => p.nameSealed);
    expect(named.length / people.length).toBeGreaterThan(0.22);
    expect(named.length / people.length).toBeLessThan(0.38);
    for (const p of named) expect(cipher.open(p.nameSealed!, placeOf('care_residents', 'name_sealed', p.id))).toMatch(/^\p{L}[\p{L}\p{M}'’-]* \p{Lu}\.$/u);
    // Moved to another record, a sealed name does not open.
    expect(cipher.open(named[0]!.nameSealed!, placeOf('care_residents', 'name_sealed', named[1]!.id))).toBeNull();

    const refs = await db().select({ id: referrals.id, reasonSealed: referrals.reasonSealed, overrideReasonSealed: referrals.overrideReasonSealed }).from(referrals);
    for (const r of refs) {
      expect(r.reasonSealed.startsWith('c1.')).toBe(true);
      expect(cipher.open(r.reasonSealed, placeOf('care_referrals', 'reason_sealed', r.id))!.length).toBeGreaterThan(20);
      if (r.overrideReasonSealed) expect(cipher.open(r.overrideReasonSealed, placeOf('care_referrals', 'override_reason_sealed', r.id))!.length).toBeGreaterThan(20);
    }
    const notes = await db()
      .select({ id: referralEvents.id, noteSealed: referralEvents.noteSealed })
      .from(referralEvents)
      .where(sql`${referralEvents.noteSealed} IS NOT NULL`);
    expect(notes.length).toBeGreaterThan(5);
    for (const n of notes) expect(cipher.open(n.noteSealed!, placeOf('care_referral_events', 'note_sealed', String(n.id)))).toBeTruthy();
  });

  it('scores every screening from its answers with the demo instrument, in varied languages and modes', async () => {
    const [instrument] = await db().select().from(instruments).where(eq(instruments.code, 'ponte-wellbeing-demo'));
    const all = await db().select().from(screenings);
    const completed = all.filter((s) => s.status === 'completed');
    expect(completed.length / all.length).toBeGreaterThan(0.97);
    for (const s of completed) {
      expect(s.instrumentId).toBe(instrument!.id);
      const scored = scoreAnswers(instrument!.definition, openAnswers(careCipher(ctx.platform.config), s.id, s.answers));
      expect(scored.ok).toBe(true);
      expect({ score: s.score, band: s.band, aboveCutoff: s.aboveCutoff }).toEqual({ score: scored.score, band: scored.band!.code, aboveCutoff: scored.aboveCutoff });
      expect(s.completedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(s.startedAt.getTime()).toBeLessThan(s.completedAt!.getTime());
      expect(instrument!.definition.languages).toContain(s.language);
      expect(s.mediatorLanguage !== null).toBe(s.mode === 'operator-with-mediator');
    }
    const above = completed.filter((s) => s.aboveCutoff).length / completed.length;
    console.log(`above the cut-off: ${(above * 100).toFixed(1)}%`);
    expect(above).toBeGreaterThan(0.3);
    expect(above).toBeLessThan(0.4);
    expect(new Set(completed.map((s) => s.mode))).toEqual(new Set(['self', 'operator', 'operator-with-mediator']));
    const languages = new Set(completed.map((s) => s.language));
    expect(languages).toContain('ar');
    expect(languages).toContain('it');
    expect(languages).toContain('en');
    expect(completed.some((s) => s.language === 'ar' && s.mediatorLanguage === 'ar')).toBe(true);
    // Only with the resident's screening consent, given before.
    const missing = rows<{ n: number }>(
      await db().execute(sql`
        SELECT count(*)::int AS n FROM care_screenings s
        WHERE NOT EXISTS (SELECT 1 FROM care_consents c WHERE c.resident_id = s.resident_id AND c.purpose = 'screening' AND c.recorded_at <= s.started_at)`),
    )[0]!.n;
    expect(missing).toBe(0);
  });

  it('keeps every referral consistent with its history: statuses, times, targets, receivers and consent', async () => {
    const all = await db().select().from(referrals);
    const events = await db().select().from(referralEvents).orderBy(asc(referralEvents.at), asc(referralEvents.id));
    const byReferral = new Map<string, (typeof events)[number][]>();
    for (const e of events) byReferral.set(e.referralId, [...(byReferral.get(e.referralId) ?? []), e]);
    const consentRows = await db().select().from(consents);
    const consentById = new Map(consentRows.map((c) => [c.id, c]));
    const residentRows = await db().select().from(residents);
    const residentById = new Map(residentRows.map((r) => [r.id, r]));
    const orgs = new Map((await db().select().from(organisations)).map((o) => [o.id, o]));
    const services = new Map(
      rows<{ id: string; name: string; member: string }>(await db().execute(sql`SELECT s.id, s.name, o.member_organisation_id AS member FROM directory_services s JOIN directory_organizations o ON o.id = s.organization_id`)).map((s) => [s.id, s]),
    );
    const screeningById = new Map((await db().select().from(screenings)).map((s) => [s.id, s]));
    const reasons: Record<string, readonly string[]> = { rejected: REJECT_REASONS, cancelled: CANCEL_REASONS, failed: FAIL_REASONS, 'on-hold': HOLD_REASONS };
    const closed = ['rejected', 'cancelled', 'failed', 'completed'];
    const ms = (d: Date | null) => d?.getTime() ?? null;

    for (const r of all) {
      const history = byReferral.get(r.id)!;
      expect(history[0]).toMatchObject({ fromStatus: null, toStatus: 'draft', step: 'created', organisationId: r.fromOrganisationId });
      expect(history[1]).toMatchObject({ fromStatus: 'draft', toStatus: 'requested', organisationId: r.fromOrganisationId });
      // Each event starts where the one before ended; the last one is where the referral is.
      for (let i = 1; i < history.length; i++) {
        expect(history[i]!.fromStatus).toBe(history[i - 1]!.toStatus);
        expect(history[i]!.at.getTime()).toBeGreaterThan(history[i - 1]!.at.getTime());
        expect(history[i]!.organisationId).toBe(['created', 'sent', 'sent-without-consent', 'cancelled'].includes(history[i]!.step!) ? r.fromOrganisationId : r.toOrganisationId);
      }
      const last = history[history.length - 1]!;
      expect(r.status).toBe(last.toStatus);
      expect(last.at.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(r.createdAt.getTime()).toBe(history[0]!.at.getTime());
      expect(r.updatedAt.getTime()).toBe(last.at.getTime());
      expect(ms(r.requestedAt)).toBe(history[1]!.at.getTime());
      expect(ms(r.acceptedAt)).toBe(history.find((e) => e.step === 'accepted')?.at.getTime() ?? null);

      // Requested ≤ accepted ≤ first appointment; the target by urgency; closed when and only when it should be.
      expect(r.targetHours).toBe(DEFAULT_TARGET_HOURS[r.urgency]);
      expect(ms(r.dueAt)).toBe(r.requestedAt!.getTime() + r.targetHours * HOUR);
      if (r.acceptedAt) expect(r.acceptedAt.getTime()).toBeGreaterThanOrEqual(r.requestedAt!.getTime());
      if (r.firstAppointmentAt) {
        expect(r.acceptedAt).not.toBeNull();
        expect(r.firstAppointmentAt.getTime()).toBeGreaterThan(r.acceptedAt!.getTime());
      }
      if (closed.includes(r.status)) expect(ms(r.closedAt)).toBe(last.at.getTime());
      else expect(r.closedAt).toBeNull();
      if (reasons[r.status]) expect(reasons[r.status]).toContain(r.statusReason);
      if (r.status === 'completed') {
        expect(OUTCOMES as readonly string[]).toContain(r.outcome);
        expect(r.firstAppointmentAt).not.toBeNull();
      } else expect(r.outcome).toBeNull();

      // The appointment fields replay the appointment steps.
      let appointmentAt: number | null = null;
      let appointmentStatus: string | null = null;
      let first: number | null = null;
      let missed = false;
      for (const e of history) {
        if (e.step === 'appointment-scheduled' || e.step === 'appointment-rescheduled') {
          expect(e.step === 'appointment-rescheduled').toBe(appointmentStatus === 'scheduled');
          appointmentAt = ms(e.appointmentAt);
          appointmentStatus = 'scheduled';
        } else if (e.step === 'appointment-attended' || e.step === 'appointment-missed') {
          expect(appointmentStatus).toBe('scheduled');
          expect(ms(e.appointmentAt)).toBe(appointmentAt);
          expect(e.at.getTime()).toBeGreaterThan(appointmentAt!);
          appointmentStatus = e.step === 'appointment-attended' ? 'attended' : 'missed';
          if (appointmentStatus === 'attended') first ??= appointmentAt;
          else if (first === null) missed = true;
        }
      }
      expect({ appointmentAt: ms(r.appointmentAt), appointmentStatus: r.appointmentStatus, first: ms(r.firstAppointmentAt), missed: r.firstAppointmentMissed }).toEqual({ appointmentAt, appointmentStatus, first, missed });

      // From the resident's centre, in its region, to the organisation that runs the directory service.
      const resident = residentById.get(r.residentId)!;
      expect(r.fromOrganisationId).toBe(resident.organisationId);
      expect(r.regionId).toBe(orgs.get(r.fromOrganisationId)!.regionId);
      expect(orgs.get(r.toOrganisationId)!.typeCode).toBe('community-mental-health-centre');
      expect(orgs.get(r.toOrganisationId)!.regionId).toBe(r.regionId);
      const service = services.get(r.serviceId!)!;
      expect(service.name).toBe(r.serviceName);
      expect(service.member).toBe(r.toOrganisationId);
      if (r.screeningId) {
        const s = screeningById.get(r.screeningId)!;
        expect(s.residentId).toBe(r.residentId);
        expect(s.completedAt!.getTime()).toBeLessThan(r.createdAt.getTime());
      }
      // Consent to share with the receiver before sending, or an emergency override with its reason.
      if (r.consentId) {
        const c = consentById.get(r.consentId)!;
        expect(c).toMatchObject({ residentId: r.residentId, purpose: 'sharing', recipientOrganisationId: r.toOrganisationId });
        expect(c.recordedAt.getTime()).toBeLessThanOrEqual(r.requestedAt!.getTime());
        expect(r.overrideReasonSealed).toBeNull();
        expect(history[1]!.step).toBe('sent');
      } else {
        expect(r.urgency).toBe('emergency');
        expect(r.overrideReasonSealed).not.toBeNull();
        expect(history[1]!.step).toBe('sent-without-consent');
      }
      // A resident who left has nothing open.
      if (resident.status === 'closed') expect(closed).toContain(r.status);
    }

    const share = (f: (r: (typeof all)[number]) => boolean) => all.filter(f).length / all.length;
    console.log('urgency', { routine: share((r) => r.urgency === 'routine'), urgent: share((r) => r.urgency === 'urgent'), emergency: share((r) => r.urgency === 'emergency') });
    expect(share((r) => r.urgency === 'routine')).toBeGreaterThan(0.55);
    expect(share((r) => r.urgency === 'routine')).toBeLessThan(0.75);
    expect(share((r) => r.urgency === 'urgent')).toBeGreaterThan(0.2);
    expect(share((r) => r.urgency === 'emergency')).toBeGreaterThan(0.02);
    expect(share((r) => r.urgency === 'emergency')).toBeLessThan(0.1);
    const overrides = all.filter((r) => r.overrideReasonSealed).length;
    const pastTarget = all.filter((r) => !r.closedAt && !r.firstAppointmentAt && r.dueAt!.getTime() < now.getTime() && now.getTime() - r.requestedAt!.getTime() < 180 * DAY).length;
    console.log(`emergency overrides: ${overrides}; open past target, requested in the last 6 months: ${pastTarget}`);
    expect(overrides).toBeGreaterThanOrEqual(2);
    expect(overrides).toBeLessThanOrEqual(20);
    // Most referrals are accepted; some are declined, with the reasons the story needs.
    const decided = all.filter((r) => r.acceptedAt || r.status === 'rejected');
    expect(decided.filter((r) => r.acceptedAt).length / decided.length).toBeGreaterThan(0.85);
    const rejected = new Set(all.filter((r) => r.status === 'rejected').map((r) => r.statusReason));
    for (const reason of ['outside-catchment-area', 'capacity', 'incomplete-information']) expect(rejected).toContain(reason);
    // Every part of the life cycle is there: in the records' statuses, and in their histories.
    for (const status of ['requested', 'in-progress', 'completed', 'rejected', 'cancelled', 'failed']) expect(all.some((r) => r.status === status), status).toBe(true);
    for (const step of ['accepted', 'put-on-hold', 'resumed', 'appointment-rescheduled', 'appointment-missed', 'sent-without-consent']) expect(events.some((e) => e.step === step), step).toBe(true);
    // Open past target in the last months.
    expect(pastTarget).toBeGreaterThan(3);
    // Withdrawn consents, a few.
    const withdrawn = consentRows.filter((c) => c.withdrawnAt);
    expect(withdrawn.length).toBeGreaterThan(3);
    expect(withdrawn.length / consentRows.length).toBeLessThan(0.05);
    for (const c of withdrawn) expect(c.withdrawalChannel).not.toBeNull();
  });

  it('sends mediator requests to the region’s agency, booked more often as time goes on', async () => {
    const all = await db().select().from(mediatorRequests);
    const agencies = await db().select().from(mediatorRequestAgencies);
    const referralRows = new Map((await db().select().from(referrals)).map((r) => [r.id, r]));
    const orgs = new Map((await db().select().from(organisations)).map((o) => [o.id, o]));
    for (const m of all) {
      if (m.referralId) {
        const referral = referralRows.get(m.referralId)!;
        expect([referral.fromOrganisationId, referral.toOrganisationId]).toContain(m.requestingOrganisationId);
        expect(m.regionId).toBe(referral.regionId);
        expect(m.language).toBe(referral.mediatorLanguage);
      } else {
        // Asked by a centre for a screening planned after the seed.
        expect(orgs.get(m.requestingOrganisationId)!.regionId).toBe(m.regionId);
        expect(m.startsAt.getTime()).toBeGreaterThan(now.getTime());
        expect(m.place).toBe(orgs.get(m.requestingOrganisationId)!.name);
      }
      expect(m.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(m.createdAt.getTime()).toBeLessThan(m.startsAt.getTime());
      const sent = agencies.filter((a) => a.requestId === m.id);
      expect(sent.length).toBe(1);
      expect(orgs.get(sent[0]!.organisationId)).toMatchObject({ typeCode: 'mediator-agency', regionId: m.regionId });
      expect(sent[0]!.serviceId).not.toBeNull();
      if (m.status === 'booked') {
        expect(m.bookedOrganisationId).toBe(sent[0]!.organisationId);
        expect(m.mediatorName).toBeTruthy();
        expect(m.bookedAt!.getTime()).toBeGreaterThan(m.createdAt.getTime());
        expect(m.bookedAt!.getTime()).toBeLessThan(m.startsAt.getTime());
      } else if (m.status !== 'cancelled') {
        expect(m.bookedOrganisationId).toBeNull();
        expect(m.mediatorName).toBeNull();
      }
      if (m.status === 'open') expect(m.startsAt.getTime()).toBeGreaterThan(now.getTime());
    }
    const met = (from: number, to: number) => {
      const inWindow = all.filter((m) => m.status !== 'cancelled' && m.createdAt.getTime() >= now.getTime() - from * DAY && m.createdAt.getTime() < now.getTime() - to * DAY);
      return inWindow.filter((m) => m.status === 'booked').length / inWindow.length;
    };
    console.log(`mediator requests met: first year ${(met(730, 365) * 100).toFixed(0)}%, second year ${(met(365, 0) * 100).toFixed(0)}%`);
    expect(met(365, 0)).toBeGreaterThan(met(730, 365));
    for (const status of ['booked', 'unfilled']) expect(all.some((m) => m.status === status), status).toBe(true);
    // Agencies have requests coming up: waiting for an answer, or booked.
    const upcoming = all.filter((m) => m.startsAt.getTime() > now.getTime());
    console.log(`upcoming mediator requests: ${upcoming.length} (${upcoming.filter((m) => m.status === 'open').length} open)`);
    expect(upcoming.length).toBeGreaterThanOrEqual(3);
  });

  it('has residents, screenings and referrals in every region in every half-year', async () => {
    const cells = rows<{ region: string; half: number; residents: number; screenings: number; referrals: number }>(
      await db().execute(sql`
        WITH halves AS (SELECT g AS half, ${now}::timestamptz - make_interval(days => 730 - 182 * g) AS starts, ${now}::timestamptz - make_interval(days => 730 - 182 * (g + 1)) AS ends FROM generate_series(0, 3) g)
        SELECT g.code AS region, h.half,
          (SELECT count(*)::int FROM care_residents r JOIN organisations o ON o.id = r.organisation_id WHERE o.region_id = g.id AND r.arrival_date >= h.starts AND r.arrival_date < h.ends) AS residents,
          (SELECT count(*)::int FROM care_screenings s JOIN organisations o ON o.id = s.organisation_id WHERE o.region_id = g.id AND s.completed_at >= h.starts AND s.completed_at < h.ends) AS screenings,
          (SELECT count(*)::int FROM care_referrals f WHERE f.region_id = g.id AND f.requested_at >= h.starts AND f.requested_at < h.ends) AS referrals
        FROM regions g CROSS JOIN halves h WHERE g.code IN ('IT-62', 'IT-25', 'IT-72', 'IT-82') ORDER BY 1, 2`),
    );
    expect(cells.length).toBe(16);
    for (const c of cells) {
      expect(c.residents, `${c.region} ${c.half}`).toBeGreaterThan(20);
      expect(c.screenings, `${c.region} ${c.half}`).toBeGreaterThan(10);
      expect(c.referrals, `${c.region} ${c.half}`).toBeGreaterThan(5);
    }
  });

  it('tells a story: care starts sooner as the networks work, Lombardy fastest, Sicily slowest, Campania missing first appointments until mediators come', async () => {
    const all = await db().select().from(referrals);
    const days = (from: number, to: number, region?: string) =>
      all
        .filter((r) => r.firstAppointmentAt && (!region || r.regionId === regionIds[region]) && r.requestedAt!.getTime() >= now.getTime() - from * DAY && r.requestedAt!.getTime() < now.getTime() - to * DAY)
        .map((r) => (r.firstAppointmentAt!.getTime() - r.requestedAt!.getTime()) / DAY);
    const firstHalf = median(days(730, 548));
    const lastHalf = median(days(182, 0));
    console.log(`median days to first appointment: first 6 months ${firstHalf.toFixed(1)}, last 6 months ${lastHalf.toFixed(1)}`);
    expect(lastHalf).toBeLessThan(firstHalf);
    for (const region of Object.keys(regionIds)) expect(median(days(365, 0, region)), region).toBeLessThan(median(days(730, 365, region)));
    const byRegion = Object.fromEntries(Object.keys(regionIds).map((code) => [code, median(days(730, 0, code))]));
    console.log('median days by region', byRegion);
    expect(byRegion['IT-25']).toBeLessThan(byRegion['IT-62']!);
    expect(byRegion['IT-62']).toBeLessThan(byRegion['IT-82']!);
    expect(Math.max(...Object.values(byRegion))).toBe(byRegion['IT-82']);

    const missed = (region: string | null, from: number, to: number) => {
      const inWindow = all.filter((r) => (r.firstAppointmentAt || r.firstAppointmentMissed) && (!region || r.regionId === regionIds[region]) && r.requestedAt!.getTime() >= now.getTime() - from * DAY && r.requestedAt!.getTime() < now.getTime() - to * DAY);
      return inWindow.filter((r) => r.firstAppointmentMissed).length / inWindow.length;
    };
    console.log(`missed first appointments: Campania ${(missed('IT-72', 730, 365) * 100).toFixed(0)}% → ${(missed('IT-72', 365, 0) * 100).toFixed(0)}%, elsewhere ${(missed('IT-25', 730, 0) * 100).toFixed(0)}% (Lombardy)`);
    expect(missed('IT-72', 730, 365)).toBeGreaterThan(missed('IT-72', 365, 0));
    const elsewhere = all.filter((r) => (r.firstAppointmentAt || r.firstAppointmentMissed) && r.regionId !== regionIds['IT-72'] && r.requestedAt!.getTime() < now.getTime() - 365 * DAY);
    expect(missed('IT-72', 730, 365)).toBeGreaterThan(elsewhere.filter((r) => r.firstAppointmentMissed).length / elsewhere.length + 0.05);
  });

  it('shows the story in the indicators: by region and month, without suppressing the main figures', async () => {
    const byRegion = await computeIndicators(db(), { groupBy: 'region', now });
    if (!byRegion.ok) throw new Error(byRegion.error);
    const row = (code: string) => byRegion.rows.find((r) => r.key === regionIds[code])!;
    for (const code of Object.keys(regionIds)) {
      for (const cell of [row(code).residentsScreened, row(code).referrals, row(code).medianDaysToFirstAppointment, row(code).acceptanceRate, row(code).mediatorRequestsMetShare]) expect(cell.suppressed, code).toBe(false);
    }
    expect(row('IT-82').medianDaysToFirstAppointment.value!).toBeGreaterThan(row('IT-25').medianDaysToFirstAppointment.value!);
    expect(byRegion.total.acceptanceRate.value!).toBeGreaterThan(0.85);

    const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);
    const byMonth = await computeIndicators(db(), { groupBy: 'month', now, from: month(now.getTime() - 700 * DAY), to: month(now.getTime()) });
    if (!byMonth.ok) throw new Error(byMonth.error);
    console.log(byMonth.rows.map((r) => `${r.key}: screened ${r.residentsScreened.value ?? '<5'}, referrals ${r.referrals.value ?? '<5'}, median ${r.medianDaysToFirstAppointment.value ?? '–'} d, within target ${r.withinTargetShare.value === null ? '–' : Math.round(r.withinTargetShare.value * 100) + '%'}`).join('\n'));
    const medians = byMonth.rows.map((r) => r.medianDaysToFirstAppointment.value).filter((v): v is number => v !== null);
    expect(medians.length).toBeGreaterThan(18);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(medians.slice(-6))).toBeLessThan(mean(medians.slice(0, 6)));
  });
});
