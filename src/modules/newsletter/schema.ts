import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../platform/db/columns.js';


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

/** Campaigns: an issue of the newsletter, with a version per language, items picked from the portal, and a segment. */
export const campaigns = pgTable('newsletter_campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The address of the issue in the public archive once sent. */
  slug: text('slug').notNull().unique(),
  status: text('status', { enum: ['draft', 'scheduled', 'sending', 'sent'] })
    .notNull()
    .default('draft'),
  sourceLocale: text('source_locale').notNull(),
  /** Who receives it: active subscribers matching every non-empty list. */
  segment: jsonb('segment').$type<Segment>().notNull().default({}),
  sendAt: ts('send_at'),
  /** Count clicks on the items' links (off unless an editor turns it on; anonymous: counts per link only). */
  countClicks: boolean('count_clicks').notNull().default(false),
  startedAt: ts('started_at'),
  finishedAt: ts('finished_at'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export interface Segment {
  languages?: string[];
  projects?: string[];
  topics?: string[];
  countries?: string[];
  professions?: string[];
}

export const campaignTexts = pgTable(
  'newsletter_campaign_texts',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    subject: text('subject').notNull(),
    /** Markdown, before the items. */
    intro: text('intro').notNull().default(''),
    revision: integer('revision').notNull().default(1),
    sourceRevision: integer('source_revision').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.locale] })],
);

export const ITEM_KINDS = ['news', 'document', 'event'] as const;
export const isItemKind = (x: unknown): x is (typeof ITEM_KINDS)[number] => (ITEM_KINDS as readonly unknown[]).includes(x);

/** Items of an issue: portal content by kind and address, rendered in each version's language when it is sent. */
export const campaignItems = pgTable(
  'newsletter_campaign_items',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ITEM_KINDS }).notNull(),
    slug: text('slug').notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.kind, t.slug] })],
);

/**
 * Clicks on an issue's item links, when the issue counts them: a number per link, nothing about who clicked
 * (the link is the same for every recipient of the issue).
 */
export const linkClicks = pgTable(
  'newsletter_link_clicks',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ITEM_KINDS }).notNull(),
    slug: text('slug').notNull(),
    clicks: integer('clicks').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.kind, t.slug] })],
);

/**
 * One row per recipient of a campaign, written when sending starts. A sender reserves rows in batches
 * (`claimed`, the claim's time being its token), marks each `ending` just before the end-of-data mark that hands
 * the message over, and `sent` after the server's answer. After a crash, rows still `claimed` go back to the queue
 * (the server never took them), and rows still `ending` become `uncertain` and are never sent again, so nobody
 * gets a second copy (docs/decisions/0013).
 */
export const deliveries = pgTable(
  'newsletter_deliveries',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    subscriberId: uuid('subscriber_id')
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    /** The language the subscriber asked for (the issue falls back, noted, when it has no such version). */
    locale: text('locale').notNull(),
    status: text('status', { enum: ['queued', 'claimed', 'ending', 'sent', 'failed', 'uncertain'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** When a failed attempt may be retried. */
    retryAt: ts('retry_at'),
    /** The SMTP reply of the last failure (no personal data). */
    lastError: text('last_error'),
    /** When a sender claimed the row; a claim older than the lease means the sender died mid-send. */
    claimedAt: ts('claimed_at'),
    sentAt: ts('sent_at'),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.subscriberId] }), index('newsletter_deliveries_queue').on(t.campaignId, t.status)],
);
