import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, primaryKey, text, unique, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { revisions, ts } from '../../platform/db/columns.js';
import { organisations, users } from '../../platform/schema.js';
import { lessons } from '../training/schema.js';

/**
 * Guidelines as structured, versioned content: a guideline has versions (draft → public consultation →
 * published → superseded); a version holds chapters, sections and recommendations. Every text is translated
 * per item against the guideline's source language (revision / sourceRevision, see platform/translations.ts).
 *
 * Chapters, sections and recommendations carry stable keys that survive when a new draft is made by copying
 * a version: `key` for chapters and sections (C3, S3.2), `identifier` for recommendations (R7). Comparing
 * two versions matches items by these keys, and a recommendation's permalink and citation use its identifier.
 */

export const VERSION_STATUSES = ['draft', 'consultation', 'published', 'superseded'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** GRADE-style strength; a good practice statement is ungraded (it has no level of evidence). */
export const STRENGTHS = ['strong', 'conditional', 'good-practice'] as const;
export type Strength = (typeof STRENGTHS)[number];

export const EVIDENCE_LEVELS = ['high', 'moderate', 'low', 'very-low', 'expert-opinion'] as const;
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];

/** Whom a recommendation addresses: professions and roles (organisation types come from `organisation_types`). */
export const GUIDELINE_ROLES = ['reception-operator', 'cultural-mediator', 'general-practitioner', 'psychologist', 'psychiatrist', 'social-worker', 'nurse', 'coordinator'] as const;
export type GuidelineRole = (typeof GUIDELINE_ROLES)[number];

/** The steps of the care pathway, in order (after the Italian 2017 pathway, widened to screening, referral, follow-up and coordination). */
export const PATHWAY_STEPS = ['identification', 'screening', 'referral', 'taking-charge', 'treatment-rehabilitation', 'certification', 'follow-up', 'coordination'] as const;
export type PathwayStep = (typeof PATHWAY_STEPS)[number];

export const guidelines = pgTable('guidelines', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  sourceLocale: text('source_locale').notNull().default('en'),
  /** The organisation that issues it (named in citations). */
  organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const guidelineTranslations = pgTable(
  'guideline_translations',
  {
    guidelineId: uuid('guideline_id')
      .notNull()
      .references(() => guidelines.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.guidelineId, t.locale] })],
);

export const guidelineVersions = pgTable(
  'guideline_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    guidelineId: uuid('guideline_id')
      .notNull()
      .references(() => guidelines.id, { onDelete: 'cascade' }),
    /** "1.0", "2.1": major.minor, rising with each new version. */
    label: text('label').notNull(),
    status: text('status', { enum: VERSION_STATUSES }).notNull().default('draft'),
    /** The version this one was copied from, when it was. */
    copiedFromId: uuid('copied_from_id').references((): AnyPgColumn => guidelineVersions.id, { onDelete: 'set null' }),
    consultationStartsOn: date('consultation_starts_on', { mode: 'string' }),
    consultationEndsOn: date('consultation_ends_on', { mode: 'string' }),
    publishedAt: ts('published_at'),
    supersededAt: ts('superseded_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('guideline_versions_label').on(t.guidelineId, t.label),
    // One current published version, and one version in the works (draft or consultation), per guideline.
    uniqueIndex('guideline_versions_published').on(t.guidelineId).where(sql`status = 'published'`),
    uniqueIndex('guideline_versions_open').on(t.guidelineId).where(sql`status IN ('draft', 'consultation')`),
  ],
);

/** What changed in a version, per language. */
export const guidelineVersionTranslations = pgTable(
  'guideline_version_translations',
  {
    versionId: uuid('version_id')
      .notNull()
      .references(() => guidelineVersions.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    changeNote: text('change_note').notNull().default(''),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.locale] })],
);

export const guidelineChapters = pgTable(
  'guideline_chapters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => guidelineVersions.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [unique('guideline_chapters_key').on(t.versionId, t.key)],
);

export const guidelineChapterTranslations = pgTable(
  'guideline_chapter_translations',
  {
    chapterId: uuid('chapter_id')
      .notNull()
      .references(() => guidelineChapters.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    intro: text('intro').notNull().default(''),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.chapterId, t.locale] })],
);

export const guidelineSections = pgTable(
  'guideline_sections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => guidelineVersions.id, { onDelete: 'cascade' }),
    chapterId: uuid('chapter_id')
      .notNull()
      .references(() => guidelineChapters.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [unique('guideline_sections_key').on(t.versionId, t.key), index('guideline_sections_chapter').on(t.chapterId, t.sort)],
);

export const guidelineSectionTranslations = pgTable(
  'guideline_section_translations',
  {
    sectionId: uuid('section_id')
      .notNull()
      .references(() => guidelineSections.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    intro: text('intro').notNull().default(''),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.sectionId, t.locale] })],
);

export const recommendations = pgTable(
  'guideline_recommendations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => guidelineVersions.id, { onDelete: 'cascade' }),
    sectionId: uuid('section_id')
      .notNull()
      .references(() => guidelineSections.id, { onDelete: 'cascade' }),
    /** Stable across versions ("R7"); never reused for another recommendation of the guideline. */
    identifier: text('identifier').notNull(),
    strength: text('strength', { enum: STRENGTHS }).notNull(),
    /** Null for a good practice statement. */
    evidence: text('evidence', { enum: EVIDENCE_LEVELS }),
    roles: text('roles').array().notNull().default([]),
    /** Codes of `organisation_types`. */
    organisationTypes: text('organisation_types').array().notNull().default([]),
    steps: text('steps').array().notNull().default([]),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [unique('guideline_recommendations_identifier').on(t.versionId, t.identifier), index('guideline_recommendations_section').on(t.sectionId, t.sort), index('guideline_recommendations_steps').using('gin', t.steps)],
);

export const recommendationTranslations = pgTable(
  'guideline_recommendation_translations',
  {
    recommendationId: uuid('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    statement: text('statement').notNull(),
    rationale: text('rationale').notNull().default(''),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.recommendationId, t.locale] })],
);

/** A comment's course during a public consultation: open until an editor answers or closes it. */
export const COMMENT_STATUSES = ['open', 'answered', 'closed'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** Public consultation: a signed-in member's comment on one recommendation of a version under consultation. */
export const guidelineComments = pgTable(
  'guideline_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => guidelineVersions.id, { onDelete: 'cascade' }),
    recommendationId: uuid('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** The organisation the author speaks for, when they chose one of theirs. */
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    locale: text('locale').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: COMMENT_STATUSES }).notNull().default('open'),
    answer: text('answer'),
    answeredById: uuid('answered_by_id').references(() => users.id, { onDelete: 'set null' }),
    answeredAt: ts('answered_at'),
    closedAt: ts('closed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('guideline_comments_version').on(t.versionId, t.createdAt), index('guideline_comments_recommendation').on(t.recommendationId, t.createdAt)],
);

/** How far an organisation has put a recommendation into practice. */
export const ADOPTION_STATUSES = ['implemented', 'partly', 'planned', 'not-applicable'] as const;
export type AdoptionStatus = (typeof ADOPTION_STATUSES)[number];

/**
 * An organisation's self-assessment against one recommendation of a guideline. It is keyed by the
 * recommendation's stable identifier, so an assessment carries over to the next version of the guideline.
 */
export const guidelineAdoptions = pgTable(
  'guideline_adoptions',
  {
    guidelineId: uuid('guideline_id')
      .notNull()
      .references(() => guidelines.id, { onDelete: 'cascade' }),
    identifier: text('identifier').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ADOPTION_STATUSES }).notNull(),
    evidence: text('evidence').notNull().default(''),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    assessedById: uuid('assessed_by_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.guidelineId, t.organisationId, t.identifier] }), index('guideline_adoptions_identifier').on(t.guidelineId, t.identifier)],
);

/** An organisation's public endorsement of a guideline (of the version published when it endorsed). */
export const guidelineEndorsements = pgTable(
  'guideline_endorsements',
  {
    guidelineId: uuid('guideline_id')
      .notNull()
      .references(() => guidelines.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id').references(() => guidelineVersions.id, { onDelete: 'set null' }),
    statement: text('statement').notNull().default(''),
    endorsedById: uuid('endorsed_by_id').references(() => users.id, { onDelete: 'set null' }),
    endorsedAt: ts('endorsed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.guidelineId, t.organisationId] })],
);

/**
 * Training lessons that teach a recommendation, by its stable identifier (so the link holds across versions).
 * The lesson belongs to the training module; this table is the guideline's side of the link.
 */
export const guidelineLessonLinks = pgTable(
  'guideline_lesson_links',
  {
    guidelineId: uuid('guideline_id')
      .notNull()
      .references(() => guidelines.id, { onDelete: 'cascade' }),
    identifier: text('identifier').notNull(),
    lessonId: uuid('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.guidelineId, t.identifier, t.lessonId] }), index('guideline_lesson_links_lesson').on(t.lessonId)],
);
