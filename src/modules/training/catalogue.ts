import { and, arrayContains, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { Profession } from '../../platform/identity/users.js';
import { pickTranslation, type Picked } from '../../platform/translations.js';
import type { CourseLevel, CreditScheme, Topic } from './content.js';
import { courseCredits, coursePrerequisites, courseProfessions, courses, courseTranslations, courseVersions, learningPathSteps } from './schema.js';
import { currentVersion, loadSnapshot, type CourseSnapshot, type VersionRef } from './versions.js';

type CourseRow = typeof courses.$inferSelect;
export type CourseTextRow = typeof courseTranslations.$inferSelect;

export interface CourseCard {
  id: string;
  slug: string;
  level: CourseLevel;
  topics: Topic[];
  durationMinutes: number;
  sourceLocale: string;
  text: Picked<CourseTextRow>;
  professions: Profession[];
  credits: { profession: Profession; scheme: CreditScheme; amount: number }[];
  /** Languages of the published content: complete, or partly with fallback. */
  languages: { complete: string[]; partial: string[] };
}

export interface CatalogueFilters {
  profession?: Profession;
  language?: Locale;
  level?: CourseLevel;
  topic?: Topic;
}

async function cards(db: DbOrTx, rows: CourseRow[], locale: Locale): Promise<CourseCard[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [texts, profs, credits, versions] = await Promise.all([
    db.select().from(courseTranslations).where(inArray(courseTranslations.courseId, ids)),
    db.select().from(courseProfessions).where(inArray(courseProfessions.courseId, ids)),
    db.select().from(courseCredits).where(inArray(courseCredits.courseId, ids)).orderBy(asc(courseCredits.profession), asc(courseCredits.scheme)),
    latestLanguages(db, ids),
  ]);
  return rows.flatMap((c) => {
    const text = pickTranslation(
      texts.filter((t) => t.courseId === c.id),
      locale,
      c.sourceLocale,
    );
    if (!text) return [];
    return [
      {
        id: c.id,
        slug: c.slug,
        level: c.level,
        topics: c.topics as Topic[],
        durationMinutes: c.durationMinutes,
        sourceLocale: c.sourceLocale,
        text,
        professions: profs.filter((p) => p.courseId === c.id).map((p) => p.profession as Profession),
        credits: credits.filter((x) => x.courseId === c.id).map((x) => ({ profession: x.profession as Profession, scheme: x.scheme, amount: x.amount })),
        languages: versions.get(c.id) ?? { complete: [], partial: [] },
      },
    ];
  });
}

/** The languages of each course's latest published version. */
async function latestLanguages(db: DbOrTx, ids: string[]) {
  const rows = await db
    .selectDistinctOn([courseVersions.courseId], { courseId: courseVersions.courseId, complete: courseVersions.completeLocales, partial: courseVersions.partialLocales })
    .from(courseVersions)
    .where(inArray(courseVersions.courseId, ids))
    .orderBy(courseVersions.courseId, desc(courseVersions.major), desc(courseVersions.minor));
  return new Map(rows.map((r) => [r.courseId, { complete: r.complete, partial: r.partial }]));
}

/** Published courses matching the filters; a language matches when the course is complete or partly there. */
export async function listCatalogue(db: DbOrTx, locale: Locale, filters: CatalogueFilters = {}): Promise<CourseCard[]> {
  const where = [eq(courses.status, 'published')];
  if (filters.level) where.push(eq(courses.level, filters.level));
  if (filters.topic) where.push(arrayContains(courses.topics, [filters.topic]));
  if (filters.profession) where.push(sql`exists (select 1 from ${courseProfessions} where ${courseProfessions.courseId} = ${courses.id} and ${courseProfessions.profession} = ${filters.profession})`);
  const rows = await db
    .select()
    .from(courses)
    .where(and(...where))
    .orderBy(asc(courses.createdAt), asc(courses.slug));
  const list = await cards(db, rows, locale);
  const lang = filters.language;
  return lang ? list.filter((c) => c.languages.complete.includes(lang) || c.languages.partial.includes(lang)) : list;
}

export interface SyllabusLesson {
  id: string;
  title: Picked<{ locale: string; revision: number; sourceRevision: number; title: string }> | null;
  durationMinutes: number;
}
export interface CourseDetail {
  card: CourseCard;
  prerequisites: { id: string; slug: string; title: string }[];
  version: VersionRef | null;
  syllabus: { id: string; title: SyllabusLesson['title']; lessons: SyllabusLesson[] }[];
}

/** The modules and lessons of a version, titled in the reader's language. */
export function syllabusOf(s: CourseSnapshot, locale: Locale): CourseDetail['syllabus'] {
  return s.modules.map((m) => ({
    id: m.id,
    title: pickTranslation(m.texts, locale, s.sourceLocale),
    lessons: m.lessons.map((l) => ({ id: l.id, title: pickTranslation(l.texts, locale, s.sourceLocale), durationMinutes: l.durationMinutes })),
  }));
}

/** A published course's page; `major` is the version a learner keeps (null: the latest). */
export async function getCourse(db: DbOrTx, slug: string, locale: Locale, opts: { major?: number | null; includeDrafts?: boolean } = {}): Promise<CourseDetail | null> {
  const [c] = await db.select().from(courses).where(eq(courses.slug, slug));
  if (!c || (c.status !== 'published' && !opts.includeDrafts)) return null;
  const [card] = await cards(db, [c], locale);
  if (!card) return null;
  const prereq = await db.select({ id: coursePrerequisites.requiredCourseId }).from(coursePrerequisites).where(eq(coursePrerequisites.courseId, c.id));
  const prereqRows = prereq.length ? await db.select().from(courses).where(inArray(courses.id, prereq.map((x) => x.id))) : [];
  const prerequisites = (await cards(db, prereqRows, locale)).map((x) => ({ id: x.id, slug: x.slug, title: x.text.value.title }));
  const version = await currentVersion(db, c.id, opts.major ?? null);
  const syllabus = version ? syllabusOf(await loadSnapshot(db, version.id), locale) : [];
  if (version && opts.major == null) card.languages = { complete: version.completeLocales, partial: version.partialLocales };
  return { card, prerequisites, version, syllabus };
}

export interface PathStep {
  course: CourseCard;
  required: boolean;
}

/** A profession's learning path: its published courses in order. */
export async function learningPath(db: DbOrTx, profession: Profession, locale: Locale): Promise<PathStep[]> {
  const steps = await db
    .select({ course: courses, required: learningPathSteps.required })
    .from(learningPathSteps)
    .innerJoin(courses, eq(courses.id, learningPathSteps.courseId))
    .where(and(eq(learningPathSteps.profession, profession), eq(courses.status, 'published')))
    .orderBy(asc(learningPathSteps.sort));
  const list = await cards(
    db,
    steps.map((s) => s.course),
    locale,
  );
  const byId = new Map(list.map((c) => [c.id, c]));
  return steps.flatMap((s) => {
    const course = byId.get(s.course.id);
    return course ? [{ course, required: s.required }] : [];
  });
}

/** Professions that have a learning path, with how many courses each. */
export async function learningPaths(db: DbOrTx): Promise<{ profession: Profession; courses: number }[]> {
  const rows = await db
    .select({ profession: learningPathSteps.profession, n: sql<number>`count(*)::int` })
    .from(learningPathSteps)
    .innerJoin(courses, eq(courses.id, learningPathSteps.courseId))
    .where(eq(courses.status, 'published'))
    .groupBy(learningPathSteps.profession);
  return rows.map((r) => ({ profession: r.profession as Profession, courses: Number(r.n) }));
}

/** Replaces a profession's path. */
export async function setLearningPath(db: DbOrTx, profession: Profession, steps: { courseId: string; required: boolean }[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(learningPathSteps).where(eq(learningPathSteps.profession, profession));
    if (steps.length) await tx.insert(learningPathSteps).values(steps.map((s, sort) => ({ profession, courseId: s.courseId, required: s.required, sort })));
  });
}
