import { and, count, eq, inArray, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers.js';
import { answersFor, testedCourse } from '../../../test/training.js';
import { createUser, deleteUser } from '../../platform/identity/users.js';
import { startAttempt, submitAttempt } from './assessments.js';
import { completeIfDone, completeLesson, enrol, learnerCourse, openLesson } from './learning.js';
import { answerQuestionnaire, questionnaireSummary } from './questionnaires.js';
import { attemptFigures, countsBy, itemDifficulty, knowledgeGain, pairedSummary, type ReportScope } from './reports.js';
import { cohortLearners } from './cohorts.js';
import { assessments, attempts, certificates, cohorts, courses, enrolments, itemTallies, questionnaireTallies } from './schema.js';
import { publishCourse } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
beforeAll(async () => {
  ctx = await testApp();
});
afterAll(async () => ctx?.close());

/** A learner through the course: a pre-test with `pre` right answers, the lesson, then one final test per entry of `posts`. */
async function learner(email: string, slug: string, pre: number, posts: number[]) {
  const u = await createUser(db(), { email, passwordHash: null, name: email, verified: true });
  const e = await enrol(db(), u.id, slug);
  if (!e.ok) throw new Error('enrol');
  const lc = () => learnerCourse(db(), u.id, slug, 'en').then((x) => x!);
  const p = await startAttempt(db(), e.enrolment, (await lc()).snapshot, 'pre-test', 'en');
  if (!p.ok) throw new Error(p.reason);
  await submitAttempt(db(), e.enrolment.id, p.attempt.id, answersFor(p.attempt.items, pre), async () => false);
  for (const m of (await lc()).snapshot.modules)
    for (const l of m.lessons) {
      await openLesson(db(), u.id, slug, l.id, 'en');
      await completeLesson(db(), await lc(), l.id);
    }
  for (const right of posts) {
    const a = await startAttempt(db(), e.enrolment, (await lc()).snapshot, 'post-test', 'en');
    if (!a.ok) throw new Error(a.reason);
    const x = await lc();
    await submitAttempt(db(), e.enrolment.id, a.attempt.id, answersFor(a.attempt.items, right), (tx) => completeIfDone(tx, x.enrolment, x.snapshot));
  }
  return { userId: u.id, enrolmentId: e.enrolment.id };
}

/** The figures counted here from the attempts themselves, independently of what the database keeps. */
async function fromAttempts(courseId: string, enrolmentIds?: string[]) {
  const rows = await db()
    .select({ enrolmentId: attempts.enrolmentId, kind: assessments.kind, number: attempts.number, score: attempts.scorePercent, passed: attempts.passed, answers: attempts.answers })
    .from(attempts)
    .innerJoin(assessments, eq(assessments.id, attempts.assessmentId))
    .where(and(eq(assessments.courseId, courseId), isNotNull(attempts.submittedAt), enrolmentIds ? inArray(attempts.enrolmentId, enrolmentIds) : undefined));
  const byEnrolment = new Map<string, typeof rows>();
  for (const r of rows) byEnrolment.set(r.enrolmentId, [...(byEnrolment.get(r.enrolmentId) ?? []), r]);
  const pairs: [number, number][] = [];
  for (const list of byEnrolment.values()) {
    const pre = list.filter((r) => r.kind === 'pre-test' && r.score !== null).sort((a, b) => a.number - b.number)[0];
    const post = list.filter((r) => r.kind === 'post-test' && r.score !== null).sort((a, b) => b.number - a.number)[0];
    if (pre && post) pairs.push([pre.score!, post.score!]);
  }
  const posts = rows.filter((r) => r.kind === 'post-test');
  const items = new Map<string, { answered: number; right: number }>();
  for (const r of rows)
    for (const a of r.answers ?? []) {
      const key = `${r.kind}:${a.questionId}`;
      const t = items.get(key) ?? { answered: 0, right: 0 };
      if (a.correct !== null) t.answered++;
      if (a.correct) t.right++;
      items.set(key, t);
    }
  return {
    gain: pairedSummary(pairs),
    attempts: { learners: new Set(posts.map((r) => r.enrolmentId)).size, attempts: posts.length, pending: posts.filter((r) => r.score === null).length, passed: posts.filter((r) => r.passed).length },
    items,
  };
}

/** What the reports say equals what the attempts say. */
async function expectExact(scope: ReportScope, enrolmentIds?: string[]) {
  const want = await fromAttempts(scope.courseId, enrolmentIds);
  const gain = await knowledgeGain(db(), scope);
  expect(gain.n).toBe(want.gain.n);
  for (const k of ['preMean', 'postMean', 'gain', 'effectSize'] as const) {
    if (want.gain[k] === null) expect(gain[k]).toBeNull();
    else expect(gain[k]).toBeCloseTo(want.gain[k], 6);
  }
  expect(await attemptFigures(db(), scope)).toMatchObject(want.attempts);
  const items = await itemDifficulty(db(), scope, 'en');
  expect(items.length).toBeGreaterThan(0);
  for (const q of items)
    for (const kind of ['pre-test', 'post-test'] as const) {
      const w = want.items.get(`${kind}:${q.id}`) ?? { answered: 0, right: 0 };
      const got = q[kind === 'pre-test' ? 'pre' : 'post'];
      expect(got.answered).toBe(w.answered);
      expect(got.right).toBe(w.answered ? w.right / w.answered : null);
    }
  // Certificates, counted from the certificates themselves.
  const [issued] = await db()
    .select({ n: count() })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .where(and(eq(enrolments.courseId, scope.courseId), enrolmentIds ? inArray(enrolments.id, enrolmentIds) : undefined));
  expect((await countsBy(db(), scope, 'language')).reduce((n, r) => n + r.certified, 0)).toBe(issued!.n);
  return want;
}

describe('report figures kept by the database', () => {
  it('stay equal to the attempts through tests taken, failed and passed, a cohort joined late and an account deleted', async () => {
    const course = await testedCourse(db(), 'tallied-course', { n: 8, perAttempt: 4 });
    await publishCourse(db(), course.id, null);
    const scope = { courseId: course.id };
    const a = await learner('tally-a@example.org', 'tallied-course', 1, [4]);
    const b = await learner('tally-b@example.org', 'tallied-course', 0, [1, 2, 4]);
    const c = await learner('tally-c@example.org', 'tallied-course', 2, [1]);
    await learner('tally-d@example.org', 'tallied-course', 3, []);
    const before = await expectExact(scope);
    expect(before.gain.n).toBe(3);
    expect(before.attempts).toEqual({ learners: 3, attempts: 5, pending: 0, passed: 2 });
    expect((await attemptFigures(db(), scope)).meanAttemptsToPass).toBe(2); // a passed at the first attempt, b at the third

    // A cohort the first two join after their tests: its report counts their attempts.
    const [cohort] = await db().insert(cohorts).values({ courseId: course.id, name: 'Late joiners', invitationCode: 'LATE1-J0INS', startsOn: '2026-01-01', endsOn: '2099-12-31' }).returning();
    await db().update(enrolments).set({ cohortId: cohort!.id }).where(inArray(enrolments.id, [a.enrolmentId, b.enrolmentId]));
    expect((await expectExact({ courseId: course.id, cohortId: cohort!.id }, [a.enrolmentId, b.enrolmentId])).gain.n).toBe(2);
    // The cohort page shows each learner's first pre-test and latest final test, the pass, the lessons and the certificate.
    const page = await cohortLearners(db(), cohort!.id, { page: 1, pageSize: 10 });
    expect(page.total).toBe(2);
    for (const row of page.learners) {
      const mine = await db().select({ kind: assessments.kind, number: attempts.number, score: attempts.scorePercent, passed: attempts.passed }).from(attempts).innerJoin(assessments, eq(assessments.id, attempts.assessmentId)).where(eq(attempts.enrolmentId, row.enrolmentId));
      const pre = mine.filter((x) => x.kind === 'pre-test').sort((x, y) => x.number - y.number)[0]!;
      const post = mine.filter((x) => x.kind === 'post-test').sort((x, y) => y.number - x.number)[0]!;
      const [certificate] = await db().select({ code: certificates.code }).from(certificates).where(eq(certificates.enrolmentId, row.enrolmentId));
      expect(row).toMatchObject({ pre: pre.score, post: post.score, passed: true, pending: false, done: 1, total: 1, certificate: certificate!.code });
    }
    expect(page.learners.map((l) => l.email)).toEqual(['tally-a@example.org', 'tally-b@example.org']);

    // Satisfaction answers are tallied as they arrive.
    expect((await answerQuestionnaire(db(), a.enrolmentId, 'satisfaction', { relevance: 5, quality: 4, usefulness: 5, time: 3, unbiased: true }, 'en')).ok).toBe(true);
    expect((await answerQuestionnaire(db(), b.enrolmentId, 'satisfaction', { relevance: 3, quality: 4, usefulness: 4, time: 2, unbiased: false, comments: 'Shorter, please.' }, 'en')).ok).toBe(true);
    const satisfaction = await questionnaireSummary(db(), course.id, 'satisfaction');
    expect(satisfaction.responses).toBe(2);
    expect(satisfaction.items).toEqual(
      expect.arrayContaining([
        { id: 'relevance', type: 'scale', answered: 2, mean: 4 },
        { id: 'time', type: 'scale', answered: 2, mean: 2.5 },
        { id: 'unbiased', type: 'yes-no', answered: 2, mean: 0.5 },
      ]),
    );

    // A deleted account takes its attempts out of every figure.
    await deleteUser(db(), c.userId);
    const after = await expectExact(scope);
    expect(after.gain.n).toBe(2);
    expect(after.attempts).toEqual({ learners: 2, attempts: 4, pending: 0, passed: 2 });

    // Deleting the course takes its tallies with it.
    const tests = await db().select({ id: assessments.id }).from(assessments).where(eq(assessments.courseId, course.id));
    await db().delete(courses).where(eq(courses.id, course.id));
    expect(await db().select().from(itemTallies).where(inArray(itemTallies.assessmentId, tests.map((t) => t.id)))).toEqual([]);
    expect(await db().select().from(questionnaireTallies).where(eq(questionnaireTallies.courseId, course.id))).toEqual([]);
  });
});
