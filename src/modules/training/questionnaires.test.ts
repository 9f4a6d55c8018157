import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastMail, sessionsChanged, signedInAs, testApp } from '../../../test/helpers.js';
import { completeCourse, testedCourse } from '../../../test/training.js';
import { users } from '../../platform/schema.js';
import { questionnaireSummary, sendFollowUps } from './questionnaires.js';
import { certificates, enrolments, questionnaireReceipts, questionnaireResponses } from './schema.js';
import { publishCourse } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
beforeAll(async () => {
  ctx = await testApp();
});
afterAll(async () => ctx?.close());

const SATISFIED = { relevance: '5', quality: '4', usefulness: '5', time: '3', unbiased: 'yes', comments: 'More cases, please.' };

describe('satisfaction questionnaire', () => {
  it('holds an ECM certificate until the learner has answered, and keeps the answers apart from the learner', async () => {
    const c = await testedCourse(db(), 'ecm-questionnaire', { ecm: true, n: 9, perAttempt: 9, ecmCredits: 3 });
    expect(await publishCourse(db(), c.id, null)).toMatchObject({ ok: true });
    const learner = await signedInAs(ctx, 'q@example.org', 'learner');
    expect((await learner.get('/learn/ecm-questionnaire/questionnaires/satisfaction')).statusCode).toBe(404);
    const enrolment = await completeCourse(db(), 'q@example.org', 'ecm-questionnaire');
    expect((await db().select().from(enrolments).where(eq(enrolments.id, enrolment.id)))[0]!.status).toBe('completed');
    expect(await db().select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id))).toEqual([]);
    const home = await learner.get('/learn/ecm-questionnaire');
    expect(home.body).toContain('href="/learn/ecm-questionnaire/questionnaires/satisfaction"');

    // A missing answer is refused next to its question, keeping the others.
    const { relevance: _, ...incomplete } = SATISFIED;
    const refused = await learner.post('/learn/ecm-questionnaire/questionnaires/satisfaction', incomplete);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#field-relevance"');
    expect(refused.body).toMatch(/id="field-quality-3" type="radio" name="quality" value="4" checked/);
    expect(refused.body).toContain('More cases, please.');
    expect((await learner.post('/learn/ecm-questionnaire/questionnaires/satisfaction', { ...SATISFIED, relevance: '9' })).statusCode).toBe(400);
    expect((await learner.post('/learn/ecm-questionnaire/questionnaires/satisfaction', { ...SATISFIED, relevance: ['5', '4'] })).statusCode).toBe(400);

    const answered = await learner.post('/learn/ecm-questionnaire/questionnaires/satisfaction', SATISFIED);
    expect(answered.headers.location).toBe('/learn/ecm-questionnaire?notice=answered');
    expect(await db().select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id))).toHaveLength(1);
    const [response] = await db().select().from(questionnaireResponses).where(eq(questionnaireResponses.courseId, c.id));
    expect(response).toMatchObject({ kind: 'satisfaction', version: 'satisfaction-1', answers: { relevance: 5, quality: 4, usefulness: 5, time: 3, unbiased: true, comments: 'More cases, please.' } });
    expect(response!.month).toMatch(/^\d{4}-\d{2}-01$/);
    expect(Object.keys(response!)).not.toContain('enrolmentId');
    // Answering again changes nothing.
    expect((await learner.post('/learn/ecm-questionnaire/questionnaires/satisfaction', SATISFIED)).headers.location).toBe('/learn/ecm-questionnaire?notice=answered');
    expect(await db().select().from(questionnaireResponses).where(eq(questionnaireResponses.courseId, c.id))).toHaveLength(1);
    expect(await db().select().from(questionnaireReceipts).where(eq(questionnaireReceipts.enrolmentId, enrolment.id))).toHaveLength(1);
    expect(await questionnaireSummary(db(), c.id, 'satisfaction')).toMatchObject({ responses: 1, items: expect.arrayContaining([{ id: 'relevance', type: 'scale', answered: 1, mean: 5 }, { id: 'unbiased', type: 'yes-no', answered: 1, mean: 1 }]) });
  });

  it('issues a certificate at once for a course without ECM, and offers the questionnaire all the same', async () => {
    const c = await testedCourse(db(), 'plain-questionnaire', { n: 6, perAttempt: 6 });
    await publishCourse(db(), c.id, null);
    const learner = await signedInAs(ctx, 'plain@example.org', 'learner');
    const enrolment = await completeCourse(db(), 'plain@example.org', 'plain-questionnaire');
    expect(await db().select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id))).toHaveLength(1);
    expect((await learner.get('/learn/plain-questionnaire')).body).toContain('href="/learn/plain-questionnaire/questionnaires/satisfaction"');
    expect((await learner.get('/learn/plain-questionnaire/questionnaires/follow-up')).statusCode).toBe(404);
  });
});

describe('follow-up questionnaire', () => {
  it('is e-mailed once, in the learner’s language, the configured months after completion', async () => {
    const c = await testedCourse(db(), 'follow-up-course', { n: 6, perAttempt: 6, italianTitle: 'Corso da seguire' });
    await publishCourse(db(), c.id, null);
    const learner = await signedInAs(ctx, 'later@example.org', 'learner');
    await db().update(users).set({ locale: 'it' }).where(eq(users.email, 'later@example.org'));
    await sessionsChanged(ctx.app);
    const enrolment = await completeCourse(db(), 'later@example.org', 'follow-up-course');
    expect(await sendFollowUps(ctx.platform, 3)).toBe(0);
    await db().update(enrolments).set({ completedAt: sql`now() - interval '4 months'` }).where(eq(enrolments.id, enrolment.id));
    expect(await sendFollowUps(ctx.platform, 3)).toBe(1);
    expect(await sendFollowUps(ctx.platform, 3)).toBe(0);
    const mail = await lastMail(ctx.platform, 'later@example.org');
    expect(mail!.subject).toContain('Corso da seguire');
    expect(mail!.text).toContain('http://ponte.test/learn/follow-up-course/questionnaires/follow-up');
    expect((await learner.get('/learn/follow-up-course/questionnaires/follow-up')).statusCode).toBe(200);
    const sent = await learner.post('/learn/follow-up-course/questionnaires/follow-up', { applied: '4', changes: 'I book an interpreter first.', recommend: 'yes' });
    expect(sent.headers.location).toBe('/learn/follow-up-course?notice=answered');
  });
});
