/** What the benchmarks share: a database of their own, a real Ponte process, free ports, the machine's description. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { randomToken, sha256 } from '../src/platform/auth/crypto.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
/** The PostgreSQL server the benchmarks create their databases on. */
export const PG = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The peak resident memory of a process (VmHWM), in MiB; 0 once the process is gone. */
export function peakRssMiB(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Figures as the benchmarks print them. */
export const ms = (v: number) => `${v.toFixed(1)} ms`;
export const secondsSince = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
/** The p-th percentile of a sample (nearest rank). */
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** A TCP port nobody listens on now, on loopback. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** Waits until `url` answers 2xx, failing early when the server's process exits. */
export async function waitFor(url: string, child: ChildProcess, seconds = 120) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

/** A command's output, or its error text (for the machine's description). */
export const sh = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    return ((err as { stderr?: string }).stderr ?? '').trim() || 'unknown';
  }
};

export interface BenchDatabase {
  name: string;
  url: string;
  /** A connection to the server's maintenance database (for the server's version, and the drop). */
  admin: pg.Client;
  /** Drops the database (closing whatever is still connected) and closes `admin`. */
  drop(): Promise<void>;
  /** At the end of a run: drops the database, or keeps it when BENCH_KEEP=1 (and says where it is). */
  finish(): Promise<void>;
}

/** A new, empty database on the benchmark server, named `<prefix>_<random>`. */
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG);
  url.pathname = `/${name}`;
  const database: BenchDatabase = {
    name,
    url: url.toString(),
    admin,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    },
    async finish() {
      if (process.env.BENCH_KEEP !== '1') return database.drop();
      console.log(`Kept the database (BENCH_KEEP=1): ${database.url}`);
      await admin.end();
    },
  };
  return database;
}

/**
 * A real Ponte process (`ponte start …`, through tsx, as `npm start` runs it) in production mode. `output` is a
 * file descriptor for its log, or 'inherit'; a file keeps the log's CPU out of the benchmark's own process.
 */
export function startPonte(opts: { args: string[]; env: Record<string, string>; output: number | 'inherit' }): ChildProcess {
  // BENCH_NODE_ARGS: extra Node.js flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  // The server as production runs it: compiled (bin/ponte.js builds dist/ when a source is newer).
  return spawn(process.execPath, [...nodeArgs, 'bin/ponte.js', 'start', ...opts.args], {
    cwd: root,
    // Production refuses to start without its own care data keys; a bench run's throwaway one will do.
    env: { ...process.env, NODE_ENV: 'production', PUBLIC_URL: 'https://ponte.bench.example', CARE_DATA_KEYS: `bench:${randomBytes(32).toString('base64')}`, ...opts.env },
    stdio: ['ignore', opts.output, opts.output],
  });
}

/** Stops a server with SIGTERM, and waits for it (10 s at most). */
export async function stopPonte(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
}

/** The machine a result was measured on, as the figures in docs/performance.md name it. */
export async function describeMachine(admin: pg.Client) {
  return {
    nproc: sh('nproc', []),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    postgres: (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v,
    commit: sh('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
    load: os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' '),
  };
}

/**
 * Requests at a steady rate, open loop: each is sent at its time whether or not the earlier ones have been answered,
 * and its latency counts from that time (so a stall counts in full). autocannon's own rate limit sends each second's
 * requests in a burst, which measures the burst's queue rather than the load.
 */
export interface Paced {
  url: string;
  /** Requests per second. */
  rate: number;
  /** The i-th request's path and headers. */
  request: (i: number) => { path: string; headers?: Record<string, string> };
}

/** Load on one server for one scenario, added up over one or more runs; percentiles from every response. */
export class Load {
  requests = 0;
  seconds = 0;
  failures = 0;
  private latencies: number[] = [];

  async slice(opts: (autocannon.Options | Paced) & { duration: number }) {
    if ('rate' in opts) return this.paced(opts);
    const r = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
      instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => void this.latencies.push(ms));
    });
    this.requests += r.requests.total;
    this.seconds += r.duration;
    this.failures += r.non2xx + r.errors;
  }

  private async paced(opts: Paced & { duration: number }) {
    const agent = new http.Agent({ keepAlive: true });
    const start = performance.now();
    const total = Math.round(opts.rate * opts.duration);
    const answers: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / opts.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const { path, headers } = opts.request(i);
      answers.push(
        new Promise<void>((resolve) => {
          const req = http.get(new URL(path, opts.url), { agent, headers }, (res) => {
            res.resume();
            res.on('end', () => {
              this.latencies.push(performance.now() - due);
              if (!res.statusCode || res.statusCode >= 300) this.failures++;
              resolve();
            });
          });
          req.on('error', () => {
            this.failures++;
            resolve();
          });
        }),
      );
    }
    await Promise.all(answers);
    this.requests += total;
    this.seconds += (performance.now() - start) / 1000;
    agent.destroy();
  }

  get rps() {
    return this.requests / this.seconds;
  }

  percentile(p: number) {
    const sorted = Float64Array.from(this.latencies).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  }
}

/**
 * A scenario and its reference measured in alternating slices after a warm-up of each, so that both meet the same
 * background load of the machine.
 */
export async function alternating(scenario: autocannon.Options | Paced, reference: autocannon.Options | Paced, opts: { seconds: number; slices: number; warmupSeconds: number }) {
  const run = new Load();
  const ref = new Load();
  await new Load().slice({ ...scenario, duration: opts.warmupSeconds });
  await new Load().slice({ ...reference, duration: opts.warmupSeconds });
  for (let i = 0; i < opts.slices; i++) {
    await run.slice({ ...scenario, duration: opts.seconds / opts.slices });
    await ref.slice({ ...reference, duration: opts.seconds / opts.slices });
  }
  return { run, ref };
}

/** A live session for each of these users, as the sign-in route makes them (the token's SHA-256 as the id); their tokens. */
export async function benchSessions(client: pg.Client, emails: string[]): Promise<string[]> {
  const tokens = emails.map(() => randomToken());
  await client.query(
    `INSERT INTO sessions (id, user_id, stage, user_agent, expires_at)
     SELECT t.id, u.id, 'full', 'bench', now() + interval '1 day' FROM unnest($1::text[], $2::text[]) AS t(id, email) JOIN users u ON u.email = t.email`,
    [tokens.map(sha256), emails],
  );
  return tokens;
}
