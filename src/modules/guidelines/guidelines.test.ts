import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { listRevisions } from '../../platform/revisions.js';
import { search } from '../../platform/search.js';
import { DEMO_GUIDELINE } from './demo.js';
import { diffVersions, diffVersionsByLabel } from './diff.js';
import { guidelineVersions, recommendations, recommendationTranslations } from './schema.js';
import {
  addChapter,
  addRecommendation,
  addSection,
  canEdit,
  canTranslate,
  citeRecommendation,
  createDraftVersion,
  createGuideline,
  deleteDraftVersion,
  findRecommendation,
  findVersion,
  formatCitation,
  citationParts,
  listGuidelines,
  listVersions,
  moveRecommendation,
  moveSection,
  nextIdentifier,
  readVersion,
  removeChapter,
  removeRecommendation,
  saveTranslation,
  setVersionStatus,
  updateGuidelineSettings,
  updateRecommendation,
  REVISION_TYPES,
  type RecommendationInput,
} from './service.js';

let ctx: Awaited<ReturnType<typeof testPlatform>>;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await testPlatform();
  await seedDemo(ctx.platform);
});
afterAll(async () => ctx?.close());

const rec = (over: Partial<RecommendationInput> = {}): RecommendationInput => ({
  statement: 'Offer every resident a confidential interview with a psychologist within a month of arrival.',
  rationale: 'An early interview finds needs that screening alone misses.',
  strength: 'conditional',
  evidence: 'low',
  roles: ['psychologist'],
  organisationTypes: ['reception-centre'],
  steps: ['screening'],
  ...over,
});

const must = <T extends object>(r: ({ ok: true } & T) | { ok: false; errors: Record<string, string> }): T => {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.errors)}`);
  return r;
};

const identifiersOf = async (versionId: string) =>
  (await db().select({ identifier: recommendations.identifier }).from(recommendations).where(eq(recommendations.versionId, versionId))).map((r) => r.identifier).sort();

/** A small guideline of the test's own: one chapter, one section, two recommendations, published as 1.0. */
async function smallGuideline(slug: string) {
  const { id } = must(await createGuideline(db(), { slug, sourceLocale: 'en', organisationId: null, title: `Test guideline ${slug}`, summary: '' }));
  const v1 = must(await createDraftVersion(db(), id, { label: '1.0', copyFromId: null, changeNote: 'First.' }));
  const c = must(await addChapter(db(), v1.id, { title: 'Reception', intro: '' }));
  const s = must(await addSection(db(), c.id, { title: 'Arrival', intro: '' }));
  const s2 = must(await addSection(db(), c.id, { title: 'Staying', intro: '' }));
  const r1 = must(await addRecommendation(db(), s.id, rec()));
  const r2 = must(await addRecommendation(db(), s2.id, rec({ statement: 'Keep a quiet room available for residents at any hour of the day.', strength: 'good-practice', evidence: null })));
  return { id, v1: v1.id, chapter: c.id, section: s.id, section2: s2.id, r1, r2 };
}

describe('version lifecycle', () => {
  it('validates a new guideline and reports errors as values', async () => {
    expect(await createGuideline(db(), { slug: 'Not A Slug', sourceLocale: 'xx', organisationId: null, title: ' ', summary: '' })).toEqual({ ok: false, errors: { slug: 'errors.slug', sourceLocale: 'errors.choose', title: 'errors.required' } });
    expect(await createGuideline(db(), { slug: DEMO_GUIDELINE.slug, sourceLocale: 'en', organisationId: null, title: 'Again', summary: '' })).toEqual({ ok: false, errors: { slug: 'errors.slugTaken' } });
  });

  it('moves draft → consultation → draft → published, and refuses every other transition', async () => {
    const { id } = must(await createGuideline(db(), { slug: 'lifecycle', sourceLocale: 'en', organisationId: null, title: 'Lifecycle', summary: '' }));
    const v = must(await createDraftVersion(db(), id, { label: '1.0', copyFromId: null }));
    // Nothing to publish or consult on yet.
    expect(await setVersionStatus(db(), v.id, 'published')).toEqual({ ok: false, errors: { form: 'guidelines.errors.noRecommendations' } });
    const c = must(await addChapter(db(), v.id, { title: 'Only chapter', intro: '' }));
    const s = must(await addSection(db(), c.id, { title: 'Only section', intro: '' }));
    must(await addRecommendation(db(), s.id, rec()));
    must(await addChapter(db(), v.id, { title: 'Empty chapter', intro: '' }));
    expect(await setVersionStatus(db(), v.id, 'published')).toEqual({ ok: false, errors: { form: 'guidelines.errors.emptyParts' } });
    const [, empty] = (await readVersion(db(), v.id, 'en'))!.chapters;
    must(await removeChapter(db(), empty!.id));

    expect(await setVersionStatus(db(), v.id, 'consultation', {})).toEqual({ ok: false, errors: { consultationEndsOn: 'errors.required' } });
    expect(await setVersionStatus(db(), v.id, 'consultation', { consultationStartsOn: '2026-05-10', consultationEndsOn: '2026-05-01' })).toEqual({ ok: false, errors: { consultationEndsOn: 'errors.endBeforeStart' } });
    expect(await setVersionStatus(db(), v.id, 'consultation', { consultationStartsOn: '2026-02-30', consultationEndsOn: '2026-05-01' })).toEqual({ ok: false, errors: { consultationStartsOn: 'errors.date' } });
    must(await setVersionStatus(db(), v.id, 'consultation', { consultationStartsOn: '2026-04-01', consultationEndsOn: '2026-05-01' }));
    expect(await setVersionStatus(db(), v.id, 'superseded')).toEqual({ ok: false, errors: { status: 'guidelines.errors.transition' } });
    must(await setVersionStatus(db(), v.id, 'draft'));
    must(await setVersionStatus(db(), v.id, 'published', { at: new Date('2026-06-01T08:00:00Z') }));
    for (const to of ['draft', 'consultation', 'superseded', 'published'] as const) expect(await setVersionStatus(db(), v.id, to)).toEqual({ ok: false, errors: { status: 'guidelines.errors.transition' } });
    const [row] = await db().select().from(guidelineVersions).where(eq(guidelineVersions.id, v.id));
    expect(row).toMatchObject({ status: 'published', consultationStartsOn: '2026-04-01', consultationEndsOn: '2026-05-01', publishedAt: new Date('2026-06-01T08:00:00Z') });
    expect(await deleteDraftVersion(db(), v.id)).toEqual({ ok: false, errors: { form: 'guidelines.errors.notDraft' } });
  });

  it('keeps one version in the works, with rising labels, and publishing supersedes the published one', async () => {
    const g = await smallGuideline('supersede');
    must(await setVersionStatus(db(), g.v1, 'published'));
    expect(await createDraftVersion(db(), g.id, { label: '1.0', copyFromId: null })).toEqual({ ok: false, errors: { label: 'guidelines.errors.labelTaken' } });
    expect(await createDraftVersion(db(), g.id, { label: 'two', copyFromId: null })).toEqual({ ok: false, errors: { label: 'guidelines.errors.label' } });
    expect(await createDraftVersion(db(), g.id, { label: '0.9', copyFromId: null })).toEqual({ ok: false, errors: { label: 'guidelines.errors.labelLower' } });
    const v2 = must(await createDraftVersion(db(), g.id, { label: '1.10', copyFromId: g.v1 }));
    expect(await createDraftVersion(db(), g.id, { label: '2.0', copyFromId: null })).toEqual({ ok: false, errors: { form: 'guidelines.errors.openVersion' } });
    must(await setVersionStatus(db(), v2.id, 'published'));
    expect((await listVersions(db(), g.id)).map((v) => [v.label, v.status])).toEqual([
      ['1.10', 'published'],
      ['1.0', 'superseded'],
    ]);
    const [old] = await db().select().from(guidelineVersions).where(eq(guidelineVersions.id, g.v1));
    expect(old!.supersededAt).toBeInstanceOf(Date);
    // A draft can be thrown away.
    const v3 = must(await createDraftVersion(db(), g.id, { label: '2.0', copyFromId: null }));
    must(await deleteDraftVersion(db(), v3.id));
    expect((await listVersions(db(), g.id)).map((v) => v.label)).toEqual(['1.10', '1.0']);
  });

  it('lists the demo guideline with its published and open versions', async () => {
    const [item] = (await listGuidelines(db(), 'it', { publicOnly: true })).filter((g) => g.slug === DEMO_GUIDELINE.slug);
    expect(item).toMatchObject({ current: { label: '2.0' }, open: { label: '2.1', status: 'consultation' } });
    expect(item!.text?.value.title).toMatch(/^Linee di indirizzo nazionali.*\(demo\)$/);
    const demo = await findVersion(db(), DEMO_GUIDELINE.slug, 'current');
    expect((await listVersions(db(), demo!.guideline.id)).map((v) => [v.label, v.status])).toEqual([
      ['2.1', 'consultation'],
      ['2.0', 'published'],
      ['1.0', 'superseded'],
    ]);
  });
});

describe('a guideline’s settings', () => {
  it('changes the original title and summary as a new source revision, and the issuing organisation', async () => {
    const g = await smallGuideline('settings');
    must(await saveTranslation(db(), 'guideline', g.id, 'it', { title: 'Linea guida di prova', summary: '' }));
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await updateGuidelineSettings(db(), g.id, { title: ' ', summary: 'x'.repeat(5001), organisationId: unknown })).toEqual({ ok: false, errors: { title: 'errors.required', summary: 'errors.tooLong', organisationId: 'errors.choose' } });
    expect(await updateGuidelineSettings(db(), unknown, { title: 'T', summary: '', organisationId: null })).toEqual({ ok: false, errors: { form: 'guidelines.errors.notFound' } });
    // The same values again change nothing.
    expect(await updateGuidelineSettings(db(), g.id, { title: 'Test guideline settings', summary: '', organisationId: null })).toEqual({ ok: true, changed: [] });
    expect((await readVersion(db(), g.v1, 'it'))!.guideline.text).toMatchObject({ locale: 'it', outOfDate: false });

    const demo = (await findVersion(db(), DEMO_GUIDELINE.slug, 'current'))!;
    const organisationId = demo.guideline.organisationId;
    expect(organisationId).toBeTruthy();
    expect(await updateGuidelineSettings(db(), g.id, { title: ' Settings, renamed ', summary: 'Now with a summary.', organisationId }, { userId: null })).toEqual({ ok: true, changed: ['title', 'summary', 'organisation'] });
    const read = (await readVersion(db(), g.v1, 'en'))!;
    expect(read.guideline.text!.value).toMatchObject({ title: 'Settings, renamed', summary: 'Now with a summary.', revision: 2 });
    expect(read.guideline.organisation?.id).toBe(organisationId);
    expect(read.guideline.slug).toBe('settings');
    // The Italian title followed the first English one: now out of date.
    expect((await readVersion(db(), g.v1, 'it'))!.guideline.text).toMatchObject({ locale: 'it', outOfDate: true });
    expect((await listRevisions(db(), REVISION_TYPES.guideline, g.id, 'en', 1, 10)).total).toBe(2);
  });
});

describe('editing a draft', () => {
  it('validates recommendations and keeps identifiers unique across the guideline', async () => {
    const g = await smallGuideline('validation');
    expect(g.r1.identifier).toBe('R1');
    expect(g.r2.identifier).toBe('R2');
    expect(await addRecommendation(db(), g.section, rec({ statement: '', rationale: '', strength: 'good-practice', evidence: 'high', roles: ['astronaut'], organisationTypes: ['no-such-type'], steps: [] }))).toEqual({
      ok: false,
      errors: { statement: 'errors.required', rationale: 'errors.required', evidence: 'guidelines.errors.ungraded', roles: 'errors.choose', organisationTypes: 'errors.choose', steps: 'errors.required' },
    });
    expect(await addRecommendation(db(), g.section, rec({ strength: 'strong', evidence: null, roles: [], organisationTypes: [] }))).toEqual({ ok: false, errors: { evidence: 'errors.required', roles: 'guidelines.errors.addressees' } });
    expect(await addRecommendation(db(), g.section, rec({ identifier: 'r1' }))).toEqual({ ok: false, errors: { identifier: 'guidelines.errors.identifierTaken' } });
    expect(await addRecommendation(db(), g.section, rec({ identifier: '7!' }))).toEqual({ ok: false, errors: { identifier: 'guidelines.errors.identifier' } });
    const r3 = must(await addRecommendation(db(), g.section, rec({ identifier: 'r3', steps: ['follow-up', 'screening'] })));
    expect(r3.identifier).toBe('R3');
    const [row] = await db().select().from(recommendations).where(eq(recommendations.id, r3.id));
    // Steps are kept in pathway order, whatever order they came in.
    expect(row!.steps).toEqual(['screening', 'follow-up']);
    must(await removeRecommendation(db(), r3.id));
    // Publish 1.0, open 2.0 from it: R3 never reached a published version, but R2 did and is removed in 2.0.
    must(await setVersionStatus(db(), g.v1, 'published'));
    const v2 = must(await createDraftVersion(db(), g.id, { label: '2.0', copyFromId: g.v1 }));
    const r2 = (await findRecommendation(db(), 'validation', '2.0', 'R2', 'en'))!;
    must(await removeRecommendation(db(), r2.recommendation.id));
    const section = (await readVersion(db(), v2.id, 'en'))!.chapters[0]!.sections[0]!;
    // A removed identifier is never given to another recommendation.
    expect(await addRecommendation(db(), section.id, rec({ identifier: 'R2' }))).toEqual({ ok: false, errors: { identifier: 'guidelines.errors.identifierUsed' } });
    expect(await nextIdentifier(db(), g.id)).toBe('R3');
    expect(await removeChapter(db(), (await readVersion(db(), v2.id, 'en'))!.chapters[0]!.id)).toEqual({ ok: false, errors: { form: 'guidelines.errors.notEmpty' } });
  });

  it('orders and moves recommendations between sections', async () => {
    const g = await smallGuideline('ordering');
    const a = must(await addRecommendation(db(), g.section, rec({ statement: 'Second statement in the arrival section.' })));
    const b = must(await addRecommendation(db(), g.section, rec({ statement: 'Placed first in the arrival section.' }), { position: 0 }));
    const order = async () =>
      (await readVersion(db(), g.v1, 'en'))!.chapters[0]!.sections.map((s) => ({ number: s.number, ids: s.recommendations.map((r) => `${r.number} ${r.identifier}`) }));
    expect(await order()).toEqual([
      { number: '1.1', ids: [`1.1.1 ${b.identifier}`, '1.1.2 R1', `1.1.3 ${a.identifier}`] },
      { number: '1.2', ids: ['1.2.1 R2'] },
    ]);
    must(await moveRecommendation(db(), g.r1.id, { sectionId: g.section2, position: 0 }));
    expect(await order()).toEqual([
      { number: '1.1', ids: [`1.1.1 ${b.identifier}`, `1.1.2 ${a.identifier}`] },
      { number: '1.2', ids: ['1.2.1 R1', '1.2.2 R2'] },
    ]);
    expect(await moveRecommendation(db(), g.r1.id, { sectionId: '00000000-0000-0000-0000-000000000000', position: 0 })).toEqual({ ok: false, errors: { sectionId: 'errors.choose' } });
  });
});

describe('copying a version', () => {
  it('keeps identifiers, keys and every translation with its marks', async () => {
    const v20 = (await findVersion(db(), DEMO_GUIDELINE.slug, '2.0'))!.version;
    const v21 = (await findVersion(db(), DEMO_GUIDELINE.slug, '2.1'))!.version;
    expect(v21.copiedFromId).toBe(v20.id);
    expect(await identifiersOf(v21.id)).toEqual(await identifiersOf(v20.id));
    const [a, b] = [(await readVersion(db(), v20.id, 'it'))!, (await readVersion(db(), v21.id, 'it'))!];
    const shape = (v: typeof a) => v.chapters.map((c) => [c.key, c.text?.value.title, c.sections.map((s) => [s.key, s.text?.value.title, s.recommendations.map((r) => [r.identifier, r.text?.locale, r.text?.outOfDate])])]);
    // 2.1 rewords R6 in English only: its Italian is now out of date too.
    const expected = JSON.parse(JSON.stringify(shape(a)).replace('["R6","it",false]', '["R6","it",true]'));
    expect(shape(b)).toEqual(expected);
    const langs = (v: typeof a) => Object.fromEntries(v.languages.map((l) => [l.locale, l]));
    expect(langs(a).it).toMatchObject({ texts: a.texts - DEMO_GUIDELINE.untranslatedIt.length, outOfDate: DEMO_GUIDELINE.outOfDateIt.length });
    expect(langs(b).it).toMatchObject({ texts: a.texts - DEMO_GUIDELINE.untranslatedIt.length, outOfDate: DEMO_GUIDELINE.outOfDateIt.length + 1 });
  });
});

describe('a published version is frozen', () => {
  it('refuses changes to its structure, attributes and source text, but takes translations', async () => {
    const { version } = (await findVersion(db(), DEMO_GUIDELINE.slug, '2.0'))!;
    expect(canEdit(version)).toBe(false);
    expect(canTranslate(version, 'it', 'en')).toBe(true);
    expect(canTranslate(version, 'en', 'en')).toBe(false);
    const page = (await findRecommendation(db(), DEMO_GUIDELINE.slug, '2.0', 'R4', 'it'))!;
    const r = page.recommendation;
    const notDraft = { ok: false, errors: { form: 'guidelines.errors.notDraft' } };
    expect(await updateRecommendation(db(), r.id, { ...r, statement: 'Changed', rationale: 'Changed.' })).toEqual(notDraft);
    expect(await saveTranslation(db(), 'recommendation', r.id, 'en', { statement: 'Changed', rationale: 'Changed.' })).toEqual(notDraft);
    expect(await addChapter(db(), version.id, { title: 'New', intro: '' })).toEqual(notDraft);
    expect(await addRecommendation(db(), page.section.id, rec())).toEqual(notDraft);
    expect(await removeRecommendation(db(), r.id)).toEqual(notDraft);
    expect(await moveRecommendation(db(), r.id, { sectionId: page.section.id, position: 1 })).toEqual(notDraft);
    expect(await setVersionStatus(db(), version.id, 'draft')).toEqual({ ok: false, errors: { status: 'guidelines.errors.transition' } });
    // A superseded version takes nothing, not even translations.
    const old = (await findRecommendation(db(), DEMO_GUIDELINE.slug, '1.0', 'R20', 'en'))!;
    expect(await saveTranslation(db(), 'recommendation', old.recommendation.id, 'it', { statement: 'Testo', rationale: 'Motivazione.' })).toEqual(notDraft);
    const [unchanged] = await db().select().from(recommendationTranslations).where(and(eq(recommendationTranslations.recommendationId, r.id), eq(recommendationTranslations.locale, 'en')));
    expect(unchanged!.statement).toMatch(/within 14 days/);
  });
});

describe('reading a version in a language', () => {
  it('falls back for missing texts and marks translations older than their source', async () => {
    const { version } = (await findVersion(db(), DEMO_GUIDELINE.slug, '2.0'))!;
    const it_ = (await readVersion(db(), version.id, 'it'))!;
    const recs = new Map(it_.chapters.flatMap((c) => c.sections.flatMap((s) => s.recommendations)).map((r) => [r.identifier, r]));
    expect([...recs.keys()]).toHaveLength(21);
    expect(it_.guideline.text).toMatchObject({ locale: 'it', fallback: false, outOfDate: false });
    expect(it_.guideline.organisation?.name).toBe(DEMO_GUIDELINE.organisation);
    expect(it_.version.changeNote?.value.changeNote).toMatch(/^Seconda edizione/);
    for (const id of DEMO_GUIDELINE.untranslatedIt) expect(recs.get(id)!.text).toMatchObject({ locale: 'en', fallback: true, outOfDate: false });
    for (const id of DEMO_GUIDELINE.outOfDateIt) expect(recs.get(id)!.text).toMatchObject({ locale: 'it', fallback: false, outOfDate: true });
    expect(recs.get('R1')!.text).toMatchObject({ locale: 'it', fallback: false, outOfDate: false });
    expect(recs.get('R4')!.text!.value.statement).toMatch(/entro 30 giorni/);
    expect(recs.get('R7')).toMatchObject({ number: '3.1.1', strength: 'strong', evidence: 'moderate', steps: ['referral', 'coordination'], permalink: `/guidelines/${DEMO_GUIDELINE.slug}/2.0/recommendations/R7` });
    expect(it_.chapters.map((c) => c.text!.value.title)).toContain('Cura e riabilitazione');
    // Every step of the pathway has recommendations.
    expect(new Set([...recs.values()].flatMap((r) => r.steps)).size).toBe(8);
    // German has no text at all: English throughout, marked as a fallback.
    const de = (await readVersion(db(), version.id, 'de'))!;
    expect(de.chapters.flatMap((c) => c.sections.flatMap((s) => s.recommendations)).every((r) => r.text?.locale === 'en' && r.text.fallback)).toBe(true);
  });

  it('brings a translation up to date, with history', async () => {
    const g = await smallGuideline('translating');
    must(await saveTranslation(db(), 'recommendation', g.r1.id, 'it', { statement: 'Offrire a ogni ospite un colloquio riservato.', rationale: 'Un colloquio precoce trova bisogni che lo screening non vede.' }));
    const text = async () => (await findRecommendation(db(), 'translating', '1.0', 'R1', 'it'))!.recommendation.text!;
    expect(await text()).toMatchObject({ locale: 'it', outOfDate: false });
    must(await updateRecommendation(db(), g.r1.id, { ...rec(), statement: 'Offer every resident a confidential interview with a psychologist within two weeks of arrival.' }));
    expect(await text()).toMatchObject({ locale: 'it', outOfDate: true });
    expect(await saveTranslation(db(), 'recommendation', g.r1.id, 'it', { statement: '', rationale: '' })).toEqual({ ok: false, errors: { statement: 'errors.required', rationale: 'errors.required' } });
    expect(await saveTranslation(db(), 'recommendation', g.r1.id, 'tlh', { statement: 'x', rationale: 'y' })).toEqual({ ok: false, errors: { locale: 'errors.choose' } });
    must(await saveTranslation(db(), 'recommendation', g.r1.id, 'it', { statement: 'Offrire a ogni ospite un colloquio riservato entro due settimane.', rationale: 'Un colloquio precoce trova bisogni che lo screening non vede.' }));
    expect(await text()).toMatchObject({ locale: 'it', outOfDate: false });
    expect((await listRevisions(db(), REVISION_TYPES.recommendation, g.r1.id, 'it', 1, 10)).total).toBe(2);
    expect((await listRevisions(db(), REVISION_TYPES.recommendation, g.r1.id, 'en', 1, 10)).total).toBe(2);
    // Guideline and section texts translate the same way.
    must(await saveTranslation(db(), 'guideline', g.id, 'it', { title: 'Linee di prova', summary: '' }));
    must(await saveTranslation(db(), 'section', g.section, 'it', { title: 'Arrivo', intro: '' }));
    const v = (await readVersion(db(), g.v1, 'it'))!;
    expect([v.guideline.text!.value.title, v.chapters[0]!.text!.fallback, v.chapters[0]!.sections[0]!.text!.value.title]).toEqual(['Linee di prova', true, 'Arrivo']);
  });
});

describe('comparing versions', () => {
  it('reports exactly what changed between the demo’s 1.0 and 2.0', async () => {
    const diff = (await diffVersionsByLabel(db(), DEMO_GUIDELINE.slug, '1.0', '2.0', 'en'))!;
    const by = (change: string) => diff.recommendations.filter((r) => r.change === change).map((r) => r.identifier);
    expect(by('added')).toEqual(DEMO_GUIDELINE.added);
    expect(by('removed')).toEqual(DEMO_GUIDELINE.removed);
    expect(Object.fromEntries(diff.recommendations.filter((r) => r.change === 'changed').map((r) => [r.identifier, r.fields]))).toEqual(DEMO_GUIDELINE.changed);
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 6, unchanged: 14, moved: 1 });
    // In reading order: R22 after R6 (its new place), R15 where it used to be (after R14).
    const order = diff.recommendations.map((r) => r.identifier);
    expect(order.indexOf('R22')).toBe(order.indexOf('R6') + 1);
    expect(order.indexOf('R15')).toBe(order.indexOf('R14') + 1);

    const r4 = diff.recommendations.find((r) => r.identifier === 'R4')!;
    expect(r4.statement.filter((p) => p.kind === 'removed').map((p) => p.value.trim())).toEqual(['30']);
    expect(r4.statement.filter((p) => p.kind === 'added').map((p) => p.value.trim())).toEqual(['14']);
    expect(r4.statement.map((p) => (p.kind === 'added' ? '' : p.value)).join('')).toBe(r4.before!.text!.value.statement);
    expect(r4.statement.map((p) => (p.kind === 'removed' ? '' : p.value)).join('')).toBe(r4.after!.text!.value.statement);
    expect([r4.before!.evidence, r4.after!.evidence]).toEqual(['low', 'moderate']);
    expect(r4.rationale.every((p) => p.kind === 'same')).toBe(true);
    const r21 = diff.recommendations.find((r) => r.identifier === 'R21')!;
    expect([r21.before!.section.key, r21.after!.section.key]).toEqual(['S10', 'S12']);
    const r22 = diff.recommendations.find((r) => r.identifier === 'R22')!;
    expect(r22.statement.map((p) => p.kind)).toEqual(['added']);
    const r15 = diff.recommendations.find((r) => r.identifier === 'R15')!;
    expect([r15.after, r15.statement.map((p) => p.kind)]).toEqual([null, ['removed']]);

    const parts = (list: typeof diff.chapters) => Object.fromEntries(list.filter((p) => p.change !== 'unchanged').map((p) => [p.key, p.change]));
    expect(parts(diff.chapters)).toEqual({ C5: 'renamed' });
    expect(parts(diff.sections)).toEqual({ S3: 'renamed', S10: 'removed', S12: 'added' });
    const c5 = diff.chapters.find((c) => c.key === 'C5')!;
    expect(c5.title.map((p) => [p.kind, p.value.trim()])).toEqual([
      ['same', 'Treatment'],
      ['added', 'and rehabilitation'],
    ]);
  });

  it('shows word-level differences in the reader’s language, and an out-of-date translation as such', async () => {
    const diff = (await diffVersionsByLabel(db(), DEMO_GUIDELINE.slug, '1.0', '2.0', 'it'))!;
    const r9 = diff.recommendations.find((r) => r.identifier === 'R9')!;
    expect(r9.after!.text).toMatchObject({ locale: 'it', outOfDate: false });
    expect(r9.statement.filter((p) => p.kind === 'removed').map((p) => p.value).join('')).toMatch(/24 ore/);
    expect(r9.statement.filter((p) => p.kind === 'added').map((p) => p.value).join('')).toMatch(/giornata/);
    // R4 changed in English; its Italian did not follow: no visible change, but marked out of date.
    const r4 = diff.recommendations.find((r) => r.identifier === 'R4')!;
    expect(r4.change).toBe('changed');
    expect(r4.after!.text).toMatchObject({ locale: 'it', outOfDate: true });
    expect(r4.statement.every((p) => p.kind === 'same')).toBe(true);
    // Swapping the two gives the mirror image.
    const back = (await diffVersions(db(), diff.to.id, diff.from.id, 'it'))!;
    expect(back.counts).toEqual({ added: 1, removed: 1, changed: 6, unchanged: 14, moved: 1 });
    expect(back.recommendations.filter((r) => r.change === 'added').map((r) => r.identifier)).toEqual(['R15']);
  });

  it('reports a recommendation and a section moved in a new draft as moved', async () => {
    const g = await smallGuideline('moved-in-draft');
    must(await setVersionStatus(db(), g.v1, 'published'));
    const v2 = must(await createDraftVersion(db(), g.id, { label: '1.1', copyFromId: g.v1 }));
    const draft = (await readVersion(db(), v2.id, 'en'))!;
    const [arrival, staying] = draft.chapters[0]!.sections;
    // R1 goes from "Arrival" to the end of "Staying"; "Staying" then goes to a new chapter.
    must(await moveRecommendation(db(), arrival!.recommendations[0]!.id, { sectionId: staying!.id, position: 9 }));
    const care = must(await addChapter(db(), v2.id, { title: 'Care', intro: '' }));
    must(await moveSection(db(), staying!.id, { chapterId: care.id, position: 0 }));

    const diff = (await diffVersions(db(), g.v1, v2.id, 'en'))!;
    const r1 = diff.recommendations.find((r) => r.identifier === 'R1')!;
    expect(r1).toMatchObject({ change: 'changed', fields: ['moved'] });
    expect([r1.before!.section.key, r1.after!.section.key]).toEqual([arrival!.key, staying!.key]);
    expect([r1.before!.number, r1.after!.number]).toEqual(['1.1.1', '2.1.2']);
    expect(r1.statement.every((p) => p.kind === 'same')).toBe(true);
    // R2 stayed in its section, which moved with it: not a moved recommendation.
    expect(diff.recommendations.find((r) => r.identifier === 'R2')).toMatchObject({ change: 'unchanged', fields: [] });
    expect(diff.counts).toMatchObject({ changed: 1, unchanged: 1, moved: 1 });
    expect(diff.sections.find((s) => s.key === staying!.key)).toMatchObject({ moved: true, chapterKey: care.key, change: 'unchanged' });
    expect(diff.sections.find((s) => s.key === arrival!.key)).toMatchObject({ moved: false });
  });

  it('finds nothing to compare across two guidelines', async () => {
    const g = await smallGuideline('other-guideline');
    const demo = (await findVersion(db(), DEMO_GUIDELINE.slug, '2.0'))!;
    expect(await diffVersions(db(), g.v1, demo.version.id, 'en')).toBeNull();
  });
});

describe('permalinks and citations', () => {
  it('cites a recommendation of a version', async () => {
    const url = 'http://ponte.test';
    expect(await citeRecommendation(db(), { slug: DEMO_GUIDELINE.slug, label: '2.0', identifier: 'R7' }, 'en', url)).toBe(
      `${DEMO_GUIDELINE.title}, version 2.0, recommendation R7. ${DEMO_GUIDELINE.organisation}, 2025. ${url}/guidelines/${DEMO_GUIDELINE.slug}/2.0/recommendations/R7`,
    );
    const parts = (await citationParts(db(), { slug: DEMO_GUIDELINE.slug, label: '1.0', identifier: 'r15' }, 'it', `${url}/`))!;
    expect(formatCitation(parts, { version: 'versione', recommendation: 'raccomandazione', status: { superseded: 'sostituita' } })).toBe(
      `Linee di indirizzo nazionali sul sostegno psicosociale a rifugiati e richiedenti asilo (demo), versione 1.0 (sostituita), raccomandazione R15. ${DEMO_GUIDELINE.organisation}, 2022. ${url}/guidelines/${DEMO_GUIDELINE.slug}/1.0/recommendations/R15`,
    );
    const consultation = (await citeRecommendation(db(), { slug: DEMO_GUIDELINE.slug, label: '2.1', identifier: 'R6' }, 'en', url))!;
    expect(consultation).toContain('version 2.1 (draft for public consultation), recommendation R6.');
    expect(await citeRecommendation(db(), { slug: DEMO_GUIDELINE.slug, label: '2.0', identifier: 'R15' }, 'en', url)).toBeNull();
    // The recommendation's page knows its other versions.
    const page = (await findRecommendation(db(), DEMO_GUIDELINE.slug, 'current', 'R21', 'en'))!;
    expect(page.version.label).toBe('2.0');
    expect(page.otherVersions).toEqual([
      { label: '2.1', status: 'consultation' },
      { label: '1.0', status: 'superseded' },
    ]);
    expect([page.chapter.key, page.section.key, page.recommendation.number]).toEqual(['C8', 'S12', '8.2.1']);
  });
});

describe('site search', () => {
  const find = (q: string, locale: 'en' | 'it') => search(ctx.platform.database, { q, locale, language: locale, type: 'recommendation', page: 1, pageSize: 20 });

  it('finds the published version’s recommendations in English and Italian, and nothing only superseded or in consultation', async () => {
    const base = `/guidelines/${DEMO_GUIDELINE.slug}/2.0/recommendations`;
    expect((await find('external', 'en')).hits.map((h) => h.url)).toEqual([`${base}/R21`]);
    expect((await find('esterno', 'it')).hits.map((h) => h.url)).toEqual([`${base}/R21`]);
    expect((await find('supervision', 'en')).hits.map((h) => h.url)).toContain(`${base}/R21`);
    expect((await find('Istanbul', 'it')).hits.map((h) => [h.url, h.locale])).toEqual([[`${base}/R16`, 'it']]);
    // R22 has no Italian text: found in English only.
    expect((await find('unaccompanied', 'en')).hits.map((h) => h.url)).toEqual([`${base}/R22`]);
    // R15 is in the superseded 1.0 only; "six months" only in the 2.1 consultation draft.
    expect((await find('journey', 'en')).total).toBe(0);
    // (Italian trigram matching finds other texts for "viaggio", but never the superseded one.)
    expect((await find('viaggio', 'it')).hits.filter((h) => h.url.includes('/1.0/') || h.url.endsWith('/R15'))).toEqual([]);
    expect((await find('every six months', 'en')).hits.filter((h) => h.url.includes('/2.1/'))).toEqual([]);
    expect((await find('Istanbul', 'en')).hits.map((h) => h.url)).toEqual([`${base}/R16`]);
  });

  it('moves the index to the new version when it is published', async () => {
    const g = await smallGuideline('searchable');
    must(await updateRecommendation(db(), g.r2.id, { ...rec({ strength: 'good-practice', evidence: null }), statement: 'Keep a lantern lit in the courtyard at night.' }));
    expect((await find('lantern', 'en')).total).toBe(0);
    must(await setVersionStatus(db(), g.v1, 'published'));
    expect((await find('lantern', 'en')).hits.map((h) => h.url)).toEqual(['/guidelines/searchable/1.0/recommendations/R2']);
    const v2 = must(await createDraftVersion(db(), g.id, { label: '2.0', copyFromId: g.v1 }));
    const r2 = (await findRecommendation(db(), 'searchable', '2.0', 'R2', 'en'))!.recommendation;
    must(await updateRecommendation(db(), r2.id, { ...r2, statement: 'Keep a calm space open for residents day and night.', rationale: 'Rest matters.' }));
    // Drafts are not in the index.
    expect((await find('calm space', 'en')).total).toBe(0);
    must(await setVersionStatus(db(), v2.id, 'published'));
    expect((await find('lantern', 'en')).total).toBe(0);
    expect((await find('calm space', 'en')).hits.map((h) => h.url)).toEqual(['/guidelines/searchable/2.0/recommendations/R2']);
    // A translation saved on the published version is searchable at once.
    must(await saveTranslation(db(), 'recommendation', r2.id, 'it', { statement: 'Tenere aperto uno spazio tranquillo giorno e notte.', rationale: 'Il riposo conta.' }));
    expect((await find('tranquillo', 'it')).hits.map((h) => h.url)).toEqual(['/guidelines/searchable/2.0/recommendations/R2']);
  });
});
