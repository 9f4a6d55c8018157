import { and, count, desc, eq, ilike, inArray, max, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { hasRole, type Principal } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { contentChanged } from '../../platform/content-version.js';
import type { Locale } from '../../platform/i18n/index.js';
import { viewFigures } from '../../platform/page-views.js';
import { storedFiles } from '../../platform/schema.js';
import { indexItem, plainText } from '../../platform/search.js';
import { saveFile, type Storage } from '../../platform/storage.js';
import { pickFields, recordRevision, type SavedBy } from '../../platform/revisions.js';
import { isOutOfDate, pickTranslation, revisionFor, type Picked } from '../../platform/translations.js';
import { DISSEMINATION_TYPES, DOCUMENT_TYPES, disseminationActivities, documentFiles, documents, documentTranslations, projectPartners, projects, workPackages, workPackageTranslations } from './schema.js';

export type DocumentRow = typeof documents.$inferSelect;
export type DocumentText = typeof documentTranslations.$inferSelect;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
/** Reports and results, or dissemination materials (leaflets, posters, videos, press releases, presentations). */
export type DocumentGroup = 'results' | 'dissemination';

const groupCondition = (group: DocumentGroup) => (group === 'dissemination' ? inArray(documents.type, [...DISSEMINATION_TYPES]) : notInArray(documents.type, [...DISSEMINATION_TYPES]));

/**
 * Who sees members-only documents: editors and administrators, and people holding any role in an organisation
 * that is a partner of the document's project (the consortium). Returns the project ids, or 'all'.
 */
export async function memberProjects(db: DbOrTx, principal: Principal | null): Promise<'all' | string[]> {
  if (!principal) return [];
  if (hasRole(principal, 'editor')) return 'all';
  const orgs = [...new Set(principal.roles.map((r) => r.organisationId).filter((x): x is string => !!x))];
  if (!orgs.length) return [];
  const rows = await db.selectDistinct({ id: projectPartners.projectId }).from(projectPartners).where(inArray(projectPartners.organisationId, orgs));
  return rows.map((r) => r.id);
}

const visibleTo = (members: 'all' | string[]): SQL | undefined => (members === 'all' ? undefined : members.length ? or(eq(documents.level, 'public'), inArray(documents.projectId, members)) : eq(documents.level, 'public'));

export interface DocumentFilters {
  project?: string;
  workPackage?: string;
  type?: DocumentType;
  year?: number;
  /** Words in the code or title, in any language. */
  q?: string;
}

export interface DocumentCard {
  id: string;
  slug: string;
  code: string | null;
  type: DocumentType;
  level: 'public' | 'members';
  publishedOn: string | null;
  changedAt: Date;
  downloads: number;
  project: { slug: string; acronym: string };
  workPackage: string | null;
  text: Picked<DocumentText>;
  /** Languages with a file. */
  languages: string[];
}

async function cards(db: DbOrTx, rows: { d: DocumentRow; p: { slug: string; acronym: string }; wp: string | null }[], locale: Locale): Promise<DocumentCard[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.d.id);
  const texts = await db.select().from(documentTranslations).where(inArray(documentTranslations.documentId, ids));
  const langs = await db.selectDistinct({ documentId: documentFiles.documentId, locale: documentFiles.locale }).from(documentFiles).where(inArray(documentFiles.documentId, ids));
  return rows.flatMap(({ d, p, wp }) => {
    const text = pickTranslation(
      texts.filter((t) => t.documentId === d.id),
      locale,
      d.sourceLocale,
    );
    if (!text) return [];
    const languages = langs
      .filter((l) => l.documentId === d.id)
      .map((l) => l.locale)
      .sort();
    return [{ id: d.id, slug: d.slug, code: d.code, type: d.type, level: d.level, publishedOn: d.publishedOn, changedAt: d.changedAt, downloads: d.downloads, project: p, workPackage: wp, text, languages }];
  });
}

/** Published documents the viewer may see, newest first, with filters. */
export async function listDocuments(db: DbOrTx, opts: { locale: Locale; group: DocumentGroup; filters: DocumentFilters; members: 'all' | string[]; page: number; pageSize: number }) {
  const f = opts.filters;
  const conditions: (SQL | undefined)[] = [eq(documents.status, 'published'), groupCondition(opts.group), visibleTo(opts.members)];
  if (f.project) conditions.push(eq(projects.slug, f.project));
  if (f.workPackage) conditions.push(eq(workPackages.code, f.workPackage));
  if (f.type) conditions.push(eq(documents.type, f.type));
  if (f.year) conditions.push(sql`extract(year FROM ${documents.publishedOn}) = ${f.year}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(documents.code, like), sql`EXISTS (SELECT 1 FROM ${documentTranslations} WHERE ${documentTranslations.documentId} = ${documents.id} AND (unaccent(${documentTranslations.title}) ILIKE unaccent(${like}) OR unaccent(${documentTranslations.description}) ILIKE unaccent(${like})))`));
  }
  const where = and(...conditions);
  const base = () => db.select({ total: count() }).from(documents).innerJoin(projects, eq(projects.id, documents.projectId)).leftJoin(workPackages, eq(workPackages.id, documents.workPackageId));
  const [{ total }] = (await base().where(where)) as [{ total: number }];
  const rows = await db
    .select({ d: documents, p: { slug: projects.slug, acronym: projects.acronym }, wp: workPackages.code })
    .from(documents)
    .innerJoin(projects, eq(projects.id, documents.projectId))
    .leftJoin(workPackages, eq(workPackages.id, documents.workPackageId))
    .where(where)
    .orderBy(desc(documents.publishedOn), documents.code, documents.slug)
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  return { total, items: await cards(db, rows, opts.locale) };
}

/** Values offered by the list's filters. */
export async function documentFacets(db: DbOrTx, group: DocumentGroup, members: 'all' | string[], project?: string) {
  const where = and(eq(documents.status, 'published'), groupCondition(group), visibleTo(members), project ? eq(projects.slug, project) : undefined);
  const types = await db.selectDistinct({ type: documents.type }).from(documents).innerJoin(projects, eq(projects.id, documents.projectId)).where(where);
  const years = await db
    .selectDistinct({ year: sql<number>`extract(year FROM ${documents.publishedOn})::int` })
    .from(documents)
    .innerJoin(projects, eq(projects.id, documents.projectId))
    .where(and(where, sql`${documents.publishedOn} IS NOT NULL`));
  const wps = project
    ? await db
        .select({ code: workPackages.code, sort: workPackages.sort })
        .from(workPackages)
        .innerJoin(projects, eq(projects.id, workPackages.projectId))
        .where(eq(projects.slug, project))
        .orderBy(workPackages.sort)
    : [];
  return { types: types.map((t) => t.type).sort(), years: years.map((y) => Number(y.year)).sort((a, b) => b - a), workPackages: wps.map((w) => w.code) };
}

export interface DocumentFileVersion {
  id: string;
  locale: string;
  version: number;
  note: string;
  createdAt: Date;
  downloads: number;
  name: string;
  size: number;
  contentType: string;
}

/** One document with its texts, current file per language and earlier versions, or null if not visible. */
export async function getDocument(db: DbOrTx, slug: string, locale: Locale, opts: { members: 'all' | string[]; preview?: boolean }) {
  const [row] = await db
    .select({ d: documents, p: { id: projects.id, slug: projects.slug, acronym: projects.acronym }, wp: { id: workPackages.id, code: workPackages.code } })
    .from(documents)
    .innerJoin(projects, eq(projects.id, documents.projectId))
    .leftJoin(workPackages, eq(workPackages.id, documents.workPackageId))
    .where(and(eq(documents.slug, slug), opts.preview ? undefined : eq(documents.status, 'published')));
  if (!row) return null;
  const allowed = row.d.level === 'public' || opts.members === 'all' || opts.members.includes(row.d.projectId);
  const texts = await db.select().from(documentTranslations).where(eq(documentTranslations.documentId, row.d.id));
  const text = pickTranslation(texts, locale, row.d.sourceLocale);
  if (!text) return null;
  let wpTitle: string | null = null;
  if (row.wp?.id) {
    const wpTexts = await db.select().from(workPackageTranslations).where(eq(workPackageTranslations.workPackageId, row.wp.id));
    wpTitle = pickTranslation(wpTexts, locale, 'en')?.value.title ?? null;
  }
  const files: DocumentFileVersion[] = (
    await db
      .select({ f: documentFiles, s: { name: storedFiles.name, size: storedFiles.size, contentType: storedFiles.contentType } })
      .from(documentFiles)
      .innerJoin(storedFiles, eq(storedFiles.id, documentFiles.fileId))
      .where(eq(documentFiles.documentId, row.d.id))
      .orderBy(documentFiles.locale, desc(documentFiles.version))
  ).map(({ f, s }) => ({ id: f.id, locale: f.locale, version: f.version, note: f.note, createdAt: f.createdAt, downloads: f.downloads, ...s }));
  const current = files.filter((f, i) => files.findIndex((g) => g.locale === f.locale) === i);
  // The reader's language first, then the others.
  current.sort((a, b) => (a.locale === locale ? -1 : b.locale === locale ? 1 : a.locale.localeCompare(b.locale)));
  return { document: row.d, project: row.p, workPackage: row.wp?.id ? { code: row.wp.code!, title: wpTitle } : null, text, allowed, current, earlier: files.filter((f) => !current.includes(f)) };
}

/** The stored file behind a document file, if the viewer may download it; counts the download. */
export async function downloadDocumentFile(db: DbOrTx, slug: string, fileId: string, members: 'all' | string[]) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ d: documents, f: documentFiles, s: storedFiles })
      .from(documentFiles)
      .innerJoin(documents, eq(documents.id, documentFiles.documentId))
      .innerJoin(storedFiles, eq(storedFiles.id, documentFiles.fileId))
      .where(and(eq(documentFiles.id, fileId), eq(documents.slug, slug), eq(documents.status, 'published')));
    if (!row) return { status: 'not-found' as const };
    if (row.d.level === 'members' && members !== 'all' && !members.includes(row.d.projectId)) return { status: 'forbidden' as const };
    await tx.update(documentFiles).set({ downloads: sql`${documentFiles.downloads} + 1` }).where(eq(documentFiles.id, fileId));
    await tx.update(documents).set({ downloads: sql`${documents.downloads} + 1` }).where(eq(documents.id, row.d.id));
    return { status: 'ok' as const, file: row.s, locale: row.f.locale };
  });
}

// Editors.

export interface DocumentMeta {
  projectId: string;
  workPackageId: string | null;
  code: string | null;
  type: DocumentType;
  level: 'public' | 'members';
  publishedOn: string | null;
  licence: string | null;
  doi: string | null;
  externalUrl: string | null;
}

/** The fields a document's history keeps: its text per language, and its settings. */
export const DOCUMENT_TEXT_FIELDS = ['title', 'description'] as const;
export const DOCUMENT_SETTINGS_FIELDS = ['projectId', 'workPackageId', 'code', 'type', 'level', 'publishedOn', 'licence', 'doi', 'externalUrl'] as const;

export async function createDocument(db: DbOrTx, input: DocumentMeta & { slug: string; sourceLocale: Locale; title: string; description: string }, by: SavedBy = { userId: null }): Promise<{ id: string } | { error: 'slug-taken' }> {
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: documents.id }).from(documents).where(eq(documents.slug, input.slug));
    if (taken) return { error: 'slug-taken' as const };
    const { title, description, ...meta } = input;
    const [d] = await tx.insert(documents).values(meta).returning();
    await tx.insert(documentTranslations).values({ documentId: d!.id, locale: input.sourceLocale, title, description });
    await recordRevision(tx, { itemType: 'document', itemId: d!.id, locale: input.sourceLocale, before: null, after: { fields: { title, description }, sourceRevision: 1 }, authorId: by.userId });
    await recordRevision(tx, { itemType: 'document', itemId: d!.id, locale: null, before: null, after: { fields: pickFields(d!, DOCUMENT_SETTINGS_FIELDS) }, authorId: by.userId });
    await contentChanged(tx);
    return { id: d!.id };
  });
}

export async function updateDocumentMeta(db: DbOrTx, id: string, meta: DocumentMeta, by: SavedBy = { userId: null }) {
  await db.transaction(async (tx) => {
    const [d] = await tx.select().from(documents).where(eq(documents.id, id)).for('update');
    if (!d) return;
    await tx.update(documents).set(meta).where(eq(documents.id, id));
    // Documents keep no time of their last settings change; the earlier state is dated by the time it is first replaced.
    await recordRevision(tx, { itemType: 'document', itemId: id, locale: null, before: { fields: pickFields(d, DOCUMENT_SETTINGS_FIELDS), at: new Date() }, after: { fields: pickFields(meta, DOCUMENT_SETTINGS_FIELDS) }, authorId: by.userId, restoredFrom: by.restoredFrom });
    await indexDocument(tx, id);
    await contentChanged(tx);
  });
}

/** Saves one language of a document's text, keeping the previous text in its history. */
export async function saveDocumentTranslation(db: DbOrTx, id: string, locale: Locale, text: { title: string; description: string }, by: SavedBy = { userId: null }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [d] = await tx.select().from(documents).where(eq(documents.id, id)).for('update');
    if (!d) return false;
    const rows = await tx.select().from(documentTranslations).where(eq(documentTranslations.documentId, id));
    const joined = (t: { title: string; description: string }) => `${t.title}\u0000${t.description}`;
    const rev = revisionFor(rows, d.sourceLocale, locale, joined, joined(text), { translatedFrom: by.translatedFrom });
    const previous = rows.find((r) => r.locale === locale);
    await tx
      .insert(documentTranslations)
      .values({ documentId: id, locale, ...text, ...rev, updatedAt: new Date() })
      .onConflictDoUpdate({ target: [documentTranslations.documentId, documentTranslations.locale], set: { ...text, ...rev, updatedAt: new Date() } });
    await recordRevision(tx, {
      itemType: 'document',
      itemId: id,
      locale,
      before: previous ? { fields: pickFields(previous, DOCUMENT_TEXT_FIELDS), sourceRevision: previous.sourceRevision, at: previous.updatedAt } : null,
      after: { fields: pickFields(text, DOCUMENT_TEXT_FIELDS), sourceRevision: rev.sourceRevision },
      authorId: by.userId,
      restoredFrom: by.restoredFrom,
    });
    await indexDocument(tx, id);
    await contentChanged(tx);
    return true;
  });
}

/** Adds a file in one language as that language's next version; a published document counts as updated. */
export async function addDocumentFile(db: DbOrTx, storage: Storage, id: string, input: { locale: Locale; note: string; name: string; contentType: string; bytes: Buffer; userId: string | null }) {
  return db.transaction(async (tx) => {
    const [d] = await tx.select().from(documents).where(eq(documents.id, id)).for('update');
    if (!d) return null;
    const stored = await saveFile(tx, storage, { name: input.name, contentType: input.contentType, bytes: input.bytes, createdBy: input.userId });
    const [{ last }] = (await tx
      .select({ last: max(documentFiles.version) })
      .from(documentFiles)
      .where(and(eq(documentFiles.documentId, id), eq(documentFiles.locale, input.locale)))) as [{ last: number | null }];
    const version = (last ?? 0) + 1;
    await tx.insert(documentFiles).values({ documentId: id, locale: input.locale, version, fileId: stored.id, note: input.note });
    await tx.update(documents).set({ changedAt: new Date() }).where(eq(documents.id, id));
    await contentChanged(tx);
    return { version };
  });
}

export async function setDocumentStatus(db: DbOrTx, id: string, status: 'draft' | 'published') {
  await db.transaction(async (tx) => {
    const [d] = await tx.select().from(documents).where(eq(documents.id, id));
    if (!d) return;
    await tx
      .update(documents)
      .set({ status, ...(status === 'published' ? { changedAt: new Date(), publishedOn: d.publishedOn ?? new Date().toISOString().slice(0, 10) } : {}) })
      .where(eq(documents.id, id));
    await indexDocument(tx, id);
    await contentChanged(tx);
  });
}

export async function listDocumentsForEditors(db: DbOrTx, locale: Locale) {
  const rows = await db.select({ d: documents, p: projects.acronym }).from(documents).innerJoin(projects, eq(projects.id, documents.projectId)).orderBy(projects.acronym, documents.code, documents.slug);
  if (!rows.length) return [];
  const ids = rows.map((r) => r.d.id);
  const texts = await db.select().from(documentTranslations).where(inArray(documentTranslations.documentId, ids));
  const files = await db.selectDistinct({ documentId: documentFiles.documentId, locale: documentFiles.locale }).from(documentFiles).where(inArray(documentFiles.documentId, ids));
  const views = await viewFigures(db, 'document', ids);
  return rows.map(({ d, p }) => {
    const mine = texts.filter((t) => t.documentId === d.id);
    const source = mine.find((t) => t.locale === d.sourceLocale);
    return {
      id: d.id,
      code: d.code,
      project: p,
      status: d.status,
      downloads: d.downloads,
      views: views.get(d.id) ?? { last30: 0, total: 0 },
      title: pickTranslation(mine, locale, d.sourceLocale)?.value.title ?? d.slug,
      languages: mine.map((t) => ({ locale: t.locale, outOfDate: isOutOfDate(t, source, d.sourceLocale) })).sort((a, b) => a.locale.localeCompare(b.locale)),
      files: files
        .filter((f) => f.documentId === d.id)
        .map((f) => f.locale)
        .sort(),
    };
  });
}

export async function getDocumentForEditing(db: DbOrTx, id: string) {
  const [d] = await db.select().from(documents).where(eq(documents.id, id));
  if (!d) return null;
  const texts = await db.select().from(documentTranslations).where(eq(documentTranslations.documentId, id));
  const files = await db
    .select({ f: documentFiles, s: { name: storedFiles.name, size: storedFiles.size } })
    .from(documentFiles)
    .innerJoin(storedFiles, eq(storedFiles.id, documentFiles.fileId))
    .where(eq(documentFiles.documentId, id))
    .orderBy(documentFiles.locale, desc(documentFiles.version));
  return { document: d, texts, files: files.map(({ f, s }) => ({ ...f, ...s })) };
}

/** Published public documents enter the site search in every language they have; others leave it. */
export async function indexDocument(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ d: documents, wp: workPackages.code })
    .from(documents)
    .leftJoin(workPackages, eq(workPackages.id, documents.workPackageId))
    .where(and(eq(documents.id, id), eq(documents.status, 'published'), eq(documents.level, 'public')));
  if (!row) return indexItem(db, 'document', id, []);
  const texts = await db.select().from(documentTranslations).where(eq(documentTranslations.documentId, id));
  const published = row.d.publishedOn ? new Date(`${row.d.publishedOn}T00:00:00Z`) : null;
  await indexItem(
    db,
    'document',
    id,
    texts.map((t) => ({ locale: t.locale, title: row.d.code ? `${row.d.code} · ${t.title}` : t.title, summary: plainText(t.description).slice(0, 300), body: plainText(t.description), url: `/documents/${row.d.slug}`, projectId: row.d.projectId, publishedAt: published })),
  );
}

// Dissemination activities.

export type ActivityRow = typeof disseminationActivities.$inferSelect & { project: string };

/** The log of dissemination activities, newest first, optionally of one project; with the audience reached in total. */
export async function listActivities(db: DbOrTx, projectSlug?: string) {
  const rows = await db
    .select({ a: disseminationActivities, project: projects.acronym })
    .from(disseminationActivities)
    .innerJoin(projects, eq(projects.id, disseminationActivities.projectId))
    .where(projectSlug ? eq(projects.slug, projectSlug) : undefined)
    .orderBy(desc(disseminationActivities.happenedOn));
  const items: ActivityRow[] = rows.map((r) => ({ ...r.a, project: r.project }));
  return { items, audience: items.reduce((sum, a) => sum + (a.audience ?? 0), 0) };
}

export async function addActivity(db: DbOrTx, input: Omit<typeof disseminationActivities.$inferInsert, 'id' | 'createdAt'>) {
  await db.transaction(async (tx) => {
    await tx.insert(disseminationActivities).values(input);
    await contentChanged(tx);
  });
}

export async function deleteActivity(db: DbOrTx, id: string) {
  return db.transaction(async (tx) => {
    const deleted = await tx.delete(disseminationActivities).where(eq(disseminationActivities.id, id)).returning({ id: disseminationActivities.id });
    if (deleted.length) await contentChanged(tx);
    return deleted.length > 0;
  });
}
