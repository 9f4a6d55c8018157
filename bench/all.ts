/**
 * The benchmark suite: every scenario of bench/, one after another, and one table of their verdicts.
 *
 *   npm run bench              a quick pass (smaller data sets, shorter loads; about ten minutes on two CPUs)
 *   npm run bench -- --full    the data sets and loads of the targets (100,000 learners and 2,000,000 progress
 *                              records, 500,000 referrals, 50,000 services, 20,000 news items and 20,000 documents,
 *                              100,000 newsletter recipients)
 *   npm run bench -- training care      only these benchmarks (portal, training, care, directory, search,
 *                              newsletter, scale-out)
 *
 * Each benchmark runs as its own process (as `npm run bench:<name>` runs it), prints its own tables as it goes,
 * and ends with the verdict of each of its rows; the suite gathers the rows that end in PASS or FAIL. The quick
 * pass shows that everything runs and where each target stands; the figures in docs/performance.md come from the
 * full runs. PostgreSQL at 127.0.0.1:5432 (BENCH_PG) and nginx are needed, as for each benchmark.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root, secondsSince } from './lib.js';

const BENCHES = ['portal', 'training', 'care', 'directory', 'search', 'newsletter', 'scale-out'] as const;
/** Smaller data sets and shorter loads for the quick pass; the full pass uses each benchmark's defaults. */
const QUICK: Record<string, string> = {
  BENCH_SECONDS: '4',
  BENCH_LEARNERS: '10000',
  BENCH_REPORT_RUNS: '2',
  BENCH_REFERRALS: '50000',
  BENCH_INBOX_REFERRALS: '10000',
  BENCH_SERVICES: '5000',
  BENCH_NEWS: '5000',
  BENCH_DOCUMENTS: '5000',
  BENCH_RUNS: '5',
  BENCH_RECIPIENTS: '5000',
};

const args = process.argv.slice(2);
const full = args.includes('--full');
const unknown = args.filter((a) => a !== '--full' && !(BENCHES as readonly string[]).includes(a));
if (unknown.length) {
  console.error(`Unknown: ${unknown.join(', ')}. Benchmarks: ${BENCHES.join(', ')}; option: --full.`);
  process.exit(2);
}
const chosen = BENCHES.filter((b) => !args.some((a) => a !== '--full') || args.includes(b));

/** Runs one benchmark, passing its output through; its rows that end in a verdict. */
function run(name: string): Promise<{ code: number | null; rows: { scenario: string; verdict: string }[] }> {
  return new Promise((resolve) => {
    // Settings given by the caller win over the quick pass's.
    const env = { ...process.env, ...(full ? {} : Object.fromEntries(Object.entries(QUICK).filter(([k]) => process.env[k] === undefined))) };
    const child = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, 'bench', `${name}.ts`)], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const rows: { scenario: string; verdict: string }[] = [];
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const cells = line.trim().startsWith('|') ? line.split('|').map((c) => c.trim()).filter(Boolean) : [];
        const verdict = cells.at(-1);
        if (verdict === 'PASS' || verdict === 'FAIL') rows.push({ scenario: cells[0]!, verdict });
      }
    });
    child.on('exit', (code) => resolve({ code, rows }));
  });
}

const started = Date.now();
const summary: string[] = [];
let failed = false;
for (const name of chosen) {
  console.log(`\n=== ${name} (${full ? 'full' : 'quick'}) ===\n`);
  const t = Date.now();
  const { code, rows } = await run(name);
  // A benchmark that stopped with an error, or printed no verdict, fails as a whole.
  if (code !== 0 && !rows.some((r) => r.verdict === 'FAIL')) rows.push({ scenario: `(stopped with exit code ${code})`, verdict: 'FAIL' });
  if (!rows.length) rows.push({ scenario: '(no verdict printed)', verdict: 'FAIL' });
  for (const r of rows) summary.push(`| ${name} | ${r.scenario} | ${r.verdict} |`);
  failed ||= rows.some((r) => r.verdict === 'FAIL');
  console.log(`\n(${name}: ${secondsSince(t)})`);
}
console.log(`\n=== Summary (${full ? 'full' : 'quick'} pass, ${secondsSince(started)}) ===\n`);
console.log('| benchmark | scenario | result |');
console.log('| --- | --- | --- |');
for (const line of summary) console.log(line);
process.exitCode = failed ? 1 : 0;
