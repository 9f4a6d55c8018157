import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { contentChanged } from '../../platform/content-version.js';
import { isLocale, type Locale } from '../../platform/i18n/index.js';
import { pickFields, recordRevision, type SavedBy } from '../../platform/revisions.js';
import { organisations, organisationTypes } from '../../platform/schema.js';
import { pickTranslation, revisionFor, type Picked } from '../../platform/translations.js';
import {
  EVIDENCE_LEVELS,
  GUIDELINE_ROLES,
  PATHWAY_STEPS,
  STRENGTHS,
  guidelineChapters,
  guidelineChapterTranslations,
  guidelines,
  guidelineSections,
  guidelineSectionTranslations,
  guidelineTranslations,
  guidelineVersions,
  guidelineVersionTranslations,
  recommendations,
  recommendationTranslations,
  type EvidenceLevel,
  type Strength,
  type VersionStatus,
} from './schema.js';
import { indexRecommendation, unindexVersion, indexPublishedVersion } from './search-index.js';

export type GuidelineRow = typeof guidelines.$inferSelect;
export type VersionRow = typeof guidelineVersions.$inferSelect;
export type ChapterRow = typeof guidelineChapters.$inferSelect;
export type SectionRow = typeof guidelineSections.$inferSelect;
export type RecommendationRow = typeof recommendations.$inferSelect;
export type GuidelineText = typeof guidelineTranslations.$inferSelect;
export type VersionText = typeof guidelineVersionTranslations.$inferSelect;
export type ChapterText = typeof guidelineChapterTranslations.$inferSelect;
export type SectionText = typeof guidelineSectionTranslations.$inferSelect;
export type RecommendationText = typeof recommendationTranslations.$inferSelect;

/**
 * Validation failures come back as values, field name → message key, for the routes to show next to the
 * fields. Keys under `guidelines.errors.` are this module's own; the others are the shared `errors.` keys.
 */
export type Errors = Record<string, string>;
export type Result<T extends object = object> = ({ ok: true } & T) | { ok: false; errors: Errors };
/** This module's own message keys, for the catalogues (the shared `errors.` keys it uses already exist). */
export const ERROR_KEYS = [
  'guidelines.errors.notFound',
  'guidelines.errors.notDraft',
  'guidelines.errors.transition',
  'guidelines.errors.label',
  'guidelines.errors.labelTaken',
  'guidelines.errors.labelLower',
  'guidelines.errors.openVersion',
  'guidelines.errors.noRecommendations',
  'guidelines.errors.emptyParts',
  'guidelines.errors.notEmpty',
  'guidelines.errors.identifier',
  'guidelines.errors.identifierTaken',
  'guidelines.errors.identifierUsed',
  'guidelines.errors.ungraded',
  'guidelines.errors.addressees',
] as const;
const fail = (errors: Errors) => ({ ok: false as const, errors });
const notFound = () => fail({ form: 'guidelines.errors.notFound' });
const frozen = () => fail({ form: 'guidelines.errors.notDraft' });

/** History item types (platform/revisions.ts). */
export const REVISION_TYPES = { guideline: 'guideline', version: 'guideline-version', chapter: 'guideline-chapter', section: 'guideline-section', recommendation: 'guideline-recommendation' } as const;

// ---- Access, cheaply checked by the routes ----------------------------------------------------------

/** Only a draft's structure, attributes and source-language text can change; consultation and published versions are frozen. */
export const canEdit = (v: Pick<VersionRow, 'status'>) => v.status === 'draft';
/**
 * Translating a frozen text is not changing it: other languages may be added or brought up to date while a
 * version is in consultation or published. A superseded version is history and stays as it was.
 */
export const canTranslate = (v: Pick<VersionRow, 'status'>, locale: string, sourceLocale: string) => (locale === sourceLocale ? canEdit(v) : v.status !== 'superseded');
/** Drafts are for editors; every other version (superseded ones too, for the record) is public. */
export const isPublic = (v: Pick<VersionRow, 'status'>) => v.status !== 'draft';
/** Members comment during the public consultation only. */
export const canComment = (v: Pick<VersionRow, 'status'>) => v.status === 'consultation';

/** Allowed status changes; a published version becomes superseded only by publishing its successor. */
export const TRANSITIONS: Record<VersionStatus, readonly VersionStatus[]> = {
  draft: ['consultation', 'published'],
  consultation: ['draft', 'published'],
  published: [],
  superseded: [],
};
export const canTransition = (from: VersionStatus, to: VersionStatus) => TRANSITIONS[from].includes(to);

// ---- Labels, keys and identifiers --------------------------------------------------------------------

export const LABEL = /^(\d{1,3})\.(\d{1,3})$/;
const labelParts = (label: string) => (LABEL.exec(label) ?? [0, 0, 0]).slice(1).map(Number) as [number, number];
/** Orders "1.10" after "1.9". */
export function compareLabels(a: string, b: string): number {
  const [am, an] = labelParts(a);
  const [bm, bn] = labelParts(b);
  return am - bm || an - bn;
}
export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9.-]{0,15}$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** The largest number after the prefix among keys or identifiers ("R12" → 12). */
const maxSuffix = (values: string[], prefix: string) => values.reduce((m, v) => (v.startsWith(prefix) && /^\d+$/.test(v.slice(prefix.length)) ? Math.max(m, Number(v.slice(prefix.length))) : m), 0);

/** The next free recommendation identifier of a guideline ("R23"), counting every version so that a removed one is never reused. */
export async function nextIdentifier(db: DbOrTx, guidelineId: string): Promise<string> {
  const rows = await db.select({ identifier: recommendations.identifier }).from(recommendations).innerJoin(guidelineVersions, eq(guidelineVersions.id, recommendations.versionId)).where(eq(guidelineVersions.guidelineId, guidelineId));
  return `R${maxSuffix(rows.map((r) => r.identifier), 'R') + 1}`;
}

async function nextKey(db: DbOrTx, guidelineId: string, kind: 'chapter' | 'section'): Promise<string> {
  const t = kind === 'chapter' ? guidelineChapters : guidelineSections;
  const rows = await db.select({ key: t.key }).from(t).innerJoin(guidelineVersions, eq(guidelineVersions.id, t.versionId)).where(eq(guidelineVersions.guidelineId, guidelineId));
  const prefix = kind === 'chapter' ? 'C' : 'S';
  return `${prefix}${maxSuffix(rows.map((r) => r.key), prefix) + 1}`;
}

// ---- Texts: validation and saving per language -------------------------------------------------------

const LIMITS = { title: 300, summary: 5000, intro: 10000, changeNote: 5000, statement: 2000, rationale: 10000 } as const;
type TextField = keyof typeof LIMITS;

export interface TextFields {
  guideline: { title: string; summary: string };
  version: { changeNote: string };
  chapter: { title: string; intro: string };
  section: { title: string; intro: string };
  recommendation: { statement: string; rationale: string };
}
export type TextKind = keyof TextFields;
const TEXT_FIELDS: { [K in TextKind]: readonly (keyof TextFields[K] & TextField)[] } = {
  guideline: ['title', 'summary'],
  version: ['changeNote'],
  chapter: ['title', 'intro'],
  section: ['title', 'intro'],
  recommendation: ['statement', 'rationale'],
};
const REQUIRED: Partial<Record<TextField, true>> = { title: true, statement: true, rationale: true };

function checkText<K extends TextKind>(kind: K, text: TextFields[K]): Errors {
  const errors: Errors = {};
  for (const f of TEXT_FIELDS[kind]) {
    const v = (text as Record<string, string>)[f] ?? '';
    if (REQUIRED[f] && !v.trim()) errors[f] = 'errors.required';
    else if (v.length > LIMITS[f]) errors[f] = 'errors.tooLong';
  }
  return errors;
}
const trimText = <K extends TextKind>(kind: K, text: TextFields[K]): TextFields[K] => Object.fromEntries(TEXT_FIELDS[kind].map((f) => [f, ((text as Record<string, string>)[f] ?? '').trim()])) as TextFields[K];
const joined = (fields: readonly string[], row: Record<string, unknown>) => fields.map((f) => String(row[f] ?? '')).join('\u0000');

interface TextRowBase {
  locale: string;
  revision: number;
  sourceRevision: number;
  updatedAt: Date;
}

/** The translation rows of one item. */
async function textRows(db: DbOrTx, kind: TextKind, id: string): Promise<(TextRowBase & Record<string, unknown>)[]> {
  switch (kind) {
    case 'guideline':
      return db.select().from(guidelineTranslations).where(eq(guidelineTranslations.guidelineId, id));
    case 'version':
      return db.select().from(guidelineVersionTranslations).where(eq(guidelineVersionTranslations.versionId, id));
    case 'chapter':
      return db.select().from(guidelineChapterTranslations).where(eq(guidelineChapterTranslations.chapterId, id));
    case 'section':
      return db.select().from(guidelineSectionTranslations).where(eq(guidelineSectionTranslations.sectionId, id));
    case 'recommendation':
      return db.select().from(recommendationTranslations).where(eq(recommendationTranslations.recommendationId, id));
  }
}

async function upsertText(db: DbOrTx, kind: TextKind, id: string, locale: string, text: Record<string, string>, rev: { revision: number; sourceRevision: number }) {
  const values = { locale, ...rev, updatedAt: new Date() };
  const set = { ...text, ...rev, updatedAt: new Date() };
  switch (kind) {
    case 'guideline': {
      const t = guidelineTranslations;
      const v = { guidelineId: id, ...values, title: text.title!, summary: text.summary ?? '' };
      return void (await db.insert(t).values(v).onConflictDoUpdate({ target: [t.guidelineId, t.locale], set }));
    }
    case 'version': {
      const t = guidelineVersionTranslations;
      return void (await db.insert(t).values({ versionId: id, ...values, changeNote: text.changeNote ?? '' }).onConflictDoUpdate({ target: [t.versionId, t.locale], set }));
    }
    case 'chapter': {
      const t = guidelineChapterTranslations;
      return void (await db.insert(t).values({ chapterId: id, ...values, title: text.title!, intro: text.intro ?? '' }).onConflictDoUpdate({ target: [t.chapterId, t.locale], set }));
    }
    case 'section': {
      const t = guidelineSectionTranslations;
      return void (await db.insert(t).values({ sectionId: id, ...values, title: text.title!, intro: text.intro ?? '' }).onConflictDoUpdate({ target: [t.sectionId, t.locale], set }));
    }
    case 'recommendation': {
      const t = recommendationTranslations;
      return void (await db.insert(t).values({ recommendationId: id, ...values, statement: text.statement!, rationale: text.rationale ?? '' }).onConflictDoUpdate({ target: [t.recommendationId, t.locale], set }));
    }
  }
}

/** Writes one language of an item with its revision fields and history (the caller holds the lock and has checked the rules). */
async function writeText<K extends TextKind>(db: DbOrTx, kind: K, id: string, sourceLocale: string, locale: string, text: TextFields[K], by: SavedBy) {
  const fields = TEXT_FIELDS[kind] as readonly string[];
  const rows = await textRows(db, kind, id);
  const rec = text as unknown as Record<string, string>;
  const rev = revisionFor(rows, sourceLocale, locale, (r) => joined(fields, r), joined(fields, rec), { translatedFrom: by.translatedFrom });
  const previous = rows.find((r) => r.locale === locale);
  await upsertText(db, kind, id, locale, rec, rev);
  await recordRevision(db, {
    itemType: REVISION_TYPES[kind],
    itemId: id,
    locale,
    before: previous ? { fields: pickFields(previous, fields), sourceRevision: previous.sourceRevision, at: previous.updatedAt } : null,
    after: { fields: pickFields(rec, fields), sourceRevision: rev.sourceRevision },
    authorId: by.userId,
    restoredFrom: by.restoredFrom,
  });
}

/** The version an item belongs to (null for the guideline itself), locked, with the guideline's source language. */
async function ownerOf(db: DbOrTx, kind: TextKind, id: string): Promise<{ guideline: GuidelineRow; version: VersionRow | null } | null> {
  let versionId: string | null = null;
  let guidelineId: string | null = null;
  if (kind === 'guideline') guidelineId = id;
  else if (kind === 'version') versionId = id;
  else {
    const t = kind === 'chapter' ? guidelineChapters : kind === 'section' ? guidelineSections : recommendations;
    const [row] = await db.select({ versionId: t.versionId }).from(t).where(eq(t.id, id));
    versionId = row?.versionId ?? null;
  }
  if (versionId) {
    const [v] = await db.select().from(guidelineVersions).where(eq(guidelineVersions.id, versionId)).for('update');
    if (!v) return null;
    guidelineId = v.guidelineId;
    const [g] = await db.select().from(guidelines).where(eq(guidelines.id, guidelineId));
    return g ? { guideline: g, version: v } : null;
  }
  if (!guidelineId) return null;
  const [g] = await db.select().from(guidelines).where(eq(guidelines.id, guidelineId)).for('update');
  return g ? { guideline: g, version: null } : null;
}

/**
 * Saves one language of a guideline's title and summary, a version's change note, or a chapter's, section's or
 * recommendation's text. Saving the source language with new text marks the other languages out of date.
 * The source language of a version's content changes in a draft only; other languages follow `canTranslate`.
 */
export async function saveTranslation<K extends TextKind>(db: DbOrTx, kind: K, id: string, locale: string, text: TextFields[K], by: SavedBy = { userId: null }): Promise<Result> {
  if (!isLocale(locale)) return fail({ locale: 'errors.choose' });
  const clean = trimText(kind, text);
  const errors = checkText(kind, clean);
  if (Object.keys(errors).length) return fail(errors);
  return db.transaction(async (tx) => {
    const owner = await ownerOf(tx, kind, id);
    if (!owner) return notFound();
    const { guideline, version } = owner;
    if (version && !canTranslate(version, locale, guideline.sourceLocale)) return frozen();
    await writeText(tx, kind, id, guideline.sourceLocale, locale, clean, by);
    if (version) await tx.update(guidelineVersions).set({ updatedAt: new Date() }).where(eq(guidelineVersions.id, version.id));
    else await tx.update(guidelines).set({ updatedAt: new Date() }).where(eq(guidelines.id, guideline.id));
    // Search shows the published version: keep it true when its texts (or the guideline's title) change.
    if (kind === 'recommendation' && version?.status === 'published') await indexRecommendation(tx, id);
    if (kind === 'guideline') await indexPublishedVersion(tx, guideline.id);
    await contentChanged(tx);
    return { ok: true as const };
  });
}

// ---- Guidelines ----------------------------------------------------------------------------------------

export interface GuidelineInput {
  slug: string;
  sourceLocale: string;
  organisationId: string | null;
  title: string;
  summary: string;
}

export async function createGuideline(db: DbOrTx, input: GuidelineInput, by: SavedBy = { userId: null }): Promise<Result<{ id: string }>> {
  const errors: Errors = {};
  const slug = input.slug.trim();
  if (!SLUG.test(slug)) errors.slug = 'errors.slug';
  if (!isLocale(input.sourceLocale)) errors.sourceLocale = 'errors.choose';
  const text = trimText('guideline', { title: input.title, summary: input.summary });
  Object.assign(errors, checkText('guideline', text));
  return db.transaction(async (tx) => {
    if (!errors.slug && (await tx.select({ id: guidelines.id }).from(guidelines).where(eq(guidelines.slug, slug))).length) errors.slug = 'errors.slugTaken';
    if (input.organisationId && !(await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, input.organisationId))).length) errors.organisationId = 'errors.choose';
    if (Object.keys(errors).length) return fail(errors);
    const [g] = await tx.insert(guidelines).values({ slug, sourceLocale: input.sourceLocale, organisationId: input.organisationId }).returning();
    await writeText(tx, 'guideline', g!.id, g!.sourceLocale, g!.sourceLocale, text, by);
    await contentChanged(tx);
    return { ok: true as const, id: g!.id };
  });
}

/** Changes the issuing organisation (named in citations). */
export async function setGuidelineOrganisation(db: DbOrTx, id: string, organisationId: string | null): Promise<Result> {
  if (organisationId && !(await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId))).length) return fail({ organisationId: 'errors.choose' });
  const rows = await db.update(guidelines).set({ organisationId, updatedAt: new Date() }).where(eq(guidelines.id, id)).returning({ id: guidelines.id });
  if (!rows.length) return notFound();
  await contentChanged(db);
  return { ok: true };
}

export interface GuidelineSettings {
  /** In the guideline's source language. */
  title: string;
  summary: string;
  organisationId: string | null;
}
export type GuidelineSetting = 'title' | 'summary' | 'organisation';

/**
 * Changes what a guideline says about itself after its creation: the title and summary in its source language
 * (saved as a translation, so that the other languages become out of date when they change) and the issuing
 * organisation. The slug and the source language never change: permalinks and citations depend on them.
 * Answers which settings changed (none when the same values come back).
 */
export async function updateGuidelineSettings(db: DbOrTx, id: string, input: GuidelineSettings, by: SavedBy = { userId: null }): Promise<Result<{ changed: GuidelineSetting[] }>> {
  const text = trimText('guideline', { title: input.title, summary: input.summary });
  const errors = checkText('guideline', text);
  return db.transaction(async (tx) => {
    const [g] = await tx.select().from(guidelines).where(eq(guidelines.id, id)).for('update');
    if (!g) return notFound();
    if (input.organisationId && !(await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, input.organisationId))).length) errors.organisationId = 'errors.choose';
    if (Object.keys(errors).length) return fail(errors);
    const [before] = await tx
      .select()
      .from(guidelineTranslations)
      .where(and(eq(guidelineTranslations.guidelineId, id), eq(guidelineTranslations.locale, g.sourceLocale)));
    const changed: GuidelineSetting[] = [];
    if (before?.title !== text.title) changed.push('title');
    if ((before?.summary ?? '') !== text.summary) changed.push('summary');
    if (g.organisationId !== input.organisationId) changed.push('organisation');
    if (changed.includes('title') || changed.includes('summary')) {
      const saved = await saveTranslation(tx, 'guideline', id, g.sourceLocale, text, by);
      if (!saved.ok) return saved;
    }
    if (changed.includes('organisation')) {
      const saved = await setGuidelineOrganisation(tx, id, input.organisationId);
      if (!saved.ok) return saved;
    }
    return { ok: true as const, changed };
  });
}

export async function getGuideline(db: DbOrTx, slug: string) {
  const [g] = await db.select().from(guidelines).where(eq(guidelines.slug, slug));
  return g ?? null;
}

export interface GuidelineListItem {
  id: string;
  slug: string;
  text: Picked<GuidelineText> | null;
  /** The published version, if any. */
  current: { id: string; label: string; publishedAt: Date | null } | null;
  /** The version in the works (draft or consultation), if any. */
  open: { id: string; label: string; status: VersionStatus } | null;
}

/** Every guideline with its current and open versions; `publicOnly` leaves out those with neither a published version nor a consultation. */
export async function listGuidelines(db: DbOrTx, locale: Locale, opts: { publicOnly?: boolean } = {}): Promise<GuidelineListItem[]> {
  const rows = await db.select().from(guidelines).orderBy(asc(guidelines.slug));
  if (!rows.length) return [];
  const ids = rows.map((g) => g.id);
  const texts = await db.select().from(guidelineTranslations).where(inArray(guidelineTranslations.guidelineId, ids));
  const versions = await db.select().from(guidelineVersions).where(and(inArray(guidelineVersions.guidelineId, ids), inArray(guidelineVersions.status, ['draft', 'consultation', 'published'])));
  const items = rows.map((g): GuidelineListItem => {
    const current = versions.find((v) => v.guidelineId === g.id && v.status === 'published');
    const open = versions.find((v) => v.guidelineId === g.id && v.status !== 'published');
    return {
      id: g.id,
      slug: g.slug,
      text: pickTranslation(
        texts.filter((t) => t.guidelineId === g.id),
        locale,
        g.sourceLocale,
      ),
      current: current ? { id: current.id, label: current.label, publishedAt: current.publishedAt } : null,
      open: open ? { id: open.id, label: open.label, status: open.status } : null,
    };
  });
  return opts.publicOnly ? items.filter((i) => i.current || i.open?.status === 'consultation') : items;
}

/** A guideline's versions, newest label first. */
export async function listVersions(db: DbOrTx, guidelineId: string): Promise<VersionRow[]> {
  const rows = await db.select().from(guidelineVersions).where(eq(guidelineVersions.guidelineId, guidelineId));
  return rows.sort((a, b) => compareLabels(b.label, a.label));
}

/** A version by the guideline's slug and the version's label, or the published one with label `current`. */
export async function findVersion(db: DbOrTx, slug: string, label: string): Promise<{ guideline: GuidelineRow; version: VersionRow } | null> {
  const [row] = await db
    .select({ guideline: guidelines, version: guidelineVersions })
    .from(guidelineVersions)
    .innerJoin(guidelines, eq(guidelines.id, guidelineVersions.guidelineId))
    .where(and(eq(guidelines.slug, slug), label === 'current' ? eq(guidelineVersions.status, 'published') : eq(guidelineVersions.label, label)));
  return row ?? null;
}

export async function getVersion(db: DbOrTx, id: string): Promise<VersionRow | null> {
  const [v] = await db.select().from(guidelineVersions).where(eq(guidelineVersions.id, id));
  return v ?? null;
}

// ---- Versions ------------------------------------------------------------------------------------------

export interface VersionInput {
  label: string;
  /** A version of the same guideline to copy (structure, attributes, every translation); null for an empty draft. */
  copyFromId: string | null;
  /** In the guideline's source language. */
  changeNote?: string;
}

/**
 * Opens a new draft, empty or as a copy of another version of the guideline (usually the published one).
 * A copy keeps chapter and section keys, recommendation identifiers and every translation with its revision
 * marks, so that what was out of date stays so. One version at a time is in the works.
 */
export async function createDraftVersion(db: DbOrTx, guidelineId: string, input: VersionInput, by: SavedBy = { userId: null }): Promise<Result<{ id: string }>> {
  const label = input.label.trim();
  if (!LABEL.test(label)) return fail({ label: 'guidelines.errors.label' });
  const note = (input.changeNote ?? '').trim();
  if (note.length > LIMITS.changeNote) return fail({ changeNote: 'errors.tooLong' });
  return db.transaction(async (tx) => {
    const [g] = await tx.select().from(guidelines).where(eq(guidelines.id, guidelineId)).for('update');
    if (!g) return notFound();
    const versions = await tx.select().from(guidelineVersions).where(eq(guidelineVersions.guidelineId, guidelineId));
    if (versions.some((v) => v.status === 'draft' || v.status === 'consultation')) return fail({ form: 'guidelines.errors.openVersion' });
    if (versions.some((v) => v.label === label)) return fail({ label: 'guidelines.errors.labelTaken' });
    if (versions.some((v) => compareLabels(v.label, label) > 0)) return fail({ label: 'guidelines.errors.labelLower' });
    const from = input.copyFromId ? versions.find((v) => v.id === input.copyFromId) : null;
    if (input.copyFromId && !from) return fail({ copyFromId: 'errors.choose' });
    const [v] = await tx.insert(guidelineVersions).values({ guidelineId, label, copiedFromId: from?.id ?? null }).returning();
    if (from) await copyContent(tx, from.id, v!.id);
    if (note) await writeText(tx, 'version', v!.id, g.sourceLocale, g.sourceLocale, { changeNote: note }, by);
    await contentChanged(tx);
    return { ok: true as const, id: v!.id };
  });
}

/** Copies every chapter, section and recommendation of a version, with their translations, into another (bulk inserts). */
export async function copyContent(db: DbOrTx, fromId: string, toId: string) {
  const chapters = await db.select().from(guidelineChapters).where(eq(guidelineChapters.versionId, fromId));
  if (!chapters.length) return;
  const sections = await db.select().from(guidelineSections).where(eq(guidelineSections.versionId, fromId));
  const recs = await db.select().from(recommendations).where(eq(recommendations.versionId, fromId));
  const ids = new Map<string, string>([...chapters, ...sections, ...recs].map((r) => [r.id, randomUUID()]));
  const now = new Date();
  await db.insert(guidelineChapters).values(chapters.map((c) => ({ ...c, id: ids.get(c.id)!, versionId: toId })));
  const chapterTexts = await db.select().from(guidelineChapterTranslations).where(inArray(guidelineChapterTranslations.chapterId, chapters.map((c) => c.id)));
  if (chapterTexts.length) await db.insert(guidelineChapterTranslations).values(chapterTexts.map((t) => ({ ...t, chapterId: ids.get(t.chapterId)!, updatedAt: now })));
  if (sections.length) {
    await db.insert(guidelineSections).values(sections.map((s) => ({ ...s, id: ids.get(s.id)!, versionId: toId, chapterId: ids.get(s.chapterId)! })));
    const sectionTexts = await db.select().from(guidelineSectionTranslations).where(inArray(guidelineSectionTranslations.sectionId, sections.map((s) => s.id)));
    if (sectionTexts.length) await db.insert(guidelineSectionTranslations).values(sectionTexts.map((t) => ({ ...t, sectionId: ids.get(t.sectionId)!, updatedAt: now })));
  }
  if (recs.length) {
    await db.insert(recommendations).values(recs.map((r) => ({ ...r, id: ids.get(r.id)!, versionId: toId, sectionId: ids.get(r.sectionId)! })));
    const recTexts = await db.select().from(recommendationTranslations).where(inArray(recommendationTranslations.recommendationId, recs.map((r) => r.id)));
    if (recTexts.length) await db.insert(recommendationTranslations).values(recTexts.map((t) => ({ ...t, recommendationId: ids.get(t.recommendationId)!, updatedAt: now })));
  }
}

/** A draft can be thrown away; nothing else can. */
export async function deleteDraftVersion(db: DbOrTx, versionId: string): Promise<Result> {
  const rows = await db
    .delete(guidelineVersions)
    .where(and(eq(guidelineVersions.id, versionId), eq(guidelineVersions.status, 'draft')))
    .returning({ id: guidelineVersions.id });
  if (!rows.length) return (await getVersion(db, versionId)) ? frozen() : notFound();
  await contentChanged(db);
  return { ok: true };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export interface StatusOptions {
  /** Consultation: first and last day (YYYY-MM-DD); the start defaults to today. */
  consultationStartsOn?: string;
  consultationEndsOn?: string;
  /** When it happens (tests and imports); now by default. */
  at?: Date;
}

/**
 * Moves a version along its lifecycle: draft → consultation → published (or back from consultation to draft
 * to rework it). Publishing supersedes the previously published version in the same transaction and puts the
 * new one in the site search instead. A version is published only when every chapter has a section, every
 * section a recommendation, and there is at least one recommendation.
 */
export async function setVersionStatus(db: DbOrTx, versionId: string, to: VersionStatus, opts: StatusOptions = {}): Promise<Result> {
  const at = opts.at ?? new Date();
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ guidelineId: guidelineVersions.guidelineId }).from(guidelineVersions).where(eq(guidelineVersions.id, versionId));
    if (!found) return notFound();
    // The guideline's row first: two publications of one guideline take their turn.
    await tx.select({ id: guidelines.id }).from(guidelines).where(eq(guidelines.id, found.guidelineId)).for('update');
    const [v] = await tx.select().from(guidelineVersions).where(eq(guidelineVersions.id, versionId)).for('update');
    if (!v) return notFound();
    if (!canTransition(v.status, to)) return fail({ status: 'guidelines.errors.transition' });
    if (to === 'consultation') {
      const starts = opts.consultationStartsOn ?? at.toISOString().slice(0, 10);
      const ends = opts.consultationEndsOn ?? '';
      const errors: Errors = {};
      if (!validDate(starts)) errors.consultationStartsOn = 'errors.date';
      if (!ends) errors.consultationEndsOn = 'errors.required';
      else if (!validDate(ends)) errors.consultationEndsOn = 'errors.date';
      else if (!errors.consultationStartsOn && ends < starts) errors.consultationEndsOn = 'errors.endBeforeStart';
      if (Object.keys(errors).length) return fail(errors);
      const problems = await publishProblems(tx, v.id);
      if (problems) return fail(problems);
      await tx.update(guidelineVersions).set({ status: 'consultation', consultationStartsOn: starts, consultationEndsOn: ends, updatedAt: at }).where(eq(guidelineVersions.id, v.id));
    } else if (to === 'draft') {
      await tx.update(guidelineVersions).set({ status: 'draft', updatedAt: at }).where(eq(guidelineVersions.id, v.id));
    } else if (to === 'published') {
      const problems = await publishProblems(tx, v.id);
      if (problems) return fail(problems);
      const previous = await tx
        .update(guidelineVersions)
        .set({ status: 'superseded', supersededAt: at, updatedAt: at })
        .where(and(eq(guidelineVersions.guidelineId, v.guidelineId), eq(guidelineVersions.status, 'published')))
        .returning({ id: guidelineVersions.id });
      for (const p of previous) await unindexVersion(tx, p.id);
      await tx.update(guidelineVersions).set({ status: 'published', publishedAt: at, updatedAt: at }).where(eq(guidelineVersions.id, v.id));
      await indexPublishedVersion(tx, v.guidelineId);
    }
    await contentChanged(tx);
    return { ok: true as const };
  });
}

/** What keeps a version from going public: an empty version, chapter or section. */
async function publishProblems(db: DbOrTx, versionId: string): Promise<Errors | null> {
  const chapters = await db.select({ id: guidelineChapters.id }).from(guidelineChapters).where(eq(guidelineChapters.versionId, versionId));
  const sections = await db.select({ id: guidelineSections.id, chapterId: guidelineSections.chapterId }).from(guidelineSections).where(eq(guidelineSections.versionId, versionId));
  const recs = await db.select({ sectionId: recommendations.sectionId }).from(recommendations).where(eq(recommendations.versionId, versionId));
  if (!recs.length) return { form: 'guidelines.errors.noRecommendations' };
  if (chapters.some((c) => !sections.some((s) => s.chapterId === c.id)) || sections.some((s) => !recs.some((r) => r.sectionId === s.id))) return { form: 'guidelines.errors.emptyParts' };
  return null;
}

// ---- Editing a draft: chapters, sections, recommendations -------------------------------------------

/** Locks a draft version for a change of its content; null when it does not exist. */
async function lockVersion(db: DbOrTx, versionId: string) {
  const [v] = await db.select().from(guidelineVersions).where(eq(guidelineVersions.id, versionId)).for('update');
  if (!v) return null;
  const [g] = await db.select().from(guidelines).where(eq(guidelines.id, v.guidelineId));
  return { version: v, guideline: g! };
}

const touch = (db: DbOrTx, versionId: string) => db.update(guidelineVersions).set({ updatedAt: new Date() }).where(eq(guidelineVersions.id, versionId));

/** Places an item at `position` (0-based, clamped) among its siblings, renumbering them. */
async function place(db: DbOrTx, table: typeof guidelineChapters | typeof guidelineSections | typeof recommendations, siblings: { id: string; sort: number }[], id: string, position: number) {
  const others = siblings.filter((s) => s.id !== id).sort((a, b) => a.sort - b.sort);
  const at = Math.max(0, Math.min(Math.trunc(position), others.length));
  const order = [...others.slice(0, at).map((s) => s.id), id, ...others.slice(at).map((s) => s.id)];
  for (const [i, sid] of order.entries()) {
    const was = siblings.find((s) => s.id === sid)?.sort;
    if (was !== i) await db.update(table).set({ sort: i }).where(eq(table.id, sid));
  }
}

export interface PartText {
  title: string;
  intro: string;
}

/** Adds a chapter at the end of a draft (or at `position`), its text in the source language. */
export async function addChapter(db: DbOrTx, versionId: string, text: PartText, opts: { position?: number; by?: SavedBy } = {}): Promise<Result<{ id: string; key: string }>> {
  const clean = trimText('chapter', text);
  const errors = checkText('chapter', clean);
  if (Object.keys(errors).length) return fail(errors);
  return db.transaction(async (tx) => {
    const locked = await lockVersion(tx, versionId);
    if (!locked) return notFound();
    if (!canEdit(locked.version)) return frozen();
    const key = await nextKey(tx, locked.guideline.id, 'chapter');
    const siblings = await tx.select({ id: guidelineChapters.id, sort: guidelineChapters.sort }).from(guidelineChapters).where(eq(guidelineChapters.versionId, versionId));
    const [c] = await tx.insert(guidelineChapters).values({ versionId, key, sort: siblings.length }).returning();
    if (opts.position !== undefined) await place(tx, guidelineChapters, [...siblings, { id: c!.id, sort: siblings.length }], c!.id, opts.position);
    await writeText(tx, 'chapter', c!.id, locked.guideline.sourceLocale, locked.guideline.sourceLocale, clean, opts.by ?? { userId: null });
    await touch(tx, versionId);
    return { ok: true as const, id: c!.id, key };
  });
}

export async function moveChapter(db: DbOrTx, chapterId: string, position: number): Promise<Result> {
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(guidelineChapters).where(eq(guidelineChapters.id, chapterId));
    const locked = c && (await lockVersion(tx, c.versionId));
    if (!c || !locked) return notFound();
    if (!canEdit(locked.version)) return frozen();
    const siblings = await tx.select({ id: guidelineChapters.id, sort: guidelineChapters.sort }).from(guidelineChapters).where(eq(guidelineChapters.versionId, c.versionId));
    await place(tx, guidelineChapters, siblings, chapterId, position);
    await touch(tx, c.versionId);
    return { ok: true as const };
  });
}

/** Removes an empty chapter of a draft (sections must be moved or removed first, so nothing goes by accident). */
export async function removeChapter(db: DbOrTx, chapterId: string): Promise<Result> {
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(guidelineChapters).where(eq(guidelineChapters.id, chapterId));
    const locked = c && (await lockVersion(tx, c.versionId));
    if (!c || !locked) return notFound();
    if (!canEdit(locked.version)) return frozen();
    if ((await tx.select({ id: guidelineSections.id }).from(guidelineSections).where(eq(guidelineSections.chapterId, chapterId)).limit(1)).length) return fail({ form: 'guidelines.errors.notEmpty' });
    await tx.delete(guidelineChapters).where(eq(guidelineChapters.id, chapterId));
    await tx.update(guidelineChapters).set({ sort: sql`${guidelineChapters.sort} - 1` }).where(and(eq(guidelineChapters.versionId, c.versionId), gt(guidelineChapters.sort, c.sort)));
    await touch(tx, c.versionId);
    return { ok: true as const };
  });
}

export async function addSection(db: DbOrTx, chapterId: string, text: PartText, opts: { position?: number; by?: SavedBy } = {}): Promise<Result<{ id: string; key: string }>> {
  const clean = trimText('section', text);
  const errors = checkText('section', clean);
  if (Object.keys(errors).length) return fail(errors);
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(guidelineChapters).where(eq(guidelineChapters.id, chapterId));
    const locked = c && (await lockVersion(tx, c.versionId));
    if (!c || !locked) return notFound();
    if (!canEdit(locked.version)) return frozen();
    const key = await nextKey(tx, locked.guideline.id, 'section');
    const siblings = await tx.select({ id: guidelineSections.id, sort: guidelineSections.sort }).from(guidelineSections).where(eq(guidelineSections.chapterId, chapterId));
    const [s] = await tx.insert(guidelineSections).values({ versionId: c.versionId, chapterId, key, sort: siblings.length }).returning();
    if (opts.position !== undefined) await place(tx, guidelineSections, [...siblings, { id: s!.id, sort: siblings.length }], s!.id, opts.position);
    await writeText(tx, 'section', s!.id, locked.guideline.sourceLocale, locked.guideline.sourceLocale, clean, opts.by ?? { userId: null });
    await touch(tx, c.versionId);
    return { ok: true as const, id: s!.id, key };
  });
}

/** Moves a section within its chapter or to another chapter of the same draft. */
export async function moveSection(db: DbOrTx, sectionId: string, to: { chapterId: string; position: number }): Promise<Result> {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(guidelineSections).where(eq(guidelineSections.id, sectionId));
    const locked = s && (await lockVersion(tx, s.versionId));
    if (!s || !locked) return notFound();
    if (!canEdit(locked.version)) return frozen();
    const [c] = await tx.select().from(guidelineChapters).where(and(eq(guidelineChapters.id, to.chapterId), eq(guidelineChapters.versionId, s.versionId)));
    if (!c) return fail({ chapterId: 'errors.choose' });
    if (c.id !== s.chapterId) {
      await tx.update(guidelineSections).set({ chapterId: c.id, sort: 1_000_000 }).where(eq(guidelineSections.id, sectionId));
      await tx.update(guidelineSections).set({ sort: sql`${guidelineSections.sort} - 1` }).where(and(eq(guidelineSections.chapterId, s.chapterId), gt(guidelineSections.sort, s.sort)));
    }
    const siblings = await tx.select({ id: guidelineSections.id, sort: guidelineSections.sort }).from(guidelineSections).where(eq(guidelineSections.chapterId, c.id));
    await place(tx, guidelineSections, siblings, sectionId, to.position);
    await touch(tx, s.versionId);
    return { ok: true as const };
  });
}

export async function removeSection(db: DbOrTx, sectionId: string): Promise<Result> {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(guidelineSections).where(eq(guidelineSections.id, sectionId));
    const locked = s && (await lockVersion(tx, s.versionId));
    if (!s || !locked) return notFound();
    if (!canEdit(locked.version)) return frozen();
    if ((await tx.select({ id: recommendations.id }).from(recommendations).where(eq(recommendations.sectionId, sectionId)).limit(1)).length) return fail({ form: 'guidelines.errors.notEmpty' });
    await tx.delete(guidelineSections).where(eq(guidelineSections.id, sectionId));
    await tx.update(guidelineSections).set({ sort: sql`${guidelineSections.sort} - 1` }).where(and(eq(guidelineSections.chapterId, s.chapterId), gt(guidelineSections.sort, s.sort)));
    await touch(tx, s.versionId);
    return { ok: true as const };
  });
}

/** What a recommendation says about itself besides its text. */
export interface RecommendationAttributes {
  strength: string;
  /** Null (or empty) for a good practice statement. */
  evidence: string | null;
  roles: string[];
  organisationTypes: string[];
  steps: string[];
}

export interface RecommendationInput extends RecommendationAttributes {
  /** Omitted: the next free one (see nextIdentifier). */
  identifier?: string;
  /** In the guideline's source language. */
  statement: string;
  rationale: string;
}

/** Checks a recommendation's attributes; returns the clean values or the errors. */
async function checkAttributes(db: DbOrTx, a: RecommendationAttributes): Promise<{ errors: Errors; clean: { strength: Strength; evidence: EvidenceLevel | null; roles: string[]; organisationTypes: string[]; steps: string[] } }> {
  const errors: Errors = {};
  const strength = a.strength as Strength;
  if (!STRENGTHS.includes(strength)) errors.strength = 'errors.choose';
  const evidence = (a.evidence || null) as EvidenceLevel | null;
  if (strength === 'good-practice') {
    if (evidence) errors.evidence = 'guidelines.errors.ungraded';
  } else if (!evidence) errors.evidence = 'errors.required';
  else if (!EVIDENCE_LEVELS.includes(evidence)) errors.evidence = 'errors.choose';
  const unique = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
  const roles = unique(a.roles);
  const organisationTypesIn = unique(a.organisationTypes);
  // Kept in the lists' own order, so that equal sets compare equal.
  const steps = PATHWAY_STEPS.filter((s) => a.steps.includes(s));
  if (roles.some((r) => !(GUIDELINE_ROLES as readonly string[]).includes(r))) errors.roles = 'errors.choose';
  if (organisationTypesIn.length) {
    const known = new Set((await db.select({ code: organisationTypes.code }).from(organisationTypes).where(inArray(organisationTypes.code, organisationTypesIn))).map((t) => t.code));
    if (organisationTypesIn.some((t) => !known.has(t))) errors.organisationTypes = 'errors.choose';
  }
  if (!roles.length && !organisationTypesIn.length) errors.roles = 'guidelines.errors.addressees';
  if (a.steps.some((s) => !(PATHWAY_STEPS as readonly string[]).includes(s))) errors.steps = 'errors.choose';
  else if (!steps.length) errors.steps = 'errors.required';
  return { errors, clean: { strength, evidence: strength === 'good-practice' ? null : evidence, roles: GUIDELINE_ROLES.filter((r) => roles.includes(r)), organisationTypes: organisationTypesIn.sort(), steps } };
}

/**
 * Adds a recommendation at the end of a draft's section (or at `position`). Its identifier is new to the
 * guideline: one that any version has used, even a removed recommendation, is refused, so that a citation
 * never comes to mean something else.
 */
export async function addRecommendation(db: DbOrTx, sectionId: string, input: RecommendationInput, opts: { position?: number; by?: SavedBy } = {}): Promise<Result<{ id: string; identifier: string }>> {
  const text = trimText('recommendation', { statement: input.statement, rationale: input.rationale });
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(guidelineSections).where(eq(guidelineSections.id, sectionId));
    const locked = s && (await lockVersion(tx, s.versionId));
    if (!s || !locked) return notFound();
    if (!canEdit(locked.version)) return frozen();
    const { errors, clean } = await checkAttributes(tx, input);
    Object.assign(errors, checkText('recommendation', text));
    let identifier = input.identifier?.trim() || (await nextIdentifier(tx, locked.guideline.id));
    if (!IDENTIFIER.test(identifier)) errors.identifier = 'guidelines.errors.identifier';
    else {
      const used = await tx
        .select({ versionId: recommendations.versionId })
        .from(recommendations)
        .innerJoin(guidelineVersions, eq(guidelineVersions.id, recommendations.versionId))
        .where(and(eq(guidelineVersions.guidelineId, locked.guideline.id), sql`lower(${recommendations.identifier}) = lower(${identifier})`));
      if (used.length) errors.identifier = used.some((u) => u.versionId === s.versionId) ? 'guidelines.errors.identifierTaken' : 'guidelines.errors.identifierUsed';
    }
    if (Object.keys(errors).length) return fail(errors);
    identifier = identifier.toUpperCase();
    const siblings = await tx.select({ id: recommendations.id, sort: recommendations.sort }).from(recommendations).where(eq(recommendations.sectionId, sectionId));
    const [r] = await tx
      .insert(recommendations)
      .values({ versionId: s.versionId, sectionId, identifier, ...clean, sort: siblings.length })
      .returning();
    if (opts.position !== undefined) await place(tx, recommendations, [...siblings, { id: r!.id, sort: siblings.length }], r!.id, opts.position);
    await writeText(tx, 'recommendation', r!.id, locked.guideline.sourceLocale, locked.guideline.sourceLocale, text, opts.by ?? { userId: null });
    await recordRevision(tx, { itemType: REVISION_TYPES.recommendation, itemId: r!.id, locale: null, before: null, after: { fields: clean }, authorId: opts.by?.userId ?? null });
    await touch(tx, s.versionId);
    return { ok: true as const, id: r!.id, identifier };
  });
}

/** Saves a draft recommendation's attributes and its source-language text (other languages: saveTranslation). */
export async function updateRecommendation(db: DbOrTx, id: string, input: RecommendationAttributes & { statement: string; rationale: string }, by: SavedBy = { userId: null }): Promise<Result> {
  const text = trimText('recommendation', { statement: input.statement, rationale: input.rationale });
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(recommendations).where(eq(recommendations.id, id));
    const locked = r && (await lockVersion(tx, r.versionId));
    if (!r || !locked) return notFound();
    if (!canEdit(locked.version)) return frozen();
    const { errors, clean } = await checkAttributes(tx, input);
    Object.assign(errors, checkText('recommendation', text));
    if (Object.keys(errors).length) return fail(errors);
    await tx.update(recommendations).set(clean).where(eq(recommendations.id, id));
    await recordRevision(tx, { itemType: REVISION_TYPES.recommendation, itemId: id, locale: null, before: { fields: pickFields(r, ATTRIBUTE_FIELDS), at: locked.version.updatedAt }, after: { fields: clean }, authorId: by.userId });
    await writeText(tx, 'recommendation', id, locked.guideline.sourceLocale, locked.guideline.sourceLocale, text, by);
    await touch(tx, r.versionId);
    return { ok: true as const };
  });
}
const ATTRIBUTE_FIELDS = ['strength', 'evidence', 'roles', 'organisationTypes', 'steps'] as const;

/** Moves a recommendation within its section or to another section of the same draft. */
export async function moveRecommendation(db: DbOrTx, id: string, to: { sectionId: string; position: number }): Promise<Result> {
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(recommendations).where(eq(recommendations.id, id));
    const locked = r && (await lockVersion(tx, r.versionId));
    if (!r || !locked) return notFound();
    if (!canEdit(locked.version)) return frozen();
    const [s] = await tx.select().from(guidelineSections).where(and(eq(guidelineSections.id, to.sectionId), eq(guidelineSections.versionId, r.versionId)));
    if (!s) return fail({ sectionId: 'errors.choose' });
    if (s.id !== r.sectionId) {
      await tx.update(recommendations).set({ sectionId: s.id, sort: 1_000_000 }).where(eq(recommendations.id, id));
      await tx.update(recommendations).set({ sort: sql`${recommendations.sort} - 1` }).where(and(eq(recommendations.sectionId, r.sectionId), gt(recommendations.sort, r.sort)));
    }
    const siblings = await tx.select({ id: recommendations.id, sort: recommendations.sort }).from(recommendations).where(eq(recommendations.sectionId, s.id));
    await place(tx, recommendations, siblings, id, to.position);
    await touch(tx, r.versionId);
    return { ok: true as const };
  });
}

/** Removes a recommendation from a draft; its identifier stays retired (earlier versions keep it). */
export async function removeRecommendation(db: DbOrTx, id: string): Promise<Result> {
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(recommendations).where(eq(recommendations.id, id));
    const locked = r && (await lockVersion(tx, r.versionId));
    if (!r || !locked) return notFound();
    if (!canEdit(locked.version)) return frozen();
    await tx.delete(recommendations).where(eq(recommendations.id, id));
    await tx.update(recommendations).set({ sort: sql`${recommendations.sort} - 1` }).where(and(eq(recommendations.sectionId, r.sectionId), gt(recommendations.sort, r.sort)));
    await touch(tx, r.versionId);
    return { ok: true as const };
  });
}

// ---- Reading a version -----------------------------------------------------------------------------------

export interface DisplayRecommendation {
  id: string;
  identifier: string;
  /** "2.1.3": chapter, section, place in the section. */
  number: string;
  strength: Strength;
  evidence: EvidenceLevel | null;
  roles: string[];
  organisationTypes: string[];
  steps: string[];
  text: Picked<RecommendationText> | null;
  permalink: string;
}
export interface DisplaySection {
  id: string;
  key: string;
  number: string;
  text: Picked<SectionText> | null;
  recommendations: DisplayRecommendation[];
}
export interface DisplayChapter {
  id: string;
  key: string;
  number: string;
  text: Picked<ChapterText> | null;
  sections: DisplaySection[];
}
export interface DisplayVersion {
  guideline: { id: string; slug: string; sourceLocale: string; organisation: { id: string; name: string } | null; text: Picked<GuidelineText> | null };
  version: VersionRow & { changeNote: Picked<VersionText> | null };
  chapters: DisplayChapter[];
  /** Per language present in the version's content: how many texts it has, and how many are out of date. */
  languages: { locale: string; texts: number; outOfDate: number }[];
  /** How many texts the version has in all (chapters, sections and recommendations). */
  texts: number;
}

export const guidelinePath = (slug: string) => `/guidelines/${slug}`;
export const versionPath = (slug: string, label: string) => `/guidelines/${slug}/${label}`;
export const recommendationPath = (slug: string, label: string, identifier: string) => `/guidelines/${slug}/${label}/recommendations/${identifier}`;

export interface LoadedVersion {
  guideline: GuidelineRow;
  version: VersionRow;
  organisation: { id: string; name: string } | null;
  guidelineTexts: GuidelineText[];
  versionTexts: VersionText[];
  chapters: ChapterRow[];
  sections: SectionRow[];
  recs: RecommendationRow[];
  chapterTexts: ChapterText[];
  sectionTexts: SectionText[];
  recTexts: RecommendationText[];
}

/** Everything of one version, in order (nine queries, whatever its size): for display and for comparing versions. */
export async function loadVersion(db: DbOrTx, versionId: string): Promise<LoadedVersion | null> {
  const [row] = await db
    .select({ version: guidelineVersions, guideline: guidelines, organisation: { id: organisations.id, name: organisations.name } })
    .from(guidelineVersions)
    .innerJoin(guidelines, eq(guidelines.id, guidelineVersions.guidelineId))
    .leftJoin(organisations, eq(organisations.id, guidelines.organisationId))
    .where(eq(guidelineVersions.id, versionId));
  if (!row) return null;
  const [guidelineTexts, versionTexts, chapters, sections, recs, chapterTexts, sectionTexts, recTexts] = await Promise.all([
    db.select().from(guidelineTranslations).where(eq(guidelineTranslations.guidelineId, row.guideline.id)),
    db.select().from(guidelineVersionTranslations).where(eq(guidelineVersionTranslations.versionId, versionId)),
    db.select().from(guidelineChapters).where(eq(guidelineChapters.versionId, versionId)).orderBy(asc(guidelineChapters.sort)),
    db.select().from(guidelineSections).where(eq(guidelineSections.versionId, versionId)).orderBy(asc(guidelineSections.sort)),
    db.select().from(recommendations).where(eq(recommendations.versionId, versionId)).orderBy(asc(recommendations.sort)),
    db.select({ t: guidelineChapterTranslations }).from(guidelineChapterTranslations).innerJoin(guidelineChapters, eq(guidelineChapters.id, guidelineChapterTranslations.chapterId)).where(eq(guidelineChapters.versionId, versionId)),
    db.select({ t: guidelineSectionTranslations }).from(guidelineSectionTranslations).innerJoin(guidelineSections, eq(guidelineSections.id, guidelineSectionTranslations.sectionId)).where(eq(guidelineSections.versionId, versionId)),
    db.select({ t: recommendationTranslations }).from(recommendationTranslations).innerJoin(recommendations, eq(recommendations.id, recommendationTranslations.recommendationId)).where(eq(recommendations.versionId, versionId)),
  ]);
  return {
    guideline: row.guideline,
    version: row.version,
    organisation: row.organisation?.id ? row.organisation : null,
    guidelineTexts,
    versionTexts,
    chapters,
    sections,
    recs,
    chapterTexts: chapterTexts.map((r) => r.t),
    sectionTexts: sectionTexts.map((r) => r.t),
    recTexts: recTexts.map((r) => r.t),
  };
}

const groupBy = <T, K>(rows: T[], key: (r: T) => K) => {
  const m = new Map<K, T[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
};

function toDisplay(l: LoadedVersion, locale: Locale): DisplayVersion {
  const src = l.guideline.sourceLocale;
  const chapterTexts = groupBy(l.chapterTexts, (t) => t.chapterId);
  const sectionTexts = groupBy(l.sectionTexts, (t) => t.sectionId);
  const recTexts = groupBy(l.recTexts, (t) => t.recommendationId);
  const sectionsOf = groupBy(l.sections, (s) => s.chapterId);
  const recsOf = groupBy(l.recs, (r) => r.sectionId);
  const chapters = l.chapters.map((c, ci): DisplayChapter => ({
    id: c.id,
    key: c.key,
    number: `${ci + 1}`,
    text: pickTranslation(chapterTexts.get(c.id) ?? [], locale, src),
    sections: (sectionsOf.get(c.id) ?? []).map((s, si): DisplaySection => ({
      id: s.id,
      key: s.key,
      number: `${ci + 1}.${si + 1}`,
      text: pickTranslation(sectionTexts.get(s.id) ?? [], locale, src),
      recommendations: (recsOf.get(s.id) ?? []).map((r, ri) => ({
        id: r.id,
        identifier: r.identifier,
        number: `${ci + 1}.${si + 1}.${ri + 1}`,
        strength: r.strength,
        evidence: r.evidence,
        roles: r.roles,
        organisationTypes: r.organisationTypes,
        steps: r.steps,
        text: pickTranslation(recTexts.get(r.id) ?? [], locale, src),
        permalink: recommendationPath(l.guideline.slug, l.version.label, r.identifier),
      })),
    })),
  }));
  const languages = new Map<string, { locale: string; texts: number; outOfDate: number }>();
  const count = (rows: Map<string, { locale: string; revision: number; sourceRevision: number }[]>) => {
    for (const list of rows.values()) {
      const source = list.find((t) => t.locale === src);
      for (const t of list) {
        const entry = languages.get(t.locale) ?? { locale: t.locale, texts: 0, outOfDate: 0 };
        entry.texts += 1;
        if (t.locale !== src && source && t.sourceRevision < source.revision) entry.outOfDate += 1;
        languages.set(t.locale, entry);
      }
    }
  };
  count(chapterTexts);
  count(sectionTexts);
  count(recTexts);
  return {
    guideline: { id: l.guideline.id, slug: l.guideline.slug, sourceLocale: src, organisation: l.organisation, text: pickTranslation(l.guidelineTexts, locale, src) },
    version: { ...l.version, changeNote: pickTranslation(l.versionTexts, locale, src) },
    chapters,
    languages: [...languages.values()].sort((a, b) => (a.locale === src ? -1 : b.locale === src ? 1 : a.locale.localeCompare(b.locale))),
    texts: l.chapters.length + l.sections.length + l.recs.length,
  };
}

/** A version as a reader sees it in `locale`: chapters → sections → recommendations, each text with its fallback and out-of-date marks. */
export async function readVersion(db: DbOrTx, versionId: string, locale: Locale): Promise<DisplayVersion | null> {
  const l = await loadVersion(db, versionId);
  return l ? toDisplay(l, locale) : null;
}

export interface RecommendationPage {
  guideline: DisplayVersion['guideline'];
  version: VersionRow;
  chapter: { id: string; key: string; number: string; text: Picked<ChapterText> | null };
  section: { id: string; key: string; number: string; text: Picked<SectionText> | null };
  recommendation: DisplayRecommendation;
  /** The labels of the guideline's other versions that hold this identifier, and the status of each. */
  otherVersions: { label: string; status: VersionStatus }[];
}

/** One recommendation by its permalink parts (`label` may be `current`). */
export async function findRecommendation(db: DbOrTx, slug: string, label: string, identifier: string, locale: Locale): Promise<RecommendationPage | null> {
  const found = await findVersion(db, slug, label);
  if (!found) return null;
  const display = await readVersion(db, found.version.id, locale);
  if (!display) return null;
  for (const c of display.chapters)
    for (const s of c.sections)
      for (const r of s.recommendations)
        if (r.identifier.toLowerCase() === identifier.toLowerCase()) {
          const others = await db
            .select({ label: guidelineVersions.label, status: guidelineVersions.status })
            .from(recommendations)
            .innerJoin(guidelineVersions, eq(guidelineVersions.id, recommendations.versionId))
            .where(and(eq(guidelineVersions.guidelineId, found.guideline.id), eq(recommendations.identifier, r.identifier), ne(guidelineVersions.id, found.version.id)));
          return {
            guideline: display.guideline,
            version: found.version,
            chapter: { id: c.id, key: c.key, number: c.number, text: c.text },
            section: { id: s.id, key: s.key, number: s.number, text: s.text },
            recommendation: r,
            otherVersions: others.sort((a, b) => compareLabels(b.label, a.label)),
          };
        }
  return null;
}

// ---- Permalinks and citations --------------------------------------------------------------------------

export interface CitationParts {
  title: string;
  label: string;
  identifier: string;
  status: VersionStatus;
  organisation: string | null;
  /** The year of publication (of the consultation's start, or of the draft's creation, before then). */
  year: number;
  url: string;
}

/** The words a citation needs in the reader's language (the routes pass them from the message catalogue). */
export interface CitationWords {
  version: string;
  recommendation: string;
  /** Added after the label of a version that is not published: "draft", "public consultation", "superseded". */
  status: Partial<Record<VersionStatus, string>>;
}
export const ENGLISH_CITATION_WORDS: CitationWords = { version: 'version', recommendation: 'recommendation', status: { draft: 'draft', consultation: 'draft for public consultation', superseded: 'superseded' } };

/** The parts of a recommendation's citation; `baseUrl` is the instance's public address. */
export async function citationParts(db: DbOrTx, ref: { slug: string; label: string; identifier: string }, locale: Locale, baseUrl: string): Promise<CitationParts | null> {
  const page = await findRecommendation(db, ref.slug, ref.label, ref.identifier, locale);
  if (!page) return null;
  const v = page.version;
  const year = v.publishedAt ? v.publishedAt.getUTCFullYear() : v.consultationStartsOn ? Number(v.consultationStartsOn.slice(0, 4)) : v.createdAt.getUTCFullYear();
  return {
    title: page.guideline.text?.value.title ?? page.guideline.slug,
    label: v.label,
    identifier: page.recommendation.identifier,
    status: v.status,
    organisation: page.guideline.organisation?.name ?? null,
    year,
    url: `${baseUrl.replace(/\/+$/, '')}${page.recommendation.permalink}`,
  };
}

/** "<Title>, version 2.0, recommendation R7. <Organisation>, <year>. <URL>" (the organisation when there is one). */
export function formatCitation(p: CitationParts, words: CitationWords = ENGLISH_CITATION_WORDS): string {
  const status = p.status !== 'published' && words.status[p.status] ? ` (${words.status[p.status]})` : '';
  const by = p.organisation ? `${p.organisation}, ${p.year}` : `${p.year}`;
  return `${p.title}, ${words.version} ${p.label}${status}, ${words.recommendation} ${p.identifier}. ${by}. ${p.url}`;
}

export async function citeRecommendation(db: DbOrTx, ref: { slug: string; label: string; identifier: string }, locale: Locale, baseUrl: string, words?: CitationWords): Promise<string | null> {
  const parts = await citationParts(db, ref, locale, baseUrl);
  return parts ? formatCitation(parts, words) : null;
}

