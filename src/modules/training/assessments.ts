import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { revisionFor } from '../../platform/translations.js';
import { gradedByTrainer, type AssessmentKind, type QuestionData, type QuestionText } from './content.js';
import { assessments, attempts, courseCredits, courses, enrolments, lessonProgress, questions, questionTranslations, type AttemptAnswer, type AttemptItem } from './schema.js';
import { lessonsInOrder, type CourseSnapshot } from './versions.js';
import { assessmentOf, assessmentScored, namesOf, questionAnswered, type LearningEvents } from './xapi-events.js';

export type Assessment = typeof assessments.$inferSelect;
export type Attempt = typeof attempts.$inferSelect;
export type Question = typeof questions.$inferSelect;
export type QuestionTextRow = typeof questionTranslations.$inferSelect;

/** Italy's ECM rules for e-learning tests. */
export const ECM = { optionsPerQuestion: 4, questionsPerCredit: 3, passMark: 75, attemptsWithoutNewQuestions: 5, newShare: 1 / 3 } as const;
/** What can keep a post-test from meeting them (said in words under training.author.ecm.*). */
export const ECM_PROBLEMS = ['ecm.noPostTest', 'ecm.singleFour', 'ecm.trainerGraded', 'ecm.questionsPerCredit', 'ecm.passMark', 'ecm.bankTooSmall', 'ecm.attempts'] as const;
export type EcmProblem = (typeof ECM_PROBLEMS)[number];

// ——— Authoring ———

/** Checks that a question's text fits its data (same kind, answers that exist). */
export function questionProblems(data: QuestionData, content: QuestionText): string[] {
  if (data.kind !== content.kind) return ['kind'];
  const problems: string[] = [];
  if (!content.stem.trim()) problems.push('stem');
  if (content.kind === 'single' || content.kind === 'multiple') {
    if (content.options.length < 2 || content.options.some((o) => !o.text.trim())) problems.push('options');
    const correct = data.kind === 'single' ? [data.correct] : data.kind === 'multiple' ? data.correct : [];
    if (!correct.length || correct.some((i) => !Number.isInteger(i) || i < 0 || i >= content.options.length)) problems.push('correct');
  }
  if (content.kind === 'ordering' && (content.items.length < 2 || content.items.some((x) => !x.trim()))) problems.push('items');
  if (content.kind === 'matching' && (content.pairs.length < 2 || content.pairs.some((x) => !x.left.trim() || !x.right.trim()))) problems.push('pairs');
  if (data.kind === 'short-answer' && data.grading !== undefined && data.grading !== 'keywords' && data.grading !== 'trainer') problems.push('grading');
  if (content.kind === 'short-answer' && !gradedByTrainer(data) && !content.keywords.some((k) => k.trim())) problems.push('keywords');
  return problems;
}

/** ECM tests are marked at once, so an ECM course takes no trainer-graded question (the forms say so beside the field). */
async function refuseTrainerGradedInEcm(db: DbOrTx, courseId: string, data: QuestionData): Promise<void> {
  if (gradedByTrainer(data) && (await courseUsesEcm(db, courseId))) throw new Error('question: trainer grading in an ECM course');
}

export async function addQuestion(db: DbOrTx, courseId: string, input: { competence: string; data: QuestionData; locale: string; content: QuestionText }): Promise<string> {
  const problems = questionProblems(input.data, input.content);
  if (problems.length) throw new Error(`question: ${problems.join(', ')}`);
  await refuseTrainerGradedInEcm(db, courseId, input.data);
  return db.transaction(async (tx) => {
    const [q] = await tx.insert(questions).values({ courseId, competence: input.competence, kind: input.data.kind, data: input.data }).returning({ id: questions.id });
    await saveQuestionText(tx, q!.id, input.locale, input.content);
    return q!.id;
  });
}

/**
 * Changes a question as its authors write it: competence, which answer is right, and its text in the source
 * language, together (the right answers index the options). Its kind stays.
 */
export async function editQuestion(db: DbOrTx, questionId: string, input: { competence: string; data: QuestionData; locale: string; content: QuestionText }): Promise<void> {
  const problems = questionProblems(input.data, input.content);
  if (problems.length) throw new Error(`question: ${problems.join(', ')}`);
  await db.transaction(async (tx) => {
    const [owner] = await tx.select({ courseId: questions.courseId }).from(questions).where(eq(questions.id, questionId));
    if (owner) await refuseTrainerGradedInEcm(tx, owner.courseId, input.data);
    const [q] = await tx
      .update(questions)
      .set({ competence: input.competence, data: input.data })
      .where(and(eq(questions.id, questionId), eq(questions.kind, input.data.kind)))
      .returning({ id: questions.id });
    if (!q) throw new Error(`question ${questionId} of kind ${input.data.kind} not found`);
    await saveQuestionText(tx, questionId, input.locale, input.content);
  });
}

/** Retires a question (attempts that drew it keep it; no new attempt draws it) or brings it back; false when the course has no such question. */
export async function setQuestionRetired(db: DbOrTx, courseId: string, questionId: string, retired: boolean): Promise<boolean> {
  const r = await db
    .update(questions)
    .set({ retired })
    .where(and(eq(questions.id, questionId), eq(questions.courseId, courseId)))
    .returning({ id: questions.id });
  return r.length > 0;
}

/** A course's question bank with every language's text, by competence, each in the order its questions were written. */
export async function questionBank(db: DbOrTx, courseId: string): Promise<(Question & { texts: QuestionTextRow[] })[]> {
  const bank = await db.select().from(questions).where(eq(questions.courseId, courseId)).orderBy(asc(questions.competence), asc(questions.createdAt), asc(questions.id));
  const texts = bank.length ? await db.select().from(questionTranslations).where(inArray(questionTranslations.questionId, bank.map((q) => q.id))).orderBy(asc(questionTranslations.locale)) : [];
  return bank.map((q) => ({ ...q, texts: texts.filter((t) => t.questionId === q.id) }));
}

export async function saveQuestionText(db: DbOrTx, questionId: string, locale: string, content: QuestionText): Promise<void> {
  const [q] = await db.select({ data: questions.data, sourceLocale: courses.sourceLocale }).from(questions).innerJoin(courses, eq(courses.id, questions.courseId)).where(eq(questions.id, questionId));
  if (!q) throw new Error(`question ${questionId} not found`);
  const problems = questionProblems(q.data, content);
  if (problems.length) throw new Error(`question: ${problems.join(', ')}`);
  const rows = await db.select().from(questionTranslations).where(eq(questionTranslations.questionId, questionId));
  const rev = revisionFor(rows, q.sourceLocale, locale, (r) => JSON.stringify(r.content), JSON.stringify(content));
  await db
    .insert(questionTranslations)
    .values({ questionId, locale, content, ...rev })
    .onConflictDoUpdate({ target: [questionTranslations.questionId, questionTranslations.locale], set: { content, ...rev, updatedAt: new Date() } });
}

export type AssessmentSettings = Pick<Assessment, 'questionsPerAttempt' | 'passMark' | 'maxAttempts' | 'shuffleQuestions' | 'shuffleOptions'>;

export async function setAssessment(db: DbOrTx, courseId: string, kind: AssessmentKind, settings: AssessmentSettings): Promise<void> {
  await db
    .insert(assessments)
    .values({ courseId, kind, ...settings })
    .onConflictDoUpdate({ target: [assessments.courseId, assessments.kind], set: settings });
}

/**
 * What keeps a course's post-test from meeting the ECM rules: single-answer questions with four options, at
 * least three questions per credit, a pass mark of 75% or more, and no more than five attempts unless every
 * attempt can draw at least a third of new questions.
 */
export async function ecmProblems(db: DbOrTx, courseId: string): Promise<EcmProblem[]> {
  const [post] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.courseId, courseId), eq(assessments.kind, 'post-test')));
  if (!post) return ['ecm.noPostTest'];
  const problems: EcmProblem[] = [];
  const bank = await db
    .select({ id: questions.id, data: questions.data })
    .from(questions)
    .where(and(eq(questions.courseId, courseId), eq(questions.retired, false)));
  const texts = bank.length ? await db.select().from(questionTranslations).where(inArray(questionTranslations.questionId, bank.map((q) => q.id))) : [];
  const fourOptions = (id: string) => texts.filter((t) => t.questionId === id).every((t) => t.content.kind === 'single' && t.content.options.length === ECM.optionsPerQuestion);
  if (bank.some((q) => q.data.kind !== 'single' || !fourOptions(q.id))) problems.push('ecm.singleFour');
  if (bank.some((q) => gradedByTrainer(q.data))) problems.push('ecm.trainerGraded');
  const credits = await db
    .select({ amount: courseCredits.amount })
    .from(courseCredits)
    .where(and(eq(courseCredits.courseId, courseId), eq(courseCredits.scheme, 'ecm')));
  const most = Math.max(0, ...credits.map((c) => c.amount));
  if (post.questionsPerAttempt < Math.ceil(most * ECM.questionsPerCredit)) problems.push('ecm.questionsPerCredit');
  if (post.passMark < ECM.passMark) problems.push('ecm.passMark');
  if (bank.length < post.questionsPerAttempt) problems.push('ecm.bankTooSmall');
  const canRenew = bank.length >= post.questionsPerAttempt + Math.ceil(post.questionsPerAttempt * ECM.newShare);
  if ((post.maxAttempts === null || post.maxAttempts > ECM.attemptsWithoutNewQuestions) && !canRenew) problems.push('ecm.attempts');
  return problems;
}

// ——— Taking a test ———

/** Fisher–Yates with a cryptographic source: learners cannot predict the order. */
function shuffled<T>(list: T[]): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** How many answer positions a question shows (options, items, right-hand sides), in its source text. */
function answerCount(text: QuestionText): number {
  switch (text.kind) {
    case 'single':
    case 'multiple':
      return text.options.length;
    case 'ordering':
      return text.items.length;
    case 'matching':
      return text.pairs.length;
    default:
      return 0;
  }
}

/**
 * Draws an attempt's questions: spread evenly over the competences, questions not seen in earlier attempts
 * first, each competence's in random order. Returns the drawn ids and how many of them are new.
 */
export function drawQuestions(bank: Pick<Question, 'id' | 'competence'>[], n: number, seen: Set<string>): { ids: string[]; fresh: number } {
  const by = new Map<string, string[]>();
  for (const q of bank) by.set(q.competence, [...(by.get(q.competence) ?? []), q.id]);
  const queues = [...by.values()].map((ids) => [...shuffled(ids.filter((id) => !seen.has(id))), ...shuffled(ids.filter((id) => seen.has(id)))]);
  const ids: string[] = [];
  for (let round = 0; ids.length < n && queues.some((q) => q.length > round); round++) {
    for (const q of shuffled(queues)) if (q[round] && ids.length < n) ids.push(q[round]!);
  }
  return { ids, fresh: ids.filter((id) => !seen.has(id)).length };
}

export interface TestState {
  assessment: Assessment;
  attempts: Attempt[];
  open: Attempt | null;
  /** The best scored attempt (one awaiting a trainer's grade has no score yet). */
  best: Attempt | null;
  /** A submitted attempt waiting for a trainer to grade some of its answers. */
  pending: Attempt | null;
  /** Why a new attempt cannot start now, or null when it can. */
  blocked: null | 'passed' | 'taken' | 'awaiting-grading' | 'attempts-used' | 'lessons-first' | 'pre-test-first' | 'review-needed' | 'no-questions';
}

/** Submitted, but some answers wait for a trainer: no score and no pass yet. */
export const awaitingGrading = (a: Pick<Attempt, 'submittedAt' | 'scorePercent'>) => a.submittedAt !== null && a.scorePercent === null;

export async function getAssessment(db: DbOrTx, courseId: string, kind: AssessmentKind): Promise<Assessment | null> {
  const [a] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.courseId, courseId), eq(assessments.kind, kind)));
  return a ?? null;
}

/** A learner's situation with one of the course's tests. */
export async function testState(db: DbOrTx, enrolment: { id: string; courseId: string }, snapshot: CourseSnapshot, kind: AssessmentKind, opts: { ecm: boolean }): Promise<TestState | null> {
  const assessment = await getAssessment(db, enrolment.courseId, kind);
  if (!assessment) return null;
  const mine = await db
    .select()
    .from(attempts)
    .where(and(eq(attempts.enrolmentId, enrolment.id), eq(attempts.assessmentId, assessment.id)))
    .orderBy(asc(attempts.number));
  const open = mine.find((a) => !a.submittedAt) ?? null;
  const submitted = mine.filter((a) => a.submittedAt);
  const best = submitted.filter((a) => !awaitingGrading(a)).reduce<Attempt | null>((b, a) => (!b || (a.scorePercent ?? 0) > (b.scorePercent ?? 0) ? a : b), null);
  const pending = submitted.find(awaitingGrading) ?? null;
  const state: TestState = { assessment, attempts: mine, open, best, pending, blocked: null };
  if (open) return state;
  if (kind === 'pre-test') {
    if (submitted.length) state.blocked = 'taken';
    return state;
  }
  if (submitted.some((a) => a.passed)) return { ...state, blocked: 'passed' };
  // The next attempt waits for the grade: it may not be needed, and the learner should see what went wrong first.
  if (pending) return { ...state, blocked: 'awaiting-grading' };
  const pre = await getAssessment(db, enrolment.courseId, 'pre-test');
  if (pre) {
    const [taken] = await db
      .select({ id: attempts.id })
      .from(attempts)
      .where(and(eq(attempts.enrolmentId, enrolment.id), eq(attempts.assessmentId, pre.id), isNotNull(attempts.submittedAt)))
      .limit(1);
    if (!taken) return { ...state, blocked: 'pre-test-first' };
  }
  const lessonIds = lessonsInOrder(snapshot).map((x) => x.lesson.id);
  const progress = await db.select().from(lessonProgress).where(eq(lessonProgress.enrolmentId, enrolment.id));
  if (lessonIds.some((id) => !progress.find((p) => p.lessonId === id)?.completedAt)) return { ...state, blocked: 'lessons-first' };
  const last = submitted[submitted.length - 1];
  // ECM: after a failed attempt the content must be gone through again: every lesson opened since.
  if (opts.ecm && last && !last.passed && lessonIds.some((id) => !(progress.find((p) => p.lessonId === id)!.lastSeenAt > last.submittedAt!))) return { ...state, blocked: 'review-needed' };
  if (assessment.maxAttempts !== null && submitted.length >= assessment.maxAttempts) return { ...state, blocked: 'attempts-used' };
  return state;
}

export type StartResult = { ok: true; attempt: Attempt } | { ok: false; reason: NonNullable<TestState['blocked']> | 'not-found' };

/** Starts an attempt (or returns the one still open). */
export async function startAttempt(db: DbOrTx, enrolment: { id: string; courseId: string }, snapshot: CourseSnapshot, kind: AssessmentKind, locale: string): Promise<StartResult> {
  return db.transaction(async (tx) => {
    const [course] = await tx.select({ ecm: courses.ecm }).from(courses).where(eq(courses.id, enrolment.courseId));
    const state = await testState(tx, enrolment, snapshot, kind, { ecm: !!course?.ecm });
    if (!state) return { ok: false, reason: 'not-found' };
    if (state.open) return { ok: true, attempt: state.open };
    if (state.blocked) return { ok: false, reason: state.blocked };
    const bank = await tx
      .select()
      .from(questions)
      .where(and(eq(questions.courseId, enrolment.courseId), eq(questions.retired, false)))
      .orderBy(asc(questions.sort), asc(questions.createdAt));
    const seen = new Set(state.attempts.flatMap((a) => a.items.map((i) => i.questionId)));
    const n = Math.min(state.assessment.questionsPerAttempt, bank.length);
    if (!n) return { ok: false, reason: 'no-questions' };
    const draw = drawQuestions(bank, n, seen);
    // ECM: beyond five attempts, only when this one brings at least a third of questions not seen before.
    const previous = state.attempts.length;
    if (course?.ecm && kind === 'post-test' && previous >= ECM.attemptsWithoutNewQuestions && draw.fresh < Math.ceil(n * ECM.newShare)) return { ok: false, reason: 'attempts-used' };
    const ids = state.assessment.shuffleQuestions ? draw.ids : bank.filter((q) => draw.ids.includes(q.id)).map((q) => q.id);
    const texts = await tx.select().from(questionTranslations).where(inArray(questionTranslations.questionId, ids));
    const sourceText = (id: string) => texts.find((t) => t.questionId === id && t.locale === (snapshot.sourceLocale as string))?.content ?? texts.find((t) => t.questionId === id)!.content;
    const items: AttemptItem[] = ids.map((questionId) => {
      const count = answerCount(sourceText(questionId));
      const kindOf = bank.find((q) => q.id === questionId)!.kind;
      // Ordering items are always shown shuffled (else the answer is given); options only when the test says so.
      const shuffle = kindOf === 'ordering' || kindOf === 'matching' || state.assessment.shuffleOptions;
      return { questionId, order: shuffle ? shuffled(range(count)) : range(count) };
    });
    const [attempt] = await tx
      .insert(attempts)
      .values({ enrolmentId: enrolment.id, assessmentId: state.assessment.id, number: previous + 1, locale, items })
      .onConflictDoNothing()
      .returning();
    // Two starts at once: the other one won; use its attempt.
    if (!attempt) {
      const [other] = await tx
        .select()
        .from(attempts)
        .where(and(eq(attempts.enrolmentId, enrolment.id), eq(attempts.assessmentId, state.assessment.id), isNull(attempts.submittedAt)))
        .orderBy(desc(attempts.number))
        .limit(1);
      return other ? { ok: true, attempt: other } : { ok: false, reason: 'not-found' };
    }
    return { ok: true, attempt };
  });
}

/** The longest short answer kept: a phrase checked against keywords, or a few paragraphs for a trainer to read. */
export const SHORT_ANSWER_MAX = { keywords: 500, trainer: 4000 } as const;

/** Lower case, without accents and extra spaces: how short answers are compared with keywords. */
const normalise = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

type RawForm = Record<string, unknown>;
const one = (v: unknown): string | null => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[v.length - 1] === 'string' ? (v[v.length - 1] as string) : null);
const many = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const index = (v: string | null, n: number): number | null => {
  if (v === null || !/^\d{1,3}$/.test(v)) return null;
  const i = Number(v);
  return i < n ? i : null;
};

/**
 * Scores one question from the submitted form. Fields: `q<i>` (an option as shown, `true`/`false`, or text),
 * several `q<i>` for multiple choice, `q<i>-<k>` for the position of ordering item k (as shown) or the
 * right-hand side chosen for matching row k. Shown positions map back through the attempt's order.
 */
export function scoreQuestion(data: QuestionData, text: QuestionText, order: number[], form: RawForm, i: number): { answer: AttemptAnswer['answer']; correct: boolean | null } {
  const key = `q${i}`;
  switch (data.kind) {
    case 'single': {
      const shown = index(one(form[key]), order.length);
      const answer = shown === null ? null : order[shown]!;
      return { answer, correct: answer === data.correct };
    }
    case 'multiple': {
      const answer = [...new Set(many(form[key]).map((v) => index(v, order.length)))]
        .filter((x): x is number => x !== null)
        .map((s) => order[s]!)
        .sort((a, b) => a - b);
      const right = [...data.correct].sort((a, b) => a - b);
      return { answer, correct: answer.length === right.length && answer.every((x, k) => x === right[k]) };
    }
    case 'true-false': {
      const v = one(form[key]);
      const answer = v === 'true' ? true : v === 'false' ? false : null;
      return { answer, correct: answer === data.correct };
    }
    case 'ordering': {
      // The position given to each item as shown (1-based in the form), kept per item in authored order:
      // the answer is right when every item is at its own index.
      const positions: (number | null)[] = Array.from({ length: order.length }, () => null);
      order.forEach((original, shown) => {
        const position = index(one(form[`${key}-${shown}`]), order.length + 1);
        positions[original] = position === null || position === 0 ? null : position - 1;
      });
      const complete = positions.every((x) => x !== null) && new Set(positions).size === order.length;
      return { answer: complete ? (positions as number[]) : null, correct: complete && positions.every((pos, j) => pos === j) };
    }
    case 'matching': {
      // Row k (left-hand side k, in authored order) gets a right-hand side as shown; right as shown s is order[s].
      const answer = order.map((_, k) => {
        const s = index(one(form[`${key}-${k}`]), order.length);
        return s === null ? null : order[s]!;
      });
      const complete = answer.every((x) => x !== null);
      return { answer: complete ? (answer as number[]) : null, correct: complete && answer.every((r, k) => r === k) };
    }
    case 'short-answer': {
      // A trainer grades it later (null until then); a blank answer has nothing to grade and is wrong at once.
      if (data.grading === 'trainer') {
        const v = (one(form[key]) ?? '').replace(/\r\n?/g, '\n').trim().slice(0, SHORT_ANSWER_MAX.trainer);
        return { answer: v || null, correct: v ? null : false };
      }
      const v = (one(form[key]) ?? '').slice(0, SHORT_ANSWER_MAX.keywords);
      const keywords = text.kind === 'short-answer' ? text.keywords.map(normalise).filter(Boolean) : [];
      const said = normalise(v);
      return { answer: v || null, correct: !!said && keywords.some((k) => said.includes(k)) };
    }
  }
}

/**
 * An attempt's score (share of right answers, in percent) and, for a post-test, whether it passes; both null
 * while an answer waits for a trainer's grade. Automatic scoring and trainers' grading both use it.
 */
export function scoreOf(answers: Pick<AttemptAnswer, 'correct'>[], assessment: Pick<Assessment, 'kind' | 'passMark'>): { scorePercent: number | null; passed: boolean | null } {
  if (answers.some((x) => x.correct === null)) return { scorePercent: null, passed: null };
  const scorePercent = Math.round((answers.filter((x) => x.correct).length / Math.max(1, answers.length)) * 10000) / 100;
  return { scorePercent, passed: assessment.kind === 'post-test' ? scorePercent >= assessment.passMark : null };
}

export type SubmitResult = { ok: true; attempt: Attempt; courseCompleted: boolean } | { ok: false; reason: 'not-found' | 'submitted' };

/**
 * Scores and closes an attempt. `onScored` runs in the same transaction (the course's completion rule).
 * Unanswered questions count as wrong. With answers for a trainer to grade, the attempt is closed without a
 * score or a pass (see grading.ts), and the completion rule, which needs a pass, waits for the grade.
 * With `xapi`, the answers (and the score, when there is one) are recorded as statements in the same
 * transaction, before what `onScored` adds to it; this function flushes it.
 */
export async function submitAttempt(db: DbOrTx, enrolmentId: string, attemptId: string, form: RawForm, onScored: (tx: DbOrTx) => Promise<boolean>, xapi?: LearningEvents): Promise<SubmitResult> {
  return db.transaction(async (tx) => {
    const [a] = await tx
      .select()
      .from(attempts)
      .where(and(eq(attempts.id, attemptId), eq(attempts.enrolmentId, enrolmentId)))
      .for('update');
    if (!a) return { ok: false, reason: 'not-found' };
    if (a.submittedAt) return { ok: false, reason: 'submitted' };
    const [assessment] = await tx.select().from(assessments).where(eq(assessments.id, a.assessmentId));
    const ids = a.items.map((i) => i.questionId);
    const bank = await tx.select().from(questions).where(inArray(questions.id, ids));
    const texts = await tx.select().from(questionTranslations).where(inArray(questionTranslations.questionId, ids));
    const answers: AttemptAnswer[] = a.items.map((item, i) => {
      const q = bank.find((x) => x.id === item.questionId)!;
      const text = (texts.find((t) => t.questionId === q.id && t.locale === a.locale) ?? texts.find((t) => t.questionId === q.id))!.content;
      return { questionId: q.id, ...scoreQuestion(q.data, text, item.order, form, i) };
    });
    const [attempt] = await tx
      .update(attempts)
      .set({ answers, ...scoreOf(answers, assessment!), submittedAt: new Date() })
      .where(eq(attempts.id, a.id))
      .returning();
    if (xapi) {
      const [e] = await tx.select({ userId: enrolments.userId, courseId: enrolments.courseId }).from(enrolments).where(eq(enrolments.id, enrolmentId));
      const test = assessmentOf(assessment!.id, assessment!.kind);
      const asked = answers.map((x) => ({ id: x.questionId, data: bank.find((q) => q.id === x.questionId)!.data, answer: x.answer, correct: x.correct, names: namesOf(texts.filter((t) => t.questionId === x.questionId), (t) => t.content.stem) }));
      const scored = attempt!.scorePercent !== null;
      xapi.add({ ...e!, enrolmentId, at: attempt!.submittedAt! }, (c) => [
        ...asked.map((q) => questionAnswered(c, test, q, a.locale)),
        ...(scored ? assessmentScored(c, test, { correct: answers.filter((x) => x.correct).length, questions: answers.length }, attempt!.passed, a.locale) : []),
      ]);
    }
    const courseCompleted = await onScored(tx);
    await xapi?.flush(tx);
    return { ok: true, attempt: attempt!, courseCompleted };
  });
}

/** Whether the learner passed the course's post-test (true when the course has none). */
export async function postTestPassed(db: DbOrTx, enrolment: { id: string; courseId: string }): Promise<boolean> {
  const post = await getAssessment(db, enrolment.courseId, 'post-test');
  if (!post) return true;
  const [p] = await db
    .select({ id: attempts.id })
    .from(attempts)
    .where(and(eq(attempts.enrolmentId, enrolment.id), eq(attempts.assessmentId, post.id), eq(attempts.passed, true)))
    .limit(1);
  return !!p;
}

/** The questions of an attempt with their text in the attempt's language (else the source, else any). */
export async function attemptQuestions(db: DbOrTx, attempt: Attempt, sourceLocale: string) {
  const ids = attempt.items.map((i) => i.questionId);
  const [bank, texts] = await Promise.all([db.select().from(questions).where(inArray(questions.id, ids)), db.select().from(questionTranslations).where(inArray(questionTranslations.questionId, ids))]);
  return attempt.items.map((item) => {
    const q = bank.find((x) => x.id === item.questionId)!;
    const mine = texts.filter((t) => t.questionId === q.id);
    const text = mine.find((t) => t.locale === attempt.locale) ?? mine.find((t) => t.locale === sourceLocale) ?? mine[0]!;
    return { question: q, text, order: item.order };
  });
}

export async function courseUsesEcm(db: DbOrTx, courseId: string): Promise<boolean> {
  const [c] = await db.select({ ecm: courses.ecm }).from(courses).where(eq(courses.id, courseId));
  return !!c?.ecm;
}

/** One of the learner's attempts, with what the test is. */
export async function findAttempt(db: DbOrTx, enrolmentId: string, attemptId: string) {
  const [r] = await db
    .select({ attempt: attempts, kind: assessments.kind, passMark: assessments.passMark })
    .from(attempts)
    .innerJoin(assessments, eq(assessments.id, attempts.assessmentId))
    .where(and(eq(attempts.id, attemptId), eq(attempts.enrolmentId, enrolmentId)));
  return r ?? null;
}

/** The learner's pre-test score, when they took it (null while a trainer has still to grade it). */
export async function preTestScore(db: DbOrTx, enrolment: { id: string; courseId: string }): Promise<number | null> {
  const pre = await getAssessment(db, enrolment.courseId, 'pre-test');
  if (!pre) return null;
  const [a] = await db
    .select({ score: attempts.scorePercent })
    .from(attempts)
    .where(and(eq(attempts.enrolmentId, enrolment.id), eq(attempts.assessmentId, pre.id), isNotNull(attempts.submittedAt)))
    .orderBy(asc(attempts.number))
    .limit(1);
  return a?.score ?? null;
}
