import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../../../test/helpers.js';
import { createUser } from '../../platform/identity/users.js';
import { addBlock, addLesson, addModule, createCourse, saveBlockText, saveCourseText, saveLessonTitle, saveModuleTitle } from './authoring.js';
import { getCourse, learningPath, listCatalogue } from './catalogue.js';
import { seedTrainingDemo } from './demo.js';
import { completeLesson, enrol, learnerCourse, openLesson, recordTime } from './learning.js';
import { cohorts, courses, enrolments, lessonProgress } from './schema.js';
import { countsBy, knowledgeGain } from './reports.js';
import { questionnaireSummary } from './questionnaires.js';
import { currentVersion, lessonsInOrder, publishCourse } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await testApp();
  await seedTrainingDemo(db());
});
afterAll(async () => ctx?.close());

/** A small course of one module with two lessons, in English with an Italian translation. */
async function smallCourse(slug: string) {
  const c = await createCourse(db(), { slug, sourceLocale: 'en', level: 'interdisciplinary', topics: ['trauma-and-distress'], durationMinutes: 30, title: 'Listening first', summary: 'A short course.', outcomes: ['Listen'], description: '' });
  if ('error' in c) throw new Error('slug');
  await saveCourseText(db(), c.id, 'it', { title: 'Prima di tutto ascoltare', summary: 'Un corso breve.', outcomes: ['Ascoltare'], description: '' });
  const m = await addModule(db(), c.id, 'en', 'Basics');
  await saveModuleTitle(db(), m, 'it', 'Le basi');
  const l1 = await addLesson(db(), m, { durationMinutes: 10, locale: 'en', title: 'First contact' });
  await saveLessonTitle(db(), l1, 'it', 'Il primo contatto');
  const b1 = await addBlock(db(), l1, { data: { kind: 'text' }, locale: 'en', content: { kind: 'text', markdown: 'Greet the person **by name**.' } });
  await saveBlockText(db(), b1, 'it', { kind: 'text', markdown: 'Salutare la persona **per nome**.' });
  const l2 = await addLesson(db(), m, { durationMinutes: 10, locale: 'en', title: 'Closing' });
  await saveLessonTitle(db(), l2, 'it', 'La chiusura');
  const b2 = await addBlock(db(), l2, { data: { kind: 'check', correct: [1] }, locale: 'en', content: { kind: 'check', question: 'What comes last?', options: [{ text: 'Nothing', feedback: 'No: agree the next step.' }, { text: 'The next step', feedback: 'Yes: say what happens next.' }] } });
  await saveBlockText(db(), b2, 'it', { kind: 'check', question: 'Che cosa viene per ultimo?', options: [{ text: 'Niente', feedback: 'No: concordare il passo successivo.' }, { text: 'Il passo successivo', feedback: 'Sì: dire che cosa succede dopo.' }] });
  return { id: c.id, module: m, lessons: [l1, l2], blocks: [b1, b2] };
}

describe('demo programme', () => {
  it('publishes the four EU-MiCare modules and the guidelines course, complete in English and Italian', async () => {
    const all = await listCatalogue(db(), 'en');
    expect(all.map((c) => c.slug)).toEqual(
      expect.arrayContaining(['migration-culture-mental-health', 'recognising-distress-and-trauma', 'transcultural-assessment-and-treatment', 'mediation-interpreting-psychosocial-support', 'psychcare-guidelines']),
    );
    for (const c of all) expect(c.languages.complete).toEqual(expect.arrayContaining(['en', 'it']));
    // The EU-MiCare modules have their pages and a first lesson in German, Spanish and Greek.
    const first = all.find((c) => c.slug === 'migration-culture-mental-health')!;
    expect(first.languages.partial).toEqual(expect.arrayContaining(['de', 'es', 'el']));
    expect((await listCatalogue(db(), 'el', { language: 'el' })).map((c) => c.slug)).toContain('migration-culture-mental-health');
  });

  it('filters the catalogue by profession, language, level and topic', async () => {
    const slugs = async (f: Parameters<typeof listCatalogue>[2]) => (await listCatalogue(db(), 'en', f)).map((c) => c.slug);
    expect(await slugs({ profession: 'interpreter' })).toContain('mediation-interpreting-psychosocial-support');
    expect(await slugs({ profession: 'interpreter' })).not.toContain('transcultural-assessment-and-treatment');
    expect(await slugs({ level: 'specialised' })).toEqual(['transcultural-assessment-and-treatment']);
    expect(await slugs({ topic: 'guidelines' })).toEqual(['psychcare-guidelines']);
    expect(await slugs({ language: 'ar' })).toEqual([]);
    expect(await slugs({ language: 'de', level: 'other-professionals' })).toEqual(['mediation-interpreting-psychosocial-support']);
  });

  it('has a cohort of synthetic learners whose results make a report', async () => {
    const [cohort] = await db().select().from(cohorts).where(eq(cohorts.invitationCode, 'DEM0C-0H0RT'));
    const scope = { courseId: cohort!.courseId, cohortId: cohort!.id };
    const gain = await knowledgeGain(db(), scope);
    const professions = await countsBy(db(), scope, 'profession');
    // Everyone took the pre-test; those who completed the course took the final test too.
    expect(gain.n).toBe(professions.reduce((n, x) => n + x.completed, 0));
    expect(gain.n).toBeGreaterThan(20);
    expect(gain.gain!).toBeGreaterThan(10);
    expect(gain.gainCi![0]).toBeGreaterThan(0);
    expect(professions.reduce((n, x) => n + x.enrolled, 0)).toBe(40);
    expect(professions.reduce((n, x) => n + x.certified, 0)).toBe(professions.reduce((n, x) => n + x.completed, 0));
    expect((await questionnaireSummary(db(), cohort!.courseId, 'satisfaction')).responses).toBeGreaterThan(20);
  });

  it('gives nurses a path that starts with the interdisciplinary modules', async () => {
    const path = await learningPath(db(), 'nurse', 'it');
    expect(path[0]!.course.slug).toBe('migration-culture-mental-health');
    expect(path[0]!.required).toBe(true);
    expect(path[0]!.course.text.locale).toBe('it');
    expect(path.every((s) => s.course.level !== 'specialised')).toBe(true);
  });
});

describe('versions', () => {
  it('keeps a learner on the major they started, and gives them its text fixes', async () => {
    const c = await smallCourse('versions-course');
    expect(await publishCourse(db(), c.id, null)).toMatchObject({ ok: true, major: 1, minor: 0, unchanged: false });
    expect(await publishCourse(db(), c.id, null)).toMatchObject({ ok: true, major: 1, minor: 0, unchanged: true });
    const learner = await createUser(db(), { email: 'v@example.org', name: 'V', passwordHash: null });
    const e = await enrol(db(), learner.id, 'versions-course');
    expect(e.ok && e.enrolment.major).toBe(1);

    // A text fix is a minor version: the enrolled learner sees it.
    await saveBlockText(db(), c.blocks[0]!, 'en', { kind: 'text', markdown: 'Greet the person **by the name they prefer**.' });
    expect(await publishCourse(db(), c.id, null)).toMatchObject({ major: 1, minor: 1 });
    // A new lesson changes the structure: a new major, which the enrolled learner does not get.
    const added = await addLesson(db(), c.module, { durationMinutes: 5, locale: 'en', title: 'Afterwards' });
    await addBlock(db(), added, { data: { kind: 'text' }, locale: 'en', content: { kind: 'text', markdown: 'Write it down.' } });
    expect(await publishCourse(db(), c.id, null)).toMatchObject({ major: 2, minor: 0 });

    // Opening a lesson records the visit only for a lesson of the learner's version: the new one writes nothing.
    const visits = () => db().select().from(lessonProgress).where(eq(lessonProgress.enrolmentId, e.ok ? e.enrolment.id : ''));
    expect(await openLesson(db(), learner.id, 'versions-course', added, 'en')).toBeNull();
    expect(await visits()).toEqual([]);
    const opened = (await openLesson(db(), learner.id, 'versions-course', c.lessons[1]!, 'en'))!;
    expect([...opened.progress.keys()]).toEqual([c.lessons[1]]);
    expect(opened.enrolment.lastLessonId).toBe(c.lessons[1]);
    expect((await visits()).map((v) => v.lessonId)).toEqual([c.lessons[1]]);
    expect((await learnerCourse(db(), learner.id, 'versions-course', 'en'))!.enrolment.lastLessonId).toBe(c.lessons[1]);

    const mine = await learnerCourse(db(), learner.id, 'versions-course', 'en');
    expect([mine!.version.major, mine!.version.minor]).toEqual([1, 1]);
    expect(lessonsInOrder(mine!.snapshot)).toHaveLength(2);
    expect(JSON.stringify(mine!.snapshot)).toContain('by the name they prefer');
    expect((await currentVersion(db(), c.id, null))!.major).toBe(2);
    expect((await getCourse(db(), 'versions-course', 'en'))!.syllabus[0]!.lessons).toHaveLength(3);
  });

  it('marks a translation out of date when its source changes, and no longer offers that language as complete', async () => {
    const c = await smallCourse('translation-course');
    await publishCourse(db(), c.id, null);
    expect((await currentVersion(db(), c.id, null))!.completeLocales).toEqual(['en', 'it']);
    await saveLessonTitle(db(), c.lessons[0]!, 'en', 'The first contact');
    await publishCourse(db(), c.id, null);
    const v = (await currentVersion(db(), c.id, null))!;
    expect(v.completeLocales).toEqual(['en']);
    expect(v.partialLocales).toContain('it');
    const detail = (await getCourse(db(), 'translation-course', 'it'))!;
    expect(detail.syllabus[0]!.lessons[0]!.title).toMatchObject({ locale: 'it', outOfDate: true, value: { title: 'Il primo contatto' } });
  });

  it('refuses to publish a course without lessons', async () => {
    const c = await createCourse(db(), { slug: 'empty-course', sourceLocale: 'en', level: 'specialised', topics: [], durationMinutes: 10, title: 'Empty', summary: '', outcomes: [], description: '' });
    expect(await publishCourse(db(), (c as { id: string }).id, null)).toEqual({ ok: false, reason: 'empty' });
    expect(await getCourse(db(), 'empty-course', 'en')).toBeNull();
  });
});

describe('progress', () => {
  it('counts time on a lesson only while the learner is there, within bounds', async () => {
    const c = await smallCourse('time-course');
    await publishCourse(db(), c.id, null);
    const u = await createUser(db(), { email: 't@example.org', name: 'T', passwordHash: null });
    const e = await enrol(db(), u.id, 'time-course');
    if (!e.ok) throw new Error('enrol');
    const lesson = c.lessons[0]!;
    // Nothing is counted for a lesson never opened.
    expect(await recordTime(db(), u.id, lesson, 30)).toBe(false);
    await openLesson(db(), u.id, 'time-course', lesson, 'en');
    const seconds = async () => (await db().select().from(lessonProgress).where(and(eq(lessonProgress.enrolmentId, e.enrolment.id), eq(lessonProgress.lessonId, lesson))))[0]!.secondsSpent;
    const seenAgo = (s: number) => db().update(lessonProgress).set({ lastSeenAt: sql`now() - make_interval(secs => ${s})` }).where(eq(lessonProgress.enrolmentId, e.enrolment.id));
    await seenAgo(40);
    await recordTime(db(), u.id, lesson, 30);
    expect(await seconds()).toBe(30);
    // A claim of more time than has passed since the last report counts only what has passed.
    await recordTime(db(), u.id, lesson, 30);
    expect(await seconds()).toBeLessThanOrEqual(33);
    // Completing without scripts counts the time since the lesson was opened, up to a bound: a tab left open
    // overnight on this ten-minute lesson adds twenty minutes, twice its estimated time.
    await seenAgo(8 * 3600);
    const before = await seconds();
    const lc = (await learnerCourse(db(), u.id, 'time-course', 'en'))!;
    await completeLesson(db(), lc, lesson);
    expect((await seconds()) - before).toBe(1200);
    // Another learner cannot report time on this learner's lesson.
    const other = await createUser(db(), { email: 'o@example.org', name: 'O', passwordHash: null });
    expect(await recordTime(db(), other.id, lesson, 30)).toBe(false);
  });
});

describe('learning through the web', () => {
  let nurse: Client;
  beforeAll(async () => {
    nurse = await signedInAs(ctx, 'nurse@example.org', 'learner');
  });

  it('shows the catalogue, the paths and a course to visitors, and asks them to sign in to enrol', async () => {
    const visitor = new Client(ctx.app, { 'accept-language': 'it' });
    const catalogue = await visitor.get('/training?profession=nurse&language=it');
    expect(catalogue.statusCode).toBe(200);
    expect(catalogue.body).toContain('/training/courses/migration-culture-mental-health');
    expect(catalogue.body).not.toContain('/training/courses/transcultural-assessment-and-treatment');
    const path = await visitor.get('/training/paths/nurse');
    expect(path.statusCode).toBe(200);
    expect(path.body).toContain('<html lang="it"');
    expect((await visitor.get('/training/paths/astronaut')).statusCode).toBe(404);
    const course = await visitor.get('/training/courses/migration-culture-mental-health');
    expect(course.statusCode).toBe(200);
    expect(course.body).toContain('/signin?next=%2Ftraining%2Fcourses%2Fmigration-culture-mental-health');
    expect((await visitor.get('/training/courses/no-such-course')).statusCode).toBe(404);
    expect((await visitor.get('/learn')).statusCode).toBe(303);
    // Odd filters are ignored rather than refused.
    expect((await visitor.get('/training?profession=%3Cscript%3E&level[]=x')).statusCode).toBe(200);
  });

  it('enrols a learner, walks through the lessons, resumes, and completes the course', async () => {
    const slug = 'recognising-distress-and-trauma';
    const page = await nurse.get(`/training/courses/${slug}`);
    expect(page.body).toContain(`action="/training/courses/${slug}/enrol"`);
    const enrolled = await nurse.post(`/training/courses/${slug}/enrol`);
    expect(enrolled.statusCode).toBe(303);
    expect(enrolled.headers.location).toBe(`/learn/${slug}?notice=enrolled`);
    // Enrolling twice changes nothing.
    expect((await nurse.post(`/training/courses/${slug}/enrol`)).headers.location).toBe(`/learn/${slug}`);

    const home = await nurse.get(`/learn/${slug}`);
    expect(home.statusCode).toBe(200);
    const lessonIds = [...home.body.matchAll(new RegExp(`href="/learn/${slug}/lessons/([0-9a-f-]{36})"`, 'g'))].map((m) => m[1]!);
    const unique = [...new Set(lessonIds)];
    expect(unique.length).toBe(4);

    const first = await nurse.get(`/learn/${slug}/lessons/${unique[0]}`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toContain('no-store');
    // The knowledge check answers without scripts: a GET with the chosen option shows its feedback.
    const check = /name="check" value="([0-9a-f-]{36})"/.exec(first.body)![1]!;
    const answered = await nurse.get(`/learn/${slug}/lessons/${unique[0]}?check=${check}&option=0`);
    expect(answered.body).toMatch(/alert--(success|warning)/);

    const done = await nurse.post(`/learn/${slug}/lessons/${unique[0]}/complete`);
    expect(done.headers.location).toBe(`/learn/${slug}/lessons/${unique[1]}`);
    // Leaving and coming back resumes at the lesson opened last.
    await nurse.get(`/learn/${slug}/lessons/${unique[1]}`);
    const dashboard = await nurse.get('/learn');
    expect(dashboard.body).toContain(`/learn/${slug}/lessons/${unique[1]}`);
    expect(dashboard.body).toContain('<progress max="4" value="1"');

    for (const id of unique.slice(1, 3)) await nurse.post(`/learn/${slug}/lessons/${id}/complete`);
    // After the last lesson comes the final test; the course is complete only once it is passed.
    const last = await nurse.post(`/learn/${slug}/lessons/${unique[3]}/complete`);
    expect(last.headers.location).toBe(`/learn/${slug}/tests/post-test`);
    expect(await db().select().from(enrolments).innerJoin(courses, eq(courses.id, enrolments.courseId)).where(and(eq(courses.slug, slug), eq(enrolments.status, 'completed')))).toEqual([]);
    expect((await nurse.get(`/learn/${slug}`)).body).toContain('<progress max="4" value="4"');
  });

  it('keeps a learner out of lessons of courses they are not enrolled in, and out of other learners’ progress', async () => {
    const other = await signedInAs(ctx, 'other-learner@example.org', 'learner');
    const slug = 'recognising-distress-and-trauma';
    const home = await nurse.get(`/learn/${slug}`);
    const lesson = /href="\/learn\/[a-z-]+\/lessons\/([0-9a-f-]{36})"/.exec(home.body)![1]!;
    expect((await other.get(`/learn/${slug}`)).headers.location).toBe(`/training/courses/${slug}`);
    expect((await other.get(`/learn/${slug}/lessons/${lesson}`)).statusCode).toBe(404);
    expect((await other.post(`/learn/${slug}/lessons/${lesson}/complete`)).statusCode).toBe(404);
    expect((await other.json('POST', '/api/learning/time', { lesson, seconds: 30 })).statusCode).toBe(404);
    // A lesson id of another course is not a lesson of this one.
    await nurse.post('/training/courses/migration-culture-mental-health/enrol');
    expect((await nurse.get(`/learn/migration-culture-mental-health/lessons/${lesson}`)).statusCode).toBe(404);
    expect((await nurse.get(`/learn/${slug}/lessons/not-a-uuid`)).statusCode).toBe(404);
  });

  it('takes time reports from the lesson page as JSON, and refuses bad ones with problem details', async () => {
    const slug = 'migration-culture-mental-health';
    const home = await nurse.get(`/learn/${slug}`);
    const lesson = new RegExp(`href="/learn/${slug}/lessons/([0-9a-f-]{36})"`).exec(home.body)![1]!;
    await nurse.get(`/learn/${slug}/lessons/${lesson}`);
    expect((await nurse.json('POST', '/api/learning/time', { lesson, seconds: 0 })).statusCode).toBe(204);
    const bad = await nurse.json('POST', '/api/learning/time', { lesson, seconds: 'lots' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await nurse.json('POST', '/api/learning/time', { lesson: 'x', seconds: 1 })).statusCode).toBe(400);
  });
});
