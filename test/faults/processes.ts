import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Real processes for the fault tests: a private PostgreSQL server that can be stopped and started, and Ponte nodes. */

export const root = join(import.meta.dirname, '../..');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A PostgreSQL server of its own (Debian's server binaries), so that a test can stop and restart it without
 * touching the machine's service, or a streaming replica of one. Run as root, it runs as the `postgres` user, as
 * PostgreSQL requires.
 */
export async function privateCluster(opts: { replicaOf?: { port: number } } = {}) {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error('The fault tests need the PostgreSQL server binaries (Debian: apt-get install postgresql).');
  const bin = (name: string) => join('/usr/lib/postgresql', versions[0]!, 'bin', name);
  const dir = mkdtempSync(join(tmpdir(), 'ponte-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  // As root, the directories belong to `postgres`, which runs the server.
  const own = (path: string) => asRoot && chownSync(path, Number(execFileSync('id', ['-u', 'postgres'])), Number(execFileSync('id', ['-g', 'postgres'])));
  own(dir);
  const run = (cmd: string, args: string[]) => execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'pipe', cwd: dir });
  // A streaming replica starts from a base backup of its primary and follows it (-R: standby.signal, primary_conninfo).
  if (opts.replicaOf) run(bin('pg_basebackup'), ['-h', '127.0.0.1', '-p', String(opts.replicaOf.port), '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
  else run(bin('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  mkdirSync(join(dir, 'run'), { recursive: true });
  own(join(dir, 'run'));
  const port = await freePort();
  const serverPid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let frozen: number[] = [];
  const options = `-p ${port} -k ${join(dir, 'run')} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const cluster = {
    port,
    url: (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    /** One statement on a connection of its own. */
    async query<T = Record<string, unknown>>(database: string, text: string, values: unknown[] = []): Promise<T[]> {
      const c = new pg.Client({ connectionString: cluster.url(database) });
      await c.connect();
      try {
        return (await c.query(text, values)).rows as T[];
      } finally {
        await c.end();
      }
    },
    start() {
      try {
        run(bin('pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', 'start']);
      } catch (err) {
        throw new Error(`PostgreSQL did not start: ${String(err)}\n${readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000)}`);
      }
    },
    /** A fast shutdown, as a restart or failover does: open sessions are ended, their transactions rolled back. */
    stop: () => void run(bin('pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']),
    /**
     * A crash, as a power cut or the kernel's OOM killer makes one: SIGKILL to the server and every process it
     * started, nothing written or flushed on the way out. The next start recovers from the WAL.
     */
    crash() {
      const postmaster = serverPid();
      // Stopped first, so that it starts no process between the list and the kill.
      process.kill(postmaster, 'SIGSTOP');
      for (const pid of [postmaster, ...childrenOf(postmaster)]) process.kill(pid, 'SIGKILL');
      // Dead, but a container whose first process reaps no orphans keeps it as a zombie, whose pid PostgreSQL
      // takes for a live server holding the lock files. After a real crash the pid is gone: so are the locks here.
      const state = () => {
        try {
          return readFileSync(`/proc/${postmaster}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
        } catch {
          return 'gone';
        }
      };
      const deadline = Date.now() + 5000;
      while (state() !== 'Z' && state() !== 'gone' && Date.now() < deadline) execFileSync('sleep', ['0.05']);
      if (state() === 'Z') for (const lock of [join(data, 'postmaster.pid'), join(dir, 'run', `.s.PGSQL.${port}.lock`)]) rmSync(lock, { force: true });
    },
    /**
     * A server that stops answering without closing anything, as behind a network partition or on a frozen host:
     * every server process is stopped (SIGSTOP). Connections are still accepted by the kernel; nothing answers.
     */
    freeze() {
      const postmaster = serverPid();
      process.kill(postmaster, 'SIGSTOP');
      frozen = [postmaster, ...childrenOf(postmaster)];
      for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    },
    /** Ends a freeze: every process goes on where it stopped. */
    thaw() {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
      frozen = [];
    },
    destroy() {
      cluster.thaw();
      try {
        cluster.stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}

/** The processes `parent` started (PostgreSQL's backends and background workers under its postmaster). */
function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return Number(readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]) === parent;
      } catch {
        return false; // ended meanwhile
      }
    })
    .map(Number);
}

export interface Node {
  process: ChildProcess;
  /** What it printed, for the failure message. */
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `ponte start --role <role>` and waits until it is ready (web: /readyz answers 200). */
export async function startNode(role: 'web' | 'worker', env: Record<string, string>, port?: number): Promise<Node> {
  const child = spawn(process.execPath, ['bin/ponte.js', 'start', '--role', role, '--no-demo'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env, ...(port ? { PORT: String(port), HOST: '127.0.0.1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-20_000)));
  child.stderr!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const node = { process: child, output: () => out, exited };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ponte ${role} exited with ${child.exitCode}:\n${out}`);
    if (role === 'worker' ? out.includes('Ponte worker running.') : await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) return node;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`ponte ${role} did not become ready:\n${out}`);
}

export async function kill(node: Node, signal: NodeJS.Signals = 'SIGKILL') {
  node.process.kill(signal);
  await node.exited;
}
