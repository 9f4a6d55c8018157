import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { isLocale, translator, type Locale } from '../../platform/i18n/index.js';
import { iso, type JsonValue } from '../../platform/personal-data.js';
import { users } from '../../platform/schema.js';
import { pickTranslation } from '../../platform/translations.js';
import type { QuestionText } from './content.js';
import {
  assessments,
  attempts,
  certificates,
  cohorts,
  cohortTrainers,
  courses,
  courseTranslations,
  enrolments,
  lessonProgress,
  lessonTranslations,
  liveRegistrations,
  liveSessions,
  questionnaireReceipts,
  questionTranslations,
  type AttemptAnswer,
} from './schema.js';
import { scormAttempts, scormPackages } from './scorm-schema.js';
import { currentVersion, lessonsInOrder, loadSnapshot } from './versions.js';

/**
 * What the training module holds about one person (platform/personal-data.ts), under `training` in "download
 * my data". Titles are in the person's interface language (else English, else the course's own); instants
 * are ISO 8601 strings. Shape, documented in docs/architecture.md:
 *
 * - `questionnaireAnswers`: why questionnaire answers are not included (training.export.questionnaireNote, in the person's language);
 * - `enrolments[]`: course (slug, title), status, version (the major version kept), cohort, dates, last lesson,
 *   and per enrolment its `lessons`, `scormActivities` (what SCORM packages reported, with their CMI data), `tests` (attempts with each answer), `certificate`, `liveSessions` and
 *   `questionnairesAnswered`;
 * - `cohortsTrained[]`: cohorts the person is a trainer of.
 */
export async function trainingPersonalData(db: DbOrTx, userId: string): Promise<{ [key: string]: JsonValue }> {
  const [user] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
  const locale: Locale = user && isLocale(user.locale) ? user.locale : 'en';
  const rows = await db
    .select({ enrolment: enrolments, slug: courses.slug, sourceLocale: courses.sourceLocale, cohort: cohorts.name })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .leftJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .where(eq(enrolments.userId, userId))
    .orderBy(asc(enrolments.enrolledAt), asc(enrolments.id));
  const ids = rows.map((r) => r.enrolment.id);
  const courseIds = [...new Set(rows.map((r) => r.enrolment.courseId))];
  const [courseTexts, progress, tries, certs, registrations, receipts] = ids.length
    ? await Promise.all([
        db.select().from(courseTranslations).where(inArray(courseTranslations.courseId, courseIds)),
        db.select().from(lessonProgress).where(inArray(lessonProgress.enrolmentId, ids)).orderBy(asc(lessonProgress.firstVisitedAt), asc(lessonProgress.lessonId)),
        db
          .select({ attempt: attempts, kind: assessments.kind })
          .from(attempts)
          .innerJoin(assessments, eq(assessments.id, attempts.assessmentId))
          .where(inArray(attempts.enrolmentId, ids))
          .orderBy(asc(attempts.startedAt), asc(attempts.number)),
        db.select().from(certificates).where(inArray(certificates.enrolmentId, ids)),
        db
          .select({ registration: liveRegistrations, session: liveSessions })
          .from(liveRegistrations)
          .innerJoin(liveSessions, eq(liveSessions.id, liveRegistrations.sessionId))
          .where(inArray(liveRegistrations.enrolmentId, ids))
          .orderBy(asc(liveSessions.startsAt), asc(liveSessions.id)),
        db.select().from(questionnaireReceipts).where(inArray(questionnaireReceipts.enrolmentId, ids)).orderBy(asc(questionnaireReceipts.kind)),
      ])
    : [[], [], [], [], [], []];

  // What SCORM activities reported (the CMI data they keep for resuming, their status, score and time).
  const scorm = ids.length
    ? await db
        .select({ attempt: scormAttempts, title: scormPackages.title, scos: scormPackages.scos, version: scormPackages.version })
        .from(scormAttempts)
        .innerJoin(scormPackages, eq(scormPackages.id, scormAttempts.packageId))
        .where(inArray(scormAttempts.enrolmentId, ids))
        .orderBy(asc(scormAttempts.createdAt), asc(scormAttempts.blockId), asc(scormAttempts.sco))
    : [];

  // Question texts of the attempts, in each attempt's language (else any).
  const questionIds = [...new Set(tries.flatMap((t) => t.attempt.items.map((i) => i.questionId)))];
  const questionTexts = questionIds.length ? await db.select().from(questionTranslations).where(inArray(questionTranslations.questionId, questionIds)) : [];
  const questionText = (questionId: string, lang: string): QuestionText | null => {
    const mine = questionTexts.filter((t) => t.questionId === questionId);
    return (mine.find((t) => t.locale === lang) ?? mine.find((t) => t.locale === 'en') ?? mine[0])?.content ?? null;
  };

  const enrolmentsOut: JsonValue[] = [];
  for (const r of rows) {
    const e = r.enrolment;
    const title = pickTranslation(
      courseTexts.filter((t) => t.courseId === e.courseId),
      locale,
      r.sourceLocale,
    )?.value.title;
    const lessonTitle = await lessonTitles(db, e.courseId, e.major, locale);
    const certificate = certs.find((c) => c.enrolmentId === e.id);
    enrolmentsOut.push({
      course: { slug: r.slug, title: title ?? null },
      status: e.status,
      version: e.major,
      cohort: r.cohort ?? null,
      enrolledAt: iso(e.enrolledAt),
      completedAt: iso(e.completedAt),
      lastActivityAt: iso(e.lastActivityAt),
      lastLesson: e.lastLessonId ? await lessonTitle(e.lastLessonId) : null,
      followUpQuestionnaireSentAt: iso(e.followUpSentAt),
      lessons: await Promise.all(
        progress
          .filter((x) => x.enrolmentId === e.id)
          .map(async (x) => ({ lesson: await lessonTitle(x.lessonId), firstVisitedAt: iso(x.firstVisitedAt), lastSeenAt: iso(x.lastSeenAt), completedAt: iso(x.completedAt), secondsSpent: x.secondsSpent })),
      ),
      scormActivities: scorm
        .filter((x) => x.attempt.enrolmentId === e.id)
        .map(({ attempt: a, title: packageTitle, scos, version }) => ({
          package: packageTitle,
          part: scos[a.sco]?.title ?? null,
          scormVersion: version,
          completion: a.completion,
          success: a.success,
          score: a.score,
          secondsReported: a.secondsReported,
          startedAt: iso(a.createdAt),
          updatedAt: iso(a.updatedAt),
          cmi: a.cmi,
        })),
      tests: tries
        .filter((t) => t.attempt.enrolmentId === e.id)
        .map(({ attempt: a, kind }) => ({
          assessment: kind,
          number: a.number,
          language: a.locale,
          startedAt: iso(a.startedAt),
          submittedAt: iso(a.submittedAt),
          scorePercent: a.scorePercent ?? null,
          passed: a.passed ?? null,
          answers: (a.answers ?? []).map((x) => answerOut(x, questionText(x.questionId, a.locale))),
        })),
      certificate: certificate
        ? {
            code: certificate.code,
            courseTitle: certificate.courseTitle,
            learnerName: certificate.learnerName,
            profession: certificate.profession,
            language: certificate.locale,
            hours: Math.round((certificate.durationMinutes / 60) * 100) / 100,
            minutesSpent: certificate.minutesSpent,
            credits: certificate.credits.map((c) => ({ scheme: c.scheme, amount: c.amount })),
            issuedAt: iso(certificate.issuedAt),
            revokedAt: iso(certificate.revokedAt),
            revokedReason: certificate.revokedReason,
          }
        : null,
      liveSessions: registrations
        .filter((x) => x.registration.enrolmentId === e.id)
        .map(({ registration: reg, session: s }) => ({
          title: s.title,
          kind: s.kind,
          mode: s.mode,
          startsAt: iso(s.startsAt),
          endsAt: iso(s.endsAt),
          registeredAt: iso(reg.registeredAt),
          attendedAt: iso(reg.attendedAt),
        })),
      questionnairesAnswered: receipts.filter((x) => x.enrolmentId === e.id).map((x) => ({ questionnaire: x.kind, answeredAt: null })),
    });
  }

  const trained = await db
    .select({ name: cohorts.name, slug: courses.slug, startsOn: cohorts.startsOn, endsOn: cohorts.endsOn })
    .from(cohortTrainers)
    .innerJoin(cohorts, eq(cohorts.id, cohortTrainers.cohortId))
    .innerJoin(courses, eq(courses.id, cohorts.courseId))
    .where(eq(cohortTrainers.userId, userId))
    .orderBy(asc(cohorts.startsOn), asc(cohorts.name));

  return {
    // Said in every export, because the answers are the one thing a learner may expect and will not find.
    questionnaireAnswers: translator(locale)('training.export.questionnaireNote'),
    enrolments: enrolmentsOut,
    cohortsTrained: trained.map((c) => ({ name: c.name, course: c.slug, startsOn: c.startsOn, endsOn: c.endsOn })),
  };
}

/**
 * Titles of a course's lessons in the reader's language: from the published version the learner keeps, else
 * from the authors' current text (a lesson may have been dropped from both: then null).
 */
async function lessonTitles(db: DbOrTx, courseId: string, major: number, locale: Locale) {
  const version = await currentVersion(db, courseId, major);
  const snapshot = version ? await loadSnapshot(db, version.id) : null;
  const published = new Map((snapshot ? lessonsInOrder(snapshot) : []).map((x) => [x.lesson.id, pickTranslation(x.lesson.texts, locale, snapshot!.sourceLocale)?.value.title ?? null]));
  return async (lessonId: string): Promise<string | null> => {
    if (published.has(lessonId)) return published.get(lessonId)!;
    const texts = await db.select().from(lessonTranslations).where(eq(lessonTranslations.lessonId, lessonId));
    return pickTranslation(texts, locale, snapshot?.sourceLocale ?? 'en')?.value.title ?? null;
  };
}

/** One answer as the learner gave it, with the question's wording, whether it was right, and a trainer's comment. */
function answerOut(a: AttemptAnswer, text: QuestionText | null): JsonValue {
  let chosen: JsonValue = null;
  if (text && (text.kind === 'single' || text.kind === 'multiple')) {
    const option = (i: number) => text.options[i]?.text ?? null;
    chosen = typeof a.answer === 'number' ? [option(a.answer)] : Array.isArray(a.answer) ? a.answer.map(option) : [];
  }
  return {
    question: text?.stem ?? null,
    answer: a.answer,
    chosenOptions: chosen,
    correct: a.correct,
    review: a.review ? { reviewedAt: a.review.at, comment: a.review.comment } : null,
  };
}
