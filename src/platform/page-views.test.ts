import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApp } from '../../test/helpers.js';
import { seedDemo } from '../demo.js';
import { modules } from '../modules/index.js';
import { createNews, setNewsState } from '../modules/portal/news.js';
import { documents } from '../modules/portal/schema.js';
import { hashPassword } from './auth/password.js';
import { buildApp, type PonteApp } from './http/app.js';
import { grantRole } from './identity/organisations.js';
import { createUser } from './identity/users.js';
import { createPageViewCounter } from './page-views.js';
import { pageViews } from './schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let node2: PonteApp;
let editor: Client;
let newsId: string;
const visitor = (app: PonteApp = ctx.app, headers: Record<string, string> = {}) => new Client(app, { 'accept-language': 'en', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0', ...headers });
const today = () => new Date().toISOString().slice(0, 10);
const viewsOf = async (type: string, id: string) => {
  const [r] = await ctx.platform.database.db
    .select({ n: sql<string>`coalesce(sum(${pageViews.views}), 0)` })
    .from(pageViews)
    .where(and(eq(pageViews.itemType, type), eq(pageViews.itemId, id)));
  return Number(r!.n);
};
const flushAll = () => Promise.all([ctx.app.pageViews.flush(), node2.pageViews.flush()]);

beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
  node2 = await buildApp(ctx.platform, modules);
  const u = await createUser(ctx.platform.database.db, { email: 'editor@example.org', name: 'Eda Editor', passwordHash: await hashPassword('lantern river pepper', 14), verified: true });
  await grantRole(ctx.platform.database.db, u.id, 'editor', null);
  const created = await createNews(ctx.platform, u.id, { slug: 'counted-item', projectId: null, tags: [], sourceLocale: 'en', title: 'A counted item', summary: 'Summary', body: 'Body' });
  newsId = (created as { id: string }).id;
  await setNewsState(ctx.platform, newsId, { status: 'published' });
  editor = new Client(ctx.app);
  await editor.get('/signin');
  await editor.post('/signin', { email: 'editor@example.org', password: 'lantern river pepper' });
});
afterAll(async () => {
  await node2?.close();
  await ctx?.close();
});

describe('page views', () => {
  it('counts each view of an item once, pages from the cache included, keeping nothing about the visitor', async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await visitor().get('/news/counted-item'));
    expect(answers.map((a) => a.headers['x-cache'])).toEqual(['miss', 'hit', 'hit']);
    // A visitor whose browser revalidates its copy has viewed the page again.
    const c = visitor();
    const page = await c.get('/news/counted-item');
    expect((await c.get('/news/counted-item', { 'if-none-match': page.headers.etag as string })).statusCode).toBe(304);
    // No cookie of its own: the only one set is the form-protection cookie every page sets on a first visit.
    for (const a of answers) expect(([] as string[]).concat(a.headers['set-cookie'] ?? []).map((x) => x.split('=')[0])).toEqual(['ponte_csrf']);
    expect(await viewsOf('news', newsId)).toBe(0);
    await flushAll();
    expect(await viewsOf('news', newsId)).toBe(5);
    const rows = await ctx.platform.database.db.select().from(pageViews).where(eq(pageViews.itemId, newsId));
    expect(rows).toEqual([{ itemType: 'news', itemId: newsId, day: today(), views: 5 }]);
    // The table can hold nothing else: no address, no user agent, no visitor.
    const columns = await ctx.platform.database.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'page_views' ORDER BY column_name`);
    expect(columns.map((c) => c.column_name)).toEqual(['day', 'item_id', 'item_type', 'views']);
  });

  it('counts projects, site and project pages and documents, but not lists, robots or HEAD requests', async () => {
    const [doc] = await ctx.platform.database.db.select().from(documents).where(eq(documents.slug, 'eu-micare-mapping-report'));
    const before = await viewsOf('document', doc!.id);
    await visitor().get('/documents/eu-micare-mapping-report');
    await visitor().get('/documents');
    for (const ua of ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Mozilla/5.0 (compatible; bingbot/2.0)', 'ExampleCrawler/1.0', 'Baiduspider']) {
      expect((await visitor(ctx.app, { 'user-agent': ua }).get('/documents/eu-micare-mapping-report')).statusCode).toBe(200);
    }
    expect((await ctx.app.inject({ method: 'HEAD', url: '/documents/eu-micare-mapping-report' })).statusCode).toBe(200);
    await visitor().get('/projects/eu-micare');
    await visitor().get('/projects/eu-micare/training');
    await visitor().get('/pages/accessibility');
    expect((await visitor().get('/events/ponte-demo-webinar')).statusCode).toBe(200);
    await flushAll();
    expect(await viewsOf('document', doc!.id)).toBe(before + 1);
    const types = await ctx.platform.database.query<{ item_type: string }>(`SELECT DISTINCT item_type FROM page_views ORDER BY 1`);
    expect(types.map((t) => t.item_type)).toEqual(['document', 'event', 'news', 'page', 'project']);
  });

  it('adds up what two nodes flush at the same moment, however their batches interleave', async () => {
    const [doc] = await ctx.platform.database.db.select().from(documents).where(eq(documents.slug, 'eu-micare-focus-groups'));
    const before = await viewsOf('document', doc!.id);
    await Promise.all(Array.from({ length: 10 }, (_, i) => visitor(i % 2 ? node2 : ctx.app).get('/documents/eu-micare-focus-groups')));
    await flushAll();
    expect(await viewsOf('document', doc!.id)).toBe(before + 10);

    // Two counters with the same items counted in opposite orders, flushed at once, several rounds.
    const ids = Array.from({ length: 60 }, () => crypto.randomUUID());
    const a = createPageViewCounter(ctx.platform.database, { flushMs: 60_000, log: ctx.platform.log });
    const b = createPageViewCounter(ctx.platform.database, { flushMs: 60_000, log: ctx.platform.log });
    for (let round = 0; round < 3; round++) {
      for (const id of ids) a.count({ type: 'test', id });
      for (const id of [...ids].reverse()) {
        b.count({ type: 'test', id });
        b.count({ type: 'test', id });
      }
      await Promise.all([a.flush(), b.flush()]);
    }
    await Promise.all([a.close(), b.close()]);
    const totals = await ctx.platform.database.query<{ views: string }>(`SELECT views FROM page_views WHERE item_type = 'test'`);
    expect(totals).toHaveLength(60);
    expect(new Set(totals.map((t) => Number(t.views)))).toEqual(new Set([9]));
  });

  it('shows editors the views of each item in the last 30 days and in total, next to downloads', async () => {
    const longAgo = new Date(Date.now() - 45 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await ctx.platform.database.db.insert(pageViews).values({ itemType: 'news', itemId: newsId, day: longAgo, views: 1000 });
    const row = (html: string, title: string) => {
      const tr = html.split('<tr>').find((r) => r.includes(title))!;
      return [...tr.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    };
    const list = await editor.get('/editor/news');
    expect(list.body).toContain('Views (30 days)');
    expect(row(list.body, 'A counted item').slice(-2)).toEqual(['5', '1,005']);
    const docs = await editor.get('/editor/documents');
    expect(docs.body).toMatch(/Downloads<\/th><th scope="col" class="numeric">Views \(30 days\)<\/th><th scope="col" class="numeric">Views \(total\)/);
    expect(row(docs.body, 'Mapping').slice(-2)).toEqual(['1', '1']);
    const pages = await editor.get('/editor/pages');
    expect(row(pages.body, 'Accessibility statement').slice(-2)).toEqual(['1', '1']);
    const events = await editor.get('/editor/events');
    expect(row(events.body, 'Demo: an online tour of this platform').slice(-2)).toEqual(['1', '1']);
    // Editors' own pages are not views of anything.
    await flushAll();
    expect(await viewsOf('news', newsId)).toBe(1005);
  });
});
