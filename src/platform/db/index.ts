import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres/session';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import * as schema from '../../schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A database handle or a transaction on it: service functions accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** A parameterised statement; returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements without parameters, in one round trip. */
  exec(text: string): Promise<void>;
  /**
   * Runs fn on one connection inside a transaction (raw SQL, for migrations and locks). `untimed`: its statements may
   * run longer than the query timeout (a migration building an index on a large table).
   */
  rawTransaction<T>(fn: (q: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>, opts?: { untimed?: boolean }): Promise<T>;
  /** The adapter pg-boss runs its SQL through (multi-statement text without parameters included). */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** The embedded database's data directory as a gzipped tarball (PGlite only; for backups). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseTimeouts {
  /** For a new connection, and for a free one when the pool is busy. */
  connectMs: number;
  /** For the answer to each statement. */
  queryMs: number;
}

/**
 * Opens PostgreSQL when a URL is given, otherwise embedded PGlite under dataDir (or in memory). `timeouts` (web and
 * worker nodes): how long to wait for PostgreSQL before failing; without them (commands), as long as it takes.
 */
export async function openDatabase(opts: { url: string | null; dataDir?: string | null; poolSize?: number; timeouts?: DatabaseTimeouts }): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10, opts.timeouts);
  return openPglite(opts.dataDir ? join(opts.dataDir, 'pgdata') : null);
}

/** The message of the driver's error for a statement whose answer did not come within `query_timeout`. */
const QUERY_TIMEOUT = 'Query read timeout';
/** What drizzle keeps on a database object, used as drizzle's own transaction does. */
type Internals = { session: { transaction: Db['transaction']; dialect: never; schema: never; options: never } };

/**
 * drizzle-orm's node-postgres transactions send BEGIN before their try block: when BEGIN fails (the server gone in a
 * restart or a failover) the pooled client is never released. Each such failure takes a client from the pool for
 * good, until none is left and every request waits for one (and closing the pool waits forever); found by the
 * failover fault test under load. This is the same transaction with BEGIN inside: the client always goes back, and a
 * client whose BEGIN, COMMIT or ROLLBACK failed goes back with the error, so that the pool discards it.
 */
function releaseClientWhateverHappens(db: Db, pool: pg.Pool) {
  const { session } = db as unknown as Internals;
  session.transaction = async (transaction, config) => {
    const client = await pool.connect();
    const tx = new NodePgTransaction<Schema, never>(session.dialect, new NodePgSession(client, session.dialect, session.schema, session.options), session.schema) as unknown as Tx & { getTransactionConfigSQL(config: unknown): ReturnType<typeof sql> };
    let broken: Error | undefined;
    const control = (statement: ReturnType<typeof sql>) =>
      tx.execute(statement).catch((err: Error) => {
        broken = err;
        throw err;
      });
    try {
      await control(sql`begin${config ? sql` ${tx.getTransactionConfigSQL(config)}` : undefined}`);
      try {
        const result = await transaction(tx);
        await control(sql`commit`);
        return result;
      } catch (err) {
        if (!broken) await control(sql`rollback`).catch(() => undefined);
        throw err;
      }
    } finally {
      client.release(broken);
    }
  };
}

/** Longer than any statement runs (setTimeout's largest delay, about 24 days). */
const UNTIMED = 2 ** 31 - 1;

async function openPostgres(url: string, max: number, timeouts?: DatabaseTimeouts): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // TCP keep-alive finds a connection whose server vanished without a word (a host gone, a partition).
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(timeouts && { connectionTimeoutMillis: timeouts.connectMs, query_timeout: timeouts.queryMs }),
  });
  // A client that loses its server (a restart, a failover) must not crash the process. The pool listens on idle
  // clients; a checked-out one (inside a transaction, between two queries) needs its own listener. Its next query
  // then fails (answered 503), the pool discards it, and the next checkout connects anew.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
    if (!timeouts) return;
    // A statement that timed out may still run, or still be waiting in the socket, and its transaction is still
    // open on the server: the connection must not serve anyone again, or a later request's COMMIT would commit
    // that half of a transaction. The driver forgets the statement but keeps the connection (and a checked-out
    // client inside Drizzle's transaction is released without an error), so it is closed here; the server then
    // rolls the transaction back. (pool.query releases its client with the error, which also closes it.)
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const result = query(...args);
      if (result instanceof Promise)
        result.catch((err: unknown) => {
          if (err instanceof Error && err.message === QUERY_TIMEOUT) (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
        });
      return result;
    }) as typeof client.query;
  });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  releaseClientWhateverHappens(db, pool);
  return {
    kind: 'postgres',
    db,
    async query(text, params) {
      const r = await pool.query(text, params as unknown[]);
      return r.rows;
    },
    async exec(text) {
      await pool.query(text);
    },
    async rawTransaction(fn, opts) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // The driver reads a statement's own query_timeout before the pool's (its types do not list it).
        const query_timeout = opts?.untimed ? UNTIMED : undefined;
        const result = await fn(async (text, params) => (await client.query({ text, values: params as unknown[], query_timeout } as pg.QueryConfig)).rows);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    executeSql: (text, values) => pool.query(text, values as unknown[]),
    close: () => pool.end(),
  };
}

/** Embedded PostgreSQL in `dir` (in memory when null), optionally loaded from a dumped data directory. */
export async function openPglite(dir: string | null, loadDataDir?: Blob): Promise<Database> {
  if (dir) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir ?? 'memory://', { extensions: { pg_trgm, unaccent }, loadDataDir });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    async query(text, params) {
      const r = await client.query(text, params as unknown[]);
      return r.rows as never[];
    },
    async exec(text) {
      await client.exec(text);
    },
    rawTransaction(fn) {
      return client.transaction((tx) => fn(async (text, params) => (await tx.query(text, params as unknown[])).rows as Record<string, unknown>[]));
    },
    async executeSql(text, values) {
      if (values && values.length) return client.query(text, values as unknown[]);
      const results = await client.exec(text);
      return results.at(-1) ?? { rows: [] };
    },
    dumpDataDir: () => client.dumpDataDir('gzip') as Promise<Blob>,
    close: () => client.close(),
  };
}

/** The driver client under a Drizzle handle or transaction (PGlite, its transaction, a pg Pool or PoolClient): Drizzle keeps it on its session. */
const driverClient = (db: DbOrTx) => (db as unknown as { session: { client: { query(q: unknown, values?: unknown[]): Promise<{ rows: unknown[] }> } } }).session.client;

/**
 * Runs raw parameterised SQL on the same connection as a Drizzle handle or transaction, so that work of
 * libraries such as pg-boss (enqueueing a job) commits or rolls back with the caller's transaction.
 */
export function sqlExecutorOf(db: DbOrTx): { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } {
  const client = driverClient(db);
  return { executeSql: (text, values) => client.query(text, values) };
}

/**
 * Runs a raw statement prepared under `name` on the same connection as a Drizzle handle or transaction: for a
 * statement Drizzle cannot build (a data-modifying CTE) that every request runs. PGlite runs it unnamed.
 */
export async function executePrepared(db: DbOrTx, name: string, text: string, values: unknown[]): Promise<unknown[]> {
  const client = driverClient(db);
  const r = client instanceof pg.Pool || client instanceof pg.Client ? await client.query({ name, text, values }) : await client.query(text, values);
  return r.rows;
}

/** The rows of a `db.execute` result, whichever driver ran it. */
export const executedRows = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[]));

const preparedQueries = new WeakMap<object, Map<string, unknown>>();
/**
 * A query built once per database handle and prepared under `name` (with `sql.placeholder`s for its values):
 * for the few queries every request runs, where building the SQL costs more than running it.
 */
export function prepared<T>(db: DbOrTx, name: string, build: (db: DbOrTx) => T): T {
  let byName = preparedQueries.get(db);
  if (!byName) preparedQueries.set(db, (byName = new Map()));
  if (!byName.has(name)) byName.set(name, build(db));
  return byName.get(name) as T;
}
