import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../../../test/helpers.js';
import { answersFor, testedCourse } from '../../../test/training.js';
import { issueCredentials, Lrs } from '../../../test/xapi.js';
import { users } from '../../platform/schema.js';
import { xapiLearners, xapiStatements } from '../xapi/schema.js';
import { validateStatement } from '../xapi/validate.js';
import { addQuestion } from './assessments.js';
import { gradeAttempt } from './grading.js';
import { attempts, enrolments } from './schema.js';
import { publishCourse } from './versions.js';
import { assessmentOf, assessmentScored, courseCompleted, courseLaunched, interaction, lessonCompleted, lessonExperienced, questionAnswered, VERBS, type EventContext } from './xapi-events.js';

type Json = Record<string, unknown>;
let ctx: Awaited<ReturnType<typeof testApp>>;
let lrs: Lrs;
const db = () => ctx.platform.database.db;
const BASE = 'http://ponte.test';

beforeAll(async () => {
  ctx = await testApp();
  const admin = await signedInAs(ctx, 'admin.events@example.org', 'administrator');
  lrs = new Lrs(ctx.app, await issueCredentials(admin, { name: 'Analytics', canWrite: false }));
});
afterAll(async () => ctx?.close());

const context: EventContext = {
  publicUrl: BASE,
  actor: { objectType: 'Agent', account: { homePage: BASE, name: '3f1c1c8e-8d0e-4e52-9a55-0c7bb0c1a001' } },
  course: { id: '7d0d7a1e-5c1b-4b7e-9a55-0c7bb0c1a002', names: { en: 'Trauma-informed care', it: 'Assistenza informata sul trauma', ar: 'الرعاية' } },
  registration: '7d0d7a1e-5c1b-4b7e-9a55-0c7bb0c1a003',
  timestamp: '2026-11-28T10:00:00.000Z',
};

/** All statements of a registration, oldest first, read through HTTP as an analytics client would. */
async function statementsOf(registration: string): Promise<Json[]> {
  const res = await lrs.get('statements', { registration, ascending: 'true', limit: '0' });
  expect(res.statusCode).toBe(200);
  return (res.json() as { statements: Json[] }).statements;
}
const verbOf = (s: Json) => (s.verb as Json).id as string;
const objectOf = (s: Json) => (s.object as Json).id as string;

describe('statement builders', () => {
  const test = assessmentOf('7d0d7a1e-5c1b-4b7e-9a55-0c7bb0c1a004', 'post-test');
  const lesson = { id: '7d0d7a1e-5c1b-4b7e-9a55-0c7bb0c1a005', names: { en: 'Listening' } };
  const built: [string, Json[]][] = [
    ['launched', [courseLaunched(context)]],
    ['lesson completed', [lessonCompleted(context, lesson, { seconds: 312.4 })]],
    ['lesson completed with a score (for content that scores)', [lessonCompleted(context, lesson, { score: { raw: 8, min: 0, max: 10 }, success: true })]],
    ['answered, each kind', [
      questionAnswered(context, test, { id: 'aaaaaaaa-0000-4000-8000-000000000001', names: { en: 'Which?' }, data: { kind: 'single', correct: 0 }, answer: 2, correct: false }, 'en'),
      questionAnswered(context, test, { id: 'aaaaaaaa-0000-4000-8000-000000000002', names: {}, data: { kind: 'multiple', correct: [0, 1] }, answer: [0, 1], correct: true }, 'it'),
      questionAnswered(context, test, { id: 'aaaaaaaa-0000-4000-8000-000000000003', names: { en: 'True?' }, data: { kind: 'true-false', correct: true }, answer: null, correct: false }, 'en'),
      questionAnswered(context, test, { id: 'aaaaaaaa-0000-4000-8000-000000000004', names: { en: 'Order' }, data: { kind: 'ordering' }, answer: [2, 0, 1], correct: false }, 'en'),
      questionAnswered(context, test, { id: 'aaaaaaaa-0000-4000-8000-000000000005', names: { en: 'Match' }, data: { kind: 'matching' }, answer: [1, 0], correct: false }, 'en'),
      questionAnswered(context, test, { id: 'aaaaaaaa-0000-4000-8000-000000000006', names: { en: 'Explain' }, data: { kind: 'short-answer', grading: 'trainer' }, answer: 'Because…', correct: null }, 'ar'),
    ]],
    ['scored and passed', assessmentScored(context, test, { correct: 5, questions: 6 }, true, 'en')],
    ['scored and failed', assessmentScored(context, test, { correct: 1, questions: 6 }, false, 'en')],
    ['pre-test scored (no pass mark)', assessmentScored(context, assessmentOf('7d0d7a1e-5c1b-4b7e-9a55-0c7bb0c1a006', 'pre-test'), { correct: 0, questions: 3 }, null, 'en')],
    ['course completed', [courseCompleted(context)]],
    ['lesson experienced', [lessonExperienced(context, lesson)]],
  ];

  it.each(built)('%s: passes the LRS’s own validation', (_name, statements) => {
    for (const s of statements) expect(() => validateStatement(s)).not.toThrow();
  });

  it('uses ADL verbs, stable activity IRIs under PUBLIC_URL, language maps, the registration and the course as context', () => {
    const [launched] = built[0]![1];
    expect(launched).toMatchObject({
      actor: context.actor,
      verb: { id: 'http://adlnet.gov/expapi/verbs/launched', display: { 'en-US': 'launched' } },
      object: { objectType: 'Activity', id: `${BASE}/xapi/activities/course/${context.course.id}`, definition: { type: 'http://adlnet.gov/expapi/activities/course', name: context.course.names } },
      context: { registration: context.registration, platform: 'Ponte' },
      timestamp: context.timestamp,
      version: '1.0.3',
    });
    const [done] = built[1]![1];
    expect(done).toMatchObject({ verb: { id: VERBS.completed }, object: { id: `${BASE}/xapi/activities/lesson/${lesson.id}` }, result: { completion: true, duration: 'PT312S' } });
    expect((done!.context as Json).contextActivities).toEqual({ parent: [{ objectType: 'Activity', id: `${BASE}/xapi/activities/course/${context.course.id}`, definition: { type: 'http://adlnet.gov/expapi/activities/course' } }] });
    const [answered] = built[3]![1];
    expect(answered).toMatchObject({ verb: { id: VERBS.answered }, object: { definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice' } }, result: { response: '2', success: false }, context: { language: 'en' } });
    expect((answered!.context as Json).contextActivities).toMatchObject({ parent: [{ id: `${BASE}/xapi/activities/assessment/${test.id}` }], grouping: [{ id: `${BASE}/xapi/activities/course/${context.course.id}` }] });
    // A trainer-graded answer is not marked yet: no success.
    expect(built[3]![1][5]!.result).toEqual({ response: 'Because…' });
    const [completed, passed] = built[4]![1];
    expect(completed).toMatchObject({ verb: { id: VERBS.completed }, result: { score: { scaled: 0.8333, raw: 5, min: 0, max: 6 }, success: true, completion: true } });
    expect(passed).toMatchObject({ verb: { id: VERBS.passed }, object: { id: `${BASE}/xapi/activities/assessment/${test.id}`, definition: { name: { en: 'Final test', it: 'Test finale' } } } });
    expect(built[5]![1].map(verbOf)).toEqual([VERBS.completed, VERBS.failed]);
    expect(built[6]![1].map(verbOf)).toEqual([VERBS.completed]);
    expect(built[6]![1][0]!.result).toEqual({ completion: true, score: { scaled: 0, raw: 0, min: 0, max: 3 } });
  });

  it('gives responses in xAPI’s response patterns', () => {
    expect(interaction({ kind: 'multiple', correct: [0] }, [0, 2])).toEqual({ interactionType: 'choice', response: '0[,]2' });
    expect(interaction({ kind: 'true-false', correct: true }, true)).toEqual({ interactionType: 'true-false', response: 'true' });
    // Positions per item [2, 0, 1]: item 1 first, then item 2, then item 0.
    expect(interaction({ kind: 'ordering' }, [2, 0, 1])).toEqual({ interactionType: 'sequencing', response: '1[,]2[,]0' });
    expect(interaction({ kind: 'matching' }, [1, 0])).toEqual({ interactionType: 'matching', response: '0[.]1[,]1[.]0' });
    expect(interaction({ kind: 'short-answer' }, 'triage')).toEqual({ interactionType: 'fill-in', response: 'triage' });
  });
});

describe('Ponte records its learners’ events', () => {
  let learner: Client;
  let learnerId: string;
  let enrolmentId: string;
  let courseId: string;
  let lessonId: string;

  async function submit(kind: 'pre-test' | 'post-test', right: number) {
    const start = await learner.post(`/learn/xapi-course/tests/${kind}/start`);
    expect(start.statusCode).toBe(303);
    const id = start.headers.location!.split('/').pop()!;
    const [a] = await db().select().from(attempts).where(eq(attempts.id, id));
    expect((await learner.post(`/learn/xapi-course/attempts/${id}`, answersFor(a!.items, right))).statusCode).toBe(303);
    return id;
  }

  beforeAll(async () => {
    const course = await testedCourse(db(), 'xapi-course', { n: 4, perAttempt: 4, italianTitle: 'Corso xAPI' });
    [courseId, lessonId] = [course.id, course.lesson];
    expect(await publishCourse(db(), course.id, null)).toMatchObject({ ok: true });
    learner = await signedInAs(ctx, 'learner.events@example.org', 'learner', { name: 'Lea Learner' });
    learnerId = (await db().select({ id: users.id }).from(users).where(eq(users.email, 'learner.events@example.org')))[0]!.id;
  });

  it('records enrolment as launched, once, under a pseudonym: neither the e-mail address, the name nor the user id', async () => {
    expect((await learner.post('/training/courses/xapi-course/enrol')).statusCode).toBe(303);
    expect((await learner.post('/training/courses/xapi-course/enrol')).statusCode).toBe(303);
    enrolmentId = (await db().select().from(enrolments).where(eq(enrolments.userId, learnerId)))[0]!.id;
    const [launched, ...rest] = await statementsOf(enrolmentId);
    expect(rest).toEqual([]);
    const [pseudonym] = await db().select().from(xapiLearners).where(eq(xapiLearners.userId, learnerId));
    expect(launched).toMatchObject({
      actor: { objectType: 'Agent', account: { homePage: BASE, name: pseudonym!.account } },
      verb: { id: VERBS.launched },
      object: { id: `${BASE}/xapi/activities/course/${courseId}`, definition: { name: { en: 'xapi-course', it: 'Corso xAPI' } } },
      context: { registration: enrolmentId },
      authority: { objectType: 'Agent', name: 'Ponte', account: { homePage: BASE, name: 'ponte' } },
    });
    const text = JSON.stringify(launched);
    for (const personal of ['learner.events@example.org', 'Lea Learner', learnerId]) expect(text).not.toContain(personal);
  });

  it('records the first opening of a lesson as experienced (later ones nothing), and the lesson’s completion once', async () => {
    expect((await learner.get(`/learn/xapi-course/lessons/${lessonId}`)).statusCode).toBe(200);
    expect((await learner.get(`/learn/xapi-course/lessons/${lessonId}`)).statusCode).toBe(200);
    const opened = await statementsOf(enrolmentId);
    expect(opened.map(verbOf)).toEqual([VERBS.launched, VERBS.experienced]);
    expect(opened[1]).toMatchObject({
      object: { id: `${BASE}/xapi/activities/lesson/${lessonId}`, definition: { name: { en: 'Lesson' } } },
      context: { registration: enrolmentId, contextActivities: { parent: [{ id: `${BASE}/xapi/activities/course/${courseId}` }] } },
    });
    await submit('pre-test', 1);
    const before = (await statementsOf(enrolmentId)).length;
    expect((await learner.post(`/learn/xapi-course/lessons/${lessonId}/complete`)).statusCode).toBe(303);
    expect((await learner.post(`/learn/xapi-course/lessons/${lessonId}/complete`)).statusCode).toBe(303);
    const after = await statementsOf(enrolmentId);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ verb: { id: VERBS.completed }, object: { id: `${BASE}/xapi/activities/lesson/${lessonId}`, definition: { name: { en: 'Lesson' } } }, result: { completion: true } });
    expect(((after.at(-1)!.result as Json).duration as string)).toMatch(/^PT\d+S$/);
  });

  it('records each answer of a test, its score, pass or fail, and the course’s completion', async () => {
    const pre = await statementsOf(enrolmentId);
    // The pre-test: three answers and its score, no pass.
    expect(pre.slice(2, 6).map(verbOf)).toEqual([VERBS.answered, VERBS.answered, VERBS.answered, VERBS.completed]);
    expect(pre[5]).toMatchObject({ result: { score: { raw: 1, min: 0, max: 3 }, completion: true } });
    expect((pre[5]!.result as Json).success).toBeUndefined();

    await submit('post-test', 1);
    const failed = (await statementsOf(enrolmentId)).slice(pre.length);
    expect(failed.map(verbOf)).toEqual([...Array(4).fill(VERBS.answered), VERBS.completed, VERBS.failed]);
    expect(failed.filter((s) => (s.result as Json).success === true)).toHaveLength(1);

    await submit('post-test', 4);
    const all = await statementsOf(enrolmentId);
    const passed = all.slice(pre.length + failed.length);
    expect(passed.map(verbOf)).toEqual([...Array(4).fill(VERBS.answered), VERBS.completed, VERBS.passed, VERBS.completed]);
    expect(passed[5]).toMatchObject({ result: { score: { scaled: 1, raw: 4, min: 0, max: 4 }, success: true } });
    expect(passed[6]).toMatchObject({ object: { id: `${BASE}/xapi/activities/course/${courseId}` }, result: { completion: true } });
    const assessmentIri = objectOf(passed[5]!);
    expect(assessmentIri).toMatch(new RegExp(`^${BASE}/xapi/activities/assessment/[0-9a-f-]{36}$`));
    // Each statement is one the LRS itself accepts, and the same course id throughout.
    for (const s of all) expect(JSON.stringify(s)).toContain(`${BASE}/xapi/activities/course/${courseId}`);
  });

  it('a test with a trainer-graded answer: answers at submission, the score when the trainer grades it', async () => {
    const course = await testedCourse(db(), 'xapi-graded', { n: 1, perAttempt: 2 });
    await addQuestion(db(), course.id, { competence: 'c9', data: { kind: 'short-answer', grading: 'trainer' }, locale: 'en', content: { kind: 'short-answer', stem: 'Explain', keywords: [], feedback: '' } });
    expect(await publishCourse(db(), course.id, null)).toMatchObject({ ok: true });
    expect((await learner.post('/training/courses/xapi-graded/enrol')).statusCode).toBe(303);
    const [e] = await db().select().from(enrolments).where(and(eq(enrolments.userId, learnerId), eq(enrolments.courseId, course.id)));
    const start = await learner.post('/learn/xapi-graded/tests/pre-test/start');
    const id = start.headers.location!.split('/').pop()!;
    const [a] = await db().select().from(attempts).where(eq(attempts.id, id));
    const form: Record<string, string> = {};
    a!.items.forEach((item, i) => (form[`q${i}`] = item.order.length ? String(item.order.indexOf(0)) : 'Because it helps.'));
    await learner.post(`/learn/xapi-graded/attempts/${id}`, form);
    const submitted = await statementsOf(e!.id);
    expect(submitted.map(verbOf)).toEqual([VERBS.launched, VERBS.answered, VERBS.answered]);
    const open = submitted.find((s) => ((s.object as Json).definition as Json).interactionType === 'long-fill-in')!;
    expect(open.result).toEqual({ response: 'Because it helps.' });

    const admin = (await db().select({ id: users.id }).from(users).where(eq(users.email, 'admin.events@example.org')))[0]!.id;
    const index = a!.items.findIndex((item) => !item.order.length);
    expect(await gradeAttempt(ctx.platform, id, { id: admin, all: true }, new Map([[index, { correct: true, comment: '' }]]))).toMatchObject({ ok: true, scorePercent: 100 });
    const graded = (await statementsOf(e!.id)).slice(3);
    expect(graded.map(verbOf)).toEqual([VERBS.completed]);
    // Completed when it was submitted (the score known now).
    const [closed] = await db().select().from(attempts).where(eq(attempts.id, id));
    expect(graded[0]).toMatchObject({ result: { score: { raw: 2, max: 2 } }, timestamp: closed!.submittedAt!.toISOString() });
  });

  it('carries the score of content that scores itself (what a SCORM lesson passes to completeLesson)', async () => {
    const { completeLesson, enrol, learnerCourse } = await import('./learning.js');
    const { learningEvents } = await import('./xapi-events.js');
    await signedInAs(ctx, 'scored.events@example.org', 'learner');
    const uid = (await db().select({ id: users.id }).from(users).where(eq(users.email, 'scored.events@example.org')))[0]!.id;
    const e = await enrol(db(), uid, 'xapi-course', learningEvents(ctx.platform));
    const lc = (await learnerCourse(db(), uid, 'xapi-course', 'en'))!;
    await completeLesson(db(), lc, lessonId, learningEvents(ctx.platform), { score: { raw: 7, min: 0, max: 10 }, success: true });
    const [, done] = await statementsOf((e as { enrolment: { id: string } }).enrolment.id);
    expect(done).toMatchObject({ verb: { id: VERBS.completed }, result: { completion: true, success: true, score: { scaled: 0.7, raw: 7, min: 0, max: 10 } } });
  });

  it('records joining a cohort, which enrols, as launched', async () => {
    const { createCohort } = await import('./cohorts.js');
    const admin = (await db().select({ id: users.id }).from(users).where(eq(users.email, 'admin.events@example.org')))[0]!.id;
    const cohort = await createCohort(db(), { courseId, name: 'Autumn', organisationId: null, startsOn: '2020-01-01', endsOn: '2999-12-31', trainerId: admin });
    const joiner = await signedInAs(ctx, 'joiner.events@example.org', 'learner');
    expect((await joiner.post('/training/join', { code: cohort.invitationCode })).statusCode).toBe(303);
    const uid = (await db().select({ id: users.id }).from(users).where(eq(users.email, 'joiner.events@example.org')))[0]!.id;
    const [e] = await db().select().from(enrolments).where(eq(enrolments.userId, uid));
    expect((await statementsOf(e!.id)).map(verbOf)).toEqual([VERBS.launched]);
  });

  it('stores nothing when the event is rolled back', async () => {
    const count = async () => (await db().select({ id: xapiStatements.id }).from(xapiStatements)).length;
    const before = await count();
    const { enrol } = await import('./learning.js');
    const { learningEvents } = await import('./xapi-events.js');
    await signedInAs(ctx, 'rollback.events@example.org', 'learner');
    const uid = (await db().select({ id: users.id }).from(users).where(eq(users.email, 'rollback.events@example.org')))[0]!.id;
    await expect(
      db().transaction(async (tx) => {
        await enrol(tx, uid, 'xapi-course', learningEvents(ctx.platform));
        throw new Error('the request failed after enrolling');
      }),
    ).rejects.toThrow('the request failed');
    expect(await count()).toBe(before);
    expect(await db().select().from(enrolments).where(eq(enrolments.userId, uid)).orderBy(asc(enrolments.id))).toEqual([]);
  });
});
