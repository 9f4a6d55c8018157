import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, DbOrTx } from './db/index.js';
import { pageViews } from './schema.js';

/** A public item whose page was viewed: a news item, a document, a page, a project, an event… */
export interface ViewedItem {
  type: string;
  id: string;
}

const BOT = /bot|crawl|spider|slurp/i;

/** Only GET requests from what is not obviously a robot are counted (HEAD is a robot's or a cache's check). */
export const isCountedView = (method: string, userAgent: string | undefined) => method === 'GET' && !BOT.test(userAgent ?? '');

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

export interface PageViewCounter {
  /** Counts one view now; nothing about the visitor is kept, only the item and the day. */
  count(item: ViewedItem, at?: Date): void;
  /** Writes the counts gathered so far, adding them to what the database holds. */
  flush(): Promise<void>;
  /** Stops the timer and flushes what is left (shutdown). */
  close(): Promise<void>;
}

/**
 * Page views are added up in memory per item and day and written in batches, so that a popular page costs one
 * upsert every few seconds instead of a write per view. Several nodes flush into the same rows: the upsert
 * adds, and rows go in key order so that two nodes' batches cannot deadlock.
 */
export function createPageViewCounter(database: Database, opts: { flushMs: number; log: Logger }): PageViewCounter {
  let pending = new Map<string, number>();
  let flushing: Promise<void> = Promise.resolve();

  const write = async (batch: Map<string, number>) => {
    const rows = [...batch]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, views]) => {
        const [itemType, itemId, day] = key.split('\u0000') as [string, string, string];
        return { itemType, itemId, day, views };
      });
    // One transaction, so that a failed batch can be kept for the next flush without counting any of it twice.
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += 500) {
        await tx
          .insert(pageViews)
          .values(rows.slice(i, i + 500))
          .onConflictDoUpdate({ target: [pageViews.itemType, pageViews.itemId, pageViews.day], set: { views: sql`${pageViews.views} + excluded.views` } });
      }
    });
  };

  const flush = () => {
    flushing = flushing.then(async () => {
      if (!pending.size) return;
      const batch = pending;
      pending = new Map();
      try {
        await write(batch);
      } catch (err) {
        // Kept for the next flush rather than lost.
        for (const [key, n] of batch) pending.set(key, (pending.get(key) ?? 0) + n);
        opts.log.warn({ err: { message: (err as Error).message } }, 'page views not written; will retry');
      }
    });
    return flushing;
  };

  const timer = setInterval(() => void flush(), opts.flushMs);
  timer.unref();

  return {
    count(item, at = new Date()) {
      const key = `${item.type}\u0000${item.id}\u0000${utcDay(at)}`;
      pending.set(key, (pending.get(key) ?? 0) + 1);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

export interface ViewFigures {
  /** Views today and the 29 days before (UTC days). */
  last30: number;
  total: number;
}

/** Views of items of one type, for editors' lists; items never viewed are absent from the map. */
export async function viewFigures(db: DbOrTx, type: string, ids: string[], today = new Date()): Promise<Map<string, ViewFigures>> {
  if (!ids.length) return new Map();
  const since = utcDay(new Date(today.getTime() - 29 * 24 * 3600 * 1000));
  const rows = await db
    .select({
      id: pageViews.itemId,
      last30: sql<string>`coalesce(sum(${pageViews.views}) FILTER (WHERE ${pageViews.day} >= ${since}), 0)`,
      total: sql<string>`sum(${pageViews.views})`,
    })
    .from(pageViews)
    .where(and(eq(pageViews.itemType, type), inArray(pageViews.itemId, ids)))
    .groupBy(pageViews.itemId);
  return new Map(rows.map((r) => [r.id, { last30: Number(r.last30), total: Number(r.total) }]));
}
