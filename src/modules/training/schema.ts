import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations, storedFiles, users } from '../../platform/schema.js';
import { ASSESSMENT_KINDS, BLOCK_KINDS, COURSE_LEVELS, CREDIT_SCHEMES, LIVE_SESSION_KINDS, LIVE_SESSION_MODES, QUESTION_KINDS, QUESTIONNAIRE_KINDS, type BlockData, type BlockText, type QuestionData, type QuestionText } from './content.js';
import type { CourseSnapshot } from './versions.js';
import { revisions, ts } from '../../platform/db/columns.js';


/**
 * A course as authors edit it. Its catalogue facts (level, topics, professions, credits) are live; its
 * content (modules, lessons, blocks) reaches learners only through a published version (training_course_versions).
 */
export const courses = pgTable('training_courses', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  sourceLocale: text('source_locale').notNull().default('en'),
  level: text('level', { enum: COURSE_LEVELS }).notNull(),
  topics: text('topics').array().notNull().default([]),
  durationMinutes: integer('duration_minutes').notNull().default(0),
  /** Italy's ECM rules for e-learning apply to the course's post-test (see assessments.ts). */
  ecm: boolean('ecm').notNull().default(false),
  /** Live sessions a learner must attend to complete the course (blended training); 0 for e-learning only. */
  requiredLiveSessions: integer('required_live_sessions').notNull().default(0),
  status: text('status', { enum: ['draft', 'published', 'archived'] })
    .notNull()
    .default('draft'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Files a course's lessons link (recordings, their smaller copies, handouts). Learners reach them only through
 * the course (enrolled, or authoring or training it); they stay while the course exists, since a published
 * version that learners keep may still name them.
 */
export const courseFiles = pgTable(
  'training_course_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('training_course_files_course').on(t.courseId)],
);

export const courseTranslations = pgTable(
  'training_course_translations',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    /** Learning outcomes, one per item. */
    outcomes: text('outcomes').array().notNull().default([]),
    description: text('description').notNull().default(''),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.locale] })],
);

/** The professions a course is meant for (the catalogue's profession filter). */
export const courseProfessions = pgTable(
  'training_course_professions',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    profession: text('profession').notNull(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.profession] }), index('training_course_professions_profession').on(t.profession)],
);

/** Continuing-education credits a course gives, per profession and scheme. */
export const courseCredits = pgTable(
  'training_course_credits',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    profession: text('profession').notNull(),
    scheme: text('scheme', { enum: CREDIT_SCHEMES }).notNull(),
    amount: numeric('amount', { precision: 5, scale: 1, mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.profession, t.scheme] })],
);

export const coursePrerequisites = pgTable(
  'training_course_prerequisites',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    requiredCourseId: uuid('required_course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.requiredCourseId] })],
);

export const courseModules = pgTable(
  'training_modules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [index('training_modules_course').on(t.courseId, t.sort)],
);

export const moduleTranslations = pgTable(
  'training_module_translations',
  {
    moduleId: uuid('module_id')
      .notNull()
      .references(() => courseModules.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.moduleId, t.locale] })],
);

export const lessons = pgTable(
  'training_lessons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    moduleId: uuid('module_id')
      .notNull()
      .references(() => courseModules.id, { onDelete: 'cascade' }),
    sort: integer('sort').notNull().default(0),
    durationMinutes: integer('duration_minutes').notNull().default(10),
  },
  (t) => [index('training_lessons_module').on(t.moduleId, t.sort)],
);

export const lessonTranslations = pgTable(
  'training_lesson_translations',
  {
    lessonId: uuid('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.lessonId, t.locale] })],
);

export const blocks = pgTable(
  'training_blocks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    lessonId: uuid('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    sort: integer('sort').notNull().default(0),
    kind: text('kind', { enum: BLOCK_KINDS }).notNull(),
    data: jsonb('data').$type<BlockData>().notNull(),
  },
  (t) => [index('training_blocks_lesson').on(t.lessonId, t.sort)],
);

export const blockTranslations = pgTable(
  'training_block_translations',
  {
    blockId: uuid('block_id')
      .notNull()
      .references(() => blocks.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    content: jsonb('content').$type<BlockText>().notNull(),
    /** A reviewer confirmed this translation (of the source revision it records). */
    reviewedAt: ts('reviewed_at'),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.blockId, t.locale] })],
);

/**
 * Published versions: an immutable snapshot of the content. `major` changes when the structure changes
 * (modules, lessons, blocks, answers); a learner keeps the major they started and gets its latest `minor`
 * (text and translation fixes).
 */
export const courseVersions = pgTable(
  'training_course_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    major: integer('major').notNull(),
    minor: integer('minor').notNull(),
    /** Hash of the structure: equal signatures share a major. */
    signature: text('signature').notNull(),
    snapshot: jsonb('snapshot').$type<CourseSnapshot>().notNull(),
    /** Languages in which every text of the version is translated and up to date. */
    completeLocales: text('complete_locales').array().notNull().default([]),
    /** Languages with some texts (the rest falls back to another language, and the page says so). */
    partialLocales: text('partial_locales').array().notNull().default([]),
    publishedAt: ts('published_at').notNull().defaultNow(),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
    /** The ids of the version's lessons (kept by PostgreSQL): a lesson view checks and records a visit in one statement. */
    lessonIds: jsonb('lesson_ids')
      .$type<string[]>()
      .generatedAlwaysAs(sql`jsonb_path_query_array(snapshot, '$.modules[*].lessons[*].id')`),
  },
  (t) => [unique('training_course_versions_number').on(t.courseId, t.major, t.minor)],
);

/** What each profession takes, in order. */
export const learningPathSteps = pgTable(
  'training_learning_path_steps',
  {
    profession: text('profession').notNull(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    sort: integer('sort').notNull().default(0),
    required: boolean('required').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.profession, t.courseId] })],
);

/**
 * A cohort: a run of a course with dates and trainers, often by a partner organisation. Learners join with
 * its invitation code; their enrolment records the cohort.
 */
export const cohorts = pgTable(
  'training_cohorts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** What learners type to join; unique across the instance. */
    invitationCode: text('invitation_code').notNull().unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('training_cohorts_course').on(t.courseId)],
);

export const cohortTrainers = pgTable(
  'training_cohort_trainers',
  {
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index('training_cohort_trainers_user').on(t.userId)],
);

export const enrolments = pgTable(
  'training_enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    /** The version's major the learner started: they keep it. */
    major: integer('major').notNull(),
    /** Joined through a cohort's invitation code; null for self-paced learners. */
    cohortId: uuid('cohort_id').references(() => cohorts.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['active', 'completed'] })
      .notNull()
      .default('active'),
    enrolledAt: ts('enrolled_at').notNull().defaultNow(),
    completedAt: ts('completed_at'),
    /** Where to resume. */
    lastLessonId: uuid('last_lesson_id'),
    /** When the follow-up questionnaire was sent (some months after completion), once. */
    followUpSentAt: ts('follow_up_sent_at'),
    lastActivityAt: ts('last_activity_at').notNull().defaultNow(),
    // Kept by triggers on training_attempts (migration 0013), for reports that read 100,000 enrolments at once.
    /** The first scored pre-test attempt's score. */
    preScore: numeric('pre_score', { precision: 5, scale: 2, mode: 'number' }),
    /** The latest scored final-test attempt's score. */
    postScore: numeric('post_score', { precision: 5, scale: 2, mode: 'number' }),
    /** Submitted final-test attempts, and those of them awaiting a trainer's grade. */
    postAttempts: integer('post_attempts').notNull().default(0),
    postPending: integer('post_pending').notNull().default(0),
    /** The number of the first final-test attempt that passed. */
    passedAttempt: integer('passed_attempt'),
    /** A certificate was issued for this enrolment (kept by a trigger on training_certificates, migration 0014). */
    certified: boolean('certified').notNull().default(false),
  },
  (t) => [unique('training_enrolments_user_course').on(t.userId, t.courseId), // A course's reports read its enrolments from this index alone (an index-only scan), without their rows.
    index('training_enrolments_course').on(t.courseId, t.status, t.cohortId, t.userId, t.id, t.preScore, t.postScore, t.postAttempts, t.postPending, t.passedAttempt, t.certified), index('training_enrolments_cohort').on(t.cohortId)],
);

/** Per learner and lesson: visited, completed, and the time spent on the content (ECM needs it). */
export const lessonProgress = pgTable(
  'training_lesson_progress',
  {
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    // Not a reference: a lesson removed from the draft stays in the published versions learners keep.
    lessonId: uuid('lesson_id').notNull(),
    firstVisitedAt: ts('first_visited_at').notNull().defaultNow(),
    completedAt: ts('completed_at'),
    secondsSpent: integer('seconds_spent').notNull().default(0),
    /** When the learner last opened the lesson or was last seen on it: time counts from here, within a cap. */
    lastSeenAt: ts('last_seen_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.enrolmentId, t.lessonId] })],
);

/** A course's question bank. A question belongs to a competence; pre- and post-tests draw on the same ones. */
export const questions = pgTable(
  'training_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    competence: text('competence').notNull(),
    kind: text('kind', { enum: QUESTION_KINDS }).notNull(),
    data: jsonb('data').$type<QuestionData>().notNull(),
    /** Retired questions stay for the attempts that drew them, and are drawn no more. */
    retired: boolean('retired').notNull().default(false),
    sort: integer('sort').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('training_questions_course').on(t.courseId, t.competence)],
);

export const questionTranslations = pgTable(
  'training_question_translations',
  {
    questionId: uuid('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    content: jsonb('content').$type<QuestionText>().notNull(),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.locale] })],
);

/** A course's pre-test (knowledge before, not graded) and post-test (pass mark, attempts). */
export const assessments = pgTable(
  'training_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ASSESSMENT_KINDS }).notNull(),
    questionsPerAttempt: integer('questions_per_attempt').notNull(),
    /** Percentage needed to pass (post-test). */
    passMark: integer('pass_mark').notNull().default(75),
    /** Null: unlimited. */
    maxAttempts: integer('max_attempts'),
    shuffleQuestions: boolean('shuffle_questions').notNull().default(true),
    shuffleOptions: boolean('shuffle_options').notNull().default(true),
  },
  (t) => [unique('training_assessments_course_kind').on(t.courseId, t.kind)],
);

/** What an attempt drew and showed: each question with the order its options, items or right-hand sides were shown in. */
export interface AttemptItem {
  questionId: string;
  order: number[];
}
/** A learner's answer to one question, as scored. */
export interface AttemptAnswer {
  questionId: string;
  answer: number | number[] | boolean | string | null;
  /** null while a trainer-graded answer waits for its grade (the attempt's score and pass are null until then). */
  correct: boolean | null;
  /** On a trainer-graded answer once graded: who graded it, when (ISO 8601), and what they said to the learner. */
  review?: { by: string; at: string; comment: string };
}

export const attempts = pgTable(
  'training_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    locale: text('locale').notNull(),
    items: jsonb('items').$type<AttemptItem[]>().notNull(),
    answers: jsonb('answers').$type<AttemptAnswer[]>(),
    scorePercent: numeric('score_percent', { precision: 5, scale: 2, mode: 'number' }),
    passed: boolean('passed'),
    startedAt: ts('started_at').notNull().defaultNow(),
    submittedAt: ts('submitted_at'),
  },
  (t) => [
    unique('training_attempts_number').on(t.enrolmentId, t.assessmentId, t.number),
    index('training_attempts_assessment').on(t.assessmentId, t.submittedAt),
    // The few attempts awaiting a trainer's grade, found without reading the others.
    index('training_attempts_awaiting').on(t.submittedAt).where(sql`${t.submittedAt} IS NOT NULL AND ${t.scorePercent} IS NULL`),
  ],
);

/**
 * Per question of a test, its scored answers and how many were right, over every submitted attempt: kept by
 * triggers on training_attempts (migration 0013), so that a course's item difficulty reads a few rows instead
 * of unpacking the answers of 300,000 attempts.
 */
export const itemTallies = pgTable(
  'training_item_tallies',
  {
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    // Not a reference: answers keep a question's id after it leaves the bank.
    questionId: uuid('question_id').notNull(),
    answered: integer('answered').notNull().default(0),
    correct: integer('correct').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.questionId] })],
);

/**
 * Certificates, issued when an enrolment meets the course's rule. What they say is fixed at issue (name,
 * course title in the learner's language, duration, credits), so that a later change of profile or course
 * does not rewrite a document already handed out. Deleting the account deletes them (through the enrolment).
 */
export const certificates = pgTable(
  'training_certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The public verification code, e.g. K7QF2-9MX3T. */
    code: text('code').notNull().unique(),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .unique()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    learnerName: text('learner_name').notNull(),
    courseTitle: text('course_title').notNull(),
    /** The course's estimated duration: the hours the certificate states. */
    durationMinutes: integer('duration_minutes').notNull(),
    /** Time the learner spent on the content (continuing-education providers ask for it). */
    minutesSpent: integer('minutes_spent').notNull(),
    profession: text('profession'),
    credits: jsonb('credits').$type<{ scheme: string; amount: number }[]>().notNull(),
    issuedAt: ts('issued_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
    revokedReason: text('revoked_reason'),
    revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('training_certificates_course').on(t.courseId)],
);

/**
 * Anonymous answers to questionnaires: no learner, no enrolment, only the course, the questionnaire's
 * version, the language and the month. Whether a learner has answered is in questionnaire_receipts, which
 * shares nothing with the answer that could link the two.
 */
export const questionnaireResponses = pgTable(
  'training_questionnaire_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: QUESTIONNAIRE_KINDS }).notNull(),
    version: text('version').notNull(),
    locale: text('locale').notNull(),
    /** The first day of the month it was answered in. */
    month: date('month', { mode: 'string' }).notNull(),
    answers: jsonb('answers').$type<Record<string, number | boolean | string>>().notNull(),
  },
  (t) => [index('training_questionnaire_responses_course').on(t.courseId, t.kind)],
);

/** Per course, questionnaire and item: answers given and the sum of their values (yes counts 1), kept by triggers on the responses (migration 0013). */
export const questionnaireTallies = pgTable(
  'training_questionnaire_tallies',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: QUESTIONNAIRE_KINDS }).notNull(),
    item: text('item').notNull(),
    answered: integer('answered').notNull().default(0),
    total: numeric('total', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.kind, t.item] })],
);

export const questionnaireReceipts = pgTable(
  'training_questionnaire_receipts',
  {
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: QUESTIONNAIRE_KINDS }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enrolmentId, t.kind] })],
);

/**
 * Live sessions (workshops, webinars, train-the-trainers) of a course, for all its learners or one cohort's.
 * Their text is in one language (`locale`), written by the trainer for the people attending; the facilitator
 * guide is for trainers only.
 */
export const liveSessions = pgTable(
  'training_live_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    cohortId: uuid('cohort_id').references(() => cohorts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: LIVE_SESSION_KINDS }).notNull(),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    facilitatorGuide: text('facilitator_guide').notNull().default(''),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    timeZone: text('time_zone').notNull(),
    mode: text('mode', { enum: LIVE_SESSION_MODES }).notNull(),
    place: text('place').notNull().default(''),
    onlineUrl: text('online_url'),
    capacity: integer('capacity'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('training_live_sessions_course').on(t.courseId, t.startsAt)],
);

export const liveRegistrations = pgTable(
  'training_live_registrations',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => liveSessions.id, { onDelete: 'cascade' }),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    registeredAt: ts('registered_at').notNull().defaultNow(),
    /** Set by a trainer (from the list, or by scanning the learner's code). */
    attendedAt: ts('attended_at'),
    markedBy: uuid('marked_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.enrolmentId] }), index('training_live_registrations_enrolment').on(t.enrolmentId)],
);
