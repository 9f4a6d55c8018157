import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Database } from './index.js';

/**
 * Reads on a streaming replica (DATABASE_READ_URL), for the heavy read-only queries of reports and search, without
 * a visitor missing what they have just written: after a request of theirs that changed something, the primary's
 * WAL position is kept in a cookie, and their reads go to the primary until the replica has replayed that far. A
 * replica that does not answer is left aside for a while and everything reads from the primary.
 */
export interface ReadRouting {
  /** The replica, or null when everything reads from the primary. */
  replica: Database | null;
  /** The database this request's read-only queries run on. */
  forRequest(req: FastifyRequest): Promise<Database>;
  /** The replica if it answers, else the primary (for what every node reads in the background). */
  healthy(): Promise<Database>;
}

/** A WAL position as PostgreSQL writes it (`16/B374D848`). */
const LSN = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/;
export const parseLsn = (text: unknown): bigint | null => {
  const m = typeof text === 'string' ? LSN.exec(text) : null;
  return m ? (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`) : null;
};

/** How long the replica's replay position read once is used, and how long a replica that failed is left aside. */
const POSITION_MS = 100;
const ASIDE_MS = 5000;

/** Reads go to the primary only: no replica configured (or the embedded database). */
export const primaryOnly = (primary: Database): ReadRouting => ({ replica: null, forRequest: async () => primary, healthy: async () => primary });

export function replicaRouting(primary: Database, replica: Database, log: Logger, cookie: string): ReadRouting {
  let position: { lsn: bigint; at: number } | null = null;
  let asideUntil = 0;
  let reading: Promise<bigint | null> | null = null;
  /** The replica's replay position (read at most every POSITION_MS), or null when it is left aside. */
  const replayed = async (): Promise<bigint | null> => {
    const now = Date.now();
    if (now < asideUntil) return null;
    if (position && now - position.at < POSITION_MS) return position.lsn;
    reading ??= replica
      .query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn')
      .then(
        ([row]) => {
          // Not a replica (pointed at a primary by mistake): it has everything.
          const lsn = row?.lsn == null ? 2n ** 64n - 1n : parseLsn(row.lsn)!;
          position = { lsn, at: Date.now() };
          return lsn;
        },
        (err: unknown) => {
          if (Date.now() >= asideUntil) log.warn({ err: { message: (err as Error).message } }, 'read replica unavailable; reading from the primary');
          asideUntil = Date.now() + ASIDE_MS;
          position = null;
          return null;
        },
      )
      .finally(() => (reading = null));
    return reading;
  };
  return {
    replica,
    async forRequest(req) {
      const lsn = await replayed();
      if (lsn === null) return primary;
      const wrote = parseLsn(req.cookies[cookie]);
      return wrote === null || lsn >= wrote ? replica : primary;
    },
    async healthy() {
      return (await replayed()) === null ? primary : replica;
    },
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After a request that may have changed something (not GET/HEAD/OPTIONS) and succeeded, remembers the primary's
 * WAL position in the visitor's cookie, for as long as a replica could reasonably lag (five minutes).
 */
export function rememberWrites(app: FastifyInstance, primary: Database, cookie: string, secure: boolean) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (SAFE.has(req.method) || reply.statusCode >= 400) return payload;
    const [row] = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn').catch(() => []);
    if (row) reply.setCookie(cookie, row.lsn, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 300 });
    return payload;
  });
}
