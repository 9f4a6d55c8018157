import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { executedRows, type DbOrTx } from '../../platform/db/index.js';
import { escapeLike } from '../../platform/identity/users.js';
import { users } from '../../platform/schema.js';
import { readableCode } from './codes.js';
import { certificates, cohorts, cohortTrainers, courses, enrolments, lessonProgress } from './schema.js';
import { currentVersion, lessonsInOrder, loadSnapshot } from './versions.js';
import { courseLaunched, type LearningEvents } from './xapi-events.js';

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

/**
 * Joins the cohort of an invitation code: enrols in its course, or moves a self-paced enrolment into the cohort.
 * A new enrolment is recorded as an xAPI `launched` statement in the same transaction when `xapi` is given.
 */
export async function joinCohort(db: DbOrTx, userId: string, code: string, xapi?: LearningEvents, today = new Date().toISOString().slice(0, 10)): Promise<JoinResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ cohort: cohorts, course: courses }).from(cohorts).innerJoin(courses, eq(courses.id, cohorts.courseId)).where(eq(cohorts.invitationCode, code));
    if (!row || row.course.status !== 'published') return { ok: false, reason: 'unknown' };
    if (row.cohort.endsOn < today) return { ok: false, reason: 'ended' };
    const version = await currentVersion(tx, row.course.id, null);
    if (!version) return { ok: false, reason: 'unknown' };
    const [created] = await tx.insert(enrolments).values({ userId, courseId: row.course.id, major: version.major, cohortId: row.cohort.id }).onConflictDoNothing().returning();
    if (!created) await tx.update(enrolments).set({ cohortId: row.cohort.id }).where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, row.course.id)));
    else if (xapi) {
      xapi.add({ userId, courseId: row.course.id, enrolmentId: created.id, at: created.enrolledAt }, (x) => [courseLaunched(x)]);
      await xapi.flush(tx);
    }
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
  const like = opts.q ? `%${escapeLike(opts.q)}%` : null;
  // The cohort's learners (a few thousand at most) once, materialised: counted, sorted and cut to the page.
  // Scores come from the enrolment, kept by the database as attempts change.
  const found = executedRows<{
    id: string | null;
    course_id: string;
    major: number;
    completed_at: string | Date | null;
    name: string;
    email: string;
    pre_score: string | null;
    post_score: string | null;
    post_pending: number;
    passed_attempt: number | null;
    total: number;
  }>(
    await db.execute(sql`with members as materialized (
      select e.id, e.course_id, e.major, e.completed_at, e.pre_score, e.post_score, e.post_pending, e.passed_attempt, u.name, u.email
      from ${enrolments} e join ${users} u on u.id = e.user_id
      where e.cohort_id = ${cohortId} ${like ? sql`and (u.name ilike ${like} or u.email ilike ${like})` : sql``}
    )
    select (select count(*)::int from members) as total, shown.*
    from (select 1) as one
    left join (select * from members order by name, email, id limit ${opts.pageSize} offset ${(opts.page - 1) * opts.pageSize}) shown on true
    order by shown.name, shown.email, shown.id`),
  );
  // One row at least, with the count; a page past the last (or of nobody) has no learner in it.
  const total = Number(found[0]?.total ?? 0);
  const rows = found.filter((r): r is typeof r & { id: string } => r.id !== null);
  if (!rows.length) return { total, learners: [] };
  // Progress counts the lessons of the version each learner keeps (usually one for the whole cohort).
  const lessonsOf = new Map<string, Set<string>>();
  for (const r of rows) {
    const at = `${r.course_id}/${r.major}`;
    if (lessonsOf.has(at)) continue;
    const version = await currentVersion(db, r.course_id, r.major);
    lessonsOf.set(at, new Set(version ? lessonsInOrder(await loadSnapshot(db, version.id)).map((x) => x.lesson.id) : []));
  }
  const ids = rows.map((r) => r.id);
  const completed = await db.select({ enrolmentId: lessonProgress.enrolmentId, lessonId: lessonProgress.lessonId }).from(lessonProgress).where(and(inArray(lessonProgress.enrolmentId, ids), isNotNull(lessonProgress.completedAt)));
  const codes = new Map((await db.select({ enrolmentId: certificates.enrolmentId, code: certificates.code }).from(certificates).where(inArray(certificates.enrolmentId, ids))).map((c) => [c.enrolmentId, c.code]));
  const learners = rows.map((r): CohortLearner => {
    const lessons = lessonsOf.get(`${r.course_id}/${r.major}`)!;
    const pending = Number(r.post_pending) > 0;
    return {
      enrolmentId: r.id,
      name: r.name,
      email: r.email,
      done: completed.filter((p) => p.enrolmentId === r.id && lessons.has(p.lessonId)).length,
      total: lessons.size,
      pre: r.pre_score === null ? null : Number(r.pre_score),
      // The latest final test waits for a trainer's grade (no other starts meanwhile), so it has no score yet.
      post: pending || r.post_score === null ? null : Number(r.post_score),
      passed: r.passed_attempt !== null,
      pending,
      completedAt: r.completed_at === null ? null : new Date(r.completed_at),
      certificate: codes.get(r.id) ?? null,
    };
  });
  return { total, learners };
}
