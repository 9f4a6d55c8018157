import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { contentChanged } from '../../platform/content-version.js';
import type { Locale } from '../../platform/i18n/index.js';
import { pickTranslation, type Picked } from '../../platform/translations.js';
import { courseModules, courses, courseTranslations, lessons, lessonTranslations } from '../training/schema.js';
import { guidelineLessonLinks, guidelines, guidelineTranslations, guidelineVersions, recommendations, recommendationTranslations } from './schema.js';
import { recommendationPath, type Result } from './service.js';

/**
 * Training lessons that teach a recommendation. A link names the guideline and the recommendation's stable
 * identifier (not one version's row), so it holds when a new version is published; readers are sent to the
 * recommendation in the version published now.
 */

export interface LessonLink {
  guidelineId: string;
  identifier: string;
  lessonId: string;
}

/** True when some version of the guideline has a recommendation with this identifier. */
async function identifierExists(db: DbOrTx, guidelineId: string, identifier: string) {
  const rows = await db
    .select({ id: recommendations.id })
    .from(recommendations)
    .innerJoin(guidelineVersions, eq(guidelineVersions.id, recommendations.versionId))
    .where(and(eq(guidelineVersions.guidelineId, guidelineId), eq(recommendations.identifier, identifier)))
    .limit(1);
  return rows.length > 0;
}

/** A foreign key refused the row (a lesson that does not exist): PostgreSQL's 23503, wrapped or not. */
const isForeignKeyViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23503' || e?.cause?.code === '23503';
};

/** Links a lesson to a recommendation (linking twice is harmless). */
export async function linkLesson(db: DbOrTx, link: LessonLink): Promise<Result> {
  if (!(await identifierExists(db, link.guidelineId, link.identifier))) return { ok: false, errors: { form: 'guidelines.errors.notFound' } };
  try {
    await db.transaction(async (tx) => {
      await tx.insert(guidelineLessonLinks).values(link).onConflictDoNothing();
      await contentChanged(tx);
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) return { ok: false, errors: { lessonId: 'errors.choose' } };
    throw err;
  }
  return { ok: true };
}

export async function unlinkLesson(db: DbOrTx, link: LessonLink): Promise<Result> {
  const rows = await db
    .delete(guidelineLessonLinks)
    .where(and(eq(guidelineLessonLinks.guidelineId, link.guidelineId), eq(guidelineLessonLinks.identifier, link.identifier), eq(guidelineLessonLinks.lessonId, link.lessonId)))
    .returning({ lessonId: guidelineLessonLinks.lessonId });
  if (!rows.length) return { ok: false, errors: { form: 'guidelines.errors.notFound' } };
  await contentChanged(db);
  return { ok: true };
}

/** The lessons linked to a recommendation of a guideline, oldest link first. */
export async function linkedLessons(db: DbOrTx, guidelineId: string, identifier: string): Promise<string[]> {
  const rows = await db
    .select({ lessonId: guidelineLessonLinks.lessonId })
    .from(guidelineLessonLinks)
    .where(and(eq(guidelineLessonLinks.guidelineId, guidelineId), eq(guidelineLessonLinks.identifier, identifier)))
    .orderBy(asc(guidelineLessonLinks.createdAt));
  return rows.map((r) => r.lessonId);
}

export interface TaughtRecommendation {
  guideline: { slug: string; title: string; titleLocale: string };
  identifier: string;
  statement: string;
  statementLocale: string;
  /** The recommendation in the guideline's version published now. */
  permalink: string;
}

/**
 * The recommendations a lesson teaches, as they read in the guidelines' published versions (in `locale`,
 * with the usual fallback). A link whose guideline has no published version, or whose recommendation the
 * published version does not hold (yet, or any more), is left out.
 */
export async function recommendationsTaughtBy(db: DbOrTx, lessonId: string, locale: Locale): Promise<TaughtRecommendation[]> {
  const rows = await db
    .select({ guideline: guidelines, version: { id: guidelineVersions.id, label: guidelineVersions.label }, rec: { id: recommendations.id, identifier: recommendations.identifier } })
    .from(guidelineLessonLinks)
    .innerJoin(guidelines, eq(guidelines.id, guidelineLessonLinks.guidelineId))
    .innerJoin(guidelineVersions, and(eq(guidelineVersions.guidelineId, guidelines.id), eq(guidelineVersions.status, 'published')))
    .innerJoin(recommendations, and(eq(recommendations.versionId, guidelineVersions.id), eq(recommendations.identifier, guidelineLessonLinks.identifier)))
    .where(eq(guidelineLessonLinks.lessonId, lessonId))
    .orderBy(asc(guidelines.slug), asc(recommendations.sort));
  if (!rows.length) return [];
  const [titles, texts] = await Promise.all([
    db.select().from(guidelineTranslations).where(inArray(guidelineTranslations.guidelineId, [...new Set(rows.map((r) => r.guideline.id))])),
    db.select().from(recommendationTranslations).where(inArray(recommendationTranslations.recommendationId, rows.map((r) => r.rec.id))),
  ]);
  return rows.map((r) => {
    const title = pickTranslation(
      titles.filter((t) => t.guidelineId === r.guideline.id),
      locale,
      r.guideline.sourceLocale,
    );
    const text = pickTranslation(
      texts.filter((t) => t.recommendationId === r.rec.id),
      locale,
      r.guideline.sourceLocale,
    );
    return {
      guideline: { slug: r.guideline.slug, title: title?.value.title ?? r.guideline.slug, titleLocale: title?.locale ?? r.guideline.sourceLocale },
      identifier: r.rec.identifier,
      statement: text?.value.statement ?? '',
      statementLocale: text?.locale ?? r.guideline.sourceLocale,
      permalink: recommendationPath(r.guideline.slug, r.version.label, r.rec.identifier),
    };
  });
}

export interface TeachingLesson {
  lessonId: string;
  /** The lesson's title in the reader's language, with its fallback and out-of-date marks. */
  title: Picked<{ title: string }> | null;
  course: { slug: string; title: Picked<{ title: string }> | null };
  /** The lesson as learners open it (the training module's address; it asks for enrolment). */
  href: string;
  /** The course's public page. */
  courseHref: string;
}

/**
 * The training lessons that teach a recommendation (by the guideline and the recommendation's stable
 * identifier), in published courses only: a draft course is nobody's to see yet. The link table is the
 * guideline's; lessons and courses are read from the training module's tables (read only), as its own
 * pages name and address them.
 */
export async function lessonsTeaching(db: DbOrTx, guidelineId: string, identifier: string, locale: Locale): Promise<TeachingLesson[]> {
  const rows = await db
    .select({ lessonId: lessons.id, courseId: courses.id, slug: courses.slug, sourceLocale: courses.sourceLocale })
    .from(guidelineLessonLinks)
    .innerJoin(lessons, eq(lessons.id, guidelineLessonLinks.lessonId))
    .innerJoin(courseModules, eq(courseModules.id, lessons.moduleId))
    .innerJoin(courses, eq(courses.id, courseModules.courseId))
    .where(and(eq(guidelineLessonLinks.guidelineId, guidelineId), eq(guidelineLessonLinks.identifier, identifier), eq(courses.status, 'published')))
    .orderBy(asc(courses.slug), asc(courseModules.sort), asc(lessons.sort));
  if (!rows.length) return [];
  const [lessonTexts, courseTexts] = await Promise.all([
    db.select().from(lessonTranslations).where(inArray(lessonTranslations.lessonId, rows.map((r) => r.lessonId))),
    db.select().from(courseTranslations).where(inArray(courseTranslations.courseId, [...new Set(rows.map((r) => r.courseId))])),
  ]);
  return rows.map((r) => {
    const lt = pickTranslation(lessonTexts.filter((t) => t.lessonId === r.lessonId), locale, r.sourceLocale);
    const ct = pickTranslation(courseTexts.filter((t) => t.courseId === r.courseId), locale, r.sourceLocale);
    return {
      lessonId: r.lessonId,
      title: lt && { ...lt, value: { title: lt.value.title } },
      course: { slug: r.slug, title: ct && { ...ct, value: { title: ct.value.title } } },
      href: `/learn/${r.slug}/lessons/${r.lessonId}`,
      courseHref: `/training/courses/${r.slug}`,
    };
  });
}
