import { bigint, boolean, customType, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../platform/db/columns.js';
import { users } from '../../platform/schema.js';

/**
 * The xAPI 1.0.3 learning record store (docs/xapi.md). Statements are kept as the JSON the LRS returns
 * (`statement`, with id, stored, authority and version filled in), next to the columns every query filter
 * needs; documents (state, activity profile, agent profile) as bytes with their content type and SHA-1 ETag;
 * the clients that may call `/xapi/` with HTTP Basic credentials issued by administrators.
 */

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** A client of the LRS (an authoring tool, a SCORM/cmi5 player, another LRS): its Basic credentials and scopes. */
export const xapiClients = pgTable('xapi_clients', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** The Basic user name: random, public. */
  key: text('key').notNull().unique(),
  /** SHA-256 of the secret (256 random bits: a slow hash adds nothing); the secret is shown once. */
  secretHash: text('secret_hash').notNull(),
  canRead: boolean('can_read').notNull().default(true),
  canWrite: boolean('can_write').notNull().default(true),
  /** The Agent or Group set as `authority` on the statements this client stores. */
  authority: jsonb('authority').$type<Record<string, unknown>>().notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});

export const xapiStatements = pgTable(
  'xapi_statements',
  {
    /** Order of storing, which is also commit order (statements are stored under one advisory lock). */
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    id: uuid('id').notNull().unique(),
    /** The statement as returned (format=exact), with stored, authority and version set by the LRS. */
    statement: jsonb('statement').$type<Record<string, unknown>>().notNull(),
    /** Strictly increasing, millisecond precision (what `since` and `until` compare). */
    stored: timestamp('stored', { withTimezone: true, mode: 'string', precision: 3 }).notNull(),
    verbId: text('verb_id').notNull(),
    /** Canonical inverse functional identifier of the actor (see ifiKey). */
    actor: text('actor').notNull(),
    /** The object's IFI when it is an Agent or identified Group. */
    objectAgent: text('object_agent'),
    objectActivity: text('object_activity'),
    /** The statement a StatementRef object targets (voiding and other references). */
    objectStatement: uuid('object_statement'),
    registration: uuid('registration'),
    /** Every agent the statement mentions (actor, object, authority, team, instructor, group members, sub-statement): related_agents. */
    agents: text('agents').array().notNull(),
    /** Every activity id it mentions (object, context activities, sub-statement): related_activities. */
    activities: text('activities').array().notNull(),
    voided: boolean('voided').notNull().default(false),
    /** Whether this statement voids another (such statements cannot themselves be voided). */
    voiding: boolean('voiding').notNull().default(false),
  },
  (t) => [
    index('xapi_statements_verb').on(t.verbId, t.seq),
    index('xapi_statements_actor').on(t.actor, t.seq),
    index('xapi_statements_object_agent').on(t.objectAgent, t.seq),
    index('xapi_statements_object_activity').on(t.objectActivity, t.seq),
    index('xapi_statements_object_statement').on(t.objectStatement),
    index('xapi_statements_registration').on(t.registration, t.seq),
    index('xapi_statements_stored').on(t.stored),
    index('xapi_statements_agents').using('gin', t.agents),
    index('xapi_statements_activities').using('gin', t.activities),
  ],
);

/** Attachment bytes, by their SHA-256 (a statement's attachment `sha2`). */
export const xapiAttachments = pgTable('xapi_attachments', {
  sha2: text('sha2').primaryKey(),
  contentType: text('content_type').notNull(),
  length: integer('length').notNull(),
  content: bytea('content').notNull(),
});

export const XAPI_DOCUMENT_KINDS = ['state', 'activity-profile', 'agent-profile'] as const;
export type XapiDocumentKind = (typeof XAPI_DOCUMENT_KINDS)[number];

/** State, activity profile and agent profile documents; absent parts of the key are ''. */
export const xapiDocuments = pgTable(
  'xapi_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<XapiDocumentKind>().notNull(),
    activityId: text('activity_id').notNull().default(''),
    /** Canonical IFI of the agent (state, agent profile). */
    agent: text('agent').notNull().default(''),
    registration: text('registration').notNull().default(''),
    documentId: text('document_id').notNull(),
    contentType: text('content_type').notNull(),
    content: bytea('content').notNull(),
    /** SHA-1 of the content, hex: the ETag. */
    etag: text('etag').notNull(),
    updated: timestamp('updated', { withTimezone: true, mode: 'string', precision: 3 }).notNull(),
  },
  (t) => [unique('xapi_documents_key').on(t.kind, t.activityId, t.agent, t.registration, t.documentId), index('xapi_documents_updated').on(t.kind, t.activityId, t.agent, t.registration, t.updated)],
);

/**
 * The pseudonym under which Ponte's own statements name a person (their account agent's `name`, with the
 * instance's PUBLIC_URL as `homePage`): random, so that neither the e-mail address nor the internal user id
 * leaves the instance. Deleting the account deletes the row, and statements forwarded earlier to another LRS
 * then name nobody Ponte could point to.
 */
export const xapiLearners = pgTable('xapi_learners', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  account: uuid('account').notNull().unique().defaultRandom(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const XAPI_FORWARD_SCOPES = ['own', 'all'] as const;
export type XapiForwardScope = (typeof XAPI_FORWARD_SCOPES)[number];

/**
 * Forwarding to an external LRS (one per instance, id 1): where, with which Basic credentials (the secret sealed
 * with SECRET_KEY, never shown again), what (Ponte's own statements or every statement stored), and how far it
 * got: `cursor` is the `seq` of the last statement delivered, so delivery is at least once and in order.
 */
export const xapiForwarding = pgTable('xapi_forwarding', {
  id: integer('id').primaryKey().default(1),
  endpoint: text('endpoint').notNull(),
  key: text('key').notNull(),
  /** AES-256-GCM under a key derived from SECRET_KEY (platform/auth/crypto.ts seal). */
  secret: text('secret').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  scope: text('scope', { enum: XAPI_FORWARD_SCOPES }).notNull().default('own'),
  cursor: bigint('cursor', { mode: 'number' }).notNull().default(0),
  forwarded: bigint('forwarded', { mode: 'number' }).notNull().default(0),
  /** Statements the external LRS refused one by one (400 and the like): skipped, counted, the last reason kept. */
  rejected: integer('rejected').notNull().default(0),
  lastSuccessAt: ts('last_success_at'),
  lastErrorAt: ts('last_error_at'),
  lastError: text('last_error'),
  /** Failed runs in a row (network errors, 5xx): the next attempt waits longer each time. */
  failures: integer('failures').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at'),
  /** Halted on an answer that repeating cannot fix (401, 403, 404…) until an administrator saves or resumes. */
  halted: boolean('halted').notNull().default(false),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
