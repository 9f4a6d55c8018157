import type { ComponentChildren } from 'preact';
import { Table, type Column } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { MIN_CELL, type Cell } from '../indicators.js';

/**
 * Accessible SVG charts for the care indicators, rendered on the server (no script): an image with a title and a
 * description, text labels on the axes and the values, patterns and marker shapes so that colour is never the only
 * cue, a viewBox so it scales, mirrored for right-to-left pages. A suppressed value (fewer than 5) is drawn as a
 * marked gap, never as a zero, and the legend says what the mark means. Every chart comes with its data table
 * (`ChartWithTable`): the figures are never only in the picture.
 */

export type ChartFormat = 'count' | 'share' | 'days';

export interface ChartSeries {
  key: string;
  label: string;
  values: Cell[];
}

export interface ChartProps {
  /** Unique on the page: the ids of the title, description and patterns derive from it. */
  id: string;
  title: string;
  description: string;
  categories: { key: string; label: string }[];
  series: ChartSeries[];
  format?: ChartFormat;
  /** Defaults to the page's direction. */
  dir?: 'ltr' | 'rtl';
}

/** Colour-blind-safe hues, each dark enough for white text and for 3:1 against the page. */
const COLOURS = ['#0b5d7a', '#b35900', '#1d6b35', '#6b3fa0'];
const INK = '#1b1f24';
const GRID = '#c9ced6';
const W = 640;
const H = 300;
const PAD = { top: 28, bottom: 44, axis: 56, end: 16 };

const plotWidth = W - PAD.axis - PAD.end;
const plotHeight = H - PAD.top - PAD.bottom;

/** A round step for about `count` ticks: 1, 2 or 5 times a power of ten. */
function niceStep(max: number, count = 4): number {
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function scaleOf(max: number, format: ChartFormat) {
  if (format === 'share') return { top: 1, ticks: [0, 0.25, 0.5, 0.75, 1] };
  const step = niceStep(Math.max(max, format === 'count' ? 4 : 1));
  const top = Math.ceil(Math.max(max, step) / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return { top, ticks };
}

const percentFormats = new Map<string, Intl.NumberFormat>();

/** Formats values in the page's language: counts and days as numbers, shares as percentages. */
export function useChartFormat() {
  const { locale, formatNumber } = usePage();
  let percent = percentFormats.get(locale);
  if (!percent) percentFormats.set(locale, (percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })));
  return (v: number, format: ChartFormat) => (format === 'share' ? percent.format(v) : formatNumber(format === 'days' ? Math.round(v * 10) / 10 : v));
}

/** Places things in the plot from the start of the reading direction: x runs right to left on rtl pages. */
function geometry(dir: 'ltr' | 'rtl', categories: number) {
  const band = plotWidth / Math.max(categories, 1);
  const rtl = dir === 'rtl';
  return {
    band,
    rtl,
    /** The left edge of something `width` wide, `offset` into the plot in reading order. */
    x: (offset: number, width = 0) => (rtl ? W - PAD.axis - offset - width : PAD.axis + offset),
    axisX: rtl ? W - PAD.axis : PAD.axis,
    plotStart: rtl ? PAD.end : PAD.axis,
    labelX: rtl ? W - PAD.axis + 6 : PAD.axis - 6,
    labelAnchor: rtl ? 'start' : 'end',
  } as const;
}

/** Fills: series 0 solid, then stripes, dots and cross-hatching over the colour. */
function Patterns({ id, count }: { id: string; count: number }) {
  return (
    <defs>
      {Array.from({ length: count }, (_, i) => {
        const colour = COLOURS[i % COLOURS.length]!;
        const kind = i % 4;
        return (
          <pattern key={i} id={`${id}-fill-${i}`} width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill={colour} />
            {kind === 1 && <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#ffffff" stroke-width="1.6" />}
            {kind === 2 && <circle cx="4" cy="4" r="1.6" fill="#ffffff" />}
            {kind === 3 && <path d="M0,0 L8,8 M8,0 L0,8" stroke="#ffffff" stroke-width="1.2" />}
          </pattern>
        );
      })}
    </defs>
  );
}

function Axis({ ticks, top, format, dir }: { ticks: number[]; top: number; format: ChartFormat; dir: 'ltr' | 'rtl' }) {
  const fmt = useChartFormat();
  const g = geometry(dir, 1);
  const y = (v: number) => PAD.top + plotHeight - (v / top) * plotHeight;
  return (
    <g class="care-chart__axis">
      {ticks.map((v) => (
        <g key={v}>
          <line x1={g.plotStart} x2={g.plotStart + plotWidth} y1={y(v)} y2={y(v)} stroke={GRID} stroke-width="1" />
          <text x={g.labelX} y={y(v) + 4} text-anchor={g.labelAnchor} font-size="11" fill={INK}>
            {fmt(v, format)}
          </text>
        </g>
      ))}
      <line x1={g.axisX} x2={g.axisX} y1={PAD.top} y2={PAD.top + plotHeight} stroke={INK} stroke-width="1" />
    </g>
  );
}

function CategoryLabels({ categories, dir }: { categories: { key: string; label: string }[]; dir: 'ltr' | 'rtl' }) {
  const g = geometry(dir, categories.length);
  // Every label when they fit, else every n-th: the table names them all.
  const every = Math.max(1, Math.ceil(categories.length / 12));
  return (
    <g class="care-chart__categories">
      {categories.map((c, i) =>
        i % every === 0 ? (
          <text key={c.key} x={g.x(i * g.band + g.band / 2)} y={H - PAD.bottom + 16} text-anchor="middle" font-size="11" fill={INK}>
            {c.label}
          </text>
        ) : null,
      )}
    </g>
  );
}

/** A suppressed value: a dashed empty box on the baseline, labelled "<5", never a bar of height zero. */
function Gap({ x, width }: { x: number; width: number }) {
  const base = PAD.top + plotHeight;
  return (
    <g class="care-chart__suppressed">
      <rect x={x} y={base - 10} width={Math.max(width, 6)} height="10" fill="none" stroke={INK} stroke-width="1" stroke-dasharray="2 2" />
      <text x={x + Math.max(width, 6) / 2} y={base - 14} text-anchor="middle" font-size="10" fill={INK}>
        {`<${MIN_CELL}`}
      </text>
    </g>
  );
}

function Frame(props: ChartProps & { children: ComponentChildren }) {
  return (
    // Positions are mirrored by hand for right-to-left pages; the SVG's own text direction stays left to right so
    // that text-anchor means the same everywhere and "<5" does not turn into "5>".
    <svg class="care-chart__svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} width="100%" preserveAspectRatio="xMidYMid meet" direction="ltr" font-family="inherit">
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      <Patterns id={props.id} count={props.series.length} />
      {props.children}
    </svg>
  );
}

/**
 * Bars by category (months, regions…): side by side per series, or stacked (e.g. referrals by urgency). Each bar
 * carries its value as text; in a stack, the segments tall enough carry theirs and the total stands on top.
 */
export function BarChart(props: ChartProps & { stacked?: boolean }) {
  const { dir: pageDir } = usePage();
  const dir = props.dir ?? pageDir;
  const format = props.format ?? 'count';
  const fmt = useChartFormat();
  const g = geometry(dir, props.categories.length);
  const visible = (c: Cell | undefined) => (c && !c.suppressed && c.value !== null ? c.value : null);
  const heights = props.categories.map((_, i) => (props.stacked ? props.series.reduce((s, se) => s + (visible(se.values[i]) ?? 0), 0) : Math.max(0, ...props.series.map((se) => visible(se.values[i]) ?? 0))));
  const { top, ticks } = scaleOf(Math.max(0, ...heights), format);
  const y = (v: number) => PAD.top + plotHeight - (v / top) * plotHeight;
  const inner = g.band * 0.7;
  const barWidth = props.stacked ? inner : inner / Math.max(props.series.length, 1);
  return (
    <Frame {...props} dir={dir}>
      <Axis ticks={ticks} top={top} format={format} dir={dir} />
      {props.categories.map((c, i) => {
        const start = i * g.band + (g.band - inner) / 2;
        if (props.stacked) {
          let acc = 0;
          const anySuppressed = props.series.some((se) => !visible(se.values[i]) && se.values[i]?.suppressed);
          const allSuppressed = props.series.every((se) => visible(se.values[i]) === null);
          return (
            <g key={c.key} class="care-chart__bar">
              {props.series.map((se, k) => {
                const v = visible(se.values[i]);
                if (v === null || v === 0) return null;
                const y0 = y(acc + v);
                const h = y(acc) - y0;
                acc += v;
                return (
                  <g key={se.key}>
                    <rect x={g.x(start, barWidth)} y={y0} width={barWidth} height={h} fill={`url(#${props.id}-fill-${k})`} stroke="#ffffff" stroke-width="0.5">
                      <title>{`${c.label}, ${se.label}: ${fmt(v, format)}`}</title>
                    </rect>
                    {h >= 14 && (
                      <text x={g.x(start + barWidth / 2)} y={y0 + h / 2 + 4} text-anchor="middle" font-size="10" fill="#ffffff" stroke={COLOURS[k % COLOURS.length]} stroke-width="3" paint-order="stroke">
                        {fmt(v, format)}
                      </text>
                    )}
                  </g>
                );
              })}
              {allSuppressed ? (
                <Gap x={g.x(start, barWidth)} width={barWidth} />
              ) : (
                <text x={g.x(start + barWidth / 2)} y={y(acc) - 4} text-anchor="middle" font-size="11" fill={INK}>
                  {anySuppressed ? `${fmt(acc, format)}+` : fmt(acc, format)}
                </text>
              )}
            </g>
          );
        }
        return (
          <g key={c.key} class="care-chart__bar">
            {props.series.map((se, k) => {
              const x = g.x(start + k * barWidth, barWidth);
              const v = visible(se.values[i]);
              if (v === null) return <Gap key={se.key} x={x + 1} width={barWidth - 2} />;
              return (
                <g key={se.key}>
                  <rect x={x + 1} y={y(v)} width={Math.max(barWidth - 2, 1)} height={Math.max(y(0) - y(v), 0)} fill={`url(#${props.id}-fill-${k})`}>
                    <title>{`${c.label}, ${se.label}: ${fmt(v, format)}`}</title>
                  </rect>
                  <text x={x + barWidth / 2} y={y(v) - 4} text-anchor="middle" font-size="10" fill={INK}>
                    {fmt(v, format)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
      <CategoryLabels categories={props.categories} dir={dir} />
    </Frame>
  );
}

/** Marker shapes per series (circle, square, triangle, diamond), so that lines differ without colour too. */
function Marker({ kind, x, y, colour, hollow }: { kind: number; x: number; y: number; colour: string; hollow?: boolean }) {
  const fill = hollow ? '#ffffff' : colour;
  const common = { fill, stroke: colour, 'stroke-width': 1.5 };
  switch (kind % 4) {
    case 1:
      return <rect x={x - 4} y={y - 4} width="8" height="8" {...common} />;
    case 2:
      return <path d={`M${x},${y - 5} L${x + 5},${y + 4} L${x - 5},${y + 4} Z`} {...common} />;
    case 3:
      return <path d={`M${x},${y - 5} L${x + 5},${y} L${x},${y + 5} L${x - 5},${y} Z`} {...common} />;
    default:
      return <circle cx={x} cy={y} r="4" {...common} />;
  }
}

/**
 * Lines over categories (months): one per series, with a marker shape of its own and its name written at its last
 * point. A suppressed value breaks the line, and the gap is marked on the baseline.
 */
export function LineChart(props: ChartProps) {
  const { dir: pageDir } = usePage();
  const dir = props.dir ?? pageDir;
  const format = props.format ?? 'count';
  const fmt = useChartFormat();
  const g = geometry(dir, props.categories.length);
  const visible = (c: Cell | undefined) => (c && !c.suppressed && c.value !== null ? c.value : null);
  const { top, ticks } = scaleOf(Math.max(0, ...props.series.flatMap((se) => se.values.map((v) => visible(v) ?? 0))), format);
  const y = (v: number) => PAD.top + plotHeight - (v / top) * plotHeight;
  const cx = (i: number) => g.x(i * g.band + g.band / 2);
  const dashes = ['', '6 3', '2 3', '8 3 2 3'];
  return (
    <Frame {...props} dir={dir}>
      <Axis ticks={ticks} top={top} format={format} dir={dir} />
      {props.series.map((se, k) => {
        const colour = COLOURS[k % COLOURS.length]!;
        // Runs of consecutive visible points; a suppressed value ends a run.
        const runs: { i: number; v: number }[][] = [];
        let run: { i: number; v: number }[] = [];
        se.values.forEach((c, i) => {
          const v = visible(c);
          if (v === null) {
            if (run.length) runs.push(run);
            run = [];
          } else run.push({ i, v });
        });
        if (run.length) runs.push(run);
        const last = runs.at(-1)?.at(-1);
        return (
          <g key={se.key} class="care-chart__line">
            {runs.map((r, n) => (
              <path key={n} d={r.map((p, j) => `${j ? 'L' : 'M'}${cx(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')} fill="none" stroke={colour} stroke-width="2" stroke-dasharray={dashes[k % dashes.length] || undefined} />
            ))}
            {se.values.map((c, i) => {
              const v = visible(c);
              return v === null ? (
                <Gap key={i} x={cx(i) - 4} width={8} />
              ) : (
                <g key={i}>
                  <Marker kind={k} x={cx(i)} y={y(v)} colour={colour} />
                  <title>{`${props.categories[i]?.label ?? ''}, ${se.label}: ${fmt(v, format)}`}</title>
                </g>
              );
            })}
            {last && (
              // Above the last point, running back into the plot so that it is never cut at the edge.
              <text x={cx(last.i) + (g.rtl ? -4 : 4)} y={y(last.v) - 10} text-anchor={g.rtl ? 'start' : 'end'} font-size="11" fill={INK} stroke="#ffffff" stroke-width="3" paint-order="stroke">
                {se.label}
              </text>
            )}
          </g>
        );
      })}
      <CategoryLabels categories={props.categories} dir={dir} />
    </Frame>
  );
}

/** The legend in HTML (readable, translatable, zoomable): each series' swatch with its pattern or marker, and the gap mark. */
function Legend({ id, series, kind, suppressed }: { id: string; series: ChartSeries[]; kind: 'bar' | 'line'; suppressed: boolean }) {
  const { t } = usePage();
  return (
    <ul class="care-chart__legend">
      {series.map((se, k) => (
        <li key={se.key}>
          <svg width="24" height="14" viewBox="0 0 24 14" aria-hidden="true" focusable="false">
            {kind === 'bar' ? (
              <>
                <Patterns id={`${id}-legend-${k}`} count={k + 1} />
                <rect x="2" y="1" width="20" height="12" fill={`url(#${id}-legend-${k}-fill-${k})`} />
              </>
            ) : (
              <>
                <line x1="0" x2="24" y1="7" y2="7" stroke={COLOURS[k % COLOURS.length]} stroke-width="2" />
                <Marker kind={k} x={12} y={7} colour={COLOURS[k % COLOURS.length]!} />
              </>
            )}
          </svg>{' '}
          {se.label}
        </li>
      ))}
      {suppressed && (
        <li class="care-chart__legend-suppressed">
          <svg width="24" height="14" viewBox="0 0 24 14" aria-hidden="true" focusable="false">
            <rect x="4" y="3" width="16" height="10" fill="none" stroke={INK} stroke-width="1" stroke-dasharray="2 2" />
          </svg>{' '}
          {t('care.indicators.chart.suppressedNote', { min: MIN_CELL })}
        </li>
      )}
    </ul>
  );
}

/** A table cell's content: the formatted value, or "<5" explained. */
function Value({ cell, format }: { cell: Cell | undefined; format: ChartFormat }) {
  const { t } = usePage();
  const fmt = useChartFormat();
  if (!cell || cell.suppressed || cell.value === null) {
    return (
      <abbr class="care-suppressed" dir="ltr" title={t('care.indicators.suppressed', { min: MIN_CELL })} data-suppressed="true">
        {`<${MIN_CELL}`}
      </abbr>
    );
  }
  return <>{fmt(cell.value, format)}</>;
}

/**
 * A chart and the table of its figures: the SVG in a figure (with the legend and, when something is suppressed,
 * the note saying what the gap mark means), then a table with a caption, a row per category and a total row.
 */
export function ChartWithTable(props: ChartProps & { kind: 'bar' | 'line'; stacked?: boolean; caption: string; categoryHeader: string; total?: { label: string; values: Cell[] } }) {
  const { dir: pageDir } = usePage();
  const dir = props.dir ?? pageDir;
  const format = props.format ?? 'count';
  const anySuppressed = props.series.some((se) => se.values.some((c) => c.suppressed));
  type Row = { key: string; label: string; values: (Cell | undefined)[]; total?: boolean };
  const rows: Row[] = props.categories.map((c, i) => ({ key: c.key, label: c.label, values: props.series.map((se) => se.values[i]) }));
  if (props.total) rows.push({ key: 'total', label: props.total.label, values: props.total.values, total: true });
  const columns: Column<Row>[] = [
    { header: props.categoryHeader, cell: (r) => (r.total ? <strong>{r.label}</strong> : r.label) },
    ...props.series.map((se, k) => ({ header: se.label, numeric: true, cell: (r: Row) => <Value cell={r.values[k]} format={format} /> })),
  ];
  return (
    <div class="care-chart" dir={dir}>
      <figure class="care-chart__figure">
        <figcaption class="care-chart__title">{props.title}</figcaption>
        {props.kind === 'bar' ? <BarChart {...props} dir={dir} /> : <LineChart {...props} dir={dir} />}
        <Legend id={props.id} series={props.series} kind={props.kind} suppressed={anySuppressed} />
      </figure>
      <Table caption={props.caption} columns={columns} rows={rows} />
    </div>
  );
}
