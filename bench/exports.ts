/**
 * Spreadsheet exports: the memory and time one large export costs a node.
 *
 *   npm run bench:exports
 *
 * Builds BENCH_ROWS rows (50,000) of 20 columns (numbers and short texts, as a directory or report export has) and
 * writes them with `sheet()` (platform/spreadsheet.ts) as CSV and as XLSX, and, as the reference in the same run,
 * with exceljs's in-memory workbook (how Ponte wrote them before). Each is measured in a fresh process: the growth
 * of its resident memory (peak sampled every 5 ms, from after the rows are built) and the time. No target of its
 * own: it shows what an export adds to a node's memory (docs/performance.md, "Memory").
 *
 * Environment: BENCH_ROWS (50000).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { root } from './lib.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
type Variant = 'csv' | 'xlsx' | 'csv-in-memory' | 'xlsx-in-memory';

/** One variant, in this process: prints its figures as JSON. */
async function measure(variant: Variant) {
  const columns = Array.from({ length: 20 }, (_, i) => ({ header: `Column ${i}`, key: `c${i}` }));
  const rows = Array.from({ length: ROWS }, (_, r) => Object.fromEntries(columns.map((c, i) => [c.key, i % 3 ? `value ${r} ${i} of the export` : r * i])));
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  let bytes: number;
  if (variant === 'csv' || variant === 'xlsx') {
    const { sheet } = await import('../src/platform/spreadsheet.js');
    bytes = (await sheet(variant, 'Export', columns, rows)).length;
  } else {
    // The reference: the whole workbook in memory, then written out.
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Export');
    ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: 20 }));
    for (const r of rows) ws.addRow(r);
    bytes = (variant === 'csv-in-memory' ? await wb.csv.writeBuffer() : await wb.xlsx.writeBuffer()).byteLength;
  }
  const ms = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ bytes, ms, growthMiB: (peak - base) / 2 ** 20 }));
}

const variant = process.argv[2] as Variant | undefined;
if (variant) await measure(variant);
else {
  const run = (v: Variant) => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), v], { cwd: root, encoding: 'utf8', env: process.env });
    if (out.status !== 0) throw new Error(`${v}: ${out.stderr}`);
    return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as { bytes: number; ms: number; growthMiB: number };
  };
  console.log(`${ROWS.toLocaleString('en')} rows of 20 columns, each variant in a fresh process.\n`);
  console.log('| export | file | time | memory growth | reference (in-memory workbook): time, growth | memory / reference |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const format of ['csv', 'xlsx'] as const) {
    const streamed = run(format);
    const reference = run(`${format}-in-memory`);
    console.log(
      `| ${format.toUpperCase()} | ${(streamed.bytes / 2 ** 20).toFixed(1)} MiB | ${Math.round(streamed.ms)} ms | ${Math.round(streamed.growthMiB)} MiB | ${Math.round(reference.ms)} ms, ${Math.round(reference.growthMiB)} MiB | ${(streamed.growthMiB / reference.growthMiB).toFixed(2)} |`,
    );
  }
}
