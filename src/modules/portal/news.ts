import { and, count, desc, eq, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { executedRows, type DbOrTx } from '../../platform/db/index.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import type { ResponsiveImage } from '../../platform/ui/picture.js';
import { displayImages, type ImageUsage } from '../media/service.js';
import { pickFields, recordRevision, type SavedBy } from '../../platform/revisions.js';
import { viewFigures, type ViewFigures } from '../../platform/page-views.js';
import { contentChanged } from '../../platform/content-version.js';
import { pickTranslation, isOutOfDate, revisionFor, type Picked } from '../../platform/translations.js';
import { news, newsTranslations, projects } from './schema.js';
import { indexNews } from './search-index.js';

export type NewsRow = typeof news.$inferSelect;
export type NewsText = typeof newsTranslations.$inferSelect;
export const PUBLISH_QUEUE = 'portal.publish';

export interface NewsCard {
  id: string;
  slug: string;
  tags: string[];
  publishedAt: Date | null;
  project: { slug: string; acronym: string } | null;
  text: Picked<NewsText>;
  /** The cover image from the media library, with its alt text in the reader's language. */
  cover: ResponsiveImage | null;
}

async function cards(db: DbOrTx, rows: { n: NewsRow; p: { slug: string; acronym: string } | null }[], locale: Locale): Promise<NewsCard[]> {
  if (!rows.length) return [];
  const texts = await db.select().from(newsTranslations).where(inArray(newsTranslations.newsId, rows.map((r) => r.n.id)));
  const covers = await displayImages(
    db,
    rows.flatMap((r) => (r.n.coverImageId ? [r.n.coverImageId] : [])),
    locale,
  );
  return rows.flatMap(({ n, p }) => {
    const text = pickTranslation(
      texts.filter((t) => t.newsId === n.id),
      locale,
      n.sourceLocale,
    );
    const cover = (n.coverImageId && covers.get(n.coverImageId)) || null;
    return text ? [{ id: n.id, slug: n.slug, tags: n.tags, publishedAt: n.publishedAt, project: p?.slug ? p : null, text, cover }] : [];
  });
}

const published = () => and(eq(news.status, 'published'), lte(news.publishedAt, sql`now()`));

export interface NewsFilters {
  project?: string;
  tag?: string;
  year?: number;
}

/** Published news, newest first, filtered by project slug, tag and year. */
export async function listPublishedNews(db: DbOrTx, locale: Locale, filters: NewsFilters, page: number, pageSize: number) {
  const conditions: SQL[] = [published()!];
  if (filters.project) conditions.push(eq(projects.slug, filters.project));
  if (filters.tag) conditions.push(sql`${filters.tag} = ANY(${news.tags})`);
  if (filters.year) conditions.push(sql`extract(year FROM ${news.publishedAt}) = ${filters.year}`);
  const where = and(...conditions);
  const [{ total }] = (await db.select({ total: count() }).from(news).leftJoin(projects, eq(projects.id, news.projectId)).where(where)) as [{ total: number }];
  const rows = await db
    .select({ n: news, p: { slug: projects.slug, acronym: projects.acronym } })
    .from(news)
    .leftJoin(projects, eq(projects.id, news.projectId))
    .where(where)
    .orderBy(desc(news.publishedAt))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total, items: await cards(db, rows, locale) };
}

/** Values for the list's filters: the tags and years that published news use. */
export async function newsFacets(db: DbOrTx) {
  const tags = await db.execute<{ tag: string }>(sql`SELECT DISTINCT unnest(tags) AS tag FROM news WHERE status = 'published' AND published_at <= now() ORDER BY 1`);
  const years = await db.execute<{ year: number }>(sql`SELECT DISTINCT extract(year FROM published_at)::int AS year FROM news WHERE status = 'published' AND published_at <= now() ORDER BY 1 DESC`);
  return { tags: executedRows<{ tag: string }>(tags).map((r) => r.tag), years: executedRows<{ year: number }>(years).map((r) => Number(r.year)) };
}

/** One news item as readers see it: published ones only, unless `preview` (editors). */
export async function getNews(db: DbOrTx, slug: string, locale: Locale, opts: { preview?: boolean } = {}) {
  const [row] = await db
    .select({ n: news, p: { slug: projects.slug, acronym: projects.acronym } })
    .from(news)
    .leftJoin(projects, eq(projects.id, news.projectId))
    .where(opts.preview ? eq(news.slug, slug) : and(eq(news.slug, slug), published()));
  if (!row) return null;
  const [card] = await cards(db, [row], locale);
  if (!card) return null;
  // Related: the latest other published news of the same project or sharing a tag.
  const relatedWhere = [row.n.projectId ? eq(news.projectId, row.n.projectId) : undefined, row.n.tags.length ? sql`${news.tags} && ARRAY[${sql.join(row.n.tags.map((tag) => sql`${tag}`), sql`, `)}]::text[]` : undefined].filter(Boolean) as SQL[];
  const related = relatedWhere.length
    ? await cards(
        db,
        await db
          .select({ n: news, p: { slug: projects.slug, acronym: projects.acronym } })
          .from(news)
          .leftJoin(projects, eq(projects.id, news.projectId))
          .where(and(published(), ne(news.id, row.n.id), or(...relatedWhere)))
          .orderBy(desc(news.publishedAt))
          .limit(3),
        locale,
      )
    : [];
  return { item: card, news: row.n, related };
}

/** Scheduled items whose time has come become published; returns how many. */
export async function publishDue(db: DbOrTx): Promise<number> {
  return db.transaction(async (tx) => {
    const r = await tx
      .update(news)
      .set({ status: 'published', publishedAt: sql`${news.publishAt}`, updatedAt: new Date() })
      .where(and(eq(news.status, 'scheduled'), lte(news.publishAt, sql`now()`)))
      .returning({ id: news.id });
    for (const { id } of r) await indexNews(tx, id);
    if (r.length) await contentChanged(tx);
    return r.length;
  });
}

// Editing.

export interface NewsInput {
  slug: string;
  projectId: string | null;
  tags: string[];
  sourceLocale: Locale;
  title: string;
  summary: string;
  body: string;
}

/** The fields a news item's history keeps: its text per language, and its settings. */
export const NEWS_TEXT_FIELDS = ['title', 'summary', 'body'] as const;
export const NEWS_SETTINGS_FIELDS = ['projectId', 'tags', 'coverImageId'] as const;
export interface NewsSettings {
  projectId: string | null;
  tags: string[];
  coverImageId: string | null;
}

export async function createNews(p: Platform, authorId: string, input: NewsInput): Promise<{ id: string } | { error: 'slug-taken' }> {
  return p.database.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: news.id }).from(news).where(eq(news.slug, input.slug));
    if (taken) return { error: 'slug-taken' as const };
    const [n] = await tx.insert(news).values({ slug: input.slug, projectId: input.projectId, authorId, tags: input.tags, sourceLocale: input.sourceLocale }).returning();
    const text = { title: input.title, summary: input.summary, body: input.body };
    await tx.insert(newsTranslations).values({ newsId: n!.id, locale: input.sourceLocale, ...text, revision: 1, sourceRevision: 1 });
    await recordRevision(tx, { itemType: 'news', itemId: n!.id, locale: input.sourceLocale, before: null, after: { fields: text, sourceRevision: 1 }, authorId });
    await recordRevision(tx, { itemType: 'news', itemId: n!.id, locale: null, before: null, after: { fields: pickFields(n!, NEWS_SETTINGS_FIELDS) }, authorId });
    await contentChanged(tx);
    return { id: n!.id };
  });
}

/** Saves an item's project, tags and cover image; the previous settings stay in its history. */
export async function updateNewsMeta(db: DbOrTx, id: string, input: NewsSettings, by: SavedBy = { userId: null }) {
  await db.transaction(async (tx) => {
    const [n] = await tx.select().from(news).where(eq(news.id, id)).for('update');
    if (!n) return;
    await tx.update(news).set({ projectId: input.projectId, tags: input.tags, coverImageId: input.coverImageId, updatedAt: new Date() }).where(eq(news.id, id));
    await recordRevision(tx, { itemType: 'news', itemId: id, locale: null, before: { fields: pickFields(n, NEWS_SETTINGS_FIELDS), at: n.updatedAt }, after: { fields: pickFields(input, NEWS_SETTINGS_FIELDS) }, authorId: by.userId, restoredFrom: by.restoredFrom });
    await indexNews(tx, id);
    await contentChanged(tx);
  });
}

/**
 * Saves one language of an item, keeping the previous text in its history. Saving the source language with
 * new text marks the other languages out of date.
 */
export async function saveNewsTranslation(db: DbOrTx, id: string, locale: Locale, text: { title: string; summary: string; body: string }, by: SavedBy = { userId: null }) {
  return db.transaction(async (tx) => {
    // Locked: saves of one item take their turn, so its history numbers never collide.
    const [n] = await tx.select().from(news).where(eq(news.id, id)).for('update');
    if (!n) return false;
    const rows = await tx.select().from(newsTranslations).where(eq(newsTranslations.newsId, id));
    const joined = (t: { title: string; summary: string; body: string }) => `${t.title}\u0000${t.summary}\u0000${t.body}`;
    const rev = revisionFor(rows, n.sourceLocale, locale, joined, joined(text), { translatedFrom: by.translatedFrom });
    const previous = rows.find((r) => r.locale === locale);
    await tx
      .insert(newsTranslations)
      .values({ newsId: id, locale, ...text, ...rev, updatedAt: new Date() })
      .onConflictDoUpdate({ target: [newsTranslations.newsId, newsTranslations.locale], set: { ...text, ...rev, updatedAt: new Date() } });
    await recordRevision(tx, {
      itemType: 'news',
      itemId: id,
      locale,
      before: previous ? { fields: pickFields(previous, NEWS_TEXT_FIELDS), sourceRevision: previous.sourceRevision, at: previous.updatedAt } : null,
      after: { fields: pickFields(text, NEWS_TEXT_FIELDS), sourceRevision: rev.sourceRevision },
      authorId: by.userId,
      restoredFrom: by.restoredFrom,
    });
    await tx.update(news).set({ updatedAt: new Date() }).where(eq(news.id, id));
    await indexNews(tx, id);
    await contentChanged(tx);
    return true;
  });
}

/** Publishes now, schedules (through the job queue) or withdraws to draft. */
export async function setNewsState(p: Platform, id: string, state: { status: 'draft' } | { status: 'published' } | { status: 'scheduled'; at: Date }) {
  return p.database.db.transaction(async (tx) => {
    const [n] = await tx.select().from(news).where(eq(news.id, id));
    if (!n) return false;
    if (state.status === 'draft') await tx.update(news).set({ status: 'draft', publishAt: null, updatedAt: new Date() }).where(eq(news.id, id));
    if (state.status === 'published') await tx.update(news).set({ status: 'published', publishAt: null, publishedAt: n.publishedAt ?? sql`now()`, updatedAt: new Date() }).where(eq(news.id, id));
    if (state.status === 'scheduled') {
      await tx.update(news).set({ status: 'scheduled', publishAt: state.at, updatedAt: new Date() }).where(eq(news.id, id));
      const seconds = Math.max(0, Math.ceil((state.at.getTime() - Date.now()) / 1000));
      await p.jobs.send(PUBLISH_QUEUE, { id }, { startAfterSeconds: seconds, singletonKey: `${id}:${state.at.toISOString()}`, db: tx });
    }
    await indexNews(tx, id);
    await contentChanged(tx);
    return true;
  });
}

export interface EditorNewsRow {
  id: string;
  slug: string;
  status: NewsRow['status'];
  publishAt: Date | null;
  publishedAt: Date | null;
  updatedAt: Date;
  title: string;
  languages: { locale: string; outOfDate: boolean }[];
  views: ViewFigures;
}

export async function listNewsForEditors(db: DbOrTx, locale: Locale): Promise<EditorNewsRow[]> {
  const rows = await db.select().from(news).orderBy(desc(news.updatedAt)).limit(500);
  if (!rows.length) return [];
  const texts = await db.select().from(newsTranslations).where(inArray(newsTranslations.newsId, rows.map((r) => r.id)));
  const views = await viewFigures(db, 'news', rows.map((r) => r.id));
  return rows.map((n) => {
    const mine = texts.filter((t) => t.newsId === n.id);
    const source = mine.find((t) => t.locale === n.sourceLocale);
    return {
      id: n.id,
      slug: n.slug,
      status: n.status,
      publishAt: n.publishAt,
      publishedAt: n.publishedAt,
      updatedAt: n.updatedAt,
      title: pickTranslation(mine, locale, n.sourceLocale)?.value.title ?? n.slug,
      languages: mine.map((t) => ({ locale: t.locale, outOfDate: isOutOfDate(t, source, n.sourceLocale) })).sort((a, b) => a.locale.localeCompare(b.locale)),
      views: views.get(n.id) ?? { last30: 0, total: 0 },
    };
  });
}

export async function getNewsForEditing(db: DbOrTx, id: string) {
  const [n] = await db.select().from(news).where(eq(news.id, id));
  if (!n) return null;
  const texts = await db.select().from(newsTranslations).where(eq(newsTranslations.newsId, id));
  return { news: n, texts };
}

/** Where library images serve as news covers (for the media library's "used in"). */
export async function newsCoverUses(db: DbOrTx, imageIds: string[], locale: Locale): Promise<ImageUsage[]> {
  const rows = await db.select().from(news).where(inArray(news.coverImageId, imageIds));
  if (!rows.length) return [];
  const texts = await db.select().from(newsTranslations).where(inArray(newsTranslations.newsId, rows.map((r) => r.id)));
  return rows.map((n) => ({
    imageId: n.coverImageId!,
    label: pickTranslation(
      texts.filter((t) => t.newsId === n.id),
      locale,
      n.sourceLocale,
    )?.value.title ?? n.slug,
    href: `/editor/news/${n.id}`,
  }));
}
