import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, unique, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../platform/db/columns.js';
import { organisations, regions, users } from '../../platform/schema.js';
import { directoryServices } from '../directory/schema.js';
import type { Instrument } from './instruments.js';

/**
 * The care pathway: residents of reception centres, their consents, screenings, and referrals to health services
 * tracked until care starts. Special-category health data: the minimum is kept, names and free text are sealed
 * at the application level (`*_sealed` columns, see crypto.ts), and every read or write of a record leaves a row
 * in `care_audit` in the same transaction.
 */

export type Names = Record<string, string>;

/** The configurable list of vulnerability categories (e.g. those of the Italian reception law, art. 17 d.lgs. 142/2015). */
export const vulnerabilityCategories = pgTable('care_vulnerability_categories', {
  code: text('code').primaryKey(),
  names: jsonb('names').$type<Names>().notNull(),
  sort: integer('sort').notNull().default(0),
  retired: boolean('retired').notNull().default(false),
});

export const RESIDENT_GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
export type ResidentGender = (typeof RESIDENT_GENDERS)[number];

export const residents = pgTable(
  'care_residents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The reception centre (an organisation) that records and looks after the resident. */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** The centre's own code for the case; no name is needed to work with a record. */
    caseCode: text('case_code').notNull(),
    birthYear: smallint('birth_year'),
    gender: text('gender', { enum: RESIDENT_GENDERS }).notNull().default('undisclosed'),
    /** ISO 3166-1 alpha-2. */
    countryOfOrigin: text('country_of_origin'),
    /** BCP 47 language tags, the first the one the resident prefers. */
    languages: text('languages').array().notNull().default([]),
    mediatorNeeded: boolean('mediator_needed').notNull().default(false),
    arrivalDate: date('arrival_date', { mode: 'string' }),
    /**
     * The codes of the resident's vulnerability categories, as a JSON array sealed like the name (residents.ts
     * `openVulnerabilities`); no indicator counts them. Rows written before migration 0039 hold plain JSON until
     * `ponte care reseal` seals them.
     */
    vulnerabilities: text('vulnerabilities').notNull().default('[]'),
    /** Optional; sealed; shown only to the resident's own organisation. */
    nameSealed: text('name_sealed'),
    status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
    closedOn: date('closed_on', { mode: 'string' }),
    /** Set when retention removed what identifies the resident; the record stays for the indicators. */
    anonymisedAt: ts('anonymised_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [unique('care_residents_case_code').on(t.organisationId, t.caseCode), index('care_residents_organisation').on(t.organisationId, t.status)],
);

export const CONSENT_PURPOSES = ['screening', 'sharing', 'retention'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const WITHDRAWAL_CHANNELS = ['in-person', 'phone', 'written', 'through-mediator', 'other'] as const;
export type WithdrawalChannel = (typeof WITHDRAWAL_CHANNELS)[number];

/** FHIR Consent in the minimum: who agreed to what, when, in which language, with a mediator or not; withdrawn or not. */
export const consents = pgTable(
  'care_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: CONSENT_PURPOSES }).notNull(),
    /** For sharing: the organisation the resident agreed to share with. */
    recipientOrganisationId: uuid('recipient_organisation_id').references(() => organisations.id),
    givenOn: date('given_on', { mode: 'string' }).notNull(),
    /** The language the consent was explained in. */
    language: text('language').notNull(),
    mediatorPresent: boolean('mediator_present').notNull().default(false),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    withdrawnAt: ts('withdrawn_at'),
    withdrawnBy: uuid('withdrawn_by').references(() => users.id, { onDelete: 'set null' }),
    withdrawalChannel: text('withdrawal_channel', { enum: WITHDRAWAL_CHANNELS }),
  },
  (t) => [index('care_consents_resident').on(t.residentId)],
);

/** Screening instruments as data: a FHIR Questionnaire and the scoring Ponte read from it; versions kept side by side. */
export const instruments = pgTable(
  'care_instruments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    version: text('version').notNull(),
    status: text('status', { enum: ['active', 'retired'] }).notNull().default('active'),
    definition: jsonb('definition').$type<Instrument>().notNull(),
    /** The Questionnaire as imported, for export and audit. */
    questionnaire: jsonb('questionnaire').$type<Record<string, unknown>>().notNull(),
    importedBy: uuid('imported_by').references(() => users.id, { onDelete: 'set null' }),
    importedAt: ts('imported_at').notNull().defaultNow(),
  },
  (t) => [unique('care_instruments_version').on(t.code, t.version)],
);

export const SCREENING_MODES = ['self', 'operator', 'operator-with-mediator'] as const;
export type ScreeningMode = (typeof SCREENING_MODES)[number];

export const screenings = pgTable(
  'care_screenings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id, { onDelete: 'cascade' }),
    /** The centre that screened (the resident's organisation at the time), for the indicators. */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => instruments.id),
    language: text('language').notNull(),
    mode: text('mode', { enum: SCREENING_MODES }).notNull(),
    mediatorLanguage: text('mediator_language'),
    /**
     * linkId → the chosen answer codes (coded answers only; free text is not asked), as JSON sealed like the names
     * (crypto.ts; screenings.ts `openAnswers`): the item-level answers of a mental-health screening say more than
     * its score. Rows written before migration 0038 hold plain JSON until `ponte care reseal` seals them.
     */
    answers: text('answers').notNull().default('{}'),
    status: text('status', { enum: ['in-progress', 'completed'] }).notNull().default('in-progress'),
    score: numeric('score', { mode: 'number' }),
    band: text('band'),
    aboveCutoff: boolean('above_cutoff'),
    administeredBy: uuid('administered_by').references(() => users.id, { onDelete: 'set null' }),
    startedAt: ts('started_at').notNull().defaultNow(),
    completedAt: ts('completed_at'),
    /**
     * When the resident's previous completed screening, and previous one above the cut-off, were completed (null:
     * none), kept by a trigger (migration 0021): a screening is its resident's first in a period when its
     * predecessor is before the period, so the indicators count residents without gathering each one's screenings.
     */
    prevCompletedAt: ts('prev_completed_at'),
    prevAboveAt: ts('prev_above_at'),
  },
  (t) => [
    index('care_screenings_resident').on(t.residentId),
    index('care_screenings_organisation').on(t.organisationId, t.completedAt),
    // The indicators' residents screened, read from the index alone (indicators.ts).
    index('care_screenings_completed').on(t.completedAt, t.organisationId, t.aboveCutoff, t.prevCompletedAt, t.prevAboveAt).where(sql`status = 'completed' AND completed_at IS NOT NULL`),
  ],
);

export const URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** The target time to a first appointment per urgency, which each region sets (defaults in referrals.ts). */
export const urgencyTargets = pgTable(
  'care_urgency_targets',
  {
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    urgency: text('urgency', { enum: URGENCIES }).notNull(),
    targetHours: integer('target_hours').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.urgency] })],
);

/** FHIR Task.status, as Ponte uses it for a referral. */
export const REFERRAL_STATUSES = ['draft', 'requested', 'accepted', 'rejected', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const APPOINTMENT_STATUSES = ['scheduled', 'attended', 'missed'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const referrals = pgTable(
  'care_referrals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id, { onDelete: 'cascade' }),
    fromOrganisationId: uuid('from_organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** The region of the referring centre, for the indicators. */
    regionId: uuid('region_id').references(() => regions.id),
    serviceId: uuid('service_id').references(() => directoryServices.id, { onDelete: 'set null' }),
    /** The service's name when referred, so the record reads the same if the directory changes. */
    serviceName: text('service_name').notNull(),
    /** The organisation whose people receive the referral (the directory organisation's member organisation). */
    toOrganisationId: uuid('to_organisation_id')
      .notNull()
      .references(() => organisations.id),
    urgency: text('urgency', { enum: URGENCIES }).notNull(),
    targetHours: integer('target_hours').notNull(),
    reasonSealed: text('reason_sealed').notNull(),
    screeningId: uuid('screening_id').references(() => screenings.id, { onDelete: 'set null' }),
    mediatorLanguage: text('mediator_language'),
    consentId: uuid('consent_id').references(() => consents.id),
    /** Sent without consent to share, in an emergency: the reason, sealed. Flagged everywhere the referral shows. */
    overrideReasonSealed: text('override_reason_sealed'),
    status: text('status', { enum: REFERRAL_STATUSES }).notNull().default('draft'),
    /** The coded reason of the last rejection, failure or hold. */
    statusReason: text('status_reason'),
    outcome: text('outcome'),
    appointmentAt: ts('appointment_at'),
    appointmentStatus: text('appointment_status', { enum: APPOINTMENT_STATUSES }),
    requestedAt: ts('requested_at'),
    /** requestedAt + targetHours. */
    dueAt: ts('due_at'),
    acceptedAt: ts('accepted_at'),
    /** When the first attended appointment took place: the end of "time to care". */
    firstAppointmentAt: ts('first_appointment_at'),
    firstAppointmentMissed: boolean('first_appointment_missed').notNull().default(false),
    closedAt: ts('closed_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // Its last columns let the inbox count overdue or urgent referrals from the index alone.
    index('care_referrals_inbox').on(t.toOrganisationId, t.status, t.dueAt, t.urgency, t.firstAppointmentAt, t.closedAt),
    index('care_referrals_outbox').on(t.fromOrganisationId, t.createdAt),
    index('care_referrals_resident').on(t.residentId),
    index('care_referrals_region').on(t.regionId, t.requestedAt),
    // The indicators' waits and open referrals, read from the index alone (indicators.ts).
    index('care_referrals_requested').on(t.requestedAt, t.regionId, t.fromOrganisationId, t.urgency, t.firstAppointmentAt),
    index('care_referrals_open')
      .on(t.requestedAt, t.regionId, t.fromOrganisationId, t.urgency, t.dueAt)
      .where(sql`closed_at IS NULL AND first_appointment_at IS NULL AND requested_at IS NOT NULL AND status IN ('requested', 'accepted', 'in-progress', 'on-hold')`),
  ],
);

/**
 * The referral counts of the indicators, per UTC day of request, region, referring organisation and urgency: kept
 * by statement-level triggers on care_referrals (migration 0021), so that a dashboard adds up a few hundred rows
 * rather than reading a year of referrals. Every count adds up over days; what depends on the moment of reading
 * (open past target) and what does not add up (percentiles of waits) is read from care_referrals.
 */
export const referralDays = pgTable(
  'care_referral_days',
  {
    day: date('day').notNull(),
    regionId: uuid('region_id'),
    fromOrganisationId: uuid('from_organisation_id').notNull(),
    urgency: text('urgency', { enum: URGENCIES }).notNull(),
    referrals: integer('referrals').notNull().default(0),
    accepted: integer('accepted').notNull().default(0),
    decided: integer('decided').notNull().default(0),
    firstAppointments: integer('first_appointments').notNull().default(0),
    withinTarget: integer('within_target').notNull().default(0),
    missed: integer('missed').notNull().default(0),
  },
  (t) => [unique('care_referral_days_key').on(t.day, t.regionId, t.fromOrganisationId, t.urgency).nullsNotDistinct()],
);

/** Every transition of a referral, time-stamped with who did it (FHIR Task history). */
export const referralEvents = pgTable(
  'care_referral_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    /** What happened inside a status (e.g. appointment-scheduled, appointment-attended, appointment-missed). */
    step: text('step'),
    reason: text('reason'),
    appointmentAt: ts('appointment_at'),
    noteSealed: text('note_sealed'),
  },
  (t) => [index('care_referral_events_referral').on(t.referralId, t.at)],
);

export const referralMessages = pgTable(
  'care_referral_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    bodySealed: text('body_sealed').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('care_referral_messages_referral').on(t.referralId, t.createdAt)],
);

export const MEDIATOR_REQUEST_STATUSES = ['open', 'booked', 'cancelled', 'unfilled'] as const;
export type MediatorRequestStatus = (typeof MEDIATOR_REQUEST_STATUSES)[number];

/** A request for a mediator in a language, at a time and place, sent to mediator agencies from the directory. */
export const mediatorRequests = pgTable(
  'care_mediator_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    referralId: uuid('referral_id').references(() => referrals.id, { onDelete: 'cascade' }),
    requestingOrganisationId: uuid('requesting_organisation_id')
      .notNull()
      .references(() => organisations.id),
    regionId: uuid('region_id').references(() => regions.id),
    language: text('language').notNull(),
    startsAt: ts('starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(60),
    place: text('place').notNull(),
    status: text('status', { enum: MEDIATOR_REQUEST_STATUSES }).notNull().default('open'),
    bookedOrganisationId: uuid('booked_organisation_id').references(() => organisations.id),
    /** The mediator's first name or code as the agency gives it (a worker's, not the resident's). */
    mediatorName: text('mediator_name'),
    bookedBy: uuid('booked_by').references(() => users.id, { onDelete: 'set null' }),
    bookedAt: ts('booked_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('care_mediator_requests_referral').on(t.referralId), index('care_mediator_requests_region').on(t.regionId, t.createdAt)],
);

export const mediatorRequestAgencies = pgTable(
  'care_mediator_request_agencies',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => mediatorRequests.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    serviceId: uuid('service_id').references(() => directoryServices.id, { onDelete: 'set null' }),
    declinedAt: ts('declined_at'),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.organisationId] }), index('care_mediator_request_agencies_org').on(t.organisationId)],
);

/** An administrator's exceptional, time-limited access to one resident's record, with its reason (sealed). */
export const breakGlassGrants = pgTable(
  'care_break_glass',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    residentId: uuid('resident_id')
      .notNull()
      .references(() => residents.id, { onDelete: 'cascade' }),
    reasonSealed: text('reason_sealed').notNull(),
    grantedAt: ts('granted_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('care_break_glass_user').on(t.userId, t.expiresAt)],
);

/**
 * Who read or wrote which care record, when and why. Append-only (a trigger refuses UPDATE and DELETE), written
 * in the transaction of the access, denials included. Ids and codes only: no names, no clinical content.
 */
export const careAudit = pgTable(
  'care_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    /** The organisation the actor acted for (null for administrators and jobs). */
    organisationId: uuid('organisation_id'),
    /** The organisation that holds the record (the resident's centre), so each data-protection contact sees theirs. */
    ownerOrganisationId: uuid('owner_organisation_id'),
    residentId: uuid('resident_id'),
    referralId: uuid('referral_id'),
    /** The account a care role was granted to or taken from (actions `<role>.grant`, `<role>.revoke`). */
    subjectUserId: uuid('subject_user_id'),
    /** e.g. resident.read, resident.update, consent.record, screening.complete, referral.read, referral.accept. */
    action: text('action').notNull(),
    access: text('access', { enum: ['read', 'write'] }).notNull(),
    /** Why the access was allowed: own-organisation, referral-recipient, break-glass, data-subject-request, retention, administration (a care role granted or taken), monitoring (unusual activity found, care/anomalies.ts). */
    basis: text('basis').notNull(),
    outcome: text('outcome', { enum: ['success', 'denied'] }).notNull(),
    requestId: text('request_id'),
    /** The writing transaction's id: entries are chained in the order their transactions ended (platform/audit-chain.ts). */
    xact: bigint('xact', { mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text::bigint)`),
  },
  (t) => [
    index('care_audit_xact').on(t.xact, t.id),
    index('care_audit_resident').on(t.residentId, t.at),
    index('care_audit_owner').on(t.ownerOrganisationId, t.at),
    index('care_audit_actor').on(t.actorId, t.at),
    index('care_audit_at').on(t.at),
  ],
);
