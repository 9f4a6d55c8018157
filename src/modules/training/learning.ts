import { and, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { executePrepared, prepared, type DbOrTx } from '../../platform/db/index.js';
import type { Locale } from '../../platform/i18n/index.js';
import { pickTranslation, type Picked } from '../../platform/translations.js';
import { postTestPassed } from './assessments.js';
import { getCourse, type CourseDetail } from './catalogue.js';
import { issueCertificate } from './certificates.js';
import { attendedSessions } from './live.js';
import { certificateWaitsForSatisfaction } from './questionnaires.js';
import { courses, enrolments, lessonProgress } from './schema.js';
import { currentVersion, lessonsInOrder, loadSnapshot, type CourseSnapshot, type TitleRow, type VersionRef } from './versions.js';
import { courseCompleted, courseLaunched, lessonCompleted, namesOf, type LearningEvents } from './xapi-events.js';

export type Enrolment = typeof enrolments.$inferSelect;
export type ProgressRow = typeof lessonProgress.$inferSelect;

/**
 * Time on content: each interaction (a heartbeat from the page, completing the lesson) adds the time since
 * the learner was last seen on the lesson, within a bound, so that a tab left open overnight counts nothing
 * extra. A page with scripts sends heartbeats while it is visible; without scripts the time from opening the
 * lesson to completing it counts, up to twice the lesson's estimated duration (at least ten minutes).
 */
export const HEARTBEAT_MAX_SECONDS = 120;
export const completionCapSeconds = (durationMinutes: number) => Math.max(600, durationMinutes * 120);

export type EnrolResult = { ok: true; enrolment: Enrolment; created: boolean } | { ok: false; reason: 'not-found' };

/**
 * Self-paced enrolment in a published course: the learner keeps the version's major they start with. A new
 * enrolment is recorded as an xAPI `launched` statement (in the same transaction) when `xapi` is given.
 */
export async function enrol(db: DbOrTx, userId: string, slug: string, xapi?: LearningEvents): Promise<EnrolResult> {
  return db.transaction(async (tx) => {
    const [c] = await tx.select({ id: courses.id, status: courses.status }).from(courses).where(eq(courses.slug, slug));
    if (!c || c.status !== 'published') return { ok: false, reason: 'not-found' };
    const version = await currentVersion(tx, c.id, null);
    if (!version) return { ok: false, reason: 'not-found' };
    const [created] = await tx.insert(enrolments).values({ userId, courseId: c.id, major: version.major }).onConflictDoNothing().returning();
    if (created) {
      if (xapi) {
        xapi.add({ userId, courseId: c.id, enrolmentId: created.id, at: created.enrolledAt }, (x) => [courseLaunched(x)]);
        await xapi.flush(tx);
      }
      return { ok: true, enrolment: created, created: true };
    }
    const [existing] = await tx
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, c.id)));
    return { ok: true, enrolment: existing!, created: false };
  });
}

/** The course as a learner's pages name it: its slug and its title in the reader's language. */
export interface LearnerCourseInfo {
  id: string;
  slug: string;
  sourceLocale: string;
  text: Picked<TitleRow>;
}

export interface LearnerCourse {
  enrolment: Enrolment;
  course: LearnerCourseInfo;
  version: VersionRef;
  snapshot: CourseSnapshot;
  progress: Map<string, ProgressRow>;
}

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

const enrolmentColumns = Object.entries(getTableColumns(enrolments));
const progressJson = `json_build_object('enrolmentId', p.enrolment_id, 'lessonId', p.lesson_id, 'firstVisitedAt', p.first_visited_at, 'completedAt', p.completed_at, 'secondsSpent', p.seconds_spent, 'lastSeenAt', p.last_seen_at)`;
/**
 * The learner's enrolment in a course with the version they keep, the course's titles and their progress, in one
 * statement (every page of a learner's course runs it). Opening a lesson ($3) records the visit in the same
 * statement — first visit, where to resume, the start of the time that counts — and only when the lesson is in
 * the learner's version (lesson_ids, kept by PostgreSQL from the snapshot), so a wrong lesson writes nothing.
 */
const learnerCourseSql = (opening: boolean) => `with e as (
    select e.*, c.source_locale, v.id as v_id, v.major as v_major, v.minor as v_minor, v.complete_locales, v.partial_locales, v.lesson_ids
    from training_enrolments e
    join training_courses c on c.id = e.course_id
    join lateral (select v.id, v.major, v.minor, v.complete_locales, v.partial_locales, v.lesson_ids from training_course_versions v where v.course_id = c.id and v.major = e.major order by v.minor desc limit 1) v on true
    where e.user_id = $1 and c.slug = $2
  )${
    opening
      ? `, opened as (
    insert into training_lesson_progress (enrolment_id, lesson_id)
    select e.id, $3::uuid from e where e.lesson_ids @> jsonb_build_array($3::text)
    on conflict (enrolment_id, lesson_id) do update set last_seen_at = now()
    returning *
  ), touched as (
    update training_enrolments t set last_lesson_id = $3::uuid, last_activity_at = now() from opened where t.id = opened.enrolment_id
  )`
      : ''
  }
  select ${enrolmentColumns.map(([key, c]) => `e."${c.name}" as "${key}"`).join(', ')}, e.source_locale as "sourceLocale",
    json_build_object('id', e.v_id, 'major', e.v_major, 'minor', e.v_minor, 'completeLocales', e.complete_locales, 'partialLocales', e.partial_locales) as version,
    (select coalesce(json_agg(json_build_object('locale', t.locale, 'title', t.title, 'revision', t.revision, 'sourceRevision', t.source_revision)), '[]')
      from training_course_translations t where t.course_id = e.course_id) as texts,
    ${
      opening
        ? `(select coalesce(json_agg(${progressJson}), '[]') from (select * from training_lesson_progress p where p.enrolment_id = e.id and p.lesson_id <> $3::uuid union all select * from opened) p) as progress,
    exists (select 1 from opened) as opened`
        : `(select coalesce(json_agg(${progressJson}), '[]') from training_lesson_progress p where p.enrolment_id = e.id) as progress`
    }
  from e`;
const LEARNER_COURSE = learnerCourseSql(false);
const OPEN_LESSON = learnerCourseSql(true);

interface LearnerCourseRow {
  sourceLocale: string;
  version: VersionRef;
  texts: TitleRow[];
  progress: Json<ProgressRow>[];
  opened?: boolean;
  [column: string]: unknown;
}

function learnerCourseOf(row: LearnerCourseRow, slug: string, locale: Locale, snapshot: CourseSnapshot): LearnerCourse | null {
  const text = pickTranslation(row.texts, locale, row.sourceLocale);
  if (!text) return null;
  const enrolment = Object.fromEntries(enrolmentColumns.map(([key, c]) => [key, row[key] == null ? null : c.mapFromDriverValue(row[key])])) as Enrolment;
  const progress = row.progress.map((p): ProgressRow => ({ ...p, firstVisitedAt: new Date(p.firstVisitedAt), completedAt: p.completedAt === null ? null : new Date(p.completedAt), lastSeenAt: new Date(p.lastSeenAt) }));
  return {
    enrolment,
    course: { id: enrolment.courseId, slug, sourceLocale: row.sourceLocale, text },
    version: row.version,
    snapshot,
    progress: new Map(progress.map((p) => [p.lessonId, p])),
  };
}

/** A learner's course: their enrolment, the version they keep, and their progress; null when not enrolled. */
export async function learnerCourse(db: DbOrTx, userId: string, slug: string, locale: Locale): Promise<LearnerCourse | null> {
  const [row] = (await executePrepared(db, 'ponte_learner_course', LEARNER_COURSE, [userId, slug])) as LearnerCourseRow[];
  return row ? learnerCourseOf(row, slug, locale, await loadSnapshot(db, row.version.id)) : null;
}

/**
 * A learner opens a lesson: their course as `learnerCourse` reads it, with the visit recorded (first visit, where
 * to resume, the start of the time that counts) in the same statement. Null when they are not enrolled or the
 * lesson is not in the version they keep; then nothing is written.
 */
export async function openLesson(db: DbOrTx, userId: string, slug: string, lessonId: string, locale: Locale): Promise<LearnerCourse | null> {
  const [row] = (await executePrepared(db, 'ponte_open_lesson', OPEN_LESSON, [userId, slug, lessonId])) as LearnerCourseRow[];
  if (!row?.opened) return null;
  const lc = learnerCourseOf(row, slug, locale, await loadSnapshot(db, row.version.id));
  if (lc) [lc.enrolment.lastLessonId, lc.enrolment.lastActivityAt] = [lessonId, lc.progress.get(lessonId)!.lastSeenAt];
  return lc;
}

/** Seconds since the learner was last seen on the lesson, at most `cap`. */
const elapsed = (cap: number) => sql<number>`least(${cap}, greatest(0, floor(extract(epoch from (now() - ${lessonProgress.lastSeenAt})))))::int`;

const recordTimeQuery = (db: DbOrTx) =>
  db
    .update(lessonProgress)
    .set({ secondsSpent: sql`${lessonProgress.secondsSpent} + least(${sql.placeholder('claimed')}::int, ${elapsed(HEARTBEAT_MAX_SECONDS)} + 2)`, lastSeenAt: sql`now()` })
    .where(and(eq(lessonProgress.lessonId, sql.placeholder('lessonId')), inArray(lessonProgress.enrolmentId, db.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.userId, sql.placeholder('userId'))))))
    .returning({ lessonId: lessonProgress.lessonId })
    .prepare('ponte_record_time');

/** A heartbeat from an open lesson page: up to `seconds` of visible time, never more than has passed. */
export async function recordTime(db: DbOrTx, userId: string, lessonId: string, seconds: number): Promise<boolean> {
  const claimed = Math.max(0, Math.min(HEARTBEAT_MAX_SECONDS, Math.floor(seconds)));
  const r = await prepared(db, 'ponte_record_time', recordTimeQuery).execute({ claimed, lessonId, userId });
  return r.length > 0;
}

/**
 * Completes a lesson (once; completing again only adds time) and, when the course's rule is met, the course.
 * With `xapi`, the first completion and the course's are recorded as statements in the same transaction; content
 * that scores itself (a SCORM package) passes its `outcome` (score, success), which the lesson's statement carries.
 */
export async function completeLesson(
  db: DbOrTx,
  lc: Pick<LearnerCourse, 'enrolment' | 'snapshot'>,
  lessonId: string,
  xapi?: LearningEvents,
  outcome: { score?: { raw: number; min: number; max: number }; success?: boolean } = {},
): Promise<{ courseCompleted: boolean }> {
  const ordered = lessonsInOrder(lc.snapshot);
  const lesson = ordered.find((x) => x.lesson.id === lessonId)?.lesson;
  if (!lesson) throw new Error('lesson not in the version');
  return db.transaction(async (tx) => {
    await tx.insert(lessonProgress).values({ enrolmentId: lc.enrolment.id, lessonId }).onConflictDoNothing();
    const [done] = await tx
      .update(lessonProgress)
      .set({
        completedAt: sql`coalesce(${lessonProgress.completedAt}, now())`,
        secondsSpent: sql`${lessonProgress.secondsSpent} + ${elapsed(completionCapSeconds(lesson.durationMinutes))}`,
        lastSeenAt: sql`now()`,
      })
      .where(and(eq(lessonProgress.enrolmentId, lc.enrolment.id), eq(lessonProgress.lessonId, lessonId)))
      // now() is the transaction's start: equal only when this transaction completed the lesson.
      .returning({ completedAt: lessonProgress.completedAt, secondsSpent: lessonProgress.secondsSpent, now: sql<boolean>`${lessonProgress.completedAt} = now()` });
    await tx.update(enrolments).set({ lastActivityAt: sql`now()` }).where(eq(enrolments.id, lc.enrolment.id));
    if (xapi && done?.now) {
      const named = { id: lesson.id, names: namesOf(lesson.texts, (t) => t.title) };
      xapi.add({ userId: lc.enrolment.userId, courseId: lc.enrolment.courseId, enrolmentId: lc.enrolment.id, at: done.completedAt ?? undefined }, (x) => [lessonCompleted(x, named, { ...outcome, seconds: done.secondsSpent })]);
    }
    const courseCompleted = await completeIfDone(tx, lc.enrolment, lc.snapshot, xapi);
    await xapi?.flush(tx);
    return { courseCompleted };
  });
}

/**
 * Applies the course's completion rule: every lesson of the learner's version completed, the post-test
 * passed when the course has one, and the live sessions it requires attended. Returns true when this call completed the course, and then issues the
 * certificate in the same transaction (for an ECM course, once the satisfaction questionnaire is answered).
 */
export async function completeIfDone(db: DbOrTx, enrolment: Pick<Enrolment, 'id' | 'courseId' | 'userId'>, snapshot: CourseSnapshot, xapi?: LearningEvents): Promise<boolean> {
  const ids = lessonsInOrder(snapshot).map((x) => x.lesson.id);
  const [done] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.enrolmentId, enrolment.id), inArray(lessonProgress.lessonId, ids), sql`${lessonProgress.completedAt} is not null`));
  if (Number(done!.n) < ids.length || !(await postTestPassed(db, enrolment))) return false;
  const [course] = await db.select({ required: courses.requiredLiveSessions }).from(courses).where(eq(courses.id, enrolment.courseId));
  if ((course?.required ?? 0) > (await attendedSessions(db, enrolment.id))) return false;
  const r = await db
    .update(enrolments)
    .set({ status: 'completed', completedAt: sql`now()` })
    .where(and(eq(enrolments.id, enrolment.id), eq(enrolments.status, 'active')))
    .returning({ id: enrolments.id, completedAt: enrolments.completedAt });
  if (!r.length) return false;
  // Added, not stored: the caller owns the transaction and flushes (see xapi-events.ts).
  xapi?.add({ userId: enrolment.userId, courseId: enrolment.courseId, enrolmentId: enrolment.id, at: r[0]!.completedAt ?? undefined }, (x) => [courseCompleted(x)]);
  // ECM: the certificate waits for the anonymous satisfaction questionnaire.
  if (!(await certificateWaitsForSatisfaction(db, enrolment.id))) await issueCertificate(db, enrolment.id);
  return true;
}

/**
 * The completion rule for an enrolment outside its learner's request (e.g. a trainer marking attendance); a course
 * completed is added to `xapi`, which the caller flushes in its transaction.
 */
export async function applyCompletionRule(db: DbOrTx, enrolment: Enrolment, xapi?: LearningEvents): Promise<boolean> {
  const version = await currentVersion(db, enrolment.courseId, enrolment.major);
  return version ? completeIfDone(db, enrolment, await loadSnapshot(db, version.id), xapi) : false;
}

export interface DashboardCourse {
  enrolment: Enrolment;
  detail: CourseDetail;
  done: number;
  total: number;
  secondsSpent: number;
  /** Where to go on: the lesson last opened if unfinished, else the first unfinished one, else the first. */
  resumeLessonId: string | null;
}

/** A learner's enrolments, without their courses' content (for "enrolled?" and "completed?" marks). */
export async function enrolmentsOf(db: DbOrTx, userId: string): Promise<Enrolment[]> {
  return db.select().from(enrolments).where(eq(enrolments.userId, userId));
}

/** Where a learner resumes a course. */
export function resumeLesson(snapshot: CourseSnapshot, progress: Map<string, Pick<ProgressRow, 'completedAt'>>, lastLessonId: string | null): string | null {
  const ordered = lessonsInOrder(snapshot).map((x) => x.lesson.id);
  if (lastLessonId && ordered.includes(lastLessonId) && !progress.get(lastLessonId)?.completedAt) return lastLessonId;
  return ordered.find((id) => !progress.get(id)?.completedAt) ?? ordered[0] ?? null;
}

/** The learner's courses, most recently active first. */
export async function dashboard(db: DbOrTx, userId: string, locale: Locale): Promise<DashboardCourse[]> {
  const rows = await db
    .select({ enrolment: enrolments, slug: courses.slug })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .where(eq(enrolments.userId, userId))
    .orderBy(desc(enrolments.lastActivityAt));
  if (!rows.length) return [];
  const progress = await db
    .select()
    .from(lessonProgress)
    .where(
      inArray(
        lessonProgress.enrolmentId,
        rows.map((r) => r.enrolment.id),
      ),
    );
  const out: DashboardCourse[] = [];
  for (const r of rows) {
    const detail = await getCourse(db, r.slug, locale, { major: r.enrolment.major, includeDrafts: true });
    if (!detail?.version) continue;
    const snapshot = await loadSnapshot(db, detail.version.id);
    const mine = new Map(progress.filter((p) => p.enrolmentId === r.enrolment.id).map((p) => [p.lessonId, p]));
    const ids = lessonsInOrder(snapshot).map((x) => x.lesson.id);
    out.push({
      enrolment: r.enrolment,
      detail,
      done: ids.filter((id) => mine.get(id)?.completedAt).length,
      total: ids.length,
      secondsSpent: [...mine.values()].reduce((n, p) => n + p.secondsSpent, 0),
      resumeLessonId: resumeLesson(snapshot, mine, r.enrolment.lastLessonId),
    });
  }
  return out;
}
