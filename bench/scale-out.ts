/**
 * Scale-out on loopback: one worker and three web nodes (`ponte start --role worker|web`, production settings)
 * behind nginx, against one PostgreSQL, in one run on this machine.
 *
 *   npm run bench:scale-out
 *
 * It creates its own database (and drops it), seeds the demo content and a learner, starts the worker and three
 * web nodes (each timed from its start to its first ready answer), and puts nginx in front as a reverse proxy twice:
 * one address passes to the first web node only, the other spreads requests over all three. Public pages are loaded
 * through both with autocannon, in alternating slices after a warm-up, and compared. Then what must carry across
 * nodes is checked: a session signed in on one node is signed in on the others, and signing out on another node
 * ends it on the first; a change published elsewhere reaches every node's page cache within its content poll.
 *
 * Environment: BENCH_PG (server URL, default postgres://postgres@127.0.0.1:5432/postgres), BENCH_SECONDS (10),
 * BENCH_CONNECTIONS (64), NGINX (/usr/sbin/nginx).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { alternating, createBenchDatabase, describeMachine, freePort, peakRssMiB, sleep, startPonte, stopPonte, waitFor } from './lib.js';
import { seedDemo } from '../src/demo.js';
import { createNews, setNewsState } from '../src/modules/portal/news.js';
import { hashPassword } from '../src/platform/auth/password.js';
import { createPlatform, shutdown } from '../src/platform/boot.js';
import { loadConfig } from '../src/platform/config.js';
import { createUser, findUserByEmail } from '../src/platform/identity/users.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const WARMUP_SECONDS = 2;
const SLICES = 5;
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const NODES = 3;
/** The start-up target of a web node whose database is already migrated (issue #9). */
const START_TARGET_MS = 3000;
/** A change must reach every node within a few of their content polls (250 ms each). */
const INVALIDATION_TARGET_MS = 1000;
const LEARNER = { email: 'scale-out-learner@bench.example', password: 'lantern river pepper quartz', name: 'Scale-out Learner' };

/** A browser's cookies and CSRF token, kept across requests to any node. */
class Browser {
  private cookies = new Map<string, string>();
  token = '';
  /** The Cookie header as it stands. */
  cookieHeader = () => [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: init.form ? new URLSearchParams({ _csrf: this.token, ...init.form }) : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair!.slice(0, i));
      else this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    const body = await res.text();
    this.token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? this.token;
    return { status: res.status, body, location: res.headers.get('location') };
  }
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'ponte-scale-'));
  chmodSync(dir, 0o755);
  const database = await createBenchDatabase('ponte_scale');
  const nodes: ChildProcess[] = [];
  let nginx: ChildProcess | undefined;
  const secret = randomBytes(32).toString('hex');
  const dataDir = join(dir, 'data');
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, DATA_DIR: dataDir, SECRET_KEY: secret, LOG_LEVEL: 'warn' });
  const platform = await createPlatform(config, { log: pino({ level: 'warn' }) });
  try {
    console.log('Seeding the demo content and a learner…');
    await seedDemo(platform);
    await createUser(platform.database.db, { email: LEARNER.email, name: LEARNER.name, passwordHash: await hashPassword(LEARNER.password, 14), verified: true });

    // Every node shares the secret key, the database and the files; each writes its log to a file of its own.
    const env = { PAGE_CACHE_MB: process.env.BENCH_PAGE_CACHE_MB ?? '64', SECRET_KEY: secret, DATABASE_URL: database.url, DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'info', CARE_DATA_KEYS: `bench:${randomBytes(32).toString('base64')}` };
    const worker = startPonte({ args: ['--no-demo', '--role', 'worker'], env, output: openSync(join(dir, 'worker.log'), 'a') });
    nodes.push(worker);
    // The worker first: a start after a source change builds dist/ once, which is not a web node's start-up time.
    for (let deadline = Date.now() + 120_000; !readFileSync(join(dir, 'worker.log'), 'utf8').includes('Ponte worker running.'); await sleep(50)) {
      if (Date.now() > deadline || worker.exitCode !== null) throw new Error(`the worker did not start:\n${readFileSync(join(dir, 'worker.log'), 'utf8').slice(-2000)}`);
    }
    const web: { url: string; child: ChildProcess; startMs: number }[] = [];
    for (let i = 0; i < NODES; i++) {
      const url = `http://127.0.0.1:${await freePort()}`;
      const started = performance.now();
      const child = startPonte({ args: ['--no-demo', '--role', 'web'], env: { ...env, PORT: new URL(url).port }, output: openSync(join(dir, `web-${i + 1}.log`), 'a') });
      nodes.push(child);
      await waitFor(`${url}/readyz`, child);
      web.push({ url, child, startMs: performance.now() - started });
    }

    const [one, three] = [await freePort(), await freePort()];
    for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d));
    const upstream = (name: string, list: typeof web) => `  upstream ${name} { ${list.map((n) => `server ${new URL(n.url).host};`).join(' ')} keepalive 64; }`;
    const server = (port: number, name: string) =>
      `  server { listen 127.0.0.1:${port}; location / { proxy_pass http://${name}; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host; proxy_set_header X-Forwarded-For $remote_addr; } }`;
    writeFileSync(
      join(dir, 'nginx.conf'),
      `worker_processes auto;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${upstream('one', web.slice(0, 1))}
${upstream('three', web)}
${server(one, 'one')}
${server(three, 'three')}
}
`,
    );
    nginx = spawn(NGINX, ['-p', dir, '-e', join(dir, 'nginx-error.log'), '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' });
    await waitFor(`http://127.0.0.1:${three}/readyz`, nginx, 20);

    const machine = { ...(await describeMachine(database.admin)), nginx: spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim().replace('nginx version: ', '') };
    console.log(`\nMachine: ${machine.nproc} CPUs (nproc), ${machine.cpu}, ${machine.memory}; Node ${machine.node}, ${machine.nginx}, PostgreSQL ${machine.postgres}; Ponte ${machine.commit}`);
    console.log(`Nodes: 1 worker and ${NODES} web nodes (ponte start --role web, NODE_ENV=production, LOG_LEVEL=info) behind nginx (worker_processes auto, keep-alive to the nodes).`);
    console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per page and set-up in ${SLICES} alternating slices, after ${WARMUP_SECONDS} s of warm-up each; anonymous visitors.\n`);

    const rows: string[] = [];
    let failed = false;
    const verdict = (pass: boolean) => {
      failed ||= !pass;
      return pass ? 'PASS' : 'FAIL';
    };
    for (const page of [
      { name: 'home', path: '/' },
      { name: 'news list', path: '/news' },
      { name: 'directory search', path: '/directory?q=health' },
    ]) {
      process.stdout.write(`${page.name} (${page.path})… `);
      const { run: n3, ref: n1 } = await alternating(
        { url: `http://127.0.0.1:${three}${page.path}`, connections: CONNECTIONS },
        { url: `http://127.0.0.1:${one}${page.path}`, connections: CONNECTIONS },
        { seconds: SECONDS, slices: SLICES, warmupSeconds: WARMUP_SECONDS },
      );
      const pass = n3.rps > n1.rps && n1.failures + n3.failures === 0;
      console.log(verdict(pass));
      const ms = (v: number) => v.toFixed(1);
      rows.push(`| ${page.name} | ${Math.round(n1.rps)} | ${Math.round(n3.rps)} | ${(n3.rps / n1.rps).toFixed(2)} | ${ms(n1.percentile(50))} / ${ms(n1.percentile(99))} ms | ${ms(n3.percentile(50))} / ${ms(n3.percentile(99))} ms | ${n1.failures + n3.failures} | ${verdict(pass)} |`);
    }

    // Peak memory under the page load, read before the checks: signing in hashes a password with scrypt, which holds
    // 128 MiB while it runs (docs/decisions/0002) and would count in the node's peak.
    const loadPeaks = web.map((n) => peakRssMiB(n.child.pid!));

    // A session made on one node is the same session on the others; signing out anywhere ends it everywhere.
    const browser = new Browser();
    await browser.request(`${web[0]!.url}/signin`);
    const signin = await browser.request(`${web[0]!.url}/signin`, { method: 'POST', form: { email: LEARNER.email, password: LEARNER.password } });
    // With the session cookie as it was, so that a node that still honoured the ended session would show it.
    const signedIn = async (node: (typeof web)[number], cookie: string) => {
      const r = await fetch(`${node.url}/account`, { redirect: 'manual', headers: { cookie } });
      return r.status === 200 && (await r.text()).includes(LEARNER.name);
    };
    const session = browser.cookieHeader();
    const onEvery = (await Promise.all(web.map((n) => signedIn(n, session)))).every(Boolean);
    await browser.request(`${web[2]!.url}/account`);
    await browser.request(`${web[2]!.url}/signout`, { method: 'POST', form: {} });
    const outAt = performance.now();
    let outEverywhereMs = NaN;
    while (performance.now() - outAt < 5000) {
      if (!(await signedIn(web[0]!, session)) && !(await signedIn(web[1]!, session))) {
        outEverywhereMs = performance.now() - outAt;
        break;
      }
      await sleep(20);
    }
    const sessionPass = signin.status === 303 && onEvery && outEverywhereMs < INVALIDATION_TARGET_MS;

    // A change published by another process reaches every node's page cache.
    const cached = await Promise.all(web.map(async (n) => (await fetch(`${n.url}/news`), (await fetch(`${n.url}/news`)).headers.get('x-cache'))));
    const admin = (await findUserByEmail(platform.database.db, 'admin@example.org'))!;
    const title = `Scale-out check ${randomBytes(4).toString('hex')}`;
    const created = await createNews(platform, admin.id, { slug: `scale-out-${randomBytes(4).toString('hex')}`, projectId: null, tags: [], sourceLocale: 'en', title, summary: 'Published while three nodes keep the news list.', body: 'A check of the page cache across nodes.' });
    if (!('id' in created)) throw new Error('the check news item was not created');
    await setNewsState(platform, created.id, { status: 'published' });
    const publishedAt = performance.now();
    const seenMs = await Promise.all(
      web.map(async (n) => {
        while (performance.now() - publishedAt < 5000) {
          if ((await (await fetch(`${n.url}/news`)).text()).includes(title)) return performance.now() - publishedAt;
          await sleep(10);
        }
        return NaN;
      }),
    );
    const invalidationPass = cached.every((c) => c === 'hit') && seenMs.every((m) => m < INVALIDATION_TARGET_MS);

    console.log(`\n| page | 1 web node req/s | ${NODES} web nodes req/s | ratio | 1 node p50 / p99 | ${NODES} nodes p50 / p99 | errors | target |`);
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of rows) console.log(r);
    console.log(`\n| check | result | target | |`);
    console.log('| --- | --- | --- | --- |');
    console.log(`| session signed in on node 1 | signed in on ${web.length} of ${web.length} nodes: ${onEvery ? 'yes' : 'no'}; signed out on node 3, refused on nodes 1 and 2 after ${outEverywhereMs.toFixed(0)} ms | everywhere, signed out within ${INVALIDATION_TARGET_MS} ms | ${verdict(sessionPass)} |`);
    console.log(`| news published by another process | each node's cached /news (${cached.join(', ')}) replaced after ${seenMs.map((m) => `${m.toFixed(0)} ms`).join(', ')} | within ${INVALIDATION_TARGET_MS} ms | ${verdict(invalidationPass)} |`);
    for (const [i, n] of web.entries()) {
      const rss = loadPeaks[i]!;
      console.log(`| web node ${i + 1} | started in ${n.startMs.toFixed(0)} ms; peak RSS under the page load ${rss.toFixed(0)} MiB (${peakRssMiB(n.child.pid!).toFixed(0)} MiB after the checks) | < ${START_TARGET_MS} ms; < 250 MB | ${verdict(n.startMs < START_TARGET_MS && rss < 250)} |`);
    }
    process.exitCode = failed ? 1 : 0;
  } finally {
    nginx?.kill('SIGQUIT');
    await Promise.all(nodes.map(stopPonte));
    await shutdown(platform);
    await database.finish();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
