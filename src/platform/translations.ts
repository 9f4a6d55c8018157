import { DEFAULT_LOCALE, type Locale } from './i18n/index.js';

/**
 * Content is translated per item. Each translation row carries:
 * - `revision`: on the source language's row, bumped whenever its text changes;
 * - `sourceRevision`: on every other row, the source revision it was translated from.
 * A translation is out of date when the source has moved on since.
 */
export interface TranslationRow {
  locale: string;
  revision: number;
  sourceRevision: number;
}

export interface Picked<T> {
  value: T;
  /** The language of the text shown. */
  locale: string;
  /** True when the reader's language was missing and another one is shown. */
  fallback: boolean;
  /** True when the text shown is a translation older than its source. */
  outOfDate: boolean;
}

/** The reader's language, else English, else the source language, else any. */
export function pickTranslation<T extends TranslationRow>(rows: T[], want: Locale, sourceLocale: string): Picked<T> | null {
  if (!rows.length) return null;
  const by = new Map(rows.map((r) => [r.locale, r]));
  const value = by.get(want) ?? by.get(DEFAULT_LOCALE) ?? by.get(sourceLocale) ?? rows[0]!;
  return { value, locale: value.locale, fallback: value.locale !== want, outOfDate: isOutOfDate(value, by.get(sourceLocale), sourceLocale) };
}

export function isOutOfDate(row: TranslationRow, source: TranslationRow | undefined, sourceLocale: string): boolean {
  return row.locale !== sourceLocale && !!source && row.sourceRevision < source.revision;
}

/**
 * The revision fields for saving a translation: the source row gets a new revision when its text changed;
 * another language records the source revision it now matches. A translation restored from its history
 * matches only the source revision it was made from (`translatedFrom`), so it stays out of date if the
 * source has moved on since.
 */
export function nextRevision(opts: { locale: string; sourceLocale: string; previous?: TranslationRow & { text: string }; text: string; sourceRevision: number; translatedFrom?: number | null }): { revision: number; sourceRevision: number } {
  if (opts.locale === opts.sourceLocale) {
    const changed = !opts.previous || opts.previous.text !== opts.text;
    const revision = (opts.previous?.revision ?? 0) + (changed ? 1 : 0);
    return { revision, sourceRevision: revision };
  }
  return { revision: (opts.previous?.revision ?? 0) + 1, sourceRevision: Math.min(opts.sourceRevision, opts.translatedFrom ?? opts.sourceRevision) };
}

/** The revision fields for saving `locale` of an item whose translation rows are `rows`; `text` joins its fields. */
export function revisionFor<T extends TranslationRow>(rows: T[], sourceLocale: string, locale: string, text: (row: T) => string, newText: string, opts: { translatedFrom?: number | null } = {}) {
  const previous = rows.find((r) => r.locale === locale);
  const source = rows.find((r) => r.locale === sourceLocale);
  return nextRevision({ locale, sourceLocale, previous: previous && { ...previous, text: text(previous) }, text: newText, sourceRevision: source?.revision ?? 1, translatedFrom: opts.translatedFrom });
}
