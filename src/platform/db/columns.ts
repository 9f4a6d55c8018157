import { integer, timestamp } from 'drizzle-orm/pg-core';

/** A point in time, with its time zone, read as a Date. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Revision columns of a translation row (see platform/translations.ts). */
export const revisions = () => ({
  revision: integer('revision').notNull().default(1),
  sourceRevision: integer('source_revision').notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
