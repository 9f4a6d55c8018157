import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/index.js';
import { organisations, roleAssignments, users } from '../../platform/schema.js';
import { assessments, attempts, cohorts, enrolments, itemTallies, questions, questionTranslations } from './schema.js';

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
  if (!n) return summarise({ n, preMean: null, postMean: null, gain: null, sd: null });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const diffs = pairs.map(([pre, post]) => post - pre);
  const gain = mean(diffs);
  const sd = n < 2 ? null : Math.sqrt(diffs.reduce((a, d) => a + (d - gain) ** 2, 0) / (n - 1));
  return summarise({ n, preMean: mean(pairs.map((p) => p[0])), postMean: mean(pairs.map((p) => p[1])), gain, sd });
}

/** The paired analysis from the pairs' count, means and the standard deviation of the differences (null under two pairs). */
function summarise(m: { n: number; preMean: number | null; postMean: number | null; gain: number | null; sd: number | null }): KnowledgeGain {
  const { n, gain, sd } = m;
  if (!n || gain === null) return { n, preMean: null, postMean: null, gain: null, gainCi: null, effectSize: null, effectSizeCi: null };
  const base = { n, preMean: m.preMean, postMean: m.postMean, gain };
  if (n < 2 || sd === null) return { ...base, gainCi: null, effectSize: null, effectSizeCi: null };
  const t = tQuantile975(n - 1);
  const half = (t * sd) / Math.sqrt(n);
  if (sd === 0) return { ...base, gainCi: [gain, gain], effectSize: null, effectSizeCi: null };
  const d = gain / sd;
  const se = Math.sqrt(1 / n + d ** 2 / (2 * n));
  return { ...base, gainCi: [gain - half, gain + half], effectSize: d, effectSizeCi: [d - t * se, d + t * se] };
}

/**
 * The paired analysis of a scope's learners: each enrolment holds its first pre-test score and its latest
 * final-test score (kept by the database from its attempts; an attempt awaiting a trainer's grade has no score
 * yet), so a course of 100,000 learners is one pass over an index.
 */
export async function knowledgeGain(db: DbOrTx, scope: ReportScope): Promise<KnowledgeGain> {
  const paired = and(inScope(scope), isNotNull(enrolments.preScore), isNotNull(enrolments.postScore));
  const [m] = await db
    .select({
      n: sql<number>`count(*)::int`,
      preMean: sql<number | null>`avg(${enrolments.preScore})::float8`,
      postMean: sql<number | null>`avg(${enrolments.postScore})::float8`,
      gain: sql<number | null>`avg(${enrolments.postScore} - ${enrolments.preScore})::float8`,
      sd: sql<number | null>`stddev_samp(${enrolments.postScore} - ${enrolments.preScore})::float8`,
    })
    .from(enrolments)
    .where(paired);
  const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return summarise({ n: Number(m?.n ?? 0), preMean: num(m?.preMean), postMean: num(m?.postMean), gain: num(m?.gain), sd: num(m?.sd) });
}

export const DIMENSIONS = ['profession', 'country', 'language', 'gender', 'organisation'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type Counts = { key: string | null; enrolled: number; completed: number; certified: number }[];

/**
 * Enrolments, completions and certificates by the learners' profession, country, language, gender and
 * organisation, in one pass (grouping sets). A learner's organisation is the one running their cohort (a
 * partner's training), else the one they belong to on the instance (their roles' organisation, the first by
 * name), else unknown.
 */
export async function countsByAll(db: DbOrTx, scope: ReportScope, dimensions: readonly Dimension[] = DIMENSIONS): Promise<Record<Dimension, Counts>> {
  // Each user's own organisation, the first by name: one pass over the role grants, joined (not a lookup per enrolment).
  const userOrganisations = db
    .select({ userId: roleAssignments.userId, name: sql<string>`min(${organisations.name})`.as('user_organisation') })
    .from(roleAssignments)
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .groupBy(roleAssignments.userId)
    .as('user_organisations');
  const organisation = sql`coalesce(${organisations.name}, ${userOrganisations.name})`;
  const column = { profession: sql`${users.profession}`, country: sql`${users.country}`, language: sql`${users.locale}`, gender: sql`${users.gender}`, organisation };
  const dimension = sql.join(
    dimensions.map((d) => sql`when grouping(${column[d]}) = 0 then ${d}`),
    sql` `,
  );
  const key = sql.join(
    dimensions.map((d) => sql`when grouping(${column[d]}) = 0 then ${column[d]}`),
    sql` `,
  );
  const rows = await db
    .select({
      dimension: sql<Dimension>`case ${dimension} end`,
      key: sql<string | null>`case ${key} end`,
      enrolled: sql<number>`count(*)::int`,
      completed: sql<number>`count(*) filter (where ${enrolments.status} = 'completed')::int`,
      certified: sql<number>`count(*) filter (where ${enrolments.certified})::int`,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .leftJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .leftJoin(organisations, eq(organisations.id, cohorts.organisationId))
    .leftJoin(userOrganisations, eq(userOrganisations.userId, users.id))
    .where(inScope(scope))
    .groupBy(sql`grouping sets (${sql.join(
      dimensions.map((d) => sql`(${column[d]})`),
      sql`, `,
    )})`)
    .orderBy(sql`1`, sql`count(*) desc`, sql`2 asc`);
  const out = Object.fromEntries(dimensions.map((d) => [d, [] as Counts])) as Record<Dimension, Counts>;
  for (const r of rows) out[r.dimension].push({ key: r.key, enrolled: Number(r.enrolled), completed: Number(r.completed), certified: Number(r.certified) });
  return out;
}

/** Enrolments, completions and certificates by the learners' profession, country, language, gender or organisation. */
export async function countsBy(db: DbOrTx, scope: ReportScope, dimension: Dimension): Promise<Counts> {
  return (await countsByAll(db, scope, [dimension]))[dimension];
}

/**
 * Per question and test: how often it was answered, and the share answered right (its difficulty); answers awaiting a
 * trainer's grade are not counted yet. A course's figures are kept by the database as attempts change
 * (training_item_tallies); a cohort's are counted from its attempts, with the same function.
 */
export async function itemDifficulty(db: DbOrTx, scope: ReportScope, locale: string) {
  const rows = scope.cohortId
    ? await db
        .select({ kind: assessments.kind, questionId: sql<string>`x.question_id`, right: sql<number>`sum(x.correct)::int`, answered: sql<number>`sum(x.answered)::int` })
        .from(attempts)
        .innerJoin(assessments, eq(assessments.id, attempts.assessmentId))
        .crossJoin(sql`lateral training_answer_tallies(${attempts.answers}) as x`)
        .where(and(eq(assessments.courseId, scope.courseId), inArray(attempts.enrolmentId, sql`(select ${enrolments.id} from ${enrolments} where ${inScope(scope)})`), isNotNull(attempts.submittedAt)))
        .groupBy(assessments.kind, sql`x.question_id`)
    : await db
        .select({ kind: assessments.kind, questionId: itemTallies.questionId, right: itemTallies.correct, answered: itemTallies.answered })
        .from(itemTallies)
        .innerJoin(assessments, eq(assessments.id, itemTallies.assessmentId))
        .where(eq(assessments.courseId, scope.courseId));
  const stats = new Map<string, { pre: [number, number]; post: [number, number] }>();
  for (const r of rows) {
    const s = stats.get(r.questionId) ?? { pre: [0, 0], post: [0, 0] };
    const k = r.kind === 'pre-test' ? 'pre' : 'post';
    s[k][0] += Number(r.right);
    s[k][1] += Number(r.answered);
    stats.set(r.questionId, s);
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
/**
 * Runs a report's queries one after another in one read-only snapshot, so that every figure of the report
 * describes the same moment, on one connection and without parallel workers: a report takes one CPU of the
 * database rather than every CPU at once, which on a small server is also faster (worker start-up costs more
 * than these scans).
 */
export function inOneSnapshot<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(
    async (tx) => {
      await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
      return fn(tx);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export async function attemptFigures(db: DbOrTx, scope: ReportScope) {
  const [r] = await db
    .select({
      learners: sql<number>`count(*) filter (where ${enrolments.postAttempts} > 0)::int`,
      attempts: sql<number>`coalesce(sum(${enrolments.postAttempts}), 0)::int`,
      pending: sql<number>`coalesce(sum(${enrolments.postPending}), 0)::int`,
      passed: sql<number>`count(${enrolments.passedAttempt})::int`,
      meanAttemptsToPass: sql<number | null>`avg(${enrolments.passedAttempt})::float8`,
    })
    .from(enrolments)
    .where(inScope(scope));
  return { learners: Number(r?.learners ?? 0), attempts: Number(r?.attempts ?? 0), pending: Number(r?.pending ?? 0), passed: Number(r?.passed ?? 0), meanAttemptsToPass: r?.meanAttemptsToPass == null ? null : Number(r.meanAttemptsToPass) };
}
