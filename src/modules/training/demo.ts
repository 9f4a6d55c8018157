import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import { addBlock, addLesson, addModule, createCourse, saveBlockText, saveCourseText, saveLessonTitle, saveModuleTitle, setCourseAudience } from './authoring.js';
import { addQuestion, ECM, saveQuestionText, setAssessment } from './assessments.js';
import { setLearningPath } from './catalogue.js';
import type { BlockData, BlockText, DemoCourse, QuestionText } from './content.js';
import { DEMO_COURSES, DEMO_PATHS } from './demo-courses.js';
import { addDemoMedia } from './demo-media.js';
import { seedDemoLearners } from './demo-learners.js';
import { courses } from './schema.js';
import { publishCourse } from './versions.js';

/** The source language first, so that every translation records the source revision it matches. */
const inOrder = <T>(texts: Partial<Record<Locale, T>>, source: Locale): [Locale, T][] =>
  (Object.entries(texts) as [Locale, T][]).sort(([a], [b]) => (a === source ? -1 : b === source ? 1 : a.localeCompare(b)));

/** Courses whose demo lessons also show media, made at seed time (demo-media.ts). */
const WITH_MEDIA = new Set(['psychcare-guidelines']);

async function seedCourse(db: DbOrTx, c: DemoCourse, ids: Map<string, string>, p?: Platform): Promise<string> {
  const source = c.texts[c.sourceLocale]!;
  const created = await createCourse(db, { slug: c.slug, sourceLocale: c.sourceLocale, level: c.level, topics: c.topics, durationMinutes: c.durationMinutes, ...source });
  if ('error' in created) throw new Error(`demo course ${c.slug} exists`);
  const id = created.id;
  for (const [locale, text] of inOrder(c.texts, c.sourceLocale)) if (locale !== c.sourceLocale) await saveCourseText(db, id, locale, text);
  await setCourseAudience(db, id, { professions: c.professions, credits: c.credits, prerequisites: (c.prerequisites ?? []).map((slug) => ids.get(slug)!).filter(Boolean) });
  for (const m of c.modules) {
    const [[firstLocale, firstTitle], ...others] = inOrder(m.texts, c.sourceLocale);
    const moduleId = await addModule(db, id, firstLocale, firstTitle.title);
    for (const [locale, t] of others) await saveModuleTitle(db, moduleId, locale, t.title);
    for (const l of m.lessons) {
      const [[ll, lt], ...lothers] = inOrder(l.texts, c.sourceLocale);
      const lessonId = await addLesson(db, moduleId, { durationMinutes: l.durationMinutes, locale: ll, title: lt.title });
      for (const [locale, t] of lothers) await saveLessonTitle(db, lessonId, locale, t.title);
      for (const b of l.blocks) {
        const [[bl, bt], ...bothers] = inOrder(b.texts, c.sourceLocale) as [Locale, BlockText][];
        const blockId = await addBlock(db, lessonId, { data: { ...b.data, kind: bt.kind } as BlockData, locale: bl, content: bt });
        for (const [locale, t] of bothers) await saveBlockText(db, blockId, locale, t);
      }
    }
  }
  await seedQuestions(db, id, c);
  if (p && WITH_MEDIA.has(c.slug)) await addDemoMedia(db, p, id);
  const published = await publishCourse(db, id, null);
  if (!published.ok) throw new Error(`demo course ${c.slug} could not be published: ${published.reason}`);
  return id;
}

/**
 * The question bank, a pre-test of one question per competence and a post-test. Courses that give ECM
 * credits follow the ECM rules: three questions per credit, 75% to pass, at most five attempts.
 */
async function seedQuestions(db: DbOrTx, courseId: string, c: DemoCourse): Promise<void> {
  for (const q of c.questions) {
    const [[first, text], ...others] = inOrder(q.texts, c.sourceLocale);
    const content = (t: typeof text): QuestionText => ({ kind: 'single', stem: t.stem, options: t.options.map((o, i) => ({ text: o, feedback: t.feedback[i]! })) });
    const id = await addQuestion(db, courseId, { competence: q.competence, data: { kind: 'single', correct: q.correct }, locale: first, content: content(text) });
    for (const [locale, t] of others) await saveQuestionText(db, id, locale, content(t));
  }
  const competences = new Set(c.questions.map((q) => q.competence)).size;
  const ecm = Math.max(0, ...c.credits.filter((x) => x.scheme === 'ecm').map((x) => x.amount));
  await setAssessment(db, courseId, 'pre-test', { questionsPerAttempt: competences, passMark: 0, maxAttempts: 1, shuffleQuestions: true, shuffleOptions: true });
  await setAssessment(db, courseId, 'post-test', { questionsPerAttempt: Math.min(c.questions.length, Math.max(8, Math.ceil(ecm * ECM.questionsPerCredit))), passMark: ECM.passMark, maxAttempts: ECM.attemptsWithoutNewQuestions, shuffleQuestions: true, shuffleOptions: true });
  if (ecm > 0) await db.update(courses).set({ ecm: true }).where(eq(courses.id, courseId));
}

/**
 * The EU-MiCare-style programme, the guidelines course, a learning path per profession, and a cohort of
 * synthetic learners. With the platform (for its file storage), the guidelines course's first lesson also
 * shows a diagram and a handout.
 */
export async function seedTrainingDemo(db: DbOrTx, p?: Platform): Promise<void> {
  const ids = new Map<string, string>();
  for (const c of DEMO_COURSES) {
    const [exists] = await db.select({ id: courses.id }).from(courses).where(eq(courses.slug, c.slug));
    ids.set(c.slug, exists?.id ?? (await seedCourse(db, c, ids, p)));
  }
  await seedDemoLearners(db);
  for (const path of DEMO_PATHS) await setLearningPath(db, path.profession, path.steps.flatMap((s) => (ids.has(s.course) ? [{ courseId: ids.get(s.course)!, required: s.required }] : [])));
}
