import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { users } from '../../platform/schema.js';
import { assessments, attempts, certificates, enrolments, questions, questionTranslations } from './schema.js';

/** Whose figures: a course's learners, or one cohort's. */
export interface ReportScope {
  courseId: string;
  cohortId?: string | null;
}

const inScope = (s: ReportScope): SQL => (s.cohortId ? and(eq(enrolments.courseId, s.courseId), eq(enrolments.cohortId, s.cohortId))! : eq(enrolments.courseId, s.courseId));

// Student's t, 97.5% quantile, for 1 to 10 degrees of freedom (the expansion below is too rough there).
const T975 = [12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281];

/** The 97.5% quantile of Student's t with `df` degrees of freedom: a table to 10, Cornish–Fisher beyond. */
export function tQuantile975(df: number): number {
  if (df <= T975.length) return T975[df - 1]!;
  const z = 1.959964;
  const [z3, z5, z7] = [z ** 3, z ** 5, z ** 7];
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

export interface KnowledgeGain {
  /** Learners with both a pre-test and a final-test score. */
  n: number;
  preMean: number | null;
  postMean: number | null;
  /** Mean of each learner's post minus pre, in percentage points, with its 95% confidence interval. */
  gain: number | null;
  gainCi: [number, number] | null;
  /** Standardised mean difference of paired scores (Cohen's d_z), with an approximate 95% interval. */
  effectSize: number | null;
  effectSizeCi: [number, number] | null;
}

/**
 * Paired analysis of pre- and post-test scores: mean difference with a t interval, and d_z = mean / SD of the
 * differences with the interval d ± t·√(1/n + d²/2n). Needs two pairs for an interval.
 */
export function pairedSummary(pairs: [number, number][]): KnowledgeGain {
  const n = pairs.length;
  if (!n) return { n, preMean: null, postMean: null, gain: null, gainCi: null, effectSize: null, effectSizeCi: null };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const diffs = pairs.map(([pre, post]) => post - pre);
  const gain = mean(diffs);
  const base = { n, preMean: mean(pairs.map((p) => p[0])), postMean: mean(pairs.map((p) => p[1])), gain };
  if (n < 2) return { ...base, gainCi: null, effectSize: null, effectSizeCi: null };
  const sd = Math.sqrt(diffs.reduce((a, d) => a + (d - gain) ** 2, 0) / (n - 1));
  const t = tQuantile975(n - 1);
  const half = (t * sd) / Math.sqrt(n);
  if (sd === 0) return { ...base, gainCi: [gain, gain], effectSize: null, effectSizeCi: null };
  const d = gain / sd;
  const se = Math.sqrt(1 / n + d ** 2 / (2 * n));
  return { ...base, gainCi: [gain - half, gain + half], effectSize: d, effectSizeCi: [d - t * se, d + t * se] };
}

/** Each learner's first pre-test score and latest final-test score (attempts awaiting a trainer's grade have none yet and are left out). */
export async function scorePairs(db: DbOrTx, scope: ReportScope): Promise<[number, number][]> {
  const rows = await db
    .select({ enrolmentId: attempts.enrolmentId, kind: assessments.kind, score: attempts.scorePercent })
    .from(attempts)
    .innerJoin(assessments, eq(assessments.id, attempts.assessmentId))
    .innerJoin(enrolments, eq(enrolments.id, attempts.enrolmentId))
    .where(and(inScope(scope), isNotNull(attempts.submittedAt), isNotNull(attempts.scorePercent)))
    .orderBy(asc(attempts.enrolmentId), asc(attempts.number));
  const by = new Map<string, { pre?: number; post?: number }>();
  for (const r of rows) {
    const e = by.get(r.enrolmentId) ?? {};
    if (r.kind === 'pre-test' && e.pre === undefined) e.pre = Number(r.score);
    if (r.kind === 'post-test') e.post = Number(r.score);
    by.set(r.enrolmentId, e);
  }
  return [...by.values()].filter((e) => e.pre !== undefined && e.post !== undefined).map((e) => [e.pre!, e.post!]);
}

export const knowledgeGain = async (db: DbOrTx, scope: ReportScope) => pairedSummary(await scorePairs(db, scope));

export const DIMENSIONS = ['profession', 'country', 'language', 'gender'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Enrolments, completions and certificates by the learners' profession, country, language or gender. */
export async function countsBy(db: DbOrTx, scope: ReportScope, dimension: Dimension) {
  const key = { profession: users.profession, country: users.country, language: users.locale, gender: users.gender }[dimension];
  const rows = await db
    .select({
      key: key,
      enrolled: sql<number>`count(*)::int`,
      completed: sql<number>`count(*) filter (where ${enrolments.status} = 'completed')::int`,
      certified: sql<number>`count(${certificates.id})::int`,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .leftJoin(certificates, eq(certificates.enrolmentId, enrolments.id))
    .where(inScope(scope))
    .groupBy(key)
    .orderBy(sql`count(*) desc`, asc(key));
  return rows.map((r) => ({ key: r.key, enrolled: Number(r.enrolled), completed: Number(r.completed), certified: Number(r.certified) }));
}

/** Per question and test: how often it was answered, and the share answered right (its difficulty); answers awaiting a trainer's grade are not counted yet. */
export async function itemDifficulty(db: DbOrTx, scope: ReportScope, locale: string) {
  const rows = await db
    .select({ kind: assessments.kind, answers: attempts.answers })
    .from(attempts)
    .innerJoin(assessments, eq(assessments.id, attempts.assessmentId))
    .innerJoin(enrolments, eq(enrolments.id, attempts.enrolmentId))
    .where(and(inScope(scope), isNotNull(attempts.submittedAt)));
  const stats = new Map<string, { pre: [number, number]; post: [number, number] }>();
  for (const r of rows)
    for (const a of r.answers ?? []) {
      if (a.correct === null) continue;
      const s = stats.get(a.questionId) ?? { pre: [0, 0], post: [0, 0] };
      const k = r.kind === 'pre-test' ? 'pre' : 'post';
      s[k][0] += a.correct ? 1 : 0;
      s[k][1] += 1;
      stats.set(a.questionId, s);
    }
  const bank = await db.select().from(questions).where(eq(questions.courseId, scope.courseId)).orderBy(asc(questions.competence), asc(questions.sort), asc(questions.createdAt));
  const texts = bank.length ? await db.select().from(questionTranslations).where(inArray(questionTranslations.questionId, bank.map((q) => q.id))) : [];
  return bank.map((q) => {
    const s = stats.get(q.id) ?? { pre: [0, 0], post: [0, 0] };
    const mine = texts.filter((t) => t.questionId === q.id);
    const text = mine.find((t) => t.locale === locale) ?? mine.find((t) => t.locale === 'en') ?? mine[0];
    return {
      id: q.id,
      competence: q.competence,
      stem: text?.content.stem ?? '',
      stemLocale: text?.locale ?? locale,
      pre: { answered: s.pre[1], right: s.pre[1] ? s.pre[0] / s.pre[1] : null },
      post: { answered: s.post[1], right: s.post[1] ? s.post[0] / s.post[1] : null },
    };
  });
}

/** Final-test attempts: how many learners tried, passed, and needed how many attempts; how many attempts await a trainer's grade. */
export async function attemptFigures(db: DbOrTx, scope: ReportScope) {
  const rows = await db
    .select({ enrolmentId: attempts.enrolmentId, passed: attempts.passed, number: attempts.number, score: attempts.scorePercent })
    .from(attempts)
    .innerJoin(assessments, eq(assessments.id, attempts.assessmentId))
    .innerJoin(enrolments, eq(enrolments.id, attempts.enrolmentId))
    .where(and(inScope(scope), eq(assessments.kind, 'post-test'), isNotNull(attempts.submittedAt)));
  const learners = new Set(rows.map((r) => r.enrolmentId));
  const passedAt = rows.filter((r) => r.passed).map((r) => r.number);
  return { learners: learners.size, attempts: rows.length, pending: rows.filter((r) => r.score === null).length, passed: passedAt.length, meanAttemptsToPass: passedAt.length ? passedAt.reduce((a, b) => a + b, 0) / passedAt.length : null };
}
