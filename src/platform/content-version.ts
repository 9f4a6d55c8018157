import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { DbOrTx } from './db/index.js';
import type { ReadRouting } from './db/replica.js';
import { contentVersion } from './schema.js';

/**
 * Records that public content changed. Call it inside the transaction that makes the change: the new
 * version becomes visible to the other nodes exactly when the change does, never before it.
 */
export async function contentChanged(db: DbOrTx): Promise<void> {
  await db
    .insert(contentVersion)
    .values({ id: 1, version: 1 })
    .onConflictDoUpdate({ target: contentVersion.id, set: { version: sql`${contentVersion.version} + 1`, changedAt: sql`now()` } });
}

export async function readContentVersion(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ version: contentVersion.version }).from(contentVersion).where(eq(contentVersion.id, 1));
  return row?.version ?? 0;
}

/** A number in the database that rises with every change of something nodes keep (content, sessions), polled. */
export interface VersionWatcher {
  /** The version last read, or null while it is unknown (not read yet, or the database did not answer). */
  readonly current: number | null;
  /** Reads the version now. */
  refresh(): Promise<number | null>;
  /** Stops polling, once a read in progress has ended. */
  stop(): Promise<void>;
}

/**
 * Polls a version. One indexed single-row read every interval per web node is cheaper and simpler than
 * LISTEN/NOTIFY (which needs a dedicated connection per node and does not exist across PGlite clients), and
 * bounds how long a node keeps something that changed on another node.
 */
export async function watchVersion(read: () => Promise<number>, opts: { intervalMs: number; log: Logger; what: string }): Promise<VersionWatcher> {
  let current: number | null = null;
  let failing = false;
  // The answer of the read that started last wins, so that an explicit refresh after a change is never
  // overwritten by an earlier poll that finishes after it.
  let started = 0;
  let applied = 0;
  let polling: Promise<unknown> | null = null;
  const refresh = async (): Promise<number | null> => {
    const n = ++started;
    try {
      const v = await read();
      if (failing) opts.log.info(`${opts.what} readable again`);
      failing = false;
      if (n > applied) [applied, current] = [n, v];
    } catch (err) {
      // Unknown means "maybe changed": what depends on it is not used until the database answers again.
      if (!failing) opts.log.warn({ err: { message: (err as Error).message } }, `${opts.what} unreadable; what depends on it is paused`);
      failing = true;
      if (n > applied) [applied, current] = [n, null];
    }
    return current;
  };
  await refresh();
  const timer = setInterval(() => {
    // A slow database gets one poll at a time, not a queue of them.
    polling ??= refresh().finally(() => (polling = null));
  }, opts.intervalMs);
  timer.unref();
  return {
    get current() {
      return current;
    },
    refresh,
    async stop() {
      clearInterval(timer);
      await polling;
    },
  };
}

/** The content version, polled: the page cache serves nothing while it is unknown. */
export const watchContentVersion = (reads: Pick<ReadRouting, 'healthy'>, opts: { intervalMs: number; log: Logger }) =>
  watchVersion(async () => readContentVersion((await reads.healthy()).db), { ...opts, what: 'content version' });

/**
 * A value read from public content (lists of regions, kinds, needs…), kept until the content version changes:
 * pages that show it on every request read it once per change. While the version is unknown it is read each time.
 */
export function perContentVersion<T>(watcher: Pick<VersionWatcher, 'current'>, read: () => Promise<T>): () => Promise<T> {
  const keyed = perContentVersionByKey(watcher, read, 1);
  return () => keyed('');
}

/**
 * Values read from public content by key (a lesson's recommendations in a language…), each kept until the
 * content version changes; at most `max` at once (all dropped when full). A failed read is not kept: the next
 * request tries again.
 */
export function perContentVersionByKey<T>(watcher: Pick<VersionWatcher, 'current'>, read: (key: string) => Promise<T>, max = 10_000): (key: string) => Promise<T> {
  let keptVersion: number | null = null;
  const kept = new Map<string, Promise<T>>();
  return (key) => {
    const version = watcher.current;
    if (version === null) return read(key);
    if (keptVersion !== version) {
      kept.clear();
      keptVersion = version;
    }
    let value = kept.get(key);
    if (!value) {
      const reading = read(key);
      if (kept.size >= max) kept.clear();
      kept.set(key, reading);
      reading.catch(() => {
        if (kept.get(key) === reading) kept.delete(key);
      });
      value = reading;
    }
    return value;
  };
}
