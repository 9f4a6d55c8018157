import { and, eq, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { indexItem, plainText } from '../../platform/search.js';
import { indexDocument } from './documents.js';
import { indexEvent } from './events.js';
import { documents, events, news, newsTranslations, pages, pageTranslations, projects, projectTranslations } from './schema.js';

/** What the portal puts in the site-wide search index: projects, pages, published news and public documents. */
export async function indexProject(db: DbOrTx, id: string) {
  const [p] = await db.select().from(projects).where(eq(projects.id, id));
  if (!p) return indexItem(db, 'project', id, []);
  const texts = await db.select().from(projectTranslations).where(eq(projectTranslations.projectId, id));
  await indexItem(
    db,
    'project',
    id,
    texts.map((t) => ({ locale: t.locale, title: `${p.acronym} · ${t.name}`, summary: plainText(t.summary), body: plainText(`${t.objectives}\n${t.targetGroups}`), url: `/projects/${p.slug}`, projectId: p.id })),
  );
}

export async function indexPage(db: DbOrTx, id: string) {
  const [pg] = await db.select({ page: pages, projectSlug: projects.slug }).from(pages).leftJoin(projects, eq(projects.id, pages.projectId)).where(eq(pages.id, id));
  if (!pg) return indexItem(db, 'page', id, []);
  const texts = await db.select().from(pageTranslations).where(eq(pageTranslations.pageId, id));
  const url = pg.page.projectId ? `/projects/${pg.projectSlug}/${pg.page.slug}` : `/pages/${pg.page.slug}`;
  await indexItem(
    db,
    'page',
    id,
    texts.map((t) => ({ locale: t.locale, title: t.title, body: plainText(t.body), url, projectId: pg.page.projectId })),
  );
}

/** Published news is indexed; a draft or scheduled item is removed from the index. */
export async function indexNews(db: DbOrTx, id: string) {
  const [n] = await db
    .select()
    .from(news)
    .where(and(eq(news.id, id), eq(news.status, 'published'), lte(news.publishedAt, sql`now()`)));
  if (!n) return indexItem(db, 'news', id, []);
  const texts = await db.select().from(newsTranslations).where(eq(newsTranslations.newsId, id));
  await indexItem(
    db,
    'news',
    id,
    texts.map((t) => ({ locale: t.locale, title: t.title, summary: t.summary, body: plainText(t.body), url: `/news/${n.slug}`, projectId: n.projectId, publishedAt: n.publishedAt })),
  );
}

export async function reindexPortal(db: DbOrTx) {
  for (const { id } of await db.select({ id: projects.id }).from(projects)) await indexProject(db, id);
  for (const { id } of await db.select({ id: pages.id }).from(pages)) await indexPage(db, id);
  for (const { id } of await db.select({ id: news.id }).from(news)) await indexNews(db, id);
  for (const { id } of await db.select({ id: documents.id }).from(documents)) await indexDocument(db, id);
  for (const { id } of await db.select({ id: events.id }).from(events)) await indexEvent(db, id);
}
