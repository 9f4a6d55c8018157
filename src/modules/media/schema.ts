import { index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { storedFiles, users } from '../../platform/schema.js';
import { ts } from '../../platform/db/columns.js';


export const IMAGE_FORMATS = ['jpeg', 'png', 'webp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/**
 * An image of the media library, stored once and used wherever editors choose it. The upload itself is not
 * kept: only re-encoded copies without metadata (media_variants).
 */
export const mediaImages = pgTable(
  'media_images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The uploaded file's name (sanitised), to help editors find it. */
    name: text('name').notNull(),
    /** The uploaded format; variants exist in it and in WebP. */
    format: text('format', { enum: IMAGE_FORMATS }).notNull(),
    /** Size of the largest variant, upright. */
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    /** The language of the alt text that must exist. */
    sourceLocale: text('source_locale').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('media_images_created').on(t.createdAt)],
);

/** Alt text per language, translated like any content (revision columns as in platform/translations.ts). */
export const mediaImageTexts = pgTable(
  'media_image_texts',
  {
    imageId: uuid('image_id')
      .notNull()
      .references(() => mediaImages.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    alt: text('alt').notNull(),
    revision: integer('revision').notNull().default(1),
    sourceRevision: integer('source_revision').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.imageId, t.locale] })],
);

/** The stored copies of an image: each width in WebP and in the uploaded format. */
export const mediaVariants = pgTable(
  'media_variants',
  {
    imageId: uuid('image_id')
      .notNull()
      .references(() => mediaImages.id, { onDelete: 'cascade' }),
    format: text('format', { enum: IMAGE_FORMATS }).notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
  },
  (t) => [primaryKey({ columns: [t.imageId, t.format, t.width] })],
);
