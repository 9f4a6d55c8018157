import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, eventually, testApp, withoutAnswerValues } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { modules } from '../../modules/index.js';
import { hashPassword } from '../auth/password.js';
import { grantRole } from '../identity/organisations.js';
import { createUser } from '../identity/users.js';
import { buildApp, type PonteApp } from './app.js';
import { CSRF_HOLE } from './page-cache.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
/** A second web node: its own app and page cache, on the same database. */
let node2: PonteApp;
let editor: Client;
const visitor = (app: PonteApp = ctx.app, lang = 'en') => new Client(app, { 'accept-language': lang });
const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
  node2 = await buildApp(ctx.platform, modules);
  const u = await createUser(ctx.platform.database.db, { email: 'editor@example.org', name: 'Eda Editor', passwordHash: await hashPassword('lantern river pepper', 14), verified: true });
  await grantRole(ctx.platform.database.db, u.id, 'editor', null);
  editor = new Client(node2);
  await editor.get('/signin');
  await editor.post('/signin', { email: 'editor@example.org', password: 'lantern river pepper' });
  // Both nodes know the version the seed left before the first page is kept (a poll might not have run yet).
  await Promise.all([ctx.app.contentVersion.refresh(), node2.contentVersion.refresh()]);
});
afterAll(async () => {
  await node2?.close();
  await ctx?.close();
});

describe('page cache', () => {
  it('keeps exactly the public portal and catalogue pages, never the editors’, administrators’, accounts’ or API routes', () => {
    const cached = ctx.app.routeTable
      .filter((r) => r.pageCache && r.method === 'GET')
      .map((r) => r.url)
      .sort();
    expect(cached).toEqual(
      [
        '/',
        '/projects',
        '/projects/:project',
        '/projects/:project/:page',
        '/pages/:page',
        '/organisations/:id',
        '/news',
        '/news/:slug',
        '/news/feed.xml',
        '/news/feed.atom',
        '/news/feed.json',
        '/projects/:project/news/feed.xml',
        '/projects/:project/news/feed.atom',
        '/projects/:project/news/feed.json',
        '/sitemap.xml',
        '/robots.txt',
        '/documents',
        '/dissemination',
        '/documents/feed.xml',
        '/documents/feed.atom',
        '/documents/feed.json',
        '/projects/:project/documents/feed.xml',
        '/projects/:project/documents/feed.atom',
        '/projects/:project/documents/feed.json',
        '/events',
        '/events/:slug',
        '/events/:slug/calendar.ics',
        '/events/calendar.ics',
        '/projects/:project/events/calendar.ics',
        '/training',
        '/training/paths/:profession',
        '/training/courses/:slug',
        '/directory',
        '/directory/services/:id',
        '/guidelines',
        '/guidelines/:slug',
        '/guidelines/:slug/diff',
        '/guidelines/:slug/:label',
        '/guidelines/:slug/:label/recommendations/:identifier',
        '/guidelines/:slug/consultation',
        '/guidelines/:slug/adoption',
        '/guidelines/:slug/adoption/regions/:regionCode',
        '/guidelines/:slug/endorsements',
        '/networks',
        '/networks/:slug',
      ].sort(),
    );
  });

  it('refuses, at start-up, a route under /editor (or a non-public one) that asks for the page cache', async () => {
    const bad = { name: 'bad', routes: (app: PonteApp) => void app.get('/editor/cached', { config: { access: 'public', pageCache: true } }, async () => 'x') };
    await expect(buildApp(ctx.platform, [...modules, bad as never])).rejects.toThrow(/cannot use the page cache/);
  });

  it('serves a page from the cache once rendered, to any anonymous visitor in that language', async () => {
    const first = await visitor().get('/news');
    expect(first.statusCode).toBe(200);
    const second = await visitor().get('/news');
    expect(second.headers['x-cache']).toBe('hit');
    expect(withoutAnswerValues(second.body)).toBe(withoutAnswerValues(first.body));
    // Another language is another page.
    const italian = await visitor(ctx.app, 'it').get('/news');
    expect(italian.headers['x-cache']).toBe('miss');
    expect(italian.body).toContain('<html lang="it"');
    expect((await visitor(ctx.app, 'it').get('/news')).headers['x-cache']).toBe('hit');
  });

  it('gives each visitor their own CSRF token, also from the cache', async () => {
    const anna = visitor();
    const ben = visitor();
    const a = await anna.get('/projects/eu-micare');
    const b = await ben.get('/projects/eu-micare');
    expect(b.headers['x-cache']).toBe('hit');
    const [ta, tb] = [tokenIn(a.body), tokenIn(b.body)];
    expect(ta).not.toBe(tb);
    for (const body of [a.body, b.body]) expect(body).not.toContain(CSRF_HOLE);
    expect(b.body).not.toContain(ta);
    // Each token is the one that visitor's cookie accepts, and only that one.
    expect((await ben.request('POST', '/language', { _csrf: tb, locale: 'it', next: '/' })).statusCode).toBe(303);
    expect((await ben.request('POST', '/language', { _csrf: ta, locale: 'it', next: '/' })).statusCode).toBe(403);
  });

  it('compresses a cached page for each visitor after putting their token in', async () => {
    await visitor().get('/projects');
    const c = visitor();
    const res = await c.get('/projects', { 'accept-encoding': 'gzip' });
    expect(res.headers['x-cache']).toBe('hit');
    expect(res.headers['content-encoding']).toBe('gzip');
    const html = gunzipSync(res.rawPayload).toString('utf8');
    expect(html).toContain('<html lang="en"');
    expect(html).not.toContain(CSRF_HOLE);
    // The token is the one this visitor's cookie accepts.
    expect((await c.request('POST', '/language', { _csrf: tokenIn(html), locale: 'de', next: '/' })).statusCode).toBe(303);
  });

  it('never serves a signed-in user from the cache, nor keeps what they were shown', async () => {
    await visitor(node2).get('/documents/eu-micare-mapping-report');
    const mine = await editor.get('/documents/eu-micare-mapping-report');
    expect(mine.headers['x-cache']).toBeUndefined();
    expect(mine.body).toContain('Eda Editor');
    expect(mine.headers['cache-control']).toBe('no-store');
    await editor.get('/');
    const anonymous = await visitor(node2).get('/');
    expect(anonymous.body).not.toContain('Eda Editor');
  });

  it('does not keep error pages', async () => {
    expect((await visitor().get('/news/no-such-item')).statusCode).toBe(404);
    const again = await visitor().get('/news/no-such-item');
    expect(again.statusCode).toBe(404);
    expect(again.headers['x-cache']).not.toBe('hit');
  });

  it('shows an edit made on another node within one second', async () => {
    const reader = visitor();
    expect((await reader.get('/pages/accessibility')).body).not.toContain('Revised on node 2');
    expect((await reader.get('/pages/accessibility')).headers['x-cache']).toBe('hit');
    const list = await editor.get('/editor/pages');
    const id = /href="\/editor\/pages\/([0-9a-f-]{36})">Accessibility statement</.exec(list.body)![1]!;
    await editor.get(`/editor/pages/${id}`);
    const saved = await editor.post(`/editor/pages/${id}/text`, { locale: 'en', title: 'Accessibility statement', body: 'Revised on node 2.' });
    expect(saved.statusCode).toBe(303);
    const changedAt = Date.now();
    // The node that made the change shows it at once; the other within a poll interval.
    expect((await visitor(node2).get('/pages/accessibility')).body).toContain('Revised on node 2');
    await eventually(async () => expect((await reader.get('/pages/accessibility')).body).toContain('Revised on node 2'), 1000);
    expect(Date.now() - changedAt).toBeLessThan(1000);
  });

  it('answers 304 to a visitor who has the page, with an ETag and a date that match the cached page', async () => {
    const c = visitor();
    await c.get('/events/eu-micare-italian-closing-event');
    const page = await c.get('/events/eu-micare-italian-closing-event');
    expect(page.headers['x-cache']).toBe('hit');
    expect(page.headers.etag).toMatch(/^W\/"/);
    expect(new Date(page.headers['last-modified'] as string).getTime()).toBeGreaterThan(Date.now() - 120_000);
    const again = await c.get('/events/eu-micare-italian-closing-event', { 'if-none-match': page.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // The page holds the visitor's token, so another visitor's copy is not theirs.
    expect((await visitor().get('/events/eu-micare-italian-closing-event', { 'if-none-match': page.headers.etag as string })).statusCode).toBe(200);
    // A feed holds no token: its date is enough.
    const feed = await c.get('/news/feed.xml');
    expect((await c.get('/news/feed.xml', { 'if-modified-since': feed.headers['last-modified'] as string })).statusCode).toBe(304);
  });

  it('keeps the documents list for first visits, and renders a returning visitor’s own marks', async () => {
    const first = await visitor().get('/documents');
    const other = await visitor().get('/documents');
    expect(other.headers['x-cache']).toBe('hit');
    expect(first.headers['set-cookie']).toEqual(expect.arrayContaining([expect.stringMatching(/^ponte_last_visit=/)]));
    expect(other.headers['set-cookie']).toEqual(expect.arrayContaining([expect.stringMatching(/^ponte_last_visit=/)]));
    const returning = visitor();
    returning.cookies.set('ponte_last_visit', `${Date.parse('2020-01-01')}.${Date.parse('2020-01-01')}`);
    const own = await returning.get('/documents');
    expect(own.headers['x-cache']).toBeUndefined();
    expect(own.body).toMatch(/since your last visit/i);
    expect((await visitor().get('/documents')).body).not.toMatch(/since your last visit/i);
  });
});
