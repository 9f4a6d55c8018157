import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { h } from 'preact';
import { executedRows, type DbOrTx } from '../../platform/db/index.js';
import { HttpError } from '../../platform/http/errors.js';
import type { FormValues } from '../../platform/http/forms.js';
import { countryName } from '../../platform/i18n/countries.js';
import { listRegions } from '../../platform/identity/organisations.js';
import type { Platform } from '../../platform/platform.js';
import type { FieldErrors } from '../../platform/ui/components.js';
import { canSeeIndicators, computeIndicators, GROUP_BY, indicatorsCsv, yearlyRegionalReport, type GroupBy, type IndicatorFilters } from './indicators.js';
import { IndicatorsPage, RegionalReportPage, type IndicatorChoices } from './views/indicators.js';
import { contentDisposition } from '../../platform/storage.js';

/**
 * The care indicators over HTTP: the dashboard, its CSV and the yearly regional report. Coordinators and
 * data-protection contacts (and administrators) see every region's aggregates: they are aggregates, suppressed
 * under 5 in indicators.ts, and comparing regions is what they are for.
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;
/** The first year a report can be asked for; the guidelines are of 2017, the service takes 2000 on. */
const FIRST_YEAR = 2000;
/** How many months the dashboard shows when no period is chosen. */
const DEFAULT_MONTHS = 12;

/** Which filter field a refusal of the service points at. */
const FILTER_FIELDS: Record<string, string> = { 'invalid-month': 'from', 'invalid-range': 'to', 'invalid-id': 'region', 'invalid-time-zone': '_form' };
const FILTER_MESSAGES: Record<string, string> = {
  'invalid-month': 'care.indicators.error.invalid-month',
  'invalid-range': 'care.indicators.error.invalid-range',
  'invalid-id': 'errors.choose',
  'invalid-time-zone': 'care.indicators.error.invalid-time-zone',
};

const monthOf = (d: Date) => d.toISOString().slice(0, 7);
function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/**
 * The organisations the dashboard can be filtered by: those that referred or completed a screening. Each list of
 * ids is a loose index scan (one index probe per organisation, skipping to the next id), since asking per
 * organisation whether it has any referral makes PostgreSQL read the whole table for each one that has none
 * (seconds at 500,000 referrals).
 */
export async function indicatorOrganisations(db: DbOrTx): Promise<{ id: string; name: string; regionId: string | null }[]> {
  const rows = await db.execute(sql`
    WITH RECURSIVE referring(id) AS (
      (SELECT from_organisation_id FROM care_referrals WHERE requested_at IS NOT NULL ORDER BY from_organisation_id LIMIT 1)
      UNION ALL
      SELECT (SELECT r.from_organisation_id FROM care_referrals r WHERE r.from_organisation_id > referring.id AND r.requested_at IS NOT NULL ORDER BY r.from_organisation_id LIMIT 1)
      FROM referring WHERE referring.id IS NOT NULL
    ), screening(id) AS (
      (SELECT organisation_id FROM care_screenings WHERE completed_at IS NOT NULL ORDER BY organisation_id LIMIT 1)
      UNION ALL
      SELECT (SELECT s.organisation_id FROM care_screenings s WHERE s.organisation_id > screening.id AND s.completed_at IS NOT NULL ORDER BY s.organisation_id LIMIT 1)
      FROM screening WHERE screening.id IS NOT NULL
    )
    SELECT o.id, o.name, o.region_id AS "regionId" FROM organisations o
    WHERE o.id IN (SELECT id FROM referring UNION SELECT id FROM screening)
    ORDER BY o.name`);
  return executedRows<{ id: string; name: string; regionId: string | null }>(rows);
}

export function indicatorRoutes(app: FastifyInstance, p: Platform) {
  const db = () => p.database.db;
  const access = { config: { access: { roles: ['network-coordinator', 'data-protection'] as const } } };
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  // Long enough to keep what was typed, so that "2024-033" is refused rather than cut to "2024-03".
  const str = (v: unknown, max = 100) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
  /** Administrators pass the route's role check; the rule of who sees indicators is the service's. */
  const allowed = (req: FastifyRequest) => {
    if (!canSeeIndicators(req.principal)) throw new HttpError(403, 'error.403.body');
  };

  const choicesOf = async (req: FastifyRequest) => {
    const [regionRows, orgRows] = await Promise.all([listRegions(db()), indicatorOrganisations(db())]);
    const countries = [...new Set(regionRows.map((r) => r.country))];
    const regionName = new Map(regionRows.map((r) => [r.id, r.name]));
    const choices: IndicatorChoices = {
      countries: countries.map((c) => ({ value: c, label: countryName(req.locale, c) })).sort((a, b) => a.label.localeCompare(b.label, req.locale)),
      // The country after the region's name only where there is more than one to tell apart.
      regions: regionRows.map((r) => ({ value: r.id, label: countries.length > 1 ? `${r.name} (${countryName(req.locale, r.country)})` : r.name })),
      organisations: orgRows.map((o) => ({ value: o.id, label: o.regionId && regionName.has(o.regionId) ? `${o.name} (${regionName.get(o.regionId)})` : o.name })),
    };
    return { choices, regionCountry: new Map(regionRows.map((r) => [r.id, r.country])) };
  };

  /**
   * The filters of a request, checked against what the form offers. Empty months fall back to the last 12 months
   * (ending with this one); a month given alone takes the other 11 months before or after it.
   */
  const filtersOf = async (req: FastifyRequest) => {
    const qs = q(req);
    const { choices, regionCountry } = await choicesOf(req);
    const values: FormValues = {
      country: str(qs.country, 10).toUpperCase(),
      region: str(qs.region),
      organisation: str(qs.organisation),
      from: str(qs.from, 20),
      to: str(qs.to, 20),
      groupBy: str(qs.groupBy, 20) || 'month',
    };
    const errors: FieldErrors = {};
    const offered = (list: { value: string }[], v: string) => v === '' || list.some((o) => o.value === v);
    if (!offered(choices.countries, values.country!)) errors.country = 'errors.choose';
    if (!offered(choices.regions, values.region!)) errors.region = 'errors.choose';
    else if (values.region && values.country && !errors.country && regionCountry.get(values.region) !== values.country) errors.region = 'errors.regionCountry';
    if (!offered(choices.organisations, values.organisation!)) errors.organisation = 'errors.choose';
    if (!(GROUP_BY as readonly string[]).includes(values.groupBy!)) errors.groupBy = 'errors.choose';
    const validMonth = (m: string) => {
      const match = MONTH.exec(m);
      return !!match && Number(match[1]) >= FIRST_YEAR && Number(match[1]) <= 2200;
    };
    for (const f of ['from', 'to'] as const) if (values[f] && !validMonth(values[f]!)) errors[f] = 'care.indicators.error.invalid-month';
    if (!errors.from && !errors.to) {
      if (!values.from && !values.to) values.to = monthOf(new Date());
      if (!values.from) values.from = addMonths(values.to!, -(DEFAULT_MONTHS - 1));
      if (!values.to) values.to = addMonths(values.from!, DEFAULT_MONTHS - 1);
      if (values.from! > values.to!) errors.to = 'care.indicators.error.invalid-range';
    }
    const filters: IndicatorFilters = {
      country: values.country || null,
      regionId: values.region || null,
      organisationId: values.organisation || null,
      from: values.from || null,
      to: values.to || null,
      groupBy: values.groupBy as GroupBy,
    };
    return { choices, values, errors, filters };
  };

  const dashboard = (reply: FastifyReply, f: Awaited<ReturnType<typeof filtersOf>>, table: Parameters<typeof IndicatorsPage>[0]['table'], errors: FieldErrors) =>
    reply.page(h(IndicatorsPage, { ...f.choices, values: f.values, errors, table }), { status: Object.keys(errors).length ? 400 : 200 });

  app.get('/care/indicators', access, async (req, reply) => {
    allowed(req);
    const f = await filtersOf(req);
    if (Object.keys(f.errors).length) return dashboard(reply, f, null, f.errors);
    // Aggregates over every referral and screening in range: on the read replica when there is one.
    const table = await computeIndicators((await p.reads.forRequest(req)).db, f.filters);
    if (!table.ok) return dashboard(reply, f, null, { [FILTER_FIELDS[table.error] ?? '_form']: FILTER_MESSAGES[table.error] ?? 'errors.invalid' });
    return dashboard(reply, f, table, {});
  });

  app.get('/care/indicators/export.csv', access, async (req, reply) => {
    allowed(req);
    const f = await filtersOf(req);
    const first = Object.values(f.errors)[0];
    if (first) throw new HttpError(400, first);
    const out = await indicatorsCsv((await p.reads.forRequest(req)).db, f.filters, req.t);
    if (!out.ok) throw new HttpError(400, FILTER_MESSAGES[out.error] ?? 'errors.invalid');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `care-indicators-${f.values.from}_${f.values.to}-by-${f.filters.groupBy}.csv`))
      .header('cache-control', 'no-store')
      .send(out.csv);
  });

  app.get('/care/indicators/report', access, async (req, reply) => {
    allowed(req);
    const qs = q(req);
    const all = await listRegions(db());
    const asked = str(qs.region);
    const region = asked ? all.find((r) => r.id === asked) : all[0];
    if (asked && !region) throw new HttpError(404, 'error.404.body');
    const thisYear = new Date().getUTCFullYear();
    const values: FormValues = { region: region?.id ?? '', year: str(qs.year, 20) || String(thisYear - 1) };
    const countries = new Set(all.map((r) => r.country));
    const regions = all.map((r) => ({ value: r.id, label: countries.size > 1 ? `${r.name} (${countryName(req.locale, r.country)})` : r.name }));
    const page = (props: { report?: Parameters<typeof RegionalReportPage>[0]['report']; errors?: FieldErrors }, status = 200) =>
      reply.page(h(RegionalReportPage, { regions, values, errors: props.errors, report: props.report ?? null, generatedAt: new Date() }), { status });
    if (!region) return page({});
    const year = Number(values.year);
    const badYear = () => page({ errors: { year: 'care.indicators.report.errors.year' } }, 400);
    if (!YEAR.test(values.year!) || year < FIRST_YEAR || year > thisYear) return badYear();
    const report = await yearlyRegionalReport((await p.reads.forRequest(req)).db, region.id, year);
    if (!report.ok) {
      if (report.error === 'not-found') throw new HttpError(404, 'error.404.body');
      return badYear();
    }
    return page({ report });
  });
}
