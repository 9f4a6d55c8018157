import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, eventually, testApp } from '../../../test/helpers.js';
import { contentChanged } from '../../platform/content-version.js';
import { seedDemo } from '../../demo.js';
import { pages, pageTranslations, projects, projectTranslations } from './schema.js';
import { projectStatus } from './service.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
});
afterAll(async () => ctx?.close());

const visitor = (lang: string) => new Client(ctx.app, { 'accept-language': lang });
const mainOf = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0];

describe('projects', () => {
  it('lists every project on the home page, ended ones as an archive', async () => {
    const home = await visitor('en').get('/');
    expect(home.statusCode).toBe(200);
    for (const name of ['EU-MiCare', 'EU-VET CARE', 'PsychCare', 'PsychCare 2']) expect(home.body).toContain(name);
    expect(home.body).toContain('Ended projects (archive)');
    expect(home.body).toContain('href="/projects"');
    expect(home.body).toContain('href="/pages/accessibility"');
  });

  it('lets browsers revalidate pages with an ETag', async () => {
    const c = visitor('en');
    const first = await c.get('/projects/eu-micare');
    expect(first.headers.etag).toMatch(/^W\//);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await c.get('/projects/eu-micare', { 'if-none-match': first.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Another language is another representation.
    const italian = await c.get('/projects/eu-micare?lang=it', { 'if-none-match': first.headers.etag as string });
    expect(italian.statusCode).toBe(200);
  });

  it('knows a project’s status from its dates', () => {
    expect(projectStatus('2022-10-01', '2025-09-30', '2025-09-30')).toBe('ongoing');
    expect(projectStatus('2022-10-01', '2025-09-30', '2025-10-01')).toBe('ended');
    expect(projectStatus('2027-01-01', null, '2026-11-23')).toBe('planned');
  });

  it('shows EU-MiCare with its facts, partners, work packages, previous project and EU funding statement', async () => {
    const res = await visitor('en').get('/projects/eu-micare');
    expect(res.statusCode).toBe(200);
    const main = mainOf(res.body);
    expect(main).toContain('Training the EU health workforce to improve migrant and refugee mental health care');
    expect(main).toContain('Ethno-Medizinisches Zentrum e.V.');
    expect(main).toContain('Partner organisation (Cyprus)');
    expect(main).toContain('5 organisations in EU-MiCare');
    expect(main).toContain('Train-the-trainers and national events');
    expect(main).toContain('href="/projects/eu-vet-care"');
    expect(main).toContain('This project has ended');
    // The EU emblem and statement sit in the footer of every page of the project, in the page's language.
    expect(res.body).toContain('class="eu-emblem"');
    expect(res.body).toContain('Co-funded by the European Union');
    expect(res.body).toMatch(/do not necessarily reflect those of the European Union or the granting authority/);
    const sub = await visitor('it').get('/projects/eu-micare/training');
    expect(sub.body).toContain('class="eu-emblem"');
    expect(sub.body).toContain('<html lang="it"');
    expect(mainOf(sub.body)).toContain('Il programma di formazione');
  });

  it('shows the funder’s own statement for a non-EU funder, and links related projects', async () => {
    const res = await visitor('it').get('/projects/psychcare');
    expect(res.body).toContain('delle Open Society Foundations');
    expect(res.body).not.toContain('class="eu-emblem"');
    expect(mainOf(res.body)).toContain('href="/projects/psychcare-2"');
    expect(mainOf(res.body)).toContain('Crossing Dialogues');
  });

  it('falls back to English with a visible note and the right lang attribute, in each language', async () => {
    for (const [lang, translated] of [
      ['en', true],
      ['it', true],
      ['de', true],
      ['es', false],
      ['el', false],
      ['ar', false],
    ] as const) {
      const main = mainOf((await visitor(lang).get('/projects/eu-micare')).body);
      expect(main.includes('class="translation-notice"'), lang).toBe(!translated);
      if (!translated) expect(main).toContain('lang="en"');
    }
  });

  it('marks a translation out of date when its source changes', async () => {
    const [p] = await ctx.platform.database.db.select().from(projects).where(eq(projects.slug, 'eu-vet-care'));
    const before = mainOf((await visitor('it').get('/projects/eu-vet-care')).body);
    expect(before).not.toContain('class="translation-notice"');
    // There is no project editor yet: the change is made as its service will make it, with the content version.
    await ctx.platform.database.db.transaction(async (tx) => {
      await tx
        .update(projectTranslations)
        .set({ summary: 'A revised English summary.', revision: 2 })
        .where(and(eq(projectTranslations.projectId, p!.id), eq(projectTranslations.locale, 'en')));
      await contentChanged(tx);
    });
    await eventually(async () => expect(mainOf((await visitor('it').get('/projects/eu-vet-care')).body)).toContain('class="translation-notice"'));
  });

  it('lists an organisation’s projects on its home page', async () => {
    const home = await visitor('en').get('/projects/psychcare');
    const iprs = /href="\/organisations\/([0-9a-f-]{36})">IPRS/.exec(home.body)![1]!;
    const org = await visitor('en').get(`/organisations/${iprs}`);
    expect(org.statusCode).toBe(200);
    expect(org.body).toContain('PsychCare 2');
    expect(org.body).not.toContain('EU-MiCare');
  });

  it('answers 404 for unknown projects, pages and organisations, whatever the input', async () => {
    for (const path of ['/projects/nope', '/projects/eu-micare/nope', '/projects/EU%20MiCare', '/pages/nope', '/organisations/1', '/organisations/00000000-0000-4000-8000-000000000000']) {
      expect((await visitor('en').get(path)).statusCode, path).toBe(404);
    }
    // An absurdly long identifier is refused before routing, with a clear error page.
    const long = await visitor('en').get(`/projects/${'x'.repeat(300)}`);
    expect(long.statusCode).toBe(414);
    expect(long.body).toContain('<h1>');
  });
});

describe('site pages', () => {
  it('renders Markdown safely: raw HTML is shown as text, never run', async () => {
    const db = ctx.platform.database.db;
    const [pg] = await db.insert(pages).values({ slug: 'test-escape', inMenu: false }).returning();
    await db.insert(pageTranslations).values({ pageId: pg!.id, locale: 'en', title: 'Escape <b>me</b>', body: 'Hello <script>alert(1)</script> [x](javascript:alert(1)) **bold**' });
    const res = await visitor('en').get('/pages/test-escape');
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.body).not.toContain('href="javascript:');
    expect(res.body).toContain('<strong>bold</strong>');
    expect(res.body).toContain('Escape &lt;b>me&lt;/b>');
  });

  it('serves the accessibility statement, privacy notice and contact page in the reader’s language', async () => {
    expect((await visitor('it').get('/pages/accessibility')).body).toContain('Dichiarazione di accessibilità');
    expect((await visitor('en').get('/pages/privacy')).body).toContain('Privacy notice');
    expect((await visitor('el').get('/pages/contact')).body).toContain('class="translation-notice"');
  });
});
