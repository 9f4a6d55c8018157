import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../src/platform/db/index.js';
import { addQuestion, setAssessment, startAttempt, submitAttempt } from '../src/modules/training/assessments.js';
import { completeIfDone, completeLesson, enrol, learnerCourse, openLesson } from '../src/modules/training/learning.js';
import { users } from '../src/platform/schema.js';
import { addBlock, addLesson, addModule, createCourse, saveCourseText, setCourseAudience } from '../src/modules/training/authoring.js';
import { courses } from '../src/modules/training/schema.js';

/**
 * A course with one lesson, a bank of `n` single-choice questions whose right option is always the first
 * ("right"), a pre-test of three questions and a post-test; optionally ECM credits for nurses, ECM mode and
 * an Italian title.
 */
export async function testedCourse(db: DbOrTx, slug: string, opts: { ecm?: boolean; n?: number; perAttempt?: number; maxAttempts?: number | null; ecmCredits?: number; italianTitle?: string } = {}) {
  const c = (await createCourse(db, { slug, sourceLocale: 'en', level: 'interdisciplinary', topics: [], durationMinutes: 90, title: slug, summary: '', outcomes: [], description: '' })) as { id: string };
  if (opts.italianTitle) await saveCourseText(db, c.id, 'it', { title: opts.italianTitle, summary: '', outcomes: [], description: '' });
  const m = await addModule(db, c.id, 'en', 'Module');
  const lesson = await addLesson(db, m, { durationMinutes: 5, locale: 'en', title: 'Lesson' });
  await addBlock(db, lesson, { data: { kind: 'text' }, locale: 'en', content: { kind: 'text', markdown: 'Text' } });
  for (let i = 0; i < (opts.n ?? 6); i++) {
    await addQuestion(db, c.id, { competence: `c${i % 3}`, data: { kind: 'single', correct: 0 }, locale: 'en', content: { kind: 'single', stem: `Question ${i}`, options: ['right', 'wrong 1', 'wrong 2', 'wrong 3'].map((text) => ({ text, feedback: `about ${text}` })) } });
  }
  await setAssessment(db, c.id, 'pre-test', { questionsPerAttempt: 3, passMark: 0, maxAttempts: 1, shuffleQuestions: true, shuffleOptions: true });
  await setAssessment(db, c.id, 'post-test', { questionsPerAttempt: opts.perAttempt ?? 6, passMark: 75, maxAttempts: opts.maxAttempts === undefined ? 5 : opts.maxAttempts, shuffleQuestions: true, shuffleOptions: true });
  if (opts.ecmCredits) await setCourseAudience(db, c.id, { professions: ['nurse'], credits: [{ profession: 'nurse', scheme: 'ecm', amount: opts.ecmCredits }, { profession: 'nurse', scheme: 'cpd', amount: 1.5 }], prerequisites: [] });
  if (opts.ecm) await db.update(courses).set({ ecm: true }).where(eq(courses.id, c.id));
  return { id: c.id, lesson };
}

/** Form answers for an attempt of such a course: the right option for the first `right` questions, a wrong one after. */
export const answersFor = (items: { order: number[] }[], right: number) => Object.fromEntries(items.map((it, i) => [`q${i}`, String(it.order.indexOf(i < right ? 0 : 1))]));

/** Takes a learner (by e-mail) through a course to the end: enrolment, pre-test, each lesson, a passed final test. */
export async function completeCourse(db: DbOrTx, email: string, slug: string) {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  const e = await enrol(db, u!.id, slug);
  if (!e.ok) throw new Error('enrol');
  const lc = () => learnerCourse(db, u!.id, slug, 'en').then((x) => x!);
  const pre = await startAttempt(db, e.enrolment, (await lc()).snapshot, 'pre-test', 'en');
  if (pre.ok) await submitAttempt(db, e.enrolment.id, pre.attempt.id, {}, async () => false);
  for (const m of (await lc()).snapshot.modules)
    for (const l of m.lessons) {
      await openLesson(db, u!.id, slug, l.id, 'en');
      await completeLesson(db, await lc(), l.id);
    }
  const post = await startAttempt(db, e.enrolment, (await lc()).snapshot, 'post-test', 'en');
  if (!post.ok) throw new Error(post.reason);
  const x = await lc();
  await submitAttempt(db, e.enrolment.id, post.attempt.id, answersFor(post.attempt.items, post.attempt.items.length), (tx) => completeIfDone(tx, x.enrolment, x.snapshot));
  return e.enrolment;
}
