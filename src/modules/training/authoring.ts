import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { Profession } from '../../platform/identity/users.js';
import { isOutOfDate, pickTranslation, revisionFor, type Picked } from '../../platform/translations.js';
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
  courseVersions,
  lessons,
  lessonTranslations,
  moduleTranslations,
} from './schema.js';
import { draftSnapshot, languagesOf, type CourseSnapshot } from './versions.js';

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

export async function createCourse(db: DbOrTx, input: CourseFacts & CourseText & { slug: string; sourceLocale: string; ecm?: boolean }): Promise<{ id: string } | { error: 'slug-taken' }> {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(courses)
      .values({ slug: input.slug, sourceLocale: input.sourceLocale, level: input.level, topics: input.topics, durationMinutes: input.durationMinutes, ecm: input.ecm ?? false })
      .onConflictDoNothing()
      .returning({ id: courses.id });
    if (!c) return { error: 'slug-taken' as const };
    await tx.insert(courseTranslations).values({ courseId: c.id, locale: input.sourceLocale, title: input.title, summary: input.summary, outcomes: input.outcomes, description: input.description });
    return { id: c.id };
  });
}

/** The catalogue facts and whether Italy's ECM rules apply; live at once, as the catalogue shows them. */
export async function updateCourseFacts(db: DbOrTx, courseId: string, facts: CourseFacts & { ecm: boolean }): Promise<void> {
  await db
    .update(courses)
    .set({ level: facts.level, topics: facts.topics, durationMinutes: facts.durationMinutes, ecm: facts.ecm, updatedAt: new Date() })
    .where(eq(courses.id, courseId));
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

/**
 * Checks that a block's text fits its data: same kind, no empty text, a case with at least one prompt, a
 * knowledge check with two options or more and right answers among them. Returns the parts that do not.
 */
export type BlockProblem = 'kind' | 'markdown' | 'title' | 'prompts' | 'question' | 'options' | 'correct' | 'image' | 'alt' | 'media' | 'captions' | 'transcript' | 'file' | 'package';

/** What keeps a block from being shown: a missing text, file or answer (accessibility included: alt text, captions). */
export function blockProblems(data: BlockData, content: BlockText): BlockProblem[] {
  if (data.kind !== content.kind) return ['kind'];
  const missing = (problem: BlockProblem, value: string | undefined) => (value?.trim() ? [] : [problem]);
  switch (content.kind) {
    case 'text':
      return missing('markdown', content.markdown);
    case 'vignette':
      return [...missing('title', content.title), ...missing('markdown', content.markdown), ...(content.prompts.some((p) => p.trim()) ? [] : ['prompts' as const])];
    case 'check': {
      const correct = data.kind === 'check' ? data.correct : [];
      return [
        ...missing('question', content.question),
        ...(content.options.length < 2 || content.options.some((o) => !o.text.trim()) ? ['options' as const] : []),
        ...(!correct.length || correct.some((i) => !Number.isInteger(i) || i < 0 || i >= content.options.length) ? ['correct' as const] : []),
      ];
    }
    case 'image':
      return [...missing('image', data.kind === 'image' ? data.imageId : ''), ...missing('alt', content.alt)];
    case 'video':
    case 'audio':
      // Captions for a video (WCAG 1.2.2); for a recording without pictures, a transcript or captions (1.2.1).
      return [
        ...missing('media', data.kind === content.kind ? data.media.id : ''),
        ...missing('title', content.title),
        ...(content.kind === 'video' ? missing('captions', content.captions) : content.captions.trim() || content.transcript.trim() ? [] : ['transcript' as const]),
      ];
    case 'resource':
      return [...missing('title', content.title), ...missing('file', content.file.id)];
    case 'scorm':
      return [...missing('title', content.title), ...missing('package', data.kind === 'scorm' ? data.packageId : '')];
  }
}

const checkBlock = (data: BlockData, content: BlockText) => {
  const problems = blockProblems(data, content);
  if (problems.length) throw new Error(`block: ${problems.join(', ')}`);
};

export async function addBlock(db: DbOrTx, lessonId: string, input: { data: BlockData; locale: string; content: BlockText }): Promise<string> {
  checkBlock(input.data, input.content);
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
  const [b] = await db.select({ lessonId: blocks.lessonId, data: blocks.data }).from(blocks).where(eq(blocks.id, blockId));
  if (!b) throw new Error(`block ${blockId} not found`);
  checkBlock(b.data, content);
  const source = await courseOfLesson(db, b.lessonId);
  const rows = await db.select().from(blockTranslations).where(eq(blockTranslations.blockId, blockId));
  const rev = revisionFor(rows, source, locale, (r) => JSON.stringify(r.content), JSON.stringify(content));
  await db
    .insert(blockTranslations)
    .values({ blockId, locale, content, ...rev })
    .onConflictDoUpdate({ target: [blockTranslations.blockId, blockTranslations.locale], set: { content, ...rev, reviewedAt: null, updatedAt: new Date() } });
}

/**
 * A reviewer confirms a translation as it is now. Only a translation of the source as it stands can be
 * confirmed: one that is out of date needs translating again first (false).
 */
export async function markBlockReviewed(db: DbOrTx, blockId: string, locale: string): Promise<boolean> {
  const [b] = await db.select({ lessonId: blocks.lessonId }).from(blocks).where(eq(blocks.id, blockId));
  if (!b) return false;
  const source = await courseOfLesson(db, b.lessonId);
  const rows = await db.select().from(blockTranslations).where(eq(blockTranslations.blockId, blockId));
  const mine = rows.find((r) => r.locale === locale);
  if (!mine || locale === source || isOutOfDate(mine, rows.find((r) => r.locale === source), source)) return false;
  // The translation as it was read: one saved again meanwhile is not what the reviewer read.
  const r = await db
    .update(blockTranslations)
    .set({ reviewedAt: new Date() })
    .where(and(eq(blockTranslations.blockId, blockId), eq(blockTranslations.locale, locale), eq(blockTranslations.revision, mine.revision)))
    .returning({ id: blockTranslations.blockId });
  return r.length > 0;
}

/**
 * A block's language-independent data and its text in the source language, changed together: a knowledge
 * check's right options index its options. Changed data is a change of structure (a new major on publishing).
 */
export async function updateBlock(db: DbOrTx, blockId: string, input: { data: BlockData; locale: string; content: BlockText }): Promise<void> {
  checkBlock(input.data, input.content);
  await db.transaction(async (tx) => {
    const [b] = await tx
      .update(blocks)
      .set({ data: input.data })
      .where(and(eq(blocks.id, blockId), eq(blocks.kind, input.data.kind as BlockKind)))
      .returning({ id: blocks.id });
    if (!b) throw new Error(`block ${blockId} of kind ${input.data.kind} not found`);
    await saveBlockText(tx, blockId, input.locale, input.content);
  });
}

/** A lesson's title in one language and its estimated duration. */
export async function updateLesson(db: DbOrTx, lessonId: string, input: { locale: string; title: string; durationMinutes: number }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(lessons).set({ durationMinutes: input.durationMinutes }).where(eq(lessons.id, lessonId));
    await saveLessonTitle(tx, lessonId, input.locale, input.title);
  });
}

// ——— The outline: moving and deleting, each scoped to one course (an id of another course changes nothing) ———

export type Direction = 'up' | 'down';

const modulesOf = (db: DbOrTx, courseId: string) => db.select({ id: courseModules.id }).from(courseModules).where(eq(courseModules.courseId, courseId));
const lessonsOf = (db: DbOrTx, courseId: string) => db.select({ id: lessons.id }).from(lessons).where(inArray(lessons.moduleId, modulesOf(db, courseId)));

/** The siblings' new order with `id` swapped with its neighbour (unchanged at either end), renumbered from 0. */
async function swapWithNeighbour(siblings: { id: string }[], id: string, direction: Direction, setSort: (id: string, sort: number) => Promise<unknown>): Promise<void> {
  const order = siblings.map((s) => s.id);
  const i = order.indexOf(id);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (j < 0 || j >= order.length) return;
  [order[i], order[j]] = [order[j]!, order[i]!];
  for (const [sort, sibling] of order.entries()) await setSort(sibling, sort);
}

/** Moves a module one place up or down; false when the course has no such module. */
export async function moveModule(db: DbOrTx, courseId: string, moduleId: string, direction: Direction): Promise<boolean> {
  return db.transaction(async (tx) => {
    const siblings = await tx.select({ id: courseModules.id }).from(courseModules).where(eq(courseModules.courseId, courseId)).orderBy(asc(courseModules.sort), asc(courseModules.id)).for('update');
    if (!siblings.some((s) => s.id === moduleId)) return false;
    await swapWithNeighbour(siblings, moduleId, direction, (id, sort) => tx.update(courseModules).set({ sort }).where(eq(courseModules.id, id)));
    return true;
  });
}

/** Moves a lesson one place up or down within its module; false when the course has no such lesson. */
export async function moveLesson(db: DbOrTx, courseId: string, lessonId: string, direction: Direction): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [l] = await tx
      .select({ moduleId: lessons.moduleId })
      .from(lessons)
      .where(and(eq(lessons.id, lessonId), inArray(lessons.moduleId, modulesOf(tx, courseId))));
    if (!l) return false;
    const siblings = await tx.select({ id: lessons.id }).from(lessons).where(eq(lessons.moduleId, l.moduleId)).orderBy(asc(lessons.sort), asc(lessons.id)).for('update');
    await swapWithNeighbour(siblings, lessonId, direction, (id, sort) => tx.update(lessons).set({ sort }).where(eq(lessons.id, id)));
    return true;
  });
}

/** Moves a block one place up or down within its lesson; false when the course has no such block. */
export async function moveBlock(db: DbOrTx, courseId: string, blockId: string, direction: Direction): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [b] = await tx
      .select({ lessonId: blocks.lessonId })
      .from(blocks)
      .where(and(eq(blocks.id, blockId), inArray(blocks.lessonId, lessonsOf(tx, courseId))));
    if (!b) return false;
    const siblings = await tx.select({ id: blocks.id }).from(blocks).where(eq(blocks.lessonId, b.lessonId)).orderBy(asc(blocks.sort), asc(blocks.id)).for('update');
    await swapWithNeighbour(siblings, blockId, direction, (id, sort) => tx.update(blocks).set({ sort }).where(eq(blocks.id, id)));
    return true;
  });
}

/** Deletes a module with its lessons and blocks in every language; published versions keep them for their learners. */
export async function deleteModule(db: DbOrTx, courseId: string, moduleId: string): Promise<boolean> {
  const r = await db
    .delete(courseModules)
    .where(and(eq(courseModules.id, moduleId), eq(courseModules.courseId, courseId)))
    .returning({ id: courseModules.id });
  return r.length > 0;
}

export async function deleteLesson(db: DbOrTx, courseId: string, lessonId: string): Promise<boolean> {
  const r = await db
    .delete(lessons)
    .where(and(eq(lessons.id, lessonId), inArray(lessons.moduleId, modulesOf(db, courseId))))
    .returning({ id: lessons.id });
  return r.length > 0;
}

export async function deleteBlock(db: DbOrTx, courseId: string, blockId: string): Promise<boolean> {
  const r = await db
    .delete(blocks)
    .where(and(eq(blocks.id, blockId), inArray(blocks.lessonId, lessonsOf(db, courseId))))
    .returning({ id: blocks.id });
  return r.length > 0;
}

// ——— What authors see ———

type CourseRow = typeof courses.$inferSelect;
type CourseTextRow = typeof courseTranslations.$inferSelect;

export interface AuthorCourseRow {
  id: string;
  slug: string;
  status: CourseRow['status'];
  title: Picked<CourseTextRow> | null;
  /** The latest published version, if any. */
  version: { major: number; minor: number } | null;
  /** Languages of the draft: complete (every text there and up to date) or partial. */
  languages: { complete: string[]; partial: string[] };
}

/** Every course, drafts included, titled in the author's language. */
export async function listCoursesForAuthors(db: DbOrTx, locale: Locale): Promise<AuthorCourseRow[]> {
  const rows = await db.select().from(courses).orderBy(asc(courses.createdAt), asc(courses.slug));
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [texts, versions] = await Promise.all([
    db.select().from(courseTranslations).where(inArray(courseTranslations.courseId, ids)),
    db
      .selectDistinctOn([courseVersions.courseId], { courseId: courseVersions.courseId, major: courseVersions.major, minor: courseVersions.minor })
      .from(courseVersions)
      .where(inArray(courseVersions.courseId, ids))
      .orderBy(courseVersions.courseId, desc(courseVersions.major), desc(courseVersions.minor)),
  ]);
  const out: AuthorCourseRow[] = [];
  for (const c of rows) {
    const mine = texts.filter((t) => t.courseId === c.id);
    const draft = (await draftSnapshot(db, c.id))!;
    const v = versions.find((x) => x.courseId === c.id);
    out.push({ id: c.id, slug: c.slug, status: c.status, title: pickTranslation(mine, locale, c.sourceLocale), version: v ? { major: v.major, minor: v.minor } : null, languages: languagesOf(draft, mine) });
  }
  return out;
}

/** Every course but one, titled in the reader's language: the prerequisites an author can choose from. */
export async function courseChoices(db: DbOrTx, locale: Locale, except: string): Promise<{ id: string; title: string }[]> {
  const [rows, texts] = await Promise.all([db.select().from(courses).orderBy(asc(courses.createdAt), asc(courses.slug)), db.select().from(courseTranslations)]);
  return rows
    .filter((c) => c.id !== except)
    .map((c) => ({
      id: c.id,
      title:
        pickTranslation(
          texts.filter((t) => t.courseId === c.id),
          locale,
          c.sourceLocale,
        )?.value.title ?? c.slug,
    }));
}

export interface CourseForAuthoring {
  course: CourseRow;
  texts: CourseTextRow[];
  /** The title in the source language (the slug while there is none). */
  title: string;
  professions: Profession[];
  credits: { profession: Profession; scheme: CreditScheme; amount: number }[];
  prerequisites: string[];
  /** The draft: modules, lessons and blocks as authors have them now. */
  outline: CourseSnapshot;
  latest: { major: number; minor: number; publishedAt: Date } | null;
}

export async function courseForAuthoring(db: DbOrTx, courseId: string): Promise<CourseForAuthoring | null> {
  const [course] = await db.select().from(courses).where(eq(courses.id, courseId));
  if (!course) return null;
  const [texts, professions, credits, prerequisites, outline, [latest]] = await Promise.all([
    db.select().from(courseTranslations).where(eq(courseTranslations.courseId, courseId)).orderBy(asc(courseTranslations.locale)),
    db.select().from(courseProfessions).where(eq(courseProfessions.courseId, courseId)),
    db.select().from(courseCredits).where(eq(courseCredits.courseId, courseId)),
    db.select().from(coursePrerequisites).where(eq(coursePrerequisites.courseId, courseId)),
    draftSnapshot(db, courseId),
    db
      .select({ major: courseVersions.major, minor: courseVersions.minor, publishedAt: courseVersions.publishedAt })
      .from(courseVersions)
      .where(eq(courseVersions.courseId, courseId))
      .orderBy(desc(courseVersions.major), desc(courseVersions.minor))
      .limit(1),
  ]);
  return {
    course,
    texts,
    title: texts.find((t) => t.locale === course.sourceLocale)?.title ?? course.slug,
    professions: professions.map((p) => p.profession as Profession),
    credits: credits.map((c) => ({ profession: c.profession as Profession, scheme: c.scheme, amount: c.amount })),
    prerequisites: prerequisites.map((p) => p.requiredCourseId),
    outline: outline!,
    latest: latest ?? null,
  };
}
