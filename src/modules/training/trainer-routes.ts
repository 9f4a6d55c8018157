import type { FastifyInstance, FastifyRequest } from 'fastify';
import { asc } from 'drizzle-orm';
import { h } from 'preact';
import { z } from 'zod';
import { hasRole } from '../../platform/access.js';
import { HttpError } from '../../platform/http/errors.js';
import { pageParam, parseForm, text } from '../../platform/http/forms.js';
import { pickTranslation } from '../../platform/translations.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import { organisations } from '../../platform/schema.js';
import { sheet } from '../../platform/spreadsheet.js';
import { contentDisposition } from '../../platform/storage.js';
import { translator } from '../../platform/i18n/index.js';
import { normaliseCode } from './codes.js';
import { sessionsForTrainer } from './live.js';
import { liveRoutes } from './live-routes.js';
import { cohortFor, cohortLearners, cohortsFor, createCohort, joinCohort } from './cohorts.js';
import { questionnaireSummary } from './questionnaires.js';
import { attemptFigures, countsByAll, DIMENSIONS, inOneSnapshot, itemDifficulty, knowledgeGain, type ReportScope } from './reports.js';
import { courses, courseTranslations } from './schema.js';
import { awaitingCount, attemptToGrade, gradeAttempt, gradingQueue, type Grade, type Grader } from './grading.js';
import { CohortNew, CohortPage, JoinPage, ReportPage, TrainerHome, type ReportData } from './views/trainer.js';
import { COMMENT_MAX, GRADES, GradingPage, GradingQueuePage } from './views/grading.js';
import { learningEvents } from './xapi-events.js';

const uuid = z.string().uuid();
const day = z.string({ message: 'errors.date' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date').refine((s) => !Number.isNaN(Date.parse(s)), 'errors.date');

/** Learners per page of a cohort's list. */
const COHORT_PAGE_SIZE = 100;

/** Trainers: cohorts with invitation codes, each cohort's learners, and reports on a course or a cohort. Learners join cohorts. */
export function trainerRoutes(app: FastifyInstance, p: Platform) {
  const db = p.database.db;
  const trainers = { config: { access: { roles: ['trainer'] as const } } };
  const isAdmin = (req: FastifyRequest) => hasRole(req.principal, 'administrator');

  /** Published courses, titled in the reader's language. */
  const courseOptions = async (locale: Locale, publishedOnly = true) => {
    const rows = await db.select().from(courses).orderBy(asc(courses.slug));
    const texts = await db.select().from(courseTranslations);
    return rows
      .filter((c) => !publishedOnly || c.status === 'published')
      .map((c) => ({ value: c.id, label: pickTranslation(texts.filter((x) => x.courseId === c.id), locale, c.sourceLocale)?.value.title ?? c.slug }));
  };

  app.get('/trainer', trainers, async (req, reply) => {
    const options = await courseOptions(req.locale);
    const mine = await cohortsFor(db, req.principal!.id, isAdmin(req));
    const title = (id: string) => options.find((o) => o.value === id)?.label ?? '';
    return reply.page(h(TrainerHome, { cohorts: mine.map((r) => ({ ...r, title: title(r.cohort.courseId) })), courses: options, sessions: await sessionsForTrainer(db, req.principal!.id, isAdmin(req)), awaitingGrading: await awaitingCount(db, grader(req)) }));
  });

  // Grading: short answers left to trainers. A trainer grades their cohorts' learners; an administrator, anyone's.
  // Any other attempt answers 404, as other cohorts do.
  const grader = (req: FastifyRequest): Grader => ({ id: req.principal!.id, all: isAdmin(req) });
  app.get('/trainer/grading', trainers, async (req, reply) => {
    const notice = (req.query as Record<string, unknown>).notice === 'graded' ? 'graded' : null;
    return reply.header('cache-control', 'private, no-store').page(h(GradingQueuePage, { entries: await gradingQueue(db, grader(req), req.locale), notice }));
  });
  const toGrade = async (req: FastifyRequest) => {
    const id = (req.params as { attempt: string }).attempt;
    const a = uuid.safeParse(id).success ? await attemptToGrade(db, id, grader(req), req.locale) : null;
    if (!a) throw new HttpError(404, 'error.404.body');
    return a;
  };
  app.get('/trainer/grading/:attempt', trainers, async (req, reply) => reply.header('cache-control', 'private, no-store').page(h(GradingPage, { a: await toGrade(req), values: {}, errors: {} })));
  app.post('/trainer/grading/:attempt', trainers, async (req, reply) => {
    const a = await toGrade(req);
    reply.header('cache-control', 'private, no-store');
    const conflict = () => reply.page(h(GradingPage, { a, values: {}, errors: {}, conflict: true }), { status: 409 });
    if (a.graded) return conflict();
    // Every pending answer needs a grade; a comment is optional.
    const pending = a.items.filter((x) => x.correct === null);
    const schema = z.object(
      Object.fromEntries(pending.flatMap((x) => [[`grade${x.index}`, z.enum(GRADES, { message: 'errors.grade' })], [`comment${x.index}`, text({ max: COMMENT_MAX, required: false })]])),
    );
    const form = parseForm(schema, req.body);
    if (!form.ok) return reply.page(h(GradingPage, { a, values: form.values, errors: form.errors }), { status: 400 });
    const data = form.data as Record<string, string>;
    const grades = new Map<number, Grade>(pending.map((x) => [x.index, { correct: data[`grade${x.index}`] === 'correct', comment: data[`comment${x.index}`] ?? '' }]));
    const r = await gradeAttempt(p, a.attempt.id, grader(req), grades);
    if (!r.ok && r.reason === 'not-found') throw new HttpError(404, 'error.404.body');
    // Graded meanwhile by someone else (or the answers changed under the form): say so, show what stands.
    if (!r.ok) return reply.page(h(GradingPage, { a: (await attemptToGrade(db, a.attempt.id, grader(req), req.locale)) ?? a, values: form.values, errors: {}, conflict: true }), { status: 409 });
    return reply.redirect('/trainer/grading?notice=graded', 303);
  });
  liveRoutes(app, p, (req) => courseOptions(req.locale));

  const organisationOptions = async () => (await db.select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.name))).map((o) => ({ value: o.id, label: o.name }));
  const cohortSchema = z
    .object({
      courseId: z.string({ message: 'errors.choose' }).uuid('errors.choose'),
      name: text({ max: 200 }),
      organisationId: z.union([z.literal(''), z.string().uuid()], { message: 'errors.choose' }).optional(),
      startsOn: day,
      endsOn: day,
    })
    .refine((d) => d.endsOn >= d.startsOn, { path: ['endsOn'], message: 'errors.endBeforeStart' });
  app.get('/trainer/cohorts/new', trainers, async (req, reply) => reply.page(h(CohortNew, { values: {}, errors: {}, courses: await courseOptions(req.locale), organisations: await organisationOptions() })));
  app.post('/trainer/cohorts/new', trainers, async (req, reply) => {
    const form = parseForm(cohortSchema, req.body);
    const [courseList, orgs] = await Promise.all([courseOptions(req.locale), organisationOptions()]);
    const fail = (errors: Record<string, string>) => reply.page(h(CohortNew, { values: form.values, errors, courses: courseList, organisations: orgs }), { status: 400 });
    if (!form.ok) return fail(form.errors);
    if (!courseList.some((c) => c.value === form.data.courseId)) return fail({ courseId: 'errors.choose' });
    if (form.data.organisationId && !orgs.some((o) => o.value === form.data.organisationId)) return fail({ organisationId: 'errors.choose' });
    const c = await createCohort(db, { courseId: form.data.courseId, name: form.data.name, organisationId: form.data.organisationId || null, startsOn: form.data.startsOn, endsOn: form.data.endsOn, trainerId: req.principal!.id });
    return reply.redirect(`/trainer/cohorts/${c.id}`, 303);
  });

  const cohortOf = async (req: FastifyRequest, id: unknown) => {
    const c = typeof id === 'string' && uuid.safeParse(id).success ? await cohortFor(db, id, req.principal!.id, isAdmin(req)) : null;
    if (!c) throw new HttpError(404, 'error.404.body');
    return c;
  };
  app.get('/trainer/cohorts/:id', trainers, async (req, reply) => {
    const c = await cohortOf(req, (req.params as { id: string }).id);
    const title = (await courseOptions(req.locale, false)).find((o) => o.value === c.courseId)?.label ?? c.slug;
    const query = req.query as Record<string, unknown>;
    const q = typeof query.q === 'string' ? query.q.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 100) : '';
    const page = pageParam(query.page);
    const { total, learners } = await cohortLearners(db, c.id, { page, pageSize: COHORT_PAGE_SIZE, q: q || undefined });
    return reply.header('cache-control', 'private, no-store').page(h(CohortPage, { cohort: c, title, learners, total, page, pageSize: COHORT_PAGE_SIZE, q, joinUrl: `${p.config.publicUrl}/training/join?code=${c.invitationCode}` }));
  });

  // Reports: a course's learners, or one cohort's (only a cohort one trains, unless an administrator).
  const reportScope = async (req: FastifyRequest): Promise<{ scope: ReportScope; title: string; cohort: { id: string; name: string } | null }> => {
    const courseId = (req.params as { id: string }).id;
    const course = uuid.safeParse(courseId).success ? (await courseOptions(req.locale, false)).find((o) => o.value === courseId) : undefined;
    if (!course) throw new HttpError(404, 'error.404.body');
    const wanted = (req.query as Record<string, unknown>).cohort;
    if (wanted === undefined || wanted === '') return { scope: { courseId }, title: course.label, cohort: null };
    const c = await cohortOf(req, wanted);
    if (c.courseId !== courseId) throw new HttpError(404, 'error.404.body');
    return { scope: { courseId, cohortId: c.id }, title: course.label, cohort: { id: c.id, name: c.name } };
  };
  const report = async (req: FastifyRequest): Promise<ReportData> => {
    const { scope, title, cohort } = await reportScope(req);
    // The figures are passes over every enrolment of the course: on the read replica when there is one.
    const { gain, attempts, items, satisfaction, counts } = await inOneSnapshot((await p.reads.forRequest(req)).db, async (tx) => ({
      gain: await knowledgeGain(tx, scope),
      attempts: await attemptFigures(tx, scope),
      items: await itemDifficulty(tx, scope, req.locale),
      satisfaction: await questionnaireSummary(tx, scope.courseId, 'satisfaction'),
      counts: await countsByAll(tx, scope),
    }));
    const mine = (await cohortsFor(db, req.principal!.id, isAdmin(req))).filter((r) => r.cohort.courseId === scope.courseId);
    return {
      courseId: scope.courseId,
      title,
      cohort,
      cohorts: mine.map((r) => ({ value: r.cohort.id, label: r.cohort.name })),
      gain,
      attempts,
      items,
      satisfaction,
      counts,
    };
  };
  app.get('/trainer/courses/:id/report', trainers, async (req, reply) => reply.page(h(ReportPage, { r: await report(req) })));
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/trainer/courses/:id/report.${format}`, trainers, async (req, reply) => {
      const table = (req.query as Record<string, unknown>).table;
      if (table !== 'gain' && table !== 'counts' && table !== 'items') throw new HttpError(400, 'errors.choose');
      // Only the table asked for: each is a pass over the scope's enrolments.
      const { scope, cohort } = await reportScope(req);
      const t = translator(req.locale);
      const readDb = (await p.reads.forRequest(req)).db;
      const bytes =
        table === 'gain'
          ? await knowledgeGain(readDb, scope).then((gain) =>
              sheet(format, 'gain', [{ header: t('training.report.measure'), key: 'k', width: 40 }, { header: t('training.report.value'), key: 'v' }], [
                { k: 'n', v: gain.n },
                { k: 'pre_mean', v: gain.preMean },
                { k: 'post_mean', v: gain.postMean },
                { k: 'mean_gain', v: gain.gain },
                { k: 'mean_gain_ci_low', v: gain.gainCi?.[0] ?? null },
                { k: 'mean_gain_ci_high', v: gain.gainCi?.[1] ?? null },
                { k: 'effect_size_dz', v: gain.effectSize },
                { k: 'effect_size_ci_low', v: gain.effectSizeCi?.[0] ?? null },
                { k: 'effect_size_ci_high', v: gain.effectSizeCi?.[1] ?? null },
              ]),
            )
          : table === 'counts'
            ? await countsByAll(readDb, scope).then((counts) =>
                sheet(
                  format,
                  'counts',
                  ['dimension', 'key', 'enrolled', 'completed', 'certified'].map((key) => ({ header: key, key })),
                  DIMENSIONS.flatMap((d) => counts[d].map((x) => ({ dimension: d, key: x.key, enrolled: x.enrolled, completed: x.completed, certified: x.certified }))),
                ),
              )
            : await itemDifficulty(readDb, scope, req.locale).then((items) =>
                sheet(
                  format,
                  'items',
                  ['competence', 'question', 'pre_answered', 'pre_right', 'post_answered', 'post_right'].map((key) => ({ header: key, key, width: key === 'question' ? 60 : 16 })),
                  items.map((x) => ({ competence: x.competence, question: x.stem, pre_answered: x.pre.answered, pre_right: x.pre.right, post_answered: x.post.answered, post_right: x.post.right })),
                ),
              );
      const r = { courseId: scope.courseId, cohort };
      const name = `report-${r.courseId.slice(0, 8)}${r.cohort ? `-${r.cohort.id.slice(0, 8)}` : ''}-${table}.${format}`;
      return reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition('attachment', name))
        .header('cache-control', 'no-store')
        .send(bytes);
    });
  }

  // Learners join a cohort with its invitation code.
  const learners = { config: { access: 'signed-in' as const } };
  app.get('/training/join', learners, async (req, reply) => {
    const code = (req.query as Record<string, unknown>).code;
    return reply.page(h(JoinPage, { values: { code: typeof code === 'string' ? code.slice(0, 40) : '' }, errors: {} }));
  });
  app.post('/training/join', learners, async (req, reply) => {
    const form = parseForm(z.object({ code: text({ max: 40 }) }), req.body);
    const code = form.ok ? normaliseCode(form.data.code) : null;
    const r = code ? await joinCohort(db, req.principal!.id, code, learningEvents(p)) : null;
    if (!r?.ok) return reply.page(h(JoinPage, { values: form.values, errors: { code: r && !r.ok && r.reason === 'ended' ? 'errors.cohortEnded' : form.ok ? 'errors.invitationUnknown' : (form.errors.code ?? 'errors.required') } }), { status: 400 });
    return reply.redirect(`/learn/${r.slug}?notice=joined`, 303);
  });
}
