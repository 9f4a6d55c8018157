import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { nameIn, type Locale } from '../../platform/i18n/index.js';
import { organisations, organisationTypes } from '../../platform/schema.js';
import { pickTranslation, type Picked } from '../../platform/translations.js';
import { funders, pages, pageTranslations, projectPartners, projects, projectTranslations, relatedProjects, workPackages, workPackageTranslations } from './schema.js';

export type ProjectStatus = 'planned' | 'ongoing' | 'ended';

/** Ongoing from its start date to its end date inclusive; ended projects stay online as an archive. */
export function projectStatus(startDate: string | null, endDate: string | null, today = new Date().toISOString().slice(0, 10)): ProjectStatus {
  if (startDate && today < startDate) return 'planned';
  if (endDate && today > endDate) return 'ended';
  return 'ongoing';
}

type ProjectRow = typeof projects.$inferSelect;
type ProjectText = typeof projectTranslations.$inferSelect;

export interface ProjectSummary {
  id: string;
  slug: string;
  acronym: string;
  startDate: string | null;
  endDate: string | null;
  status: ProjectStatus;
  text: Picked<ProjectText>;
}

async function texts(db: DbOrTx, ids: string[]) {
  if (!ids.length) return new Map<string, ProjectText[]>();
  const rows = await db.select().from(projectTranslations).where(inArray(projectTranslations.projectId, ids));
  const by = new Map<string, ProjectText[]>();
  for (const r of rows) by.set(r.projectId, [...(by.get(r.projectId) ?? []), r]);
  return by;
}

function summarise(p: ProjectRow, rows: ProjectText[] | undefined, locale: Locale): ProjectSummary | null {
  const text = pickTranslation(rows ?? [], locale, p.sourceLocale);
  if (!text) return null;
  return { id: p.id, slug: p.slug, acronym: p.acronym, startDate: p.startDate, endDate: p.endDate, status: projectStatus(p.startDate, p.endDate), text };
}

async function summaries(db: DbOrTx, rows: ProjectRow[], locale: Locale): Promise<ProjectSummary[]> {
  const t = await texts(
    db,
    rows.map((p) => p.id),
  );
  return rows.map((p) => summarise(p, t.get(p.id), locale)).filter((x): x is ProjectSummary => !!x);
}

/** Every project, newest first. */
export async function listProjects(db: DbOrTx, locale: Locale): Promise<ProjectSummary[]> {
  const rows = await db.select().from(projects).orderBy(asc(projects.startDate));
  return (await summaries(db, rows, locale)).reverse();
}

export interface ProjectDetail extends ProjectSummary {
  project: ProjectRow;
  funder: typeof funders.$inferSelect | null;
  coordinator: { id: string; name: string; country: string } | null;
  partners: { id: string; name: string; country: string; role: string; website: string | null }[];
  workPackages: { code: string; lead: string | null; text: Picked<typeof workPackageTranslations.$inferSelect> | null }[];
  previous: ProjectSummary | null;
  related: ProjectSummary[];
  menu: { slug: string; title: string }[];
}

export async function getProject(db: DbOrTx, slug: string, locale: Locale): Promise<ProjectDetail | null> {
  const [project] = await db.select().from(projects).where(eq(projects.slug, slug));
  if (!project) return null;
  const [summary] = await summaries(db, [project], locale);
  if (!summary) return null;
  const [funder] = project.funderCode ? await db.select().from(funders).where(eq(funders.code, project.funderCode)) : [];
  const partners = await db
    .select({ id: organisations.id, name: organisations.name, country: organisations.country, role: projectPartners.role, website: organisations.website })
    .from(projectPartners)
    .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
    .where(eq(projectPartners.projectId, project.id))
    .orderBy(asc(projectPartners.sort), asc(organisations.name));
  const coordinator = partners.find((x) => x.id === project.coordinatorId) ?? null;
  const wps = await db
    .select({ id: workPackages.id, code: workPackages.code, lead: organisations.name })
    .from(workPackages)
    .leftJoin(organisations, eq(organisations.id, workPackages.leadId))
    .where(eq(workPackages.projectId, project.id))
    .orderBy(asc(workPackages.sort), asc(workPackages.code));
  const wpTexts = wps.length ? await db.select().from(workPackageTranslations).where(inArray(workPackageTranslations.workPackageId, wps.map((w) => w.id))) : [];
  const previousRows = project.previousProjectId ? await db.select().from(projects).where(eq(projects.id, project.previousProjectId)) : [];
  const relatedRows = await db
    .select({ p: projects })
    .from(relatedProjects)
    .innerJoin(projects, eq(projects.id, relatedProjects.relatedId))
    .where(eq(relatedProjects.projectId, project.id));
  return {
    ...summary,
    project,
    funder: funder ?? null,
    coordinator: coordinator && { id: coordinator.id, name: coordinator.name, country: coordinator.country },
    partners,
    workPackages: wps.map((w) => ({
      code: w.code,
      lead: w.lead,
      text: pickTranslation(
        wpTexts.filter((x) => x.workPackageId === w.id),
        locale,
        project.sourceLocale,
      ),
    })),
    previous: (await summaries(db, previousRows, locale))[0] ?? null,
    related: await summaries(
      db,
      relatedRows.map((r) => r.p),
      locale,
    ),
    menu: await pageMenu(db, project.id, locale),
  };
}

/** The titles of the pages listed in a project's menu (or the site's, for null), in the reader's language. */
export async function pageMenu(db: DbOrTx, projectId: string | null, locale: Locale) {
  const rows = await db
    .select({ page: pages, text: pageTranslations })
    .from(pages)
    .innerJoin(pageTranslations, eq(pageTranslations.pageId, pages.id))
    .where(and(projectId ? eq(pages.projectId, projectId) : isNull(pages.projectId), eq(pages.inMenu, true)))
    .orderBy(asc(pages.sort));
  const by = new Map<string, { slug: string; sourceLocale: string; texts: (typeof pageTranslations.$inferSelect)[] }>();
  for (const r of rows) {
    const entry = by.get(r.page.id) ?? { slug: r.page.slug, sourceLocale: r.page.sourceLocale, texts: [] };
    entry.texts.push(r.text);
    by.set(r.page.id, entry);
  }
  return [...by.values()].map((e) => ({ slug: e.slug, title: pickTranslation(e.texts, locale, e.sourceLocale)!.value.title }));
}

export async function getPage(db: DbOrTx, projectId: string | null, slug: string, locale: Locale) {
  const [page] = await db
    .select()
    .from(pages)
    .where(and(projectId ? eq(pages.projectId, projectId) : isNull(pages.projectId), eq(pages.slug, slug)));
  if (!page) return null;
  const rows = await db.select().from(pageTranslations).where(eq(pageTranslations.pageId, page.id));
  const text = pickTranslation(rows, locale, page.sourceLocale);
  return text ? { page, text } : null;
}

/** An organisation and the projects it coordinates or takes part in, split into ongoing and ended. */
export async function organisationHome(db: DbOrTx, id: string, locale: Locale) {
  const [org] = await db
    .select({ org: organisations, type: organisationTypes })
    .from(organisations)
    .innerJoin(organisationTypes, eq(organisationTypes.code, organisations.typeCode))
    .where(eq(organisations.id, id));
  if (!org) return null;
  const rows = await db
    .selectDistinct({ p: projects })
    .from(projects)
    .leftJoin(projectPartners, eq(projectPartners.projectId, projects.id))
    .where(or(eq(projects.coordinatorId, id), eq(projectPartners.organisationId, id)));
  const list = await summaries(
    db,
    rows.map((r) => r.p),
    locale,
  );
  return {
    organisation: org.org,
    typeName: nameIn(org.type.names, locale, org.type.code),
    ongoing: list.filter((p) => p.status !== 'ended'),
    ended: list.filter((p) => p.status === 'ended'),
  };
}
