import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { contentChanged } from '../../platform/content-version.js';
import type { Locale } from '../../platform/i18n/index.js';
import { iso, type JsonValue } from '../../platform/personal-data.js';
import { organisations } from '../../platform/schema.js';
import { COMMENT_STATUSES, guidelines, guidelineComments, guidelineVersions, recommendations, type CommentStatus } from './schema.js';
import { canComment, readVersion, type DisplayRecommendation, type DisplayVersion, type Errors, type VersionRow } from './service.js';

/**
 * Public consultation: members comment on the recommendations of a version while it is under consultation;
 * editors answer and close the comments, and export the whole record. The author's identity stays private:
 * what the public sees is the comment, the organisation it speaks for (if any), its date, status and answer.
 */

export const COMMENT_MAX = 5000;
export const ANSWER_MAX = 5000;

/** Comments a member may post in an hour (across guidelines): enough for a careful response, not for a flood. */
export const COMMENT_RATE_LIMIT = { name: 'guideline-comment-user', limit: 30, windowSeconds: 3600 } as const;

/** Why a comment was not accepted: field errors, or the version is not (any more) under consultation. */
export type CommentResult = { ok: true; id: string } | { ok: false; errors: Errors } | { ok: false; closed: true };

export interface PublicComment {
  id: string;
  recommendationId: string;
  identifier: string;
  body: string;
  locale: string;
  organisation: string | null;
  status: CommentStatus;
  answer: string | null;
  answeredAt: Date | null;
  createdAt: Date;
}

/** The version of a guideline that is under consultation now, if any. */
export async function consultationVersion(db: DbOrTx, guidelineId: string): Promise<VersionRow | null> {
  const [v] = await db
    .select()
    .from(guidelineVersions)
    .where(and(eq(guidelineVersions.guidelineId, guidelineId), eq(guidelineVersions.status, 'consultation')));
  return v ?? null;
}

/**
 * The version whose consultation the public page shows: the one under consultation now, else the latest public
 * version that was consulted on (its comments and answers stay readable as the consultation's record).
 */
export async function consultedVersion(db: DbOrTx, guidelineId: string): Promise<{ version: VersionRow; open: boolean } | null> {
  const open = await consultationVersion(db, guidelineId);
  if (open) return { version: open, open: true };
  const [closed] = await db
    .select()
    .from(guidelineVersions)
    .where(
      and(
        eq(guidelineVersions.guidelineId, guidelineId),
        inArray(guidelineVersions.status, ['published', 'superseded']),
        sql`(${guidelineVersions.consultationStartsOn} IS NOT NULL OR EXISTS (SELECT 1 FROM guideline_comments c WHERE c.version_id = ${guidelineVersions.id}))`,
      ),
    )
    .orderBy(desc(guidelineVersions.createdAt))
    .limit(1);
  return closed ? { version: closed, open: false } : null;
}

/** A flat list of a version's recommendations, in reading order. */
export const flatRecommendations = (d: DisplayVersion): DisplayRecommendation[] => d.chapters.flatMap((c) => c.sections.flatMap((s) => s.recommendations));

const publicColumns = {
  id: guidelineComments.id,
  recommendationId: guidelineComments.recommendationId,
  identifier: recommendations.identifier,
  body: guidelineComments.body,
  locale: guidelineComments.locale,
  organisation: organisations.name,
  status: guidelineComments.status,
  answer: guidelineComments.answer,
  answeredAt: guidelineComments.answeredAt,
  createdAt: guidelineComments.createdAt,
};

export interface CommentFilters {
  status?: CommentStatus;
  /** A recommendation identifier ("R6"). */
  identifier?: string;
}

/** A version's comments, oldest first, optionally by status and recommendation; never the author's address or name. */
export async function listComments(db: DbOrTx, versionId: string, filters: CommentFilters = {}): Promise<PublicComment[]> {
  const where = [eq(guidelineComments.versionId, versionId)];
  if (filters.status) where.push(eq(guidelineComments.status, filters.status));
  if (filters.identifier) where.push(eq(recommendations.identifier, filters.identifier));
  return db
    .select(publicColumns)
    .from(guidelineComments)
    .innerJoin(recommendations, eq(recommendations.id, guidelineComments.recommendationId))
    .leftJoin(organisations, eq(organisations.id, guidelineComments.organisationId))
    .where(and(...where))
    .orderBy(asc(guidelineComments.createdAt), asc(guidelineComments.id));
}

/** How many comments each status has, for a version. */
export async function countComments(db: DbOrTx, versionId: string): Promise<Record<CommentStatus, number>> {
  const rows = await db
    .select({ status: guidelineComments.status, n: sql<number>`count(*)::int` })
    .from(guidelineComments)
    .where(eq(guidelineComments.versionId, versionId))
    .groupBy(guidelineComments.status);
  const counts = Object.fromEntries(COMMENT_STATUSES.map((s) => [s, 0])) as Record<CommentStatus, number>;
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** Versions an editor may look at the comments of: those in consultation and those that received comments. */
export async function versionsWithComments(db: DbOrTx): Promise<{ id: string; label: string; status: string; slug: string; comments: number }[]> {
  return db
    .select({
      id: guidelineVersions.id,
      label: guidelineVersions.label,
      status: guidelineVersions.status,
      slug: guidelines.slug,
      comments: sql<number>`(SELECT count(*)::int FROM guideline_comments c WHERE c.version_id = ${guidelineVersions.id})`,
    })
    .from(guidelineVersions)
    .innerJoin(guidelines, eq(guidelines.id, guidelineVersions.guidelineId))
    .where(sql`${guidelineVersions.status} = 'consultation' OR EXISTS (SELECT 1 FROM guideline_comments c WHERE c.version_id = ${guidelineVersions.id})`)
    .orderBy(asc(guidelines.slug), desc(guidelineVersions.createdAt));
}

export interface CommentInput {
  versionId: string;
  /** The recommendation's identifier in that version ("R6"). */
  identifier: string;
  body: string;
  /** The organisation the author speaks for; it must be one of `memberOf`. */
  organisationId: string | null;
  locale: string;
}

/**
 * Records a member's comment. The version row is locked, so a comment cannot slip in while the version is
 * being published. `memberOf` are the organisations the author belongs to (their role assignments).
 */
export async function postComment(db: DbOrTx, input: CommentInput, by: { userId: string; memberOf: string[]; requestId?: string }): Promise<CommentResult> {
  const body = input.body.trim();
  const errors: Errors = {};
  if (!body) errors.body = 'errors.required';
  else if (body.length > COMMENT_MAX) errors.body = 'errors.tooLong';
  if (input.organisationId && !by.memberOf.includes(input.organisationId)) errors.organisation = 'errors.choose';
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(guidelineVersions).where(eq(guidelineVersions.id, input.versionId)).for('share');
    if (!v || !canComment(v)) return { ok: false as const, closed: true as const };
    const [r] = await tx
      .select({ id: recommendations.id })
      .from(recommendations)
      .where(and(eq(recommendations.versionId, v.id), eq(recommendations.identifier, input.identifier)));
    if (!r) errors.recommendation = 'errors.choose';
    if (Object.keys(errors).length) return { ok: false as const, errors };
    const [c] = await tx
      .insert(guidelineComments)
      .values({ versionId: v.id, recommendationId: r!.id, authorId: by.userId, organisationId: input.organisationId, locale: input.locale, body })
      .returning({ id: guidelineComments.id });
    await audit(tx, { actorId: by.userId, action: 'guidelines.comment.create', outcome: 'success', targetType: 'guideline-comment', targetId: c!.id, requestId: by.requestId, details: { versionId: v.id, organisationId: input.organisationId } });
    await contentChanged(tx);
    return { ok: true as const, id: c!.id };
  });
}

export async function getComment(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ comment: guidelineComments, identifier: recommendations.identifier, version: guidelineVersions, slug: guidelines.slug, organisation: organisations.name })
    .from(guidelineComments)
    .innerJoin(recommendations, eq(recommendations.id, guidelineComments.recommendationId))
    .innerJoin(guidelineVersions, eq(guidelineVersions.id, guidelineComments.versionId))
    .innerJoin(guidelines, eq(guidelines.id, guidelineVersions.guidelineId))
    .leftJoin(organisations, eq(organisations.id, guidelineComments.organisationId))
    .where(eq(guidelineComments.id, id));
  return row ?? null;
}

/**
 * An editor's answer: it is public beside the comment. Answering an open comment marks it answered; a closed
 * comment stays closed (its answer may still be given or corrected, for the record).
 */
export async function answerComment(db: DbOrTx, id: string, answer: string, by: { userId: string; requestId?: string }): Promise<{ ok: true } | { ok: false; errors: Errors } | { ok: false; notFound: true }> {
  const text = answer.trim();
  if (!text) return { ok: false, errors: { answer: 'errors.required' } };
  if (text.length > ANSWER_MAX) return { ok: false, errors: { answer: 'errors.tooLong' } };
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(guidelineComments).where(eq(guidelineComments.id, id)).for('update');
    if (!c) return { ok: false as const, notFound: true as const };
    const now = new Date();
    await tx
      .update(guidelineComments)
      .set({ answer: text, answeredById: by.userId, answeredAt: now, status: c.status === 'closed' ? 'closed' : 'answered' })
      .where(eq(guidelineComments.id, id));
    await audit(tx, { actorId: by.userId, action: 'guidelines.comment.answer', outcome: 'success', targetType: 'guideline-comment', targetId: id, requestId: by.requestId });
    await contentChanged(tx);
    return { ok: true as const };
  });
}

/** Closes a comment: nothing more is expected on it. Closing a closed comment changes nothing. */
export async function closeComment(db: DbOrTx, id: string, by: { userId: string; requestId?: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(guidelineComments).where(eq(guidelineComments.id, id)).for('update');
    if (!c) return false;
    if (c.status !== 'closed') {
      await tx.update(guidelineComments).set({ status: 'closed', closedAt: new Date() }).where(eq(guidelineComments.id, id));
      await audit(tx, { actorId: by.userId, action: 'guidelines.comment.close', outcome: 'success', targetType: 'guideline-comment', targetId: id, requestId: by.requestId });
      await contentChanged(tx);
    }
    return true;
  });
}

export interface RecordRow {
  identifier: string;
  number: string;
  statement: string;
  comment: string;
  organisation: string;
  date: string;
  status: CommentStatus;
  answer: string;
  answeredAt: string;
}

/** The consultation record of a version, one row per comment, in the order of the recommendations. */
export async function consultationRecord(db: DbOrTx, versionId: string, locale: Locale): Promise<RecordRow[]> {
  const display = await readVersion(db, versionId, locale);
  if (!display) return [];
  const recs = flatRecommendations(display);
  const comments = await listComments(db, versionId);
  const byRec = new Map<string, PublicComment[]>();
  for (const c of comments) byRec.set(c.recommendationId, [...(byRec.get(c.recommendationId) ?? []), c]);
  return recs.flatMap((r) =>
    (byRec.get(r.id) ?? []).map((c) => ({
      identifier: r.identifier,
      number: r.number,
      statement: r.text?.value.statement ?? '',
      comment: c.body,
      organisation: c.organisation ?? '',
      date: c.createdAt.toISOString().slice(0, 10),
      status: c.status,
      answer: c.answer ?? '',
      answeredAt: c.answeredAt ? c.answeredAt.toISOString().slice(0, 10) : '',
    })),
  );
}

/** The names of organisations, by id (for the "on behalf of" choice). */
export async function organisationNames(db: DbOrTx, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (!ids.length) return [];
  return db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids)).orderBy(asc(organisations.name));
}

/** What the guidelines hold about a person, for "download my data": their consultation comments, and the answers they wrote. */
export async function guidelinesPersonalData(db: DbOrTx, userId: string): Promise<{ [key: string]: JsonValue }> {
  const rows = await db
    .select({ comment: guidelineComments, slug: guidelines.slug, label: guidelineVersions.label, identifier: recommendations.identifier })
    .from(guidelineComments)
    .innerJoin(guidelineVersions, eq(guidelineVersions.id, guidelineComments.versionId))
    .innerJoin(guidelines, eq(guidelines.id, guidelineVersions.guidelineId))
    .innerJoin(recommendations, eq(recommendations.id, guidelineComments.recommendationId))
    .where(sql`${guidelineComments.authorId} = ${userId} OR ${guidelineComments.answeredById} = ${userId}`)
    .orderBy(asc(guidelineComments.createdAt));
  const ref = (r: (typeof rows)[number]) => ({ guideline: r.slug, version: r.label, recommendation: r.identifier });
  return {
    comments: rows.filter((r) => r.comment.authorId === userId).map((r) => ({ ...ref(r), body: r.comment.body, locale: r.comment.locale, status: r.comment.status, answer: r.comment.answer, createdAt: iso(r.comment.createdAt) })),
    answers: rows.filter((r) => r.comment.answeredById === userId).map((r) => ({ ...ref(r), answer: r.comment.answer, answeredAt: iso(r.comment.answeredAt) })),
  };
}
