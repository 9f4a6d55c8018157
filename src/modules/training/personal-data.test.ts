import { eq, inArray } from 'drizzle-orm';
import { translator } from '../../platform/i18n/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, testApp, TEST_PASSWORD } from '../../../test/helpers.js';
import { completeCourse, testedCourse } from '../../../test/training.js';
import { registerPersonalData } from '../../platform/personal-data.js';
import { users } from '../../platform/schema.js';
import { createCohort, joinCohort } from './cohorts.js';
import { createLiveSession, markAttendance } from './live.js';
import { attempts, certificates, cohortTrainers, enrolments, questionnaireReceipts, questionnaireResponses, type AttemptAnswer } from './schema.js';
import { publishCourse } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
beforeAll(async () => {
  ctx = await testApp();
});
afterAll(async () => ctx?.close());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const answers = (comments: string) => ({ relevance: '5', quality: '4', usefulness: '5', time: '3', unbiased: 'yes', comments });
const userId = async (email: string) => (await db().select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;

describe('download my data: training', () => {
  it('gives the learner their enrolment, progress, tests, certificate, sessions and questionnaire receipts, and nobody else’s', async () => {
    const course = await testedCourse(db(), 'export-course', { n: 6, perAttempt: 6 });
    expect(await publishCourse(db(), course.id, null)).toMatchObject({ ok: true });
    await signedInAs(ctx, 'trainer.export@example.org', 'trainer', { name: 'Tina Trainer' });
    const trainerId = await userId('trainer.export@example.org');
    const today = new Date().toISOString().slice(0, 10);
    const cohort = await createCohort(db(), { courseId: course.id, name: 'Spring cohort', organisationId: null, startsOn: today, endsOn: '2999-12-31', trainerId });

    // Two learners through the same course, both answering the satisfaction questionnaire.
    const alma = await signedInAs(ctx, 'alma.export@example.org', 'learner', { name: 'Alma Export' });
    const bruno = await signedInAs(ctx, 'bruno.other@example.org', 'learner', { name: 'Bruno Other' });
    expect(await joinCohort(db(), await userId('alma.export@example.org'), cohort.invitationCode)).toMatchObject({ ok: true });
    const almaEnrolment = await completeCourse(db(), 'alma.export@example.org', 'export-course');
    const brunoEnrolment = await completeCourse(db(), 'bruno.other@example.org', 'export-course');
    expect((await alma.post('/learn/export-course/questionnaires/satisfaction', answers('Alma’s private remark'))).headers.location).toBe('/learn/export-course?notice=answered');
    expect((await bruno.post('/learn/export-course/questionnaires/satisfaction', answers('Bruno’s private remark'))).headers.location).toBe('/learn/export-course?notice=answered');
    const session = await createLiveSession(
      db(),
      { courseId: course.id, cohortId: null, kind: 'workshop', locale: 'en', title: 'Case discussion', description: '', facilitatorGuide: '', startsAt: new Date(Date.now() - 86400_000), endsAt: new Date(Date.now() - 82800_000), timeZone: 'Europe/Rome', mode: 'online', place: '', onlineUrl: null, capacity: null },
      trainerId,
    );
    await markAttendance(db(), session, almaEnrolment.id, true, trainerId);
    // A trainer's comment on one of Alma's answers (as grading.ts records it).
    const [first] = await db().select().from(attempts).where(eq(attempts.enrolmentId, almaEnrolment.id)).orderBy(attempts.startedAt);
    const reviewed: AttemptAnswer[] = first!.answers!.map((a, i) => (i === 0 ? { ...a, review: { by: trainerId, at: '2025-03-01T10:00:00.000Z', comment: 'Well argued.' } } : a));
    await db().update(attempts).set({ answers: reviewed }).where(eq(attempts.id, first!.id));

    const r = await alma.get('/account/export');
    expect(r.statusCode).toBe(200);
    const data = JSON.parse(r.body);
    expect(Object.keys(data)).toEqual(['exportedAt', 'profile', 'roles', 'sessions', 'securityEvents', 'portal', 'media', 'newsletter', 'training', 'guidelines', 'xapi']);
    const t = data.training;
    expect(t.questionnaireAnswers).toBe(translator('en')('training.export.questionnaireNote'));
    expect(t.cohortsTrained).toEqual([]);
    expect(t.enrolments).toHaveLength(1);
    const e = t.enrolments[0];
    expect(e).toMatchObject({ course: { slug: 'export-course', title: 'export-course' }, status: 'completed', version: 1, cohort: 'Spring cohort', lastLesson: 'Lesson', followUpQuestionnaireSentAt: null });
    for (const k of ['enrolledAt', 'completedAt', 'lastActivityAt']) expect(e[k]).toMatch(ISO);
    expect(e.lessons).toEqual([{ lesson: 'Lesson', firstVisitedAt: expect.stringMatching(ISO), lastSeenAt: expect.stringMatching(ISO), completedAt: expect.stringMatching(ISO), secondsSpent: expect.any(Number) }]);

    expect(e.tests.map((x: { assessment: string; number: number }) => `${x.assessment} ${x.number}`)).toEqual(['pre-test 1', 'post-test 1']);
    const postTest = e.tests.find((x: { assessment: string }) => x.assessment === 'post-test');
    expect(postTest).toMatchObject({ language: 'en', scorePercent: 100, passed: true, startedAt: expect.stringMatching(ISO), submittedAt: expect.stringMatching(ISO) });
    expect(postTest.answers).toHaveLength(6);
    for (const a of postTest.answers) expect(a).toMatchObject({ question: expect.stringMatching(/^Question \d$/), answer: 0, chosenOptions: ['right'], correct: true });
    const preTest = e.tests.find((x: { assessment: string }) => x.assessment === 'pre-test');
    expect(preTest.answers.every((a: { answer: unknown; correct: boolean }) => a.answer === null && a.correct === false)).toBe(true);
    const withReview = [...preTest.answers, ...postTest.answers].filter((a: { review: unknown }) => a.review);
    expect(withReview).toEqual([expect.objectContaining({ review: { reviewedAt: '2025-03-01T10:00:00.000Z', comment: 'Well argued.' } })]);

    const [almaCertificate] = await db().select().from(certificates).where(eq(certificates.enrolmentId, almaEnrolment.id));
    expect(e.certificate).toEqual({ code: almaCertificate!.code, courseTitle: 'export-course', learnerName: 'Alma Export', profession: null, language: 'en', hours: 1.5, minutesSpent: expect.any(Number), credits: [], issuedAt: expect.stringMatching(ISO), revokedAt: null, revokedReason: null });
    expect(e.liveSessions).toEqual([{ title: 'Case discussion', kind: 'workshop', mode: 'online', startsAt: expect.stringMatching(ISO), endsAt: expect.stringMatching(ISO), registeredAt: expect.stringMatching(ISO), attendedAt: expect.stringMatching(ISO) }]);
    expect(e.questionnairesAnswered).toEqual([{ questionnaire: 'satisfaction', answeredAt: null }]);

    // Nothing of the other learner, of the trainer, or of anyone's questionnaire answers.
    const [brunoCertificate] = await db().select().from(certificates).where(eq(certificates.enrolmentId, brunoEnrolment.id));
    for (const other of ['bruno.other@example.org', 'Bruno', brunoCertificate!.code, brunoEnrolment.id, trainerId, 'Tina Trainer', 'trainer.export@example.org', 'private remark', 'relevance', 'usefulness'])
      expect(r.body).not.toContain(other);
    expect(r.body).not.toContain(TEST_PASSWORD);

    // The trainer's own export lists the cohort they train, and no learner.
    const trainer = await signedInAs(ctx, 'trainer2.export@example.org', 'trainer');
    await db().insert(cohortTrainers).values({ cohortId: cohort.id, userId: await userId('trainer2.export@example.org') });
    const mine = JSON.parse((await trainer.get('/account/export')).body);
    expect(mine.training).toMatchObject({ enrolments: [], cohortsTrained: [{ name: 'Spring cohort', course: 'export-course', startsOn: today, endsOn: '2999-12-31' }] });
    expect(JSON.stringify(mine)).not.toContain('Alma');
  });

  it('deletes the training records with the account; the certificate no longer verifies, anonymous answers stay', async () => {
    const course = await testedCourse(db(), 'erase-course', { n: 6, perAttempt: 6 });
    await publishCourse(db(), course.id, null);
    const c = await signedInAs(ctx, 'leaving@example.org', 'learner');
    const enrolment = await completeCourse(db(), 'leaving@example.org', 'erase-course');
    await c.post('/learn/erase-course/questionnaires/satisfaction', answers('kept without a name'));
    const [cert] = await db().select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id));
    expect((await c.get(`/certificates/${cert!.code}`)).statusCode).toBe(200);

    const r = await c.post('/account/delete', { password: TEST_PASSWORD, confirm: 'leaving@example.org' });
    expect(r.statusCode).toBe(200);
    expect(await db().select().from(enrolments).where(eq(enrolments.id, enrolment.id))).toEqual([]);
    expect(await db().select().from(attempts).where(eq(attempts.enrolmentId, enrolment.id))).toEqual([]);
    expect(await db().select().from(certificates).where(inArray(certificates.id, [cert!.id]))).toEqual([]);
    expect(await db().select().from(questionnaireReceipts).where(eq(questionnaireReceipts.enrolmentId, enrolment.id))).toEqual([]);
    const verify = await c.get(`/certificates/${cert!.code}`);
    expect(verify.statusCode).toBe(404);
    expect(verify.body).toContain('There is no certificate with this code');
    // The anonymous answer is not the person's data (nothing links it to them) and stays for the course's figures.
    expect(await db().select().from(questionnaireResponses).where(eq(questionnaireResponses.courseId, course.id))).toHaveLength(1);
  });

  it('refuses a second source under a name already taken', () => {
    expect(() => registerPersonalData(ctx.platform, 'training', async () => ({}))).toThrow(/already registered/);
    expect(() => registerPersonalData(ctx.platform, 'profile', async () => ({}))).toThrow(/already registered/);
  });
});
