import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { sqlExecutorOf, type Database, type DbOrTx } from '../db/index.js';

export type JobHandler<T> = (data: T, job: { id: string; retryCount: number }) => Promise<void>;

export interface QueueDefinition<T = unknown> {
  name: string;
  handler: JobHandler<T>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Cron schedule (UTC) on which the queue is sent an empty job. */
  schedule?: string;
}

export interface Jobs {
  define<T>(queue: QueueDefinition<T>): void;
  /** Enqueues a job; pass `db` to enqueue inside the caller's transaction (the job exists only if it commits). */
  send<T extends object>(name: string, data: T, opts?: { singletonKey?: string; startAfterSeconds?: number; db?: DbOrTx }): Promise<string | null>;
  /** Starts pg-boss; when work is true this node also runs handlers (the worker role). */
  start(opts: { work: boolean }): Promise<void>;
  stop(): Promise<void>;
  /** Counts per queue and state, for the administration page. */
  summary(): Promise<{ name: string; state: string; count: number }[]>;
  /** Runs queued jobs of one queue now, in this process (tests and the CLI). */
  drain(name: string): Promise<number>;
}

/** Durable background jobs on the same database, through pg-boss (docs/decisions/0005). */
export function createJobs(database: Database, log: Logger): Jobs {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
    schema: 'pgboss',
    // One node at a time runs maintenance; pg-boss coordinates that itself through the database.
    monitorStateIntervalSeconds: 60,
  } as PgBoss.ConstructorOptions);
  boss.on('error', (err: Error) => log.error({ err: { message: err.message } }, 'job queue error'));
  const queues = new Map<string, QueueDefinition<never>>();
  let started = false;

  let stopping = false;

  /** Runs one job and records its outcome: completed, or failed (retried while it has retries left). */
  async function settle(def: QueueDefinition<never>, job: PgBoss.Job<never>) {
    try {
      await def.handler(job.data, { id: job.id, retryCount: (job as unknown as { retryCount?: number }).retryCount ?? 0 });
      await boss.complete(def.name, job.id);
    } catch (err) {
      await boss.fail(def.name, job.id, { message: (err as Error).message });
    }
  }

  return {
    define(queue) {
      queues.set(queue.name, queue as QueueDefinition<never>);
    },
    async send(name, data, opts = {}) {
      const def = queues.get(name);
      if (!def) throw new Error(`Unknown queue ${name}`);
      return boss.send(name, data, {
        retryLimit: def.retryLimit ?? 5,
        retryDelay: def.retryDelaySeconds ?? 30,
        retryBackoff: true,
        singletonKey: opts.singletonKey,
        startAfter: opts.startAfterSeconds,
        ...(opts.db ? { db: sqlExecutorOf(opts.db) } : {}),
      } as PgBoss.SendOptions);
    },
    async start({ work }) {
      stopping = false;
      await boss.start();
      started = true;
      for (const def of queues.values()) {
        await boss.createQueue(def.name, { name: def.name, policy: 'standard' } as PgBoss.Queue);
        if (work) {
          // pg-boss waits out its polling interval after every fetch, even one that found a job: one job per second
          // per queue. So a handler that found work goes on fetching, one job at a time (a node that dies holds at
          // most one), until the queue is empty, for at most a minute at a time, and stops early when the node stops.
          await boss.work<never>(def.name, { pollingIntervalSeconds: 1, batchSize: 1 }, async ([first]) => {
            const until = Date.now() + 60_000;
            for (let job: PgBoss.Job<never> | undefined = first; job; job = stopping || Date.now() > until ? undefined : (await boss.fetch<never>(def.name, { batchSize: 1 }))?.[0]) await settle(def, job);
          });
          if (def.schedule) await boss.schedule(def.name, def.schedule);
        }
      }
    },
    async stop() {
      stopping = true;
      if (started) await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      started = false;
    },
    async summary() {
      const rows = await database.query<{ name: string; state: string; count: string }>(
        `SELECT name, state, count(*)::text AS count FROM pgboss.job GROUP BY name, state ORDER BY name, state`,
      );
      return rows.map((r) => ({ name: r.name, state: r.state, count: Number(r.count) }));
    },
    async drain(name) {
      const def = queues.get(name);
      if (!def) throw new Error(`Unknown queue ${name}`);
      let done = 0;
      for (;;) {
        const job = (await boss.fetch<never>(name, { batchSize: 1 }))?.[0];
        if (!job) return done;
        await settle(def, job);
        done++;
      }
    },
  };
}
