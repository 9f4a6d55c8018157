import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApp } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { indexItem, pruneSearchWords, search } from '../../platform/search.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
});
afterAll(async () => ctx?.close());

const find = (q: string, extra: Partial<Parameters<typeof search>[1]> = {}) => search(ctx.platform.database, { q, locale: 'en', page: 1, pageSize: 20, ...extra });

describe('site-wide search', () => {
  it('finds the training programme despite a typo, with the words marked in the snippet', async () => {
    const { hits, corrected } = await find('traning programe');
    expect(hits[0]).toMatchObject({ type: 'page', url: '/projects/eu-micare/training', locale: 'en' });
    expect(corrected).toBe('training programme');
    // Known words stay as typed, punctuation around a corrected word too; words found as typed are not corrected.
    const mediators = await find('(mediaton) Milan');
    expect(mediators.corrected).toMatch(/^\(mediat(ion|ors?)\) Milan$/);
    expect(mediators.total).toBeGreaterThan(0);
    expect((await find('trainers')).corrected).toBeUndefined();
    expect(await find('qzxv')).toEqual({ total: 0, hits: [] });
    const stemmed = await find('trainers');
    expect(stemmed.hits.some((h) => h.url === '/projects/eu-micare/training')).toBe(true);
    expect(stemmed.hits.find((h) => h.url === '/projects/eu-micare/training')!.snippet).toMatch(/<mark>[Tt]rainers<\/mark>/);
  });

  it('searches each language with its own stemming and folds accents, preferring the reader’s language', async () => {
    const it1 = await find('accessibilita', { locale: 'it' });
    expect(it1.hits[0]).toMatchObject({ url: '/pages/accessibility', locale: 'it' });
    const formazione = await find('formatori', { locale: 'it' });
    expect(formazione.hits.some((h) => h.url === '/projects/eu-micare/training' && h.locale === 'it')).toBe(true);
    // One hit per item: the reader's language when the item has it.
    const both = await find('PsychCare', { locale: 'it' });
    const urls = both.hits.map((h) => h.url);
    expect(new Set(urls).size).toBe(urls.length);
    expect(both.hits.find((h) => h.url === '/projects/psychcare')!.locale).toBe('it');
  });

  it('filters by type, project and language', async () => {
    expect((await find('PsychCare', { type: 'page' })).hits.every((h) => h.type === 'page')).toBe(true);
    expect((await find('PsychCare', { language: 'it' })).hits.every((h) => h.locale === 'it')).toBe(true);
    const [psychcare] = await ctx.platform.database.query<{ id: string }>(`SELECT id FROM projects WHERE slug = 'psychcare'`);
    expect((await find('regions', { projectId: psychcare!.id })).hits.every((h) => h.projectId === psychcare!.id)).toBe(true);
  });

  it('ranks an item whose title holds the words above a newer one that only mentions them', async () => {
    const db = ctx.platform.database.db;
    const day = 24 * 3600 * 1000;
    await indexItem(db, 'news', 'rank-body', [{ locale: 'en', title: 'Quarterly update', body: 'Among other things, the partners discussed zebrafish welfare.', url: '/news/rank-body', publishedAt: new Date() }]);
    await indexItem(db, 'news', 'rank-title', [{ locale: 'en', title: 'Zebrafish welfare in the laboratory', body: 'An older item.', url: '/news/rank-title', publishedAt: new Date(Date.now() - 365 * day) }]);
    await indexItem(db, 'news', 'rank-other', [{ locale: 'en', title: 'Another update', body: 'Nothing about fish here.', url: '/news/rank-other', publishedAt: new Date() }]);
    const { total, hits } = await find('zebrafish welfare');
    expect(hits.map((h) => h.refId)).toEqual(['rank-title', 'rank-body']);
    expect(total).toBe(2);
    for (const id of ['rank-body', 'rank-title', 'rank-other']) await indexItem(db, 'news', id, []);
  });

  it('forgets, in its daily pruning, the words of items taken down, so that no correction offers them', async () => {
    const db = ctx.platform.database.db;
    await indexItem(db, 'news', 'taken-down', [{ locale: 'en', title: 'Zyxwaldo Quorrington visits', body: 'Zyxwaldo Quorrington met the partners.', url: '/news/taken-down' }]);
    expect((await find('Quorringtn')).corrected).toBe('quorrington');
    await indexItem(db, 'news', 'taken-down', []);
    expect(await pruneSearchWords(ctx.platform.database)).toBeGreaterThanOrEqual(2);
    expect((await find('Quorringtn')).corrected).toBeUndefined();
    // The words of what is still indexed stay.
    expect((await find('traning')).corrected).toBe('training');
  });

  it('escapes indexed text in snippets', async () => {
    await indexItem(ctx.platform.database.db, 'page', 'hostile', [{ locale: 'en', title: 'Hostile page', body: 'mediators <script>alert(1)</script> mediators say 1 < 2 & "quotes"', url: '/pages/hostile' }]);
    const hit = (await find('mediators hostile')).hits.find((h) => h.refId === 'hostile')!;
    // Only the <mark> elements are markup; everything else is escaped text.
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(hit.snippet).toContain('1 &lt; 2 &amp; &quot;quotes&quot;');
    await indexItem(ctx.platform.database.db, 'page', 'hostile', []);
    expect((await find('hostile')).hits.some((h) => h.refId === 'hostile')).toBe(false);
  });

  it('serves the search page with filters, and survives odd input', async () => {
    const c = new Client(ctx.app, { 'accept-language': 'en' });
    const page = await c.get('/search?q=traning');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/projects/eu-micare/training"');
    // A misspelt word: the results of the closest known word, and the page says so.
    expect(page.body).toMatch(/\d+ results? for “training” Nothing was found for “traning”/);
    for (const q of ["'; DROP TABLE news; --", '<script>alert(1)</script>', 'x'.repeat(5000), '"unbalanced', '!!! & | :*', '%00']) {
      const res = await c.get(`/search?q=${encodeURIComponent(q)}&type=bogus&project=nope&language=xx&page=-5`);
      expect(res.statusCode, q.slice(0, 20)).toBe(200);
      expect(res.body).not.toContain('<script>alert(1)</script>');
    }
    expect((await c.get('/search')).statusCode).toBe(200);
  });
});
