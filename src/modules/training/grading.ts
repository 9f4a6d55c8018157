import { and, asc, eq, inArray, isNotNull, isNull, ne, type SQL } from 'drizzle-orm';
import { audit } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { isLocale, translator, type Locale } from '../../platform/i18n/index.js';
import { signedMail } from '../../platform/mail/html.js';
import type { Platform } from '../../platform/platform.js';
import { users } from '../../platform/schema.js';
import { pickTranslation } from '../../platform/translations.js';
import { scoreOf, type Attempt } from './assessments.js';
import type { AssessmentKind, QuestionText } from './content.js';
import { applyCompletionRule } from './learning.js';
import { assessments, attempts, cohorts, cohortTrainers, courses, courseTranslations, enrolments, questionTranslations, type AttemptAnswer } from './schema.js';
import { assessmentOf, assessmentScored, learningEvents } from './xapi-events.js';

/*
 * Trainers grade the short answers of questions marked "graded by a trainer". An attempt holding such answers
 * is submitted without a score or a pass (assessments.ts scoreOf); grading every pending answer gives it both,
 * exactly as automatic scoring would, then applies the course's completion rule and tells the learner by e-mail.
 * Who graded and when is kept with each answer (training_attempts.answers[].review).
 */

/** Who grades: a trainer, the attempts of learners in the cohorts they train; an administrator, every attempt. */
export interface Grader {
  id: string;
  all: boolean;
}

/** Attempts the grader may see: their cohorts' learners' (never their own), or all for an administrator. */
const visibleTo = (db: DbOrTx, grader: Grader): SQL | undefined =>
  grader.all
    ? ne(enrolments.userId, grader.id)
    : and(ne(enrolments.userId, grader.id), inArray(enrolments.cohortId, db.select({ id: cohortTrainers.cohortId }).from(cohortTrainers).where(eq(cohortTrainers.userId, grader.id))));

/** Submitted and waiting for a trainer: no score yet. */
const awaiting = and(isNotNull(attempts.submittedAt), isNull(attempts.scorePercent));

async function courseTitles(db: DbOrTx, ids: string[], locale: Locale) {
  const [rows, texts] = ids.length ? await Promise.all([db.select({ id: courses.id, sourceLocale: courses.sourceLocale, slug: courses.slug }).from(courses).where(inArray(courses.id, ids)), db.select().from(courseTranslations).where(inArray(courseTranslations.courseId, ids))]) : [[], []];
  return new Map(
    rows.map((c) => {
      const picked = pickTranslation(
        texts.filter((t) => t.courseId === c.id),
        locale,
        c.sourceLocale,
      );
      return [c.id, { title: picked?.value.title ?? c.slug, locale: picked?.locale ?? c.sourceLocale }];
    }),
  );
}

export interface QueueEntry {
  attemptId: string;
  submittedAt: Date;
  kind: AssessmentKind;
  number: number;
  course: { title: string; locale: string };
  learner: string;
  cohort: string | null;
  /** Answers to grade in this attempt. */
  pending: number;
}

/** Attempts awaiting a grade that the grader may grade, the oldest first. */
export async function gradingQueue(db: DbOrTx, grader: Grader, locale: Locale): Promise<QueueEntry[]> {
  const rows = await db
    .select({ id: attempts.id, submittedAt: attempts.submittedAt, number: attempts.number, answers: attempts.answers, kind: assessments.kind, courseId: enrolments.courseId, name: users.name, email: users.email, cohort: cohorts.name })
    .from(attempts)
    .innerJoin(assessments, eq(assessments.id, attempts.assessmentId))
    .innerJoin(enrolments, eq(enrolments.id, attempts.enrolmentId))
    .innerJoin(users, eq(users.id, enrolments.userId))
    .leftJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .where(and(awaiting, visibleTo(db, grader)))
    .orderBy(asc(attempts.submittedAt), asc(attempts.id));
  const titles = await courseTitles(db, [...new Set(rows.map((r) => r.courseId))], locale);
  return rows.map((r) => ({
    attemptId: r.id,
    submittedAt: r.submittedAt!,
    kind: r.kind,
    number: r.number,
    course: titles.get(r.courseId)!,
    learner: r.name || r.email,
    cohort: r.cohort,
    pending: (r.answers ?? []).filter((a) => a.correct === null).length,
  }));
}

/** How many attempts wait for the grader (for the trainer's home page). */
export async function awaitingCount(db: DbOrTx, grader: Grader): Promise<number> {
  const rows = await db
    .select({ id: attempts.id })
    .from(attempts)
    .innerJoin(enrolments, eq(enrolments.id, attempts.enrolmentId))
    .where(and(awaiting, visibleTo(db, grader)));
  return rows.length;
}

export interface GradingItem {
  /** The answer's position in the attempt: the form's fields are grade<index> and comment<index>. */
  index: number;
  stem: { text: string; locale: string };
  guidance: { text: string; locale: string } | null;
  answer: string | null;
  correct: boolean | null;
  review: AttemptAnswer['review'] | null;
}

export interface AttemptToGrade {
  attempt: Attempt;
  kind: AssessmentKind;
  course: { title: string; locale: string };
  learner: string;
  /** Every pending answer is graded: nothing is left to do. */
  graded: boolean;
  /** The trainer-graded answers: pending ones, or graded ones with their review. */
  items: GradingItem[];
}

/** An attempt to grade with its trainer-graded answers, or null when the grader may not see it (or it is not submitted). */
export async function attemptToGrade(db: DbOrTx, attemptId: string, grader: Grader, locale: Locale): Promise<AttemptToGrade | null> {
  const [row] = await db
    .select({ attempt: attempts, kind: assessments.kind, courseId: enrolments.courseId, sourceLocale: courses.sourceLocale, name: users.name, email: users.email })
    .from(attempts)
    .innerJoin(assessments, eq(assessments.id, attempts.assessmentId))
    .innerJoin(enrolments, eq(enrolments.id, attempts.enrolmentId))
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(attempts.id, attemptId), isNotNull(attempts.submittedAt), visibleTo(db, grader)));
  if (!row) return null;
  const answers = row.attempt.answers ?? [];
  const ids = answers.map((a) => a.questionId);
  const texts = ids.length ? await db.select().from(questionTranslations).where(inArray(questionTranslations.questionId, ids)) : [];
  const items = answers.flatMap((a, index): GradingItem[] => {
    if (a.correct !== null && !a.review) return [];
    const mine = texts.filter((t) => t.questionId === a.questionId);
    // The stem as the learner read it; the guidance preferably in the trainer's language.
    const seen = mine.find((t) => t.locale === row.attempt.locale) ?? mine.find((t) => t.locale === row.sourceLocale) ?? mine[0];
    const withGuidance = (t: (typeof mine)[number] | undefined) => (t && guidanceOf(t.content) ? t : undefined);
    const guide = withGuidance(mine.find((t) => t.locale === locale)) ?? withGuidance(seen) ?? withGuidance(mine.find((t) => t.locale === row.sourceLocale)) ?? mine.find((t) => guidanceOf(t.content));
    return [
      {
        index,
        stem: { text: seen?.content.stem ?? '', locale: seen?.locale ?? row.sourceLocale },
        guidance: guide ? { text: guidanceOf(guide.content), locale: guide.locale } : null,
        answer: typeof a.answer === 'string' ? a.answer : null,
        correct: a.correct,
        review: a.review ?? null,
      },
    ];
  });
  return {
    attempt: row.attempt,
    kind: row.kind,
    course: (await courseTitles(db, [row.courseId], locale)).get(row.courseId)!,
    learner: row.name || row.email,
    graded: !answers.some((a) => a.correct === null),
    items,
  };
}

const guidanceOf = (c: QuestionText) => (c.kind === 'short-answer' ? (c.guidance ?? '').trim() : '');

export type Grade = { correct: boolean; comment: string };
export type GradeResult = { ok: true; scorePercent: number; passed: boolean | null; courseCompleted: boolean } | { ok: false; reason: 'not-found' | 'graded' | 'incomplete' };

/**
 * Grades every pending answer of an attempt (`grades` by answer index), scores the attempt as automatic scoring
 * does, applies the course's completion rule (a certificate when it is now met) and e-mails the learner, in one
 * transaction. Nothing is saved unless every pending answer has its grade.
 */
export async function gradeAttempt(p: Platform, attemptId: string, grader: Grader, grades: Map<number, Grade>, now = new Date()): Promise<GradeResult> {
  return p.database.db.transaction(async (tx) => {
    const [a] = await tx.select().from(attempts).where(eq(attempts.id, attemptId)).for('update');
    if (!a?.submittedAt) return { ok: false, reason: 'not-found' };
    const [e] = await tx
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.id, a.enrolmentId), visibleTo(tx, grader)));
    if (!e) return { ok: false, reason: 'not-found' };
    const answers = a.answers ?? [];
    const pending = answers.flatMap((x, i) => (x.correct === null ? [i] : []));
    if (!pending.length) return { ok: false, reason: 'graded' };
    if (pending.some((i) => !grades.has(i))) return { ok: false, reason: 'incomplete' };
    const at = now.toISOString();
    const graded = answers.map((x, i): AttemptAnswer => {
      const g = x.correct === null ? grades.get(i)! : null;
      return g ? { ...x, correct: g.correct, review: { by: grader.id, at, comment: g.comment.replace(/\r\n?/g, '\n') } } : x;
    });
    const [assessment] = await tx.select().from(assessments).where(eq(assessments.id, a.assessmentId));
    const score = scoreOf(graded, assessment!);
    await tx.update(attempts).set({ answers: graded, ...score }).where(eq(attempts.id, a.id));
    // A grade decides a certificate: who gave it is kept in the audit log too (ids and the outcome only).
    await audit(tx, { actorId: grader.id, action: 'training.attempt.grade', outcome: 'success', targetType: 'attempt', targetId: a.id, details: { passed: score.passed === true } });
    // The test's score, now known, as xAPI statements (completed when it was submitted; passed or failed now).
    const xapi = learningEvents(p);
    const test = assessmentOf(assessment!.id, assessment!.kind);
    const tally = { correct: graded.filter((x) => x.correct).length, questions: graded.length };
    const [completed, verdict] = [{ at: a.submittedAt }, { at: now }].map(({ at }) => ({ userId: e.userId, courseId: e.courseId, enrolmentId: e.id, at }));
    xapi.add(completed!, (c) => assessmentScored(c, test, tally, score.passed, a.locale).slice(0, 1));
    xapi.add(verdict!, (c) => assessmentScored(c, test, tally, score.passed, a.locale).slice(1));
    const courseCompleted = await applyCompletionRule(tx, e, xapi);
    await xapi.flush(tx);
    await mailResult(p, tx, { userId: e.userId, courseId: e.courseId, attemptId: a.id, kind: assessment!.kind });
    return { ok: true, scorePercent: score.scorePercent!, passed: score.passed, courseCompleted };
  });
}

/** Tells the learner, in their language, that their result is there (through the outbox, in the grading's transaction). */
async function mailResult(p: Platform, tx: DbOrTx, x: { userId: string; courseId: string; attemptId: string; kind: AssessmentKind }) {
  const [u] = await tx.select({ email: users.email, locale: users.locale, status: users.status }).from(users).where(eq(users.id, x.userId));
  if (!u || u.status !== 'active') return;
  const locale = isLocale(u.locale) ? u.locale : 'en';
  const t = translator(locale);
  const [c] = await tx.select({ slug: courses.slug }).from(courses).where(eq(courses.id, x.courseId));
  const course = (await courseTitles(tx, [x.courseId], locale)).get(x.courseId)!.title;
  const link = `${p.config.publicUrl}/learn/${c!.slug}/attempts/${x.attemptId}`;
  const subject = t('training.grading.mail.subject', { course });
  const text = t('training.grading.mail.body', { course, test: t(`training.test.${x.kind}`), link });
  await p.mailer.send(tx, { to: u.email, ...signedMail(locale, t, subject, text) });
}
