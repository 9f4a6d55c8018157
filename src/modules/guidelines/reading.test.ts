import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { Client, testApp } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { addLesson, addModule, createCourse } from '../training/authoring.js';
import { courses } from '../training/schema.js';
import { eq } from 'drizzle-orm';
import { DEMO_GUIDELINE } from './demo.js';
import { lessonsTeaching } from './lesson-links.js';
import { guidelineLessonLinks } from './schema.js';
import { addChapter, addRecommendation, addSection, createDraftVersion, createGuideline, getGuideline } from './service.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let anon: Client;
const db = () => ctx.platform.database.db;
const slug = DEMO_GUIDELINE.slug;
const base = `/guidelines/${slug}`;

/** The text of the page without tags, spaces collapsed (for reading what a person sees). */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
  anon = new Client(ctx.app);
  // A guideline that has only a draft: nothing of it is public.
  const g = await createGuideline(db(), { slug: 'draft-only-guideline', sourceLocale: 'en', organisationId: null, title: 'Unpublished guideline', summary: '' });
  if (!g.ok) throw new Error('guideline');
  const v = await createDraftVersion(db(), g.id, { label: '1.0', copyFromId: null });
  if (!v.ok) throw new Error('draft');
  const c = await addChapter(db(), v.id, { title: 'Secret chapter', intro: '' });
  const s = c.ok && (await addSection(db(), c.id, { title: 'Secret section', intro: '' }));
  if (!s || !s.ok) throw new Error('section');
  await addRecommendation(db(), s.id, { identifier: 'R1', statement: 'A statement nobody outside may read yet.', rationale: 'Because.', strength: 'good-practice', evidence: null, roles: ['nurse'], organisationTypes: [], steps: ['screening'] });
});
afterAll(async () => ctx?.close());

describe('the list of guidelines', () => {
  it('shows the demo guideline with its current version and its consultation, and not a guideline with only a draft', async () => {
    const res = await anon.get('/guidelines');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="${base}"`);
    expect(res.body).toContain(DEMO_GUIDELINE.title);
    expect(res.body).toContain(`href="${base}/2.0"`);
    expect(res.body).toContain(`href="${base}/2.1"`);
    expect(res.body).not.toContain('Unpublished guideline');
  });
});

describe("a guideline's home", () => {
  it('lists the public versions with their status, the contents of the current one, the comparison form and the PDF', async () => {
    const res = await anon.get(base);
    expect(res.statusCode).toBe(200);
    for (const label of ['1.0', '2.0', '2.1']) expect(res.body).toContain(`href="${base}/${label}"`);
    expect(res.body).toContain(`href="${base}/2.0.pdf"`);
    expect(res.body).toContain(`href="${base}/2.0#R22"`);
    expect(res.body).toMatch(/<form action="[^"]*\/diff" method="get"/);
    expect(res.body).toContain('name="from"');
    expect(res.body).toContain(`href="${base}/adoption"`);
    expect(res.body).toContain(`href="${base}/endorsements"`);
    // R15 was withdrawn in 2.0: the current contents do not list it.
    expect(res.body).not.toContain(`href="${base}/2.0#R15"`);
  });

  it('is 404 for a guideline that has no public version, or none at all', async () => {
    expect((await anon.get('/guidelines/draft-only-guideline')).statusCode).toBe(404);
    expect((await anon.get('/guidelines/no-such-guideline')).statusCode).toBe(404);
  });
});

describe('a version as a document', () => {
  it('shows every recommendation in order with its anchor, permalink and attributes', async () => {
    const res = await anon.get(`${base}/2.0`);
    expect(res.statusCode).toBe(200);
    const ids = [...res.body.matchAll(/<article class="recommendation[^"]*" id="(R\d+)"/g)].map((m) => m[1]);
    expect(ids.slice(0, 4)).toEqual(['R1', 'R2', 'R3', 'R4']);
    expect(ids).toContain('R22');
    expect(ids).not.toContain('R15');
    // R22 sits in section S3 after R4 and before R5 (its place in the version, not its number).
    expect(ids.indexOf('R22')).toBeGreaterThan(ids.indexOf('R4'));
    expect(res.body).toContain(`href="${base}/2.0/recommendations/R4"`);
    // Addressees name organisation types from the catalogue, not their codes.
    const r22 = res.body.slice(res.body.indexOf('id="R22"'), res.body.indexOf('</article>', res.body.indexOf('id="R22"')));
    expect(r22).not.toContain('>integration-project');
  });

  it('falls back to the source language where a translation is missing, and says so', async () => {
    const res = await anon.get(`${base}/2.0?lang=it`);
    expect(res.statusCode).toBe(200);
    const r1 = res.body.slice(res.body.indexOf('id="R1"'), res.body.indexOf('</article>', res.body.indexOf('id="R1"')));
    expect(r1).toContain('I centri di accoglienza dovrebbero formare');
    expect(r1).not.toContain('translation-notice');
    const r20 = res.body.slice(res.body.indexOf('id="R20"'), res.body.indexOf('</article>', res.body.indexOf('id="R20"')));
    expect(r20).toContain('translation-notice');
    expect(r20).toContain('lang="en"');
    expect(r20).toContain('Set up a regional network');
    // An Italian text older than its English is marked too.
    const r4 = res.body.slice(res.body.indexOf('id="R4"'), res.body.indexOf('</article>', res.body.indexOf('id="R4"')));
    expect(r4).toContain('translation-notice');
  });

  it('marks a superseded version and links to the current one; marks a version under consultation', async () => {
    const old = await anon.get(`${base}/1.0`);
    expect(old.statusCode).toBe(200);
    expect(old.body).toContain('alert--warning');
    expect(old.body).toContain(`href="${base}/2.0"`);
    expect(old.body).toContain('id="R15"');
    const open = await anon.get(`${base}/2.1`);
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain('alert--info');
    expect(open.body).toContain(`href="${base}/consultation"`);
    // Each version offers what changed since the one before it.
    expect(open.body).toContain(`href="${base}/diff?from=2.0&amp;to=2.1"`);
  });

  it('leads `current` to the published version', async () => {
    const res = await anon.get(`${base}/current`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`${base}/2.0`);
  });

  it('never shows a draft, and answers 404 (not 500) for labels that are not there', async () => {
    for (const url of ['/guidelines/draft-only-guideline/1.0', '/guidelines/draft-only-guideline/1.0.pdf', '/guidelines/draft-only-guideline/1.0/recommendations/R1', `${base}/9.9`, `${base}/not-a-label`, `${base}/9.9.pdf`, `${base}/2.0/recommendations/R999`, `${base}/2.0/recommendations/%3Cscript%3E`]) {
      const res = await anon.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('A statement nobody outside may read yet.');
    }
  });
});

describe("a recommendation's permalink", () => {
  it('shows the recommendation, its citation with the URL, its other versions and the lessons that teach it', async () => {
    const course = await createCourse(db(), { slug: 'screening-basics', sourceLocale: 'en', level: 'interdisciplinary', topics: [], durationMinutes: 30, title: 'Screening basics', summary: '', outcomes: [], description: '' });
    if (!('id' in course)) throw new Error('course');
    const m = await addModule(db(), course.id, 'en', 'Module');
    const lesson = await addLesson(db(), m, { durationMinutes: 10, locale: 'en', title: 'Screening within 14 days' });
    const g = (await getGuideline(db(), slug))!;
    await db().insert(guidelineLessonLinks).values({ guidelineId: g.id, identifier: 'R4', lessonId: lesson });
    // A draft course's lessons are nobody's to see yet.
    expect(await lessonsTeaching(db(), g.id, 'R4', 'en')).toEqual([]);
    await db().update(courses).set({ status: 'published' }).where(eq(courses.id, course.id));
    const taught = await lessonsTeaching(db(), g.id, 'R4', 'en');
    expect(taught.map((l) => [l.title?.value.title, l.href])).toEqual([['Screening within 14 days', `/learn/screening-basics/lessons/${lesson}`]]);

    const res = await anon.get(`${base}/2.0/recommendations/R4`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('within 14 days of arrival');
    const citation = /<blockquote class="citation"[^>]*><p>([^<]*)<\/p><\/blockquote>/.exec(res.body)?.[1] ?? '';
    expect(citation).toContain(DEMO_GUIDELINE.title);
    expect(citation).toContain('2.0');
    expect(citation).toContain('R4');
    expect(citation).toContain(DEMO_GUIDELINE.organisation);
    expect(citation).toContain(`http://ponte.test${base}/2.0/recommendations/R4`);
    expect(res.body).toContain(`href="/learn/screening-basics/lessons/${lesson}"`);
    expect(res.body).toContain('href="/training/courses/screening-basics"');
    expect(res.body).toContain('Screening within 14 days');
    expect(res.body).toContain(`href="${base}/1.0/recommendations/R4"`);
    expect(res.body).toContain(`href="${base}/2.1/recommendations/R4"`);
    // Its care pathway steps.
    expect(res.body).toMatch(/<ol class="pathway">\s*<li>/);
  });

  it('offers the citation as RIS and BibTeX files', async () => {
    const risRes = await anon.get(`${base}/2.0/recommendations/R4/cite.ris`);
    expect(risRes.statusCode).toBe(200);
    expect(risRes.headers['content-disposition']).toMatch(/^attachment; filename="psychosocial-support-refugees-demo-2.0-R4.ris"/);
    expect(risRes.body).toMatch(/^TY {2}- GEN/);
    expect(risRes.body).toContain(`UR  - http://ponte.test${base}/2.0/recommendations/R4`);
    const bib = await anon.get(`${base}/2.0/recommendations/R4/cite.bib`);
    expect(bib.statusCode).toBe(200);
    expect(bib.body).toMatch(/^@misc\{psychosocial-support-refugees-demo-2-0-R4,/);
    expect(bib.body).toContain('year = {2025}');
  });

  it('leads `current` and other spellings of the identifier to the permalink', async () => {
    const res = await anon.get(`${base}/current/recommendations/r4`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`${base}/2.0/recommendations/R4`);
  });
});

describe('comparing versions', () => {
  it('shows an added and a changed recommendation with word-level insertions and deletions', async () => {
    const res = await anon.get(`${base}/diff?from=1.0&to=2.0`);
    expect(res.statusCode).toBe(200);
    const r4 = res.body.slice(res.body.indexOf('id="R4"'), res.body.indexOf('</article>', res.body.indexOf('id="R4"')));
    expect(r4).toMatch(/<del>(<span[^>]*>[^<]*<\/span>)?30(<span[^>]*>[^<]*<\/span>)?<\/del>/);
    expect(r4).toMatch(/<ins>(<span[^>]*>[^<]*<\/span>)?14(<span[^>]*>[^<]*<\/span>)?<\/ins>/);
    expect(res.body).toContain('class="diff-recommendation diff-recommendation--changed" id="R4"');
    const r22 = res.body.slice(res.body.indexOf('id="R22"'), res.body.indexOf('</article>', res.body.indexOf('id="R22"')));
    expect(res.body).toContain('class="diff-recommendation diff-recommendation--added" id="R22"');
    expect(r22).toContain('<ins>');
    expect(r22).toContain('Screen unaccompanied minors');
    expect(res.body).toContain('diff-recommendation--removed');
    // Unchanged recommendations are counted, not listed.
    expect(res.body).not.toContain('diff-recommendation--unchanged');
  });

  it('answers 400 for unknown labels and for drafts, and shows the form again', async () => {
    for (const q of ['from=1.0&to=9.9', 'from=abc&to=2.0', 'from=2.0&to=2.0']) {
      const res = await anon.get(`${base}/diff?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.body).toContain('name="from"');
    }
    expect((await anon.get('/guidelines/draft-only-guideline/diff?from=1.0&to=1.0')).statusCode).toBe(404);
    // Without a choice yet: the form alone.
    expect((await anon.get(`${base}/diff`)).statusCode).toBe(200);
  });
});

describe('the PDF of a version', () => {
  it('is an attachment whose text holds the title, the version and the recommendations', async () => {
    const res = await anon.get(`${base}/2.0.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="psychosocial-support-refugees-demo-2.0.pdf"/);
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    expect(pdf.numPages).toBeGreaterThan(3);
    // Asked again, the same bytes (kept until content changes).
    expect((await anon.get(`${base}/2.0.pdf`)).rawPayload.equals(res.rawPayload)).toBe(true);
    const { text } = await extractText(pdf, { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('National guideline on psychosocial support');
    expect(flat).toContain(DEMO_GUIDELINE.organisation);
    expect(flat).toContain('Screen unaccompanied minors with tools validated for their age');
    expect(flat).toContain('R22');
  });

  it('prints a language with its own script without breaking', async () => {
    const res = await anon.get(`${base}/1.0.pdf?lang=ar`);
    expect(res.statusCode).toBe(200);
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text.replace(/\s+/g, ' ')).toContain('R15');
  });
});

describe('site search', () => {
  it('finds a recommendation by a word of its statement and leads to its permalink', async () => {
    const res = await anon.get('/search?q=unaccompanied&type=recommendation');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="${base}/2.0/recommendations/R22"`);
    expect(res.body).toContain('<option value="recommendation" selected');
    const page = await anon.get(`${base}/2.0/recommendations/R22`);
    expect(page.statusCode).toBe(200);
  });
});
