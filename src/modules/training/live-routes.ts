import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h } from 'preact';
import QRCode from 'qrcode';
import { z } from 'zod';
import { hasRole } from '../../platform/access.js';
import { HttpError } from '../../platform/http/errors.js';
import { localDateTime, parseForm, text, slugParam as slugSchema } from '../../platform/http/forms.js';
import { LOCALES } from '../../platform/i18n/index.js';
import { isTimeZone, zonedTimeToInstant } from '../../platform/i18n/time-zones.js';
import type { Platform } from '../../platform/platform.js';
import { cohortsFor } from './cohorts.js';
import { LIVE_SESSION_KINDS, LIVE_SESSION_MODES } from './content.js';
import { applyCompletionRule, learnerCourse } from './learning.js';
import { learningEvents } from './xapi-events.js';
import { attendanceToken, cancelSessionRegistration, createLiveSession, markAttendance, registerForSession, sessionForTrainer, sessionRoster, sessionsForLearner, validAttendanceToken } from './live.js';
import { AttendConfirm, SessionCodePage, SessionNew, SessionPage } from './views/live.js';

const uuid = z.string().uuid();
const sessionSchema = z
  .object({
    courseId: z.string({ message: 'errors.choose' }).uuid('errors.choose'),
    cohortId: z.union([z.literal(''), z.string().uuid()], { message: 'errors.choose' }).optional(),
    kind: z.enum(LIVE_SESSION_KINDS, { message: 'errors.choose' }),
    locale: z.enum(LOCALES, { message: 'errors.choose' }),
    title: text({ max: 200 }),
    description: text({ max: 5000, required: false }),
    facilitatorGuide: text({ max: 20000, required: false }),
    startsAt: localDateTime(),
    endsAt: localDateTime(),
    timeZone: z.string({ message: 'errors.timeZone' }).trim().refine(isTimeZone, 'errors.timeZone'),
    mode: z.enum(LIVE_SESSION_MODES, { message: 'errors.choose' }),
    place: text({ max: 300, required: false }),
    onlineUrl: text({ max: 500, required: false }).refine((v) => v === '' || /^https:\/\/[^\s]+$/.test(v), 'errors.httpsUrl'),
    capacity: z.union([z.literal(''), z.coerce.number({ message: 'errors.capacity' }).int('errors.capacity').min(1, 'errors.capacity').max(100_000, 'errors.capacity')], { message: 'errors.capacity' }).optional(),
  })
  .superRefine((d, ctx) => {
    const start = zonedTimeToInstant(d.startsAt, d.timeZone);
    const end = zonedTimeToInstant(d.endsAt, d.timeZone);
    if (isTimeZone(d.timeZone) && !start) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'errors.dateTime' });
    if (isTimeZone(d.timeZone) && !end) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'errors.dateTime' });
    if (start && end && end <= start) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'errors.endBeforeStart' });
    if (d.mode !== 'online' && !d.place) ctx.addIssue({ code: 'custom', path: ['place'], message: 'errors.required' });
    if (d.mode !== 'in-person' && !d.onlineUrl) ctx.addIssue({ code: 'custom', path: ['onlineUrl'], message: 'errors.onlineUrlRequired' });
  });

export const LIVE_NOTICES = ['created', 'marked'] as const;

/** Blended training: live sessions, registration, and attendance taken by trainers (from the list or by scanning). */
export function liveRoutes(app: FastifyInstance, p: Platform, courseOptions: (req: FastifyRequest) => Promise<{ value: string; label: string }[]>) {
  const db = p.database.db;
  const trainers = { config: { access: { roles: ['trainer'] as const } } };
  const learners = { config: { access: 'signed-in' as const } };
  const isAdmin = (req: FastifyRequest) => hasRole(req.principal, 'administrator');
  const params = (req: FastifyRequest) => req.params as Record<string, string>;

  // Learners.
  const enrolled = async (req: FastifyRequest) => {
    const slug = params(req).slug!;
    const lc = slugSchema.safeParse(slug).success ? await learnerCourse(db, req.principal!.id, slug, req.locale) : null;
    const sessionId = params(req).session!;
    if (!lc || !uuid.safeParse(sessionId).success) throw new HttpError(404, 'error.404.body');
    const mine = (await sessionsForLearner(db, lc.enrolment)).find((x) => x.session.id === sessionId);
    if (!mine) throw new HttpError(404, 'error.404.body');
    return { slug, lc, mine };
  };
  app.get('/learn/:slug/sessions/:session', learners, async (req, reply) => {
    const { slug, lc, mine } = await enrolled(req);
    if (!mine.registered) return reply.redirect(`/learn/${slug}#live-title`, 303);
    const attendUrl = `${p.config.publicUrl}/trainer/sessions/${mine.session.id}/attend/${lc.enrolment.id}/${attendanceToken(p.config.secretKey, mine.session.id, lc.enrolment.id)}`;
    const qrSvg = await QRCode.toString(attendUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.header('cache-control', 'private, no-store').page(h(SessionCodePage, { slug, course: lc.course.text.value.title, s: mine.session, qrSvg, attendUrl }));
  });
  app.post('/learn/:slug/sessions/:session/register', learners, async (req, reply) => {
    const { slug, lc, mine } = await enrolled(req);
    const r = await registerForSession(db, mine.session.id, lc.enrolment);
    return reply.redirect(r === 'registered' || r === 'already' ? `/learn/${slug}/sessions/${mine.session.id}` : `/learn/${slug}#live-title`, 303);
  });
  app.post('/learn/:slug/sessions/:session/cancel', learners, async (req, reply) => {
    const { slug, lc, mine } = await enrolled(req);
    await cancelSessionRegistration(db, mine.session.id, lc.enrolment.id);
    return reply.redirect(`/learn/${slug}#live-title`, 303);
  });

  // Trainers.
  const cohortOptions = async (req: FastifyRequest) => (await cohortsFor(db, req.principal!.id, isAdmin(req))).map((r) => ({ value: r.cohort.id, label: r.cohort.name, courseId: r.cohort.courseId }));
  app.get('/trainer/sessions/new', trainers, async (req, reply) => reply.page(h(SessionNew, { values: { timeZone: 'Europe/Rome', mode: 'in-person', kind: 'workshop', locale: req.locale }, errors: {}, courses: await courseOptions(req), cohorts: await cohortOptions(req) })));
  app.post('/trainer/sessions/new', trainers, async (req, reply) => {
    const form = parseForm(sessionSchema, req.body);
    const [courses, cohorts] = await Promise.all([courseOptions(req), cohortOptions(req)]);
    const fail = (errors: Record<string, string>) => reply.page(h(SessionNew, { values: form.values, errors, courses, cohorts }), { status: 400 });
    if (!form.ok) return fail(form.errors);
    const d = form.data;
    if (!courses.some((c) => c.value === d.courseId)) return fail({ courseId: 'errors.choose' });
    // A cohort's session belongs to that cohort's course, and to a cohort the trainer trains.
    if (d.cohortId && !cohorts.some((c) => c.value === d.cohortId && c.courseId === d.courseId)) return fail({ cohortId: 'errors.choose' });
    const s = await createLiveSession(
      db,
      {
        courseId: d.courseId,
        cohortId: d.cohortId || null,
        kind: d.kind,
        locale: d.locale,
        title: d.title,
        description: d.description,
        facilitatorGuide: d.facilitatorGuide,
        startsAt: zonedTimeToInstant(d.startsAt, d.timeZone)!,
        endsAt: zonedTimeToInstant(d.endsAt, d.timeZone)!,
        timeZone: d.timeZone,
        mode: d.mode,
        place: d.place,
        onlineUrl: d.onlineUrl || null,
        capacity: d.capacity === '' || d.capacity === undefined ? null : d.capacity,
      },
      req.principal!.id,
    );
    return reply.redirect(`/trainer/sessions/${s.id}?notice=created`, 303);
  });

  const session = async (req: FastifyRequest) => {
    const id = params(req).id!;
    const s = uuid.safeParse(id).success ? await sessionForTrainer(db, id, req.principal!.id, isAdmin(req)) : null;
    if (!s) throw new HttpError(404, 'error.404.body');
    return s;
  };
  app.get('/trainer/sessions/:id', trainers, async (req, reply) => {
    const s = await session(req);
    const notice = (LIVE_NOTICES as readonly string[]).includes((req.query as Record<string, string>).notice ?? '') ? (req.query as Record<string, string>).notice! : null;
    return reply.header('cache-control', 'private, no-store').page(h(SessionPage, { s, roster: await sessionRoster(db, s.id), notice }));
  });

  /** Marks attendance and, when present, applies the course's completion rule for that learner, in one transaction. */
  const mark = async (req: FastifyRequest, enrolmentId: string, present: boolean) => {
    const s = await session(req);
    const ok = await db.transaction(async (tx) => {
      const e = await markAttendance(tx, s, enrolmentId, present, req.principal!.id);
      if (e && present) {
        const xapi = learningEvents(p);
        await applyCompletionRule(tx, e, xapi);
        await xapi.flush(tx);
      }
      return !!e;
    });
    if (!ok) throw new HttpError(404, 'error.404.body');
    return s;
  };
  app.post('/trainer/sessions/:id/attendance', trainers, async (req, reply) => {
    const form = parseForm(z.object({ enrolmentId: z.string().uuid(), present: z.enum(['yes', 'no']) }), req.body);
    if (!form.ok) throw new HttpError(400, 'errors.invalid');
    const s = await mark(req, form.data.enrolmentId, form.data.present === 'yes');
    return reply.redirect(`/trainer/sessions/${s.id}?notice=marked`, 303);
  });
  const scanned = async (req: FastifyRequest) => {
    const s = await session(req);
    const { enrolment, token } = params(req) as { enrolment: string; token: string };
    if (!uuid.safeParse(enrolment).success || !validAttendanceToken(p.config.secretKeys, s.id, enrolment, token)) throw new HttpError(404, 'error.404.body');
    const roster = await sessionRoster(db, s.id);
    return { s, enrolment, learner: roster.find((r) => r.enrolmentId === enrolment) };
  };
  app.get('/trainer/sessions/:id/attend/:enrolment/:token', trainers, async (req, reply) => {
    const { s, enrolment, learner } = await scanned(req);
    return reply.header('referrer-policy', 'no-referrer').page(h(AttendConfirm, { s, learner: learner?.name || learner?.email || '', action: `/trainer/sessions/${s.id}/attend/${enrolment}/${(req.params as { token: string }).token}` }));
  });
  app.post('/trainer/sessions/:id/attend/:enrolment/:token', trainers, async (req, reply) => {
    const { s, enrolment } = await scanned(req);
    await mark(req, enrolment, true);
    return reply.redirect(`/trainer/sessions/${s.id}?notice=marked`, 303);
  });
}
