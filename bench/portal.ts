/**
 * Public portal pages: Ponte against nginx serving the same bytes, in one run on this machine.
 *
 *   npm run bench:portal       (PostgreSQL at 127.0.0.1:5432, user postgres, trust authentication)
 *
 * It creates its own database (and drops it), seeds the demo content plus a page of news, starts a real Ponte
 * server (`ponte start`, one process, production settings, request logs on), saves what Ponte answers an
 * anonymous visitor for each page (its body as a static file, its headers as nginx `add_header` lines, so that
 * a client gets the same bytes from both), serves them with nginx (one worker process, like Ponte's one
 * process) and loads both with autocannon: 32 connections, 10 s per page and server, after a 2 s
 * warm-up, in five alternating 2 s slices (the machine's other load then weighs on both alike). Latency
 * percentiles are computed from every response. Target per page: Ponte at least half of nginx's requests per
 * second, and Ponte's p99 under 25 ms.
 *
 * Environment: BENCH_PG (server URL, default postgres://postgres@127.0.0.1:5432/postgres), BENCH_SECONDS (10),
 * BENCH_CONNECTIONS (32), NGINX (/usr/sbin/nginx).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { alternating, createBenchDatabase, describeMachine, freePort, peakRssMiB, startPonte, stopPonte, waitFor } from './lib.js';
import { seedDemo } from '../src/demo.js';
import { createNews, setNewsState } from '../src/modules/portal/news.js';
import { createPlatform, shutdown } from '../src/platform/boot.js';
import { loadConfig } from '../src/platform/config.js';
import { findUserByEmail } from '../src/platform/identity/users.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP_SECONDS = 2;
/** Each server's seconds per page are split into this many alternating slices. */
const SLICES = 5;
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 25;

/** A page of news, so that the list and an item look like a real site's (the demo content has none). */
async function seed(databaseUrl: string, dataDir: string) {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' });
  const p = await createPlatform(config, { log: pino({ level: 'warn' }) });
  try {
    await seedDemo(p);
    const admin = (await findUserByEmail(p.database.db, 'admin@example.org'))!;
    const paragraph =
      'The consortium met partners from reception centres, community mental-health services and cultural mediation agencies to review how the training modules are used in practice, which cases learners bring to the workshops, and what the next national events should cover.';
    for (let i = 1; i <= 12; i++) {
      const r = await createNews(p, admin.id, {
        slug: `news-${i}`,
        projectId: null,
        tags: ['training', i % 2 ? 'events' : 'guidelines'],
        sourceLocale: 'en',
        title: `Training the workforce: report from meeting ${i}`,
        summary: 'What partners learned from the latest round of workshops and what comes next.',
        body: Array.from({ length: 6 }, () => paragraph).join('\n\n'),
      });
      if ('id' in r) await setNewsState(p, r.id, { status: 'published' });
    }
  } finally {
    await shutdown(p);
  }
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'ponte-bench-'));
  chmodSync(dir, 0o755);
  const database = await createBenchDatabase('ponte_bench');
  let ponte: ChildProcess | undefined;
  let nginx: ChildProcess | undefined;
  try {
    console.log('Seeding the demo content and a page of news…');
    await seed(database.url, join(dir, 'data'));

    const ponteHost = `http://127.0.0.1:${await freePort()}`;
    // The server writes its log straight to a file: piping it through this process would take CPU from autocannon.
    const log = openSync(join(dir, 'ponte.log'), 'a');
    ponte = startPonte({
      args: ['--no-demo'],
      env: { SECRET_KEY: randomBytes(32).toString('hex'), DATABASE_URL: database.url, DATA_DIR: join(dir, 'data'), HOST: '127.0.0.1', PORT: new URL(ponteHost).port, PONTE_ROLE: 'all', LOG_LEVEL: 'info' },
      output: log,
    });
    await waitFor(`${ponteHost}/readyz`, ponte);

    const newsItem = /href="(\/news\/news-[0-9]+)"/.exec(await (await fetch(`${ponteHost}/news`)).text())?.[1];
    if (!newsItem) throw new Error('no news item on /news');
    const pages = [
      { name: 'home', path: '/' },
      { name: 'news list', path: '/news' },
      { name: 'news item', path: newsItem },
      { name: 'documents list', path: '/documents' },
    ];

    // What an anonymous visitor gets from Ponte, saved for nginx byte for byte: the body as a file, the headers
    // as they came (nginx makes its own Date, Connection, Content-Length, Content-Type, ETag and Last-Modified).
    mkdirSync(join(dir, 'www'));
    const locations: string[] = [];
    const headerBytes: { ponte: number; nginx: number }[] = [];
    const nginxMakes = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'etag', 'last-modified']);
    for (const [i, page] of pages.entries()) {
      const res = await fetch(`${ponteHost}${page.path}`, { headers: { 'accept-encoding': 'identity' } });
      if (res.status !== 200) throw new Error(`${page.path}: ${res.status}`);
      writeFileSync(join(dir, 'www', `page-${i}.html`), Buffer.from(await res.arrayBuffer()));
      const lines = [...res.headers.entries()]
        .filter(([name]) => !nginxMakes.has(name) && name !== 'set-cookie')
        .concat(res.headers.getSetCookie().map((c) => ['set-cookie', c] as const))
        .map(([name, value]) => {
          // In nginx.conf's double-quoted strings a quote and a backslash are escaped; `$` would start a variable.
          if (value.includes('$')) throw new Error(`${page.path}: header ${name} cannot be written in nginx.conf as it is`);
          return `add_header ${name} "${value.replace(/[\\"]/g, '\\$&')}" always;`;
        });
      locations.push(`    location = ${page.path} { try_files /page-${i}.html =404; ${lines.join(' ')} }`);
    }

    const nginxHost = `http://127.0.0.1:${await freePort()}`;
    for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d));
    writeFileSync(
      join(dir, 'nginx.conf'),
      `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log ${dir}/nginx-access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  sendfile on;
  default_type text/html;
  charset utf-8;
  server {
    listen ${new URL(nginxHost).host};
    root ${dir}/www;
${locations.join('\n')}
  }
}
`,
    );
    nginx = spawn(NGINX, ['-p', dir, '-e', join(dir, 'nginx-error.log'), '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' });
    await waitFor(`${nginxHost}/`, nginx, 20);
    // The bytes of a response's head as it travels (status line, header lines, blank line).
    const headBytes = async (url: string) =>
      new Promise<number>((resolve, reject) => {
        http.get(url, (res) => {
          res.resume();
          resolve(Buffer.byteLength(`HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n${res.rawHeaders.map((v, i) => (i % 2 ? `${v}\r\n` : `${v}: `)).join('')}\r\n`));
        }).on('error', reject);
      });
    for (const [i, page] of pages.entries()) {
      const same = Buffer.from(await (await fetch(`${nginxHost}${page.path}`)).arrayBuffer()).equals(readFileSync(join(dir, 'www', `page-${i}.html`)));
      if (!same) throw new Error(`nginx does not serve Ponte's bytes for ${page.path}`);
      headerBytes.push({ ponte: await headBytes(`${ponteHost}${page.path}`), nginx: await headBytes(`${nginxHost}${page.path}`) });
    }

    const machine = { ...(await describeMachine(database.admin)), nginx: spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim().replace('nginx version: ', '') };
    console.log(`\nMachine: ${machine.nproc} CPUs (nproc), ${machine.cpu}, ${machine.memory}; Node ${machine.node}, ${machine.nginx}, PostgreSQL ${machine.postgres}; Ponte ${machine.commit}`);
    console.log(`Ponte: 1 process (ponte start, role all, NODE_ENV=production, LOG_LEVEL=info). nginx: worker_processes 1, access log on.`);
    console.log(`Same bytes: nginx sends Ponte's body and headers (${headerBytes.map((b) => `${b.ponte} / ${b.nginx}`).join(', ')} bytes of head, Ponte / nginx, per page).`);
    console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per page and server in ${SLICES} alternating slices, after ${WARMUP_SECONDS} s of warm-up each; anonymous visitors (no cookies).\n`);

    const rows: string[] = [];
    let failed = false;
    for (const page of pages) {
      process.stdout.write(`${page.name} (${page.path})… `);
      const { run: p, ref: n } = await alternating({ url: `${ponteHost}${page.path}`, connections: CONNECTIONS }, { url: `${nginxHost}${page.path}`, connections: CONNECTIONS }, { seconds: SECONDS, slices: SLICES, warmupSeconds: WARMUP_SECONDS });
      const rss = peakRssMiB(ponte.pid!);
      const ratio = p.rps / n.rps;
      const [p50, p99] = [p.percentile(50), p.percentile(99)];
      const pass = ratio >= TARGET_RATIO && p99 < TARGET_P99_MS && p.failures === 0;
      failed ||= !pass;
      console.log(pass ? 'PASS' : 'FAIL');
      const ms = (v: number) => v.toFixed(1);
      rows.push(
        `| ${page.name} | ${Math.round(p.rps)} | ${Math.round(n.rps)} | ${(ratio * 100).toFixed(1)} % | ${ms(p50)} / ${ms(p99)} ms | ${ms(n.percentile(50))} / ${ms(n.percentile(99))} ms | ${rss.toFixed(0)} MiB | ${p.failures} | ${pass ? 'PASS' : 'FAIL'} |`,
      );
    }
    const metrics = await (await fetch(`${ponteHost}/metrics`)).text();
    const count = (result: string) => Number(new RegExp(`ponte_page_cache_requests_total\\{result="${result}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);

    console.log(`\n| page | Ponte req/s | nginx req/s | Ponte / nginx | Ponte p50 / p99 | nginx p50 / p99 | Ponte peak RSS | Ponte errors | target |`);
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of rows) console.log(r);
    console.log(`\nTarget: Ponte ≥ ${TARGET_RATIO * 100} % of nginx's requests per second and Ponte p99 < ${TARGET_P99_MS} ms, without errors.`);
    console.log(`Ponte's page cache during the run: ${count('hit')} hits, ${count('miss')} misses.`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    nginx?.kill('SIGQUIT');
    await stopPonte(ponte);
    await database.finish();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
