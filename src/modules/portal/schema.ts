import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, storedFiles, users } from '../../platform/schema.js';
import { mediaImages } from '../media/schema.js';
import { revisions, ts } from '../../platform/db/columns.js';


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
    /** From the media library; an image in use cannot be deleted. */
    coverImageId: uuid('cover_image_id').references(() => mediaImages.id, { onDelete: 'restrict' }),
    status: text('status', { enum: ['draft', 'scheduled', 'published'] })
      .notNull()
      .default('draft'),
    publishAt: ts('publish_at'),
    publishedAt: ts('published_at'),
    sourceLocale: text('source_locale').notNull().default('en'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('news_published').on(t.status, t.publishedAt), index('news_project').on(t.projectId), index('news_cover').on(t.coverImageId)],
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

export const DOCUMENT_TYPES = ['report', 'training-material', 'policy-brief', 'guideline', 'dataset', 'video', 'leaflet', 'poster', 'press-release', 'presentation', 'article', 'other'] as const;
/** Types shown among a project's dissemination materials rather than its reports and results. */
export const DISSEMINATION_TYPES = ['leaflet', 'poster', 'video', 'press-release', 'presentation'] as const;

/** Reports and results (deliverables) and dissemination materials: one file per language, in versions. */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    workPackageId: uuid('work_package_id').references(() => workPackages.id, { onDelete: 'set null' }),
    /** Deliverable code, e.g. D2.1. */
    code: text('code'),
    type: text('type', { enum: DOCUMENT_TYPES }).notNull(),
    /** Public, or for signed-in members only. */
    level: text('level', { enum: ['public', 'members'] })
      .notNull()
      .default('public'),
    status: text('status', { enum: ['draft', 'published'] })
      .notNull()
      .default('draft'),
    publishedOn: date('published_on', { mode: 'string' }),
    licence: text('licence'),
    doi: text('doi'),
    externalUrl: text('external_url'),
    downloads: integer('downloads').notNull().default(0),
    sourceLocale: text('source_locale').notNull().default('en'),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** Last change a reader would care about (published, new file or version): drives "new since your last visit". */
    changedAt: ts('changed_at').notNull().defaultNow(),
  },
  (t) => [index('documents_project').on(t.projectId, t.status), index('documents_changed').on(t.changedAt)],
);

export const documentTranslations = pgTable(
  'document_translations',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.locale] })],
);

/** A document's file in one language; each upload for a language adds a version, the highest is current. */
export const documentFiles = pgTable(
  'document_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    version: integer('version').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
    /** What changed in this version. */
    note: text('note').notNull().default(''),
    downloads: integer('downloads').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('document_files_version').on(t.documentId, t.locale, t.version)],
);

export const ACTIVITY_KINDS = ['talk', 'article', 'media', 'social-media', 'workshop', 'conference', 'other'] as const;

/** Dissemination activities: talks, articles, media coverage… with the audience reached. */
export const disseminationActivities = pgTable(
  'dissemination_activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ACTIVITY_KINDS }).notNull(),
    happenedOn: date('happened_on', { mode: 'string' }).notNull(),
    /** The activity is recorded in the language it took place in. */
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    /** Venue, outlet or channel. */
    venue: text('venue').notNull().default(''),
    country: text('country'),
    url: text('url'),
    audience: integer('audience'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('dissemination_project').on(t.projectId, t.happenedOn)],
);

export const EVENT_KINDS = ['public-meeting', 'multiplier', 'national', 'train-the-trainers', 'webinar', 'conference', 'other'] as const;

/** Events: in person, online or both; times are instants, shown in the event's own time zone. */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    status: text('status', { enum: ['draft', 'published', 'cancelled'] })
      .notNull()
      .default('draft'),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    /** IANA time zone, e.g. Europe/Rome. */
    timeZone: text('time_zone').notNull(),
    mode: text('mode', { enum: ['in-person', 'online', 'hybrid'] }).notNull(),
    venue: text('venue').notNull().default(''),
    address: text('address').notNull().default(''),
    city: text('city').notNull().default(''),
    country: text('country'),
    /** Link to join online; sent to registered attendees only. */
    onlineUrl: text('online_url'),
    /** Places; null means unlimited. */
    capacity: integer('capacity'),
    registrationOpen: boolean('registration_open').notNull().default(true),
    /** iCalendar SEQUENCE: rises with every change attendees' calendars should pick up. */
    sequence: integer('sequence').notNull().default(0),
    sourceLocale: text('source_locale').notNull().default('en'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('events_starts').on(t.status, t.startsAt), index('events_project').on(t.projectId)],
);

export const eventTranslations = pgTable(
  'event_translations',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    body: text('body').notNull().default(''),
    ...revisions(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.locale] })],
);

/** Registrations: confirmed while places last, then a waiting list in order of registration. */
export const eventRegistrations = pgTable(
  'event_registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    organisation: text('organisation').notNull().default(''),
    country: text('country'),
    profession: text('profession'),
    locale: text('locale').notNull(),
    status: text('status', { enum: ['confirmed', 'waiting', 'cancelled'] }).notNull(),
    /** SHA-256 of the self-cancellation token sent by e-mail. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    cancelledAt: ts('cancelled_at'),
  },
  (t) => [
    index('event_registrations_event').on(t.eventId, t.status, t.createdAt),
    // One live registration per address and event (addresses are stored lower-case).
    uniqueIndex('event_registrations_email').on(t.eventId, t.email).where(sql`status <> 'cancelled'`),
  ],
);

/** Materials attached to an event (slides, reports), as documents of the library. */
export const eventMaterials = pgTable(
  'event_materials',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.documentId] })],
);
