import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, testApp } from '../../../test/helpers.js';
import { answersFor, testedCourse as createTestedCourse } from '../../../test/training.js';
import { createUser } from '../../platform/identity/users.js';
import { addQuestion, drawQuestions, ecmProblems, scoreQuestion, setAssessment, startAttempt, submitAttempt, testState } from './assessments.js';
import { completeIfDone, completeLesson, enrol, learnerCourse, openLesson } from './learning.js';
import { courses, enrolments, lessonProgress } from './schema.js';
import { publishCourse } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
beforeAll(async () => {
  ctx = await testApp();
});
afterAll(async () => ctx?.close());

describe('scoring', () => {
  it('maps each kind of answer, as shown in a shuffled order, back to the authored answer', () => {
    // Options shown as [2, 0, 1]: the right option (1) is the third shown.
    const single = { kind: 'single' as const, stem: 'Q', options: ['a', 'b', 'c'].map((text) => ({ text, feedback: '' })) };
    expect(scoreQuestion({ kind: 'single', correct: 1 }, single, [2, 0, 1], { q0: '2' }, 0)).toEqual({ answer: 1, correct: true });
    expect(scoreQuestion({ kind: 'single', correct: 1 }, single, [2, 0, 1], { q0: '1' }, 0)).toEqual({ answer: 0, correct: false });
    expect(scoreQuestion({ kind: 'single', correct: 1 }, single, [2, 0, 1], {}, 0)).toEqual({ answer: null, correct: false });
    expect(scoreQuestion({ kind: 'single', correct: 1 }, single, [2, 0, 1], { q0: '7' }, 0).correct).toBe(false);
    const multiple = { ...single, kind: 'multiple' as const };
    expect(scoreQuestion({ kind: 'multiple', correct: [0, 2] }, multiple, [2, 0, 1], { q0: ['0', '1'] }, 0)).toEqual({ answer: [0, 2], correct: true });
    expect(scoreQuestion({ kind: 'multiple', correct: [0, 2] }, multiple, [2, 0, 1], { q0: ['0', '1', '2'] }, 0).correct).toBe(false);
    expect(scoreQuestion({ kind: 'multiple', correct: [0, 2] }, multiple, [2, 0, 1], { q0: '0' }, 0).correct).toBe(false);
    const tf = { kind: 'true-false' as const, stem: 'Q', feedbackTrue: '', feedbackFalse: '' };
    expect(scoreQuestion({ kind: 'true-false', correct: false }, tf, [], { q3: 'false' }, 3)).toEqual({ answer: false, correct: true });
    expect(scoreQuestion({ kind: 'true-false', correct: false }, tf, [], { q3: 'maybe' }, 3)).toEqual({ answer: null, correct: false });
    // Ordering: items shown as [1, 2, 0]; the learner gives each shown item its position.
    const ordering = { kind: 'ordering' as const, stem: 'Q', items: ['first', 'second', 'third'], feedback: '' };
    expect(scoreQuestion({ kind: 'ordering' }, ordering, [1, 2, 0], { 'q0-0': '2', 'q0-1': '3', 'q0-2': '1' }, 0)).toEqual({ answer: [0, 1, 2], correct: true });
    expect(scoreQuestion({ kind: 'ordering' }, ordering, [1, 2, 0], { 'q0-0': '1', 'q0-1': '2', 'q0-2': '3' }, 0).correct).toBe(false);
    expect(scoreQuestion({ kind: 'ordering' }, ordering, [1, 2, 0], { 'q0-0': '1', 'q0-1': '1', 'q0-2': '2' }, 0)).toEqual({ answer: null, correct: false });
    // Matching: right-hand sides shown as [2, 0, 1]; row k must get the shown position of right k.
    const matching = { kind: 'matching' as const, stem: 'Q', pairs: [{ left: 'A', right: 'a' }, { left: 'B', right: 'b' }, { left: 'C', right: 'c' }], feedback: '' };
    expect(scoreQuestion({ kind: 'matching' }, matching, [2, 0, 1], { 'q0-0': '1', 'q0-1': '2', 'q0-2': '0' }, 0)).toEqual({ answer: [0, 1, 2], correct: true });
    expect(scoreQuestion({ kind: 'matching' }, matching, [2, 0, 1], { 'q0-0': '0', 'q0-1': '2', 'q0-2': '1' }, 0).correct).toBe(false);
    // Short answers match keywords whatever the case and accents.
    const short = { kind: 'short-answer' as const, stem: 'Q', keywords: ['mediatore', 'interprete'], feedback: '' };
    expect(scoreQuestion({ kind: 'short-answer' }, short, [], { q0: 'Chiederei un MEDIATORE culturale' }, 0).correct).toBe(true);
    expect(scoreQuestion({ kind: 'short-answer' }, short, [], { q0: 'un interprète' }, 0).correct).toBe(true);
    expect(scoreQuestion({ kind: 'short-answer' }, short, [], { q0: '' }, 0)).toEqual({ answer: null, correct: false });
    expect(scoreQuestion({ kind: 'short-answer' }, short, [], { q0: ['x', 'y'] }, 0).correct).toBe(false);
  });

  it('draws evenly from every competence, and prefers questions the learner has not seen', () => {
    const bank = ['a', 'b', 'c'].flatMap((competence) => [1, 2, 3, 4].map((n) => ({ id: `${competence}${n}`, competence })));
    for (let i = 0; i < 20; i++) {
      const { ids } = drawQuestions(bank, 6, new Set());
      expect(new Set(ids).size).toBe(6);
      for (const c of ['a', 'b', 'c']) expect(ids.filter((id) => id.startsWith(c))).toHaveLength(2);
    }
    const seen = new Set(['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
    const again = drawQuestions(bank, 6, seen);
    expect(again.fresh).toBe(6);
    expect(again.ids.every((id) => !seen.has(id))).toBe(true);
    expect(drawQuestions(bank, 50, new Set()).ids).toHaveLength(12);
  });
});

const testedCourse = (slug: string, opts: Parameters<typeof createTestedCourse>[2] = {}) => createTestedCourse(db(), slug, opts);

describe('ECM rules', () => {
  it('lists what keeps a post-test from the ECM rules, and refuses to publish such a course', async () => {
    const c = await testedCourse('ecm-bad', { ecm: true, n: 6, perAttempt: 6, maxAttempts: null, ecmCredits: 3 });
    expect(await ecmProblems(db(), c.id)).toEqual(['ecm.questionsPerCredit', 'ecm.attempts']);
    expect(await publishCourse(db(), c.id, null)).toMatchObject({ ok: false, reason: 'ecm' });
    await setAssessment(db(), c.id, 'post-test', { questionsPerAttempt: 9, passMark: 60, maxAttempts: 5, shuffleQuestions: true, shuffleOptions: true });
    expect(await ecmProblems(db(), c.id)).toEqual(['ecm.passMark', 'ecm.bankTooSmall']);
    await addQuestion(db(), c.id, { competence: 'c0', data: { kind: 'true-false', correct: true }, locale: 'en', content: { kind: 'true-false', stem: 'T?', feedbackTrue: '', feedbackFalse: '' } });
    expect(await ecmProblems(db(), c.id)).toContain('ecm.singleFour');
    const ok = await testedCourse('ecm-good', { ecm: true, n: 9, perAttempt: 9, ecmCredits: 3 });
    expect(await ecmProblems(db(), ok.id)).toEqual([]);
    expect(await publishCourse(db(), ok.id, null)).toMatchObject({ ok: true });
  });
});

describe('taking the tests', () => {
  it('asks for the pre-test and every lesson before the final test; a pass completes the course', async () => {
    const c = await testedCourse('flow-course', { n: 6, perAttempt: 4 });
    expect(await publishCourse(db(), c.id, null)).toMatchObject({ ok: true });
    const u = await createUser(db(), { email: 'flow@example.org', name: 'F', passwordHash: null });
    const e = await enrol(db(), u.id, 'flow-course');
    if (!e.ok) throw new Error('enrol');
    const lc = () => learnerCourse(db(), u.id, 'flow-course', 'en').then((x) => x!);
    expect((await startAttempt(db(), e.enrolment, (await lc()).snapshot, 'post-test', 'en')).ok).toBe(false);
    expect((await testState(db(), e.enrolment, (await lc()).snapshot, 'post-test', { ecm: false }))!.blocked).toBe('pre-test-first');

    const pre = await startAttempt(db(), e.enrolment, (await lc()).snapshot, 'pre-test', 'en');
    if (!pre.ok) throw new Error(pre.reason);
    // Starting again while an attempt is open gives the same attempt.
    expect((await startAttempt(db(), e.enrolment, (await lc()).snapshot, 'pre-test', 'en')) as { attempt: { id: string } }).toMatchObject({ attempt: { id: pre.attempt.id } });
    expect(pre.attempt.items).toHaveLength(3);
    expect(new Set(pre.attempt.items.map((i) => i.questionId)).size).toBe(3);
    const preDone = await submitAttempt(db(), e.enrolment.id, pre.attempt.id, answersFor(pre.attempt.items, 1), async () => false);
    expect(preDone).toMatchObject({ ok: true, attempt: { passed: null } });
    expect((preDone as { attempt: { scorePercent: number } }).attempt.scorePercent).toBeCloseTo(33.33, 1);
    expect(await submitAttempt(db(), e.enrolment.id, pre.attempt.id, {}, async () => false)).toEqual({ ok: false, reason: 'submitted' });
    expect((await testState(db(), e.enrolment, (await lc()).snapshot, 'pre-test', { ecm: false }))!.blocked).toBe('taken');

    expect((await testState(db(), e.enrolment, (await lc()).snapshot, 'post-test', { ecm: false }))!.blocked).toBe('lessons-first');
    await openLesson(db(), u.id, 'flow-course', c.lesson, 'en');
    expect(await completeLesson(db(), await lc(), c.lesson)).toEqual({ courseCompleted: false });
    const post = await startAttempt(db(), e.enrolment, (await lc()).snapshot, 'post-test', 'en');
    if (!post.ok) throw new Error(post.reason);
    // As the route does: the learner's course is read first, the completion rule runs inside the submission.
    const submit = async (id: string, form: Record<string, string>) => {
      const x = await lc();
      return submitAttempt(db(), e.enrolment.id, id, form, (tx) => completeIfDone(tx, x.enrolment, x.snapshot));
    };
    const fail = await submit(post.attempt.id, answersFor(post.attempt.items, 2));
    expect(fail).toMatchObject({ ok: true, attempt: { passed: false, scorePercent: 50 }, courseCompleted: false });
    const again = await startAttempt(db(), e.enrolment, (await lc()).snapshot, 'post-test', 'en');
    if (!again.ok) throw new Error(again.reason);
    expect(again.attempt.number).toBe(2);
    // The second attempt draws the two questions not seen before, with two seen ones.
    expect(again.attempt.items.filter((i) => !post.attempt.items.some((x) => x.questionId === i.questionId))).toHaveLength(2);
    const pass = await submit(again.attempt.id, answersFor(again.attempt.items, 3));
    expect(pass).toMatchObject({ ok: true, attempt: { passed: true, scorePercent: 75 }, courseCompleted: true });
    expect((await db().select().from(enrolments).where(eq(enrolments.id, e.enrolment.id)))[0]!.status).toBe('completed');
    expect((await testState(db(), e.enrolment, (await lc()).snapshot, 'post-test', { ecm: false }))!.blocked).toBe('passed');
  });

  it('in ECM mode, asks for the lessons again after a failed attempt, and stops at the attempt limit', async () => {
    const c = await testedCourse('ecm-flow', { ecm: true, n: 9, perAttempt: 9, maxAttempts: 2, ecmCredits: 3 });
    expect(await publishCourse(db(), c.id, null)).toMatchObject({ ok: true });
    const u = await createUser(db(), { email: 'ecm@example.org', name: 'E', passwordHash: null });
    const e = await enrol(db(), u.id, 'ecm-flow');
    if (!e.ok) throw new Error('enrol');
    const lc = () => learnerCourse(db(), u.id, 'ecm-flow', 'en').then((x) => x!);
    const pre = await startAttempt(db(), e.enrolment, (await lc()).snapshot, 'pre-test', 'en');
    await submitAttempt(db(), e.enrolment.id, (pre as { attempt: { id: string } }).attempt.id, {}, async () => false);
    await openLesson(db(), u.id, 'ecm-flow', c.lesson, 'en');
    await completeLesson(db(), await lc(), c.lesson);
    const failOnce = async () => {
      const a = await startAttempt(db(), e.enrolment, (await lc()).snapshot, 'post-test', 'en');
      if (!a.ok) throw new Error(a.reason);
      await submitAttempt(db(), e.enrolment.id, a.attempt.id, answersFor(a.attempt.items, 0), async () => false);
    };
    await failOnce();
    expect((await startAttempt(db(), e.enrolment, (await lc()).snapshot, 'post-test', 'en')) as { reason: string }).toMatchObject({ ok: false, reason: 'review-needed' });
    // Opening the lesson again (a second later than the failure) opens the next attempt.
    await db().update(lessonProgress).set({ lastSeenAt: sql`now() + interval '1 second'` }).where(eq(lessonProgress.enrolmentId, e.enrolment.id));
    await failOnce();
    await db().update(lessonProgress).set({ lastSeenAt: sql`now() + interval '1 second'` }).where(eq(lessonProgress.enrolmentId, e.enrolment.id));
    expect((await startAttempt(db(), e.enrolment, (await lc()).snapshot, 'post-test', 'en')) as { reason: string }).toMatchObject({ ok: false, reason: 'attempts-used' });
  });
});

describe('tests through the web', () => {
  it('takes a learner through the pre-test and the final test with forms, and keeps attempts to their owner', async () => {
    await testedCourse('web-tests', { n: 6, perAttempt: 6 });
    const c = (await db().select().from(courses).where(eq(courses.slug, 'web-tests')))[0]!;
    await publishCourse(db(), c.id, null);
    const learner = await signedInAs(ctx, 'web-tests@example.org', 'learner');
    await learner.post('/training/courses/web-tests/enrol');
    const home = await learner.get('/learn/web-tests');
    expect(home.body).toContain('href="/learn/web-tests/tests/pre-test"');
    const started = await learner.post('/learn/web-tests/tests/pre-test/start');
    expect(started.statusCode).toBe(303);
    const attemptUrl = started.headers.location as string;
    const form = await learner.get(attemptUrl);
    expect(form.statusCode).toBe(200);
    expect([...form.body.matchAll(/<fieldset/g)]).toHaveLength(3);
    // Answer the first question with the option labelled "right".
    const right = new RegExp(`name="q0" id="q0-(\\d)" value="\\d"/><label for="q0-\\d">right<`).exec(form.body)![1]!;
    const submitted = await learner.post(attemptUrl, { q0: right, q1: ['0', '1'], q2: '<script>alert(1)</script>' });
    expect(submitted.headers.location).toBe(attemptUrl);
    const result = await learner.get(attemptUrl);
    expect(result.body).toContain('about right');
    expect(result.body).not.toContain('<script>alert(1)');
    // A second learner cannot open or submit it.
    const other = await signedInAs(ctx, 'web-other@example.org', 'learner');
    await other.post('/training/courses/web-tests/enrol');
    expect((await other.get(attemptUrl)).statusCode).toBe(404);
    expect((await other.post(attemptUrl, { q0: '0' })).statusCode).toBe(404);
    // The final test waits for the lessons.
    const blocked = await learner.post('/learn/web-tests/tests/post-test/start');
    expect(blocked.headers.location).toBe('/learn/web-tests/tests/post-test?blocked=lessons-first');
    expect((await learner.get(blocked.headers.location as string)).statusCode).toBe(200);
    expect((await learner.get('/learn/web-tests/tests/mid-test')).statusCode).toBe(404);
  });
});
