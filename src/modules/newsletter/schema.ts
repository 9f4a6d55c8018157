import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** What a subscriber can choose to hear about. */
export const TOPICS = ['news', 'documents', 'events', 'training'] as const;

/**
 * Newsletter subscribers, without accounts. `pending` until the address is confirmed (double opt-in); an
 * unsubscribed, bounced or complained address receives nothing until it confirms again.
 */
export const subscribers = pgTable(
  'newsletter_subscribers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-case. */
    email: text('email').notNull().unique(),
    locale: text('locale').notNull(),
    status: text('status', { enum: ['pending', 'active', 'unsubscribed', 'bounced', 'complained'] }).notNull(),
    /** Project ids whose news the subscriber wants; empty means every project. */
    projects: text('projects').array().notNull().default([]),
    /** Topics the subscriber wants; empty means every topic. */
    topics: text('topics').array().notNull().default([]),
    country: text('country'),
    profession: text('profession'),
    /** Where the subscription came from: `site`, `project:<slug>` or `import`. */
    source: text('source').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    confirmedAt: ts('confirmed_at'),
    unsubscribedAt: ts('unsubscribed_at'),
    /** Last sign of life (confirmation, preference change): inactive subscribers are removed after the retention period. */
    lastActivityAt: ts('last_activity_at').notNull().defaultNow(),
  },
  (t) => [index('newsletter_subscribers_status').on(t.status, t.locale)],
);

/**
 * The consent ledger: one row per consent event, never updated, kept as proof for as long as the subscriber
 * exists (erasure removes it with the subscriber). It records the exact consent text shown, in its version
 * and language, where it was given, and from which address.
 */
export const consentEvents = pgTable(
  'newsletter_consent_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subscriberId: uuid('subscriber_id')
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['signup', 'confirm', 'preferences', 'withdraw', 'import'] }).notNull(),
    at: ts('at').notNull().defaultNow(),
    ip: text('ip'),
    /** For sign-up and import: the consent text exactly as shown, its version and language. */
    consentText: text('consent_text'),
    consentVersion: text('consent_version'),
    consentLocale: text('consent_locale'),
    /** The form and page where it happened, e.g. `site` and `/newsletter`. */
    form: text('form'),
    page: text('page'),
    /** For withdrawals: one-click (RFC 8058 POST), link, preferences, mailto, bounce, complaint, administrator. */
    channel: text('channel'),
    /** What changed, for preference events: languages, projects, topics. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('newsletter_consent_events_subscriber').on(t.subscriberId, t.at)],
);
