import { eq } from 'drizzle-orm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApp } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { hashPassword } from '../../platform/auth/password.js';
import { grantRole } from '../../platform/identity/organisations.js';
import { createUser } from '../../platform/identity/users.js';
import { PUBLISH_QUEUE } from './news.js';
import { news } from './schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;
const visitor = (lang = 'en') => new Client(ctx.app, { 'accept-language': lang });

beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
  const u = await createUser(ctx.platform.database.db, { email: 'editor@example.org', name: 'Eda Editor', passwordHash: await hashPassword('lantern river pepper', 14), verified: true });
  await grantRole(ctx.platform.database.db, u.id, 'editor', null);
  editor = new Client(ctx.app);
  await editor.get('/signin');
  await editor.post('/signin', { email: 'editor@example.org', password: 'lantern river pepper' });
});
afterAll(async () => ctx?.close());

async function draft(slug: string, extra: Record<string, string> = {}) {
  await editor.get('/editor/news/new');
  const res = await editor.post('/editor/news/new', { sourceLocale: 'en', slug, projectId: '', tags: 'training, events', title: `Title of ${slug}`, summary: `Summary of ${slug}`, body: `Body of **${slug}**.`, ...extra });
  expect(res.statusCode).toBe(303);
  return /\/editor\/news\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
}

describe('editorial workflow', () => {
  it('keeps editing to editors', async () => {
    expect((await visitor().get('/editor/news')).statusCode).toBe(303);
    const learnerUser = await createUser(ctx.platform.database.db, { email: 'reader@example.org', name: 'R', passwordHash: await hashPassword('lantern river pepper', 14), verified: true });
    await grantRole(ctx.platform.database.db, learnerUser.id, 'learner', null);
    const reader = new Client(ctx.app);
    await reader.get('/signin');
    await reader.post('/signin', { email: 'reader@example.org', password: 'lantern river pepper' });
    expect((await reader.get('/editor/news')).statusCode).toBe(403);
    expect((await reader.post('/editor/news/new', { slug: 'x', title: 'x', sourceLocale: 'en' })).statusCode).toBe(403);
  });

  it('validates a new item and keeps what was typed', async () => {
    await editor.get('/editor/news/new');
    const bad = await editor.post('/editor/news/new', { sourceLocale: 'en', slug: 'Not a slug!', title: '', tags: '<script>' });
    expect(bad.statusCode).toBe(400);
    for (const f of ['slug', 'title', 'tags']) expect(bad.body).toContain(`field-${f}-error`);
    expect(bad.body).toContain('value="Not a slug!"');
    await draft('unique-slug');
    const dup = await editor.post('/editor/news/new', { sourceLocale: 'en', slug: 'unique-slug', title: 'Again' });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('field-slug-error');
  });

  it('keeps drafts out of sight, previews them for editors, and publishes', async () => {
    const id = await draft('draft-item');
    expect((await visitor().get('/news/draft-item')).statusCode).toBe(404);
    expect((await visitor().get('/news')).body).not.toContain('Title of draft-item');
    const preview = await editor.get(`/editor/news/${id}/preview?lang=en`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Title of draft-item');
    await editor.get(`/editor/news/${id}`);
    expect((await editor.post(`/editor/news/${id}/state`, { action: 'publish' })).headers.location).toContain('notice=published');
    const page = await visitor().get('/news/draft-item');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong>draft-item</strong>');
    // Found by search at once: published "now" means the database's now, not a moment after it.
    expect((await visitor().get('/search?q=draft-item')).body).toContain('href="/news/draft-item"');
  });

  it('translates side by side and marks a translation out of date when the source changes', async () => {
    const id = await draft('translated-item');
    await editor.post(`/editor/news/${id}/state`, { action: 'publish' });
    const side = await editor.get(`/editor/news/${id}?edit=it`);
    expect(side.body).toContain('class="source-text"');
    await editor.post(`/editor/news/${id}/text`, { locale: 'it', title: 'Titolo tradotto', summary: 'Sommario', body: 'Testo' });
    expect((await visitor('it').get('/news/translated-item')).body).toContain('Titolo tradotto');
    expect((await visitor('it').get('/news/translated-item')).body).not.toContain('class="translation-notice"');
    // Spanish readers get the English text, marked.
    const es = await visitor('es').get('/news/translated-item');
    expect(es.body).toContain('class="translation-notice"');
    expect(es.body).toContain('<article lang="en">');
    // The source changes: Italian is now out of date, in the editor and for readers.
    await editor.post(`/editor/news/${id}/text`, { locale: 'en', title: 'Title of translated-item', summary: 'A new summary', body: 'New body' });
    expect((await visitor('it').get('/news/translated-item')).body).toContain('class="translation-notice"');
    const list = await editor.get('/editor/news');
    expect(list.body).toMatch(/IT<\/span> \([^)]+\)/);
    // Saving the source again without changes does not make translations stale twice over; re-translating clears the mark.
    await editor.post(`/editor/news/${id}/text`, { locale: 'it', title: 'Titolo tradotto', summary: 'Un nuovo sommario', body: 'Nuovo testo' });
    expect((await visitor('it').get('/news/translated-item')).body).not.toContain('class="translation-notice"');
  });

  it('schedules an item through the job queue: it appears at its time, in the list, the feeds and the sitemap', async () => {
    const id = await draft('scheduled-item', { tags: 'closing event' });
    const past = await editor.post(`/editor/news/${id}/state`, { action: 'schedule', publishAt: '2001-01-01 10:00' });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('field-publishAt-error');
    const soon = new Date(Date.now() + 60_000).toISOString().slice(0, 16).replace('T', ' ');
    expect((await editor.post(`/editor/news/${id}/state`, { action: 'schedule', publishAt: soon })).headers.location).toContain('notice=scheduled');
    expect((await visitor().get('/news/scheduled-item')).statusCode).toBe(404);
    const jobs = await ctx.platform.jobs.summary();
    expect(jobs.some((j) => j.name === PUBLISH_QUEUE && j.state === 'created')).toBe(true);
    // Time passes: the publication time is now (moved back rather than waiting a minute).
    await ctx.platform.database.db.update(news).set({ publishAt: new Date(Date.now() - 1000) }).where(eq(news.id, id));
    await ctx.platform.database.query(`UPDATE pgboss.job SET start_after = now() - interval '1 second' WHERE name = $1`, [PUBLISH_QUEUE]);
    expect(await ctx.platform.jobs.drain(PUBLISH_QUEUE)).toBeGreaterThanOrEqual(1);
    expect((await visitor().get('/news/scheduled-item')).statusCode).toBe(200);
    expect((await visitor().get('/news?tag=closing%20event')).body).toContain('Title of scheduled-item');
    expect((await visitor().get('/news/feed.xml')).body).toContain('Title of scheduled-item');
    expect((await visitor().get('/sitemap.xml')).body).toContain('/news/scheduled-item');
  });
});

describe('feeds, sitemap and structured data', () => {
  const parser = new XMLParser({ ignoreAttributes: false });

  it('publishes valid RSS 2.0, Atom 1.0 and JSON Feed, site-wide and per project', async () => {
    const id = await draft('feed-item', { projectId: '' });
    await editor.post(`/editor/news/${id}/state`, { action: 'publish' });
    const rss = await visitor().get('/news/feed.xml');
    expect(rss.headers['content-type']).toContain('application/rss+xml');
    expect(XMLValidator.validate(rss.body)).toBe(true);
    const channel = parser.parse(rss.body).rss.channel;
    expect(parser.parse(rss.body).rss['@_version']).toBe('2.0');
    const items = [].concat(channel.item);
    expect(items.map((i: { title: string }) => i.title)).toContain('Title of feed-item');
    expect(items.every((i: { link: string; pubDate: string }) => /^http:\/\/ponte\.test\/news\//.test(i.link) && !Number.isNaN(Date.parse(i.pubDate)))).toBe(true);

    const atom = await visitor().get('/news/feed.atom');
    expect(XMLValidator.validate(atom.body)).toBe(true);
    const feed = parser.parse(atom.body).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect([].concat(feed.entry).length).toBe(items.length);

    const json = (await visitor().get('/news/feed.json')).json();
    expect(json.version).toMatch(/^https:\/\/jsonfeed\.org\/version\/1(\.1)?$/);
    expect(json.items.every((i: { id: string; url: string }) => i.id && i.url)).toBe(true);

    const perProject = await visitor().get('/projects/eu-micare/news/feed.xml');
    expect(perProject.statusCode).toBe(200);
    expect(XMLValidator.validate(perProject.body)).toBe(true);
    expect((await visitor().get('/projects/nope/news/feed.xml')).statusCode).toBe(404);
  });

  it('lists every public page in sitemap.xml with hreflang alternates, and points robots.txt at it', async () => {
    const res = await visitor().get('/sitemap.xml');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const urls = [].concat(parser.parse(res.body).urlset.url) as { loc: string; 'xhtml:link': { '@_hreflang': string; '@_href': string }[] }[];
    const locs = urls.map((u) => u.loc);
    for (const path of ['/', '/projects', '/projects/eu-micare', '/projects/psychcare/regions', '/pages/accessibility', '/news/feed-item']) expect(locs).toContain(`http://ponte.test${path}`);
    const alternates = urls[0]!['xhtml:link'].map((l) => l['@_hreflang']);
    expect(alternates).toEqual(['en', 'it', 'de', 'es', 'el', 'ar', 'x-default']);
    expect(locs.some((l) => l.endsWith('/news/unique-slug'))).toBe(false); // still a draft
    const robots = await visitor().get('/robots.txt');
    expect(robots.body).toContain('Sitemap: http://ponte.test/sitemap.xml');
    expect(robots.body).toContain('Disallow: /admin');
  });

  it('describes a news item with schema.org JSON-LD, Open Graph and a canonical URL', async () => {
    const page = await visitor().get('/news/feed-item');
    const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page.body)![1]!);
    expect(ld).toMatchObject({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Title of feed-item', inLanguage: 'en', url: 'http://ponte.test/news/feed-item' });
    expect(Date.parse(ld.datePublished)).not.toBeNaN();
    expect(page.body).toContain('<link rel="canonical" href="http://ponte.test/news/feed-item"/>');
    expect(page.body).toContain('<meta property="og:title" content="Title of feed-item"/>');
  });

  it('filters the list by project, tag and year, and ignores odd filter values', async () => {
    const year = new Date().getUTCFullYear();
    expect((await visitor().get(`/news?year=${year}`)).body).toContain('Title of feed-item');
    expect((await visitor().get('/news?year=1999')).body).not.toContain('Title of feed-item');
    expect((await visitor().get('/news?project=eu-micare')).body).not.toContain('Title of feed-item');
    expect((await visitor().get('/news?year=abc&tag=' + 'x'.repeat(500) + '&page=-1&project=%00')).statusCode).toBe(200);
  });
});
