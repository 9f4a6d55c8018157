import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { LOCALES, type Locale } from '../../platform/i18n/index.js';
import { isOutOfDate, pickTranslation, type Picked, type TranslationRow } from '../../platform/translations.js';
import { questionBank, saveQuestionText } from './assessments.js';
import { saveBlockText, saveCourseText, saveLessonTitle, saveModuleTitle, type CourseText } from './authoring.js';
import type { BlockData, BlockText, QuestionData, QuestionText } from './content.js';
import { courses, courseTranslations } from './schema.js';
import { draftSnapshot } from './versions.js';

/** What a course has to translate: its own texts, each module and lesson title, each block, each question. */
export const ITEM_KINDS = ['course', 'module', 'lesson', 'block', 'question'] as const;

/** Where a translation stands in one language (training.author.state.*). Only blocks are reviewed. */
export const TRANSLATION_STATES = ['missing', 'out-of-date', 'translated', 'reviewed'] as const;
export type TranslationState = (typeof TRANSLATION_STATES)[number];

type Rows<T> = (TranslationRow & { value: T; reviewed: boolean })[];
/** One translatable item with its text in every language it has. */
export type TranslatableItem = { id: string } & (
  | { kind: 'course'; rows: Rows<CourseText> }
  | { kind: 'module' | 'lesson'; rows: Rows<{ title: string }> }
  /** `data`: what translating does not change, and the text must fit (a knowledge check's right option). */
  | { kind: 'block'; rows: Rows<BlockText>; data: BlockData }
  | { kind: 'question'; rows: Rows<QuestionText>; data: QuestionData; competence: string }
);

export interface TranslatableCourse {
  id: string;
  slug: string;
  sourceLocale: Locale;
  /** The title in the source language (the slug while there is none). */
  title: string;
  /** In the order a reader meets them: the course, then each module with its lessons and their blocks, then the questions. */
  items: TranslatableItem[];
}

const rowsOf = <R extends TranslationRow & { reviewed?: boolean }, T>(rows: R[], value: (r: R) => T): Rows<T> =>
  rows.map((r) => ({ locale: r.locale, revision: r.revision, sourceRevision: r.sourceRevision, reviewed: !!r.reviewed, value: value(r) }));

/** Every translatable text of a course's draft (retired questions are left out: no new attempt draws them). */
export async function translatableCourse(db: DbOrTx, courseId: string): Promise<TranslatableCourse | null> {
  const [course] = await db.select().from(courses).where(eq(courses.id, courseId));
  if (!course) return null;
  const [texts, outline, bank] = await Promise.all([
    db.select().from(courseTranslations).where(eq(courseTranslations.courseId, courseId)).orderBy(asc(courseTranslations.locale)),
    draftSnapshot(db, courseId),
    questionBank(db, courseId),
  ]);
  const items: TranslatableItem[] = [{ kind: 'course', id: course.id, rows: rowsOf(texts, (r) => ({ title: r.title, summary: r.summary, outcomes: r.outcomes, description: r.description })) }];
  for (const m of outline!.modules) {
    items.push({ kind: 'module', id: m.id, rows: rowsOf(m.texts, (r) => ({ title: r.title })) });
    for (const l of m.lessons) {
      items.push({ kind: 'lesson', id: l.id, rows: rowsOf(l.texts, (r) => ({ title: r.title })) });
      for (const b of l.blocks) items.push({ kind: 'block', id: b.id, data: b.data, rows: rowsOf(b.texts, (r) => r.content) });
    }
  }
  for (const q of bank.filter((x) => !x.retired)) items.push({ kind: 'question', id: q.id, data: q.data, competence: q.competence, rows: rowsOf(q.texts, (r) => r.content) });
  const title = texts.find((t) => t.locale === course.sourceLocale)?.title ?? course.slug;
  return { id: course.id, slug: course.slug, sourceLocale: course.sourceLocale as Locale, title, items };
}

/** Where a translation into `locale` stands, from an item's rows; null for the source language, which is not translated. */
function stateIn(rows: (TranslationRow & { reviewed?: boolean })[], locale: string, sourceLocale: string): TranslationState | null {
  if (locale === sourceLocale) return null;
  const mine = rows.find((r) => r.locale === locale);
  if (!mine) return 'missing';
  if (isOutOfDate(mine, rows.find((r) => r.locale === sourceLocale), sourceLocale)) return 'out-of-date';
  return mine.reviewed ? 'reviewed' : 'translated';
}

export const translationState = (item: TranslatableItem, locale: string, sourceLocale: string) => stateIn(item.rows, locale, sourceLocale);

/** An item's state in every language but the source. */
export const statesIn = (rows: (TranslationRow & { reviewed?: boolean })[], sourceLocale: string) => LOCALES.filter((l) => l !== sourceLocale).map((locale) => ({ locale, state: stateIn(rows, locale, sourceLocale)! }));

/** How many of a course's items are translated and up to date in each language other than the source. */
export function translationProgress(c: TranslatableCourse): { locale: Locale; done: number; total: number }[] {
  return LOCALES.filter((l) => l !== c.sourceLocale).map((locale) => ({
    locale,
    done: c.items.filter((item) => ['translated', 'reviewed'].includes(translationState(item, locale, c.sourceLocale)!)).length,
    total: c.items.length,
  }));
}

export interface CourseTranslationSummary {
  course: TranslatableCourse;
  title: Picked<Rows<CourseText>[number]> | null;
  progress: ReturnType<typeof translationProgress>;
}

/** Every course with its title in the reader's language and its translation progress per language. */
export async function translationOverview(db: DbOrTx, locale: Locale): Promise<CourseTranslationSummary[]> {
  const ids = await db.select({ id: courses.id }).from(courses).orderBy(asc(courses.createdAt), asc(courses.slug));
  const out: CourseTranslationSummary[] = [];
  for (const { id } of ids) {
    const course = (await translatableCourse(db, id))!;
    const own = course.items[0]!.rows as Rows<CourseText>;
    out.push({ course, title: pickTranslation(own, locale, course.sourceLocale), progress: translationProgress(course) });
  }
  return out;
}

/** The text of an item in a form's terms, by its kind. */
export type ItemText = { kind: 'course'; value: CourseText } | { kind: 'module' | 'lesson'; value: { title: string } } | { kind: 'block'; value: BlockText } | { kind: 'question'; value: QuestionText };

/** Saves a translation of one item (its revision fields say which source revision it matches). */
export async function saveTranslation(db: DbOrTx, item: Pick<TranslatableItem, 'id'>, locale: string, text: ItemText): Promise<void> {
  switch (text.kind) {
    case 'course':
      return saveCourseText(db, item.id, locale, text.value);
    case 'module':
      return saveModuleTitle(db, item.id, locale, text.value.title);
    case 'lesson':
      return saveLessonTitle(db, item.id, locale, text.value.title);
    case 'block':
      return saveBlockText(db, item.id, locale, text.value);
    case 'question':
      return saveQuestionText(db, item.id, locale, text.value);
  }
}
