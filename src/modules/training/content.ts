import type { Locale } from '../../platform/i18n/index.js';
import type { Profession } from '../../platform/identity/users.js';

/** Who a course is for (the EU-MiCare programme's three kinds of module). */
export const COURSE_LEVELS = ['interdisciplinary', 'specialised', 'other-professionals'] as const;
export type CourseLevel = (typeof COURSE_LEVELS)[number];

/** The catalogue's topics (labels in the message catalogues under training.topic.*). */
export const TOPICS = [
  'migration-and-health',
  'culture-and-mental-health',
  'trauma-and-distress',
  'communication-and-interpreting',
  'children-and-families',
  'care-pathways',
  'guidelines',
  'self-care',
] as const;
export type Topic = (typeof TOPICS)[number];

/** Continuing-education schemes a course can give credits in: CPD hours, Italy's ECM credits, European CME credits. */
export const CREDIT_SCHEMES = ['cpd', 'ecm', 'cme'] as const;
export type CreditScheme = (typeof CREDIT_SCHEMES)[number];

/** Content blocks of a lesson. */
export const BLOCK_KINDS = ['text', 'image', 'video', 'audio', 'resource', 'vignette', 'check', 'scorm'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];
/** Blocks that play a recording (with captions and a transcript). */
export type PlayedKind = 'video' | 'audio';

/** A file stored for a course (training_course_files), as a lesson page needs it to link it. */
export interface CourseFileRef {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

/**
 * What a block says in one language. Everything a translator translates is here; what does not depend on
 * the language (which answer is right) is in BlockData.
 */
export type BlockText =
  | { kind: 'text'; markdown: string }
  | { kind: 'image'; alt: string; caption: string }
  /**
   * `captions`: WebVTT, timed text in this language ('' when there is none; a video needs it). `transcript`:
   * Markdown; when empty, learners read the captions' text as the transcript.
   */
  | { kind: PlayedKind; title: string; captions: string; transcript: string }
  /** A handout; a translation without its own file offers the source language's. */
  | { kind: 'resource'; title: string; description: string; file: CourseFileRef }
  | { kind: 'vignette'; title: string; markdown: string; prompts: string[] }
  | { kind: 'check'; question: string; options: { text: string; feedback: string }[] }
  /** A SCORM package's activity: its title here; the package is the block's (docs/scorm.md). */
  | { kind: 'scorm'; title: string };

/** The language-independent part of a block. */
export type BlockData =
  | { kind: 'text' | 'vignette' | 'resource' }
  /** An image of the media library (stored re-encoded, in several widths). */
  | { kind: 'image'; imageId: string }
  /** The recording, and optionally a smaller copy for slow connections. */
  | { kind: PlayedKind; media: CourseFileRef; low: CourseFileRef | null }
  /** Indexes of the right options (one for single choice). */
  | { kind: 'check'; correct: number[] }
  /** The SCORM package (training_scorm_packages) the block runs. */
  | { kind: 'scorm'; packageId: string };

/** A question of a course's bank, as the demo writes it: single choice with four options (what ECM requires). */
export interface DemoQuestion {
  /** What the question tests; a pre-test and a post-test draw on the same competences. */
  competence: string;
  /** Index (0–3) of the right option. */
  correct: number;
  texts: Partial<Record<Locale, { stem: string; options: [string, string, string, string]; feedback: [string, string, string, string] }>>;
}

export interface DemoBlock {
  /** BlockData without `kind` (it is the block's kind), e.g. { correct: [1] } for a knowledge check. */
  data?: Record<string, unknown>;
  texts: Partial<Record<Locale, BlockText>>;
}

export interface DemoLesson {
  durationMinutes: number;
  texts: Partial<Record<Locale, { title: string }>>;
  blocks: DemoBlock[];
}

export interface DemoCourse {
  slug: string;
  sourceLocale: Locale;
  level: CourseLevel;
  topics: Topic[];
  durationMinutes: number;
  professions: Profession[];
  credits: { profession: Profession; scheme: CreditScheme; amount: number }[];
  prerequisites?: string[];
  texts: Partial<Record<Locale, { title: string; summary: string; outcomes: string[]; description: string }>>;
  modules: { texts: Partial<Record<Locale, { title: string }>>; lessons: DemoLesson[] }[];
  questions: DemoQuestion[];
}

/** A learning path: what a profession takes, in order; optional steps are suggested, not required. */
export interface DemoPath {
  profession: Profession;
  steps: { course: string; required: boolean }[];
}

/** Question types of a course's question bank. */
export const QUESTION_KINDS = ['single', 'multiple', 'true-false', 'ordering', 'matching', 'short-answer'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** What a question says in one language. */
export type QuestionText =
  | { kind: 'single' | 'multiple'; stem: string; options: { text: string; feedback: string }[] }
  | { kind: 'true-false'; stem: string; feedbackTrue: string; feedbackFalse: string }
  /** Items in the right order; learners see them shuffled. */
  | { kind: 'ordering'; stem: string; items: string[]; feedback: string }
  /** Pairs as they belong together; learners see the right-hand side shuffled. */
  | { kind: 'matching'; stem: string; pairs: { left: string; right: string }[]; feedback: string }
  /**
   * Graded by keywords: accepted answers contain one of them (case and accents ignored). Graded by a trainer:
   * keywords are not needed, and `guidance` (a model answer, what to look for) is shown to trainers only.
   */
  | { kind: 'short-answer'; stem: string; keywords: string[]; feedback: string; guidance?: string };

/** The language-independent part of a question: which answer is right, where that does not depend on words. */
export type QuestionData =
  | { kind: 'single'; correct: number }
  | { kind: 'multiple'; correct: number[] }
  | { kind: 'true-false'; correct: boolean }
  | { kind: 'ordering' | 'matching' }
  /** Without `grading`, keywords (what every short answer was before trainers could grade). */
  | { kind: 'short-answer'; grading?: ShortAnswerGrading };

/** How a short answer is marked: at once against the keywords, or later by a trainer (then the attempt waits for the grade). */
export const SHORT_ANSWER_GRADINGS = ['keywords', 'trainer'] as const;
export type ShortAnswerGrading = (typeof SHORT_ANSWER_GRADINGS)[number];
export const gradedByTrainer = (data: QuestionData) => data.kind === 'short-answer' && data.grading === 'trainer';

export const ASSESSMENT_KINDS = ['pre-test', 'post-test'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

/** Questionnaires learners answer: satisfaction at the end, practice some months later. */
export const QUESTIONNAIRE_KINDS = ['satisfaction', 'follow-up'] as const;
export type QuestionnaireKind = (typeof QUESTIONNAIRE_KINDS)[number];

export type QuestionnaireItem = { id: string; type: 'scale' | 'yes-no' | 'text'; required: boolean };

/**
 * The questionnaires, as data: item labels are in the message catalogues (training.questionnaire.item.*),
 * so that every language has them. `version` changes whenever items change, and is kept with each answer.
 */
export const QUESTIONNAIRES: Record<QuestionnaireKind, { version: string; items: QuestionnaireItem[] }> = {
  satisfaction: {
    version: 'satisfaction-1',
    items: [
      { id: 'relevance', type: 'scale', required: true },
      { id: 'quality', type: 'scale', required: true },
      { id: 'usefulness', type: 'scale', required: true },
      { id: 'time', type: 'scale', required: true },
      { id: 'unbiased', type: 'yes-no', required: true },
      { id: 'comments', type: 'text', required: false },
    ],
  },
  'follow-up': {
    version: 'follow-up-1',
    items: [
      { id: 'applied', type: 'scale', required: true },
      { id: 'changes', type: 'text', required: false },
      { id: 'barriers', type: 'text', required: false },
      { id: 'recommend', type: 'yes-no', required: true },
    ],
  },
};

/** Live sessions of blended training. */
export const LIVE_SESSION_KINDS = ['workshop', 'webinar', 'train-the-trainers'] as const;
export type LiveSessionKind = (typeof LIVE_SESSION_KINDS)[number];
export const LIVE_SESSION_MODES = ['in-person', 'online', 'hybrid'] as const;
