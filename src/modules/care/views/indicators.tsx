import type { ComponentChildren } from 'preact';
import type { FormValues } from '../../../platform/http/forms.js';
import { languageName } from '../../../platform/i18n/index.js';
import { Alert, Breadcrumbs, Button, ErrorSummary, Facts, Field, FieldMessages, Form, queryHref, SelectField, Table, type Column, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { MEASURES, MIN_CELL, OTHER, type Cell, type GroupBy, type IndicatorRow, type IndicatorTable, type RegionalReport, type UrgencyFigures } from '../indicators.js';
import { URGENCIES } from '../schema.js';
import { ChartWithTable, useChartFormat, type ChartFormat } from './charts.js';
import { careCrumbs } from './residents.js';

/**
 * The care indicators dashboard (filters, a summary, a chart with its table per measure) and the yearly regional
 * report. Every figure arrives already suppressed from indicators.ts; the views only say "<5" where it is.
 */

type Option = { value: string; label: string };

/** A published figure in a table: the formatted value, or "<5" with its explanation. */
export function Figure({ cell, format = 'count' }: { cell: Cell; format?: ChartFormat }) {
  const { t } = usePage();
  const fmt = useChartFormat();
  if (cell.suppressed || cell.value === null) {
    return (
      <abbr class="care-suppressed" dir="ltr" title={t('care.indicators.suppressed', { min: MIN_CELL })} data-suppressed="true">
        {`<${MIN_CELL}`}
      </abbr>
    );
  }
  return <>{fmt(cell.value, format)}</>;
}

/** A month as "YYYY-MM", with the same label, hint and error wiring as the platform's fields (which have no month type). */
function MonthField({ name, label, hint, value, error }: { name: string; label: string; hint?: string; value?: string; error?: string }) {
  const id = `field-${name}`;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      <FieldMessages id={id} hint={hint} error={error} />
      {/* Browsers without a month picker show a text box: the hint gives the format, the server checks it. A refused
          value comes back in a text box, which (unlike a month picker) shows it as typed. */}
      <input id={id} name={name} type={error ? 'text' : 'month'} value={value || undefined} pattern="[0-9]{4}-[0-9]{2}" aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} />
    </div>
  );
}

const MONTH_KEY = /^\d{4}-\d{2}$/;

/**
 * "2024-03" in the page's language; other keys as they are. Short ("Mar 24") where twelve must fit under a chart,
 * long ("March 2024") in running text and the report's month-by-month table.
 */
function useMonthLabel() {
  const { locale } = usePage();
  const short = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const long = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return (key: string, style: 'short' | 'long' = 'short') => (MONTH_KEY.test(key) ? (style === 'short' ? short : long).format(new Date(`${key}-01T00:00:00Z`)) : key);
}

/** A table of "measure: figure" lines. */
function FigureTable({ caption, lines, header }: { caption: string; lines: { label: string; cell: Cell; format?: ChartFormat }[]; header?: string }) {
  const { t } = usePage();
  return (
    <Table
      caption={caption}
      rows={lines}
      columns={[
        { header: t('care.indicators.column.measure'), cell: (l) => l.label },
        { header: header ?? t('care.indicators.column.value'), numeric: true, cell: (l) => <Figure cell={l.cell} format={l.format} /> },
      ]}
    />
  );
}

interface ChartSpec {
  id: string;
  title: string;
  description: string;
  kind: 'bar' | 'line';
  stacked?: boolean;
  format: ChartFormat;
  series: { key: string; label: string; cell: (r: IndicatorRow) => Cell }[];
}

function IndicatorChart({ spec, table, categories, categoryHeader }: { spec: ChartSpec; table: IndicatorTable; categories: { key: string; label: string }[]; categoryHeader: string }) {
  const { t } = usePage();
  return (
    <ChartWithTable
      id={spec.id}
      kind={spec.kind}
      stacked={spec.stacked}
      format={spec.format}
      title={spec.title}
      description={spec.description}
      caption={t('care.indicators.chart.tableCaption', { title: spec.title })}
      categoryHeader={categoryHeader}
      categories={categories}
      series={spec.series.map((s) => ({ key: s.key, label: s.label, values: table.rows.map(s.cell) }))}
      total={{ label: t('care.indicators.total'), values: spec.series.map((s) => s.cell(table.total)) }}
    />
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id} class="care-indicators__section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export interface IndicatorChoices {
  countries: Option[];
  regions: Option[];
  organisations: Option[];
}

export function IndicatorsPage(props: IndicatorChoices & { values: FormValues; errors?: FieldErrors; table: IndicatorTable | null }) {
  const { t } = usePage();
  const monthLabel = useMonthLabel();
  const v = props.values;
  const e = props.errors ?? {};
  const table = props.table;
  const title = t('care.indicators.title');
  const all = t('care.indicators.filter.all');
  const groupBy = (table?.groupBy ?? 'month') as GroupBy;
  // Rates and waits over months read as a line; over regions or organisations, as bars side by side.
  const overTime: 'line' | 'bar' = groupBy === 'month' ? 'line' : 'bar';
  const reportHref = queryHref('/care/indicators/report', { region: v.region && !e.region ? v.region : undefined });
  const csvHref = queryHref('/care/indicators/export.csv', { country: v.country, region: v.region, organisation: v.organisation, from: v.from, to: v.to, groupBy: v.groupBy });
  const categories = (table?.rows ?? []).map((r) => ({ key: r.key, label: r.key === 'none' ? t('care.indicators.notRecorded') : groupBy === 'month' ? monthLabel(r.key) : (r.label ?? t('care.indicators.notRecorded')) }));
  const categoryHeader = t(`care.indicators.groupBy.${groupBy}`);
  const measure = (key: string) => MEASURES.find((m) => m.key === key)!;
  const one = (key: string, id: string, kind: 'bar' | 'line', description: string, title?: string): ChartSpec => {
    const m = measure(key);
    return { id, title: title ?? t(m.label), description, kind, format: m.kind, series: [{ key, label: t(m.label), cell: m.cell }] };
  };
  const min = { min: MIN_CELL };
  const sections: { id: string; title: string; charts: ChartSpec[] }[] = [
    {
      id: 'indicators-screening',
      title: t('care.indicators.section.screening'),
      charts: [one('residentsScreened', 'chart-screened', 'bar', t('care.indicators.chart.screenedDesc', min)), one('aboveCutoffShare', 'chart-above-cutoff', overTime, t('care.indicators.chart.aboveCutoffDesc', min))],
    },
    {
      id: 'indicators-referrals',
      title: t('care.indicators.section.referrals'),
      charts: [
        {
          id: 'chart-referrals-by-urgency',
          title: t('care.indicators.chart.referralsByUrgency'),
          description: t('care.indicators.chart.referralsByUrgencyDesc', min),
          kind: 'bar',
          stacked: true,
          format: 'count',
          series: URGENCIES.map((u) => ({ key: u, label: t(`care.indicators.urgency.${u}`), cell: (r: IndicatorRow) => r.byUrgency[u] })),
        },
        one('acceptanceRate', 'chart-acceptance', overTime, t('care.indicators.chart.acceptanceDesc', min)),
        one('openPastTarget', 'chart-open-past-target', 'bar', t('care.indicators.chart.openPastTargetDesc', min)),
      ],
    },
    {
      id: 'indicators-time-to-care',
      title: t('care.indicators.section.timeToCare'),
      charts: [
        {
          id: 'chart-time-to-care',
          title: t('care.indicators.chart.timeToCare'),
          description: t('care.indicators.chart.timeToCareDesc', min),
          kind: overTime,
          format: 'days',
          series: [
            { key: 'median', label: t('care.indicators.chart.median'), cell: measure('medianDaysToFirstAppointment').cell },
            { key: 'p90', label: t('care.indicators.chart.p90'), cell: measure('p90DaysToFirstAppointment').cell },
          ],
        },
        one('withinTargetShare', 'chart-within-target', overTime, t('care.indicators.chart.withinTargetDesc'), t('care.indicators.chart.withinTarget')),
        one('missedFirstAppointments', 'chart-missed', 'bar', t('care.indicators.chart.missedDesc', min)),
      ],
    },
    {
      id: 'indicators-mediation',
      title: t('care.indicators.section.mediation'),
      charts: [one('mediatorRequests', 'chart-mediator-requests', 'bar', t('care.indicators.chart.mediatorRequestsDesc', min)), one('mediatorRequestsMetShare', 'chart-mediator-met', overTime, t('care.indicators.chart.mediatorMetDesc', min))],
    },
  ];
  return (
    <Layout title={title}>
      <Breadcrumbs items={careCrumbs(t, { label: title })} />
      <h1>{title}</h1>
      <p>{t('care.indicators.intro', min)}</p>
      <Alert kind="info">{t('care.indicators.suppressionNote', min)}</Alert>
      <ErrorSummary errors={e} />
      <Form action="/care/indicators" method="get" class="filters care-indicators__filters" aria-label={t('care.indicators.filter.legend')}>
        <SelectField name="country" label={t('care.indicators.filter.country')} value={v.country} error={e.country} emptyLabel={all} options={props.countries} />
        <SelectField name="region" label={t('care.indicators.filter.region')} value={v.region} error={e.region} emptyLabel={all} options={props.regions} />
        <SelectField name="organisation" label={t('care.indicators.filter.organisation')} hint={t('care.indicators.filter.organisationHint')} value={v.organisation} error={e.organisation} emptyLabel={all} options={props.organisations} />
        <MonthField name="from" label={t('care.indicators.filter.from')} hint={t('care.indicators.filter.monthHint')} value={v.from} error={e.from} />
        <MonthField name="to" label={t('care.indicators.filter.to')} hint={t('care.indicators.filter.monthHint')} value={v.to} error={e.to} />
        <SelectField name="groupBy" label={t('care.indicators.filter.groupBy')} value={v.groupBy || 'month'} error={e.groupBy} options={(['month', 'region', 'organisation'] as const).map((g) => ({ value: g, label: t(`care.indicators.groupBy.${g}`) }))} />
        <Button variant="secondary">{t('care.indicators.filter.apply')}</Button>
      </Form>
      <ul class="link-list care-indicators__links">
        {table && (
          <li>
            <a href={csvHref} download>
              {t('care.indicators.exportCsv')}
            </a>
          </li>
        )}
        <li>
          <a href={reportHref}>{t('care.indicators.report.name')}</a>
        </li>
      </ul>
      {table && (
        <>
          <Section id="indicators-summary" title={t('care.indicators.summary.title')}>
            <FigureTable
              caption={t('care.indicators.summary.caption', { period: t('care.indicators.period', { from: monthLabel(v.from!, 'long'), to: monthLabel(v.to!, 'long') }) })}
              header={t('care.indicators.total')}
              lines={MEASURES.map((m) => ({ label: t(m.label), cell: m.cell(table.total), format: m.kind }))}
            />
          </Section>
          {table.rows.length === 0 ? (
            <p>{t('care.indicators.noData')}</p>
          ) : (
            sections.map((s) => (
              <Section key={s.id} id={s.id} title={s.title}>
                {s.charts.map((c) => (
                  <IndicatorChart key={c.id} spec={c} table={table} categories={categories} categoryHeader={categoryHeader} />
                ))}
              </Section>
            ))
          )}
        </>
      )}
    </Layout>
  );
}

// ---- The yearly regional report ----------------------------------------------------------------------------

export function RegionalReportPage(props: { regions: Option[]; values: FormValues; errors?: FieldErrors; report: RegionalReport | null; generatedAt?: Date }) {
  const { t, locale, formatNumber } = usePage();
  const monthLabel = useMonthLabel();
  const e = props.errors ?? {};
  const r = props.report;
  const listTitle = t('care.indicators.report.name');
  const title = r ? t('care.indicators.report.title', { region: r.region.name, year: String(r.year) }) : listTitle;
  const caption = (section: string) => (r ? t('care.indicators.report.caption', { section, region: r.region.name, year: String(r.year) }) : section);
  const min = { min: MIN_CELL };
  const urgencyRows: { key: string; label: string; target: number | null | undefined; f: UrgencyFigures; total?: boolean }[] = r
    ? [
        ...URGENCIES.map((u) => ({ key: u, label: t(`care.indicators.urgency.${u}`), target: r.takingCharge.targetHours[u], f: r.takingCharge.byUrgency[u] })),
        { key: 'total', label: t('care.indicators.total'), target: undefined, f: r.takingCharge.total, total: true },
      ]
    : [];
  const fig = (pick: (f: UrgencyFigures) => Cell, format: ChartFormat = 'count') => (row: (typeof urgencyRows)[number]) => <Figure cell={pick(row.f)} format={format} />;
  const urgencyColumns: Column<(typeof urgencyRows)[number]>[] = [
    { header: t('care.indicators.report.urgency'), cell: (row) => (row.total ? <strong>{row.label}</strong> : row.label) },
    { header: t('care.indicators.report.targetHours'), numeric: true, cell: (row) => (row.total ? '' : row.target === null || row.target === undefined ? t('care.indicators.report.notSet') : formatNumber(row.target)) },
    { header: t('care.indicators.measure.referrals'), numeric: true, cell: fig((f) => f.referrals) },
    { header: t('care.indicators.measure.acceptanceRate'), numeric: true, cell: fig((f) => f.acceptanceRate, 'share') },
    { header: t('care.indicators.measure.takenInCharge'), numeric: true, cell: fig((f) => f.takenInCharge) },
    { header: t('care.indicators.measure.medianDays'), numeric: true, cell: fig((f) => f.medianDaysToFirstAppointment, 'days') },
    { header: t('care.indicators.measure.p90Days'), numeric: true, cell: fig((f) => f.p90DaysToFirstAppointment, 'days') },
    { header: t('care.indicators.measure.withinTargetShare'), numeric: true, cell: fig((f) => f.withinTargetShare, 'share') },
    { header: t('care.indicators.measure.missedFirstAppointments'), numeric: true, cell: fig((f) => f.missedFirstAppointments) },
    { header: t('care.indicators.measure.openPastTarget'), numeric: true, cell: fig((f) => f.openPastTarget) },
  ];
  const reasonLabel = (reason: string) => {
    if (reason === OTHER) return t('care.indicators.report.otherReasons');
    const key = `care.referral.rejectReason.${reason}`;
    const label = t(key);
    return label === key ? reason : label;
  };
  const MONTHLY = ['residentsScreened', 'referrals', 'acceptanceRate', 'medianDaysToFirstAppointment', 'withinTargetShare', 'missedFirstAppointments', 'mediatorRequestsMetShare', 'openPastTarget'];
  const monthlyMeasures = MEASURES.filter((m) => MONTHLY.includes(m.key));
  const orgList = (items: { id: string; name: string }[]) =>
    items.length ? (
      <ul>
        {items.map((o) => (
          <li key={o.id}>{o.name}</li>
        ))}
      </ul>
    ) : (
      <p>{t('care.indicators.report.none')}</p>
    );
  return (
    <Layout title={title}>
      <div class="care-report">
        <Breadcrumbs items={careCrumbs(t, { href: '/care/indicators', label: t('care.indicators.title') }, { label: listTitle })} />
        <h1>{title}</h1>
        <p>{t('care.indicators.report.intro', min)}</p>
        <ErrorSummary errors={e} />
        {props.regions.length === 0 ? (
          <p>{t('care.indicators.report.noRegions')}</p>
        ) : (
          <Form action="/care/indicators/report" method="get" class="filters" aria-label={listTitle}>
            <SelectField name="region" label={t('care.indicators.filter.region')} value={props.values.region} error={e.region} options={props.regions} />
            <Field name="year" label={t('care.indicators.report.year')} hint={t('care.indicators.report.yearHint')} inputMode="numeric" maxLength={4} value={props.values.year} error={e.year} required />
            <Button variant="secondary">{t('care.indicators.report.show')}</Button>
          </Form>
        )}
        {r && (
          <>
            <Facts
              items={[
                [t('care.indicators.filter.region'), r.region.name],
                [t('care.indicators.report.period'), t('care.indicators.period', { from: monthLabel(`${r.year}-01`, 'long'), to: monthLabel(`${r.year}-12`, 'long') })],
                [t('care.indicators.report.timeZone'), r.timeZone.replace(/_/g, ' ')],
                ...(props.generatedAt ? ([[t('care.indicators.report.generatedAt'), new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: r.timeZone }).format(props.generatedAt)]] as [string, string][]) : []),
              ]}
            />
            <Alert kind="info">{t('care.indicators.suppressionNote', min)}</Alert>

            <Section id="report-organisations" title={t('care.indicators.report.organisations')}>
              <h3>{t('care.indicators.report.receptionCentres')}</h3>
              {orgList(r.organisations.receptionCentres)}
              <h3>{t('care.indicators.report.healthServices')}</h3>
              {orgList(r.organisations.healthServices)}
              <h3>{t('care.indicators.report.mediatorAgencies')}</h3>
              {orgList(r.organisations.mediatorAgencies)}
            </Section>

            <Section id="report-identification" title={t('care.indicators.report.identification')}>
              <FigureTable
                caption={caption(t('care.indicators.report.identification'))}
                lines={[
                  { label: t('care.indicators.report.residentsScreened'), cell: r.identification.residentsScreened },
                  { label: t('care.indicators.report.residentsAboveCutoff'), cell: r.identification.residentsAboveCutoff },
                  { label: t('care.indicators.measure.aboveCutoffShare'), cell: r.identification.aboveCutoffShare, format: 'share' },
                  { label: t('care.indicators.report.residentsReferred'), cell: r.identification.residentsReferred },
                ]}
              />
            </Section>

            <Section id="report-taking-charge" title={t('care.indicators.report.takingCharge')}>
              <Table caption={caption(t('care.indicators.report.takingCharge'))} rows={urgencyRows} columns={urgencyColumns} />
            </Section>

            <Section id="report-certification" title={t('care.indicators.report.certification')}>
              <FigureTable
                caption={caption(t('care.indicators.report.certification'))}
                lines={[
                  { label: t('care.indicators.report.certificationReferrals'), cell: r.certification.referrals },
                  { label: t('care.indicators.measure.takenInCharge'), cell: r.certification.takenInCharge },
                  { label: t('care.indicators.report.certificationCompleted'), cell: r.certification.completed },
                ]}
              />
            </Section>

            <Section id="report-mediation" title={t('care.indicators.report.mediation')}>
              <FigureTable
                caption={caption(t('care.indicators.report.mediation'))}
                lines={[
                  { label: t('care.indicators.measure.mediatorRequests'), cell: r.mediation.requests },
                  { label: t('care.indicators.report.mediatorBooked'), cell: r.mediation.booked },
                  { label: t('care.indicators.report.mediatorUnfilled'), cell: r.mediation.unfilled },
                  { label: t('care.indicators.measure.mediatorRequestsMetShare'), cell: r.mediation.metShare, format: 'share' },
                ]}
              />
              <Table
                caption={t('care.indicators.report.byLanguage')}
                rows={r.mediation.byLanguage}
                empty={t('care.indicators.report.none')}
                columns={[
                  { header: t('care.indicators.report.language'), cell: (l) => (l.language === OTHER ? t('care.indicators.report.otherLanguages') : languageName(locale, l.language)) },
                  { header: t('care.indicators.measure.mediatorRequests'), numeric: true, cell: (l) => <Figure cell={l.requests} /> },
                ]}
              />
            </Section>

            <Section id="report-open-issues" title={t('care.indicators.report.openIssues')}>
              <FigureTable
                caption={caption(t('care.indicators.report.openIssues'))}
                lines={[
                  { label: t('care.indicators.measure.openPastTarget'), cell: r.openIssues.openPastTarget },
                  { label: t('care.indicators.measure.missedFirstAppointments'), cell: r.openIssues.missedFirstAppointments },
                  { label: t('care.indicators.report.unfilledMediatorRequests'), cell: r.openIssues.unfilledMediatorRequests },
                  { label: t('care.indicators.report.rejected'), cell: r.openIssues.rejected },
                ]}
              />
              <Table
                caption={t('care.indicators.report.byReason')}
                rows={r.openIssues.rejectedByReason}
                empty={t('care.indicators.report.none')}
                columns={[
                  { header: t('care.indicators.report.reason'), cell: (x) => reasonLabel(x.reason) },
                  { header: t('care.indicators.measure.referrals'), numeric: true, cell: (x) => <Figure cell={x.referrals} /> },
                ]}
              />
            </Section>

            <Section id="report-monthly" title={t('care.indicators.report.monthly')}>
              <ChartWithTable
                id="report-referrals-by-urgency"
                kind="bar"
                stacked
                title={t('care.indicators.chart.referralsByUrgency')}
                description={t('care.indicators.chart.referralsByUrgencyDesc', min)}
                caption={t('care.indicators.chart.tableCaption', { title: t('care.indicators.chart.referralsByUrgency') })}
                categoryHeader={t('care.indicators.groupBy.month')}
                categories={r.monthly.map((m) => ({ key: m.key, label: monthLabel(m.key) }))}
                series={URGENCIES.map((u) => ({ key: u, label: t(`care.indicators.urgency.${u}`), values: r.monthly.map((m) => m.byUrgency[u]) }))}
              />
              <Table
                caption={caption(t('care.indicators.report.monthly'))}
                rows={r.monthly}
                columns={[
                  { header: t('care.indicators.groupBy.month'), cell: (m: IndicatorRow) => monthLabel(m.key, 'long') },
                  ...monthlyMeasures.map((m) => ({ header: t(m.label), numeric: true, cell: (row: IndicatorRow) => <Figure cell={m.cell(row)} format={m.kind} /> })),
                ]}
              />
            </Section>
          </>
        )}
      </div>
    </Layout>
  );
}
