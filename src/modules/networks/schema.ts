import { boolean, date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../platform/db/columns.js';
import { organisations, regions, storedFiles, users } from '../../platform/schema.js';

/**
 * Regional networks: the organisations of a region (reception centres, local health authorities, mental-health
 * services, NGOs, mediator agencies) that apply the guidelines together. A network has member organisations
 * with a role, meetings (agenda, minutes, attendance, decisions, actions), agreements and protocols kept as
 * documents, and news. Regions are platform data (`regions`), so any country and region can be added.
 */

export const MEMBER_ROLES = ['coordinator', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const networks = pgTable(
  'networks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    /** The language the network works in (its minutes, agreements and news). */
    locale: text('locale').notNull().default('en'),
    description: text('description').notNull().default(''),
    /** Who to write to about the network (shown publicly). */
    contactEmail: text('contact_email'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('networks_region').on(t.regionId)],
);

export const networkMembers = pgTable(
  'network_members',
  {
    networkId: uuid('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: MEMBER_ROLES }).notNull().default('member'),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    /** Set when the organisation left; it stays listed in past meetings and agreements. */
    leftOn: date('left_on', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.organisationId] }), index('network_members_organisation').on(t.organisationId)],
);

export const MEETING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const networkMeetings = pgTable(
  'network_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    networkId: uuid('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    /** Where it takes place, and/or the link of an online meeting. */
    place: text('place').notNull().default(''),
    onlineUrl: text('online_url'),
    /** Markdown. */
    agenda: text('agenda').notNull().default(''),
    /** Markdown; written after the meeting. */
    minutes: text('minutes').notNull().default(''),
    status: text('status', { enum: MEETING_STATUSES }).notNull().default('planned'),
    /** When members were last sent the invitation or its update, and the reminder before it. */
    invitedAt: ts('invited_at'),
    remindedAt: ts('reminded_at'),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('network_meetings_network').on(t.networkId, t.startsAt)],
);

export const ATTENDANCE = ['present', 'excused', 'absent'] as const;
export type Attendance = (typeof ATTENDANCE)[number];

/** Who attended a meeting, per member organisation (and the people who came for it, by name as recorded). */
export const networkAttendance = pgTable(
  'network_attendance',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => networkMeetings.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ATTENDANCE }).notNull(),
    /** Names of the people who attended for the organisation, as the minutes record them. */
    attendees: text('attendees').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.organisationId] })],
);

export const networkDecisions = pgTable(
  'network_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => networkMeetings.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [index('network_decisions_meeting').on(t.meetingId, t.sort)],
);

/** An action agreed in a meeting (or outside one), with its owner and due date; owners get reminders by e-mail. */
export const networkActions = pgTable(
  'network_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    networkId: uuid('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    meetingId: uuid('meeting_id').references(() => networkMeetings.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    ownerOrganisationId: uuid('owner_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    doneAt: ts('done_at'),
    /** When the owner was last reminded; one reminder before the due date and one when overdue. */
    remindedAt: ts('reminded_at'),
    overdueRemindedAt: ts('overdue_reminded_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('network_actions_network').on(t.networkId, t.dueOn), index('network_actions_owner').on(t.ownerUserId)],
);

export const AGREEMENT_KINDS = ['agreement', 'protocol', 'memorandum'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

/** Agreements and protocols between reception and health services, kept as documents. */
export const networkAgreements = pgTable(
  'network_agreements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    networkId: uuid('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: AGREEMENT_KINDS }).notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    /** The member organisations that signed it. */
    parties: uuid('parties').array().notNull().default([]),
    signedOn: date('signed_on', { mode: 'string' }),
    validUntil: date('valid_until', { mode: 'string' }),
    fileId: uuid('file_id').references(() => storedFiles.id, { onDelete: 'set null' }),
    /** Public agreements are listed on the network's public page; others only to its members. */
    public: boolean('public').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('network_agreements_network').on(t.networkId, t.signedOn)],
);

export const networkNews = pgTable(
  'network_news',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    networkId: uuid('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** Markdown. */
    body: text('body').notNull(),
    public: boolean('public').notNull().default(true),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [index('network_news_network').on(t.networkId, t.publishedAt)],
);
