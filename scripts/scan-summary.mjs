// Summary of a run of scripts/scan.sh: per scanner and target, the requests made and URLs or parameters tested,
// and the findings by category, read from the raw reports in the output directory (default .scan-out/).
//
//   node scripts/scan-summary.mjs [OUT]
//
// Exit status 1 when a scanner reports an SQL injection or an XSS (reflected or stored), 0 otherwise.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2] ?? '.scan-out';
const read = (file) => (existsSync(join(out, file)) ? readFileSync(join(out, file), 'utf8') : null);
const tsv = (text) => {
  const [head, ...rows] = (text ?? '').trim().split('\n').filter(Boolean);
  const keys = (head ?? '').split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [keys[i], v])));
};

const phases = tsv(read('phases.tsv'));
if (!phases.length) {
  console.log(`scan summary: no phases recorded in ${join(out, 'phases.tsv')}`);
  process.exit(2);
}
const serverLines = (read('server.log') ?? '').split('\n');
const versions = Object.fromEntries(tsv(`k\tv\n${read('versions.tsv') ?? ''}`).map((r) => [r.k, r.v]));

/** Requests the server logged between two lines of its log (1-based, inclusive), and the 5xx answers by route. */
function serverSide(from, to) {
  let requests = 0;
  const errors = new Map();
  const messages = new Map(); // request id -> the error logged for it
  for (const line of serverLines.slice(from - 1, to)) {
    if (!line.startsWith('{')) continue;
    let e;
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    if (e.level >= 50 && e.reqId && e.err?.message) messages.set(e.reqId, e.err.message.split('\n')[0].slice(0, 120));
    if (e.msg !== 'request completed') continue;
    requests++;
    const status = e.res?.statusCode ?? 0;
    if (status >= 500) {
      const why = messages.get(e.reqId);
      const key = `${status} ${e.req?.method ?? '?'} ${e.req?.route ?? 'unmatched'}${why ? ` [${why}]` : ''}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
    }
  }
  return { requests, errors };
}

const findings = []; // { phase, scanner, category, where, parameter, detail }
const anomalies = []; // { phase, kind, where, parameter }
const rows = [];

/** wapiti's JSON report: vulnerabilities by category, anomalies (500s, timeouts). */
function wapiti(phase) {
  const log = read(`${phase.phase}.log`) ?? '';
  const coverage = Object.fromEntries(tsv(`k\tv\n${read(`${phase.phase}-coverage.tsv`) ?? ''}`).map((r) => [r.k, r.v]));
  const crawled = Number(/Wapiti found (\d+) URLs and forms/.exec(log)?.[1] ?? NaN);
  const attackedCounts = Object.entries(coverage)
    .filter(([k]) => k.startsWith('attacked:'))
    .map(([k, v]) => `${k.slice(9)} ${v}`);
  const attacked = new Set([...log.matchAll(/^\[\*\] Launching module (\w+)/gm)].map((m) => m[1]));
  const stopped = [...log.matchAll(/Max attack time was reached for module (\w+)/g)].map((m) => m[1]);
  const text = read(`${phase.phase}.json`);
  const counts = { sqli: 0, xss: 0, stored: 0, other: 0 };
  if (text) {
    const report = JSON.parse(text);
    for (const [category, list] of Object.entries(report.vulnerabilities ?? {})) {
      for (const v of list) {
        const where = `${v.method} ${v.path}`;
        let cat;
        if (/sql injection/i.test(category)) cat = 'SQL injection';
        else if (/cross site scripting/i.test(category)) cat = /stored/i.test(v.info) ? 'XSS stored' : 'XSS reflected';
        else cat = `other: ${category}`;
        counts[cat === 'SQL injection' ? 'sqli' : cat === 'XSS reflected' ? 'xss' : cat === 'XSS stored' ? 'stored' : 'other']++;
        findings.push({ phase: phase.phase, category: cat, where, parameter: v.parameter, detail: v.info.split('\n')[0], request: v.http_request });
      }
    }
    for (const [kind, list] of Object.entries(report.anomalies ?? {})) {
      for (const a of list) anomalies.push({ phase: phase.phase, kind, where: `${a.method} ${a.path}`, parameter: a.parameter, request: a.http_request });
    }
  }
  return {
    tested:
      `${Number.isNaN(crawled) ? '?' : crawled} URLs+forms crawled (${coverage.with_parameters ?? '?'} with parameters, ${coverage.forms ?? '?'} POST forms); ` +
      `resources attacked per module: ${attackedCounts.join(', ') || [...attacked].join(',') || 'none'}${stopped.length ? ` (time limit hit: ${stopped.join(',')})` : ''}`,
    counts,
    report: text ? `${phase.phase}.json` : 'MISSING',
  };
}

/** sqlmap: its console log (targets, parameters, injection points), results CSV and traffic file. */
function sqlmap(phase) {
  const log = read(`${phase.phase}.log`) ?? '';
  const traffic = read(join(phase.phase, 'traffic.txt')) ?? '';
  const sent = (traffic.match(/^HTTP request \[#\d+\]/gm) ?? []).length;
  const targets = (log.match(/^\[\d+\/[\d?]+\] (URL|Form):/gm) ?? []).length || (/testing URL|testing connection to the target URL/.test(log) ? 1 : 0);
  const params = new Set([...log.matchAll(/testing if (\S+(?: \S+)?) parameter '([^']+)' is dynamic|heuristic \(basic\) test shows that (\S+(?: \S+)?) parameter '([^']+)'/g)].map((m) => `${m[1] ?? m[3]} ${m[2] ?? m[4]}`));
  const fullyTested = new Set([...log.matchAll(/testing for SQL injection on (\S+(?: \S+)?) parameter '([^']+)'/g)].map((m) => `${m[1]} ${m[2]}`));
  const counts = { sqli: 0, xss: 0, stored: 0, other: 0 };
  // Injection points as sqlmap prints them ("sqlmap identified the following injection point(s)…").
  const urlOf = (index) => {
    const before = log.slice(0, index);
    const all = [...before.matchAll(/^(?:GET|POST) (http\S+)/gm)];
    return all.length ? all[all.length - 1][1] : '(target)';
  };
  for (const m of log.matchAll(/identified the following injection point\(s\)[^\n]*\n---\n([\s\S]*?)\n---/g)) {
    for (const block of m[1].split(/\n(?=Parameter: )/)) {
      const param = /^Parameter: (.+)$/m.exec(block)?.[1];
      if (!param) continue;
      const payloads = [...block.matchAll(/^\s+Type: (.+)\n\s+Title: (.+)\n\s+Payload: (.+)$/gm)].map((x) => `${x[1]} / ${x[2]} / ${x[3]}`);
      counts.sqli++;
      findings.push({ phase: phase.phase, category: 'SQL injection', where: urlOf(m.index), parameter: param, detail: payloads.join(' | ') });
    }
  }
  // results.csv also lists what sqlmap suspected and then discarded itself ("false positive or unexploitable").
  const csv = (read(join(phase.phase, 'results.csv')) ?? '').trim().split('\n').slice(1).filter(Boolean);
  const confirmed = counts.sqli;
  for (const line of csv) {
    const [url, place, parameter, techniques, ...notes] = line.split(',');
    if (/false positive/i.test(notes.join(','))) {
      anomalies.push({ phase: phase.phase, kind: `sqlmap suspected (technique ${techniques}) then discarded as "${notes.join(',')}"`, where: url, parameter: `${place} ${parameter}` });
    } else if (!confirmed) {
      counts.sqli++;
      findings.push({ phase: phase.phase, category: 'SQL injection', where: url, parameter: `${place} ${parameter}`, detail: `results.csv: ${line}` });
    }
  }
  return {
    tested: `${targets} target URLs/forms; ${params.size} parameters examined, ${fullyTested.size} fully tested; ${sent} requests in traffic.txt`,
    counts,
    report: `${phase.phase}/`,
  };
}

for (const phase of phases) {
  const side = serverSide(Number(phase.first_log_line), Number(phase.last_log_line));
  const r = phase.scanner === 'wapiti' ? wapiti(phase) : sqlmap(phase);
  for (const [key, n] of side.errors) anomalies.push({ phase: phase.phase, kind: `server answered ${key.split(' ')[0]}`, where: key.split(' ').slice(1).join(' '), parameter: `${n}×` });
  rows.push({ ...phase, ...r, requests: side.requests, server5xx: [...side.errors.values()].reduce((a, b) => a + b, 0) });
}

const pad = (s, n) => String(s).padEnd(n);
const total = { sqli: 0, xss: 0, stored: 0, other: 0 };
console.log('');
console.log('=== Security scan summary ===');
console.log(`target: a throwaway Ponte on loopback (${(read('database.txt') ?? '').trim()}), demo content; ${versions.sqlmap ? `sqlmap ${versions.sqlmap}` : ''}, ${versions.wapiti ?? ''}`);
const account = Object.fromEntries(tsv(`k\tv\n${read('account.tsv') ?? ''}`).map((r) => [r.k, r.v]));
if (account.account) console.log(`signed-in scans as ${account.account}: ${account.roles}`);
console.log('');
console.log(`${pad('phase', 18)} ${pad('target', 58)} ${pad('requests', 8)} ${pad('SQLi', 4)} ${pad('XSS', 4)} ${pad('XSS-st', 6)} ${pad('other', 5)} ${pad('5xx', 4)} ${pad('time', 6)} ${pad('exit', 4)} session`);
for (const r of rows) {
  for (const k of Object.keys(total)) total[k] += r.counts[k];
  console.log(
    `${pad(r.phase, 18)} ${pad(r.target.slice(0, 58), 58)} ${pad(r.requests, 8)} ${pad(r.counts.sqli, 4)} ${pad(r.counts.xss, 4)} ${pad(r.counts.stored, 6)} ${pad(r.counts.other, 5)} ${pad(r.server5xx, 4)} ${pad(`${r.seconds}s`, 6)} ${pad(r.exit === '124' ? '124*' : r.exit, 4)} ${r.session_after}`,
  );
  console.log(`${pad('', 18)}   tested: ${r.tested}; report: ${r.report}`);
}
console.log('(requests: counted in the server\'s access log during the phase; exit 124*: stopped at its time budget, as planned; session: whether the administrator\'s session still opened /admin after the phase)');
console.log('');
console.log(`findings: SQL injection ${total.sqli}, XSS reflected ${total.xss}, XSS stored ${total.stored}, other ${total.other}`);
for (const f of findings) {
  console.log(`  [${f.category}] ${f.phase}: ${f.where} parameter ${f.parameter}: ${f.detail}`);
}
if (anomalies.length) {
  const grouped = new Map();
  for (const a of anomalies) {
    const key = `${a.phase}: ${a.kind}${a.where ? `: ${a.where}` : ''}`;
    grouped.set(key, [...(grouped.get(key) ?? []), a.parameter].filter(Boolean));
  }
  console.log(`anomalies (not counted as findings; read them): ${anomalies.length}`);
  for (const [key, params] of grouped) console.log(`  ${key}${params.length ? ` (${[...new Set(params)].slice(0, 6).join(', ')})` : ''}`);
}
const elapsed = read('elapsed-seconds');
if (elapsed) console.log(`elapsed: ${Math.round(Number(elapsed) / 60)} min ${Number(elapsed) % 60} s`);
console.log('limits: the account holds the care roles in one demo reception centre and one demo mental-health service (and');
console.log('  data-protection everywhere), so other organisations\' care pages answer it 404; kept away from every scanner: /signout, /account/delete, /account/sessions/*,');
console.log('  /admin/roles, /admin/users/*/status, /admin/users/*/roles/revoke, /admin/xapi/forwarding*; wapiti also skips /language');
console.log('  (sqlmap tests it) and the _csrf field; wapiti attacks crawled resources in crawl order until each module\'s time runs out.');
console.log(`raw reports: ${out}/ (${readdirSync(out).filter((f) => !f.startsWith('.')).join(', ')})`);
const bad = total.sqli + total.xss + total.stored;
console.log(bad ? `RESULT: ${bad} injection/XSS finding(s): exit 1` : 'RESULT: no SQL injection or XSS reported: exit 0');
process.exit(bad ? 1 : 0);
