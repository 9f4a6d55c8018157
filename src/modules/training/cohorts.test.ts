import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, testApp } from '../../../test/helpers.js';
import { completeCourse, testedCourse } from '../../../test/training.js';
import { createOrganisation } from '../../platform/identity/organisations.js';
import { organisationTypes } from '../../platform/schema.js';
import { countsBy, pairedSummary, tQuantile975 } from './reports.js';
import { cohortLearners } from './cohorts.js';
import { cohorts, enrolments } from './schema.js';
import { publishCourse } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
beforeAll(async () => {
  ctx = await testApp();
});
afterAll(async () => ctx?.close());

describe('knowledge gain', () => {
  it('compares each learner’s scores: mean gain with a t interval, and the paired effect size', () => {
    const g = pairedSummary([
      [40, 70],
      [50, 80],
      [60, 75],
      [30, 70],
    ]);
    expect(g.n).toBe(4);
    expect(g.preMean).toBe(45);
    expect(g.postMean).toBe(73.75);
    expect(g.gain).toBe(28.75);
    // SD of the differences √106.25 = 10.308; t(3) = 3.1824.
    expect(g.gainCi![0]).toBeCloseTo(28.75 - (3.1824 * Math.sqrt(106.25)) / 2, 3);
    expect(g.gainCi![1]).toBeCloseTo(28.75 + (3.1824 * Math.sqrt(106.25)) / 2, 3);
    expect(g.effectSize).toBeCloseTo(28.75 / Math.sqrt(106.25), 6);
    expect(pairedSummary([[50, 60]])).toMatchObject({ n: 1, gain: 10, gainCi: null, effectSize: null });
    expect(pairedSummary([])).toMatchObject({ n: 0, gain: null });
    expect(tQuantile975(30)).toBeCloseTo(2.0423, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.9799, 3);
  });
});

describe('cohorts and reports', () => {
  it('lets a trainer open a cohort that learners join by code, follow its learners and read its report', async () => {
    const course = await testedCourse(db(), 'cohort-course', { n: 6, perAttempt: 6 });
    await publishCourse(db(), course.id, null);
    const trainer = await signedInAs(ctx, 'trainer@example.org', 'trainer');
    expect((await trainer.get('/trainer')).statusCode).toBe(200);
    const refused = await trainer.post('/trainer/cohorts/new', { courseId: course.id, name: '', startsOn: '2026-05-10', endsOn: '2026-04-01' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#field-name"');
    expect(refused.body).toContain('href="#field-endsOn"');
    expect((await trainer.post('/trainer/cohorts/new', { courseId: '00000000-0000-4000-8000-000000000000', name: 'X', startsOn: '2026-01-01', endsOn: '2099-01-01' })).statusCode).toBe(400);
    const created = await trainer.post('/trainer/cohorts/new', { courseId: course.id, name: 'Nurses, Milan', startsOn: '2026-01-01', endsOn: '2099-12-31' });
    expect(created.statusCode).toBe(303);
    const [cohort] = await db().select().from(cohorts).where(eq(cohorts.name, 'Nurses, Milan'));

    // Two learners join with the code as they typed it; a wrong code is refused with a message.
    const ana = await signedInAs(ctx, 'ana@example.org', 'learner', { name: 'Ana' });
    expect((await ana.post('/training/join', { code: 'AAAAA-AAAAA' })).statusCode).toBe(400);
    const joined = await ana.post('/training/join', { code: cohort!.invitationCode.toLowerCase() });
    expect(joined.headers.location).toBe('/learn/cohort-course?notice=joined');
    const benJoins = await (await signedInAs(ctx, 'ben2@example.org', 'learner')).post('/training/join', { code: cohort!.invitationCode });
    expect(benJoins.statusCode).toBe(303);
    // Ana says she is a woman in her profile; the report counts by it.
    expect((await ana.post('/account', { name: 'Ana', locale: 'en', gender: 'woman' })).statusCode).toBe(303);
    expect((await ana.post('/account', { name: 'Ana', locale: 'en', gender: 'robot' })).statusCode).toBe(400);
    await completeCourse(db(), 'ana@example.org', 'cohort-course');
    expect((await db().select().from(enrolments).where(eq(enrolments.cohortId, cohort!.id))).length).toBe(2);

    const page = await trainer.get(`/trainer/cohorts/${cohort!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ana');
    expect(page.body).toContain(cohort!.invitationCode);
    // A trainer finds a learner by name or e-mail, a page at a time.
    const found = await trainer.get(`/trainer/cohorts/${cohort!.id}?q=ben2%40`);
    expect(found.body).toContain('>ben2<');
    expect(found.body).not.toContain('>Ana<');
    expect(await cohortLearners(db(), cohort!.id, { page: 2, pageSize: 1 })).toMatchObject({ total: 2, learners: [{ email: 'ben2@example.org' }] });
    expect((await cohortLearners(db(), cohort!.id, { page: 1, pageSize: 10, q: '100%_' })).total).toBe(0);

    const report = await trainer.get(`/trainer/courses/${course.id}/report?cohort=${cohort!.id}`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('<svg');
    expect(report.body).toContain('role="img"');
    expect(await countsBy(db(), { courseId: course.id, cohortId: cohort!.id }, 'gender')).toEqual(
      expect.arrayContaining([
        { key: 'woman', enrolled: 1, completed: 1, certified: 1 },
        { key: null, enrolled: 1, completed: 0, certified: 0 },
      ]),
    );
    const csv = await trainer.get(`/trainer/courses/${course.id}/report.csv?cohort=${cohort!.id}&table=gain`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toMatch(/^\ufeff?.*\r?\nn,1\r?\n/);
    expect(csv.body).toContain('post_mean,100');
    const xlsx = await trainer.get(`/trainer/courses/${course.id}/report.xlsx?table=items`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await trainer.get(`/trainer/courses/${course.id}/report.csv?table=everything`)).statusCode).toBe(400);

    // Another trainer sees neither the cohort nor its report; learners are not trainers.
    const other = await signedInAs(ctx, 'other-trainer@example.org', 'trainer');
    expect((await other.get(`/trainer/cohorts/${cohort!.id}`)).statusCode).toBe(404);
    expect((await other.get(`/trainer/courses/${course.id}/report?cohort=${cohort!.id}`)).statusCode).toBe(404);
    expect((await other.get(`/trainer/courses/${course.id}/report`)).statusCode).toBe(200);
    expect((await ana.get('/trainer')).statusCode).toBe(403);
    expect((await trainer.get('/trainer/cohorts/not-a-uuid')).statusCode).toBe(404);
  });

  it('turns codes of ended cohorts away', async () => {
    const course = await testedCourse(db(), 'ended-course', { n: 3, perAttempt: 3 });
    await publishCourse(db(), course.id, null);
    const trainer = await signedInAs(ctx, 'trainer2@example.org', 'trainer');
    await trainer.post('/trainer/cohorts/new', { courseId: course.id, name: 'Past cohort', startsOn: '2020-01-01', endsOn: '2020-02-01' });
    const [cohort] = await db().select().from(cohorts).where(eq(cohorts.name, 'Past cohort'));
    const late = await signedInAs(ctx, 'late@example.org', 'learner');
    const r = await late.post('/training/join', { code: cohort!.invitationCode });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('href="#field-code"');
  });

  it('counts learners by organisation: the one running their cohort, else the one they belong to', async () => {
    const course = await testedCourse(db(), 'org-course', { n: 3, perAttempt: 3 });
    await publishCourse(db(), course.id, null);
    await db().insert(organisationTypes).values({ code: 'health-service', names: { en: 'Health service' } }).onConflictDoNothing();
    const partner = await createOrganisation(db(), { name: 'ASL Milano Nord', typeCode: 'health-service', country: 'IT', regionId: null, website: null });
    const own = await createOrganisation(db(), { name: 'Centro Astalli', typeCode: 'health-service', country: 'IT', regionId: null, website: null });
    const trainer = await signedInAs(ctx, 'org-trainer@example.org', 'trainer');
    await trainer.post('/trainer/cohorts/new', { courseId: course.id, name: 'Partner cohort', organisationId: partner.id, startsOn: '2026-01-01', endsOn: '2099-12-31' });
    const [cohort] = await db().select().from(cohorts).where(eq(cohorts.name, 'Partner cohort'));
    expect(cohort!.organisationId).toBe(partner.id);
    // One learner through the partner's cohort (though a member of another organisation), one self-paced member, one of no organisation.
    const viaCohort = await signedInAs(ctx, 'org-a@example.org', 'learner', { organisationId: own.id });
    await viaCohort.post('/training/join', { code: cohort!.invitationCode });
    const member = await signedInAs(ctx, 'org-b@example.org', 'learner', { organisationId: own.id });
    await member.post('/training/courses/org-course/enrol');
    await (await signedInAs(ctx, 'org-c@example.org', 'learner')).post('/training/courses/org-course/enrol');
    expect(await countsBy(db(), { courseId: course.id }, 'organisation')).toEqual([
      { key: 'ASL Milano Nord', enrolled: 1, completed: 0, certified: 0 },
      { key: 'Centro Astalli', enrolled: 1, completed: 0, certified: 0 },
      { key: null, enrolled: 1, completed: 0, certified: 0 },
    ]);
    const report = await trainer.get(`/trainer/courses/${course.id}/report`);
    expect(report.body).toContain('Centro Astalli');
    const csv = await trainer.get(`/trainer/courses/${course.id}/report.csv?table=counts`);
    expect(csv.body).toContain('organisation,ASL Milano Nord,1,0,0');
  });
});
