import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Database, DbOrTx } from '../db/index.js';
import type { Jobs } from '../jobs/index.js';
import { mailOutbox } from '../schema.js';

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
const SWEEP_QUEUE = 'mail.sweep';

/** Mail through SMTP when SMTP_URL is set, otherwise held in the outbox for administrators to read. */
export function createMailer(opts: { database: Database; jobs: Jobs; smtpUrl: string | null; from: string; log: Logger }): Mailer {
  const { database, jobs, log } = opts;
  const transporter: Transporter | null = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;

  const mailer: Mailer = {
    transport: transporter ? 'smtp' : 'outbox',
    async send(db, message) {
      const [row] = await db
        .insert(mailOutbox)
        .values({
          recipient: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html ?? null,
          headers: message.headers ?? {},
          status: transporter ? 'queued' : 'held',
        })
        .returning({ id: mailOutbox.id });
      if (transporter) await jobs.send(MAIL_QUEUE, { id: row!.id }, { singletonKey: row!.id, db });
      return row!.id;
    },
    async deliver(id) {
      if (!transporter) return 'held';
      // Claim the message: only a queued message is sent, and only by the one worker that moves it to sending.
      const claimed = await database.db
        .update(mailOutbox)
        .set({ status: 'sending', attempts: sql`${mailOutbox.attempts} + 1` })
        .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'queued')))
        .returning();
      const msg = claimed[0];
      if (!msg) {
        const [current] = await database.db.select({ status: mailOutbox.status }).from(mailOutbox).where(eq(mailOutbox.id, id));
        if (!current) throw new Error('outbox message not visible yet');
        // A message left in "sending" means a worker died mid-send: it may have gone out, so it is never resent
        // automatically; an administrator decides (docs/decisions/0006).
        if (current.status === 'sending') {
          await database.db.update(mailOutbox).set({ status: 'uncertain' }).where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'sending')));
          return 'uncertain';
        }
        return 'skipped';
      }
      try {
        const info = await transporter.sendMail({ from: opts.from, to: msg.recipient, subject: msg.subject, text: msg.text, html: msg.html ?? undefined, headers: msg.headers });
        await database.db.update(mailOutbox).set({ status: 'sent', sentAt: new Date(), messageId: info.messageId, lastError: null }).where(eq(mailOutbox.id, id));
        return 'sent';
      } catch (err) {
        const e = err as Error & { responseCode?: number };
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        await database.db
          .update(mailOutbox)
          .set({ status: permanent ? 'failed' : 'queued', lastError: `${e.responseCode ?? ''} ${e.message}`.trim().slice(0, 500) })
          .where(eq(mailOutbox.id, id));
        log.warn({ outboxId: id, code: e.responseCode }, 'mail delivery failed');
        if (permanent) return 'skipped';
        throw err; // pg-boss retries with backoff
      }
    },
    close() {
      transporter?.close();
    },
  };

  jobs.define<{ id: string }>({ name: MAIL_QUEUE, retryLimit: 8, retryDelaySeconds: 30, handler: async ({ id }) => void (await mailer.deliver(id)) });
  // Queued messages whose job was lost (e.g. sent inside a transaction that committed after a crash) are picked up again.
  jobs.define({
    name: SWEEP_QUEUE,
    schedule: '*/5 * * * *',
    retryLimit: 0,
    handler: async () => {
      if (!transporter) return;
      const stale = await database.db
        .select({ id: mailOutbox.id })
        .from(mailOutbox)
        .where(and(inArray(mailOutbox.status, ['queued']), lt(mailOutbox.createdAt, new Date(Date.now() - 5 * 60_000))))
        .limit(500);
      for (const { id } of stale) await jobs.send(MAIL_QUEUE, { id }, { singletonKey: id });
    },
  });
  return mailer;
}
