import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import type { Module, PonteApp } from '../../platform/http/app.js';
import { perContentVersionByKey } from '../../platform/content-version.js';
import { hasRole } from '../../platform/access.js';
import { HttpError } from '../../platform/http/errors.js';
import { parseForm, text, slugParam as slugSchema } from '../../platform/http/forms.js';
import { contentDisposition } from '../../platform/storage.js';
import { isLocale, type Locale } from '../../platform/i18n/index.js';
import { PROFESSIONS, type Profession } from '../../platform/identity/users.js';
import type { Platform } from '../../platform/platform.js';
import { registerPersonalData } from '../../platform/personal-data.js';
import { getCourse, learningPath, learningPaths, listCatalogue, type CatalogueFilters } from './catalogue.js';
import { ASSESSMENT_KINDS, COURSE_LEVELS, QUESTIONNAIRE_KINDS, TOPICS, type AssessmentKind, type CourseLevel, type QuestionnaireKind, type Topic } from './content.js';
import { attemptQuestions, courseUsesEcm, findAttempt, getAssessment, preTestScore, startAttempt, submitAttempt, testState, type TestState } from './assessments.js';
import { answerQuestionnaire, certificateWaitsForSatisfaction, FOLLOW_UP_QUEUE, hasAnswered, mayAnswer, questionnaireSchema, sendFollowUps } from './questionnaires.js';
import { completeIfDone, completeLesson, dashboard, enrol, enrolmentsOf, learnerCourse, openLesson, recordTime, resumeLesson, type LearnerCourse } from './learning.js';
import { normaliseCode } from './codes.js';
import { trainingPersonalData } from './personal-data.js';
import { certificatePdf, certificatesOf, findCertificate, revokeCertificate } from './certificates.js';
import { sessionsForLearner, upcomingSessionsFor } from './live.js';
import { captionsIn, LIGHT_COOKIE, lessonMedia, type ImagesReader } from './files.js';
import { displayImages } from '../media/service.js';
import { mediaRoutes, sendCaptions } from './media-routes.js';
import { trainerRoutes } from './trainer-routes.js';
import { lessonsInOrder } from './versions.js';
import { recommendationsTaughtBy } from '../guidelines/lesson-links.js';
import { CertificatePage, VerifyForm } from './views/certificates.js';
import { authorRoutes } from './author-routes.js';
import { packageRoutes } from './package-routes.js';
import { readerChoices } from './lesson-query.js';
import { scormLaunches } from './scorm.js';
import { scormRoutes } from './scorm-routes.js';
import { badgeRoutes, credentialPanel } from './badge-routes.js';
import { CataloguePage, CoursePage, PathPage, type EnrolmentState } from './views/catalogue.js';
import { DashboardPage, LearnerCoursePage, LessonPage } from './views/learn.js';
import { QuestionnairePage } from './views/questionnaire.js';
import { AttemptForm, AttemptResult, TestPage } from './views/tests.js';
import { learningEvents, lessonExperienced, namesOf } from './xapi-events.js';

const uuid = z.string().uuid();
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional(), instance: z.string().optional() });
export const NOTICES = ['enrolled', 'completed', 'answered', 'joined'] as const;
/** Why a test cannot start (training.test.blocked.*). */
export const BLOCKED: readonly NonNullable<TestState['blocked']>[] = ['passed', 'taken', 'awaiting-grading', 'attempts-used', 'lessons-first', 'pre-test-first', 'review-needed', 'no-questions'];

const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined => (typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : undefined);

/** Training: the catalogue, learning paths per profession, course pages, and learners' courses and lessons. */
export const trainingModule: Module = {
  name: 'training',
  setup(p) {
    registerPersonalData(p, 'training', trainingPersonalData);
    // Every morning, the follow-up questionnaire to those who completed a course the configured months ago.
    p.jobs.define({ name: FOLLOW_UP_QUEUE, schedule: '0 6 * * *', retryLimit: 3, handler: async () => void (await sendFollowUps(p, p.config.training.followUpMonths)) });
  },
  routes(app, p: Platform) {
    p.navigation.primary.push({ href: '/training', labelKey: 'training.title' });
    p.navigation.account.push({ href: '/learn', labelKey: 'training.dashboard.title' });
    p.navigation.primary.push({ href: '/trainer', labelKey: 'training.trainer.title', role: 'trainer' });
    trainerRoutes(app, p);
    authorRoutes(app, p);
    packageRoutes(app, p);
    scormRoutes(app, p);
    mediaRoutes(app, p);
    badgeRoutes(app, p);
    const db = p.database.db;
    const cached = { config: { access: 'public' as const, pageCache: true as const } };
    const learners = { config: { access: 'signed-in' as const } };
    const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
    const param = (req: FastifyRequest, name: string, schema: z.ZodType<string>) => {
      const v = (req.params as Record<string, string>)[name];
      if (!schema.safeParse(v).success) throw new HttpError(404, 'error.404.body');
      return v!;
    };
    const notice = (req: FastifyRequest) => (typeof q(req).notice === 'string' && (NOTICES as readonly string[]).includes(q(req).notice as string) ? (q(req).notice as string) : null);
    /** Courses the signed-in user has completed (to mark paths and prerequisites). */
    const completedIn = (list: { status: string; courseId: string }[]) => new Set(list.filter((e) => e.status === 'completed').map((e) => e.courseId));
    const completedBy = async (req: FastifyRequest) => (req.principal ? completedIn(await enrolmentsOf(db, req.principal.id)) : null);

    app.get('/training', cached, async (req, reply) => {
      const filters: CatalogueFilters = {
        profession: oneOf<Profession>(PROFESSIONS, q(req).profession),
        language: isLocale(q(req).language) ? q(req).language : undefined,
        level: oneOf<CourseLevel>(COURSE_LEVELS, q(req).level),
        topic: oneOf<Topic>(TOPICS, q(req).topic),
      } as CatalogueFilters;
      const [courses, paths] = await Promise.all([listCatalogue(db, req.locale, filters), learningPaths(db)]);
      return reply.page(h(CataloguePage, { courses, filters, paths: PROFESSIONS.flatMap((x) => paths.filter((y) => y.profession === x)) }));
    });

    app.get('/training/paths/:profession', cached, async (req, reply) => {
      const profession = oneOf<Profession>(PROFESSIONS, (req.params as { profession: string }).profession);
      if (!profession) throw new HttpError(404, 'error.404.body');
      const steps = await learningPath(db, profession, req.locale);
      if (!steps.length) throw new HttpError(404, 'error.404.body');
      return reply.page(h(PathPage, { profession, steps, completed: await completedBy(req) }));
    });

    app.get('/training/courses/:slug', cached, async (req, reply) => {
      const slug = param(req, 'slug', slugSchema);
      const detail = await getCourse(db, slug, req.locale);
      if (!detail) throw new HttpError(404, 'error.404.body');
      let state: EnrolmentState = { kind: 'anonymous' };
      let completed = new Set<string>();
      if (req.principal) {
        const mine = await enrolmentsOf(db, req.principal.id);
        const enrolment = mine.find((e) => e.courseId === detail.card.id);
        state = enrolment ? { kind: 'enrolled', completed: enrolment.status === 'completed' } : { kind: 'not-enrolled' };
        completed = completedIn(mine);
      }
      return reply.page(h(CoursePage, { detail, state, completedCourses: completed }), { view: { type: 'course', id: detail.card.id } });
    });

    app.post('/training/courses/:slug/enrol', learners, async (req, reply) => {
      const slug = param(req, 'slug', slugSchema);
      const r = await enrol(db, req.principal!.id, slug, learningEvents(p));
      if (!r.ok) throw new HttpError(404, 'error.404.body');
      return reply.redirect(`/learn/${slug}${r.created ? '?notice=enrolled' : ''}`, 303);
    });

    app.get('/learn', learners, async (req, reply) => {
      const courses = await dashboard(db, req.principal!.id, req.locale);
      return reply.page(h(DashboardPage, { courses, notice: notice(req), certificates: await certificatesOf(db, courses.map((c) => c.enrolment.id)), sessions: await upcomingSessionsFor(db, req.principal!.id) }));
    });

    const mine = async (req: FastifyRequest) => {
      const slug = param(req, 'slug', slugSchema);
      const lc = await learnerCourse(db, req.principal!.id, slug, req.locale);
      return { slug, lc };
    };
    app.get('/learn/:slug', learners, async (req, reply) => {
      const { slug, lc } = await mine(req);
      // Not enrolled (yet): the course's page says what it is and offers enrolment.
      if (!lc) return reply.redirect(`/training/courses/${slug}`, 303);
      const ecm = await courseUsesEcm(db, lc.enrolment.courseId);
      const tests = (await Promise.all(ASSESSMENT_KINDS.map(async (kind) => ({ kind, state: await testState(db, lc.enrolment, lc.snapshot, kind, { ecm }) })))).flatMap((x) => (x.state ? [{ kind: x.kind, state: x.state }] : []));
      return reply.page(
        h(LearnerCoursePage, {
          lc,
          resumeLessonId: resumeLesson(lc.snapshot, lc.progress, lc.enrolment.lastLessonId),
          notice: notice(req),
          tests,
          certificate: (await certificatesOf(db, [lc.enrolment.id]))[0] ?? null,
          questionnaires: await Promise.all(QUESTIONNAIRE_KINDS.filter((kind) => mayAnswer(lc.enrolment, kind)).map(async (kind) => ({ kind, answered: await hasAnswered(db, lc.enrolment.id, kind) }))),
          certificateWaits: lc.enrolment.status === 'completed' && (await certificateWaitsForSatisfaction(db, lc.enrolment.id)),
          sessions: await sessionsForLearner(db, lc.enrolment),
        }),
      );
    });

    // What a lesson page shows from other public content (library images, the guideline recommendations the lesson
    // teaches) changes only with the content version: read once per version, lesson and language, not per view.
    const versions = (app as PonteApp).contentVersion;
    const lessonImages: ImagesReader = (ids, locale) => keptImages(`${locale} ${ids.join(' ')}`);
    const keptImages = perContentVersionByKey(versions, (key) => {
      const [locale, ...ids] = key.split(' ');
      return displayImages(db, ids, locale as Locale);
    });
    const taughtBy = perContentVersionByKey(versions, (key) => {
      const [locale, lessonId] = key.split(' ');
      return recommendationsTaughtBy(db, lessonId!, locale as Locale);
    });
    const lessonOf = async (req: FastifyRequest) => {
      const { slug, lc } = await mine(req);
      const lessonId = param(req, 'lesson', uuid);
      if (!lc) throw new HttpError(404, 'error.404.body');
      const found = lessonsInOrder(lc.snapshot).find((x) => x.lesson.id === lessonId);
      if (!found) throw new HttpError(404, 'error.404.body');
      return { slug, lc, lesson: found.lesson, next: lessonsInOrder(lc.snapshot)[found.index + 1]?.lesson ?? null };
    };
    app.get('/learn/:slug/lessons/:lesson', learners, async (req, reply) => {
      // One statement reads the learner's course and records the visit, only for a lesson of their version.
      const lessonId = param(req, 'lesson', uuid);
      const lc = await openLesson(db, req.principal!.id, param(req, 'slug', slugSchema), lessonId, req.locale);
      const lesson = lc && lessonsInOrder(lc.snapshot).find((x) => x.lesson.id === lessonId)?.lesson;
      if (!lesson) throw new HttpError(404, 'error.404.body');
      // The first visit (the statement above set both times to the same now()) is recorded as `experienced`.
      const visit = lc.progress.get(lesson.id)!;
      if (visit.firstVisitedAt.getTime() === visit.lastSeenAt.getTime()) {
        const xapi = learningEvents(p);
        const named = { id: lesson.id, names: namesOf(lesson.texts, (t) => t.title) };
        xapi.add({ userId: lc.enrolment.userId, courseId: lc.enrolment.courseId, enrolmentId: lc.enrolment.id, at: visit.firstVisitedAt }, (x) => [lessonExperienced(x, named)]);
        await db.transaction((tx) => xapi.flush(tx));
      }
      const { check, sco } = readerChoices(q(req));
      const page = `/learn/${lc.course.slug}/lessons/${lesson.id}`;
      const media = await lessonMedia(lessonImages, lesson, req.locale, req.cookies[LIGHT_COOKIE] === '1', (block, locale) => `${page}/captions/${block}/${locale}.vtt`);
      media.scorm = await scormLaunches(db, p.config.secretKey, lesson, { enrolmentId: lc.enrolment.id }, sco);
      const teaches = await taughtBy(`${req.locale} ${lesson.id}`);
      return reply.header('cache-control', 'private, no-store').page(h(LessonPage, { lc, lesson, check, media, teaches }));
    });
    app.get('/learn/:slug/lessons/:lesson/captions/:block/:file', learners, async (req, reply) => {
      const { lesson } = await lessonOf(req);
      const vtt = captionsIn(lesson, param(req, 'block', uuid), (req.params as { file: string }).file);
      if (!vtt) throw new HttpError(404, 'error.404.body');
      return sendCaptions(reply, vtt);
    });
    app.post('/learn/:slug/lessons/:lesson/complete', learners, async (req, reply) => {
      const { slug, lc, lesson, next } = await lessonOf(req);
      // A lesson with SCORM activities is completed by them when they report it (scorm.ts commitRuntime).
      if (lesson.blocks.some((b) => b.kind === 'scorm') && !lc.progress.get(lesson.id)?.completedAt) throw new HttpError(409, 'training.scorm.completesItself');
      const r = await completeLesson(db, lc, lesson.id, learningEvents(p));
      if (r.courseCompleted) return reply.redirect(`/learn/${slug}?notice=completed`, 303);
      // After the last lesson: the post-test, when the course has one.
      return reply.redirect(next ? `/learn/${slug}/lessons/${next.id}` : (await getAssessment(db, lc.enrolment.courseId, 'post-test')) ? `/learn/${slug}/tests/post-test` : `/learn/${slug}`, 303);
    });

    // Pre-test and post-test.
    const testKind = (req: FastifyRequest): AssessmentKind => {
      const kind = oneOf<AssessmentKind>(ASSESSMENT_KINDS, (req.params as { kind: string }).kind);
      if (!kind) throw new HttpError(404, 'error.404.body');
      return kind;
    };
    const enrolled = async (req: FastifyRequest) => {
      const { slug, lc } = await mine(req);
      if (!lc) throw new HttpError(404, 'error.404.body');
      return { slug, lc, ecm: await courseUsesEcm(db, lc.enrolment.courseId) };
    };
    app.get('/learn/:slug/tests/:kind', learners, async (req, reply) => {
      const kind = testKind(req);
      const { lc, ecm } = await enrolled(req);
      const state = await testState(db, lc.enrolment, lc.snapshot, kind, { ecm });
      if (!state) throw new HttpError(404, 'error.404.body');
      const error = oneOf(BLOCKED, q(req).blocked);
      return reply.header('cache-control', 'private, no-store').page(h(TestPage, { lc, kind, state, ecm, error }));
    });
    app.post('/learn/:slug/tests/:kind/start', learners, async (req, reply) => {
      const kind = testKind(req);
      const { slug, lc } = await enrolled(req);
      const r = await startAttempt(db, lc.enrolment, lc.snapshot, kind, req.locale);
      if (!r.ok && r.reason === 'not-found') throw new HttpError(404, 'error.404.body');
      if (!r.ok) return reply.redirect(`/learn/${slug}/tests/${kind}?blocked=${r.reason}`, 303);
      return reply.redirect(`/learn/${slug}/attempts/${r.attempt.id}`, 303);
    });
    const attemptOf = async (req: FastifyRequest) => {
      const { slug, lc } = await enrolled(req);
      const id = param(req, 'attempt', uuid);
      const attempt = await findAttempt(db, lc.enrolment.id, id);
      if (!attempt) throw new HttpError(404, 'error.404.body');
      return { slug, lc, attempt: attempt.attempt, kind: attempt.kind, passMark: attempt.passMark };
    };
    app.get('/learn/:slug/attempts/:attempt', learners, async (req, reply) => {
      const { lc, attempt, kind, passMark } = await attemptOf(req);
      const items = await attemptQuestions(db, attempt, lc.snapshot.sourceLocale);
      reply.header('cache-control', 'private, no-store');
      if (!attempt.submittedAt) return reply.page(h(AttemptForm, { lc, kind, attemptId: attempt.id, number: attempt.number, items }));
      const pre = kind === 'post-test' ? await preTestScore(db, lc.enrolment) : null;
      return reply.page(h(AttemptResult, { lc, kind, attempt: { ...attempt, answers: attempt.answers ?? [] }, items, passMark, pre, courseCompleted: lc.enrolment.status === 'completed' }));
    });
    app.post('/learn/:slug/attempts/:attempt', learners, async (req, reply) => {
      const { slug, lc, attempt } = await attemptOf(req);
      const xapi = learningEvents(p);
      const r = await submitAttempt(db, lc.enrolment.id, attempt.id, (req.body ?? {}) as Record<string, unknown>, (tx) => completeIfDone(tx, lc.enrolment, lc.snapshot, xapi), xapi);
      if (!r.ok && r.reason === 'not-found') throw new HttpError(404, 'error.404.body');
      // Submitted twice (a double click, the back button): the result stands, the second answer changes nothing.
      return reply.redirect(`/learn/${slug}/attempts/${attempt.id}`, 303);
    });

    // Questionnaires: satisfaction at the end (for ECM courses, before the certificate), follow-up months later.
    const questionnaire = async (req: FastifyRequest) => {
      const kind = oneOf<QuestionnaireKind>(QUESTIONNAIRE_KINDS, (req.params as { kind: string }).kind);
      if (!kind) throw new HttpError(404, 'error.404.body');
      const { slug, lc } = await enrolled(req);
      if (!mayAnswer(lc.enrolment, kind)) throw new HttpError(404, 'error.404.body');
      return { slug, lc, kind, answered: await hasAnswered(db, lc.enrolment.id, kind) };
    };
    const questionnairePage = async (lc: LearnerCourse, kind: QuestionnaireKind, values: Record<string, string> = {}, errors: Record<string, string> = {}) =>
      h(QuestionnairePage, { lc, kind, values, errors, holdsCertificate: kind === 'satisfaction' && (await certificateWaitsForSatisfaction(db, lc.enrolment.id)) });
    app.get('/learn/:slug/questionnaires/:kind', learners, async (req, reply) => {
      const { slug, lc, kind, answered } = await questionnaire(req);
      if (answered) return reply.redirect(`/learn/${slug}?notice=answered`, 303);
      return reply.page(await questionnairePage(lc, kind));
    });
    app.post('/learn/:slug/questionnaires/:kind', learners, async (req, reply) => {
      const { slug, lc, kind, answered } = await questionnaire(req);
      if (answered) return reply.redirect(`/learn/${slug}?notice=answered`, 303);
      const form = parseForm(questionnaireSchema(kind), req.body);
      if (!form.ok) return reply.page(await questionnairePage(lc, kind, form.values, form.errors), { status: 400 });
      await answerQuestionnaire(db, lc.enrolment.id, kind, form.data as Record<string, number | boolean | string | undefined>, req.locale);
      return reply.redirect(`/learn/${slug}?notice=answered`, 303);
    });

    // Certificates: the learner's PDF, the public verification page, revocation by administrators.
    app.get('/learn/certificates/:code/pdf', learners, async (req, reply) => {
      const code = normaliseCode((req.params as { code: string }).code);
      const c = code ? await findCertificate(db, code) : null;
      if (!c || (c.userId !== req.principal!.id && !hasRole(req.principal, 'administrator'))) throw new HttpError(404, 'error.404.body');
      const pdf = await certificatePdf(c, `${p.config.publicUrl}/certificates/${c.code}`);
      return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition('attachment', `certificate-${c.code}.pdf`)).header('cache-control', 'private, no-store').send(pdf);
    });
    const publicPage = { config: { access: 'public' as const } };
    app.get('/certificates', publicPage, async (req, reply) => {
      const typed = typeof q(req).code === 'string' ? (q(req).code as string) : undefined;
      if (typed === undefined) return reply.page(h(VerifyForm, { values: {}, errors: {} }));
      const code = normaliseCode(typed);
      if (!code || !(await findCertificate(db, code))) return reply.page(h(VerifyForm, { values: { code: typed.slice(0, 40) }, errors: { code: 'errors.certificateUnknown' } }), { status: 404 });
      return reply.redirect(`/certificates/${code}`, 303);
    });
    const certificate = async (req: FastifyRequest) => {
      const code = normaliseCode((req.params as { code: string }).code);
      const c = code ? await findCertificate(db, code) : null;
      if (!c) throw new HttpError(404, 'training.certificate.unknown');
      return c;
    };
    app.get('/certificates/:code', publicPage, async (req, reply) => {
      const c = await certificate(req);
      if (c.code !== (req.params as { code: string }).code) return reply.redirect(`/certificates/${c.code}`, 301);
      return reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store').page(h(CertificatePage, { c, courseSlug: c.courseSlug, credential: await credentialPanel(p, c) }));
    });
    app.post('/certificates/:code/revoke', { config: { access: { roles: ['administrator'] as const } } }, async (req, reply) => {
      const c = await certificate(req);
      const form = parseForm(z.object({ reason: text({ max: 500 }) }), req.body);
      if (!form.ok) return reply.page(h(CertificatePage, { c, courseSlug: c.courseSlug, errors: form.errors }), { status: 400 });
      await revokeCertificate(db, c.code, { reason: form.data.reason, actorId: req.principal!.id, requestId: req.id });
      return reply.redirect(`/certificates/${c.code}`, 303);
    });

    app.post(
      '/api/learning/time',
      {
        config: { access: 'signed-in', changesNoContent: true },
        schema: {
          summary: 'Report time spent on an open lesson (sent by the lesson page while it is visible)',
          tags: ['training'],
          security: [{ session: [] }],
          body: z.object({ lesson: z.string().uuid(), seconds: z.number().int().min(0).max(3600) }),
          response: { 204: z.null(), 400: problem, 401: problem, 403: problem, 404: problem },
        },
      },
      async (req, reply) => {
        const body = req.body as { lesson: string; seconds: number };
        if (!(await recordTime(db, req.principal!.id, body.lesson, body.seconds))) throw new HttpError(404);
        return reply.code(204).send();
      },
    );
  },
};
