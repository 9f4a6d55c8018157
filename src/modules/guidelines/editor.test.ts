import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../../../test/helpers.js';
import { createOrganisation } from '../../platform/identity/organisations.js';
import { auditEvents, organisationTypes, users } from '../../platform/schema.js';
import { search } from '../../platform/search.js';
import { addLesson, addModule, createCourse } from '../training/authoring.js';
import { enrol } from '../training/learning.js';
import { publishCourse } from '../training/versions.js';
import { recommendationsTaughtBy } from './lesson-links.js';
import { guidelineLessonLinks, guidelines, guidelineTranslations, guidelineVersions, recommendations, recommendationTranslations } from './schema.js';
import { addChapter, addSection, listVersions, readVersion, saveTranslation } from './service.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;
const db = () => ctx.platform.database.db;
const M = '/guidelines/manage';

beforeAll(async () => {
  ctx = await testApp();
  editor = await signedInAs(ctx, 'guideline-editor@example.org', 'editor');
});
afterAll(async () => ctx?.close());

/** The path a 303 answer sends the browser to. */
const location = (res: { statusCode: number; headers: Record<string, unknown> }) => {
  expect(res.statusCode).toBe(303);
  return String(res.headers.location);
};
const idIn = (path: string, prefix: string) => new RegExp(`${prefix}/([0-9a-f-]{36})`).exec(path)![1]!;

const recForm = (over: Record<string, string | string[]> = {}) => ({
  statement: 'Offer every resident a confidential interview with a psychologist within a month of arrival.',
  rationale: 'An early interview finds needs that screening alone misses.',
  strength: 'conditional',
  evidence: 'low',
  roles: ['psychologist', 'cultural-mediator'],
  steps: ['screening', 'referral'],
  ...over,
});

/** A guideline built through the pages: one chapter, one section, one recommendation, in draft 1.0. */
async function draftThroughPages(slug: string) {
  const g = idIn(location(await editor.post(M, { slug, sourceLocale: 'en', title: `Guideline ${slug}`, summary: 'What it is for.', organisationId: '' })), M);
  const v = idIn(location(await editor.post(`${M}/${g}/versions`, { label: '1.0', changeNote: 'First edition.' })), `${M}/versions`);
  location(await editor.post(`${M}/versions/${v}/chapters`, { title: 'Reception', intro: '' }));
  const chapter = (await readVersion(db(), v, 'en'))!.chapters[0]!.id;
  expect((await editor.get(`${M}/chapters/${chapter}/sections/new`)).statusCode).toBe(200);
  location(await editor.post(`${M}/chapters/${chapter}/sections`, { title: 'Arrival', intro: 'The first weeks.' }));
  const section = (await readVersion(db(), v, 'en'))!.chapters[0]!.sections[0]!.id;
  const form = await editor.get(`${M}/sections/${section}/recommendations/new`);
  expect(form.statusCode).toBe(200);
  // The next free identifier is suggested.
  expect(form.body).toMatch(/name="identifier"[^>]*value="R1"/);
  location(await editor.post(`${M}/sections/${section}/recommendations`, { identifier: 'R1', ...recForm() }));
  const rec = (await readVersion(db(), v, 'en'))!.chapters[0]!.sections[0]!.recommendations[0]!;
  return { g, v, chapter, section, rec };
}

const countRecs = async (versionId: string) => (await db().select().from(recommendations).where(eq(recommendations.versionId, versionId))).length;

describe('editing a guideline through its pages', () => {
  it('creates, consults on, publishes, re-drafts and supersedes a version', async () => {
    const { g, v, rec } = await draftThroughPages('pages-lifecycle');
    expect(rec).toMatchObject({ identifier: 'R1', strength: 'conditional', evidence: 'low', roles: ['cultural-mediator', 'psychologist'], steps: ['screening', 'referral'] });
    const list = await editor.get(M);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="${M}/${g}"`);
    const structure = await editor.get(`${M}/versions/${v}`);
    expect(structure.statusCode).toBe(200);
    expect(structure.body).toContain(`action="${M}/recommendations/${rec.id}/remove"`);

    expect(location(await editor.post(`${M}/versions/${v}/status`, { to: 'consultation', consultationStartsOn: '2026-03-01', consultationEndsOn: '2026-04-30' }))).toBe(`${M}/${g}?notice=consultation`);
    expect(await db().select({ status: guidelineVersions.status, ends: guidelineVersions.consultationEndsOn }).from(guidelineVersions).where(eq(guidelineVersions.id, v))).toEqual([{ status: 'consultation', ends: '2026-04-30' }]);
    // A version in consultation is frozen: shown read-only, and changes are refused.
    const frozen = await editor.get(`${M}/versions/${v}`);
    expect(frozen.statusCode).toBe(200);
    expect(frozen.body).not.toContain(`${M}/versions/${v}/chapters`);
    expect((await editor.post(`${M}/recommendations/${rec.id}`, recForm({ statement: 'Changed while frozen.' }))).statusCode).toBe(409);
    expect((await editor.get(`${M}/sections/${rec.id}/recommendations/new`)).statusCode).toBe(404);

    location(await editor.post(`${M}/versions/${v}/status`, { to: 'published' }));
    const find = (q: string) => search(ctx.platform.database, { q, locale: 'en', language: 'en', type: 'recommendation', page: 1, pageSize: 20 });
    expect((await find('confidential interview')).hits.map((h) => h.url)).toEqual(['/guidelines/pages-lifecycle/1.0/recommendations/R1']);
    const [audited] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'guidelines.version.status'), eq(auditEvents.targetId, v), eq(auditEvents.outcome, 'success')));
    expect(audited).toBeDefined();

    // A new draft copies the published version's content.
    const page = await editor.get(`${M}/${g}`);
    expect(page.body).toMatch(/name="label"[^>]*value="1.1"/);
    const v2 = idIn(location(await editor.post(`${M}/${g}/versions`, { label: '2.0', changeNote: 'Second edition.' })), `${M}/versions`);
    const copied = (await readVersion(db(), v2, 'en'))!.chapters[0]!.sections[0]!.recommendations[0]!;
    expect(copied).toMatchObject({ identifier: 'R1', text: { value: { statement: recForm().statement } } });
    location(await editor.post(`${M}/recommendations/${copied.id}`, recForm({ statement: 'Offer every resident a confidential interview within two weeks of arrival.' })));
    // Publishing over a published version asks for confirmation first.
    const unconfirmed = await editor.post(`${M}/versions/${v2}/status`, { to: 'published' });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('id="field-confirm-error"');
    expect((await getVersionStatus(v2))).toBe('draft');
    location(await editor.post(`${M}/versions/${v2}/status`, { to: 'published', confirm: 'on' }));
    expect((await listVersions(db(), g)).map((x) => [x.label, x.status])).toEqual([
      ['2.0', 'published'],
      ['1.0', 'superseded'],
    ]);
    expect((await find('two weeks')).hits.map((h) => h.url)).toEqual(['/guidelines/pages-lifecycle/2.0/recommendations/R1']);
    // The superseded version left the index.
    expect((await find('psychologist')).hits.filter((h) => h.url.includes('/pages-lifecycle/1.0/'))).toEqual([]);
    // Published versions cannot be deleted; unknown versions are not found.
    expect((await editor.post(`${M}/versions/${v2}/delete`)).statusCode).toBe(409);
    expect((await editor.post(`${M}/versions/00000000-0000-4000-8000-000000000000/delete`)).statusCode).toBe(404);
    expect((await editor.get(`${M}/versions/not-an-id`)).statusCode).toBe(404);
  });

  it('moves and removes items of a draft, and deletes a draft', async () => {
    const { g, v, section, chapter } = await draftThroughPages('pages-structure');
    location(await editor.post(`${M}/sections/${section}/recommendations`, { identifier: '', ...recForm({ statement: 'Keep a quiet room open at any hour.', strength: 'good-practice', evidence: '' }) }));
    const before = (await readVersion(db(), v, 'en'))!.chapters[0]!.sections[0]!.recommendations.map((r) => r.identifier);
    expect(before).toEqual(['R1', 'R2']);
    const r2 = (await readVersion(db(), v, 'en'))!.chapters[0]!.sections[0]!.recommendations[1]!;
    location(await editor.post(`${M}/recommendations/${r2.id}/move`, { direction: 'up' }));
    expect((await readVersion(db(), v, 'en'))!.chapters[0]!.sections[0]!.recommendations.map((r) => r.identifier)).toEqual(['R2', 'R1']);
    // A chapter with sections is not removed.
    expect((await editor.post(`${M}/chapters/${chapter}/remove`)).statusCode).toBe(409);
    location(await editor.post(`${M}/recommendations/${r2.id}/remove`));
    expect(await countRecs(v)).toBe(1);
    // Editing a section's title in the original language.
    location(await editor.post(`${M}/sections/${section}`, { title: 'Arrival and first weeks', intro: '' }));
    expect((await readVersion(db(), v, 'en'))!.chapters[0]!.sections[0]!.text!.value.title).toBe('Arrival and first weeks');
    location(await editor.post(`${M}/versions/${v}/delete`));
    expect(await listVersions(db(), g)).toEqual([]);
  });

  it('refuses invalid input with 400, the error next to the field, and writes nothing', async () => {
    const { g, v, section } = await draftThroughPages('pages-invalid');
    const empty = await editor.post(`${M}/sections/${section}/recommendations`, { identifier: 'R9', ...recForm({ statement: '   ' }) });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="field-statement-error"');
    // What was typed stays in the form.
    expect(empty.body).toContain('An early interview finds needs that screening alone misses.');
    const taken = await editor.post(`${M}/sections/${section}/recommendations`, { identifier: 'r1', ...recForm() });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('id="field-identifier-error"');
    const graded = await editor.post(`${M}/sections/${section}/recommendations`, { identifier: 'R9', ...recForm({ strength: 'good-practice', evidence: 'high' }) });
    expect(graded.statusCode).toBe(400);
    expect(graded.body).toContain('id="field-evidence-error"');
    expect(await countRecs(v)).toBe(1);

    const consultation = await editor.post(`${M}/versions/${v}/status`, { to: 'consultation', consultationEndsOn: '' });
    expect(consultation.statusCode).toBe(400);
    expect(consultation.body).toContain('id="field-consultationEndsOn-error"');
    expect(await getVersionStatus(v)).toBe('draft');
    // With the draft thrown away, a badly written label for a new one.
    location(await editor.post(`${M}/versions/${v}/delete`));
    const bad = await editor.post(`${M}/${g}/versions`, { label: 'version two', changeNote: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="field-label-error"');
    expect(bad.body).toContain('value="version two"');
    expect(await listVersions(db(), g)).toEqual([]);

    const slug = await editor.post(M, { slug: 'Not A Slug', sourceLocale: 'en', title: '', summary: '' });
    expect(slug.statusCode).toBe(400);
    expect(slug.body).toContain('id="field-slug-error"');
    expect(slug.body).toContain('id="field-title-error"');
    expect(await db().select().from(guidelines).where(eq(guidelines.slug, 'not-a-slug'))).toEqual([]);
  });
});

async function getVersionStatus(id: string) {
  const [v] = await db().select({ status: guidelineVersions.status }).from(guidelineVersions).where(eq(guidelineVersions.id, id));
  return v?.status;
}

describe('who may edit', () => {
  it('forbids learners, sends anonymous visitors to sign in, and lets translators translate but not edit', async () => {
    const { g, v, chapter, rec } = await draftThroughPages('pages-access');
    const learner = await signedInAs(ctx, 'guideline-learner@example.org', 'learner');
    expect((await learner.get(M)).statusCode).toBe(403);
    expect((await learner.post(`${M}/versions/${v}/chapters`, { title: 'Mine' })).statusCode).toBe(403);
    expect((await learner.get(`${M}/versions/${v}/translate/it`)).statusCode).toBe(403);
    const anonymous = new Client(ctx.app);
    const away = await anonymous.get(`${M}/versions/${v}`);
    expect(away.statusCode).toBe(303);
    expect(away.headers.location).toBe(`/signin?next=${encodeURIComponent(`${M}/versions/${v}`)}`);

    location(await editor.post(`${M}/versions/${v}/status`, { to: 'published' }));
    const translator = await signedInAs(ctx, 'guideline-translator@example.org', 'translator');
    expect((await translator.get(`${M}/${g}`)).statusCode).toBe(200);
    const page = await translator.get(`${M}/versions/${v}/translate/it`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(recForm().statement);
    expect(page.body).toContain(`name="f-${rec.id}-statement"`);
    const saved = await translator.post(`${M}/versions/${v}/translate/it`, {
      kind: 'recommendation',
      id: rec.id,
      [`f-${rec.id}-statement`]: 'Offrire a ogni ospite un colloquio riservato con uno psicologo entro un mese dall’arrivo.',
      [`f-${rec.id}-rationale`]: 'Un colloquio precoce trova bisogni che lo screening da solo non vede.',
    });
    expect(location(saved)).toBe(`${M}/versions/${v}/translate/it?saved=${rec.id}#item-${rec.id}`);
    const [it] = await db()
      .select()
      .from(recommendationTranslations)
      .where(and(eq(recommendationTranslations.recommendationId, rec.id), eq(recommendationTranslations.locale, 'it')));
    expect(it).toMatchObject({ statement: expect.stringContaining('colloquio riservato'), sourceRevision: 1 });
    // An empty statement is refused next to its field, and the Italian text stays as it was.
    const empty = await translator.post(`${M}/versions/${v}/translate/it`, { kind: 'recommendation', id: rec.id, [`f-${rec.id}-statement`]: '', [`f-${rec.id}-rationale`]: 'x' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain(`id="field-f-${rec.id}-statement-error"`);
    // The original language is not a translator's to change, nor the structure.
    expect((await translator.post(`${M}/versions/${v}/translate/en`, { kind: 'recommendation', id: rec.id, [`f-${rec.id}-statement`]: 'Mine.', [`f-${rec.id}-rationale`]: 'Mine.' })).statusCode).toBe(403);
    expect((await translator.post(`${M}/chapters/${chapter}`, { title: 'Mine', intro: '' })).statusCode).toBe(403);
    expect((await translator.get(`${M}/versions/${v}`)).statusCode).toBe(403);
    expect((await translator.post(`${M}/${g}/versions`, { label: '2.0' })).statusCode).toBe(403);

    // When the English original changes in a later draft, the Italian copy is marked out of date there.
    const v2 = idIn(location(await editor.post(`${M}/${g}/versions`, { label: '1.1', changeNote: '' })), `${M}/versions`);
    const copied = (await readVersion(db(), v2, 'en'))!.chapters[0]!.sections[0]!.recommendations[0]!;
    location(await editor.post(`${M}/recommendations/${copied.id}`, recForm({ statement: 'Offer every resident a confidential interview within two weeks.' })));
    const marked = await translator.get(`${M}/versions/${v2}/translate/it`);
    expect(marked.body).toMatch(new RegExp(`id="item-${copied.id}"[\\s\\S]*?translation-state--out-of-date`));
  });
});

describe('lessons that teach a recommendation', () => {
  it('links a lesson by the recommendation’s identifier and shows it on the lesson page', async () => {
    const { v, rec } = await draftThroughPages('pages-lessons');
    const course = await createCourse(db(), { slug: 'teaching-course', sourceLocale: 'en', level: 'interdisciplinary', topics: ['guidelines'], durationMinutes: 30, title: 'Teaching course', summary: 'A course.', outcomes: ['Know'], description: '' });
    if ('error' in course) throw new Error('slug');
    const m = await addModule(db(), course.id, 'en', 'Basics');
    const lesson = await addLesson(db(), m, { durationMinutes: 10, locale: 'en', title: 'Confidential interviews' });
    await addLesson(db(), m, { durationMinutes: 10, locale: 'en', title: 'Other things' });
    expect(await publishCourse(db(), course.id, null)).toMatchObject({ ok: true });

    const page = await editor.get(`${M}/recommendations/${rec.id}?lq=confidential`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<option value="${lesson}"`);
    expect(page.body).not.toContain('Other things');
    expect((await editor.post(`${M}/recommendations/${rec.id}/lessons`, { lessonId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
    location(await editor.post(`${M}/recommendations/${rec.id}/lessons`, { lessonId: lesson }));
    expect(await db().select({ identifier: guidelineLessonLinks.identifier }).from(guidelineLessonLinks).where(eq(guidelineLessonLinks.lessonId, lesson))).toEqual([{ identifier: 'R1' }]);

    // Nothing is published yet: the lesson teaches nothing readers can open.
    expect(await recommendationsTaughtBy(db(), lesson, 'en')).toEqual([]);
    location(await editor.post(`${M}/versions/${v}/status`, { to: 'published' }));
    expect(await recommendationsTaughtBy(db(), lesson, 'en')).toEqual([
      { guideline: { slug: 'pages-lessons', title: 'Guideline pages-lessons', titleLocale: 'en' }, identifier: 'R1', statement: recForm().statement, statementLocale: 'en', permalink: '/guidelines/pages-lessons/1.0/recommendations/R1' },
    ]);

    const learner = await signedInAs(ctx, 'lesson-learner@example.org', 'learner');
    const [u] = await db().select({ id: users.id }).from(users).where(eq(users.email, 'lesson-learner@example.org'));
    expect(await enrol(db(), u!.id, 'teaching-course')).toMatchObject({ ok: true });
    const lessonPage = await learner.get(`/learn/teaching-course/lessons/${lesson}`);
    expect(lessonPage.statusCode).toBe(200);
    expect(lessonPage.body).toContain('href="/guidelines/pages-lessons/1.0/recommendations/R1"');

    // The link follows the identifier into the next published version.
    const g = (await readVersion(db(), v, 'en'))!.guideline.id;
    const v2 = idIn(location(await editor.post(`${M}/${g}/versions`, { label: '1.1', changeNote: '' })), `${M}/versions`);
    location(await editor.post(`${M}/versions/${v2}/status`, { to: 'published', confirm: 'on' }));
    expect((await recommendationsTaughtBy(db(), lesson, 'en')).map((r) => r.permalink)).toEqual(['/guidelines/pages-lessons/1.1/recommendations/R1']);
    // The lesson page, which keeps what it read until public content changes, follows at once.
    expect((await learner.get(`/learn/teaching-course/lessons/${lesson}`)).body).toContain('href="/guidelines/pages-lessons/1.1/recommendations/R1"');

    location(await editor.post(`${M}/recommendations/${rec.id}/lessons/${lesson}/unlink`));
    expect(await recommendationsTaughtBy(db(), lesson, 'en')).toEqual([]);
    expect((await learner.get(`/learn/teaching-course/lessons/${lesson}`)).body).not.toContain('/guidelines/pages-lessons/');
    expect((await editor.post(`${M}/recommendations/${rec.id}/lessons/${lesson}/unlink`)).statusCode).toBe(404);
  });
});

describe('history of a recommendation', () => {
  it('lists the revisions of its text and restores an earlier one', async () => {
    const { rec } = await draftThroughPages('pages-history');
    location(await editor.post(`${M}/recommendations/${rec.id}`, recForm({ statement: 'A second wording of the statement.' })));
    const history = await editor.get(`${M}/recommendations/${rec.id}/history`);
    expect(history.statusCode).toBe(200);
    const revisions = [...history.body.matchAll(new RegExp(`${M}/recommendations/${rec.id}/history/([0-9a-f-]{36})`, 'g'))].map((m) => m[1]!);
    expect(new Set(revisions).size).toBe(2);
    // The oldest (listed last) is the statement as first written.
    location(await editor.post(`${M}/recommendations/${rec.id}/history/${revisions[revisions.length - 1]}/restore`));
    const [en] = await db()
      .select()
      .from(recommendationTranslations)
      .where(and(eq(recommendationTranslations.recommendationId, rec.id), eq(recommendationTranslations.locale, 'en')));
    expect(en!.statement).toBe(recForm().statement);
  });
});

describe('a guideline’s settings', () => {
  const guidelineText = async (id: string, locale: string) => {
    const [row] = await db()
      .select()
      .from(guidelineTranslations)
      .where(and(eq(guidelineTranslations.guidelineId, id), eq(guidelineTranslations.locale, locale)));
    return row;
  };

  it('changes the original title, summary and issuing organisation, keeps the address, and marks translations out of date', async () => {
    const { g, v } = await draftThroughPages('pages-settings');
    location(await editor.post(`${M}/versions/${v}/status`, { to: 'published' }));
    must(await saveTranslation(db(), 'guideline', g, 'it', { title: 'Linea guida', summary: 'A che cosa serve.' }));
    await db().insert(organisationTypes).values({ code: 'health-service', names: { en: 'Health service' } }).onConflictDoNothing();
    const org = await createOrganisation(db(), { name: 'Settings Issuing Body', typeCode: 'health-service', country: 'IT', regionId: null, website: null });

    const page = await editor.get(`${M}/${g}/settings`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/name="title"[^>]*value="Guideline pages-settings"/);
    expect(page.body).toContain('pages-settings');
    expect(page.body).not.toMatch(/name="slug"/);
    expect((await editor.get(`${M}/${g}`)).body).toContain(`href="${M}/${g}/settings"`);

    // A slug sent along is ignored: permalinks and citations depend on it.
    const saved = await editor.post(`${M}/${g}/settings`, { title: 'Reception and mental health', summary: 'For reception staff.', organisationId: org.id, slug: 'another-slug' });
    expect(location(saved)).toBe(`${M}/${g}?notice=saved`);
    const [row] = await db().select().from(guidelines).where(eq(guidelines.id, g));
    expect(row).toMatchObject({ slug: 'pages-settings', organisationId: org.id });
    const en = (await guidelineText(g, 'en'))!;
    expect(en).toMatchObject({ title: 'Reception and mental health', summary: 'For reception staff.', revision: 2 });
    // The Italian title was made from the first English one: now out of date.
    expect((await guidelineText(g, 'it'))!.sourceRevision).toBe(1);
    expect((await readVersion(db(), v, 'it'))!.guideline.text).toMatchObject({ locale: 'it', outOfDate: true });
    const [audited] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'guidelines.guideline.settings'), eq(auditEvents.targetId, g)));
    expect(audited).toMatchObject({ outcome: 'success', details: { title: true, summary: true, organisation: true, organisationId: org.id } });
    // Readers see the change at once.
    const pub = await new Client(ctx.app).get('/guidelines/pages-settings');
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('Reception and mental health');
    expect(pub.body).toContain('Settings Issuing Body');

    // The organisation can be taken away again; the unchanged text keeps its revision.
    location(await editor.post(`${M}/${g}/settings`, { title: 'Reception and mental health', summary: 'For reception staff.', organisationId: '' }));
    expect((await db().select({ o: guidelines.organisationId }).from(guidelines).where(eq(guidelines.id, g)))[0]!.o).toBeNull();
    expect((await guidelineText(g, 'en'))!.revision).toBe(2);
  });

  it('refuses invalid settings with 400 next to the fields, unknown guidelines with 404, and others than editors', async () => {
    const { g } = await draftThroughPages('pages-settings-invalid');
    const bad = await editor.post(`${M}/${g}/settings`, { title: '  ', summary: 'Kept as typed.', organisationId: '00000000-0000-4000-8000-000000000000' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="field-title-error"');
    expect(bad.body).toContain('id="field-organisationId-error"');
    expect(bad.body).toContain('Kept as typed.');
    const notAnId = await editor.post(`${M}/${g}/settings`, { title: 'Fine', summary: '', organisationId: 'nonsense' });
    expect(notAnId.statusCode).toBe(400);
    expect(notAnId.body).toContain('id="field-organisationId-error"');
    const long = await editor.post(`${M}/${g}/settings`, { title: 'x'.repeat(301), summary: '', organisationId: '' });
    expect(long.statusCode).toBe(400);
    expect((await guidelineText(g, 'en'))!.title).toBe('Guideline pages-settings-invalid');

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await editor.get(`${M}/${unknown}/settings`)).statusCode).toBe(404);
    expect((await editor.post(`${M}/${unknown}/settings`, { title: 'T', summary: '', organisationId: '' })).statusCode).toBe(404);
    expect((await editor.get(`${M}/not-an-id/settings`)).statusCode).toBe(404);
    const translator = await signedInAs(ctx, 'settings-translator@example.org', 'translator');
    expect((await translator.get(`${M}/${g}/settings`)).statusCode).toBe(403);
    expect((await translator.post(`${M}/${g}/settings`, { title: 'Mine', summary: '', organisationId: '' })).statusCode).toBe(403);
    expect((await guidelineText(g, 'en'))!.title).toBe('Guideline pages-settings-invalid');
  });
});

describe('moving a section or a recommendation elsewhere in the draft', () => {
  it('moves a section to another chapter and a recommendation to another section, at the end there', async () => {
    const { v, chapter, section, rec } = await draftThroughPages('pages-move-to');
    const second = must(await addChapter(db(), v, { title: 'Care', intro: '' }));
    const other = must(await addSection(db(), second.id, { title: 'Follow-up', intro: '' }));

    const sectionPage = await editor.get(`${M}/sections/${section}`);
    expect(sectionPage.statusCode).toBe(200);
    expect(sectionPage.body).toContain(`action="${M}/sections/${section}/move-to-chapter"`);
    // The other chapter is offered, not the section's own.
    expect(sectionPage.body).toContain(`<option value="${second.id}"`);
    expect(sectionPage.body).not.toContain(`<option value="${chapter}"`);
    const recPage = await editor.get(`${M}/recommendations/${rec.id}`);
    expect(recPage.body).toContain(`action="${M}/recommendations/${rec.id}/move-to-section"`);
    expect(recPage.body).toContain(`<option value="${other.id}"`);
    expect(recPage.body).not.toContain(`<option value="${section}"`);

    expect(location(await editor.post(`${M}/recommendations/${rec.id}/move-to-section`, { sectionId: other.id }))).toBe(`${M}/versions/${v}?notice=moved#rec-${rec.id}`);
    const shape = async () => (await readVersion(db(), v, 'en'))!.chapters.map((c) => [c.text?.value.title, c.sections.map((s) => [s.number, s.text?.value.title, s.recommendations.map((r) => `${r.number} ${r.identifier}`)])]);
    expect(await shape()).toEqual([
      ['Reception', [['1.1', 'Arrival', []]]],
      ['Care', [['2.1', 'Follow-up', ['2.1.1 R1']]]],
    ]);
    location(await editor.post(`${M}/sections/${section}/move-to-chapter`, { chapterId: second.id }));
    expect(await shape()).toEqual([
      ['Reception', []],
      [
        'Care',
        [
          ['2.1', 'Follow-up', ['2.1.1 R1']],
          ['2.2', 'Arrival', []],
        ],
      ],
    ]);
  });

  it('refuses a bad target with 400, unknown items with 404 and a frozen version with 409', async () => {
    const { v, chapter, section, rec } = await draftThroughPages('pages-move-bad');
    const other = await draftThroughPages('pages-move-other');
    const second = must(await addChapter(db(), v, { title: 'Care', intro: '' }));
    const target = must(await addSection(db(), second.id, { title: 'Follow-up', intro: '' }));
    const before = await readVersion(db(), v, 'en');
    for (const sectionId of ['', 'nonsense', section, other.section]) {
      const res = await editor.post(`${M}/recommendations/${rec.id}/move-to-section`, { sectionId });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('id="field-sectionId-error"');
    }
    for (const chapterId of ['', chapter, other.chapter, '00000000-0000-4000-8000-000000000000']) {
      const res = await editor.post(`${M}/sections/${section}/move-to-chapter`, { chapterId });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('id="field-chapterId-error"');
    }
    expect(await readVersion(db(), v, 'en')).toEqual(before);

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await editor.post(`${M}/recommendations/${unknown}/move-to-section`, { sectionId: section })).statusCode).toBe(404);
    expect((await editor.post(`${M}/sections/${unknown}/move-to-chapter`, { chapterId: chapter })).statusCode).toBe(404);
    const translator = await signedInAs(ctx, 'move-translator@example.org', 'translator');
    expect((await translator.post(`${M}/recommendations/${rec.id}/move-to-section`, { sectionId: section })).statusCode).toBe(403);

    // Filled, so that the version may go to consultation.
    location(await editor.post(`${M}/sections/${target.id}/recommendations`, { identifier: '', ...recForm({ statement: 'Plan the follow-up with the resident.' }) }));
    location(await editor.post(`${M}/versions/${v}/status`, { to: 'consultation', consultationEndsOn: '2030-01-31' }));
    const frozen = await readVersion(db(), v, 'en');
    expect((await editor.post(`${M}/recommendations/${rec.id}/move-to-section`, { sectionId: target.id })).statusCode).toBe(409);
    expect((await editor.post(`${M}/sections/${section}/move-to-chapter`, { chapterId: second.id })).statusCode).toBe(409);
    expect(await readVersion(db(), v, 'en')).toEqual(frozen);
    // A frozen recommendation's page offers no move.
    expect((await editor.get(`${M}/recommendations/${rec.id}`)).body).not.toContain('move-to-section');
  });
});

const must = <T extends object>(r: ({ ok: true } & T) | { ok: false; errors: Record<string, string> }): T => {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.errors)}`);
  return r;
};
