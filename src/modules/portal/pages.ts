import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { contentChanged } from '../../platform/content-version.js';
import type { Locale } from '../../platform/i18n/index.js';
import { pickFields, recordRevision, type SavedBy } from '../../platform/revisions.js';
import { viewFigures } from '../../platform/page-views.js';
import { isOutOfDate, pickTranslation, revisionFor } from '../../platform/translations.js';
import { pages, pageTranslations, projects } from './schema.js';
import { indexPage } from './search-index.js';

export interface PageInput {
  projectId: string | null;
  slug: string;
  sourceLocale: Locale;
  sort: number;
  inMenu: boolean;
  title: string;
  body: string;
}

/** The fields a page's history keeps: its text per language, and its settings. */
export const PAGE_TEXT_FIELDS = ['title', 'body'] as const;
export const PAGE_SETTINGS_FIELDS = ['sort', 'inMenu'] as const;

/** Creates a site page (projectId null) or a project page; the slug is unique within its project or the site. */
export async function createPage(db: DbOrTx, input: PageInput, by: SavedBy = { userId: null }): Promise<{ id: string } | { error: 'slug-taken' }> {
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: pages.id })
      .from(pages)
      .where(and(input.projectId ? eq(pages.projectId, input.projectId) : isNull(pages.projectId), eq(pages.slug, input.slug)));
    if (taken) return { error: 'slug-taken' as const };
    const [pg] = await tx.insert(pages).values({ projectId: input.projectId, slug: input.slug, sourceLocale: input.sourceLocale, sort: input.sort, inMenu: input.inMenu }).returning();
    await tx.insert(pageTranslations).values({ pageId: pg!.id, locale: input.sourceLocale, title: input.title, body: input.body });
    await recordRevision(tx, { itemType: 'page', itemId: pg!.id, locale: input.sourceLocale, before: null, after: { fields: pickFields(input, PAGE_TEXT_FIELDS), sourceRevision: 1 }, authorId: by.userId });
    await recordRevision(tx, { itemType: 'page', itemId: pg!.id, locale: null, before: null, after: { fields: pickFields(pg!, PAGE_SETTINGS_FIELDS) }, authorId: by.userId });
    await indexPage(tx, pg!.id);
    await contentChanged(tx);
    return { id: pg!.id };
  });
}

/** Saves one language of a page, keeping the previous text in its history. */
export async function savePageTranslation(db: DbOrTx, id: string, locale: Locale, text: { title: string; body: string }, by: SavedBy = { userId: null }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [pg] = await tx.select().from(pages).where(eq(pages.id, id)).for('update');
    if (!pg) return false;
    const rows = await tx.select().from(pageTranslations).where(eq(pageTranslations.pageId, id));
    const joined = (t: { title: string; body: string }) => `${t.title}\u0000${t.body}`;
    const rev = revisionFor(rows, pg.sourceLocale, locale, joined, joined(text), { translatedFrom: by.translatedFrom });
    const previous = rows.find((r) => r.locale === locale);
    await tx
      .insert(pageTranslations)
      .values({ pageId: id, locale, ...text, ...rev, updatedAt: new Date() })
      .onConflictDoUpdate({ target: [pageTranslations.pageId, pageTranslations.locale], set: { ...text, ...rev, updatedAt: new Date() } });
    await recordRevision(tx, {
      itemType: 'page',
      itemId: id,
      locale,
      before: previous ? { fields: pickFields(previous, PAGE_TEXT_FIELDS), sourceRevision: previous.sourceRevision, at: previous.updatedAt } : null,
      after: { fields: pickFields(text, PAGE_TEXT_FIELDS), sourceRevision: rev.sourceRevision },
      authorId: by.userId,
      restoredFrom: by.restoredFrom,
    });
    await indexPage(tx, id);
    await contentChanged(tx);
    return true;
  });
}

export async function updatePageMeta(db: DbOrTx, id: string, input: { sort: number; inMenu: boolean }, by: SavedBy = { userId: null }) {
  await db.transaction(async (tx) => {
    const [pg] = await tx.select().from(pages).where(eq(pages.id, id)).for('update');
    if (!pg) return;
    await tx.update(pages).set({ sort: input.sort, inMenu: input.inMenu }).where(eq(pages.id, id));
    // Pages keep no time of their last change; the earlier state is dated by the time it is first replaced.
    await recordRevision(tx, { itemType: 'page', itemId: id, locale: null, before: { fields: pickFields(pg, PAGE_SETTINGS_FIELDS), at: new Date() }, after: { fields: pickFields(input, PAGE_SETTINGS_FIELDS) }, authorId: by.userId, restoredFrom: by.restoredFrom });
    await contentChanged(tx);
  });
}

export async function listPagesForEditors(db: DbOrTx, locale: Locale) {
  const rows = await db.select({ page: pages, project: projects.acronym }).from(pages).leftJoin(projects, eq(projects.id, pages.projectId)).orderBy(asc(projects.acronym), asc(pages.sort));
  if (!rows.length) return [];
  const texts = await db.select().from(pageTranslations).where(inArray(pageTranslations.pageId, rows.map((r) => r.page.id)));
  const views = await viewFigures(db, 'page', rows.map((r) => r.page.id));
  return rows.map(({ page, project }) => {
    const mine = texts.filter((t) => t.pageId === page.id);
    const source = mine.find((t) => t.locale === page.sourceLocale);
    return {
      id: page.id,
      slug: page.slug,
      project,
      inMenu: page.inMenu,
      title: pickTranslation(mine, locale, page.sourceLocale)?.value.title ?? page.slug,
      languages: mine.map((t) => ({ locale: t.locale, outOfDate: isOutOfDate(t, source, page.sourceLocale) })).sort((a, b) => a.locale.localeCompare(b.locale)),
      views: views.get(page.id) ?? { last30: 0, total: 0 },
    };
  });
}

export async function getPageForEditing(db: DbOrTx, id: string) {
  const [row] = await db.select({ page: pages, projectSlug: projects.slug }).from(pages).leftJoin(projects, eq(projects.id, pages.projectId)).where(eq(pages.id, id));
  if (!row) return null;
  const texts = await db.select().from(pageTranslations).where(eq(pageTranslations.pageId, id));
  return { page: row.page, url: row.page.projectId ? `/projects/${row.projectSlug}/${row.page.slug}` : `/pages/${row.page.slug}`, texts };
}
