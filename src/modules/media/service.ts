import { and, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { contentChanged } from '../../platform/content-version.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { LOCALES, type Locale } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import { storedFiles, users } from '../../platform/schema.js';
import type { UploadedFile } from '../../platform/http/forms.js';
import { recordingStorage, removeUnreferenced, safeFileName, saveFile, withFilesDeleted } from '../../platform/storage.js';
import { detectFileType } from '../../platform/uploads.js';
import { isOutOfDate, pickTranslation, revisionFor } from '../../platform/translations.js';
import type { ResponsiveImage } from '../../platform/ui/picture.js';
import { EXTENSIONS, encodeImage, ImageError } from './images.js';
import { mediaImages, mediaImageTexts, mediaVariants, type ImageFormat } from './schema.js';

export type MediaImage = typeof mediaImages.$inferSelect;
export type AltText = typeof mediaImageTexts.$inferSelect;
export { ImageError };

/** Where an image is used: a link to the place, labelled in the reader's language. */
export interface ImageUsage {
  imageId: string;
  label: string;
  href: string;
}
/** A module that uses library images tells the library where (the library cannot read other modules' tables). */
export type ImageUsageSource = (db: DbOrTx, imageIds: string[], locale: Locale) => Promise<ImageUsage[]>;

const usageSources = new WeakMap<Platform, ImageUsageSource[]>();
export function registerImageUsage(p: Platform, source: ImageUsageSource) {
  usageSources.set(p, [...(usageSources.get(p) ?? []), source]);
}

export async function whereUsed(p: Platform, db: DbOrTx, imageIds: string[], locale: Locale): Promise<ImageUsage[]> {
  if (!imageIds.length) return [];
  return (await Promise.all((usageSources.get(p) ?? []).map((source) => source(db, imageIds, locale)))).flat();
}

/** The address of one stored copy: stable for the image's life, so it is cached for a year. */
export const variantUrl = (id: string, width: number, format: ImageFormat) => `/media/${id}/${width}.${EXTENSIONS[format]}`;

/** Uploads an image: re-encoded copies and the alt text in its language, all or nothing. */
/** `db`: the transaction to create it in (the demo seed's), else a transaction of its own. */
export async function createImage(p: Platform, input: { name: string; format: ImageFormat; bytes: Buffer; sourceLocale: Locale; alt: string; userId: string | null; db?: DbOrTx }): Promise<{ id: string } | { error: string }> {
  let encoded: Awaited<ReturnType<typeof encodeImage>>;
  try {
    encoded = await encodeImage(input.bytes, input.format);
  } catch (err) {
    if (err instanceof ImageError) return { error: err.messageKey };
    throw err;
  }
  // The copies stored before a failure (the storage refusing the next one, the database gone) are removed again.
  const storage = recordingStorage(p.storage);
  try {
    return await (input.db ?? p.database.db).transaction(async (tx) => {
      const [image] = await tx.insert(mediaImages).values({ name: input.name, format: input.format, width: encoded.width, height: encoded.height, sourceLocale: input.sourceLocale, createdBy: input.userId }).returning();
      const base = input.name.replace(/\.[^.]*$/, '') || 'image';
      for (const v of encoded.variants) {
        const file = await saveFile(tx, storage, { name: `${base}-${v.width}.${EXTENSIONS[v.format]}`, contentType: v.contentType, bytes: v.bytes, createdBy: input.userId });
        await tx.insert(mediaVariants).values({ imageId: image!.id, format: v.format, width: v.width, height: v.height, fileId: file.id });
      }
      await tx.insert(mediaImageTexts).values({ imageId: image!.id, locale: input.sourceLocale, alt: input.alt });
      return { id: image!.id };
    });
  } catch (err) {
    // Not inside a caller's transaction (the demo seed's): the records it has not committed yet are invisible here,
    // and bytes they share would look unreferenced.
    if (!input.db) await removeUnreferenced(p.database.db, p.storage, storage.written).catch(() => undefined);
    throw err;
  }
}

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'] as const;
const FORMAT_OF: Record<string, ImageFormat> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/webp': 'webp' };

/** An uploaded file as a library image, when its content is an image of an accepted format (errors: message keys). */
export async function imageFromUpload(p: Platform, upload: UploadedFile, input: { sourceLocale: Locale; alt: string; userId: string | null }): Promise<{ id: string } | { error: string }> {
  const type = detectFileType(upload.data, upload.filename, IMAGE_EXTENSIONS);
  const format = type && FORMAT_OF[type.contentType];
  if (!format) return { error: 'errors.imageType' };
  return createImage(p, { name: safeFileName(upload.filename, 'image'), format, bytes: upload.data, ...input });
}

/** Saves alt texts by language; an empty text removes that language's (never the source's, which routes require). */
export async function saveAltTexts(db: DbOrTx, id: string, texts: Partial<Record<Locale, string>>) {
  return db.transaction(async (tx) => {
    const [image] = await tx.select().from(mediaImages).where(eq(mediaImages.id, id)).for('update');
    if (!image) return false;
    // The source first, so that translations saved with it record its new revision.
    const order = [image.sourceLocale, ...LOCALES.filter((l) => l !== image.sourceLocale)] as Locale[];
    for (const locale of order) {
      const alt = texts[locale];
      if (alt === undefined) continue;
      const rows = await tx.select().from(mediaImageTexts).where(eq(mediaImageTexts.imageId, id));
      const previous = rows.find((r) => r.locale === locale);
      if (!alt) {
        if (previous && locale !== image.sourceLocale) await tx.delete(mediaImageTexts).where(and(eq(mediaImageTexts.imageId, id), eq(mediaImageTexts.locale, locale)));
        continue;
      }
      // An unchanged translation keeps its revision: saving the form does not vouch for every language.
      if (previous && previous.alt === alt) continue;
      const rev = revisionFor(rows, image.sourceLocale, locale, (r) => r.alt, alt);
      await tx
        .insert(mediaImageTexts)
        .values({ imageId: id, locale, alt, ...rev, updatedAt: new Date() })
        .onConflictDoUpdate({ target: [mediaImageTexts.imageId, mediaImageTexts.locale], set: { alt, ...rev, updatedAt: new Date() } });
    }
    // Alt texts are read on public pages (news covers).
    await contentChanged(tx);
    return true;
  });
}

/** Deletes an image that nothing uses, with its copies (and their bytes, unless shared). */
export async function deleteImage(p: Platform, id: string, locale: Locale): Promise<'deleted' | 'in-use' | 'not-found'> {
  try {
    return await withFilesDeleted(p.database.db, p.storage, async (tx) => {
      const [image] = await tx.select().from(mediaImages).where(eq(mediaImages.id, id)).for('update');
      if (!image) return { fileIds: [], result: 'not-found' as const };
      if ((await whereUsed(p, tx, [id], locale)).length) return { fileIds: [], result: 'in-use' as const };
      const variants = await tx.delete(mediaVariants).where(eq(mediaVariants.imageId, id)).returning({ fileId: mediaVariants.fileId });
      await tx.delete(mediaImages).where(eq(mediaImages.id, id));
      return { fileIds: variants.map((v) => v.fileId), result: 'deleted' as const };
    });
  } catch (err) {
    // A use added by a transaction that committed meanwhile: its foreign key refuses the delete.
    if ((err as { code?: string; cause?: { code?: string } }).code === '23503' || (err as { cause?: { code?: string } }).cause?.code === '23503') return 'in-use';
    throw err;
  }
}

async function variantsOf(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  return db.select().from(mediaVariants).where(inArray(mediaVariants.imageId, ids)).orderBy(mediaVariants.width);
}

/** How to show images in the reader's language (alt text with fallback), by id; unknown ids are left out. */
export async function displayImages(db: DbOrTx, ids: string[], locale: Locale): Promise<Map<string, ResponsiveImage>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, ResponsiveImage>();
  if (!unique.length) return out;
  const images = await db.select().from(mediaImages).where(inArray(mediaImages.id, unique));
  const texts = await db.select().from(mediaImageTexts).where(inArray(mediaImageTexts.imageId, unique));
  const variants = await variantsOf(db, unique);
  for (const image of images) {
    const alt = pickTranslation(
      texts.filter((t) => t.imageId === image.id),
      locale,
      image.sourceLocale,
    );
    const mine = variants.filter((v) => v.imageId === image.id);
    const own = mine.filter((v) => v.format === image.format);
    const webp = mine.filter((v) => v.format === 'webp');
    const largest = own[own.length - 1];
    if (!alt || !largest || !webp.length) continue;
    const srcset = (list: typeof mine) => list.map((v) => `${variantUrl(image.id, v.width, v.format)} ${v.width}w`).join(', ');
    // The fallback src is a middle size: good enough where srcset is not understood.
    const fallback = own.find((v) => v.width >= 960) ?? largest;
    out.set(image.id, {
      alt: alt.value.alt,
      lang: alt.locale,
      width: largest.width,
      height: largest.height,
      src: variantUrl(image.id, fallback.width, fallback.format),
      srcset: srcset(own),
      webpSrcset: srcset(webp),
      largest: { url: variantUrl(image.id, largest.width, largest.format), width: largest.width, height: largest.height, type: `image/${largest.format}` },
    });
  }
  return out;
}

/** The stored copy behind a public address, if it exists. */
export async function findVariant(db: DbOrTx, id: string, width: number, format: ImageFormat) {
  const [row] = await db
    .select({ key: storedFiles.key, size: storedFiles.size, contentType: storedFiles.contentType })
    .from(mediaVariants)
    .innerJoin(storedFiles, eq(storedFiles.id, mediaVariants.fileId))
    .where(and(eq(mediaVariants.imageId, id), eq(mediaVariants.width, width), eq(mediaVariants.format, format)));
  return row ?? null;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface LibraryItem {
  image: MediaImage;
  alt: string;
  altLocale: string;
  display: ResponsiveImage | null;
  uses: number;
}

/** The library, newest first, searched by alt text (any language, accents ignored) or file name. */
export async function listImages(p: Platform, opts: { q?: string; page: number; pageSize: number; locale: Locale }) {
  const db = p.database.db;
  let where: SQL | undefined;
  if (opts.q) {
    const like = likePattern(opts.q);
    where = or(ilike(mediaImages.name, like), sql`EXISTS (SELECT 1 FROM ${mediaImageTexts} WHERE ${mediaImageTexts.imageId} = ${mediaImages.id} AND unaccent(${mediaImageTexts.alt}) ILIKE unaccent(${like}))`);
  }
  const [{ total }] = (await db.select({ total: count() }).from(mediaImages).where(where)) as [{ total: number }];
  const images = await db
    .select()
    .from(mediaImages)
    .where(where)
    .orderBy(desc(mediaImages.createdAt), mediaImages.id)
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  const ids = images.map((i) => i.id);
  const display = await displayImages(db, ids, opts.locale);
  const usages = await whereUsed(p, db, ids, opts.locale);
  const items: LibraryItem[] = images.map((image) => {
    const d = display.get(image.id) ?? null;
    return { image, alt: d?.alt ?? '', altLocale: d?.lang ?? image.sourceLocale, display: d, uses: usages.filter((u) => u.imageId === image.id).length };
  });
  return { total, items };
}

/** One image for its editing page: alt texts per language with out-of-date marks, copies, uses. */
export async function getImageForEditing(p: Platform, id: string, locale: Locale) {
  const db = p.database.db;
  const [row] = await db.select({ image: mediaImages, uploader: users.name }).from(mediaImages).leftJoin(users, eq(users.id, mediaImages.createdBy)).where(eq(mediaImages.id, id));
  if (!row) return null;
  const texts = await db.select().from(mediaImageTexts).where(eq(mediaImageTexts.imageId, id));
  const source = texts.find((t) => t.locale === row.image.sourceLocale);
  const variants = await db
    .select({ format: mediaVariants.format, width: mediaVariants.width, height: mediaVariants.height, size: storedFiles.size })
    .from(mediaVariants)
    .innerJoin(storedFiles, eq(storedFiles.id, mediaVariants.fileId))
    .where(eq(mediaVariants.imageId, id))
    .orderBy(mediaVariants.width, mediaVariants.format);
  return {
    image: row.image,
    uploader: row.uploader,
    texts: texts.map((t) => ({ ...t, outOfDate: isOutOfDate(t, source, row.image.sourceLocale) })),
    variants: variants.map((v) => ({ ...v, url: variantUrl(id, v.width, v.format) })),
    display: (await displayImages(db, [id], locale)).get(id) ?? null,
    usages: await whereUsed(p, db, [id], locale),
  };
}

/** Choices for an image picker (every image, or those of `ids`), newest first, named by alt text in the reader's language and file name. */
export async function imageChoices(db: DbOrTx, locale: Locale, ids?: string[]): Promise<{ value: string; label: string }[]> {
  if (ids && !ids.length) return [];
  const images = await db
    .select()
    .from(mediaImages)
    .where(ids ? inArray(mediaImages.id, ids) : undefined)
    .orderBy(desc(mediaImages.createdAt));
  if (!images.length) return [];
  const texts = await db.select().from(mediaImageTexts).where(inArray(mediaImageTexts.imageId, images.map((i) => i.id)));
  return images.map((image) => {
    const alt = pickTranslation(
      texts.filter((t) => t.imageId === image.id),
      locale,
      image.sourceLocale,
    );
    return { value: image.id, label: alt ? `${alt.value.alt} (${image.name})` : image.name };
  });
}

export async function imageExists(db: DbOrTx, id: string): Promise<boolean> {
  const [row] = await db.select({ id: mediaImages.id }).from(mediaImages).where(eq(mediaImages.id, id));
  return !!row;
}
