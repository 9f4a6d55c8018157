import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** Revision columns of a translation row (see platform/translations.ts). */
const revisions = () => ({
  revision: integer('revision').notNull().default(1),
  sourceRevision: integer('source_revision').notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** A funder and how its support must be shown (EU emblem and disclaimer, or the funder's own statement). */
export const funders = pgTable('funders', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['eu', 'other'] }).notNull(),
  website: text('website'),
});

export const projects = pgTable('projects', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  acronym: text('acronym').notNull(),
  programme: text('programme'),
  fundingLine: text('funding_line'),
  funderCode: text('funder_code').references(() => funders.code),
  /** EU grants: "funded" or "co-funded" by the European Union. */
  euFunding: text('eu_funding', { enum: ['funded', 'co-funded'] }),
  grantingAuthority: text('granting_authority'),
  grantNumber: text('grant_number'),
  startDate: date('start_date', { mode: 'string' }),
  endDate: date('end_date', { mode: 'string' }),
  coordinatorId: uuid('coordinator_id').references(() => organisations.id),
  previousProjectId: uuid('previous_project_id'),
  website: text('website'),
  sourceLocale: text('source_locale').notNull().default('en'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const projectTranslations = pgTable(
  'project_translations',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    name: text('name').notNull(),
    summary: text('summary').notNull().default(''),
    objectives: text('objectives').notNull().default(''),
    targetGroups: text('target_groups').notNull().default(''),
    /** The funder's own statement (non-EU funders), in this language. */
    fundingStatement: text('funding_statement').notNull().default(''),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.locale] })],
);

export const projectPartners = pgTable(
  'project_partners',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    role: text('role', { enum: ['coordinator', 'partner', 'associated', 'collaborator'] }).notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.organisationId] })],
);

export const relatedProjects = pgTable(
  'related_projects',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    relatedId: uuid('related_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.relatedId] })],
);

export const workPackages = pgTable(
  'work_packages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    leadId: uuid('lead_id').references(() => organisations.id),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [unique('work_packages_code').on(t.projectId, t.code)],
);

export const workPackageTranslations = pgTable(
  'work_package_translations',
  {
    workPackageId: uuid('work_package_id')
      .notNull()
      .references(() => workPackages.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.workPackageId, t.locale] })],
);

/** Static pages: of the site (projectId null) or of one project; bodies in Markdown. */
export const pages = pgTable(
  'pages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    sort: integer('sort').notNull().default(0),
    /** Listed in the project's (or the site's) menu. */
    inMenu: boolean('in_menu').notNull().default(true),
    sourceLocale: text('source_locale').notNull().default('en'),
  },
  (t) => [unique('pages_slug').on(t.projectId, t.slug).nullsNotDistinct(), index('pages_project').on(t.projectId)],
);

export const pageTranslations = pgTable(
  'page_translations',
  {
    pageId: uuid('page_id')
      .notNull()
      .references(() => pages.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.pageId, t.locale] })],
);

/** News items: draft → scheduled (publish_at) → published; text per language. */
export const news = pgTable(
  'news',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    tags: text('tags').array().notNull().default([]),
    status: text('status', { enum: ['draft', 'scheduled', 'published'] })
      .notNull()
      .default('draft'),
    publishAt: ts('publish_at'),
    publishedAt: ts('published_at'),
    sourceLocale: text('source_locale').notNull().default('en'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('news_published').on(t.status, t.publishedAt), index('news_project').on(t.projectId)],
);

export const newsTranslations = pgTable(
  'news_translations',
  {
    newsId: uuid('news_id')
      .notNull()
      .references(() => news.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    body: text('body').notNull().default(''),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.newsId, t.locale] })],
);
