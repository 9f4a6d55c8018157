/**
 * Course packages: a course's draft as one zip file (`<slug>.ponte-course.zip`) that another Ponte instance
 * imports as a new draft course. What a package carries and how identifiers are renewed: docs/course-packages.md.
 */
import { readFileSync } from 'node:fs';
import { and, asc, desc, eq, inArray, like } from 'drizzle-orm';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { unzipSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { z } from 'zod';
import type { DbOrTx } from '../../platform/db/index.js';
import { isLocale, type Locale } from '../../platform/i18n/index.js';
import { PROFESSIONS } from '../../platform/identity/users.js';
import type { Platform } from '../../platform/platform.js';
import { storedFiles } from '../../platform/schema.js';
import { recordingStorage, removeUnreferenced, safeFileName, saveFile, type Storage } from '../../platform/storage.js';
import { detectFileType, DOCUMENT_EXTENSIONS } from '../../platform/uploads.js';
import { createImage, IMAGE_EXTENSIONS } from '../media/service.js';
import { mediaImages, mediaImageTexts, mediaVariants, type ImageFormat } from '../media/schema.js';
import { questionProblems } from './assessments.js';
import { blockProblems } from './authoring.js';
import { ASSESSMENT_KINDS, BLOCK_KINDS, COURSE_LEVELS, CREDIT_SCHEMES, QUESTION_KINDS, SHORT_ANSWER_GRADINGS, TOPICS, type BlockData, type BlockText, type CourseFileRef, type QuestionData, type QuestionText } from './content.js';
import { findCourseFile, MAX_COURSE_FILE_BYTES } from './files.js';
import {
  assessments,
  blocks,
  blockTranslations,
  courseCredits,
  courseFiles,
  courseModules,
  courseProfessions,
  courses,
  courseTranslations,
  lessons,
  lessonTranslations,
  moduleTranslations,
  questions,
  questionTranslations,
} from './schema.js';
import { checkScormFiles, findScormPackage, scormPackageFiles, ScormError, writeScormPackage, type ScormPackageFiles } from './scorm.js';
import { draftSnapshot } from './versions.js';

/** The package format this code writes; it reads this one and every older one. */
export const PACKAGE_FORMAT = 'ponte-course-package';
export const PACKAGE_FORMAT_VERSION = 1;
export const PACKAGE_EXTENSION = '.ponte-course.zip';

const PONTE_VERSION = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

/** Limits on what an import unpacks: entries, JSON size, and (with the package's own limit) everything unpacked. */
const MAX_ENTRIES = 5000;
const MAX_JSON_BYTES = 32 * 1024 * 1024;

/** Why a package was refused: a message key shown beside the form's file field, in the author's language. */
export class PackageError extends Error {
  constructor(
    public readonly messageKey: string,
    public readonly field: 'package' | 'slug' = 'package',
  ) {
    super(messageKey);
  }
}

// ——— The format ———

const SLUG = /^[a-z0-9][a-z0-9-]{0,80}$/;
// PostgreSQL keeps no NUL character in text or jsonb: refused here rather than failing the transaction.
const str = (max = 200_000) => z.string().max(max).refine((v) => !v.includes('\u0000'));
const locale = z.string().refine((l): l is Locale => isLocale(l));
const revisions = { revision: z.number().int().min(0).max(1_000_000), sourceRevision: z.number().int().min(0).max(1_000_000) };
/** A file of the package: `ref` is what blocks name instead of an id of the source instance. */
const ref = z.string().regex(/^[fi][0-9]{1,6}$/);
const fileRef = z.object({ id: ref, name: str(300), size: z.number().int().min(0), contentType: str(200) });
const option = z.object({ text: str(), feedback: str() });

const blockText = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), markdown: str() }),
  z.object({ kind: z.literal('image'), alt: str(), caption: str() }),
  z.object({ kind: z.enum(['video', 'audio']), title: str(), captions: str(), transcript: str() }),
  z.object({ kind: z.literal('resource'), title: str(), description: str(), file: fileRef }),
  z.object({ kind: z.literal('vignette'), title: str(), markdown: str(), prompts: z.array(str()).max(100) }),
  z.object({ kind: z.literal('check'), question: str(), options: z.array(option).max(50) }),
  z.object({ kind: z.literal('scorm'), title: str() }),
]);
const blockData = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['text', 'vignette', 'resource']) }),
  z.object({ kind: z.literal('image'), imageId: ref }),
  z.object({ kind: z.enum(['video', 'audio']), media: fileRef, low: fileRef.nullable() }),
  z.object({ kind: z.literal('check'), correct: z.array(z.number().int().min(0).max(49)).max(50) }),
  z.object({ kind: z.literal('scorm'), packageId: z.string().regex(/^s[0-9]{1,6}$/) }),
]);
const questionText = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['single', 'multiple']), stem: str(), options: z.array(option).max(50) }),
  z.object({ kind: z.literal('true-false'), stem: str(), feedbackTrue: str(), feedbackFalse: str() }),
  z.object({ kind: z.literal('ordering'), stem: str(), items: z.array(str()).max(50), feedback: str() }),
  z.object({ kind: z.literal('matching'), stem: str(), pairs: z.array(z.object({ left: str(), right: str() })).max(50), feedback: str() }),
  z.object({ kind: z.literal('short-answer'), stem: str(), keywords: z.array(str(500)).max(100), feedback: str(), guidance: str().optional() }),
]);
const questionData = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('single'), correct: z.number().int().min(0).max(49) }),
  z.object({ kind: z.literal('multiple'), correct: z.array(z.number().int().min(0).max(49)).max(50) }),
  z.object({ kind: z.literal('true-false'), correct: z.boolean() }),
  z.object({ kind: z.enum(['ordering', 'matching']) }),
  z.object({ kind: z.literal('short-answer'), grading: z.enum(SHORT_ANSWER_GRADINGS).optional() }),
]);
const title = z.object({ locale, title: str(500), ...revisions });

const manifestHead = z.object({ format: z.literal(PACKAGE_FORMAT), formatVersion: z.number().int().min(1) });
export const packageManifest = manifestHead.extend({
  ponteVersion: str(50),
  source: str(2000),
  slug: z.string().regex(SLUG),
  exportedAt: z.string().datetime(),
  /** What was exported: the authors' draft (the only kind this version writes). */
  content: z.literal('draft'),
});
export type PackageManifest = z.infer<typeof packageManifest>;

export const packageCourse = z.object({
  slug: z.string().regex(SLUG),
  sourceLocale: locale,
  level: z.enum(COURSE_LEVELS),
  topics: z.array(z.enum(TOPICS)).max(TOPICS.length),
  durationMinutes: z.number().int().min(0).max(100_000),
  ecm: z.boolean(),
  requiredLiveSessions: z.number().int().min(0).max(100),
  texts: z.array(z.object({ locale, title: str(500), summary: str(), outcomes: z.array(str(2000)).max(100), description: str(), ...revisions })).max(20),
  professions: z.array(z.enum(PROFESSIONS)).max(PROFESSIONS.length),
  credits: z.array(z.object({ profession: z.enum(PROFESSIONS), scheme: z.enum(CREDIT_SCHEMES), amount: z.number().min(0).max(9999) })).max(200),
  modules: z
    .array(
      z.object({
        texts: z.array(title).max(20),
        lessons: z
          .array(
            z.object({
              durationMinutes: z.number().int().min(0).max(100_000),
              texts: z.array(title).max(20),
              blocks: z.array(z.object({ kind: z.enum(BLOCK_KINDS), data: blockData, texts: z.array(z.object({ locale, content: blockText, reviewed: z.boolean(), ...revisions })).max(20) })).max(500),
            }),
          )
          .max(500),
      }),
    )
    .max(200),
  questions: z
    .array(z.object({ competence: str(200), kind: z.enum(QUESTION_KINDS), data: questionData, retired: z.boolean(), sort: z.number().int().min(0).max(1_000_000), texts: z.array(z.object({ locale, content: questionText, ...revisions })).max(20) }))
    .max(5000),
  assessments: z
    .array(z.object({ kind: z.enum(ASSESSMENT_KINDS), questionsPerAttempt: z.number().int().min(0).max(1000), passMark: z.number().int().min(0).max(100), maxAttempts: z.number().int().min(1).max(1000).nullable(), shuffleQuestions: z.boolean(), shuffleOptions: z.boolean() }))
    .max(ASSESSMENT_KINDS.length),
  /** Recordings and handouts (training_course_files). */
  files: z.array(z.object({ ref, entry: z.string(), name: str(300), contentType: str(200), kind: z.enum(['video', 'audio', 'resource']) })).max(2000),
  /** Media library images the lessons show, with their alt texts (the largest stored copy is carried). */
  images: z.array(z.object({ ref, entry: z.string(), name: str(300), sourceLocale: locale, texts: z.array(z.object({ locale, alt: str(2000), ...revisions })).max(20) })).max(2000),
  /** SCORM packages the blocks run: their files are the entries under `scorm/<ref>/` (absent in older packages). */
  scormPackages: z.array(z.object({ ref: z.string().regex(/^s[0-9]{1,6}$/), fileName: str(300) })).max(500).default([]),
});
export type PackageCourse = z.infer<typeof packageCourse>;

// ——— Export ———

/** Names inside the zip: fixed for the JSON, `media/<ref>.<ext>` for files. */
const entryFor = (r: string, name: string) => {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toLowerCase();
  return `media/${r}${ext ? `.${ext}` : ''}`;
};

/**
 * Writes the zip as it goes: the JSON entries, then each stored file read from storage and passed through
 * uncompressed (recordings and documents are compressed already), waiting whenever the reader is behind, so
 * that a course with large recordings is never held in memory whole.
 */
function zipStream(storage: Storage, json: [name: string, bytes: Uint8Array][], media: { entry: string; key: string }[]): Readable {
  const out = new PassThrough();
  const zip = new Zip((err, chunk, final) => {
    if (err) return void out.destroy(err);
    out.write(chunk);
    if (final) out.end();
  });
  void (async () => {
    try {
      for (const [name, bytes] of json) {
        const entry = new ZipDeflate(name, { level: 6 });
        zip.add(entry);
        entry.push(bytes, true);
      }
      for (const m of media) {
        const source = await storage.open(m.key);
        if (!source) throw new Error(`stored file ${m.key} is missing`);
        const entry = new ZipPassThrough(m.entry);
        zip.add(entry);
        for await (const chunk of source) {
          // The reader went away (a cancelled download): stop reading storage.
          if (out.destroyed) return void (source as Readable).destroy();
          entry.push(chunk as Buffer);
          if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
        }
        entry.push(new Uint8Array(0), true);
      }
      zip.end();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

/**
 * The package of a course's draft: the course, its modules, lessons and blocks with every language's text,
 * its question bank and tests, and the files and library images its blocks use. Null when there is no such course.
 */
export async function exportCoursePackage(p: Platform, courseId: string): Promise<{ slug: string; stream: Readable } | null> {
  const db = p.database.db;
  const [course] = await db.select().from(courses).where(eq(courses.id, courseId));
  if (!course) return null;
  const [texts, professions, credits, outline, bank, tests] = await Promise.all([
    db.select().from(courseTranslations).where(eq(courseTranslations.courseId, courseId)).orderBy(asc(courseTranslations.locale)),
    db.select().from(courseProfessions).where(eq(courseProfessions.courseId, courseId)).orderBy(asc(courseProfessions.profession)),
    db.select().from(courseCredits).where(eq(courseCredits.courseId, courseId)),
    draftSnapshot(db, courseId),
    db.select().from(questions).where(eq(questions.courseId, courseId)).orderBy(asc(questions.competence), asc(questions.createdAt), asc(questions.id)),
    db.select().from(assessments).where(eq(assessments.courseId, courseId)).orderBy(asc(assessments.kind)),
  ]);
  const questionTexts = bank.length ? await db.select().from(questionTranslations).where(inArray(questionTranslations.questionId, bank.map((q) => q.id))).orderBy(asc(questionTranslations.locale)) : [];

  const media: { entry: string; key: string }[] = [];
  const files: PackageCourse['files'] = [];
  const images: PackageCourse['images'] = [];
  const fileRefs = new Map<string, string>();
  const imageRefs = new Map<string, string>();
  const refOfFile = async (f: CourseFileRef, kind: 'video' | 'audio' | 'resource'): Promise<CourseFileRef> => {
    let r = fileRefs.get(f.id);
    if (!r) {
      const found = await findCourseFile(db, f.id);
      if (!found || found.courseId !== courseId) throw new Error(`course file ${f.id} is not the course's`);
      r = `f${fileRefs.size + 1}`;
      fileRefs.set(f.id, r);
      const entry = entryFor(r, found.name);
      // Recordings and documents are compressed already: stored as they are.
      media.push({ entry, key: found.key });
      files.push({ ref: r, entry, name: found.name, contentType: found.contentType, kind });
    }
    return { ...f, id: r };
  };
  const refOfImage = async (imageId: string): Promise<string> => {
    let r = imageRefs.get(imageId);
    if (!r) {
      const [image] = await db.select().from(mediaImages).where(eq(mediaImages.id, imageId));
      if (!image) throw new Error(`library image ${imageId} is missing`);
      // The upload itself is not kept: the largest copy in the uploaded format is the best there is.
      const [variant] = await db
        .select({ key: storedFiles.key, name: storedFiles.name })
        .from(mediaVariants)
        .innerJoin(storedFiles, eq(storedFiles.id, mediaVariants.fileId))
        .where(and(eq(mediaVariants.imageId, imageId), eq(mediaVariants.format, image.format)))
        .orderBy(desc(mediaVariants.width))
        .limit(1);
      if (!variant) throw new Error(`library image ${imageId} has no stored copy`);
      r = `i${imageRefs.size + 1}`;
      imageRefs.set(imageId, r);
      const entry = entryFor(r, variant.name);
      media.push({ entry, key: variant.key });
      const alts = await db.select().from(mediaImageTexts).where(eq(mediaImageTexts.imageId, imageId)).orderBy(asc(mediaImageTexts.locale));
      images.push({ ref: r, entry, name: image.name, sourceLocale: image.sourceLocale as Locale, texts: alts.map((a) => ({ locale: a.locale as Locale, alt: a.alt, revision: a.revision, sourceRevision: a.sourceRevision })) });
    }
    return r;
  };

  const scormPackagesOut: PackageCourse['scormPackages'] = [];
  const scormRefs = new Map<string, string>();
  const refOfScorm = async (packageId: string): Promise<string> => {
    let r = scormRefs.get(packageId);
    if (!r) {
      const pkg = await findScormPackage(db, packageId);
      if (!pkg || pkg.courseId !== courseId) throw new Error(`SCORM package ${packageId} is not the course's`);
      r = `s${scormRefs.size + 1}`;
      scormRefs.set(packageId, r);
      for (const f of await scormPackageFiles(db, packageId)) media.push({ entry: `scorm/${r}/${f.path}`, key: f.key });
      scormPackagesOut.push({ ref: r, fileName: pkg.fileName });
    }
    return r;
  };

  const modules: PackageCourse['modules'] = [];
  for (const m of outline!.modules) {
    const ls: PackageCourse['modules'][number]['lessons'] = [];
    for (const l of m.lessons) {
      const bs: PackageCourse['modules'][number]['lessons'][number]['blocks'] = [];
      for (const b of l.blocks) {
        let data: BlockData = b.data;
        if (data.kind === 'image') data = { ...data, imageId: await refOfImage(data.imageId) };
        if (data.kind === 'video' || data.kind === 'audio') data = { ...data, media: await refOfFile(data.media, data.kind), low: data.low ? await refOfFile(data.low, data.kind) : null };
        if (data.kind === 'scorm') data = { ...data, packageId: await refOfScorm(data.packageId) };
        const blockTexts = [];
        for (const t of b.texts) {
          const content: BlockText = t.content.kind === 'resource' ? { ...t.content, file: await refOfFile(t.content.file, 'resource') } : t.content;
          blockTexts.push({ locale: t.locale as Locale, content, reviewed: t.reviewed, revision: t.revision, sourceRevision: t.sourceRevision });
        }
        bs.push({ kind: b.kind, data: data as PackageCourse['modules'][number]['lessons'][number]['blocks'][number]['data'], texts: blockTexts as never });
      }
      ls.push({ durationMinutes: l.durationMinutes, texts: l.texts.map((t) => ({ locale: t.locale as Locale, title: t.title, revision: t.revision, sourceRevision: t.sourceRevision })), blocks: bs });
    }
    modules.push({ texts: m.texts.map((t) => ({ locale: t.locale as Locale, title: t.title, revision: t.revision, sourceRevision: t.sourceRevision })), lessons: ls });
  }

  const body: PackageCourse = {
    slug: course.slug,
    sourceLocale: course.sourceLocale as Locale,
    level: course.level,
    topics: course.topics as PackageCourse['topics'],
    durationMinutes: course.durationMinutes,
    ecm: course.ecm,
    requiredLiveSessions: course.requiredLiveSessions,
    texts: texts.map((t) => ({ locale: t.locale as Locale, title: t.title, summary: t.summary, outcomes: t.outcomes, description: t.description, revision: t.revision, sourceRevision: t.sourceRevision })),
    professions: professions.map((x) => x.profession) as PackageCourse['professions'],
    credits: credits.map((c) => ({ profession: c.profession as PackageCourse['professions'][number], scheme: c.scheme, amount: c.amount })),
    modules,
    questions: bank.map((q, sort) => ({
      competence: q.competence,
      kind: q.kind,
      data: q.data,
      retired: q.retired,
      sort,
      texts: questionTexts.filter((t) => t.questionId === q.id).map((t) => ({ locale: t.locale as Locale, content: t.content, revision: t.revision, sourceRevision: t.sourceRevision })),
    })) as PackageCourse['questions'],
    assessments: tests.map((a) => ({ kind: a.kind, questionsPerAttempt: a.questionsPerAttempt, passMark: a.passMark, maxAttempts: a.maxAttempts, shuffleQuestions: a.shuffleQuestions, shuffleOptions: a.shuffleOptions })),
    files,
    images,
    scormPackages: scormPackagesOut,
  };
  const manifest: PackageManifest = { format: PACKAGE_FORMAT, formatVersion: PACKAGE_FORMAT_VERSION, ponteVersion: PONTE_VERSION, source: p.config.publicUrl, slug: course.slug, exportedAt: new Date().toISOString(), content: 'draft' };
  const json = (v: unknown) => new TextEncoder().encode(`${JSON.stringify(v, null, 2)}\n`);
  // The manifest first, so that a reader can tell what the file is from its first entry.
  return { slug: course.slug, stream: zipStream(p.storage, [['manifest.json', json(manifest)], ['course.json', json(body)]], media) };
}

// ——— Import ———

/** A name inside a package that could point outside a folder on someone's disk: refused, even though Ponte never writes entries by name. */
const unsafeEntryName = (name: string) => !name || name.length > 500 || name.startsWith('/') || /^[a-z]:/i.test(name) || name.includes('\\') || name.includes('\u0000') || name.split('/').some((part) => part === '..');

/**
 * Unpacks a package within the limits: total unpacked size (the declared sizes, which also bound what is
 * inflated, so a zip bomb is refused before any of it is unpacked), number of entries, size of each entry.
 */
export function unpack(bytes: Uint8Array, maxBytes: number): Map<string, Uint8Array> {
  if (bytes.length > maxBytes) throw new PackageError('training.packages.errors.tooLarge');
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new PackageError('training.packages.errors.notPackage');
  let count = 0;
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (unsafeEntryName(f.name)) throw new PackageError('training.packages.errors.unsafeName');
        if (++count > MAX_ENTRIES) throw new PackageError('training.packages.errors.tooManyEntries');
        total += f.originalSize;
        const limit = f.name.startsWith('media/') || f.name.startsWith('scorm/') ? MAX_COURSE_FILE_BYTES : MAX_JSON_BYTES;
        if (f.originalSize > limit || total > 2 * maxBytes) throw new PackageError('training.packages.errors.tooLargeUnpacked');
        if (f.compression !== 0 && f.compression !== 8) throw new PackageError('training.packages.errors.corrupt');
        return !f.name.endsWith('/') && (f.name === 'manifest.json' || f.name === 'course.json' || f.name.startsWith('media/') || f.name.startsWith('scorm/'));
      },
    });
  } catch (err) {
    if (err instanceof PackageError) throw err;
    // Not a zip after all, or a damaged one (fflate says which; the author needs to know only that).
    throw new PackageError('training.packages.errors.corrupt');
  }
  return new Map(Object.entries(files));
}

const readJson = (entries: Map<string, Uint8Array>, name: string): unknown => {
  const raw = entries.get(name);
  if (!raw) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)) as unknown;
  } catch {
    throw new PackageError('training.packages.errors.invalid');
  }
};

/** Reads and checks a package's manifest and course; every reference in it must name a file it carries. */
export function readPackage(bytes: Uint8Array, maxBytes: number): { manifest: PackageManifest; course: PackageCourse; entries: Map<string, Uint8Array> } {
  const entries = unpack(bytes, maxBytes);
  const head = manifestHead.safeParse(readJson(entries, 'manifest.json'));
  if (!head.success) throw new PackageError('training.packages.errors.notPackage');
  if (head.data.formatVersion > PACKAGE_FORMAT_VERSION) throw new PackageError('training.packages.errors.newerFormat');
  const manifest = packageManifest.safeParse(readJson(entries, 'manifest.json'));
  const course = packageCourse.safeParse(readJson(entries, 'course.json'));
  if (!manifest.success || !course.success) throw new PackageError('training.packages.errors.invalid');
  const c = course.data;
  const invalid = () => new PackageError('training.packages.errors.invalid');
  const fileKinds = new Map(c.files.map((f) => [f.ref, f.kind]));
  const imageRefs = new Set(c.images.map((i) => i.ref));
  for (const f of [...c.files, ...c.images]) if (!entries.has(f.entry) || !f.entry.startsWith('media/')) throw invalid();
  if (fileKinds.size !== c.files.length || imageRefs.size !== c.images.length) throw invalid();
  if (!c.texts.some((t) => t.locale === c.sourceLocale)) throw invalid();
  // One text per language of each item (the translation tables' keys).
  const once = (texts: { locale: string }[]) => {
    if (new Set(texts.map((t) => t.locale)).size !== texts.length) throw invalid();
  };
  once(c.texts);
  for (const i of c.images) once(i.texts);
  for (const q of c.questions) once(q.texts);
  for (const m of c.modules) {
    once(m.texts);
    for (const l of m.lessons) [l.texts, ...l.blocks.map((b) => b.texts)].forEach(once);
  }
  for (const m of c.modules)
    for (const l of m.lessons)
      for (const b of l.blocks) {
        const data = b.data as BlockData;
        if (data.kind !== b.kind) throw invalid();
        if (data.kind === 'image' && !imageRefs.has(data.imageId)) throw invalid();
        if ((data.kind === 'video' || data.kind === 'audio') && [data.media, data.low].some((f) => f && fileKinds.get(f.id) !== data.kind)) throw invalid();
        if (data.kind === 'scorm' && !c.scormPackages.some((x) => x.ref === data.packageId)) throw invalid();
        for (const t of b.texts) {
          const content = t.content as BlockText;
          if (blockProblems(data, content).length) throw invalid();
          if (content.kind === 'resource' && fileKinds.get(content.file.id) !== 'resource') throw invalid();
        }
      }
  for (const q of c.questions) {
    if (q.data.kind !== q.kind) throw invalid();
    for (const t of q.texts) if (questionProblems(q.data as QuestionData, t.content as QuestionText).length) throw invalid();
  }
  return { manifest: manifest.data, course: c, entries };
}

/** A slug for the new course: the one asked for (refused when taken), else the package's, with -2, -3… until free. */
async function chooseSlug(db: DbOrTx, asked: string | null, fromPackage: string): Promise<string> {
  if (asked) {
    const [taken] = await db.select({ id: courses.id }).from(courses).where(eq(courses.slug, asked));
    if (taken) throw new PackageError('errors.slugTaken', 'slug');
    return asked;
  }
  const base = fromPackage.slice(0, 75).replace(/-+$/, '') || 'course';
  const used = new Set((await db.select({ slug: courses.slug }).from(courses).where(like(courses.slug, `${base}%`))).map((r) => r.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

const FILE_EXTENSIONS = { video: ['mp4', 'webm'], audio: ['mp3', 'm4a'], resource: DOCUMENT_EXTENSIONS } as const;
const FORMAT_OF: Record<string, ImageFormat> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/webp': 'webp' };

/** The unpacked bytes as a Buffer, without copying them. */
const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export type ImportResult = { ok: true; id: string; slug: string } | { ok: false; field: 'package' | 'slug'; error: string };

/**
 * Imports a package as a new draft course: new identifiers for everything (course, modules, lessons, blocks,
 * questions, files, images), a free slug, every language's text with its translation state, the question bank
 * and tests, and the media stored again (images re-encoded into the library as uploads are). All in one
 * transaction; the bytes it stored are removed again when it fails. Learners' data is never in a package.
 */
export async function importCoursePackage(p: Platform, bytes: Uint8Array, opts: { slug: string | null; userId: string | null; maxBytes: number }): Promise<ImportResult> {
  const db = p.database.db;
  const storage = recordingStorage(p.storage);
  try {
    const { course: c, entries } = readPackage(bytes, opts.maxBytes);
    // Every file's content is checked before anything is stored.
    const fileBytes = new Map<string, { data: Buffer; contentType: string; name: string }>();
    for (const f of c.files) {
      const data = asBuffer(entries.get(f.entry)!);
      const name = safeFileName(f.name);
      const type = detectFileType(data, name, FILE_EXTENSIONS[f.kind]);
      if (!type) throw new PackageError('training.packages.errors.mediaType');
      fileBytes.set(f.ref, { data, contentType: type.contentType, name });
    }
    const imageBytes = new Map<string, { data: Buffer; format: ImageFormat }>();
    for (const i of c.images) {
      const data = asBuffer(entries.get(i.entry)!);
      const type = detectFileType(data, i.entry, IMAGE_EXTENSIONS);
      const format = type && FORMAT_OF[type.contentType];
      if (!format) throw new PackageError('training.packages.errors.mediaType');
      imageBytes.set(i.ref, { data, format });
    }

    // SCORM packages are checked as an upload is (manifest, launch file), before anything is stored.
    const scormChecked = new Map<string, ScormPackageFiles>();
    for (const s of c.scormPackages) {
      const prefix = `scorm/${s.ref}/`;
      const files = new Map([...entries].filter(([name]) => name.startsWith(prefix)).map(([name, data]) => [name.slice(prefix.length), data]));
      try {
        scormChecked.set(s.ref, checkScormFiles(files, s.fileName));
      } catch (e) {
        if (e instanceof ScormError) throw new PackageError(e.messageKey);
        throw e;
      }
    }

    return await db.transaction(async (tx) => {
      const slug = await chooseSlug(tx, opts.slug, c.slug);
      const [row] = await tx
        .insert(courses)
        .values({ slug, sourceLocale: c.sourceLocale, level: c.level, topics: c.topics, durationMinutes: c.durationMinutes, ecm: c.ecm, requiredLiveSessions: c.requiredLiveSessions, status: 'draft' })
        .onConflictDoNothing()
        .returning({ id: courses.id });
      // Taken meanwhile by another author.
      if (!row) throw new PackageError('errors.slugTaken', 'slug');
      const courseId = row.id;
      await tx.insert(courseTranslations).values(c.texts.map((t) => ({ courseId, ...t })));
      if (c.professions.length) await tx.insert(courseProfessions).values([...new Set(c.professions)].map((profession) => ({ courseId, profession })));
      if (c.credits.length) await tx.insert(courseCredits).values(c.credits.map((x) => ({ courseId, ...x }))).onConflictDoNothing();

      const images = new Map<string, string>();
      for (const i of c.images) {
        const { data, format } = imageBytes.get(i.ref)!;
        const source = i.texts.find((t) => t.locale === i.sourceLocale);
        const made = await createImage({ ...p, storage }, { name: safeFileName(i.name, 'image'), format, bytes: data, sourceLocale: i.sourceLocale, alt: source?.alt ?? '', userId: opts.userId, db: tx });
        if ('error' in made) throw new PackageError('training.packages.errors.mediaType');
        images.set(i.ref, made.id);
        const others = i.texts.filter((t) => t.locale !== i.sourceLocale);
        if (source) await tx.update(mediaImageTexts).set({ revision: source.revision, sourceRevision: source.sourceRevision }).where(and(eq(mediaImageTexts.imageId, made.id), eq(mediaImageTexts.locale, i.sourceLocale)));
        if (others.length) await tx.insert(mediaImageTexts).values(others.map((t) => ({ imageId: made.id, ...t })));
      }
      const files = new Map<string, CourseFileRef>();
      for (const f of c.files) {
        const { data, contentType, name } = fileBytes.get(f.ref)!;
        const file = await saveFile(tx, storage, { name, contentType, bytes: data, createdBy: opts.userId });
        const [cf] = await tx.insert(courseFiles).values({ courseId, fileId: file.id, createdBy: opts.userId }).returning({ id: courseFiles.id });
        files.set(f.ref, { id: cf!.id, name: file.name, size: file.size, contentType: file.contentType });
      }
      const file = (r: CourseFileRef) => files.get(r.id)!;
      const scormIds = new Map<string, string>();
      for (const x of c.scormPackages) scormIds.set(x.ref, (await writeScormPackage(tx, storage, courseId, scormChecked.get(x.ref)!, x.fileName, opts.userId)).id);

      for (const [ms, m] of c.modules.entries()) {
        const [mod] = await tx.insert(courseModules).values({ courseId, sort: ms }).returning({ id: courseModules.id });
        if (m.texts.length) await tx.insert(moduleTranslations).values(m.texts.map((t) => ({ moduleId: mod!.id, ...t })));
        for (const [ls, l] of m.lessons.entries()) {
          const [lesson] = await tx.insert(lessons).values({ moduleId: mod!.id, sort: ls, durationMinutes: l.durationMinutes }).returning({ id: lessons.id });
          if (l.texts.length) await tx.insert(lessonTranslations).values(l.texts.map((t) => ({ lessonId: lesson!.id, ...t })));
          for (const [bs, b] of l.blocks.entries()) {
            let data = b.data as BlockData;
            if (data.kind === 'image') data = { ...data, imageId: images.get(data.imageId)! };
            if (data.kind === 'video' || data.kind === 'audio') data = { ...data, media: file(data.media), low: data.low ? file(data.low) : null };
            if (data.kind === 'scorm') data = { ...data, packageId: scormIds.get(data.packageId)! };
            const [block] = await tx.insert(blocks).values({ lessonId: lesson!.id, sort: bs, kind: b.kind, data }).returning({ id: blocks.id });
            if (b.texts.length)
              await tx.insert(blockTranslations).values(
                b.texts.map((t) => {
                  const text = t.content as BlockText;
                  const content: BlockText = text.kind === 'resource' ? { ...text, file: file(text.file) } : text;
                  return { blockId: block!.id, locale: t.locale, content, revision: t.revision, sourceRevision: t.sourceRevision, reviewedAt: t.reviewed ? new Date() : null };
                }),
              );
          }
        }
      }
      for (const q of c.questions) {
        const [question] = await tx.insert(questions).values({ courseId, competence: q.competence, kind: q.kind, data: q.data as QuestionData, retired: q.retired, sort: q.sort }).returning({ id: questions.id });
        if (q.texts.length) await tx.insert(questionTranslations).values(q.texts.map((t) => ({ questionId: question!.id, locale: t.locale, content: t.content as QuestionText, revision: t.revision, sourceRevision: t.sourceRevision })));
      }
      if (c.assessments.length) await tx.insert(assessments).values(c.assessments.map((a) => ({ courseId, ...a }))).onConflictDoNothing();
      return { ok: true as const, id: courseId, slug };
    });
  } catch (err) {
    await removeUnreferenced(p.database.db, p.storage, storage.written);
    if (err instanceof PackageError) return { ok: false, field: err.field, error: err.messageKey };
    throw err;
  }
}

