import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { users } from '../../platform/schema.js';
import { readableCode } from './codes.js';
import { assessments, attempts, certificates, cohorts, cohortTrainers, courses, enrolments, lessonProgress } from './schema.js';
import { currentVersion, lessonsInOrder, loadSnapshot } from './versions.js';

export type Cohort = typeof cohorts.$inferSelect;

export async function createCohort(db: DbOrTx, input: { courseId: string; name: string; organisationId: string | null; startsOn: string; endsOn: string; trainerId: string }): Promise<Cohort> {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(cohorts)
      .values({ courseId: input.courseId, name: input.name, organisationId: input.organisationId, startsOn: input.startsOn, endsOn: input.endsOn, invitationCode: readableCode() })
      .returning();
    await tx.insert(cohortTrainers).values({ cohortId: c!.id, userId: input.trainerId });
    return c!;
  });
}

/** The cohorts a user trains (all of them for administrators), newest first, with their course's slug. */
export async function cohortsFor(db: DbOrTx, userId: string, all: boolean) {
  const base = db.select({ cohort: cohorts, slug: courses.slug }).from(cohorts).innerJoin(courses, eq(courses.id, cohorts.courseId));
  const rows = all ? await base.orderBy(desc(cohorts.startsOn)) : await base.innerJoin(cohortTrainers, eq(cohortTrainers.cohortId, cohorts.id)).where(eq(cohortTrainers.userId, userId)).orderBy(desc(cohorts.startsOn));
  return rows;
}

/** A cohort, when the user trains it (or is an administrator). */
export async function cohortFor(db: DbOrTx, cohortId: string, userId: string, all: boolean): Promise<(Cohort & { slug: string }) | null> {
  const [row] = await db.select({ cohort: cohorts, slug: courses.slug }).from(cohorts).innerJoin(courses, eq(courses.id, cohorts.courseId)).where(eq(cohorts.id, cohortId));
  if (!row) return null;
  if (!all) {
    const [mine] = await db
      .select({ id: cohortTrainers.userId })
      .from(cohortTrainers)
      .where(and(eq(cohortTrainers.cohortId, cohortId), eq(cohortTrainers.userId, userId)));
    if (!mine) return null;
  }
  return { ...row.cohort, slug: row.slug };
}

export type JoinResult = { ok: true; slug: string } | { ok: false; reason: 'unknown' | 'ended' };

/** Joins the cohort of an invitation code: enrols in its course, or moves a self-paced enrolment into the cohort. */
export async function joinCohort(db: DbOrTx, userId: string, code: string, today = new Date().toISOString().slice(0, 10)): Promise<JoinResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ cohort: cohorts, course: courses }).from(cohorts).innerJoin(courses, eq(courses.id, cohorts.courseId)).where(eq(cohorts.invitationCode, code));
    if (!row || row.course.status !== 'published') return { ok: false, reason: 'unknown' };
    if (row.cohort.endsOn < today) return { ok: false, reason: 'ended' };
    const version = await currentVersion(tx, row.course.id, null);
    if (!version) return { ok: false, reason: 'unknown' };
    const [created] = await tx.insert(enrolments).values({ userId, courseId: row.course.id, major: version.major, cohortId: row.cohort.id }).onConflictDoNothing().returning();
    if (!created) await tx.update(enrolments).set({ cohortId: row.cohort.id }).where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, row.course.id)));
    return { ok: true, slug: row.course.slug };
  });
}

export interface CohortLearner {
  enrolmentId: string;
  name: string;
  email: string;
  done: number;
  total: number;
  pre: number | null;
  post: number | null;
  passed: boolean;
  /** The latest final-test attempt waits for a trainer's grade. */
  pending: boolean;
  completedAt: Date | null;
  certificate: string | null;
}

/** The cohort's learners with their progress, pre-test score, latest final-test score and certificate. */
export async function cohortLearners(db: DbOrTx, cohortId: string): Promise<CohortLearner[]> {
  const rows = await db
    .select({ enrolment: enrolments, name: users.name, email: users.email })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(eq(enrolments.cohortId, cohortId))
    .orderBy(asc(users.name), asc(users.email));
  if (!rows.length) return [];
  const ids = rows.map((r) => r.enrolment.id);
  const [progress, tried, certs] = await Promise.all([
    db.select().from(lessonProgress).where(and(inArray(lessonProgress.enrolmentId, ids), isNotNull(lessonProgress.completedAt))),
    db
      .select({ enrolmentId: attempts.enrolmentId, kind: assessments.kind, score: attempts.scorePercent, passed: attempts.passed, number: attempts.number })
      .from(attempts)
      .innerJoin(assessments, eq(assessments.id, attempts.assessmentId))
      .where(and(inArray(attempts.enrolmentId, ids), isNotNull(attempts.submittedAt)))
      .orderBy(asc(attempts.number)),
    db.select({ enrolmentId: certificates.enrolmentId, code: certificates.code }).from(certificates).where(inArray(certificates.enrolmentId, ids)),
  ]);
  const out: CohortLearner[] = [];
  for (const r of rows) {
    const version = await currentVersion(db, r.enrolment.courseId, r.enrolment.major);
    const lessonIds = version ? lessonsInOrder(await loadSnapshot(db, version.id)).map((x) => x.lesson.id) : [];
    const mine = tried.filter((a) => a.enrolmentId === r.enrolment.id);
    const posts = mine.filter((a) => a.kind === 'post-test');
    out.push({
      enrolmentId: r.enrolment.id,
      name: r.name,
      email: r.email,
      done: progress.filter((p) => p.enrolmentId === r.enrolment.id && lessonIds.includes(p.lessonId)).length,
      total: lessonIds.length,
      pre: mine.find((a) => a.kind === 'pre-test')?.score ?? null,
      post: posts[posts.length - 1]?.score ?? null,
      passed: posts.some((a) => a.passed),
      pending: !!posts.length && posts[posts.length - 1]!.score === null,
      completedAt: r.enrolment.completedAt,
      certificate: certs.find((c) => c.enrolmentId === r.enrolment.id)?.code ?? null,
    });
  }
  return out;
}
