import { bigint, index, integer, jsonb, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../platform/db/columns.js';
import { storedFiles, users } from '../../platform/schema.js';
import type { ScormSco } from './scorm.js';
import { courses, enrolments } from './schema.js';

/**
 * SCORM packages uploaded into a course (docs/scorm.md). A `scorm` block names one; the package's files are
 * stored files (content-addressed, so a package uploaded twice shares its bytes), listed by path below.
 */
export const scormPackages = pgTable(
  'training_scorm_packages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    /** '1.2', or '2004' (with its edition in `edition`: '2nd', '3rd', '4th' or null when the manifest does not say). */
    version: text('version', { enum: ['1.2', '2004'] }).notNull(),
    edition: text('edition'),
    /** The manifest's organisation (or first item) title. */
    title: text('title').notNull(),
    /** Its SCOs in the organisation's order, each with its launch file (relative to the root, with parameters) and 1.2 mastery score. */
    scos: jsonb('scos').$type<ScormSco[]>().notNull(),
    /** Bytes of every file unpacked, and how many files. */
    size: bigint('size', { mode: 'number' }).notNull(),
    fileCount: integer('file_count').notNull(),
    /** The name of the zip as the author uploaded it. */
    fileName: text('file_name').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('training_scorm_packages_course_idx').on(t.courseId)],
);

/** The files of a package by their path inside it (normalised, no `..`, no leading slash). */
export const scormFiles = pgTable(
  'training_scorm_files',
  {
    packageId: uuid('package_id')
      .notNull()
      .references(() => scormPackages.id, { onDelete: 'cascade' }),
    path: text('path').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
  },
  (t) => [primaryKey({ columns: [t.packageId, t.path] })],
);

/** What a SCO's runtime reported, per enrolment, block and SCO: the CMI data kept for resuming, and what Ponte reads of it. */
export const scormAttempts = pgTable(
  'training_scorm_attempts',
  {
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    // Not a reference: the block may have left the draft and stay in the published version the learner keeps.
    blockId: uuid('block_id').notNull(),
    packageId: uuid('package_id')
      .notNull()
      .references(() => scormPackages.id, { onDelete: 'cascade' }),
    /** The SCO's index in the package's `scos`. */
    sco: integer('sco').notNull().default(0),
    /** The CMI data model as the runtime last committed it (scorm-again's flattened `cmi.*` keys and values). */
    cmi: jsonb('cmi').$type<Record<string, string>>().notNull(),
    /** 'completed', 'incomplete', 'not attempted' or 'unknown' (1.2's lesson_status is split into this and `success`). */
    completion: text('completion').notNull().default('unknown'),
    /** 'passed', 'failed' or 'unknown'. */
    success: text('success').notNull().default('unknown'),
    /** Score as a fraction (0–1) when the SCO reported one: scaled (2004), or raw within min–max. */
    score: real('score'),
    scoreRaw: real('score_raw'),
    /** Seconds of session time the SCO reported, summed over sessions (each bounded by real elapsed time). */
    secondsReported: integer('seconds_reported').notNull().default(0),
    commits: integer('commits').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.enrolmentId, t.blockId, t.sco] })],
);
