import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApp, signedInAs } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { contentRevisions } from '../../platform/schema.js';
import { documents, newsTranslations, pages } from './schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;
const visitor = (lang = 'en') => new Client(ctx.app, { 'accept-language': lang });

beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
  editor = await signedInAs(ctx, 'history-editor@example.org', 'editor', { name: 'Hana Historian' });
});
afterAll(async () => ctx?.close());

async function newsItem(slug: string) {
  await editor.get('/editor/news/new');
  const res = await editor.post('/editor/news/new', { sourceLocale: 'en', slug, projectId: '', tags: '', title: `First title of ${slug}`, summary: 'First summary', body: 'The first body.' });
  return /\/editor\/news\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
}
const revisionLinks = (html: string, base: string) => [...html.matchAll(new RegExp(`href="${base}/history/([0-9a-f-]{36})">Revision (\\d+)<`, 'g'))].map((m) => ({ id: m[1]!, number: Number(m[2]) }));
const numbered = async (base: string, track: string, number: number) => revisionLinks((await editor.get(`${base}/history?track=${track}`)).body, base).find((r) => r.number === number)!.id;

describe('history of news', () => {
  it('records every save per language, with who, when and which fields changed', async () => {
    const id = await newsItem('history-item');
    const base = `/editor/news/${id}`;
    await editor.post(`${base}/text`, { locale: 'en', title: 'Second title', summary: 'First summary', body: 'The first body.' });
    // Saving unchanged text records nothing.
    await editor.post(`${base}/text`, { locale: 'en', title: 'Second title', summary: 'First summary', body: 'The first body.' });
    await editor.post(`${base}/text`, { locale: 'it', title: 'Titolo', summary: 'Sommario', body: 'Testo.' });
    await editor.post(`${base}/meta`, { projectId: '', tags: 'history, training', coverImageId: '' });

    const en = await editor.get(`${base}/history?track=en`);
    expect(en.statusCode).toBe(200);
    expect(revisionLinks(en.body, base).map((r) => r.number)).toEqual([2, 1]);
    expect(en.body).toContain('Hana Historian');
    expect(en.body).toContain('<td>Title</td>');
    expect(en.body).toMatch(/Created<\/td>/);
    const it = await editor.get(`${base}/history?track=it`);
    expect(revisionLinks(it.body, base).map((r) => r.number)).toEqual([1]);
    const settings = await editor.get(`${base}/history?track=settings`);
    expect(revisionLinks(settings.body, base).map((r) => r.number)).toEqual([2, 1]);
    expect(settings.body).toContain('<td>Tags</td>');
    // The editor links to the history of the language being edited and of the settings.
    const edit = await editor.get(`${base}?edit=it`);
    expect(edit.body).toContain(`href="${base}/history?track=it"`);
    expect(edit.body).toContain(`href="${base}/history?track=settings"`);

    const rev = await editor.get(`${base}/history/${await numbered(base, 'settings', 1)}`);
    expect(rev.body).toMatch(/<td>Tags<\/td><td><del>None<\/del><\/td><td><ins>history, training<\/ins><\/td>/);
  });

  it('shows a word-level diff against the current text, escaped', async () => {
    const id = await newsItem('escaped-item');
    const base = `/editor/news/${id}`;
    await editor.post(`${base}/text`, { locale: 'en', title: 'First title of escaped-item', summary: 'First summary', body: 'The <b>second</b> body <script>alert("x")</script>.' });
    const first = await numbered(base, 'en', 1);
    const page = await editor.get(`${base}/history/${first}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<b>second');
    expect(page.body).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script>');
    expect(page.body).toMatch(/<del><span class="visually-hidden">\[removed: <\/span>first<span class="visually-hidden">]<\/span><\/del>/);
    expect(page.body).toMatch(/<ins><span class="visually-hidden">\[added: <\/span>[^<]*&lt;b>/);
    expect(page.body).toContain(`action="${base}/history/${first}/restore"`);
    // The latest revision is the current text: nothing to restore.
    const latest = await editor.get(`${base}/history/${await numbered(base, 'en', 2)}`);
    expect(latest.body).toContain('This revision is the same as the current text.');
    expect(latest.body).not.toContain('/restore"');
  });

  it('restores the source text as a new revision, which marks translations out of date', async () => {
    const id = await newsItem('restored-item');
    const base = `/editor/news/${id}`;
    await editor.post(`${base}/state`, { action: 'publish' });
    await editor.post(`${base}/text`, { locale: 'en', title: 'Rewritten title', summary: 'Rewritten summary', body: 'Rewritten body.' });
    await editor.post(`${base}/text`, { locale: 'it', title: 'Titolo riscritto', summary: 'Sommario', body: 'Testo.' });
    expect((await visitor('it').get('/news/restored-item')).body).not.toContain('class="translation-notice"');

    const first = await numbered(base, 'en', 1);
    await editor.get(`${base}/history/${first}`);
    const res = await editor.post(`${base}/history/${first}/restore`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base}/history?track=en&notice=restored`);
    const list = await editor.get(res.headers.location as string);
    expect(list.body).toContain('The revision has been restored as a new revision.');
    expect(list.body).toContain('Restored revision 1');
    expect(revisionLinks(list.body, base).map((r) => r.number)).toEqual([3, 2, 1]);

    expect((await visitor().get('/news/restored-item')).body).toContain('First title of restored-item');
    // The source moved on (restoring is an edit like any other): the Italian text is now out of date.
    const [source] = await ctx.platform.database.db.select().from(newsTranslations).where(and(eq(newsTranslations.newsId, id), eq(newsTranslations.locale, 'en')));
    expect(source!.revision).toBe(3);
    expect((await visitor('it').get('/news/restored-item')).body).toContain('class="translation-notice"');
    expect((await editor.get(`${base}?edit=it`)).body).toMatch(/Italiano · out of date/);
  });

  it('restores an old translation still marked against the source it was made from', async () => {
    const id = await newsItem('translation-restore');
    const base = `/editor/news/${id}`;
    await editor.post(`${base}/text`, { locale: 'it', title: 'Prima traduzione', summary: '', body: '' });
    await editor.post(`${base}/text`, { locale: 'en', title: 'New English title', summary: 'First summary', body: 'The first body.' });
    await editor.post(`${base}/text`, { locale: 'it', title: 'Seconda traduzione', summary: '', body: '' });
    expect((await editor.get(`${base}?edit=it`)).body).toMatch(/Italiano · up to date/);

    const first = await numbered(base, 'it', 1);
    await editor.get(`${base}/history/${first}`);
    expect((await editor.post(`${base}/history/${first}/restore`)).statusCode).toBe(303);
    const [it] = await ctx.platform.database.db.select().from(newsTranslations).where(and(eq(newsTranslations.newsId, id), eq(newsTranslations.locale, 'it')));
    expect(it!.title).toBe('Prima traduzione');
    // It was translated from source revision 1; the source is at 2, so the restored text is out of date.
    expect(it!.sourceRevision).toBe(1);
    expect((await editor.get(`${base}?edit=it`)).body).toMatch(/Italiano · out of date/);
  });

  it('refuses to restore settings naming something that no longer exists, and says why', async () => {
    const id = await newsItem('gone-project');
    const base = `/editor/news/${id}`;
    const [rev] = await ctx.platform.database.db
      .select()
      .from(contentRevisions)
      .where(and(eq(contentRevisions.itemId, id), eq(contentRevisions.number, 1)))
      .limit(1);
    // A settings revision that names a project since deleted.
    const [settings] = await ctx.platform.database.db
      .insert(contentRevisions)
      .values({ itemType: 'news', itemId: id, locale: null, number: 99, action: 'edited', fields: { projectId: '00000000-0000-4000-8000-000000000000', tags: [], coverImageId: null }, changed: ['projectId'], authorId: rev!.authorId })
      .returning();
    await editor.get(`${base}/history/${settings!.id}`);
    const res = await editor.post(`${base}/history/${settings!.id}/restore`);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('no longer exists');
  });

  it('keeps history to editors and administrators', async () => {
    const id = await newsItem('private-history');
    const base = `/editor/news/${id}`;
    const first = await numbered(base, 'en', 1);
    const learner = await signedInAs(ctx, 'history-learner@example.org', 'learner', { name: 'Lee Learner' });
    expect((await learner.get(`${base}/history`)).statusCode).toBe(403);
    expect((await learner.get(`${base}/history/${first}`)).statusCode).toBe(403);
    expect((await learner.post(`${base}/history/${first}/restore`)).statusCode).toBe(403);
    const anonymous = visitor();
    expect((await anonymous.get(`${base}/history`)).statusCode).toBe(303);
    const admin = await signedInAs(ctx, 'history-admin@example.org', 'administrator', { name: 'Ari Admin' });
    expect((await admin.get(`${base}/history`)).statusCode).toBe(200);
    // Unknown items and revisions, and revisions of another item, are not found.
    expect((await editor.get('/editor/news/00000000-0000-4000-8000-000000000000/history')).statusCode).toBe(404);
    expect((await editor.get(`${base}/history/not-a-uuid`)).statusCode).toBe(404);
    const other = await newsItem('other-history');
    expect((await editor.get(`/editor/news/${other}/history/${first}`)).statusCode).toBe(404);
    expect((await editor.get(`${base}/history?track=klingon&page=-3`)).statusCode).toBe(200);
  });
});

describe('history of pages and documents', () => {
  it('keeps the state found before history as an earlier revision, and restores page settings', async () => {
    const [page] = await ctx.platform.database.db.select().from(pages).where(eq(pages.slug, 'accessibility'));
    const base = `/editor/pages/${page!.id}`;
    // Demo content predates any save through the editor.
    expect(revisionLinks((await editor.get(`${base}/history?track=settings`)).body, base)).toEqual([]);
    await editor.get(base);
    await editor.post(`${base}/meta`, { sort: '7' });
    const list = await editor.get(`${base}/history?track=settings`);
    expect(list.body).toContain('Earlier version, from before history was kept');
    expect(revisionLinks(list.body, base).map((r) => r.number)).toEqual([2, 1]);
    const earlier = await numbered(base, 'settings', 1);
    await editor.get(`${base}/history/${earlier}`);
    expect((await editor.post(`${base}/history/${earlier}/restore`)).statusCode).toBe(303);
    const [restored] = await ctx.platform.database.db.select().from(pages).where(eq(pages.id, page!.id));
    expect({ sort: restored!.sort, inMenu: restored!.inMenu }).toEqual({ sort: page!.sort, inMenu: page!.inMenu });
  });

  it('restores a page text and a document description', async () => {
    const [page] = await ctx.platform.database.db.select().from(pages).where(eq(pages.slug, 'accessibility'));
    const pageBase = `/editor/pages/${page!.id}`;
    const before = await visitor().get('/pages/accessibility');
    const title = /<h1>([^<]+)<\/h1>/.exec(before.body)![1]!;
    await editor.post(`${pageBase}/text`, { locale: 'en', title: 'A replaced statement', body: 'Replaced.' });
    expect((await visitor().get('/pages/accessibility')).body).toContain('A replaced statement');
    const earlierPage = await numbered(pageBase, 'en', 1);
    await editor.post(`${pageBase}/history/${earlierPage}/restore`);
    expect((await visitor().get('/pages/accessibility')).body).toContain(`<h1>${title}</h1>`);

    const [doc] = await ctx.platform.database.db.select().from(documents).where(eq(documents.slug, 'eu-micare-mapping-report'));
    const docBase = `/editor/documents/${doc!.id}`;
    await editor.get(docBase);
    await editor.post(`${docBase}/text`, { locale: 'en', title: 'Mapping report', body: 'A different description.' });
    const docHistory = await editor.get(`${docBase}/history?track=en`);
    expect(docHistory.statusCode).toBe(200);
    const first = revisionLinks(docHistory.body, docBase).at(-1)!;
    const view = await editor.get(`${docBase}/history/${first.id}`);
    expect(view.body).toMatch(/<ins><span class="visually-hidden">\[added: <\/span>[^<]*different/);
    await editor.post(`${docBase}/history/${first.id}/restore`);
    expect((await editor.get(`${docBase}?edit=en`)).body).not.toContain('A different description.');
    // Document settings keep a history too, with names instead of ids.
    await editor.post(`${docBase}/meta`, { projectId: doc!.projectId, workPackageId: doc!.workPackageId ?? '', code: 'D9.9', type: doc!.type, level: 'members', publishedOn: doc!.publishedOn ?? '', licence: '', doi: '', externalUrl: '' });
    const settings = await editor.get(`${docBase}/history/${await numbered(docBase, 'settings', 2)}`);
    expect(settings.body).toContain('Members of the consortium only');
    expect(settings.body).toContain('EU-MiCare');
  });
});
