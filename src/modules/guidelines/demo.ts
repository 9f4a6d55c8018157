import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { createOrganisation } from '../../platform/identity/organisations.js';
import { DEMO_CHAPTERS, DEMO_GUIDELINE_TEXT, DEMO_RECOMMENDATIONS, type Bilingual } from './demo-content.js';
import {
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
  type VersionStatus,
} from './schema.js';
import { createDraftVersion, saveTranslation, setVersionStatus, updateRecommendation } from './service.js';
import { indexPublishedVersion } from './search-index.js';

/**
 * The demo guideline (fictional, marked "(demo)"): version 1.0 superseded, 2.0 published, 2.1 in public
 * consultation. Between 1.0 and 2.0 every kind of change appears (see DEMO_GUIDELINE); in Italian, some
 * recommendations are untranslated and some out of date. Versions 1.0 and 2.0 are written with bulk inserts
 * (the seed runs in every test file that seeds the demo); 2.1 is made through the service, as an editor would.
 */
export const DEMO_GUIDELINE = {
  slug: 'psychosocial-support-refugees-demo',
  title: DEMO_GUIDELINE_TEXT.title.en,
  organisation: 'National guideline working group (demo)',
  versions: ['1.0', '2.0', '2.1'],
  /** Between 1.0 and 2.0. */
  added: ['R22'],
  removed: ['R15'],
  changed: { R4: ['statement', 'evidence'], R9: ['statement'], R13: ['rationale', 'strength', 'evidence'], R16: ['rationale'], R18: ['rationale', 'addressees', 'steps'], R21: ['moved'] },
  moved: ['R21'],
  chapterRenamed: ['C5'],
  sectionRenamed: ['S3'],
  sectionAdded: ['S12'],
  sectionRemoved: ['S10'],
  /** In 2.0 (and 2.1): no Italian text, and an Italian text older than its English. */
  untranslatedIt: ['R20', 'R22'],
  outOfDateIt: ['R4', 'R16'],
  /** 2.1 rewords R6; its Italian is left out of date. */
  consultationChanged: ['R6'],
} as const;

type Which = '1.0' | '2.0';
const text = (b: Bilingual, locale: 'en' | 'it') => (locale === 'en' ? b.en : b.it);

async function insertVersion(db: DbOrTx, guidelineId: string, which: Which, values: { status: VersionStatus; copiedFromId?: string; consultationStartsOn: string; consultationEndsOn: string; publishedAt: Date; supersededAt?: Date }) {
  const [version] = await db
    .insert(guidelineVersions)
    .values({ guidelineId, label: which, ...values, createdAt: new Date(`${values.consultationStartsOn}T09:00:00Z`), updatedAt: values.publishedAt })
    .returning();
  const versionId = version!.id;
  const note = DEMO_GUIDELINE_TEXT.changeNotes[which];
  await db.insert(guidelineVersionTranslations).values([
    { versionId, locale: 'en', changeNote: note.en },
    { versionId, locale: 'it', changeNote: note.it },
  ]);
  const chapters: (typeof guidelineChapters.$inferInsert)[] = [];
  const chapterTexts: (typeof guidelineChapterTranslations.$inferInsert)[] = [];
  const sections: (typeof guidelineSections.$inferInsert)[] = [];
  const sectionTexts: (typeof guidelineSectionTranslations.$inferInsert)[] = [];
  const sectionIds = new Map<string, string>();
  // A part's title changed in 2.0 when it has a 1.0 title: both languages were brought up to date.
  const partTexts = (p: { title: Bilingual; intro: Bilingual; v1Title?: Bilingual }) =>
    (['en', 'it'] as const).flatMap((locale) => {
      const title = text(which === '1.0' && p.v1Title ? p.v1Title : p.title, locale);
      const rev = which === '2.0' && p.v1Title ? 2 : 1;
      return title ? [{ locale, title, intro: text(p.intro, locale) ?? '', revision: rev, sourceRevision: rev }] : [];
    });
  for (const [ci, c] of DEMO_CHAPTERS.entries()) {
    const chapterId = randomUUID();
    chapters.push({ id: chapterId, versionId, key: c.key, sort: ci });
    chapterTexts.push(...partTexts(c).map((t) => ({ chapterId, ...t })));
    for (const [si, s] of c.sections.filter((x) => !x.only || x.only === which).entries()) {
      const sectionId = randomUUID();
      sectionIds.set(s.key, sectionId);
      sections.push({ id: sectionId, versionId, chapterId, key: s.key, sort: si });
      sectionTexts.push(...partTexts(s).map((t) => ({ sectionId, ...t })));
    }
  }
  const recs: (typeof recommendations.$inferInsert)[] = [];
  const recTexts: (typeof recommendationTranslations.$inferInsert)[] = [];
  const sorts = new Map<string, number>();
  for (const d of DEMO_RECOMMENDATIONS.filter((r) => !r.only || r.only === which)) {
    const r = which === '1.0' ? { ...d, ...d.v1 } : d;
    const id = randomUUID();
    const sort = sorts.get(r.section) ?? 0;
    sorts.set(r.section, sort + 1);
    recs.push({ id, versionId, sectionId: sectionIds.get(r.section)!, identifier: r.identifier, strength: r.strength, evidence: r.evidence, roles: r.roles, organisationTypes: r.organisationTypes, steps: r.steps, sort });
    // The English of 2.0 is revision 2 where it was reworded; its Italian followed, unless it is marked stale.
    const reworded = which === '2.0' && !!(d.v1?.statement || d.v1?.rationale);
    const en = reworded ? 2 : 1;
    recTexts.push({ recommendationId: id, locale: 'en', statement: r.statement.en, rationale: r.rationale.en, revision: en, sourceRevision: en });
    if (r.statement.it) {
      const it = d.itStale ? 1 : en;
      recTexts.push({ recommendationId: id, locale: 'it', statement: r.statement.it, rationale: r.rationale.it ?? '', revision: it, sourceRevision: it });
    }
  }
  await db.insert(guidelineChapters).values(chapters);
  await db.insert(guidelineChapterTranslations).values(chapterTexts);
  await db.insert(guidelineSections).values(sections);
  await db.insert(guidelineSectionTranslations).values(sectionTexts);
  await db.insert(recommendations).values(recs);
  await db.insert(recommendationTranslations).values(recTexts);
  return versionId;
}

const DAY = 86_400_000;

export async function seedGuidelinesDemo(db: DbOrTx, now = new Date()): Promise<void> {
  if ((await db.select({ id: guidelines.id }).from(guidelines).where(eq(guidelines.slug, DEMO_GUIDELINE.slug))).length) return;
  const org = await createOrganisation(db, { name: DEMO_GUIDELINE.organisation, typeCode: 'other', country: 'IT', regionId: null, website: null });
  const [g] = await db.insert(guidelines).values({ slug: DEMO_GUIDELINE.slug, sourceLocale: 'en', organisationId: org.id }).returning();
  const { title, summary } = DEMO_GUIDELINE_TEXT;
  await db.insert(guidelineTranslations).values([
    { guidelineId: g!.id, locale: 'en', title: title.en, summary: summary.en },
    { guidelineId: g!.id, locale: 'it', title: title.it, summary: summary.it },
  ]);
  const v2Published = new Date('2025-02-17T10:00:00Z');
  const v1 = await insertVersion(db, g!.id, '1.0', { status: 'superseded', consultationStartsOn: '2022-03-01', consultationEndsOn: '2022-04-30', publishedAt: new Date('2022-06-13T10:00:00Z'), supersededAt: v2Published });
  await insertVersion(db, g!.id, '2.0', { status: 'published', copiedFromId: v1, consultationStartsOn: '2024-10-01', consultationEndsOn: '2024-11-30', publishedAt: v2Published });
  await indexPublishedVersion(db, g!.id);

  // 2.1, open for comments: a copy of 2.0 with R6 reworded in English only.
  const [v2] = await db
    .select({ id: guidelineVersions.id })
    .from(guidelineVersions)
    .where(and(eq(guidelineVersions.guidelineId, g!.id), eq(guidelineVersions.label, '2.0')));
  const draft = await createDraftVersion(db, g!.id, { label: '2.1', copyFromId: v2!.id, changeNote: DEMO_GUIDELINE_TEXT.changeNotes['2.1'].en });
  if (!draft.ok) throw new Error(`demo guideline 2.1: ${JSON.stringify(draft.errors)}`);
  await saveTranslation(db, 'version', draft.id, 'it', { changeNote: DEMO_GUIDELINE_TEXT.changeNotes['2.1'].it });
  const [r6] = await db
    .select()
    .from(recommendations)
    .where(and(eq(recommendations.versionId, draft.id), eq(recommendations.identifier, 'R6')));
  const changed = await updateRecommendation(db, r6!.id, {
    ...r6!,
    statement: 'Repeat the screening when a resident’s circumstances change markedly, such as a negative asylum decision, a transfer or a loss in the family, and at least every six months while the person remains in reception.',
    rationale:
      'Distress often appears months after arrival, when the first relief has passed and uncertainty grows. A single screening at arrival misses these people. Consultation responses asked for a shorter interval, because waiting times for asylum decisions have grown.',
  });
  if (!changed.ok) throw new Error(`demo guideline R6: ${JSON.stringify(changed.errors)}`);
  const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10);
  const opened = await setVersionStatus(db, draft.id, 'consultation', { consultationStartsOn: day(-10), consultationEndsOn: day(35), at: now });
  if (!opened.ok) throw new Error(`demo guideline consultation: ${JSON.stringify(opened.errors)}`);
}
