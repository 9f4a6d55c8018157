import type { DbOrTx } from '../../platform/db/index.js';
import type { Locale } from '../../platform/i18n/index.js';
import { diffText, type DiffPart } from '../../platform/revisions.js';
import { pickTranslation, type Picked } from '../../platform/translations.js';
import { findVersion, loadVersion, type ChapterText, type LoadedVersion, type RecommendationText, type SectionText, type VersionRow } from './service.js';
import type { EvidenceLevel, Strength } from './schema.js';

/**
 * A readable comparison of two versions of one guideline. Recommendations are matched by identifier,
 * chapters and sections by key. Whether something changed is decided on the source language (the text
 * that binds); the word-level differences are shown in the reader's language, with the usual fallback, so
 * a translation not yet brought up to date shows as such (`outOfDate`) rather than as "no change".
 */
export type RecommendationField = 'statement' | 'rationale' | 'strength' | 'evidence' | 'addressees' | 'steps' | 'moved';
export type Change = 'added' | 'removed' | 'changed' | 'unchanged';

export interface RecommendationSide {
  number: string;
  strength: Strength;
  evidence: EvidenceLevel | null;
  roles: string[];
  organisationTypes: string[];
  steps: string[];
  section: { key: string; number: string; title: string };
  text: Picked<RecommendationText> | null;
}

export interface RecommendationChange {
  identifier: string;
  change: Change;
  /** For a changed recommendation: what changed. */
  fields: RecommendationField[];
  before: RecommendationSide | null;
  after: RecommendationSide | null;
  /** Word by word, in the texts shown (see `before.text` and `after.text` for their language and marks). */
  statement: DiffPart[];
  rationale: DiffPart[];
}

export interface PartChange {
  key: string;
  change: 'added' | 'removed' | 'renamed' | 'unchanged';
  /** The introduction's text changed (in the source language). */
  introChanged: boolean;
  /** A section now in another chapter (by key). */
  moved: boolean;
  /** For a section: the key of its chapter (in the later version when it is there). */
  chapterKey?: string;
  before: { number: string; title: string } | null;
  after: { number: string; title: string } | null;
  title: DiffPart[];
}

export interface VersionDiff {
  guidelineId: string;
  from: Pick<VersionRow, 'id' | 'label' | 'status' | 'publishedAt'>;
  to: Pick<VersionRow, 'id' | 'label' | 'status' | 'publishedAt'>;
  locale: Locale;
  chapters: PartChange[];
  sections: PartChange[];
  /** In the later version's order, removed ones where they used to be. */
  recommendations: RecommendationChange[];
  counts: { added: number; removed: number; changed: number; unchanged: number; moved: number };
}

interface Indexed {
  chapters: Map<string, { number: string; texts: ChapterText[] }>;
  sections: Map<string, { number: string; chapterKey: string; texts: SectionText[] }>;
  recs: Map<string, { order: number; number: string; sectionKey: string; row: LoadedVersion['recs'][number]; texts: RecommendationText[] }>;
}

function indexed(l: LoadedVersion): Indexed {
  const chapters = new Map<string, { number: string; texts: ChapterText[] }>();
  const sections = new Map<string, { number: string; chapterKey: string; texts: SectionText[] }>();
  const recs: Indexed['recs'] = new Map();
  let order = 0;
  l.chapters.forEach((c, ci) => {
    chapters.set(c.key, { number: `${ci + 1}`, texts: l.chapterTexts.filter((t) => t.chapterId === c.id) });
    l.sections
      .filter((s) => s.chapterId === c.id)
      .forEach((s, si) => {
        sections.set(s.key, { number: `${ci + 1}.${si + 1}`, chapterKey: c.key, texts: l.sectionTexts.filter((t) => t.sectionId === s.id) });
        l.recs
          .filter((r) => r.sectionId === s.id)
          .forEach((r, ri) => recs.set(r.identifier, { order: order++, number: `${ci + 1}.${si + 1}.${ri + 1}`, sectionKey: s.key, row: r, texts: l.recTexts.filter((t) => t.recommendationId === r.id) }));
      });
  });
  return { chapters, sections, recs };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
const sourceOf = <T extends { locale: string }>(texts: T[], src: string) => texts.find((t) => t.locale === src);
const diffOrEmpty = (before: string, after: string, locale: string) => (before || after ? diffText(before, after, locale) : []);

function partChanges(before: Map<string, { number: string; texts: (ChapterText | SectionText)[]; chapterKey?: string }>, after: typeof before, locale: Locale, src: string): PartChange[] {
  const out: PartChange[] = [];
  const keys = [...after.keys(), ...[...before.keys()].filter((k) => !after.has(k))];
  for (const key of keys) {
    const b = before.get(key);
    const a = after.get(key);
    const bp = b && pickTranslation(b.texts, locale, src);
    const ap = a && pickTranslation(a.texts, locale, src);
    const bs = b && sourceOf(b.texts, src);
    const as = a && sourceOf(a.texts, src);
    const renamed = !!(bs && as && bs.title !== as.title);
    out.push({
      key,
      change: !b ? 'added' : !a ? 'removed' : renamed ? 'renamed' : 'unchanged',
      introChanged: !!(bs && as && bs.intro !== as.intro),
      moved: !!(a && b && a.chapterKey !== b.chapterKey),
      ...(a?.chapterKey || b?.chapterKey ? { chapterKey: a?.chapterKey ?? b?.chapterKey } : {}),
      before: b ? { number: b.number, title: bp?.value.title ?? '' } : null,
      after: a ? { number: a.number, title: ap?.value.title ?? '' } : null,
      title: diffOrEmpty(bp?.value.title ?? '', ap?.value.title ?? '', ap?.locale ?? bp?.locale ?? locale),
    });
  }
  return out;
}

/** Compares two versions of one guideline (in either order of time); null when either is missing or they belong to different guidelines. */
export async function diffVersions(db: DbOrTx, fromVersionId: string, toVersionId: string, locale: Locale): Promise<VersionDiff | null> {
  const [from, to] = await Promise.all([loadVersion(db, fromVersionId), loadVersion(db, toVersionId)]);
  if (!from || !to || from.guideline.id !== to.guideline.id) return null;
  const src = to.guideline.sourceLocale;
  const b = indexed(from);
  const a = indexed(to);
  const sectionTitle = (ix: Indexed, key: string) => {
    const s = ix.sections.get(key)!;
    return { key, number: s.number, title: pickTranslation(s.texts, locale, src)?.value.title ?? '' };
  };
  const side = (ix: Indexed, identifier: string): RecommendationSide | null => {
    const r = ix.recs.get(identifier);
    if (!r) return null;
    return { number: r.number, strength: r.row.strength, evidence: r.row.evidence, roles: r.row.roles, organisationTypes: r.row.organisationTypes, steps: r.row.steps, section: sectionTitle(ix, r.sectionKey), text: pickTranslation(r.texts, locale, src) };
  };

  // Removed recommendations sit just after the one that preceded them in the earlier version.
  const positions = new Map<string, number>();
  let previous = -1;
  for (const [identifier, r] of [...b.recs.entries()].sort((x, y) => x[1].order - y[1].order)) {
    const now = a.recs.get(identifier);
    if (now) previous = now.order;
    else positions.set(identifier, previous + 0.5 + r.order / 1e6);
  }
  for (const [identifier, r] of a.recs) positions.set(identifier, r.order);

  const changes: RecommendationChange[] = [...positions.entries()]
    .sort((x, y) => x[1] - y[1])
    .map(([identifier]) => {
      const br = b.recs.get(identifier);
      const ar = a.recs.get(identifier);
      const before = side(b, identifier);
      const after = side(a, identifier);
      const fields: RecommendationField[] = [];
      if (br && ar) {
        const bs = sourceOf(br.texts, src);
        const as = sourceOf(ar.texts, src);
        if (bs?.statement !== as?.statement) fields.push('statement');
        if (bs?.rationale !== as?.rationale) fields.push('rationale');
        if (br.row.strength !== ar.row.strength) fields.push('strength');
        if (br.row.evidence !== ar.row.evidence) fields.push('evidence');
        if (!sameSet(br.row.roles, ar.row.roles) || !sameSet(br.row.organisationTypes, ar.row.organisationTypes)) fields.push('addressees');
        if (!sameSet(br.row.steps, ar.row.steps)) fields.push('steps');
        if (br.sectionKey !== ar.sectionKey) fields.push('moved');
      }
      const textLocale = after?.text?.locale ?? before?.text?.locale ?? locale;
      return {
        identifier,
        change: !br ? 'added' : !ar ? 'removed' : fields.length ? 'changed' : 'unchanged',
        fields,
        before,
        after,
        statement: diffOrEmpty(before?.text?.value.statement ?? '', after?.text?.value.statement ?? '', textLocale),
        rationale: diffOrEmpty(before?.text?.value.rationale ?? '', after?.text?.value.rationale ?? '', textLocale),
      };
    });

  const count = (c: Change) => changes.filter((x) => x.change === c).length;
  const pick = ({ id, label, status, publishedAt }: VersionRow) => ({ id, label, status, publishedAt });
  return {
    guidelineId: to.guideline.id,
    from: pick(from.version),
    to: pick(to.version),
    locale,
    chapters: partChanges(b.chapters, a.chapters, locale, src),
    sections: partChanges(b.sections, a.sections, locale, src),
    recommendations: changes,
    counts: { added: count('added'), removed: count('removed'), changed: count('changed'), unchanged: count('unchanged'), moved: changes.filter((x) => x.fields.includes('moved')).length },
  };
}

/** The same, by the guideline's slug and the two labels. */
export async function diffVersionsByLabel(db: DbOrTx, slug: string, fromLabel: string, toLabel: string, locale: Locale): Promise<VersionDiff | null> {
  const [from, to] = await Promise.all([findVersion(db, slug, fromLabel), findVersion(db, slug, toLabel)]);
  return from && to ? diffVersions(db, from.version.id, to.version.id, locale) : null;
}
