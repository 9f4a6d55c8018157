import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { contentChanged } from '../../platform/content-version.js';
import { LOCALES } from '../../platform/i18n/index.js';
import { isOutOfDate, type TranslationRow } from '../../platform/translations.js';
import { ecmProblems, type EcmProblem } from './assessments.js';
import type { BlockData, BlockKind, BlockText } from './content.js';
import { blocks, blockTranslations, courseModules, courses, courseTranslations, courseVersions, lessons, lessonTranslations, moduleTranslations } from './schema.js';

export type TitleRow = TranslationRow & { title: string };
export type BlockTextRow = TranslationRow & { content: BlockText; reviewed: boolean };

export interface SnapshotBlock {
  id: string;
  kind: BlockKind;
  data: BlockData;
  texts: BlockTextRow[];
}
export interface SnapshotLesson {
  id: string;
  durationMinutes: number;
  texts: TitleRow[];
  blocks: SnapshotBlock[];
}
export interface SnapshotModule {
  id: string;
  texts: TitleRow[];
  lessons: SnapshotLesson[];
}
/** What learners see of a course: its content at one published version, with every language's text. */
export interface CourseSnapshot {
  sourceLocale: string;
  modules: SnapshotModule[];
}

const row = <T extends { locale: string; revision: number; sourceRevision: number }>(r: T) => r;

/** Reads the authors' current content of a course as a snapshot. */
export async function draftSnapshot(db: DbOrTx, courseId: string): Promise<CourseSnapshot | null> {
  const [course] = await db.select({ sourceLocale: courses.sourceLocale }).from(courses).where(eq(courses.id, courseId));
  if (!course) return null;
  const mods = await db.select().from(courseModules).where(eq(courseModules.courseId, courseId)).orderBy(asc(courseModules.sort), asc(courseModules.id));
  const moduleIds = mods.map((m) => m.id);
  const ls = moduleIds.length ? await db.select().from(lessons).where(inArray(lessons.moduleId, moduleIds)).orderBy(asc(lessons.sort), asc(lessons.id)) : [];
  const lessonIds = ls.map((l) => l.id);
  const bs = lessonIds.length ? await db.select().from(blocks).where(inArray(blocks.lessonId, lessonIds)).orderBy(asc(blocks.sort), asc(blocks.id)) : [];
  const blockIds = bs.map((b) => b.id);
  // One after another: publishing reads this inside its transaction, whose one connection runs one query at a time.
  const mt = moduleIds.length ? await db.select().from(moduleTranslations).where(inArray(moduleTranslations.moduleId, moduleIds)).orderBy(asc(moduleTranslations.locale)) : [];
  const lt = lessonIds.length ? await db.select().from(lessonTranslations).where(inArray(lessonTranslations.lessonId, lessonIds)).orderBy(asc(lessonTranslations.locale)) : [];
  const bt = blockIds.length ? await db.select().from(blockTranslations).where(inArray(blockTranslations.blockId, blockIds)).orderBy(asc(blockTranslations.locale)) : [];
  return {
    sourceLocale: course.sourceLocale,
    modules: mods.map((m) => ({
      id: m.id,
      texts: mt.filter((t) => t.moduleId === m.id).map((t) => row({ locale: t.locale, title: t.title, revision: t.revision, sourceRevision: t.sourceRevision })),
      lessons: ls
        .filter((l) => l.moduleId === m.id)
        .map((l) => ({
          id: l.id,
          durationMinutes: l.durationMinutes,
          texts: lt.filter((t) => t.lessonId === l.id).map((t) => row({ locale: t.locale, title: t.title, revision: t.revision, sourceRevision: t.sourceRevision })),
          blocks: bs
            .filter((b) => b.lessonId === l.id)
            .map((b) => ({
              id: b.id,
              kind: b.kind,
              data: b.data,
              texts: bt.filter((t) => t.blockId === b.id).map((t) => row({ locale: t.locale, content: t.content, reviewed: t.reviewedAt !== null, revision: t.revision, sourceRevision: t.sourceRevision })),
            })),
        })),
    })),
  };
}

/** JSON with object keys sorted: jsonb does not keep key order, so this is how two snapshots compare. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The structure of a snapshot: which modules, lessons and blocks, in which order, with which answers. */
export function structureSignature(s: CourseSnapshot): string {
  const shape = s.modules.map((m) => [m.id, m.lessons.map((l) => [l.id, l.blocks.map((b) => [b.id, b.kind, b.data])])]);
  return createHash('sha256').update(canonicalJson(shape)).digest('hex');
}

/** Every translatable text of a snapshot, as its translation rows. */
function textsOf(s: CourseSnapshot): TranslationRow[][] {
  return s.modules.flatMap((m) => [m.texts, ...m.lessons.flatMap((l) => [l.texts, ...l.blocks.map((b) => b.texts)])]);
}

/**
 * Which languages a snapshot can be offered in: complete (every text there and up to date, as well as the
 * course's own texts) or partial (some lesson content there; the rest falls back, and pages say so).
 */
export function languagesOf(s: CourseSnapshot, courseTexts: TranslationRow[]): { complete: string[]; partial: string[] } {
  const all = [courseTexts, ...textsOf(s)];
  const complete: string[] = [];
  const partial: string[] = [];
  for (const locale of LOCALES) {
    const current = all.map((rows) => {
      const mine = rows.find((r) => r.locale === locale);
      return !!mine && !isOutOfDate(mine, rows.find((r) => r.locale === s.sourceLocale), s.sourceLocale);
    });
    if (current.every(Boolean)) complete.push(locale);
    else if (s.modules.some((m) => m.lessons.some((l) => l.blocks.some((b) => b.texts.some((t) => t.locale === locale))))) partial.push(locale);
  }
  return { complete, partial };
}

export type PublishResult = { ok: true; major: number; minor: number; unchanged: boolean } | { ok: false; reason: 'not-found' | 'empty' | 'untranslated' } | { ok: false; reason: 'ecm'; problems: EcmProblem[] };

type CourseRow = typeof courses.$inferSelect;

/**
 * What publishing the course's current content would do: refuse (and why), change nothing, or make a new
 * version — a new major when the structure changed, else a new minor of the current one — with what to write.
 */
async function planPublication(db: DbOrTx, course: CourseRow): Promise<{ result: PublishResult; version?: typeof courseVersions.$inferInsert }> {
  const snapshot = await draftSnapshot(db, course.id);
  if (!snapshot || !snapshot.modules.some((m) => m.lessons.length)) return { result: { ok: false, reason: 'empty' } };
  const courseTexts = await db.select().from(courseTranslations).where(eq(courseTranslations.courseId, course.id));
  const languages = languagesOf(snapshot, courseTexts);
  if (!languages.complete.includes(course.sourceLocale)) return { result: { ok: false, reason: 'untranslated' } };
  if (course.ecm) {
    const problems = await ecmProblems(db, course.id);
    if (problems.length) return { result: { ok: false, reason: 'ecm', problems } };
  }
  const signature = structureSignature(snapshot);
  const [latest] = await db.select().from(courseVersions).where(eq(courseVersions.courseId, course.id)).orderBy(desc(courseVersions.major), desc(courseVersions.minor)).limit(1);
  const sameLanguages = latest && latest.completeLocales.join() === languages.complete.join() && latest.partialLocales.join() === languages.partial.join();
  if (latest && sameLanguages && canonicalJson(latest.snapshot) === canonicalJson(snapshot)) return { result: { ok: true, major: latest.major, minor: latest.minor, unchanged: true } };
  const [major, minor] = !latest ? [1, 0] : latest.signature === signature ? [latest.major, latest.minor + 1] : [latest.major + 1, 0];
  return { result: { ok: true, major, minor, unchanged: false }, version: { courseId: course.id, major, minor, signature, snapshot, completeLocales: languages.complete, partialLocales: languages.partial } };
}

/** What publishing now would do, without doing it (the authors' page says it before they press the button). */
export async function previewPublication(db: DbOrTx, courseId: string): Promise<PublishResult> {
  const [course] = await db.select().from(courses).where(eq(courses.id, courseId));
  return course ? (await planPublication(db, course)).result : { ok: false, reason: 'not-found' };
}

/**
 * Publishes the authors' current content as a new version: a new major when the structure changed, else a
 * new minor of the current one (learners on that major get it at once). Publishing unchanged content is a no-op.
 */
export async function publishCourse(db: DbOrTx, courseId: string, publishedBy: string | null): Promise<PublishResult> {
  return db.transaction(async (tx) => {
    // One publication at a time per course: the version numbers are read and then written.
    const [course] = await tx.select().from(courses).where(eq(courses.id, courseId)).for('update');
    if (!course) return { ok: false, reason: 'not-found' };
    const { result, version } = await planPublication(tx, course);
    if (!result.ok) return result;
    if (version) await tx.insert(courseVersions).values({ ...version, publishedBy });
    if (version || course.status !== 'published') await tx.update(courses).set({ status: 'published', updatedAt: new Date() }).where(eq(courses.id, courseId));
    if (version) await contentChanged(tx);
    return result;
  });
}

export interface VersionRef {
  id: string;
  major: number;
  minor: number;
  completeLocales: string[];
  partialLocales: string[];
}

/** The version a learner on `major` sees (its latest minor), or the course's latest when `major` is null. */
export async function currentVersion(db: DbOrTx, courseId: string, major: number | null): Promise<VersionRef | null> {
  const [v] = await db
    .select({ id: courseVersions.id, major: courseVersions.major, minor: courseVersions.minor, completeLocales: courseVersions.completeLocales, partialLocales: courseVersions.partialLocales })
    .from(courseVersions)
    .where(major === null ? eq(courseVersions.courseId, courseId) : and(eq(courseVersions.courseId, courseId), eq(courseVersions.major, major)))
    .orderBy(desc(courseVersions.major), desc(courseVersions.minor))
    .limit(1);
  return v ?? null;
}

// Published snapshots never change: each process keeps the most recently used ones parsed.
const SNAPSHOTS_KEPT = 200;
const snapshots = new Map<string, CourseSnapshot>();

export async function loadSnapshot(db: DbOrTx, versionId: string): Promise<CourseSnapshot> {
  const kept = snapshots.get(versionId);
  if (kept) {
    snapshots.delete(versionId);
    snapshots.set(versionId, kept);
    return kept;
  }
  const [v] = await db.select({ snapshot: courseVersions.snapshot }).from(courseVersions).where(eq(courseVersions.id, versionId));
  if (!v) throw new Error(`course version ${versionId} not found`);
  snapshots.set(versionId, v.snapshot);
  if (snapshots.size > SNAPSHOTS_KEPT) snapshots.delete(snapshots.keys().next().value!);
  return v.snapshot;
}

/** The lessons of a snapshot in reading order, with the module each belongs to. */
export function lessonsInOrder(s: CourseSnapshot): { lesson: SnapshotLesson; module: SnapshotModule; index: number }[] {
  return s.modules.flatMap((m) => m.lessons.map((lesson) => ({ lesson, module: m }))).map((x, index) => ({ ...x, index }));
}
