import { sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Principal } from '../../platform/access.js';
import { executedRows, type DbOrTx } from '../../platform/db/index.js';
import type { Translate } from '../../platform/i18n/index.js';
import { instantToZonedTime, isTimeZone, regionTimeZone, zonedTimeToInstant } from '../../platform/i18n/time-zones.js';
import { sheet } from '../../platform/spreadsheet.js';
import { URGENCIES, type Urgency } from './schema.js';
import { DEFAULT_TARGET_HOURS } from './referrals.js';

/**
 * Care indicators: aggregates by region, organisation and month over screenings, referrals and mediator requests,
 * computed in SQL, and the yearly regional report in the shape of the 2017 Italian Ministry of Health guidelines'
 * implementation report (refugees and holders of international protection who suffered torture, rape or other
 * serious violence).
 *
 * Small-count suppression happens here, not in the views: every figure leaves as a `Cell`, and a count under 5, a
 * rate or percentile from fewer than 5 cases, and whatever would let such a number be worked back (a total minus
 * the visible parts, a share of a published total) leave as `{ value: null, suppressed: true }`. The raw numbers
 * never leave this file.
 *
 * Who may see them (coordinators, data-protection contacts, administrators) is `canSeeIndicators`; the functions
 * take parameters already authorised.
 */

/** Counts under this are not shown, nor rates and percentiles from fewer cases. */
export const MIN_CELL = 5;

/** A published figure: the value, or null when suppressed. */
export interface Cell {
  value: number | null;
  suppressed: boolean;
}

export const canSeeIndicators = (p: Principal | null): boolean => !!p && p.roles.some((g) => g.role === 'network-coordinator' || g.role === 'data-protection' || g.role === 'administrator');

// ---- Suppression ---------------------------------------------------------------------------------------------

/** A figure before publication. `hidden` ones are never published but can be worked out from those that are. */
interface Raw {
  n: number | null;
  suppressed: boolean;
  hidden: boolean;
}

/**
 * Primary and secondary suppression over one result. Primary: counts under 5, rates and percentiles from fewer
 * than 5 cases. Secondary, to a fixed point, over additive relations `total = Σ parts` (the urgencies of a row,
 * the rows of a column, a share's numerator and complement): where the total is visible, a suppressed part never
 * stands alone and the suppressed parts add up to at least 5 (else the next smallest part goes too); where the
 * total is suppressed, one part at least is too. A share whose denominator is published carries its numerator and
 * complement as hidden cells, so a share that would give away a small number is suppressed with them.
 */
class Protection {
  private relations: { total: Raw; parts: Raw[] }[] = [];
  private implications: [Raw, Raw][] = [];

  count(n: number, hidden = false): Raw {
    return { n, suppressed: n < MIN_CELL, hidden };
  }

  /** A statistic (median, percentile) of `cases` values. */
  stat(v: number | null, cases: number): Raw {
    return { n: v, suppressed: v === null || cases < MIN_CELL, hidden: false };
  }

  /**
   * num ÷ den. With a published denominator the numerator and the complement (den − num) could be worked out from
   * the share, so they join the relations as cells of their own and the share stands or falls with them.
   */
  share(num: Raw, den: Raw, denominatorPublished: boolean): { share: Raw; numerator: Raw; complement: Raw } {
    const share: Raw = { n: den.n ? (num.n ?? 0) / den.n : null, suppressed: !den.n || den.n < MIN_CELL, hidden: false };
    const complement = this.count((den.n ?? 0) - (num.n ?? 0), true);
    if (denominatorPublished) {
      this.relate(den, [num, complement]);
      for (const part of [num, complement]) this.implications.push([part, share], [share, part]);
    }
    return { share, numerator: num, complement };
  }

  relate(total: Raw, parts: Raw[]) {
    if (parts.length) this.relations.push({ total, parts });
  }

  run() {
    const hide = (c: Raw) => {
      c.suppressed = true;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (const [a, b] of this.implications) {
        if (a.suppressed && !b.suppressed) {
          hide(b);
          changed = true;
        }
      }
      for (const { total, parts } of this.relations) {
        const suppressed = parts.filter((p) => p.suppressed);
        const visible = parts.filter((p) => !p.suppressed);
        const smallest = visible.reduce<Raw | null>((m, p) => (!m || (p.n ?? 0) < (m.n ?? 0) ? p : m), null);
        // One suppressed part alone is the total minus the rest, whatever its size: a secondary cell needs a partner too.
        if (!total.suppressed && suppressed.length && (suppressed.length === 1 || suppressed.reduce((s, p) => s + (p.n ?? 0), 0) < MIN_CELL)) {
          hide(smallest ?? total);
          changed = true;
        } else if (total.suppressed && !suppressed.length) {
          hide(smallest!);
          changed = true;
        }
      }
    }
  }
}

const publish = (r: Raw, digits = 0): Cell => {
  if (r.suppressed || r.n === null) return { value: null, suppressed: true };
  const f = 10 ** digits;
  return { value: Math.round(r.n * f) / f, suppressed: false };
};
const publishShare = (r: Raw) => publish(r, 4);
const publishDays = (r: Raw) => publish(r, 1);

// ---- Filters --------------------------------------------------------------------------------------------------

export const GROUP_BY = ['month', 'region', 'organisation'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface IndicatorFilters {
  /** ISO 3166-1 alpha-2: the regions of a country. */
  country?: string | null;
  regionId?: string | null;
  /** The referring centre (and the screening or requesting organisation). */
  organisationId?: string | null;
  /** "YYYY-MM", inclusive. */
  from?: string | null;
  to?: string | null;
  groupBy: GroupBy;
  /** Months are cut in this zone; by default the region's or country's, else UTC. */
  timeZone?: string | null;
  /** "Open past target" is measured at this instant. */
  now?: Date;
}

type FilterError = 'invalid-month' | 'invalid-range' | 'invalid-time-zone' | 'invalid-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MAX_MONTHS = 120;

const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length <= MAX_MONTHS; m = nextMonth(m)) out.push(m);
  return out;
}

interface Scope {
  tz: string;
  from: Date | null;
  to: Date | null;
  regionIds: string[] | null;
  organisationId: string | null;
}

async function scopeOf(db: DbOrTx, f: { country?: string | null; regionId?: string | null; organisationId?: string | null; from?: string | null; to?: string | null; timeZone?: string | null }): Promise<Scope | FilterError> {
  if ((f.from && !MONTH.test(f.from)) || (f.to && !MONTH.test(f.to))) return 'invalid-month';
  if (f.from && f.to && (f.from > f.to || monthsBetween(f.from, f.to).length > MAX_MONTHS)) return 'invalid-range';
  if (f.timeZone && !isTimeZone(f.timeZone)) return 'invalid-time-zone';
  if ((f.regionId && !UUID.test(f.regionId)) || (f.organisationId && !UUID.test(f.organisationId))) return 'invalid-id';
  let regionIds: string[] | null = null;
  let tz = f.timeZone ?? null;
  if (f.regionId || f.country) {
    const rows = executedRows<{ id: string; country: string; code: string }>(
      await db.execute(sql`SELECT id, country, code FROM regions WHERE ${f.regionId ? sql`id = ${f.regionId}` : sql`TRUE`} AND ${f.country ? sql`country = ${f.country}` : sql`TRUE`}`),
    );
    regionIds = rows.map((r) => r.id);
    const first = rows[0];
    tz ??= first ? (f.regionId ? regionTimeZone(first.country, first.code) : regionTimeZone(first.country)) : null;
  }
  tz ??= 'UTC';
  return {
    tz,
    from: f.from ? zonedTimeToInstant(`${f.from}-01 00:00`, tz) : null,
    to: f.to ? zonedTimeToInstant(`${nextMonth(f.to)}-01 00:00`, tz) : null,
    regionIds,
    organisationId: f.organisationId ?? null,
  };
}

const and = (conds: SQL[]) => (conds.length ? sql.join(conds, sql` AND `) : sql`TRUE`);
const inRegions = (col: SQL, ids: string[] | null) => (ids === null ? null : ids.length ? sql`${col} IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`FALSE`);

// ---- Groups ---------------------------------------------------------------------------------------------------

/**
 * How rows are grouped. By month, each row goes to the month its instant falls in, found with width_bucket over the
 * months' first instants in the scope's time zone (a few comparisons per row, no time-zone arithmetic); the key is
 * the month's number (1…n) in `months`. Otherwise the key is a column (an id, an urgency, a language) as text, or
 * "all", over the window `bounds` (its two ends, either open).
 */
interface Grouping {
  dim: 'month' | 'region' | 'organisation' | 'urgency' | 'language' | 'all';
  /** The groups' edges: n + 1 instants for n months, or the window's two ends; null for an open end. */
  bounds: (Date | null)[];
}

/** Where the rows of one table are: their instant, and the columns they are grouped and filtered by. */
interface Source {
  time: SQL;
  region: SQL;
  organisation: SQL;
  urgency?: SQL;
  language?: SQL;
}

const REFERRALS: Source = { time: sql`requested_at`, region: sql`region_id`, organisation: sql`from_organisation_id`, urgency: sql`urgency` };
const SCREENINGS: Source = { time: sql`s.completed_at`, region: sql`o.region_id`, organisation: sql`s.organisation_id` };
const MEDIATOR_REQUESTS: Source = { time: sql`created_at`, region: sql`region_id`, organisation: sql`requesting_organisation_id`, language: sql`language` };

const edges = (g: Grouping) => sql`ARRAY[${sql.join(g.bounds.map((b, i) => (b ? sql`${b.toISOString()}::timestamptz` : i ? sql`'infinity'::timestamptz` : sql`'-infinity'::timestamptz`)), sql`, `)}]`;
const bucketOf = (time: SQL, g: Grouping) => sql`width_bucket(${time}, ${edges(g)})`;

/** A row's group: the month's number, or the column itself (a uuid is hashed as such, and made text once per group). */
function keyOf(src: Source, g: Grouping, time = src.time): SQL {
  if (g.dim === 'month') return bucketOf(time, g);
  if (g.dim === 'all') return sql`'all'::text`;
  const col = src[g.dim];
  if (!col) throw new Error(`no ${g.dim} column`);
  return col;
}

/**
 * The window's conditions on an instant: plain comparisons, which the indexes serve and the planner estimates (a
 * condition on width_bucket it would guess at, and choose sorts over hashes).
 */
function inWindow(time: SQL, g: Grouping): SQL[] {
  const first = g.bounds[0];
  const last = g.bounds.at(-1);
  return [...(first ? [sql`${time} >= ${first}`] : []), ...(last ? [sql`${time} < ${last}`] : [])];
}

function filtersOf(src: Source, s: Pick<Scope, 'regionIds' | 'organisationId'>): SQL[] {
  return [inRegions(src.region, s.regionIds), s.organisationId ? sql`${src.organisation} = ${s.organisationId}` : null].filter((c): c is SQL => !!c);
}

// ---- Queries --------------------------------------------------------------------------------------------------

/** Sorts and hashes of a dashboard (a year of referrals' waits, residents to count once) fit in memory with this. */
const WORK_MEM = '32MB';

/**
 * Runs independent read queries. On the database handle each runs in its own short transaction, side by side on
 * the pool's connections, with memory enough to sort in memory; inside a caller's transaction they run one after
 * another on its connection, as they are.
 */
async function readAll(db: DbOrTx, queries: SQL[]): Promise<Record<string, unknown>[][]> {
  if (db instanceof PgTransaction) {
    const out: Record<string, unknown>[][] = [];
    for (const q of queries) out.push(executedRows(await db.execute(q)));
    return out;
  }
  return Promise.all(
    queries.map((q) =>
      db.transaction(async (tx) => {
        await tx.execute(sql.raw(`SET LOCAL work_mem = '${WORK_MEM}'`));
        return executedRows<Record<string, unknown>>(await tx.execute(q));
      }),
    ),
  );
}

/** A figure per group (`k` null: a referral with no region); the totals are added up, or queried, apart. */
interface Grouped {
  k: string | null;
}

interface ReferralFigures extends Grouped {
  referrals: number;
  routine: number;
  urgent: number;
  emergency: number;
  accepted: number;
  decided: number;
  first_appointments: number;
  within_target: number;
  missed: number;
  open_past_target: number;
}
const REFERRAL_COUNTS = ['referrals', 'routine', 'urgent', 'emergency', 'accepted', 'decided', 'first_appointments', 'within_target', 'missed', 'open_past_target'] as const;

/** Still waiting on the service, with no first appointment yet: the predicate of the index care_referrals_open. */
const OPEN_UNSEEN = sql`closed_at IS NULL AND first_appointment_at IS NULL AND requested_at IS NOT NULL AND status IN ('requested', 'accepted', 'in-progress', 'on-hold')`;

const DAY_MS = 86_400_000;

/**
 * Counts over the referrals requested in the window, per group; every count adds up over groups, so the total is
 * their sum. Three parts, added up per group:
 *
 * - the days wholly inside one group, from care_referral_days (kept by triggers, migration 0021): a few hundred
 *   rows for a year, whatever the number of referrals;
 * - the referrals of the UTC days that a group's edge cuts (a month starts at 23:00 UTC in Rome), one by one: at
 *   most a day's referrals per edge;
 * - open past target, which depends on the moment of reading: the open referrals without a first appointment,
 *   from the index care_referrals_open.
 *
 * The counting rules are the database's functions (care_referral_accepted and the like), one definition for the
 * triggers and for these queries.
 */
function referralCounts(g: Grouping, s: Pick<Scope, 'regionIds' | 'organisationId'>, now: Date): SQL {
  const dayStart = sql`(d.day::timestamp AT TIME ZONE 'UTC')`;
  const dayEnd = sql`(d.day::timestamp AT TIME ZONE 'UTC' + interval '1 day' - interval '1 microsecond')`;
  // Days wholly inside the window (on the key's index) and inside one group.
  const [first, last] = [g.bounds[0], g.bounds.at(-1)];
  const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
  const wholeDays = [
    ...(first ? [sql`d.day >= ${isoDay(Math.ceil(first.getTime() / DAY_MS) * DAY_MS)}::date`] : []),
    ...(last ? [sql`d.day < ${isoDay(Math.floor(last.getTime() / DAY_MS) * DAY_MS)}::date`] : []),
    ...(g.dim === 'month' ? [sql`${bucketOf(dayStart, g)} = ${bucketOf(dayEnd, g)}`] : []),
  ];
  // The UTC days an edge falls inside of (not at their midnight).
  const cut = [...new Set(g.bounds.filter((b): b is Date => !!b && b.getTime() % DAY_MS !== 0).map((b) => Math.floor(b.getTime() / DAY_MS) * DAY_MS))].map((t) => new Date(t));
  const byUrgency = (n: (u: Urgency) => SQL) => sql.join(URGENCIES.map((u) => sql`${n(u)} AS ${sql.identifier(u)}`), sql`, `);
  const filters = filtersOf(REFERRALS, s);
  const parts = [
    sql`SELECT ${keyOf(REFERRALS, g, dayStart)} AS k, sum(referrals) AS referrals, ${byUrgency((u) => sql`sum(referrals) FILTER (WHERE urgency = ${u})`)},
      sum(accepted) AS accepted, sum(decided) AS decided, sum(first_appointments) AS first_appointments, sum(within_target) AS within_target, sum(missed) AS missed, 0 AS open_past_target
    FROM care_referral_days d WHERE ${and([...wholeDays, ...filters])} GROUP BY 1`,
  ];
  if (cut.length) {
    const onCutDays = sql`(${sql.join(cut.map((d) => sql`(requested_at >= ${d} AND requested_at < ${new Date(d.getTime() + DAY_MS)})`), sql` OR `)})`;
    parts.push(sql`SELECT ${keyOf(REFERRALS, g)} AS k, count(*) AS referrals, ${byUrgency((u) => sql`count(*) FILTER (WHERE urgency = ${u})`)},
      count(*) FILTER (WHERE care_referral_accepted(accepted_at, status)) AS accepted, count(*) FILTER (WHERE care_referral_decided(accepted_at, status)) AS decided,
      count(first_appointment_at) AS first_appointments, count(*) FILTER (WHERE care_referral_within_target(first_appointment_at, due_at)) AS within_target,
      count(*) FILTER (WHERE first_appointment_missed) AS missed, 0 AS open_past_target
    FROM care_referrals WHERE ${and([sql`requested_at IS NOT NULL`, onCutDays, ...inWindow(sql`requested_at`, g), ...filters])} GROUP BY 1`);
  }
  parts.push(sql`SELECT ${keyOf(REFERRALS, g)} AS k, 0, ${byUrgency(() => sql`0`)}, 0, 0, 0, 0, 0, count(*)
    FROM care_referrals WHERE ${and([OPEN_UNSEEN, sql`due_at < ${now}`, ...inWindow(sql`requested_at`, g), ...filters])} GROUP BY 1`);
  return sql`
    SELECT k::text AS k, ${sql.join(REFERRAL_COUNTS.map((c) => sql`sum(${sql.identifier(c)})::int AS ${sql.identifier(c)}`), sql`, `)}
    FROM (${sql.join(parts, sql` UNION ALL `)}) u GROUP BY u.k`;
}

interface Waits extends Grouped {
  total: number;
  median_days: number | null;
  p90_days: number | null;
}

/**
 * Median and 90th percentile of the days from request to first appointment, per group and in all (percentiles do
 * not add up). Only referrals that reached a first appointment are sorted, once per group for both percentiles,
 * read from the index care_referrals_requested alone.
 */
const waits = (g: Grouping, s: Pick<Scope, 'regionIds' | 'organisationId'>) => sql`
  SELECT y.k::text AS k, y.total, extract(epoch FROM y.p[1])::float8 / 86400 AS median_days, extract(epoch FROM y.p[2])::float8 / 86400 AS p90_days
  FROM (
    SELECT x.k, grouping(x.k)::int AS total, percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY x.wait) AS p
    FROM (
      SELECT ${keyOf(REFERRALS, g)} AS k, first_appointment_at - requested_at AS wait FROM care_referrals
      WHERE ${and([sql`first_appointment_at IS NOT NULL AND requested_at IS NOT NULL`, ...inWindow(sql`requested_at`, g), ...filtersOf(REFERRALS, s)])}
    ) x
    GROUP BY GROUPING SETS ((x.k), ())
  ) y`;

interface ScreeningFigures extends Grouped {
  /** 1 on the row over the whole window. */
  total: number;
  screened: number;
  above: number;
}

/**
 * Residents with a completed screening in the window, and those of them with one above the cut-off: per group, and
 * over the whole window (a resident screened in two months counts once in the total). A screening is its resident's
 * first in a period when the resident's previous one was completed before the period began (prev_completed_at, kept
 * by a trigger; likewise prev_above_at for those above the cut-off), so each resident counts once by counting
 * screenings: one pass over the index care_screenings_completed, nothing gathered per resident. A resident's
 * screenings are all their centre's (residents do not move between organisations), so this holds per organisation
 * and region too.
 */
function screeningCounts(g: Grouping, s: Pick<Scope, 'regionIds' | 'organisationId'>) {
  const join = s.regionIds !== null || g.dim === 'region';
  const windowStart = g.bounds[0] ? sql`${g.bounds[0]}::timestamptz` : sql`'-infinity'::timestamptz`;
  const groupStart = g.dim === 'month' ? sql`(${edges(g)})[${bucketOf(SCREENINGS.time, g)}]` : windowStart;
  const count = (flag: string) => sql`count(*) FILTER (WHERE ${sql.identifier(flag)})::int`;
  return sql`
    SELECT x.k::text AS k, grouping(x.k)::int AS total,
      CASE WHEN grouping(x.k) = 1 THEN ${count('first_in_window')} ELSE ${count('first_in_group')} END AS screened,
      CASE WHEN grouping(x.k) = 1 THEN ${count('first_above_in_window')} ELSE ${count('first_above_in_group')} END AS above
    FROM (
      SELECT ${keyOf(SCREENINGS, g)} AS k,
        coalesce(s.prev_completed_at < ${groupStart}, true) AS first_in_group,
        coalesce(s.prev_completed_at < ${windowStart}, true) AS first_in_window,
        s.above_cutoff AND coalesce(s.prev_above_at < ${groupStart}, true) AS first_above_in_group,
        s.above_cutoff AND coalesce(s.prev_above_at < ${windowStart}, true) AS first_above_in_window
      FROM care_screenings s ${join ? sql`JOIN organisations o ON o.id = s.organisation_id` : sql``}
      WHERE ${and([sql`s.status = 'completed' AND s.completed_at IS NOT NULL`, ...inWindow(SCREENINGS.time, g), ...filtersOf(SCREENINGS, s)])}
    ) x
    GROUP BY GROUPING SETS ((x.k), ())`;
}

interface MediatorFigures extends Grouped {
  requests: number;
  booked: number;
  unfilled: number;
}

/** Mediator requests made in the window; a request the requester cancelled asked nothing of the agencies, so it does not count. */
const mediatorCounts = (g: Grouping, s: Pick<Scope, 'regionIds' | 'organisationId'>) => sql`
  SELECT z.k::text AS k, z.requests, z.booked, z.unfilled FROM (
    SELECT ${keyOf(MEDIATOR_REQUESTS, g)} AS k,
      count(*)::int AS requests,
      count(*) FILTER (WHERE status = 'booked')::int AS booked,
      count(*) FILTER (WHERE status = 'unfilled')::int AS unfilled
    FROM care_mediator_requests
    WHERE ${and([sql`status <> 'cancelled'`, ...inWindow(MEDIATOR_REQUESTS.time, g), ...filtersOf(MEDIATOR_REQUESTS, s)])}
    GROUP BY 1) z`;

/**
 * Computes afresh what the triggers keep for the indicators (care_referral_days, and each screening's predecessor),
 * with the triggers' own queries, in one transaction that holds writes to referrals and screenings meanwhile; for
 * after a load that bypassed the triggers (a data-only restore with triggers disabled, say). Returns the day rows
 * kept, the referrals they count, and the screenings whose predecessor was corrected.
 */
export async function recountIndicatorTables(db: DbOrTx): Promise<{ days: number; referrals: number; screenings: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE care_referrals, care_screenings IN SHARE MODE`);
    await tx.execute(sql`DELETE FROM care_referral_days`);
    const [q] = executedRows<{ days: string; chain: string }>(
      await tx.execute(sql`SELECT care_referral_days_upsert(care_referral_days_part('care_referrals', 1)) AS days, care_screenings_chain('SELECT id FROM care_residents') AS chain`),
    );
    await tx.execute(sql.raw(q!.days));
    const [chained] = executedRows<{ n: number }>(await tx.execute(sql.raw(`WITH u AS (${q!.chain} RETURNING 1) SELECT count(*)::int AS n FROM u`)));
    const [r] = executedRows<{ days: number; referrals: number }>(await tx.execute(sql`SELECT count(*)::int AS days, coalesce(sum(referrals), 0)::int AS referrals FROM care_referral_days`));
    return { ...r!, screenings: chained!.n };
  });
}

/** The sum of each named count over the groups. */
function sumOf<T extends Grouped>(rows: T[], fields: readonly (keyof T)[]): T {
  const total = { k: null } as T;
  for (const f of fields) (total as Record<keyof T, unknown>)[f] = rows.reduce((s, r) => s + Number(r[f] ?? 0), 0);
  return total;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

// ---- The dashboard --------------------------------------------------------------------------------------------

export interface IndicatorRow {
  /** "YYYY-MM", a region id or an organisation id; "total" for the total row; "none" for referrals with no region. */
  key: string;
  /** The region's or organisation's name; the month for months; null for the total and for "none". */
  label: string | null;
  residentsScreened: Cell;
  aboveCutoffShare: Cell;
  referrals: Cell;
  byUrgency: Record<Urgency, Cell>;
  acceptanceRate: Cell;
  medianDaysToFirstAppointment: Cell;
  p90DaysToFirstAppointment: Cell;
  withinTargetShare: Cell;
  missedFirstAppointments: Cell;
  mediatorRequests: Cell;
  mediatorRequestsMetShare: Cell;
  openPastTarget: Cell;
}

export interface IndicatorTable {
  groupBy: GroupBy;
  timeZone: string;
  from: string | null;
  to: string | null;
  rows: IndicatorRow[];
  total: IndicatorRow;
}

/** Every figure of a row before publication, with the hidden parts the relations need. */
interface RawRow {
  key: string;
  label: string | null;
  screened: Raw;
  above: Raw;
  aboveComplement: Raw;
  aboveShare: Raw;
  referrals: Raw;
  urgency: Record<Urgency, Raw>;
  acceptance: Raw;
  median: Raw;
  p90: Raw;
  withinTarget: Raw;
  missed: Raw;
  mediatorRequests: Raw;
  booked: Raw;
  unbooked: Raw;
  metShare: Raw;
  openPastTarget: Raw;
}

function rawRow(pr: Protection, key: string, label: string | null, s: ScreeningFigures | undefined, r: ReferralFigures | undefined, w: Waits | undefined, m: MediatorFigures | undefined): RawRow {
  const screened = pr.count(s?.screened ?? 0);
  const above = pr.share(pr.count(s?.above ?? 0, true), screened, true);
  const requests = pr.count(m?.requests ?? 0);
  const met = pr.share(pr.count(m?.booked ?? 0, true), requests, true);
  const referrals = pr.count(r?.referrals ?? 0);
  const urgency = { routine: pr.count(r?.routine ?? 0), urgent: pr.count(r?.urgent ?? 0), emergency: pr.count(r?.emergency ?? 0) };
  pr.relate(referrals, URGENCIES.map((u) => urgency[u]));
  const firstAppointments = r?.first_appointments ?? 0;
  return {
    key,
    label,
    screened,
    above: above.numerator,
    aboveComplement: above.complement,
    aboveShare: above.share,
    referrals,
    urgency,
    acceptance: pr.share(pr.count(r?.accepted ?? 0, true), pr.count(r?.decided ?? 0, true), false).share,
    median: pr.stat(num(w?.median_days), firstAppointments),
    p90: pr.stat(num(w?.p90_days), firstAppointments),
    withinTarget: pr.share(pr.count(r?.within_target ?? 0, true), pr.count(firstAppointments, true), false).share,
    missed: pr.count(r?.missed ?? 0),
    mediatorRequests: requests,
    booked: met.numerator,
    unbooked: met.complement,
    metShare: met.share,
    openPastTarget: pr.count(r?.open_past_target ?? 0),
  };
}

/** The columns that add up over rows to the total row (distinct residents nearly do, and are treated as if). */
const ADDITIVE: ((r: RawRow) => Raw)[] = [
  (r) => r.screened,
  (r) => r.above,
  (r) => r.aboveComplement,
  (r) => r.referrals,
  ...URGENCIES.map((u) => (r: RawRow) => r.urgency[u]),
  (r) => r.missed,
  (r) => r.mediatorRequests,
  (r) => r.booked,
  (r) => r.unbooked,
  (r) => r.openPastTarget,
];

function publishRow(r: RawRow): IndicatorRow {
  return {
    key: r.key,
    label: r.label,
    residentsScreened: publish(r.screened),
    aboveCutoffShare: publishShare(r.aboveShare),
    referrals: publish(r.referrals),
    byUrgency: { routine: publish(r.urgency.routine), urgent: publish(r.urgency.urgent), emergency: publish(r.urgency.emergency) },
    acceptanceRate: publishShare(r.acceptance),
    medianDaysToFirstAppointment: publishDays(r.median),
    p90DaysToFirstAppointment: publishDays(r.p90),
    withinTargetShare: publishShare(r.withinTarget),
    missedFirstAppointments: publish(r.missed),
    mediatorRequests: publish(r.mediatorRequests),
    mediatorRequestsMetShare: publishShare(r.metShare),
    openPastTarget: publish(r.openPastTarget),
  };
}

/**
 * The months (in `tz`) that may hold data, from the earliest to the latest instant of any referral, screening or
 * mediator request, a day wider on each side (the referrals' days are UTC days); one probe of an index or of the
 * small care_referral_days each.
 */
async function dataMonths(db: DbOrTx, tz: string): Promise<{ from: string; to: string } | null> {
  const [row] = executedRows<{ first: string | Date | null; last: string | Date | null }>(
    await db.execute(sql`
      SELECT least((SELECT min(day)::timestamp AT TIME ZONE 'UTC' FROM care_referral_days),
                   (SELECT min(completed_at) FROM care_screenings WHERE status = 'completed' AND completed_at IS NOT NULL),
                   (SELECT min(created_at) FROM care_mediator_requests)) AS first,
             greatest((SELECT (max(day) + 1)::timestamp AT TIME ZONE 'UTC' FROM care_referral_days),
                   (SELECT max(completed_at) FROM care_screenings WHERE status = 'completed' AND completed_at IS NOT NULL),
                   (SELECT max(created_at) FROM care_mediator_requests)) AS last`),
  );
  if (!row?.first || !row.last) return null;
  const month = (v: string | Date, shift: number) => instantToZonedTime(new Date(new Date(v).getTime() + shift), tz).slice(0, 7);
  return { from: month(row.first, -DAY_MS), to: month(row.last, DAY_MS) };
}

/**
 * The dashboard's figures by month, region or referring organisation, with a total row. Months are those of the
 * window (every month, empty ones included), else those with any data. The three queries run side by side on
 * PostgreSQL.
 */
export async function computeIndicators(db: DbOrTx, filters: IndicatorFilters): Promise<({ ok: true } & IndicatorTable) | { ok: false; error: FilterError }> {
  const scope = await scopeOf(db, filters);
  if (typeof scope === 'string') return { ok: false, error: scope };
  const now = filters.now ?? new Date();
  const g = filters.groupBy;
  let months: string[] = [];
  let grouping: Grouping;
  if (g === 'month') {
    const range = filters.from && filters.to ? null : await dataMonths(db, scope.tz);
    const from = filters.from ?? range?.from ?? filters.to;
    const to = filters.to ?? range?.to ?? filters.from;
    months = from && to ? monthsBetween(from, to) : [];
    if (!months.length) months = [instantToZonedTime(now, scope.tz).slice(0, 7)];
    grouping = { dim: 'month', bounds: [...months, nextMonth(months.at(-1)!)].map((m) => zonedTimeToInstant(`${m}-01 00:00`, scope.tz)) };
  } else {
    grouping = { dim: g, bounds: [scope.from, scope.to] };
  }
  const [referralRows, waitRows, screeningRows, mediatorRows] = (await readAll(db, [
    referralCounts(grouping, scope, now),
    waits(grouping, scope),
    screeningCounts(grouping, scope),
    mediatorCounts(grouping, scope),
  ])) as unknown as [ReferralFigures[], Waits[], ScreeningFigures[], MediatorFigures[]];
  // By month, a key is the month's number in `months`.
  if (g === 'month') for (const r of [...referralRows, ...waitRows, ...screeningRows, ...mediatorRows]) if (r.k !== null) r.k = months[Number(r.k) - 1] ?? null;

  const byKey = <T extends Grouped>(rows: T[]) => new Map(rows.map((r) => [r.k ?? 'none', r]));
  const [ref, scr, med] = [byKey(referralRows), byKey(screeningRows.filter((r) => !r.total)), byKey(mediatorRows)];
  const wait = byKey(waitRows.filter((w) => !w.total));
  let keyList = [...new Set([...scr.keys(), ...ref.keys(), ...med.keys()])];
  let labels = new Map<string, string>();
  if (g === 'month') {
    // Without a window, the months from the first to the last with data.
    const known = keyList.filter((k) => k !== 'none').sort();
    const first = filters.from ?? known[0] ?? filters.to;
    const last = filters.to ?? known.at(-1) ?? filters.from;
    keyList = first && last ? months.filter((m) => m >= first && m <= last) : [];
    labels = new Map(keyList.map((k) => [k, k]));
  } else {
    const ids = keyList.filter((k) => k !== 'none');
    if (ids.length) {
      const table = g === 'region' ? sql`regions` : sql`organisations`;
      const named = executedRows<{ id: string; name: string }>(await db.execute(sql`SELECT id::text AS id, name FROM ${table} WHERE id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`));
      labels = new Map(named.map((n) => [n.id, n.name]));
    }
    keyList.sort((a, b) => (a === 'none' ? 1 : b === 'none' ? -1 : (labels.get(a) ?? a).localeCompare(labels.get(b) ?? b)));
  }

  const pr = new Protection();
  const rows = keyList.map((k) => rawRow(pr, k, labels.get(k) ?? null, scr.get(k), ref.get(k), wait.get(k), med.get(k)));
  const total = rawRow(pr, 'total', null, screeningRows.find((r) => r.total), sumOf(referralRows, REFERRAL_COUNTS), waitRows.find((w) => w.total), sumOf(mediatorRows, ['requests', 'booked', 'unfilled']));
  for (const col of ADDITIVE) pr.relate(col(total), rows.map(col));
  pr.run();
  return { ok: true, groupBy: g, timeZone: scope.tz, from: filters.from ?? null, to: filters.to ?? null, rows: rows.map(publishRow), total: publishRow(total) };
}

// ---- CSV ------------------------------------------------------------------------------------------------------

/** The dashboard's measures in their order, with the message key that names each (CSV headers, table columns). */
export const MEASURES: { key: string; label: string; kind: 'count' | 'share' | 'days'; cell: (r: IndicatorRow) => Cell }[] = [
  { key: 'residentsScreened', label: 'care.indicators.measure.residentsScreened', kind: 'count', cell: (r) => r.residentsScreened },
  { key: 'aboveCutoffShare', label: 'care.indicators.measure.aboveCutoffShare', kind: 'share', cell: (r) => r.aboveCutoffShare },
  { key: 'referrals', label: 'care.indicators.measure.referrals', kind: 'count', cell: (r) => r.referrals },
  ...URGENCIES.map((u) => ({ key: `referrals.${u}`, label: `care.indicators.measure.referrals.${u}`, kind: 'count' as const, cell: (r: IndicatorRow) => r.byUrgency[u] })),
  { key: 'acceptanceRate', label: 'care.indicators.measure.acceptanceRate', kind: 'share', cell: (r) => r.acceptanceRate },
  { key: 'medianDaysToFirstAppointment', label: 'care.indicators.measure.medianDays', kind: 'days', cell: (r) => r.medianDaysToFirstAppointment },
  { key: 'p90DaysToFirstAppointment', label: 'care.indicators.measure.p90Days', kind: 'days', cell: (r) => r.p90DaysToFirstAppointment },
  { key: 'withinTargetShare', label: 'care.indicators.measure.withinTargetShare', kind: 'share', cell: (r) => r.withinTargetShare },
  { key: 'missedFirstAppointments', label: 'care.indicators.measure.missedFirstAppointments', kind: 'count', cell: (r) => r.missedFirstAppointments },
  { key: 'mediatorRequests', label: 'care.indicators.measure.mediatorRequests', kind: 'count', cell: (r) => r.mediatorRequests },
  { key: 'mediatorRequestsMetShare', label: 'care.indicators.measure.mediatorRequestsMetShare', kind: 'share', cell: (r) => r.mediatorRequestsMetShare },
  { key: 'openPastTarget', label: 'care.indicators.measure.openPastTarget', kind: 'count', cell: (r) => r.openPastTarget },
];

/** What a CSV cell says: "<5" where suppressed, shares as percentages with one decimal. */
export const csvValue = (c: Cell, kind: 'count' | 'share' | 'days'): string | number => (c.suppressed || c.value === null ? `<${MIN_CELL}` : kind === 'share' ? Math.round(c.value * 1000) / 10 : c.value);

/** The dashboard as CSV (UTF-8 with BOM, through the platform's sheet helper), suppressed cells as "<5", a total row last. */
export async function indicatorsCsv(db: DbOrTx, filters: IndicatorFilters, t: Translate): Promise<{ ok: true; csv: Buffer } | { ok: false; error: FilterError }> {
  const table = await computeIndicators(db, filters);
  if (!table.ok) return table;
  return { ok: true, csv: await indicatorTableCsv(table, t) };
}

/** An already computed (and so already suppressed) table as CSV. */
export async function indicatorTableCsv(table: IndicatorTable, t: Translate): Promise<Buffer> {
  const columns = [
    { header: t(`care.indicators.groupBy.${table.groupBy}`), key: 'group', width: 30 },
    ...MEASURES.map((m) => ({ header: t(m.label) + (m.kind === 'share' ? ' (%)' : ''), key: m.key, width: 18 })),
  ];
  const line = (r: IndicatorRow, label: string) => ({ group: label, ...Object.fromEntries(MEASURES.map((m) => [m.key, csvValue(m.cell(r), m.kind)])) });
  const rows = [...table.rows.map((r) => line(r, r.label ?? t('care.indicators.notRecorded'))), line(table.total, t('care.indicators.total'))];
  return sheet('csv', t('care.indicators.title'), columns, rows);
}

// ---- The yearly regional report -------------------------------------------------------------------------------

export interface UrgencyFigures {
  referrals: Cell;
  acceptanceRate: Cell;
  /** Referrals whose first appointment took place: taken in charge. */
  takenInCharge: Cell;
  medianDaysToFirstAppointment: Cell;
  p90DaysToFirstAppointment: Cell;
  withinTargetShare: Cell;
  missedFirstAppointments: Cell;
  openPastTarget: Cell;
}

export interface RegionalReport {
  region: { id: string; name: string; country: string; code: string };
  year: number;
  timeZone: string;
  /** Section 1: the organisations involved in the year. */
  organisations: {
    receptionCentres: { id: string; name: string }[];
    healthServices: { id: string; name: string }[];
    mediatorAgencies: { id: string; name: string }[];
  };
  /** Section 2: identification (screening in reception). */
  identification: { residentsScreened: Cell; residentsAboveCutoff: Cell; aboveCutoffShare: Cell; residentsReferred: Cell };
  /** Section 3: referral and taking charge, by urgency, with the region's targets (hours). */
  takingCharge: { targetHours: Record<Urgency, number | null>; byUrgency: Record<Urgency, UrgencyFigures>; total: UrgencyFigures };
  /** Section 4: medico-legal certification. */
  certification: { referrals: Cell; takenInCharge: Cell; completed: Cell };
  /** Section 5: language and cultural mediation. Languages with fewer than 5 requests are counted together as "other". */
  mediation: { requests: Cell; booked: Cell; unfilled: Cell; metShare: Cell; byLanguage: { language: string; requests: Cell }[] };
  /** Section 6: open issues. Rejection reasons with fewer than 5 referrals are counted together as "other". */
  openIssues: { openPastTarget: Cell; missedFirstAppointments: Cell; unfilledMediatorRequests: Cell; rejected: Cell; rejectedByReason: { reason: string; referrals: Cell }[] };
  /** The year month by month, as the dashboard shows it. */
  monthly: IndicatorRow[];
}

export const OTHER = 'other';

/** Small categories folded into one "other" line, so that a category's name does not stand for a small count. */
function fold<T extends { k: string | null; n: number }>(rows: T[]): { k: string; n: number }[] {
  const big = rows.filter((r) => r.n >= MIN_CELL && r.k !== null).map((r) => ({ k: r.k!, n: r.n }));
  const rest = rows.filter((r) => r.n < MIN_CELL || r.k === null).reduce((s, r) => s + r.n, 0);
  big.sort((a, b) => b.n - a.n || a.k.localeCompare(b.k));
  return rest > 0 ? [...big, { k: OTHER, n: rest }] : big;
}

/**
 * The yearly implementation report of one region, in the sections of the 2017 guidelines' monitoring: organisations
 * involved, identification, referral and taking charge by urgency, certification, mediation, open issues; every
 * figure suppressed like the dashboard's.
 */
export async function yearlyRegionalReport(db: DbOrTx, regionId: string, year: number, now = new Date()): Promise<({ ok: true } & RegionalReport) | { ok: false; error: 'not-found' | 'invalid-year' }> {
  if (!Number.isInteger(year) || year < 2000 || year > 2200) return { ok: false, error: 'invalid-year' };
  if (!UUID.test(regionId)) return { ok: false, error: 'not-found' };
  const [region] = executedRows<{ id: string; name: string; country: string; code: string }>(await db.execute(sql`SELECT id::text AS id, name, country, code FROM regions WHERE id = ${regionId}`));
  if (!region) return { ok: false, error: 'not-found' };
  const tz = regionTimeZone(region.country, region.code);
  const from = `${year}-01`;
  const to = `${year}-12`;
  const scope: Scope = { tz, from: zonedTimeToInstant(`${from}-01 00:00`, tz), to: zonedTimeToInstant(`${year + 1}-01-01 00:00`, tz), regionIds: [regionId], organisationId: null };
  const inYear: Grouping = { dim: 'urgency', bounds: [scope.from, scope.to] };
  const refWhere = [sql`region_id = ${regionId}`, ...inWindow(sql`requested_at`, inYear)];
  const scrWhere = [sql`o.region_id = ${regionId}`, ...inWindow(sql`s.completed_at`, inYear)];
  const medWhere = [sql`region_id = ${regionId}`, ...inWindow(sql`created_at`, inYear)];

  const [urgencyCounts, urgencyWaits, screeningRows, mediationRows, byLanguage, certification, rejections, referred, targets, orgs] = (await readAll(db, [
    referralCounts(inYear, scope, now),
    waits(inYear, scope),
    screeningCounts({ ...inYear, dim: 'all' }, scope),
    mediatorCounts({ ...inYear, dim: 'all' }, scope),
    mediatorCounts({ ...inYear, dim: 'language' }, scope),
    sql`
      SELECT count(*)::int AS referrals, count(r.first_appointment_at)::int AS taken, count(*) FILTER (WHERE r.status = 'completed')::int AS completed
      FROM care_referrals r LEFT JOIN directory_services d ON d.id = r.service_id
      WHERE r.requested_at IS NOT NULL AND r.region_id = ${regionId} AND r.requested_at >= ${scope.from} AND r.requested_at < ${scope.to}
        AND (d.needs @> ARRAY['medico-legal-certification']::text[] OR r.outcome ILIKE '%certif%')`,
    sql`
      SELECT status_reason AS k, count(*)::int AS n FROM care_referrals
      WHERE status = 'rejected' AND requested_at IS NOT NULL AND ${and(refWhere)} GROUP BY status_reason`,
    sql`SELECT count(*)::int AS n FROM (SELECT resident_id FROM care_referrals WHERE requested_at IS NOT NULL AND ${and(refWhere)} GROUP BY 1) x`,
    sql`SELECT urgency, target_hours FROM care_urgency_targets WHERE region_id = ${regionId}`,
    sql`
      SELECT 'reception' AS role, o.id::text AS id, o.name FROM organisations o WHERE o.id IN (
        SELECT from_organisation_id FROM care_referrals WHERE requested_at IS NOT NULL AND ${and(refWhere)}
        UNION SELECT s.organisation_id FROM care_screenings s JOIN organisations o ON o.id = s.organisation_id WHERE s.status = 'completed' AND ${and(scrWhere)})
      UNION ALL
      SELECT 'health', o.id::text, o.name FROM organisations o WHERE o.id IN (SELECT to_organisation_id FROM care_referrals WHERE requested_at IS NOT NULL AND ${and(refWhere)})
      UNION ALL
      SELECT 'mediation', o.id::text, o.name FROM organisations o WHERE o.id IN (SELECT booked_organisation_id FROM care_mediator_requests WHERE status = 'booked' AND ${and(medWhere)})
      ORDER BY 3`,
  ])) as unknown as [ReferralFigures[], Waits[], ScreeningFigures[], MediatorFigures[], MediatorFigures[], Record<string, unknown>[], Record<string, unknown>[], Record<string, unknown>[], Record<string, unknown>[], Record<string, unknown>[]];
  const monthly = await computeIndicators(db, { regionId, from, to, groupBy: 'month', now });

  const pr = new Protection();
  const urgencyRow = (r: ReferralFigures | undefined, w: Waits | undefined) => {
    const taken = pr.count(r?.first_appointments ?? 0);
    const within = pr.share(pr.count(r?.within_target ?? 0, true), taken, true);
    return {
      referrals: pr.count(r?.referrals ?? 0),
      acceptance: pr.share(pr.count(r?.accepted ?? 0, true), pr.count(r?.decided ?? 0, true), false).share,
      taken,
      within,
      median: pr.stat(num(w?.median_days), r?.first_appointments ?? 0),
      p90: pr.stat(num(w?.p90_days), r?.first_appointments ?? 0),
      missed: pr.count(r?.missed ?? 0),
      open: pr.count(r?.open_past_target ?? 0),
    };
  };
  const urgencies = Object.fromEntries(
    URGENCIES.map((u) => [u, urgencyRow(urgencyCounts.find((r) => r.k === u), urgencyWaits.find((w) => !w.total && w.k === u))]),
  ) as Record<Urgency, ReturnType<typeof urgencyRow>>;
  const all = urgencyRow(sumOf(urgencyCounts, REFERRAL_COUNTS), urgencyWaits.find((w) => w.total));
  for (const col of [(x: typeof all) => x.referrals, (x: typeof all) => x.taken, (x: typeof all) => x.within.numerator, (x: typeof all) => x.within.complement, (x: typeof all) => x.missed, (x: typeof all) => x.open]) {
    pr.relate(col(all), URGENCIES.map((u) => col(urgencies[u])));
  }

  const scr = screeningRows.find((r) => r.total);
  const screened = pr.count(scr?.screened ?? 0);
  const aboveCount = pr.count(scr?.above ?? 0);
  const above = pr.share(aboveCount, screened, true);
  const residentsReferred = pr.count((referred as { n: number }[])[0]?.n ?? 0);

  const cert = (certification as { referrals: number; taken: number; completed: number }[])[0];
  const certCells = { referrals: pr.count(cert?.referrals ?? 0), taken: pr.count(cert?.taken ?? 0), completed: pr.count(cert?.completed ?? 0) };

  const med = mediationRows[0];
  const requests = pr.count(med?.requests ?? 0);
  const booked = pr.count(med?.booked ?? 0);
  const unfilled = pr.count(med?.unfilled ?? 0);
  const met = pr.share(booked, requests, true);
  // Requests still open (neither booked nor unfilled) are the difference; how many bookings are still pending is
  // about agencies' work, not about people, and is not protected.
  const languages = fold(byLanguage.map((r) => ({ k: r.k, n: r.requests }))).map((l) => ({ language: l.k, cell: pr.count(l.n) }));
  pr.relate(requests, languages.map((l) => l.cell));

  const rejectionRows = (rejections as { k: string | null; n: number }[]);
  const rejected = pr.count(rejectionRows.reduce((s, r) => s + r.n, 0));
  const reasons = fold(rejectionRows).map((r) => ({ reason: r.k, cell: pr.count(r.n) }));
  pr.relate(rejected, reasons.map((r) => r.cell));

  pr.run();

  const publishUrgency = (x: typeof all): UrgencyFigures => ({
    referrals: publish(x.referrals),
    acceptanceRate: publishShare(x.acceptance),
    takenInCharge: publish(x.taken),
    medianDaysToFirstAppointment: publishDays(x.median),
    p90DaysToFirstAppointment: publishDays(x.p90),
    withinTargetShare: publishShare(x.within.share),
    missedFirstAppointments: publish(x.missed),
    openPastTarget: publish(x.open),
  });
  const targetRows = (targets as { urgency: Urgency; target_hours: number }[]);
  const orgRows = (orgs as { role: string; id: string; name: string }[]);
  const orgsOf = (role: string) => orgRows.filter((o) => o.role === role).map(({ id, name }) => ({ id, name }));

  return {
    ok: true,
    region,
    year,
    timeZone: tz,
    organisations: { receptionCentres: orgsOf('reception'), healthServices: orgsOf('health'), mediatorAgencies: orgsOf('mediation') },
    identification: { residentsScreened: publish(screened), residentsAboveCutoff: publish(aboveCount), aboveCutoffShare: publishShare(above.share), residentsReferred: publish(residentsReferred) },
    takingCharge: {
      // The region's own target, else the default that its referrals were given (referrals.ts).
      targetHours: Object.fromEntries(URGENCIES.map((u) => [u, targetRows.find((t) => t.urgency === u)?.target_hours ?? DEFAULT_TARGET_HOURS[u]])) as Record<Urgency, number | null>,
      byUrgency: Object.fromEntries(URGENCIES.map((u) => [u, publishUrgency(urgencies[u])])) as Record<Urgency, UrgencyFigures>,
      total: publishUrgency(all),
    },
    certification: { referrals: publish(certCells.referrals), takenInCharge: publish(certCells.taken), completed: publish(certCells.completed) },
    mediation: { requests: publish(requests), booked: publish(booked), unfilled: publish(unfilled), metShare: publishShare(met.share), byLanguage: languages.map((l) => ({ language: l.language, requests: publish(l.cell) })) },
    openIssues: {
      openPastTarget: publish(all.open),
      missedFirstAppointments: publish(all.missed),
      unfilledMediatorRequests: publish(unfilled),
      rejected: publish(rejected),
      rejectedByReason: reasons.map((r) => ({ reason: r.reason, referrals: publish(r.cell) })),
    },
    monthly: monthly.ok ? monthly.rows : [],
  };
}
