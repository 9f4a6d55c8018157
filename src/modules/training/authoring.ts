import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import type { Profession } from '../../platform/identity/users.js';
import { revisionFor } from '../../platform/translations.js';
import type { BlockData, BlockKind, BlockText, CourseLevel, CreditScheme, Topic } from './content.js';
import {
  blocks,
  blockTranslations,
  courseCredits,
  courseModules,
  coursePrerequisites,
  courseProfessions,
  courses,
  courseTranslations,
  lessons,
  lessonTranslations,
  moduleTranslations,
} from './schema.js';

export interface CourseText {
  title: string;
  summary: string;
  outcomes: string[];
  description: string;
}

export interface CourseFacts {
  level: CourseLevel;
  topics: Topic[];
  durationMinutes: number;
}

const courseTextOf = (t: CourseText) => [t.title, t.summary, t.outcomes.join('\n'), t.description].join('\u0000');

async function sourceLocaleOf(db: DbOrTx, courseId: string): Promise<string> {
  const [c] = await db.select({ sourceLocale: courses.sourceLocale }).from(courses).where(eq(courses.id, courseId));
  if (!c) throw new Error(`course ${courseId} not found`);
  return c.sourceLocale;
}

export async function createCourse(db: DbOrTx, input: CourseFacts & CourseText & { slug: string; sourceLocale: string }): Promise<{ id: string } | { error: 'slug-taken' }> {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(courses)
      .values({ slug: input.slug, sourceLocale: input.sourceLocale, level: input.level, topics: input.topics, durationMinutes: input.durationMinutes })
      .onConflictDoNothing()
      .returning({ id: courses.id });
    if (!c) return { error: 'slug-taken' as const };
    await tx.insert(courseTranslations).values({ courseId: c.id, locale: input.sourceLocale, title: input.title, summary: input.summary, outcomes: input.outcomes, description: input.description });
    return { id: c.id };
  });
}

export async function saveCourseText(db: DbOrTx, courseId: string, locale: string, text: CourseText): Promise<void> {
  await db.transaction(async (tx) => {
    const source = await sourceLocaleOf(tx, courseId);
    const rows = await tx.select().from(courseTranslations).where(eq(courseTranslations.courseId, courseId)).for('update');
    const rev = revisionFor(rows, source, locale, courseTextOf, courseTextOf(text));
    await tx
      .insert(courseTranslations)
      .values({ courseId, locale, ...text, ...rev })
      .onConflictDoUpdate({ target: [courseTranslations.courseId, courseTranslations.locale], set: { ...text, ...rev, updatedAt: new Date() } });
  });
}

/** Who the course is for and what it gives: target professions, credits, prerequisites (replaced as a whole). */
export async function setCourseAudience(
  db: DbOrTx,
  courseId: string,
  input: { professions: Profession[]; credits: { profession: Profession; scheme: CreditScheme; amount: number }[]; prerequisites: string[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(courseProfessions).where(eq(courseProfessions.courseId, courseId));
    await tx.delete(courseCredits).where(eq(courseCredits.courseId, courseId));
    await tx.delete(coursePrerequisites).where(eq(coursePrerequisites.courseId, courseId));
    if (input.professions.length) await tx.insert(courseProfessions).values(input.professions.map((profession) => ({ courseId, profession })));
    if (input.credits.length) await tx.insert(courseCredits).values(input.credits.map((c) => ({ courseId, ...c })));
    const required = input.prerequisites.filter((id) => id !== courseId);
    if (required.length) await tx.insert(coursePrerequisites).values(required.map((requiredCourseId) => ({ courseId, requiredCourseId })));
  });
}

const nextSort = async (db: DbOrTx, table: typeof courseModules | typeof lessons | typeof blocks, where: ReturnType<typeof eq>) => {
  const [r] = await db
    .select({ n: sql<number>`coalesce(max(${table.sort}), -1) + 1` })
    .from(table)
    .where(where);
  return Number(r!.n);
};

export async function addModule(db: DbOrTx, courseId: string, locale: string, title: string): Promise<string> {
  return db.transaction(async (tx) => {
    const [m] = await tx
      .insert(courseModules)
      .values({ courseId, sort: await nextSort(tx, courseModules, eq(courseModules.courseId, courseId)) })
      .returning({ id: courseModules.id });
    await saveModuleTitle(tx, m!.id, locale, title);
    return m!.id;
  });
}

async function courseOfModule(db: DbOrTx, moduleId: string): Promise<string> {
  const [m] = await db.select({ sourceLocale: courses.sourceLocale }).from(courseModules).innerJoin(courses, eq(courses.id, courseModules.courseId)).where(eq(courseModules.id, moduleId));
  if (!m) throw new Error(`module ${moduleId} not found`);
  return m.sourceLocale;
}

async function courseOfLesson(db: DbOrTx, lessonId: string): Promise<string> {
  const [l] = await db.select({ moduleId: lessons.moduleId }).from(lessons).where(eq(lessons.id, lessonId));
  if (!l) throw new Error(`lesson ${lessonId} not found`);
  return courseOfModule(db, l.moduleId);
}

export async function saveModuleTitle(db: DbOrTx, moduleId: string, locale: string, title: string): Promise<void> {
  const source = await courseOfModule(db, moduleId);
  const rows = await db.select().from(moduleTranslations).where(eq(moduleTranslations.moduleId, moduleId));
  const rev = revisionFor(rows, source, locale, (r) => r.title, title);
  await db
    .insert(moduleTranslations)
    .values({ moduleId, locale, title, ...rev })
    .onConflictDoUpdate({ target: [moduleTranslations.moduleId, moduleTranslations.locale], set: { title, ...rev, updatedAt: new Date() } });
}

export async function addLesson(db: DbOrTx, moduleId: string, input: { durationMinutes: number; locale: string; title: string }): Promise<string> {
  return db.transaction(async (tx) => {
    const [l] = await tx
      .insert(lessons)
      .values({ moduleId, durationMinutes: input.durationMinutes, sort: await nextSort(tx, lessons, eq(lessons.moduleId, moduleId)) })
      .returning({ id: lessons.id });
    await saveLessonTitle(tx, l!.id, input.locale, input.title);
    return l!.id;
  });
}

export async function saveLessonTitle(db: DbOrTx, lessonId: string, locale: string, title: string): Promise<void> {
  const source = await courseOfLesson(db, lessonId);
  const rows = await db.select().from(lessonTranslations).where(eq(lessonTranslations.lessonId, lessonId));
  const rev = revisionFor(rows, source, locale, (r) => r.title, title);
  await db
    .insert(lessonTranslations)
    .values({ lessonId, locale, title, ...rev })
    .onConflictDoUpdate({ target: [lessonTranslations.lessonId, lessonTranslations.locale], set: { title, ...rev, updatedAt: new Date() } });
}

export async function addBlock(db: DbOrTx, lessonId: string, input: { data: BlockData; locale: string; content: BlockText }): Promise<string> {
  if (input.data.kind !== input.content.kind) throw new Error('block data and text are of different kinds');
  return db.transaction(async (tx) => {
    const [b] = await tx
      .insert(blocks)
      .values({ lessonId, kind: input.data.kind as BlockKind, data: input.data, sort: await nextSort(tx, blocks, eq(blocks.lessonId, lessonId)) })
      .returning({ id: blocks.id });
    await saveBlockText(tx, b!.id, input.locale, input.content);
    return b!.id;
  });
}

/** Saves a block's text in one language; a translation saved again counts as unreviewed until reviewed. */
export async function saveBlockText(db: DbOrTx, blockId: string, locale: string, content: BlockText): Promise<void> {
  const [b] = await db.select({ lessonId: blocks.lessonId, kind: blocks.kind }).from(blocks).where(eq(blocks.id, blockId));
  if (!b) throw new Error(`block ${blockId} not found`);
  if (b.kind !== content.kind) throw new Error('block text of another kind');
  const source = await courseOfLesson(db, b.lessonId);
  const rows = await db.select().from(blockTranslations).where(eq(blockTranslations.blockId, blockId));
  const rev = revisionFor(rows, source, locale, (r) => JSON.stringify(r.content), JSON.stringify(content));
  await db
    .insert(blockTranslations)
    .values({ blockId, locale, content, ...rev })
    .onConflictDoUpdate({ target: [blockTranslations.blockId, blockTranslations.locale], set: { content, ...rev, reviewedAt: null, updatedAt: new Date() } });
}

/** A reviewer confirms a translation as it is now. */
export async function markBlockReviewed(db: DbOrTx, blockId: string, locale: string): Promise<boolean> {
  const r = await db
    .update(blockTranslations)
    .set({ reviewedAt: new Date() })
    .where(and(eq(blockTranslations.blockId, blockId), eq(blockTranslations.locale, locale)))
    .returning({ id: blockTranslations.blockId });
  return r.length > 0;
}
