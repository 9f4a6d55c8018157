import { sql } from 'drizzle-orm';
import { boolean, customType, date, index, integer, jsonb, numeric, pgTable, text, time, unique, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../platform/db/columns.js';
import { organisations, regions, users } from '../../platform/schema.js';

/**
 * The directory of services, modelled on Open Referral HSDS 3.0 (organization, service, location,
 * service_at_location, phone, schedule), with Ponte's extensions: service type and needs from data, how
 * referrals are accepted, waiting time, catchment area and the interpreting or mediation languages offered.
 * Entries are written in their own language by the people who run them: they carry no translations.
 */

/** HSDS service status. */
export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** HSDS phone types. */
export const PHONE_TYPES = ['voice', 'fax', 'text', 'cell', 'video', 'pager', 'textphone'] as const;

/** RFC 5545 weekday codes, Sunday first as in `extract(dow …)`. */
export const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const int4multirange = customType<{ data: string }>({ dataType: () => 'int4multirange' });

/** Kinds of service (community mental-health centre, legal aid…): data, named per UI language. */
export const serviceTypes = pgTable('directory_service_types', {
  code: text('code').primaryKey(),
  names: jsonb('names').$type<Record<string, string>>().notNull(),
  sort: integer('sort').notNull().default(0),
});

/** What a person may need (psychiatric assessment, trauma-focused therapy…): the search's main filter, data too. */
export const needs = pgTable('directory_needs', {
  code: text('code').primaryKey(),
  names: jsonb('names').$type<Record<string, string>>().notNull(),
  sort: integer('sort').notNull().default(0),
});

export const directoryOrganizations = pgTable(
  'directory_organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    alternateName: text('alternate_name'),
    description: text('description').notNull().default(''),
    email: text('email'),
    website: text('website'),
    legalStatus: text('legal_status'),
    /** The member organisation (platform organisations) that runs it, when it has joined Ponte. */
    memberOrganisationId: uuid('member_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    /** Where verification requests go, and how often (days) the entries must be confirmed; null: never asked. */
    verificationEmail: text('verification_email'),
    verifyEveryDays: integer('verify_every_days'),
    verificationRequestedAt: ts('verification_requested_at'),
    /** Fictional entries of the demo content. */
    demo: boolean('demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('directory_organizations_name').on(t.name)],
);

export const directoryLocations = pgTable(
  'directory_locations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => directoryOrganizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    address: text('address').notNull(),
    /** The municipality, as written locally. */
    city: text('city').notNull(),
    postalCode: text('postal_code').notNull().default(''),
    regionId: uuid('region_id').references(() => regions.id),
    country: text('country').notNull(),
    latitude: numeric('latitude', { precision: 9, scale: 6, mode: 'number' }),
    longitude: numeric('longitude', { precision: 9, scale: 6, mode: 'number' }),
    /** HSDS accessibility description (step-free access, hearing loop…). */
    accessibility: text('accessibility').notNull().default(''),
    transportation: text('transportation').notNull().default(''),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('directory_locations_organization').on(t.organizationId), index('directory_locations_place').on(t.regionId, sql`lower(${t.city})`)],
);

export const directoryServices = pgTable(
  'directory_services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => directoryOrganizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    alternateName: text('alternate_name'),
    description: text('description').notNull().default(''),
    url: text('url'),
    email: text('email'),
    status: text('status', { enum: SERVICE_STATUSES }).notNull().default('active'),
    typeCode: text('type_code')
      .notNull()
      .references(() => serviceTypes.code),
    needs: text('needs').array().notNull().default([]),
    /** HSDS `languages`: languages the staff speak (BCP 47 codes). */
    staffLanguages: text('staff_languages').array().notNull().default([]),
    /** Languages in which the service can provide interpreting or cultural mediation (Ponte's extension). */
    mediationLanguages: text('mediation_languages').array().notNull().default([]),
    acceptsReferrals: boolean('accepts_referrals').notNull().default(false),
    /** How referrals reach it (Ponte's referral, e-mail, phone, a form…), in words. */
    referralMethod: text('referral_method').notNull().default(''),
    /** Typical days between referral and first appointment. */
    waitingDays: integer('waiting_days'),
    catchmentArea: text('catchment_area').notNull().default(''),
    eligibility: text('eligibility').notNull().default(''),
    applicationProcess: text('application_process').notNull().default(''),
    feesDescription: text('fees_description').notNull().default(''),
    minimumAge: integer('minimum_age'),
    maximumAge: integer('maximum_age'),
    /** HSDS assured_date: when the entry was last confirmed as true, and by whom (an e-mail address). */
    lastVerifiedAt: ts('last_verified_at'),
    assurerEmail: text('assurer_email'),
    /** Unaccented name, alternate name, description and organisation name ('simple' configuration), kept by a trigger. */
    searchText: tsvector('search_text').notNull().default(sql`''::tsvector`),
    /**
     * Where it is offered, as keys the search filters on with one GIN condition: each place's region id, "city:"
     * and its lower-cased municipality, and region id ":" municipality. Kept by triggers on its places.
     */
    placeKeys: text('place_keys').array().notNull().default([]),
    /**
     * When it is open by its regular hours (schedules without dates), as seconds of the week from Sunday 00:00 in
     * `openZone`, so that "open now" is one containment test; `openOther`: it also has schedules the week cannot
     * hold (with dates, or in another time zone), which are checked row by row. Kept by triggers on its schedules
     * (migration 0022).
     */
    openZone: text('open_zone'),
    openWeek: int4multirange('open_week').notNull().default(sql`'{}'::int4multirange`),
    openOther: boolean('open_other').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('directory_services_organization').on(t.organizationId),
    index('directory_services_needs').using('gin', t.needs),
    index('directory_services_mediation').using('gin', t.mediationLanguages),
    index('directory_services_staff').using('gin', t.staffLanguages),
    index('directory_services_search').using('gin', t.searchText),
    index('directory_services_name').on(sql`lower(${t.name})`, t.id),
    index('directory_services_places').using('gin', t.placeKeys),
    index('directory_services_type').on(t.typeCode),
    // Counts by status alone (the unfiltered search) read this narrow index instead of the wide table.
    index('directory_services_status').on(t.status, t.id),
  ],
);

export const serviceAtLocations = pgTable(
  'directory_service_at_locations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => directoryServices.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => directoryLocations.id, { onDelete: 'cascade' }),
    description: text('description').notNull().default(''),
  },
  (t) => [unique('directory_service_at_locations_pair').on(t.serviceId, t.locationId), index('directory_service_at_locations_location').on(t.locationId)],
);

/** A phone number of an organisation, a service or a location (exactly one of them). */
export const directoryPhones = pgTable(
  'directory_phones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => directoryOrganizations.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id').references(() => directoryServices.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id').references(() => directoryLocations.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    type: text('type', { enum: PHONE_TYPES }).notNull().default('voice'),
    description: text('description').notNull().default(''),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [index('directory_phones_service').on(t.serviceId), index('directory_phones_organization').on(t.organizationId), index('directory_phones_location').on(t.locationId)],
);

/**
 * Opening hours as an RFC 5545 weekly recurrence (HSDS schedule: freq WEEKLY, byday, opens_at, closes_at),
 * in the time zone of the place, optionally valid only between two dates.
 */
export const directorySchedules = pgTable(
  'directory_schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => directoryServices.id, { onDelete: 'cascade' }),
    byday: text('byday').array().notNull(),
    opensAt: time('opens_at').notNull(),
    closesAt: time('closes_at').notNull(),
    timeZone: text('time_zone').notNull(),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    description: text('description').notNull().default(''),
  },
  (t) => [index('directory_schedules_service').on(t.serviceId)],
);

/** A verification request e-mailed to an organisation: a one-time link, kept hashed. */
export const verificationRequests = pgTable(
  'directory_verification_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => directoryOrganizations.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    sentTo: text('sent_to').notNull(),
    sentAt: ts('sent_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    /** confirmed: every entry still true; proposed: changes were proposed for review. */
    answer: text('answer', { enum: ['confirmed', 'proposed'] }),
    answeredAt: ts('answered_at'),
  },
  (t) => [index('directory_verification_requests_organization').on(t.organizationId, t.sentAt)],
);

/** A service's own phone number, as its form edits it. */
export interface PhoneField {
  type: (typeof PHONE_TYPES)[number];
  number: string;
  description: string;
}

/** One opening interval on one weekday ("HH:MM", local time of the place). */
export interface HoursField {
  day: Weekday;
  opens: string;
  closes: string;
}

/**
 * The fields of a service that a proposal may change (and that the history keeps). Phones and hours live in
 * their own tables; absent, a save leaves them as they are (the HSDS import writes those tables itself).
 * Hours cover the regular weekly opening only: schedules limited to dates, or described, are kept apart.
 */
export type ServiceFields = {
  name: string;
  alternateName: string | null;
  description: string;
  url: string | null;
  email: string | null;
  status: ServiceStatus;
  typeCode: string;
  needs: string[];
  staffLanguages: string[];
  mediationLanguages: string[];
  acceptsReferrals: boolean;
  referralMethod: string;
  waitingDays: number | null;
  catchmentArea: string;
  eligibility: string;
  applicationProcess: string;
  feesDescription: string;
  phones?: PhoneField[];
  hours?: HoursField[];
};

/**
 * A change to a service proposed by a member or through a verification link, published only when a
 * coordinator accepts it. `fields` holds the whole proposed state of the editable fields.
 */
export const changeProposals = pgTable(
  'directory_change_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => directoryServices.id, { onDelete: 'cascade' }),
    fields: jsonb('fields').$type<ServiceFields>().notNull(),
    note: text('note').notNull().default(''),
    proposedBy: uuid('proposed_by').references(() => users.id, { onDelete: 'set null' }),
    /** member: a signed-in member; verification: the organisation, through its verification link. */
    source: text('source', { enum: ['member', 'verification'] }).notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'rejected'] })
      .notNull()
      .default('pending'),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewNote: text('review_note').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
    reviewedAt: ts('reviewed_at'),
  },
  (t) => [index('directory_change_proposals_status').on(t.status, t.createdAt), index('directory_change_proposals_service').on(t.serviceId)],
);
