import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import type { HistorySubject } from '../../platform/http/history-routes.js';
import { isLocale, type Locale, type Translate } from '../../platform/i18n/index.js';
import type { Revision, RevisionFields, RevisionState } from '../../platform/revisions.js';
import { pickFields } from '../../platform/revisions.js';
import { pickTranslation, type TranslationRow } from '../../platform/translations.js';
import { imageChoices, imageExists } from '../media/service.js';
import { DOCUMENT_SETTINGS_FIELDS, DOCUMENT_TEXT_FIELDS, getDocumentForEditing, saveDocumentTranslation, updateDocumentMeta, type DocumentMeta } from './documents.js';
import { getNewsForEditing, NEWS_SETTINGS_FIELDS, NEWS_TEXT_FIELDS, saveNewsTranslation, updateNewsMeta } from './news.js';
import { getPageForEditing, PAGE_SETTINGS_FIELDS, PAGE_TEXT_FIELDS, savePageTranslation, updatePageMeta } from './pages.js';
import { projects, workPackages } from './schema.js';

/** How the history pages see news items, pages and documents: their fields, current state, and how to restore. */

const editors = ['editor'] as const;
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** Current state per language (text rows) and of the settings (key null). */
function currentOf<T extends TranslationRow & { updatedAt: Date }>(texts: T[], textFields: readonly string[], settings: RevisionFields): Map<string | null, RevisionState> {
  const m = new Map<string | null, RevisionState>(texts.map((t) => [t.locale, { fields: pickFields(t as unknown as Record<string, unknown>, textFields), sourceRevision: t.sourceRevision }]));
  m.set(null, { fields: settings });
  return m;
}

async function projectExists(db: DbOrTx, id: string) {
  const [p] = await db.select({ id: projects.id }).from(projects).where(eq(projects.id, id));
  return !!p;
}

async function projectName(db: DbOrTx, id: unknown, t: Translate) {
  if (typeof id !== 'string') return t('form.none');
  const [p] = await db.select({ acronym: projects.acronym }).from(projects).where(eq(projects.id, id));
  return p?.acronym ?? t('revisions.gone');
}

/** A text revision restored: a translation keeps the source revision it was made from. */
const textRestore = (revision: Revision, userId: string) => ({ userId, restoredFrom: revision.number, translatedFrom: revision.sourceRevision });

export const newsHistory: HistorySubject = {
  itemType: 'news',
  base: '/editor/news',
  sectionLabelKey: 'portal.editor.news',
  roles: editors,
  textFields: { title: 'portal.editor.titleField', summary: 'portal.editor.summary', body: 'portal.editor.body' },
  settingsFields: { projectId: 'portal.news.project', tags: 'portal.editor.tags', coverImageId: 'portal.editor.cover' },
  async load(db, id, _t, locale) {
    const f = await getNewsForEditing(db, id);
    if (!f) return null;
    const title = pickTranslation(f.texts, locale as Locale, f.news.sourceLocale)?.value.title ?? f.news.slug;
    return { title, sourceLocale: f.news.sourceLocale, current: currentOf(f.texts, NEWS_TEXT_FIELDS, pickFields(f.news, NEWS_SETTINGS_FIELDS)) };
  },
  async describeSettings(db, fields, t, locale) {
    const cover = str(fields.coverImageId);
    const label = cover ? (await imageChoices(db, locale as Locale, [cover]))[0]?.label : undefined;
    return {
      projectId: await projectName(db, fields.projectId, t),
      tags: Array.isArray(fields.tags) && fields.tags.length ? fields.tags.join(', ') : t('form.none'),
      coverImageId: cover ? (label ?? t('revisions.gone')) : t('form.none'),
    };
  },
  async restore(p, id, revision, userId) {
    const db = p.database.db;
    if (revision.locale !== null) {
      if (!isLocale(revision.locale)) return { error: 'revisions.cannotRestore' };
      const f = revision.fields;
      await saveNewsTranslation(db, id, revision.locale, { title: str(f.title) ?? '', summary: str(f.summary) ?? '', body: str(f.body) ?? '' }, textRestore(revision, userId));
      return { ok: true };
    }
    const projectId = str(revision.fields.projectId);
    const coverImageId = str(revision.fields.coverImageId);
    if (projectId && !(await projectExists(db, projectId))) return { error: 'revisions.refersToDeleted' };
    if (coverImageId && !(await imageExists(db, coverImageId))) return { error: 'revisions.refersToDeleted' };
    const tags = Array.isArray(revision.fields.tags) ? revision.fields.tags.filter((x): x is string => typeof x === 'string') : [];
    await updateNewsMeta(db, id, { projectId, tags, coverImageId }, { userId, restoredFrom: revision.number });
    return { ok: true };
  },
};

export const pageHistory: HistorySubject = {
  itemType: 'page',
  base: '/editor/pages',
  sectionLabelKey: 'portal.editor.pages',
  roles: editors,
  textFields: { title: 'portal.editor.titleField', body: 'portal.editor.body' },
  settingsFields: { sort: 'portal.editor.sort', inMenu: 'portal.editor.inMenu' },
  async load(db, id, _t, locale) {
    const f = await getPageForEditing(db, id);
    if (!f) return null;
    const title = pickTranslation(f.texts, locale as Locale, f.page.sourceLocale)?.value.title ?? f.page.slug;
    return { title, sourceLocale: f.page.sourceLocale, current: currentOf(f.texts, PAGE_TEXT_FIELDS, pickFields(f.page, PAGE_SETTINGS_FIELDS)) };
  },
  async describeSettings(_db, fields, t) {
    return { sort: String(fields.sort ?? ''), inMenu: fields.inMenu ? t('revisions.yes') : t('revisions.no') };
  },
  async restore(p, id, revision, userId) {
    const db = p.database.db;
    if (revision.locale !== null) {
      if (!isLocale(revision.locale)) return { error: 'revisions.cannotRestore' };
      await savePageTranslation(db, id, revision.locale, { title: str(revision.fields.title) ?? '', body: str(revision.fields.body) ?? '' }, textRestore(revision, userId));
      return { ok: true };
    }
    const sort = Number(revision.fields.sort);
    await updatePageMeta(db, id, { sort: Number.isInteger(sort) ? sort : 0, inMenu: revision.fields.inMenu === true }, { userId, restoredFrom: revision.number });
    return { ok: true };
  },
};

export const documentHistory: HistorySubject = {
  itemType: 'document',
  base: '/editor/documents',
  sectionLabelKey: 'portal.editor.documents',
  roles: editors,
  textFields: { title: 'portal.editor.titleField', description: 'portal.editor.body' },
  settingsFields: {
    projectId: 'portal.news.project',
    workPackageId: 'portal.documents.workPackage',
    code: 'portal.documents.code',
    type: 'portal.documents.typeLabel',
    level: 'portal.documents.levelLabel',
    publishedOn: 'portal.documents.published',
    licence: 'portal.documents.licence',
    doi: 'portal.documents.doiLabel',
    externalUrl: 'portal.documents.externalUrl',
  },
  async load(db, id, _t, locale) {
    const f = await getDocumentForEditing(db, id);
    if (!f) return null;
    const title = pickTranslation(f.texts, locale as Locale, f.document.sourceLocale)?.value.title ?? f.document.slug;
    return { title, sourceLocale: f.document.sourceLocale, current: currentOf(f.texts, DOCUMENT_TEXT_FIELDS, pickFields(f.document, DOCUMENT_SETTINGS_FIELDS)) };
  },
  async describeSettings(db, fields, t) {
    const wpId = str(fields.workPackageId);
    const [wp] = wpId ? await db.select({ code: workPackages.code }).from(workPackages).where(eq(workPackages.id, wpId)) : [];
    const plain = (v: unknown) => str(v) ?? '—';
    return {
      projectId: await projectName(db, fields.projectId, t),
      workPackageId: wpId ? (wp?.code ?? t('revisions.gone')) : t('form.none'),
      code: plain(fields.code),
      type: fields.type ? t(`portal.documents.type.${String(fields.type)}`) : '—',
      level: fields.level ? t(`portal.documents.level.${String(fields.level)}`) : '—',
      publishedOn: plain(fields.publishedOn),
      licence: plain(fields.licence),
      doi: plain(fields.doi),
      externalUrl: plain(fields.externalUrl),
    };
  },
  async restore(p, id, revision, userId) {
    const db = p.database.db;
    if (revision.locale !== null) {
      if (!isLocale(revision.locale)) return { error: 'revisions.cannotRestore' };
      await saveDocumentTranslation(db, id, revision.locale, { title: str(revision.fields.title) ?? '', description: str(revision.fields.description) ?? '' }, textRestore(revision, userId));
      return { ok: true };
    }
    const f = revision.fields;
    const projectId = str(f.projectId);
    const workPackageId = str(f.workPackageId);
    if (!projectId || !(await projectExists(db, projectId))) return { error: 'revisions.refersToDeleted' };
    if (workPackageId) {
      const [wp] = await db.select({ id: workPackages.id }).from(workPackages).where(and(eq(workPackages.id, workPackageId), eq(workPackages.projectId, projectId)));
      if (!wp) return { error: 'revisions.refersToDeleted' };
    }
    const meta = { projectId, workPackageId, code: str(f.code), type: str(f.type), level: str(f.level), publishedOn: str(f.publishedOn), licence: str(f.licence), doi: str(f.doi), externalUrl: str(f.externalUrl) } as DocumentMeta;
    await updateDocumentMeta(db, id, meta, { userId, restoredFrom: revision.number });
    return { ok: true };
  },
};
