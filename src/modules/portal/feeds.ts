import { Feed } from 'feed';
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { LOCALES, type Locale } from '../../platform/i18n/index.js';
import { renderMarkdown } from '../../platform/ui/markdown.js';
import { documents, events, news, pages, projects } from './schema.js';

export type FeedFormat = 'rss' | 'atom' | 'json';
export const FEED_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** One entry of a feed: a news item, a document… */
export interface FeedEntry {
  path: string;
  title: string;
  summary: string;
  /** Markdown. */
  body?: string;
  date: Date;
  categories: string[];
}

/** RSS 2.0, Atom 1.0 or JSON Feed 1.1, built with the `feed` library; entries newest first. */
export function buildFeed(opts: { format: FeedFormat; baseUrl: string; selfPath: string; linkPath: string; title: string; description: string; locale: Locale; entries: FeedEntry[] }): string {
  const self = `${opts.baseUrl}${opts.selfPath}`;
  const feed = new Feed({
    title: opts.title,
    description: opts.description,
    id: self,
    link: `${opts.baseUrl}${opts.linkPath}`,
    language: opts.locale,
    copyright: '',
    updated: opts.entries[0]?.date ?? new Date(0),
    generator: 'Ponte',
    feedLinks: { rss: self.replace(/\.(xml|atom|json)$/, '.xml'), atom: self.replace(/\.(xml|atom|json)$/, '.atom'), json: self.replace(/\.(xml|atom|json)$/, '.json') },
  });
  for (const entry of opts.entries) {
    const url = `${opts.baseUrl}${entry.path}`;
    feed.addItem({
      title: entry.title,
      id: url,
      link: url,
      description: entry.summary,
      content: entry.body === undefined ? undefined : renderMarkdown(entry.body),
      date: entry.date,
      category: entry.categories.map((name) => ({ name })),
    });
  }
  return opts.format === 'rss' ? feed.rss2() : opts.format === 'atom' ? feed.atom1() : feed.json1();
}

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** sitemap.xml: every public page, with hreflang alternates for each interface language. */
export async function sitemap(db: DbOrTx, baseUrl: string): Promise<string> {
  const paths: { path: string; lastmod?: Date | null }[] = [{ path: '/' }, { path: '/projects' }, { path: '/news' }];
  const projectRows = await db.select({ id: projects.id, slug: projects.slug }).from(projects);
  const slugOf = new Map(projectRows.map((p) => [p.id, p.slug]));
  for (const p of projectRows) paths.push({ path: `/projects/${p.slug}` });
  for (const pg of await db.select().from(pages)) paths.push({ path: pg.projectId ? `/projects/${slugOf.get(pg.projectId)}/${pg.slug}` : `/pages/${pg.slug}` });
  const items = await db
    .select({ slug: news.slug, updatedAt: news.updatedAt })
    .from(news)
    .where(and(eq(news.status, 'published'), lte(news.publishedAt, sql`now()`)))
    .orderBy(desc(news.publishedAt));
  for (const n of items) paths.push({ path: `/news/${n.slug}`, lastmod: n.updatedAt });
  paths.push({ path: '/documents' }, { path: '/dissemination' });
  for (const d of await db.select({ slug: documents.slug, changedAt: documents.changedAt }).from(documents).where(eq(documents.status, 'published'))) paths.push({ path: `/documents/${d.slug}`, lastmod: d.changedAt });
  paths.push({ path: '/events' });
  for (const e of await db.select({ slug: events.slug, updatedAt: events.updatedAt }).from(events).where(inArray(events.status, ['published', 'cancelled']))) paths.push({ path: `/events/${e.slug}`, lastmod: e.updatedAt });
  const url = (path: string, lang?: string) => `${baseUrl}${path}${lang ? `${path.includes('?') ? '&' : '?'}lang=${lang}` : ''}`;
  const entries = paths.map(({ path, lastmod }) => {
    const alternates = [...LOCALES.map((l) => `    <xhtml:link rel="alternate" hreflang="${l}" href="${xml(url(path, l))}"/>`), `    <xhtml:link rel="alternate" hreflang="x-default" href="${xml(url(path))}"/>`];
    return [`  <url>`, `    <loc>${xml(url(path))}</loc>`, ...(lastmod ? [`    <lastmod>${lastmod.toISOString()}</lastmod>`] : []), ...alternates, `  </url>`].join('\n');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${entries.join('\n')}\n</urlset>\n`;
}

export const robots = (baseUrl: string) => `User-agent: *\nDisallow: /admin\nDisallow: /account\nDisallow: /editor\nDisallow: /api/\nAllow: /\n\nSitemap: ${baseUrl}/sitemap.xml\n`;
