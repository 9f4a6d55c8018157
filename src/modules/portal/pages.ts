import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import type { Locale } from '../../platform/i18n/index.js';
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

/** Creates a site page (projectId null) or a project page; the slug is unique within its project or the site. */
export async function createPage(db: DbOrTx, input: PageInput): Promise<{ id: string } | { error: 'slug-taken' }> {
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: pages.id })
      .from(pages)
      .where(and(input.projectId ? eq(pages.projectId, input.projectId) : isNull(pages.projectId), eq(pages.slug, input.slug)));
    if (taken) return { error: 'slug-taken' as const };
    const [pg] = await tx.insert(pages).values({ projectId: input.projectId, slug: input.slug, sourceLocale: input.sourceLocale, sort: input.sort, inMenu: input.inMenu }).returning();
    await tx.insert(pageTranslations).values({ pageId: pg!.id, locale: input.sourceLocale, title: input.title, body: input.body });
    await indexPage(tx, pg!.id);
    return { id: pg!.id };
  });
}

export async function savePageTranslation(db: DbOrTx, id: string, locale: Locale, text: { title: string; body: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [pg] = await tx.select().from(pages).where(eq(pages.id, id));
    if (!pg) return false;
    const rows = await tx.select().from(pageTranslations).where(eq(pageTranslations.pageId, id));
    const joined = (t: { title: string; body: string }) => `${t.title}\u0000${t.body}`;
    const rev = revisionFor(rows, pg.sourceLocale, locale, joined, joined(text));
    await tx
      .insert(pageTranslations)
      .values({ pageId: id, locale, ...text, ...rev, updatedAt: new Date() })
      .onConflictDoUpdate({ target: [pageTranslations.pageId, pageTranslations.locale], set: { ...text, ...rev, updatedAt: new Date() } });
    await indexPage(tx, id);
    return true;
  });
}

export async function updatePageMeta(db: DbOrTx, id: string, input: { sort: number; inMenu: boolean }) {
  await db.update(pages).set(input).where(eq(pages.id, id));
}

export async function listPagesForEditors(db: DbOrTx, locale: Locale) {
  const rows = await db.select({ page: pages, project: projects.acronym }).from(pages).leftJoin(projects, eq(projects.id, pages.projectId)).orderBy(asc(projects.acronym), asc(pages.sort));
  if (!rows.length) return [];
  const texts = await db.select().from(pageTranslations).where(inArray(pageTranslations.pageId, rows.map((r) => r.page.id)));
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
    };
  });
}

export async function getPageForEditing(db: DbOrTx, id: string) {
  const [row] = await db.select({ page: pages, projectSlug: projects.slug }).from(pages).leftJoin(projects, eq(projects.id, pages.projectId)).where(eq(pages.id, id));
  if (!row) return null;
  const texts = await db.select().from(pageTranslations).where(eq(pageTranslations.pageId, id));
  return { page: row.page, url: row.page.projectId ? `/projects/${row.projectSlug}/${row.page.slug}` : `/pages/${row.page.slug}`, texts };
}
