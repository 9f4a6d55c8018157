import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApp } from '../helpers.js';
import { privateCluster, sleep } from './processes.js';

/**
 * Failover to a replica under write load. A primary of the test's own, with a streaming replica made by
 * pg_basebackup that it replicates to synchronously (`synchronous_standby_names = '*'`: a commit is acknowledged
 * once the replica has it, as a deployment that must lose nothing on failover is set up). Ponte reaches PostgreSQL
 * through a TCP proxy on loopback, standing for the virtual address or pooler a deployment points DATABASE_URL at.
 * The primary crashes (SIGKILL to every server process); the proxy drops its connections and turns to the replica,
 * which is promoted. Meanwhile Ponte answers 503; afterwards the same process writes to the new primary, which holds
 * every sign-up Ponte acknowledged.
 */
let primary: Awaited<ReturnType<typeof privateCluster>>;
let replica: Awaited<ReturnType<typeof privateCluster>>;
let proxy: net.Server;
let target: number;
const sockets = new Set<net.Socket>();
let ctx: Awaited<ReturnType<typeof testApp>>;

interface Answer {
  email: string;
  status: number;
}
const answers: Answer[] = [];
let sent = 0;

/** Newsletter sign-ups, each from a new browser, from `workers` clients at once, until the returned stop is called. */
function load(workers = 4) {
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const email = `failover-${++sent}@example.org`;
      const c = new Client(ctx.app);
      const form = await c.get('/newsletter');
      if (form.statusCode !== 200) {
        answers.push({ email, status: form.statusCode });
        await sleep(50);
        continue;
      }
      const res = await c.post('/newsletter', { email, locale: 'en', consent: 'on' });
      answers.push({ email, status: res.statusCode });
      if (res.statusCode !== 200) await sleep(50);
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

beforeAll(async () => {
  primary = await privateCluster();
  await primary.query('postgres', 'CREATE DATABASE ponte');
  replica = await privateCluster({ replicaOf: primary });
  await primary.query('postgres', `ALTER SYSTEM SET synchronous_standby_names = '*'`);
  await primary.query('postgres', 'SELECT pg_reload_conf()');
  target = primary.port;
  proxy = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as net.AddressInfo).port;
  ctx = await testApp({ env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/ponte`, DATABASE_CONNECT_TIMEOUT: '1', DATABASE_QUERY_TIMEOUT: '2' } });
}, 300_000);

afterAll(async () => {
  await ctx?.close();
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => proxy?.close(resolve));
  replica?.destroy();
  primary?.destroy();
});

describe('failover to a replica', () => {
  it('answers 503 while the primary is gone and writes to the promoted replica without a restart, losing no acknowledged sign-up', async () => {
    const [{ sync }] = await primary.query<{ sync: string }>('postgres', `SELECT sync_state AS sync FROM pg_stat_replication`);
    expect(sync).toBe('sync');
    const stop = load();
    await sleep(1500);
    const before = answers.length;
    // The primary crashes; the address Ponte uses moves to the replica, which is then promoted: as in a real
    // failover, a connection made in between meets a server still in recovery, which refuses writes.
    primary.crash();
    for (const s of sockets) s.destroy();
    target = replica.port;
    await replica.query('postgres', 'SELECT pg_promote(true, 30)');
    await sleep(2500);
    await stop();

    const during = answers.slice(before);
    const statuses = [...new Set(answers.map((a) => a.status))].sort();
    const counts = new Map<number, number>();
    for (const a of answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
    const byStatus = [...counts].map(([s, n]) => `${s}: ${n}`).join(', ');
    console.log(`faults: failover: ${answers.length} sign-ups sent (${byStatus}); after the crash ${during.length} sent`);
    // Only successes, or 503 while no primary answered: never a 500.
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(answers.slice(0, before).some((a) => a.status === 200)).toBe(true);
    // The same process writes to the new primary.
    expect(answers.slice(-4).every((a) => a.status === 200)).toBe(true);
    // Every sign-up acknowledged, before the crash or after, is on the new primary.
    const stored = new Set((await replica.query<{ email: string }>('ponte', 'SELECT email FROM newsletter_subscribers')).map((r) => r.email));
    const lost = answers.filter((a) => a.status === 200 && !stored.has(a.email));
    expect(lost).toEqual([]);
  });
});
