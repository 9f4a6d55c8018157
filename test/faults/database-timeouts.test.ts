import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/index.js';
import { failureStatus } from '../../src/platform/http/errors.js';
import { privateCluster, sleep } from './processes.js';

/**
 * The pool's timeouts (DATABASE_CONNECT_TIMEOUT, DATABASE_QUERY_TIMEOUT) on a PostgreSQL server of the test's own:
 * a statement that does not answer in time fails as "database unreachable" (503), and the transaction it was part
 * of never commits later through another request on the same connection.
 */
let cluster: Awaited<ReturnType<typeof privateCluster>>;
let database: Database;
const rows = async () => (await database.query<{ v: string }>('SELECT v FROM t ORDER BY v')).map((r) => r.v);
const failure = (p: Promise<unknown>) => p.then(() => 'succeeded', (err: unknown) => failureStatus(err));

beforeAll(async () => {
  cluster = await privateCluster();
  // One connection, so that the request after a timeout gets the very connection the timeout happened on.
  database = await openDatabase({ url: cluster.url('postgres'), poolSize: 1, timeouts: { connectMs: 1000, queryMs: 300 } });
  await database.exec('CREATE TABLE t (v text)');
}, 120_000);

afterAll(async () => {
  await database?.close();
  cluster?.destroy();
});

describe('database timeouts', () => {
  it('fails a statement that does not answer in time as unreachable, and never commits the rest of its transaction', async () => {
    const slow = database.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO t VALUES ('half')`);
      await tx.execute(sql`SELECT pg_sleep(1)`);
    });
    expect(await failure(slow)).toBe(503);
    // The next transaction, on the same single connection, commits only its own row.
    await database.db.transaction(async (tx) => void (await tx.execute(sql`INSERT INTO t VALUES ('whole')`)));
    await sleep(1200);
    expect(await rows()).toEqual(['whole']);
  });

  it('lets a migration-like statement run past the query timeout when asked to', async () => {
    expect(await failure(database.rawTransaction((q) => q('SELECT pg_sleep(0.6)')))).toBe(503);
    expect(await failure(database.rawTransaction((q) => q('SELECT pg_sleep(0.6)'), { untimed: true }))).toBe('succeeded');
  });

  it('answers 503 within the timeouts while the server answers nothing, and works again once it does', async () => {
    cluster.freeze();
    try {
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        expect(await failure(database.query('SELECT 1'))).toBe(503);
        expect(Date.now() - started).toBeLessThan(2000);
      }
    } finally {
      cluster.thaw();
    }
    expect(await database.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('gives the connection back when a transaction cannot even begin, so that the pool serves again once the server answers', async () => {
    // The pool's only connection: while the server answers nothing, BEGIN itself times out. A driver that kept the
    // connection checked out after a failed BEGIN (drizzle-orm's own transaction does) would leave the pool with
    // none: every later request would wait for one, and closing the pool would never end.
    cluster.freeze();
    try {
      for (let i = 0; i < 2; i++) expect(await failure(database.db.transaction(async (tx) => void (await tx.execute(sql`INSERT INTO t VALUES ('never')`))))).toBe(503);
    } finally {
      cluster.thaw();
    }
    await database.db.transaction(async (tx) => void (await tx.execute(sql`INSERT INTO t VALUES ('after')`)));
    expect(await rows()).toContain('after');
    expect(await rows()).not.toContain('never');
  });
});
