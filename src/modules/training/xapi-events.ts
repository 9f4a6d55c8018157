import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { LOCALES, translator } from '../../platform/i18n/index.js';
import { activityIri, learnerAgents, storeOwnStatements } from '../xapi/ponte.js';
import { XAPI_VERSION } from '../xapi/statements.js';
import { gradedByTrainer, type AssessmentKind, type QuestionData } from './content.js';
import { courseTranslations, type AttemptAnswer } from './schema.js';

/*
 * Ponte's own learning events as xAPI 1.0.3 statements (docs/xapi.md "Ponte's own statements"). One builder per
 * event, pure (tested against the LRS's own validation), and a recorder that the code of each event fills and
 * then stores in the event's transaction, as its last step (so the LRS's ordering lock is held briefly and the
 * statements are stored in the order the events happened).
 *
 *   enrolment in a course          launched   the course
 *   a lesson opened the first time experienced the lesson    (parent: the course)
 *   a lesson completed             completed  the lesson        (parent: the course)
 *   a test submitted, per question answered   the question      (parent: the test, grouping: the course)
 *   a test scored                  completed  the test          (score; parent: the course)
 *                                  passed / failed the test     (final test only: it has a pass mark)
 *   the course's rule met          completed  the course
 *
 * Time on content and later visits to a lesson record nothing (they are the hot paths).
 */

type Json = Record<string, unknown>;
export type LanguageMap = Record<string, string>;

const ADL = 'http://adlnet.gov/expapi/verbs/';
export const VERBS = {
  launched: `${ADL}launched`,
  experienced: `${ADL}experienced`,
  completed: `${ADL}completed`,
  answered: `${ADL}answered`,
  passed: `${ADL}passed`,
  failed: `${ADL}failed`,
} as const;
export type VerbName = keyof typeof VERBS;

const ACTIVITY_TYPES = {
  course: 'http://adlnet.gov/expapi/activities/course',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  question: 'http://adlnet.gov/expapi/activities/cmi.interaction',
} as const;

/** What every statement of one learner's enrolment shares. */
export interface EventContext {
  publicUrl: string;
  /** The learner's account agent (xapi/ponte.ts learnerAgents): a pseudonym, never an e-mail address or a name. */
  actor: Json;
  course: { id: string; names: LanguageMap };
  /** The enrolment's id: one registration per learner and course. */
  registration: string;
  /** When the event happened (ISO 8601). */
  timestamp: string;
}

export interface Named {
  id: string;
  names: LanguageMap;
}

/** A language map from translation rows, e.g. a snapshot's `texts` (empty texts left out). */
export const namesOf = <T extends { locale: string }>(rows: T[], text: (row: T) => string): LanguageMap => Object.fromEntries(rows.filter((r) => text(r).trim()).map((r) => [r.locale, text(r).trim()]));

const verb = (name: VerbName) => ({ id: VERBS[name], display: { 'en-US': name } });

function activity(publicUrl: string, kind: keyof typeof ACTIVITY_TYPES, x: Named, extra: Json = {}): Json {
  const definition: Json = { type: ACTIVITY_TYPES[kind], ...extra };
  if (Object.keys(x.names).length) definition.name = x.names;
  return { objectType: 'Activity', id: activityIri(publicUrl, kind, x.id), definition };
}

/** A context activity: its id and type (the full definition travels with the statements whose object it is). */
const ref = (publicUrl: string, kind: keyof typeof ACTIVITY_TYPES, id: string) => ({ objectType: 'Activity', id: activityIri(publicUrl, kind, id), definition: { type: ACTIVITY_TYPES[kind] } });

function statement(c: EventContext, v: VerbName, object: Json, more: { result?: Json; parent?: Json[]; grouping?: Json[]; language?: string } = {}): Json {
  const contextActivities: Json = {};
  if (more.parent?.length) contextActivities.parent = more.parent;
  if (more.grouping?.length) contextActivities.grouping = more.grouping;
  const context: Json = { registration: c.registration, platform: 'Ponte', ...(more.language ? { language: more.language } : {}), ...(Object.keys(contextActivities).length ? { contextActivities } : {}) };
  return { actor: c.actor, verb: verb(v), object, ...(more.result ? { result: more.result } : {}), context, timestamp: c.timestamp, version: XAPI_VERSION };
}

const courseActivity = (c: EventContext) => activity(c.publicUrl, 'course', c.course);
const courseRef = (c: EventContext) => ref(c.publicUrl, 'course', c.course.id);

/** The learner enrolled: they launched the course. */
export const courseLaunched = (c: EventContext): Json => statement(c, 'launched', courseActivity(c));

/** The learner opened a lesson for the first time (later visits record nothing: they are the hot path). */
export const lessonExperienced = (c: EventContext, lesson: Named): Json => statement(c, 'experienced', activity(c.publicUrl, 'lesson', lesson), { parent: [courseRef(c)] });

/**
 * The learner completed a lesson. `result` adds what is known: the time spent on it, and, for content that scores
 * (a SCORM package, when that lesson type calls this), its score and success.
 */
export function lessonCompleted(c: EventContext, lesson: Named, result: { seconds?: number; score?: { raw: number; min: number; max: number }; success?: boolean } = {}): Json {
  const r: Json = { completion: true };
  if (result.success !== undefined) r.success = result.success;
  if (result.seconds !== undefined) r.duration = `PT${Math.max(0, Math.round(result.seconds))}S`;
  if (result.score && result.score.max > result.score.min) r.score = scoreOf(result.score.raw, result.score.min, result.score.max);
  return statement(c, 'completed', activity(c.publicUrl, 'lesson', lesson), { result: r, parent: [courseRef(c)] });
}

/** The learner's course is complete (every lesson, the final test passed, the live sessions it requires attended). */
export const courseCompleted = (c: EventContext): Json => statement(c, 'completed', courseActivity(c), { result: { completion: true } });

/** A test (pre-test or final test) as an activity, named in every interface language. */
export function assessmentOf(id: string, kind: AssessmentKind): Named {
  return { id, names: Object.fromEntries(LOCALES.map((l) => [l, translator(l)(`training.test.${kind}`)])) };
}

const scoreOf = (raw: number, min: number, max: number) => ({ scaled: Math.round(((raw - min) / (max - min)) * 10000) / 10000, raw, min, max });

/** xAPI interaction type and response (Data 2.4.4.1.1 / 2.4.5 response patterns) of an answer as training stores it. */
export function interaction(data: QuestionData, answer: AttemptAnswer['answer']): { interactionType: string; response: string } {
  switch (data.kind) {
    case 'single':
      return { interactionType: 'choice', response: typeof answer === 'number' ? String(answer) : '' };
    case 'multiple':
      return { interactionType: 'choice', response: Array.isArray(answer) ? answer.join('[,]') : '' };
    case 'true-false':
      return { interactionType: 'true-false', response: typeof answer === 'boolean' ? String(answer) : '' };
    case 'ordering': {
      // Stored: each item's position (in authored order); the response lists the items in the order given.
      const positions = Array.isArray(answer) ? answer : [];
      const order = positions.map((pos, item) => [pos, item] as const).sort((a, b) => a[0] - b[0]);
      return { interactionType: 'sequencing', response: order.map(([, item]) => String(item)).join('[,]') };
    }
    case 'matching':
      // Stored: for each left-hand side (authored order) the right-hand side chosen.
      return { interactionType: 'matching', response: Array.isArray(answer) ? answer.map((r, k) => `${k}[.]${r}`).join('[,]') : '' };
    case 'short-answer':
      return { interactionType: gradedByTrainer(data) ? 'long-fill-in' : 'fill-in', response: typeof answer === 'string' ? answer : '' };
  }
}

/** The learner answered one question of a test; `success` only where the answer is already marked. */
export function questionAnswered(c: EventContext, assessment: Named, question: Named & { data: QuestionData; answer: AttemptAnswer['answer']; correct: boolean | null }, language: string): Json {
  const { interactionType, response } = interaction(question.data, question.answer);
  const result: Json = { response };
  if (question.correct !== null) result.success = question.correct;
  return statement(c, 'answered', activity(c.publicUrl, 'question', question, { interactionType }), {
    result,
    parent: [ref(c.publicUrl, 'assessment', assessment.id)],
    grouping: [courseRef(c)],
    language,
  });
}

/**
 * A test is scored (at once, or when a trainer has graded its last answer): `completed` with the score and, for
 * a test with a pass mark (the final test), `passed` or `failed`.
 */
export function assessmentScored(c: EventContext, assessment: Named, score: { correct: number; questions: number }, passed: boolean | null, language: string): Json[] {
  const result: Json = { completion: true };
  if (score.questions > 0) result.score = scoreOf(score.correct, 0, score.questions);
  if (passed !== null) result.success = passed;
  const object = activity(c.publicUrl, 'assessment', assessment);
  const out = [statement(c, 'completed', object, { result, parent: [courseRef(c)], language })];
  if (passed !== null) out.push(statement(c, passed ? 'passed' : 'failed', object, { result, parent: [courseRef(c)], language }));
  return out;
}

type Build = (c: EventContext) => Json[];

/**
 * Collects the statements of one operation (an enrolment, a lesson completed, a test submitted or graded…) and
 * stores them with `flush`, in the operation's transaction, as its last step. Whoever creates the recorder
 * flushes it; functions that only add (completeIfDone) take it as an argument.
 */
export class LearningEvents {
  private pending: { userId: string; courseId: string; registration: string; timestamp: string; build: Build }[] = [];
  constructor(readonly publicUrl: string) {}

  /** Records an event of one learner's enrolment; `build` makes its statements once the learner's agent is known. */
  add(e: { userId: string; courseId: string; enrolmentId: string; at?: Date }, build: Build): void {
    this.pending.push({ userId: e.userId, courseId: e.courseId, registration: e.enrolmentId, timestamp: (e.at ?? new Date()).toISOString(), build });
  }

  /** Stores what was added (and forgets it); returns the statements' ids. */
  async flush(db: DbOrTx): Promise<string[]> {
    const pending = this.pending;
    this.pending = [];
    if (!pending.length) return [];
    const agents = await learnerAgents(db, this.publicUrl, pending.map((p) => p.userId));
    const courseIds = [...new Set(pending.map((p) => p.courseId))];
    const texts = await db.select({ courseId: courseTranslations.courseId, locale: courseTranslations.locale, title: courseTranslations.title }).from(courseTranslations).where(inArray(courseTranslations.courseId, courseIds));
    const statements = pending.flatMap((p) =>
      p.build({
        publicUrl: this.publicUrl,
        actor: agents.get(p.userId)!,
        course: { id: p.courseId, names: namesOf(texts.filter((t) => t.courseId === p.courseId), (t) => t.title) },
        registration: p.registration,
        timestamp: p.timestamp,
      }),
    );
    return storeOwnStatements(db, this.publicUrl, statements);
  }
}

/** A recorder for one operation, on this instance. */
export const learningEvents = (p: { config: { publicUrl: string } }) => new LearningEvents(p.config.publicUrl);
