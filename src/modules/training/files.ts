import { and, eq, inArray, sql } from 'drizzle-orm';
import { hasRole, type Principal } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db/index.js';
import type { UploadedFile } from '../../platform/http/forms.js';
import { storedFiles } from '../../platform/schema.js';
import { saveFile, type Storage } from '../../platform/storage.js';
import { detectFileType, DOCUMENT_EXTENSIONS } from '../../platform/uploads.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import { imageFromUpload, IMAGE_EXTENSIONS, type ImageUsage } from '../media/service.js';
import type { BlockInput, BlockUploads } from './author-forms.js';
import type { BlockData, BlockText, CourseFileRef, PlayedKind } from './content.js';
import { readScormPackage, ScormError, storeScormPackage, type ScormPackageFiles } from './scorm.js';
import type { SnapshotLesson } from './versions.js';
import type { LessonMedia } from './views/lesson-blocks.js';
import { blocks, courseFiles, courseModules, courses, courseVersions, enrolments, lessons, lessonTranslations } from './schema.js';

/** The largest recording or handout an author can upload (uploads are held in memory while they are checked). */
export const MAX_COURSE_FILE_BYTES = 200 * 1024 * 1024;

/** What each kind of file may be, by content and name (platform/uploads.ts). */
const COURSE_FILE_EXTENSIONS = {
  video: ['mp4', 'webm'],
  audio: ['mp3', 'm4a'],
  resource: DOCUMENT_EXTENSIONS,
} as const;
type CourseFileKind = keyof typeof COURSE_FILE_EXTENSIONS;

/** Stores an upload as one of the course's files, or says it is not a file of that kind. */
export async function saveCourseFile(db: DbOrTx, storage: Storage, courseId: string, kind: CourseFileKind, upload: UploadedFile, userId: string | null): Promise<CourseFileRef | null> {
  const type = detectFileType(upload.data, upload.filename, COURSE_FILE_EXTENSIONS[kind]);
  if (!type) return null;
  return db.transaction(async (tx) => {
    const file = await saveFile(tx, storage, { name: upload.filename, contentType: type.contentType, bytes: upload.data, createdBy: userId });
    const [row] = await tx.insert(courseFiles).values({ courseId, fileId: file.id, createdBy: userId }).returning({ id: courseFiles.id });
    return { id: row!.id, name: file.name, size: file.size, contentType: file.contentType };
  });
}

/** A course file with what serving it needs. */
export async function findCourseFile(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ courseId: courseFiles.courseId, key: storedFiles.key, name: storedFiles.name, size: storedFiles.size, contentType: storedFiles.contentType })
    .from(courseFiles)
    .innerJoin(storedFiles, eq(storedFiles.id, courseFiles.fileId))
    .where(eq(courseFiles.id, id));
  return row ?? null;
}

/** Who reaches a course's files: its learners, and those who write, translate or teach courses. */
export async function mayReadCourseFiles(db: DbOrTx, principal: Principal | null, courseId: string): Promise<boolean> {
  if (!principal) return false;
  if ((['course-author', 'translator', 'trainer'] as const).some((r) => hasRole(principal, r))) return true;
  const [e] = await db
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.userId, principal.id), eq(enrolments.courseId, courseId)))
    .limit(1);
  return !!e;
}

const MEDIA_TYPE_ERRORS: Record<PlayedKind, string> = { video: 'errors.videoType', audio: 'errors.audioType' };

/**
 * Stores the files a valid block form sent and puts them in the block: every file's type is checked before
 * any is stored, so a refused form leaves nothing behind. Errors name the form's fields (message keys).
 */
export async function resolveBlockUploads(p: Platform, course: { id: string; sourceLocale: string }, input: BlockInput, userId: string): Promise<{ ok: true; data: BlockData; content: BlockText } | { ok: false; errors: Record<string, string> }> {
  const { uploads, content } = input;
  let data = input.data;
  const played = data.kind === 'video' || data.kind === 'audio' ? data.kind : null;
  const checks: [field: keyof BlockUploads, kind: CourseFileKind, error: string][] = played
    ? [
        ['media', played, MEDIA_TYPE_ERRORS[played]],
        ['low', played, MEDIA_TYPE_ERRORS[played]],
      ]
    : [['file', 'resource', 'errors.fileType']];
  const errors: Record<string, string> = {};
  for (const [field, kind, error] of checks) {
    const upload = uploads[field];
    if (upload && !detectFileType(upload.data, upload.filename, COURSE_FILE_EXTENSIONS[kind])) errors[field] = error;
  }
  if (uploads.image && !detectFileType(uploads.image.data, uploads.image.filename, IMAGE_EXTENSIONS)) errors.image = 'errors.imageType';
  // A SCORM package is read and checked whole (limits, paths, manifest, launch file) before any of it is stored.
  let scorm: ScormPackageFiles | null = null;
  if (uploads.package && data.kind === 'scorm') {
    try {
      scorm = readScormPackage(uploads.package.data, uploads.package.filename, p.config.training.scormMaxMb * 1024 * 1024);
    } catch (e) {
      if (!(e instanceof ScormError)) throw e;
      errors.package = e.messageKey;
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };

  const db = p.database.db;
  const store = async (kind: CourseFileKind, upload: UploadedFile) => (await saveCourseFile(db, p.storage, course.id, kind, upload, userId))!;
  if (uploads.image && data.kind === 'image' && content.kind === 'image') {
    const image = await imageFromUpload(p, uploads.image, { sourceLocale: course.sourceLocale as Locale, alt: content.alt, userId });
    if ('error' in image) return { ok: false, errors: { image: image.error } };
    data = { ...data, imageId: image.id };
  }
  if (played && (data.kind === 'video' || data.kind === 'audio')) {
    data = { ...data, media: uploads.media ? await store(played, uploads.media) : data.media, low: uploads.low ? await store(played, uploads.low) : data.low };
  }
  if (scorm && uploads.package && data.kind === 'scorm') data = { kind: 'scorm', packageId: (await storeScormPackage(p, course.id, scorm, uploads.package.filename, userId)).id };
  if (uploads.file && content.kind === 'resource') return { ok: true, data, content: { ...content, file: await store('resource', uploads.file) } };
  return { ok: true, data, content };
}

/** Where lessons use library images (in drafts and in published versions), so that the library does not delete one a lesson shows. */
export const lessonImageUses = async (db: DbOrTx, imageIds: string[], locale: Locale): Promise<ImageUsage[]> => {
  if (!imageIds.length) return [];
  const rows = await db
    .select({ imageId: sql<string>`${blocks.data}->>'imageId'`, lessonId: lessons.id, courseId: courseModules.courseId, title: lessonTranslations.title, locale: lessonTranslations.locale, sourceLocale: courses.sourceLocale })
    .from(blocks)
    .innerJoin(lessons, eq(lessons.id, blocks.lessonId))
    .innerJoin(courseModules, eq(courseModules.id, lessons.moduleId))
    .innerJoin(courses, eq(courses.id, courseModules.courseId))
    .innerJoin(lessonTranslations, eq(lessonTranslations.lessonId, lessons.id))
    .where(and(eq(blocks.kind, 'image'), inArray(sql`${blocks.data}->>'imageId'`, imageIds)));
  const byBlock = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const key = `${r.imageId}/${r.lessonId}`;
    const had = byBlock.get(key);
    // The lesson's title in the reader's language, else the course's source language.
    if (!had || r.locale === locale || (had.locale !== locale && r.locale === r.sourceLocale)) byBlock.set(key, r);
  }
  const uses = new Map([...byBlock].map(([key, r]) => [key, { imageId: r.imageId, label: r.title, href: `/author/courses/${r.courseId}/lessons/${r.lessonId}` }]));
  // Published versions too: learners keep the version they started, whatever the draft has become since.
  const published = await db
    .selectDistinct({ imageId: sql<string>`b.value -> 'data' ->> 'imageId'`, courseId: courseVersions.courseId, lessonId: sql<string>`l.value ->> 'id'`, texts: sql<{ locale: string; title: string }[]>`l.value -> 'texts'` })
    .from(courseVersions)
    .crossJoin(sql`lateral jsonb_array_elements(${courseVersions.snapshot} -> 'modules') as m`)
    .crossJoin(sql`lateral jsonb_array_elements(m.value -> 'lessons') as l`)
    .crossJoin(sql`lateral jsonb_array_elements(l.value -> 'blocks') as b`)
    .where(and(sql`b.value ->> 'kind' = 'image'`, inArray(sql`b.value -> 'data' ->> 'imageId'`, imageIds)));
  for (const r of published) {
    const key = `${r.imageId}/${r.lessonId}`;
    const title = (r.texts.find((x) => x.locale === locale) ?? r.texts[0])?.title ?? '';
    if (!uses.has(key)) uses.set(key, { imageId: r.imageId, label: title, href: `/author/courses/${r.courseId}` });
  }
  return [...uses.values()];
};

/** Reads how to show library images (displayImages, or a kept copy of its answers). */
export type ImagesReader = (ids: string[], locale: Locale) => Promise<LessonMedia['images']>;

/** How a lesson's media blocks are shown: its library images (alt texts come from the blocks) and the reader's choice of the light version. */
export async function lessonMedia(images: ImagesReader, lesson: SnapshotLesson, locale: Locale, light: boolean, captions: LessonMedia['captions']): Promise<LessonMedia> {
  const ids = lesson.blocks.flatMap((b) => (b.data.kind === 'image' ? [b.data.imageId] : []));
  return { images: ids.length ? await images(ids, locale) : new Map(), light, captions };
}

/** A block's captions as the WebVTT file a player loads, named by its address's last part (`it.vtt`); null when there are none. */
export function captionsIn(lesson: SnapshotLesson, blockId: string, file: string): string | null {
  const locale = /^([a-z]{2})\.vtt$/.exec(file)?.[1];
  const text = locale ? lesson.blocks.find((b) => b.id === blockId)?.texts.find((x) => x.locale === locale)?.content : undefined;
  return text && (text.kind === 'video' || text.kind === 'audio') && text.captions ? text.captions : null;
}

/** The cookie that keeps a learner's choice of the light version (no recordings loaded, smallest images). */
export const LIGHT_COOKIE = 'ponte_light';
