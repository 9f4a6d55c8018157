import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, testApp } from '../../../test/helpers.js';
import { completeCourse, testedCourse } from '../../../test/training.js';
import { certificates, courses, enrolments, liveRegistrations, liveSessions } from './schema.js';
import { publishCourse } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
beforeAll(async () => {
  ctx = await testApp();
});
afterAll(async () => ctx?.close());

const SESSION = { kind: 'workshop', locale: 'en', title: 'Role play with interpreters', description: 'Bring a case.', facilitatorGuide: 'Split the room into **threes**.', startsAt: '2099-05-14 09:30', endsAt: '2099-05-14 13:00', timeZone: 'Europe/Rome', mode: 'in-person', place: 'Milano, via Esempio 1', onlineUrl: '', capacity: '1' };

describe('live sessions', () => {
  it('lets learners register within the places, and a trainer take attendance by scanning, which completes the course', async () => {
    const course = await testedCourse(db(), 'blended-course', { n: 6, perAttempt: 6 });
    await db().update(courses).set({ requiredLiveSessions: 1 }).where(eq(courses.id, course.id));
    await publishCourse(db(), course.id, null);
    const trainer = await signedInAs(ctx, 'live-trainer@example.org', 'trainer');
    const bad = await trainer.post('/trainer/sessions/new', { ...SESSION, courseId: course.id, endsAt: '2099-05-14 08:00', place: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#field-endsAt"');
    expect(bad.body).toContain('href="#field-place"');
    const created = await trainer.post('/trainer/sessions/new', { ...SESSION, courseId: course.id });
    expect(created.statusCode).toBe(303);
    const [session] = await db().select().from(liveSessions).where(eq(liveSessions.courseId, course.id));
    expect(session!.startsAt.toISOString()).toBe('2099-05-14T07:30:00.000Z');

    // Two learners, one place.
    const ada = await signedInAs(ctx, 'ada@example.org', 'learner', { name: 'Ada Learner' });
    const bo = await signedInAs(ctx, 'bo@example.org', 'learner', { name: 'Bo Learner' });
    const enrolment = await completeCourse(db(), 'ada@example.org', 'blended-course');
    await bo.post('/training/courses/blended-course/enrol');
    expect((await db().select().from(enrolments).where(eq(enrolments.id, enrolment.id)))[0]!.status).toBe('active');
    const home = await ada.get('/learn/blended-course');
    expect(home.body).toContain(`action="/learn/blended-course/sessions/${session!.id}/register"`);
    expect(home.body).not.toContain('threes');
    expect((await ada.post(`/learn/blended-course/sessions/${session!.id}/register`)).headers.location).toBe(`/learn/blended-course/sessions/${session!.id}`);
    expect((await bo.post(`/learn/blended-course/sessions/${session!.id}/register`)).headers.location).toBe('/learn/blended-course#live-title');
    expect(await db().select().from(liveRegistrations).where(eq(liveRegistrations.sessionId, session!.id))).toHaveLength(1);

    // The session is on Ada's dashboard, among her coming sessions.
    expect((await ada.get('/learn')).body).toContain(`href="/learn/blended-course/sessions/${session!.id}"`);
    // Ada's code: a QR code of the trainer's attendance link.
    const code = await ada.get(`/learn/blended-course/sessions/${session!.id}`);
    expect(code.body).toContain('<svg');
    const link = new RegExp(`http://ponte\\.test(/trainer/sessions/${session!.id}/attend/[0-9a-f-]{36}/[A-Za-z0-9_-]+)`).exec(code.body)![1]!;
    expect((await ada.get(link)).statusCode).toBe(403);
    const other = await signedInAs(ctx, 'live-other@example.org', 'trainer');
    expect((await other.get(link)).statusCode).toBe(404);
    expect((await trainer.get(`${link.slice(0, -3)}xyz`)).statusCode).toBe(404);
    const confirm = await trainer.get(link);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Ada Learner');
    // Opening the link marks nothing; the trainer's button does.
    expect((await db().select().from(liveRegistrations).where(eq(liveRegistrations.sessionId, session!.id)))[0]!.attendedAt).toBeNull();
    expect((await trainer.post(link)).headers.location).toBe(`/trainer/sessions/${session!.id}?notice=marked`);
    expect((await db().select().from(enrolments).where(eq(enrolments.id, enrolment.id)))[0]!.status).toBe('completed');
    expect(await db().select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id))).toHaveLength(1);

    const page = await trainer.get(`/trainer/sessions/${session!.id}`);
    expect(page.body).toContain('threes');
    expect(page.body).toContain('Ada Learner');
    expect((await other.get(`/trainer/sessions/${session!.id}`)).statusCode).toBe(404);
    // Attendance, once taken, is not cancelled by the learner.
    await ada.post(`/learn/blended-course/sessions/${session!.id}/cancel`);
    expect(await db().select().from(liveRegistrations).where(eq(liveRegistrations.sessionId, session!.id))).toHaveLength(1);
    // The trainer can mark a learner absent again from the list.
    await trainer.post(`/trainer/sessions/${session!.id}/attendance`, { enrolmentId: enrolment.id, present: 'no' });
    expect((await db().select().from(liveRegistrations).where(eq(liveRegistrations.sessionId, session!.id)))[0]!.attendedAt).toBeNull();
    expect((await trainer.post(`/trainer/sessions/${session!.id}/attendance`, { enrolmentId: 'nope', present: 'yes' })).statusCode).toBe(400);
  });
});
