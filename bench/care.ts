/**
 * The care pathway at scale: 500,000 referrals on PostgreSQL, the receiving service's inbox and the indicators.
 *
 *   npm run bench:care            (PostgreSQL at 127.0.0.1:5432, user postgres, trust authentication)
 *
 * It creates its own database (and drops it), seeds the demo content through Ponte's own code (the care demo
 * included: the four PsychCare regions, their reception centres, community mental-health centres and mediator
 * agencies, the demo instrument), then generates in bulk with SQL (INSERT … SELECT over generate_series), so that
 * the database holds BENCH_REFERRALS referrals (500,000, the demo's included) requested over the last 24 months:
 *
 *   - BENCH_INBOX_REFERRALS of them (100,000) in Lazio, all addressed to the Lazio CSM of the demo
 *     (DEMO_CARE.lazioService): the inbox measured; about 5 % of them still open (about 5,000). The others are spread
 *     over Lombardia, Campania and Sicilia, to the services the demo's referrals go to there, with more left open
 *     (so that about 15 % of all referrals are open).
 *   - Residents, about 0.8 per referral (a quarter of them referred twice), in the region's demo reception centres,
 *     with origin, language, need of a mediator, arrival before their first referral; one completed screening
 *     each (score, band and cut-off copied from the demo's screenings, without answers: sealed answers open only
 *     in their own row), a screening consent and a consent to share with the receiving organisation.
 *   - Referrals as referrals.ts leaves them: urgency (routine, urgent, emergency), the region's target hours,
 *     requested_at, due_at = requested_at + target hours, accepted_at, the appointment and its status,
 *     first_appointment_at (the first attended one), a missed first appointment for some, closed_at for the
 *     closed statuses (rejected, cancelled, failed, completed) with their reason or outcome. Waits follow the demo's
 *     story (each region's median falls over the two years); open referrals are mostly recent, a few forgotten.
 *   - Mediator requests for about 20 % of the referrals (accepted ones whose resident needs a mediator), sent to the
 *     region's demo agency: booked, unfilled, cancelled or open.
 *
 * Not generated: referral events and messages (neither the inbox nor the indicators read them: a generated
 * referral's page shows no history), and sealed texts: a generated referral's reason is the placeholder
 * "bench: not sealed" (the inbox and the indicators never open it). Then VACUUM ANALYZE.
 *
 * It times the dashboard's reads in-process (computeIndicators, and indicatorOrganisations: the organisation filter's
 * choices; the database's share of the page), then starts a real Ponte server (`ponte start`, one process,
 * production settings, request logs on, on PostgreSQL) and makes sessions as the sign-in route makes them: BENCH_CONNECTIONS clinicians (32) with the care-clinician role at the Lazio CSM and a
 * second factor set up (care roles need one), and a network coordinator. Then, with autocannon:
 *
 *   (a) the inbox, GET /care/services/:id/inbox: BENCH_CONNECTIONS connections, each a different clinician's
 *       session, making BENCH_INBOX_RATE requests per second (100) in all; the default filters (open referrals,
 *       soonest due first), filtered (urgency=urgent&overdue=yes), and page 5. Target: p95 < 50 ms, no errors. The
 *       rate is the stated load: with the connections as fast as they go, p95 measures the queue of 32 on two CPUs
 *       rather than the page, so that run (the most the machine serves) and one with one connection (the time one
 *       request takes) are shown for what they say, not judged. Reference in the same run, in alternating slices:
 *       GET /healthz with the same cookies and load (the per-request floor of a signed-in visitor).
 *   (b) the indicators dashboard, GET /care/indicators (default: the last 12 months by month, every region), with
 *       ?region=<Lazio> and with ?groupBy=region: each requested BENCH_DASHBOARD_RUNS times (10) one after another by
 *       the coordinator, after one unmeasured request (shown as "first"). Target: p95 < 300 ms, no errors.
 *       Reference: GET /care (the care home page) the same way.
 *
 * Environment: BENCH_PG (server URL, default postgres://postgres@127.0.0.1:5432/postgres), BENCH_REFERRALS (500000),
 * BENCH_INBOX_REFERRALS (100000, at most a fifth of BENCH_REFERRALS), BENCH_SECONDS (10 per scenario),
 * BENCH_CONNECTIONS (32), BENCH_INBOX_RATE (100), BENCH_DASHBOARD_RUNS (10), BENCH_EXPLAIN (1: print the EXPLAIN (ANALYZE, BUFFERS) plans of
 * the default dashboard's queries, the organisation choices' included), BENCH_KEEP (1: keep the database afterwards, to look at query plans; drop it by
 * hand).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type autocannon from 'autocannon';
import pino from 'pino';
import { alternating, benchSessions, createBenchDatabase, describeMachine, freePort, ms, peakRssMiB, percentile, root, secondsSince, sh, startPonte, stopPonte, waitFor, type Paced } from './lib.js';
import { seedDemo } from '../src/demo.js';
import { DEMO_CARE } from '../src/modules/care/demo.js';
import { indicatorOrganisations } from '../src/modules/care/indicator-routes.js';
import { computeIndicators, type IndicatorFilters } from '../src/modules/care/indicators.js';
import { DEFAULT_TARGET_HOURS, OPEN_STATUSES } from '../src/modules/care/referrals.js';
import { randomToken } from '../src/platform/auth/crypto.js';
import { createPlatform, shutdown } from '../src/platform/boot.js';
import { loadConfig } from '../src/platform/config.js';
import type { Db } from '../src/platform/db/index.js';
import { COOKIE_NAMES } from '../src/platform/http/app.js';
import * as schema from '../src/schema.js';

const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 500_000);
const INBOX_REFERRALS = Math.min(Number(process.env.BENCH_INBOX_REFERRALS ?? 100_000), Math.floor(REFERRALS / 5));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const INBOX_RATE = Number(process.env.BENCH_INBOX_RATE ?? 100);
const DASHBOARD_RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 10);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const WARMUP_SECONDS = 2;
const SLICES = 5;
/** Share of all referrals still open, and of the measured inbox's. */
const OPEN_SHARE = 0.15;
const INBOX_OPEN_SHARE = 0.05;
const TARGET_INBOX_P95_MS = 50;
const TARGET_DASHBOARD_P95_MS = 300;

const thousands = (v: number | string) => Number(v).toLocaleString('en');

/** The demo regions in the order the generator numbers them (k), Lazio first; the demo's routine waits (demo.ts). */
const REGIONS = [
  { code: 'IT-62', prefix: 'LZ', days: [46, 13], reject: 0.06 },
  { code: 'IT-25', prefix: 'LO', days: [30, 9], reject: 0.055 },
  { code: 'IT-72', prefix: 'CA', days: [50, 16], reject: 0.065 },
  { code: 'IT-82', prefix: 'SI', days: [72, 22], reject: 0.09 },
] as const;

/** Origins (weighted by repetition) and the language each resident speaks first. */
const ORIGINS = ['BD', 'BD', 'TN', 'TN', 'EG', 'PK', 'SY', 'GN', 'CI', 'ER', 'SD', 'AF', 'NG', 'NG', 'ML', 'GM', 'SO', 'SN', 'GH', 'CM'];
const LANGUAGES = ['bn', 'bn', 'ar', 'ar', 'ar', 'ur', 'ar', 'fr', 'fr', 'ti', 'ar', 'ps', 'en', 'en', 'bm', 'wo', 'so', 'wo', 'ak', 'fr'];
const sqlList = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(', ')}]`;

/** The demo content, through the platform's own code. */
async function seedContent(databaseUrl: string, dataDir: string, secret: string, careKeys: string) {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, SECRET_KEY: secret, CARE_DATA_KEYS: careKeys, LOG_LEVEL: 'warn' });
  const p = await createPlatform(config, { log: pino({ level: 'warn' }) });
  try {
    await seedDemo(p);
  } finally {
    await shutdown(p);
  }
}

/** Residents, screenings, consents, referrals and mediator requests in bulk; returns the Lazio CSM's and Lazio's ids. */
async function generate(client: pg.Client): Promise<{ inboxOrganisation: string; lazio: string }> {
  const step = async (label: string, text: string, params: unknown[] = []) => {
    const t = Date.now();
    const r = await client.query(text, params);
    console.log(`  ${label}: ${thousands(r.rowCount ?? 0)} rows, ${secondsSince(t)}`);
  };
  const one = async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows[0] as T;
  await client.query('SELECT setseed(0.2026)');
  const now = `'${new Date().toISOString()}'::timestamptz`;

  // What the demo made: the regions' centres, the services their referrals go to, their agencies and targets.
  const inboxOrganisation = (await one<{ id: string } | undefined>('SELECT id FROM organisations WHERE name = $1', [DEMO_CARE.lazioService]))?.id;
  if (!inboxOrganisation) throw new Error(`the demo has no organisation named ${DEMO_CARE.lazioService}`);
  const demo = await one<{ referrals: number; lazio: number }>(`SELECT count(*)::int AS referrals, count(*) FILTER (WHERE to_organisation_id = $1)::int AS lazio FROM care_referrals`, [inboxOrganisation]);
  const toGenerate = REFERRALS - demo.referrals;
  const inboxToGenerate = INBOX_REFERRALS - demo.lazio;
  if (toGenerate <= inboxToGenerate || inboxToGenerate <= 0) throw new Error(`BENCH_REFERRALS (${REFERRALS}) is too small: the demo already has ${demo.referrals} referrals`);
  const otherOpenShare = Math.max(0, Math.min(0.9, (OPEN_SHARE * REFERRALS - INBOX_OPEN_SHARE * INBOX_REFERRALS) / (REFERRALS - INBOX_REFERRALS)));

  await client.query(`CREATE TEMP TABLE bench_regions (k int PRIMARY KEY, region_id uuid, prefix text, centres uuid[], targets int[], days_start float8, days_end float8, reject float8, open_share float8, agency uuid, agency_service uuid, services int)`);
  await client.query(`CREATE TEMP TABLE bench_services (k int, n int, to_org uuid, service_id uuid, service_name text)`);
  let lazio = '';
  for (const [k, r] of REGIONS.entries()) {
    const region = await one<{ id: string } | undefined>(`SELECT id FROM regions WHERE country = 'IT' AND code = $1`, [r.code]);
    if (!region) throw new Error(`the demo has no region ${r.code}`);
    if (k === 0) lazio = region.id;
    const centres = await one<{ ids: string[] | null }>(`SELECT array_agg(DISTINCT res.organisation_id ORDER BY res.organisation_id) AS ids FROM care_residents res JOIN organisations o ON o.id = res.organisation_id WHERE o.region_id = $1`, [region.id]);
    const targets = (await client.query<{ urgency: string; target_hours: number }>('SELECT urgency, target_hours FROM care_urgency_targets WHERE region_id = $1', [region.id])).rows;
    const hours = (['routine', 'urgent', 'emergency'] as const).map((u) => targets.find((t) => t.urgency === u)?.target_hours ?? DEFAULT_TARGET_HOURS[u]);
    const agency = await one<{ org: string; service: string | null } | undefined>(
      `SELECT a.organisation_id AS org, (array_agg(a.service_id ORDER BY a.service_id) FILTER (WHERE a.service_id IS NOT NULL))[1] AS service
       FROM care_mediator_requests m JOIN care_mediator_request_agencies a ON a.request_id = m.id WHERE m.region_id = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      [region.id],
    );
    const services = await client.query(
      `INSERT INTO bench_services SELECT $1, row_number() OVER (ORDER BY service_name, service_id) - 1, to_organisation_id, service_id, service_name
       FROM (SELECT DISTINCT to_organisation_id, service_id, service_name FROM care_referrals WHERE region_id = $2 AND requested_at IS NOT NULL AND ($3::uuid IS NULL OR to_organisation_id = $3)) s`,
      [k, region.id, k === 0 ? inboxOrganisation : null],
    );
    if (!centres.ids?.length || !services.rowCount) throw new Error(`the care demo has no residents or referrals in ${r.code}${k === 0 ? ` to ${DEMO_CARE.lazioService}` : ''}`);
    await client.query(`INSERT INTO bench_regions VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, [
      k,
      region.id,
      r.prefix,
      centres.ids,
      hours,
      r.days[0],
      r.days[1],
      r.reject,
      k === 0 ? INBOX_OPEN_SHARE : otherOpenShare,
      agency?.org ?? null,
      agency?.service ?? null,
      services.rowCount,
    ]);
  }
  await client.query(`CREATE TEMP TABLE bench_templates AS SELECT row_number() OVER (ORDER BY id) AS n, instrument_id, language, mode, mediator_language, score, band, above_cutoff FROM care_screenings WHERE status = 'completed'`);
  const templates = (await one<{ n: number }>('SELECT count(*)::int AS n FROM bench_templates')).n;
  if (!templates) throw new Error('the care demo has no completed screenings');

  // Per-resident draws that several statements need alike: a hash of the resident's number, not random().
  await client.query(`CREATE FUNCTION pg_temp.h(bigint, int) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT (hashint8($1 * 1000 + $2) & 2147483647)::float8 / 2147483648 $$`);
  await client.query(`CREATE FUNCTION pg_temp.origin(bigint) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 1 + floor(pg_temp.h($1, 5) * ${ORIGINS.length})::int $$`);
  await client.query(`CREATE FUNCTION pg_temp.lang(bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT (${sqlList(LANGUAGES)})[pg_temp.origin($1)] $$`);
  await client.query(`CREATE FUNCTION pg_temp.mediator(bigint) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT pg_temp.h($1, 6) < CASE WHEN pg_temp.lang($1) IN ('en', 'fr') THEN 0.35 ELSE 0.92 END $$`);

  // Referral i belongs to resident j = ceil(0.8 i): one resident in four has two referrals. Residents up to
  // ceil(0.8 × the inbox's share) are Lazio's (all to the Lazio CSM); the others go round the three other regions.
  // Each referral's life is drawn here once, as transition() would have left it, so that its columns agree.
  const lazioResidents = Math.ceil(0.8 * inboxToGenerate);
  await step(
    'plan',
    `CREATE TEMP TABLE bench_plan AS
     WITH d AS (
       SELECT i, j, CASE WHEN j <= ${lazioResidents} THEN 0 ELSE 1 + j % 3 END AS k,
              random() AS u_urg, random() AS u_open, random() AS u_time, random() AS u_z1a, random() AS u_z1b, random() AS u_z2a, random() AS u_z2b,
              random() AS u_out, random() AS u_miss, random() AS u_st, random() AS u_a, random() AS u_b, random() AS u_c
       FROM (SELECT i, ceil(i * 0.8)::int AS j FROM generate_series(1, ${toGenerate}) AS i) s
     )
     SELECT d.i, d.j, d.k, g.region_id, g.prefix, g.agency, g.agency_service,
            g.centres[1 + floor(pg_temp.h(d.j, 1) * cardinality(g.centres))::int] AS from_org, sv.to_org, sv.service_id, sv.service_name,
            a.urgency, a.target_hours, f.status, r.requested_at,
            r.requested_at + a.target_hours * interval '1 hour' AS due_at,
            r.requested_at - CASE WHEN a.urgency = 'routine' THEN 20 + 1540 * d.u_a ELSE 5 + 35 * d.u_a END * interval '1 minute' AS created_at,
            CASE WHEN f.status IN ('requested', 'rejected') THEN NULL ELSE r.requested_at + b.decision * interval '1 day' END AS accepted_at,
            CASE f.status WHEN 'failed' THEN r.requested_at + b.w0 * interval '1 day' WHEN 'completed' THEN r.requested_at + b.w * interval '1 day'
                          WHEN 'in-progress' THEN r.requested_at + b.w0 * interval '1 day' END AS appointment_at,
            CASE f.status WHEN 'failed' THEN 'missed' WHEN 'completed' THEN 'attended'
                          WHEN 'in-progress' THEN CASE WHEN r.requested_at + b.w0 * interval '1 day' < ${now} - interval '4 hours' THEN 'attended' ELSE 'scheduled' END END AS appointment_status,
            CASE WHEN f.status = 'completed' THEN r.requested_at + b.w * interval '1 day'
                 WHEN f.status = 'in-progress' AND r.requested_at + b.w0 * interval '1 day' < ${now} - interval '4 hours' THEN r.requested_at + b.w0 * interval '1 day' END AS first_appointment_at,
            CASE f.status WHEN 'failed' THEN true WHEN 'completed' THEN b.missed_first ELSE false END AS first_appointment_missed,
            CASE WHEN f.status IN ('rejected', 'cancelled', 'failed', 'completed') THEN r.requested_at + c.span * interval '1 day' END AS closed_at,
            CASE f.status
              WHEN 'rejected' THEN (ARRAY['outside-catchment-area', 'outside-catchment-area', 'capacity', 'incomplete-information', 'service-not-appropriate'])[1 + floor(d.u_b * 5)::int]
              WHEN 'cancelled' THEN (ARRAY['resident-moved', 'resident-declined', 'no-longer-needed', 'referred-elsewhere'])[1 + floor(d.u_b * 4)::int]
              WHEN 'failed' THEN CASE WHEN d.u_b < 0.6 THEN 'repeated-missed-appointments' ELSE 'unreachable' END
              WHEN 'on-hold' THEN (ARRAY['resident-unavailable', 'resident-unavailable', 'awaiting-mediator', 'awaiting-information', 'resident-hospitalised'])[1 + floor(d.u_b * 5)::int]
            END AS status_reason,
            CASE WHEN f.status = 'completed' THEN CASE WHEN d.u_c < 0.78 THEN 'taken-in-charge' WHEN d.u_c < 0.91 THEN 'referred-onwards' ELSE 'assessed-no-follow-up-needed' END END AS outcome
     FROM d
     JOIN bench_regions g ON g.k = d.k
     JOIN bench_services sv ON sv.k = d.k AND sv.n = floor(pg_temp.h(d.j, 2) * g.services)::int
     CROSS JOIN LATERAL (
       SELECT u.urgency, g.targets[CASE u.urgency WHEN 'routine' THEN 1 WHEN 'urgent' THEN 2 ELSE 3 END] AS target_hours,
              d.u_open < g.open_share AS open,
              -- Open referrals are mostly recent (a month on average, a few forgotten); closed ones, any time in the two years.
              CASE WHEN d.u_open < g.open_share THEN least(700, -ln(1 - d.u_time) * 30) ELSE d.u_time * 730 END AS age,
              sqrt(-2 * ln(1 - d.u_z1a)) * cos(2 * pi() * d.u_z1b) AS z1,
              sqrt(-2 * ln(1 - d.u_z2a)) * cos(2 * pi() * d.u_z2b) AS z2
       FROM (SELECT CASE WHEN d.u_urg < 0.62 THEN 'routine' WHEN d.u_urg < 0.94 THEN 'urgent' ELSE 'emergency' END AS urgency) u
     ) a
     CROSS JOIN LATERAL (
       -- Days to the first appointment (w0), the region's median falling over the two years; a missed first one adds
       -- one to three weeks (w); days to the service's decision.
       SELECT x.w0, x.w0 + CASE WHEN d.u_miss < 0.08 THEN 7 + 14 * d.u_miss / 0.08 ELSE 0 END AS w, d.u_miss < 0.08 AS missed_first,
              CASE a.urgency WHEN 'routine' THEN least(x.w0 * 0.5, greatest(0.1, (7 - 5 * (1 - a.age / 730)) * exp(0.5 * a.z2)))
                             WHEN 'urgent' THEN least(x.w0 * 0.5, 0.1 + 1.4 * d.u_a) ELSE 0.02 + 0.1 * d.u_a END AS decision
       FROM (SELECT CASE a.urgency
                      WHEN 'routine' THEN least(150, greatest(3, (g.days_start + (g.days_end - g.days_start) * (1 - a.age / 730)) * exp(0.35 * a.z1)))
                      WHEN 'urgent' THEN least(40, greatest(1, (g.days_start + (g.days_end - g.days_start) * (1 - a.age / 730)) * 0.22 * exp(0.4 * a.z1)))
                      ELSE 0.15 + 1.15 * d.u_a END AS w0) x
     ) b
     CROSS JOIN LATERAL (
       SELECT k.kind, CASE k.kind WHEN 'rejected' THEN b.decision WHEN 'cancelled' THEN b.decision + 2 + 13 * d.u_b WHEN 'failed' THEN b.w0 + 3 + 7 * d.u_b
                                  WHEN 'completed' THEN b.w + CASE WHEN d.u_b < 0.12 THEN 2 * d.u_b / 0.12 ELSE 14 + 61 * d.u_b END ELSE 0 END AS span
       FROM (SELECT CASE WHEN a.open THEN CASE WHEN d.u_st < 0.35 THEN 'requested' WHEN d.u_st < 0.55 THEN 'accepted' WHEN d.u_st < 0.95 THEN 'in-progress' ELSE 'on-hold' END
                         WHEN d.u_out < g.reject AND a.urgency <> 'emergency' THEN 'rejected'
                         WHEN d.u_out < g.reject + 0.04 THEN 'cancelled'
                         WHEN d.u_out < g.reject + 0.10 THEN 'failed'
                         ELSE 'completed' END AS kind) k
     ) c
     -- A closed referral closed before now: its request moves back as far as its life needs.
     CROSS JOIN LATERAL (
       SELECT CASE WHEN a.open THEN ${now} - a.age * interval '1 day' ELSE least(${now} - a.age * interval '1 day', ${now} - (c.span + 0.05) * interval '1 day') END AS requested_at
     ) r
     -- An open referral the service could not have accepted yet is still requested.
     CROSS JOIN LATERAL (
       SELECT CASE WHEN c.kind IN ('accepted', 'in-progress', 'on-hold') AND r.requested_at + b.decision * interval '1 day' > ${now} - interval '5 minutes' THEN 'requested' ELSE c.kind END AS status
     ) f`,
  );
  await step(
    'residents',
    `INSERT INTO care_residents (id, organisation_id, case_code, birth_year, gender, country_of_origin, languages, mediator_needed, arrival_date, vulnerabilities, status, closed_on, created_at, updated_at)
     SELECT md5('bench-resident-' || x.j)::uuid, x.from_org, x.prefix || '-B' || lpad(x.j::text, 7, '0'),
            extract(year FROM x.first)::int - 18 - floor(pg_temp.h(x.j, 3) * 30)::int,
            CASE WHEN pg_temp.h(x.j, 4) < 0.8 THEN 'male' WHEN pg_temp.h(x.j, 4) < 0.97 THEN 'female' WHEN pg_temp.h(x.j, 4) < 0.99 THEN 'undisclosed' ELSE 'other' END,
            (${sqlList(ORIGINS)})[pg_temp.origin(x.j)], ARRAY[pg_temp.lang(x.j)], pg_temp.mediator(x.j), (x.first - (5 + 55 * pg_temp.h(x.j, 7)) * interval '1 day')::date,
            CASE WHEN pg_temp.h(x.j, 8) < 0.12 THEN '["torture-violence"]' WHEN pg_temp.h(x.j, 8) < 0.16 THEN '["serious-illness"]' ELSE '[]' END,
            CASE WHEN z.closed THEN 'closed' ELSE 'open' END, CASE WHEN z.closed THEN (x.last + interval '30 days')::date END,
            x.first - (4 + 55 * pg_temp.h(x.j, 7)) * interval '1 day', CASE WHEN z.closed THEN x.last + interval '30 days' ELSE x.first END
     FROM (SELECT j, from_org, prefix, min(requested_at) AS first, max(closed_at) AS last, bool_and(closed_at IS NOT NULL) AS all_closed FROM bench_plan GROUP BY j, from_org, prefix) x,
          LATERAL (SELECT x.all_closed AND x.last < ${now} - interval '90 days' AND pg_temp.h(x.j, 9) < 0.5 AS closed) z`,
  );
  await step(
    'screenings',
    `INSERT INTO care_screenings (id, resident_id, organisation_id, instrument_id, language, mode, mediator_language, answers, status, score, band, above_cutoff, started_at, completed_at)
     SELECT md5('bench-screening-' || x.j)::uuid, md5('bench-resident-' || x.j)::uuid, x.from_org, t.instrument_id, t.language, t.mode, t.mediator_language, '{}', 'completed',
            t.score, t.band, t.above_cutoff, x.at - interval '25 minutes', x.at
     FROM (SELECT j, from_org, min(requested_at) - (1.2 + 3.8 * pg_temp.h(j, 10)) * interval '1 day' AS at FROM bench_plan GROUP BY j, from_org) x
     JOIN bench_templates t ON t.n = 1 + x.j % ${templates}`,
  );
  await step(
    'consents (screening, sharing)',
    `INSERT INTO care_consents (id, resident_id, purpose, recipient_organisation_id, given_on, language, mediator_present, recorded_at)
     SELECT md5('bench-consent-' || v.purpose || '-' || x.j)::uuid, md5('bench-resident-' || x.j)::uuid, v.purpose, CASE WHEN v.purpose = 'sharing' THEN x.to_org END,
            (x.first - v.before)::date, pg_temp.lang(x.j), pg_temp.mediator(x.j), x.first - v.before
     FROM (SELECT j, to_org, min(created_at) AS first FROM bench_plan GROUP BY j, to_org) x
     CROSS JOIN (VALUES ('screening', interval '6 days'), ('sharing', interval '10 minutes')) AS v(purpose, before)`,
  );
  await step(
    'referrals',
    `INSERT INTO care_referrals (id, resident_id, from_organisation_id, region_id, service_id, service_name, to_organisation_id, urgency, target_hours, reason_sealed, screening_id,
                                 mediator_language, consent_id, status, status_reason, outcome, appointment_at, appointment_status, requested_at, due_at, accepted_at,
                                 first_appointment_at, first_appointment_missed, closed_at, created_by, created_at, updated_at)
     SELECT md5('bench-referral-' || i)::uuid, md5('bench-resident-' || j)::uuid, from_org, region_id, service_id, service_name, to_org, urgency, target_hours, 'bench: not sealed',
            CASE WHEN pg_temp.h(i, 11) < 0.88 THEN md5('bench-screening-' || j)::uuid END, CASE WHEN pg_temp.mediator(j) THEN pg_temp.lang(j) END,
            md5('bench-consent-sharing-' || j)::uuid, status, status_reason, outcome, appointment_at, appointment_status, requested_at, due_at, accepted_at,
            first_appointment_at, first_appointment_missed, closed_at, NULL, created_at, least(${now}, greatest(requested_at, accepted_at, first_appointment_at, closed_at))
     FROM bench_plan`,
  );
  // Asked for accepted referrals whose resident needs a mediator (three in ten of them, about a fifth of all).
  await step(
    'mediator requests',
    `INSERT INTO care_mediator_requests (id, referral_id, requesting_organisation_id, region_id, language, starts_at, duration_minutes, place, status, booked_organisation_id, mediator_name, booked_by, booked_at, created_by, created_at)
     SELECT md5('bench-mediator-' || p.i)::uuid, md5('bench-referral-' || p.i)::uuid, CASE WHEN pg_temp.h(p.i, 12) < 0.7 THEN p.to_org ELSE p.from_org END, p.region_id,
            pg_temp.lang(p.j), s.starts_at, 60, p.service_name, s.status, CASE WHEN s.status = 'booked' THEN p.agency END,
            CASE WHEN s.status = 'booked' THEN 'MED-' || lpad((1 + p.i % 80)::text, 3, '0') END, NULL,
            CASE WHEN s.status = 'booked' THEN greatest(m.created_at + interval '1 minute', least(${now} - interval '1 minute', s.starts_at - interval '15 minutes', m.created_at + (1 + 47 * pg_temp.h(p.i, 14)) * interval '1 hour')) END,
            NULL, m.created_at
     FROM bench_plan p,
          -- Asked after the acceptance, before the appointment (and before now).
          LATERAL (SELECT greatest(p.accepted_at + interval '1 minute', least(${now} - interval '2 minutes', coalesce(p.appointment_at, 'infinity') - interval '30 minutes',
                                                                         p.accepted_at + (10 + 1430 * pg_temp.h(p.i, 13)) * interval '1 minute')) AS created_at) m,
          LATERAL (SELECT coalesce(p.appointment_at, greatest(p.requested_at + interval '7 days', m.created_at + interval '1 day')) AS starts_at) st,
          LATERAL (SELECT st.starts_at,
                          CASE WHEN p.status = 'cancelled' THEN 'cancelled'
                               WHEN st.starts_at > ${now} THEN CASE WHEN pg_temp.h(p.i, 15) < 0.6 THEN 'booked' ELSE 'open' END
                               WHEN p.appointment_status = 'missed' THEN CASE WHEN pg_temp.h(p.i, 15) < 0.5 THEN 'unfilled' ELSE 'booked' END
                               ELSE CASE WHEN pg_temp.h(p.i, 15) < 0.85 THEN 'booked' ELSE 'unfilled' END END AS status) s
     WHERE p.accepted_at IS NOT NULL AND p.agency IS NOT NULL AND pg_temp.mediator(p.j) AND pg_temp.h(p.i, 16) < 0.3`,
  );
  await step(
    'mediator request agencies',
    `INSERT INTO care_mediator_request_agencies (request_id, organisation_id, service_id, declined_at)
     SELECT m.id, p.agency, p.agency_service, CASE WHEN m.status = 'unfilled' THEN least(${now} - interval '1 minute', m.created_at + interval '1 day') END
     FROM bench_plan p JOIN care_mediator_requests m ON m.id = md5('bench-mediator-' || p.i)::uuid`,
  );
  const t = Date.now();
  await client.query('VACUUM ANALYZE');
  console.log(`  vacuum analyze: ${secondsSince(t)}`);
  return { inboxOrganisation, lazio };
}

/** A database handle that remembers the statements it ran (for EXPLAIN). */
function loggedDb(pool: pg.Pool) {
  const statements: { query: string; params: unknown[] }[] = [];
  const db = drizzle({ client: pool, schema, logger: { logQuery: (query, params) => void statements.push({ query, params }) } }) as unknown as Db;
  return { db, statements };
}

/**
 * Users with a privileged role at an organisation (so with a second factor set up, as those roles require) and a
 * live session each (as the sign-in route makes them, after the second factor); their tokens.
 */
async function signedIn(client: pg.Client, emails: string[], role: string, organisationId: string | null): Promise<string[]> {
  await client.query(
    `INSERT INTO users (email, name, locale, email_verified_at, totp_enabled_at)
     SELECT e, 'Bench ' || split_part(e, '@', 1), 'it', now(), now() FROM unnest($1::text[]) AS e`,
    [emails],
  );
  await client.query(`INSERT INTO role_assignments (user_id, role, organisation_id) SELECT u.id, $2, $3 FROM users u WHERE u.email = ANY($1::text[])`, [emails, role, organisationId]);
  return benchSessions(client, emails);
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'ponte-bench-care-'));
  const database = await createBenchDatabase('ponte_bench_care');
  const secret = randomBytes(32).toString('hex');
  // Production requires its own care data key; the seed uses the same one, so the demo's sealed texts open.
  const careKeys = `bench:${randomBytes(32).toString('base64')}`;
  const cookieNames = COOKIE_NAMES(true);
  let ponte: ReturnType<typeof startPonte> | undefined;
  const client = new pg.Client({ connectionString: database.url });
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  try {
    const started = Date.now();
    console.log(`Load average at the start: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    console.log('Seeding the demo content…');
    await seedContent(database.url, join(dir, 'data'), secret, careKeys);
    console.log(`Generating up to ${thousands(REFERRALS)} referrals (${thousands(INBOX_REFERRALS)} to ${DEMO_CARE.lazioService})…`);
    await client.connect();
    const generating = Date.now();
    const { inboxOrganisation, lazio } = await generate(client);
    const open = `status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;
    const counts = (
      await client.query<Record<string, string>>(
        `SELECT (SELECT count(*) FROM care_referrals) AS referrals, (SELECT count(*) FROM care_referrals WHERE ${open}) AS open,
                (SELECT count(*) FROM care_referrals WHERE to_organisation_id = $1) AS inbox, (SELECT count(*) FROM care_referrals WHERE to_organisation_id = $1 AND ${open}) AS inbox_open,
                (SELECT count(*) FROM care_referrals WHERE to_organisation_id = $1 AND ${open} AND urgency = 'urgent' AND due_at < now() AND first_appointment_at IS NULL AND closed_at IS NULL) AS inbox_urgent_overdue,
                (SELECT count(*) FROM care_referrals WHERE requested_at >= date_trunc('month', now()) - interval '11 months') AS last_12_months,
                (SELECT count(*) FROM care_residents) AS residents, (SELECT count(*) FROM care_screenings WHERE status = 'completed') AS screenings,
                (SELECT count(*) FROM care_consents) AS consents, (SELECT count(*) FROM care_mediator_requests) AS mediator_requests,
                pg_size_pretty(pg_database_size(current_database())) AS size`,
        [inboxOrganisation],
      )
    ).rows[0]!;
    const generation = secondsSince(generating);
    console.log(`Generated in ${generation} (${secondsSince(started)} with the demo content): ${JSON.stringify(counts)}`);

    // The dashboard's queries in-process: the database's share of each page, one at a time.
    const thisMonth = new Date().toISOString().slice(0, 7);
    const [y, m] = thisMonth.split('-').map(Number) as [number, number];
    const yearAgo = `${m === 12 ? y : y - 1}-${String((m % 12) + 1).padStart(2, '0')}`;
    const dashboards: { name: string; query: string; filters: IndicatorFilters }[] = [
      { name: 'dashboard, default (last 12 months by month, every region)', query: '', filters: { from: yearAgo, to: thisMonth, groupBy: 'month' } },
      { name: 'dashboard, Lazio (by month)', query: `?region=${lazio}`, filters: { regionId: lazio, from: yearAgo, to: thisMonth, groupBy: 'month' } },
      { name: 'dashboard, by region', query: '?groupBy=region', filters: { from: yearAgo, to: thisMonth, groupBy: 'region' } },
    ];
    const { db, statements } = loggedDb(pool);
    const inProcess = new Map<string, { p50: number; p95: number }>();
    for (const d of dashboards) {
      const table = await computeIndicators(db, d.filters);
      if (!table.ok) throw new Error(`${d.name}: ${table.error}`);
      const times: number[] = [];
      for (let i = 0; i < DASHBOARD_RUNS; i++) {
        const t = performance.now();
        await computeIndicators(db, d.filters);
        times.push(performance.now() - t);
      }
      inProcess.set(d.name, { p50: percentile(times, 50), p95: percentile(times, 95) });
      console.log(`computeIndicators in-process, ${d.name}: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))} (${table.rows.length} rows)`);
    }
    // Every dashboard request also lists the organisations its filter offers (indicator-routes.ts).
    const choices: number[] = [];
    for (let i = 0; i < Math.min(3, DASHBOARD_RUNS); i++) {
      const t = performance.now();
      await indicatorOrganisations(db);
      choices.push(performance.now() - t);
    }
    console.log(`indicatorOrganisations in-process (the organisation filter's choices, on every dashboard request): p50 ${ms(percentile(choices, 50))} (${choices.length} runs)`);
    if (EXPLAIN) {
      console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the default dashboard's queries (each alone, work_mem as computeIndicators sets it):`);
      statements.length = 0;
      await indicatorOrganisations(db);
      await computeIndicators(db, dashboards[0]!.filters);
      for (const s of statements.filter((x) => !/^\s*(set local|begin|commit|rollback)/i.test(x.query))) {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          await c.query(`SET LOCAL work_mem = '32MB'`);
          const plan = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.query}`, s.params as unknown[]);
          console.log(`\n${s.query.replace(/\s+/g, ' ').trim()}\n  params: ${JSON.stringify(s.params)}`);
          for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
        } finally {
          await c.query('ROLLBACK');
          c.release();
        }
      }
    }

    const host = `http://127.0.0.1:${await freePort()}`;
    const log = openSync(join(dir, 'ponte.log'), 'a');
    ponte = startPonte({
      args: ['--no-demo'],
      env: { SECRET_KEY: secret, CARE_DATA_KEYS: careKeys, DATABASE_URL: database.url, DATA_DIR: join(dir, 'data'), HOST: '127.0.0.1', PORT: new URL(host).port, PONTE_ROLE: 'all', LOG_LEVEL: 'info' },
      output: log,
    });
    await waitFor(`${host}/readyz`, ponte);

    // Clinicians of the Lazio CSM, each with a second factor set up (care roles require one), and a coordinator.
    const clinicians = await signedIn(client, Array.from({ length: CONNECTIONS }, (_, c) => `clinician${c + 1}@bench.example`), 'care-clinician', inboxOrganisation);
    const [coordinator] = await signedIn(client, ['coordinator@bench.example'], 'network-coordinator', inboxOrganisation);
    const csrf = randomToken();
    const cookie = (token: string) => `${cookieNames.session}=${token}; ${cookieNames.csrf}=${csrf}`;
    const inbox = `/care/services/${inboxOrganisation}/inbox`;
    const inboxes = [
      { name: 'inbox, default (open, soonest due first)', path: inbox },
      { name: 'inbox, urgent and overdue', path: `${inbox}?urgency=urgent&overdue=yes` },
      { name: 'inbox, page 5', path: `${inbox}?page=5` },
    ];

    // Every request of the load must be what it claims: a 200 page with referrals on it, for a signed-in user.
    for (const x of inboxes) {
      const res = await fetch(`${host}${x.path}`, { headers: { cookie: cookie(clinicians[0]!) }, redirect: 'manual' });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${x.path}: ${res.status} ${res.headers.get('location') ?? ''}`);
      if (!/LZ-/.test(body)) throw new Error(`${x.path}: no referral on the page`);
    }
    for (const path of [...dashboards.map((d) => `/care/indicators${d.query}`), '/care']) {
      const res = await fetch(`${host}${path}`, { headers: { cookie: cookie(coordinator!) }, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.headers.get('location') ?? ''}`);
    }

    const machine = await describeMachine(database.admin);
    const dirty = sh('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']) ? ' with uncommitted changes' : '';
    console.log(`\nMachine: ${machine.nproc} CPUs (nproc), ${machine.cpu}, ${machine.memory}; Node ${machine.node}, PostgreSQL ${machine.postgres}; Ponte ${machine.commit}${dirty}; load average ${machine.load}`);
    console.log(`Ponte: 1 process (ponte start, role all, NODE_ENV=production, LOG_LEVEL=info). judged inbox loads: ${INBOX_RATE} requests per second at a steady pace over ${CONNECTIONS} clinicians; others with autocannon, each connection a different clinician; ${SECONDS} s per scenario in ${SLICES} slices alternating with the reference, after ${WARMUP_SECONDS} s of warm-up.\n`);

    /** Each connection is its own clinician; or, at a `rate` (requests per second), each request the next clinician. */
    const perClinician = (path: string, connections: number, rate?: number): autocannon.Options | Paced => {
      if (rate) return { url: host, rate, request: (i) => ({ path, headers: { cookie: cookie(clinicians[i % CONNECTIONS]!) } }) };
      let next = 0;
      return {
        url: host,
        connections,
        setupClient: (c: { setRequests(r: unknown[]): void }) => {
          const k = next++ % CONNECTIONS;
          c.setRequests([{ method: 'GET', path, headers: { cookie: cookie(clinicians[k]!) } }]);
        },
      };
    };
    const rows: string[] = [];
    let failed = false;
    const measure = async (name: string, path: string, load: { connections: number; rate?: number; judged: boolean }) => {
      const how = load.rate ? `${load.rate} req/s, each from the next clinician` : `${load.connections} connection${load.connections === 1 ? '' : 's'}, as fast as they go`;
      process.stdout.write(`${name} (${how})… `);
      const { run, ref } = await alternating(perClinician(path, load.connections, load.rate), perClinician('/healthz', load.connections, load.rate), { seconds: SECONDS, slices: SLICES, warmupSeconds: WARMUP_SECONDS });
      const [p50, p95, p99] = [run.percentile(50), run.percentile(95), run.percentile(99)];
      const pass = p95 < TARGET_INBOX_P95_MS && run.failures === 0;
      if (load.judged) failed ||= !pass;
      const result = load.judged ? (pass ? 'PASS' : 'FAIL') : `(${pass ? 'within' : 'above'} target)`;
      console.log(`${ms(p95)} p95 ${result}`);
      rows.push(
        `| ${name}, ${how} | ${Math.round(run.rps)} | ${ms(p50)} / ${ms(p95)} / ${ms(p99)} | ${Math.round(ref.rps)} / ${ms(ref.percentile(95))} | ${peakRssMiB(ponte!.pid!).toFixed(0)} MiB | ${run.failures} | ${load.judged ? `p95 < ${TARGET_INBOX_P95_MS} ms` : '–'} | ${result} |`,
      );
    };
    // Judged at a stated load (INBOX_RATE requests per second, spread over the clinicians); then, for what they
    // show, the most the machine serves (the connections as fast as they go: p95 is then the queue) and one request
    // at a time.
    for (const x of inboxes) await measure(x.name, x.path, { connections: CONNECTIONS, rate: INBOX_RATE, judged: true });
    await measure(inboxes[0]!.name, inboxes[0]!.path, { connections: CONNECTIONS, judged: false });
    await measure(inboxes[0]!.name, inboxes[0]!.path, { connections: 1, judged: false });

    // The dashboard, one request at a time, as a coordinator opens it; the care home page the same way.
    const pages = [...dashboards.map((d) => ({ name: d.name, path: `/care/indicators${d.query}`, judged: true })), { name: 'reference: care home page', path: '/care', judged: false }];
    const pageRows: string[] = [];
    for (const x of pages) {
      const get = async () => {
        const t = performance.now();
        const res = await fetch(`${host}${x.path}`, { headers: { cookie: cookie(coordinator!) }, redirect: 'manual' });
        await res.arrayBuffer();
        return { ms: performance.now() - t, ok: res.status === 200 };
      };
      const first = await get();
      const times: number[] = [];
      let errors = first.ok ? 0 : 1;
      for (let i = 0; i < DASHBOARD_RUNS; i++) {
        const r = await get();
        times.push(r.ms);
        if (!r.ok) errors++;
      }
      const [p50, p95] = [percentile(times, 50), percentile(times, 95)];
      const pass = p95 < TARGET_DASHBOARD_P95_MS && errors === 0;
      if (x.judged) failed ||= !pass;
      const result = x.judged ? (pass ? 'PASS' : 'FAIL') : '–';
      const db = inProcess.get(x.name);
      console.log(`${x.name}: first ${ms(first.ms)}, p50 ${ms(p50)}, p95 ${ms(p95)} ${result}`);
      pageRows.push(`| ${x.name}, GET ${x.path.replace(lazio, '<Lazio>')} | ${ms(first.ms)} | ${ms(p50)} / ${ms(p95)} | ${db ? `${ms(db.p50)} / ${ms(db.p95)}` : ''} | ${errors} | ${x.judged ? `p95 < ${TARGET_DASHBOARD_P95_MS} ms` : '–'} | ${result} |`);
    }

    console.log(
      `\nData: ${thousands(counts.referrals!)} referrals (${thousands(counts.open!)} open; ${thousands(counts.last_12_months!)} requested in the last 12 months), ${thousands(counts.inbox!)} of them to ${DEMO_CARE.lazioService} (${thousands(counts.inbox_open!)} open, ${thousands(counts.inbox_urgent_overdue!)} urgent and overdue); ${thousands(counts.residents!)} residents, ${thousands(counts.screenings!)} completed screenings, ${thousands(counts.consents!)} consents, ${thousands(counts.mediator_requests!)} mediator requests (${counts.size}); generated in ${generation}.\n`,
    );
    console.log('| scenario | req/s | p50 / p95 / p99 | reference req/s / p95 (GET /healthz, same cookies and load) | peak RSS | errors | target | result |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
    for (const r of rows) console.log(r);
    console.log(`\n| page (${DASHBOARD_RUNS} requests each, one at a time, after a first one) | first | p50 / p95 | computeIndicators in-process p50 / p95 | errors | target | result |`);
    console.log('| --- | ---: | ---: | ---: | ---: | --- | --- |');
    for (const r of pageRows) console.log(r);
    console.log(`\nIn-process, indicatorOrganisations (the organisation filter's choices, read on every dashboard request): p50 ${ms(percentile(choices, 50))}.`);
    console.log(`\nPonte peak RSS over the whole run: ${peakRssMiB(ponte.pid!).toFixed(0)} MiB; load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}.`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    await client.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await stopPonte(ponte);
    await database.finish();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
