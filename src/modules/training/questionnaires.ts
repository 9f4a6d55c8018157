import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../platform/db/index.js';
import { isLocale, translator } from '../../platform/i18n/index.js';
import { signedMail } from '../../platform/mail/html.js';
import type { Platform } from '../../platform/platform.js';
import { users } from '../../platform/schema.js';
import { pickTranslation } from '../../platform/translations.js';
import { issueCertificate } from './certificates.js';
import { QUESTIONNAIRES, type QuestionnaireKind } from './content.js';
import { certificates, courses, courseTranslations, enrolments, questionnaireReceipts, questionnaireResponses, questionnaireTallies } from './schema.js';

export const FOLLOW_UP_QUEUE = 'training.follow-up';

/** The zod schema of a questionnaire's answers, from its items: scales 1–5, yes/no, free text. */
export function questionnaireSchema(kind: QuestionnaireKind) {
  const shape: Record<string, z.ZodType> = {};
  for (const item of QUESTIONNAIRES[kind].items) {
    const base =
      item.type === 'scale'
        ? z.coerce.number({ message: 'errors.choose' }).int('errors.choose').min(1, 'errors.choose').max(5, 'errors.choose')
        : item.type === 'yes-no'
          ? z.enum(['yes', 'no'], { message: 'errors.choose' }).transform((v) => v === 'yes')
          : z
              .string({ message: 'errors.invalid' })
              .max(2000, 'errors.tooLong')
              .transform((s) => s.trim());
    shape[item.id] = item.required ? base : z.preprocess((v) => (v === '' ? undefined : v), base.optional());
  }
  return z.object(shape);
}

export async function hasAnswered(db: DbOrTx, enrolmentId: string, kind: QuestionnaireKind): Promise<boolean> {
  const [r] = await db
    .select({ kind: questionnaireReceipts.kind })
    .from(questionnaireReceipts)
    .where(and(eq(questionnaireReceipts.enrolmentId, enrolmentId), eq(questionnaireReceipts.kind, kind)));
  return !!r;
}

/** Whether a learner may answer now: satisfaction once the course is completed, follow-up once it was sent. */
export function mayAnswer(enrolment: { status: string; followUpSentAt: Date | null }, kind: QuestionnaireKind): boolean {
  return enrolment.status === 'completed' && (kind === 'satisfaction' || enrolment.followUpSentAt !== null);
}

export type AnswerResult = { ok: true; certificateIssued: boolean } | { ok: false; reason: 'not-open' | 'answered' };

/**
 * Records an answer anonymously (the answer carries no learner; a receipt records that this enrolment
 * answered) and, for an ECM course whose certificate waited for the satisfaction questionnaire, issues it.
 */
export async function answerQuestionnaire(db: DbOrTx, enrolmentId: string, kind: QuestionnaireKind, answers: Record<string, number | boolean | string | undefined>, locale: string): Promise<AnswerResult> {
  return db.transaction(async (tx) => {
    const [e] = await tx.select().from(enrolments).where(eq(enrolments.id, enrolmentId)).for('update');
    if (!e || !mayAnswer(e, kind)) return { ok: false, reason: 'not-open' };
    const receipt = await tx.insert(questionnaireReceipts).values({ enrolmentId, kind }).onConflictDoNothing().returning();
    if (!receipt.length) return { ok: false, reason: 'answered' };
    const kept = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined && v !== '')) as Record<string, number | boolean | string>;
    await tx.insert(questionnaireResponses).values({ courseId: e.courseId, kind, version: QUESTIONNAIRES[kind].version, locale, month: sql`date_trunc('month', now())::date`, answers: kept });
    let certificateIssued = false;
    if (kind === 'satisfaction') {
      const [held] = await tx.select({ id: certificates.id }).from(certificates).where(eq(certificates.enrolmentId, enrolmentId));
      if (!held) {
        await issueCertificate(tx, enrolmentId);
        certificateIssued = true;
      }
    }
    return { ok: true, certificateIssued };
  });
}

/** Whether the course holds its certificate until the satisfaction questionnaire is answered (ECM). */
export async function certificateWaitsForSatisfaction(db: DbOrTx, enrolmentId: string): Promise<boolean> {
  const [e] = await db.select({ ecm: courses.ecm }).from(enrolments).innerJoin(courses, eq(courses.id, enrolments.courseId)).where(eq(enrolments.id, enrolmentId));
  return !!e?.ecm && !(await hasAnswered(db, enrolmentId, 'satisfaction'));
}

/**
 * Sends the follow-up questionnaire to learners who completed a course `months` ago and have not had it,
 * each in their language, through the outbox in the same transaction that marks it sent (never twice).
 */
export async function sendFollowUps(p: Platform, months: number, now = new Date()): Promise<number> {
  const due = new Date(now);
  due.setUTCMonth(due.getUTCMonth() - months);
  const rows = await p.database.db
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.status, 'completed'), isNull(enrolments.followUpSentAt), lte(enrolments.completedAt, due)))
    .limit(500);
  let sent = 0;
  for (const { id } of rows) {
    await p.database.db.transaction(async (tx) => {
      const [row] = await tx
        .update(enrolments)
        .set({ followUpSentAt: new Date() })
        .where(and(eq(enrolments.id, id), isNull(enrolments.followUpSentAt)))
        .returning();
      if (!row) return;
      const [u] = await tx.select({ email: users.email, locale: users.locale, status: users.status }).from(users).where(eq(users.id, row.userId));
      if (!u || u.status !== 'active') return;
      const [course] = await tx.select().from(courses).where(eq(courses.id, row.courseId));
      const locale = isLocale(u.locale) ? u.locale : 'en';
      const t = translator(locale);
      const title = pickTranslation(await tx.select().from(courseTranslations).where(eq(courseTranslations.courseId, row.courseId)), locale, course!.sourceLocale)!.value.title;
      const link = `${p.config.publicUrl}/learn/${course!.slug}/questionnaires/follow-up`;
      const subject = t('training.questionnaire.mail.subject', { course: title });
      const text = t('training.questionnaire.mail.body', { course: title, link });
      await p.mailer.send(tx, { to: u.email, ...signedMail(locale, t, subject, text) });
      sent++;
    });
  }
  return sent;
}

/** Mean of each scale item and share of "yes" for each yes/no item of a course's answers (for reports). */
export async function questionnaireSummary(db: DbOrTx, courseId: string, kind: QuestionnaireKind) {
  // The database keeps each item's count and sum as answers arrive (training_questionnaire_tallies): a course
  // gathers tens of thousands of answers. Yes/no counts as 1/0.
  const items = QUESTIONNAIRES[kind].items.filter((i) => i.type !== 'text');
  const where = and(eq(questionnaireTallies.courseId, courseId), eq(questionnaireTallies.kind, kind));
  // One after the other: reports run this inside a transaction, on one connection.
  const [count] = await db.select({ responses: sql<number>`count(*)::int` }).from(questionnaireResponses).where(and(eq(questionnaireResponses.courseId, courseId), eq(questionnaireResponses.kind, kind)));
  const tallies = await db.select().from(questionnaireTallies).where(where);
  const byItem = new Map(tallies.map((t) => [t.item, t]));
  return {
    responses: Number(count?.responses ?? 0),
    items: items.map((i) => {
      const t = byItem.get(i.id);
      return { id: i.id, type: i.type, answered: t?.answered ?? 0, mean: t?.answered ? Number(t.total) / t.answered : null };
    }),
  };
}
