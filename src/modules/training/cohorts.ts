import { and, asc, count, desc, eq, ilike, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { escapeLike } from '../../platform/identity/users.js';
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

/**
 * A page of the cohort's learners (by name) with their progress, pre-test score, latest final-test score and
 * certificate, optionally only those whose name or e-mail contains `q`, and how many match. A cohort may have
 * thousands of learners: the figures are counted in the database, in one query for the page.
 */
export async function cohortLearners(db: DbOrTx, cohortId: string, opts: { page: number; pageSize: number; q?: string }): Promise<{ total: number; learners: CohortLearner[] }> {
  const matching = and(eq(enrolments.cohortId, cohortId), opts.q ? or(ilike(users.name, `%${escapeLike(opts.q)}%`), ilike(users.email, `%${escapeLike(opts.q)}%`)) : undefined);
  const [counted] = await db.select({ n: count() }).from(enrolments).innerJoin(users, eq(users.id, enrolments.userId)).where(matching);
  // The lessons of each version the cohort's learners keep (usually one), counted for progress.
  const majors = await db.selectDistinct({ courseId: enrolments.courseId, major: enrolments.major }).from(enrolments).where(eq(enrolments.cohortId, cohortId));
  const lessonsOf = new Map<string, string[]>();
  for (const m of majors) {
    const version = await currentVersion(db, m.courseId, m.major);
    lessonsOf.set(`${m.courseId}/${m.major}`, version ? lessonsInOrder(await loadSnapshot(db, version.id)).map((x) => x.lesson.id) : []);
  }
  const lessonIds = (courseId: string, major: number) => lessonsOf.get(`${courseId}/${major}`) ?? [];
  const versionLessons = majors.length
    ? sql.join(
        majors.map((m) => sql`when ${enrolments.courseId} = ${m.courseId} and ${enrolments.major} = ${m.major} then ${`{${lessonIds(m.courseId, m.major).join(',')}}`}::uuid[]`),
        sql` `,
      )
    : sql`when false then null`;
  const submitted = (kind: string) => sql`from ${attempts} a join ${assessments} s on s.id = a.assessment_id where a.enrolment_id = ${enrolments.id} and a.submitted_at is not null and s.kind = ${kind}`;
  const rows = await db
    .select({
      enrolmentId: enrolments.id,
      courseId: enrolments.courseId,
      major: enrolments.major,
      completedAt: enrolments.completedAt,
      name: users.name,
      email: users.email,
      done: sql<number>`(select count(*)::int from ${lessonProgress} p where p.enrolment_id = ${enrolments.id} and p.completed_at is not null and p.lesson_id = any(case ${versionLessons} end))`,
      pre: sql<string | null>`(select a.score_percent ${submitted('pre-test')} order by a.number limit 1)`,
      post: sql<string | null>`(select a.score_percent ${submitted('post-test')} order by a.number desc limit 1)`,
      passed: sql<boolean>`exists (select 1 ${submitted('post-test')} and a.passed)`,
      // The latest final test waits for a trainer's grade.
      pending: sql<boolean>`coalesce((select a.score_percent is null ${submitted('post-test')} order by a.number desc limit 1), false)`,
      // A lookup per learner: a join would read every certificate of the instance.
      certificate: sql<string | null>`(select c.code from ${certificates} c where c.enrolment_id = ${enrolments.id})`,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(matching)
    .orderBy(asc(users.name), asc(users.email), asc(enrolments.id))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  const learners = rows.map((r) => ({
    enrolmentId: r.enrolmentId,
    name: r.name,
    email: r.email,
    done: Number(r.done),
    total: lessonIds(r.courseId, r.major).length,
    pre: r.pre === null ? null : Number(r.pre),
    post: r.post === null ? null : Number(r.post),
    passed: r.passed === true,
    pending: r.pending === true,
    completedAt: r.completedAt,
    certificate: r.certificate ?? null,
  }));
  return { total: Number(counted?.n ?? 0), learners };
}
