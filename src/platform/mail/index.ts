import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, DbOrTx } from '../db/index.js';
import type { Jobs } from '../jobs/index.js';
import { mailOutbox } from '../schema.js';
import { compose, mayHaveArrived, smtpSender, type SmtpError } from './smtp.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Records the message in the outbox (inside the caller's transaction, if any) and queues its delivery. */
  send(db: DbOrTx, message: OutgoingMail): Promise<string>;
  /** The job handler: delivers one outbox message at most once. */
  deliver(id: string): Promise<'sent' | 'held' | 'skipped' | 'uncertain'>;
  readonly transport: 'smtp' | 'outbox';
  close(): void;
}

export const MAIL_QUEUE = 'mail.send';
/** SMTP waits at most this long for an answer, so a live sender's claim never outlasts the lease. */
export const SMTP_TIMEOUT_MS = 20_000;
/** A claim older than this means its sender died mid-send. */
export const CLAIM_LEASE_S = 60;
/** SMTP connections of the platform mail (one-off messages; campaigns have their own pool). */
const POOL_SIZE = 4;

/** Thrown by a `beforeEnd` whose claim was taken over (its lease ran out): the message is dropped unsent. */
export class ClaimLost extends Error {
  constructor() {
    super('claim lost to another sender');
  }
}

/**
 * The `beforeEnd` of a claimed message (docs/decisions/0013): `marked` records `ending` only where the claim is
 * still this sender's, returning the rows it changed; none means another sender holds the message now.
 */
export async function claimStillHeld(marked: Promise<unknown[]>) {
  if (!(await marked).length) throw new ClaimLost();
}
const SWEEP_QUEUE = 'mail.sweep';

/** Mail through SMTP when SMTP_URL is set, otherwise held in the outbox for administrators to read. */
export function createMailer(opts: { database: Database; jobs: Jobs; smtpUrl: string | null; from: string; log: Logger }): Mailer {
  const { database, jobs, log } = opts;
  const sender = opts.smtpUrl ? smtpSender(opts.smtpUrl, { maxConnections: POOL_SIZE, timeoutMs: SMTP_TIMEOUT_MS }) : null;
  const staleClaim = lt(mailOutbox.claimedAt, sql`now() - make_interval(secs => ${CLAIM_LEASE_S})`);

  const mailer: Mailer = {
    transport: sender ? 'smtp' : 'outbox',
    async send(db, message) {
      const [row] = await db
        .insert(mailOutbox)
        .values({
          recipient: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html ?? null,
          headers: message.headers ?? {},
          status: sender ? 'queued' : 'held',
        })
        .returning({ id: mailOutbox.id });
      if (sender) await jobs.send(MAIL_QUEUE, { id: row!.id }, { singletonKey: row!.id, db });
      return row!.id;
    },
    async deliver(id) {
      if (!sender) return 'held';
      // Claim the message: a queued one, or one whose sender died before its end-of-data mark (it never arrived).
      const claimed = await database.db
        .update(mailOutbox)
        .set({ status: 'sending', attempts: sql`${mailOutbox.attempts} + 1`, claimedAt: sql`date_trunc('milliseconds', now())` })
        .where(and(eq(mailOutbox.id, id), or(eq(mailOutbox.status, 'queued'), and(eq(mailOutbox.status, 'sending'), staleClaim))))
        .returning();
      const msg = claimed[0];
      if (!msg) {
        const [current] = await database.db.select({ status: mailOutbox.status }).from(mailOutbox).where(eq(mailOutbox.id, id));
        if (!current) throw new Error('outbox message not visible yet');
        // A sender that died after the end-of-data mark may have delivered: never resent automatically; an
        // administrator decides (docs/decisions/0013).
        if (current.status === 'ending') {
          const gone = await database.db.update(mailOutbox).set({ status: 'uncertain' }).where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'ending'), staleClaim)).returning({ id: mailOutbox.id });
          if (gone.length) return 'uncertain';
        }
        if (current.status === 'sending' || current.status === 'ending') throw new Error('outbox message is being sent by another worker');
        return 'skipped';
      }
      // The claim's time is this sender's token: a sender whose lease ran out finds it changed and lets go.
      const mine = and(eq(mailOutbox.id, id), eq(mailOutbox.claimedAt, msg.claimedAt!));
      const ending = () => claimStillHeld(database.db.update(mailOutbox).set({ status: 'ending' }).where(and(mine, eq(mailOutbox.status, 'sending'))).returning({ id: mailOutbox.id }));
      try {
        const mail = await compose({ from: opts.from, to: msg.recipient, subject: msg.subject, text: msg.text, html: msg.html, headers: msg.headers });
        await sender.send(mail, ending);
        await database.db.update(mailOutbox).set({ status: 'sent', sentAt: new Date(), messageId: mail.messageId, lastError: null }).where(mine);
        return 'sent';
      } catch (err) {
        if (err instanceof ClaimLost) return 'skipped';
        const e = err as SmtpError;
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        const status = mayHaveArrived(e) ? 'uncertain' : permanent ? 'failed' : 'queued';
        await database.db
          .update(mailOutbox)
          .set({ status, lastError: `${e.responseCode ?? ''} ${e.message}`.trim().slice(0, 500) })
          .where(mine);
        log.warn({ outboxId: id, code: e.responseCode }, 'mail delivery failed');
        if (status !== 'queued') return status === 'uncertain' ? 'uncertain' : 'skipped';
        throw err; // pg-boss retries with backoff
      }
    },
    close() {
      sender?.close();
    },
  };

  jobs.define<{ id: string }>({ name: MAIL_QUEUE, retryLimit: 8, retryDelaySeconds: 30, handler: async ({ id }) => void (await mailer.deliver(id)) });
  // Queued messages whose job was lost (e.g. sent inside a transaction that committed after a crash), and claims of
  // senders that died, are picked up again.
  jobs.define({
    name: SWEEP_QUEUE,
    schedule: '*/5 * * * *',
    retryLimit: 0,
    handler: async () => {
      if (!sender) return;
      const stale = await database.db
        .select({ id: mailOutbox.id })
        .from(mailOutbox)
        .where(or(and(eq(mailOutbox.status, 'queued'), lt(mailOutbox.createdAt, new Date(Date.now() - 5 * 60_000))), and(inArray(mailOutbox.status, ['sending', 'ending']), staleClaim)))
        .limit(500);
      for (const { id } of stale) await jobs.send(MAIL_QUEUE, { id }, { singletonKey: id });
    },
  });
  return mailer;
}
