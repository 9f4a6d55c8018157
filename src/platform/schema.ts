import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, customType, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { ts } from './db/columns.js';

/** Organisation types are data (reception centre, CSM, NGO…), named per locale. */
export const organisationTypes = pgTable('organisation_types', {
  code: text('code').primaryKey(),
  names: jsonb('names').$type<Record<string, string>>().notNull(),
  sort: integer('sort').notNull().default(0),
});

export const regions = pgTable(
  'regions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    country: text('country').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
  },
  (t) => [unique('regions_country_code').on(t.country, t.code)],
);

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    typeCode: text('type_code')
      .notNull()
      .references(() => organisationTypes.code),
    country: text('country').notNull(),
    regionId: uuid('region_id').references(() => regions.id),
    website: text('website'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('organisations_name').on(t.name)],
);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  emailVerifiedAt: ts('email_verified_at'),
  passwordHash: text('password_hash'),
  name: text('name').notNull().default(''),
  locale: text('locale'),
  country: text('country'),
  profession: text('profession'),
  /** Optional, self-described in the profile (see GENDERS); training reports count by it. */
  gender: text('gender'),
  status: text('status', { enum: ['active', 'disabled'] })
    .notNull()
    .default('active'),
  totpSecret: text('totp_secret'),
  totpEnabledAt: ts('totp_enabled_at'),
  /** The last accepted TOTP time step: a code is accepted once per step. */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: ts('used_at'),
    /** Made as 120-bit codes; false for the 40-bit codes of earlier versions (migration 0033), which the owner is asked to replace. */
    strong: boolean('strong').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/**
 * Security keys and passkeys (WebAuthn) of an account: a second factor that a phishing site cannot relay (ASVS
 * 2.2.4). The private key never leaves the authenticator; Ponte keeps the public key (COSE, base64url) and the
 * authenticator's signature counter.
 */
export const securityKeys = pgTable(
  'security_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The credential id the authenticator chose, base64url. */
    credentialId: text('credential_id').notNull().unique(),
    publicKey: text('public_key').notNull(),
    signCount: bigint('sign_count', { mode: 'number' }).notNull().default(0),
    transports: text('transports').array().notNull().default(sql`'{}'::text[]`),
    name: text('name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [index('security_keys_user').on(t.userId)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the session token; the token itself is only in the cookie. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** 'mfa' while the second factor is still owed; 'full' once signed in. */
    stage: text('stage', { enum: ['mfa', 'full'] }).notNull(),
    userAgent: text('user_agent').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    /** null: the role holds across the whole instance. */
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('role_assignments_unique').on(t.userId, t.role, t.organisationId).nullsNotDistinct(), index('role_assignments_org').on(t.organisationId)],
);

export const rolePolicies = pgTable('role_policies', {
  role: text('role').primaryKey(),
  requireTotp: boolean('require_totp').notNull().default(false),
  /** The role signs in with a security key (WebAuthn), not with a code from an app (ASVS 2.2.4 at level 3). */
  requireSecurityKey: boolean('require_security_key').notNull().default(false),
});

/** The one WebAuthn challenge a session has open (adding a key, or signing in with one); used once, short-lived. */
export const securityKeyChallenges = pgTable('security_key_challenges', {
  sessionId: text('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  purpose: text('purpose', { enum: ['register', 'authenticate'] }).notNull(),
  challenge: text('challenge').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

export const emailTokens = pgTable(
  'email_tokens',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['verify', 'reset', 'change-email'] }).notNull(),
    newEmail: text('new_email'),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('email_tokens_user').on(t.userId)],
);

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    /**
     * queued → sending (SMTP transaction open) → ending (recorded just before the end-of-data mark) → sent; held
     * when no SMTP is configured; uncertain when a sender died, or the connection broke, after the mark.
     */
    status: text('status', { enum: ['queued', 'sending', 'ending', 'sent', 'held', 'failed', 'uncertain'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    messageId: text('message_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** When a sender claimed the message; a claim older than the lease means the sender died. */
    claimedAt: ts('claimed_at'),
    sentAt: ts('sent_at'),
  },
  (t) => [index('mail_outbox_status').on(t.status, t.createdAt)],
);

/** Append-only (a trigger refuses UPDATE and DELETE). Holds ids, never names, e-mails or clinical content. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    outcome: text('outcome', { enum: ['success', 'failure', 'denied'] }).notNull(),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** The writing transaction's id: entries are chained in the order their transactions ended (audit-chain.ts). */
    xact: bigint('xact', { mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text::bigint)`),
  },
  (t) => [index('audit_events_at').on(t.at), index('audit_events_actor').on(t.actorId), index('audit_events_action').on(t.action), index('audit_events_xact').on(t.xact, t.id)],
);

/**
 * The hash chain over the audit trails (platform/audit-chain.ts): one row per sealed entry, in order, each
 * hash covering the entry and the previous hash. Append-only, like the trails themselves.
 */
export const auditChain = pgTable(
  'audit_chain',
  {
    /** Which trail: 'audit' (audit_events) or 'care' (care_audit). */
    chain: text('chain').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    rowId: bigint('row_id', { mode: 'number' }).notNull(),
    xact: bigint('xact', { mode: 'number' }).notNull(),
    /** SHA-256 (hex) of the previous hash and the entry's canonical JSON. */
    hash: text('hash').notNull(),
    sealedAt: ts('sealed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.chain, t.seq] }), unique('audit_chain_row').on(t.chain, t.rowId)],
);

/** Fixed-window counters shared by every web node (rate limits must hold across nodes). */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: ts('window_start').notNull(),
  hits: integer('hits').notNull(),
});

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The site-wide search index: one row per item and language, written by the module that owns the item
 * whenever it changes (platform/search.ts). Only what the public may see is indexed.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    type: text('type').notNull(),
    refId: text('ref_id').notNull(),
    locale: text('locale').notNull(),
    /** The text-search configuration of the row's language (english, italian, …). */
    config: text('config').notNull(),
    projectId: uuid('project_id'),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    body: text('body').notNull().default(''),
    url: text('url').notNull(),
    tsv: tsvector('tsv').notNull(),
    /** Title (weight A) and summary (B) alone: what ranks a match, small enough to stay in the row (see the migration 0035). */
    tsvHead: tsvector('tsv_head').notNull(),
    publishedAt: ts('published_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.type, t.refId, t.locale] }),
    index('search_documents_tsv').using('gin', t.tsv),
  ],
);

/**
 * Every word of the indexed text (lower-cased, accents folded), for correcting a misspelt query: a word the index does
 * not know is replaced by the closest one here (trigram similarity), a small table where the trigram index is cheap.
 * Words are added as items are indexed; the ones no item holds any more are removed daily (pruneSearchWords).
 */
export const searchWords = pgTable('search_words', { word: text('word').primaryKey() }, (t) => [index('search_words_trgm').using('gin', sql`${t.word} gin_trgm_ops`)]);

/** An uploaded file: its bytes live in STORAGE under `key` (content-addressed), its metadata here. */
export const storedFiles = pgTable('stored_files', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Storage key: the SHA-256 of the content, so identical uploads share their bytes. */
  key: text('key').notNull(),
  /** The file name offered on download (sanitised). */
  name: text('name').notNull(),
  contentType: text('content_type').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}, (t) => [index('stored_files_created_by').on(t.createdBy)]);

/**
 * The history of editable content: one row per saved state of an item's text in one language, or of its
 * language-independent settings (locale null). Every module's content shares it, keyed by item type and id
 * (platform/revisions.ts); `number` counts from 1 per item and language.
 */
export const contentRevisions = pgTable(
  'content_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemType: text('item_type').notNull(),
    itemId: uuid('item_id').notNull(),
    locale: text('locale'),
    number: integer('number').notNull(),
    /** created, edited, restored (from `restored_from`), or earlier: the state found before history was kept. */
    action: text('action', { enum: ['created', 'edited', 'restored', 'earlier'] }).notNull(),
    restoredFrom: integer('restored_from'),
    /** The saved fields, as they were after this save. */
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
    /** Which fields differ from the previous state. */
    changed: text('changed').array().notNull().default([]),
    /** For a text: the source revision it matched (see platform/translations.ts), so a restore keeps out-of-date marks true. */
    sourceRevision: integer('source_revision'),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [unique('content_revisions_number').on(t.itemType, t.itemId, t.locale, t.number).nullsNotDistinct()],
);

/**
 * One row: a number that rises in the same transaction as every change to public content, so that each web
 * node's page cache (platform/http/page-cache.ts) learns within a poll interval that its pages are stale.
 */
export const contentVersion = pgTable(
  'content_version',
  {
    id: smallint('id').primaryKey().default(1),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [check('content_version_single_row', sql`${t.id} = 1`)],
);

/**
 * One row: a number that PostgreSQL raises (triggers, migration 0028) whenever something a signed-in request
 * relies on changes — a session ended or changed stage, an account's status, e-mail, name, language or second
 * factor, a role or a role's policy — so that each web node's session cache (platform/identity/sessions.ts)
 * learns within a poll interval that what it keeps may be stale.
 */
export const sessionVersion = pgTable(
  'session_version',
  {
    id: smallint('id').primaryKey().default(1),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [check('session_version_single_row', sql`${t.id} = 1`)],
);

/**
 * Page views of public items per day, counted on the server without cookies, addresses or user agents
 * (platform/page-views.ts). Item ids are not foreign keys: several modules' items are counted here.
 */
export const pageViews = pgTable(
  'page_views',
  {
    itemType: text('item_type').notNull(),
    itemId: uuid('item_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    views: bigint('views', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemType, t.itemId, t.day] })],
);
