import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo.js';
import { DEMO_CARE } from '../src/modules/care/demo.js';
import { ROLES } from '../src/platform/access.js';
import { grantRole } from '../src/platform/identity/organisations.js';
import { CSRF_HOLE, NONCE_HOLE } from '../src/platform/http/page-cache.js';
import { organisations, rolePolicies, users } from '../src/platform/schema.js';
import { Client, sessionsChanged, signedInAs, testApp } from './helpers.js';

/**
 * Every form and JSON API driven with generated valid, odd and hostile input (fast-check). The harness signs
 * in as people holding every role, crawls the seeded demo from every page it can reach, and collects each form
 * it finds (its action, method, fields and their values). Each form is then sent many times with fields
 * replaced by generated values: kept, emptied, dropped, repeated, or set to strings that are very long, odd
 * Unicode, SQL, HTML and script, path traversal, spreadsheet formulas, header injection. Uploads get hostile
 * files. Every answer must be a success or a clear 4xx, never a 5xx; no page may carry a payload unescaped,
 * then or later (stored); and a refused request must leave the database as it was.
 *
 * FUZZ_RUNS (default 4) sets the inputs per form; FUZZ_SEED replays a run (the seed is printed on failure).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 4);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** Concrete URLs crawled per route pattern, and pages per caller. */
const PER_PATTERN = 2;
const MAX_PAGES = 220;

const MARK = 'pntfz';
/** What a payload looks like when it reaches a page unescaped. */
const UNESCAPED = [`<script>alert("${MARK}")`, `<img src=x onerror=alert(${MARK})`, `<svg onload=alert(${MARK})`, `href="javascript:alert(${MARK})`, `src="javascript:alert(${MARK})`];
const HOSTILE = [
  '',
  ' ',
  'x'.repeat(70_000),
  '\u0000',
  '\uD800',
  '\u202Eevil\u202C',
  'e\u0301'.repeat(500),
  '𝕏'.repeat(2000),
  "' OR '1'='1",
  "1'); DROP TABLE users;--",
  '1 UNION SELECT password_hash FROM users--',
  `<script>alert("${MARK}")</script>`,
  `"><img src=x onerror=alert(${MARK})>`,
  `'><svg onload=alert(${MARK})>`,
  `javascript:alert(${MARK})`,
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '=HYPERLINK("http://example.invalid","x")',
  '+cmd|\' /C calc\'!A0',
  '@SUM(1+1)',
  '-1',
  '1e309',
  'NaN',
  '99999999999999999999999',
  '00000000-0000-0000-0000-000000000000',
  '{{7*7}}${7*7}',
  '%00%2e%2e%2f',
  'a\r\nSet-Cookie: injected=1',
  '2026-02-30',
  '[]',
  '{"$ne":null}',
];
/** Hostile files for upload fields. */
const FILES = [
  { name: '../../../evil.svg', type: 'image/svg+xml', data: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert('${MARK}')"><script>alert('${MARK}')</script></svg>`) },
  { name: 'report.pdf', type: 'application/pdf', data: Buffer.from(`<html><script>alert('${MARK}')</script></html>`) },
  { name: 'empty.png', type: 'image/png', data: Buffer.alloc(0) },
  { name: `${'n'.repeat(300)}.docx`, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: Buffer.from('PK\u0003\u0004 not really a zip') },
  { name: 'entities.xml', type: 'application/xml', data: Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>') },
];

interface Field {
  name: string;
  kind: 'text' | 'file' | 'choice' | 'hidden' | 'check';
  values: string[];
}
interface Form {
  /** Who found it. */
  who: string;
  action: string;
  method: 'GET' | 'POST';
  multipart: boolean;
  fields: Field[];
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', '#39': "'", '#x27': "'", apos: "'" };
const decode = (s: string) => s.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => ENTITIES[e.toLowerCase()] ?? (e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : m));
const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/([a-zA-Z_:-]+)(?:="([^"]*)")?/g)].map((m) => [m[1]!.toLowerCase(), decode(m[2] ?? '')]));

/** The forms of a page, with their fields as a browser would send them. */
function formsOf(html: string, who: string, pageUrl: string): Form[] {
  const out: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const a = attrs(m[1]!);
    const body = m[2]!;
    const fields = new Map<string, Field>();
    const add = (name: string | undefined, kind: Field['kind'], value: string) => {
      if (!name || name === '_csrf') return;
      const f = fields.get(name) ?? { name, kind, values: [] };
      if (!f.values.includes(value)) f.values.push(value);
      fields.set(name, f);
    };
    for (const i of body.matchAll(/<input\b([^>]*)>/g)) {
      const x = attrs(i[1]!);
      const type = (x.type ?? 'text').toLowerCase();
      if (type === 'submit' || type === 'button' || type === 'reset' || type === 'image') add(x.name, 'choice', x.value ?? '');
      else if (type === 'file') add(x.name, 'file', '');
      else if (type === 'checkbox' || type === 'radio') add(x.name, 'check', x.value ?? 'on');
      else add(x.name, type === 'hidden' ? 'hidden' : 'text', x.value ?? '');
    }
    for (const s of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attrs(s[1]!).name;
      for (const o of s[2]!.matchAll(/<option\b([^>]*)>/g)) add(name, 'choice', attrs(o[1]!).value ?? '');
    }
    for (const t of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) add(attrs(t[1]!).name, 'text', decode(t[2]!));
    for (const b of body.matchAll(/<button\b([^>]*)>/g)) {
      const x = attrs(b[1]!);
      if (x.name) add(x.name, 'choice', x.value ?? '');
    }
    const action = new URL(a.action || pageUrl, 'http://ponte.test');
    out.push({ who, action: action.pathname + action.search, method: (a.method ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET', multipart: (a.enctype ?? '').includes('multipart'), fields: [...fields.values()] });
  }
  return out;
}

let ctx: Awaited<ReturnType<typeof testApp>>;
const callers: Record<string, Client> = {};
/** Paths never sent: they end the caller's own session or account, which would end the crawl. */
const NEVER = [/^\/signout$/, /^\/account\/delete$/, /^\/account\/sessions\//];
let fuzzUserIds: string[] = [];
let patterns: { key: string; method: string; re: RegExp }[] = [];
const patternOf = (method: string, path: string) => patterns.find((p) => p.method === method && p.re.test(path))?.key ?? null;

/**
 * Role policies are sent like any form, then put back: a policy asking every role for a second factor or a security
 * key would send the harness's own callers to add one, and every later form would be refused at the door.
 */
async function afterSending(form: Form) {
  if (form.action !== '/admin/roles') return;
  await ctx.platform.database.db.update(rolePolicies).set({ requireTotp: false, requireSecurityKey: false });
  await sessionsChanged(ctx.app);
}

/** Row counts of every table of the application (one statement), to see what a refused request wrote. */
let countSql = '';
/** Tables a refused request may write to: its audit entry, the rate-limit counter, queued jobs, page views. */
const MAY_CHANGE_ON_REFUSAL = new Set(['audit_events', 'care_audit', 'audit_chain', 'rate_limits', 'page_views']);
async function counts(): Promise<Map<string, number>> {
  const rows = await ctx.platform.database.query<{ t: string; n: string }>(countSql);
  return new Map(rows.map((r) => [r.t, Number(r.n)]));
}
const changed = (a: Map<string, number>, b: Map<string, number>) => [...a].filter(([t, n]) => !MAY_CHANGE_ON_REFUSAL.has(t) && b.get(t) !== n).map(([t, n]) => `${t} ${n}→${b.get(t)}`);

const failures: string[] = [];
/** Figures printed at the end, for docs/reliability.md. */
const stats = { pages: 0, forms: 0, inputs: 0, operations: 0, oddBodies: 0 };
/** CSV and XLSX exports met while crawling. */
const downloads: { who: string; url: string }[] = [];
/** Formula payloads, as they would start a cell a spreadsheet evaluates. */
const FORMULAS = ['=HYPERLINK(', "+cmd|", '@SUM('];
/** Whether a string can be put in a URL (a lone surrogate cannot). */
const encodable = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
/**
 * What a page must not carry besides escaped payloads: a script element the browser would run without this
 * answer's nonce (the policy's), or a hole of the page cache left unfilled (whose text would let content take the
 * nonce or the token).
 */
const unescapedIn = (body: string, headers: Record<string, unknown> = {}) => {
  const found = UNESCAPED.filter((p) => body.includes(p));
  for (const hole of [CSRF_HOLE, NONCE_HOLE]) if (body.includes(hole)) found.push(`hole ${hole.slice(0, 5)}`);
  const policy = String(headers['content-security-policy'] ?? '');
  if (!policy) found.push('no Content-Security-Policy');
  // Pages of Ponte's own have a nonce-only script-src; a sandboxed package page (SCORM) has its own policy.
  const nonce = /script-src 'nonce-([^']+)'/.exec(policy)?.[1];
  if (/script-src|default-src/.test(policy)) {
    for (const m of body.matchAll(/<script\b[^>]*>/g)) if (!m[0].includes('application/ld+json') && (!nonce || !m[0].includes(` nonce="${nonce}"`))) found.push(`script without the answer's nonce: ${m[0].slice(0, 80)}`);
  }
  return found;
};

async function crawl(who: string, c: Client): Promise<{ pages: string[]; forms: Form[] }> {
  const seen = new Set<string>();
  const perPattern = new Map<string, number>();
  const queue = ['/', ...ctx.app.routeTable.filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.url.includes('*')).map((r) => r.url)];
  const pages: string[] = [];
  const forms: Form[] = [];
  while (queue.length && pages.length < MAX_PAGES) {
    const url = queue.shift()!;
    const path = url.split('?')[0]!;
    if (seen.has(url)) continue;
    seen.add(url);
    const key = patternOf('GET', path);
    if (!key) continue;
    const n = perPattern.get(key) ?? 0;
    // Every export is fetched (each event's attendee list, each course's report), so stored payloads meet them.
    if (n >= PER_PATTERN && !/\.(csv|xlsx)$/.test(path)) continue;
    perPattern.set(key, n + 1);
    const res = await c.get(url);
    if (res.statusCode >= 500) failures.push(`${who} GET ${url}: ${res.statusCode}`);
    const type = String(res.headers['content-type'] ?? '');
    if (/text\/csv|spreadsheetml/.test(type)) downloads.push({ who, url });
    if (!type.startsWith('text/html')) continue;
    for (const bad of unescapedIn(res.body, res.headers)) failures.push(`${who} GET ${url}: ${bad}`);
    pages.push(url);
    for (const m of res.body.matchAll(/href="(\/[^"#]*)"/g)) {
      const link = decode(m[1]!);
      if (!link.startsWith('//') && !seen.has(link)) queue.push(link);
    }
    forms.push(...formsOf(res.body, who, url));
  }
  return { pages, forms };
}

/** Generated input for one form: each field kept, emptied, dropped, repeated or replaced. */
const inputFor = (form: Form) =>
  fc.record(
    Object.fromEntries(
      form.fields.map((f) => {
        const own = f.values.length ? fc.constantFrom(...f.values) : fc.constant('');
        const one = f.kind === 'hidden' ? fc.oneof(own, fc.constantFrom(...HOSTILE)) : fc.oneof({ weight: 2, arbitrary: own }, { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) });
        return [f.name, fc.oneof({ weight: 6, arbitrary: one.map((v) => [v]) }, { weight: 1, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) })];
      }),
    ),
  );

async function send(c: Client, form: Form, input: Record<string, string[]>, file: (typeof FILES)[number]) {
  const entries = Object.entries(input).filter(([name]) => form.fields.find((f) => f.name === name)?.kind !== 'file');
  if (form.method === 'GET') {
    const q = new URLSearchParams(entries.flatMap(([k, vs]) => vs.map((v) => [k, v])));
    return c.get(`${form.action.split('?')[0]}?${q.toString()}`);
  }
  if (form.multipart) {
    const fileFields = form.fields.filter((f) => f.kind === 'file');
    return c.upload(
      form.action,
      Object.fromEntries(entries.filter(([, vs]) => vs.length).map(([k, vs]) => [k, vs[0]!])),
      fileFields.map((f) => ({ field: f.name, name: file.name, type: file.type, data: file.data })),
    );
  }
  return c.post(form.action, Object.fromEntries(entries.filter(([, vs]) => vs.length)));
}

beforeAll(async () => {
  ctx = await testApp();
  const db = ctx.platform.database.db;
  await seedDemo(ctx.platform);
  const org = async (name: string) => (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name)))[0]!.id;
  // One person holding every role that needs no organisation; care people in the demo's organisations.
  callers.staff = await signedInAs(ctx, 'fuzz-staff@example.org', 'administrator');
  const [staff] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'fuzz-staff@example.org'));
  for (const role of ROLES.filter((r) => !['administrator', 'care-operator', 'care-clinician', 'data-protection', 'mediation-agency'].includes(r))) await grantRole(db, staff!.id, role, null);
  await sessionsChanged(ctx.app);
  callers.operator = await signedInAs(ctx, 'fuzz-operator@example.org', 'care-operator', { organisationId: await org(DEMO_CARE.lazioCentre) });
  callers.clinician = await signedInAs(ctx, 'fuzz-clinician@example.org', 'care-clinician', { organisationId: await org(DEMO_CARE.lazioService) });
  callers.protection = await signedInAs(ctx, 'fuzz-dpo@example.org', 'data-protection', { organisationId: await org(DEMO_CARE.lazioCentre) });
  callers.agency = await signedInAs(ctx, 'fuzz-agency@example.org', 'mediation-agency', { organisationId: await org(DEMO_CARE.lazioAgency) });
  callers.anonymous = new Client(ctx.app);
  fuzzUserIds = (await db.select({ id: users.id, email: users.email }).from(users)).filter((u) => u.email.startsWith('fuzz-')).map((u) => u.id);
  patterns = ctx.app.routeTable.map((r) => ({
    key: `${r.method} ${r.url}`,
    method: r.method,
    re: new RegExp(`^${r.url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+').replace(/\*/g, '.*')}$`),
  }));
  const tables = await ctx.platform.database.query<{ t: string }>(`select tablename as t from pg_tables where schemaname = 'public' order by 1`);
  countSql = tables.map((r) => `select '${r.t}' as t, count(*)::text as n from "${r.t}"`).join(' union all ');
}, 300_000);
afterAll(async () => {
  console.log(`fuzz (seed ${SEED}, ${RUNS} runs): ${stats.pages} pages crawled, ${stats.forms} forms sent ${stats.inputs} generated inputs, ${stats.operations} generated API requests, ${stats.oddBodies} odd bodies to form routes`);
  await ctx?.close();
});

describe('generated input on every form and API', () => {
  const found: Form[] = [];
  const pages: { who: string; url: string }[] = [];

  it('crawls the demo as every kind of caller without a server error', async () => {
    for (const [who, c] of Object.entries(callers)) {
      const r = await crawl(who, c);
      pages.push(...r.pages.map((url) => ({ who, url })));
      found.push(...r.forms);
    }
    expect(failures).toEqual([]);
    expect(pages.length).toBeGreaterThan(100);
    stats.pages = pages.length;
  }, 600_000);

  it('exports no stored formula as one a spreadsheet would evaluate (CSV and XLSX)', async () => {
    // Every form once, plausibly filled (before the fuzzing below changes the demo's state), with a formula in each free-text field, so that exports carry some.
    const formula = '=HYPERLINK("http://example.invalid","x")';
    const posted = new Map(found.filter((f) => f.method === 'POST' && !f.multipart && !NEVER.some((re) => re.test(f.action.split('?')[0]!)) && !fuzzUserIds.some((id) => f.action.includes(id))).map((f) => [f.action, f]));
    let n = 0;
    for (const form of posted.values()) {
      const input = Object.fromEntries(form.fields.map((f) => [f.name, f.kind !== 'text' ? f.values[0] ?? '' : /mail/i.test(f.name) ? `fz${++n}@example.org` : f.values[0] && !/^\s*$/.test(f.values[0]) && !/name|title|text|comment|body|summary|organi[sz]ation|role|description/i.test(f.name) ? f.values[0] : formula]));
      const res = await callers[form.who]!.post(form.action, input);
      if (res.statusCode >= 500) failures.push(`${form.who} POST ${form.action}: ${res.statusCode}`);
      await afterSending(form);
    }
    expect(failures).toEqual([]);
    const formulas: string[] = [];
    let carried = 0;
    for (const { who, url } of downloads) {
      const res = await callers[who]!.get(url);
      if (res.body.includes('HYPERLINK(') || Object.values(String(res.headers['content-type']).includes('spreadsheetml') ? unzipSync(res.rawPayload) : {}).some((b) => strFromU8(b).includes('HYPERLINK('))) carried++;
      if (String(res.headers['content-type']).includes('spreadsheetml')) {
        // A formula in XLSX is a cell with <f>; text in a string cell is shown, not evaluated.
        for (const [name, bytes] of Object.entries(unzipSync(res.rawPayload))) {
          const xml = strFromU8(bytes);
          if (name.startsWith('xl/worksheets/') && FORMULAS.some((f) => xml.includes(`<f>${f.slice(1)}`))) formulas.push(`${who} ${url}: formula in ${name}`);
        }
      } else {
        for (const cell of res.body.split(/[,\r\n]/)) if (FORMULAS.some((f) => cell.replace(/^"/, '').startsWith(f))) formulas.push(`${who} ${url}: ${cell.slice(0, 40)}`);
      }
    }
    expect(formulas).toEqual([]);
    // The payloads did reach exports (as text), so the check above saw them.
    expect(carried).toBeGreaterThan(0);
  }, 300_000);

  it('answers every form’s generated input with a success or a clear 4xx, escapes it, and keeps a refusal from writing', async () => {
    const forms = new Map<string, Form>();
    for (const f of found) {
      const key = `${f.who} ${f.method} ${patternOf(f.method, f.action.split('?')[0]!) ?? f.action}`;
      if (NEVER.some((re) => re.test(f.action.split('?')[0]!)) || fuzzUserIds.some((id) => f.action.includes(id))) continue;
      if (!forms.has(key)) forms.set(key, f);
    }
    const reached = new Set<string>();
    stats.forms = forms.size;
    for (const form of forms.values()) {
      const c = callers[form.who]!;
      const result = await fc.check(
        fc.asyncProperty(inputFor(form), fc.constantFrom(...FILES), async (input, file) => {
          const before = form.method === 'POST' ? await counts() : null;
          const res = await send(c, form, input, file);
          stats.inputs++;
          const what = `${form.who} ${form.method} ${form.action} ${JSON.stringify(input).slice(0, 300)}`;
          if (res.statusCode >= 500) throw new Error(`${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          const html = String(res.headers['content-type'] ?? '').startsWith('text/html');
          const raw = html ? unescapedIn(res.body, res.headers) : [];
          if (raw.length) throw new Error(`${what}: unescaped ${raw.join(', ')}`);
          if (before && res.statusCode >= 400) {
            const diff = changed(before, await counts());
            if (diff.length) throw new Error(`${what}: refused with ${res.statusCode} but wrote ${diff.join(', ')}`);
          }
          await afterSending(form);
          reached.add(`${res.statusCode < 400 ? 'ok' : 'refused'} ${form.method} ${form.action}`);
        }),
        // First the form as a browser would send it untouched, then the generated input.
        { numRuns: RUNS, seed: SEED, endOnFailure: true, examples: [[Object.fromEntries(form.fields.map((f) => [f.name, f.values.slice(0, 1)])), FILES[0]!]] },
      );
      if (result.failed) failures.push(`${String((result.errorInstance as Error | undefined)?.message ?? result.counterexample)} (seed ${SEED})`);
    }
    expect(failures).toEqual([]);
    // The forms were reached, not only refused at the door.
    expect(forms.size).toBeGreaterThan(80);
    expect([...reached].filter((r) => r.startsWith('ok ')).length).toBeGreaterThan(40);
  }, 1_800_000);

  it('answers generated JSON, odd content types and hostile parameters on every API route with a success or a 4xx problem, and odd bodies on every form route with no server error', async () => {
    type Op = { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } };
    const doc = ctx.app.swagger() as { paths: Record<string, Record<string, Op>> };
    const bodies = [
      ['application/json', '{"a":'],
      ['application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
      ['application/json', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'],
      ['text/plain', 'just text'],
      ['application/xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
      ['multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--zz'],
      ['application/x-www-form-urlencoded', 'a=1&a=2&b[c]=3'],
    ] as const;
    let operations = 0;
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const verb = method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
        operations++;
        const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const props = Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {});
        const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.jsonValue({ maxDepth: 3 }));
        const result = await fc.check(
          fc.asyncProperty(
            fc.oneof(fc.uuid(), fc.constantFrom(...HOSTILE.filter(encodable))),
            fc.dictionary(fc.constantFrom('_', ...query), fc.constantFrom(...HOSTILE)),
            fc.oneof(fc.jsonValue({ maxDepth: 4 }), props.length ? fc.dictionary(fc.constantFrom(...props), hostile) : fc.constant({})),
            fc.constantFrom(...bodies, null),
            async (id, q, json, odd) => {
              stats.operations++;
              const url = `${template.replace(/\{[^}]+\}/g, encodeURIComponent(id))}?${new URLSearchParams(q).toString()}`;
              const res = verb === 'GET' ? await callers.staff!.get(url) : odd ? await callers.staff!.raw(verb, url, odd[0], odd[1]) : await callers.staff!.raw(verb, url, 'application/json', JSON.stringify(json));
              const what = `staff ${verb} ${url.slice(0, 200)} ${odd ? odd[0] : JSON.stringify(json).slice(0, 200)}`;
              if (res.statusCode >= 500) throw new Error(`${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
              if (res.statusCode >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json')) throw new Error(`${what}: ${res.statusCode} answered as ${String(res.headers['content-type'])}, not problem details`);
              if ({}.constructor.prototype.polluted) throw new Error(`${what}: Object.prototype was polluted`);
            },
          ),
          { numRuns: RUNS * 3, seed: SEED, endOnFailure: true },
        );
        if (result.failed) failures.push(`${String((result.errorInstance as Error | undefined)?.message ?? result.counterexample)} (seed ${SEED})`);
      }
    }
    // Every form route, sent each odd body once instead of its form.
    const posted = new Map(found.filter((f) => f.method === 'POST' && !NEVER.some((re) => re.test(f.action.split('?')[0]!))).map((f) => [f.action, f]));
    for (const form of posted.values()) {
      for (const [type, body] of bodies) {
        const res = await callers[form.who]!.raw('POST', form.action, type, body);
        stats.oddBodies++;
        if (res.statusCode >= 500) failures.push(`${form.who} POST ${form.action} ${type}: ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    expect(operations).toBeGreaterThan(15);
  }, 900_000);

  it('shows no stored payload unescaped on any page afterwards', async () => {
    const raw: string[] = [];
    for (const { who, url } of pages) {
      const res = await callers[who]!.get(url);
      if (res.statusCode >= 500) raw.push(`${who} GET ${url}: ${res.statusCode}`);
      const found = unescapedIn(res.body, res.headers);
      if (found.length) raw.push(`${who} ${url}: ${found.join(', ')}`);
    }
    expect(raw).toEqual([]);
  }, 600_000);
});
