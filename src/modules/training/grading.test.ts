import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastMail, sessionsChanged, signedInAs, testApp } from '../../../test/helpers.js';
import { testedCourse } from '../../../test/training.js';
import { grantRole } from '../../platform/identity/organisations.js';
import { createUser } from '../../platform/identity/users.js';
import { auditEvents, users } from '../../platform/schema.js';
import { addQuestion, ecmProblems, scoreOf, scoreQuestion, setAssessment, startAttempt, submitAttempt, testState } from './assessments.js';
import { createCohort, joinCohort } from './cohorts.js';
import { gradeAttempt, gradingQueue } from './grading.js';
import { completeIfDone, completeLesson, learnerCourse, openLesson } from './learning.js';
import { attemptFigures, itemDifficulty, knowledgeGain } from './reports.js';
import { attempts, certificates, courses, enrolments, questions } from './schema.js';
import { publishCourse } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
beforeAll(async () => {
  ctx = await testApp();
});
afterAll(async () => ctx?.close());

const userId = async (email: string) => (await db().select().from(users).where(eq(users.email, email)))[0]!.id;
const attemptRow = async (id: string) => (await db().select().from(attempts).where(eq(attempts.id, id)))[0]!;

/** A learner of the cohort with the code: the pre-test taken (blank) and every lesson completed, ready for the final test. */
async function readyForFinalTest(email: string, slug: string, code: string) {
  const id = await userId(email);
  const joined = await joinCohort(db(), id, code);
  if (!joined.ok) throw new Error(joined.reason);
  const lc = async () => (await learnerCourse(db(), id, slug, 'en'))!;
  const pre = await startAttempt(db(), (await lc()).enrolment, (await lc()).snapshot, 'pre-test', 'en');
  if (pre.ok) await submitAttempt(db(), (await lc()).enrolment.id, pre.attempt.id, {}, async () => false);
  for (const m of (await lc()).snapshot.modules)
    for (const l of m.lessons) {
      await openLesson(db(), id, slug, l.id, 'en');
      await completeLesson(db(), await lc(), l.id);
    }
  return { id, lc };
}

describe('scoring answers left to a trainer', () => {
  it('keeps a written answer without a verdict, marks a blank one wrong, and holds the score until every answer is graded', () => {
    const text = { kind: 'short-answer' as const, stem: 'Why?', keywords: [], feedback: '' };
    expect(scoreQuestion({ kind: 'short-answer', grading: 'trainer' }, text, [], { q0: ' First line\r\nsecond line ' }, 0)).toEqual({ answer: 'First line\nsecond line', correct: null });
    expect(scoreQuestion({ kind: 'short-answer', grading: 'trainer' }, text, [], { q0: '   ' }, 0)).toEqual({ answer: null, correct: false });
    // Keyword questions are marked at once, as before.
    expect(scoreQuestion({ kind: 'short-answer' }, { ...text, keywords: ['interpreter'] }, [], { q0: 'An Interpreter' }, 0)).toEqual({ answer: 'An Interpreter', correct: true });
    const post = { kind: 'post-test' as const, passMark: 75 };
    expect(scoreOf([{ correct: true }, { correct: null }], post)).toEqual({ scorePercent: null, passed: null });
    expect(scoreOf([{ correct: true }, { correct: true }, { correct: false }], post)).toEqual({ scorePercent: 66.67, passed: false });
    expect(scoreOf([{ correct: true }, { correct: false }], { kind: 'pre-test', passMark: 0 })).toEqual({ scorePercent: 50, passed: null });
  });
});

describe('short answers graded by a trainer', () => {
  it('takes an author’s trainer-graded question, holds the learner’s result until their cohort’s trainer grades it, then certifies and tells the learner', async () => {
    const c = await testedCourse(db(), 'graded-course', { n: 2, perAttempt: 3, italianTitle: 'Corso valutato' });
    const base = `/author/courses/${c.id}`;

    // The author chooses trainer grading in the form (radio buttons, no script needed); no keywords are needed.
    const author = await signedInAs(ctx, 'author@example.org', 'course-author');
    const form = await author.get(`${base}/questions/new?kind=short-answer`);
    expect(form.body).toContain('<legend>How answers are graded</legend>');
    expect(form.body).toMatch(/type="radio" name="grading" value="keywords" checked/);
    expect(form.body).toContain('name="guidance"');
    const noKeywords = await author.post(`${base}/questions/new`, { kind: 'short-answer', competence: 'c2', stem: 'What do you do first?', grading: 'keywords', keywords: '' });
    expect(noKeywords.statusCode).toBe(400);
    expect(noKeywords.body).toContain('href="#field-keywords"');
    const added = await author.post(`${base}/questions/new`, { kind: 'short-answer', competence: 'c2', stem: 'What do you do first?', grading: 'trainer', keywords: '', guidance: 'Books a professional interpreter.', feedback: '' });
    expect(added.statusCode).toBe(303);
    const [q] = await db().select().from(questions).where(eq(questions.competence, 'c2'));
    expect(q!.data).toEqual({ kind: 'short-answer', grading: 'trainer' });
    expect((await author.get(`${base}/questions/${q!.id}`)).body).toMatch(/type="radio" name="grading" value="trainer" checked/);
    // Its guidance is translated with the rest (no keywords to translate).
    const translation = await author.get(`/author/courses/${c.id}/translate/question/${q!.id}?lang=it`);
    expect(translation.body).toContain('name="guidance"');
    expect(translation.body).not.toContain('name="keywords"');
    expect((await author.post(`/author/courses/${c.id}/translate/question/${q!.id}`, { locale: 'it', stem: 'Che cosa fai per prima cosa?', guidance: 'Chiama un interprete professionista.' })).statusCode).toBe(303);
    expect(await publishCourse(db(), c.id, null)).toMatchObject({ ok: true });

    // Two cohorts of the course, each with its own trainer; the learner is in A's.
    const trainerA = await signedInAs(ctx, 'trainer-a@example.org', 'trainer');
    const trainerB = await signedInAs(ctx, 'trainer-b@example.org', 'trainer');
    const period = { organisationId: null, startsOn: '2026-01-01', endsOn: '2099-12-31' };
    const cohortA = await createCohort(db(), { courseId: c.id, name: 'Cohort A', ...period, trainerId: await userId('trainer-a@example.org') });
    await createCohort(db(), { courseId: c.id, name: 'Cohort B', ...period, trainerId: await userId('trainer-b@example.org') });
    const lena = await signedInAs(ctx, 'lena@example.org', 'learner', { name: 'Lena Marchetti' });
    const { id: lenaId, lc } = await readyForFinalTest('lena@example.org', 'graded-course', cohortA.invitationCode);

    // The learner writes an answer of several lines (with markup that must stay text).
    const started = await lena.post('/learn/graded-course/tests/post-test/start');
    const attemptId = started.headers.location!.split('/').pop()!;
    const page = await lena.get(`/learn/graded-course/attempts/${attemptId}`);
    expect(page.body).toMatch(/<textarea id="q\d-text" name="q\d" rows="6" maxlength="4000"/);
    const a = await attemptRow(attemptId);
    const written = 'I call an interpreter.\nThen I <b>listen</b>.';
    const answers = Object.fromEntries(a.items.map((it, i) => [`q${i}`, it.questionId === q!.id ? written : String(it.order.indexOf(0))]));
    expect((await lena.post(`/learn/graded-course/attempts/${attemptId}`, answers)).statusCode).toBe(303);

    // Pending: no score, no pass, no completion, no certificate; the learner sees it and cannot start again.
    const pending = await attemptRow(attemptId);
    expect(pending).toMatchObject({ scorePercent: null, passed: null });
    expect(pending.answers!.find((x) => x.questionId === q!.id)).toEqual({ questionId: q!.id, answer: written, correct: null });
    const result = await lena.get(`/learn/graded-course/attempts/${attemptId}`);
    expect(result.body).toContain('Your answers are awaiting grading');
    expect(result.body).toContain('I call an interpreter.\nThen I &lt;b>listen&lt;/b>.');
    expect(result.body).not.toContain('<b>listen');
    expect(result.body).not.toContain('Books a professional interpreter.');
    expect((await lena.get('/learn/graded-course')).body).toContain('(awaiting grading)');
    const again = await lena.post('/learn/graded-course/tests/post-test/start');
    expect(again.headers.location).toBe('/learn/graded-course/tests/post-test?blocked=awaiting-grading');
    expect((await lena.get(again.headers.location!)).body).toContain('Your last attempt is awaiting a trainer’s grade.');
    const enrolment = (await lc()).enrolment;
    expect(enrolment.status).toBe('active');
    expect(await db().select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id))).toEqual([]);

    // Reports leave the pending attempt out of scores and item difficulty, and count it.
    expect(await attemptFigures(db(), { courseId: c.id })).toMatchObject({ attempts: 1, pending: 1, passed: 0 });
    expect((await itemDifficulty(db(), { courseId: c.id }, 'en')).find((x) => x.id === q!.id)!.post).toEqual({ answered: 0, right: null });
    expect((await knowledgeGain(db(), { courseId: c.id })).n).toBe(0);
    expect((await trainerA.get(`/trainer/courses/${c.id}/report`)).statusCode).toBe(200);
    expect((await trainerA.get(`/trainer/cohorts/${cohortA.id}`)).body).toContain('awaiting grading');

    // Another cohort's trainer neither sees nor grades it; learners have no grading pages at all.
    expect((await trainerB.get('/trainer/grading')).body).not.toContain(attemptId);
    expect((await trainerB.get(`/trainer/grading/${attemptId}`)).statusCode).toBe(404);
    expect((await trainerB.post(`/trainer/grading/${attemptId}`, { grade0: 'correct', grade1: 'correct', grade2: 'correct' })).statusCode).toBe(404);
    expect((await lena.get('/trainer/grading')).statusCode).toBe(403);
    expect((await lena.get(`/trainer/grading/${attemptId}`)).statusCode).toBe(403);
    expect(await gradeAttempt(ctx.platform, attemptId, { id: await userId('trainer-b@example.org'), all: false }, new Map([[0, { correct: true, comment: '' }]]))).toEqual({ ok: false, reason: 'not-found' });

    // The cohort's trainer finds it in the queue and on the grading page, with the guidance and the answer as written.
    expect((await trainerA.get('/trainer')).body).toContain('Grading: 1 attempt waiting');
    const queue = await trainerA.get('/trainer/grading');
    expect(queue.body).toContain(`href="/trainer/grading/${attemptId}"`);
    expect(queue.body).toContain('Lena Marchetti');
    const index = pending.answers!.findIndex((x) => x.questionId === q!.id);
    const grading = await trainerA.get(`/trainer/grading/${attemptId}`);
    expect(grading.statusCode).toBe(200);
    expect(grading.body).toContain('What do you do first?');
    expect(grading.body).toContain('Books a professional interpreter.');
    expect(grading.body).toContain('I call an interpreter.\nThen I &lt;b>listen&lt;/b>.');
    expect(grading.body).toContain('<legend>Grade for question 1</legend>');
    expect(grading.body).toContain(`name="grade${index}"`);

    // A missing grade is refused next to the field, keeping the comment, and saves nothing.
    const comment = 'Right: the interpreter comes first.\nListening too.';
    const refused = await trainerA.post(`/trainer/grading/${attemptId}`, { [`comment${index}`]: comment });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`href="#field-grade${index}"`);
    expect(refused.body).toContain('Accept or reject this answer.');
    expect(refused.body).toContain(comment);
    expect(await attemptRow(attemptId)).toEqual(pending);

    // Graded: scored as automatic scoring does, the course completed and certified, the learner told in their language.
    await db().update(users).set({ locale: 'it' }).where(eq(users.id, lenaId));
    await sessionsChanged(ctx.app);
    const graded = await trainerA.post(`/trainer/grading/${attemptId}`, { [`grade${index}`]: 'correct', [`comment${index}`]: comment });
    expect(graded.headers.location).toBe('/trainer/grading?notice=graded');
    const done = await attemptRow(attemptId);
    expect(done).toMatchObject({ scorePercent: 100, passed: true });
    expect(done.answers![index]).toMatchObject({ correct: true, review: { by: await userId('trainer-a@example.org'), comment } });
    expect(Date.parse(done.answers![index]!.review!.at)).not.toBeNaN();
    expect((await db().select().from(enrolments).where(eq(enrolments.id, enrolment.id)))[0]!.status).toBe('completed');
    expect(await db().select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id))).toHaveLength(1);
    // The reports count the graded answer and score at once.
    expect(await attemptFigures(db(), { courseId: c.id })).toMatchObject({ attempts: 1, pending: 0, passed: 1, meanAttemptsToPass: 1 });
    expect((await itemDifficulty(db(), { courseId: c.id }, 'en')).find((x) => x.id === q!.id)!.post).toEqual({ answered: 1, right: 1 });
    expect((await knowledgeGain(db(), { courseId: c.id })).n).toBe(1);
    const mail = await lastMail(ctx.platform, 'lena@example.org');
    expect(mail!.subject).toBe('Corso valutato: il risultato del tuo test è disponibile');
    expect(mail!.text).toContain(`http://ponte.test/learn/graded-course/attempts/${attemptId}`);
    expect((await trainerA.get('/trainer/grading')).body).not.toContain(attemptId);

    // The learner sees the trainer's comment and the final score.
    await db().update(users).set({ locale: 'en' }).where(eq(users.id, lenaId));
    await sessionsChanged(ctx.app);
    const final = await lena.get(`/learn/graded-course/attempts/${attemptId}`);
    expect(final.body).toContain('Trainer’s comment');
    expect(final.body).toContain('Right: the interpreter comes first.\nListening too.');
    expect(final.body).toContain('100 %');
    expect(final.body).not.toContain('awaiting grading');

    // Grading again is refused as a conflict, and changes nothing.
    const twice = await trainerA.post(`/trainer/grading/${attemptId}`, { [`grade${index}`]: 'incorrect' });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('This attempt has already been graded');
    expect(await attemptRow(attemptId)).toEqual(done);
  });

  it('counts a pending attempt as used, fails a rejected answer as automatic scoring would, and lets administrators grade anyone', async () => {
    const c = await testedCourse(db(), 'graded-once', { n: 2, perAttempt: 3, maxAttempts: 1 });
    const qid = await addQuestion(db(), c.id, { competence: 'c2', data: { kind: 'short-answer', grading: 'trainer' }, locale: 'en', content: { kind: 'short-answer', stem: 'Explain.', keywords: [], feedback: '' } });
    await publishCourse(db(), c.id, null);
    const trainerId = (await userWithRole('coach@example.org', 'trainer')).id;
    const cohort = await createCohort(db(), { courseId: c.id, name: 'Once', organisationId: null, startsOn: '2026-01-01', endsOn: '2099-12-31', trainerId });
    await signedInAs(ctx, 'omar@example.org', 'learner');
    const { lc } = await readyForFinalTest('omar@example.org', 'graded-once', cohort.invitationCode);
    const x = await lc();
    const start = await startAttempt(db(), x.enrolment, x.snapshot, 'post-test', 'en');
    if (!start.ok) throw new Error(start.reason);
    const form = Object.fromEntries(start.attempt.items.map((it, i) => [`q${i}`, it.questionId === qid ? 'Because.' : String(it.order.indexOf(0))]));
    await submitAttempt(db(), x.enrolment.id, start.attempt.id, form, (tx) => completeIfDone(tx, x.enrolment, x.snapshot));
    expect((await testState(db(), x.enrolment, x.snapshot, 'post-test', { ecm: false }))!.blocked).toBe('awaiting-grading');

    // A trainer of no cohort of the learner's is turned away; an administrator may grade.
    const stranger = (await userWithRole('stranger@example.org', 'trainer')).id;
    expect(await gradingQueue(db(), { id: stranger, all: false }, 'en')).toEqual([]);
    const admin = (await userWithRole('boss@example.org', 'administrator')).id;
    expect((await gradingQueue(db(), { id: admin, all: true }, 'en')).map((e) => e.attemptId)).toContain(start.attempt.id);
    const index = start.attempt.items.findIndex((it) => it.questionId === qid);
    expect(await gradeAttempt(ctx.platform, start.attempt.id, { id: admin, all: true }, new Map())).toEqual({ ok: false, reason: 'incomplete' });
    expect(await gradeAttempt(ctx.platform, start.attempt.id, { id: admin, all: true }, new Map([[index, { correct: false, comment: 'Say why.' }]]))).toEqual({ ok: true, scorePercent: 66.67, passed: false, courseCompleted: false });
    expect(await gradeAttempt(ctx.platform, start.attempt.id, { id: admin, all: true }, new Map([[index, { correct: true, comment: '' }]]))).toEqual({ ok: false, reason: 'graded' });
    // The grade is in the audit log: who, which attempt, the outcome; never the comment.
    const logged = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'training.attempt.grade'), eq(auditEvents.targetId, start.attempt.id)));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actorId: admin, outcome: 'success', details: { passed: false } });
    expect(JSON.stringify(logged[0])).not.toContain('Say why');
    // The one attempt allowed was used by the pending one.
    expect((await testState(db(), x.enrolment, x.snapshot, 'post-test', { ecm: false }))!.blocked).toBe('attempts-used');
  });

  it('keeps trainer grading out of ECM courses: refused in the form, and listed among the ECM problems', async () => {
    const c = await testedCourse(db(), 'graded-ecm', { n: 9, perAttempt: 9, ecmCredits: 3 });
    await addQuestion(db(), c.id, { competence: 'c9', data: { kind: 'short-answer', grading: 'trainer' }, locale: 'en', content: { kind: 'short-answer', stem: 'Explain.', keywords: [], feedback: '', guidance: 'Anything sensible.' } });
    await db().update(courses).set({ ecm: true }).where(eq(courses.id, c.id));
    expect(await ecmProblems(db(), c.id)).toContain('ecm.trainerGraded');
    const author = await signedInAs(ctx, 'ecm-author@example.org', 'course-author');
    const refused = await author.post(`/author/courses/${c.id}/questions/new`, { kind: 'short-answer', competence: 'c9', stem: 'Why?', grading: 'trainer', keywords: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#field-grading"');
    expect(refused.body).toContain('ECM tests are marked automatically: choose grading by keywords.');
    await expect(addQuestion(db(), c.id, { competence: 'c9', data: { kind: 'short-answer', grading: 'trainer' }, locale: 'en', content: { kind: 'short-answer', stem: 'Why?', keywords: [], feedback: '' } })).rejects.toThrow(/ECM/);
    expect((await author.get(`/author/courses/${c.id}/questions`)).body).toContain('Some questions in use are graded by a trainer');
    await setAssessment(db(), c.id, 'post-test', { questionsPerAttempt: 9, passMark: 80, maxAttempts: 5, shuffleQuestions: true, shuffleOptions: true });
    expect(await publishCourse(db(), c.id, null)).toMatchObject({ ok: false });
  });
});

/** A user holding a role, without signing in. */
async function userWithRole(email: string, role: 'trainer' | 'administrator') {
  const u = await createUser(db(), { email, name: email.split('@')[0]!, passwordHash: null, verified: true });
  await grantRole(db(), u.id, role, null);
  return u;
}
