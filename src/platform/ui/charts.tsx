import { usePage } from './context.js';

export interface BarSeries {
  label: string;
  /** A value per category, or null where there is none. */
  values: (number | null)[];
}

const COLOURS = ['#0b5d7a', '#b35900', '#1d6b35'];

/**
 * A horizontal bar chart as SVG, rendered on the server. It is an image with a title and a description for
 * assistive technology; the figures themselves are in the table that goes with every chart (the caller
 * renders it next to the chart), so nothing is only in the picture.
 */
export function BarChart(props: { id: string; title: string; description: string; categories: string[]; series: BarSeries[]; max?: number; unit?: string }) {
  const { formatNumber } = usePage();
  const barHeight = 16;
  const gap = 4;
  const group = props.series.length * (barHeight + gap) + 10;
  const labelWidth = 200;
  const chartWidth = 360;
  const height = props.categories.length * group + 40;
  const max = props.max ?? Math.max(1, ...props.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const clip = (s: string) => (s.length > 30 ? `${s.slice(0, 29)}…` : s);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${labelWidth + chartWidth + 80} ${height}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} width="100%" preserveAspectRatio="xMinYMin meet">
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {props.categories.map((c, i) => (
          <g key={c} transform={`translate(0 ${i * group})`}>
            <text x={labelWidth - 8} y={(props.series.length * (barHeight + gap)) / 2 + 4} text-anchor="end" font-size="13" fill="#1b1f24">
              {clip(c)}
            </text>
            {props.series.map((s, k) => {
              const v = s.values[i];
              const w = v === null || v === undefined ? 0 : (v / max) * chartWidth;
              return (
                <g key={s.label} transform={`translate(${labelWidth} ${k * (barHeight + gap)})`}>
                  <rect width={Math.max(w, 1)} height={barHeight} fill={COLOURS[k % COLOURS.length]} />
                  <text x={w + 6} y={barHeight - 3} font-size="12" fill="#1b1f24">
                    {v === null || v === undefined ? '–' : `${formatNumber(Math.round(v * 10) / 10)}${props.unit ?? ''}`}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
        <g transform={`translate(${labelWidth} ${props.categories.length * group + 10})`}>
          {props.series.map((s, k) => (
            <g key={s.label} transform={`translate(${k * 150} 0)`}>
              <rect width="12" height="12" fill={COLOURS[k % COLOURS.length]} />
              <text x="18" y="11" font-size="12" fill="#1b1f24">
                {s.label}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <figcaption>{props.title}</figcaption>
    </figure>
  );
}
